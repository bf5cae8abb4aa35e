//! A walk over the protobuf wire format that finds the first malformed field and its byte
//! offset, because `prost`'s `DecodeError` says what went wrong but not where.
//!
//! Given the message type, the walk also checks what the decoder checks against the field
//! declarations: wire types, UTF-8 in `string` fields, packed lengths, nested messages and
//! groups (to [`MAX_NESTING`] levels, `prost`'s own limit). It runs only after the decoder has
//! refused a payload, so it may be slower than the decoder; it allocates nothing and recurses
//! at most [`MAX_NESTING`] deep.

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};

use super::error::WireFault;

/// How deep messages and groups may nest in a payload: `prost`'s recursion limit, which the
/// walk shares so both agree on what is too deep.
pub const MAX_NESTING: usize = 100;

/// The wire types, by their number in a tag.
pub(super) const VARINT: u8 = 0;
pub(super) const I64: u8 = 1;
pub(super) const LEN: u8 = 2;
pub(super) const SGROUP: u8 = 3;
pub(super) const EGROUP: u8 = 4;
pub(super) const I32: u8 = 5;

/// The largest field number a tag can carry (its key is a `u32`).
const MAX_FIELD: u64 = (1 << 29) - 1;

/// A fault and its offset.
pub(super) type Fault = (usize, WireFault);

/// The first fault in `bytes` read as `message` (or as any message, when `None`), if any.
pub(super) fn find_fault(bytes: &[u8], message: Option<&MessageDescriptor>) -> Option<Fault> {
    let mut walk = Walk { bytes };
    walk.message(0, bytes.len(), message, None, 0).err()
}

/// A varint at `at`, read no further than `end`: its value and the offset after it.
pub(super) fn varint(bytes: &[u8], at: usize, end: usize) -> Result<(u64, usize), Fault> {
    let mut value = 0u64;
    for i in 0..10 {
        let pos = at + i;
        if pos >= end {
            return Err((at, WireFault::Truncated));
        }
        let Some(&byte) = bytes.get(pos) else {
            return Err((at, WireFault::Truncated));
        };
        // The tenth byte holds the 64th bit only: anything more overflows, as `prost` rules.
        if i == 9 && byte > 1 {
            return Err((at, WireFault::VarintTooLong));
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((value, pos + 1));
        }
    }
    Err((at, WireFault::VarintTooLong))
}

/// A tag at `at`: field number, wire type and the offset after it. Checks the wire type and the
/// field number's range.
pub(super) fn tag(bytes: &[u8], at: usize, end: usize) -> Result<(u32, u8, usize), Fault> {
    let (key, next) = varint(bytes, at, end)?;
    let wire = (key & 7) as u8;
    let number = key >> 3;
    if wire > 5 {
        return Err((at, WireFault::InvalidWireType(wire)));
    }
    if number == 0 {
        return Err((at, WireFault::FieldNumberZero));
    }
    if number > MAX_FIELD {
        return Err((at, WireFault::FieldNumberTooLarge(number)));
    }
    Ok((number as u32, wire, next))
}

/// The end of a length-delimited value whose length starts at `at`: (content start, content
/// end).
pub(super) fn delimited(bytes: &[u8], at: usize, end: usize) -> Result<(usize, usize), Fault> {
    let (declared, start) = varint(bytes, at, end)?;
    let remaining = end.saturating_sub(start);
    match usize::try_from(declared) {
        Ok(len) if len <= remaining => Ok((start, start + len)),
        _ => Err((
            at,
            WireFault::LengthTooLarge {
                declared,
                remaining,
            },
        )),
    }
}

/// The offset after `width` bytes of a fixed-width value at `at`.
pub(super) fn fixed(at: usize, width: usize, end: usize) -> Result<usize, Fault> {
    if end.saturating_sub(at) < width {
        Err((at, WireFault::Truncated))
    } else {
        Ok(at + width)
    }
}

struct Walk<'a> {
    bytes: &'a [u8],
}

impl Walk<'_> {
    /// Walks fields from `at` to `end`. Inside a group (`group` is its field number) it stops
    /// at the matching end-group tag and returns the offset after it; otherwise at `end`.
    fn message(
        &mut self,
        mut at: usize,
        end: usize,
        message: Option<&MessageDescriptor>,
        group: Option<u32>,
        depth: usize,
    ) -> Result<usize, Fault> {
        while at < end {
            let tag_at = at;
            let (number, wire, next) = tag(self.bytes, at, end)?;
            at = next;
            if wire == EGROUP {
                return if group == Some(number) {
                    Ok(at)
                } else {
                    Err((tag_at, WireFault::UnexpectedEndGroup { field: number }))
                };
            }
            let field = message.and_then(|m| m.get_field(number));
            if let Some(field) = &field {
                if !wire_fits(field, wire) {
                    return Err((
                        tag_at,
                        WireFault::WrongWireType {
                            field: field.name().to_owned(),
                            found: wire,
                        },
                    ));
                }
            }
            at = match wire {
                VARINT => varint(self.bytes, at, end)?.1,
                I64 => fixed(at, 8, end)?,
                I32 => fixed(at, 4, end)?,
                LEN => {
                    let (start, stop) = delimited(self.bytes, at, end)?;
                    if let Some(field) = &field {
                        self.content(field, start, stop, tag_at, depth)?;
                    }
                    stop
                }
                _ => {
                    // SGROUP: a proto2 group field, or an unknown group skipped field by field.
                    if depth + 1 > MAX_NESTING {
                        return Err((tag_at, WireFault::TooDeep));
                    }
                    let inner = field.as_ref().and_then(|f| match f.kind() {
                        Kind::Message(m) if f.is_group() => Some(m),
                        _ => None,
                    });
                    match self.message(at, end, inner.as_ref(), Some(number), depth + 1) {
                        Ok(after) => after,
                        Err((_, WireFault::UnclosedGroup { field: f })) if f == number => {
                            return Err((tag_at, WireFault::UnclosedGroup { field: number }));
                        }
                        Err(fault) => return Err(fault),
                    }
                }
            };
        }
        match group {
            Some(field) => Err((end, WireFault::UnclosedGroup { field })),
            None => Ok(at),
        }
    }

    /// Checks a known field's length-delimited content from `start` to `stop`.
    fn content(
        &mut self,
        field: &FieldDescriptor,
        start: usize,
        stop: usize,
        tag_at: usize,
        depth: usize,
    ) -> Result<(), Fault> {
        let content = self.bytes.get(start..stop).unwrap_or_default();
        match field.kind() {
            Kind::String => {
                if let Err(e) = std::str::from_utf8(content) {
                    let at = start + e.valid_up_to();
                    return Err((
                        at,
                        WireFault::InvalidUtf8 {
                            field: field.name().to_owned(),
                        },
                    ));
                }
            }
            Kind::Bytes => {}
            Kind::Message(inner) if field.is_map() => {
                // A map entry is a message of its own, but `prost` does not count it as a
                // level: only a message-typed value inside does.
                self.message(start, stop, Some(&inner), None, depth)?;
            }
            Kind::Message(inner) => {
                if depth + 1 > MAX_NESTING {
                    return Err((tag_at, WireFault::TooDeep));
                }
                self.message(start, stop, Some(&inner), None, depth + 1)?;
            }
            kind => self.packed(field, &kind, start, stop)?,
        }
        Ok(())
    }

    /// Checks a packed repeated scalar field's content.
    fn packed(
        &mut self,
        field: &FieldDescriptor,
        kind: &Kind,
        start: usize,
        stop: usize,
    ) -> Result<(), Fault> {
        let width = match wire_of(kind) {
            I64 => 8,
            I32 => 4,
            _ => {
                let mut at = start;
                while at < stop {
                    at = varint(self.bytes, at, stop)?.1;
                }
                return Ok(());
            }
        };
        if !(stop - start).is_multiple_of(width) {
            return Err((
                start,
                WireFault::PackedLength {
                    field: field.name().to_owned(),
                },
            ));
        }
        Ok(())
    }
}

/// The wire type a value of `kind` has on its own (not packed).
fn wire_of(kind: &Kind) -> u8 {
    match kind {
        Kind::Double | Kind::Fixed64 | Kind::Sfixed64 => I64,
        Kind::Float | Kind::Fixed32 | Kind::Sfixed32 => I32,
        Kind::String | Kind::Bytes | Kind::Message(_) => LEN,
        _ => VARINT,
    }
}

/// Whether a known field may arrive with `wire`: its own wire type, a group's start for group
/// fields, or length-delimited (packed) for repeated scalars.
fn wire_fits(field: &FieldDescriptor, wire: u8) -> bool {
    let kind = field.kind();
    if field.is_group() {
        return wire == SGROUP;
    }
    let own = wire_of(&kind);
    wire == own || (wire == LEN && field.is_list() && own != LEN)
}
