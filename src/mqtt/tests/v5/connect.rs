//! CONNECT's properties out, CONNACK's capabilities in, and what the session does with them.

use mqttbytes::v5;

use super::*;
use crate::mqtt::tests::T;
use crate::mqtt::{
    CloseReason, ConnectProperties, Event, MqttError, PublishProperties, QoS, ReasonCode,
    ServerCapabilities, UserProperty, Will, WillProperties,
};

#[test]
fn connect_carries_every_property_and_the_will_properties() {
    let mut session = Session::new(ConnectOptions {
        clean_session: false,
        properties: ConnectProperties {
            session_expiry_secs: 3_600,
            receive_maximum: Some(8),
            maximum_packet_size: Some(100_000),
            topic_alias_maximum: 10,
            request_response_information: true,
            request_problem_information: false,
            user_properties: vec![UserProperty::new("a", "1"), UserProperty::new("a", "2")],
        },
        ..options_v5()
    })
    .unwrap();
    session
        .set_will(Some(Will {
            topic: "status".into(),
            payload: b"gone".to_vec(),
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: WillProperties {
                delay_secs: Some(5),
                publish: PublishProperties {
                    payload_utf8: Some(true),
                    message_expiry_secs: Some(60),
                    content_type: Some("text/plain".into()),
                    response_topic: Some("ask".into()),
                    correlation_data: Some(vec![1, 2]),
                    user_properties: vec![UserProperty::new("why", "crash")],
                    subscription_identifiers: vec![],
                },
            },
        }))
        .unwrap();
    session.start(0);
    let [v5::Packet::Connect(c)] = &sent5(&mut session)[..] else {
        panic!("not one CONNECT");
    };
    assert_eq!(c.protocol, mqttbytes::Protocol::V5);
    assert!(!c.clean_session);
    let p = c.properties.clone().expect("properties");
    assert_eq!(p.session_expiry_interval, Some(3_600));
    assert_eq!(p.receive_maximum, Some(8));
    assert_eq!(p.max_packet_size, Some(100_000));
    assert_eq!(p.topic_alias_max, Some(10));
    assert_eq!(p.request_response_info, Some(1));
    assert_eq!(p.request_problem_info, Some(0));
    assert_eq!(
        p.user_properties,
        [("a".to_string(), "1".to_string()), ("a".into(), "2".into())]
    );
    let w = c.last_will.clone().expect("a will");
    assert_eq!((w.topic.as_str(), &w.message[..]), ("status", &b"gone"[..]));
    let wp = w.properties.expect("will properties");
    assert_eq!(wp.delay_interval, Some(5));
    assert_eq!(wp.payload_format_indicator, Some(1));
    assert_eq!(wp.message_expiry_interval, Some(60));
    assert_eq!(wp.content_type.as_deref(), Some("text/plain"));
    assert_eq!(wp.response_topic.as_deref(), Some("ask"));
    assert_eq!(wp.correlation_data.as_deref(), Some(&[1u8, 2][..]));
    assert_eq!(
        wp.user_properties,
        [("why".to_string(), "crash".to_string())]
    );
}

#[test]
fn a_default_connect_sends_no_properties_and_311_sends_none_of_them() {
    let mut session = Session::new(options_v5()).unwrap();
    session.start(0);
    let [v5::Packet::Connect(c)] = &sent5(&mut session)[..] else {
        panic!("not one CONNECT");
    };
    assert_eq!(c.properties, None, "an empty property section");
    // On 3.1.1 the same properties are simply not sent, and the CONNECT is the old one.
    let mut v311 = Session::new(ConnectOptions {
        properties: ConnectProperties {
            topic_alias_maximum: 5,
            ..ConnectProperties::default()
        },
        ..options()
    })
    .unwrap();
    v311.start(0);
    let frame = v311.poll_transmit().unwrap();
    let mut plain = Session::new(options()).unwrap();
    plain.start(0);
    assert_eq!(Some(frame), plain.poll_transmit());
}

#[test]
fn connack_capabilities_are_honoured() {
    let mut session = connected5(
        Props::new()
            .str(0x12, "assigned-7")
            .two(0x13, 4)
            .two(0x21, 2)
            .byte(0x24, 1)
            .byte(0x25, 0)
            .four(0x27, 64)
            .str(0x1F, "hello")
            .user("instance", "iot-1"),
    );
    let caps = session.server_capabilities().clone();
    assert_eq!(
        caps.assigned_client_identifier.as_deref(),
        Some("assigned-7")
    );
    assert_eq!(caps.reason_string.as_deref(), Some("hello"));
    assert_eq!(
        caps.user_properties,
        [UserProperty::new("instance", "iot-1")]
    );
    // The server's keep alive (4 s) replaces ours (60 s): a ping after 3 s of silence.
    assert_eq!(session.poll_timeout(), Some(3 * T));
    // Maximum QoS 1.
    assert_eq!(
        session.publish("t", b"", QoS::ExactlyOnce, false, 20),
        Err(MqttError::QoSNotSupported {
            requested: QoS::ExactlyOnce,
            maximum: QoS::AtLeastOnce
        })
    );
    // No retain.
    assert_eq!(
        session.publish("t", b"", QoS::AtMostOnce, true, 20),
        Err(MqttError::RetainNotAvailable)
    );
    // 64 bytes at most: a 57-byte payload at QoS 1 makes 1 + 1 + (3 + 2 + 1 + 57) = 65 bytes.
    assert_eq!(
        session.publish("t", &[0; 57], QoS::AtLeastOnce, false, 20),
        Err(MqttError::PacketTooLarge {
            size: 65,
            maximum: 64
        })
    );
    assert_eq!(session.inflight_count(), 0, "refusals leave nothing behind");
    assert!(session
        .publish("t", &[0; 56], QoS::AtLeastOnce, false, 20)
        .is_ok());
    // Receive maximum 2 caps our window of 64.
    session
        .publish("t", b"", QoS::AtLeastOnce, false, 20)
        .unwrap();
    session
        .publish("t", b"", QoS::AtLeastOnce, false, 20)
        .unwrap();
    assert_eq!(sent5(&mut session).len(), 2);
    assert_eq!(session.queued_count(), 1);
    session
        .handle_bytes(&wire::ack(0x40, 1, None, None), 30)
        .unwrap();
    assert!(matches!(
        &sent5(&mut session)[..],
        [v5::Packet::Publish(p)] if p.pkid == 3
    ));
}

#[test]
fn capabilities_are_the_defaults_before_connack_and_on_311() {
    let session = Session::new(options_v5()).unwrap();
    assert_eq!(
        session.server_capabilities(),
        &ServerCapabilities::default()
    );
    let session = super::super::connected();
    assert_eq!(
        session.server_capabilities(),
        &ServerCapabilities::default()
    );
}

#[test]
fn a_refusal_carries_its_reason_string_and_server_reference() {
    let mut session = Session::new(options_v5()).unwrap();
    session.start(0);
    sent5(&mut session);
    session
        .handle_bytes(
            &wire::connack(
                false,
                0x9D,
                Props::new()
                    .str(0x1F, "moved")
                    .str(0x1C, "new.example:8883"),
            ),
            10,
        )
        .unwrap();
    assert_eq!(events(&mut session), [Event::Refused { code: 0x9D }]);
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(
        session.close_reason(),
        Some(&CloseReason::RefusedV5 {
            reason: ReasonCode::ServerMoved,
            reason_string: Some("moved".into()),
            server_reference: Some("new.example:8883".into()),
        })
    );
    assert_eq!(
        session.close_reason().unwrap().to_string(),
        "the broker refused the connection with reason code 0x9D: moved"
    );
}

#[test]
fn properties_need_mqtt5() {
    let mut session = super::super::connected();
    let props = PublishProperties {
        content_type: Some("a".into()),
        ..PublishProperties::default()
    };
    assert_eq!(
        session.publish_with("t", b"", QoS::AtMostOnce, false, &props, 20),
        Err(MqttError::PropertiesNeedMqtt5)
    );
    // Received-only subscription identifiers are no property to send.
    let received = PublishProperties {
        subscription_identifiers: vec![3],
        ..PublishProperties::default()
    };
    assert!(session
        .publish_with("t", b"", QoS::AtMostOnce, false, &received, 20)
        .is_ok());
}

#[test]
fn an_auth_packet_is_a_protocol_error_explained() {
    let mut session = connected5(Props::new());
    assert_eq!(
        session.handle_bytes(&[0xF0, 0x00], 20),
        Err(MqttError::AuthNotSupported)
    );
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x82]]);
}
