//! Byte-level checks of MQTT 5 packets, written out by hand from the specification.

use super::*;
use crate::mqtt::{ConnectProperties, ProtocolVersion, WillProperties};

fn options() -> ConnectOptions {
    ConnectOptions {
        client_id: "c".into(),
        username: None,
        password: None,
        keepalive_secs: 60,
        clean_session: true,
        version: ProtocolVersion::V5,
        properties: ConnectProperties::default(),
    }
}

#[test]
fn plain_connect_bytes() {
    assert_eq!(
        connect(&options(), None).unwrap(),
        [
            0x10, 0x0E, // CONNECT, remaining length 14
            0x00, 0x04, b'M', b'Q', b'T', b'T', 0x05, // protocol name and level 5
            0x02, // clean start
            0x00, 0x3C, // keepalive 60
            0x00, // no properties
            0x00, 0x01, b'c', // client id
        ]
    );
}

#[test]
fn connect_properties_bytes() {
    let options = ConnectOptions {
        username: Some("u".into()),
        password: Some("p".into()),
        properties: ConnectProperties {
            session_expiry_secs: 300,
            receive_maximum: Some(10),
            maximum_packet_size: Some(1024),
            topic_alias_maximum: 5,
            request_response_information: true,
            request_problem_information: false,
            user_properties: vec![UserProperty::new("a", "b")],
        },
        ..options()
    };
    let bytes = connect(&options, None).unwrap();
    assert_eq!(bytes[9], 0xC2, "username, password, clean start");
    let props = &bytes[12..];
    assert_eq!(props[0] as usize, 5 + 3 + 5 + 3 + 2 + 2 + 7);
    let expected: &[u8] = &[
        0x11, 0, 0, 0x01, 0x2C, // session expiry 300
        0x21, 0, 10, // receive maximum
        0x27, 0, 0, 0x04, 0, // maximum packet size 1024
        0x22, 0, 5, // topic alias maximum
        0x19, 1, // request response information
        0x17, 0, // request problem information = no
        0x26, 0, 1, b'a', 0, 1, b'b', // user property
    ];
    let mut got: Vec<&[u8]> = Vec::new();
    let mut rest = &props[1..1 + props[0] as usize];
    // mqttbytes writes the properties in its own order; compare them as a set of entries.
    while !rest.is_empty() {
        let len = match rest[0] {
            0x11 | 0x27 => 5,
            0x21 | 0x22 => 3,
            0x19 | 0x17 => 2,
            0x26 => 7,
            other => panic!("unexpected property 0x{other:02x}"),
        };
        got.push(&rest[..len]);
        rest = &rest[len..];
    }
    let mut want: Vec<&[u8]> = Vec::new();
    let mut rest = expected;
    while !rest.is_empty() {
        let len = match rest[0] {
            0x11 | 0x27 => 5,
            0x21 | 0x22 => 3,
            0x19 | 0x17 => 2,
            _ => 7,
        };
        want.push(&rest[..len]);
        rest = &rest[len..];
    }
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        &bytes[13 + props[0] as usize..],
        [0, 1, b'c', 0, 1, b'u', 0, 1, b'p']
    );
}

#[test]
fn a_password_alone_goes_out_on_mqtt5() {
    let options = ConnectOptions {
        password: Some("p".into()),
        ..options()
    };
    let bytes = connect(&options, None).unwrap();
    assert_eq!(bytes[9], 0x42, "password flag without username flag");
    assert!(bytes.ends_with(&[0, 1, b'c', 0, 1, b'p']));
}

#[test]
fn will_properties_come_before_the_will_topic() {
    let will = Will {
        topic: "w".into(),
        payload: b"x".to_vec(),
        qos: QoS::AtLeastOnce,
        retain: false,
        properties: WillProperties {
            delay_secs: Some(7),
            publish: PublishProperties::default(),
        },
    };
    let bytes = connect(&options(), Some(&will)).unwrap();
    assert_eq!(bytes[9], 0x0E, "will QoS 1, will flag, clean start");
    assert!(bytes.ends_with(&[0, 1, b'c', 5, 0x18, 0, 0, 0, 7, 0, 1, b'w', 0, 1, b'x']));
}

#[test]
fn publish_bytes_with_an_alias() {
    let define = publish(
        PublishHeader {
            topic: "a",
            qos: QoS::AtLeastOnce,
            retain: false,
            dup: false,
            packet_id: 9,
            alias: Some(1),
        },
        b"x",
        &PublishProperties::default(),
    )
    .unwrap();
    assert_eq!(define, [0x32, 0x0A, 0, 1, b'a', 0, 9, 3, 0x23, 0, 1, b'x']);
    let reuse = publish(
        PublishHeader {
            topic: "",
            qos: QoS::AtMostOnce,
            retain: true,
            dup: true,
            packet_id: 0,
            alias: Some(1),
        },
        b"x",
        &PublishProperties::default(),
    )
    .unwrap();
    assert_eq!(
        reuse,
        [0x31, 0x07, 0, 0, 3, 0x23, 0, 1, b'x'],
        "no DUP on QoS 0"
    );
    let plain = publish(
        PublishHeader {
            topic: "a",
            qos: QoS::AtMostOnce,
            retain: false,
            dup: false,
            packet_id: 0,
            alias: None,
        },
        b"",
        &PublishProperties::default(),
    )
    .unwrap();
    assert_eq!(plain, [0x30, 0x04, 0, 1, b'a', 0]);
}

#[test]
fn publish_size_matches_what_is_written() {
    let properties = PublishProperties {
        payload_utf8: Some(true),
        message_expiry_secs: Some(60),
        content_type: Some("text/plain".into()),
        response_topic: Some("r/1".into()),
        correlation_data: Some(vec![1, 2, 3]),
        user_properties: vec![UserProperty::new("k", "v"), UserProperty::new("k", "w")],
        subscription_identifiers: vec![4],
    };
    for (payload_len, alias) in [
        (0, None),
        (200, Some(3)),
        (20_000, None),
        (3_000_000, Some(1)),
    ] {
        for qos in [QoS::AtMostOnce, QoS::ExactlyOnce] {
            let payload = vec![b'a'; payload_len];
            let bytes = publish(
                PublishHeader {
                    topic: "t/1",
                    qos,
                    retain: false,
                    dup: false,
                    packet_id: 1,
                    alias,
                },
                &payload,
                &properties,
            )
            .unwrap();
            assert_eq!(
                publish_size(3, payload_len, qos, &properties, alias),
                bytes.len()
            );
        }
    }
}

#[test]
fn subscribe_and_unsubscribe_bytes() {
    let options = SubscribeOptions {
        qos: QoS::AtLeastOnce,
        no_local: true,
        retain_as_published: true,
        retain_handling: RetainHandling::DoNotSend,
    };
    let filters = vec![("a/#".to_string(), options)];
    let bytes = subscribe(1, &filters, Some(300)).unwrap();
    assert_eq!(
        bytes,
        [0x82, 0x0C, 0, 1, 3, 0x0B, 0xAC, 0x02, 0, 3, b'a', b'/', b'#', 0x2D]
    );
    assert_eq!(subscribe_size(&filters, Some(300)), bytes.len());
    let plain = vec![("a".to_string(), SubscribeOptions::qos(QoS::AtMostOnce))];
    assert_eq!(
        subscribe(2, &plain, None).unwrap(),
        [0x82, 0x07, 0, 2, 0, 0, 1, b'a', 0]
    );
    let bytes = unsubscribe(3, &["a".into()]).unwrap();
    assert_eq!(bytes, [0xA2, 0x06, 0, 3, 0, 0, 1, b'a']);
    assert_eq!(unsubscribe_size(&["a".into()]), bytes.len());
}

#[test]
fn acks_and_disconnect_bytes() {
    assert_eq!(puback(5).unwrap(), [0x40, 2, 0, 5]);
    assert_eq!(pubrec(5).unwrap(), [0x50, 2, 0, 5]);
    assert_eq!(pubrel(5).unwrap(), [0x62, 2, 0, 5]);
    assert_eq!(pubcomp(5, true).unwrap(), [0x70, 2, 0, 5]);
    assert_eq!(pubcomp(5, false).unwrap(), [0x70, 3, 0, 5, 0x92]);
    assert!(puback(0).is_err());
    assert_eq!(disconnect(ReasonCode::Success, None).unwrap(), [0xE0, 0]);
    assert_eq!(
        disconnect(ReasonCode::DisconnectWithWillMessage, None).unwrap(),
        [0xE0, 1, 0x04]
    );
    assert_eq!(
        disconnect(ReasonCode::Success, Some(0)).unwrap(),
        [0xE0, 7, 0x00, 5, 0x11, 0, 0, 0, 0]
    );
    assert_eq!(
        disconnect(ReasonCode::TopicAliasInvalid, None).unwrap(),
        [0xE0, 1, 0x94]
    );
}
