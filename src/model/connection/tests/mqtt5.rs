//! The lifecycle on MQTT 5: the server's CONNACK capabilities, SUBACK and UNSUBACK codes per
//! filter, leaving with the will, and a DISCONNECT from the server. The
//! broker's packets are written here byte by byte, independently of the session's codec.

use bytes::BytesMut;
use mqttbytes::v5;

use super::*;
use crate::model::server::ServerInfo;
use crate::mqtt::{ProtocolVersion, ReasonCode, ServerCapabilities};

/// Aliyun's Enterprise Edition CONNACK: maximum QoS 1, retain available, topic alias maximum
/// 20, maximum packet size 256 KB, no subscription identifiers.
const ALIYUN_CONNACK: [u8; 19] = [
    0x20, 17, 0x00, 0x00, 14, // fixed header, flags, reason 0, properties length
    0x24, 0x01, // maximum QoS 1
    0x25, 0x01, // retain available
    0x22, 0x00, 0x14, // topic alias maximum 20
    0x27, 0x00, 0x04, 0x00, 0x00, // maximum packet size 262,144
    0x29, 0x00, // subscription identifiers not available
];

fn v5_plan() -> ConnectPlan {
    let mut plan = plan(false);
    plan.options.version = ProtocolVersion::V5;
    plan
}

/// The MQTT 5 packets the actions send on `link`.
fn sent(actions: &[Action], link: LinkId) -> Vec<v5::Packet> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send { link: l, bytes } if *l == link => {
                let mut buf = BytesMut::from(&bytes[..]);
                Some(v5::read(&mut buf, 1 << 20).expect("an MQTT 5 packet"))
            }
            _ => None,
        })
        .collect()
}

/// Connects on MQTT 5 and answers with [`ALIYUN_CONNACK`]; returns the link and the actions
/// of the CONNACK.
fn connected_v5(m: &mut Lifecycle) -> (LinkId, Vec<Action>) {
    m.connect(v5_plan(), at(0));
    let link = opened(&drain(m)).expect("a link");
    m.handle_open(link, at(1));
    let connect = sent(&drain(m), link);
    assert!(
        matches!(connect[..], [v5::Packet::Connect(_)]),
        "{connect:?}"
    );
    m.handle_bytes(link, &ALIYUN_CONNACK, at(2));
    let actions = drain(m);
    assert_eq!(m.status(), Status::Connected, "{actions:?}");
    (link, actions)
}

#[test]
fn the_connack_capabilities_reach_the_store() {
    let mut m = Lifecycle::new();
    let (_, actions) = connected_v5(&mut m);
    let expected = ServerInfo {
        version: ProtocolVersion::V5,
        capabilities: ServerCapabilities {
            maximum_qos: QoS::AtLeastOnce,
            topic_alias_maximum: 20,
            maximum_packet_size: Some(262_144),
            subscription_identifiers_available: false,
            ..ServerCapabilities::default()
        },
    };
    assert!(
        actions.contains(&Action::Server(Some(expected))),
        "{actions:?}"
    );
}

#[test]
fn suback_and_unsuback_codes_are_kept_per_filter() {
    let mut m = Lifecycle::new();
    let (link, _) = connected_v5(&mut m);
    m.subscribe("secret/#", QoS::AtMostOnce, at(3))
        .expect("sent");
    let packets = sent(&drain(&mut m), link);
    let [v5::Packet::Subscribe(sub)] = &packets[..] else {
        panic!("one SUBSCRIBE expected, got {packets:?}");
    };
    let id = sub.pkid.to_be_bytes();
    // SUBACK: no properties, 0x87 not authorized.
    m.handle_bytes(link, &[0x90, 4, id[0], id[1], 0x00, 0x87], at(4));
    drain(&mut m);
    let s = &m.subscriptions().items()[0];
    assert_eq!(s.state, crate::model::subscriptions::SubState::Refused);
    assert_eq!(s.reason, Some(ReasonCode::NotAuthorized));

    m.unsubscribe("gone", at(5)).expect("sent");
    let packets = sent(&drain(&mut m), link);
    let [v5::Packet::Unsubscribe(unsub)] = &packets[..] else {
        panic!("one UNSUBSCRIBE expected, got {packets:?}");
    };
    let id = unsub.pkid.to_be_bytes();
    // UNSUBACK: 0x11 no subscription existed.
    m.handle_bytes(link, &[0xB0, 4, id[0], id[1], 0x00, 0x11], at(6));
    assert_eq!(
        drain(&mut m),
        [Action::Unsubscribed {
            filter: "gone".into(),
            reason: ReasonCode::NoSubscriptionExisted
        }]
    );
}

#[test]
fn a_disconnect_from_the_server_is_shown_with_code_and_string() {
    let mut m = Lifecycle::new();
    let (link, _) = connected_v5(&mut m);
    // DISCONNECT 0x8E session taken over, reason string "bye".
    m.handle_bytes(
        link,
        &[0xE0, 8, 0x8E, 6, 0x1F, 0x00, 0x03, b'b', b'y', b'e'],
        at(3),
    );
    let actions = drain(&mut m);
    let said = ServerReason {
        reason: ReasonCode::SessionTakenOver,
        reason_string: Some("bye".into()),
        server_reference: None,
    };
    assert!(
        actions.contains(&Action::DisconnectReason(Some(said.clone()))),
        "{actions:?}"
    );
    assert!(
        errors(&actions).contains(&Some(ConnectionError::ServerDisconnected(said))),
        "{actions:?}"
    );
    // Session taken over is not retried: two consoles would kick each other out forever.
    assert_eq!(m.status(), Status::Error);
}

#[test]
fn leaving_with_the_will_says_so_on_mqtt5() {
    let mut m = Lifecycle::new();
    let (link, _) = connected_v5(&mut m);
    m.disconnect_with(Leave::WithWill);
    let frames: Vec<Vec<u8>> = drain(&mut m)
        .into_iter()
        .filter_map(|a| match a {
            Action::Send { link: l, bytes } if l == link => Some(bytes),
            _ => None,
        })
        .collect();
    // DISCONNECT, reason 0x04; the property length may be left out [MQTT-3.14.2.2.1].
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0][0], 0xE0);
    assert_eq!(frames[0][2], 0x04, "{frames:?}");
}
