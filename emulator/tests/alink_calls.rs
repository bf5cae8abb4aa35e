//! Cloud → device Alink calls through the HTTP API: service calls and property set, with the
//! device's `_reply` routed back to the caller.

mod common;

use aliyun_emulator::registry::{DEMO_DEVICE_2_SECRET, DEMO_DEVICE_SECRET};
use common::*;
use mqtt_console::mqtt::{QoS, SubscribeOutcome};
use serde_json::{json, Value};

const SYS: &str = "/sys/a1MqttDemo1/console-demo";

/// A demo device subscribed to every service request.
async fn service_device(emu: &Emu) -> Client {
    let mut device =
        Client::connected_tcp(emu.tcp, device_options(DN, DEMO_DEVICE_SECRET, "svc")).await;
    assert_eq!(
        device
            .subscribe(&format!("{SYS}/thing/service/#"), QoS::AtMostOnce)
            .await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    device
}

/// Receives the next request and checks its topic and Alink fields; returns its id.
async fn request_of(device: &mut Client, service: &str, params: Value) -> String {
    let message = device.message(WAIT).await.expect("the Alink request");
    assert_eq!(message.topic, format!("{SYS}/thing/service/{service}"));
    assert_eq!(message.qos, QoS::AtMostOnce);
    let request: Value = serde_json::from_slice(&message.payload).unwrap();
    let id = request["id"].as_str().expect("a string id").to_string();
    assert!(id.parse::<u64>().is_ok(), "{id}");
    assert_eq!(
        request,
        json!({"id": id, "version": "1.0", "params": params, "method": format!("thing.service.{}", service.replace('/', "."))})
    );
    id
}

fn pending(emu: &Emu) -> usize {
    emu.running.broker().pending_calls()
}

#[tokio::test]
async fn a_service_call_returns_the_device_reply() {
    let emu = start().await;
    let mut device = service_device(&emu).await;
    let http = emu.http;
    let call = tokio::spawn(async move {
        let body = json!({"productKey": PK, "deviceName": DN, "identifier": "reboot", "params": {"delay": 3}});
        post(http, "/api/service", body).await
    });
    let id = request_of(&mut device, "reboot", json!({"delay": 3})).await;
    let reply_topic = format!("{SYS}/thing/service/reboot_reply");
    // None of these answer the call: not JSON, no id, another id, another service's topic.
    for (topic, payload) in [
        (reply_topic.clone(), "not json".to_string()),
        (reply_topic.clone(), json!({"code": 200}).to_string()),
        (
            reply_topic.clone(),
            json!({"id": "1", "code": 500}).to_string(),
        ),
        (
            format!("{SYS}/thing/service/other_reply"),
            json!({"id": id, "code": 500}).to_string(),
        ),
    ] {
        device
            .publish(&topic, payload.as_bytes(), QoS::AtLeastOnce)
            .await;
    }
    // Nor does the same id from another device.
    let mut other =
        Client::connected_tcp(emu.tcp, device_options(DN2, DEMO_DEVICE_2_SECRET, "o")).await;
    let other_reply = json!({"id": id, "code": 500}).to_string();
    other
        .publish(
            "/sys/a1MqttDemo1/console-demo-2/thing/service/reboot_reply",
            other_reply.as_bytes(),
            QoS::AtLeastOnce,
        )
        .await;
    assert!(!call.is_finished());
    assert_eq!(pending(&emu), 1);

    // A numeric id matches too.
    let numeric: u64 = id.parse().unwrap();
    let reply = json!({"id": numeric, "code": 200, "data": {"done": true}, "message": "success"});
    device
        .publish(&reply_topic, reply.to_string().as_bytes(), QoS::AtMostOnce)
        .await;
    let (status, body) = call.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"id": id, "code": 200, "data": {"done": true}, "message": "success"})
    );
    assert_eq!(pending(&emu), 0);
    // Every reply is in the log as publish_up.
    assert_eq!(log_kind(emu.http, "publish_up").await.len(), 6);
    other.disconnect().await;
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn property_set_records_the_items_when_the_device_says_200() {
    let emu = start().await;
    let mut device = service_device(&emu).await;
    let set = |items: Value| {
        let http = emu.http;
        tokio::spawn(async move {
            let body =
                json!({"productKey": PK, "deviceName": DN, "items": items, "timeoutMs": 5000});
            post(http, "/api/properties/set", body).await
        })
    };
    let reply_topic = format!("{SYS}/thing/service/property/set_reply");

    let call = set(json!({"LightSwitch": 1, "Brightness": 80}));
    let id = request_of(
        &mut device,
        "property/set",
        json!({"LightSwitch": 1, "Brightness": 80}),
    )
    .await;
    let reply = json!({"id": id, "code": 200, "data": {}, "version": "1.0"});
    device
        .publish(&reply_topic, reply.to_string().as_bytes(), QoS::AtMostOnce)
        .await;
    let (status, body) = call.await.unwrap();
    assert_eq!(
        (status, body),
        (200, json!({"id": id, "code": 200, "data": {}}))
    );
    let path = "/api/properties?productKey=a1MqttDemo1&deviceName=console-demo";
    let (_, props) = get(emu.http, path).await;
    assert_eq!(
        props["properties"],
        json!({"LightSwitch": 1, "Brightness": 80})
    );

    // A refusal is passed on, and the values stay as they were.
    let call = set(json!({"Brightness": 300}));
    let id = request_of(&mut device, "property/set", json!({"Brightness": 300})).await;
    let reply = json!({"id": id, "code": 9201, "message": "out of range"});
    device
        .publish(&reply_topic, reply.to_string().as_bytes(), QoS::AtMostOnce)
        .await;
    let (_, body) = call.await.unwrap();
    assert_eq!(
        body,
        json!({"id": id, "code": 9201, "data": null, "message": "out of range"})
    );
    let (_, props) = get(emu.http, path).await;
    assert_eq!(props["properties"]["Brightness"], 80);
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn timeout_offline_and_bad_requests() {
    let emu = start().await;
    let call = |device: &str, identifier: &str, timeout: u64| json!({"productKey": PK, "deviceName": device, "identifier": identifier, "params": {}, "timeoutMs": timeout});
    assert_eq!(
        post(emu.http, "/api/service", call(DN, "reboot", 100)).await,
        (200, json!({"offline": true}))
    );
    let offline_set = json!({"productKey": PK, "deviceName": DN, "items": {"a": 1}});
    assert_eq!(
        post(emu.http, "/api/properties/set", offline_set).await,
        (200, json!({"offline": true}))
    );
    assert!(log_kind(emu.http, "publish_down").await.is_empty());

    let mut device = service_device(&emu).await;
    let (status, body) = post(emu.http, "/api/service", call(DN, "reboot", 100)).await;
    assert_eq!(status, 200);
    assert_eq!(body["timeout"], true, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(body, json!({"id": id, "timeout": true}));
    assert_eq!(pending(&emu), 0, "a timed-out call is forgotten");
    device.message(WAIT).await.expect("the request was sent");
    // A late answer is ignored.
    let late = json!({"id": id, "code": 200}).to_string();
    device
        .publish(
            &format!("{SYS}/thing/service/reboot_reply"),
            late.as_bytes(),
            QoS::AtLeastOnce,
        )
        .await;
    assert_eq!(pending(&emu), 0);

    let cases = [
        (call("nobody-here", "reboot", 100), 404, "no device"),
        (call(DN, "property/set", 100), 400, "/api/properties/set"),
        (call(DN, "re-boot", 100), 400, "only letters"),
        (call(DN, "", 100), 400, "1 to 50"),
        (call(DN, "reboot", 9000), 400, "timeoutMs"),
        (call(DN, "reboot", 0), 400, "timeoutMs"),
        (
            json!({"productKey": PK, "deviceName": DN, "identifier": "reboot", "params": [1]}),
            400,
            "params must be a JSON object",
        ),
        (
            json!({"productKey": PK, "deviceName": DN, "identifier": "reboot"}),
            400,
            "params",
        ),
        (
            json!({"productKey": PK, "deviceName": DN, "identifier": "reboot", "params": {}, "extra": 1}),
            400,
            "unknown field",
        ),
    ];
    expect_errors(emu.http, "/api/service", &cases).await;
    let (status, reply) = post(
        emu.http,
        "/api/properties/set",
        json!({"productKey": PK, "deviceName": DN, "items": "x"}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        reply["error"].as_str().unwrap().contains("items"),
        "{reply}"
    );
    device.disconnect().await;
    emu.running.shutdown().await;
}
