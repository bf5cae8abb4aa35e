//! One session across several links: what goes again after CONNACK, and in which order.

use mqttbytes::v4::{self, ConnectReturnCode, SubscribeReasonCode as Code};

use super::*;
use crate::mqtt::{CloseReason, MqttError, SubscribeOutcome};

fn persistent() -> Session {
    connected_with(ConnectOptions {
        clean_session: false,
        ..options()
    })
}

/// Drops the link, opens the next one at `now` and answers CONNACK; returns what the session sent
/// after CONNECT.
fn relink(session: &mut Session, now: Millis, session_present: bool) -> Vec<v4::Packet> {
    session.connection_lost();
    assert_eq!(session.state(), SessionState::Closed);
    session.start(now);
    assert_eq!(session.state(), SessionState::AwaitingConnAck);
    let connect = sent(session);
    assert!(
        matches!(&connect[..], [v4::Packet::Connect(_)]),
        "{connect:?}"
    );
    session
        .handle_bytes(
            &connack(session_present, ConnectReturnCode::Success),
            now + 5,
        )
        .unwrap();
    sent(session)
}

fn publish_of(packet: &v4::Packet) -> (u16, bool, &[u8]) {
    match packet {
        v4::Packet::Publish(p) => (p.pkid, p.dup, &p.payload[..]),
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

#[test]
fn unacknowledged_publishes_and_pubrels_go_again_in_order_with_dup() {
    let mut session = persistent();
    let a = session.publish("t", b"a", QoS::AtLeastOnce, false, 20);
    let b = session.publish("t", b"b", QoS::ExactlyOnce, false, 21);
    let c = session.publish("t", b"c", QoS::ExactlyOnce, true, 22);
    let d = session.publish("t", b"d", QoS::AtLeastOnce, false, 23);
    let [a, b, c, d] = [a, b, c, d].map(|r| r.unwrap().unwrap());
    sent(&mut session);
    session.handle_bytes(&pubrec(c), 30).unwrap();
    session.handle_bytes(&puback(d), 31).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PubRel(v4::PubRel::new(c))]);

    let again = relink(&mut session, 1_000, true);
    assert_eq!(again.len(), 3, "{again:?}");
    assert_eq!(publish_of(&again[0]), (a, true, &b"a"[..]));
    assert_eq!(publish_of(&again[1]), (b, true, &b"b"[..]));
    assert_eq!(again[2], v4::Packet::PubRel(v4::PubRel::new(c)));
    let v4::Packet::Publish(p) = &again[1] else {
        unreachable!()
    };
    assert_eq!(p.qos, mqttbytes::QoS::ExactlyOnce);

    // Nothing is lost with the next link either, and acks still complete each one.
    let again = relink(&mut session, 2_000, true);
    assert_eq!(again.len(), 3);
    session.handle_bytes(&puback(a), 2_010).unwrap();
    session.handle_bytes(&pubrec(b), 2_011).unwrap();
    session.handle_bytes(&pubcomp(c), 2_012).unwrap();
    session.handle_bytes(&pubcomp(b), 2_013).unwrap();
    let done: Vec<Event> = events(&mut session)
        .into_iter()
        .filter(|e| !matches!(e, Event::Connected { .. }))
        .collect();
    assert_eq!(
        done,
        [
            Event::PubAck { packet_id: d },
            Event::PubAck { packet_id: a },
            Event::PubComp { packet_id: c },
            Event::PubComp { packet_id: b },
        ]
    );
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn a_broker_that_lost_the_session_gets_the_subscriptions_and_messages_again() {
    let mut session = persistent();
    let s1 = session
        .subscribe_many(&[("a/#", QoS::AtLeastOnce), ("b", QoS::ExactlyOnce)], 20)
        .unwrap();
    let success = |q: QoS| Code::Success(q.to_wire());
    session
        .handle_bytes(
            &suback(s1, vec![success(QoS::AtLeastOnce), Code::Failure]),
            21,
        )
        .unwrap();
    session.subscribe("c", QoS::AtMostOnce, 22).unwrap();
    session
        .handle_bytes(&suback(s1 + 1, vec![success(QoS::AtMostOnce)]), 23)
        .unwrap();
    let p = session
        .publish("a/x", b"m", QoS::AtLeastOnce, false, 24)
        .unwrap()
        .unwrap();
    sent(&mut session);
    events(&mut session);
    assert_eq!(
        session.subscriptions().collect::<Vec<_>>(),
        [("a/#", QoS::AtLeastOnce), ("c", QoS::AtMostOnce)],
        "the refused filter is not remembered"
    );

    let again = relink(&mut session, 1_000, false);
    assert_eq!(again.len(), 3, "{again:?}");
    let mut restore_ids = Vec::new();
    for (packet, filter) in again[..2].iter().zip(["a/#", "c"]) {
        let v4::Packet::Subscribe(sub) = packet else {
            panic!("{packet:?}")
        };
        assert_eq!(sub.filters.len(), 1);
        assert_eq!(sub.filters[0].path, filter);
        assert_ne!(sub.pkid, p, "never the id of a publish in flight");
        restore_ids.push(sub.pkid);
    }
    assert_eq!(publish_of(&again[2]), (p, true, &b"m"[..]));
    session
        .handle_bytes(
            &suback(restore_ids[0], vec![success(QoS::AtLeastOnce)]),
            1_010,
        )
        .unwrap();
    session
        .handle_bytes(&suback(restore_ids[1], vec![Code::Failure]), 1_011)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [
            Event::Connected {
                session_present: false
            },
            Event::Resubscribed {
                filter: "a/#".into(),
                outcome: SubscribeOutcome::Granted(QoS::AtLeastOnce)
            },
            Event::Resubscribed {
                filter: "c".into(),
                outcome: SubscribeOutcome::Refused(crate::mqtt::ReasonCode::UnspecifiedError)
            },
        ]
    );
    assert_eq!(
        session.subscriptions().collect::<Vec<_>>(),
        [("a/#", QoS::AtLeastOnce)]
    );

    // With the session kept, the broker still has the subscriptions: nothing is repeated.
    session.handle_bytes(&puback(p), 1_020).unwrap();
    assert_eq!(relink(&mut session, 2_000, true), []);
}

#[test]
fn unanswered_requests_keep_their_ids_and_are_not_doubled() {
    let mut session = persistent();
    let sub = session.subscribe("x", QoS::AtLeastOnce, 20).unwrap();
    let unsub = session.unsubscribe("y", 21).unwrap();
    sent(&mut session);
    let again = relink(&mut session, 1_000, false);
    // "x" is pending from the user's own SUBSCRIBE, so no automatic one is added for it.
    assert_eq!(again.len(), 2, "{again:?}");
    assert!(matches!(&again[0], v4::Packet::Subscribe(s) if s.pkid == sub));
    assert!(matches!(&again[1], v4::Packet::Unsubscribe(u) if u.pkid == unsub));
    session
        .handle_bytes(
            &suback(sub, vec![Code::Success(mqttbytes::QoS::AtLeastOnce)]),
            1_010,
        )
        .unwrap();
    session.handle_bytes(&unsuback(unsub), 1_011).unwrap();
    let got = events(&mut session);
    assert_eq!(
        got[1..],
        [
            Event::SubAck {
                packet_id: sub,
                outcomes: vec![SubscribeOutcome::Granted(QoS::AtLeastOnce)]
            },
            Event::UnsubAck {
                packet_id: unsub,
                reasons: vec![]
            },
        ]
    );
}

#[test]
fn an_unanswered_resubscription_is_replaced_not_repeated() {
    let mut session = persistent();
    let id = session.subscribe("x", QoS::AtMostOnce, 20).unwrap();
    session
        .handle_bytes(
            &suback(id, vec![Code::Success(mqttbytes::QoS::AtMostOnce)]),
            21,
        )
        .unwrap();
    assert_eq!(relink(&mut session, 1_000, false).len(), 1);
    let again = relink(&mut session, 2_000, false);
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(session.inflight_count(), 1);
    // Kept session: the unanswered resubscription goes again as it was.
    let again = relink(&mut session, 3_000, true);
    assert_eq!(again.len(), 1, "{again:?}");
}

#[test]
fn incoming_qos2_stays_exactly_once_across_links_only_while_the_broker_keeps_the_session() {
    let mut session = persistent();
    let first = publish("q", QoS::ExactlyOnce, 9, b"once");
    let mut redelivered = first.clone();
    redelivered[0] |= 0b1000;
    session.handle_bytes(&first, 20).unwrap();
    assert_eq!(events(&mut session).len(), 1);
    relink(&mut session, 1_000, true);
    session.handle_bytes(&redelivered, 1_010).unwrap();
    assert_eq!(
        events(&mut session),
        [Event::Connected {
            session_present: true
        }],
        "the broker's redelivery after reconnect is not delivered twice"
    );
    assert_eq!(sent(&mut session), [v4::Packet::PubRec(v4::PubRec::new(9))]);
    // A broker that lost its session may reuse id 9 for a new message.
    relink(&mut session, 2_000, false);
    session.handle_bytes(&first, 2_010).unwrap();
    assert_eq!(events(&mut session).len(), 2);
}

#[test]
fn clean_session_links_resend_too_and_a_false_session_present_is_not_believed() {
    let mut session = connected();
    let s = session.subscribe("s", QoS::AtMostOnce, 20).unwrap();
    session
        .handle_bytes(
            &suback(s, vec![Code::Success(mqttbytes::QoS::AtMostOnce)]),
            21,
        )
        .unwrap();
    let p = session
        .publish("t", b"1", QoS::AtLeastOnce, false, 22)
        .unwrap()
        .unwrap();
    sent(&mut session);
    // session present = 1 after a clean-session CONNECT breaks [MQTT-3.2.2-1]: the broker has
    // no session, whatever it says.
    let again = relink(&mut session, 1_000, true);
    assert!(matches!(&again[0], v4::Packet::Subscribe(_)), "{again:?}");
    assert_eq!(publish_of(&again[1]), (p, true, &b"1"[..]));
    assert_eq!(session.state(), SessionState::Connected);
}

#[test]
fn queued_publishes_go_out_after_the_resends_without_dup() {
    let mut session = persistent();
    session.set_max_inflight(2);
    let ids: Vec<u16> = (0..4u8)
        .map(|i| {
            session
                .publish("t", &[i], QoS::AtLeastOnce, false, 20)
                .unwrap()
                .unwrap()
        })
        .collect();
    assert_eq!(sent(&mut session).len(), 2);
    assert_eq!(session.queued_count(), 2);
    let again = relink(&mut session, 1_000, true);
    let got: Vec<_> = again.iter().map(publish_of).collect();
    assert_eq!(
        got,
        [(ids[0], true, &[0u8][..]), (ids[1], true, &[1u8][..])]
    );
    session.handle_bytes(&puback(ids[1]), 1_010).unwrap();
    let next: Vec<_> = sent(&mut session);
    assert_eq!(publish_of(&next[0]), (ids[2], false, &[2u8][..]));
    session.handle_bytes(&puback(ids[0]), 1_011).unwrap();
    assert_eq!(
        publish_of(&sent(&mut session)[0]),
        (ids[3], false, &[3u8][..])
    );
}

#[test]
fn half_received_bytes_of_the_old_link_are_dropped() {
    let mut session = persistent();
    let half = publish("t", QoS::AtMostOnce, 0, b"half");
    session.handle_bytes(&half[..4], 20).unwrap();
    relink(&mut session, 1_000, true);
    session.handle_bytes(&pingresp(), 1_010).unwrap();
    assert_eq!(session.state(), SessionState::Connected);
}

#[test]
fn start_resumes_after_a_loss_but_not_after_disconnect() {
    let mut session = persistent();
    session.connection_lost();
    assert_eq!(session.close_reason(), Some(&CloseReason::LinkLost));
    session.start(100);
    assert_eq!(session.state(), SessionState::AwaitingConnAck);
    assert_eq!(session.close_reason(), None);
    // A transport error while waiting for CONNACK, then the old socket's close event.
    let err = session.handle_bytes(&[0x00, 0x00], 110).unwrap_err();
    session.connection_lost();
    assert_eq!(session.close_reason(), Some(&CloseReason::Failed(err)));
    session.start(200);
    assert_eq!(session.state(), SessionState::AwaitingConnAck);
    assert!(matches!(&sent(&mut session)[..], [v4::Packet::Connect(_)]));
    session.disconnect();
    assert_eq!(session.close_reason(), Some(&CloseReason::Disconnected));
    session.start(300);
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(sent(&mut session), [v4::Packet::Disconnect]);
}

#[test]
fn publishing_between_links_is_refused() {
    let mut session = persistent();
    session.connection_lost();
    assert_eq!(
        session.publish("t", b"", QoS::AtLeastOnce, false, 30),
        Err(MqttError::NotConnected)
    );
    session.start(40);
    assert_eq!(
        session.publish("t", b"", QoS::AtLeastOnce, false, 41),
        Err(MqttError::NotConnected),
        "not before CONNACK either"
    );
}
