//! When a session plans its next link, on a simulated clock.

use mqttbytes::v4::{self, ConnectReturnCode};

use super::*;
use crate::mqtt::{CloseReason, MqttError, ReconnectPolicy};

fn policy() -> ReconnectPolicy {
    ReconnectPolicy {
        initial_delay_ms: 1_000,
        max_delay_ms: 8_000,
        multiplier: 2.0,
        jitter: 0.5,
    }
}

fn retrying() -> Session {
    let mut session = connected();
    session.set_reconnect_policy(Some(policy()));
    session
}

#[test]
fn no_policy_means_no_plan() {
    let mut session = connected();
    session.connection_lost();
    assert_eq!(session.plan_reconnect(100, 0.5), None);
    assert_eq!(session.poll_reconnect(), None);
    assert_eq!(session.close_reason(), Some(&CloseReason::LinkLost));
}

#[test]
fn nothing_is_planned_while_a_link_is_up() {
    let mut session = retrying();
    assert_eq!(session.plan_reconnect(100, 0.0), None);
}

#[test]
fn repeated_failures_back_off_with_jitter_up_to_the_cap() {
    let mut session = retrying();
    session.connection_lost();
    let mut now = 50;
    let mut waits = Vec::new();
    for _ in 0..6 {
        let at = session.plan_reconnect(now, 0.0).unwrap();
        assert_eq!(session.poll_reconnect(), Some(at));
        assert_eq!(session.plan_reconnect(now + 1, 0.9), Some(at), "stable");
        waits.push(at - now);
        // The attempt: a transport opens, CONNECT goes, CONNACK never comes.
        now = at;
        session.start(now);
        assert_eq!(session.poll_reconnect(), None);
        sent(&mut session);
        let deadline = session.poll_timeout().unwrap();
        now = deadline;
        assert_eq!(session.handle_timeout(now), Err(MqttError::ConnAckTimeout));
    }
    assert_eq!(waits, [1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    assert_eq!(session.reconnect_attempt(), 6);
    // Jitter shortens by at most half.
    assert_eq!(session.plan_reconnect(now, 1.0), Some(now + 4_000));
}

#[test]
fn a_transport_that_fails_to_open_counts_as_a_failed_attempt() {
    let mut session = retrying();
    session.connection_lost();
    let first = session.plan_reconnect(0, 0.0).unwrap();
    // At `first` the socket does not even open: no start, only connection_lost.
    session.connection_lost();
    let second = session.plan_reconnect(first, 0.0).unwrap();
    assert_eq!(second - first, 2_000);
}

#[test]
fn a_stable_link_starts_the_backoff_again() {
    let mut session = retrying();
    session.connection_lost();
    let at = session.plan_reconnect(0, 0.0).unwrap();
    session.start(at);
    sent(&mut session);
    session
        .handle_bytes(&connack(false, ConnectReturnCode::Success), at + 10)
        .unwrap();
    session.connection_lost();
    // Up for only 500 ms: keep backing off.
    assert_eq!(
        session.plan_reconnect(at + 510, 0.0),
        Some(at + 510 + 2_000)
    );
    let at = at + 2_510;
    session.start(at);
    sent(&mut session);
    session
        .handle_bytes(&connack(false, ConnectReturnCode::Success), at)
        .unwrap();
    session.connection_lost();
    assert_eq!(session.plan_reconnect(at + 8_000, 0.0), Some(at + 9_000));
}

#[test]
fn refusals_that_will_not_change_are_shown_not_retried() {
    for code in [1u8, 2, 3, 4, 5] {
        let mut session = Session::new(options()).unwrap();
        session.set_reconnect_policy(Some(policy()));
        session.start(0);
        sent(&mut session);
        let bytes = [0x20, 0x02, 0x00, code];
        session.handle_bytes(&bytes, 10).unwrap();
        assert_eq!(events(&mut session), [Event::Refused { code }]);
        session.connection_lost();
        assert_eq!(session.close_reason(), Some(&CloseReason::Refused { code }));
        let plan = session.plan_reconnect(20, 0.0);
        if code == 3 {
            assert_eq!(plan, Some(1_020), "server unavailable may pass");
        } else {
            assert_eq!(plan, None, "code {code}");
            let reason = session.close_reason().unwrap().to_string();
            assert!(
                reason.starts_with("the broker refused the connection: "),
                "{reason}"
            );
        }
    }
}

#[test]
fn a_broker_that_breaks_the_protocol_is_not_retried() {
    let mut session = retrying();
    // A retained message with a wildcard topic would come back on every resubscription.
    let err = session
        .handle_bytes(&publish("a/#", QoS::AtMostOnce, 0, b"bad"), 20)
        .unwrap_err();
    assert!(matches!(err, MqttError::InvalidIncomingTopic(_)));
    session.connection_lost();
    assert_eq!(session.plan_reconnect(30, 0.0), None);
    assert_eq!(
        session.close_reason().map(ToString::to_string),
        Some(err.to_string())
    );
    assert_eq!(session.poll_transmit(), None);
}

#[test]
fn a_dead_link_is_retried() {
    let mut session = connected_with(ConnectOptions {
        keepalive_secs: 10,
        ..options()
    });
    session.set_reconnect_policy(Some(policy()));
    session.handle_timeout(10 * T).unwrap();
    assert_eq!(sent(&mut session), [v4::Packet::PingReq]);
    assert_eq!(session.handle_timeout(15 * T), Err(MqttError::PingTimeout));
    assert_eq!(session.plan_reconnect(15 * T, 0.0), Some(16 * T));
}

#[test]
fn disconnect_cancels_a_planned_reconnect() {
    let mut session = retrying();
    session.connection_lost();
    assert!(session.plan_reconnect(0, 0.0).is_some());
    session.disconnect();
    assert_eq!(session.poll_reconnect(), None);
    assert_eq!(session.plan_reconnect(10, 0.0), None);
    assert_eq!(session.poll_transmit(), None, "no link, no DISCONNECT");
}

#[test]
fn turning_the_policy_off_drops_the_plan() {
    let mut session = retrying();
    session.connection_lost();
    assert!(session.plan_reconnect(0, 0.0).is_some());
    session.set_reconnect_policy(None);
    assert_eq!(session.poll_reconnect(), None);
    assert_eq!(session.plan_reconnect(10, 0.0), None);
}
