//! The MQTT 5 properties of a logged message as the exports write them: a JSON object, and the
//! cells of the CSV columns that follow the 3.1.1 ones.

use serde_json::{json, Map, Value};

use super::message_props::correlation_text;
use super::payload::to_base64;
use crate::mqtt::PublishProperties;

/// The MQTT 5 columns [`to_csv_with`] adds when some message has properties.
pub(super) const CSV_PROPERTY_COLUMNS: &str = ",content_type,response_topic,correlation_data,\
correlation_data_base64,message_expiry,payload_format,subscription_identifiers,user_properties";

/// Every property of `p` as a JSON object; correlation data both as text (UTF-8, else hex)
/// and exactly as base64.
pub(super) fn properties_json(p: &PublishProperties) -> Value {
    let mut m = Map::new();
    if let Some(v) = p.payload_utf8 {
        m.insert(
            "payloadFormat".into(),
            json!(if v { "utf8" } else { "bytes" }),
        );
    }
    if let Some(v) = p.message_expiry_secs {
        m.insert("messageExpiry".into(), json!(v));
    }
    if let Some(v) = &p.content_type {
        m.insert("contentType".into(), json!(v));
    }
    if let Some(v) = &p.response_topic {
        m.insert("responseTopic".into(), json!(v));
    }
    if let Some(v) = &p.correlation_data {
        m.insert("correlationData".into(), json!(correlation_text(v)));
        m.insert("correlationDataBase64".into(), json!(to_base64(v)));
    }
    if !p.subscription_identifiers.is_empty() {
        m.insert(
            "subscriptionIdentifiers".into(),
            json!(p.subscription_identifiers),
        );
    }
    if !p.user_properties.is_empty() {
        let pairs: Vec<Value> = p
            .user_properties
            .iter()
            .map(|u| json!([u.key, u.value]))
            .collect();
        m.insert("userProperties".into(), Value::Array(pairs));
    }
    Value::Object(m)
}

/// One CSV cell of a property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum CsvCell {
    /// Text that came off the wire: defused against formula injection when written.
    Text(String),
    /// Digits, base64 or a fixed word: written as is.
    Plain(String),
}

/// The cells of [`CSV_PROPERTY_COLUMNS`], in order; all empty for a message without properties.
pub(super) fn csv_cells(p: Option<&PublishProperties>) -> [CsvCell; 8] {
    let default = PublishProperties::default();
    let p = p.unwrap_or(&default);
    let text = |v: Option<&str>| CsvCell::Text(v.unwrap_or_default().to_owned());
    let user_properties = if p.user_properties.is_empty() {
        String::new()
    } else {
        let pairs: Vec<Value> = p
            .user_properties
            .iter()
            .map(|u| json!([u.key, u.value]))
            .collect();
        Value::Array(pairs).to_string()
    };
    let ids: Vec<String> = p
        .subscription_identifiers
        .iter()
        .map(u32::to_string)
        .collect();
    [
        text(p.content_type.as_deref()),
        text(p.response_topic.as_deref()),
        CsvCell::Text(
            p.correlation_data
                .as_deref()
                .map(correlation_text)
                .unwrap_or_default(),
        ),
        CsvCell::Plain(
            p.correlation_data
                .as_deref()
                .map(to_base64)
                .unwrap_or_default(),
        ),
        CsvCell::Plain(
            p.message_expiry_secs
                .map(|s| s.to_string())
                .unwrap_or_default(),
        ),
        CsvCell::Plain(
            match p.payload_utf8 {
                Some(true) => "utf8",
                Some(false) => "bytes",
                None => "",
            }
            .to_owned(),
        ),
        CsvCell::Plain(ids.join(";")),
        CsvCell::Text(user_properties),
    ]
}
