//! MQTT 5 property blocks checked before `mqttbytes` reads them.
//!
//! That crate accepts a property twice (the last one wins), properties the packet may not
//! carry, a topic alias or subscription identifier of 0, out-of-range flags, and strings with
//! U+0000; and it may read past a property block whose length is wrong. Each block is walked
//! here, within its declared length, against the rules of MQTT 5.0 section 2.2.2.

use super::FrameError;

/// Which packet a property block belongs to (the client → server ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Connect,
    Will,
    Publish,
    PubAck,
    Subscribe,
    Unsubscribe,
    Disconnect,
}

impl Block {
    /// The property identifiers this block may carry [MQTT 5.0, 2.2.2.2].
    fn allows(self, id: u8) -> bool {
        let allowed: &[u8] = match self {
            Block::Connect => &[0x11, 0x15, 0x16, 0x17, 0x19, 0x21, 0x22, 0x26, 0x27],
            Block::Will => &[0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26],
            // A subscription identifier (0x0B) only goes from server to client.
            Block::Publish => &[0x01, 0x02, 0x03, 0x08, 0x09, 0x23, 0x26],
            Block::PubAck => &[0x1F, 0x26],
            Block::Subscribe => &[0x0B, 0x26],
            Block::Unsubscribe => &[0x26],
            // A server reference (0x1C) only goes from server to client.
            Block::Disconnect => &[0x11, 0x1F, 0x26],
        };
        allowed.contains(&id)
    }
}

/// The kind of value a property identifier carries.
enum Value {
    Byte,
    Two,
    Four,
    VarInt,
    Text,
    Binary,
    Pair,
}

fn value_of(id: u8) -> Option<Value> {
    Some(match id {
        0x01 | 0x17 | 0x19 | 0x24 | 0x25 | 0x28 | 0x29 | 0x2A => Value::Byte,
        0x13 | 0x21 | 0x22 | 0x23 => Value::Two,
        0x02 | 0x11 | 0x18 | 0x27 => Value::Four,
        0x0B => Value::VarInt,
        0x03 | 0x08 | 0x12 | 0x15 | 0x1A | 0x1C | 0x1F => Value::Text,
        0x09 | 0x16 => Value::Binary,
        0x26 => Value::Pair,
        _ => return None,
    })
}

/// A Variable Byte Integer at the start of `bytes`: `(bytes used, value)`.
pub fn var_int(bytes: &[u8]) -> Result<(usize, usize), FrameError> {
    let mut value = 0usize;
    for (i, byte) in bytes.iter().take(4).enumerate() {
        value |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((i + 1, value));
        }
    }
    Err(FrameError::Malformed(
        "a variable byte integer is cut short or longer than 4 bytes".into(),
    ))
}

fn take<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<&'a [u8], FrameError> {
    let end = at.checked_add(n).filter(|end| *end <= bytes.len());
    let Some(end) = end else {
        return Err(FrameError::Malformed(
            "a property runs past its block".into(),
        ));
    };
    let slice = &bytes[*at..end];
    *at = end;
    Ok(slice)
}

fn two(bytes: &[u8], at: &mut usize) -> Result<u16, FrameError> {
    let b = take(bytes, at, 2)?;
    Ok(u16::from_be_bytes([b[0], b[1]]))
}

fn text(bytes: &[u8], at: &mut usize) -> Result<(), FrameError> {
    let len = usize::from(two(bytes, at)?);
    let raw = take(bytes, at, len)?;
    match std::str::from_utf8(raw) {
        Ok(s) if !s.contains('\0') => Ok(()),
        Ok(_) => Err(FrameError::Malformed(
            "a property string contains U+0000".into(),
        )),
        Err(_) => Err(FrameError::Malformed(
            "a property string is not UTF-8".into(),
        )),
    }
}

/// Checks the property block at the start of `bytes` for a `block` packet and returns how
/// many bytes it takes (length field included).
pub fn check(bytes: &[u8], block: Block) -> Result<usize, FrameError> {
    let (len_len, len) = var_int(bytes)?;
    let end = len_len
        .checked_add(len)
        .filter(|end| *end <= bytes.len())
        .ok_or_else(|| FrameError::Malformed("the property length runs past the packet".into()))?;
    let props = &bytes[len_len..end];
    let mut seen = [false; 64];
    let mut at = 0;
    while at < props.len() {
        let id = props[at];
        at += 1;
        let value = value_of(id)
            .ok_or_else(|| FrameError::Malformed(format!("unknown property {id:#04x}")))?;
        if !block.allows(id) {
            return Err(FrameError::Protocol(format!(
                "property {id:#04x} is not allowed in {block:?}"
            )));
        }
        let slot = usize::from(id);
        if id != 0x26 && seen[slot] {
            return Err(FrameError::Protocol(format!(
                "property {id:#04x} appears twice"
            )));
        }
        seen[slot] = true;
        let zero_is_wrong = matches!(id, 0x0B | 0x21 | 0x23 | 0x27);
        match value {
            Value::Byte => {
                let v = take(props, &mut at, 1)?[0];
                if matches!(id, 0x01 | 0x17 | 0x19) && v > 1 {
                    return Err(FrameError::Protocol(format!(
                        "property {id:#04x} is {v}; only 0 or 1 is allowed"
                    )));
                }
            }
            Value::Two => {
                if zero_is_wrong && two(props, &mut at)? == 0 {
                    return Err(zero(id));
                }
            }
            Value::Four => {
                let b = take(props, &mut at, 4)?;
                if zero_is_wrong && b == [0, 0, 0, 0] {
                    return Err(zero(id));
                }
            }
            Value::VarInt => {
                let (used, v) = var_int(props.get(at..).unwrap_or(&[]))?;
                at += used;
                if v == 0 {
                    return Err(zero(id));
                }
            }
            Value::Text => text(props, &mut at)?,
            Value::Binary => {
                let len = usize::from(two(props, &mut at)?);
                take(props, &mut at, len)?;
            }
            Value::Pair => {
                text(props, &mut at)?;
                text(props, &mut at)?;
            }
        }
    }
    Ok(end)
}

fn zero(id: u8) -> FrameError {
    let name = match id {
        0x0B => "subscription identifier",
        0x21 => "receive maximum",
        0x23 => "topic alias",
        _ => "maximum packet size",
    };
    FrameError::Protocol(format!("a {name} of 0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(props: &[u8]) -> Vec<u8> {
        let mut bytes = vec![props.len() as u8];
        bytes.extend_from_slice(props);
        bytes
    }

    #[test]
    fn a_good_block_is_measured() {
        let props = block(&[
            0x23, 0, 3, 0x26, 0, 1, b'k', 0, 1, b'v', 0x26, 0, 1, b'k', 0, 0,
        ]);
        assert_eq!(check(&props, Block::Publish), Ok(props.len()));
        assert_eq!(check(&[0], Block::Connect), Ok(1));
    }

    #[test]
    fn what_the_crate_lets_through_is_refused() {
        let cases: [(&[u8], Block); 9] = [
            (&[0x23, 0, 1, 0x23, 0, 2], Block::Publish), // alias twice
            (&[0x23, 0, 0], Block::Publish),             // alias 0
            (&[0x0B, 5], Block::Publish),                // subscription id from a client
            (&[0x0B, 0], Block::Subscribe),              // subscription id 0
            (&[0x01, 2], Block::Publish),                // payload format 2
            (&[0x21, 0, 0], Block::Connect),             // receive maximum 0
            (&[0x1C, 0, 0], Block::Disconnect),          // server reference from a client
            (&[0x7F, 0], Block::Publish),                // unknown property
            (&[0x03, 0, 1, 0], Block::Publish),          // content type with U+0000
        ];
        for (props, kind) in cases {
            assert!(check(&block(props), kind).is_err(), "{props:?}");
        }
        // Declared longer than what follows, or a value cut by the block's end.
        assert!(check(&[5, 0x23, 0], Block::Publish).is_err());
        assert!(check(&[2, 0x23, 0, 1], Block::Publish).is_err());
    }
}
