//! Binary payloads made readable: CBOR (RFC 8949) and MessagePack decoded into one
//! [`Decoded`] tree that keeps the wire's types, shown as JSON-like text
//! ([`Decoded::pretty`], [`Decoded::compact`]) or turned into JSON ([`Decoded::to_json`]).
//!
//! Any bytes are safe to decode: nothing here panics on input, nesting stops at [`MAX_DEPTH`],
//! and every declared length is checked against the bytes left before anything is allocated.
//! Memory stays within a small multiple of the payload's length (a one-byte item becomes a
//! 32-byte [`Decoded`]). A failure says where and why ([`DecodeError`]).
//!
//! # Why these crates
//!
//! - **CBOR: `ciborium-ll`**, the low-level half of `ciborium` (enarx), the CBOR crate the Rust
//!   ecosystem settled on after `serde_cbor` was retired. It reads one item header at a time
//!   (major type, argument, half-precision floats through `half`) and knows nothing of serde.
//!   We take the headers and build the tree ourselves because `ciborium`'s serde layer would
//!   lose what a workbench must show: it reads `undefined` as `null`, refuses other simple
//!   values, and says what went wrong in English strings, most without an offset.
//! - **MessagePack: `rmp`**, the base of `rmp-serde` and `rmpv` (3Hren/msgpack-rust), the
//!   MessagePack crates nearly every Rust project uses. We use its marker table (what each first
//!   byte means) and read the fields ourselves from the payload slice. `rmpv`'s value reader,
//!   the obvious choice, was read first and set aside: it reads the never-used byte 0xc1 as
//!   `nil`, so a payload that is not MessagePack could show as `null`, and its errors carry no
//!   offset. Its limits were sound (a depth limit, no preallocation from declared lengths).
//!
//! Both decoders do their own walk for the same reasons: exact offsets, one depth rule, one
//! length rule, one error type for both formats.
//!
//! The files of this folder use nothing else of the crate (only each other, the crates above
//! and `serde_json`), so the fuzz target (`fuzz/fuzz_targets/codecs.rs`) can compile them
//! without the browser UI the model layer otherwise needs.

pub mod cbor;
pub mod encode;
mod error;
mod json;
pub mod msgpack;
// Only with the `ui` feature, which brings its crates (protox, prost-reflect): the fuzz target
// compiles this folder without them.
#[cfg(feature = "ui")]
pub mod protobuf;
mod render;
pub mod sparkplug;
mod value;

#[cfg(test)]
mod tests;

pub use error::{DecodeError, DecodeReason};
pub use value::{Decoded, MAX_BIGNUM_BYTES, MAX_DEPTH};

/// A binary payload format this module decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Codec {
    /// CBOR, RFC 8949.
    Cbor,
    /// MessagePack (msgpack.org).
    MessagePack,
}

impl Codec {
    /// Every codec.
    pub const ALL: [Codec; 2] = [Codec::Cbor, Codec::MessagePack];

    /// Decodes `payload` as exactly one value of this codec: bytes after the first value are
    /// [`DecodeReason::TrailingBytes`], not ignored.
    pub fn decode(self, payload: &[u8]) -> Result<Decoded, DecodeError> {
        match self {
            Codec::Cbor => cbor::decode(payload),
            Codec::MessagePack => msgpack::decode(payload),
        }
    }
}
