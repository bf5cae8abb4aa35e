//! Sparkplug B payloads written from JSON (issue 17, publishing): an NDATA or DDATA (and the
//! commands NCMD and DCMD a host application sends) whose metrics are named as in the last
//! birth of that node or device, and sent by its alias and with its datatype.
//!
//! The JSON is either an object from metric name to value (`{"Temp": 21.5, "On": true}`), or
//! the form the decoder shows, `{"timestamp": …, "seq": …, "metrics": {…}}`, so that a decoded
//! message can be edited and sent again. A metric may also be written `"alias 5"`, as the
//! decoder shows a metric the birth did not name.
//!
//! Values are read by the birth's datatype, the way [`Value::to_json`](super::Value::to_json)
//! writes them: integers as JSON integers or decimal strings (beyond 2⁵³), floats as numbers or
//! `"NaN"` / `"Infinity"` / `"-Infinity"`, DateTime as ms, bytes as `"h'00ff'"` or an array of
//! byte values, arrays as JSON arrays, and `null` as a null metric. Signed integers go into
//! the unsigned wire fields as Tahu's Python client writes them (value + 2^bits when negative),
//! 8–32-bit types in `int_value` and 64-bit ones and DateTime in `long_value`. Data sets,
//! templates and property sets are not written from JSON.
//!
//! `seq`: a data message carries the one after the node's last message, counting the data
//! messages this console wrote that have not come back yet; commands carry none. The payload's
//! `timestamp` is the caller's clock unless the JSON gives one.

use prost::Message;
use serde_json::{Map, Value as Json};

use super::datatype::DataType;
use super::error::TopicError;
use super::proto;
use super::state::{Births, SparkplugState};
use super::topic::{MessageType, Topic};

/// Why JSON could not be sent as a Sparkplug B message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SparkplugEncodeError {
    /// Not JSON: where the parser stopped.
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The publish topic is not a Sparkplug B topic.
    Topic(TopicError),
    /// The topic's message type is not one written from JSON (births, deaths, STATE): the
    /// type, or `None` for STATE.
    NotData(Option<MessageType>),
    /// No birth of the node (or device) has been received on a Sparkplug B subscription, or
    /// it died since: there are no aliases and datatypes to write with.
    NoBirth {
        /// The group.
        group: String,
        /// The edge node.
        edge_node: String,
        /// The device, for device messages.
        device: Option<String>,
    },
    /// The JSON is not an object.
    NotObject,
    /// The object names no metric.
    NoMetrics,
    /// The birth has no metric of this name (nor, for `"alias N"`, this alias).
    UnknownMetric(String),
    /// In the `{"metrics": …}` form, a key other than `timestamp`, `seq`, `uuid`, `metrics`.
    UnknownKey(String),
    /// `timestamp` is not an integer of ms, `seq` not 0–255, `uuid` not a string.
    BadHeader(&'static str),
    /// A metric's value does not fit its datatype.
    Value {
        /// The metric, as written.
        metric: String,
        /// Its datatype in the birth.
        datatype: DataType,
        /// For an array, the 0-based item at fault.
        item: Option<usize>,
        /// What the datatype takes.
        wanted: Wanted,
    },
}

/// What a datatype takes from JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// An integer from `min` to `max`.
    Integer {
        /// The least value.
        min: i128,
        /// The greatest value.
        max: i128,
    },
    /// A number (or `"NaN"`, `"Infinity"`, `"-Infinity"`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A string.
    Text,
    /// `"h'…'"` hex, or an array of byte values.
    Bytes,
    /// A JSON array.
    Array,
    /// Nothing: the datatype (data set, template, property set, unknown) is not written
    /// from JSON.
    Unwritable,
}

impl SparkplugState {
    /// `json` as the payload of a message on `topic` (NDATA, DDATA, NCMD or DCMD), with the
    /// aliases and datatypes of the node's or device's last birth; `now_ms` is its timestamp
    /// unless the JSON gives one. A data message counts as sent: the next one carries the
    /// following `seq` even before this one comes back.
    pub fn encode(
        &mut self,
        topic: &str,
        json: &str,
        now_ms: u64,
    ) -> Result<Vec<u8>, SparkplugEncodeError> {
        let topic = Topic::parse(topic).map_err(SparkplugEncodeError::Topic)?;
        let Topic::Edge {
            group,
            message_type,
            edge_node,
            device,
        } = topic
        else {
            return Err(SparkplugEncodeError::NotData(None));
        };
        let data = match message_type {
            MessageType::NData | MessageType::DData => true,
            MessageType::NCmd | MessageType::DCmd => false,
            other => return Err(SparkplugEncodeError::NotData(Some(other))),
        };
        let value: Json =
            serde_json::from_str(json).map_err(|e| SparkplugEncodeError::NotJson {
                line: e.line().max(1),
                column: e.column().max(1),
            })?;
        let no_birth = || SparkplugEncodeError::NoBirth {
            group: group.clone(),
            edge_node: edge_node.clone(),
            device: device.clone(),
        };
        let node = self
            .nodes
            .get_mut(&(group.clone(), edge_node.clone()))
            .filter(|n| n.next_seq.is_some())
            .ok_or_else(no_birth)?;
        let births = match &device {
            None => &node.births,
            Some(d) => match node.devices.get(d) {
                Some(d) if d.online => &d.births,
                _ => return Err(no_birth()),
            },
        };
        let mut payload = payload(births, value)?;
        payload.timestamp = payload.timestamp.or(Some(now_ms));
        if data {
            let seq = match payload.seq {
                Some(seq) => seq as u8,
                None => next_to_send(node.next_seq.unwrap_or(0), node.sent),
            };
            payload.seq = Some(seq.into());
            node.sent = Some(seq);
        } else {
            payload.seq = None;
        }
        Ok(payload.encode_to_vec())
    }
}

/// The `seq` to send: the one the node's next message must carry, or past the ones this
/// console sent that have not come back yet (a sent `seq` at most 127 ahead of `expected`).
fn next_to_send(expected: u8, sent: Option<u8>) -> u8 {
    match sent {
        Some(s) if s.wrapping_sub(expected) < 128 => s.wrapping_add(1),
        _ => expected,
    }
}

/// The payload (without `seq` unless the JSON gives one) for the JSON value.
fn payload(births: &Births, value: Json) -> Result<proto::Payload, SparkplugEncodeError> {
    let Json::Object(mut object) = value else {
        return Err(SparkplugEncodeError::NotObject);
    };
    let mut out = proto::Payload::default();
    // The decoder's form, unless the birth itself has a metric called "metrics".
    let wrapped = matches!(object.get("metrics"), Some(Json::Object(_)))
        && !births.by_name.contains_key("metrics");
    let metrics = if wrapped {
        let metrics = match object.remove("metrics") {
            Some(Json::Object(m)) => m,
            _ => Map::new(),
        };
        for (key, value) in object {
            match key.as_str() {
                "timestamp" => {
                    out.timestamp = Some(
                        unsigned(&value, u64::MAX.into())
                            .ok_or(SparkplugEncodeError::BadHeader("timestamp"))?,
                    );
                }
                "seq" => {
                    out.seq =
                        Some(unsigned(&value, 255).ok_or(SparkplugEncodeError::BadHeader("seq"))?);
                }
                "uuid" => match value {
                    Json::String(s) => out.uuid = Some(s),
                    _ => return Err(SparkplugEncodeError::BadHeader("uuid")),
                },
                _ => return Err(SparkplugEncodeError::UnknownKey(key)),
            }
        }
        metrics
    } else {
        object
    };
    if metrics.is_empty() {
        return Err(SparkplugEncodeError::NoMetrics);
    }
    for (key, value) in metrics {
        out.metrics.push(metric(births, key, &value)?);
    }
    Ok(out)
}

/// One metric: by alias when the birth gave one, else by name; the value by its datatype.
fn metric(
    births: &Births,
    key: String,
    value: &Json,
) -> Result<proto::Metric, SparkplugEncodeError> {
    let (name, alias, datatype) = match births.by_name.get(&key) {
        Some(&(alias, datatype)) => (alias.is_none().then(|| key.clone()), alias, datatype),
        None => {
            let alias = key
                .strip_prefix("alias ")
                .and_then(|a| a.parse::<u64>().ok())
                .filter(|a| births.by_alias.contains_key(a))
                .ok_or_else(|| SparkplugEncodeError::UnknownMetric(key.clone()))?;
            let datatype = births.by_alias.get(&alias).and_then(|(_, t)| *t);
            (None, Some(alias), datatype)
        }
    };
    let datatype = datatype.unwrap_or(DataType::Unknown);
    let mut out = proto::Metric {
        name,
        alias,
        ..proto::Metric::default()
    };
    if value.is_null() {
        out.is_null = Some(true);
        return Ok(out);
    }
    let fail = |item: Option<usize>, wanted: Wanted| SparkplugEncodeError::Value {
        metric: key.clone(),
        datatype,
        item,
        wanted,
    };
    out.value = Some(match wire(datatype, value) {
        Ok(v) => v,
        Err((item, wanted)) => return Err(fail(item, wanted)),
    });
    Ok(out)
}

/// The value of a metric of `datatype`, or (the array item at fault, what it takes).
fn wire(datatype: DataType, value: &Json) -> Result<proto::MetricValue, (Option<usize>, Wanted)> {
    use proto::MetricValue as V;
    use DataType as T;
    let scalar = |wanted: Wanted| (None, wanted);
    Ok(match datatype {
        T::Int8 | T::Int16 | T::Int32 | T::UInt8 | T::UInt16 | T::UInt32 => {
            let (min, max, bits) = integer_range(datatype);
            let i = signed(value, min, max).ok_or(scalar(Wanted::Integer { min, max }))?;
            V::IntValue(twos_complement(i, bits) as u32)
        }
        T::Int64 | T::UInt64 | T::DateTime => {
            let (min, max, bits) = integer_range(datatype);
            let i = signed(value, min, max).ok_or(scalar(Wanted::Integer { min, max }))?;
            V::LongValue(twos_complement(i, bits))
        }
        T::Float => V::FloatValue(number(value).ok_or(scalar(Wanted::Number))? as f32),
        T::Double => V::DoubleValue(number(value).ok_or(scalar(Wanted::Number))?),
        T::Boolean => V::BooleanValue(value.as_bool().ok_or(scalar(Wanted::Boolean))?),
        T::String | T::Text | T::Uuid => {
            V::StringValue(value.as_str().ok_or(scalar(Wanted::Text))?.to_owned())
        }
        T::Bytes | T::File => V::BytesValue(bytes(value).ok_or(scalar(Wanted::Bytes))?),
        array if is_array(array) => V::BytesValue(pack(array, value)?),
        _ => return Err(scalar(Wanted::Unwritable)),
    })
}

/// The range of an integer datatype, and its width in bits.
fn integer_range(datatype: DataType) -> (i128, i128, u32) {
    use DataType as T;
    let bits = match datatype {
        T::Int8 | T::UInt8 | T::Int8Array | T::UInt8Array => 8,
        T::Int16 | T::UInt16 | T::Int16Array | T::UInt16Array => 16,
        T::Int32 | T::UInt32 | T::Int32Array | T::UInt32Array => 32,
        _ => 64,
    };
    let signed = matches!(
        datatype,
        T::Int8
            | T::Int16
            | T::Int32
            | T::Int64
            | T::Int8Array
            | T::Int16Array
            | T::Int32Array
            | T::Int64Array
    );
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1, bits)
    } else {
        (0, (1i128 << bits) - 1, bits)
    }
}

/// `i` in `bits` as an unsigned number: a negative one plus 2^bits.
fn twos_complement(i: i128, bits: u32) -> u64 {
    if i < 0 {
        (i + (1i128 << bits)) as u64
    } else {
        i as u64
    }
}

/// An integer from `min` to `max`: a JSON integer, a float with no fraction (within 2⁵³), or
/// a decimal string.
fn signed(value: &Json, min: i128, max: i128) -> Option<i128> {
    let i = match value {
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i128::from(i),
            (_, Some(u), _) => i128::from(u),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => f as i128,
            _ => return None,
        },
        Json::String(s) => s.trim().parse::<i128>().ok()?,
        _ => return None,
    };
    (min..=max).contains(&i).then_some(i)
}

fn unsigned(value: &Json, max: u128) -> Option<u64> {
    signed(value, 0, max as i128).map(|i| i as u64)
}

/// A number, or the names the decoder gives the floats JSON has no number for.
fn number(value: &Json) -> Option<f64> {
    match value {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// `"h'00ff'"` (as the decoder shows bytes) or an array of values 0–255.
fn bytes(value: &Json) -> Option<Vec<u8>> {
    match value {
        Json::String(s) => {
            let hex = s.strip_prefix("h'")?.strip_suffix('\'')?;
            if hex.len() % 2 != 0 {
                return None;
            }
            (0..hex.len())
                .step_by(2)
                .map(|i| {
                    hex.get(i..i + 2)
                        .and_then(|b| u8::from_str_radix(b, 16).ok())
                })
                .collect()
        }
        Json::Array(items) => items
            .iter()
            .map(|b| signed(b, 0, 255).map(|b| b as u8))
            .collect(),
        _ => None,
    }
}

fn is_array(t: DataType) -> bool {
    (22..=34).contains(&t.code()) && !matches!(t, DataType::Other(_))
}

/// An array datatype's items, packed little-endian as Sparkplug 3.0 puts them in
/// `bytes_value` (booleans: a 4-byte count, then 8 a byte from the top bit; strings: each
/// followed by a NUL).
fn pack(array: DataType, value: &Json) -> Result<Vec<u8>, (Option<usize>, Wanted)> {
    use DataType as T;
    let Json::Array(items) = value else {
        return Err((None, Wanted::Array));
    };
    let mut out = Vec::new();
    match array {
        T::BooleanArray => {
            out.extend_from_slice(&(items.len() as u32).to_le_bytes());
            out.resize(4 + items.len().div_ceil(8), 0);
            for (i, item) in items.iter().enumerate() {
                match item.as_bool() {
                    Some(true) => {
                        if let Some(byte) = out.get_mut(4 + i / 8) {
                            *byte |= 0x80 >> (i % 8);
                        }
                    }
                    Some(false) => {}
                    None => return Err((Some(i), Wanted::Boolean)),
                }
            }
        }
        T::StringArray => {
            for (i, item) in items.iter().enumerate() {
                let s = item.as_str().ok_or((Some(i), Wanted::Text))?;
                if s.contains('\0') {
                    return Err((Some(i), Wanted::Text));
                }
                out.extend_from_slice(s.as_bytes());
                out.push(0);
            }
        }
        T::FloatArray | T::DoubleArray => {
            for (i, item) in items.iter().enumerate() {
                let f = number(item).ok_or((Some(i), Wanted::Number))?;
                if array == T::FloatArray {
                    out.extend_from_slice(&(f as f32).to_le_bytes());
                } else {
                    out.extend_from_slice(&f.to_le_bytes());
                }
            }
        }
        _ => {
            // The integer arrays and DateTimeArray.
            let (min, max, bits) = integer_range(array);
            let width = (bits / 8) as usize;
            for (i, item) in items.iter().enumerate() {
                let n = signed(item, min, max).ok_or((Some(i), Wanted::Integer { min, max }))?;
                out.extend_from_slice(&twos_complement(n, bits).to_le_bytes()[..width]);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `scripts/sparkplug_encode_vectors.py` writes for a refused JSON.
    fn why(e: &SparkplugEncodeError) -> String {
        use SparkplugEncodeError as E;
        match e {
            E::NotJson { line, column } => format!("NotJson {line} {column}"),
            E::Topic(_) => "Topic".into(),
            E::NotData(t) => format!("NotData {}", t.map_or("STATE", MessageType::as_str)),
            E::NoBirth {
                group,
                edge_node,
                device,
            } => format!(
                "NoBirth {group} {edge_node} {}",
                device.as_deref().unwrap_or("-")
            ),
            E::NotObject => "NotObject".into(),
            E::NoMetrics => "NoMetrics".into(),
            E::UnknownMetric(m) => format!("UnknownMetric {m}"),
            E::UnknownKey(k) => format!("UnknownKey {k}"),
            E::BadHeader(h) => format!("BadHeader {h}"),
            E::Value {
                metric,
                datatype,
                item,
                wanted,
            } => {
                let item = item.map_or("-".to_owned(), |i| i.to_string());
                let wanted = match wanted {
                    Wanted::Integer { min, max } => format!("Integer {min} {max}"),
                    other => format!("{other:?}"),
                };
                format!("Value {metric} {} {item} {wanted}", datatype.name())
            }
        }
    }

    /// The session of `tests/vectors/sparkplug_encode_vectors.json`, written by Google's
    /// protobuf runtime from Tahu's schema: byte for byte what must be sent, in order (the
    /// `seq` depends on what came before), and what must be refused.
    #[test]
    fn sends_what_an_independent_encoder_writes() {
        let document: Json = serde_json::from_str(include_str!(
            "../../../../tests/vectors/sparkplug_encode_vectors.json"
        ))
        .unwrap();
        let mut state = SparkplugState::new();
        let steps = document["steps"].as_array().unwrap();
        assert_eq!(steps.len(), 24);
        for (i, step) in steps.iter().enumerate() {
            let text = |key: &str| step[key].as_str().unwrap().to_owned();
            if let Some(topic) = step["arrive"].as_str() {
                let bytes = hex::decode(text("hex")).unwrap();
                let message = state.handle_message(topic, &bytes).unwrap();
                assert_eq!(message.findings, [], "step {i}: {topic}");
                continue;
            }
            let now = step["now"].as_u64().unwrap();
            if let Some(topic) = step["encode"].as_str() {
                let sent = state.encode(topic, &text("json"), now);
                assert_eq!(sent.map(hex::encode), Ok(text("hex")), "step {i}: {topic}");
            } else {
                let topic = text("refuse");
                let refused = state
                    .encode(&topic, &text("json"), now)
                    .map_err(|e| why(&e));
                assert_eq!(refused, Err(text("error")), "step {i}: {topic}");
            }
        }
    }

    #[test]
    fn seq_runs_ahead_of_what_came_back() {
        assert_eq!(next_to_send(5, None), 5);
        // Sent 5, not back yet: 6; sent 5 and back (expected 6): 6.
        assert_eq!(next_to_send(5, Some(5)), 6);
        assert_eq!(next_to_send(6, Some(5)), 6);
        assert_eq!(next_to_send(255, Some(255)), 0);
        assert_eq!(next_to_send(0, Some(255)), 0);
        assert_eq!(next_to_send(250, Some(2)), 3);
    }

    #[test]
    fn integers_take_their_range_and_wrap_into_the_unsigned_field() {
        assert_eq!(integer_range(DataType::Int8), (-128, 127, 8));
        assert_eq!(integer_range(DataType::UInt32), (0, u32::MAX.into(), 32));
        assert_eq!(twos_complement(-1, 8), 255);
        assert_eq!(twos_complement(-1, 64), u64::MAX);
        assert_eq!(signed(&Json::from(128), -128, 127), None);
        assert_eq!(
            signed(&Json::from("18446744073709551615"), 0, u64::MAX.into()),
            Some(u64::MAX.into())
        );
        assert_eq!(signed(&serde_json::json!(2.0), 0, 9), Some(2));
        assert_eq!(signed(&serde_json::json!(2.5), 0, 9), None);
        assert_eq!(bytes(&Json::from("h'00ff'")), Some(vec![0, 255]));
        assert_eq!(bytes(&serde_json::json!([1, 256])), None);
        assert_eq!(bytes(&Json::from("h'0'")), None);
    }

    #[test]
    fn arrays_pack_as_the_decoder_unpacks() {
        let flags = pack(
            DataType::BooleanArray,
            &serde_json::json!([true, false, true]),
        );
        assert_eq!(flags, Ok(vec![3, 0, 0, 0, 0xa0]));
        let pairs = pack(DataType::Int16Array, &serde_json::json!([-1, 2]));
        assert_eq!(pairs, Ok(vec![0xff, 0xff, 2, 0]));
        let labels = pack(DataType::StringArray, &serde_json::json!(["a", "bc"]));
        assert_eq!(labels, Ok(b"a\0bc\0".to_vec()));
        assert_eq!(
            pack(DataType::UInt8Array, &serde_json::json!([1, -1])),
            Err((Some(1), Wanted::Integer { min: 0, max: 255 }))
        );
    }
}
