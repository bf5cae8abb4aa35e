//! Why `.proto` files do not compile, why a payload does not decode as a message type, and why
//! JSON does not encode as one. The words are in `crate::i18n::protobuf`.

/// A place in a `.proto` file: 1-based line, and 1-based column counted in characters (not
/// bytes), as editors show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourcePosition {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in Unicode characters.
    pub column: usize,
}

impl SourcePosition {
    /// The position of byte `offset` in `source`. An offset past the end, or inside a character,
    /// counts as the position just after the last whole character before it.
    pub fn of_offset(source: &str, offset: usize) -> SourcePosition {
        let mut line = 1;
        let mut column = 1;
        for (at, c) in source.char_indices() {
            if at >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        SourcePosition { line, column }
    }
}

/// `.proto` files that do not compile into a set of message types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtoCompileError {
    /// Two uploaded files have the same name.
    DuplicateFile {
        /// The name, as imports would spell it.
        file: String,
    },
    /// A file imports one that was neither uploaded nor a Google well-known type
    /// (`google/protobuf/timestamp.proto`, …).
    MissingImport {
        /// The importing file.
        file: String,
        /// The name it imports.
        import: String,
        /// Where the `import` statement is, when known.
        at: Option<SourcePosition>,
    },
    /// The compiler's own complaint: a syntax error, an unknown type, a duplicate name, an
    /// import cycle, …
    Invalid {
        /// The file at fault, when known.
        file: Option<String>,
        /// Where in it, when known.
        at: Option<SourcePosition>,
        /// The compiler's message (English; protox has no other).
        message: String,
    },
}

/// What is wrong with a payload's wire format, at [`ProtoDecodeError::Malformed`]'s offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireFault {
    /// The payload ends inside the tag, varint or fixed-width value that starts here.
    Truncated,
    /// A varint runs past 10 bytes, or its tenth byte goes beyond 64 bits.
    VarintTooLong,
    /// A length-delimited field declares more bytes than are left.
    LengthTooLarge {
        /// The declared length.
        declared: u64,
        /// The bytes left after the length.
        remaining: usize,
    },
    /// A tag's wire type is 6 or 7, which protobuf does not define.
    InvalidWireType(u8),
    /// A tag names field number 0, which no message may use.
    FieldNumberZero,
    /// A tag's field number is beyond 2²⁹ − 1.
    FieldNumberTooLarge(u64),
    /// An end-group tag with no group open, or closing a different field's group.
    UnexpectedEndGroup {
        /// The field number the tag closes.
        field: u32,
    },
    /// A group that the payload (or its enclosing field) ends inside.
    UnclosedGroup {
        /// The group's field number.
        field: u32,
    },
    /// A known field arrives with a wire type its declared type cannot have.
    WrongWireType {
        /// The field's name.
        field: String,
        /// The wire type found (0–5).
        found: u8,
    },
    /// A `string` field holds bytes that are not UTF-8.
    InvalidUtf8 {
        /// The field's name.
        field: String,
    },
    /// A packed repeated fixed-width field whose length is not a multiple of its width.
    PackedLength {
        /// The field's name.
        field: String,
    },
    /// Messages and groups nest deeper than [`MAX_NESTING`](super::MAX_NESTING).
    TooDeep,
}

/// A payload that does not decode as the message type asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtoDecodeError {
    /// No message type of that fully qualified name is in the set.
    UnknownType(String),
    /// The bytes break the wire format, or the type's field declarations.
    Malformed {
        /// The 0-based byte offset of the tag, length or value at fault.
        offset: usize,
        /// What is wrong there.
        fault: WireFault,
    },
    /// The decoded message would nest deeper than [`MAX_DEPTH`](super::super::MAX_DEPTH)
    /// levels as a tree (Any messages packed inside each other can, each packed one starting
    /// the decoder's count afresh).
    TooDeep,
    /// The decoder refused the payload but the wire walk found no fault; its message (English).
    /// Kept so no failure goes unexplained, though the walk is meant to find every one.
    Rejected(String),
}

/// JSON that does not encode as the message type asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProtoEncodeError {
    /// No message type of that fully qualified name is in the set.
    UnknownType(String),
    /// The text is not JSON, or not the protobuf JSON form of the type.
    Json {
        /// Where in the value, like `$.readings[2].value`; `$` for the top level.
        path: String,
        /// The 1-based line of the JSON text where reading stopped.
        line: usize,
        /// The 1-based column there.
        column: usize,
        /// The reader's message (English), without its position.
        message: String,
    },
}
