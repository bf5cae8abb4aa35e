//! Topic aliases both ways, a broken one included.

use mqttbytes::v5;

use super::*;
use crate::mqtt::{Event, MqttError, QoS};

/// The topic and alias of each PUBLISH sent.
fn named(session: &mut Session) -> Vec<(String, Option<u16>, bool)> {
    sent5(session)
        .into_iter()
        .filter_map(|p| match p {
            v5::Packet::Publish(p) => Some((
                p.topic,
                p.properties.and_then(|props| props.topic_alias),
                p.dup,
            )),
            _ => None,
        })
        .collect()
}

/// Ends the link and brings up a new one whose CONNACK says `connack`.
fn relink(session: &mut Session, now: u64, session_present: bool, connack: Props) {
    session.connection_lost();
    session.start(now);
    sent5(session);
    session
        .handle_bytes(&wire::connack(session_present, 0, connack), now + 5)
        .unwrap();
    events(session);
}

#[test]
fn outgoing_aliases_are_defined_then_used_within_the_servers_maximum() {
    let mut session = connected5(Props::new().two(0x22, 2));
    for topic in ["a/1", "a/1", "a/2", "a/3", "a/2", "a/3"] {
        session
            .publish(topic, b"x", QoS::AtMostOnce, false, 20)
            .unwrap();
    }
    assert_eq!(
        named(&mut session),
        [
            ("a/1".into(), Some(1), false),
            (String::new(), Some(1), false),
            ("a/2".into(), Some(2), false),
            ("a/3".into(), None, false),
            (String::new(), Some(2), false),
            ("a/3".into(), None, false),
        ],
        "no alias once the server's two are taken"
    );
    session.set_topic_aliases(false);
    session
        .publish("a/1", b"x", QoS::AtMostOnce, false, 20)
        .unwrap();
    assert_eq!(named(&mut session), [("a/1".into(), None, false)]);
}

#[test]
fn aliases_do_not_survive_a_reconnect_and_resends_carry_full_topics() {
    let mut session = connected5_with(
        ConnectOptions {
            clean_session: false,
            properties: crate::mqtt::ConnectProperties {
                session_expiry_secs: 300,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new().two(0x22, 5),
    );
    session
        .publish("t", b"1", QoS::AtLeastOnce, false, 20)
        .unwrap();
    session
        .publish("t", b"2", QoS::AtLeastOnce, false, 20)
        .unwrap();
    assert_eq!(
        named(&mut session),
        [
            ("t".into(), Some(1), false),
            (String::new(), Some(1), false)
        ]
    );
    relink(&mut session, 1_000, true, Props::new().two(0x22, 5));
    assert_eq!(
        named(&mut session),
        [("t".into(), None, true), ("t".into(), None, true)],
        "resent with DUP and the full topic [MQTT-3.3.2-7]"
    );
    session
        .publish("t", b"3", QoS::AtMostOnce, false, 1_010)
        .unwrap();
    assert_eq!(
        named(&mut session),
        [("t".into(), Some(1), false)],
        "defined anew"
    );
}

#[test]
fn no_alias_is_defined_when_it_would_break_the_servers_packet_size() {
    // "t" with a 20-byte payload at QoS 0: 1 + 1 + (3 + 1 + 20) = 26 bytes; with an alias 29.
    let mut session = connected5(Props::new().two(0x22, 5).four(0x27, 27));
    session
        .publish("t", &[0; 20], QoS::AtMostOnce, false, 20)
        .unwrap();
    assert_eq!(named(&mut session), [("t".into(), None, false)]);
}

#[test]
fn incoming_aliases_are_resolved() {
    let mut session = connected5_with(
        ConnectOptions {
            properties: crate::mqtt::ConnectProperties {
                topic_alias_maximum: 3,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new(),
    );
    session
        .handle_bytes(
            &wire::publish("dev/1/up", 0, 0, Props::new().two(0x23, 3), b"a"),
            20,
        )
        .unwrap();
    session
        .handle_bytes(
            &wire::publish("", 1, 5, Props::new().two(0x23, 3), b"b"),
            30,
        )
        .unwrap();
    let topics: Vec<String> = events(&mut session)
        .into_iter()
        .filter_map(|e| match e {
            Event::Received(m) => Some(m.topic),
            _ => None,
        })
        .collect();
    assert_eq!(topics, ["dev/1/up", "dev/1/up"]);
}

#[test]
fn a_broken_alias_is_a_protocol_error_explained_never_a_panic() {
    let allow_two = || {
        connected5_with(
            ConnectOptions {
                properties: crate::mqtt::ConnectProperties {
                    topic_alias_maximum: 2,
                    ..Default::default()
                },
                ..options_v5()
            },
            Props::new(),
        )
    };
    let cases = [
        (
            wire::publish("t", 0, 0, Props::new().two(0x23, 0), b""),
            0,
            2,
        ),
        (
            wire::publish("t", 0, 0, Props::new().two(0x23, 3), b""),
            3,
            2,
        ),
        (
            wire::publish("", 0, 0, Props::new().two(0x23, 2), b""),
            2,
            2,
        ),
    ];
    for (bytes, alias, maximum) in cases {
        let mut session = allow_two();
        assert_eq!(
            session.handle_bytes(&bytes, 20),
            Err(MqttError::TopicAliasInvalid { alias, maximum })
        );
        assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x94]]);
        assert_eq!(session.state(), SessionState::Closed);
    }
    // We allow none by default, so any alias is refused.
    let mut session = connected5(Props::new());
    assert_eq!(
        session.handle_bytes(
            &wire::publish("t", 0, 0, Props::new().two(0x23, 1), b""),
            20
        ),
        Err(MqttError::TopicAliasInvalid {
            alias: 1,
            maximum: 0
        })
    );
    // An empty topic without an alias is no topic at all.
    let mut session = allow_two();
    assert!(matches!(
        session.handle_bytes(&wire::publish("", 0, 0, Props::new(), b""), 20),
        Err(MqttError::InvalidIncomingTopic(_))
    ));
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x82]]);
}

#[test]
fn incoming_aliases_are_forgotten_with_the_link() {
    let mut session = connected5_with(
        ConnectOptions {
            properties: crate::mqtt::ConnectProperties {
                topic_alias_maximum: 2,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new(),
    );
    session
        .handle_bytes(
            &wire::publish("t", 0, 0, Props::new().two(0x23, 1), b""),
            20,
        )
        .unwrap();
    relink(&mut session, 1_000, false, Props::new());
    assert!(session
        .handle_bytes(
            &wire::publish("", 0, 0, Props::new().two(0x23, 1), b""),
            1_010
        )
        .is_err());
}
