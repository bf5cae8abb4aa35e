//! The HTTP API: cloud → device publish over WebSocket and TCP, device lists, the log, errors.

mod common;

use common::*;
use mqtt_console::mqtt::{QoS, SubscribeOutcome};
use serde_json::json;

const GET_TOPIC: &str = "/a1MqttDemo1/console-demo/user/get";

#[tokio::test]
async fn publish_reaches_a_device_subscribed_over_websocket() {
    let emu = start().await;
    let (mut device, _) = Client::ws(emu.ws, "/mqtt", demo_options()).await;
    assert_eq!(
        device.subscribe(GET_TOPIC, QoS::AtLeastOnce).await,
        SubscribeOutcome::Granted(QoS::AtLeastOnce)
    );
    let (status, body) = post(
        emu.http,
        "/api/publish",
        json!({"topic": GET_TOPIC, "payload": "hello", "qos": 1}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["delivered"], true);
    assert!(body["messageId"].as_str().unwrap().parse::<u64>().is_ok());
    let message = device.message(WAIT).await.expect("the message");
    assert_eq!(
        (
            message.topic.as_str(),
            message.payload.as_slice(),
            message.qos
        ),
        (GET_TOPIC, &b"hello"[..], QoS::AtLeastOnce)
    );
    // QoS is capped by the subscription.
    let (_, qos0) = device_subscribed_qos0(&emu).await;
    assert_eq!(qos0, QoS::AtMostOnce);
    device.disconnect().await;
    emu.running.shutdown().await;
}

/// A second device subscribed at QoS 0 gets a QoS 1 message at QoS 0.
async fn device_subscribed_qos0(emu: &Emu) -> (Vec<u8>, QoS) {
    use aliyun_emulator::registry::DEMO_DEVICE_2_SECRET;
    let topic = "/a1MqttDemo1/console-demo-2/get";
    let mut other =
        Client::connected_tcp(emu.tcp, device_options(DN2, DEMO_DEVICE_2_SECRET, "d2")).await;
    other.subscribe(topic, QoS::AtMostOnce).await;
    post(
        emu.http,
        "/api/publish",
        json!({"topic": topic, "payload": "q", "qos": 1}),
    )
    .await;
    let message = other.message(WAIT).await.expect("the message");
    other.disconnect().await;
    (message.payload, message.qos)
}

#[tokio::test]
async fn publish_reaches_a_device_over_tcp_with_a_binary_payload() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let filter = "/sys/a1MqttDemo1/console-demo/thing/service/#";
    device.subscribe(filter, QoS::AtMostOnce).await;
    let topic = "/sys/a1MqttDemo1/console-demo/thing/service/property/set";
    let (status, body) = post(
        emu.http,
        "/api/publish",
        json!({"topic": topic, "payloadBase64": "AAH/"}),
    )
    .await;
    assert_eq!((status, &body["delivered"]), (200, &json!(true)), "{body}");
    let message = device.message(WAIT).await.expect("the message");
    assert_eq!(message.payload, vec![0x00, 0x01, 0xff]);
    assert_eq!(message.qos, QoS::AtMostOnce);
    let (_, log) = get(emu.http, &format!("/api/log?topic={topic}")).await;
    let entry = &log["entries"][0];
    assert_eq!(entry["kind"], "publish_down");
    assert_eq!(entry["payload"], serde_json::Value::Null);
    assert_eq!(entry["payloadBase64"], "AAH/");
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn publish_to_an_offline_or_unsubscribed_device_is_not_delivered() {
    let emu = start().await;
    let (_, body) = post(
        emu.http,
        "/api/publish",
        json!({"topic": GET_TOPIC, "payload": "x"}),
    )
    .await;
    assert_eq!(body["delivered"], false);
    let device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let (_, body) = post(
        emu.http,
        "/api/publish",
        json!({"topic": GET_TOPIC, "payload": "x"}),
    )
    .await;
    assert_eq!(body["delivered"], false);
    let down = log_kind(emu.http, "publish_down").await;
    assert!(down[0]["detail"].as_str().unwrap().contains("offline"));
    assert!(down[1]["detail"]
        .as_str()
        .unwrap()
        .contains("no subscription"));
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn api_errors_are_json_with_a_reason() {
    let emu = start().await;
    let cases = [
        (
            json!({"topic": "/a1MqttDemo1/nobody-here/user/get", "payload": "x"}),
            404,
            "no device",
        ),
        (
            json!({"topic": "/a1MqttDemo1/console-demo/user/#", "payload": "x"}),
            400,
            "topic",
        ),
        (
            json!({"topic": "nowhere", "payload": "x"}),
            400,
            "cannot tell the device",
        ),
        (
            json!({"topic": GET_TOPIC, "payload": "x", "qos": 2}),
            400,
            "qos",
        ),
        (
            json!({"topic": GET_TOPIC, "payload": "x", "payloadBase64": "eA=="}),
            400,
            "not both",
        ),
        (json!({"topic": GET_TOPIC}), 400, "payload"),
        (
            json!({"topic": GET_TOPIC, "payload": "x", "extra": 1}),
            400,
            "unknown field",
        ),
        (
            json!({"topic": "/a1MqttDemo1/console-demo/user/update", "payload": "x"}),
            403,
            "subscribe permission",
        ),
        (
            json!({"topic": "/sys/a1MqttDemo1/console-demo/thing/event/property/post", "payload": "x"}),
            403,
            "device-to-cloud",
        ),
    ];
    expect_errors(emu.http, "/api/publish", &cases).await;
    let (status, reply) = http(emu.http, "POST", "/api/publish", Some("{oops")).await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("invalid JSON"));
    let (status, reply) = get(emu.http, "/api/nothing").await;
    assert_eq!(status, 404);
    assert!(reply["error"].is_string());
    let (status, reply) = get(emu.http, "/api/publish").await;
    assert_eq!(status, 405);
    assert!(reply["error"].is_string());
    let (status, reply) = get(emu.http, "/api/log?since=abc").await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("since"));
    let (status, _) = get(emu.http, "/api/log?sinse=1").await;
    assert_eq!(status, 400);
    emu.running.shutdown().await;
}

#[tokio::test]
async fn health_devices_and_log_paging() {
    let emu = start().await;
    assert_eq!(
        get(emu.http, "/api/health").await,
        (200, json!({"ok": true}))
    );
    let (_, all) = get(emu.http, "/api/devices").await;
    let names: Vec<&str> = all["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deviceName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["console-demo", "console-demo-2", "dynreg-demo"]);
    assert_eq!(
        all["devices"][0],
        json!({"productKey": PK, "deviceName": DN, "online": false})
    );
    assert_eq!(
        get(emu.http, "/api/devices/online").await.1,
        json!({"devices": []})
    );

    let device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let (_, online) = get(emu.http, "/api/devices/online").await;
    assert_eq!(online["devices"][0]["clientId"], "test-client");
    assert_eq!(online["devices"][0]["online"], true);

    let (_, log) = get(emu.http, "/api/log").await;
    let entries = log["entries"].as_array().unwrap();
    let last = entries.last().unwrap()["seq"].as_u64().unwrap();
    assert_eq!(entries.last().unwrap()["kind"], "connect");
    device.disconnect().await;
    // Wait for the disconnect entry, then page from `last`.
    let mut newer = Vec::new();
    for _ in 0..50 {
        let (_, log) = get(
            emu.http,
            &format!("/api/log?since={last}&deviceName={DN}&productKey={PK}"),
        )
        .await;
        newer = log["entries"].as_array().unwrap().clone();
        if !newer.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(newer.len(), 1);
    assert_eq!(newer[0]["kind"], "disconnect");
    assert!(newer[0]["seq"].as_u64().unwrap() > last);
    assert!(newer[0]["detail"].as_str().unwrap().contains("DISCONNECT"));
    let (_, none) = get(emu.http, "/api/log?deviceName=console-demo-2").await;
    assert_eq!(none["entries"], json!([]));
    emu.running.shutdown().await;
}

#[tokio::test]
async fn the_log_keeps_only_its_configured_capacity() {
    let emu = start_with(|config| config.log_capacity = 4).await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let topic = format!("/{PK}/{DN}/user/update");
    for n in 0..10 {
        device
            .publish(&topic, format!("m{n}").as_bytes(), QoS::AtLeastOnce)
            .await;
    }
    // QoS 1: every PUBACK back means every PUBLISH was logged.
    let mut entries = Vec::new();
    for _ in 0..50 {
        let (_, log) = get(emu.http, "/api/log").await;
        entries = log["entries"].as_array().unwrap().clone();
        if entries.last().and_then(|e| e["payload"].as_str()) == Some("m9") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(entries.len(), 4, "{entries:?}");
    let payloads: Vec<&str> = entries
        .iter()
        .map(|e| e["payload"].as_str().unwrap())
        .collect();
    assert_eq!(payloads, vec!["m6", "m7", "m8", "m9"]);
    // connect, then 10 publishes: seq kept counting past what fell off.
    assert_eq!(entries[3]["seq"], 11);
    device.disconnect().await;
    emu.running.shutdown().await;
}
