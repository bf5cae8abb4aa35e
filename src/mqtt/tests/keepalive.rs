use mqttbytes::v4;

use super::*;
use crate::mqtt::MqttError;

fn connected_with_keepalive(secs: u16) -> Session {
    connected_with(ConnectOptions {
        keepalive_secs: secs,
        ..options()
    })
}

#[test]
fn pingreq_after_keepalive_without_sending() {
    // CONNECT went out at 0, so the first ping is due at 10 s.
    let mut session = connected_with_keepalive(10);
    assert_eq!(session.poll_timeout(), Some(10 * T));
    session.handle_timeout(10 * T - 1).unwrap();
    assert_eq!(session.poll_transmit(), None, "early call is harmless");
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PingReq]);
    session.handle_timeout(10 * T + 1).unwrap();
    assert_eq!(session.poll_transmit(), None, "one ping at a time");
    assert_eq!(
        session.poll_timeout(),
        Some(15 * T),
        "PINGRESP due within half the interval"
    );

    session.handle_bytes(&pingresp(), 10 * T + 30).unwrap();
    assert_eq!(session.poll_timeout(), Some(20 * T));
    assert_eq!(session.state(), SessionState::Connected);
}

#[test]
fn sending_postpones_the_ping_while_the_broker_talks() {
    let mut session = connected_with_keepalive(10);
    session
        .publish("t", b"", QoS::AtMostOnce, false, 4 * T)
        .unwrap();
    sent(&mut session);
    session
        .handle_bytes(&publish("in", QoS::AtMostOnce, 0, b""), 6 * T)
        .unwrap();
    assert_eq!(session.poll_timeout(), Some(14 * T));
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(session.poll_transmit(), None);
    session.handle_timeout(14 * T).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PingReq]);
}

#[test]
fn a_silent_broker_is_pinged_even_while_we_publish() {
    let mut session = connected_with_keepalive(10);
    for s in 1..=12 {
        session
            .publish("t", b"", QoS::AtMostOnce, false, s * T)
            .unwrap();
        session.handle_timeout(s * T).unwrap();
    }
    let pings = sent(&mut session)
        .into_iter()
        .filter(|p| *p == v4::Packet::PingReq)
        .count();
    assert_eq!(pings, 1, "the CONNACK at 10 ms was the last thing heard");
}

#[test]
fn ping_timeout_when_no_pingresp() {
    let mut session = connected_with_keepalive(10);
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PingReq]);
    assert_eq!(session.handle_timeout(15 * T - 1), Ok(()));
    assert_eq!(session.handle_timeout(15 * T), Err(MqttError::PingTimeout));
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(session.poll_timeout(), None);
    assert_eq!(
        session.handle_timeout(16 * T),
        Ok(()),
        "a closed session has no timers"
    );
}

#[test]
fn custom_pingresp_timeout() {
    let mut session = connected_with_keepalive(10);
    session.set_pingresp_timeout(2 * T);
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(session.poll_timeout(), Some(12 * T));
    assert_eq!(session.handle_timeout(12 * T), Err(MqttError::PingTimeout));
}

#[test]
fn keepalive_zero_means_no_pings() {
    let mut session = connected_with_keepalive(0);
    assert_eq!(session.poll_timeout(), None);
    session.handle_timeout(u64::MAX).unwrap();
    assert_eq!(session.poll_transmit(), None);
}
