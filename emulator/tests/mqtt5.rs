//! MQTT 5 logins on the emulator's Enterprise Edition instance: Aliyun's CONNACK properties,
//! the reason codes of its refusals, the public-instance product that refuses MQTT 5, the
//! version lock seen from 3.1.1 and cleared through the HTTP API, and registration with
//! `securemode=-2`. Messages, aliases and subscriptions are in `mqtt5_messages.rs`.

#[path = "mqtt5/client.rs"]
mod client;
mod common;

use aliyun_emulator::registry::{
    parse_registry, DEMO_DEVICE_2_SECRET, DEMO_DEVICE_SECRET, DEMO_INSTANCE_ID, DEMO_PRODUCT_SECRET,
};
use client::{login, numbered, with_user_properties, Client5};
use common::*;
use mqtt_console::aliyun::{sign, SignMethod};
use mqtt_console::mqtt::Event;
use mqttbytes::v5::ConnectReturnCode;
use serde_json::json;

#[tokio::test]
async fn an_enterprise_login_announces_aliyuns_capabilities() {
    let emu = start().await;
    let (client, ack) = Client5::connected(emu.tcp, &login(DN, DEMO_DEVICE_SECRET, "c5", 90)).await;
    assert!(!ack.session_present);
    let p = ack.properties.expect("CONNACK properties");
    assert_eq!(p.max_qos, Some(1));
    assert_eq!(p.topic_alias_max, Some(20));
    assert_eq!(p.max_packet_size, Some(262_144));
    assert_eq!(p.retain_available, Some(1));
    assert_eq!(p.wildcard_subscription_available, Some(1));
    assert_eq!(p.shared_subscription_available, Some(1));
    assert_eq!(p.subscription_identifiers_available, Some(0));
    assert_eq!(p.server_keep_alive, Some(90), "the client's value, echoed");

    let (_, online) = get(emu.http, "/api/devices/online").await;
    assert_eq!(online["devices"][0]["protocolVersion"], "5.0");
    assert_eq!(online["devices"][0]["mqtt5Locked"], true);
    let connects = log_kind(emu.http, "connect").await;
    assert_eq!(connects[0]["protocolVersion"], "5.0");
    client.disconnect().await;
}

#[tokio::test]
async fn refusals_carry_mqtt5_reason_codes() {
    let emu = start().await;
    let good = || login(DN, DEMO_DEVICE_SECRET, "c5", 60);
    let mut wrong_password = good();
    wrong_password.set_login(format!("{DN}&{PK}"), "00".into());
    let mut bad_client_id = good();
    bad_client_id.client_id = "no-params-here".into();
    let cases = [
        (wrong_password, ConnectReturnCode::BadUserNamePassword),
        (bad_client_id, ConnectReturnCode::ClientIdentifierNotValid),
        (
            login(DN, DEMO_DEVICE_SECRET, "c5", 10),
            ConnectReturnCode::ClientIdentifierNotValid,
        ),
        (
            login(DN, DEMO_DEVICE_SECRET, "c5", 1201),
            ConnectReturnCode::ClientIdentifierNotValid,
        ),
        (
            with_user_properties(good(), numbered(21)),
            ConnectReturnCode::QuotaExceeded,
        ),
    ];
    for (connect, code) in cases {
        let (mut client, ack) = Client5::connect(emu.tcp, &connect).await;
        let ack = ack.expect("a CONNACK");
        assert_eq!(ack.code, code, "{}", connect.client_id);
        let reason = ack.properties.and_then(|p| p.reason_string);
        assert!(reason.is_some_and(|r| !r.is_empty()), "a reason string");
        assert!(
            client.next(WAIT).await.is_none(),
            "closed after the refusal"
        );
    }
    // Twenty user properties are fine.
    let (client, _) =
        Client5::connected(emu.tcp, &with_user_properties(good(), numbered(20))).await;
    client.disconnect().await;
    let connects = log_kind(emu.http, "connect").await;
    assert_eq!(
        connects[0]["userProperties"].as_array().map(Vec::len),
        Some(20)
    );
    assert_eq!(
        connects[0]["userProperties"][0],
        json!({"key": "k1", "value": "v1"})
    );
    // A CONNECT breaking an MQTT 5 rule (a duplicate property) gets CONNACK 0x82.
    let mut bytes = bytes::BytesMut::new();
    good().write(&mut bytes).unwrap();
    let props_at = 2 + 10; // fixed header (2 bytes here) + "MQTT", level, flags, keep alive
    assert_eq!(bytes[props_at], 0, "no properties yet");
    let mut broken = bytes[..props_at].to_vec();
    broken.extend_from_slice(&[6, 0x21, 0, 5, 0x21, 0, 6]);
    broken.extend_from_slice(&bytes[props_at + 1..]);
    broken[1] += 6;
    let mut stream = raw_tcp(emu.tcp, &broken).await;
    let answer = read_all(&mut stream).await;
    assert_eq!(&answer[..4], &[0x20, answer[1], 0x00, 0x82], "{answer:?}");
    let refused = log_kind(emu.http, "connect_refused").await;
    assert!(refused[0]["detail"]
        .as_str()
        .unwrap()
        .starts_with("CONNACK 0x86"));
    assert!(refused[4]["detail"]
        .as_str()
        .unwrap()
        .contains("21 user properties"));
    assert_eq!(refused[4]["protocolVersion"], "5.0");
}

#[tokio::test]
async fn the_version_lock_refuses_311_until_cleared() {
    let emu = start().await;
    let (_, before) = get(emu.http, &lock_path(DN)).await;
    assert_eq!(before["mqtt5Locked"], false);
    let (client, _) = Client5::connected(emu.tcp, &login(DN, DEMO_DEVICE_SECRET, "c5", 60)).await;
    client.disconnect().await;

    let (_, ack) = Client::tcp(emu.tcp, demo_options()).await;
    assert_eq!(ack, Some(Event::Refused { code: 1 }), "3.1.1 after MQTT 5");
    let refused = log_kind(emu.http, "connect_refused").await;
    let detail = refused[0]["detail"].as_str().unwrap();
    assert!(detail.contains("version lock"), "{detail}");
    assert_eq!(refused[0]["protocolVersion"], "3.1.1");
    let (_, locked) = get(emu.http, &lock_path(DN)).await;
    assert_eq!(locked["mqtt5Locked"], true);
    // Another device is not affected.
    let other = device_options(DN2, DEMO_DEVICE_2_SECRET, "other");
    let (_, ack) = Client::tcp(emu.tcp, other).await;
    assert!(matches!(ack, Some(Event::Connected { .. })));

    let (status, cleared) = http(emu.http, "DELETE", &lock_path(DN), None).await;
    assert_eq!(status, 200);
    assert_eq!(cleared["cleared"], true);
    assert_eq!(cleared["mqtt5Locked"], false);
    let (_, ack) = Client::tcp(emu.tcp, demo_options()).await;
    assert!(matches!(ack, Some(Event::Connected { .. })), "{ack:?}");
    let (status, _) = get(emu.http, &lock_path("nobody-here")).await;
    assert_eq!(status, 404);
}

fn lock_path(device_name: &str) -> String {
    format!("/api/version-lock?productKey={PK}&deviceName={device_name}")
}

#[tokio::test]
async fn a_public_instance_product_refuses_mqtt5() {
    let registry = r#"
        [[product]]
        product_key = "a1PublicOne"
        edition = "public"
        [[product.device]]
        device_name = "old-device"
        device_secret = "s3cret"
    "#;
    let emu = start_with(|config| {
        config.registry = parse_registry(registry, "test.toml").unwrap();
    })
    .await;
    let content = "clientIdolddeviceNameold-deviceproductKeya1PublicOne";
    let mut connect = mqttbytes::v5::Connect::new("old|securemode=3,signmethod=hmacsha1|");
    connect.keep_alive = 60;
    connect.set_login(
        "old-device&a1PublicOne".to_string(),
        sign(SignMethod::HmacSha1, "s3cret", content),
    );
    let (_, ack) = Client5::connect(emu.tcp, &connect).await;
    assert_eq!(
        ack.expect("a CONNACK").code,
        ConnectReturnCode::UnsupportedProtocolVersion
    );
    let refused = log_kind(emu.http, "connect_refused").await;
    assert!(refused[0]["detail"]
        .as_str()
        .unwrap()
        .contains("public instance"));
    // The same device on 3.1.1 is welcome, and was not locked.
    let mut options = device_options("old-device", "s3cret", "old");
    options.username = Some("old-device&a1PublicOne".into());
    options.password = Some(sign(SignMethod::HmacSha1, "s3cret", content));
    let (_, ack) = Client::tcp(emu.tcp, options).await;
    assert!(matches!(ack, Some(Event::Connected { .. })), "{ack:?}");
}

/// `securemode=-2` registration names the instance; over MQTT 5 too.
#[tokio::test]
async fn registration_on_the_instance() {
    let emu = start().await;
    let content = format!("deviceNamedynreg-demoproductKey{PK}random9");
    let password = sign(SignMethod::HmacSha256, DEMO_PRODUCT_SECRET, &content);
    let client_id = |instance: &str| {
        format!("r|securemode=-2,authType=register,random=9,signmethod=hmacsha256{instance}|")
    };
    let options = |id: String| mqtt_console::mqtt::ConnectOptions {
        client_id: id,
        username: Some(format!("dynreg-demo&{PK}")),
        password: Some(password.clone()),
        keepalive_secs: 0,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: Default::default(),
    };
    let (_, missing) = Client::tcp(emu.tcp, options(client_id(""))).await;
    assert_eq!(missing, Some(Event::Refused { code: 2 }));
    let (_, wrong) = Client::tcp(emu.tcp, options(client_id(",instanceId=iot-0000other0"))).await;
    assert_eq!(wrong, Some(Event::Refused { code: 4 }));

    let mut connect =
        mqttbytes::v5::Connect::new(client_id(&format!(",instanceId={DEMO_INSTANCE_ID}")));
    connect.keep_alive = 0;
    connect.set_login(format!("dynreg-demo&{PK}"), password.clone());
    let (mut client, _) = Client5::connected(emu.tcp, &connect).await;
    let Some(push) = client.message(WAIT).await else {
        panic!("no /ext/register push");
    };
    assert_eq!(push.topic, "/ext/register");
    let doc: serde_json::Value = serde_json::from_slice(&push.payload).unwrap();
    assert_eq!(doc["deviceName"], "dynreg-demo");
    // A registration does not lock the device to MQTT 5.
    let (_, lock) = get(emu.http, &lock_path("dynreg-demo")).await;
    assert_eq!(
        lock,
        json!({"productKey": PK, "deviceName": "dynreg-demo", "mqtt5Locked": false})
    );
    client.disconnect().await;
}
