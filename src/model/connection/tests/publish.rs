//! The publish path with MQTT 5 properties: what is logged, and what is refused before sending.

use super::*;
use crate::mqtt::{PublishProperties, UserProperty};

fn with_props() -> PublishProperties {
    PublishProperties {
        response_topic: Some("reply/1".into()),
        user_properties: vec![UserProperty::new("k", "v")],
        ..PublishProperties::default()
    }
}

#[test]
fn a_qos_1_publish_is_logged_with_its_packet_id() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.publish_with(
        "t/1",
        b"x".to_vec(),
        QoS::AtLeastOnce,
        false,
        PublishProperties::default(),
        at(10),
    )
    .expect("published");
    let actions = drain(&mut m);
    assert!(matches!(
        packets(&actions, link)[..],
        [v4::Packet::Publish(_)]
    ));
    let Some(Action::Sent(logged)) = actions.last() else {
        panic!("logged last: {actions:?}");
    };
    assert_eq!(logged.packet_id, Some(1));
    assert_eq!(logged.properties, None, "nothing stored for no properties");
}

#[test]
fn properties_on_an_mqtt_311_connection_are_refused_before_sending() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    assert_eq!(
        m.publish_with(
            "t/1",
            b"x".to_vec(),
            QoS::AtMostOnce,
            false,
            with_props(),
            at(10)
        ),
        Err(RequestError::Rejected(MqttError::PropertiesNeedMqtt5))
    );
    assert!(packets(&drain(&mut m), link).is_empty());
}

mod v5 {
    use bytes::BytesMut;
    use mqttbytes::v5;

    use super::*;
    use crate::model::server::ServerInfo;
    use crate::mqtt::{ProtocolVersion, ReasonCode, ReasonPacket};

    fn encode(write: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
        let mut buf = BytesMut::new();
        write(&mut buf);
        buf.to_vec()
    }

    /// An MQTT 5 CONNACK offering QoS 1 at most, no retain, packets of 200 bytes at most.
    fn connack5() -> Vec<u8> {
        let mut props = v5::ConnAckProperties::new();
        props.max_qos = Some(1);
        props.retain_available = Some(0);
        props.max_packet_size = Some(200);
        encode(|b| {
            v5::ConnAck {
                session_present: false,
                code: v5::ConnectReturnCode::Success,
                properties: Some(props),
            }
            .write(b)
            .map(drop)
            .expect("connack")
        })
    }

    /// Connects with MQTT 5 at t = 0..2 to a server offering what [`connack5`] says.
    /// Connects with MQTT 5 and returns the link and the server the model announced.
    fn connected5(m: &mut Lifecycle) -> (LinkId, ServerInfo) {
        let mut p = plan(true);
        p.options.version = ProtocolVersion::V5;
        m.connect(p, at(0));
        let link = opened(&drain(m)).expect("a link is opened");
        m.handle_open(link, at(1));
        drain(m);
        m.handle_bytes(link, &connack5(), at(2));
        let actions = drain(m);
        assert!(actions.contains(&Action::Connected), "{actions:?}");
        let server = actions
            .iter()
            .find_map(|a| match a {
                Action::Server(Some(server)) => Some(server.clone()),
                _ => None,
            })
            .expect("the server announced at CONNACK");
        (link, server)
    }

    fn sends(actions: &[Action]) -> usize {
        actions
            .iter()
            .filter(|a| matches!(a, Action::Send { .. }))
            .count()
    }

    #[test]
    fn what_the_server_does_not_offer_is_refused_before_sending() {
        let mut m = Lifecycle::new();
        let (_, server) = connected5(&mut m);
        assert_eq!(server.version, ProtocolVersion::V5);
        assert_eq!(server.capabilities.maximum_qos, QoS::AtLeastOnce);
        let none = PublishProperties::default;
        let refused = [
            m.publish_with("t", vec![], QoS::ExactlyOnce, false, none(), at(3)),
            m.publish_with("t", vec![], QoS::AtMostOnce, true, none(), at(3)),
            m.publish_with("t", vec![b'x'; 300], QoS::AtMostOnce, false, none(), at(3)),
        ];
        assert!(matches!(
            refused[0],
            Err(RequestError::Rejected(MqttError::QoSNotSupported { .. }))
        ));
        assert_eq!(
            refused[1],
            Err(RequestError::Rejected(MqttError::RetainNotAvailable))
        );
        assert!(matches!(
            refused[2],
            Err(RequestError::Rejected(MqttError::PacketTooLarge {
                maximum: 200,
                ..
            }))
        ));
        assert_eq!(sends(&drain(&mut m)), 0, "nothing refused goes out");
    }

    #[test]
    fn properties_are_logged_and_a_reason_code_comes_back_to_the_publish() {
        let mut m = Lifecycle::new();
        let (link, _) = connected5(&mut m);
        m.publish_with(
            "t",
            b"x".to_vec(),
            QoS::AtLeastOnce,
            false,
            with_props(),
            at(3),
        )
        .expect("published");
        let actions = drain(&mut m);
        assert_eq!(sends(&actions), 1);
        let Some(Action::Sent(logged)) = actions.last() else {
            panic!("logged last: {actions:?}");
        };
        assert_eq!(logged.properties.as_deref(), Some(&with_props()));
        let packet_id = logged.packet_id.expect("QoS 1 has a packet id");
        let puback = encode(|b| {
            v5::PubAck {
                pkid: packet_id,
                reason: v5::PubAckReason::NoMatchingSubscribers,
                properties: None,
            }
            .write(b)
            .map(drop)
            .expect("puback")
        });
        m.handle_bytes(link, &puback, at(4));
        let actions = drain(&mut m);
        assert!(
            actions.iter().any(|a| matches!(
                a,
                Action::Acknowledged { packet_id: p, outcome }
                    if *p == packet_id
                        && outcome.packet == ReasonPacket::PubAck
                        && outcome.reason == ReasonCode::NoMatchingSubscribers
            )),
            "{actions:?}"
        );
    }

    #[test]
    fn a_received_message_carries_its_properties() {
        let mut m = Lifecycle::new();
        let (link, _) = connected5(&mut m);
        let props = v5::PublishProperties {
            payload_format_indicator: Some(1),
            message_expiry_interval: None,
            topic_alias: None,
            response_topic: Some("reply/1".into()),
            correlation_data: Some(bytes::Bytes::from_static(b"req-1")),
            user_properties: vec![("k".into(), "v".into())],
            subscription_identifiers: Vec::new(),
            content_type: Some("text/plain".into()),
        };
        let publish = encode(|b| {
            let mut p = v5::Publish::new("d/t", mqttbytes::QoS::AtMostOnce, "42");
            p.properties = Some(props);
            p.write(b).map(drop).expect("publish")
        });
        m.handle_bytes(link, &publish, at(5));
        let actions = drain(&mut m);
        let [Action::Received(logged)] = &actions[..] else {
            panic!("one message expected, got {actions:?}");
        };
        let p = logged.properties.as_deref().expect("properties");
        assert_eq!(p.content_type.as_deref(), Some("text/plain"));
        assert_eq!(p.correlation_data.as_deref(), Some(&b"req-1"[..]));
        assert_eq!(p.user_properties, [UserProperty::new("k", "v")]);
        assert_eq!(p.payload_utf8, Some(true));
    }
}
