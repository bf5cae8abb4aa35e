//! MQTT 5 messages on the emulator: user properties both ways (and the log), every PUBLISH
//! property forwarded, topic aliases (cleared on reconnect), no local, SUBACK and PUBACK
//! reason codes, shared subscriptions, and the DISCONNECT the server sends when it kicks.

#[path = "mqtt5/client.rs"]
mod client;
mod common;

use std::time::Duration;

use aliyun_emulator::registry::{DEMO_DEVICE_2_SECRET, DEMO_DEVICE_SECRET};
use bytes::Bytes;
use client::{filter, login, numbered, publish_properties, Client5};
use common::*;
use mqtt_console::mqtt::QoS as Qos4;
use mqttbytes::v5::{Packet, PubAckReason, Publish};
use mqttbytes::QoS;
use serde_json::{json, Value};

const UPDATE: &str = "/a1MqttDemo1/console-demo/user/update";
const GET: &str = "/a1MqttDemo1/console-demo/user/get";

async fn device(emu: &Emu) -> Client5 {
    Client5::connected(emu.tcp, &login(DN, DEMO_DEVICE_SECRET, "m5", 60))
        .await
        .0
}

fn qos1(topic: &str, payload: &str, pkid: u16) -> Publish {
    let mut p = Publish::new(topic, QoS::AtLeastOnce, payload);
    p.pkid = pkid;
    p
}

async fn puback(client: &mut Client5) -> (u16, PubAckReason) {
    loop {
        match client.next(WAIT).await {
            Some(Packet::PubAck(ack)) => return (ack.pkid, ack.reason),
            Some(_) => continue,
            None => panic!("no PUBACK"),
        }
    }
}

/// The newest log entry of `kind`, polled until `want` holds.
async fn logged(emu: &Emu, kind: &str, want: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..50 {
        if let Some(hit) = log_kind(emu.http, kind).await.into_iter().rev().find(&want) {
            return hit;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {kind} entry as wanted");
}

#[tokio::test]
async fn user_properties_both_ways_and_in_the_log() {
    let emu = start().await;
    let mut dev = device(&emu).await;
    let mut up = qos1(UPDATE, "up", 1);
    let mut props = publish_properties();
    props.user_properties = vec![("b".into(), "2".into()), ("a".into(), "1".into())];
    up.properties = Some(props);
    dev.publish(&up).await;
    assert_eq!(puback(&mut dev).await, (1, PubAckReason::Success));
    let entry = logged(&emu, "publish_up", |e| e["topic"] == UPDATE).await;
    assert_eq!(
        entry["userProperties"],
        json!([{"key": "b", "value": "2"}, {"key": "a", "value": "1"}])
    );
    assert_eq!(entry["protocolVersion"], "5.0");

    // Too many: PUBACK 0x97, logged as denied, the connection stays.
    let mut many = qos1(UPDATE, "many", 2);
    let mut props = publish_properties();
    props.user_properties = numbered(21);
    many.properties = Some(props);
    dev.publish(&many).await;
    assert_eq!(puback(&mut dev).await, (2, PubAckReason::QuotaExceeded));
    let denied = logged(&emu, "publish_denied", |e| e["payload"] == "many").await;
    assert!(denied["detail"]
        .as_str()
        .unwrap()
        .contains("21 user properties"));

    // Cloud → device: the properties arrive in order on MQTT 5, and not at all on 3.1.1.
    assert_eq!(dev.subscribe(filter(GET, false), None).await, vec![1]);
    let mut old =
        Client::connected_tcp(emu.tcp, device_options(DN2, DEMO_DEVICE_2_SECRET, "o")).await;
    let old_get = "/a1MqttDemo1/console-demo-2/user/get";
    old.subscribe(old_get, Qos4::AtLeastOnce).await;
    let list = json!([{"key": "trace", "value": "t-1"}, {"key": "trace", "value": "t-2"}]);
    for topic in [GET, old_get] {
        let body = json!({"topic": topic, "payload": "down", "qos": 1, "userProperties": list});
        let (status, reply) = post(emu.http, "/api/publish", body).await;
        assert_eq!((status, reply["delivered"].clone()), (200, json!(true)));
    }
    let got = dev.message(WAIT).await.expect("the cloud message");
    let props = got.properties.expect("properties");
    assert_eq!(
        props.user_properties,
        vec![
            ("trace".into(), "t-1".into()),
            ("trace".into(), "t-2".into())
        ]
    );
    let plain = old.message(WAIT).await.expect("the 3.1.1 copy");
    assert_eq!(plain.payload, b"down".to_vec());
    let down = logged(&emu, "publish_down", |e| e["topic"] == GET).await;
    assert_eq!(down["userProperties"], list);
    assert_eq!(down["protocolVersion"], "5.0");
    let too_many: Vec<Value> = (0..21)
        .map(|i| json!({"key": "k", "value": i.to_string()}))
        .collect();
    let body = json!({"topic": GET, "payload": "x", "userProperties": too_many});
    let (status, reply) = post(emu.http, "/api/publish", body).await;
    assert_eq!(status, 400, "{reply}");
}

#[tokio::test]
async fn own_messages_come_back_unless_no_local_with_their_properties() {
    let emu = start().await;
    let mut dev = device(&emu).await;
    let topic = "/sys/a1MqttDemo1/console-demo/thing/deviceinfo/update";
    assert_eq!(dev.subscribe(filter(topic, false), None).await, vec![1]);
    let mut echo = qos1(topic, "{}", 1);
    let mut props = publish_properties();
    props.content_type = Some("application/json".into());
    props.response_topic = Some("/a1MqttDemo1/console-demo/user/get".into());
    props.correlation_data = Some(Bytes::from_static(b"\x00\x01"));
    props.payload_format_indicator = Some(1);
    props.message_expiry_interval = Some(60);
    props.user_properties = vec![("k".into(), "v".into())];
    echo.properties = Some(props.clone());
    dev.publish(&echo).await;
    let back = dev.message(WAIT).await.expect("the device's own message");
    let got = back.properties.expect("properties forwarded");
    assert_eq!(got.content_type, props.content_type);
    assert_eq!(got.response_topic, props.response_topic);
    assert_eq!(got.correlation_data, props.correlation_data);
    assert_eq!(got.payload_format_indicator, Some(1));
    assert_eq!(got.message_expiry_interval, Some(60));
    assert_eq!(got.user_properties, props.user_properties);

    // The same filter again with no local replaces the subscription.
    assert_eq!(dev.subscribe(filter(topic, true), None).await, vec![1]);
    dev.publish(&qos1(topic, "{}", 2)).await;
    assert!(dev.message(QUIET).await.is_none(), "no local honoured");
}

#[tokio::test]
async fn topic_aliases_resolve_and_are_cleared_on_reconnect() {
    let emu = start().await;
    let mut dev = device(&emu).await;
    let with_alias = |topic: &str, alias: u16, payload: &str| {
        let mut p = Publish::new(topic, QoS::AtMostOnce, payload);
        let mut props = publish_properties();
        props.topic_alias = Some(alias);
        p.properties = Some(props);
        p
    };
    dev.publish(&with_alias(UPDATE, 3, "set")).await;
    dev.publish(&with_alias("", 3, "used")).await;
    let used = logged(&emu, "publish_up", |e| e["payload"] == "used").await;
    assert_eq!(used["topic"], UPDATE);

    dev.publish(&with_alias(UPDATE, 21, "over")).await;
    let Some(Packet::Disconnect(d)) = dev.next(WAIT).await else {
        panic!("no DISCONNECT");
    };
    assert_eq!(d.reason_code as u8, 0x94);
    let text = d
        .properties
        .and_then(|p| p.reason_string)
        .unwrap_or_default();
    assert!(text.contains("topic alias 21"), "{text}");

    let mut again = device(&emu).await;
    again.publish(&with_alias("", 3, "stale")).await;
    let Some(Packet::Disconnect(d)) = again.next(WAIT).await else {
        panic!("no DISCONNECT");
    };
    assert_eq!(
        d.reason_code as u8, 0x94,
        "aliases do not survive a reconnect"
    );
}

#[tokio::test]
async fn suback_and_puback_reason_codes() {
    let emu = start().await;
    let mut dev = device(&emu).await;
    let codes = dev
        .subscribe_many(
            vec![
                filter(GET, false),
                filter("/a1MqttDemo1/console-demo-2/user/get", false),
                filter("/a1MqttDemo1/console-demo/user/#/x", false),
                filter(&format!("$share/group1/{GET}"), false),
            ],
            None,
        )
        .await;
    assert_eq!(codes, vec![1, 0x87, 0x8F, 1]);
    assert_eq!(dev.subscribe(filter(GET, false), Some(7)).await, vec![0xA1]);

    dev.publish(&qos1(
        "/a1MqttDemo1/console-demo-2/user/update",
        "not mine",
        4,
    ))
    .await;
    assert_eq!(puback(&mut dev).await, (4, PubAckReason::NotAuthorized));
    let (status, _) = post(
        emu.http,
        "/api/publish",
        json!({"topic": GET, "payload": "x"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        dev.message(WAIT).await.is_some(),
        "via the plain or the shared subscription"
    );
    let mut unsubscribe = mqttbytes::v5::Unsubscribe::new(GET);
    unsubscribe.pkid = 9;
    let mut bytes = bytes::BytesMut::new();
    unsubscribe.write(&mut bytes).unwrap();
    dev.send_raw(&bytes).await;
    let Some(Packet::UnsubAck(ack)) = dev.next(WAIT).await else {
        panic!("no UNSUBACK");
    };
    assert_eq!((ack.pkid, ack.reasons.len()), (9, 1));
}

#[tokio::test]
async fn the_server_says_why_it_closes() {
    let emu = start().await;
    let mut first = device(&emu).await;
    let _second = device(&emu).await;
    let Some(Packet::Disconnect(d)) = first.next(WAIT).await else {
        panic!("no DISCONNECT on takeover");
    };
    assert_eq!(d.reason_code as u8, 0x8E);

    // A duplicate property: protocol error.
    let mut broken = device(&emu).await;
    broken
        .send_raw(&[0x30, 0x0A, 0, 1, b'a', 6, 0x23, 0, 1, 0x23, 0, 2])
        .await;
    let Some(Packet::Disconnect(d)) = broken.next(WAIT).await else {
        panic!("no DISCONNECT on a protocol error");
    };
    assert_eq!(d.reason_code as u8, 0x82);
    // An unknown property: malformed.
    let mut malformed = device(&emu).await;
    malformed
        .send_raw(&[0x30, 0x06, 0, 1, b'a', 2, 0x7F, 0])
        .await;
    let Some(Packet::Disconnect(d)) = malformed.next(WAIT).await else {
        panic!("no DISCONNECT on a malformed packet");
    };
    assert_eq!(d.reason_code as u8, 0x81);
    // QoS 2: not supported.
    let mut qos2 = device(&emu).await;
    let mut p = Publish::new(UPDATE, QoS::ExactlyOnce, "x");
    p.pkid = 1;
    qos2.publish(&p).await;
    let Some(Packet::Disconnect(d)) = qos2.next(WAIT).await else {
        panic!("no DISCONNECT on QoS 2");
    };
    assert_eq!(d.reason_code as u8, 0x9B);
    let gone = log_kind(emu.http, "disconnect").await;
    assert!(gone.iter().any(|e| e["detail"]
        .as_str()
        .unwrap_or("")
        .contains("DISCONNECT 0x9b")));
}

#[tokio::test]
async fn retain_as_published_on_the_devices_own_messages() {
    let emu = start().await;
    let mut dev = device(&emu).await;
    let topic = "/sys/a1MqttDemo1/console-demo/thing/deviceinfo/update";
    let retained = |pkid| {
        let mut p = qos1(topic, "{}", pkid);
        p.retain = true;
        p
    };
    dev.subscribe(filter(topic, false), None).await;
    dev.publish(&retained(1)).await;
    let back = dev.message(WAIT).await.expect("the own message");
    assert!(!back.retain, "retain cleared without retain as published");
    let mut rap = filter(topic, false);
    rap.set_preserve_retain(true);
    dev.subscribe(rap, None).await;
    dev.publish(&retained(2)).await;
    let back = dev.message(WAIT).await.expect("the own message");
    assert!(back.retain, "retain kept with retain as published");
    let up = logged(&emu, "publish_up", |e| e["topic"] == topic).await;
    assert!(up["detail"]
        .as_str()
        .unwrap()
        .contains("no retained messages"));
}

#[tokio::test]
async fn receive_maximum_holds_back_qos1_messages() {
    let emu = start().await;
    let mut connect = login(DN, DEMO_DEVICE_SECRET, "rm", 60);
    connect.properties = Some(mqttbytes::v5::ConnectProperties {
        session_expiry_interval: None,
        receive_maximum: Some(1),
        max_packet_size: None,
        topic_alias_max: None,
        request_response_info: None,
        request_problem_info: None,
        user_properties: Vec::new(),
        authentication_method: None,
        authentication_data: None,
    });
    let (mut dev, _) = Client5::connected(emu.tcp, &connect).await;
    dev.subscribe(filter(GET, false), None).await;
    for n in ["one", "two"] {
        let body = json!({"topic": GET, "payload": n, "qos": 1});
        assert_eq!(post(emu.http, "/api/publish", body).await.0, 200);
    }
    let first = dev.message(WAIT).await.expect("the first message");
    assert_eq!(first.payload, b"one".to_vec());
    assert!(
        dev.message(QUIET).await.is_none(),
        "the second waits for the PUBACK"
    );
    let [hi, lo] = first.pkid.to_be_bytes();
    dev.send_raw(&[0x40, 0x02, hi, lo]).await;
    let second = dev.message(WAIT).await.expect("the second message");
    assert_eq!(second.payload, b"two".to_vec());
}
