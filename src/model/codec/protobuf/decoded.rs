//! A decoded message as our [`Decoded`] tree, so protobuf payloads render and turn into JSON
//! like CBOR and MessagePack ones.
//!
//! A message is a map from field names (as the `.proto` file spells them) to values, in field
//! number order, holding the fields the payload set: a proto3 field without presence that holds
//! its default is left out, as protobuf's JSON mapping does. Values keep their wire types:
//! 64-bit integers exact, `bytes` as bytes, `float`s as the `f64` of the same value, enums by
//! name (a number the enum does not declare stays a number), repeated fields as arrays, maps as
//! maps ordered by key. Extensions are keyed `[full.name]`, as in the JSON mapping.
//!
//! The Google well-known types take their JSON-mapping form: Timestamp an RFC 3339 string,
//! Duration `"1.5s"`, FieldMask `"a.b,c"`, the wrappers their value, Struct, Value and ListValue
//! the JSON they hold (`NullValue` is null), Any `{"@type": url, …}` with the fields of the
//! packed message (or `"value"` for a packed well-known type), or the url and the raw bytes
//! when the type is not in the set.
//!
//! Unknown fields (numbers the type does not declare) are kept after the known ones, keyed by
//! their number: `{"wire_type": "varint", "value": 150}`, with wire types `varint`, `i64`,
//! `i32` (the raw value as an unsigned integer, little-endian on the wire), `len` (bytes) and
//! `group` (a map of the group's own fields). A number seen several times holds an array of
//! those, in wire order.

use prost_reflect::{DynamicMessage, Kind, MapKey, MessageDescriptor, ReflectMessage, Value};

use super::wire::{self, EGROUP, I32, I64, LEN, SGROUP, VARINT};
use crate::model::codec::{Decoded, MAX_DEPTH};

/// The tree would nest deeper than [`MAX_DEPTH`].
#[derive(Debug)]
pub(super) struct TooDeep;

type Mapped = Result<Decoded, TooDeep>;

/// `message` as a [`Decoded`] tree, `depth` levels down.
pub(super) fn message(message: &DynamicMessage, depth: usize) -> Mapped {
    if depth > MAX_DEPTH {
        return Err(TooDeep);
    }
    let descriptor = message.descriptor();
    if let Some(special) = well_known(message, &descriptor, depth)? {
        return Ok(special);
    }
    let mut pairs = Vec::new();
    for (field, value) in message.fields() {
        if !field.supports_presence() && value.is_default_for_field(&field) {
            continue;
        }
        let kind = field.kind();
        pairs.push((
            Decoded::Text(field.name().to_owned()),
            self::value(value, &kind, depth + 1)?,
        ));
    }
    for (extension, value) in message.extensions() {
        pairs.push((
            Decoded::Text(format!("[{}]", extension.full_name())),
            self::value(value, &extension.kind(), depth + 1)?,
        ));
    }
    let mut raw = Vec::new();
    for field in message.unknown_fields() {
        field.encode(&mut raw);
    }
    unknown(&raw, &mut pairs, depth + 1)?;
    Ok(Decoded::Map(pairs))
}

fn value(value: &Value, kind: &Kind, depth: usize) -> Mapped {
    if depth > MAX_DEPTH {
        return Err(TooDeep);
    }
    Ok(match value {
        Value::Bool(b) => Decoded::Bool(*b),
        Value::I32(i) => Decoded::Int((*i).into()),
        Value::I64(i) => Decoded::Int((*i).into()),
        Value::U32(u) => Decoded::Int((*u).into()),
        Value::U64(u) => Decoded::Int((*u).into()),
        Value::F32(f) => Decoded::Float((*f).into()),
        Value::F64(f) => Decoded::Float(*f),
        Value::String(s) => Decoded::Text(s.clone()),
        Value::Bytes(b) => Decoded::Bytes(b.to_vec()),
        Value::EnumNumber(n) => match kind {
            Kind::Enum(e) if e.full_name() == "google.protobuf.NullValue" => Decoded::Null,
            Kind::Enum(e) => match e.get_value(*n) {
                Some(v) => Decoded::Text(v.name().to_owned()),
                None => Decoded::Int((*n).into()),
            },
            _ => Decoded::Int((*n).into()),
        },
        Value::Message(m) => message(m, depth)?,
        Value::List(items) => Decoded::Array(
            items
                .iter()
                .map(|item| self::value(item, kind, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(entries) => {
            let value_kind = match kind {
                Kind::Message(entry) => entry.map_entry_value_field().kind(),
                other => other.clone(),
            };
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let mut pairs = Vec::with_capacity(sorted.len());
            for (key, item) in sorted {
                pairs.push((map_key(key), self::value(item, &value_kind, depth + 1)?));
            }
            Decoded::Map(pairs)
        }
    })
}

fn map_key(key: &MapKey) -> Decoded {
    match key {
        MapKey::Bool(b) => Decoded::Bool(*b),
        MapKey::I32(i) => Decoded::Int((*i).into()),
        MapKey::I64(i) => Decoded::Int((*i).into()),
        MapKey::U32(u) => Decoded::Int((*u).into()),
        MapKey::U64(u) => Decoded::Int((*u).into()),
        MapKey::String(s) => Decoded::Text(s.clone()),
    }
}

/// Whether `name` is a well-known type whose JSON mapping is not a plain object of its fields
/// (and so sits under `"value"` inside an Any).
fn has_special_json(name: &str) -> bool {
    matches!(
        name,
        "google.protobuf.Timestamp"
            | "google.protobuf.Duration"
            | "google.protobuf.FieldMask"
            | "google.protobuf.Struct"
            | "google.protobuf.Value"
            | "google.protobuf.ListValue"
            | "google.protobuf.Any"
            | "google.protobuf.Empty"
    ) || wrapper(name)
}

fn wrapper(name: &str) -> bool {
    matches!(
        name,
        "google.protobuf.DoubleValue"
            | "google.protobuf.FloatValue"
            | "google.protobuf.Int64Value"
            | "google.protobuf.UInt64Value"
            | "google.protobuf.Int32Value"
            | "google.protobuf.UInt32Value"
            | "google.protobuf.BoolValue"
            | "google.protobuf.StringValue"
            | "google.protobuf.BytesValue"
    )
}

/// The JSON-mapping form of a well-known type, or `None` for any other message (and for a
/// Timestamp or Duration out of the mapping's range, which stays a map of its fields).
fn well_known(
    message: &DynamicMessage,
    descriptor: &MessageDescriptor,
    depth: usize,
) -> Result<Option<Decoded>, TooDeep> {
    let name = descriptor.full_name();
    match name {
        "google.protobuf.Timestamp" | "google.protobuf.Duration" | "google.protobuf.FieldMask" => {
            // prost-reflect's serializer writes these three per the mapping (RFC 3339 with 0,
            // 3, 6 or 9 fractional digits; seconds with an `s`; lowerCamelCase paths).
            Ok(match serde_json::to_value(message) {
                Ok(serde_json::Value::String(text)) => Some(Decoded::Text(text)),
                _ => None,
            })
        }
        "google.protobuf.Struct" | "google.protobuf.Value" | "google.protobuf.ListValue" => {
            match serde_json::to_value(message) {
                Ok(json) => Ok(Some(from_json(&json, depth)?)),
                Err(_) => Ok(None),
            }
        }
        "google.protobuf.Any" => any(message, depth).map(Some),
        _ if wrapper(name) => {
            let Some(field) = descriptor.get_field(1) else {
                return Ok(None);
            };
            let inner = message.get_field(&field);
            Ok(Some(value(&inner, &field.kind(), depth)?))
        }
        _ => Ok(None),
    }
}

fn any(message: &DynamicMessage, depth: usize) -> Mapped {
    let url = message
        .get_field_by_number(1)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let bytes = message
        .get_field_by_number(2)
        .and_then(|v| v.as_bytes().cloned())
        .unwrap_or_default();
    let type_key = Decoded::Text("@type".to_owned());
    let name = url.rsplit('/').next().unwrap_or_default();
    let packed = message
        .descriptor()
        .parent_pool()
        .get_message_by_name(name)
        .and_then(|descriptor| DynamicMessage::decode(descriptor, bytes.as_ref()).ok());
    let Some(packed) = packed else {
        return Ok(Decoded::Map(vec![
            (type_key, Decoded::Text(url)),
            (
                Decoded::Text("value".to_owned()),
                Decoded::Bytes(bytes.to_vec()),
            ),
        ]));
    };
    let inner = self::message(&packed, depth + 1)?;
    let mut pairs = vec![(type_key, Decoded::Text(url))];
    match inner {
        Decoded::Map(fields) if !has_special_json(packed.descriptor().full_name()) => {
            pairs.extend(fields);
        }
        other => pairs.push((Decoded::Text("value".to_owned()), other)),
    }
    Ok(Decoded::Map(pairs))
}

/// JSON (from Struct, Value, ListValue) as a tree: numbers are floats, as `number_value` is a
/// double.
fn from_json(json: &serde_json::Value, depth: usize) -> Mapped {
    if depth > MAX_DEPTH {
        return Err(TooDeep);
    }
    Ok(match json {
        serde_json::Value::Null => Decoded::Null,
        serde_json::Value::Bool(b) => Decoded::Bool(*b),
        serde_json::Value::Number(n) => Decoded::Float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Decoded::Text(s.clone()),
        serde_json::Value::Array(items) => Decoded::Array(
            items
                .iter()
                .map(|item| from_json(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(map) => Decoded::Map(
            map.iter()
                .map(|(k, v)| Ok((Decoded::Text(k.clone()), from_json(v, depth + 1)?)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// Appends the unknown fields encoded in `raw` to `pairs`, one key a field number.
fn unknown(raw: &[u8], pairs: &mut Vec<(Decoded, Decoded)>, depth: usize) -> Result<(), TooDeep> {
    let mut fields: Vec<(u32, Vec<Decoded>)> = Vec::new();
    read_unknown(raw, 0, raw.len(), None, &mut fields, depth)?;
    for (number, mut values) in fields {
        let value = if values.len() == 1 {
            values.pop().unwrap_or(Decoded::Null)
        } else {
            Decoded::Array(values)
        };
        pairs.push((Decoded::Int(number.into()), value));
    }
    Ok(())
}

/// Reads fields from `at` to `end` (or to the end-group tag of `group`) into `fields`,
/// grouped by number in order of first appearance; returns the offset after the last. The
/// bytes were written by the decoder from fields it accepted, so a fault only ends the read.
fn read_unknown(
    raw: &[u8],
    mut at: usize,
    end: usize,
    group: Option<u32>,
    fields: &mut Vec<(u32, Vec<Decoded>)>,
    depth: usize,
) -> Result<usize, TooDeep> {
    if depth + 1 > MAX_DEPTH {
        return Err(TooDeep);
    }
    while at < end {
        let Ok((number, wire_type, next)) = wire::tag(raw, at, end) else {
            break;
        };
        at = next;
        let (name, value) = match wire_type {
            VARINT => {
                let Ok((v, next)) = wire::varint(raw, at, end) else {
                    break;
                };
                at = next;
                ("varint", Decoded::Int(v.into()))
            }
            I64 | I32 => {
                let width = if wire_type == I64 { 8 } else { 4 };
                let Ok(next) = wire::fixed(at, width, end) else {
                    break;
                };
                let mut le = [0u8; 8];
                for (slot, byte) in le.iter_mut().zip(raw.get(at..next).unwrap_or_default()) {
                    *slot = *byte;
                }
                at = next;
                let name = if wire_type == I64 { "i64" } else { "i32" };
                (name, Decoded::Int(u64::from_le_bytes(le).into()))
            }
            LEN => {
                let Ok((start, stop)) = wire::delimited(raw, at, end) else {
                    break;
                };
                at = stop;
                (
                    "len",
                    Decoded::Bytes(raw.get(start..stop).unwrap_or_default().to_vec()),
                )
            }
            SGROUP => {
                let mut inner = Vec::new();
                at = read_unknown(raw, at, end, Some(number), &mut inner, depth + 2)?;
                let mut pairs = Vec::new();
                for (n, mut values) in inner {
                    let value = if values.len() == 1 {
                        values.pop().unwrap_or(Decoded::Null)
                    } else {
                        Decoded::Array(values)
                    };
                    pairs.push((Decoded::Int(n.into()), value));
                }
                ("group", Decoded::Map(pairs))
            }
            EGROUP if group == Some(number) => return Ok(at),
            _ => break,
        };
        let entry = Decoded::Map(vec![
            (
                Decoded::Text("wire_type".to_owned()),
                Decoded::Text(name.to_owned()),
            ),
            (Decoded::Text("value".to_owned()), value),
        ]);
        match fields.iter_mut().find(|(n, _)| *n == number) {
            Some((_, values)) => values.push(entry),
            None => fields.push((number, vec![entry])),
        }
    }
    Ok(at)
}
