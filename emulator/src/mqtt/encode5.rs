//! MQTT 5 packets the server sends, written by `mqttbytes::v5` into a fresh buffer after our
//! own checks (see [`super::encode`] for why each gets its own buffer).

use bytes::{Bytes, BytesMut};
use mqtt_console::aliyun::ServerCapabilities;
use mqttbytes::v5::{
    ConnAck, ConnAckProperties, ConnectReturnCode, Disconnect, DisconnectProperties,
    DisconnectReasonCode, PubAck, PubAckProperties, PubAckReason, Publish, PublishProperties,
    SubAck, SubscribeReasonCode, UnsubAck, UnsubAckReason,
};
use mqttbytes::QoS;

use super::packet::MessageProperties;
use super::EncodeError;

fn written(result: Result<usize, mqttbytes::Error>, buf: BytesMut) -> Result<Bytes, EncodeError> {
    result
        .map(|_| buf.freeze())
        .map_err(|e| EncodeError::Framing(format!("{e:?}")))
}

/// Our reason strings are short; a longer one would be truncated by the crate, so cut it here.
fn reason_string(text: &str) -> String {
    let mut end = text.len().min(1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// CONNACK accepting the login with Aliyun's capabilities and the Server Keep Alive.
pub fn connack_accepted(caps: &ServerCapabilities, keep_alive: u16) -> Result<Bytes, EncodeError> {
    let mut props = ConnAckProperties::new();
    props.max_qos = Some(caps.maximum_qos);
    props.retain_available = Some(u8::from(caps.retain_available));
    props.max_packet_size = Some(caps.maximum_packet_size);
    props.topic_alias_max = Some(caps.topic_alias_maximum);
    props.wildcard_subscription_available = Some(u8::from(caps.wildcard_subscription_available));
    props.subscription_identifiers_available =
        Some(u8::from(caps.subscription_identifiers_available));
    props.shared_subscription_available = Some(u8::from(caps.shared_subscription_available));
    props.server_keep_alive = Some(keep_alive);
    let mut connack = ConnAck::new(ConnectReturnCode::Success, false);
    connack.properties = Some(props);
    let mut buf = BytesMut::new();
    let result = connack.write(&mut buf);
    written(result, buf)
}

/// The MQTT 5 CONNACK reason code for `code`; unknown codes become 0x80 "unspecified error".
pub fn connack_code(code: u8) -> ConnectReturnCode {
    use ConnectReturnCode as C;
    match code {
        0x81 => C::MalformedPacket,
        0x82 => C::ProtocolError,
        0x84 => C::UnsupportedProtocolVersion,
        0x85 => C::ClientIdentifierNotValid,
        0x86 => C::BadUserNamePassword,
        0x87 => C::NotAuthorized,
        0x88 => C::ServerUnavailable,
        0x8C => C::BadAuthenticationMethod,
        0x97 => C::QuotaExceeded,
        _ => C::UnspecifiedError,
    }
}

/// CONNACK refusing the login with reason code `code` and a reason string.
pub fn connack_refused(code: u8, reason: &str) -> Bytes {
    let mut props = ConnAckProperties::new();
    props.reason_string = Some(reason_string(reason));
    let mut connack = ConnAck::new(connack_code(code), false);
    connack.properties = Some(props);
    let mut buf = BytesMut::new();
    match connack.write(&mut buf) {
        Ok(_) => buf.freeze(),
        // Without the reason string: four fixed bytes (reason, no properties).
        Err(_) => Bytes::from(vec![0x20, 0x03, 0x00, code, 0x00]),
    }
}

/// PUBACK with a reason code; the reason string only when the client did not turn problem
/// information off.
pub fn puback(packet_id: u16, reason: PubAckReason, text: Option<&str>) -> Bytes {
    let mut puback = PubAck::new(packet_id);
    puback.reason = reason;
    puback.properties = text.map(|t| PubAckProperties {
        reason_string: Some(reason_string(t)),
        user_properties: Vec::new(),
    });
    let mut buf = BytesMut::new();
    match puback.write(&mut buf) {
        Ok(_) => buf.freeze(),
        Err(_) => {
            let [hi, lo] = packet_id.to_be_bytes();
            Bytes::from(vec![0x40, 0x03, hi, lo, reason as u8])
        }
    }
}

/// SUBACK: one reason code per filter, in order.
pub fn suback(packet_id: u16, codes: Vec<SubscribeReasonCode>) -> Result<Bytes, EncodeError> {
    let mut buf = BytesMut::new();
    let result = SubAck::new(packet_id, codes).write(&mut buf);
    written(result, buf)
}

/// UNSUBACK: success for each of `count` filters (unknown filters are fine, as in MQTT).
pub fn unsuback(packet_id: u16, count: usize) -> Result<Bytes, EncodeError> {
    let mut unsuback = UnsubAck::new(packet_id);
    unsuback.reasons = vec![UnsubAckReason::Success; count];
    let mut buf = BytesMut::new();
    let result = unsuback.write(&mut buf);
    written(result, buf)
}

/// DISCONNECT from the server with a reason code and a reason string.
pub fn disconnect(reason: DisconnectReasonCode, text: &str) -> Bytes {
    let disconnect = Disconnect {
        reason_code: reason,
        properties: Some(DisconnectProperties {
            session_expiry_interval: None,
            reason_string: Some(reason_string(text)),
            user_properties: Vec::new(),
            server_reference: None,
        }),
    };
    let mut buf = BytesMut::new();
    match disconnect.write(&mut buf) {
        Ok(_) => buf.freeze(),
        Err(_) => Bytes::from(vec![0xE0, 0x02, reason as u8, 0x00]),
    }
}

/// PUBLISH to the device with the message's properties; never a topic alias. `qos` is 0 or 1.
pub fn publish(
    topic: &str,
    payload: &[u8],
    qos: u8,
    packet_id: u16,
    retain: bool,
    properties: &MessageProperties,
) -> Result<Bytes, EncodeError> {
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
    let too_long = properties
        .user_properties
        .iter()
        .flat_map(|(k, v)| [k, v])
        .chain(&properties.content_type)
        .chain(&properties.response_topic)
        .any(|s| s.len() > 65_535)
        || properties
            .correlation_data
            .as_ref()
            .is_some_and(|d| d.len() > 65_535);
    if too_long {
        return Err(EncodeError::Framing(
            "a property is longer than 65,535 bytes".into(),
        ));
    }
    let mut packet = Publish::new(topic, qos, payload.to_vec());
    packet.pkid = if qos == QoS::AtMostOnce { 0 } else { packet_id };
    packet.retain = retain;
    if !properties.is_empty() {
        packet.properties = Some(PublishProperties {
            payload_format_indicator: properties.payload_format_indicator,
            message_expiry_interval: properties.message_expiry_interval,
            topic_alias: None,
            response_topic: properties.response_topic.clone(),
            correlation_data: properties.correlation_data.clone(),
            user_properties: properties.user_properties.clone(),
            subscription_identifiers: Vec::new(),
            content_type: properties.content_type.clone(),
        });
    }
    let len = packet.len();
    if len > 268_435_455 {
        return Err(EncodeError::TooLarge(len));
    }
    let mut buf = BytesMut::with_capacity(len + 5);
    let result = packet.write(&mut buf);
    written(result, buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mqtt_console::aliyun::ENTERPRISE_CAPABILITIES;
    use mqttbytes::v5::{read, Packet};

    fn decoded(bytes: Bytes) -> Packet {
        read(&mut BytesMut::from(&bytes[..]), 1 << 20).unwrap()
    }

    #[test]
    fn connack_carries_aliyuns_capabilities() {
        let Packet::ConnAck(ack) = decoded(connack_accepted(&ENTERPRISE_CAPABILITIES, 60).unwrap())
        else {
            panic!("not a CONNACK");
        };
        assert_eq!(ack.code, ConnectReturnCode::Success);
        let p = ack.properties.unwrap();
        assert_eq!(p.max_qos, Some(1));
        assert_eq!(p.topic_alias_max, Some(20));
        assert_eq!(p.max_packet_size, Some(262_144));
        assert_eq!(p.retain_available, Some(1));
        assert_eq!(p.wildcard_subscription_available, Some(1));
        assert_eq!(p.shared_subscription_available, Some(1));
        assert_eq!(p.subscription_identifiers_available, Some(0));
        assert_eq!(p.server_keep_alive, Some(60));
    }

    #[test]
    fn refusals_and_acks() {
        let bytes = connack_refused(0x86, "wrong password");
        assert_eq!(&bytes[..4], &[0x20, 20, 0x00, 0x86]);
        let Packet::PubAck(ack) = decoded(puback(7, PubAckReason::NotAuthorized, Some("no")))
        else {
            panic!("not a PUBACK");
        };
        assert_eq!((ack.pkid, ack.reason), (7, PubAckReason::NotAuthorized));
        assert_eq!(
            &puback(7, PubAckReason::Success, None)[..],
            &[0x40, 2, 0, 7]
        );
        let bytes = disconnect(DisconnectReasonCode::TopicAliasInvalid, "alias 21");
        assert_eq!(&bytes[..3], &[0xE0, 13, 0x94]);
        let sub = suback(
            3,
            vec![
                SubscribeReasonCode::QoS1,
                SubscribeReasonCode::NotAuthorized,
            ],
        );
        assert_eq!(&sub.unwrap()[..], &[0x90, 5, 0, 3, 0, 1, 0x87]);
        assert_eq!(&unsuback(4, 2).unwrap()[..], &[0xB0, 5, 0, 4, 0, 0, 0]);
    }

    #[test]
    fn publish_keeps_every_property() {
        let props = MessageProperties {
            payload_format_indicator: Some(1),
            message_expiry_interval: Some(30),
            content_type: Some("text/plain".into()),
            response_topic: Some("/a/b".into()),
            correlation_data: Some(Bytes::from_static(b"\x01\x02")),
            user_properties: vec![("k".into(), "v".into()), ("k".into(), "w".into())],
        };
        let Packet::Publish(p) = decoded(publish("/t", b"hi", 1, 9, false, &props).unwrap()) else {
            panic!("not a PUBLISH");
        };
        assert_eq!((p.pkid, &p.payload[..]), (9, &b"hi"[..]));
        let got = p.properties.unwrap();
        assert_eq!(got.user_properties, props.user_properties);
        assert_eq!(got.content_type, props.content_type);
        assert_eq!(got.correlation_data, props.correlation_data);
        assert_eq!(got.message_expiry_interval, Some(30));
        assert_eq!(got.topic_alias, None);
        assert_eq!(
            publish("", b"", 0, 0, false, &props),
            Err(EncodeError::EmptyTopic)
        );
    }
}
