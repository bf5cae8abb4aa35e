//! Why a payload does not decode, and where. The words are in `crate::i18n::codec`.

/// A payload that is not one well-formed value of the codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The 0-based byte offset in the payload of what is at fault: the start of the item that is
    /// cut off, too long or too deep, the invalid byte, the first byte of invalid UTF-8, or the
    /// first byte after the value.
    pub offset: usize,
    /// What is wrong there.
    pub reason: DecodeReason,
}

impl DecodeError {
    pub(crate) fn new(offset: usize, reason: DecodeReason) -> DecodeError {
        DecodeError { offset, reason }
    }
}

/// What is wrong with a payload, at [`DecodeError::offset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeReason {
    /// The payload has no bytes at all.
    Empty,
    /// The payload ends inside the item that starts here.
    Truncated,
    /// The item declares more bytes (strings, extensions) or more entries (arrays, maps) than
    /// the rest of the payload could hold. Checked before anything is allocated, so a 10-byte
    /// payload claiming 4 GB fails at once.
    LengthTooLarge {
        /// The length the item declares: bytes for strings and extensions, items for arrays,
        /// pairs for maps.
        declared: u64,
        /// The bytes left after the item's header.
        remaining: usize,
    },
    /// A byte that cannot start an item here: CBOR's reserved codes (additional information
    /// 28–30), an indefinite length on an integer, tag or simple value, a "break" (0xff) outside
    /// an indefinite-length item, a two-byte simple value below 32; MessagePack's never-used
    /// 0xc1.
    InvalidByte(u8),
    /// A piece of an indefinite-length CBOR string that is not a definite-length string of the
    /// same kind (bytes within bytes, text within text).
    InvalidChunk,
    /// A text string that is not valid UTF-8; the offset is its first bad byte.
    InvalidUtf8,
    /// The item would nest deeper than [`MAX_DEPTH`](super::MAX_DEPTH) arrays, maps and tags.
    TooDeep,
    /// A complete value ends before the payload does; the offset is the first extra byte.
    TrailingBytes,
}
