//! A walk over the protobuf wire format of a Sparkplug B payload, run before `prost` decodes it.
//!
//! `prost` says what went wrong in an English sentence and never where. This walk knows the
//! schema's field numbers and wire types, so it finds the first malformed tag, length, varint,
//! wire type or UTF-8 string and its byte offset. It also counts the messages a payload holds
//! and how deep they nest, so a hostile payload is refused before `prost` allocates anything:
//! an empty metric is 2 bytes on the wire but a few hundred in memory.

use super::error::{PayloadError, PayloadReason};

/// The most nested messages (metrics, properties, rows, cells, parameters, …) one payload may
/// hold: about 64 MB of decoded structs at worst. Past it the payload is
/// [`PayloadReason::TooManyItems`].
pub const MAX_ITEMS: usize = 65_536;

/// How deep messages may nest (templates in metrics in templates, property sets in property
/// values). `prost` stops at 100 levels; this walk stops first, with an offset.
pub const MAX_NESTING: usize = 64;

/// The messages of the schema, for knowing what a field holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Payload,
    Metric,
    MetaData,
    PropertySet,
    PropertySetList,
    PropertyValue,
    DataSet,
    Row,
    DataSetValue,
    Template,
    Parameter,
    Extension,
}

/// What a known field holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Varint,
    /// A `repeated` varint field: packed (length-delimited) is allowed too.
    RepeatedVarint,
    Fixed32,
    Fixed64,
    Text,
    Bytes,
    Message(Kind),
    Unknown,
}

fn field(kind: Kind, number: u64) -> Field {
    use Field::*;
    match (kind, number) {
        (Kind::Payload, 1 | 3) => Varint,
        (Kind::Payload, 2) => Message(Kind::Metric),
        (Kind::Payload, 4) => Text,
        (Kind::Payload, 5) => Bytes,
        (Kind::Metric, 1 | 15) => Text,
        (Kind::Metric, 2..=7 | 10 | 11 | 14) => Varint,
        (Kind::Metric, 8) => Message(Kind::MetaData),
        (Kind::Metric, 9) => Message(Kind::PropertySet),
        (Kind::Metric, 12) => Fixed32,
        (Kind::Metric, 13) => Fixed64,
        (Kind::Metric, 16) => Bytes,
        (Kind::Metric, 17) => Message(Kind::DataSet),
        (Kind::Metric, 18) => Message(Kind::Template),
        (Kind::Metric, 19) => Message(Kind::Extension),
        (Kind::MetaData, 1 | 3 | 4) => Varint,
        (Kind::MetaData, 2 | 5..=8) => Text,
        (Kind::PropertySet, 1) => Text,
        (Kind::PropertySet, 2) => Message(Kind::PropertyValue),
        (Kind::PropertySetList, 1) => Message(Kind::PropertySet),
        (Kind::PropertyValue, 1..=4 | 7) => Varint,
        (Kind::PropertyValue, 5) => Fixed32,
        (Kind::PropertyValue, 6) => Fixed64,
        (Kind::PropertyValue, 8) => Text,
        (Kind::PropertyValue, 9) => Message(Kind::PropertySet),
        (Kind::PropertyValue, 10) => Message(Kind::PropertySetList),
        (Kind::PropertyValue, 11) => Message(Kind::Extension),
        (Kind::DataSet, 1) => Varint,
        (Kind::DataSet, 2) => Text,
        (Kind::DataSet, 3) => RepeatedVarint,
        (Kind::DataSet, 4) => Message(Kind::Row),
        (Kind::Row, 1) => Message(Kind::DataSetValue),
        (Kind::DataSetValue, 1 | 2 | 5) => Varint,
        (Kind::DataSetValue, 3) => Fixed32,
        (Kind::DataSetValue, 4) => Fixed64,
        (Kind::DataSetValue, 6) => Text,
        (Kind::DataSetValue, 7) => Message(Kind::Extension),
        (Kind::Template, 1 | 4) => Text,
        (Kind::Template, 2) => Message(Kind::Metric),
        (Kind::Template, 3) => Message(Kind::Parameter),
        (Kind::Template, 5) => Varint,
        (Kind::Parameter, 1 | 8) => Text,
        (Kind::Parameter, 2..=4 | 7) => Varint,
        (Kind::Parameter, 5) => Fixed32,
        (Kind::Parameter, 6) => Fixed64,
        (Kind::Parameter, 9) => Message(Kind::Extension),
        _ => Unknown,
    }
}

const VARINT: u64 = 0;
const FIXED64: u64 = 1;
const LENGTH: u64 = 2;
const START_GROUP: u64 = 3;
const END_GROUP: u64 = 4;
const FIXED32: u64 = 5;

/// Checks `payload` as a whole `Payload` message; on success, the number of nested messages.
pub(crate) fn check(payload: &[u8]) -> Result<usize, PayloadError> {
    let mut walk = Walk {
        bytes: payload,
        items: 0,
    };
    walk.message(Kind::Payload, 0, payload.len(), 0)?;
    Ok(walk.items)
}

struct Walk<'a> {
    bytes: &'a [u8],
    items: usize,
}

fn fail(offset: usize, reason: PayloadReason) -> PayloadError {
    PayloadError {
        offset: Some(offset),
        reason,
    }
}

impl Walk<'_> {
    /// A varint at `at`, below `end`: its value and the offset after it.
    fn varint(&self, at: usize, end: usize) -> Result<(u64, usize), PayloadError> {
        let mut value = 0u64;
        for i in 0..10 {
            let Some(&byte) = self.bytes.get(at + i).filter(|_| at + i < end) else {
                return Err(fail(at, PayloadReason::Truncated));
            };
            // The tenth byte may only carry the 64th bit (prost's rule too).
            if i == 9 && byte > 1 {
                return Err(fail(at, PayloadReason::InvalidVarint));
            }
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return Ok((value, at + i + 1));
            }
        }
        Err(fail(at, PayloadReason::InvalidVarint))
    }

    /// The fields from `start` to `end` as the message `kind`, `depth` messages deep.
    fn message(
        &mut self,
        kind: Kind,
        start: usize,
        end: usize,
        depth: usize,
    ) -> Result<(), PayloadError> {
        let mut at = start;
        while at < end {
            let (key, next) = self.varint(at, end)?;
            let number = key >> 3;
            let wire = key & 7;
            if number == 0 || number > u64::from(u32::MAX >> 3) {
                return Err(fail(at, PayloadReason::InvalidTag));
            }
            at = self.value(kind, at, next, number, wire, end, depth)?;
        }
        Ok(())
    }

    /// The value of field `number` (its key at `key_at`, the value from `at`); the offset after.
    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        kind: Kind,
        key_at: usize,
        at: usize,
        number: u64,
        wire: u64,
        end: usize,
        depth: usize,
    ) -> Result<usize, PayloadError> {
        let expected = field(kind, number);
        let fits = match expected {
            Field::Varint => wire == VARINT,
            Field::RepeatedVarint => wire == VARINT || wire == LENGTH,
            Field::Fixed32 => wire == FIXED32,
            Field::Fixed64 => wire == FIXED64,
            Field::Text | Field::Bytes | Field::Message(_) => wire == LENGTH,
            Field::Unknown => wire <= FIXED32 && wire != END_GROUP,
        };
        if !fits {
            let reason = if wire > FIXED32 {
                PayloadReason::InvalidTag
            } else {
                PayloadReason::WrongWireType {
                    field: number as u32,
                    wire_type: wire as u8,
                }
            };
            return Err(fail(key_at, reason));
        }
        match wire {
            VARINT => Ok(self.varint(at, end)?.1),
            FIXED32 | FIXED64 => {
                let size = if wire == FIXED32 { 4 } else { 8 };
                if end - at < size {
                    return Err(fail(key_at, PayloadReason::Truncated));
                }
                Ok(at + size)
            }
            START_GROUP => self.group(key_at, at, number, end, depth),
            _ => {
                let (length, body) = self.varint(at, end)?;
                let remaining = end - body;
                let length = match usize::try_from(length) {
                    Ok(length) if length <= remaining => length,
                    _ => {
                        return Err(fail(
                            key_at,
                            PayloadReason::LengthTooLarge {
                                declared: length,
                                remaining,
                            },
                        ))
                    }
                };
                let stop = body + length;
                let content = self.bytes.get(body..stop).unwrap_or_default();
                match expected {
                    Field::Text => {
                        if let Err(e) = std::str::from_utf8(content) {
                            return Err(fail(body + e.valid_up_to(), PayloadReason::InvalidUtf8));
                        }
                    }
                    Field::RepeatedVarint => {
                        let mut inner = body;
                        while inner < stop {
                            inner = self.varint(inner, stop)?.1;
                        }
                    }
                    Field::Message(child) => {
                        if depth + 1 > MAX_NESTING {
                            return Err(fail(key_at, PayloadReason::TooDeep));
                        }
                        self.items += 1;
                        if self.items > MAX_ITEMS {
                            return Err(fail(key_at, PayloadReason::TooManyItems));
                        }
                        self.message(child, body, stop, depth + 1)?;
                    }
                    _ => {}
                }
                Ok(stop)
            }
        }
    }

    /// An unknown group (proto2's old nested form) from `at` to its end tag; the offset after.
    fn group(
        &mut self,
        key_at: usize,
        mut at: usize,
        number: u64,
        end: usize,
        depth: usize,
    ) -> Result<usize, PayloadError> {
        if depth + 1 > MAX_NESTING {
            return Err(fail(key_at, PayloadReason::TooDeep));
        }
        loop {
            if at >= end {
                return Err(fail(key_at, PayloadReason::Truncated));
            }
            let (key, next) = self.varint(at, end)?;
            let (inner, wire) = (key >> 3, key & 7);
            if inner == 0 || inner > u64::from(u32::MAX >> 3) {
                return Err(fail(at, PayloadReason::InvalidTag));
            }
            if wire == END_GROUP {
                if inner != number {
                    return Err(fail(at, PayloadReason::InvalidTag));
                }
                return Ok(next);
            }
            at = self.value(Kind::Extension, at, next, inner, wire, end, depth + 1)?;
        }
    }
}
