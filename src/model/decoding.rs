//! Which decoder shows a received payload: a binding per subscription or topic pattern, saved
//! with the profile (issue 17). The log, the detail pane, the topic tree, search and export ask
//! [`Bindings::codec_for`] for a message's topic and show what [`show`] makes of its bytes.
//!
//! The built-in decoders (text, JSON, hex, base64, CBOR, MessagePack) are decided here. A
//! Protobuf type and Sparkplug B need state beyond the bytes (compiled `.proto` files, the
//! aliases of the last birth), so a binding names them and their own modules decode.

use crate::model::codec::{Codec, DecodeError};
use crate::model::payload::{pretty_json, to_base64, to_hex};
use crate::mqtt::{check_filter, topic_matches};

/// How many bytes of a payload that did not decode are shown in hex beside the reason.
pub const FAILED_HEX_BYTES: usize = 256;

/// A decoder chosen for a subscription or topic pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum PayloadCodec {
    /// JSON when the payload is a JSON object or array, else UTF-8 text, else hex.
    #[default]
    Auto,
    /// UTF-8 text.
    Text,
    /// JSON, pretty-printed in the detail.
    Json,
    /// Bytes in hex.
    Hex,
    /// Bytes in base64.
    Base64,
    /// CBOR (RFC 8949).
    Cbor,
    /// MessagePack.
    MessagePack,
    /// A Protobuf message type from the profile's `.proto` files, fully qualified
    /// (`package.Message`).
    Protobuf(String),
    /// Sparkplug B (Eclipse Tahu), stateful per edge node and device.
    SparkplugB,
}

/// Why a decoder choice was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodecChoiceError {
    /// Not one of [`PayloadCodec::NAMES`].
    Unknown(String),
    /// `protobuf` without a message type.
    NoProtobufType,
    /// A message type that is not a fully qualified name (`package.Message`, letters, digits,
    /// `_` and dots).
    BadProtobufType(String),
}

impl PayloadCodec {
    /// The names a binding is saved and chosen by (`sub-codec`'s values).
    pub const NAMES: [&'static str; 9] = [
        "auto",
        "text",
        "json",
        "hex",
        "base64",
        "cbor",
        "msgpack",
        "protobuf",
        "sparkplugb",
    ];

    /// Its name in [`PayloadCodec::NAMES`].
    pub fn as_str(&self) -> &'static str {
        match self {
            PayloadCodec::Auto => "auto",
            PayloadCodec::Text => "text",
            PayloadCodec::Json => "json",
            PayloadCodec::Hex => "hex",
            PayloadCodec::Base64 => "base64",
            PayloadCodec::Cbor => "cbor",
            PayloadCodec::MessagePack => "msgpack",
            PayloadCodec::Protobuf(_) => "protobuf",
            PayloadCodec::SparkplugB => "sparkplugb",
        }
    }

    /// The codec named `name`; `protobuf` takes its message type from `proto_type`.
    pub fn parse(name: &str, proto_type: &str) -> Result<PayloadCodec, CodecChoiceError> {
        Ok(match name.trim() {
            "auto" | "" => PayloadCodec::Auto,
            "text" => PayloadCodec::Text,
            "json" => PayloadCodec::Json,
            "hex" => PayloadCodec::Hex,
            "base64" => PayloadCodec::Base64,
            "cbor" => PayloadCodec::Cbor,
            "msgpack" => PayloadCodec::MessagePack,
            "sparkplugb" => PayloadCodec::SparkplugB,
            "protobuf" => {
                let ty = proto_type.trim().trim_start_matches('.');
                if ty.is_empty() {
                    return Err(CodecChoiceError::NoProtobufType);
                }
                let well_formed = ty.split('.').all(|part| {
                    part.chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
                if !well_formed {
                    return Err(CodecChoiceError::BadProtobufType(ty.to_owned()));
                }
                PayloadCodec::Protobuf(ty.to_owned())
            }
            other => return Err(CodecChoiceError::Unknown(other.to_owned())),
        })
    }

    /// The message type of a Protobuf binding.
    pub fn proto_type(&self) -> Option<&str> {
        match self {
            PayloadCodec::Protobuf(ty) => Some(ty),
            _ => None,
        }
    }
}

/// One binding: the topic filter (a subscription's, or a pattern typed for it) and its decoder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// An MQTT topic filter (`+` and `#` allowed).
    pub filter: String,
    /// The decoder for topics it matches.
    pub codec: PayloadCodec,
}

/// The bindings of one connection. A topic takes the binding of the most specific filter that
/// matches it (see [`specificity`]); with none, [`PayloadCodec::Auto`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bindings {
    items: Vec<Binding>,
}

/// How specific a filter is, for choosing between several that match one topic: more literal
/// levels first, then fewer `+`, then no `#`, then the longer filter. `a/b/c` beats `a/+/c`
/// beats `a/#` beats `#`.
pub fn specificity(filter: &str) -> (usize, std::cmp::Reverse<usize>, bool, usize) {
    let levels: Vec<&str> = filter.split('/').collect();
    let literal = levels.iter().filter(|l| **l != "+" && **l != "#").count();
    let plus = levels.iter().filter(|l| **l == "+").count();
    let no_hash = !levels.contains(&"#");
    (literal, std::cmp::Reverse(plus), no_hash, filter.len())
}

impl Bindings {
    /// Every binding, in the order they were made.
    pub fn items(&self) -> &[Binding] {
        &self.items
    }

    /// Binds `filter` to `codec`, replacing its earlier binding. Binding a filter to
    /// [`PayloadCodec::Auto`] removes it (auto is what an unbound topic gets).
    pub fn set(&mut self, filter: &str, codec: PayloadCodec) {
        self.items.retain(|b| b.filter != filter);
        if codec != PayloadCodec::Auto {
            self.items.push(Binding {
                filter: filter.to_owned(),
                codec,
            });
        }
    }

    /// Forgets the binding of `filter`; whether there was one.
    pub fn remove(&mut self, filter: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|b| b.filter != filter);
        self.items.len() != before
    }

    /// The decoder bound to exactly `filter`.
    pub fn get(&self, filter: &str) -> Option<&PayloadCodec> {
        self.items
            .iter()
            .find(|b| b.filter == filter)
            .map(|b| &b.codec)
    }

    /// The decoder for a message on `topic`: the most specific matching binding's (the one
    /// made last among equals), else auto.
    pub fn codec_for(&self, topic: &str) -> &PayloadCodec {
        static AUTO: PayloadCodec = PayloadCodec::Auto;
        self.items
            .iter()
            .filter(|b| topic_matches(&b.filter, topic))
            .max_by_key(|b| specificity(&b.filter))
            .map_or(&AUTO, |b| &b.codec)
    }

    /// The bindings as saved in a profile: `[{"filter": …, "codec": …, "type": …}]`.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.items
                .iter()
                .map(|b| {
                    let mut entry = serde_json::json!({
                        "filter": b.filter,
                        "codec": b.codec.as_str(),
                    });
                    if let Some(ty) = b.codec.proto_type() {
                        entry["type"] = serde_json::Value::from(ty);
                    }
                    entry
                })
                .collect(),
        )
    }

    /// Reads what [`Bindings::to_value`] wrote. Entries that are not well formed (a missing
    /// filter, an unknown codec, a Protobuf binding without a type) are skipped and counted,
    /// so one bad entry in an imported file loses nothing else.
    pub fn from_value(value: &serde_json::Value) -> (Bindings, usize) {
        let mut bindings = Bindings::default();
        let mut skipped = 0;
        for entry in value.as_array().map(Vec::as_slice).unwrap_or_default() {
            let filter = entry.get("filter").and_then(|f| f.as_str()).unwrap_or("");
            let name = entry.get("codec").and_then(|c| c.as_str()).unwrap_or("");
            let ty = entry.get("type").and_then(|t| t.as_str()).unwrap_or("");
            match PayloadCodec::parse(name, ty) {
                Ok(codec) if check_filter(filter).is_ok() => bindings.set(filter, codec),
                _ => skipped += 1,
            }
        }
        (bindings, skipped)
    }
}

impl Bindings {
    /// Whether there is no binding (every topic is auto).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl serde::Serialize for Bindings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.to_value(), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Bindings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Bindings::from_value(&value).0)
    }
}

/// The most `.proto` files one profile keeps.
pub const MAX_PROTO_FILES: usize = 64;
/// The most bytes of `.proto` text one profile keeps, all files together (profiles live in the
/// browser's storage, a few megabytes for everything).
pub const MAX_PROTO_BYTES: usize = 1 << 20;

/// One `.proto` file as loaded: the name it was loaded under and its text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProtoSource {
    /// The file's name, e.g. `sensor.proto` (or the path another file imports it by, once
    /// [`DecoderSettings::compile_inputs`] matched it).
    pub name: String,
    /// The source text.
    pub text: String,
}

/// Why loaded `.proto` files were refused; nothing of that load is kept then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtoFilesError {
    /// No file was chosen.
    Empty,
    /// More files than [`MAX_PROTO_FILES`] in all.
    TooMany {
        /// The limit.
        limit: usize,
    },
    /// More text than [`MAX_PROTO_BYTES`] in all.
    TooLarge {
        /// The bytes the files would hold together.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A file that is not UTF-8 text.
    NotText {
        /// Its name.
        name: String,
        /// The offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A file whose name does not end in `.proto`.
    NotProto {
        /// Its name.
        name: String,
    },
}

/// A connection's decoder choices, saved with its profile: the bindings, and the `.proto`
/// files Protobuf bindings name their types from.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DecoderSettings {
    /// Topic filter → decoder.
    #[serde(default, skip_serializing_if = "Bindings::is_empty")]
    pub bindings: Bindings,
    /// The `.proto` files, in the order loaded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protos: Vec<ProtoSource>,
}

impl DecoderSettings {
    /// Nothing bound and no `.proto` file: left out of a saved profile.
    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty() && self.protos.is_empty()
    }

    /// Whether anything here needs the decoder engine: a binding to CBOR, MessagePack, a
    /// Protobuf type or Sparkplug B, or `.proto` files to compile.
    pub fn needs_engine(&self) -> bool {
        !self.protos.is_empty() || self.bindings.items().iter().any(|b| needs_engine(&b.codec))
    }

    /// Adds the files (name, bytes) the user chose; a file of a name already loaded replaces
    /// it. All or nothing: one bad file refuses the whole choice.
    pub fn add_protos(&mut self, files: Vec<(String, Vec<u8>)>) -> Result<(), ProtoFilesError> {
        if files.is_empty() {
            return Err(ProtoFilesError::Empty);
        }
        let mut protos = self.protos.clone();
        for (name, bytes) in files {
            if !name.ends_with(".proto") {
                return Err(ProtoFilesError::NotProto { name });
            }
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let offset = e.utf8_error().valid_up_to();
                    return Err(ProtoFilesError::NotText { name, offset });
                }
            };
            protos.retain(|p| p.name != name);
            protos.push(ProtoSource { name, text });
        }
        if protos.len() > MAX_PROTO_FILES {
            return Err(ProtoFilesError::TooMany {
                limit: MAX_PROTO_FILES,
            });
        }
        let bytes = protos.iter().map(|p| p.name.len() + p.text.len()).sum();
        if bytes > MAX_PROTO_BYTES {
            return Err(ProtoFilesError::TooLarge {
                bytes,
                limit: MAX_PROTO_BYTES,
            });
        }
        self.protos = protos;
        Ok(())
    }

    /// Forgets the `.proto` file `name`; whether it was there.
    pub fn remove_proto(&mut self, name: &str) -> bool {
        let before = self.protos.len();
        self.protos.retain(|p| p.name != name);
        self.protos.len() != before
    }

    /// The files to compile, as (name, text). A browser gives a chosen file's name without its
    /// folder (`units.proto`), while another file imports it by a path
    /// (`import "common/units.proto";`): a file is renamed to such a path when its name is the
    /// path's last part and no loaded file has the path as its name, and only when exactly one
    /// loaded file has that name.
    pub fn compile_inputs(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = self
            .protos
            .iter()
            .map(|p| (p.name.clone(), p.text.clone()))
            .collect();
        let imports: Vec<String> = self.protos.iter().flat_map(|p| imports(&p.text)).collect();
        for import in imports {
            if files.iter().any(|(name, _)| *name == import) {
                continue;
            }
            let base = import.rsplit('/').next().unwrap_or(&import);
            let mut same = files.iter_mut().filter(|(name, _)| name == base);
            if let (Some(file), None) = (same.next(), same.next()) {
                file.0 = import.clone();
            }
        }
        files
    }
}

/// The paths a `.proto` text imports (`import "a/b.proto";`, also `weak` and `public`), read
/// from lines that start with `import`; comments and strings elsewhere are not confused for it.
fn imports(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("import")?;
            let rest = rest.trim_start();
            let rest = rest
                .strip_prefix("weak")
                .or_else(|| rest.strip_prefix("public"))
                .unwrap_or(rest)
                .trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let inner = &rest[1..];
            let end = inner.find(quote)?;
            Some(inner[..end].to_owned())
        })
        .collect()
}

/// The filter a subscription's binding is made for: a shared subscription
/// (`$share/{group}/{filter}`) delivers messages on the topics `{filter}` matches, so its
/// binding is made for `{filter}`.
pub fn binding_filter(filter: &str) -> &str {
    filter
        .strip_prefix("$share/")
        .and_then(|rest| rest.split_once('/'))
        .map_or(filter, |(_, inner)| inner)
}

/// A payload as a decoder shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// Decoded: one line for a log row, and the full text for the detail pane.
    Decoded {
        /// No line breaks: the log row's text.
        compact: String,
        /// Indented where the format has structure (JSON, CBOR, MessagePack).
        pretty: String,
    },
    /// Not decoded: why, where, and the first [`FAILED_HEX_BYTES`] bytes in hex (never an
    /// empty row).
    Failed {
        /// What is wrong and at which byte.
        error: ShowError,
        /// The payload's first bytes in hex, `…` after them when there are more.
        hex: String,
    },
}

/// Why a built-in decoder could not show a payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShowError {
    /// Not UTF-8 text; the offset of the first bad byte.
    NotUtf8 {
        /// 0-based byte offset.
        offset: usize,
    },
    /// Not JSON: where the parser stopped.
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters of that line, as editors count).
        column: usize,
        /// 0-based byte offset of that position.
        offset: usize,
    },
    /// Not one CBOR or MessagePack value.
    Binary {
        /// Which one.
        codec: Codec,
        /// Where and why.
        error: DecodeError,
    },
}

impl ShowError {
    /// The byte the error points at.
    pub fn offset(&self) -> usize {
        match self {
            ShowError::NotUtf8 { offset } | ShowError::NotJson { offset, .. } => *offset,
            ShowError::Binary { error, .. } => error.offset,
        }
    }
}

/// Which of the built-in decoders a codec is, if it is one.
pub fn built_in(codec: &PayloadCodec) -> bool {
    !matches!(codec, PayloadCodec::Protobuf(_) | PayloadCodec::SparkplugB)
}

/// Whether `codec` needs the decoder engine (CBOR, MessagePack, Protobuf, Sparkplug B), whose
/// code is fetched when first needed rather than with the page.
pub fn needs_engine(codec: &PayloadCodec) -> bool {
    matches!(
        codec,
        PayloadCodec::Cbor
            | PayloadCodec::MessagePack
            | PayloadCodec::Protobuf(_)
            | PayloadCodec::SparkplugB
    )
}

/// Shows `payload` with a decoder that needs no engine (auto, text, JSON, hex, base64); `None`
/// for the others. A separate function from [`show`] so that the page's first load does not
/// carry the binary codecs.
pub fn show_plain(codec: &PayloadCodec, payload: &[u8]) -> Option<Shown> {
    let result = match codec {
        PayloadCodec::Auto => Ok(auto(payload)),
        PayloadCodec::Text => text(payload).map(|t| (t.replace(['\r', '\n'], " "), t)),
        PayloadCodec::Json => json(payload),
        PayloadCodec::Hex => {
            let hex = to_hex(payload);
            Ok((hex.clone(), hex))
        }
        PayloadCodec::Base64 => {
            let b64 = to_base64(payload);
            Ok((b64.clone(), b64))
        }
        _ => return None,
    };
    Some(shown(result, payload))
}

fn shown(result: Result<(String, String), ShowError>, payload: &[u8]) -> Shown {
    match result {
        Ok((compact, pretty)) => Shown::Decoded { compact, pretty },
        Err(error) => Shown::Failed {
            error,
            hex: hex_head(payload),
        },
    }
}

/// Shows `payload` with one of the built-in decoders; `None` for Protobuf and Sparkplug B,
/// which their own modules decode.
pub fn show(codec: &PayloadCodec, payload: &[u8]) -> Option<Shown> {
    let result = match codec {
        PayloadCodec::Cbor => binary(Codec::Cbor, payload),
        PayloadCodec::MessagePack => binary(Codec::MessagePack, payload),
        PayloadCodec::Protobuf(_) | PayloadCodec::SparkplugB => return None,
        plain => return show_plain(plain, payload),
    };
    Some(shown(result, payload))
}

/// The first [`FAILED_HEX_BYTES`] of `payload` in hex, with `…` when it is longer.
pub fn hex_head(payload: &[u8]) -> String {
    let head = &payload[..payload.len().min(FAILED_HEX_BYTES)];
    let mut hex = to_hex(head);
    if payload.len() > FAILED_HEX_BYTES {
        hex.push('…');
    }
    hex
}

fn auto(payload: &[u8]) -> (String, String) {
    let starts_structured = payload
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{' || *b == b'[');
    if starts_structured {
        if let Ok(shown) = json(payload) {
            return shown;
        }
    }
    match std::str::from_utf8(payload) {
        Ok(t) if !t.chars().any(|c| c.is_control() && !c.is_whitespace()) => {
            (t.replace(['\r', '\n'], " "), t.to_owned())
        }
        _ => {
            let hex = to_hex(payload);
            (hex.clone(), hex)
        }
    }
}

fn text(payload: &[u8]) -> Result<String, ShowError> {
    std::str::from_utf8(payload)
        .map(str::to_owned)
        .map_err(|e| ShowError::NotUtf8 {
            offset: e.valid_up_to(),
        })
}

fn json(payload: &[u8]) -> Result<(String, String), ShowError> {
    let text = text(payload)?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => Ok((
            value.to_string(),
            pretty_json(&text).unwrap_or_else(|| value.to_string()),
        )),
        Err(e) => {
            let (line, column) = (e.line().max(1), e.column().max(1));
            Err(ShowError::NotJson {
                line,
                column,
                offset: byte_offset(&text, line, column),
            })
        }
    }
}

/// The byte offset of a 1-based line and character column in `text` (clamped to its end).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = text.get(line_start..).unwrap_or("");
    let in_line = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    line_start + in_line
}

fn binary(codec: Codec, payload: &[u8]) -> Result<(String, String), ShowError> {
    codec
        .decode(payload)
        .map(|d| (d.compact(), d.pretty()))
        .map_err(|error| ShowError::Binary { codec, error })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::codec::DecodeReason;

    fn shown(codec: &PayloadCodec, payload: &[u8]) -> Shown {
        show(codec, payload).expect("a built-in decoder")
    }

    #[test]
    fn a_file_chosen_without_its_folder_takes_the_path_it_is_imported_by() {
        let mut d = DecoderSettings::default();
        d.add_protos(vec![
            (
                "sensor.proto".into(),
                b"syntax = \"proto3\";\n  import public 'common/units.proto';\nimport \"google/protobuf/any.proto\";\n".to_vec(),
            ),
            ("units.proto".into(), b"syntax = \"proto3\";".to_vec()),
        ])
        .unwrap();
        let names: Vec<String> = d.compile_inputs().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["sensor.proto", "common/units.proto"]);
        // Two files of that name: which one is meant is unknown, so neither is renamed.
        d.add_protos(vec![("a/units.proto".into(), b"x".to_vec())])
            .unwrap();
        d.protos[2].name = "units.proto".into();
        let names: Vec<String> = d.compile_inputs().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["sensor.proto", "units.proto", "units.proto"]);
    }

    #[test]
    fn a_shared_subscription_binds_the_filter_inside_it() {
        assert_eq!(binding_filter("$share/g/sensors/#"), "sensors/#");
        assert_eq!(binding_filter("sensors/#"), "sensors/#");
        assert_eq!(
            binding_filter("$share/g"),
            "$share/g",
            "malformed: left as typed"
        );
        let mut b = Bindings::default();
        b.set(binding_filter("$share/g/sensors/#"), PayloadCodec::Cbor);
        assert_eq!(b.codec_for("sensors/x"), &PayloadCodec::Cbor);
    }

    #[test]
    fn proto_files_are_all_or_nothing_and_bounded() {
        let mut d = DecoderSettings::default();
        assert_eq!(d.add_protos(vec![]), Err(ProtoFilesError::Empty));
        d.add_protos(vec![("a.proto".into(), b"one".to_vec())])
            .unwrap();
        let refused = d.add_protos(vec![
            ("b.proto".into(), b"two".to_vec()),
            ("c.proto".into(), vec![b'x', 0xff]),
        ]);
        assert_eq!(
            refused,
            Err(ProtoFilesError::NotText {
                name: "c.proto".into(),
                offset: 1
            })
        );
        assert_eq!(d.protos.len(), 1, "nothing of a refused choice is kept");
        assert_eq!(
            d.add_protos(vec![("b.txt".into(), vec![])]),
            Err(ProtoFilesError::NotProto {
                name: "b.txt".into()
            })
        );
        d.add_protos(vec![("a.proto".into(), b"new".to_vec())])
            .unwrap();
        assert_eq!(
            d.protos,
            [ProtoSource {
                name: "a.proto".into(),
                text: "new".into()
            }]
        );
        let big = vec![b'x'; MAX_PROTO_BYTES];
        assert!(matches!(
            d.add_protos(vec![("big.proto".into(), big)]),
            Err(ProtoFilesError::TooLarge { .. })
        ));
        let many = (0..MAX_PROTO_FILES)
            .map(|i| (format!("f{i}.proto"), vec![]))
            .collect();
        assert_eq!(
            d.add_protos(many),
            Err(ProtoFilesError::TooMany {
                limit: MAX_PROTO_FILES
            })
        );
        assert!(d.remove_proto("a.proto"));
        assert!(d.is_empty());
    }

    #[test]
    fn settings_round_trip_through_a_profile_and_skip_what_is_empty() {
        let mut d = DecoderSettings::default();
        assert_eq!(serde_json::to_string(&d).unwrap(), "{}");
        d.bindings
            .set("s/#", PayloadCodec::Protobuf("pkg.M".into()));
        d.bindings.set("spBv1.0/#", PayloadCodec::SparkplugB);
        d.add_protos(vec![("m.proto".into(), b"syntax".to_vec())])
            .unwrap();
        assert!(d.needs_engine());
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(
            text,
            r#"{"bindings":[{"codec":"protobuf","filter":"s/#","type":"pkg.M"},{"codec":"sparkplugb","filter":"spBv1.0/#"}],"protos":[{"name":"m.proto","text":"syntax"}]}"#
        );
        assert_eq!(serde_json::from_str::<DecoderSettings>(&text).unwrap(), d);
        let mut plain = DecoderSettings::default();
        plain.bindings.set("t", PayloadCodec::Hex);
        assert!(!plain.needs_engine(), "hex needs no engine");
    }

    #[test]
    fn the_most_specific_filter_decides_and_auto_is_the_default() {
        let mut b = Bindings::default();
        b.set("plant/#", PayloadCodec::Cbor);
        b.set("plant/+/pump", PayloadCodec::MessagePack);
        b.set("plant/hall/pump", PayloadCodec::Json);
        assert_eq!(b.codec_for("plant/hall/pump"), &PayloadCodec::Json);
        assert_eq!(b.codec_for("plant/yard/pump"), &PayloadCodec::MessagePack);
        assert_eq!(b.codec_for("plant/yard/valve"), &PayloadCodec::Cbor);
        assert_eq!(b.codec_for("plant"), &PayloadCodec::Cbor, "a/# matches a");
        assert_eq!(b.codec_for("other/x"), &PayloadCodec::Auto);
        // Rebinding replaces; binding to auto forgets.
        b.set("plant/#", PayloadCodec::Hex);
        assert_eq!(b.codec_for("plant/yard/valve"), &PayloadCodec::Hex);
        b.set("plant/#", PayloadCodec::Auto);
        assert_eq!(b.items().len(), 2);
        assert!(b.remove("plant/+/pump"));
        assert!(!b.remove("plant/+/pump"));
        assert_eq!(b.codec_for("plant/yard/pump"), &PayloadCodec::Auto);
    }

    #[test]
    fn specificity_orders_filters_as_documented() {
        let mut filters = ["#", "a/#", "a/+/c", "a/b/c", "+/+/c"];
        filters.sort_by_key(|f| std::cmp::Reverse(specificity(f)));
        assert_eq!(filters, ["a/b/c", "a/+/c", "a/#", "+/+/c", "#"]);
    }

    #[test]
    fn bindings_round_trip_through_a_profile_and_bad_entries_are_counted() {
        let mut b = Bindings::default();
        b.set("s/cbor/#", PayloadCodec::Cbor);
        b.set("s/pb/+", PayloadCodec::Protobuf("demo.Reading".into()));
        b.set("spBv1.0/#", PayloadCodec::SparkplugB);
        let (back, skipped) = Bindings::from_value(&b.to_value());
        assert_eq!((back, skipped), (b, 0));
        let odd = serde_json::json!([
            {"filter": "a/#", "codec": "cbor"},
            {"filter": "b/#", "codec": "morse"},
            {"filter": "c/#", "codec": "protobuf"},
            {"filter": "d/#", "codec": "protobuf", "type": "1bad.Type"},
            {"codec": "json"},
            {"filter": "e/#/f", "codec": "json"},
            "not an object"
        ]);
        let (read, skipped) = Bindings::from_value(&odd);
        assert_eq!(read.items().len(), 1);
        assert_eq!(read.codec_for("a/x"), &PayloadCodec::Cbor);
        assert_eq!(skipped, 6);
        assert_eq!(Bindings::from_value(&serde_json::json!({})).1, 0);
    }

    #[test]
    fn codec_names_parse_back_and_protobuf_needs_a_qualified_type() {
        for name in PayloadCodec::NAMES {
            let codec = PayloadCodec::parse(name, "pkg.Msg").expect(name);
            assert_eq!(codec.as_str(), name);
        }
        assert_eq!(
            PayloadCodec::parse("protobuf", " .pkg.sub.Msg_2 "),
            Ok(PayloadCodec::Protobuf("pkg.sub.Msg_2".into()))
        );
        assert_eq!(
            PayloadCodec::parse("protobuf", ""),
            Err(CodecChoiceError::NoProtobufType)
        );
        for bad in ["pkg..Msg", "pkg.1Msg", "pkg.M-sg", "pkg Msg"] {
            assert!(
                matches!(
                    PayloadCodec::parse("protobuf", bad),
                    Err(CodecChoiceError::BadProtobufType(_))
                ),
                "{bad}"
            );
        }
        assert_eq!(
            PayloadCodec::parse("yaml", ""),
            Err(CodecChoiceError::Unknown("yaml".into()))
        );
    }

    #[test]
    fn auto_prefers_json_then_text_then_hex() {
        match shown(&PayloadCodec::Auto, b" {\"a\": [1, 2]}") {
            Shown::Decoded { compact, pretty } => {
                assert_eq!(compact, r#"{"a":[1,2]}"#);
                assert!(pretty.contains('\n'), "{pretty}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            shown(&PayloadCodec::Auto, b"line one\nline two"),
            Shown::Decoded {
                compact: "line one line two".into(),
                pretty: "line one\nline two".into()
            }
        );
        // A brace that is not JSON is text; control bytes and bad UTF-8 are hex.
        assert!(matches!(
            shown(&PayloadCodec::Auto, b"{not json"),
            Shown::Decoded { compact, .. } if compact == "{not json"
        ));
        for bytes in [&b"\x01\x02abc"[..], &b"\xff\xfe"[..]] {
            assert!(matches!(
                shown(&PayloadCodec::Auto, bytes),
                Shown::Decoded { compact, .. } if compact == to_hex(bytes)
            ));
        }
    }

    #[test]
    fn failures_say_where_and_keep_the_bytes() {
        match shown(&PayloadCodec::Text, b"ok\xffrest") {
            Shown::Failed { error, hex } => {
                assert_eq!(error, ShowError::NotUtf8 { offset: 2 });
                assert_eq!(hex, to_hex(b"ok\xffrest"));
            }
            other => panic!("{other:?}"),
        }
        match shown(
            &PayloadCodec::Json,
            "{\"a\":1,\n  \"\u{e9}\": x}".as_bytes(),
        ) {
            Shown::Failed { error, .. } => {
                let ShowError::NotJson {
                    line,
                    column,
                    offset,
                } = error
                else {
                    panic!("{error:?}")
                };
                assert_eq!((line, column), (2, 9));
                // Line 2 starts at byte 8; eight characters in, one of them two bytes long.
                assert_eq!(offset, 8 + 9);
                assert_eq!(error.offset(), offset);
            }
            other => panic!("{other:?}"),
        }
        // CBOR: a two-element array with one element left in the payload.
        match shown(&PayloadCodec::Cbor, &[0x82, 0x01]) {
            Shown::Failed {
                error: ShowError::Binary { codec, error },
                ..
            } => {
                assert_eq!(codec, Codec::Cbor);
                assert_eq!(
                    error.reason,
                    DecodeReason::LengthTooLarge {
                        declared: 2,
                        remaining: 1
                    }
                );
            }
            other => panic!("{other:?}"),
        }
        // A long payload that fails shows its head only.
        let long = vec![0xc1u8; 1000];
        match shown(&PayloadCodec::MessagePack, &long) {
            Shown::Failed { error, hex } => {
                assert_eq!(error.offset(), 0);
                assert!(hex.ends_with('…'));
                assert_eq!(hex.chars().filter(|c| c.is_ascii_hexdigit()).count(), 512);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_codecs_show_their_values_and_the_rest_is_theirs() {
        // {"t": 21.5} in CBOR and in MessagePack.
        let cbor = [0xa1, 0x61, b't', 0xf9, 0x4d, 0x60];
        let msgpack = [0x81, 0xa1, b't', 0xcb, 0x40, 0x35, 0x80, 0, 0, 0, 0, 0];
        for (codec, bytes) in [
            (PayloadCodec::Cbor, &cbor[..]),
            (PayloadCodec::MessagePack, &msgpack[..]),
        ] {
            match shown(&codec, bytes) {
                Shown::Decoded { compact, .. } => assert_eq!(compact, r#"{"t": 21.5}"#),
                other => panic!("{codec:?}: {other:?}"),
            }
        }
        assert!(show(&PayloadCodec::SparkplugB, &cbor).is_none());
        assert!(show(&PayloadCodec::Protobuf("a.B".into()), &cbor).is_none());
        assert!(!built_in(&PayloadCodec::SparkplugB));
        assert!(built_in(&PayloadCodec::Base64));
    }

    #[test]
    fn byte_offsets_of_positions_stay_inside_the_text() {
        assert_eq!(byte_offset("abc", 1, 1), 0);
        assert_eq!(byte_offset("abc", 1, 99), 3);
        assert_eq!(byte_offset("a\nb", 9, 1), 3);
        assert_eq!(byte_offset("", 1, 1), 0);
    }
}
