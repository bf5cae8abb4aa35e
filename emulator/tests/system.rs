//! What the cloud answers by itself: NTP, Alink post replies, RRPC through the HTTP API.

mod common;

use aliyun_emulator::clock::now_ms;
use aliyun_emulator::registry::DEMO_DEVICE_SECRET;
use common::*;
use mqtt_console::mqtt::{QoS, SubscribeOutcome};
use serde_json::{json, Value};

const SYS: &str = "/sys/a1MqttDemo1/console-demo";

fn as_ms(v: &Value) -> u64 {
    v.as_str()
        .expect("a string of milliseconds")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn ntp_reply_carries_the_server_times() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let response = "/ext/ntp/a1MqttDemo1/console-demo/response";
    assert_eq!(
        device.subscribe(response, QoS::AtMostOnce).await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    let before = now_ms();
    let request = json!({ "deviceSendTime": "1571724098000" }).to_string();
    device
        .publish(
            "/ext/ntp/a1MqttDemo1/console-demo/request",
            request.as_bytes(),
            QoS::AtMostOnce,
        )
        .await;
    let message = device.message(WAIT).await.expect("the NTP response");
    let after = now_ms();
    assert_eq!(message.topic, response);
    let doc: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(doc["deviceSendTime"], "1571724098000");
    let recv = as_ms(&doc["serverRecvTime"]);
    let send = as_ms(&doc["serverSendTime"]);
    assert!(
        before <= recv && recv <= send && send <= after,
        "{before} {recv} {send} {after}"
    );
    // The device's formula then gives a time within the exchange.
    let device_recv = after;
    let device_time = (recv + send + device_recv - 1_571_724_098_000) / 2;
    assert!(device_time >= before, "{device_time}");
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn property_post_gets_200_or_460_and_ack_zero_gets_nothing() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let post_topic = format!("{SYS}/thing/event/property/post");
    let reply_topic = format!("{post_topic}_reply");
    assert_eq!(
        device.subscribe(&reply_topic, QoS::AtLeastOnce).await,
        SubscribeOutcome::Granted(QoS::AtLeastOnce)
    );

    let request = json!({"id": "123", "version": "1.0", "params": {"temp": 21.5}, "method": "thing.event.property.post"});
    device
        .publish(
            &post_topic,
            request.to_string().as_bytes(),
            QoS::AtLeastOnce,
        )
        .await;
    let message = device.message(WAIT).await.expect("post_reply");
    assert_eq!(message.topic, reply_topic);
    let reply: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(
        reply,
        json!({"code": 200, "data": {}, "id": "123", "message": "success", "method": "thing.event.property.post", "version": "1.0"})
    );

    device
        .publish(&post_topic, b"{not json", QoS::AtMostOnce)
        .await;
    let reply: Value =
        serde_json::from_slice(&device.message(WAIT).await.unwrap().payload).unwrap();
    assert_eq!(reply["code"], 460);
    device
        .publish(&post_topic, br#"{"params":{}}"#, QoS::AtMostOnce)
        .await;
    let reply: Value =
        serde_json::from_slice(&device.message(WAIT).await.unwrap().payload).unwrap();
    assert_eq!(reply["code"], 460);
    assert!(reply["message"].as_str().unwrap().contains("id"), "{reply}");

    let quiet = json!({"id": "5", "sys": {"ack": 0}, "params": {"humidity": 40}});
    device
        .publish(&post_topic, quiet.to_string().as_bytes(), QoS::AtMostOnce)
        .await;
    assert!(
        device.message(QUIET).await.is_none(),
        "sys.ack = 0 asks for no reply"
    );

    let (status, props) = get(
        emu.http,
        "/api/properties?productKey=a1MqttDemo1&deviceName=console-demo",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(props["properties"], json!({"temp": 21.5, "humidity": 40}));
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn event_post_reply_and_replies_need_a_subscription() {
    let emu = start().await;
    let mut device = Client::connected_tcp(emu.tcp, demo_options()).await;
    let event = format!("{SYS}/thing/event/alarm/post");
    device
        .publish(
            &event,
            br#"{"id":"1","params":{"value":{"level":3}}}"#,
            QoS::AtMostOnce,
        )
        .await;
    assert!(
        device.message(QUIET).await.is_none(),
        "not subscribed: no reply"
    );
    let down = log_kind(emu.http, "publish_down").await;
    assert!(
        down[0]["detail"]
            .as_str()
            .unwrap()
            .contains("no subscription"),
        "{}",
        down[0]
    );

    let filter = format!("{SYS}/thing/event/+/post_reply");
    assert_eq!(
        device.subscribe(&filter, QoS::AtMostOnce).await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    device
        .publish(
            &event,
            br#"{"id":"2","params":{"value":{"level":3}}}"#,
            QoS::AtMostOnce,
        )
        .await;
    let message = device.message(WAIT).await.expect("the event reply");
    assert_eq!(message.topic, format!("{event}_reply"));
    let reply: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(reply["method"], "thing.event.alarm.post");
    assert_eq!(reply["id"], "2");
    assert_eq!(reply["code"], 200);
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn rrpc_success_timeout_and_offline() {
    let emu = start().await;
    let call = |device: &str, timeout: u64| json!({"productKey": PK, "deviceName": device, "payload": "ping", "timeoutMs": timeout});
    let (status, body) = post(emu.http, "/api/rrpc", call(DN2, 8000)).await;
    assert_eq!((status, body), (200, json!({"rrpcCode": "OFFLINE"})));

    let mut device =
        Client::connected_tcp(emu.tcp, device_options(DN, DEMO_DEVICE_SECRET, "rrpc")).await;
    let (_, body) = post(emu.http, "/api/rrpc", call(DN, 150)).await;
    assert_eq!(
        body["rrpcCode"], "TIMEOUT",
        "online but not subscribed: {body}"
    );
    assert!(body["messageId"].as_str().unwrap().parse::<u64>().is_ok());

    let filter = format!("{SYS}/rrpc/request/+");
    assert_eq!(
        device.subscribe(&filter, QoS::AtMostOnce).await,
        SubscribeOutcome::Granted(QoS::AtMostOnce)
    );
    let http = emu.http;
    let pending = tokio::spawn(async move { post(http, "/api/rrpc", call(DN, 8000)).await });
    let request = device.message(WAIT).await.expect("the RRPC request");
    assert_eq!(request.payload, b"ping");
    let message_id = request.topic.rsplit('/').next().unwrap().to_string();
    assert!(request.topic.starts_with(&format!("{SYS}/rrpc/request/")));
    device
        .publish(
            &format!("{SYS}/rrpc/response/{message_id}"),
            b"pong",
            QoS::AtMostOnce,
        )
        .await;
    let (status, body) = pending.await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"rrpcCode": "SUCCESS", "messageId": message_id, "payload": "pong", "payloadBase64": "cG9uZw=="})
    );

    // Nobody answers: TIMEOUT after the requested time.
    let (_, body) = post(emu.http, "/api/rrpc", call(DN, 100)).await;
    assert_eq!(body["rrpcCode"], "TIMEOUT");
    device
        .message(WAIT)
        .await
        .expect("that request was delivered too");

    let (status, _) = post(emu.http, "/api/rrpc", call("nobody-here", 100)).await;
    assert_eq!(status, 404);
    let (status, body) = post(emu.http, "/api/rrpc", call(DN, 9000)).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("timeoutMs"));
    device.disconnect().await;
    emu.running.shutdown().await;
}
