//! Authorization and Aliyun's MQTT limits: SUBACK 0x80 per filter, denied publishes dropped
//! and logged, no retained messages, no QoS 2, no device-to-device routing.

mod common;

use aliyun_emulator::registry::{DeviceKey, Registry, DEMO_DEVICE_2_SECRET, DEMO_DEVICE_SECRET};
use common::*;
use mqtt_console::mqtt::{QoS, SubscribeOutcome};
use serde_json::json;

#[tokio::test]
async fn suback_grants_and_refuses_filter_by_filter() {
    let emu = start().await;
    let mut client = Client::connected_tcp(emu.tcp, demo_options()).await;
    let outcomes = client
        .subscribe_many(&[
            ("/a1MqttDemo1/console-demo/user/get", QoS::AtLeastOnce),
            ("/a1MqttDemo1/console-demo/user/#", QoS::AtMostOnce),
            ("/sys/a1MqttDemo1/console-demo/#", QoS::ExactlyOnce),
            ("/a1MqttDemo1/console-demo-2/user/get", QoS::AtMostOnce),
            ("/a1MqttDemo1/console-demo/user/update", QoS::AtMostOnce),
            (
                "/ext/ntp/a1MqttDemo1/console-demo/response",
                QoS::AtMostOnce,
            ),
            ("#", QoS::AtMostOnce),
        ])
        .await;
    assert_eq!(
        outcomes,
        vec![
            SubscribeOutcome::Granted(QoS::AtLeastOnce),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
            // QoS 2 is granted as 1: Aliyun has no QoS 2.
            SubscribeOutcome::Granted(QoS::AtLeastOnce),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
            SubscribeOutcome::Granted(QoS::AtMostOnce),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
        ]
    );
    assert_eq!(log_kind(emu.http, "subscribe").await.len(), 3);
    let denied = log_kind(emu.http, "subscribe_denied").await;
    assert_eq!(denied.len(), 4);
    assert_eq!(denied[0]["topic"], "/a1MqttDemo1/console-demo/user/#");
    client.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn a_wildcard_class_allows_wildcard_filters_inside_it() {
    let mut registry = Registry::new();
    registry
        .add_cli_device(&DeviceKey::new("pk1", "dev1"), "s3cret")
        .unwrap();
    let emu = start_with(|c| c.registry = registry).await;
    let content = "clientIdcdeviceNamedev1productKeypk1";
    let options = mqtt_console::mqtt::ConnectOptions {
        client_id: "c|securemode=3,signmethod=hmacsha1|".into(),
        username: Some("dev1&pk1".into()),
        password: Some(mqtt_console::aliyun::sign(
            mqtt_console::aliyun::SignMethod::HmacSha1,
            "s3cret",
            content,
        )),
        keepalive_secs: 60,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    };
    let mut client = Client::connected_tcp(emu.tcp, options).await;
    let outcomes = client
        .subscribe_many(&[
            ("/pk1/dev1/user/#", QoS::AtLeastOnce),
            ("/pk1/dev1/user/+/data", QoS::AtMostOnce),
            ("/pk1/dev1/#", QoS::AtMostOnce),
            ("/pk1/+/user/#", QoS::AtMostOnce),
        ])
        .await;
    assert_eq!(
        outcomes,
        vec![
            SubscribeOutcome::Granted(QoS::AtLeastOnce),
            SubscribeOutcome::Granted(QoS::AtMostOnce),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
            SubscribeOutcome::Refused(mqtt_console::mqtt::ReasonCode::UnspecifiedError),
        ]
    );
    // Retain is ignored: nothing is kept for the subscription made after the publish, and the
    // device does not get its own message back either.
    client
        .publish_retained("/pk1/dev1/user/state", b"on", QoS::AtLeastOnce, true)
        .await;
    assert_eq!(
        client
            .subscribe("/pk1/dev1/user/state", QoS::AtMostOnce)
            .await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    assert!(
        client.message(QUIET).await.is_none(),
        "no retained message, no loopback"
    );
    let up = log_kind(emu.http, "publish_up").await;
    assert!(
        up[0]["detail"]
            .as_str()
            .unwrap()
            .contains("retain flag ignored"),
        "{}",
        up[0]
    );
    // A cloud message is never marked retained.
    let (_, body) = post(
        emu.http,
        "/api/publish",
        json!({"topic": "/pk1/dev1/user/state", "payload": "x"}),
    )
    .await;
    assert_eq!(body["delivered"], true);
    let message = client.message(WAIT).await.unwrap();
    assert!(!message.retain);
    client.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn forbidden_publishes_are_acknowledged_dropped_and_logged() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let mut other =
        Client::connected_tcp(emu.tcp, device_options(DN2, DEMO_DEVICE_2_SECRET, "other")).await;
    assert_eq!(
        other
            .subscribe("/a1MqttDemo1/console-demo-2/user/get", QoS::AtLeastOnce)
            .await,
        SubscribeOutcome::Granted(QoS::AtLeastOnce)
    );
    // Subscribe-only class, another device's topic, a cloud-to-device system topic. The QoS 1
    // one still gets its PUBACK (`publish` waits for it) and the connection stays up.
    device
        .publish("/a1MqttDemo1/console-demo/user/get", b"1", QoS::AtLeastOnce)
        .await;
    device
        .publish(
            "/a1MqttDemo1/console-demo-2/user/get",
            b"2",
            QoS::AtMostOnce,
        )
        .await;
    device
        .publish(
            "/sys/a1MqttDemo1/console-demo/thing/service/property/set",
            b"3",
            QoS::AtLeastOnce,
        )
        .await;
    // Allowed, but device → cloud messages are not routed to other devices.
    device
        .publish(
            "/a1MqttDemo1/console-demo/user/update",
            b"4",
            QoS::AtLeastOnce,
        )
        .await;
    assert!(other.message(QUIET).await.is_none());
    assert!(!device.closed);
    let denied = log_kind(emu.http, "publish_denied").await;
    let topics: Vec<&str> = denied
        .iter()
        .map(|e| e["topic"].as_str().unwrap())
        .collect();
    assert_eq!(
        topics,
        vec![
            "/a1MqttDemo1/console-demo/user/get",
            "/a1MqttDemo1/console-demo-2/user/get",
            "/sys/a1MqttDemo1/console-demo/thing/service/property/set",
        ]
    );
    assert_eq!(denied[0]["payload"], "1");
    let up = log_kind(emu.http, "publish_up").await;
    assert_eq!(up.len(), 1);
    assert_eq!(up[0]["payload"], "4");
    device.disconnect().await;
    other.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn a_qos2_publish_closes_the_connection() {
    let emu = start().await;
    let mut device =
        Client::connected_tcp(emu.tcp, device_options(DN, DEMO_DEVICE_SECRET, "q2")).await;
    let topic = b"/a1MqttDemo1/console-demo/user/update";
    let mut packet = vec![0x34, (2 + topic.len() + 2 + 2) as u8, 0, topic.len() as u8];
    packet.extend_from_slice(topic);
    packet.extend_from_slice(&[0, 1, b'h', b'i']);
    device.send_raw(&packet).await.unwrap();
    assert!(device.closed_within(WAIT).await);
    let denied = log_kind(emu.http, "publish_denied").await;
    assert!(
        denied[0]["detail"].as_str().unwrap().contains("QoS 2"),
        "{}",
        denied[0]
    );
    let disconnects = log_kind(emu.http, "disconnect").await;
    assert!(disconnects[0]["detail"].as_str().unwrap().contains("QoS 2"));
    emu.running.shutdown().await;
}
