//! The message log: a bounded ring of everything that happened, read through `GET /api/log`.

use std::collections::VecDeque;
use std::sync::Arc;

use base64::Engine;
use serde::Serialize;

mod json;

use crate::clock::now_ms;
use crate::mqtt::{UserProperty, Version};
use crate::registry::DeviceKey;
use crate::topic::matches;

/// How many entries the ring keeps unless `--log-capacity` says otherwise; older ones fall
/// off, `seq` keeps counting.
pub const DEFAULT_LOG_CAPACITY: usize = 10_000;

/// The largest ring `--log-capacity` accepts: `GET /api/log` without `since` answers with
/// every entry, its payload as text and in base64, so a million entries is already a JSON
/// answer of gigabytes for a stream of kilobyte messages.
pub const MAX_LOG_CAPACITY: usize = 1_000_000;

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    Connect,
    ConnectRefused,
    Disconnect,
    /// Forced offline by a second login of the same device.
    Kicked,
    /// Device → cloud message accepted.
    PublishUp,
    /// Cloud → device message (HTTP API or system reply), delivered or not (see `detail`).
    PublishDown,
    PublishDenied,
    Subscribe,
    SubscribeDenied,
    Unsubscribe,
    /// Dynamic registration answered.
    Register,
}

impl LogKind {
    fn as_str(self) -> &'static str {
        match self {
            LogKind::Connect => "connect",
            LogKind::ConnectRefused => "connect_refused",
            LogKind::Disconnect => "disconnect",
            LogKind::Kicked => "kicked",
            LogKind::PublishUp => "publish_up",
            LogKind::PublishDown => "publish_down",
            LogKind::PublishDenied => "publish_denied",
            LogKind::Subscribe => "subscribe",
            LogKind::SubscribeDenied => "subscribe_denied",
            LogKind::Unsubscribe => "unsubscribe",
            LogKind::Register => "register",
        }
    }
}

/// One entry of the log. The API shows it as `{"seq","time","kind","productKey","deviceName",
/// "topic","payload","payloadBase64","qos","detail","protocolVersion","userProperties"}`,
/// absent fields `null`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub time: u64,
    pub kind: LogKind,
    pub product_key: Option<String>,
    pub device_name: Option<String>,
    pub topic: Option<String>,
    /// The message's bytes, kept once: the text and base64 forms the API shows are made when
    /// an entry is serialized, so a full ring costs one copy of each payload, not three.
    pub payload: Option<Vec<u8>>,
    pub qos: Option<u8>,
    pub detail: Option<String>,
    /// The protocol of the device's connection, when one was involved.
    pub protocol: Option<Version>,
    /// The message's MQTT 5 user properties, in order (`None` when it had none).
    pub user_properties: Option<Vec<UserProperty>>,
}

impl LogEntry {
    /// The payload as text when it is UTF-8.
    pub fn payload_text(&self) -> Option<&str> {
        self.payload
            .as_deref()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
    }

    /// The payload in base64 (any payload, text or not).
    pub fn payload_base64(&self) -> Option<String> {
        self.payload
            .as_deref()
            .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

/// An entry to add; `seq` and `time` are filled in by the log.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: LogKind,
    pub device: Option<DeviceKey>,
    pub topic: Option<String>,
    pub payload: Option<Vec<u8>>,
    pub qos: Option<u8>,
    pub detail: Option<String>,
    pub protocol: Option<Version>,
    pub user_properties: Option<Vec<UserProperty>>,
}

impl Event {
    /// An entry of `kind` about `device` with nothing else yet.
    pub fn new(kind: LogKind, device: Option<&DeviceKey>) -> Event {
        Event {
            kind,
            device: device.cloned(),
            topic: None,
            payload: None,
            qos: None,
            detail: None,
            protocol: None,
            user_properties: None,
        }
    }

    /// Adds the message.
    pub fn message(mut self, topic: &str, payload: &[u8], qos: u8) -> Event {
        self.topic = Some(topic.to_string());
        self.payload = Some(payload.to_vec());
        self.qos = Some(qos);
        self
    }

    /// Adds a topic or filter without a payload.
    pub fn topic(mut self, topic: &str, qos: Option<u8>) -> Event {
        self.topic = Some(topic.to_string());
        self.qos = qos;
        self
    }

    /// Adds the protocol of the connection involved.
    pub fn protocol(mut self, version: Version) -> Event {
        self.protocol = Some(version);
        self
    }

    /// Adds the message's user properties (none: left out).
    pub fn user_properties(mut self, list: &[UserProperty]) -> Event {
        if !list.is_empty() {
            self.user_properties = Some(list.to_vec());
        }
        self
    }

    /// Adds the human-readable detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = Some(detail.into());
        self
    }
}

/// Which entries `GET /api/log` wants.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    /// Only entries with a larger `seq`.
    pub since: u64,
    pub product_key: Option<String>,
    pub device_name: Option<String>,
    /// Exact topic, or an MQTT filter when it contains `+` or `#`.
    pub topic: Option<String>,
}

/// The ring.
#[derive(Debug)]
pub struct MessageLog {
    entries: VecDeque<Arc<LogEntry>>,
    /// At least 1: the ring never holds more entries than this.
    capacity: usize,
    next_seq: u64,
    /// Also print each entry on stderr (the binary does; tests do not).
    echo: bool,
}

impl MessageLog {
    /// An empty log keeping the newest `capacity` entries (0 counts as 1, so the ring is
    /// always bounded); `echo` prints every entry on stderr too.
    pub fn new(echo: bool, capacity: usize) -> MessageLog {
        MessageLog {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 1,
            echo,
        }
    }

    /// Appends an entry and returns its `seq`.
    pub fn push(&mut self, event: Event) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let (product_key, device_name) = match event.device {
            Some(device) => (Some(device.product_key), Some(device.device_name)),
            None => (None, None),
        };
        let entry = LogEntry {
            seq,
            time: now_ms(),
            kind: event.kind,
            product_key,
            device_name,
            topic: event.topic,
            payload: event.payload,
            qos: event.qos,
            detail: event.detail,
            protocol: event.protocol,
            user_properties: event.user_properties,
        };
        if self.echo {
            eprintln!("{}", describe(&entry));
        }
        while self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(Arc::new(entry));
        seq
    }

    /// How many entries the ring keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Entries matching `filter`, oldest first. They are shared, not copied: the caller can
    /// serialize them after letting go of the lock without the log being duplicated.
    pub fn query(&self, filter: &LogFilter) -> Vec<Arc<LogEntry>> {
        self.entries
            .iter()
            .filter(|e| e.seq > filter.since)
            .filter(|e| same(&filter.product_key, &e.product_key))
            .filter(|e| same(&filter.device_name, &e.device_name))
            .filter(|e| match (&filter.topic, &e.topic) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(want), Some(topic)) if want.contains(['+', '#']) => matches(want, topic),
                (Some(want), Some(topic)) => want == topic,
            })
            .cloned()
            .collect()
    }
}

fn same(want: &Option<String>, have: &Option<String>) -> bool {
    match want {
        None => true,
        Some(w) => have.as_deref() == Some(w.as_str()),
    }
}

/// One stderr line per entry.
fn describe(e: &LogEntry) -> String {
    let mut line = format!("[{}] #{} {}", e.time, e.seq, e.kind.as_str());
    if let (Some(pk), Some(dn)) = (&e.product_key, &e.device_name) {
        line.push_str(&format!(" {pk}/{dn}"));
    }
    if let Some(topic) = &e.topic {
        line.push_str(&format!(" {topic}"));
    }
    if let Some(qos) = e.qos {
        line.push_str(&format!(" qos={qos}"));
    }
    if let Some(version) = e.protocol {
        line.push_str(&format!(" mqtt={}", version.name()));
    }
    if let Some(list) = &e.user_properties {
        let pairs: Vec<String> = list.iter().map(|(k, v)| format!("{k}={v}")).collect();
        line.push_str(&format!(" user-properties[{}]", pairs.join(", ")));
    }
    if let Some(detail) = &e.detail {
        line.push_str(&format!(" - {detail}"));
    }
    if let Some(text) = e.payload_text() {
        let preview: String = text.chars().take(120).collect();
        line.push_str(&format!(" | {preview}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_keeps_the_newest_and_counts_on() {
        let mut log = MessageLog::new(false, DEFAULT_LOG_CAPACITY);
        for _ in 0..DEFAULT_LOG_CAPACITY + 5 {
            log.push(Event::new(LogKind::Connect, None));
        }
        let all = log.query(&LogFilter::default());
        assert_eq!(all.len(), DEFAULT_LOG_CAPACITY);
        assert_eq!(all[0].seq, 6);
        assert_eq!(
            all.last().map(|e| e.seq),
            Some(DEFAULT_LOG_CAPACITY as u64 + 5)
        );
    }

    #[test]
    fn a_custom_capacity_keeps_that_many_and_seq_counts_on() {
        let mut log = MessageLog::new(false, 3);
        assert_eq!(log.capacity(), 3);
        for n in 1..=2u64 {
            assert_eq!(log.push(Event::new(LogKind::Connect, None)), n);
        }
        // Not full yet: nothing has fallen off.
        let seqs = |log: &MessageLog| -> Vec<u64> {
            log.query(&LogFilter::default())
                .iter()
                .map(|e| e.seq)
                .collect()
        };
        assert_eq!(seqs(&log), vec![1, 2]);
        for n in 3..=10u64 {
            assert_eq!(log.push(Event::new(LogKind::Connect, None)), n);
        }
        assert_eq!(seqs(&log), vec![8, 9, 10]);
        // `since` still works across what fell off.
        let newer = log.query(&LogFilter {
            since: 8,
            ..LogFilter::default()
        });
        assert_eq!(newer.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![9, 10]);
        let all = log.query(&LogFilter {
            since: 2,
            ..LogFilter::default()
        });
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn a_capacity_of_zero_still_bounds_the_ring() {
        let mut log = MessageLog::new(false, 0);
        assert_eq!(log.capacity(), 1);
        for _ in 0..5 {
            log.push(Event::new(LogKind::Connect, None));
        }
        let all = log.query(&LogFilter::default());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].seq, 5);
    }

    #[test]
    fn filters_and_payload_forms() {
        let mut log = MessageLog::new(false, DEFAULT_LOG_CAPACITY);
        let a = DeviceKey::new("pk", "dev-a");
        let b = DeviceKey::new("pk", "dev-b");
        log.push(Event::new(LogKind::PublishUp, Some(&a)).message(
            "/pk/dev-a/user/update",
            b"hi",
            1,
        ));
        log.push(Event::new(LogKind::PublishUp, Some(&b)).message(
            "/pk/dev-b/user/update",
            &[0xff],
            0,
        ));
        let only_a = log.query(&LogFilter {
            device_name: Some("dev-a".into()),
            ..LogFilter::default()
        });
        assert_eq!(only_a.len(), 1);
        assert_eq!(only_a[0].payload_text(), Some("hi"));
        assert_eq!(only_a[0].payload_base64().as_deref(), Some("aGk="));
        let binary = log.query(&LogFilter {
            topic: Some("/pk/+/user/update".into()),
            since: 1,
            ..LogFilter::default()
        });
        assert_eq!(binary.len(), 1);
        assert_eq!(binary[0].payload_text(), None);
        assert_eq!(binary[0].payload_base64().as_deref(), Some("/w=="));
        let json = serde_json::to_value(&*binary[0]).unwrap();
        assert_eq!(json["kind"], "publish_up");
        assert_eq!(json["deviceName"], "dev-b");
        assert!(json["detail"].is_null());
        assert!(json["payload"].is_null());
        assert_eq!(json["payloadBase64"], "/w==");
        let text = serde_json::to_value(&*only_a[0]).unwrap();
        assert_eq!(text["payload"], "hi");
        assert_eq!(text["payloadBase64"], "aGk=");
        assert_eq!(text["seq"], 1);
        assert_eq!(text["qos"], 1);
        assert_eq!(text["topic"], "/pk/dev-a/user/update");
        assert_eq!(text["productKey"], "pk");
        assert!(text["time"].is_u64());
    }
}
