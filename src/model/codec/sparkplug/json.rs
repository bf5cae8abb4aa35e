//! A decoded Sparkplug message as `serde_json::Value`, for charts and field extraction: metric
//! name → value.

use serde_json::{Map, Number, Value as Json};

use super::super::render::float;
use super::render::{bytes, f32_as_f64};
use super::state::{Body, SparkplugMessage};
use super::value::{Metric, Payload, PropertySet, Value};

/// The largest integer every JSON reader holds exactly.
const EXACT_IN_F64: u64 = 1 << 53;

impl Payload {
    /// The payload as JSON: `timestamp`, `seq`, `uuid` when present, and `metrics` as an
    /// object from metric name (`"alias 5"` for an unnamed one) to [`Value::to_json`].
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        if let Some(t) = self.timestamp {
            object.insert("timestamp".into(), integer(t));
        }
        if let Some(seq) = self.seq {
            object.insert("seq".into(), integer(seq));
        }
        if let Some(uuid) = &self.uuid {
            object.insert("uuid".into(), Json::String(uuid.clone()));
        }
        object.insert("metrics".into(), metrics_json(&self.metrics));
        Json::Object(object)
    }
}

impl SparkplugMessage {
    /// The payload's [`Payload::to_json`], or a STATE's `{"online": …, "timestamp": …}`.
    pub fn to_json(&self) -> Json {
        match &self.body {
            Body::Payload(p) => p.to_json(),
            Body::State(state) => {
                let mut object = Map::new();
                object.insert("online".into(), Json::Bool(state.online));
                if let Some(t) = state.timestamp {
                    object.insert("timestamp".into(), integer(t));
                }
                Json::Object(object)
            }
        }
    }
}

impl Metric {
    /// The key the metric has in [`Payload::to_json`]: its name, or `alias 5`.
    pub fn key(&self) -> String {
        match (&self.name, self.alias) {
            (Some(name), _) => name.clone(),
            (None, Some(alias)) => format!("alias {alias}"),
            (None, None) => String::new(),
        }
    }
}

impl Value {
    /// The value as JSON: integers within ±2⁵³ and finite floats as numbers (a Float through
    /// its shortest `f32` digits, so 0.1 stays 0.1); larger integers as decimal strings; NaN
    /// and the infinities as `"NaN"`, `"Infinity"`, `"-Infinity"`; DateTime as its ms; bytes as
    /// `"h'0a0b'"`; null and a missing value as `null`; a data set as
    /// `{"columns": [...], "rows": [[...]]}`; a template as
    /// `{"template_ref", "version", "is_definition", "parameters": {...}, "metrics": {...}}`;
    /// a property set as an object.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null | Value::Missing => Json::Null,
            Value::Int(i) if i.unsigned_abs() <= EXACT_IN_F64 => Json::from(*i),
            Value::Int(i) => Json::String(i.to_string()),
            Value::UInt(u) | Value::DateTime(u) => integer(*u),
            Value::Float(f) => double_json(f32_as_f64(*f)),
            Value::Double(d) => double_json(*d),
            Value::Boolean(b) => Json::Bool(*b),
            Value::String(s) => Json::String(s.clone()),
            Value::Bytes(b) | Value::BadArray(b) => {
                let mut text = String::new();
                bytes(b, &mut text);
                Json::String(text)
            }
            Value::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::DataSet(set) => {
                let mut object = Map::new();
                object.insert(
                    "columns".into(),
                    Json::Array(
                        set.columns
                            .iter()
                            .map(|(name, _)| Json::String(name.clone()))
                            .collect(),
                    ),
                );
                object.insert(
                    "rows".into(),
                    Json::Array(
                        set.rows
                            .iter()
                            .map(|row| Json::Array(row.iter().map(Value::to_json).collect()))
                            .collect(),
                    ),
                );
                Json::Object(object)
            }
            Value::Template(t) => {
                let mut object = Map::new();
                if let Some(r) = &t.template_ref {
                    object.insert("template_ref".into(), Json::String(r.clone()));
                }
                if let Some(v) = &t.version {
                    object.insert("version".into(), Json::String(v.clone()));
                }
                object.insert("is_definition".into(), Json::Bool(t.is_definition));
                let parameters = t
                    .parameters
                    .iter()
                    .map(|(name, _, value)| (name.clone().unwrap_or_default(), value.to_json()))
                    .collect();
                object.insert("parameters".into(), Json::Object(parameters));
                object.insert("metrics".into(), metrics_json(&t.metrics));
                Json::Object(object)
            }
            Value::PropertySet(set) => property_json(set),
            Value::PropertySetList(sets) => Json::Array(sets.iter().map(property_json).collect()),
            Value::Extension => Json::String("extension".into()),
            Value::Mismatch(inner) => inner.to_json(),
        }
    }
}

fn metrics_json(metrics: &[Metric]) -> Json {
    Json::Object(
        metrics
            .iter()
            .map(|m| (m.key(), m.value.to_json()))
            .collect(),
    )
}

fn property_json(set: &PropertySet) -> Json {
    Json::Object(
        set.entries
            .iter()
            .map(|(key, _, value)| (key.clone(), value.to_json()))
            .collect(),
    )
}

fn integer(u: u64) -> Json {
    if u <= EXACT_IN_F64 {
        Json::from(u)
    } else {
        Json::String(u.to_string())
    }
}

fn double_json(d: f64) -> Json {
    match Number::from_f64(d) {
        Some(n) => Json::Number(n),
        None => {
            let mut text = String::new();
            float(d, &mut text);
            Json::String(text)
        }
    }
}
