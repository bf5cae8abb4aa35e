//! Exports of the message log as JSON and CSV files.
//!
//! Payloads are bytes: both formats carry them as base64 (exact) and, when they are UTF-8, as
//! text (readable). Times are written in ISO 8601 UTC computed from the entry's Unix
//! milliseconds alone, so the export needs no clock and gives the same text on every machine.
//!
//! MQTT 5 properties are exported in full: as a `properties` object in JSON, and in CSV as
//! extra columns, which appear only when some exported message has properties, so a 3.1.1 log
//! exports exactly as before.

use serde_json::{json, Value};

use super::export_props::{csv_cells, properties_json, CsvCell, CSV_PROPERTY_COLUMNS};
use super::log::{Extras, LogEntry};
use super::payload::to_base64;
use crate::mqtt::PublishProperties;

/// Largest |time| a JavaScript `Date` can hold (±100,000,000 days); beyond it the time is
/// written as null/empty rather than as a date no tool can read.
const MAX_TIME_MS: f64 = 8.64e15;

/// Days since 1970-01-01 → (year, month 1–12, day 1–31) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`), valid for the whole `Date` range.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

/// `2023-11-14T22:13:20.000Z` for Unix milliseconds (fractions of a millisecond dropped);
/// None for NaN, infinities and times outside the `Date` range. Years outside 0–9999 use the
/// six-digit signed form of `Date.toISOString`.
pub fn iso8601_utc(time_ms: f64) -> Option<String> {
    if !time_ms.is_finite() || time_ms.abs() > MAX_TIME_MS {
        return None;
    }
    // In range, so the cast is exact after floor.
    let ms = time_ms.floor() as i64;
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    Some(format!(
        "{year}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z"
    ))
}

fn entry_json(e: &LogEntry, extras: Option<&Extras>) -> Value {
    let mut v = entry_json_311(e);
    if let (Some(x), Value::Object(m)) = (extras, &mut v) {
        if !x.properties.is_empty() {
            m.insert("properties".into(), properties_json(&x.properties));
        }
        if let Some(r) = &x.reply_to {
            m.insert(
                "replyTo".into(),
                json!({ "request": r.request_seq, "afterMs": r.after_ms }),
            );
        }
        if let Some(o) = &x.outcome {
            m.insert("reasonCode".into(), json!(o.reason.as_u8()));
            if let Some(s) = &o.reason_string {
                m.insert("reasonString".into(), json!(s));
            }
        }
    }
    v
}

fn entry_json_311(e: &LogEntry) -> Value {
    json!({
        "time": iso8601_utc(e.time_ms),
        // serde_json writes a non-finite f64 as null, which is what we want.
        "timeMs": e.time_ms,
        "direction": e.direction.as_str(),
        "topic": e.topic,
        "qos": e.qos,
        "retain": e.retain,
        "dup": e.dup,
        "payload": std::str::from_utf8(&e.payload).ok(),
        "payloadBase64": to_base64(&e.payload),
    })
}

/// A JSON array, one entry object per line:
/// `{time, timeMs, direction ("in"|"out"), topic, qos, retain, dup, payload (UTF-8 text or
/// null), payloadBase64}`.
pub fn to_json<'a>(entries: impl Iterator<Item = &'a LogEntry>) -> String {
    to_json_with(entries.map(|e| (e, None)))
}

/// [`to_json`] with what each entry carries besides: a `properties` object (`payloadFormat`
/// `"bytes"|"utf8"`, `messageExpiry`, `contentType`, `responseTopic`, `correlationData` as
/// text, `correlationDataBase64`, `subscriptionIdentifiers`, `userProperties` as `[name,
/// value]` pairs in order), `replyTo` `{request, afterMs}` and `reasonCode`/`reasonString` of
/// the broker's acknowledgement, each only when present.
pub fn to_json_with<'a>(
    entries: impl Iterator<Item = (&'a LogEntry, Option<&'a Extras>)>,
) -> String {
    to_json_decoded(entries.map(|(e, x)| (e, x, None)))
}

/// A payload's decoded form for the export, beside its raw bytes: the decoder's name
/// (`cbor`, `protobuf`, …), its text, its JSON when it has one, and why it failed (English).
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDecoded {
    /// The decoder's name, as `sub-codec` lists it.
    pub codec: &'static str,
    /// The decoded text (the detail pane's).
    pub text: String,
    /// The decoded value as JSON.
    pub json: Option<Value>,
    /// Why it did not decode.
    pub error: Option<String>,
}

/// [`to_json_with`] with each payload's decoded form, when its topic has a decoder, as
/// `decoded: {codec, value (JSON) or text, error}`; the raw bytes stay in `payload` and
/// `payloadBase64`.
pub fn to_json_decoded<'a>(
    entries: impl Iterator<Item = (&'a LogEntry, Option<&'a Extras>, Option<ExportDecoded>)>,
) -> String {
    let mut out = String::from("[");
    for (i, (e, x, d)) in entries.enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let mut v = entry_json(e, x);
        if let (Some(d), Value::Object(m)) = (d, &mut v) {
            let mut decoded = serde_json::Map::new();
            decoded.insert("codec".into(), json!(d.codec));
            match d.json {
                Some(value) => decoded.insert("value".into(), value),
                None => decoded.insert("text".into(), json!(d.text)),
            };
            if let Some(error) = d.error {
                decoded.insert("error".into(), json!(error));
            }
            m.insert("decoded".into(), Value::Object(decoded));
        }
        out.push_str(&v.to_string());
    }
    out.push_str("\n]\n");
    out
}

/// Quotes a CSV field when RFC 4180 requires it (it contains `,` `"` CR or LF).
fn csv_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A cell of text that came off the wire (topic, payload). Spreadsheets run a cell that starts
/// with `=` `+` `-` `@` (and, in some, tab or CR) as a formula, so a message published by
/// anyone could run `=HYPERLINK(…)` or DDE on the machine of whoever opens the export
/// ("CSV injection"). A leading `'` makes them show the text instead. The exact bytes stay
/// available in `payload_base64`, which is left as is: its alphabet has no `(`, so a leading
/// `+` there cannot call anything, and prefixing it would break decoding.
pub(crate) fn csv_text(out: &mut String, text: &str) {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        csv_field(out, &format!("'{text}"));
    } else {
        csv_field(out, text);
    }
}

/// RFC 4180 CSV with a header row and CRLF line ends; columns
/// `time,direction,topic,qos,retain,dup,payload,payload_base64`. `payload` is empty when the
/// payload is not UTF-8; text cells are defused against formula injection (see `csv_text`).
pub fn to_csv<'a>(entries: impl Iterator<Item = &'a LogEntry>) -> String {
    to_csv_with(entries.map(|e| (e, None)))
}

/// [`to_csv`] with what each entry carries besides. When some entry has MQTT 5 properties, the
/// columns `content_type,response_topic,correlation_data` (text, else hex)
/// `,correlation_data_base64,message_expiry,payload_format` (`bytes`/`utf8`)
/// `,subscription_identifiers` (`;`-separated)`,user_properties` (a JSON array of `[name,
/// value]` pairs, in order) follow; otherwise the columns are exactly [`to_csv`]'s.
pub fn to_csv_with<'a>(
    entries: impl Iterator<Item = (&'a LogEntry, Option<&'a Extras>)>,
) -> String {
    to_csv_decoded(entries.map(|(e, x)| (e, x, None)))
}

/// [`to_csv_with`] with each payload's decoded form: when some entry has one, the columns
/// `decoder,decoded,decode_error` close each row (empty for entries without).
pub fn to_csv_decoded<'a>(
    entries: impl Iterator<Item = (&'a LogEntry, Option<&'a Extras>, Option<ExportDecoded>)>,
) -> String {
    type Row<'a> = (
        &'a LogEntry,
        Option<&'a PublishProperties>,
        Option<ExportDecoded>,
    );
    let entries: Vec<Row> = entries
        .map(|(e, x, d)| (e, x.map(|x| &x.properties).filter(|p| !p.is_empty()), d))
        .collect();
    let with_properties = entries.iter().any(|(_, p, _)| p.is_some());
    let with_decoded = entries.iter().any(|(_, _, d)| d.is_some());
    let mut out = String::from("time,direction,topic,qos,retain,dup,payload,payload_base64");
    if with_properties {
        out.push_str(CSV_PROPERTY_COLUMNS);
    }
    if with_decoded {
        out.push_str(",decoder,decoded,decode_error");
    }
    out.push_str("\r\n");
    for (e, props, decoded) in entries {
        out.push_str(&iso8601_utc(e.time_ms).unwrap_or_default());
        out.push(',');
        out.push_str(e.direction.as_str());
        out.push(',');
        csv_text(&mut out, &e.topic);
        out.push_str(&format!(",{},{},{},", e.qos, e.retain, e.dup));
        csv_text(&mut out, std::str::from_utf8(&e.payload).unwrap_or(""));
        out.push(',');
        out.push_str(&to_base64(&e.payload));
        if with_properties {
            csv_properties(&mut out, props);
        }
        if with_decoded {
            out.push(',');
            if let Some(d) = decoded {
                out.push_str(d.codec);
                out.push(',');
                let text = d.json.as_ref().map_or(d.text, Value::to_string);
                csv_text(&mut out, &text);
                out.push(',');
                csv_text(&mut out, d.error.as_deref().unwrap_or(""));
            } else {
                out.push_str(",,");
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// The MQTT 5 cells of one row, each after a comma; empty cells for a message without them.
/// Text that came off the wire is defused like the topic and payload.
fn csv_properties(out: &mut String, p: Option<&PublishProperties>) {
    for cell in csv_cells(p) {
        out.push(',');
        match cell {
            CsvCell::Text(text) => csv_text(out, &text),
            CsvCell::Plain(text) => out.push_str(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_forms_travel_beside_the_raw_bytes() {
        let e = LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction: crate::model::log::Direction::In,
            topic: "t".into(),
            payload: bytes::Bytes::from_static(&[0xa1, 0x61, 0x61, 0x01]),
            qos: 0,
            retain: false,
            dup: false,
        };
        let d = ExportDecoded {
            codec: "cbor",
            text: "{\"a\": 1}".into(),
            json: Some(json!({"a": 1})),
            error: None,
        };
        let text = to_json_decoded([(&e, None, Some(d.clone())), (&e, None, None)].into_iter());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["decoded"], json!({"codec": "cbor", "value": {"a": 1}}));
        assert_eq!(v[0]["payloadBase64"], "oWFhAQ==");
        assert_eq!(v[1].get("decoded"), None);
        let failed = ExportDecoded {
            json: None,
            text: "a1 61".into(),
            error: Some("not CBOR: cut short at byte 2".into()),
            ..d
        };
        let csv = to_csv_decoded([(&e, None, Some(failed)), (&e, None, None)].into_iter());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(
            lines[0].ends_with(",payload_base64,decoder,decoded,decode_error"),
            "{csv}"
        );
        assert!(
            lines[1].ends_with(",oWFhAQ==,cbor,a1 61,not CBOR: cut short at byte 2"),
            "{csv}"
        );
        assert!(lines[2].ends_with(",oWFhAQ==,,,"), "{csv}");
    }
    use crate::model::log::Direction;
    use bytes::Bytes;

    fn entry(time_ms: f64, topic: &str, payload: &[u8]) -> LogEntry {
        LogEntry {
            seq: 0,
            time_ms,
            direction: Direction::In,
            topic: topic.into(),
            payload: Bytes::copy_from_slice(payload),
            qos: 1,
            retain: true,
            dup: false,
        }
    }

    #[test]
    fn iso_times_match_known_dates() {
        assert_eq!(
            iso8601_utc(0.0).as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(
            iso8601_utc(1_700_000_000_123.9).as_deref(),
            Some("2023-11-14T22:13:20.123Z")
        );
        assert_eq!(
            iso8601_utc(951_782_400_000.0).as_deref(),
            Some("2000-02-29T00:00:00.000Z")
        );
        assert_eq!(
            iso8601_utc(-1.0).as_deref(),
            Some("1969-12-31T23:59:59.999Z")
        );
        assert_eq!(
            iso8601_utc(253_402_300_800_000.0).as_deref(),
            Some("+010000-01-01T00:00:00.000Z")
        );
        assert_eq!(
            iso8601_utc(-62_198_755_200_000.0).as_deref(),
            Some("-000001-01-01T00:00:00.000Z")
        );
        assert_eq!(
            iso8601_utc(8.64e15).as_deref(),
            Some("+275760-09-13T00:00:00.000Z")
        );
        for bad in [f64::NAN, f64::INFINITY, 8.64e15 + 1.0] {
            assert_eq!(iso8601_utc(bad), None);
        }
    }

    #[test]
    fn json_carries_text_and_base64() {
        let entries = [
            entry(0.0, "a/b", b"hi \"x\""),
            entry(1.5, "c", &[0xff, 0x00]),
        ];
        let text = to_json(entries.iter());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["time"], "1970-01-01T00:00:00.000Z");
        assert_eq!(v[0]["payload"], "hi \"x\"");
        assert_eq!(v[0]["direction"], "in");
        assert_eq!(
            (v[0]["qos"].as_u64(), v[0]["retain"].as_bool()),
            (Some(1), Some(true))
        );
        assert_eq!(v[1]["payload"], Value::Null);
        assert_eq!(v[1]["payloadBase64"], "/wA=");
        assert_eq!(v[1]["timeMs"], 1.5);
        assert_eq!(to_json(std::iter::empty()), "[\n]\n");
        let nan = to_json([entry(f64::NAN, "t", b"")].iter());
        let v: Value = serde_json::from_str(&nan).unwrap();
        assert_eq!(
            (&v[0]["time"], &v[0]["timeMs"]),
            (&Value::Null, &Value::Null)
        );
    }

    fn extras() -> Extras {
        use crate::mqtt::UserProperty;
        Extras {
            properties: PublishProperties {
                payload_utf8: Some(true),
                message_expiry_secs: Some(60),
                content_type: Some("text/plain".into()),
                response_topic: Some("reply/1".into()),
                correlation_data: Some(vec![0xff, 0x01]),
                user_properties: vec![UserProperty::new("k", "=1"), UserProperty::new("k", "2")],
                subscription_identifiers: vec![3, 4],
            },
            ..Extras::default()
        }
    }

    #[test]
    fn json_exports_every_property() {
        let e = entry(0.0, "t", b"x");
        let x = extras();
        let text = to_json_with([(&e, Some(&x)), (&e, None)].into_iter());
        let v: Value = serde_json::from_str(&text).unwrap();
        let p = &v[0]["properties"];
        assert_eq!(p["contentType"], "text/plain");
        assert_eq!(p["responseTopic"], "reply/1");
        assert_eq!(p["correlationData"], "ff 01");
        assert_eq!(p["correlationDataBase64"], "/wE=");
        assert_eq!(p["messageExpiry"], 60);
        assert_eq!(p["payloadFormat"], "utf8");
        assert_eq!(p["subscriptionIdentifiers"], json!([3, 4]));
        assert_eq!(p["userProperties"], json!([["k", "=1"], ["k", "2"]]));
        assert_eq!(v[1].get("properties"), None);
    }

    #[test]
    fn csv_adds_property_columns_only_when_needed() {
        let e = entry(0.0, "t", b"x");
        let plain = to_csv_with([(&e, None)].into_iter());
        assert_eq!(plain, to_csv([e.clone()].iter()));
        let x = extras();
        let csv = to_csv_with([(&e, Some(&x)), (&e, None)].into_iter());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "time,direction,topic,qos,retain,dup,payload,payload_base64,content_type,\
             response_topic,correlation_data,correlation_data_base64,message_expiry,\
             payload_format,subscription_identifiers,user_properties"
        );
        assert!(lines[1].ends_with(
            ",eA==,text/plain,reply/1,ff 01,/wE=,60,utf8,3;4,\"[[\"\"k\"\",\"\"=1\"\"],[\"\"k\"\",\"\"2\"\"]]\""
        ));
        assert!(lines[2].ends_with(",eA==,,,,,,,,"));
    }

    #[test]
    fn csv_quotes_per_rfc4180_and_defuses_formulas() {
        let entries = [
            entry(0.0, "a,b", b"line1\r\nline2 \"q\""),
            entry(0.0, "=cmd", b"@SUM(1)"),
            entry(0.0, "t", &[0xf8, 0x01]),
            entry(0.0, "-x", b"+1,2"),
        ];
        let csv = to_csv(entries.iter());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "time,direction,topic,qos,retain,dup,payload,payload_base64"
        );
        assert!(csv.contains(
            "1970-01-01T00:00:00.000Z,in,\"a,b\",1,true,false,\"line1\r\nline2 \"\"q\"\"\",bGluZTENCmxpbmUyICJxIg==\r\n"
        ));
        assert!(csv.contains(",in,'=cmd,1,true,false,'@SUM(1),QFNVTSgxKQ==\r\n"));
        assert!(
            csv.contains(",in,t,1,true,false,,+AE=\r\n"),
            "base64 is left exact"
        );
        assert!(csv.contains(",in,'-x,1,true,false,\"'+1,2\",KzEsMg==\r\n"));
        assert!(csv.ends_with("\r\n"));
    }
}
