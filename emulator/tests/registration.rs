//! Dynamic registration over MQTT: `register` (pre-registered device → DeviceSecret), `regnwl`
//! (no pre-registration → device token) and the `connwl` login that uses the token.

mod common;

use std::time::Duration;

use aliyun_emulator::registry::DEMO_PRODUCT_SECRET;
use common::*;
use mqtt_console::aliyun::{sign, SignMethod};
use mqtt_console::mqtt::{ConnectOptions, Event, QoS};
use serde_json::Value;

fn registration(
    device_name: &str,
    auth_type: &str,
    random: &str,
    client_id: &str,
) -> ConnectOptions {
    let content = format!("deviceName{device_name}productKey{PK}random{random}");
    ConnectOptions {
        client_id: format!(
            "{client_id}|securemode=2,authType={auth_type},random={random},signmethod=hmacsha256|"
        ),
        username: Some(format!("{device_name}&{PK}")),
        password: Some(sign(SignMethod::HmacSha256, DEMO_PRODUCT_SECRET, &content)),
        // Aliyun does not check keepalive on registration connections.
        keepalive_secs: 0,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    }
}

#[tokio::test]
async fn register_returns_a_secret_that_then_logs_in() {
    let emu = start().await;
    let (mut reg, ack) = Client::tcp(
        emu.tcp,
        registration("dynreg-demo", "register", "r1", "reg-1"),
    )
    .await;
    assert!(matches!(ack, Some(Event::Connected { .. })), "{ack:?}");
    // Pushed without any SUBSCRIBE.
    let message = reg.message(WAIT).await.expect("the /ext/register push");
    assert_eq!(message.topic, "/ext/register");
    assert_eq!(message.qos, QoS::AtMostOnce);
    let doc: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(doc["productKey"], PK);
    assert_eq!(doc["deviceName"], "dynreg-demo");
    let secret = doc["deviceSecret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 32);
    reg.disconnect().await;

    let device =
        Client::connected_tcp(emu.tcp, device_options("dynreg-demo", &secret, "after")).await;
    device.disconnect().await;
    // Activated now: Aliyun registers it again only after a reset.
    let (_, ack) = Client::tcp(
        emu.tcp,
        registration("dynreg-demo", "register", "r2", "reg-2"),
    )
    .await;
    assert_eq!(ack, Some(Event::Refused { code: 4 }));
    let registered = log_kind(emu.http, "register").await;
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0]["topic"], "/ext/register");
    emu.running.shutdown().await;
}

#[tokio::test]
async fn the_server_closes_a_registration_connection_and_ignores_other_packets() {
    let emu = start_with(|c| c.register_close = Duration::from_millis(300)).await;
    let (mut reg, _) =
        Client::tcp(emu.tcp, registration("dynreg-demo", "register", "r", "reg")).await;
    assert!(reg.message(WAIT).await.is_some());
    // A SUBSCRIBE goes unanswered; then the server closes on its own.
    let packet = [0x82, 0x08, 0x00, 0x01, 0x00, 0x03, b'/', b'a', b'b', 0x00];
    reg.send_raw(&packet).await.unwrap();
    assert!(reg.closed_within(WAIT).await);
    assert!(log_kind(emu.http, "subscribe").await.is_empty());
    let ended = log_kind(emu.http, "disconnect").await;
    assert!(
        ended[0]["detail"]
            .as_str()
            .unwrap()
            .contains("after 300 ms"),
        "{}",
        ended[0]
    );
    emu.running.shutdown().await;
}

#[tokio::test]
async fn regnwl_hands_out_a_token_for_connwl() {
    let emu = start().await;
    let options = registration("new-sensor-7", "regnwl", "99", "sn-7");
    let (mut reg, ack) = Client::ws(emu.ws, "/mqtt", options).await;
    assert!(matches!(ack, Some(Event::Connected { .. })), "{ack:?}");
    let message = reg.message(WAIT).await.expect("the /ext/regnwl push");
    assert_eq!(message.topic, "/ext/regnwl");
    let doc: Value = serde_json::from_slice(&message.payload).unwrap();
    assert_eq!(doc["clientId"], "sn-7");
    assert_eq!(doc["deviceName"], "new-sensor-7");
    let token = doc["deviceToken"].as_str().unwrap().to_string();
    reg.disconnect().await;

    let connwl = |client_id: &str, token: &str| ConnectOptions {
        client_id: format!("{client_id}|securemode=-2,authType=connwl,_ss=1,ext=3|"),
        username: Some(format!("new-sensor-7&{PK}")),
        password: Some(token.to_string()),
        keepalive_secs: 60,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    };
    let (_, ack) = Client::tcp(emu.tcp, connwl("sn-7", "wrong")).await;
    assert_eq!(ack, Some(Event::Refused { code: 4 }));
    let device = Client::connected_tcp(emu.tcp, connwl("sn-7", &token)).await;
    let (_, online) = get(emu.http, "/api/devices/online").await;
    assert_eq!(online["devices"][0]["deviceName"], "new-sensor-7");
    device.disconnect().await;
    emu.running.shutdown().await;
}

#[tokio::test]
async fn registration_needs_the_product_secret() {
    let emu = start().await;
    let mut options = registration("dynreg-demo", "register", "r1", "reg");
    options.password = Some("00".repeat(32));
    let (_, ack) = Client::tcp(emu.tcp, options).await;
    assert_eq!(ack, Some(Event::Refused { code: 4 }));
    let mut options = registration("dynreg-demo", "register", "r1", "reg");
    options.client_id = "reg|securemode=2,authType=register,signmethod=hmacsha256|".into();
    let (_, ack) = Client::tcp(emu.tcp, options).await;
    assert_eq!(ack, Some(Event::Refused { code: 2 }), "random is required");
    emu.running.shutdown().await;
}
