//! Why a recording could not be read, and where: the words are in `crate::i18n::recording`.

use crate::mqtt::MqttError;

/// Why a recording could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingError {
    /// The 1-based line at fault; 0 when the fault is the whole file ([`TooLarge`], [`Empty`]).
    ///
    /// [`TooLarge`]: RecordingErrorKind::TooLarge
    /// [`Empty`]: RecordingErrorKind::Empty
    pub line: usize,
    /// What is wrong with it.
    pub kind: RecordingErrorKind,
}

/// What is wrong with a line of a recording (or with the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordingErrorKind {
    /// The line is not JSON; the JSON parser's own explanation, without its position.
    NotJson(String),
    /// The line is JSON but not an object.
    NotAnObject,
    /// A required field is absent (or null).
    Missing(&'static str),
    /// A field has the wrong type or value.
    BadField {
        /// The field, as spelled in the file.
        field: &'static str,
        /// What is wrong with it.
        why: FieldProblem,
    },
    /// The payload is not standard base64.
    BadBase64,
    /// The QoS is not 0, 1 or 2.
    BadQos(u64),
    /// The topic is not a topic name one can publish to; the core's reason.
    BadTopic(MqttError),
    /// `t` is less than the line before's: the messages are out of order.
    TimeGoesBack {
        /// The `t` of the message before.
        previous: u64,
        /// The `t` of this one.
        this: u64,
    },
    /// The file holds no message.
    Empty,
    /// The file is larger than [`MAX_RECORDING_BYTES`](super::MAX_RECORDING_BYTES).
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The header says a version newer than this console reads.
    Version(u64),
}

/// What is wrong with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    /// It should be a string.
    NotText,
    /// It should be a whole number, 0 or more.
    NotWholeNumber,
    /// It should be a number.
    NotNumber,
    /// It should be `true` or `false`.
    NotBool,
    /// It should be an object.
    NotObject,
    /// It should be a list of `[name, value]` pairs of strings.
    NotPairs,
    /// It should be a time like `2023-11-14T22:13:20.000Z`.
    NotIsoTime,
    /// It should be standard base64.
    NotBase64,
    /// It should be `"utf8"` or `"bytes"`.
    NotPayloadFormat,
    /// The number is too large or too small for what it counts.
    OutOfRange,
    /// The header names another format than ours.
    NotOurs,
    /// A header line after the first line: two recordings joined into one file.
    HeaderNotFirst,
}

/// A [`RecordingErrorKind::BadField`].
pub(super) fn bad(field: &'static str, why: FieldProblem) -> RecordingErrorKind {
    RecordingErrorKind::BadField { field, why }
}
