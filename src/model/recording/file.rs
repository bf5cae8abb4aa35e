//! What a recording file holds, as plain values (the writer is `format.rs`, the reader
//! `parse.rs`).

use bytes::Bytes;

use crate::mqtt::PublishProperties;

/// The `recording` value of a header: what tells our recordings from other JSON lines.
pub const RECORDING_FORMAT: &str = "mqtt-console";

/// The format version written in the header; a file of a newer version is refused.
pub const RECORDING_VERSION: u64 = 1;

/// One message of a recording.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedMessage {
    /// Milliseconds since the recording's start; never less than the message before.
    pub at_ms: u64,
    /// Wall-clock time it was received, Unix milliseconds (NaN when the file does not say).
    pub time_ms: f64,
    /// The topic it arrived on.
    pub topic: String,
    /// 0, 1 or 2.
    pub qos: u8,
    /// The retain flag as it arrived.
    pub retain: bool,
    /// The payload, byte for byte.
    pub payload: Bytes,
    /// Its MQTT 5 properties (empty for MQTT 3.1.1); subscription identifiers are never read
    /// back, since a client cannot send them.
    pub properties: PublishProperties,
}

/// The first line of a recording: where and when it was made.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordingHeader {
    /// When the recording started, Unix milliseconds.
    pub started_ms: f64,
    /// The name of the connection it was recorded on.
    pub connection: String,
    /// The topic filter that chose the messages, `None` for every received message.
    pub filter: Option<String>,
    /// How many messages follow, when known before writing them.
    pub messages: Option<u64>,
}

/// A recording file as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    /// The header line, `None` for a file of message lines only.
    pub header: Option<RecordingHeader>,
    /// The messages in file order, at least one.
    pub messages: Vec<RecordedMessage>,
}

#[cfg(test)]
impl RecordedMessage {
    /// A QoS 0 message without payload or properties, `at_ms` into a recording, for tests.
    pub(crate) fn bare(at_ms: u64, topic: String) -> RecordedMessage {
        RecordedMessage {
            at_ms,
            time_ms: 0.0,
            topic,
            qos: 0,
            retain: false,
            payload: bytes::Bytes::new(),
            properties: Default::default(),
        }
    }
}
