//! PUBLISH properties both ways, SUBSCRIBE options, and what is refused before sending.

use mqttbytes::v5;

use super::*;
use crate::mqtt::{
    Event, Message, MqttError, PublishProperties, QoS, ReasonCode, RetainHandling,
    SubscribeOptions, SubscribeOutcome, UserProperty,
};

/// Filters with their options, an identifier, and the refusal expected.
type Case = (
    Vec<(&'static str, SubscribeOptions)>,
    Option<u32>,
    MqttError,
);

fn full_properties() -> PublishProperties {
    PublishProperties {
        payload_utf8: Some(true),
        message_expiry_secs: Some(120),
        content_type: Some("application/json".into()),
        response_topic: Some("reply/console".into()),
        correlation_data: Some(vec![0xCA, 0xFE]),
        user_properties: vec![
            UserProperty::new("b", "2"),
            UserProperty::new("a", "1"),
            UserProperty::new("b", "3"),
        ],
        subscription_identifiers: vec![],
    }
}

#[test]
fn every_publish_property_goes_out() {
    let mut session = connected5(Props::new());
    let id = session
        .publish_with("a/b", b"{}", QoS::AtLeastOnce, true, &full_properties(), 20)
        .unwrap();
    let [v5::Packet::Publish(p)] = &sent5(&mut session)[..] else {
        panic!("not one PUBLISH");
    };
    assert_eq!(
        (p.topic.as_str(), &p.payload[..], Some(p.pkid)),
        ("a/b", &b"{}"[..], id)
    );
    assert!(p.retain);
    let props = p.properties.clone().expect("properties");
    assert_eq!(props.payload_format_indicator, Some(1));
    assert_eq!(props.message_expiry_interval, Some(120));
    assert_eq!(props.content_type.as_deref(), Some("application/json"));
    assert_eq!(props.response_topic.as_deref(), Some("reply/console"));
    assert_eq!(props.correlation_data.as_deref(), Some(&[0xCA, 0xFE][..]));
    assert_eq!(
        props.user_properties,
        [
            ("b".to_string(), "2".to_string()),
            ("a".into(), "1".into()),
            ("b".into(), "3".into())
        ],
        "order and repeats kept"
    );
    assert_eq!(props.topic_alias, None, "the server allows no alias");
    assert!(props.subscription_identifiers.is_empty());
}

#[test]
fn every_publish_property_comes_in() {
    let mut session = connected5(Props::new());
    let props = Props::new()
        .byte(0x01, 0)
        .four(0x02, 9)
        .str(0x03, "image/png")
        .str(0x08, "r/1")
        .bin(0x09, b"id-1")
        .user("x", "1")
        .user("x", "")
        .var(0x0B, 12)
        .var(0x0B, 268_435_455);
    session
        .handle_bytes(&wire::publish("in/1", 2, 44, props, &[0x89]), 20)
        .unwrap();
    assert!(matches!(&sent5(&mut session)[..], [v5::Packet::PubRec(r)] if r.pkid == 44));
    assert_eq!(
        events(&mut session),
        [Event::Received(Message {
            topic: "in/1".into(),
            payload: vec![0x89],
            qos: QoS::ExactlyOnce,
            retain: false,
            dup: false,
            properties: PublishProperties {
                payload_utf8: Some(false),
                message_expiry_secs: Some(9),
                content_type: Some("image/png".into()),
                response_topic: Some("r/1".into()),
                correlation_data: Some(b"id-1".to_vec()),
                user_properties: vec![UserProperty::new("x", "1"), UserProperty::new("x", "")],
                subscription_identifiers: vec![12, 268_435_455],
            },
        })]
    );
}

#[test]
fn bad_property_values_are_refused_before_sending() {
    let mut session = connected5(Props::new());
    let cases = [
        (
            PublishProperties {
                response_topic: Some("reply/+".into()),
                ..PublishProperties::default()
            },
            MqttError::WildcardInResponseTopic("reply/+".into()),
        ),
        (
            PublishProperties {
                payload_utf8: Some(true),
                ..PublishProperties::default()
            },
            MqttError::PayloadNotUtf8,
        ),
    ];
    for (props, expected) in cases {
        assert_eq!(
            session.publish_with("t", &[0xFF], QoS::AtLeastOnce, false, &props, 20),
            Err(expected)
        );
    }
    assert_eq!(session.inflight_count(), 0);
    assert!(frames(&mut session).is_empty());
}

#[test]
fn subscribe_options_and_identifier_go_out_and_are_kept() {
    let mut session = connected5(Props::new());
    let options = SubscribeOptions {
        qos: QoS::AtLeastOnce,
        no_local: true,
        retain_as_published: true,
        retain_handling: RetainHandling::SendIfNew,
    };
    let plain = SubscribeOptions::qos(QoS::ExactlyOnce);
    let id = session
        .subscribe_with(
            &[("a/#", options.clone()), ("$share/g/b", plain.clone())],
            Some(42),
            20,
        )
        .unwrap();
    let [v5::Packet::Subscribe(s)] = &sent5(&mut session)[..] else {
        panic!("not one SUBSCRIBE");
    };
    assert_eq!(s.pkid, id);
    assert_eq!(s.properties.as_ref().and_then(|p| p.id), Some(42));
    let f = &s.filters[0];
    assert_eq!(
        (f.path.as_str(), f.nolocal, f.preserve_retain),
        ("a/#", true, true)
    );
    assert_eq!(f.retain_forward_rule, v5::RetainForwardRule::OnNewSubscribe);
    assert_eq!(s.filters[1].path, "$share/g/b");
    assert_eq!(
        session.subscription_options().collect::<Vec<_>>(),
        [
            ("a/#", &options, Some(42)),
            ("$share/g/b", &plain, Some(42))
        ]
    );
    session
        .handle_bytes(&wire::suback(id, &[0x01, 0x9E]), 30)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [Event::SubAck {
            packet_id: id,
            outcomes: vec![
                SubscribeOutcome::Granted(QoS::AtLeastOnce),
                SubscribeOutcome::Refused(ReasonCode::SharedSubscriptionsNotSupported)
            ],
        }]
    );
    assert_eq!(
        session.subscriptions().collect::<Vec<_>>(),
        [("a/#", QoS::AtLeastOnce)],
        "a refused filter is not asked for again"
    );
}

#[test]
fn subscriptions_the_server_does_not_offer_are_refused_before_sending() {
    let mut session = connected5(Props::new().byte(0x28, 0).byte(0x29, 0).byte(0x2A, 0));
    let plain = SubscribeOptions::qos(QoS::AtMostOnce);
    let cases: Vec<Case> = vec![
        (
            vec![("a/+", plain.clone())],
            None,
            MqttError::WildcardSubscriptionNotAvailable {
                filter: "a/+".into(),
            },
        ),
        (
            vec![("a", plain.clone())],
            Some(1),
            MqttError::SubscriptionIdentifierNotAvailable,
        ),
        (
            vec![("$share/g/a", plain.clone())],
            None,
            MqttError::SharedSubscriptionNotAvailable {
                filter: "$share/g/a".into(),
            },
        ),
        (vec![], None, MqttError::NoFilters),
    ];
    for (filters, identifier, expected) in cases {
        assert_eq!(
            session.subscribe_with(&filters, identifier, 20),
            Err(expected)
        );
    }
    assert!(session.subscribe("a/b", QoS::AtMostOnce, 20).is_ok());
}

#[test]
fn malformed_subscriptions_are_refused_whatever_the_server_offers() {
    let mut session = connected5(Props::new());
    let no_local = SubscribeOptions {
        no_local: true,
        ..SubscribeOptions::qos(QoS::AtMostOnce)
    };
    let plain = SubscribeOptions::qos(QoS::AtMostOnce);
    let cases: Vec<Case> = vec![
        (
            vec![("a", plain.clone())],
            Some(0),
            MqttError::SubscriptionIdentifierOutOfRange(0),
        ),
        (
            vec![("a", plain.clone())],
            Some(268_435_456),
            MqttError::SubscriptionIdentifierOutOfRange(268_435_456),
        ),
        (
            vec![("$share/g/a", no_local)],
            None,
            MqttError::NoLocalOnSharedSubscription {
                filter: "$share/g/a".into(),
            },
        ),
        (
            vec![("$share/g+/a", plain.clone())],
            None,
            MqttError::InvalidSharedFilter {
                filter: "$share/g+/a".into(),
            },
        ),
    ];
    for (filters, identifier, expected) in cases {
        assert_eq!(
            session.subscribe_with(&filters, identifier, 20),
            Err(expected)
        );
    }
    assert!(frames(&mut session).is_empty());
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn mqtt5_subscribe_options_need_mqtt5() {
    let mut session = super::super::connected();
    let no_local = SubscribeOptions {
        no_local: true,
        ..SubscribeOptions::qos(QoS::AtMostOnce)
    };
    assert_eq!(
        session.subscribe_with(&[("a", no_local)], None, 20),
        Err(MqttError::PropertiesNeedMqtt5)
    );
    assert_eq!(
        session.subscribe_with(
            &[("a", SubscribeOptions::qos(QoS::AtMostOnce))],
            Some(1),
            20
        ),
        Err(MqttError::PropertiesNeedMqtt5)
    );
    assert!(session
        .subscribe_with(&[("a", SubscribeOptions::qos(QoS::AtMostOnce))], None, 20)
        .is_ok());
}
