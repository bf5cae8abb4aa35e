//! A [`Decoded`] tree as a `serde_json::Value`, for JSON paths (charts, field extraction) over
//! binary payloads.

use serde_json::{Map, Number, Value};

use super::render::{float, iso_time};
use super::value::Decoded;

/// The largest integer every JSON reader holds exactly: 2⁵³ (JavaScript's
/// `Number.MAX_SAFE_INTEGER` + 1).
const EXACT_IN_F64: i128 = 1 << 53;

impl Decoded {
    /// The value as JSON: exact where JSON can say it, text where it cannot.
    ///
    /// - null and undefined are `null`; booleans, text, arrays stay what they are;
    /// - integers within ±2⁵³ are numbers; larger ones (and bignums) are their decimal digits as a
    ///   string, since a JSON reader would round them through `f64`;
    /// - finite floats are numbers; NaN and the infinities are the strings `"NaN"`,
    ///   `"Infinity"`, `"-Infinity"` (JSON has no such numbers);
    /// - maps are objects: a text key as it is, any other key as its [`Decoded::compact`] text
    ///   (`1`, `h'00'`); of duplicate keys, the last one wins;
    /// - a CBOR tag is its content (the tag only says how to read it, e.g. tag 1 over epoch
    ///   seconds stays the number);
    /// - a MessagePack timestamp is its ISO 8601 text (`"2023-11-14T22:13:20Z"`);
    /// - bytes, other extensions and other simple values are their [`Decoded::compact`] text
    ///   (`"h'0a0b'"`, `"ext(5, h'01')"`, `"simple(16)"`).
    pub fn to_json(&self) -> Value {
        match self {
            Decoded::Null | Decoded::Undefined => Value::Null,
            Decoded::Bool(b) => Value::Bool(*b),
            Decoded::Int(i) if (-EXACT_IN_F64..=EXACT_IN_F64).contains(i) => {
                i64::try_from(*i).map_or_else(|_| Value::String(i.to_string()), Value::from)
            }
            Decoded::Int(i) => Value::String(i.to_string()),
            Decoded::Float(f) => match Number::from_f64(*f) {
                Some(n) => Value::Number(n),
                None => {
                    let mut text = String::new();
                    float(*f, &mut text);
                    Value::String(text)
                }
            },
            Decoded::Text(s) => Value::String(s.clone()),
            Decoded::Array(items) => Value::Array(items.iter().map(Decoded::to_json).collect()),
            Decoded::Map(pairs) => {
                let mut object = Map::new();
                for (key, item) in pairs {
                    let key = match key {
                        Decoded::Text(s) => s.clone(),
                        other => other.compact(),
                    };
                    object.insert(key, item.to_json());
                }
                Value::Object(object)
            }
            Decoded::Tag(_, content) => content.to_json(),
            Decoded::Timestamp { seconds, nanos } => {
                let mut text = String::new();
                iso_time(*seconds, *nanos, &mut text);
                Value::String(text)
            }
            Decoded::BigInt { .. } | Decoded::Bytes(_) | Decoded::Ext(..) | Decoded::Simple(_) => {
                Value::String(self.compact())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_past_two_to_the_53_become_text() {
        assert_eq!(Decoded::Int(1 << 53).to_json(), json!(9007199254740992_i64));
        assert_eq!(
            Decoded::Int(-(1 << 53)).to_json(),
            json!(-9007199254740992_i64)
        );
        assert_eq!(
            Decoded::Int((1 << 53) + 1).to_json(),
            json!("9007199254740993")
        );
        assert_eq!(
            Decoded::Int(-(1 << 64)).to_json(),
            json!("-18446744073709551616")
        );
    }

    #[test]
    fn what_json_cannot_hold() {
        assert_eq!(Decoded::Float(f64::NAN).to_json(), json!("NaN"));
        assert_eq!(
            Decoded::Float(f64::NEG_INFINITY).to_json(),
            json!("-Infinity")
        );
        assert_eq!(Decoded::Float(0.1).to_json(), json!(0.1));
        assert_eq!(Decoded::Bytes(vec![10, 11]).to_json(), json!("h'0a0b'"));
        assert_eq!(Decoded::Undefined.to_json(), json!(null));
        assert_eq!(
            Decoded::Tag(1, Box::new(Decoded::Int(1_700_000_000))).to_json(),
            json!(1_700_000_000)
        );
        assert_eq!(
            Decoded::Timestamp {
                seconds: 1_700_000_000,
                nanos: 0
            }
            .to_json(),
            json!("2023-11-14T22:13:20Z")
        );
    }

    #[test]
    fn any_key_becomes_text_and_the_last_duplicate_wins() {
        let map = Decoded::Map(vec![
            (Decoded::Int(1), Decoded::Int(1)),
            (Decoded::Text("1".into()), Decoded::Int(2)),
            (Decoded::Bytes(vec![0]), Decoded::Null),
        ]);
        assert_eq!(map.to_json(), json!({"1": 2, "h'00'": null}));
    }
}
