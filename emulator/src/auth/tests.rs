use mqtt_console::aliyun::{sign, SignMethod};

use super::*;
use crate::registry::{demo_registry, DEMO_DEVICE_SECRET, DEMO_PRODUCT_SECRET};

const PK: &str = "a1MqttDemo1";
const DN: &str = "console-demo";

fn request<'a>(client_id: &'a str, username: &'a str, password: &'a str) -> ConnectRequest<'a> {
    ConnectRequest {
        client_id,
        username: Some(username),
        password: Some(password),
        keep_alive: 60,
    }
}

fn signed(method: SignMethod, client_id: &str, timestamp: Option<&str>) -> String {
    let mut content = format!("clientId{client_id}deviceName{DN}productKey{PK}");
    if let Some(ts) = timestamp {
        content.push_str(&format!("timestamp{ts}"));
    }
    sign(method, DEMO_DEVICE_SECRET, &content)
}

fn code_of(result: Result<Login, Refusal>) -> u8 {
    match result {
        Ok(_) => 0,
        Err(r) => r.code,
    }
}

#[test]
fn each_sign_method_with_and_without_timestamp() {
    for method in SignMethod::ALL {
        let mut registry = demo_registry().unwrap();
        let with_ts = format!(
            "c1|securemode=3,signmethod={},timestamp=789|",
            method.as_str()
        );
        let password = signed(method, "c1", Some("789"));
        let login = authenticate(
            &request(&with_ts, "console-demo&a1MqttDemo1", &password),
            &mut registry,
        );
        assert_eq!(
            login,
            Ok(Login::Device {
                key: DeviceKey::new(PK, DN),
                client_id: "c1".into()
            })
        );
        let without_ts = format!(
            "c1|signmethod={},securemode=2|",
            method.as_str().to_uppercase()
        );
        let password = signed(method, "c1", None).to_lowercase();
        let login = authenticate(
            &request(&without_ts, "console-demo&a1MqttDemo1", &password),
            &mut registry,
        );
        assert_eq!(
            code_of(login),
            0,
            "{method:?} without timestamp, lowercase hex"
        );
        // The timestamp is part of the signature: signing without it fails when it is sent.
        let login = authenticate(
            &request(&with_ts, "console-demo&a1MqttDemo1", &password),
            &mut registry,
        );
        assert_eq!(code_of(login), 4);
    }
}

#[test]
fn first_login_activates() {
    let mut registry = demo_registry().unwrap();
    let key = DeviceKey::new(PK, DN);
    assert!(!registry.device(&key).unwrap().activated);
    let id = "c|securemode=3,signmethod=hmacsha1|";
    let password = signed(SignMethod::HmacSha1, "c", None);
    authenticate(
        &request(id, "console-demo&a1MqttDemo1", &password),
        &mut registry,
    )
    .unwrap();
    assert!(registry.device(&key).unwrap().activated);
}

#[test]
fn refusal_codes() {
    let mut registry = demo_registry().unwrap();
    let good_pw = signed(SignMethod::HmacSha1, "c", None);
    let user = "console-demo&a1MqttDemo1";
    let cases: Vec<(&str, &str, &str, u8)> = vec![
        ("c", user, &good_pw, 2),
        ("c|signmethod=hmacsha1|", user, &good_pw, 2),
        ("c|securemode=1,signmethod=hmacsha1|", user, &good_pw, 2),
        ("c|securemode=3|", user, &good_pw, 2),
        ("c|securemode=3,signmethod=sha256|", user, &good_pw, 2),
        (
            "c|securemode=3,signmethod=hmacsha1,authType=other|",
            user,
            &good_pw,
            2,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "console-demo",
            &good_pw,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "console-demo&nope",
            &good_pw,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "nobody-here&a1MqttDemo1",
            &good_pw,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "console-demo-2&a1MqttDemo1",
            &good_pw,
            4,
        ),
        (
            "c|securemode=3,signmethod=hmacsha1|",
            "dynreg-demo&a1MqttDemo1",
            &good_pw,
            4,
        ),
        ("c|securemode=3,signmethod=hmacsha1|", user, "00", 4),
        ("c|securemode=3,signmethod=hmacsha1|", user, &good_pw, 0),
    ];
    for (client_id, username, password, expected) in cases {
        let got = code_of(authenticate(
            &request(client_id, username, password),
            &mut registry,
        ));
        assert_eq!(got, expected, "{client_id} {username}");
    }
}

#[test]
fn keepalive_bounds() {
    let mut registry = demo_registry().unwrap();
    let id = "c|securemode=3,signmethod=hmacsha1|";
    let password = signed(SignMethod::HmacSha1, "c", None);
    for (keep_alive, expected) in [(0, 2), (29, 2), (30, 0), (1200, 0), (1201, 2)] {
        let req = ConnectRequest {
            keep_alive,
            ..request(id, "console-demo&a1MqttDemo1", &password)
        };
        assert_eq!(
            code_of(authenticate(&req, &mut registry)),
            expected,
            "{keep_alive}"
        );
    }
}

fn register_password(dn: &str, random: &str) -> String {
    let content = format!("deviceName{dn}productKey{PK}random{random}");
    sign(SignMethod::HmacSha256, DEMO_PRODUCT_SECRET, &content)
}

#[test]
fn register_issues_a_new_secret_until_activated() {
    let mut registry = demo_registry().unwrap();
    let key = DeviceKey::new(PK, "dynreg-demo");
    let id = "d|securemode=2,authType=register,random=42,signmethod=hmacsha256|";
    let password = register_password("dynreg-demo", "42");
    let req = ConnectRequest {
        keep_alive: 0,
        ..request(id, "dynreg-demo&a1MqttDemo1", &password)
    };
    let first = authenticate(&req, &mut registry).unwrap();
    let secret1 = registry
        .device(&key)
        .unwrap()
        .device_secret
        .clone()
        .unwrap();
    let Login::Registration { reply, .. } = first else {
        panic!("not a registration")
    };
    assert_eq!(reply.topic, "/ext/register");
    let doc: serde_json::Value = serde_json::from_slice(&reply.payload).unwrap();
    assert_eq!(doc["deviceSecret"], secret1.as_str());
    authenticate(&req, &mut registry).unwrap();
    let secret2 = registry
        .device(&key)
        .unwrap()
        .device_secret
        .clone()
        .unwrap();
    assert_ne!(secret1, secret2);
    registry.device_mut(&key).unwrap().activated = true;
    assert_eq!(code_of(authenticate(&req, &mut registry)), 4);
}

#[test]
fn register_refusals() {
    let mut registry = demo_registry().unwrap();
    let user = "dynreg-demo&a1MqttDemo1";
    let pw = register_password("dynreg-demo", "42");
    let cases: Vec<(&str, &str, String, u8)> =
        vec![
        ("d|securemode=3,authType=register,random=42,signmethod=hmacsha256|", user, pw.clone(), 2),
        ("d|securemode=2,authType=register,signmethod=hmacsha256|", user, pw.clone(), 2),
        ("d|securemode=2,authType=register,random=42|", user, pw.clone(), 2),
        ("d|securemode=2,authType=register,random=43,signmethod=hmacsha256|", user, pw.clone(), 4),
        (
            "d|securemode=2,authType=register,random=1,signmethod=hmacsha256|",
            "never-added&a1MqttDemo1",
            register_password("never-added", "1"),
            4,
        ),
        (
            "d|securemode=-2,authType=register,random=42,signmethod=hmacsha256,instanceId=iot-06z00emu1demo|",
            user,
            pw.clone(),
            0,
        ),
    ];
    for (client_id, username, password, expected) in cases {
        let req = request(client_id, username, &password);
        assert_eq!(
            code_of(authenticate(&req, &mut registry)),
            expected,
            "{client_id}"
        );
    }
}

#[test]
fn regnwl_then_connwl() {
    let mut registry = demo_registry().unwrap();
    let user = "brand-new-1&a1MqttDemo1";
    let id = "sn-0001|securemode=-2,authType=regnwl,random=7,signmethod=hmacsha256,instanceId=iot-06z00emu1demo|";
    let password = register_password("brand-new-1", "7");
    let req = request(id, user, &password);
    let Login::Registration { reply, .. } = authenticate(&req, &mut registry).unwrap() else {
        panic!("not a registration")
    };
    assert_eq!(reply.topic, "/ext/regnwl");
    let doc: serde_json::Value = serde_json::from_slice(&reply.payload).unwrap();
    assert_eq!(doc["clientId"], "sn-0001");
    let token = doc["deviceToken"].as_str().unwrap().to_string();

    let connwl = "sn-0001|securemode=-2,authType=connwl|";
    let login = authenticate(&request(connwl, user, &token), &mut registry);
    assert_eq!(code_of(login), 0);
    let wrong_client = "sn-0002|securemode=-2,authType=connwl|";
    assert_eq!(
        code_of(authenticate(
            &request(wrong_client, user, &token),
            &mut registry
        )),
        4
    );
    assert_eq!(
        code_of(authenticate(&request(connwl, user, "nope"), &mut registry)),
        4
    );
    let wrong_mode = "sn-0001|securemode=2,authType=connwl|";
    assert_eq!(
        code_of(authenticate(
            &request(wrong_mode, user, &token),
            &mut registry
        )),
        2
    );
}

#[test]
fn dynamic_registration_off_is_refused() {
    let mut registry = crate::registry::Registry::new();
    registry
        .add_cli_device(&DeviceKey::new("pk1", "dev1"), "s")
        .unwrap();
    let id = "d|securemode=2,authType=register,random=1,signmethod=hmacsha1|";
    let req = request(id, "dev1&pk1", "00");
    let refusal = authenticate(&req, &mut registry).unwrap_err();
    assert_eq!(refusal.code, 4);
    assert!(refusal.reason.contains("off"), "{}", refusal.reason);
}
