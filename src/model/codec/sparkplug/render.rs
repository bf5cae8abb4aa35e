//! A decoded Sparkplug message as readable text, JSON-like, in the style of the CBOR and
//! MessagePack renderer.
//!
//! ```text
//! {
//!   "timestamp": 1700000000000 (2023-11-14T22:13:20Z),
//!   "seq": 0,
//!   "metrics": [
//!     "bdSeq" (alias 0): 7 UInt64,
//!     "Temperature" (alias 1): -3 Int32,
//!     "Table" (alias 2): DataSet {
//!       "columns": ["a" Int32, "b" String],
//!       "rows": [
//!         [1, "x"]
//!       ]
//!     },
//!     (alias 9): 5
//!   ]
//! }
//! ```
//!
//! A metric reads `"name" (alias n): value Type`, then ` historical`, ` transient`,
//! ` at <time>` and its properties when it has them. Floats print with the fewest digits that
//! read back to the same `f32` or `f64`; DateTime values are ms with their ISO 8601 time.

use std::fmt::Write as _;

use super::super::render::{float, iso_time, string};
use super::datatype::DataType;
use super::state::{Body, SparkplugMessage};
use super::value::{DataSet, Metric, Payload, PropertySet, Template, Value};

impl Payload {
    /// The payload over several lines, two spaces an indent level.
    pub fn pretty(&self) -> String {
        let mut out = String::from("{");
        let mut first = true;
        let mut field = |out: &mut String, name: &str| {
            out.push_str(if first { "\n  " } else { ",\n  " });
            first = false;
            let _ = write!(out, "\"{name}\": ");
        };
        if let Some(t) = self.timestamp {
            field(&mut out, "timestamp");
            date_time(t, &mut out);
        }
        if let Some(seq) = self.seq {
            field(&mut out, "seq");
            let _ = write!(out, "{seq}");
        }
        if let Some(uuid) = &self.uuid {
            field(&mut out, "uuid");
            string(uuid, &mut out);
        }
        if let Some(body) = &self.body {
            field(&mut out, "body");
            bytes(body, &mut out);
        }
        field(&mut out, "metrics");
        metrics(&self.metrics, 2, &mut out);
        out.push_str("\n}");
        out
    }
}

impl SparkplugMessage {
    /// The payload's [`Payload::pretty`] text, or a STATE's `{"online": true, "timestamp": …}`.
    pub fn pretty(&self) -> String {
        match &self.body {
            Body::Payload(p) => p.pretty(),
            Body::State(state) => {
                let mut out = format!("{{\n  \"online\": {}", state.online);
                if let Some(t) = state.timestamp {
                    out.push_str(",\n  \"timestamp\": ");
                    date_time(t, &mut out);
                }
                out.push_str("\n}");
                out
            }
        }
    }
}

/// The `f64` with the `f32`'s shortest digits: 0.1f32 becomes 0.1, not 0.10000000149011612.
pub(super) fn f32_as_f64(f: f32) -> f64 {
    if !f.is_finite() {
        return f64::from(f);
    }
    format!("{f:e}").parse().unwrap_or(f64::from(f))
}

fn pad(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

pub(super) fn bytes(b: &[u8], out: &mut String) {
    out.push_str("h'");
    for byte in b {
        let _ = write!(out, "{byte:02x}");
    }
    out.push('\'');
}

fn date_time(ms: u64, out: &mut String) {
    let _ = write!(out, "{ms} (");
    // ms / 1000 < 2⁵⁴, within i64.
    iso_time((ms / 1000) as i64, (ms % 1000) as u32 * 1_000_000, out);
    out.push(')');
}

fn type_name(t: Option<DataType>, out: &mut String) {
    if let Some(t) = t {
        out.push(' ');
        out.push_str(&t.name());
    }
}

/// A list of metrics at `indent`, as `[` … `]`.
fn metrics(list: &[Metric], indent: usize, out: &mut String) {
    if list.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, m) in list.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        pad(indent + 2, out);
        metric(m, indent + 2, out);
    }
    out.push('\n');
    pad(indent, out);
    out.push(']');
}

fn metric(m: &Metric, indent: usize, out: &mut String) {
    match (&m.name, m.alias) {
        (Some(name), Some(alias)) => {
            string(name, out);
            let _ = write!(out, " (alias {alias})");
        }
        (Some(name), None) => string(name, out),
        (None, Some(alias)) => {
            let _ = write!(out, "(alias {alias})");
        }
        (None, None) => out.push_str("(no name)"),
    }
    out.push_str(": ");
    value(&m.value, indent, out);
    // A data set or template already says what it is.
    if !matches!(m.value, Value::DataSet(_) | Value::Template(_)) {
        type_name(m.datatype, out);
    }
    if m.is_historical {
        out.push_str(" historical");
    }
    if m.is_transient {
        out.push_str(" transient");
    }
    if let Some(t) = m.timestamp {
        out.push_str(" at ");
        date_time(t, out);
    }
    if let Some(props) = &m.properties {
        out.push(' ');
        properties(props, out);
    }
}

/// A property set on one line: `{"engUnit": "C" String}`.
fn properties(set: &PropertySet, out: &mut String) {
    out.push('{');
    for (i, (key, t, v)) in set.entries.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(key, out);
        out.push_str(": ");
        value(v, 0, out);
        type_name(*t, out);
    }
    out.push('}');
}

fn value(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Missing => out.push_str("(no value)"),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::UInt(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Float(f) => float(f32_as_f64(*f), out),
        Value::Double(d) => float(*d, out),
        Value::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Value::String(s) => string(s, out),
        Value::DateTime(ms) => date_time(*ms, out),
        Value::Bytes(b) => bytes(b, out),
        Value::Array(items) => list(items, indent, out),
        Value::DataSet(set) => data_set(set, indent, out),
        Value::Template(t) => template(t, indent, out),
        Value::PropertySet(set) => properties(set, out),
        Value::PropertySetList(sets) => {
            out.push('[');
            for (i, set) in sets.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                properties(set, out);
            }
            out.push(']');
        }
        Value::Extension => out.push_str("extension"),
        Value::Mismatch(inner) => {
            out.push_str("mismatch(");
            value(inner, indent, out);
            out.push(')');
        }
        Value::BadArray(b) => {
            out.push_str("bad(");
            bytes(b, out);
            out.push(')');
        }
    }
}

/// Items on one line: `[1, "x"]`.
fn list(items: &[Value], indent: usize, out: &mut String) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        value(item, indent, out);
    }
    out.push(']');
}

fn data_set(set: &DataSet, indent: usize, out: &mut String) {
    out.push_str("DataSet {\n");
    pad(indent + 2, out);
    out.push_str("\"columns\": [");
    for (i, (name, t)) in set.columns.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(name, out);
        type_name(*t, out);
    }
    out.push_str("],\n");
    pad(indent + 2, out);
    out.push_str("\"rows\": [");
    for (i, row) in set.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        pad(indent + 4, out);
        list(row, indent + 4, out);
    }
    if !set.rows.is_empty() {
        out.push('\n');
        pad(indent + 2, out);
    }
    out.push_str("]\n");
    pad(indent, out);
    out.push('}');
}

fn template(t: &Template, indent: usize, out: &mut String) {
    out.push_str(if t.is_definition {
        "Template definition {"
    } else {
        "Template {"
    });
    let inner = indent + 2;
    if let Some(r) = &t.template_ref {
        out.push('\n');
        pad(inner, out);
        out.push_str("\"template_ref\": ");
        string(r, out);
        out.push(',');
    }
    if let Some(v) = &t.version {
        out.push('\n');
        pad(inner, out);
        out.push_str("\"version\": ");
        string(v, out);
        out.push(',');
    }
    if !t.parameters.is_empty() {
        out.push('\n');
        pad(inner, out);
        out.push_str("\"parameters\": {");
        for (i, (name, datatype, v)) in t.parameters.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            string(name.as_deref().unwrap_or_default(), out);
            out.push_str(": ");
            value(v, inner, out);
            type_name(*datatype, out);
        }
        out.push_str("},");
    }
    out.push('\n');
    pad(inner, out);
    out.push_str("\"metrics\": ");
    metrics(&t.metrics, inner, out);
    out.push('\n');
    pad(indent, out);
    out.push('}');
}
