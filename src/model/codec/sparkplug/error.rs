//! Why a Sparkplug message does not decode, and which part failed. The words are in
//! `crate::i18n::sparkplug`.

/// A message that is not a readable Sparkplug B message: its topic, its protobuf payload, or
/// its STATE payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SparkplugError {
    /// The topic is not a Sparkplug B topic.
    Topic(TopicError),
    /// The payload of a node or device message is not a Sparkplug B `Payload`.
    Payload(PayloadError),
    /// The payload of a STATE message is neither Sparkplug 3.0's JSON nor 2.2's text.
    State(StateError),
}

/// Why a topic is not a Sparkplug B topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicError {
    /// The topic does not start with `spBv1.0/` (nor is it 2.2's `STATE/<host_id>`).
    NotSparkplug,
    /// The third level is not one of NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD.
    UnknownMessageType(String),
    /// The topic has the wrong number of levels for its message type: node messages have 4,
    /// device messages 5, STATE 3.
    WrongLevels {
        /// The levels the message type needs.
        expected: usize,
        /// The levels the topic has.
        got: usize,
    },
    /// A group, edge node, device or host id is empty.
    EmptyId,
}

/// A payload that is not a Sparkplug B `Payload` message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// The 0-based byte offset of what is at fault (the key of the field that is cut short,
    /// too long or of the wrong type; the bad varint; the first bad byte of a string), when
    /// the wire walk could tell.
    pub offset: Option<usize>,
    /// What is wrong there.
    pub reason: PayloadReason,
}

/// What is wrong with a payload, at [`PayloadError::offset`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadReason {
    /// The payload ends inside the field that starts at the offset.
    Truncated,
    /// A varint longer than 10 bytes, or one past 64 bits.
    InvalidVarint,
    /// A field key with field number 0, a field number past 2²⁹ − 1, an unknown wire type (6,
    /// 7), or a group end tag that closes nothing.
    InvalidTag,
    /// A known field arrives with a wire type its declared type cannot have (a string as a
    /// varint, a metric as a fixed64).
    WrongWireType {
        /// The field number.
        field: u32,
        /// The wire type the payload gives it (0 varint, 1 fixed64, 2 length-delimited,
        /// 3 and 4 groups, 5 fixed32).
        wire_type: u8,
    },
    /// A length-delimited field declares more bytes than its message has left.
    LengthTooLarge {
        /// The declared length.
        declared: u64,
        /// The bytes left in the enclosing message after the length.
        remaining: usize,
    },
    /// A string field that is not valid UTF-8; the offset is its first bad byte.
    InvalidUtf8,
    /// Messages nest deeper than [`MAX_NESTING`](super::MAX_NESTING).
    TooDeep,
    /// The payload holds more than [`MAX_ITEMS`](super::MAX_ITEMS) messages.
    TooManyItems,
    /// `prost` refused a payload the walk accepted; its description.
    Other(String),
}

/// A STATE payload that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateError {
    /// Neither JSON nor the text `ONLINE` / `OFFLINE`.
    NotJson,
    /// JSON without a boolean `online`.
    MissingOnline,
    /// A `timestamp` that is not a whole number of milliseconds from 0 to 2⁶⁴ − 1.
    BadTimestamp,
}

impl From<TopicError> for SparkplugError {
    fn from(e: TopicError) -> Self {
        SparkplugError::Topic(e)
    }
}

impl From<PayloadError> for SparkplugError {
    fn from(e: PayloadError) -> Self {
        SparkplugError::Payload(e)
    }
}

impl From<StateError> for SparkplugError {
    fn from(e: StateError) -> Self {
        SparkplugError::State(e)
    }
}
