//! Incoming packets. The fixed header is checked here first, so packets a client must never
//! receive are refused without ever being parsed, and reserved flags and fixed lengths that
//! `mqttbytes` 0.6 lets through (it also reads MQTT 5 variants) are caught.

use mqttbytes::v4;

use super::error::from_decode;
use super::framer::Frame;
use super::{
    Message, MqttError, QoS, ReasonCode, ReasonPacket, ServerCapabilities, SubscribeOutcome,
    UserProperty,
};

/// What a broker may legitimately send to a client: MQTT 3.1.1's packets, and MQTT 5's (from
/// `decode_v5`) where they say more.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Incoming {
    ConnAck {
        session_present: bool,
        code: u8,
    },
    /// MQTT 5: `capabilities` holds everything the CONNACK's properties say.
    ConnAckV5 {
        session_present: bool,
        reason: ReasonCode,
        capabilities: Box<ServerCapabilities>,
    },
    /// `packet_id` is 0 for QoS 0. `message.topic` may be empty when `topic_alias` (MQTT 5)
    /// stands for it.
    Publish {
        message: Message,
        packet_id: u16,
        topic_alias: Option<u16>,
    },
    /// A plain success acknowledgement (every one on MQTT 3.1.1).
    PubAck(u16),
    PubRec(u16),
    PubRel(u16),
    PubComp(u16),
    /// MQTT 5: an acknowledgement with a non-success code or a reason string / user properties.
    AckReason {
        packet: ReasonPacket,
        packet_id: u16,
        reason: ReasonCode,
        reason_string: Option<String>,
        user_properties: Vec<UserProperty>,
    },
    SubAck {
        packet_id: u16,
        outcomes: Vec<SubscribeOutcome>,
    },
    UnsubAck(u16),
    /// MQTT 5: one reason code per filter.
    UnsubAckV5 {
        packet_id: u16,
        reasons: Vec<ReasonCode>,
    },
    PingResp,
    /// MQTT 5: the server ends the link.
    Disconnect {
        reason: ReasonCode,
        reason_string: Option<String>,
        server_reference: Option<String>,
    },
    /// MQTT 5: enhanced authentication, which this client never asks for.
    Auth,
}

const CONNACK: u8 = 2;
const PUBLISH: u8 = 3;
const PUBACK: u8 = 4;
const PUBREC: u8 = 5;
const PUBREL: u8 = 6;
const PUBCOMP: u8 = 7;
const SUBACK: u8 = 9;
const UNSUBACK: u8 = 11;
const PINGRESP: u8 = 13;

fn malformed(detail: impl Into<String>) -> MqttError {
    MqttError::MalformedPacket(detail.into())
}

/// The fixed-header flags a packet from the broker must carry [MQTT-2.1.3-1], the same on both
/// versions: a PUBLISH's are its DUP, QoS and retain (QoS 3 and DUP on QoS 0 are forbidden),
/// a PUBREL's are 0010, every other packet's 0.
pub(crate) fn check_flags(packet_type: u8, flags: u8) -> Result<(), MqttError> {
    let expected_flags = match packet_type {
        PUBLISH => {
            if flags & 0b0110 == 0b0110 {
                return Err(malformed("PUBLISH with QoS 3"));
            }
            if flags & 0b1110 == 0b1000 {
                return Err(malformed(
                    "PUBLISH with QoS 0 and the DUP flag [MQTT-3.3.1-2]",
                ));
            }
            return Ok(());
        }
        PUBREL => 0b0010,
        _ => 0,
    };
    if flags != expected_flags {
        return Err(malformed(format!(
            "reserved flags 0x{flags:x} on packet type {packet_type}"
        )));
    }
    Ok(())
}

/// Checks what `mqttbytes` does not: packet direction, reserved flags [MQTT-2.2.2-2] and the
/// lengths MQTT 3.1.1 fixes for each acknowledgement.
fn check_header(frame: &Frame) -> Result<(), MqttError> {
    let packet_type = frame.packet_type();
    let flags = frame.flags();
    let len = frame.remaining_len;
    match packet_type {
        1 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent a CONNECT, which only clients send",
            ))
        }
        8 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent a SUBSCRIBE, which only clients send",
            ))
        }
        10 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent an UNSUBSCRIBE, which only clients send",
            ))
        }
        12 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent a PINGREQ, which only clients send",
            ))
        }
        14 => {
            return Err(MqttError::UnexpectedPacket(
                "it sent a DISCONNECT, which only clients send in MQTT 3.1.1",
            ))
        }
        0 | 15 => return Err(malformed(format!("reserved packet type {packet_type}"))),
        _ => {}
    }
    check_flags(packet_type, flags)?;
    let length_ok = match packet_type {
        CONNACK | PUBACK | PUBREC | PUBREL | PUBCOMP | UNSUBACK => len == 2,
        SUBACK => len >= 3,
        PINGRESP => len == 0,
        _ => true,
    };
    if !length_ok {
        return Err(malformed(format!(
            "remaining length {len} is wrong for packet type {packet_type}"
        )));
    }
    if packet_type == CONNACK && frame.bytes[frame.header_len] & 0xFE != 0 {
        return Err(malformed("reserved CONNACK flags are set"));
    }
    Ok(())
}

/// Turns one complete frame from the [`Framer`](super::framer::Framer) into a packet.
pub(crate) fn decode(frame: Frame) -> Result<Incoming, MqttError> {
    check_header(&frame)?;
    let mut bytes = frame.bytes;
    // The framer has already applied our size limit, so mqttbytes gets none of its own.
    let packet = v4::read(&mut bytes, usize::MAX).map_err(from_decode)?;
    Ok(match packet {
        v4::Packet::ConnAck(ack) => Incoming::ConnAck {
            session_present: ack.session_present,
            code: ack.code as u8,
        },
        v4::Packet::Publish(publish) => Incoming::Publish {
            packet_id: publish.pkid,
            message: Message {
                topic: publish.topic,
                payload: publish.payload.to_vec(),
                qos: QoS::from_wire(publish.qos),
                retain: publish.retain,
                dup: publish.dup,
                properties: Default::default(),
            },
            topic_alias: None,
        },
        v4::Packet::PubAck(ack) => Incoming::PubAck(nonzero(ack.pkid)?),
        v4::Packet::PubRec(ack) => Incoming::PubRec(nonzero(ack.pkid)?),
        v4::Packet::PubRel(ack) => Incoming::PubRel(nonzero(ack.pkid)?),
        v4::Packet::PubComp(ack) => Incoming::PubComp(nonzero(ack.pkid)?),
        v4::Packet::SubAck(ack) => Incoming::SubAck {
            packet_id: nonzero(ack.pkid)?,
            outcomes: ack
                .return_codes
                .into_iter()
                .map(|code| match code {
                    v4::SubscribeReasonCode::Success(qos) => {
                        SubscribeOutcome::Granted(QoS::from_wire(qos))
                    }
                    v4::SubscribeReasonCode::Failure => {
                        SubscribeOutcome::Refused(ReasonCode::UnspecifiedError)
                    }
                })
                .collect(),
        },
        v4::Packet::UnsubAck(ack) => Incoming::UnsubAck(nonzero(ack.pkid)?),
        v4::Packet::PingResp => Incoming::PingResp,
        // check_header has refused every other type already; this arm only keeps the match total.
        _ => return Err(malformed("a packet type a client cannot receive")),
    })
}

fn nonzero(packet_id: u16) -> Result<u16, MqttError> {
    if packet_id == 0 {
        return Err(malformed("packet id 0"));
    }
    Ok(packet_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::framer::Framer;

    fn decode_bytes(bytes: &[u8]) -> Result<Incoming, MqttError> {
        let mut framer = Framer::new(1 << 20);
        framer.push(bytes);
        let frame = framer.next_frame()?.expect("a whole packet");
        decode(frame)
    }

    #[test]
    fn acknowledgements() {
        assert_eq!(
            decode_bytes(&[0x20, 0x02, 0x01, 0x00]),
            Ok(Incoming::ConnAck {
                session_present: true,
                code: 0
            })
        );
        assert_eq!(
            decode_bytes(&[0x20, 0x02, 0x00, 0x05]),
            Ok(Incoming::ConnAck {
                session_present: false,
                code: 5
            })
        );
        assert_eq!(
            decode_bytes(&[0x40, 0x02, 0x00, 0x05]),
            Ok(Incoming::PubAck(5))
        );
        assert_eq!(
            decode_bytes(&[0x62, 0x02, 0x00, 0x05]),
            Ok(Incoming::PubRel(5))
        );
        assert_eq!(
            decode_bytes(&[0xB0, 0x02, 0x01, 0x00]),
            Ok(Incoming::UnsubAck(256))
        );
        assert_eq!(decode_bytes(&[0xD0, 0x00]), Ok(Incoming::PingResp));
        assert_eq!(
            decode_bytes(&[0x90, 0x04, 0x00, 0x01, 0x02, 0x80]),
            Ok(Incoming::SubAck {
                packet_id: 1,
                outcomes: vec![
                    SubscribeOutcome::Granted(QoS::ExactlyOnce),
                    SubscribeOutcome::Refused(ReasonCode::UnspecifiedError)
                ],
            })
        );
    }

    #[test]
    fn client_only_packets_are_protocol_errors() {
        for first in [0x10, 0x82, 0xA2, 0xC0, 0xE0] {
            assert!(
                matches!(
                    decode_bytes(&[first, 0x00]),
                    Err(MqttError::UnexpectedPacket(_))
                ),
                "0x{first:x}"
            );
        }
    }

    #[test]
    fn malformed_headers() {
        let cases: &[&[u8]] = &[
            &[0x00, 0x00],                               // reserved type 0
            &[0xF0, 0x00],                               // reserved type 15
            &[0x41, 0x02, 0x00, 0x01],                   // PUBACK with flags
            &[0x60, 0x02, 0x00, 0x01],                   // PUBREL without its 0010 flags
            &[0x40, 0x03, 0x00, 0x01, 0x00],             // PUBACK too long
            &[0x20, 0x02, 0x02, 0x00],                   // reserved CONNACK flag
            &[0x20, 0x02, 0x00, 0x06],                   // unknown return code
            &[0x36, 0x03, 0x00, 0x01, b'a'],             // QoS 3
            &[0x38, 0x03, 0x00, 0x01, b'a'],             // QoS 0 with DUP
            &[0x32, 0x05, 0x00, 0x01, b'a', 0x00, 0x00], // QoS 1 with packet id 0
            &[0x30, 0x03, 0x00, 0x02, 0xC3],             // topic longer than the packet
            &[0x30, 0x03, 0x00, 0x01, 0xFF],             // topic not UTF-8
            &[0x90, 0x03, 0x00, 0x01, 0x03],             // SUBACK code 3
            &[0x40, 0x02, 0x00, 0x00],                   // PUBACK packet id 0
            &[0xD0, 0x01, 0x00],                         // PINGRESP with a body
        ];
        for bytes in cases {
            assert!(
                matches!(decode_bytes(bytes), Err(MqttError::MalformedPacket(_))),
                "{bytes:02x?} gave {:?}",
                decode_bytes(bytes)
            );
        }
    }
}
