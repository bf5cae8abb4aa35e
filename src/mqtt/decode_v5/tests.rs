use super::*;
use crate::mqtt::framer::Framer;
use crate::mqtt::tests::v5::wire::{self, Body, Props};
use crate::mqtt::UserProperty;

fn decode_bytes(bytes: &[u8]) -> Result<Incoming, MqttError> {
    let mut framer = Framer::new(1 << 20);
    framer.push(bytes);
    let frame = framer.next_frame()?.expect("a whole packet");
    decode(frame)
}

fn is_malformed(r: &Result<Incoming, MqttError>) -> bool {
    matches!(r, Err(MqttError::MalformedPacket(_)))
}

fn is_protocol_error(r: &Result<Incoming, MqttError>) -> bool {
    matches!(r, Err(MqttError::UnexpectedPacket(_)))
}

#[test]
fn acks_come_in_three_lengths() {
    assert_eq!(
        decode_bytes(&wire::ack(0x40, 5, None, None)),
        Ok(Incoming::PubAck(5))
    );
    assert_eq!(
        decode_bytes(&wire::ack(0x50, 5, Some(0), None)),
        Ok(Incoming::PubRec(5))
    );
    assert_eq!(
        decode_bytes(&wire::ack(0x62, 5, Some(0), Some(Props::new()))),
        Ok(Incoming::PubRel(5))
    );
    assert_eq!(
        decode_bytes(&wire::ack(0x70, 5, Some(0x92), None)),
        Ok(Incoming::AckReason {
            packet: ReasonPacket::PubComp,
            packet_id: 5,
            reason: ReasonCode::PacketIdentifierNotFound,
            reason_string: None,
            user_properties: vec![],
        })
    );
    let props = Props::new()
        .str(0x1F, "quota")
        .user("a", "1")
        .user("a", "2");
    assert_eq!(
        decode_bytes(&wire::ack(0x40, 7, Some(0x97), Some(props))),
        Ok(Incoming::AckReason {
            packet: ReasonPacket::PubAck,
            packet_id: 7,
            reason: ReasonCode::QuotaExceeded,
            reason_string: Some("quota".into()),
            user_properties: vec![UserProperty::new("a", "1"), UserProperty::new("a", "2")],
        })
    );
}

#[test]
fn connack_properties_become_capabilities() {
    let props = Props::new()
        .four(0x11, 600)
        .two(0x21, 20)
        .byte(0x24, 1)
        .byte(0x25, 0)
        .four(0x27, 262_144)
        .str(0x12, "auto-1")
        .two(0x22, 20)
        .str(0x1F, "welcome")
        .user("region", "cn-shanghai")
        .byte(0x28, 0)
        .byte(0x29, 0)
        .byte(0x2A, 0)
        .two(0x13, 30)
        .str(0x1A, "reply/")
        .str(0x1C, "other:1883");
    let Ok(Incoming::ConnAckV5 {
        session_present,
        reason,
        capabilities,
    }) = decode_bytes(&wire::connack(true, 0, props))
    else {
        panic!("not a CONNACK");
    };
    assert!(session_present);
    assert_eq!(reason, ReasonCode::Success);
    assert_eq!(
        *capabilities,
        ServerCapabilities {
            maximum_qos: QoS::AtLeastOnce,
            retain_available: false,
            maximum_packet_size: Some(262_144),
            receive_maximum: 20,
            topic_alias_maximum: 20,
            wildcard_subscription_available: false,
            subscription_identifiers_available: false,
            shared_subscription_available: false,
            server_keep_alive: Some(30),
            assigned_client_identifier: Some("auto-1".into()),
            session_expiry_secs: Some(600),
            response_information: Some("reply/".into()),
            server_reference: Some("other:1883".into()),
            reason_string: Some("welcome".into()),
            user_properties: vec![UserProperty::new("region", "cn-shanghai")],
        }
    );
    let Ok(Incoming::ConnAckV5 { capabilities, .. }) =
        decode_bytes(&wire::connack(false, 0, Props::new()))
    else {
        panic!("not a CONNACK");
    };
    assert_eq!(
        *capabilities,
        ServerCapabilities::default(),
        "absent = MQTT's defaults"
    );
}

#[test]
fn publish_properties_are_read() {
    let props = Props::new()
        .byte(0x01, 1)
        .four(0x02, 30)
        .str(0x03, "text/plain")
        .str(0x08, "reply/1")
        .bin(0x09, &[0, 0xFF])
        .user("k", "v")
        .var(0x0B, 7)
        .var(0x0B, 300)
        .two(0x23, 4);
    assert_eq!(
        decode_bytes(&wire::publish("a/b", 1, 9, props, b"hi")),
        Ok(Incoming::Publish {
            message: Message {
                topic: "a/b".into(),
                payload: b"hi".to_vec(),
                qos: QoS::AtLeastOnce,
                retain: false,
                dup: false,
                properties: PublishProperties {
                    payload_utf8: Some(true),
                    message_expiry_secs: Some(30),
                    content_type: Some("text/plain".into()),
                    response_topic: Some("reply/1".into()),
                    correlation_data: Some(vec![0, 0xFF]),
                    user_properties: vec![UserProperty::new("k", "v")],
                    subscription_identifiers: vec![7, 300],
                },
            },
            packet_id: 9,
            topic_alias: Some(4),
        })
    );
    // An empty topic is the alias's business, not the decoder's.
    assert!(matches!(
        decode_bytes(&wire::publish("", 0, 0, Props::new().two(0x23, 1), b"")),
        Ok(Incoming::Publish {
            topic_alias: Some(1),
            ..
        })
    ));
    // A UTF-8 flag on bytes that are not is delivered as they are (see the module docs).
    assert!(decode_bytes(&wire::publish(
        "t",
        0,
        0,
        Props::new().byte(0x01, 1),
        &[0xFF]
    ))
    .is_ok());
}

#[test]
fn suback_unsuback_disconnect_and_auth() {
    assert_eq!(
        decode_bytes(&wire::suback(3, &[0x01, 0x02, 0x87, 0xA2])),
        Ok(Incoming::SubAck {
            packet_id: 3,
            outcomes: vec![
                SubscribeOutcome::Granted(QoS::AtLeastOnce),
                SubscribeOutcome::Granted(QoS::ExactlyOnce),
                SubscribeOutcome::Refused(ReasonCode::NotAuthorized),
                SubscribeOutcome::Refused(ReasonCode::WildcardSubscriptionsNotSupported),
            ],
        })
    );
    assert_eq!(
        decode_bytes(&wire::unsuback(4, &[0x00, 0x11])),
        Ok(Incoming::UnsubAckV5 {
            packet_id: 4,
            reasons: vec![ReasonCode::Success, ReasonCode::NoSubscriptionExisted],
        })
    );
    assert_eq!(
        decode_bytes(&[0xE0, 0x00]),
        Ok(Incoming::Disconnect {
            reason: ReasonCode::Success,
            reason_string: None,
            server_reference: None,
        })
    );
    assert_eq!(
        decode_bytes(&wire::disconnect(
            0x9C,
            Props::new().str(0x1F, "go away").str(0x1C, "b:1883")
        )),
        Ok(Incoming::Disconnect {
            reason: ReasonCode::UseAnotherServer,
            reason_string: Some("go away".into()),
            server_reference: Some("b:1883".into()),
        })
    );
    assert_eq!(decode_bytes(&[0xE0, 0x01, 0x8E]).map(|_| ()), Ok(()));
    assert_eq!(decode_bytes(&[0xF0, 0x00]), Ok(Incoming::Auth));
    assert_eq!(decode_bytes(&[0xD0, 0x00]), Ok(Incoming::PingResp));
}

#[test]
fn malformed_packets_are_refused() {
    let cases: Vec<Vec<u8>> = vec![
        vec![0x00, 0x00],             // reserved type 0
        vec![0x41, 0x02, 0x00, 0x01], // PUBACK with flags
        vec![0x60, 0x02, 0x00, 0x01], // PUBREL without its 0010 flags
        vec![0xD0, 0x01, 0x00],       // PINGRESP with a body
        vec![0x20, 0x02, 0x00, 0x00], // CONNACK without properties
        Body::new()
            .u8(0)
            .u8(0)
            .props(Props::new())
            .u8(0)
            .packet(0x20), // CONNACK trailing byte
        wire::ack(0x40, 0, None, None), // packet id 0
        wire::ack(0x40, 1, Some(0x03), None), // undefined reason code
        wire::ack(0x40, 1, Some(0), Some(Props::new().four(0x02, 1))), // expiry on PUBACK
        wire::connack(false, 0, Props::new().byte(0x01, 1)), // payload format on CONNACK
        wire::publish("t", 0, 0, Props::new().two(0x21, 5), b""), // receive maximum on PUBLISH
        wire::publish("t", 0, 0, Props::new().byte(0x63, 0), b""), // unknown property
        wire::publish("t", 0, 0, Props::new().four(0x02, 1).bytes_overrun(), b""),
        Body::new().str("t").u8(0x80).u8(0x00).packet(0x30), // property length not minimal
        Body::new()
            .u16(1)
            .u8(0)
            .u8(5)
            .bytes(&[0x1F, 0, 9, b'a'])
            .packet(0x40), // string overrun
        wire::publish("t", 0, 0, Props::new().str(0x03, "a\0b"), b""), // NUL in a string
        Body::new().u16(1).props(Props::new()).packet(0x90), // SUBACK without codes
        vec![0x38, 0x03, 0x00, 0x01, b't'],                  // QoS 0 with DUP
        vec![0x36, 0x03, 0x00, 0x01, b't'],                  // QoS 3
        Body::new()
            .u8(0x87)
            .props(Props::new())
            .bytes(&[1])
            .packet(0xE0), // trailing byte
        wire::suback(1, &[0x03]),                            // undefined SUBACK code
    ];
    for bytes in &cases {
        let result = decode_bytes(bytes);
        assert!(is_malformed(&result), "{bytes:02x?} gave {result:?}");
    }
}

#[test]
fn protocol_errors_are_refused() {
    let cases: Vec<Vec<u8>> = vec![
        vec![0x10, 0x00],                                   // CONNECT from a server
        vec![0x82, 0x00],                                   // SUBSCRIBE from a server
        wire::ack(0x40, 1, Some(0x92), None),               // PUBACK may not say "not found"
        wire::ack(0x70, 1, Some(0x10), None),               // PUBCOMP may not say "no subscribers"
        wire::connack(true, 0x87, Props::new()),            // refused with a session present
        wire::connack(false, 0x8E, Props::new()),           // a DISCONNECT code on CONNACK
        wire::unsuback(1, &[0x01]),                         // a SUBACK code on UNSUBACK
        wire::disconnect(0x04, Props::new()),               // a client's code from a server
        wire::disconnect(0x00, Props::new().four(0x11, 5)), // session expiry from a server
        wire::publish("t", 0, 0, Props::new().four(0x02, 1).four(0x02, 2), b""), // twice
        wire::connack(false, 0, Props::new().str(0x1F, "a").str(0x1F, "b")), // reason twice
        wire::connack(false, 0, Props::new().two(0x21, 0)), // receive maximum 0
        wire::connack(false, 0, Props::new().four(0x27, 0)), // maximum packet size 0
        wire::connack(false, 0, Props::new().byte(0x24, 2)), // maximum QoS 2 is not a value
        wire::connack(false, 0, Props::new().byte(0x25, 7)), // retain available 7
        wire::connack(false, 0, Props::new().str(0x15, "SCRAM")), // authentication
        wire::publish("t", 0, 0, Props::new().var(0x0B, 0), b""), // subscription id 0
        wire::publish("t", 0, 0, Props::new().str(0x08, "r/#"), b""), // wildcard response topic
    ];
    for bytes in &cases {
        let result = decode_bytes(bytes);
        assert!(is_protocol_error(&result), "{bytes:02x?} gave {result:?}");
    }
}

trait Overrun {
    fn bytes_overrun(self) -> Props;
}

impl Overrun for Props {
    /// A property whose value runs past the property section's length: an id with no value.
    fn bytes_overrun(mut self) -> Props {
        self.0.push(0x02);
        self
    }
}
