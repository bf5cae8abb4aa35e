//! Reading a recording back (the format is described in `format.rs`).
//!
//! The header is optional, so a file of message lines only (written by another tool, or cut
//! out of a recording) is accepted. Blank lines, CR before LF and a UTF-8 byte order mark are
//! skipped. Every error names its 1-based line; the file's own rules are checked (a topic is a
//! valid topic name, `t` never decreases), the properties only for their shape: the session
//! checks them again before publishing.

use serde_json::{Map, Value};

use super::error::{bad, FieldProblem, RecordingError, RecordingErrorKind};
use super::file::{
    RecordedMessage, Recording, RecordingHeader, RECORDING_FORMAT, RECORDING_VERSION,
};
use super::props::{properties_from_json, text, whole};
use super::time::parse_iso8601_utc;
use crate::model::payload::{self, PayloadFormat};
use crate::mqtt::{check_topic, PublishProperties};

/// A file larger than this is not read: it would hold more than a page can keep in memory.
pub const MAX_RECORDING_BYTES: usize = 512 * 1024 * 1024;

/// Reads a recording file (its whole text).
pub fn parse_recording(text: &str) -> Result<Recording, RecordingError> {
    parse_at_most(text, MAX_RECORDING_BYTES)
}

/// [`parse_recording`] with the size limit as a parameter, so tests need not fill 512 MiB.
fn parse_at_most(text: &str, max_bytes: usize) -> Result<Recording, RecordingError> {
    let whole_file = |kind| RecordingError { line: 0, kind };
    if text.len() > max_bytes {
        return Err(whole_file(RecordingErrorKind::TooLarge {
            bytes: text.len(),
        }));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header = None;
    let mut messages: Vec<RecordedMessage> = Vec::new();
    let mut first = true;
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let at = |kind| RecordingError { line: i + 1, kind };
        let object = match serde_json::from_str(line) {
            Ok(Value::Object(object)) => object,
            Ok(_) => return Err(at(RecordingErrorKind::NotAnObject)),
            Err(e) => return Err(at(RecordingErrorKind::NotJson(json_reason(&e)))),
        };
        if object.contains_key("recording") {
            if !first {
                return Err(at(bad("recording", FieldProblem::HeaderNotFirst)));
            }
            header = Some(read_header(&object).map_err(at)?);
        } else {
            let message = read_message(&object, header.as_ref()).map_err(at)?;
            if let Some(previous) = messages.last().map(|m| m.at_ms) {
                if message.at_ms < previous {
                    return Err(at(RecordingErrorKind::TimeGoesBack {
                        previous,
                        this: message.at_ms,
                    }));
                }
            }
            messages.push(message);
        }
        first = false;
    }
    if messages.is_empty() {
        return Err(whole_file(RecordingErrorKind::Empty));
    }
    Ok(Recording { header, messages })
}

fn read_header(o: &Map<String, Value>) -> Result<RecordingHeader, RecordingErrorKind> {
    if text(o, "recording")? != Some(RECORDING_FORMAT) {
        return Err(bad("recording", FieldProblem::NotOurs));
    }
    match whole(o, "version")? {
        None => return Err(RecordingErrorKind::Missing("version")),
        Some(0) => return Err(bad("version", FieldProblem::OutOfRange)),
        Some(v) if v > RECORDING_VERSION => return Err(RecordingErrorKind::Version(v)),
        Some(_) => {}
    }
    let started_ms = match o.get("startedMs") {
        None | Some(Value::Null) => match text(o, "started")? {
            Some(iso) => parse_iso8601_utc(iso).ok_or(bad("started", FieldProblem::NotIsoTime))?,
            None => return Err(RecordingErrorKind::Missing("startedMs")),
        },
        Some(v) => v
            .as_f64()
            .ok_or(bad("startedMs", FieldProblem::NotNumber))?,
    };
    Ok(RecordingHeader {
        started_ms,
        connection: text(o, "connection")?.unwrap_or_default().to_owned(),
        filter: text(o, "filter")?.map(str::to_owned),
        messages: whole(o, "messages")?,
    })
}

fn read_message(
    o: &Map<String, Value>,
    header: Option<&RecordingHeader>,
) -> Result<RecordedMessage, RecordingErrorKind> {
    let at_ms = whole(o, "t")?.ok_or(RecordingErrorKind::Missing("t"))?;
    let time_ms = match text(o, "time")? {
        Some(iso) => parse_iso8601_utc(iso).ok_or(bad("time", FieldProblem::NotIsoTime))?,
        // Written as null when the entry had no time: the start and `t` say it best.
        None => header.map_or(f64::NAN, |h| h.started_ms + at_ms as f64),
    };
    let topic = text(o, "topic")?.ok_or(RecordingErrorKind::Missing("topic"))?;
    check_topic(topic).map_err(RecordingErrorKind::BadTopic)?;
    let qos = whole(o, "qos")?.ok_or(RecordingErrorKind::Missing("qos"))?;
    let qos = u8::try_from(qos)
        .ok()
        .filter(|q| *q <= 2)
        .ok_or(RecordingErrorKind::BadQos(qos))?;
    let retain = match o.get("retain") {
        None | Some(Value::Null) => return Err(RecordingErrorKind::Missing("retain")),
        Some(v) => v.as_bool().ok_or(bad("retain", FieldProblem::NotBool))?,
    };
    let payload = text(o, "payload")?.ok_or(RecordingErrorKind::Missing("payload"))?;
    let payload = payload::parse(payload, PayloadFormat::Base64)
        .map_err(|_| RecordingErrorKind::BadBase64)?;
    let properties = match o.get("properties") {
        None | Some(Value::Null) => PublishProperties::default(),
        Some(v) => properties_from_json(v)?,
    };
    Ok(RecordedMessage {
        at_ms,
        time_ms,
        topic: topic.to_owned(),
        qos,
        retain,
        payload: payload.into(),
        properties,
    })
}

/// serde_json's explanation without " at line 1 column C": the line is ours to say.
fn json_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::{MqttError, StringField};

    const HEADER: &str = "{\"recording\":\"mqtt-console\",\"version\":1,\
        \"started\":\"2023-11-14T22:13:20.000Z\",\"startedMs\":1700000000000,\
        \"connection\":\"c\",\"filter\":null,\"messages\":null}";

    fn line(t: u64, topic: &str) -> String {
        format!("{{\"t\":{t},\"topic\":\"{topic}\",\"qos\":0,\"retain\":false,\"payload\":\"\"}}")
    }

    /// The error of a file whose lines are `lines` joined with `\n`.
    fn error(lines: &[&str]) -> Option<(usize, RecordingErrorKind)> {
        parse_recording(&lines.join("\n"))
            .err()
            .map(|e| (e.line, e.kind))
    }

    fn bad_at(
        line: usize,
        field: &'static str,
        why: FieldProblem,
    ) -> Option<(usize, RecordingErrorKind)> {
        Some((line, bad(field, why)))
    }

    #[test]
    fn header_is_optional_and_blank_lines_bom_and_crlf_are_skipped() {
        let file = format!("\u{feff}\r\n{}\r\n\r\n  \n{}\n", line(5, "a"), line(7, "b"));
        let rec = parse_recording(&file);
        assert_eq!(rec.as_ref().map(|r| r.header.is_none()), Ok(true));
        let rec = rec.map(|r| r.messages).unwrap_or_default();
        let got: Vec<(u64, &str)> = rec.iter().map(|m| (m.at_ms, m.topic.as_str())).collect();
        assert_eq!(got, [(5, "a"), (7, "b")]);
        assert!(rec[0].time_ms.is_nan(), "no time and no header to tell it");

        let file = format!("{HEADER}\n{}", line(250, "a"));
        let rec = parse_recording(&file)
            .map(|r| r.messages)
            .unwrap_or_default();
        assert_eq!(rec.first().map(|m| m.time_ms), Some(1_700_000_000_250.0));
    }

    #[test]
    fn a_header_needs_only_its_version_and_start() {
        let minimal =
            "{\"recording\":\"mqtt-console\",\"version\":1,\"started\":\"1970-01-01T00:00:01Z\"}";
        let header = parse_recording(&format!("{minimal}\n{}", line(0, "a"))).map(|r| r.header);
        assert_eq!(
            header,
            Ok(Some(RecordingHeader {
                started_ms: 1000.0,
                connection: String::new(),
                filter: None,
                messages: None,
            }))
        );
    }

    #[test]
    fn whole_file_errors_have_line_zero() {
        assert_eq!(error(&[]), Some((0, RecordingErrorKind::Empty)));
        assert_eq!(error(&[HEADER, ""]), Some((0, RecordingErrorKind::Empty)));
        assert_eq!(
            parse_at_most(&" ".repeat(11), 10)
                .map_err(|e| (e.line, e.kind))
                .err(),
            Some((0, RecordingErrorKind::TooLarge { bytes: 11 }))
        );
        assert_eq!(MAX_RECORDING_BYTES, 1 << 29);
    }

    #[test]
    fn line_errors_name_their_line() {
        let ok = line(0, "a");
        let field = |json: &str| error(&[HEADER, "", ok.as_str(), json]);
        let not_json = field("{\"t\":");
        assert!(
            matches!(not_json, Some((4, RecordingErrorKind::NotJson(ref why))) if why.contains("EOF"))
        );
        assert_eq!(field("[1]"), Some((4, RecordingErrorKind::NotAnObject)));
        assert_eq!(
            field("{\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"\"}"),
            Some((4, RecordingErrorKind::Missing("t")))
        );
        for missing in ["topic", "qos", "retain", "payload"] {
            let mut o: Map<String, Value> = serde_json::from_str(&ok).unwrap_or_default();
            o.insert(missing.into(), Value::Null);
            let text = Value::Object(o).to_string();
            assert_eq!(
                field(&text),
                Some((4, RecordingErrorKind::Missing(missing)))
            );
        }
        assert_eq!(
            field("{\"t\":1.5,\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"\"}"),
            bad_at(4, "t", FieldProblem::NotWholeNumber)
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":7,\"qos\":0,\"retain\":false,\"payload\":\"\"}"),
            bad_at(4, "topic", FieldProblem::NotText)
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":\"a\",\"qos\":0,\"retain\":1,\"payload\":\"\"}"),
            bad_at(4, "retain", FieldProblem::NotBool)
        );
        assert_eq!(
            field("{\"t\":1,\"time\":\"yesterday\",\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"\"}"),
            bad_at(4, "time", FieldProblem::NotIsoTime)
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"\",\"properties\":[]}"),
            bad_at(4, "properties", FieldProblem::NotObject)
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"a$==\"}"),
            Some((4, RecordingErrorKind::BadBase64))
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":\"a\",\"qos\":3,\"retain\":false,\"payload\":\"\"}"),
            Some((4, RecordingErrorKind::BadQos(3)))
        );
        assert_eq!(
            field("{\"t\":1,\"topic\":\"a\",\"qos\":300,\"retain\":false,\"payload\":\"\"}"),
            Some((4, RecordingErrorKind::BadQos(300)))
        );
    }

    #[test]
    fn topics_follow_the_core_rules() {
        let topic = |t: &str| error(&[&line(0, t)]).map(|(_, k)| k);
        assert_eq!(
            topic(""),
            Some(RecordingErrorKind::BadTopic(MqttError::EmptyTopic))
        );
        assert_eq!(
            topic("a/+"),
            Some(RecordingErrorKind::BadTopic(MqttError::WildcardInTopic(
                "a/+".into()
            )))
        );
        assert_eq!(
            topic("a\\u0000"),
            Some(RecordingErrorKind::BadTopic(MqttError::NulCharacter {
                field: StringField::Topic
            }))
        );
        let long = "x".repeat(65_536);
        assert_eq!(
            topic(&long),
            Some(RecordingErrorKind::BadTopic(MqttError::StringTooLong {
                field: StringField::Topic,
                len: 65_536
            }))
        );
        assert_eq!(error(&[&line(0, &long[1..])]), None, "65535 bytes is fine");
    }

    #[test]
    fn time_must_not_go_back() {
        let (a, b, c) = (line(10, "a"), line(10, "a"), line(9, "a"));
        assert_eq!(
            error(&[&a, &b, &c]),
            Some((
                3,
                RecordingErrorKind::TimeGoesBack {
                    previous: 10,
                    this: 9
                }
            ))
        );
    }

    #[test]
    fn header_errors() {
        let m = line(0, "a");
        let header = |json: &str| error(&[json, &m]);
        assert_eq!(
            header("{\"recording\":\"other-tool\",\"version\":1,\"startedMs\":0}"),
            bad_at(1, "recording", FieldProblem::NotOurs)
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"startedMs\":0}"),
            Some((1, RecordingErrorKind::Missing("version")))
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"version\":2,\"startedMs\":0}"),
            Some((1, RecordingErrorKind::Version(2)))
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"version\":0,\"startedMs\":0}"),
            bad_at(1, "version", FieldProblem::OutOfRange)
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"version\":1}"),
            Some((1, RecordingErrorKind::Missing("startedMs")))
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"version\":1,\"startedMs\":\"0\"}"),
            bad_at(1, "startedMs", FieldProblem::NotNumber)
        );
        assert_eq!(
            header("{\"recording\":\"mqtt-console\",\"version\":1,\"started\":\"now\"}"),
            bad_at(1, "started", FieldProblem::NotIsoTime)
        );
        assert_eq!(
            header(
                "{\"recording\":\"mqtt-console\",\"version\":1,\"startedMs\":0,\"messages\":-1}"
            ),
            bad_at(1, "messages", FieldProblem::NotWholeNumber)
        );
        assert_eq!(
            error(&[&m, HEADER]),
            bad_at(2, "recording", FieldProblem::HeaderNotFirst)
        );
    }

    #[test]
    fn bad_properties_name_their_line() {
        let file = format!(
            "{}\n{{\"t\":1,\"topic\":\"a\",\"qos\":0,\"retain\":false,\"payload\":\"\",\"properties\":{{\"messageExpiry\":\"1\"}}}}",
            line(0, "a")
        );
        assert_eq!(
            parse_recording(&file).map_err(|e| (e.line, e.kind)).err(),
            bad_at(2, "messageExpiry", FieldProblem::NotWholeNumber)
        );
    }
}
