//! CBOR (RFC 8949) payloads into a [`Decoded`] tree.
//!
//! `ciborium-ll` reads each item's header (major type, argument, half/single/double floats);
//! this file checks every declared length against what is left before reading or allocating,
//! counts the nesting, validates text per chunk, and turns bignums into integers.

use ciborium_ll::{simple, tag, Decoder, Error as LlError, Header};

use super::error::{DecodeError, DecodeReason};
use super::value::{Decoded, MAX_BIGNUM_BYTES, MAX_DEPTH, PREALLOCATE};

/// Decodes `payload` as exactly one CBOR data item.
///
/// Indefinite-length strings, arrays and maps are read like definite ones (the tree does not
/// say which the sender used). Tags 2 and 3 over a byte string become [`Decoded::Int`] or
/// [`Decoded::BigInt`]; every other tag stays a [`Decoded::Tag`].
pub fn decode(payload: &[u8]) -> Result<Decoded, DecodeError> {
    if payload.is_empty() {
        return Err(DecodeError::new(0, DecodeReason::Empty));
    }
    let mut reader = Reader {
        input: payload,
        decoder: Decoder::from(Slice(payload)),
    };
    let value = reader.item(0)?;
    let end = reader.offset();
    if end < payload.len() {
        return Err(DecodeError::new(end, DecodeReason::TrailingBytes));
    }
    Ok(value)
}

/// The payload as `ciborium-io` input. Our own type rather than `&[u8]`, whose implementation
/// (and error type) changes with `ciborium-io`'s `std` feature, which another crate may turn on.
struct Slice<'a>(&'a [u8]);

/// The input ended.
struct Eof;

impl ciborium_io::Read for Slice<'_> {
    type Error = Eof;

    fn read_exact(&mut self, data: &mut [u8]) -> Result<(), Eof> {
        let (head, rest) = self.0.split_at_checked(data.len()).ok_or(Eof)?;
        data.copy_from_slice(head);
        self.0 = rest;
        Ok(())
    }
}

struct Reader<'a> {
    input: &'a [u8],
    decoder: Decoder<Slice<'a>>,
}

impl Reader<'_> {
    fn offset(&mut self) -> usize {
        self.decoder.offset()
    }

    fn remaining(&mut self) -> usize {
        self.input.len().saturating_sub(self.offset())
    }

    /// The next header and the offset it starts at.
    fn header(&mut self) -> Result<(usize, Header), DecodeError> {
        let at = self.offset();
        match self.decoder.pull() {
            Ok(header) => Ok((at, header)),
            Err(LlError::Io(Eof)) => Err(DecodeError::new(at, DecodeReason::Truncated)),
            Err(LlError::Syntax(offset)) => Err(self.syntax(offset)),
        }
    }

    /// Why `ciborium-ll` refused the header at `at`: a reserved or misplaced code, or (on 32-bit
    /// targets) a length beyond `usize`.
    fn syntax(&self, at: usize) -> DecodeError {
        let Some(&first) = self.input.get(at) else {
            return DecodeError::new(at, DecodeReason::Truncated);
        };
        if (first & 0x1f) >= 28 {
            return DecodeError::new(at, DecodeReason::InvalidByte(first));
        }
        let argument = self
            .input
            .get(at + 1..at + 9)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(u64::MAX, u64::from_be_bytes);
        let remaining = self.input.len().saturating_sub(at + 9);
        DecodeError::new(
            at,
            DecodeReason::LengthTooLarge {
                declared: argument,
                remaining,
            },
        )
    }

    /// Reads `len` bytes, which the caller has checked are there.
    fn read(&mut self, at: usize, len: usize) -> Result<Vec<u8>, DecodeError> {
        use ciborium_io::Read;
        let mut buf = vec![0; len];
        self.decoder
            .read_exact(&mut buf)
            .map_err(|Eof| DecodeError::new(at, DecodeReason::Truncated))?;
        Ok(buf)
    }

    /// Fails unless `count` items of at least `min_size` bytes each fit in what is left.
    fn check_length(&mut self, at: usize, count: usize, min_size: u64) -> Result<(), DecodeError> {
        let remaining = self.remaining();
        let declared = count as u64;
        if declared.saturating_mul(min_size) > remaining as u64 {
            return Err(DecodeError::new(
                at,
                DecodeReason::LengthTooLarge {
                    declared,
                    remaining,
                },
            ));
        }
        Ok(())
    }

    fn item(&mut self, depth: usize) -> Result<Decoded, DecodeError> {
        let (at, header) = self.header()?;
        self.item_from(at, header, depth)
    }

    /// The item whose header, starting at `at`, was just read; `depth` counts the arrays, maps
    /// and tags around it.
    fn item_from(
        &mut self,
        at: usize,
        header: Header,
        depth: usize,
    ) -> Result<Decoded, DecodeError> {
        let nests = matches!(header, Header::Array(_) | Header::Map(_) | Header::Tag(_));
        if nests && depth >= MAX_DEPTH {
            return Err(DecodeError::new(at, DecodeReason::TooDeep));
        }
        Ok(match header {
            Header::Positive(n) => Decoded::Int(i128::from(n)),
            Header::Negative(n) => Decoded::Int(-1 - i128::from(n)),
            Header::Float(f) => Decoded::Float(f),
            Header::Simple(simple::FALSE) => Decoded::Bool(false),
            Header::Simple(simple::TRUE) => Decoded::Bool(true),
            Header::Simple(simple::NULL) => Decoded::Null,
            Header::Simple(simple::UNDEFINED) => Decoded::Undefined,
            // RFC 8949 §3.3: values below 32 have a one-byte form only.
            Header::Simple(n) if n < 32 && self.input.get(at) == Some(&0xf8) => {
                return Err(DecodeError::new(at, DecodeReason::InvalidByte(0xf8)));
            }
            Header::Simple(n) => Decoded::Simple(n),
            Header::Break => return Err(DecodeError::new(at, DecodeReason::InvalidByte(0xff))),
            Header::Bytes(len) => Decoded::Bytes(self.string(at, len, false)?),
            Header::Text(len) => {
                let bytes = self.string(at, len, true)?;
                // Every chunk was checked, so nothing is ever replaced here.
                let text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                Decoded::Text(text)
            }
            Header::Array(len) => Decoded::Array(self.array(at, len, depth + 1)?),
            Header::Map(len) => Decoded::Map(self.map(at, len, depth + 1)?),
            Header::Tag(number) => {
                let content = self.item(depth + 1)?;
                match (number, content) {
                    (tag::BIGPOS, Decoded::Bytes(b)) => bignum(number, false, b),
                    (tag::BIGNEG, Decoded::Bytes(b)) => bignum(number, true, b),
                    (number, content) => Decoded::Tag(number, Box::new(content)),
                }
            }
        })
    }

    /// A byte or text string's bytes (text checked for UTF-8 chunk by chunk, as RFC 8949 asks).
    fn string(
        &mut self,
        at: usize,
        len: Option<usize>,
        text: bool,
    ) -> Result<Vec<u8>, DecodeError> {
        if let Some(len) = len {
            return self.chunk(at, len, text);
        }
        let mut all = Vec::new();
        loop {
            let (chunk_at, header) = self.header()?;
            let len = match header {
                Header::Break => return Ok(all),
                Header::Bytes(Some(len)) if !text => len,
                Header::Text(Some(len)) if text => len,
                _ => return Err(DecodeError::new(chunk_at, DecodeReason::InvalidChunk)),
            };
            all.extend(self.chunk(chunk_at, len, text)?);
        }
    }

    /// One definite-length string body, of the header at `at`.
    fn chunk(&mut self, at: usize, len: usize, text: bool) -> Result<Vec<u8>, DecodeError> {
        self.check_length(at, len, 1)?;
        let start = self.offset();
        let bytes = self.read(at, len)?;
        if text {
            if let Err(e) = std::str::from_utf8(&bytes) {
                return Err(DecodeError::new(
                    start + e.valid_up_to(),
                    DecodeReason::InvalidUtf8,
                ));
            }
        }
        Ok(bytes)
    }

    fn array(
        &mut self,
        at: usize,
        len: Option<usize>,
        depth: usize,
    ) -> Result<Vec<Decoded>, DecodeError> {
        let mut items = Vec::new();
        match len {
            Some(len) => {
                self.check_length(at, len, 1)?;
                items.reserve(len.min(PREALLOCATE));
                for _ in 0..len {
                    items.push(self.item(depth)?);
                }
            }
            None => loop {
                match self.header()? {
                    (_, Header::Break) => break,
                    (item_at, header) => items.push(self.item_from(item_at, header, depth)?),
                }
            },
        }
        Ok(items)
    }

    fn map(
        &mut self,
        at: usize,
        len: Option<usize>,
        depth: usize,
    ) -> Result<Vec<(Decoded, Decoded)>, DecodeError> {
        let mut pairs = Vec::new();
        match len {
            Some(len) => {
                self.check_length(at, len, 2)?;
                pairs.reserve(len.min(PREALLOCATE));
                for _ in 0..len {
                    let key = self.item(depth)?;
                    pairs.push((key, self.item(depth)?));
                }
            }
            None => loop {
                let key = match self.header()? {
                    (_, Header::Break) => break,
                    (key_at, header) => self.item_from(key_at, header, depth)?,
                };
                pairs.push((key, self.item(depth)?));
            },
        }
        Ok(pairs)
    }
}

/// The integer a bignum's bytes stand for: `Int` when it fits, else `BigInt`, or the tag as it
/// came when the magnitude is longer than [`MAX_BIGNUM_BYTES`].
fn bignum(number: u64, negative: bool, bytes: Vec<u8>) -> Decoded {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let magnitude = bytes.get(start..).unwrap_or_default();
    if magnitude.len() > MAX_BIGNUM_BYTES {
        return Decoded::Tag(number, Box::new(Decoded::Bytes(bytes)));
    }
    if magnitude.len() <= 16 {
        let mut be = [0u8; 16];
        be[16 - magnitude.len()..].copy_from_slice(magnitude);
        if let Ok(m) = i128::try_from(u128::from_be_bytes(be)) {
            return Decoded::Int(if negative { -1 - m } else { m });
        }
    }
    Decoded::BigInt {
        negative,
        magnitude: magnitude.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap_or_default()
    }

    fn err(s: &str) -> DecodeError {
        match decode(&hex(s)) {
            Err(e) => e,
            Ok(v) => panic!("{s} decoded to {v:?}"),
        }
    }

    fn ok(s: &str) -> Decoded {
        decode(&hex(s)).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    fn at(offset: usize, reason: DecodeReason) -> DecodeError {
        DecodeError { offset, reason }
    }

    #[test]
    fn integers_keep_their_full_range() {
        assert_eq!(ok("1bffffffffffffffff"), Decoded::Int(u64::MAX.into()));
        assert_eq!(ok("3bffffffffffffffff"), Decoded::Int(-(1i128 << 64)));
        assert_eq!(ok("20"), Decoded::Int(-1));
    }

    #[test]
    fn bignums_fit_an_int_when_they_can() {
        // 2^64 and -1 - 2^64, as cbor2 writes them.
        assert_eq!(ok("c249010000000000000000"), Decoded::Int(1 << 64));
        assert_eq!(ok("c349010000000000000000"), Decoded::Int(-1 - (1 << 64)));
        // Leading zeros do not count against the 16 bytes of an i128.
        assert_eq!(
            ok("c2 51 00 7fffffffffffffffffffffffffffffff"),
            Decoded::Int(i128::MAX)
        );
        assert_eq!(
            ok("c3 50 7fffffffffffffffffffffffffffffff"),
            Decoded::Int(i128::MIN)
        );
        assert_eq!(
            ok("c2 50 80000000000000000000000000000000"),
            Decoded::BigInt {
                negative: false,
                magnitude: hex("80000000000000000000000000000000")
            }
        );
        assert_eq!(ok("c2 40"), Decoded::Int(0));
        assert_eq!(ok("c3 40"), Decoded::Int(-1));
        // Not over bytes: left as the tag it is.
        assert_eq!(ok("c2 01"), Decoded::Tag(2, Box::new(Decoded::Int(1))));
    }

    #[test]
    fn a_bignum_past_the_limit_stays_a_tag() {
        let mut payload = vec![0xc2, 0x59, 0x04, 0x01];
        payload.extend(std::iter::repeat_n(0xab, MAX_BIGNUM_BYTES + 1));
        match decode(&payload) {
            Ok(Decoded::Tag(2, content)) => {
                assert!(matches!(*content, Decoded::Bytes(ref b) if b.len() == 1025));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn simple_values() {
        assert_eq!(ok("f7"), Decoded::Undefined);
        assert_eq!(ok("f0"), Decoded::Simple(16));
        assert_eq!(ok("f8ff"), Decoded::Simple(255));
        assert_eq!(err("f818"), at(0, DecodeReason::InvalidByte(0xf8)));
    }

    #[test]
    fn empty_and_trailing_bytes() {
        assert_eq!(err(""), at(0, DecodeReason::Empty));
        assert_eq!(err("01 02"), at(1, DecodeReason::TrailingBytes));
        assert_eq!(err("8101 ff"), at(2, DecodeReason::TrailingBytes));
    }

    #[test]
    fn truncation_is_found_at_the_cut_item() {
        assert_eq!(err("19 01"), at(0, DecodeReason::Truncated));
        assert_eq!(err("82 01 19"), at(2, DecodeReason::Truncated));
        // An indefinite array without its break: the next item would start at the end.
        assert_eq!(err("9f 01"), at(2, DecodeReason::Truncated));
        assert_eq!(err("fb 3ff0"), at(0, DecodeReason::Truncated));
    }

    #[test]
    fn declared_lengths_are_checked_before_reading() {
        // A byte string claiming 4 GiB, and one claiming 2^64 - 1 bytes, in a few bytes.
        assert_eq!(
            err("5a ffffffff 00"),
            at(
                0,
                DecodeReason::LengthTooLarge {
                    declared: 0xffff_ffff,
                    remaining: 1
                }
            )
        );
        assert_eq!(
            err("7b ffffffffffffffff"),
            at(
                0,
                DecodeReason::LengthTooLarge {
                    declared: u64::MAX,
                    remaining: 0
                }
            )
        );
        assert_eq!(
            err("9b ffffffffffffffff 01"),
            at(
                0,
                DecodeReason::LengthTooLarge {
                    declared: u64::MAX,
                    remaining: 1
                }
            )
        );
        // Two bytes a pair: a map of 2 pairs needs 4.
        assert_eq!(
            err("a2 01 02 03"),
            at(
                0,
                DecodeReason::LengthTooLarge {
                    declared: 2,
                    remaining: 3
                }
            )
        );
        assert_eq!(
            err("82 43 0102"),
            at(
                1,
                DecodeReason::LengthTooLarge {
                    declared: 3,
                    remaining: 2
                }
            )
        );
    }

    #[test]
    fn reserved_and_misplaced_codes() {
        for code in ["1c", "1d", "1e", "5c", "fc", "fe"] {
            let byte = hex(code)[0];
            assert_eq!(err(code), at(0, DecodeReason::InvalidByte(byte)), "{code}");
        }
        // Indefinite length where none is allowed: integers and tags.
        assert_eq!(err("1f"), at(0, DecodeReason::InvalidByte(0x1f)));
        assert_eq!(err("3f"), at(0, DecodeReason::InvalidByte(0x3f)));
        assert_eq!(err("df 01"), at(0, DecodeReason::InvalidByte(0xdf)));
        // A break outside an indefinite item, or where a map value belongs.
        assert_eq!(err("ff"), at(0, DecodeReason::InvalidByte(0xff)));
        assert_eq!(err("82 01 ff"), at(2, DecodeReason::InvalidByte(0xff)));
        assert_eq!(err("bf 01 ff"), at(2, DecodeReason::InvalidByte(0xff)));
    }

    #[test]
    fn chunks_of_indefinite_strings() {
        assert_eq!(ok("5f 4101 4102 ff"), Decoded::Bytes(vec![1, 2]));
        assert_eq!(ok("7f 6161 6162 ff"), Decoded::Text("ab".into()));
        assert_eq!(ok("7f ff"), Decoded::Text(String::new()));
        assert_eq!(err("5f 6161 ff"), at(1, DecodeReason::InvalidChunk));
        assert_eq!(err("7f 01 ff"), at(1, DecodeReason::InvalidChunk));
        // RFC 8949 §3.2.3: chunks are definite-length strings, never nested indefinite ones.
        assert_eq!(err("5f 5f ff ff"), at(1, DecodeReason::InvalidChunk));
    }

    #[test]
    fn utf8_is_checked_per_chunk_at_the_bad_byte() {
        assert_eq!(err("63 61 ff 62"), at(2, DecodeReason::InvalidUtf8));
        // "é" (c3 a9) split over two chunks is two invalid chunks, not one valid character.
        assert_eq!(err("7f 62 61c3 61a9 ff"), at(3, DecodeReason::InvalidUtf8));
        // A map key too.
        assert_eq!(err("a1 61 80 01"), at(2, DecodeReason::InvalidUtf8));
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let nested = |n: usize| {
            let mut payload = vec![0x81; n];
            payload.push(0x01);
            payload
        };
        assert!(decode(&nested(MAX_DEPTH)).is_ok());
        assert_eq!(
            decode(&nested(MAX_DEPTH + 1)),
            Err(at(MAX_DEPTH, DecodeReason::TooDeep))
        );
        // Tags nest too, and so do indefinite-length containers.
        let mut tags = vec![0xc6; MAX_DEPTH + 1];
        tags.push(0x01);
        assert_eq!(decode(&tags), Err(at(MAX_DEPTH, DecodeReason::TooDeep)));
        let deep = vec![0x9f; 100_000];
        assert_eq!(decode(&deep), Err(at(MAX_DEPTH, DecodeReason::TooDeep)));
    }
}
