//! How `GET /api/log` shows an entry: camelCase JSON, the payload as text and in base64,
//! the protocol version by name and user properties as `{"key","value"}` pairs.

use serde::Serialize;

use super::{LogEntry, LogKind};
use crate::mqtt::Version;

/// The API's shape of an entry, borrowed from it while it is serialized.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryJson<'a> {
    seq: u64,
    time: u64,
    kind: LogKind,
    product_key: Option<&'a str>,
    device_name: Option<&'a str>,
    topic: Option<&'a str>,
    payload: Option<&'a str>,
    payload_base64: Option<String>,
    qos: Option<u8>,
    detail: Option<&'a str>,
    protocol_version: Option<&'static str>,
    user_properties: Option<Vec<PropertyJson<'a>>>,
}

/// A user property as the API shows it: `{"key","value"}`.
#[derive(Serialize)]
struct PropertyJson<'a> {
    key: &'a str,
    value: &'a str,
}

impl Serialize for LogEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EntryJson {
            seq: self.seq,
            time: self.time,
            kind: self.kind,
            product_key: self.product_key.as_deref(),
            device_name: self.device_name.as_deref(),
            topic: self.topic.as_deref(),
            payload: self.payload_text(),
            payload_base64: self.payload_base64(),
            qos: self.qos,
            detail: self.detail.as_deref(),
            protocol_version: self.protocol.map(Version::name),
            user_properties: self.user_properties.as_ref().map(|list| {
                list.iter()
                    .map(|(key, value)| PropertyJson { key, value })
                    .collect()
            }),
        }
        .serialize(serializer)
    }
}
