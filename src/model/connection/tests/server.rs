//! What the connection tells about its server: the capabilities at CONNACK, the SUBACK codes
//! per filter, and how the user leaves.

use mqttbytes::v4;

use super::*;
use crate::model::server::ServerInfo;
use crate::mqtt::ReasonCode;

#[test]
fn the_server_is_known_from_connack_until_the_connection_ends() {
    let mut m = Lifecycle::new();
    m.connect(plan(false), at(0));
    let actions = drain(&mut m);
    assert!(actions.contains(&Action::DisconnectReason(None)));
    let link = opened(&actions).expect("a link");
    m.handle_open(link, at(1));
    drain(&mut m);
    m.handle_bytes(link, &connack(false, v4::ConnectReturnCode::Success), at(2));
    let actions = drain(&mut m);
    let server = actions.iter().position(|a| {
        *a == Action::Server(Some(ServerInfo::before_connack(
            crate::mqtt::ProtocolVersion::V311,
        )))
    });
    let connected = actions.iter().position(|a| *a == Action::Connected);
    assert!(
        server.is_some() && server < connected,
        "the server comes before Connected: {actions:?}"
    );
    m.disconnect_with(Leave::WithWill);
    let actions = drain(&mut m);
    // MQTT 3.1.1 has no reason code: a plain DISCONNECT goes out.
    assert!(matches!(
        packets(&actions, link)[..],
        [v4::Packet::Disconnect]
    ));
    assert!(actions.contains(&Action::Server(None)));
}

#[test]
fn a_refused_filter_keeps_its_suback_code() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, false);
    m.subscribe_with("private/#", QoS::AtLeastOnce, Default::default(), at(3))
        .expect("sent");
    let sent = packets(&drain(&mut m), link);
    let [v4::Packet::Subscribe(sub)] = &sent[..] else {
        panic!("one SUBSCRIBE expected, got {sent:?}");
    };
    m.handle_bytes(
        link,
        &crate::mqtt::tests::suback(sub.pkid, vec![v4::SubscribeReasonCode::Failure]),
        at(4),
    );
    drain(&mut m);
    let s = &m.subscriptions().items()[0];
    assert_eq!(s.state, SubState::Refused);
    assert_eq!(s.reason, Some(ReasonCode::UnspecifiedError));
    assert_eq!(s.reason.map(ReasonCode::as_u8), Some(128));
}

#[test]
fn leaving_says_how_in_the_disconnect_reason() {
    assert_eq!(Leave::Normal.reason(), ReasonCode::Success);
    assert_eq!(
        Leave::WithWill.reason(),
        ReasonCode::DisconnectWithWillMessage
    );
    assert_eq!(Leave::default(), Leave::Normal);
}
