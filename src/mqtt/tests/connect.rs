use mqttbytes::v4::{self, ConnectReturnCode};

use super::*;
use crate::mqtt::{MqttError, StringField, DEFAULT_CONNACK_TIMEOUT};

#[test]
fn connect_handshake_bytes() {
    let mut session = Session::new(ConnectOptions {
        client_id: "c1".into(),
        username: None,
        password: None,
        keepalive_secs: 30,
        clean_session: true,
        version: crate::mqtt::ProtocolVersion::V311,
        properties: crate::mqtt::ConnectProperties::default(),
    })
    .unwrap();
    assert_eq!(session.state(), SessionState::Idle);
    assert_eq!(session.poll_transmit(), None);
    session.start(0);
    assert_eq!(session.state(), SessionState::AwaitingConnAck);
    let expected: &[u8] = &[
        0x10, 14, // CONNECT, remaining length
        0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, // protocol name and level 4 (3.1.1)
        0x02, // flags: clean session
        0x00, 30, // keepalive
        0x00, 0x02, b'c', b'1', // client id
    ];
    assert_eq!(session.poll_transmit().as_deref(), Some(expected));
    assert_eq!(session.poll_transmit(), None);

    session.handle_bytes(&[0x20, 0x02, 0x01, 0x00], 5).unwrap();
    assert_eq!(session.state(), SessionState::Connected);
    assert_eq!(
        events(&mut session),
        [Event::Connected {
            session_present: true
        }]
    );
    assert_eq!(session.poll_transmit(), None);
}

#[test]
fn connect_decodes_back_to_the_same_fields() {
    let opts = ConnectOptions {
        keepalive_secs: 300,
        clean_session: false,
        ..options()
    };
    let mut session = Session::new(opts.clone()).unwrap();
    session.start(0);
    let packets = sent(&mut session);
    let [v4::Packet::Connect(connect)] = &packets[..] else {
        panic!("expected one CONNECT, got {packets:?}");
    };
    assert_eq!(connect.protocol, mqttbytes::Protocol::V4);
    assert_eq!(connect.client_id, opts.client_id);
    assert_eq!(connect.keep_alive, 300);
    assert!(!connect.clean_session);
    assert_eq!(connect.last_will, None);
    assert_eq!(connect.login, Some(v4::Login::new("user", "secret")));
}

#[test]
fn username_without_password_and_long_fields() {
    let opts = ConnectOptions {
        client_id: "x".repeat(65_535),
        username: Some("u".repeat(1000)),
        password: None,
        ..options()
    };
    let mut session = Session::new(opts.clone()).unwrap();
    session.start(0);
    let packets = sent(&mut session);
    let [v4::Packet::Connect(connect)] = &packets[..] else {
        panic!("{packets:?}")
    };
    assert_eq!(connect.client_id, opts.client_id);
    assert_eq!(
        connect.login,
        Some(v4::Login::new("u".repeat(1000), String::new()))
    );
}

#[test]
fn invalid_options_are_refused_by_new() {
    let err = Session::new(ConnectOptions {
        client_id: "x".repeat(65_536),
        ..options()
    });
    assert_eq!(
        err.unwrap_err(),
        MqttError::StringTooLong {
            field: StringField::ClientId,
            len: 65_536
        }
    );
    let err = Session::new(ConnectOptions {
        username: None,
        ..options()
    });
    assert_eq!(err.unwrap_err(), MqttError::PasswordWithoutUsername);
}

#[test]
fn refused_connack_codes() {
    let codes = [
        ConnectReturnCode::RefusedProtocolVersion,
        ConnectReturnCode::BadClientId,
        ConnectReturnCode::ServiceUnavailable,
        ConnectReturnCode::BadUserNamePassword,
        ConnectReturnCode::NotAuthorized,
    ];
    for (i, code) in codes.into_iter().enumerate() {
        let mut session = Session::new(options()).unwrap();
        session.start(0);
        sent(&mut session);
        // Anything after a refusal in the same frame is ignored, not an error.
        let mut frame = connack(false, code);
        frame.extend(publish("t", QoS::AtMostOnce, 0, b"x"));
        session.handle_bytes(&frame, 10).unwrap();
        assert_eq!(session.state(), SessionState::Closed);
        assert_eq!(events(&mut session), [Event::Refused { code: i as u8 + 1 }]);
        assert_eq!(session.poll_timeout(), None);
        assert_eq!(
            session.subscribe("a", QoS::AtMostOnce, 20),
            Err(MqttError::NotConnected)
        );
    }
}

#[test]
fn connack_timeout() {
    let mut session = Session::new(options()).unwrap();
    session.set_connack_timeout(5 * T);
    session.start(100);
    assert_eq!(session.poll_timeout(), Some(5_100));
    assert_eq!(session.handle_timeout(5_099), Ok(()));
    assert_eq!(session.state(), SessionState::AwaitingConnAck);
    assert_eq!(
        session.handle_timeout(5_100),
        Err(MqttError::ConnAckTimeout)
    );
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(
        session.poll_transmit(),
        None,
        "a failed session sends nothing more"
    );
    assert_eq!(session.poll_timeout(), None);

    let mut session = Session::new(options()).unwrap();
    session.start(0);
    assert_eq!(session.poll_timeout(), Some(DEFAULT_CONNACK_TIMEOUT));
}

#[test]
fn connack_when_not_awaiting_one() {
    let mut session = connected();
    let err = session.handle_bytes(&connack(false, ConnectReturnCode::Success), 20);
    assert_eq!(err, Err(MqttError::UnexpectedConnAck));
    assert_eq!(session.state(), SessionState::Closed);

    let mut session = Session::new(options()).unwrap();
    let err = session.handle_bytes(&connack(false, ConnectReturnCode::Success), 0);
    assert!(
        matches!(err, Err(MqttError::UnexpectedPacket(_))),
        "{err:?}"
    );
}

#[test]
fn packets_before_connack_are_protocol_errors() {
    let mut session = Session::new(options()).unwrap();
    session.start(0);
    let err = session.handle_bytes(&pingresp(), 1);
    assert!(
        matches!(err, Err(MqttError::UnexpectedPacket(_))),
        "{err:?}"
    );
    assert_eq!(session.state(), SessionState::Closed);
}

#[test]
fn requests_before_connected_are_refused() {
    let mut session = Session::new(options()).unwrap();
    assert_eq!(
        session.subscribe("a", QoS::AtMostOnce, 0),
        Err(MqttError::NotConnected)
    );
    session.start(0);
    sent(&mut session);
    assert_eq!(
        session.subscribe("a", QoS::AtMostOnce, 0),
        Err(MqttError::NotConnected)
    );
    assert_eq!(session.unsubscribe("a", 0), Err(MqttError::NotConnected));
    assert_eq!(
        session.publish("a", b"", QoS::AtMostOnce, false, 0),
        Err(MqttError::NotConnected)
    );
    assert_eq!(session.poll_transmit(), None);
}

#[test]
fn disconnect_queues_disconnect_and_closes() {
    let mut session = connected();
    session.disconnect();
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(sent(&mut session), [v4::Packet::Disconnect]);
    assert_eq!(session.poll_timeout(), None);
    // Late bytes from the broker after we closed are ignored.
    assert_eq!(session.handle_bytes(&pingresp(), 50), Ok(()));

    let mut idle = Session::new(options()).unwrap();
    idle.disconnect();
    assert_eq!(idle.state(), SessionState::Closed);
    assert_eq!(
        idle.poll_transmit(),
        None,
        "no CONNECT went out, so no DISCONNECT either"
    );
    idle.start(0);
    assert_eq!(
        idle.poll_transmit(),
        None,
        "a closed session does not start again"
    );
}

#[test]
fn connection_lost_keeps_unacknowledged_publishes() {
    let mut session = connected();
    session
        .publish("t", b"1", QoS::AtLeastOnce, false, 20)
        .unwrap();
    session.connection_lost();
    assert_eq!(session.state(), SessionState::Closed);
    assert_eq!(session.poll_transmit(), None);
    assert_eq!(session.inflight_count(), 1);
    assert_eq!(session.poll_timeout(), None);
}
