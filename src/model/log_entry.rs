//! One logged message and what travels with it: the entry kept in the log's ring (as small as
//! it was before MQTT 5), its extras kept beside it when it has any, and the [`Logged`] message
//! on its way from the connection into the log.

use std::ops::Deref;

use bytes::Bytes;

use super::request_response::Pairing;
use crate::mqtt::{PublishProperties, ReasonCode, ReasonPacket};

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Received from the broker.
    In,
    /// Published by this console.
    Out,
}

impl Direction {
    /// The `data-direction` value of the UI contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// One logged message.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Position in the log since the page loaded; unique, increasing, a stable key for views.
    pub seq: u64,
    /// Wall-clock time in Unix milliseconds.
    pub time_ms: f64,
    /// Sent or received.
    pub direction: Direction,
    /// The topic as it travelled.
    pub topic: String,
    /// The payload exactly as it travelled.
    pub payload: Bytes,
    /// 0, 1 or 2.
    pub qos: u8,
    /// The retain flag.
    pub retain: bool,
    /// The DUP flag: the broker says this may be a repeat.
    pub dup: bool,
}

// The entry stays the 48 bytes it was before MQTT 5 on the page (issue 13): what MQTT 5 adds
// lives in the log's side table, so a message without properties costs nothing more.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<LogEntry>() == 48);

/// How the broker answered one of our publishes with a reason code (MQTT 5 PUBACK, PUBREC or
/// PUBCOMP), shown next to the publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AckOutcome {
    /// The packet that carried the reason.
    pub packet: ReasonPacket,
    /// The reason code.
    pub reason: ReasonCode,
    /// The broker's own words, if it sent any.
    pub reason_string: Option<String>,
}

/// What a logged message carries besides its [`LogEntry`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extras {
    /// Its MQTT 5 properties (empty when it had none).
    pub properties: PublishProperties,
    /// For a reply: its request and the time between them.
    pub reply_to: Option<Pairing>,
    /// For our publish: the broker's reason code, once it came.
    pub outcome: Option<AckOutcome>,
}

/// A message on its way into the log: the entry, its properties when it has any, and, for our
/// QoS 1/2 publishes, the packet id its acknowledgement will name. Reads as its entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Logged {
    /// The entry to log.
    pub entry: LogEntry,
    /// Its MQTT 5 properties; `None` when there are none.
    pub properties: Option<Box<PublishProperties>>,
    /// The packet id of our publish at QoS 1 or 2.
    pub packet_id: Option<u16>,
}

impl Logged {
    /// A message with these properties (`None` or empty ones are dropped).
    pub fn new(entry: LogEntry, properties: PublishProperties, packet_id: Option<u16>) -> Logged {
        Logged {
            entry,
            properties: (!properties.is_empty()).then(|| Box::new(properties)),
            packet_id,
        }
    }
}

impl From<LogEntry> for Logged {
    fn from(entry: LogEntry) -> Logged {
        Logged {
            entry,
            properties: None,
            packet_id: None,
        }
    }
}

impl Deref for Logged {
    type Target = LogEntry;

    fn deref(&self) -> &LogEntry {
        &self.entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> LogEntry {
        LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction: Direction::In,
            topic: "t".into(),
            payload: Bytes::new(),
            qos: 0,
            retain: false,
            dup: false,
        }
    }

    #[test]
    fn a_logged_message_reads_as_its_entry_and_drops_empty_properties() {
        let with = PublishProperties {
            content_type: Some("c".into()),
            ..PublishProperties::default()
        };
        let l = Logged::new(entry(), with, Some(3));
        assert_eq!(l.topic, "t");
        assert!(l.properties.is_some());
        assert_eq!(l.packet_id, Some(3));
        assert!(Logged::new(entry(), PublishProperties::default(), None)
            .properties
            .is_none());
        assert_eq!(Logged::from(entry()).properties, None);
    }
}
