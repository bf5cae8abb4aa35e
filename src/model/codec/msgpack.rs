//! MessagePack payloads into a [`Decoded`] tree.
//!
//! `rmp` names each first byte (its [`Marker`] table); this file reads what follows from the
//! payload slice, checking every declared length against what is left before reading or
//! allocating and counting the nesting.

use rmp::Marker;

use super::error::{DecodeError, DecodeReason};
use super::value::{Decoded, MAX_DEPTH, PREALLOCATE};

/// The extension type MessagePack reserves for timestamps.
const TIMESTAMP: i8 = -1;

/// Decodes `payload` as exactly one MessagePack value.
///
/// Extension type −1 with a valid body (4, 8 or 12 bytes, nanoseconds below one second)
/// becomes a [`Decoded::Timestamp`]; every other extension stays a [`Decoded::Ext`].
pub fn decode(payload: &[u8]) -> Result<Decoded, DecodeError> {
    if payload.is_empty() {
        return Err(DecodeError::new(0, DecodeReason::Empty));
    }
    let mut reader = Reader {
        input: payload,
        pos: 0,
    };
    let value = reader.value(0)?;
    if reader.pos < payload.len() {
        return Err(DecodeError::new(reader.pos, DecodeReason::TrailingBytes));
    }
    Ok(value)
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    /// The next `n` bytes of the item starting at `at`, or `Truncated` at `at`.
    fn take(&mut self, at: usize, n: usize) -> Result<&'a [u8], DecodeError> {
        let bytes = self
            .pos
            .checked_add(n)
            .and_then(|end| self.input.get(self.pos..end))
            .ok_or(DecodeError::new(at, DecodeReason::Truncated))?;
        self.pos += n;
        Ok(bytes)
    }

    /// A fixed-size big-endian field of the item starting at `at`.
    fn field<const N: usize>(&mut self, at: usize) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(at, N)?;
        <[u8; N]>::try_from(bytes).map_err(|_| DecodeError::new(at, DecodeReason::Truncated))
    }

    /// A length field of one byte (str 8, bin 8, ext 8). Lengths stay `u64` until checked, so a
    /// 32-bit target reports a 4 GB claim rather than wrapping it.
    fn len8(&mut self, at: usize) -> Result<u64, DecodeError> {
        Ok(u8::from_be_bytes(self.field(at)?).into())
    }

    /// A length field of two bytes.
    fn len16(&mut self, at: usize) -> Result<u64, DecodeError> {
        Ok(u16::from_be_bytes(self.field(at)?).into())
    }

    /// A length field of four bytes.
    fn len32(&mut self, at: usize) -> Result<u64, DecodeError> {
        Ok(u32::from_be_bytes(self.field(at)?).into())
    }

    /// Fails unless `count` items of at least `min_size` bytes each fit in what is left; returns
    /// `count` as a `usize`.
    fn check_length(&self, at: usize, count: u64, min_size: u64) -> Result<usize, DecodeError> {
        let remaining = self.remaining();
        match usize::try_from(count) {
            Ok(n) if count.saturating_mul(min_size) <= remaining as u64 => Ok(n),
            _ => Err(DecodeError::new(
                at,
                DecodeReason::LengthTooLarge {
                    declared: count,
                    remaining,
                },
            )),
        }
    }

    /// The value starting at the current position; `depth` counts the arrays and maps around it.
    fn value(&mut self, depth: usize) -> Result<Decoded, DecodeError> {
        let at = self.pos;
        let [first] = self.field::<1>(at)?;
        let marker = Marker::from_u8(first);
        if matches!(
            marker,
            Marker::FixArray(_)
                | Marker::Array16
                | Marker::Array32
                | Marker::FixMap(_)
                | Marker::Map16
                | Marker::Map32
        ) && depth >= MAX_DEPTH
        {
            return Err(DecodeError::new(at, DecodeReason::TooDeep));
        }
        Ok(match marker {
            Marker::Null => Decoded::Null,
            Marker::True => Decoded::Bool(true),
            Marker::False => Decoded::Bool(false),
            Marker::Reserved => return Err(DecodeError::new(at, DecodeReason::InvalidByte(first))),
            Marker::FixPos(n) => Decoded::Int(n.into()),
            Marker::FixNeg(n) => Decoded::Int(n.into()),
            Marker::U8 => Decoded::Int(u8::from_be_bytes(self.field(at)?).into()),
            Marker::U16 => Decoded::Int(u16::from_be_bytes(self.field(at)?).into()),
            Marker::U32 => Decoded::Int(u32::from_be_bytes(self.field(at)?).into()),
            Marker::U64 => Decoded::Int(u64::from_be_bytes(self.field(at)?).into()),
            Marker::I8 => Decoded::Int(i8::from_be_bytes(self.field(at)?).into()),
            Marker::I16 => Decoded::Int(i16::from_be_bytes(self.field(at)?).into()),
            Marker::I32 => Decoded::Int(i32::from_be_bytes(self.field(at)?).into()),
            Marker::I64 => Decoded::Int(i64::from_be_bytes(self.field(at)?).into()),
            Marker::F32 => Decoded::Float(f32::from_be_bytes(self.field(at)?).into()),
            Marker::F64 => Decoded::Float(f64::from_be_bytes(self.field(at)?)),
            Marker::FixStr(n) => self.text(at, n.into())?,
            Marker::Str8 => {
                let n = self.len8(at)?;
                self.text(at, n)?
            }
            Marker::Str16 => {
                let n = self.len16(at)?;
                self.text(at, n)?
            }
            Marker::Str32 => {
                let n = self.len32(at)?;
                self.text(at, n)?
            }
            Marker::Bin8 => {
                let n = self.len8(at)?;
                Decoded::Bytes(self.bytes(at, n)?.to_vec())
            }
            Marker::Bin16 => {
                let n = self.len16(at)?;
                Decoded::Bytes(self.bytes(at, n)?.to_vec())
            }
            Marker::Bin32 => {
                let n = self.len32(at)?;
                Decoded::Bytes(self.bytes(at, n)?.to_vec())
            }
            Marker::FixArray(n) => self.array(at, n.into(), depth + 1)?,
            Marker::Array16 => {
                let n = self.len16(at)?;
                self.array(at, n, depth + 1)?
            }
            Marker::Array32 => {
                let n = self.len32(at)?;
                self.array(at, n, depth + 1)?
            }
            Marker::FixMap(n) => self.map(at, n.into(), depth + 1)?,
            Marker::Map16 => {
                let n = self.len16(at)?;
                self.map(at, n, depth + 1)?
            }
            Marker::Map32 => {
                let n = self.len32(at)?;
                self.map(at, n, depth + 1)?
            }
            Marker::FixExt1 => self.ext(at, 1)?,
            Marker::FixExt2 => self.ext(at, 2)?,
            Marker::FixExt4 => self.ext(at, 4)?,
            Marker::FixExt8 => self.ext(at, 8)?,
            Marker::FixExt16 => self.ext(at, 16)?,
            Marker::Ext8 => {
                let n = self.len8(at)?;
                self.ext(at, n)?
            }
            Marker::Ext16 => {
                let n = self.len16(at)?;
                self.ext(at, n)?
            }
            Marker::Ext32 => {
                let n = self.len32(at)?;
                self.ext(at, n)?
            }
        })
    }

    /// The `len` bytes of a string, bin or extension body whose header starts at `at`.
    fn bytes(&mut self, at: usize, len: u64) -> Result<&'a [u8], DecodeError> {
        let len = self.check_length(at, len, 1)?;
        self.take(at, len)
    }

    fn text(&mut self, at: usize, len: u64) -> Result<Decoded, DecodeError> {
        let start = self.pos;
        let bytes = self.bytes(at, len)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Decoded::Text(text.to_owned())),
            Err(e) => Err(DecodeError::new(
                start + e.valid_up_to(),
                DecodeReason::InvalidUtf8,
            )),
        }
    }

    fn array(&mut self, at: usize, len: u64, depth: usize) -> Result<Decoded, DecodeError> {
        let len = self.check_length(at, len, 1)?;
        let mut items = Vec::with_capacity(len.min(PREALLOCATE));
        for _ in 0..len {
            items.push(self.value(depth)?);
        }
        Ok(Decoded::Array(items))
    }

    fn map(&mut self, at: usize, len: u64, depth: usize) -> Result<Decoded, DecodeError> {
        let len = self.check_length(at, len, 2)?;
        let mut pairs = Vec::with_capacity(len.min(PREALLOCATE));
        for _ in 0..len {
            let key = self.value(depth)?;
            pairs.push((key, self.value(depth)?));
        }
        Ok(Decoded::Map(pairs))
    }

    /// An extension body of `len` bytes after its type byte.
    fn ext(&mut self, at: usize, len: u64) -> Result<Decoded, DecodeError> {
        let [kind] = self.field::<1>(at)?;
        let kind = i8::from_be_bytes([kind]);
        let data = self.bytes(at, len)?;
        Ok(match (kind, timestamp(data)) {
            (TIMESTAMP, Some((seconds, nanos))) => Decoded::Timestamp { seconds, nanos },
            _ => Decoded::Ext(kind, data.to_vec()),
        })
    }
}

/// The seconds and nanoseconds of a timestamp extension's body, in any of its three layouts
/// (32-bit seconds; 30-bit nanoseconds and 34-bit seconds; 32-bit nanoseconds and signed 64-bit
/// seconds), if the nanoseconds are below one second.
fn timestamp(data: &[u8]) -> Option<(i64, u32)> {
    let (seconds, nanos) = match data.len() {
        4 => (i64::from(u32::from_be_bytes(data.try_into().ok()?)), 0),
        8 => {
            let both = u64::from_be_bytes(data.try_into().ok()?);
            let nanos = u32::try_from(both >> 34).ok()?;
            let seconds = i64::try_from(both & ((1 << 34) - 1)).ok()?;
            (seconds, nanos)
        }
        12 => {
            let (nanos, seconds) = data.split_at(4);
            (
                i64::from_be_bytes(seconds.try_into().ok()?),
                u32::from_be_bytes(nanos.try_into().ok()?),
            )
        }
        _ => return None,
    };
    (nanos < 1_000_000_000).then_some((seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap_or_default()
    }

    fn ok(s: &str) -> Decoded {
        decode(&hex(s)).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn err(s: &str) -> DecodeError {
        match decode(&hex(s)) {
            Err(e) => e,
            Ok(v) => panic!("{s} decoded to {v:?}"),
        }
    }

    fn at(offset: usize, reason: DecodeReason) -> DecodeError {
        DecodeError { offset, reason }
    }

    #[test]
    fn integers_of_every_width() {
        assert_eq!(ok("cf ffffffffffffffff"), Decoded::Int(u64::MAX.into()));
        assert_eq!(ok("d3 8000000000000000"), Decoded::Int(i64::MIN.into()));
        assert_eq!(ok("e0"), Decoded::Int(-32));
        assert_eq!(ok("7f"), Decoded::Int(127));
        assert_eq!(ok("d0 80"), Decoded::Int(-128));
    }

    #[test]
    fn the_never_used_byte_is_an_error_not_nil() {
        // rmpv's value reader reads 0xc1 as nil; the spec says it is never used.
        assert_eq!(err("c1"), at(0, DecodeReason::InvalidByte(0xc1)));
        assert_eq!(err("92 01 c1"), at(2, DecodeReason::InvalidByte(0xc1)));
    }

    #[test]
    fn timestamps_in_all_three_layouts() {
        let ts = |seconds, nanos| Decoded::Timestamp { seconds, nanos };
        assert_eq!(ok("d6 ff 6553f100"), ts(1_700_000_000, 0));
        // 8 bytes: nanoseconds 1 in the top 30 bits, seconds 1 in the low 34.
        assert_eq!(ok("d7 ff 00000004 00000001"), ts(1, 1));
        assert_eq!(ok("c7 0c ff 00000000 ffffffffffffffff"), ts(-1, 0));
        // Nanoseconds of a second or more: kept as the bytes they are.
        assert_eq!(
            ok("c7 0c ff 3b9aca00 0000000000000000"),
            Decoded::Ext(-1, hex("3b9aca00 0000000000000000"))
        );
        assert_eq!(ok("d4 ff 00"), Decoded::Ext(-1, vec![0]));
    }

    #[test]
    fn empty_truncated_and_trailing() {
        assert_eq!(err(""), at(0, DecodeReason::Empty));
        assert_eq!(err("cd 01"), at(0, DecodeReason::Truncated));
        assert_eq!(err("92 01 cd"), at(2, DecodeReason::Truncated));
        assert_eq!(err("d6"), at(0, DecodeReason::Truncated));
        assert_eq!(err("01 02"), at(1, DecodeReason::TrailingBytes));
    }

    #[test]
    fn declared_lengths_are_checked_before_reading() {
        let too_large = |declared, remaining| DecodeReason::LengthTooLarge {
            declared,
            remaining,
        };
        assert_eq!(err("c6 ffffffff 00"), at(0, too_large(0xffff_ffff, 1)));
        assert_eq!(err("dd ffffffff 01 02"), at(0, too_large(0xffff_ffff, 2)));
        assert_eq!(err("df 00000002 01 02 03"), at(0, too_large(2, 3)));
        assert_eq!(err("c9 ffffffff 05"), at(0, too_large(0xffff_ffff, 0)));
        assert_eq!(err("a3 6162"), at(0, too_large(3, 2)));
    }

    #[test]
    fn utf8_is_checked_at_the_bad_byte() {
        assert_eq!(err("a3 61 ff 62"), at(2, DecodeReason::InvalidUtf8));
        assert_eq!(err("81 a1 80 01"), at(2, DecodeReason::InvalidUtf8));
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let nested = |n: usize| {
            let mut payload = vec![0x91; n];
            payload.push(0x01);
            payload
        };
        assert!(decode(&nested(MAX_DEPTH)).is_ok());
        assert_eq!(
            decode(&nested(MAX_DEPTH + 1)),
            Err(at(MAX_DEPTH, DecodeReason::TooDeep))
        );
        let mut maps = vec![0x81; 100_000];
        maps.push(0x01);
        assert_eq!(decode(&maps), Err(at(MAX_DEPTH, DecodeReason::TooDeep)));
    }
}
