//! The array types (22–34), which Sparkplug 3.0 packs little-endian into `bytes_value`.

use super::datatype::DataType;
use super::value::Value;

/// The items of an array of type `array`, or `None` when the bytes do not split into whole
/// items (or a StringArray is not NUL-terminated UTF-8, or a BooleanArray's count does not
/// match its bytes).
pub(crate) fn decode(array: DataType, bytes: &[u8]) -> Option<Value> {
    use DataType as T;
    let items = match array {
        T::Int8Array => each::<1>(bytes, |b| Value::Int(i8::from_le_bytes(b).into()))?,
        T::Int16Array => each::<2>(bytes, |b| Value::Int(i16::from_le_bytes(b).into()))?,
        T::Int32Array => each::<4>(bytes, |b| Value::Int(i32::from_le_bytes(b).into()))?,
        T::Int64Array => each::<8>(bytes, |b| Value::Int(i64::from_le_bytes(b)))?,
        T::UInt8Array => each::<1>(bytes, |b| Value::UInt(u8::from_le_bytes(b).into()))?,
        T::UInt16Array => each::<2>(bytes, |b| Value::UInt(u16::from_le_bytes(b).into()))?,
        T::UInt32Array => each::<4>(bytes, |b| Value::UInt(u32::from_le_bytes(b).into()))?,
        T::UInt64Array => each::<8>(bytes, |b| Value::UInt(u64::from_le_bytes(b)))?,
        T::FloatArray => each::<4>(bytes, |b| Value::Float(f32::from_le_bytes(b)))?,
        T::DoubleArray => each::<8>(bytes, |b| Value::Double(f64::from_le_bytes(b)))?,
        T::DateTimeArray => each::<8>(bytes, |b| Value::DateTime(u64::from_le_bytes(b)))?,
        T::BooleanArray => booleans(bytes)?,
        T::StringArray => strings(bytes)?,
        _ => return None,
    };
    Some(Value::Array(items))
}

fn each<const N: usize>(bytes: &[u8], item: impl Fn([u8; N]) -> Value) -> Option<Vec<Value>> {
    if !bytes.len().is_multiple_of(N) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(N)
            .filter_map(|chunk| <[u8; N]>::try_from(chunk).ok())
            .map(item)
            .collect(),
    )
}

/// A 4-byte little-endian count, then the booleans 8 a byte, the first in the top bit.
fn booleans(bytes: &[u8]) -> Option<Vec<Value>> {
    let (count, bits) = bytes.split_first_chunk::<4>()?;
    let count = usize::try_from(u32::from_le_bytes(*count)).ok()?;
    if bits.len() != count.div_ceil(8) {
        return None;
    }
    Some(
        (0..count)
            .map(|i| {
                let byte = bits.get(i / 8).copied().unwrap_or(0);
                Value::Boolean(byte & (0x80 >> (i % 8)) != 0)
            })
            .collect(),
    )
}

/// UTF-8 strings, each followed by a NUL.
fn strings(bytes: &[u8]) -> Option<Vec<Value>> {
    let body = match bytes.split_last() {
        None => return Some(Vec::new()),
        Some((0, body)) => body,
        Some(_) => return None,
    };
    body.split(|&b| b == 0)
        .map(|s| {
            std::str::from_utf8(s)
                .ok()
                .map(|s| Value::String(s.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_unpack_little_endian() {
        assert_eq!(
            decode(DataType::Int16Array, &[0xff, 0xff, 0x02, 0x00]),
            Some(Value::Array(vec![Value::Int(-1), Value::Int(2)]))
        );
        assert_eq!(decode(DataType::Int32Array, &[1, 2, 3]), None);
        // The specification's example: 12 booleans.
        let expected = [
            false, false, true, true, false, true, false, false, true, true, false, true,
        ];
        assert_eq!(
            decode(DataType::BooleanArray, &[12, 0, 0, 0, 0x34, 0xd0]),
            Some(Value::Array(
                expected.into_iter().map(Value::Boolean).collect()
            ))
        );
        assert_eq!(decode(DataType::BooleanArray, &[200, 0, 0, 0, 1]), None);
        assert_eq!(
            decode(DataType::StringArray, b"ab\0\0c\0"),
            Some(Value::Array(vec![
                Value::String("ab".into()),
                Value::String(String::new()),
                Value::String("c".into())
            ]))
        );
        assert_eq!(decode(DataType::StringArray, b"ab"), None);
        assert_eq!(
            decode(DataType::StringArray, b""),
            Some(Value::Array(vec![]))
        );
    }
}
