//! The device shadow: requests over MQTT on `/shadow/update/pk/dn`, answers and control
//! messages on `/shadow/get/pk/dn`, and the cloud's side through `/api/shadow`.

mod common;

use aliyun_emulator::clock::now_ms;
use common::*;
use mqtt_console::mqtt::{QoS, SubscribeOutcome};
use serde_json::{json, Value};

const UPDATE: &str = "/shadow/update/a1MqttDemo1/console-demo";
const GET: &str = "/shadow/get/a1MqttDemo1/console-demo";
const API: &str = "/api/shadow?productKey=a1MqttDemo1&deviceName=console-demo";

async fn shadow_device(emu: &Emu) -> Client {
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    assert_eq!(
        device.subscribe(GET, QoS::AtLeastOnce).await,
        SubscribeOutcome::Granted(QoS::AtLeastOnce)
    );
    device
}

/// Publishes a shadow request and returns the cloud's answer.
async fn ask(device: &mut Client, request: &[u8]) -> Value {
    device.publish(UPDATE, request, QoS::AtLeastOnce).await;
    let message = device.message(WAIT).await.expect("the shadow reply");
    assert_eq!(message.topic, GET);
    assert_eq!(message.qos, QoS::AtMostOnce, "the cloud answers with QoS 0");
    serde_json::from_slice(&message.payload).unwrap()
}

#[tokio::test]
async fn update_get_and_version_conflict_over_mqtt() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    // Not subscribed yet: the update is applied, the reply goes nowhere.
    let first = json!({"method": "update", "state": {"reported": {"color": "red"}}, "version": 1});
    device
        .publish(UPDATE, first.to_string().as_bytes(), QoS::AtLeastOnce)
        .await;
    assert!(device.message(QUIET).await.is_none());
    assert_eq!(get(emu.http, API).await.1["version"], 1);

    let before = now_ms() / 1000;
    assert_eq!(
        device.subscribe(GET, QoS::AtMostOnce).await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    let update = json!({"method": "update", "state": {"reported": {"temp": 21, "color": "blue"}}, "version": 2});
    let answer = ask(&mut device, update.to_string().as_bytes()).await;
    assert_eq!(answer["method"], "reply");
    assert_eq!(
        answer["payload"],
        json!({"status": "success", "version": 2})
    );
    let stamp = answer["timestamp"].as_u64().unwrap();
    assert!(before <= stamp && stamp <= now_ms() / 1000, "{stamp}");

    let answer = ask(&mut device, br#"{"method":"get"}"#).await;
    assert_eq!(answer["method"], "reply");
    assert_eq!(answer["version"], 2);
    assert_eq!(
        answer["payload"]["state"],
        json!({"reported": {"temp": 21, "color": "blue"}})
    );
    assert!(answer["payload"]["metadata"]["reported"]["temp"]["timestamp"].is_u64());

    let stale = json!({"method": "update", "state": {"reported": {"temp": 5}}, "version": 2});
    let answer = ask(&mut device, stale.to_string().as_bytes()).await;
    assert_eq!(answer["payload"]["status"], "error");
    assert_eq!(answer["payload"]["content"]["errorcode"], "409");
    let answer = ask(&mut device, b"{nope").await;
    assert_eq!(answer["payload"]["content"]["errorcode"], "400");
    let answer = ask(
        &mut device,
        br#"{"method":"update","state":{},"version":3}"#,
    )
    .await;
    assert_eq!(answer["payload"]["content"]["errorcode"], "404");

    let delete =
        json!({"method": "delete", "state": {"reported": {"color": "null"}}, "version": 3});
    let answer = ask(&mut device, delete.to_string().as_bytes()).await;
    assert_eq!(answer["payload"]["version"], 3);
    let (status, doc) = get(emu.http, API).await;
    assert_eq!(status, 200);
    assert_eq!(doc["version"], 3);
    assert_eq!(
        doc["state"],
        json!({"reported": {"temp": 21}, "desired": {}})
    );
    assert_eq!(
        doc["metadata"]["reported"]["temp"]["timestamp"],
        json!(stamp)
    );

    let reset = ask(&mut device, br#"{"method":"update","version":-1}"#).await;
    assert_eq!(reset["payload"], json!({"status": "success", "version": 0}));
    assert_eq!(
        get(emu.http, API).await.1,
        json!({"productKey": PK, "deviceName": DN, "version": 0,
               "state": {"reported": {}, "desired": {}},
               "metadata": {"reported": {}, "desired": {}}})
    );
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn the_cloud_sets_desired_and_the_device_gets_control() {
    let emu = start().await;
    let mut device = shadow_device(&emu).await;
    let reported =
        json!({"method": "update", "state": {"reported": {"color": "red"}}, "version": 1});
    ask(&mut device, reported.to_string().as_bytes()).await;

    let set = |version: u64, message_as_text: bool| {
        let message = json!({"method": "update", "state": {"desired": {"color": "green"}}, "version": version});
        let message = if message_as_text {
            Value::String(message.to_string())
        } else {
            message
        };
        json!({"productKey": PK, "deviceName": DN, "shadowMessage": message})
    };
    let (status, body) = post(emu.http, "/api/shadow", set(0, false)).await;
    assert_eq!(
        (status, body),
        (200, json!({"version": 2, "delivered": true}))
    );
    let control = device.message(WAIT).await.expect("the control message");
    assert_eq!(control.topic, GET);
    let control: Value = serde_json::from_slice(&control.payload).unwrap();
    assert_eq!(control["method"], "control");
    assert_eq!(control["version"], 2);
    assert_eq!(control["payload"]["status"], "success");
    assert_eq!(
        control["payload"]["state"],
        json!({"reported": {"color": "red"}, "desired": {"color": "green"}})
    );
    assert!(control["payload"]["metadata"]["desired"]["color"]["timestamp"].is_u64());
    assert!(control["timestamp"].is_u64());

    let (_, doc) = get(emu.http, API).await;
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["state"], control["payload"]["state"]);
    assert_eq!(doc["metadata"], control["payload"]["metadata"]);

    // A string shadowMessage works; the version must grow.
    let (status, body) = post(emu.http, "/api/shadow", set(7, true)).await;
    assert_eq!((status, &body["version"]), (200, &json!(7)), "{body}");
    device
        .message(WAIT)
        .await
        .expect("the second control message");
    let (status, body) = post(emu.http, "/api/shadow", set(7, false)).await;
    assert_eq!(status, 409);
    assert!(body["error"]
        .as_str()
        .unwrap()
        .starts_with("version conflict"));

    // The device takes the desired state and clears it.
    let done = json!({"method": "update", "state": {"reported": {"color": "green"}, "desired": "null"}, "version": 8});
    ask(&mut device, done.to_string().as_bytes()).await;
    let (_, doc) = get(emu.http, API).await;
    assert_eq!(
        doc["state"],
        json!({"reported": {"color": "green"}, "desired": {}})
    );
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn shadow_api_errors() {
    let emu = start().await;
    // Offline: the change is kept, nothing is delivered.
    let message = json!({"method": "update", "state": {"desired": {"a": 1}}, "version": 0});
    let offline = json!({"productKey": PK, "deviceName": DN2, "shadowMessage": message});
    assert_eq!(
        post(emu.http, "/api/shadow", offline).await,
        (200, json!({"version": 1, "delivered": false}))
    );
    let cases = [
        (
            json!({"productKey": PK, "deviceName": "nobody-here", "shadowMessage": message}),
            404,
            "no device",
        ),
        (
            json!({"productKey": PK, "deviceName": DN, "shadowMessage": "{oops"}),
            400,
            "not JSON",
        ),
        (
            json!({"productKey": PK, "deviceName": DN, "shadowMessage": {"method": "update", "state": {"reported": {"a": 1}}, "version": 0}}),
            400,
            "only desired",
        ),
        (
            json!({"productKey": PK, "deviceName": DN, "shadowMessage": {"method": "update", "state": {"desired": {"a": 1}}, "version": -3}}),
            400,
            "whole number",
        ),
        (
            json!({"productKey": PK, "deviceName": DN}),
            400,
            "shadowMessage",
        ),
    ];
    expect_errors(emu.http, "/api/shadow", &cases).await;
    let (status, reply) = get(emu.http, "/api/shadow?productKey=a1MqttDemo1").await;
    assert_eq!(status, 400);
    assert!(reply["error"].as_str().unwrap().contains("deviceName"));
    let (status, _) = get(
        emu.http,
        "/api/shadow?productKey=a1MqttDemo1&deviceName=nobody-here",
    )
    .await;
    assert_eq!(status, 404);
    emu.running.shutdown().await;
}
