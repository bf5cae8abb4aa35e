//! The lifecycle against a scripted broker on a simulated clock: broker packets are encoded with
//! `mqttbytes`, and every frame the model asks to send is decoded back with it.

mod links;
mod mqtt5;
mod publish;
mod requests;
mod server;
mod several;

use mqttbytes::v4;

use super::*;
use crate::model::subscriptions::SubState;
use crate::mqtt::tests::one_packet;
use crate::mqtt::{ConnectOptions, MqttError};

// The broker's packets, as the session tests encode them.
pub(super) use crate::mqtt::tests::{connack, pingresp};

pub(super) const URL: &str = "ws://broker.test/mqtt";

/// Wall clock = 1_000_000 + monotonic, random = 0 (so the backoff delay is its full base).
pub(super) fn at(mono: Millis) -> Now {
    Now {
        mono,
        wall: 1_000_000 + mono,
        random: 0.0,
    }
}

pub(super) fn plan(reconnect: bool) -> ConnectPlan {
    ConnectPlan {
        url: URL.into(),
        options: ConnectOptions {
            client_id: "console-1".into(),
            username: None,
            password: None,
            keepalive_secs: 10,
            clean_session: true,
            version: crate::mqtt::ProtocolVersion::V311,
            properties: crate::mqtt::ConnectProperties::default(),
        },
        will: None,
        reconnect,
        device: Some(("pk".into(), "dn".into())),
        topic_aliases: true,
    }
}

/// A SUBACK granting one filter `qos`.
pub(super) fn suback(packet_id: u16, qos: mqttbytes::QoS) -> Vec<u8> {
    crate::mqtt::tests::suback(packet_id, vec![v4::SubscribeReasonCode::Success(qos)])
}

/// A QoS 0 PUBLISH from the broker.
pub(super) fn incoming(topic: &str, payload: &[u8]) -> Vec<u8> {
    crate::mqtt::tests::publish(topic, QoS::AtMostOnce, 0, payload)
}

pub(super) fn drain(m: &mut Lifecycle) -> Vec<Action> {
    std::iter::from_fn(|| m.poll_action()).collect()
}

/// The packets the actions send, each frame checked to hold exactly one packet, on `link`.
pub(super) fn packets(actions: &[Action], link: LinkId) -> Vec<v4::Packet> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send { link: l, bytes } => {
                assert_eq!(*l, link, "sent on the wrong link");
                Some(one_packet(bytes))
            }
            _ => None,
        })
        .collect()
}

pub(super) fn opened(actions: &[Action]) -> Option<LinkId> {
    actions.iter().find_map(|a| match a {
        Action::Open { link, url } => {
            assert_eq!(url, URL);
            Some(*link)
        }
        _ => None,
    })
}

pub(super) fn errors(actions: &[Action]) -> Vec<Option<ConnectionError>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Error(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn retries(actions: &[Action]) -> Vec<Option<Retry>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Retry(r) => Some(*r),
            _ => None,
        })
        .collect()
}

/// Connects at t = 0, opens at 1, CONNACK at 2: returns the link.
pub(super) fn connected(m: &mut Lifecycle, reconnect: bool) -> LinkId {
    m.connect(plan(reconnect), at(0));
    let link = opened(&drain(m)).expect("a link is opened");
    m.handle_open(link, at(1));
    let sent = drain(m);
    assert!(matches!(packets(&sent, link)[..], [v4::Packet::Connect(_)]));
    m.handle_bytes(link, &connack(false, v4::ConnectReturnCode::Success), at(2));
    let actions = drain(m);
    assert!(actions.contains(&Action::Connected));
    assert_eq!(m.status(), Status::Connected);
    link
}

/// Ticks every [`TICK_MS`] from `from` to `to` inclusive, collecting the actions.
pub(super) fn tick_until(m: &mut Lifecycle, from: Millis, to: Millis) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut t = from;
    while t <= to {
        m.handle_tick(at(t));
        actions.extend(drain(m));
        t += Millis::from(TICK_MS);
    }
    actions
}
