//! What the user asks for: publish, subscribe, unsubscribe, disconnect; and what arrives.

use super::*;

#[test]
fn disconnect_sends_disconnect_and_retires() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.disconnect();
    let actions = drain(&mut m);
    assert!(matches!(
        packets(&actions, link)[..],
        [v4::Packet::Disconnect]
    ));
    let send = actions
        .iter()
        .position(|a| matches!(a, Action::Send { .. }));
    let retire = actions.iter().position(|a| *a == Action::Retire);
    assert!(
        send < retire,
        "DISCONNECT goes out before the link is dropped"
    );
    assert_eq!(errors(&actions), [None]);
    assert_eq!(retries(&actions), [None]);
    assert_eq!(actions.last(), Some(&Action::Status(Status::Disconnected)));
    assert_eq!(m.device(), None);
    assert!(tick_until(&mut m, 0, 60_000).is_empty());
}

#[test]
fn publishing_while_offline_is_refused() {
    let mut m = Lifecycle::new();
    assert_eq!(
        m.publish("t", b"x".to_vec(), QoS::AtMostOnce, false, at(0)),
        Err(RequestError::NotConnected)
    );
    let link = connected(&mut m, true);
    m.handle_closed(link, 1006, String::new(), at(100));
    drain(&mut m);
    assert_eq!(
        m.publish("t", b"x".to_vec(), QoS::AtMostOnce, false, at(200)),
        Err(RequestError::NotConnected)
    );
    assert!(drain(&mut m).is_empty());
}

#[test]
fn a_publish_goes_out_and_is_logged_as_sent() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.publish("t/1", b"hi".to_vec(), QoS::AtMostOnce, true, at(50))
        .expect("published");
    let actions = drain(&mut m);
    assert!(matches!(
        packets(&actions, link)[..],
        [v4::Packet::Publish(_)]
    ));
    let Some(Action::Sent(entry)) = actions.last() else {
        panic!("logged last: {actions:?}");
    };
    assert_eq!(
        (entry.direction, entry.topic.as_str(), entry.time_ms),
        (Direction::Out, "t/1", 1_000_050.0)
    );
    assert!(entry.retain);
    assert_eq!(
        m.publish("bad/#", Vec::new(), QoS::AtMostOnce, false, at(60))
            .map_err(|e| matches!(e, RequestError::Rejected(_))),
        Err(true)
    );
}

#[test]
fn a_subscribe_while_offline_goes_out_at_the_next_connack() {
    let mut m = Lifecycle::new();
    m.subscribe("later/#", QoS::AtMostOnce, at(0))
        .expect("kept for later");
    let actions = drain(&mut m);
    assert_eq!(
        actions,
        [Action::Subscriptions(SubChange::Added {
            filter: "later/#".into(),
            qos: 0,
            options: Default::default(),
        })]
    );
    assert!(m.subscribe("bad/#/x", QoS::AtMostOnce, at(0)).is_err());
    m.connect(plan(false), at(0));
    let link = opened(&drain(&mut m)).expect("a link");
    m.handle_open(link, at(1));
    drain(&mut m);
    m.handle_bytes(link, &connack(false, v4::ConnectReturnCode::Success), at(2));
    let sent = packets(&drain(&mut m), link);
    let [v4::Packet::Subscribe(sub)] = &sent[..] else {
        panic!("one SUBSCRIBE expected, got {sent:?}");
    };
    assert_eq!(sub.filters[0].path, "later/#");
    // Subscribing again to an active filter sends nothing.
    m.handle_bytes(link, &suback(sub.pkid, mqttbytes::QoS::AtMostOnce), at(3));
    drain(&mut m);
    m.subscribe("later/#", QoS::AtMostOnce, at(4))
        .expect("idempotent");
    assert!(packets(&drain(&mut m), link).is_empty());
}

#[test]
fn unsubscribe_forgets_the_filter_and_tells_the_broker_when_connected() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.subscribe("a", QoS::AtMostOnce, at(10))
        .expect("subscribed");
    drain(&mut m);
    m.unsubscribe("a", at(20)).expect("unsubscribed");
    assert!(matches!(
        packets(&drain(&mut m), link)[..],
        [v4::Packet::Unsubscribe(_)]
    ));
    assert!(m.subscriptions().items().is_empty());
}

#[test]
fn a_received_message_is_handed_on_with_the_wall_clock() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.handle_bytes(link, &incoming("d/t", b"42"), at(70));
    let actions = drain(&mut m);
    let [Action::Received(entry)] = &actions[..] else {
        panic!("one message expected, got {actions:?}");
    };
    assert_eq!(
        (entry.direction, entry.topic.as_str(), &entry.payload[..]),
        (Direction::In, "d/t", &b"42"[..])
    );
    assert_eq!(entry.time_ms, 1_000_070.0);
}
