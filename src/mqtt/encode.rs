//! Outgoing packets. Every packet is written into a fresh buffer and checked before `mqttbytes`
//! sees it: its `Connect::write` patches a byte at a fixed offset (wrong in a non-empty buffer),
//! its `Publish::write` fails half-way for packet id 0, and it truncates strings silently.
//! As a last guard every packet's fixed header is checked against the bytes actually written.

use bytes::BytesMut;
use mqttbytes::v4;

use super::error::from_encode;
use super::framer::parse_fixed_header;
use super::validate::{check_filter, check_topic, MAX_REMAINING_LEN};
use super::{ConnectOptions, MqttError, QoS, Will};

pub(super) fn finish(
    written: Result<usize, mqttbytes::Error>,
    buf: BytesMut,
) -> Result<Vec<u8>, MqttError> {
    written.map_err(from_encode)?;
    match parse_fixed_header(&buf) {
        Ok(Some((header_len, remaining_len))) if header_len + remaining_len == buf.len() => {
            Ok(buf.to_vec())
        }
        _ => Err(MqttError::EncodeFailed(format!(
            "the fixed header does not describe the {} bytes written",
            buf.len()
        ))),
    }
}

pub(super) fn check_packet_id(packet_id: u16) -> Result<(), MqttError> {
    if packet_id == 0 {
        return Err(MqttError::EncodeFailed("packet id 0 is reserved".into()));
    }
    Ok(())
}

pub(crate) fn connect(options: &ConnectOptions, will: Option<&Will>) -> Result<Vec<u8>, MqttError> {
    options.validate()?;
    let mut connect = v4::Connect::new(options.client_id.clone());
    connect.keep_alive = options.keepalive_secs;
    connect.clean_session = options.clean_session;
    if let Some(will) = will {
        will.validate()?;
        connect.last_will = Some(v4::LastWill::new(
            will.topic.clone(),
            will.payload.clone(),
            will.qos.to_wire(),
            will.retain,
        ));
    }
    if let Some(username) = options.effective_username() {
        let password = options.effective_password().unwrap_or("");
        connect.login = Some(v4::Login::new(username, password));
    }
    let mut buf = BytesMut::new();
    finish(connect.write(&mut buf), buf)
}

/// Size checks for [`publish`], separate so the session can refuse before taking a packet id.
pub(crate) fn check_publish(topic: &str, payload: &[u8], qos: QoS) -> Result<(), MqttError> {
    check_topic(topic)?;
    let id_len = if qos == QoS::AtMostOnce { 0 } else { 2 };
    let remaining = 2 + topic.len() + id_len + payload.len();
    if remaining > MAX_REMAINING_LEN {
        return Err(MqttError::PayloadTooLarge { len: payload.len() });
    }
    Ok(())
}

/// `packet_id` is ignored for QoS 0 and must not be 0 otherwise.
pub(crate) fn publish(
    topic: &str,
    payload: &[u8],
    qos: QoS,
    retain: bool,
    dup: bool,
    packet_id: u16,
) -> Result<Vec<u8>, MqttError> {
    check_publish(topic, payload, qos)?;
    let mut publish = v4::Publish::new(topic, qos.to_wire(), payload);
    publish.retain = retain;
    if qos != QoS::AtMostOnce {
        check_packet_id(packet_id)?;
        publish.pkid = packet_id;
        // MQTT-3.3.1-2: DUP is always 0 for QoS 0.
        publish.dup = dup;
    }
    let mut buf = BytesMut::with_capacity(publish.len() + 5);
    finish(publish.write(&mut buf), buf)
}

/// Checks for [`subscribe`], separate so the session can refuse before taking a packet id.
pub(crate) fn check_subscribe(filters: &[(String, QoS)]) -> Result<(), MqttError> {
    if filters.is_empty() {
        return Err(MqttError::NoFilters);
    }
    let mut remaining = 2usize;
    for (filter, _) in filters {
        check_filter(filter)?;
        remaining = remaining.saturating_add(2 + filter.len() + 1);
    }
    if remaining > MAX_REMAINING_LEN {
        return Err(MqttError::PayloadTooLarge { len: remaining });
    }
    Ok(())
}

pub(crate) fn subscribe(packet_id: u16, filters: &[(String, QoS)]) -> Result<Vec<u8>, MqttError> {
    check_subscribe(filters)?;
    check_packet_id(packet_id)?;
    let mut subscribe = v4::Subscribe::new_many(
        filters
            .iter()
            .map(|(path, qos)| v4::SubscribeFilter::new(path.clone(), qos.to_wire())),
    );
    subscribe.pkid = packet_id;
    let mut buf = BytesMut::new();
    finish(subscribe.write(&mut buf), buf)
}

/// Checks for [`unsubscribe`], separate so the session can refuse before taking a packet id.
pub(crate) fn check_unsubscribe(filters: &[String]) -> Result<(), MqttError> {
    if filters.is_empty() {
        return Err(MqttError::NoFilters);
    }
    let mut remaining = 2usize;
    for filter in filters {
        check_filter(filter)?;
        remaining = remaining.saturating_add(2 + filter.len());
    }
    if remaining > MAX_REMAINING_LEN {
        return Err(MqttError::PayloadTooLarge { len: remaining });
    }
    Ok(())
}

pub(crate) fn unsubscribe(packet_id: u16, filters: &[String]) -> Result<Vec<u8>, MqttError> {
    check_unsubscribe(filters)?;
    check_packet_id(packet_id)?;
    let unsubscribe = v4::Unsubscribe {
        pkid: packet_id,
        topics: filters.to_vec(),
    };
    let mut buf = BytesMut::new();
    finish(unsubscribe.write(&mut buf), buf)
}

pub(crate) fn puback(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v4::PubAck::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pubrec(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v4::PubRec::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pubrel(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v4::PubRel::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pubcomp(packet_id: u16) -> Result<Vec<u8>, MqttError> {
    check_packet_id(packet_id)?;
    let mut buf = BytesMut::new();
    finish(v4::PubComp::new(packet_id).write(&mut buf), buf)
}

pub(crate) fn pingreq() -> Result<Vec<u8>, MqttError> {
    let mut buf = BytesMut::new();
    finish(v4::PingReq.write(&mut buf), buf)
}

pub(crate) fn disconnect() -> Result<Vec<u8>, MqttError> {
    let mut buf = BytesMut::new();
    finish(v4::Disconnect.write(&mut buf), buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_packets() {
        assert_eq!(pingreq().unwrap(), [0xC0, 0x00]);
        assert_eq!(disconnect().unwrap(), [0xE0, 0x00]);
        assert_eq!(puback(7).unwrap(), [0x40, 0x02, 0x00, 0x07]);
        assert_eq!(pubrec(0x0102).unwrap(), [0x50, 0x02, 0x01, 0x02]);
        assert_eq!(pubcomp(9).unwrap(), [0x70, 0x02, 0x00, 0x09]);
        assert_eq!(pubrel(9).unwrap(), [0x62, 0x02, 0x00, 0x09]);
        assert!(pubrel(0).is_err());
    }

    #[test]
    fn connect_with_a_will_sets_its_flags() {
        let options = ConnectOptions {
            client_id: "c".into(),
            username: None,
            password: None,
            keepalive_secs: 0,
            clean_session: false,
            version: crate::mqtt::ProtocolVersion::V311,
            properties: crate::mqtt::ConnectProperties::default(),
        };
        let will = Will {
            topic: "w".into(),
            payload: b"bye".to_vec(),
            qos: QoS::ExactlyOnce,
            retain: true,
            properties: Default::default(),
        };
        let bytes = connect(&options, Some(&will)).unwrap();
        // will retain (0x20) | will QoS 2 (0x10) | will flag (0x04); no clean session.
        assert_eq!(bytes[9], 0x34);
        assert_eq!(
            &bytes[15..],
            [0x00, 0x01, b'w', 0x00, 0x03, b'b', b'y', b'e']
        );
        let bad = Will {
            topic: "w/#".into(),
            ..will
        };
        assert!(matches!(
            connect(&options, Some(&bad)),
            Err(MqttError::InvalidWill(_))
        ));
    }

    #[test]
    fn a_header_that_lies_about_the_length_is_caught() {
        let mut buf = BytesMut::new();
        buf.extend_from_slice(&[0x30, 0x05, 0x00, 0x01, b'a']);
        assert!(matches!(
            finish(Ok(5), buf),
            Err(MqttError::EncodeFailed(_))
        ));
    }

    #[test]
    fn packet_id_zero_never_reaches_the_wire() {
        assert!(puback(0).is_err());
        assert!(publish("a", b"x", QoS::AtLeastOnce, false, false, 0).is_err());
        assert!(subscribe(0, &[("a".into(), QoS::AtMostOnce)]).is_err());
        assert!(unsubscribe(0, &["a".into()]).is_err());
        // QoS 0 has no packet id at all, so 0 is fine there.
        assert_eq!(
            publish("a", b"x", QoS::AtMostOnce, false, true, 0).unwrap(),
            [0x30, 0x04, 0x00, 0x01, b'a', b'x']
        );
    }

    #[test]
    fn qos1_publish_bytes() {
        assert_eq!(
            publish("a/b", &[0xF1], QoS::AtLeastOnce, true, true, 10).unwrap(),
            [0x3B, 0x08, 0x00, 0x03, b'a', b'/', b'b', 0x00, 0x0A, 0xF1]
        );
    }

    #[test]
    fn subscribe_and_unsubscribe_bytes() {
        assert_eq!(
            subscribe(1, &[("a/#".into(), QoS::AtLeastOnce)]).unwrap(),
            [0x82, 0x08, 0x00, 0x01, 0x00, 0x03, b'a', b'/', b'#', 0x01]
        );
        assert_eq!(
            unsubscribe(2, &["a".into()]).unwrap(),
            [0xA2, 0x05, 0x00, 0x02, 0x00, 0x01, b'a']
        );
        assert_eq!(subscribe(1, &[]), Err(MqttError::NoFilters));
        assert_eq!(unsubscribe(1, &[]), Err(MqttError::NoFilters));
    }

    #[test]
    fn oversized_publish_is_refused_before_encoding() {
        let payload = vec![0u8; MAX_REMAINING_LEN];
        assert_eq!(
            check_publish("t", &payload, QoS::AtMostOnce),
            Err(MqttError::PayloadTooLarge {
                len: MAX_REMAINING_LEN
            })
        );
        let fits = vec![0u8; MAX_REMAINING_LEN - 3 - 2];
        assert_eq!(check_publish("t", &fits, QoS::AtLeastOnce), Ok(()));
    }
}
