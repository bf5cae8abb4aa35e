//! Strict validation of what the broker sends, where `mqttbytes` alone would let it through:
//! each violation is a typed error that closes the link cleanly, says in plain words what
//! happened, and is not retried (it would only happen again).

use mqttbytes::v4::SubscribeReasonCode as Code;

use super::*;
use crate::mqtt::{CloseReason, MqttError, ReconnectPolicy};

/// A connected session with a reconnect policy and one SUBSCRIBE (id 1, one filter) in flight.
fn session() -> Session {
    let mut session = connected();
    session.set_reconnect_policy(Some(ReconnectPolicy::default()));
    session.set_max_packet_size(1_000);
    assert_eq!(session.subscribe("a/#", QoS::AtLeastOnce, 20), Ok(1));
    sent(&mut session);
    session
}

/// Whether an error is the one a case expects.
type Expect = fn(&MqttError) -> bool;

fn check(name: &str, bytes: &[u8], expected: Expect) {
    let mut session = session();
    let err = session.handle_bytes(bytes, 30).expect_err(name);
    assert!(expected(&err), "{name}: {err:?}");
    assert_eq!(session.state(), SessionState::Closed, "{name}");
    assert_eq!(
        session.poll_transmit(),
        None,
        "{name}: nothing more is sent"
    );
    assert_eq!(events(&mut session), [], "{name}: nothing is delivered");
    assert_eq!(
        session.close_reason(),
        Some(&CloseReason::Failed(err.clone())),
        "{name}"
    );
    session.connection_lost();
    assert_eq!(session.plan_reconnect(40, 0.5), None, "{name}: not retried");
    let text = err.to_string();
    assert!(text.starts_with("the broker "), "{name}: {text}");
    assert!(!text.contains("Error"), "{name}: leaks a Rust name: {text}");
}

#[test]
fn each_violation_is_its_own_typed_error() {
    let malformed = |e: &MqttError| matches!(e, MqttError::MalformedPacket(_));
    let bad_topic = |e: &MqttError| matches!(e, MqttError::InvalidIncomingTopic(_));
    let mut dup_qos0 = publish("t", QoS::AtMostOnce, 0, b"");
    dup_qos0[0] |= 0b1000;
    let mut retained_wildcard = publish("a/+/c", QoS::AtLeastOnce, 3, b"r");
    retained_wildcard[0] |= 0b0001;
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "wildcard topic",
            publish("a/#", QoS::AtMostOnce, 0, b""),
            bad_topic,
        ),
        ("retained wildcard topic", retained_wildcard, bad_topic),
        (
            "NUL in topic",
            publish("a\0b", QoS::AtLeastOnce, 4, b""),
            bad_topic,
        ),
        ("QoS 0 with DUP", dup_qos0, malformed),
        (
            "QoS 3",
            vec![0x36, 0x05, 0x00, 0x01, b't', 0x00, 0x01],
            malformed,
        ),
        ("PUBACK with flags", vec![0x42, 0x02, 0x00, 0x01], malformed),
        (
            "PUBREL without 0010",
            vec![0x60, 0x02, 0x00, 0x01],
            malformed,
        ),
        (
            "SUBACK with flags",
            vec![0x91, 0x03, 0x00, 0x01, 0x01],
            malformed,
        ),
        ("PINGRESP with flags", vec![0xD1, 0x00], malformed),
        (
            "CONNACK too long",
            vec![0x20, 0x03, 0x00, 0x00, 0x00],
            malformed,
        ),
        ("PUBACK too short", vec![0x40, 0x01, 0x00], malformed),
        (
            "SUBACK without codes",
            vec![0x90, 0x02, 0x00, 0x01],
            malformed,
        ),
        (
            "five-byte length",
            vec![0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            malformed,
        ),
        ("reserved type 15", vec![0xF0, 0x00], malformed),
        (
            "SUBACK with two codes for one filter",
            suback(1, vec![Code::Success(mqttbytes::QoS::AtMostOnce); 2]),
            |e| {
                *e == MqttError::SubAckCountMismatch {
                    packet_id: 1,
                    expected: 1,
                    got: 2,
                }
            },
        ),
        (
            "over the maximum size",
            publish("t", QoS::AtMostOnce, 0, &[0; 1_000]),
            |e| matches!(e, MqttError::IncomingPacketTooLarge { max: 1_000, .. }),
        ),
        (
            "CONNACK twice",
            connack(false, mqttbytes::v4::ConnectReturnCode::Success),
            |e| *e == MqttError::UnexpectedConnAck,
        ),
        (
            "SUBSCRIBE from the broker",
            vec![0x82, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', 0x00],
            |e| matches!(e, MqttError::UnexpectedPacket(_)),
        ),
        ("PUBACK for an id not in flight", puback(9), |e| {
            matches!(e, MqttError::UnknownPacketId { packet_id: 9, .. })
        }),
    ];
    for (name, bytes, expected) in cases {
        check(name, &bytes, expected);
    }
}

#[test]
fn a_bad_packet_behind_good_ones_still_closes_after_them() {
    let mut session = session();
    let mut frame = publish("ok", QoS::AtLeastOnce, 5, b"1");
    frame.extend(publish("bad/#", QoS::AtMostOnce, 0, b"2"));
    frame.extend(publish("never", QoS::AtMostOnce, 0, b"3"));
    assert!(session.handle_bytes(&frame, 30).is_err());
    let got = events(&mut session);
    assert_eq!(
        got.len(),
        1,
        "only what came before the bad packet: {got:?}"
    );
    assert_eq!(
        session.poll_transmit(),
        None,
        "the PUBACK of a failed link is dropped"
    );
}
