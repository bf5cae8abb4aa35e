//! The registration's tests, and the test device and cloud packets the layers above reuse.

use super::*;
use crate::aliyun::SignMethod;
use crate::mqtt::tests as wire;
use crate::mqtt::QoS;
use mqttbytes::v4;

/// A device that registers against a plain `ws://` test endpoint; its secret is what a
/// registration gives, so it is empty.
pub(crate) fn device() -> AliyunDevice {
    AliyunDevice {
        product_key: "a1Pk".into(),
        device_name: "dev-1".into(),
        device_secret: String::new(),
        host: "127.0.0.1:8443".into(),
        tls: false,
        client_id: "c1".into(),
        sign_method: SignMethod::HmacSha256,
        ..AliyunDevice::default()
    }
}

/// The cloud's CONNACK of a registration connection (which never resumes a session).
pub(crate) fn connack(code: v4::ConnectReturnCode) -> Vec<u8> {
    wire::connack(false, code)
}

/// The answer the cloud pushes on `topic`.
pub(crate) fn answer(topic: &str, payload: &str) -> Vec<u8> {
    wire::publish(topic, QoS::AtMostOnce, 0, payload.as_bytes())
}

#[test]
fn credentials_sign_with_the_product_secret() {
    let c = registration_credentials(&device(), "ps", RegisterMode::Register, 42).unwrap();
    assert_eq!(
        c.client_id,
        "c1|securemode=2,authType=register,random=42,signmethod=hmacsha256|"
    );
    assert_eq!(c.username, "dev-1&a1Pk");
    assert_eq!(
        c.password,
        sign(
            SignMethod::HmacSha256,
            "ps",
            "deviceNamedev-1productKeya1Pkrandom42"
        )
    );
    assert_eq!(c.url, "ws://127.0.0.1:8443/");
    let c = registration_credentials(&device(), "ps", RegisterMode::Regnwl, 7).unwrap();
    assert!(c.client_id.contains("authType=regnwl,random=7"));
}

// Independent vector: python3 -c "import hmac,hashlib;print(hmac.new(b'ps',
// b'deviceNamedev-1productKeya1Pkrandom42',hashlib.sha1).hexdigest().upper())"
#[test]
fn sha1_vector() {
    let d = AliyunDevice {
        sign_method: SignMethod::HmacSha1,
        ..device()
    };
    let c = registration_credentials(&d, "ps", RegisterMode::Register, 42).unwrap();
    assert_eq!(c.password, "4A8805873742204B287C992734EC887EFFB09F10");
}

#[test]
fn a_known_instance_makes_the_securemode_minus_2_registration() {
    let behind_a_proxy = AliyunDevice {
        instance_id: "iot-06z00emu1demo".into(),
        ..device()
    };
    let c = registration_credentials(&behind_a_proxy, "ps", RegisterMode::Register, 42).unwrap();
    assert_eq!(
        c.client_id,
        "c1|securemode=-2,authType=register,random=42,signmethod=hmacsha256,instanceId=iot-06z00emu1demo|"
    );
    assert_eq!(c.url, "ws://127.0.0.1:8443/", "the host typed still wins");
    // The instance is not signed: the password is the old form's.
    let old = registration_credentials(&device(), "ps", RegisterMode::Register, 42).unwrap();
    assert_eq!(c.password, old.password);
    assert_eq!(c.username, old.username);

    let by_id = AliyunDevice {
        host: "iot-06z00ax1o4gbb8k".into(),
        tls: true,
        ..device()
    };
    let c = registration_credentials(&by_id, "ps", RegisterMode::Regnwl, 7).unwrap();
    assert_eq!(
        c.client_id,
        "c1|securemode=-2,authType=regnwl,random=7,signmethod=hmacsha256,instanceId=iot-06z00ax1o4gbb8k|"
    );
    assert_eq!(
        c.url,
        "wss://iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com:443/"
    );
    let by_endpoint = AliyunDevice {
        host: "iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com".into(),
        path: "/mqtt".into(),
        ..by_id.clone()
    };
    let c = registration_credentials(&by_endpoint, "ps", RegisterMode::Regnwl, 7).unwrap();
    assert!(c.client_id.ends_with(",instanceId=iot-06z00ax1o4gbb8k|"));
    assert_eq!(
        RegistrationKind::of(&by_endpoint),
        Ok(RegistrationKind::Instance {
            id: "iot-06z00ax1o4gbb8k".into()
        })
    );
    assert_eq!(
        RegistrationKind::of(&device()),
        Ok(RegistrationKind::PublicInstance)
    );
    let public = AliyunDevice {
        host: String::new(),
        ..device()
    };
    assert_eq!(
        RegistrationKind::of(&public),
        Ok(RegistrationKind::PublicInstance)
    );
}

#[test]
fn a_wrong_instance_id_is_named_before_anything_is_sent() {
    let mismatch = AliyunDevice {
        host: "iot-aaa.mqtt.iothub.aliyuncs.com".into(),
        instance_id: "iot-bbb".into(),
        ..device()
    };
    let want = AliyunError::InstanceMismatch {
        typed: "iot-bbb".into(),
        endpoint: "iot-aaa".into(),
    };
    assert_eq!(
        registration_credentials(&mismatch, "ps", RegisterMode::Register, 1),
        Err(want.clone())
    );
    assert_eq!(RegistrationKind::of(&mismatch), Err(want));
    let same = AliyunDevice {
        instance_id: "iot-aaa".into(),
        ..mismatch
    };
    assert!(registration_credentials(&same, "ps", RegisterMode::Register, 1).is_ok());
    let bad = AliyunDevice {
        instance_id: "iot-Emu".into(),
        ..device()
    };
    assert_eq!(
        registration_credentials(&bad, "ps", RegisterMode::Register, 1),
        Err(AliyunError::BadInstanceId {
            field: Field::InstanceId,
            ch: 'E'
        })
    );
    // A login does not send the instance, so a bad instance id does not block it.
    assert!(bad
        .problems()
        .iter()
        .all(|p| p.field() != Field::InstanceId));
}

#[test]
fn bad_settings_are_named() {
    let e = registration_credentials(&device(), "", RegisterMode::Register, 1).unwrap_err();
    assert_eq!(e, AliyunError::Empty(Field::ProductSecret));
    let d = AliyunDevice {
        device_name: String::new(),
        ..device()
    };
    let e = registration_credentials(&d, "ps", RegisterMode::Register, 1).unwrap_err();
    assert_eq!(e.field(), Field::DeviceName);
}

#[test]
fn answers_are_read() {
    let secret = br#"{"productKey":"a1Pk","deviceName":"dev-1","deviceSecret":"s3"}"#;
    assert_eq!(
        parse_registration(RegisterMode::Register, "/ext/register", secret),
        Ok(Some(Registered::Secret {
            product_key: "a1Pk".into(),
            device_name: "dev-1".into(),
            device_secret: "s3".into()
        }))
    );
    assert_eq!(
        parse_registration(RegisterMode::Register, "/other", secret),
        Ok(None)
    );
    let token = br#"{"clientId":"c1","productKey":"a1Pk","deviceName":"dev-1","deviceToken":"t"}"#;
    assert!(matches!(
        parse_registration(RegisterMode::Regnwl, "/ext/regnwl", token),
        Ok(Some(Registered::Token { device_token, .. })) if device_token == "t"
    ));
    let e = parse_registration(
        RegisterMode::Register,
        "/ext/register",
        br#"{"productKey":"a1Pk","deviceName":"dev-1"}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("deviceSecret"), "{e}");
    assert!(parse_registration(RegisterMode::Regnwl, "/ext/regnwl", b"x").is_err());
}

fn registrar() -> Registrar {
    let c = registration_credentials(&device(), "ps", RegisterMode::Register, 1).unwrap();
    let mut r = Registrar::new(&c, RegisterMode::Register, 0).unwrap();
    r.start(0);
    let connect = r.poll_transmit().unwrap();
    assert_eq!(connect[0], 0x10, "CONNECT first");
    r
}

#[test]
fn a_registration_takes_the_pushed_answer_and_leaves() {
    let mut r = registrar();
    let mut bytes = connack(v4::ConnectReturnCode::Success);
    bytes.extend(answer(
        "/ext/register",
        r#"{"productKey":"a1Pk","deviceName":"dev-1","deviceSecret":"s3"}"#,
    ));
    r.handle_bytes(&bytes, 10);
    assert!(r.finished());
    assert!(
        matches!(r.outcome(), Some(Ok(Registered::Secret { device_secret, .. })) if device_secret == "s3")
    );
    assert_eq!(r.poll_transmit(), Some(vec![0xE0, 0x00]), "DISCONNECT");
    r.link_closed("closed");
    assert!(
        r.outcome().unwrap().is_ok(),
        "the close after the answer is expected"
    );
}

#[test]
fn refusals_timeouts_and_early_closes_are_explained() {
    let mut r = registrar();
    r.handle_bytes(&connack(v4::ConnectReturnCode::BadUserNamePassword), 5);
    let e = r.outcome().unwrap().clone().unwrap_err();
    assert_eq!(e, RegistrationError::Refused(4));
    assert!(e.to_string().contains("ProductSecret"));

    let mut r = registrar();
    r.handle_timeout(REGISTRATION_TIMEOUT_MS - 1);
    assert!(!r.finished());
    r.handle_timeout(REGISTRATION_TIMEOUT_MS);
    assert_eq!(
        r.outcome(),
        Some(&Err(RegistrationError::Timeout { secs: 20 }))
    );

    let mut r = registrar();
    r.link_closed("WebSocket close code 1006");
    assert!(matches!(r.outcome(), Some(Err(RegistrationError::Closed(w))) if w.contains("1006")));
}
