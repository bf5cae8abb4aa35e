//! The typed shapes of a decoded Sparkplug B payload.

use super::datatype::DataType;
use super::proto;

/// A decoded Sparkplug B `Payload`.
#[derive(Clone, Debug, PartialEq)]
pub struct Payload {
    /// When the message was sent, ms since the Unix epoch.
    pub timestamp: Option<u64>,
    /// The sequence number (0–255 from a well-behaved edge node).
    pub seq: Option<u64>,
    /// The schema UUID, if the sender gave one.
    pub uuid: Option<String>,
    /// The opaque `body`, if any.
    pub body: Option<Vec<u8>>,
    /// The metrics, in wire order.
    pub metrics: Vec<Metric>,
}

/// One metric of a payload or a template.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// The name: on the wire in births; in data messages filled in from the birth's alias.
    pub name: Option<String>,
    /// The alias, if the metric has one.
    pub alias: Option<u64>,
    /// When the value was taken, ms since the Unix epoch.
    pub timestamp: Option<u64>,
    /// The declared type: on the wire in births; in data messages filled in from the birth.
    pub datatype: Option<DataType>,
    /// Historical data, not a live value.
    pub is_historical: bool,
    /// Not to be stored as a tag.
    pub is_transient: bool,
    /// The metadata (content type, file name, multi-part sequence, …).
    pub metadata: Option<proto::MetaData>,
    /// The properties (engineering units, quality, …).
    pub properties: Option<PropertySet>,
    /// The value; [`Value::Null`] when `is_null` is set.
    pub value: Value,
}

/// A property set: keys and values paired in order.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertySet {
    /// Each key with its type and value. A key without a value has [`Value::Missing`]; a
    /// value without a key has the key `""`.
    pub entries: Vec<(String, Option<DataType>, Value)>,
}

/// A data set (a table).
#[derive(Clone, Debug, PartialEq)]
pub struct DataSet {
    /// `num_of_columns` as sent.
    pub num_of_columns: Option<u64>,
    /// Column names with their declared types (`None` when `types` is shorter).
    pub columns: Vec<(String, Option<DataType>)>,
    /// The rows, each cell typed by its column.
    pub rows: Vec<Vec<Value>>,
}

/// A template definition or instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The template's version.
    pub version: Option<String>,
    /// For an instance, the name of its definition.
    pub template_ref: Option<String>,
    /// A definition rather than an instance.
    pub is_definition: bool,
    /// The parameters: name, type, value.
    pub parameters: Vec<(Option<String>, Option<DataType>, Value)>,
    /// The member metrics.
    pub metrics: Vec<Metric>,
}

/// A value, as its declared type reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `is_null` is set.
    Null,
    /// No value on the wire and no `is_null`.
    Missing,
    /// Int8–Int64 (and their array items).
    Int(i64),
    /// UInt8–UInt64, exact; also any integer whose type is unknown.
    UInt(u64),
    /// Float.
    Float(f32),
    /// Double.
    Double(f64),
    /// Boolean.
    Boolean(bool),
    /// String, Text, UUID.
    String(String),
    /// DateTime: ms since the Unix epoch.
    DateTime(u64),
    /// Bytes, File.
    Bytes(Vec<u8>),
    /// An array type's items.
    Array(Vec<Value>),
    /// A data set.
    DataSet(Box<DataSet>),
    /// A template.
    Template(Box<Template>),
    /// A property set (property values only).
    PropertySet(PropertySet),
    /// A list of property sets (property values only).
    PropertySetList(Vec<PropertySet>),
    /// An `extension_value`, whose content the schema leaves open.
    Extension,
    /// A value field the declared type does not use (a Float in `string_value`): the field's
    /// own reading.
    Mismatch(Box<Value>),
    /// An array type whose bytes do not split into whole items (or a StringArray that is not
    /// NUL-terminated UTF-8): the bytes.
    BadArray(Vec<u8>),
}
