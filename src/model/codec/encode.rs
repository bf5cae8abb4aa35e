//! JSON written by the user, sent as CBOR or MessagePack (issue 17, publishing).
//!
//! The mapping is the plain one every decoder reads back the same way: `null`, booleans,
//! strings, arrays and objects (keys as text) map to their namesakes; an integer JSON number
//! that fits 64 bits is an integer in its shortest form, any other number a 64-bit float (a
//! shorter float could change the value the user typed). Object keys come out sorted, as
//! `serde_json`'s map (without `preserve_order`, which would add `indexmap` to the page) holds them.

use serde_json::Value;

use super::Codec;

/// JSON that could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    /// Not JSON: where the parser stopped (also for nesting deeper than 128 levels).
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

/// Encodes the JSON text `json` as one `codec` value.
pub fn encode_json(codec: Codec, json: &str) -> Result<Vec<u8>, EncodeError> {
    let value: Value = serde_json::from_str(json).map_err(|e| EncodeError::NotJson {
        line: e.line().max(1),
        column: e.column().max(1),
    })?;
    let mut out = Vec::with_capacity(json.len());
    match codec {
        Codec::Cbor => cbor(&value, &mut ciborium_ll::Encoder::from(&mut out)),
        Codec::MessagePack => msgpack(&value, &mut out),
    }
    Ok(out)
}

// Writing into a Vec cannot fail (it grows), so the writers' results are dropped with `ok()`.

fn cbor(value: &Value, enc: &mut ciborium_ll::Encoder<&mut Vec<u8>>) {
    use ciborium_ll::Header;
    match value {
        Value::Null => {
            enc.push(Header::Simple(ciborium_ll::simple::NULL)).ok();
        }
        Value::Bool(b) => {
            let simple = if *b {
                ciborium_ll::simple::TRUE
            } else {
                ciborium_ll::simple::FALSE
            };
            enc.push(Header::Simple(simple)).ok();
        }
        Value::Number(n) => {
            let header = if let Some(u) = n.as_u64() {
                Header::Positive(u)
            } else if let Some(i) = n.as_i64() {
                // CBOR's negative integers carry -1 - n.
                Header::Negative(!(i as u64))
            } else {
                Header::Float(n.as_f64().unwrap_or(f64::NAN))
            };
            enc.push(header).ok();
        }
        Value::String(s) => {
            enc.text(s, None).ok();
        }
        Value::Array(items) => {
            enc.push(Header::Array(Some(items.len()))).ok();
            for item in items {
                cbor(item, enc);
            }
        }
        Value::Object(map) => {
            enc.push(Header::Map(Some(map.len()))).ok();
            for (key, item) in map {
                enc.text(key, None).ok();
                cbor(item, enc);
            }
        }
    }
}

fn msgpack(value: &Value, out: &mut Vec<u8>) {
    use rmp::encode;
    match value {
        Value::Null => {
            encode::write_nil(out).ok();
        }
        Value::Bool(b) => {
            encode::write_bool(out, *b).ok();
        }
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                encode::write_uint(out, u).ok();
            } else if let Some(i) = n.as_i64() {
                encode::write_sint(out, i).ok();
            } else {
                encode::write_f64(out, n.as_f64().unwrap_or(f64::NAN)).ok();
            }
        }
        Value::String(s) => {
            encode::write_str(out, s).ok();
        }
        Value::Array(items) => {
            encode::write_array_len(out, u32::try_from(items.len()).unwrap_or(u32::MAX)).ok();
            for item in items {
                msgpack(item, out);
            }
        }
        Value::Object(map) => {
            encode::write_map_len(out, u32::try_from(map.len()).unwrap_or(u32::MAX)).ok();
            for (key, item) in map {
                encode::write_str(out, key).ok();
                msgpack(item, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbor_bytes_are_the_rfc_8949_examples() {
        // RFC 8949, appendix A.
        let cases: [(&str, &[u8]); 8] = [
            ("0", &[0x00]),
            ("1000000", &[0x1a, 0x00, 0x0f, 0x42, 0x40]),
            ("-1000", &[0x39, 0x03, 0xe7]),
            (
                "1.1",
                &[0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a],
            ),
            ("null", &[0xf6]),
            ("true", &[0xf5]),
            ("\"IETF\"", &[0x64, 0x49, 0x45, 0x54, 0x46]),
            ("[1,[2,3]]", &[0x82, 0x01, 0x82, 0x02, 0x03]),
        ];
        for (json, cbor) in cases {
            assert_eq!(encode_json(Codec::Cbor, json).unwrap(), cbor, "{json}");
        }
        assert_eq!(
            encode_json(Codec::Cbor, r#"{"a":1,"b":[2,3]}"#).unwrap(),
            [0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x82, 0x02, 0x03]
        );
    }

    #[test]
    fn msgpack_bytes_use_the_shortest_forms() {
        let cases: [(&str, &[u8]); 7] = [
            ("5", &[0x05]),
            ("-1", &[0xff]),
            ("300", &[0xcd, 0x01, 0x2c]),
            ("-200", &[0xd1, 0xff, 0x38]),
            (
                "18446744073709551615",
                &[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ),
            ("0.5", &[0xcb, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0]),
            (
                r#"{"t":[true,null]}"#,
                &[0x81, 0xa1, b't', 0x92, 0xc3, 0xc0],
            ),
        ];
        for (json, bytes) in cases {
            assert_eq!(
                encode_json(Codec::MessagePack, json).unwrap(),
                bytes,
                "{json}"
            );
        }
    }

    #[test]
    fn what_is_encoded_decodes_back_to_the_same_json() {
        let json = r#"{"id":"pump-1","on":true,"temp":-3.25,"big":9007199254740993,"tags":["a","b"],"none":null}"#;
        let value: Value = serde_json::from_str(json).unwrap();
        for codec in Codec::ALL {
            let bytes = encode_json(codec, json).unwrap();
            let back = codec.decode(&bytes).unwrap().to_json();
            assert_eq!(back["id"], value["id"], "{codec:?}");
            assert_eq!(back["temp"], value["temp"], "{codec:?}");
            assert_eq!(back["tags"], value["tags"], "{codec:?}");
            assert_eq!(back["none"], Value::Null, "{codec:?}");
        }
    }

    #[test]
    fn text_that_is_not_json_says_where() {
        assert_eq!(
            encode_json(Codec::Cbor, "{\n  \"a\": tru }"),
            Err(EncodeError::NotJson {
                line: 2,
                column: 11
            })
        );
    }
}
