//! Decoding a Sparkplug B payload into typed values: each value as its declared [`DataType`] says,
//! signed integers recovered from the unsigned wire fields, arrays unpacked from their bytes.

use prost::Message as _;

use super::datatype::DataType;
use super::error::{PayloadError, PayloadReason};
use super::proto;
use super::value::{DataSet, Metric, Payload, PropertySet, Template, Value};
use super::wire;

/// Decodes a Sparkplug B payload, each value typed by the datatype its metric carries.
/// Data messages usually leave the datatype to the birth; [`super::SparkplugState`] fills it in.
pub fn decode(payload: &[u8]) -> Result<Payload, PayloadError> {
    let raw = decode_raw(payload)?;
    Ok(Payload::from_proto(raw, |_| None))
}

/// Checks the wire format (offsets, limits), then decodes with prost.
pub(crate) fn decode_raw(payload: &[u8]) -> Result<proto::Payload, PayloadError> {
    wire::check(payload)?;
    proto::Payload::decode(payload).map_err(|e| PayloadError {
        offset: None,
        reason: PayloadReason::Other(e.to_string()),
    })
}

impl Payload {
    /// Types the raw payload; `birth` names the alias (and gives the datatype) of a metric
    /// that arrives with only an alias or without a datatype: it gets the metric's (name, alias)
    /// and returns the birth's (name, datatype).
    pub(crate) fn from_proto(
        raw: proto::Payload,
        mut birth: impl FnMut(&proto::Metric) -> Option<(String, Option<DataType>)>,
    ) -> Payload {
        let metrics = raw
            .metrics
            .into_iter()
            .map(|mut m| {
                if m.name.is_none() || m.datatype.is_none() {
                    if let Some((name, datatype)) = birth(&m) {
                        m.name.get_or_insert(name);
                        if let Some(t) = datatype {
                            m.datatype.get_or_insert(t.code());
                        }
                    }
                }
                metric(m)
            })
            .collect();
        Payload {
            timestamp: raw.timestamp,
            seq: raw.seq,
            uuid: raw.uuid,
            body: raw.body,
            metrics,
        }
    }

    /// The metric named `name`, first of that name.
    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics
            .iter()
            .find(|m| m.name.as_deref() == Some(name))
    }
}

/// The value fields of all four oneofs, as one type.
enum Wire {
    Int(u32),
    Long(u64),
    Float(f32),
    Double(f64),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
    DataSet(proto::DataSet),
    Template(proto::Template),
    PropertySet(proto::PropertySet),
    PropertySetList(proto::PropertySetList),
    Extension,
}

fn metric(m: proto::Metric) -> Metric {
    let datatype = m.datatype.map(DataType::from_code);
    let wire = m.value.map(|v| match v {
        proto::MetricValue::IntValue(v) => Wire::Int(v),
        proto::MetricValue::LongValue(v) => Wire::Long(v),
        proto::MetricValue::FloatValue(v) => Wire::Float(v),
        proto::MetricValue::DoubleValue(v) => Wire::Double(v),
        proto::MetricValue::BooleanValue(v) => Wire::Bool(v),
        proto::MetricValue::StringValue(v) => Wire::Str(v),
        proto::MetricValue::BytesValue(v) => Wire::Bytes(v),
        proto::MetricValue::DatasetValue(v) => Wire::DataSet(v),
        proto::MetricValue::TemplateValue(v) => Wire::Template(v),
        proto::MetricValue::ExtensionValue(_) => Wire::Extension,
    });
    Metric {
        name: m.name,
        alias: m.alias,
        timestamp: m.timestamp,
        datatype,
        is_historical: m.is_historical.unwrap_or(false),
        is_transient: m.is_transient.unwrap_or(false),
        metadata: m.metadata,
        properties: m.properties.map(property_set),
        value: typed(datatype, wire, m.is_null.unwrap_or(false)),
    }
}

fn property_set(set: proto::PropertySet) -> PropertySet {
    let mut keys = set.keys.into_iter();
    let mut values = set.values.into_iter();
    let mut entries = Vec::new();
    loop {
        let (key, value) = match (keys.next(), values.next()) {
            (None, None) => break,
            (key, value) => (key.unwrap_or_default(), value),
        };
        let Some(value) = value else {
            entries.push((key, None, Value::Missing));
            continue;
        };
        let datatype = value.r#type.map(DataType::from_code);
        let wire = value.value.map(|v| match v {
            proto::PropertyValueValue::IntValue(v) => Wire::Int(v),
            proto::PropertyValueValue::LongValue(v) => Wire::Long(v),
            proto::PropertyValueValue::FloatValue(v) => Wire::Float(v),
            proto::PropertyValueValue::DoubleValue(v) => Wire::Double(v),
            proto::PropertyValueValue::BooleanValue(v) => Wire::Bool(v),
            proto::PropertyValueValue::StringValue(v) => Wire::Str(v),
            proto::PropertyValueValue::PropertysetValue(v) => Wire::PropertySet(v),
            proto::PropertyValueValue::PropertysetsValue(v) => Wire::PropertySetList(v),
            proto::PropertyValueValue::ExtensionValue(_) => Wire::Extension,
        });
        let value = typed(datatype, wire, value.is_null.unwrap_or(false));
        entries.push((key, datatype, value));
    }
    PropertySet { entries }
}

fn data_set(set: proto::DataSet) -> DataSet {
    let types: Vec<DataType> = set.types.into_iter().map(DataType::from_code).collect();
    let columns = set
        .columns
        .into_iter()
        .enumerate()
        .map(|(i, name)| (name, types.get(i).copied()))
        .collect();
    let rows = set
        .rows
        .into_iter()
        .map(|row| {
            row.elements
                .into_iter()
                .enumerate()
                .map(|(i, cell)| {
                    let wire = cell.value.map(|v| match v {
                        proto::DataSetValueValue::IntValue(v) => Wire::Int(v),
                        proto::DataSetValueValue::LongValue(v) => Wire::Long(v),
                        proto::DataSetValueValue::FloatValue(v) => Wire::Float(v),
                        proto::DataSetValueValue::DoubleValue(v) => Wire::Double(v),
                        proto::DataSetValueValue::BooleanValue(v) => Wire::Bool(v),
                        proto::DataSetValueValue::StringValue(v) => Wire::Str(v),
                        proto::DataSetValueValue::ExtensionValue(_) => Wire::Extension,
                    });
                    typed(types.get(i).copied(), wire, false)
                })
                .collect()
        })
        .collect();
    DataSet {
        num_of_columns: set.num_of_columns,
        columns,
        rows,
    }
}

fn template(t: proto::Template) -> Template {
    Template {
        version: t.version,
        template_ref: t.template_ref,
        is_definition: t.is_definition.unwrap_or(false),
        parameters: t
            .parameters
            .into_iter()
            .map(|p| {
                let datatype = p.r#type.map(DataType::from_code);
                let wire = p.value.map(|v| match v {
                    proto::ParameterValue::IntValue(v) => Wire::Int(v),
                    proto::ParameterValue::LongValue(v) => Wire::Long(v),
                    proto::ParameterValue::FloatValue(v) => Wire::Float(v),
                    proto::ParameterValue::DoubleValue(v) => Wire::Double(v),
                    proto::ParameterValue::BooleanValue(v) => Wire::Bool(v),
                    proto::ParameterValue::StringValue(v) => Wire::Str(v),
                    proto::ParameterValue::ExtensionValue(_) => Wire::Extension,
                });
                (p.name, datatype, typed(datatype, wire, false))
            })
            .collect(),
        metrics: t.metrics.into_iter().map(metric).collect(),
    }
}

/// The wire field as it is, with no declared type to read it by.
fn untyped(wire: Wire) -> Value {
    match wire {
        Wire::Int(v) => Value::UInt(v.into()),
        Wire::Long(v) => Value::UInt(v),
        Wire::Float(v) => Value::Float(v),
        Wire::Double(v) => Value::Double(v),
        Wire::Bool(v) => Value::Boolean(v),
        Wire::Str(v) => Value::String(v),
        Wire::Bytes(v) => Value::Bytes(v),
        Wire::DataSet(v) => Value::DataSet(Box::new(data_set(v))),
        Wire::Template(v) => Value::Template(Box::new(template(v))),
        Wire::PropertySet(v) => Value::PropertySet(property_set(v)),
        Wire::PropertySetList(v) => {
            Value::PropertySetList(v.propertyset.into_iter().map(property_set).collect())
        }
        Wire::Extension => Value::Extension,
    }
}

/// The value as `datatype` reads it. Integers may come in either integer field: the
/// specification puts 8–32-bit types in `int_value`, but encoders differ, and the declared type
/// decides the reading either way (two's complement of the type's width for signed types).
fn typed(datatype: Option<DataType>, wire: Option<Wire>, is_null: bool) -> Value {
    use DataType as T;
    if is_null {
        return Value::Null;
    }
    let Some(wire) = wire else {
        return Value::Missing;
    };
    let Some(datatype) = datatype else {
        return untyped(wire);
    };
    let integer = match wire {
        Wire::Int(v) => Some(u64::from(v)),
        Wire::Long(v) => Some(v),
        _ => None,
    };
    match (datatype, integer, wire) {
        (T::Int8, Some(v), _) => Value::Int((v as u8 as i8).into()),
        (T::Int16, Some(v), _) => Value::Int((v as u16 as i16).into()),
        (T::Int32, Some(v), _) => Value::Int((v as u32 as i32).into()),
        (T::Int64, Some(v), _) => Value::Int(v as i64),
        (T::UInt8 | T::UInt16 | T::UInt32 | T::UInt64, Some(v), _) => Value::UInt(v),
        (T::DateTime, Some(v), _) => Value::DateTime(v),
        (T::Float, _, Wire::Float(v)) => Value::Float(v),
        (T::Double, _, Wire::Double(v)) => Value::Double(v),
        (T::Boolean, _, Wire::Bool(v)) => Value::Boolean(v),
        (T::String | T::Text | T::Uuid, _, Wire::Str(v)) => Value::String(v),
        (T::Bytes | T::File, _, Wire::Bytes(v)) => Value::Bytes(v),
        (T::DataSet, _, wire @ Wire::DataSet(_))
        | (T::Template, _, wire @ Wire::Template(_))
        | (T::PropertySet, _, wire @ Wire::PropertySet(_))
        | (T::PropertySetList, _, wire @ Wire::PropertySetList(_)) => untyped(wire),
        (array, _, Wire::Bytes(bytes)) if is_array(array) => {
            super::array::decode(array, &bytes).unwrap_or(Value::BadArray(bytes))
        }
        (_, _, Wire::Extension) => Value::Extension,
        (T::Unknown | T::Other(_), _, wire) => untyped(wire),
        (_, _, wire) => Value::Mismatch(Box::new(untyped(wire))),
    }
}

fn is_array(t: DataType) -> bool {
    (22..=34).contains(&t.code()) && !matches!(t, DataType::Other(_))
}
