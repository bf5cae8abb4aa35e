//! Reassembles MQTT packets from WebSocket frames, which may carry part of a packet or several.

use bytes::BytesMut;

use super::MqttError;

/// One complete packet cut out of the stream. Only [`Framer::next_frame`] makes one, after
/// parsing its fixed header, so `bytes` always holds at least the two header bytes.
#[derive(Debug)]
pub(crate) struct Frame {
    /// The packet bytes, fixed header included.
    pub bytes: BytesMut,
    /// Bytes taken by the fixed header (2..=5).
    pub header_len: usize,
    /// The remaining length from the fixed header.
    pub remaining_len: usize,
}

impl Frame {
    pub(crate) fn packet_type(&self) -> u8 {
        self.bytes[0] >> 4
    }

    pub(crate) fn flags(&self) -> u8 {
        self.bytes[0] & 0x0F
    }
}

/// Bytes received but not yet forming a whole packet.
#[derive(Debug)]
pub(crate) struct Framer {
    buf: BytesMut,
    max_packet_size: usize,
}

impl Framer {
    pub(crate) fn new(max_packet_size: usize) -> Framer {
        Framer {
            buf: BytesMut::new(),
            max_packet_size,
        }
    }

    pub(crate) fn set_max_packet_size(&mut self, max: usize) {
        self.max_packet_size = max;
    }

    pub(crate) fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    pub(crate) fn clear(&mut self) {
        self.buf = BytesMut::new();
    }

    /// Bytes waiting for the rest of their packet.
    #[cfg(test)]
    pub(crate) fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Cuts the next complete packet off the buffer, `None` if more bytes are needed.
    ///
    /// The size limit is checked as soon as the fixed header is known, so a hostile length is
    /// refused before we wait for (and buffer) megabytes of it.
    pub(crate) fn next_frame(&mut self) -> Result<Option<Frame>, MqttError> {
        let Some((header_len, remaining_len)) = parse_fixed_header(&self.buf)? else {
            return Ok(None);
        };
        let size = header_len + remaining_len;
        if size > self.max_packet_size {
            return Err(MqttError::IncomingPacketTooLarge {
                size,
                max: self.max_packet_size,
            });
        }
        if self.buf.len() < size {
            return Ok(None);
        }
        let bytes = self.buf.split_to(size);
        Ok(Some(Frame {
            bytes,
            header_len,
            remaining_len,
        }))
    }
}

/// Returns `(fixed header length, remaining length)` once the whole fixed header is buffered,
/// `None` while it is not.
///
/// The one walk of the remaining-length varint, used by the session and by the emulator.
/// Fails when the length runs past four bytes.
pub fn parse_fixed_header(buf: &[u8]) -> Result<Option<(usize, usize)>, MqttError> {
    let mut remaining_len = 0usize;
    // The remaining length is at most four 7-bit groups, least significant first [MQTT-2.2.3].
    for (i, &byte) in buf.iter().skip(1).take(4).enumerate() {
        remaining_len |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(Some((i + 2, remaining_len)));
        }
        if i == 3 {
            return Err(MqttError::MalformedPacket(
                "the remaining length is longer than four bytes".into(),
            ));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_header_lengths() {
        assert_eq!(parse_fixed_header(&[]), Ok(None));
        assert_eq!(parse_fixed_header(&[0xD0]), Ok(None));
        assert_eq!(parse_fixed_header(&[0xD0, 0x00]), Ok(Some((2, 0))));
        assert_eq!(parse_fixed_header(&[0x30, 0x80]), Ok(None));
        assert_eq!(parse_fixed_header(&[0x30, 0x80, 0x01]), Ok(Some((3, 128))));
        assert_eq!(
            parse_fixed_header(&[0x30, 0xFF, 0xFF, 0xFF, 0x7F]),
            Ok(Some((5, 268_435_455)))
        );
        assert!(matches!(
            parse_fixed_header(&[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            Err(MqttError::MalformedPacket(_))
        ));
    }

    #[test]
    fn partial_and_joined_packets() {
        let mut framer = Framer::new(1024);
        framer.push(&[0xD0]);
        assert!(framer.next_frame().unwrap().is_none());
        framer.push(&[0x00, 0x40, 0x02, 0x00]);
        let first = framer.next_frame().unwrap().unwrap();
        assert_eq!(&first.bytes[..], &[0xD0, 0x00]);
        assert_eq!(first.packet_type(), 13);
        assert!(framer.next_frame().unwrap().is_none());
        assert_eq!(framer.buffered(), 3);
        framer.push(&[0x07]);
        let second = framer.next_frame().unwrap().unwrap();
        assert_eq!((second.header_len, second.remaining_len), (2, 2));
        assert_eq!(&second.bytes[..], &[0x40, 0x02, 0x00, 0x07]);
        assert_eq!(framer.buffered(), 0);
    }

    #[test]
    fn oversized_packet_is_refused_from_its_header() {
        let mut framer = Framer::new(100);
        // Announces 200 bytes; only the header has arrived.
        framer.push(&[0x30, 0xC8, 0x01]);
        assert_eq!(
            framer.next_frame().unwrap_err(),
            MqttError::IncomingPacketTooLarge {
                size: 203,
                max: 100
            }
        );
        let mut framer = Framer::new(100);
        framer.push(&[0x30, 97]);
        assert!(framer.next_frame().unwrap().is_none(), "99 bytes fit");
    }
}
