use mqttbytes::v4::{self, SubscribeReasonCode as Code};

use super::*;
use crate::mqtt::{FilterRule, Message, MqttError, StringField, SubscribeOutcome};

#[test]
fn subscribe_and_suback_with_a_refusal() {
    let mut session = connected();
    let id = session
        .subscribe_many(
            &[("a/#", QoS::AtLeastOnce), ("$SYS/x", QoS::ExactlyOnce)],
            20,
        )
        .unwrap();
    let packets = sent(&mut session);
    let [v4::Packet::Subscribe(subscribe)] = &packets[..] else {
        panic!("{packets:?}")
    };
    assert_eq!(subscribe.pkid, id);
    let filters: Vec<_> = subscribe
        .filters
        .iter()
        .map(|f| (f.path.as_str(), f.qos))
        .collect();
    assert_eq!(
        filters,
        [
            ("a/#", mqttbytes::QoS::AtLeastOnce),
            ("$SYS/x", mqttbytes::QoS::ExactlyOnce)
        ]
    );

    session
        .handle_bytes(
            &suback(
                id,
                vec![Code::Success(mqttbytes::QoS::AtMostOnce), Code::Failure],
            ),
            30,
        )
        .unwrap();
    assert_eq!(
        events(&mut session),
        [Event::SubAck {
            packet_id: id,
            outcomes: vec![
                SubscribeOutcome::Granted(QoS::AtMostOnce),
                SubscribeOutcome::Refused(crate::mqtt::ReasonCode::UnspecifiedError)
            ],
        }]
    );
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn suback_with_the_wrong_number_of_codes() {
    let mut session = connected();
    let id = session.subscribe("a", QoS::AtMostOnce, 20).unwrap();
    let codes = vec![Code::Success(mqttbytes::QoS::AtMostOnce); 2];
    assert_eq!(
        session.handle_bytes(&suback(id, codes), 30),
        Err(MqttError::SubAckCountMismatch {
            packet_id: id,
            expected: 1,
            got: 2
        })
    );
    assert_eq!(session.state(), SessionState::Closed);
}

#[test]
fn acks_for_unknown_packet_ids() {
    let cases: [(Vec<u8>, &str); 5] = [
        (suback(9, vec![Code::Failure]), "SUBACK"),
        (unsuback(9), "UNSUBACK"),
        (puback(9), "PUBACK"),
        (vec![0x50, 0x02, 0x00, 0x09], "PUBREC"),
        (vec![0x70, 0x02, 0x00, 0x09], "PUBCOMP"),
    ];
    for (bytes, packet) in cases {
        let mut session = connected();
        assert_eq!(
            session.handle_bytes(&bytes, 20),
            Err(MqttError::UnknownPacketId {
                packet,
                packet_id: 9
            })
        );
        assert_eq!(session.state(), SessionState::Closed);
    }
    // An ack of the wrong kind for an id in flight is just as unknown.
    let mut session = connected();
    let id = session.subscribe("a", QoS::AtMostOnce, 20).unwrap();
    assert_eq!(
        session.handle_bytes(&puback(id), 30),
        Err(MqttError::UnknownPacketId {
            packet: "PUBACK",
            packet_id: id
        })
    );
}

#[test]
fn unsubscribe_and_unsuback() {
    let mut session = connected();
    let id = session.unsubscribe("a/+/c", 20).unwrap();
    let packets = sent(&mut session);
    assert_eq!(
        packets,
        [v4::Packet::Unsubscribe(v4::Unsubscribe {
            pkid: id,
            topics: vec!["a/+/c".into()]
        })]
    );
    session.handle_bytes(&unsuback(id), 30).unwrap();
    assert_eq!(
        events(&mut session),
        [Event::UnsubAck {
            packet_id: id,
            reasons: vec![]
        }]
    );
}

#[test]
fn publish_qos0_and_qos1_with_puback() {
    let mut session = connected();
    assert_eq!(
        session.publish("a/b", b"zero", QoS::AtMostOnce, true, 20),
        Ok(None)
    );
    let id = session
        .publish("a/b", b"one", QoS::AtLeastOnce, false, 21)
        .unwrap()
        .unwrap();
    let packets = sent(&mut session);
    let [v4::Packet::Publish(p0), v4::Packet::Publish(p1)] = &packets[..] else {
        panic!("{packets:?}")
    };
    assert_eq!(
        (p0.topic.as_str(), &p0.payload[..], p0.qos, p0.retain),
        ("a/b", &b"zero"[..], mqttbytes::QoS::AtMostOnce, true)
    );
    assert_eq!(
        (p1.pkid, &p1.payload[..], p1.qos, p1.dup),
        (id, &b"one"[..], mqttbytes::QoS::AtLeastOnce, false)
    );
    assert_eq!(session.inflight_count(), 1);

    session.handle_bytes(&puback(id), 30).unwrap();
    assert_eq!(events(&mut session), [Event::PubAck { packet_id: id }]);
    assert_eq!(session.inflight_count(), 0);
    // A second PUBACK for the same id is a broker bug.
    assert!(session.handle_bytes(&puback(id), 31).is_err());
}

#[test]
fn publish_qos2_through_pubrec_pubrel_pubcomp() {
    let mut session = connected();
    let id = session
        .publish("a", b"two", QoS::ExactlyOnce, true, 20)
        .unwrap()
        .unwrap();
    let packets = sent(&mut session);
    let [v4::Packet::Publish(p)] = &packets[..] else {
        panic!("{packets:?}")
    };
    assert_eq!(
        (p.pkid, p.qos, p.retain, p.dup),
        (id, mqttbytes::QoS::ExactlyOnce, true, false)
    );
    assert!(
        session.handle_bytes(&puback(id), 30).is_err(),
        "PUBACK does not answer QoS 2"
    );

    let mut session = connected();
    let id = session
        .publish("a", b"two", QoS::ExactlyOnce, false, 20)
        .unwrap()
        .unwrap();
    sent(&mut session);
    session.handle_bytes(&pubrec(id), 30).unwrap();
    assert_eq!(
        sent(&mut session),
        [v4::Packet::PubRel(v4::PubRel::new(id))]
    );
    assert_eq!(events(&mut session), []);
    session.handle_bytes(&pubcomp(id), 40).unwrap();
    assert_eq!(events(&mut session), [Event::PubComp { packet_id: id }]);
    assert_eq!(session.inflight_count(), 0);
    assert!(
        session.handle_bytes(&pubcomp(id), 50).is_err(),
        "a second PUBCOMP is a broker bug"
    );
}

#[test]
fn incoming_qos0_and_qos1() {
    let mut session = connected();
    session
        .handle_bytes(&publish("s/1", QoS::AtMostOnce, 0, b"hi"), 20)
        .unwrap();
    session
        .handle_bytes(&publish("s/2", QoS::AtLeastOnce, 77, b"there"), 21)
        .unwrap();
    assert_eq!(
        sent(&mut session),
        [v4::Packet::PubAck(v4::PubAck::new(77))]
    );
    assert_eq!(
        events(&mut session),
        [
            Event::Received(Message {
                topic: "s/1".into(),
                payload: b"hi".to_vec(),
                qos: QoS::AtMostOnce,
                retain: false,
                dup: false,
                properties: Default::default(),
            }),
            Event::Received(Message {
                topic: "s/2".into(),
                payload: b"there".to_vec(),
                qos: QoS::AtLeastOnce,
                retain: false,
                dup: false,
                properties: Default::default(),
            }),
        ]
    );
}

#[test]
fn incoming_qos2_is_delivered_once_and_completed() {
    let mut session = connected();
    let first = publish("q2", QoS::ExactlyOnce, 5, b"x");
    let mut resent = first.clone();
    resent[0] |= 0b1000; // DUP
    session.handle_bytes(&first, 20).unwrap();
    session.handle_bytes(&resent, 21).unwrap();
    assert_eq!(
        sent(&mut session),
        [
            v4::Packet::PubRec(v4::PubRec::new(5)),
            v4::Packet::PubRec(v4::PubRec::new(5))
        ]
    );
    assert_eq!(events(&mut session).len(), 1, "delivered once");
    session.handle_bytes(&pubrel(5), 22).unwrap();
    assert_eq!(
        sent(&mut session),
        [v4::Packet::PubComp(v4::PubComp::new(5))]
    );
    // After PUBREL the id is free again: a new message with it is a new message.
    session.handle_bytes(&first, 23).unwrap();
    assert_eq!(events(&mut session).len(), 1);
}

#[test]
fn incoming_topics_are_validated() {
    for topic in ["a/+", "#", "a\0b", ""] {
        let mut session = connected();
        let err = session.handle_bytes(&publish(topic, QoS::AtMostOnce, 0, b""), 20);
        assert!(
            matches!(err, Err(MqttError::InvalidIncomingTopic(_))),
            "{topic:?}: {err:?}"
        );
        assert_eq!(session.state(), SessionState::Closed);
    }
    let mut session = connected();
    // Topic length 1, then a byte that is not UTF-8.
    let err = session.handle_bytes(&[0x30, 0x03, 0x00, 0x01, 0xC0], 20);
    assert!(matches!(err, Err(MqttError::MalformedPacket(_))), "{err:?}");
}

#[test]
fn user_input_validation_errors_leave_the_session_usable() {
    let mut session = connected();
    let long = "t".repeat(65_536);
    let cases = [
        session
            .publish("", b"", QoS::AtMostOnce, false, 20)
            .unwrap_err(),
        session
            .publish("a/+", b"", QoS::AtMostOnce, false, 20)
            .unwrap_err(),
        session
            .publish("a/#", b"", QoS::AtLeastOnce, false, 20)
            .unwrap_err(),
        session
            .publish("a\0", b"", QoS::AtMostOnce, false, 20)
            .unwrap_err(),
        session
            .publish(&long, b"", QoS::AtMostOnce, false, 20)
            .unwrap_err(),
        session.subscribe("a/#/b", QoS::AtMostOnce, 20).unwrap_err(),
        session.subscribe("a+", QoS::AtMostOnce, 20).unwrap_err(),
        session.subscribe("", QoS::AtMostOnce, 20).unwrap_err(),
        session.subscribe(&long, QoS::AtMostOnce, 20).unwrap_err(),
        session.subscribe_many(&[], 20).unwrap_err(),
        session.unsubscribe("a#", 20).unwrap_err(),
    ];
    let expected = [
        MqttError::EmptyTopic,
        MqttError::WildcardInTopic("a/+".into()),
        MqttError::WildcardInTopic("a/#".into()),
        MqttError::NulCharacter {
            field: StringField::Topic,
        },
        MqttError::StringTooLong {
            field: StringField::Topic,
            len: 65_536,
        },
        MqttError::InvalidFilter {
            filter: "a/#/b".into(),
            reason: FilterRule::HashNotLast,
        },
        MqttError::InvalidFilter {
            filter: "a+".into(),
            reason: FilterRule::PlusNotAlone,
        },
        MqttError::InvalidFilter {
            filter: String::new(),
            reason: FilterRule::Empty,
        },
        MqttError::StringTooLong {
            field: StringField::TopicFilter,
            len: 65_536,
        },
        MqttError::NoFilters,
        MqttError::InvalidFilter {
            filter: "a#".into(),
            reason: FilterRule::HashNotAlone,
        },
    ];
    assert_eq!(cases, expected);
    assert_eq!(
        session.poll_transmit(),
        None,
        "nothing half-written went out"
    );
    assert_eq!(session.inflight_count(), 0, "no packet id was taken");
    assert_eq!(session.state(), SessionState::Connected);
    assert_eq!(
        session.publish("ok", b"", QoS::AtLeastOnce, false, 21),
        Ok(Some(1))
    );
}

#[test]
fn packet_ids_skip_ids_in_flight_and_never_zero() {
    let mut session = connected();
    let a = session
        .publish("t", b"", QoS::AtLeastOnce, false, 20)
        .unwrap()
        .unwrap();
    let b = session.subscribe("t", QoS::AtMostOnce, 20).unwrap();
    let c = session.unsubscribe("t", 20).unwrap();
    assert_eq!((a, b, c), (1, 2, 3));
    session.handle_bytes(&puback(a), 30).unwrap();
    // Ids keep rotating; walk all the way round while 2 and 3 are still in flight.
    let mut seen = Vec::new();
    for _ in 0..70_000u32 {
        let id = session
            .publish("t", b"", QoS::AtLeastOnce, false, 40)
            .unwrap()
            .unwrap();
        assert!(id != 0 && id != b && id != c, "got {id}");
        seen.push(id);
        session.handle_bytes(&puback(id), 40).unwrap();
        sent(&mut session);
    }
    assert_eq!(seen[0], 4);
    assert!(seen.contains(&1) && seen.contains(&u16::MAX));
}

#[test]
fn all_ids_in_use_is_an_error() {
    let mut session = connected();
    session.set_max_inflight(usize::MAX);
    for expected in 1..=u16::MAX {
        assert_eq!(
            session.publish("t", b"", QoS::AtLeastOnce, false, 20),
            Ok(Some(expected))
        );
    }
    sent(&mut session);
    assert_eq!(
        session.publish("t", b"", QoS::AtLeastOnce, false, 20),
        Err(MqttError::PacketIdsExhausted)
    );
    assert_eq!(
        session.subscribe("t", QoS::AtMostOnce, 20),
        Err(MqttError::PacketIdsExhausted)
    );
    assert_eq!(
        session.publish("t", b"", QoS::AtMostOnce, false, 20),
        Ok(None),
        "QoS 0 needs no id"
    );
    session.handle_bytes(&puback(300), 30).unwrap();
    assert_eq!(session.subscribe("t", QoS::AtMostOnce, 40), Ok(300));
}
