//! The last will on the wire.

use mqttbytes::v4;

use super::*;
use crate::mqtt::{MqttError, Will};

fn will() -> Will {
    Will {
        topic: "consoles/1/status".into(),
        payload: vec![0, 159, 146, 150],
        qos: QoS::AtLeastOnce,
        retain: true,
        properties: Default::default(),
    }
}

fn connect_of(session: &mut Session) -> v4::Connect {
    match &sent(session)[..] {
        [v4::Packet::Connect(c)] => c.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_will_goes_out_with_every_connect() {
    let mut session = Session::new(options()).unwrap();
    session.set_will(Some(will())).unwrap();
    session.start(0);
    let expected = v4::LastWill::new(
        "consoles/1/status",
        vec![0, 159, 146, 150],
        mqttbytes::QoS::AtLeastOnce,
        true,
    );
    assert_eq!(connect_of(&mut session).last_will, Some(expected.clone()));
    session.connection_lost();
    session.start(100);
    assert_eq!(connect_of(&mut session).last_will, Some(expected));
}

#[test]
fn an_invalid_will_is_refused_and_the_old_one_kept() {
    let mut session = Session::new(options()).unwrap();
    session.set_will(Some(will())).unwrap();
    let err = session.set_will(Some(Will {
        topic: "a/+".into(),
        ..will()
    }));
    assert_eq!(
        err,
        Err(MqttError::InvalidWill(Box::new(
            MqttError::WildcardInTopic("a/+".into())
        )))
    );
    session.start(0);
    assert_eq!(
        connect_of(&mut session).last_will.map(|w| w.topic),
        Some("consoles/1/status".into())
    );
}

#[test]
fn the_will_can_be_removed() {
    let mut session = Session::new(options()).unwrap();
    session.set_will(Some(will())).unwrap();
    session.set_will(None).unwrap();
    session.start(0);
    assert_eq!(connect_of(&mut session).last_will, None);
}

#[test]
fn qos2_will_with_the_longest_payload() {
    let mut session = Session::new(options()).unwrap();
    let big = Will {
        payload: vec![b'x'; 65_535],
        qos: QoS::ExactlyOnce,
        retain: false,
        ..will()
    };
    session.set_will(Some(big)).unwrap();
    session.start(0);
    let got = connect_of(&mut session).last_will.unwrap();
    assert_eq!(
        (got.message.len(), got.qos, got.retain),
        (65_535, mqttbytes::QoS::ExactlyOnce, false)
    );
}
