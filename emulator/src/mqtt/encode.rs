//! Packets the server sends. Each is written by `mqttbytes` into a fresh buffer after our own
//! checks, because that crate corrupts packets written after other bytes, writes half a
//! QoS 1 PUBLISH when the packet id is 0 and truncates strings over 65,535 bytes silently.

use bytes::{Bytes, BytesMut};
use mqttbytes::v4::{
    ConnAck, ConnectReturnCode, PubAck, Publish, SubAck, SubscribeReasonCode, UnsubAck,
};
use mqttbytes::QoS;

/// Why a PUBLISH could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeError {
    EmptyTopic,
    TopicTooLong(usize),
    PacketIdZero,
    TooLarge(usize),
    /// `mqttbytes` refused it anyway; its error is not `std::error::Error`, hence the text.
    Framing(String),
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EncodeError::EmptyTopic => f.write_str("the topic is empty"),
            EncodeError::TopicTooLong(n) => write!(f, "the topic has {n} bytes, over 65,535"),
            EncodeError::PacketIdZero => f.write_str("a QoS 1 PUBLISH needs a packet id"),
            EncodeError::TooLarge(n) => write!(f, "the packet would be {n} bytes, too large"),
            EncodeError::Framing(e) => write!(f, "could not encode: {e}"),
        }
    }
}

impl std::error::Error for EncodeError {}

fn written(result: Result<usize, mqttbytes::Error>, buf: BytesMut) -> Result<Bytes, EncodeError> {
    result
        .map(|_| buf.freeze())
        .map_err(|e| EncodeError::Framing(format!("{e:?}")))
}

/// CONNACK with `code` (0 accepted, 1..=5 refused); no session is ever stored here.
pub fn connack(code: u8) -> Bytes {
    let code = match code {
        0 => ConnectReturnCode::Success,
        1 => ConnectReturnCode::RefusedProtocolVersion,
        2 => ConnectReturnCode::BadClientId,
        3 => ConnectReturnCode::ServiceUnavailable,
        4 => ConnectReturnCode::BadUserNamePassword,
        _ => ConnectReturnCode::NotAuthorized,
    };
    let mut buf = BytesMut::new();
    // Fixed size; cannot fail. Should it, the fallback is the same four bytes by hand.
    match ConnAck::new(code, false).write(&mut buf) {
        Ok(_) => buf.freeze(),
        Err(_) => Bytes::from(vec![0x20, 0x02, 0x00, code as u8]),
    }
}

/// SUBACK: `Some(qos)` granted, `None` refused (0x80).
pub fn suback(packet_id: u16, outcomes: &[Option<u8>]) -> Result<Bytes, EncodeError> {
    let codes = outcomes
        .iter()
        .map(|o| match o {
            Some(0) => SubscribeReasonCode::Success(QoS::AtMostOnce),
            Some(_) => SubscribeReasonCode::Success(QoS::AtLeastOnce),
            None => SubscribeReasonCode::Failure,
        })
        .collect();
    let mut buf = BytesMut::new();
    let result = SubAck::new(packet_id, codes).write(&mut buf);
    written(result, buf)
}

/// PUBACK for a QoS 1 PUBLISH from the device.
pub fn puback(packet_id: u16) -> Bytes {
    let [hi, lo] = packet_id.to_be_bytes();
    let mut buf = BytesMut::new();
    match PubAck::new(packet_id).write(&mut buf) {
        Ok(_) => buf.freeze(),
        Err(_) => Bytes::from(vec![0x40, 0x02, hi, lo]),
    }
}

/// UNSUBACK.
pub fn unsuback(packet_id: u16) -> Bytes {
    let [hi, lo] = packet_id.to_be_bytes();
    let mut buf = BytesMut::new();
    match UnsubAck::new(packet_id).write(&mut buf) {
        Ok(_) => buf.freeze(),
        Err(_) => Bytes::from(vec![0xB0, 0x02, hi, lo]),
    }
}

/// PINGRESP.
pub fn pingresp() -> Bytes {
    Bytes::from_static(&[0xD0, 0x00])
}

/// PUBLISH to the device, never retained (Aliyun keeps no retained messages). `qos` is 0 or 1;
/// `packet_id` is ignored for QoS 0.
pub fn publish(topic: &str, payload: &[u8], qos: u8, packet_id: u16) -> Result<Bytes, EncodeError> {
    if topic.is_empty() {
        return Err(EncodeError::EmptyTopic);
    }
    if topic.len() > 65_535 {
        return Err(EncodeError::TopicTooLong(topic.len()));
    }
    let qos = if qos == 0 {
        QoS::AtMostOnce
    } else {
        QoS::AtLeastOnce
    };
    if qos == QoS::AtLeastOnce && packet_id == 0 {
        return Err(EncodeError::PacketIdZero);
    }
    let len = 2 + topic.len() + if qos == QoS::AtMostOnce { 0 } else { 2 } + payload.len();
    if len > 268_435_455 {
        return Err(EncodeError::TooLarge(len));
    }
    let mut packet = Publish::new(topic, qos, payload.to_vec());
    packet.pkid = if qos == QoS::AtMostOnce { 0 } else { packet_id };
    let mut buf = BytesMut::with_capacity(len + 5);
    let result = packet.write(&mut buf);
    written(result, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_packets() {
        assert_eq!(&connack(0)[..], &[0x20, 0x02, 0x00, 0x00]);
        assert_eq!(&connack(4)[..], &[0x20, 0x02, 0x00, 0x04]);
        assert_eq!(&puback(0x0102)[..], &[0x40, 0x02, 0x01, 0x02]);
        assert_eq!(&unsuback(7)[..], &[0xB0, 0x02, 0x00, 0x07]);
        assert_eq!(&pingresp()[..], &[0xD0, 0x00]);
        let suback = suback(9, &[Some(1), None, Some(0)]).unwrap();
        assert_eq!(&suback[..], &[0x90, 0x05, 0x00, 0x09, 0x01, 0x80, 0x00]);
    }

    #[test]
    fn publish_is_checked_first() {
        assert_eq!(publish("", b"x", 0, 0), Err(EncodeError::EmptyTopic));
        assert_eq!(publish("a", b"x", 1, 0), Err(EncodeError::PacketIdZero));
        let long = "t".repeat(65_536);
        assert_eq!(
            publish(&long, b"", 0, 0),
            Err(EncodeError::TopicTooLong(65_536))
        );
        let p = publish("a/b", b"hi", 1, 5).unwrap();
        assert_eq!(
            &p[..],
            &[0x32, 0x09, 0, 3, b'a', b'/', b'b', 0, 5, b'h', b'i']
        );
        let p = publish("a", b"", 0, 5).unwrap();
        assert_eq!(&p[..], &[0x30, 0x03, 0, 1, b'a']);
    }
}
