//! The decoded value tree both codecs produce, and the limits on it.

/// How deep arrays, maps and CBOR tags may nest. A value inside 128 containers still decodes;
/// one more level is [`DecodeReason::TooDeep`](super::DecodeReason::TooDeep). The decoders,
/// the renderers and `Drop` all recurse, so this bound is what keeps a hostile payload (a few
/// hundred bytes of `[[[[…`) from overflowing the browser's stack.
pub const MAX_DEPTH: usize = 128;

/// The most array items or map pairs reserved ahead, whatever the header declares: a declared
/// length is only a claim, and each item costs [`Decoded`]'s size (32 bytes), not one byte.
pub(crate) const PREALLOCATE: usize = 1024;

/// The longest CBOR bignum (tags 2 and 3) turned into a [`Decoded::BigInt`], in bytes of
/// magnitude (about 2,466 decimal digits). Printing a bignum costs time quadratic in its length,
/// so a longer one stays a tag over its bytes (`2(h'…')`).
pub const MAX_BIGNUM_BYTES: usize = 1024;

/// A CBOR or MessagePack value, with the types the wire gave it: integers stay exact, floats
/// stay floats, byte strings stay bytes, map keys may be anything and keep their order (and
/// duplicates).
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded {
    /// CBOR `null`, MessagePack `nil`.
    Null,
    /// CBOR `undefined` (simple value 23).
    Undefined,
    /// Another CBOR simple value (0–19 or 32–255), which no standard names.
    Simple(u8),
    /// `true` or `false`.
    Bool(bool),
    /// An integer, exact: CBOR spans −2⁶⁴ to 2⁶⁴ − 1, MessagePack −2⁶³ to 2⁶⁴ − 1, and CBOR
    /// bignums (tags 2 and 3) that fit land here too.
    Int(i128),
    /// A CBOR bignum beyond `i128`, up to [`MAX_BIGNUM_BYTES`]. The value is `magnitude`, or
    /// −1 − `magnitude` when `negative` (CBOR's own encoding of negative bignums).
    BigInt {
        /// Tag 3 (negative) rather than tag 2.
        negative: bool,
        /// Big-endian, without leading zero bytes.
        magnitude: Vec<u8>,
    },
    /// A float of any width (CBOR half, single and double; MessagePack float 32 and 64), held
    /// as the `f64` of the same value.
    Float(f64),
    /// A UTF-8 text string.
    Text(String),
    /// A byte string (CBOR major type 2, MessagePack bin).
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<Decoded>),
    /// A map, as key–value pairs in wire order.
    Map(Vec<(Decoded, Decoded)>),
    /// A CBOR tag over its content, e.g. `1(1700000000)` (epoch time) or `0("2013-…Z")`.
    Tag(u64, Box<Decoded>),
    /// A MessagePack timestamp (extension type −1) with valid fields.
    Timestamp {
        /// Seconds since 1970-01-01T00:00:00Z; negative before.
        seconds: i64,
        /// Nanoseconds within the second, below 1,000,000,000.
        nanos: u32,
    },
    /// Any other MessagePack extension: its type and data.
    Ext(i8, Vec<u8>),
}
