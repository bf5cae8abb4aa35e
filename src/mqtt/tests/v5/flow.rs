//! Flow control both ways, session resumption, limits on what we accept, half-open links.

use mqttbytes::v5;

use super::*;
use crate::mqtt::tests::T;
use crate::mqtt::{ConnectProperties, Event, Millis, MqttError, QoS};

fn with(properties: ConnectProperties) -> ConnectOptions {
    ConnectOptions {
        properties,
        ..options_v5()
    }
}

#[test]
fn our_receive_maximum_bounds_qos2_messages_awaiting_release() {
    let mut session = connected5_with(
        with(ConnectProperties {
            receive_maximum: Some(2),
            ..Default::default()
        }),
        Props::new(),
    );
    for id in [1, 2] {
        session
            .handle_bytes(&wire::publish("t", 2, id, Props::new(), b""), 20)
            .unwrap();
    }
    // QoS 1 is acknowledged at once, so it never counts against the maximum.
    for id in [3, 4, 5] {
        session
            .handle_bytes(&wire::publish("t", 1, id, Props::new(), b""), 20)
            .unwrap();
    }
    // A redelivery of one already held is fine.
    let mut dup = wire::publish("t", 2, 2, Props::new(), b"");
    dup[0] |= 0b1000;
    session.handle_bytes(&dup, 20).unwrap();
    sent5(&mut session);
    assert_eq!(
        session.handle_bytes(&wire::publish("t", 2, 6, Props::new(), b""), 30),
        Err(MqttError::ReceiveMaximumExceeded { maximum: 2 })
    );
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x93]]);

    // Released ones make room again.
    let mut session = connected5_with(
        with(ConnectProperties {
            receive_maximum: Some(1),
            ..Default::default()
        }),
        Props::new(),
    );
    session
        .handle_bytes(&wire::publish("t", 2, 1, Props::new(), b""), 20)
        .unwrap();
    session
        .handle_bytes(&wire::ack(0x62, 1, None, None), 20)
        .unwrap();
    session
        .handle_bytes(&wire::publish("t", 2, 2, Props::new(), b""), 20)
        .unwrap();
}

#[test]
fn the_servers_receive_maximum_holds_on_each_link() {
    let mut session = connected5(Props::new().two(0x21, 1));
    for n in 0..3u8 {
        session
            .publish("t", &[n], QoS::AtLeastOnce, false, 20)
            .unwrap();
    }
    assert_eq!(sent5(&mut session).len(), 1);
    assert_eq!(session.queued_count(), 2);
    // A new link whose server allows more: the unacknowledged one is resent, and the queue
    // drains within the new maximum.
    session.connection_lost();
    session.start(1_000);
    sent5(&mut session);
    session
        .handle_bytes(&wire::connack(false, 0, Props::new().two(0x21, 2)), 1_005)
        .unwrap();
    let resent: Vec<(u16, bool)> = sent5(&mut session)
        .into_iter()
        .filter_map(|p| match p {
            v5::Packet::Publish(p) => Some((p.pkid, p.dup)),
            _ => None,
        })
        .collect();
    assert_eq!(resent, [(1, true), (2, false)]);
    assert_eq!(session.queued_count(), 1);
}

#[test]
fn a_session_resumes_with_its_expiry_and_resends_with_dup() {
    let mut session = connected5_with(
        ConnectOptions {
            clean_session: false,
            properties: ConnectProperties {
                session_expiry_secs: 3_600,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new().four(0x11, 600),
    );
    assert_eq!(session.server_capabilities().session_expiry_secs, Some(600));
    let sub = session.subscribe("s/#", QoS::AtLeastOnce, 20).unwrap();
    let q1 = session
        .publish("p", b"1", QoS::AtLeastOnce, false, 20)
        .unwrap()
        .unwrap();
    let q2 = session
        .publish("p", b"2", QoS::ExactlyOnce, false, 20)
        .unwrap()
        .unwrap();
    sent5(&mut session);
    session.handle_bytes(&wire::suback(sub, &[1]), 30).unwrap();
    session
        .handle_bytes(&wire::ack(0x50, q2, None, None), 30)
        .unwrap();
    sent5(&mut session);
    events(&mut session);

    session.connection_lost();
    session.start(5 * T);
    let [v5::Packet::Connect(c)] = &sent5(&mut session)[..] else {
        panic!("CONNECT");
    };
    assert!(!c.clean_session, "Clean Start off");
    assert_eq!(
        c.properties
            .as_ref()
            .and_then(|p| p.session_expiry_interval),
        Some(3_600)
    );
    session
        .handle_bytes(&wire::connack(true, 0, Props::new()), 5 * T + 5)
        .unwrap();
    assert_eq!(
        events(&mut session),
        [Event::Connected {
            session_present: true
        }]
    );
    let resent = sent5(&mut session);
    assert!(
        matches!(&resent[..], [v5::Packet::Publish(p), v5::Packet::PubRel(r)]
            if p.pkid == q1 && p.dup && r.pkid == q2),
        "{resent:?}"
    );
}

#[test]
fn a_packet_above_our_maximum_is_refused_with_0x95() {
    let mut session = connected5_with(
        with(ConnectProperties {
            maximum_packet_size: Some(32),
            ..Default::default()
        }),
        Props::new(),
    );
    assert_eq!(
        session.handle_bytes(&wire::publish("t", 0, 0, Props::new(), &[0; 40]), 20),
        Err(MqttError::IncomingPacketTooLarge { size: 46, max: 32 })
    );
    assert_eq!(frames(&mut session), [vec![0xE0, 0x01, 0x95]]);
}

#[test]
fn a_half_open_link_shows_within_one_and_a_quarter_of_the_servers_keep_alive() {
    // We ask for 60 s, the server imposes 8 s.
    let mut session = connected5(Props::new().two(0x13, 8));
    let k: Millis = 8 * T;
    let last_received = 10;
    let mut now = 10;
    let failed_at = loop {
        let t = session.poll_timeout().expect("a timer");
        now = t.max(now);
        if session.handle_timeout(now).is_err() {
            break now;
        }
        sent5(&mut session);
    };
    assert!(failed_at <= last_received + k + k / 4, "{failed_at}");
    assert_eq!(failed_at, 6 * T + 4 * T, "ping at 6 s, no answer by 10 s");
    // Each new link starts from our own keepalive again.
    session.start(20 * T);
    sent5(&mut session);
    session
        .handle_bytes(&wire::connack(false, 0, Props::new()), 20 * T)
        .unwrap();
    assert_eq!(session.poll_timeout(), Some(20 * T + 45 * T));
}

#[test]
fn an_assigned_client_id_is_kept_for_the_next_links() {
    let mut session = connected5_with(
        ConnectOptions {
            client_id: String::new(),
            clean_session: false,
            properties: ConnectProperties {
                session_expiry_secs: 600,
                ..Default::default()
            },
            ..options_v5()
        },
        Props::new().str(0x12, "auto-42"),
    );
    assert_eq!(
        session
            .server_capabilities()
            .assigned_client_identifier
            .as_deref(),
        Some("auto-42")
    );
    session.connection_lost();
    session.start(T);
    let [v5::Packet::Connect(c)] = &sent5(&mut session)[..] else {
        panic!("CONNECT");
    };
    assert_eq!(c.client_id, "auto-42");
    assert_eq!(
        session.options().client_id,
        "",
        "the user's choice is unchanged"
    );
}
