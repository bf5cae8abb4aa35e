//! Bytes from a client → whole MQTT packets, 3.1.1 or 5.0 as the CONNECT chose.
//!
//! The fixed header is walked by the core's [`parse_fixed_header`] (the app's own framer), and
//! decoding uses `mqttbytes` 0.6, but each fixed header is checked here first:
//! that crate also decodes packets only a server sends, ignores reserved flags, and refuses a
//! protocol level other than 4 or 5 with an error that would leave us unable to answer
//! CONNACK. MQTT 5 bodies get more checks in [`super::decode5`] before the crate sees them.

use bytes::BytesMut;
use mqtt_console::aliyun::ENTERPRISE_CAPABILITIES;
use mqtt_console::mqtt::parse_fixed_header;
use mqttbytes::v4::{self, Packet};

use super::decode5;
use super::packet::{
    Connect, ConnectProperties, Disconnect, Inbound, MessageProperties, Publish, Subscribe,
    SubscribeFilter, Unsubscribe, Version,
};

/// Aliyun's limit on one message is 256 KB; we refuse packets whose remaining length exceeds
/// that plus room for the longest topic and a packet id.
pub const MAX_REMAINING_LENGTH: usize = 256 * 1024 + 2 + 65_535 + 2;

/// On MQTT 5 the limit is the Maximum Packet Size the CONNACK announces (a whole packet).
pub const MAX_PACKET_SIZE_V5: usize = ENTERPRISE_CAPABILITIES.maximum_packet_size as usize;

/// Why the byte stream cannot go on; every case closes the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameError {
    /// A CONNECT for another protocol level (e.g. MQTT 3.1): answer CONNACK 1, then close.
    ProtocolVersion(String),
    TooLarge(usize),
    Malformed(String),
    /// A valid packet that a client must not send here (e.g. CONNACK, or PUBREL with no QoS 2
    /// flow open).
    Unexpected(&'static str),
    /// An MQTT 5 rule broken inside a well-formed packet (a duplicate property, a property
    /// the packet may not carry, a value out of range).
    Protocol(String),
}

impl FrameError {
    /// The MQTT 5 reason code a DISCONNECT (or CONNACK) gives for this error.
    pub fn reason_code(&self) -> u8 {
        match self {
            FrameError::ProtocolVersion(_) => 0x84,
            FrameError::TooLarge(_) => 0x95,
            FrameError::Malformed(_) => 0x81,
            FrameError::Unexpected(_) | FrameError::Protocol(_) => 0x82,
        }
    }
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::ProtocolVersion(what) => write!(f, "unsupported protocol: {what}"),
            FrameError::TooLarge(n) => write!(
                f,
                "packet of {n} bytes is over the limit of {MAX_REMAINING_LENGTH}"
            ),
            FrameError::Malformed(why) => write!(f, "malformed packet: {why}"),
            FrameError::Unexpected(what) => write!(f, "unexpected packet: {what}"),
            FrameError::Protocol(why) => write!(f, "protocol error: {why}"),
        }
    }
}

/// Collects bytes until whole packets are there.
#[derive(Debug, Default)]
pub struct Framer {
    buf: BytesMut,
    /// Set by the CONNECT; until then only a CONNECT can be read.
    version: Option<Version>,
}

impl Framer {
    /// A framer with nothing buffered.
    pub fn new() -> Framer {
        Framer::default()
    }

    /// Call with every chunk read from the transport, then drain [`Framer::next_packet`].
    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// The next whole packet; `Ok(None)` when more bytes are needed.
    pub fn next_packet(&mut self) -> Result<Option<Inbound>, FrameError> {
        let (header_len, remaining) = match parse_fixed_header(&self.buf) {
            Ok(Some(header)) => header,
            Ok(None) => return Ok(None),
            Err(e) => return Err(FrameError::Malformed(format!("{e:?}"))),
        };
        // Refused from the header alone, before buffering a hostile length.
        if remaining > MAX_REMAINING_LENGTH {
            return Err(FrameError::TooLarge(remaining));
        }
        let frame_length = header_len + remaining;
        if self.version == Some(Version::V5) && frame_length > MAX_PACKET_SIZE_V5 {
            return Err(FrameError::TooLarge(frame_length));
        }
        if self.buf.len() < frame_length {
            return Ok(None);
        }
        let first = self.buf.first().copied().unwrap_or(0);
        let version = match (first >> 4, self.version) {
            (1, _) => {
                let body = self.buf.get(header_len..frame_length).ok_or_else(|| {
                    FrameError::Malformed("CONNECT shorter than its header".into())
                })?;
                let version = check_protocol(body)?;
                // A second CONNECT is refused by the session; the version stays the first one.
                *self.version.get_or_insert(version)
            }
            (_, Some(version)) => version,
            // Before CONNECT: decoded as 3.1.1 so that the caller sees what came first.
            (_, None) => Version::V4,
        };
        check_fixed_header(first, remaining, version)?;
        if version == Version::V5 {
            let frame = self.buf.split_to(frame_length);
            return decode5::decode(frame, header_len).map(Some);
        }
        let packet = v4::read(&mut self.buf, MAX_REMAINING_LENGTH)
            .map_err(|e| FrameError::Malformed(format!("{e:?}")))?;
        match packet {
            Packet::Connect(c) => Ok(Some(Inbound::Connect(connect_v4(c)))),
            Packet::Publish(p) => Ok(Some(Inbound::Publish(Publish {
                topic: p.topic,
                payload: p.payload,
                qos: p.qos as u8,
                retain: p.retain,
                pkid: p.pkid,
                topic_alias: None,
                properties: MessageProperties::default(),
            }))),
            Packet::PubAck(a) => Ok(Some(Inbound::PubAck(a.pkid))),
            Packet::Subscribe(s) => Ok(Some(Inbound::Subscribe(Subscribe {
                pkid: s.pkid,
                filters: s
                    .filters
                    .into_iter()
                    .map(|f| SubscribeFilter {
                        filter: f.path,
                        qos: f.qos as u8,
                        no_local: false,
                        retain_as_published: false,
                        retain_handling: 0,
                    })
                    .collect(),
                subscription_identifier: None,
            }))),
            Packet::Unsubscribe(u) => Ok(Some(Inbound::Unsubscribe(Unsubscribe {
                pkid: u.pkid,
                filters: u.topics,
            }))),
            Packet::PingReq => Ok(Some(Inbound::PingReq)),
            Packet::Disconnect => Ok(Some(Inbound::Disconnect(Disconnect::default()))),
            // `check_fixed_header` lets no other type through.
            _ => Err(FrameError::Unexpected("a packet only servers send")),
        }
    }

    /// The version the CONNECT chose, once it was read.
    pub fn version(&self) -> Option<Version> {
        self.version
    }
}

fn connect_v4(c: v4::Connect) -> Connect {
    let (username, password) = match c.login {
        Some(login) => (Some(login.username), Some(login.password)),
        None => (None, None),
    };
    Connect {
        version: Version::V4,
        client_id: c.client_id,
        username,
        password,
        keep_alive: c.keep_alive,
        has_will: c.last_will.is_some(),
        properties: ConnectProperties::default(),
    }
}

/// Reserved flags [MQTT-2.2.2-2], fixed lengths, and packet direction.
fn check_fixed_header(first: u8, remaining: usize, version: Version) -> Result<(), FrameError> {
    let flags = first & 0x0F;
    let v5 = version == Version::V5;
    let (expected_flags, fixed_len) = match first >> 4 {
        1 => (Some(0), None),
        3 => (None, None),
        // MQTT 5 PUBACK and DISCONNECT may carry a reason code and properties.
        4 if v5 => {
            if remaining < 2 {
                return Err(FrameError::Malformed("PUBACK shorter than 2 bytes".into()));
            }
            (Some(0), None)
        }
        14 if v5 => (Some(0), None),
        4 => (Some(0), Some(2)),
        8 | 10 => (Some(2), None),
        12 | 14 => (Some(0), Some(0)),
        15 if v5 => {
            return Err(FrameError::Unexpected(
                "AUTH (Aliyun offers no enhanced authentication)",
            ))
        }
        5..=7 => {
            return Err(FrameError::Unexpected(
                "QoS 2 acknowledgement (Aliyun has no QoS 2)",
            ))
        }
        2 | 9 | 11 | 13 => return Err(FrameError::Unexpected("a packet only servers send")),
        _ => return Err(FrameError::Malformed("reserved packet type".into())),
    };
    if expected_flags.is_some_and(|e| e != flags) {
        return Err(FrameError::Malformed(format!(
            "reserved flags {flags:#06b} in packet type {}",
            first >> 4
        )));
    }
    if fixed_len.is_some_and(|n| n != remaining) {
        return Err(FrameError::Malformed(format!(
            "packet type {} with remaining length {remaining}",
            first >> 4
        )));
    }
    Ok(())
}

/// The CONNECT variable header starts with the protocol name and level.
fn check_protocol(body: &[u8]) -> Result<Version, FrameError> {
    let name_len = match body {
        [hi, lo, ..] => usize::from(u16::from_be_bytes([*hi, *lo])),
        _ => return Err(FrameError::Malformed("CONNECT too short".into())),
    };
    let name = body.get(2..2 + name_len);
    let level = body.get(2 + name_len).copied();
    match (name, level) {
        (Some(b"MQTT"), Some(4)) => Ok(Version::V4),
        (Some(b"MQTT"), Some(5)) => Ok(Version::V5),
        (Some(b"MQTT"), Some(level)) => Err(FrameError::ProtocolVersion(format!(
            "MQTT protocol level {level} (Aliyun speaks 3.1.1 and 5.0, levels 4 and 5)"
        ))),
        (Some(b"MQIsdp"), Some(_)) => Err(FrameError::ProtocolVersion(
            "MQTT 3.1 (MQIsdp); Aliyun speaks 3.1.1".into(),
        )),
        _ => Err(FrameError::Malformed(
            "CONNECT without the MQTT protocol name".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect_bytes(name: &[u8], level: u8) -> Vec<u8> {
        let mut body = vec![0, name.len() as u8];
        body.extend_from_slice(name);
        body.extend_from_slice(&[level, 0x02, 0, 60, 0, 1, b'c']);
        let mut packet = vec![0x10, body.len() as u8];
        packet.extend(body);
        packet
    }

    #[test]
    fn packets_split_across_chunks_are_reassembled() {
        let bytes = connect_bytes(b"MQTT", 4);
        let mut framer = Framer::new();
        framer.push(&bytes[..3]);
        assert!(matches!(framer.next_packet(), Ok(None)));
        framer.push(&bytes[3..]);
        framer.push(&[0xC0, 0x00, 0xE0]);
        assert!(matches!(
            framer.next_packet(),
            Ok(Some(Inbound::Connect(_)))
        ));
        assert!(matches!(framer.next_packet(), Ok(Some(Inbound::PingReq))));
        assert!(matches!(framer.next_packet(), Ok(None)));
        framer.push(&[0x00]);
        assert!(matches!(
            framer.next_packet(),
            Ok(Some(Inbound::Disconnect(_)))
        ));
    }

    #[test]
    fn protocol_levels() {
        // Level 5 was refused here while the emulator spoke 3.1.1 only; it is MQTT 5 now
        // (see `mqtt5_connect_sets_the_version`), and level 6 takes its place.
        for (name, level) in [(&b"MQTT"[..], 6u8), (&b"MQTT"[..], 3), (&b"MQIsdp"[..], 3)] {
            let mut framer = Framer::new();
            framer.push(&connect_bytes(name, level));
            assert!(
                matches!(framer.next_packet(), Err(FrameError::ProtocolVersion(_))),
                "{level}"
            );
        }
        let mut framer = Framer::new();
        framer.push(&connect_bytes(b"HTTP", 4));
        assert!(matches!(
            framer.next_packet(),
            Err(FrameError::Malformed(_))
        ));
    }

    #[test]
    fn bad_headers_are_refused() {
        let cases: [&[u8]; 5] = [
            &[0x20, 0x02, 0x00, 0x00],       // CONNACK from a client
            &[0x62, 0x02, 0x00, 0x01],       // PUBREL: no QoS 2 here
            &[0x80, 0x05, 0, 1, 0, 1, b'a'], // SUBSCRIBE with flags 0
            &[0xC1, 0x00],                   // PINGREQ with a flag
            &[0x40, 0x03, 0, 1, 0],          // PUBACK of the wrong length
        ];
        for bytes in cases {
            let mut framer = Framer::new();
            framer.push(bytes);
            assert!(framer.next_packet().is_err(), "{bytes:?}");
        }
        let mut framer = Framer::new();
        framer.push(&[0x30, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert!(matches!(framer.next_packet(), Err(FrameError::TooLarge(_))));
        let mut framer = Framer::new();
        framer.push(&[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]);
        assert!(matches!(
            framer.next_packet(),
            Err(FrameError::Malformed(_))
        ));
    }
}
