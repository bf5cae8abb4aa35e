//! Writing a recording: JSON lines (UTF-8, each line ending in `\n`).
//!
//! Line 1 is the header:
//! `{"recording":"mqtt-console","version":1,"started":"<ISO 8601 UTC>","startedMs":<Unix ms>,
//! "connection":"<name>","filter":"<topic filter>"|null,"messages":<n>|null}`;
//! then one line per message:
//! `{"t":<ms since the start>,"time":"<ISO 8601 UTC>","topic":"…","qos":0,"retain":false,
//! "payload":"<base64>","properties":{…}}`, `properties` only when the message has any, in the
//! shape of the JSON export. Keys are written in this order (by hand, since `serde_json` sorts
//! them) so a person reading the file sees the time and topic first.

use std::fmt::Write as _;

use serde_json::Value;

use super::file::{RecordingHeader, RECORDING_FORMAT, RECORDING_VERSION};
use crate::model::export::iso8601_utc;
use crate::model::export_props::properties_json;
use crate::model::log::LogEntry;
use crate::model::payload::to_base64;
use crate::mqtt::PublishProperties;

/// Largest |time| a JavaScript `Date` holds, as in `export.rs`.
const MAX_TIME_MS: f64 = 8.64e15;

/// Writes a recording a slice at a time, so that a log of a million messages is turned into a
/// file without freezing the page: push some entries, [`take`](RecordingWriter::take) the text
/// (one part of the Blob), yield, push more.
#[derive(Clone, Debug)]
pub struct RecordingWriter {
    /// The start every `t` is measured from.
    started_ms: f64,
    /// What was written since the last `take`.
    out: String,
    written: u64,
    /// The last `t` written: a wall clock set back while recording must not make `t` decrease,
    /// which the reader refuses.
    last_t: u64,
}

impl RecordingWriter {
    /// A writer whose first line is `header`. A start outside the `Date` range (NaN) is written
    /// as 0.
    pub fn new(header: RecordingHeader) -> Self {
        let started_ms = if header.started_ms.is_finite() && header.started_ms.abs() <= MAX_TIME_MS
        {
            header.started_ms.floor()
        } else {
            0.0
        };
        let mut out = String::from("{\"recording\":");
        push_value(&mut out, &Value::from(RECORDING_FORMAT));
        let _ = write!(out, ",\"version\":{RECORDING_VERSION},\"started\":");
        push_value(&mut out, &Value::from(iso8601_utc(started_ms)));
        // In range and whole, so the cast is exact.
        let _ = write!(out, ",\"startedMs\":{}", started_ms as i64);
        out.push_str(",\"connection\":");
        push_value(&mut out, &Value::from(header.connection));
        out.push_str(",\"filter\":");
        push_value(&mut out, &Value::from(header.filter));
        out.push_str(",\"messages\":");
        push_value(&mut out, &Value::from(header.messages));
        out.push_str("}\n");
        RecordingWriter {
            started_ms,
            out,
            written: 0,
            last_t: 0,
        }
    }

    /// Call for each entry of the recording, in log order, with its properties if it has any:
    /// appends its line. `t` is its time since the start in whole milliseconds, 0 for an entry
    /// from before the start, and never less than the `t` before it.
    pub fn push(&mut self, entry: &LogEntry, properties: Option<&PublishProperties>) {
        let since = (entry.time_ms - self.started_ms).floor();
        // `as` saturates, and NaN (an entry without a time) becomes 0.
        let t = if since > 0.0 { since as u64 } else { 0 }.max(self.last_t);
        self.last_t = t;
        let out = &mut self.out;
        let _ = write!(out, "{{\"t\":{t},\"time\":");
        push_value(out, &Value::from(iso8601_utc(entry.time_ms)));
        out.push_str(",\"topic\":");
        push_value(out, &Value::from(entry.topic.as_str()));
        let _ = write!(
            out,
            ",\"qos\":{},\"retain\":{},\"payload\":\"{}\"",
            entry.qos,
            entry.retain,
            to_base64(&entry.payload)
        );
        if let Some(p) = properties.filter(|p| !p.is_empty()) {
            out.push_str(",\"properties\":");
            push_value(out, &properties_json(p));
        }
        out.push_str("}\n");
        self.written += 1;
    }

    /// Call when a slice of entries is pushed: the text written since the last call (the
    /// header included the first time), to become one part of the file.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// How many messages were pushed so far.
    pub fn written(&self) -> u64 {
        self.written
    }
}

fn push_value(out: &mut String, value: &Value) {
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::log::Direction;
    use crate::model::recording::file::RecordedMessage;
    use crate::model::recording::parse::parse_recording;
    use crate::mqtt::UserProperty;
    use bytes::Bytes;

    const START: f64 = 1_700_000_000_000.0;

    fn entry(time_ms: f64, topic: &str, payload: &[u8], qos: u8, retain: bool) -> LogEntry {
        LogEntry {
            seq: 0,
            time_ms,
            direction: Direction::In,
            topic: topic.into(),
            payload: Bytes::copy_from_slice(payload),
            qos,
            retain,
            dup: false,
        }
    }

    fn header(messages: Option<u64>) -> RecordingHeader {
        RecordingHeader {
            started_ms: START,
            connection: "plant \"A\"".into(),
            filter: Some("sensors/#".into()),
            messages,
        }
    }

    #[test]
    fn the_header_line_has_its_fields_in_order() {
        let mut w = RecordingWriter::new(header(Some(3)));
        assert_eq!(
            w.take(),
            "{\"recording\":\"mqtt-console\",\"version\":1,\"started\":\"2023-11-14T22:13:20.000Z\",\
             \"startedMs\":1700000000000,\"connection\":\"plant \\\"A\\\"\",\
             \"filter\":\"sensors/#\",\"messages\":3}\n"
        );
        assert_eq!(w.take(), "", "taken once");
        let mut w = RecordingWriter::new(RecordingHeader {
            started_ms: f64::NAN,
            connection: String::new(),
            filter: None,
            messages: None,
        });
        assert!(w.take().ends_with(
            "\"started\":\"1970-01-01T00:00:00.000Z\",\"startedMs\":0,\"connection\":\"\",\
             \"filter\":null,\"messages\":null}\n"
        ));
    }

    #[test]
    fn a_message_line_reads_like_the_json_export() {
        let mut w = RecordingWriter::new(header(None));
        w.take();
        w.push(&entry(START + 1500.9, "a/b", b"hi", 1, true), None);
        let empty = PublishProperties::default();
        w.push(
            &entry(START + 2000.0, "a/c", &[0xff], 0, false),
            Some(&empty),
        );
        assert_eq!(
            w.take(),
            "{\"t\":1500,\"time\":\"2023-11-14T22:13:21.500Z\",\"topic\":\"a/b\",\"qos\":1,\
             \"retain\":true,\"payload\":\"aGk=\"}\n\
             {\"t\":2000,\"time\":\"2023-11-14T22:13:22.000Z\",\"topic\":\"a/c\",\"qos\":0,\
             \"retain\":false,\"payload\":\"/w==\"}\n"
        );
        assert_eq!(w.written(), 2);
    }

    #[test]
    fn t_never_decreases_and_never_goes_below_zero() {
        let mut w = RecordingWriter::new(header(None));
        for at in [-500.0, 300.0, 100.0, f64::NAN, 400.0] {
            w.push(&entry(START + at, "t", b"", 0, false), None);
        }
        let text = w.take();
        let ts: Vec<u64> = parse_recording(&text)
            .map(|r| r.messages.iter().map(|m| m.at_ms).collect())
            .unwrap_or_default();
        assert_eq!(ts, [0, 300, 300, 300, 400]);
        assert!(
            text.contains("\"time\":null"),
            "a time NaN is written as null"
        );
    }

    #[test]
    fn round_trip_gives_back_every_field() {
        let props = PublishProperties {
            payload_utf8: Some(false),
            message_expiry_secs: Some(30),
            content_type: Some("application/octet-stream".into()),
            response_topic: Some("reply/7".into()),
            // Correlation data that is valid text, but the base64 copy is read first.
            correlation_data: Some(b"ff 01".to_vec()),
            user_properties: vec![
                UserProperty::new("b", "2"),
                UserProperty::new("a", "1"),
                UserProperty::new("b", ""),
            ],
            subscription_identifiers: vec![9],
        };
        let entries = [
            entry(START + 20.0, "sensors/t1", b"{\"v\":1}", 0, false),
            entry(
                START + 20.4,
                "sensors/\u{e9}t\u{e9}",
                &[0, 0xff, 0xfe, 0x80],
                2,
                true,
            ),
            entry(START + 5_000.0, "sensors/t1", b"", 1, false),
        ];
        let mut w = RecordingWriter::new(header(Some(3)));
        let mut file = w.take();
        w.push(&entries[0], None);
        w.push(&entries[1], Some(&props));
        file.push_str(&w.take());
        w.push(&entries[2], None);
        file.push_str(&w.take());

        let rec = parse_recording(&file).map_err(|e| format!("{e:?}"));
        let rec = rec.as_ref().map_err(String::as_str);
        assert_eq!(rec.map(|r| r.header.clone()), Ok(Some(header(Some(3)))));
        let messages = rec.map(|r| r.messages.clone()).unwrap_or_default();
        let expected_props = PublishProperties {
            subscription_identifiers: Vec::new(),
            ..props
        };
        let expected: Vec<RecordedMessage> = entries
            .iter()
            .zip([20, 20, 5_000])
            .zip([None, Some(&expected_props), None])
            .map(|((e, at_ms), p)| RecordedMessage {
                at_ms,
                time_ms: e.time_ms.floor(),
                topic: e.topic.clone(),
                qos: e.qos,
                retain: e.retain,
                payload: e.payload.clone(),
                properties: p.cloned().unwrap_or_default(),
            })
            .collect();
        assert_eq!(messages, expected);
    }
}
