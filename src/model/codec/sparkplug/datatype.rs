//! Sparkplug B data types: the `DataType` enum of `sparkplug_b.proto`, sent as a `uint32`.

/// A metric's, property's, parameter's or data set column's declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    /// 0, `Unknown`: the placeholder.
    Unknown,
    /// 1–4: signed integers, sent in the unsigned `int_value` (8–32 bits) or `long_value`
    /// (64 bits) as two's complement.
    Int8,
    /// 2.
    Int16,
    /// 3.
    Int32,
    /// 4.
    Int64,
    /// 5–8: unsigned integers.
    UInt8,
    /// 6.
    UInt16,
    /// 7.
    UInt32,
    /// 8.
    UInt64,
    /// 9: `float_value`.
    Float,
    /// 10: `double_value`.
    Double,
    /// 11: `boolean_value`.
    Boolean,
    /// 12: `string_value`.
    String,
    /// 13: milliseconds since the Unix epoch in `long_value`.
    DateTime,
    /// 14: `string_value`.
    Text,
    /// 15: `string_value`.
    Uuid,
    /// 16: `dataset_value`.
    DataSet,
    /// 17: `bytes_value`.
    Bytes,
    /// 18: `bytes_value`.
    File,
    /// 19: `template_value`.
    Template,
    /// 20: a property's `propertyset_value`.
    PropertySet,
    /// 21: a property's `propertysets_value`.
    PropertySetList,
    /// 22–34: arrays, little-endian in `bytes_value` (Sparkplug 3.0 §6.4.17).
    Int8Array,
    /// 23.
    Int16Array,
    /// 24.
    Int32Array,
    /// 25.
    Int64Array,
    /// 26.
    UInt8Array,
    /// 27.
    UInt16Array,
    /// 28.
    UInt32Array,
    /// 29.
    UInt64Array,
    /// 30.
    FloatArray,
    /// 31.
    DoubleArray,
    /// 32: a 4-byte count, then the booleans packed 8 a byte, first one in the top bit.
    BooleanArray,
    /// 33: NUL-terminated UTF-8 strings one after another.
    StringArray,
    /// 34: 8-byte millisecond times.
    DateTimeArray,
    /// A number the specification does not define.
    Other(u32),
}

const NAMED: [DataType; 35] = [
    DataType::Unknown,
    DataType::Int8,
    DataType::Int16,
    DataType::Int32,
    DataType::Int64,
    DataType::UInt8,
    DataType::UInt16,
    DataType::UInt32,
    DataType::UInt64,
    DataType::Float,
    DataType::Double,
    DataType::Boolean,
    DataType::String,
    DataType::DateTime,
    DataType::Text,
    DataType::Uuid,
    DataType::DataSet,
    DataType::Bytes,
    DataType::File,
    DataType::Template,
    DataType::PropertySet,
    DataType::PropertySetList,
    DataType::Int8Array,
    DataType::Int16Array,
    DataType::Int32Array,
    DataType::Int64Array,
    DataType::UInt8Array,
    DataType::UInt16Array,
    DataType::UInt32Array,
    DataType::UInt64Array,
    DataType::FloatArray,
    DataType::DoubleArray,
    DataType::BooleanArray,
    DataType::StringArray,
    DataType::DateTimeArray,
];

impl DataType {
    /// The type the wire number means.
    pub fn from_code(code: u32) -> DataType {
        usize::try_from(code)
            .ok()
            .and_then(|i| NAMED.get(i).copied())
            .unwrap_or(DataType::Other(code))
    }

    /// The wire number.
    pub fn code(self) -> u32 {
        match self {
            DataType::Other(code) => code,
            named => NAMED.iter().position(|&t| t == named).unwrap_or(0) as u32,
        }
    }

    /// The name `sparkplug_b.proto` gives it (`Int32`, `UUID`, `DateTimeArray`), or the number
    /// for one it does not define.
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        let name = match self {
            DataType::Unknown => "Unknown",
            DataType::Int8 => "Int8",
            DataType::Int16 => "Int16",
            DataType::Int32 => "Int32",
            DataType::Int64 => "Int64",
            DataType::UInt8 => "UInt8",
            DataType::UInt16 => "UInt16",
            DataType::UInt32 => "UInt32",
            DataType::UInt64 => "UInt64",
            DataType::Float => "Float",
            DataType::Double => "Double",
            DataType::Boolean => "Boolean",
            DataType::String => "String",
            DataType::DateTime => "DateTime",
            DataType::Text => "Text",
            DataType::Uuid => "UUID",
            DataType::DataSet => "DataSet",
            DataType::Bytes => "Bytes",
            DataType::File => "File",
            DataType::Template => "Template",
            DataType::PropertySet => "PropertySet",
            DataType::PropertySetList => "PropertySetList",
            DataType::Int8Array => "Int8Array",
            DataType::Int16Array => "Int16Array",
            DataType::Int32Array => "Int32Array",
            DataType::Int64Array => "Int64Array",
            DataType::UInt8Array => "UInt8Array",
            DataType::UInt16Array => "UInt16Array",
            DataType::UInt32Array => "UInt32Array",
            DataType::UInt64Array => "UInt64Array",
            DataType::FloatArray => "FloatArray",
            DataType::DoubleArray => "DoubleArray",
            DataType::BooleanArray => "BooleanArray",
            DataType::StringArray => "StringArray",
            DataType::DateTimeArray => "DateTimeArray",
            DataType::Other(code) => return format!("DataType({code})").into(),
        };
        name.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for code in 0..40 {
            assert_eq!(DataType::from_code(code).code(), code);
        }
        assert_eq!(DataType::from_code(15).name(), "UUID");
        assert_eq!(DataType::from_code(34), DataType::DateTimeArray);
        assert_eq!(DataType::from_code(35).name(), "DataType(35)");
        assert_eq!(DataType::from_code(u32::MAX), DataType::Other(u32::MAX));
    }
}
