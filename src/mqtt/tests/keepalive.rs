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
    // CONNECT went out at 0, so the first ping is due at 7.5 s (three quarters of 10 s).
    let mut session = connected_with_keepalive(10);
    assert_eq!(session.poll_timeout(), Some(7_500));
    session.handle_timeout(7_500 - 1).unwrap();
    assert_eq!(session.poll_transmit(), None, "early call is harmless");
    session.handle_timeout(7_500).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PingReq]);
    session.handle_timeout(7_500 + 1).unwrap();
    assert_eq!(session.poll_transmit(), None, "one ping at a time");
    assert_eq!(
        session.poll_timeout(),
        Some(12_500),
        "PINGRESP due within half the interval"
    );

    session.handle_bytes(&pingresp(), 7_500 + 30).unwrap();
    assert_eq!(session.poll_timeout(), Some(15 * T));
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
    assert_eq!(session.poll_timeout(), Some(11_500));
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(session.poll_transmit(), None);
    session.handle_timeout(11_500).unwrap();
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

#[test]
fn keepalive_restarts_with_each_link() {
    let mut session = connected_with_keepalive(10);
    session.connection_lost();
    assert_eq!(session.poll_timeout(), None);
    session.start(100 * T);
    sent(&mut session);
    session
        .handle_bytes(&connack(false, v4::ConnectReturnCode::Success), 100 * T + 5)
        .unwrap();
    // Counted from the new CONNECT, not from anything on the old link.
    assert_eq!(session.poll_timeout(), Some(100 * T + 7_500));
}

mod half_open {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever the traffic before the broker falls silent (we keep publishing, it keeps
        /// sending, pings are answered), the silence is reported as `PingTimeout` no later than
        /// 1.25 × keepalive after the last byte received, and never while the broker answers.
        #[test]
        fn is_detected_within_one_and_a_quarter_keepalives(
            keepalive_secs in 1u16..120,
            traffic in prop::collection::vec((1u64..30_000, any::<bool>()), 0..40),
            we_keep_publishing: bool,
        ) {
            let mut session = connected_with_keepalive(keepalive_secs);
            let k = Millis::from(keepalive_secs) * T;
            let mut now = 10;
            let mut last_received = 10;
            for (gap, from_broker) in traffic {
                let until = now + gap;
                // Timers that fall due before the next packet; pings get their answer.
                while let Some(t) = session.poll_timeout().filter(|t| *t <= until) {
                    now = t;
                    prop_assert_eq!(session.handle_timeout(now), Ok(()));
                    if sent(&mut session).contains(&v4::Packet::PingReq) {
                        session.handle_bytes(&pingresp(), now).unwrap();
                        last_received = now;
                    }
                }
                now = until;
                if from_broker {
                    session.handle_bytes(&publish("in", QoS::AtMostOnce, 0, b""), now).unwrap();
                    last_received = now;
                } else {
                    session.publish("out", b"", QoS::AtMostOnce, false, now).unwrap();
                    sent(&mut session);
                }
            }
            // The link goes half-open: nothing more arrives.
            let failed_at = loop {
                let t = session.poll_timeout().expect("a timer while connected");
                let step = (k / 7).max(1);
                if we_keep_publishing && t > now + step {
                    now += step;
                    session.publish("out", b"", QoS::AtMostOnce, false, now).unwrap();
                    sent(&mut session);
                    continue;
                }
                now = t.max(now);
                if session.handle_timeout(now).is_err() {
                    break now;
                }
                sent(&mut session);
            };
            prop_assert_eq!(session.state(), SessionState::Closed);
            prop_assert!(failed_at <= last_received + k + k / 4,
                "failed at {} > {} + 1.25 × {}", failed_at, last_received, k);
            prop_assert!(failed_at >= last_received + k / 2);
        }
    }
}
