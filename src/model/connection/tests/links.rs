//! Links: connecting, refusals, losses and reconnects, timers, stale events.

use super::*;

#[test]
fn connect_then_connack_is_connected() {
    let mut m = Lifecycle::new();
    m.connect(plan(true), at(0));
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::StartTicking));
    assert_eq!(
        actions.last(),
        Some(&Action::Open {
            link: LinkId(1),
            url: URL.into()
        })
    );
    assert_eq!(m.status(), Status::Connecting);
    assert_eq!(m.device(), Some(&("pk".to_string(), "dn".to_string())));

    m.handle_open(LinkId(1), at(1));
    assert!(matches!(
        packets(&drain(&mut m), LinkId(1))[..],
        [v4::Packet::Connect(_)]
    ));
    m.handle_bytes(
        LinkId(1),
        &connack(false, v4::ConnectReturnCode::Success),
        at(2),
    );
    let actions = drain(&mut m);
    let connected = actions.iter().position(|a| *a == Action::Connected);
    let status = actions
        .iter()
        .position(|a| *a == Action::Status(Status::Connected));
    assert!(connected < status, "the device tools hear of it first");
    assert_eq!(errors(&actions), [None]);
    assert_eq!(retries(&actions), [None]);
}

#[test]
fn a_refused_connack_is_shown_and_not_retried() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    // A stable connection first, so only the refusal itself can stop the retry.
    m.handle_closed(link, 1006, String::new(), at(100));
    drain(&mut m);
    let actions = tick_until(&mut m, 100, 1_100);
    let link = opened(&actions).expect("reconnect after a loss");
    m.handle_open(link, at(1_200));
    drain(&mut m);
    m.handle_bytes(
        link,
        &connack(false, v4::ConnectReturnCode::BadUserNamePassword),
        at(1_300),
    );
    let actions = drain(&mut m);
    assert_eq!(
        errors(&actions),
        [Some(ConnectionError::Refused { code: 4 })]
    );
    assert_eq!(retries(&actions), [None]);
    assert!(actions.contains(&Action::Retire));
    assert!(actions.contains(&Action::CloseLink(link)));
    assert_eq!(m.status(), Status::Error);
    assert!(opened(&tick_until(&mut m, 1_300, 60_000)).is_none());
}

#[test]
fn a_first_attempt_that_never_connected_is_not_retried() {
    let mut m = Lifecycle::new();
    m.connect(plan(true), at(0));
    let link = opened(&drain(&mut m)).expect("a link is opened");
    m.handle_closed(link, 1006, String::new(), at(5));
    let actions = drain(&mut m);
    assert_eq!(
        errors(&actions),
        [Some(ConnectionError::Closed(CloseCause::Closed {
            code: 1006,
            reason: String::new(),
        }))]
    );
    assert_eq!(retries(&actions), [None]);
    assert_eq!(actions.last(), Some(&Action::Status(Status::Error)));
    assert!(actions.contains(&Action::Retire));
}

#[test]
fn a_lost_link_reconnects_with_backoff_and_restores_subscriptions() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.subscribe("a/#", QoS::AtLeastOnce, at(10))
        .expect("subscribed");
    let actions = drain(&mut m);
    let v4::Packet::Subscribe(sub) = &packets(&actions, link)[0] else {
        panic!("SUBSCRIBE expected");
    };
    m.handle_bytes(link, &suback(sub.pkid, mqttbytes::QoS::AtLeastOnce), at(20));
    drain(&mut m);
    assert_eq!(m.subscriptions().items()[0].state, SubState::Active(1));

    m.handle_closed(link, 1006, String::new(), at(100));
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::CloseLink(link)));
    assert_eq!(
        retries(&actions),
        [Some(Retry {
            attempt: 1,
            at_ms: 1_000_000 + 1_100,
        })]
    );
    assert_eq!(m.status(), Status::Reconnecting);
    assert_eq!(m.subscriptions().items()[0].state, SubState::Pending);

    // Nothing before the planned time, a new link at it.
    assert!(opened(&tick_until(&mut m, 100, 1_099)).is_none());
    m.handle_tick(at(1_100));
    let actions = drain(&mut m);
    assert_eq!(actions[0], Action::Status(Status::Connecting));
    let second = opened(&actions).expect("a new link");
    assert_ne!(second, link);

    // A fresh session at the broker: the session subscribes again by itself, once.
    m.handle_open(second, at(1_200));
    drain(&mut m);
    m.handle_bytes(
        second,
        &connack(false, v4::ConnectReturnCode::Success),
        at(1_300),
    );
    let sent = packets(&drain(&mut m), second);
    let [v4::Packet::Subscribe(again)] = &sent[..] else {
        panic!("one SUBSCRIBE expected, got {sent:?}");
    };
    assert_eq!(again.filters[0].path, "a/#");
    m.handle_bytes(
        second,
        &suback(again.pkid, mqttbytes::QoS::AtLeastOnce),
        at(1_400),
    );
    drain(&mut m);
    assert_eq!(m.subscriptions().items()[0].state, SubState::Active(1));
}

#[test]
fn a_resumed_session_shows_its_subscriptions_active_at_once() {
    let mut m = Lifecycle::new();
    let mut resumable = plan(true);
    // With a clean session the session takes "session present" as not present.
    resumable.options.clean_session = false;
    m.connect(resumable, at(0));
    let link = opened(&drain(&mut m)).expect("a link");
    m.handle_open(link, at(1));
    m.handle_bytes(link, &connack(false, v4::ConnectReturnCode::Success), at(2));
    drain(&mut m);
    m.subscribe("a", QoS::AtMostOnce, at(10))
        .expect("subscribed");
    let sub = packets(&drain(&mut m), link);
    let v4::Packet::Subscribe(sub) = &sub[0] else {
        panic!("SUBSCRIBE expected");
    };
    m.handle_bytes(link, &suback(sub.pkid, mqttbytes::QoS::AtMostOnce), at(20));
    m.handle_closed(link, 1001, "restart".into(), at(30));
    drain(&mut m);
    let second = opened(&tick_until(&mut m, 30, 1_030)).expect("a new link");
    m.handle_open(second, at(1_100));
    drain(&mut m);
    m.handle_bytes(
        second,
        &connack(true, v4::ConnectReturnCode::Success),
        at(1_200),
    );
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::Subscriptions(SubChange::Restored)));
    assert!(packets(&actions, second).is_empty(), "{actions:?}");
    assert_eq!(m.subscriptions().items()[0].state, SubState::Active(0));
}

#[test]
fn events_of_a_replaced_link_are_ignored() {
    let mut m = Lifecycle::new();
    let old = connected(&mut m, true);
    m.handle_closed(old, 1006, String::new(), at(100));
    drain(&mut m);
    let new = opened(&tick_until(&mut m, 100, 1_100)).expect("a new link");
    m.handle_closed(old, 1000, String::new(), at(1_150));
    m.handle_bytes(old, &pingresp(), at(1_150));
    m.handle_text_frame(old);
    m.handle_send_failed(old, "gone".into(), at(1_150));
    m.handle_open_failed(old, "gone".into());
    assert!(drain(&mut m).is_empty());
    assert_eq!(m.status(), Status::Connecting);
    m.handle_open(new, at(1_200));
    assert!(matches!(
        packets(&drain(&mut m), new)[..],
        [v4::Packet::Connect(_)]
    ));
}

#[test]
fn a_missing_pingresp_closes_the_link_and_plans_a_reconnect() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    // Keepalive 10 s: PINGREQ once 7.5 s passed since CONNECT, PINGRESP due 5 s later.
    let actions = tick_until(&mut m, 250, 7_750);
    assert!(matches!(packets(&actions, link)[..], [v4::Packet::PingReq]));
    let actions = tick_until(&mut m, 8_000, 13_000);
    assert!(actions.contains(&Action::CloseLink(link)));
    assert_eq!(
        errors(&actions),
        [Some(ConnectionError::Failed(MqttError::PingTimeout))]
    );
    assert!(matches!(
        retries(&actions)[..],
        [Some(Retry { attempt: 1, .. })]
    ));
    assert_eq!(m.status(), Status::Reconnecting);
}

#[test]
fn each_deadline_is_told_so_a_half_open_link_is_noticed_on_time() {
    let mut m = Lifecycle::new();
    assert_eq!(m.next_deadline(), None, "no connection, no deadline");
    let link = connected(&mut m, true);
    // CONNECT went at 1 ms; keepalive 10 s: the PINGREQ is due at 7.5 s after it.
    assert_eq!(m.next_deadline(), Some(7_501));
    // The ticker runs meanwhile (a longer gap would read as a paused page); handled exactly
    // at the deadline rather than on the next tick, the PINGRESP deadline follows 5 s later.
    assert!(packets(&tick_until(&mut m, 250, 7_500), link).is_empty());
    m.handle_tick(at(7_501));
    assert!(matches!(
        packets(&drain(&mut m), link)[..],
        [v4::Packet::PingReq]
    ));
    assert_eq!(m.next_deadline(), Some(12_501));
    let actions = tick_until(&mut m, 7_750, 12_500);
    assert!(!actions.contains(&Action::CloseLink(link)));
    m.handle_tick(at(12_501));
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::CloseLink(link)));
    // 1.25 x keepalive after the CONNECT, to the millisecond; then the reconnect's time.
    let retry = m.next_deadline().expect("a planned reconnect");
    assert!(retry > 12_501, "{retry}");
}

#[test]
fn a_paused_page_gives_the_outstanding_ping_another_timeout() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    let actions = tick_until(&mut m, 250, 10_250);
    assert_eq!(packets(&actions, link).len(), 1, "PINGREQ sent");
    // The tab froze for 10 s, past the PINGRESP deadline; its PINGRESP may be queued.
    m.handle_tick(at(20_250));
    let actions = drain(&mut m);
    assert!(!actions.contains(&Action::CloseLink(link)));
    assert_eq!(m.status(), Status::Connected);
    m.handle_bytes(link, &pingresp(), at(20_260));
    drain(&mut m);
    assert_eq!(m.status(), Status::Connected);
}

#[test]
fn a_failed_send_ends_the_link() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.handle_send_failed(link, "socket closed".into(), at(50));
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::CloseLink(link)));
    assert_eq!(
        errors(&actions),
        [Some(ConnectionError::Closed(CloseCause::SendFailed {
            why: "socket closed".into(),
        }))]
    );
    assert_eq!(m.status(), Status::Reconnecting);
}

#[test]
fn a_text_frame_or_a_refused_url_fails_the_connection() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.handle_text_frame(link);
    let actions = drain(&mut m);
    assert_eq!(errors(&actions), [Some(ConnectionError::TextFrame)]);
    assert_eq!(m.status(), Status::Error);

    m.connect(plan(true), at(100));
    let link = opened(&drain(&mut m)).expect("a link");
    m.handle_open_failed(link, "bad URL".into());
    let actions = drain(&mut m);
    assert_eq!(
        errors(&actions),
        [Some(ConnectionError::OpenRefused {
            why: "bad URL".into()
        })]
    );
    assert!(actions.contains(&Action::Retire));
    assert_eq!(m.status(), Status::Error);
}

#[test]
fn two_connections_side_by_side_are_independent() {
    let mut a = Lifecycle::new();
    let mut b = Lifecycle::new();
    let link_a = connected(&mut a, true);
    b.connect(plan(true), at(0));
    let link_b = opened(&drain(&mut b)).expect("a link");
    a.handle_closed(link_a, 1006, String::new(), at(10));
    drain(&mut a);
    assert_eq!(a.status(), Status::Reconnecting);
    assert_eq!(b.status(), Status::Connecting);
    b.handle_open(link_b, at(20));
    assert!(matches!(
        packets(&drain(&mut b), link_b)[..],
        [v4::Packet::Connect(_)]
    ));
}

#[test]
fn an_invalid_plan_fails_before_any_link() {
    let mut m = Lifecycle::new();
    let mut bad = plan(true);
    bad.options.client_id = "\0".into();
    m.connect(bad, at(0));
    let actions = drain(&mut m);
    assert!(opened(&actions).is_none());
    assert!(matches!(
        errors(&actions)[..],
        [Some(ConnectionError::Invalid(_))]
    ));
    assert_eq!(m.status(), Status::Error);
}
