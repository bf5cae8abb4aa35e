//! Every reason code path: acks, UNSUBACK, the server's DISCONNECT and ours.

use mqttbytes::v5;

use super::*;
use crate::mqtt::{
    should_reconnect, CloseReason, Event, MqttError, QoS, ReasonCode, ReasonPacket, UserProperty,
};

fn ack_reason(
    packet: ReasonPacket,
    packet_id: u16,
    reason: ReasonCode,
    reason_string: Option<&str>,
) -> Event {
    Event::AckReason {
        packet_id,
        packet,
        reason,
        reason_string: reason_string.map(String::from),
        user_properties: vec![],
    }
}

#[test]
fn a_puback_error_ends_the_publish_and_frees_its_slot() {
    let mut session = connected5(Props::new().two(0x21, 1));
    let first = session
        .publish("t", b"1", QoS::AtLeastOnce, false, 20)
        .unwrap()
        .unwrap();
    let second = session
        .publish("t", b"2", QoS::AtLeastOnce, false, 20)
        .unwrap()
        .unwrap();
    assert_eq!(sent5(&mut session).len(), 1, "receive maximum 1");
    let props = Props::new().str(0x1F, "not yours").user("rule", "acl-3");
    session
        .handle_bytes(&wire::ack(0x40, first, Some(0x87), Some(props)), 30)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [Event::AckReason {
            packet_id: first,
            packet: ReasonPacket::PubAck,
            reason: ReasonCode::NotAuthorized,
            reason_string: Some("not yours".into()),
            user_properties: vec![UserProperty::new("rule", "acl-3")],
        }],
        "no PubAck for a refused publish"
    );
    assert!(matches!(&sent5(&mut session)[..], [v5::Packet::Publish(p)] if p.pkid == second));
    // A success with a reason string is reported, then acknowledged as usual.
    session
        .handle_bytes(&wire::ack(0x40, second, Some(0x10), None), 40)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [
            ack_reason(
                ReasonPacket::PubAck,
                second,
                ReasonCode::NoMatchingSubscribers,
                None
            ),
            Event::PubAck { packet_id: second }
        ]
    );
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn a_pubrec_error_means_no_pubrel() {
    let mut session = connected5(Props::new());
    let id = session
        .publish("t", b"", QoS::ExactlyOnce, false, 20)
        .unwrap()
        .unwrap();
    sent5(&mut session);
    session
        .handle_bytes(&wire::ack(0x50, id, Some(0x97), None), 30)
        .unwrap();
    assert!(sent5(&mut session).is_empty(), "no PUBREL");
    assert_eq!(
        events(&mut session),
        [ack_reason(
            ReasonPacket::PubRec,
            id,
            ReasonCode::QuotaExceeded,
            None
        )]
    );
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn pubrec_with_a_reason_string_then_pubcomp_not_found() {
    let mut session = connected5(Props::new());
    let id = session
        .publish("t", b"", QoS::ExactlyOnce, false, 20)
        .unwrap()
        .unwrap();
    sent5(&mut session);
    session
        .handle_bytes(
            &wire::ack(0x50, id, Some(0), Some(Props::new().str(0x1F, "ok"))),
            30,
        )
        .unwrap();
    assert!(matches!(&sent5(&mut session)[..], [v5::Packet::PubRel(r)] if r.pkid == id));
    session
        .handle_bytes(&wire::ack(0x70, id, Some(0x92), None), 40)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [
            ack_reason(ReasonPacket::PubRec, id, ReasonCode::Success, Some("ok")),
            ack_reason(
                ReasonPacket::PubComp,
                id,
                ReasonCode::PacketIdentifierNotFound,
                None
            ),
        ]
    );
    assert_eq!(session.inflight_count(), 0);
}

#[test]
fn pubrel_not_found_is_answered_and_reported() {
    let mut session = connected5(Props::new());
    session
        .handle_bytes(&wire::ack(0x62, 9, Some(0x92), None), 20)
        .unwrap();
    assert_eq!(frames(&mut session), [vec![0x70, 0x03, 0x00, 0x09, 0x92]]);
    assert_eq!(
        events(&mut session),
        [ack_reason(
            ReasonPacket::PubRel,
            9,
            ReasonCode::PacketIdentifierNotFound,
            None
        )]
    );
    // A plain PUBREL for a message we hold gets a plain PUBCOMP.
    session
        .handle_bytes(&wire::publish("in", 2, 10, Props::new(), b""), 30)
        .unwrap();
    sent5(&mut session);
    session
        .handle_bytes(&wire::ack(0x62, 10, None, None), 40)
        .unwrap();
    assert_eq!(frames(&mut session), [vec![0x70, 0x02, 0x00, 0x0A]]);
}

#[test]
fn unsuback_reasons_per_filter() {
    let mut session = connected5(Props::new());
    let id = session.unsubscribe("a", 20).unwrap();
    sent5(&mut session);
    session
        .handle_bytes(&wire::unsuback(id, &[0x11]), 30)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [Event::UnsubAck {
            packet_id: id,
            reasons: vec![ReasonCode::NoSubscriptionExisted]
        }]
    );
}

#[test]
fn a_server_disconnect_closes_with_its_reason() {
    let mut session = connected5(Props::new());
    session
        .handle_bytes(
            &wire::disconnect(0x8E, Props::new().str(0x1F, "another console took over")),
            20,
        )
        .unwrap();
    assert_eq!(session.state(), SessionState::Closed);
    let reason = session.close_reason().unwrap().clone();
    assert_eq!(
        reason,
        CloseReason::ServerDisconnected {
            reason: ReasonCode::SessionTakenOver,
            reason_string: Some("another console took over".into()),
            server_reference: None,
        }
    );
    assert!(
        !should_reconnect(&reason),
        "two consoles would kick each other forever"
    );
    assert_eq!(
        reason.to_string(),
        "the broker closed the connection with reason code 0x8E: another console took over"
    );
    assert!(frames(&mut session).is_empty(), "nothing is sent back");
    // A server shutting down comes back: that one is retried.
    let mut session = connected5(Props::new());
    session.set_reconnect_policy(Some(crate::mqtt::ReconnectPolicy::default()));
    session.handle_bytes(&[0xE0, 0x01, 0x8B], 20).unwrap();
    assert!(session.plan_reconnect(20, 0.0).is_some());
}

#[test]
fn a_disconnect_on_311_is_still_a_protocol_error() {
    let mut session = super::super::connected();
    assert!(matches!(
        session.handle_bytes(&[0xE0, 0x00], 20),
        Err(MqttError::UnexpectedPacket(_))
    ));
}

#[test]
fn our_disconnect_says_why() {
    let mut session = connected5(Props::new());
    session.disconnect_with(ReasonCode::DisconnectWithWillMessage, None);
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x04]]);
    assert_eq!(session.close_reason(), Some(&CloseReason::Disconnected));

    let mut session = connected5(Props::new());
    session.disconnect();
    assert_eq!(frames(&mut session), [vec![0xE0, 0x00]]);

    // A session expiry only where CONNECT asked for one [MQTT-3.14.2-2].
    let mut session = connected5(Props::new());
    session.disconnect_with(ReasonCode::Success, Some(60));
    assert_eq!(frames(&mut session), [vec![0xE0, 0x00]]);
    let mut session = connected5_with(
        ConnectOptions {
            properties: crate::mqtt::ConnectProperties {
                session_expiry_secs: 30,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new(),
    );
    session.disconnect_with(ReasonCode::Success, Some(0));
    assert_eq!(
        frames(&mut session),
        [vec![0xE0, 0x07, 0x00, 0x05, 0x11, 0, 0, 0, 0]]
    );
    // A code a client may not send becomes "unspecified error".
    let mut session = connected5(Props::new());
    session.disconnect_with(ReasonCode::SessionTakenOver, None);
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x80]]);
    // On 3.1.1 the reason is ignored.
    let mut session = super::super::connected();
    session.disconnect_with(ReasonCode::DisconnectWithWillMessage, Some(5));
    assert_eq!(frames(&mut session), [vec![0xE0, 0x00]]);
}

#[test]
fn protocol_errors_send_a_disconnect_with_their_code() {
    let cases: Vec<(Vec<u8>, u8)> = vec![
        (wire::ack(0x40, 1, Some(0x03), None), 0x81),
        (wire::ack(0x40, 1, Some(0x92), None), 0x82),
        (wire::ack(0x40, 77, None, None), 0x82),
        (
            wire::publish("", 0, 0, Props::new().two(0x23, 1), b""),
            0x94,
        ),
    ];
    for (bytes, code) in cases {
        let mut session = connected5(Props::new());
        assert!(session.handle_bytes(&bytes, 20).is_err());
        assert_eq!(
            frames(&mut session),
            [vec![0xE0, 0x01, code]],
            "{bytes:02x?}"
        );
    }
    // A dead link gets no DISCONNECT.
    let mut session = connected5(Props::new());
    session.handle_timeout(45_000).unwrap();
    frames(&mut session);
    assert_eq!(session.handle_timeout(75_000), Err(MqttError::PingTimeout));
    assert!(frames(&mut session).is_empty());
}
