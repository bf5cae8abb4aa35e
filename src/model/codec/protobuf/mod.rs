//! Protobuf payloads, read with the user's own `.proto` files compiled in the browser.
//!
//! [`ProtoSet::compile`] turns uploaded `.proto` texts into a set of message types (`protox`,
//! a protobuf compiler in pure Rust, so no `protoc` binary and it runs in wasm);
//! [`ProtoSet::decode`] reads a payload as one of them into the same [`Decoded`] tree CBOR and
//! MessagePack use, so rendering and JSON paths are shared (the mapping: `decoded.rs`);
//! [`ProtoSet::encode_json`] writes a message from its protobuf JSON form, for publishing.
//!
//! # Why these crates
//!
//! - **`protox`** (andrewhickman) is the one maintained protobuf compiler in Rust: parser,
//!   name resolution and checks as `protoc` does them, with the Google well-known types built
//!   in, and errors that carry source spans.
//! - **`prost-reflect`** (same author, what protox builds its descriptors with) gives dynamic
//!   messages over `prost`'s wire decoder, and protobuf's canonical JSON mapping through serde.
//!
//! What they lack we add: `prost` errors say what but not where, so a wire walk of our own
//! (`wire.rs`) finds the offset of the first fault; and the path of a JSON field that does not
//! fit comes from `serde_path_to_error`.
//!
//! Any input is safe: neither the `.proto` text nor the payload can make this panic. Nesting
//! is bounded by the parser's own limit, by `prost`'s recursion limit ([`MAX_NESTING`]), by
//! [`MAX_DEPTH`](super::MAX_DEPTH) for the tree, and by `serde_json`'s limit for JSON.

mod compile;
mod decoded;
mod error;
mod wire;

// Native only: the tests read their vectors from disk and use proptest (a native dev-dependency).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use prost_reflect::prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor};

pub use error::{ProtoCompileError, ProtoDecodeError, ProtoEncodeError, SourcePosition, WireFault};

pub use wire::MAX_NESTING;

use super::Decoded;

/// Message types compiled from a set of `.proto` files, and the well-known types they import.
#[derive(Clone, Debug)]
pub struct ProtoSet {
    pool: DescriptorPool,
}

impl ProtoSet {
    /// Compiles `files`, each a name (as other files import it, e.g. `common/units.proto`) and
    /// its source. Files may import each other by those names, and the Google well-known types
    /// by theirs (`google/protobuf/timestamp.proto`, …); proto2 and proto3 both compile.
    ///
    /// Fails on the first problem: a duplicate name, an import of a file not given
    /// ([`ProtoCompileError::MissingImport`]), or whatever the compiler rejects, with the file,
    /// line and column when known.
    pub fn compile(files: &[(String, String)]) -> Result<ProtoSet, ProtoCompileError> {
        compile::compile(files).map(|pool| ProtoSet { pool })
    }

    /// The fully qualified names (`sensor.v1.Sensor.Reading`) of every message type a payload
    /// can be decoded as, sorted; map entry types (which only exist inside their map) are left
    /// out.
    pub fn message_types(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .pool
            .all_messages()
            .filter(|m| !m.is_map_entry())
            .map(|m| m.full_name().to_owned())
            .collect();
        names.sort();
        names
    }

    fn message(&self, type_name: &str) -> Option<MessageDescriptor> {
        self.pool
            .get_message_by_name(type_name.strip_prefix('.').unwrap_or(type_name))
    }

    /// Decodes `payload` as one message of `type_name` (fully qualified; a leading `.` is
    /// allowed) into a [`Decoded`] tree (the mapping: `decoded.rs`). A payload that does not
    /// decode is [`ProtoDecodeError::Malformed`] with the offset of the first fault.
    pub fn decode(&self, type_name: &str, payload: &[u8]) -> Result<Decoded, ProtoDecodeError> {
        let descriptor = self
            .message(type_name)
            .ok_or_else(|| ProtoDecodeError::UnknownType(type_name.to_owned()))?;
        match DynamicMessage::decode(descriptor.clone(), payload) {
            Ok(message) => {
                decoded::message(&message, 0).map_err(|decoded::TooDeep| ProtoDecodeError::TooDeep)
            }
            Err(e) => Err(match wire::find_fault(payload, Some(&descriptor)) {
                Some((offset, fault)) => ProtoDecodeError::Malformed { offset, fault },
                None => ProtoDecodeError::Rejected(e.to_string()),
            }),
        }
    }

    /// Encodes the protobuf JSON form of a `type_name` message (field names as in the `.proto`
    /// file or in lowerCamelCase, enums by name or number, 64-bit integers as numbers or
    /// strings, bytes in base64, well-known types in their JSON forms) into its wire bytes.
    /// Unknown field names are refused, so a typo does not vanish silently.
    pub fn encode_json(&self, type_name: &str, json: &str) -> Result<Vec<u8>, ProtoEncodeError> {
        let descriptor = self
            .message(type_name)
            .ok_or_else(|| ProtoEncodeError::UnknownType(type_name.to_owned()))?;
        let mut reader = serde_json::Deserializer::from_str(json);
        let mut track = serde_path_to_error::Track::new();
        let read = DynamicMessage::deserialize(
            descriptor,
            serde_path_to_error::Deserializer::new(&mut reader, &mut track),
        )
        .and_then(|message| reader.end().map(|()| message));
        match read {
            Ok(message) => Ok(message.encode_to_vec()),
            Err(e) => Err(json_error(&e, &track.path())),
        }
    }
}

/// A JSON reader's error with the path it stopped at.
fn json_error(error: &serde_json::Error, path: &serde_path_to_error::Path) -> ProtoEncodeError {
    use serde_path_to_error::Segment;
    let mut at = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => at.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                at.push('.');
                at.push_str(key);
            }
            Segment::Enum { variant } => {
                at.push('.');
                at.push_str(variant);
            }
            Segment::Unknown => at.push_str(".?"),
        }
    }
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
    ProtoEncodeError::Json {
        path: at,
        line: error.line(),
        column: error.column(),
        message,
    }
}
