//! The MQTT 5 properties of a recorded message read back from the JSON shape the exports
//! write, and the field readers the rest of the reader shares.

use serde_json::{Map, Value};

use super::error::{bad, FieldProblem, RecordingErrorKind};
use crate::model::payload::{self, PayloadFormat};
use crate::mqtt::{PublishProperties, UserProperty};

/// The MQTT 5 properties of a message from the JSON object the export writes
/// (`export_props::properties_json`): `payloadFormat`, `messageExpiry`, `contentType`,
/// `responseTopic`, correlation data from `correlationDataBase64` (exact) or else from
/// `correlationData` taken as text, and `userProperties` in order. `subscriptionIdentifiers`
/// are not read: the broker gives them to the messages it sends, and a client must not send
/// them [MQTT-3.3.4-6]. Unknown keys are ignored.
pub fn properties_from_json(value: &Value) -> Result<PublishProperties, RecordingErrorKind> {
    let Value::Object(o) = value else {
        return Err(bad("properties", FieldProblem::NotObject));
    };
    let payload_utf8 = match text(o, "payloadFormat")? {
        None => None,
        Some("utf8") => Some(true),
        Some("bytes") => Some(false),
        Some(_) => return Err(bad("payloadFormat", FieldProblem::NotPayloadFormat)),
    };
    let message_expiry_secs = whole(o, "messageExpiry")?
        .map(|v| u32::try_from(v).map_err(|_| bad("messageExpiry", FieldProblem::OutOfRange)))
        .transpose()?;
    let correlation_data = match text(o, "correlationDataBase64")? {
        Some(b64) => Some(
            payload::parse(b64, PayloadFormat::Base64)
                .map_err(|_| bad("correlationDataBase64", FieldProblem::NotBase64))?,
        ),
        None => text(o, "correlationData")?.map(|t| t.as_bytes().to_vec()),
    };
    let user_properties = match o.get("userProperties") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => user_properties(v).ok_or(bad("userProperties", FieldProblem::NotPairs))?,
    };
    Ok(PublishProperties {
        payload_utf8,
        message_expiry_secs,
        content_type: text(o, "contentType")?.map(str::to_owned),
        response_topic: text(o, "responseTopic")?.map(str::to_owned),
        correlation_data,
        user_properties,
        subscription_identifiers: Vec::new(),
    })
}

fn user_properties(value: &Value) -> Option<Vec<UserProperty>> {
    value
        .as_array()?
        .iter()
        .map(|pair| match pair.as_array()?.as_slice() {
            [Value::String(k), Value::String(v)] => Some(UserProperty::new(k, v)),
            _ => None,
        })
        .collect()
}

/// A string field; `None` when absent or null.
pub(super) fn text<'a>(
    o: &'a Map<String, Value>,
    field: &'static str,
) -> Result<Option<&'a str>, RecordingErrorKind> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(field, FieldProblem::NotText)),
    }
}

/// A whole-number field, 0 or more; `None` when absent or null.
pub(super) fn whole(
    o: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<u64>, RecordingErrorKind> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or(bad(field, FieldProblem::NotWholeNumber)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(json: &str) -> Result<PublishProperties, RecordingErrorKind> {
        serde_json::from_str::<Value>(json)
            .map_err(|e| RecordingErrorKind::NotJson(e.to_string()))
            .and_then(|v| properties_from_json(&v))
    }

    #[test]
    fn properties_are_read_from_the_export_shape() {
        let p = props(
            "{\"payloadFormat\":\"utf8\",\"messageExpiry\":4294967295,\"contentType\":\"t/x\",\
             \"responseTopic\":\"r\",\"correlationData\":\"ignored\",\"correlationDataBase64\":\"/wE=\",\
             \"subscriptionIdentifiers\":[1,2],\"userProperties\":[[\"k\",\"1\"],[\"k\",\"\"]],\"future\":1}",
        );
        assert_eq!(
            p,
            Ok(PublishProperties {
                payload_utf8: Some(true),
                message_expiry_secs: Some(u32::MAX),
                content_type: Some("t/x".into()),
                response_topic: Some("r".into()),
                correlation_data: Some(vec![0xff, 0x01]),
                user_properties: vec![UserProperty::new("k", "1"), UserProperty::new("k", "")],
                subscription_identifiers: Vec::new(),
            })
        );
        assert_eq!(
            props("{\"correlationData\":\"abc\",\"payloadFormat\":\"bytes\"}")
                .map(|p| (p.correlation_data, p.payload_utf8)),
            Ok((Some(b"abc".to_vec()), Some(false)))
        );
        assert_eq!(props("{}"), Ok(PublishProperties::default()));
    }

    #[test]
    fn bad_properties_name_their_field() {
        let cases = [
            (
                "{\"payloadFormat\":\"text\"}",
                "payloadFormat",
                FieldProblem::NotPayloadFormat,
            ),
            (
                "{\"payloadFormat\":1}",
                "payloadFormat",
                FieldProblem::NotText,
            ),
            (
                "{\"messageExpiry\":4294967296}",
                "messageExpiry",
                FieldProblem::OutOfRange,
            ),
            (
                "{\"messageExpiry\":-1}",
                "messageExpiry",
                FieldProblem::NotWholeNumber,
            ),
            (
                "{\"correlationDataBase64\":\"***\"}",
                "correlationDataBase64",
                FieldProblem::NotBase64,
            ),
            (
                "{\"userProperties\":[[\"k\"]]}",
                "userProperties",
                FieldProblem::NotPairs,
            ),
            (
                "{\"userProperties\":[[\"k\",1]]}",
                "userProperties",
                FieldProblem::NotPairs,
            ),
            (
                "{\"userProperties\":{\"k\":\"v\"}}",
                "userProperties",
                FieldProblem::NotPairs,
            ),
            ("{\"contentType\":[]}", "contentType", FieldProblem::NotText),
        ];
        for (json, field, why) in cases {
            assert_eq!(props(json), Err(bad(field, why)), "{json}");
        }
    }
}
