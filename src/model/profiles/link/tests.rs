//! Links: every field survives the round trip, no secret ever leaves, and the summary says what
//! a link will do. Hostile links are in `hostile`; the words are checked in `crate::i18n::link`.

use serde_json::{json, Value};

use super::*;
use crate::model::form::{DeviceKey, PropertyRow};
use crate::model::profiles::{secrets_of, Secrets};
use crate::model::subscriptions::SubscribeDraft;

/// A generic profile with every field the link carries away from its default.
pub(super) fn generic() -> Profile {
    let mut form = ConnectForm {
        mode: Mode::Generic,
        url: "wss://broker.example.com:8084/mqtt".into(),
        client_id: "bench-1".into(),
        username: "alice".into(),
        password: "hunter2-pw".into(),
        device_secret: "ds-s3cret".into(),
        keepalive: "30".into(),
        clean_session: false,
        auto_reconnect: false,
        will_topic: "clients/bench-1/gone".into(),
        will_payload: "{\n  \"gone\": true\n}".into(),
        will_qos: "1".into(),
        will_retain: true,
        ..ConnectForm::default()
    };
    form.mqtt5.protocol_version = "5".into();
    form.mqtt5.session_expiry = "600".into();
    form.mqtt5.receive_maximum = "10".into();
    form.mqtt5.maximum_packet_size = "65536".into();
    form.mqtt5.topic_alias_maximum = "5".into();
    form.mqtt5.request_response_information = true;
    form.mqtt5.connect_user_properties = vec![
        PropertyRow {
            key: "site".into(),
            value: "line 1\nline 2".into(),
        },
        PropertyRow {
            key: "team".into(),
            value: "qa".into(),
        },
    ];
    form.mqtt5.topic_aliases = false;
    form.mqtt5.will_delay = "5".into();
    form.mqtt5.will_message_expiry = "60".into();
    form.mqtt5.will_content_type = "application/json".into();
    Profile {
        decoders: Default::default(),
        name: "Staging <b>broker</b>".into(),
        form,
        subscribe: Some("factory/+/temp".into()),
        publish: Some("factory/7/cmd".into()),
        subscribe_options: SubscribeDraft {
            no_local: true,
            retain_as_published: true,
            retain_handling: 2,
            identifier: "42".into(),
        },
    }
}

/// An Aliyun profile with its fields away from their defaults.
pub(super) fn aliyun() -> Profile {
    Profile {
        decoders: Default::default(),
        name: "Aliyun device".into(),
        form: ConnectForm {
            mode: Mode::Aliyun,
            product_key: "a1MqttDemo1".into(),
            device_name: "console-demo".into(),
            device_secret: "0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
            region: "cn-beijing".into(),
            host: "127.0.0.1:8443".into(),
            path: "/".into(),
            tls: false,
            aliyun_client_id: "custom-id".into(),
            sign_method: "hmacsha1".into(),
            timestamp: "1700000000000".into(),
            instance_id: "iot-06z00emu1demo".into(),
            keepalive: "90".into(),
            ..ConnectForm::default()
        },
        subscribe: Some("/${productKey}/${deviceName}/user/get".into()),
        publish: Some("/${productKey}/${deviceName}/user/update".into()),
        subscribe_options: SubscribeDraft::default(),
    }
}

/// The link of a JSON value, as a hand-made (or hostile) link would carry it.
pub(super) fn link_of(json: &Value) -> String {
    format!(
        "connect=v1.{}",
        base64url::encode(json.to_string().as_bytes())
    )
}

/// The JSON a link carries.
pub(super) fn json_of(fragment: &str) -> Value {
    let data = fragment.strip_prefix("connect=v1.").unwrap();
    serde_json::from_slice(&base64url::decode(data).unwrap()).unwrap()
}

pub(super) fn refused(json: Value) -> LinkError {
    parse_link(&link_of(&json)).unwrap_err()
}

#[test]
fn every_field_but_the_secrets_survives_the_round_trip() {
    for profile in [generic(), aliyun()] {
        let link = encode_link(&profile);
        assert!(link.starts_with("connect=v1."), "{link}");
        let back = parse_link(&link).unwrap();
        let mut expected = profile.clone();
        expected.form = without_secrets(only_its_mode(expected.form));
        assert_eq!(back.profile(), &expected);
        assert!(secrets_of(&back.profile().form).is_empty());
        // The `#` the address bar shows is accepted too.
        assert_eq!(parse_link(&format!("#{link}")), Ok(back));
    }
}

#[test]
fn no_secret_is_ever_written() {
    for profile in [generic(), aliyun()] {
        let link = encode_link(&profile);
        let json = json_of(&link).to_string();
        for secret in ["hunter2-pw", "ds-s3cret", "0f1e2d3c4b5a"] {
            assert!(!json.contains(secret), "{json}");
        }
        for secret in LinkSecret::ALL {
            assert!(!json.contains(secret.key()), "{json}");
        }
    }
}

#[test]
fn every_secret_field_of_the_form_is_known_to_links() {
    // A ProductSecret joining `Secrets` must be refused in links too.
    let secrets = serde_json::to_value(Secrets::default()).unwrap();
    for key in secrets.as_object().unwrap().keys() {
        assert!(
            LinkSecret::ALL.iter().any(|s| s.key() == key),
            "{key} is a secret links do not know"
        );
    }
}

#[test]
fn links_are_short_and_leave_out_defaults_and_the_other_mode() {
    let mut profile = generic();
    profile.form.product_key = "private-pk".into();
    profile.form.device_name = "private-dn".into();
    let json = json_of(&encode_link(&profile));
    let text = json.to_string();
    assert!(!text.contains("private-"), "{text}");
    let plain = Profile {
        decoders: Default::default(),
        name: String::new(),
        form: ConnectForm {
            mode: Mode::Generic,
            url: "ws://127.0.0.1:9001".into(),
            ..ConnectForm::default()
        },
        subscribe: None,
        publish: None,
        subscribe_options: SubscribeDraft::default(),
    };
    let json = json_of(&encode_link(&plain));
    assert_eq!(
        json,
        json!({"name": "", "mode": "generic", "url": "ws://127.0.0.1:9001"})
    );
    assert!(encode_link(&generic()).len() < 1200);
}

#[test]
fn a_client_id_the_page_made_up_is_left_out() {
    let mut profile = generic();
    profile.form.client_id = crate::model::profiles::random_client_id(0xabc);
    let back = parse_link(&encode_link(&profile)).unwrap();
    assert_eq!(back.profile().form.client_id, "");
    assert_eq!(back.summary().client_id, LinkClientId::Random);
    profile.form.client_id = "mqtt-console-bench".into();
    let back = parse_link(&encode_link(&profile)).unwrap();
    assert_eq!(back.profile().form.client_id, "mqtt-console-bench");
}

#[test]
fn the_version_lock_acknowledgement_never_travels() {
    let mut profile = aliyun();
    profile.form.mqtt5.protocol_version = "5".into();
    profile.form.mqtt5.version_lock_acknowledged = vec![DeviceKey {
        product_key: "a1MqttDemo1".into(),
        device_name: "console-demo".into(),
    }];
    let link = encode_link(&profile);
    assert!(!json_of(&link).to_string().contains("version_lock"));
    let back = parse_link(&link).unwrap();
    assert!(back
        .profile()
        .form
        .mqtt5
        .version_lock_acknowledged
        .is_empty());
    let mut json = json_of(&link);
    json["version_lock_acknowledged"] = json!([{"product_key": "a1MqttDemo1", "device_name": "x"}]);
    assert_eq!(refused(json), LinkError::Acknowledgement);
}

#[test]
fn the_summary_says_what_the_link_will_do() {
    let s = parse_link(&encode_link(&generic())).unwrap().summary();
    assert_eq!(
        s,
        LinkSummary {
            name: "Staging <b>broker</b>".into(),
            target: LinkTarget::Broker {
                url: "wss://broker.example.com:8084/mqtt".into()
            },
            client_id: LinkClientId::Given("bench-1".into()),
            protocol_version: "5".into(),
            subscribe: Some("factory/+/temp".into()),
            publish: Some("factory/7/cmd".into()),
            secret: SecretToType::Password,
        }
    );
    let s = parse_link(&encode_link(&aliyun())).unwrap().summary();
    assert_eq!(
        s.target,
        LinkTarget::Aliyun {
            endpoint: "ws://127.0.0.1:8443/".into(),
            product_key: "a1MqttDemo1".into(),
            device_name: "console-demo".into()
        }
    );
    assert_eq!(s.client_id, LinkClientId::Given("custom-id".into()));
    assert_eq!(s.secret, SecretToType::DeviceSecret);
    assert_eq!(s.protocol_version, "3.1.1");

    let mut p = aliyun();
    p.form.host.clear();
    p.form.aliyun_client_id.clear();
    p.form.tls = true;
    p.form.path = "/mqtt".into();
    p.form.aliyun_auth = "token".into();
    let s = parse_link(&encode_link(&p)).unwrap().summary();
    assert_eq!(
        s.target,
        LinkTarget::Aliyun {
            endpoint: "wss://a1MqttDemo1.iot-as-mqtt.cn-beijing.aliyuncs.com:443/mqtt".into(),
            product_key: "a1MqttDemo1".into(),
            device_name: "console-demo".into()
        }
    );
    assert_eq!(
        s.client_id,
        LinkClientId::Given("a1MqttDemo1.console-demo".into())
    );
    assert_eq!(s.secret, SecretToType::DeviceToken);
}

#[test]
fn the_serve_commands_demo_profiles_would_be_refused_as_links() {
    // They carry the emulator's DeviceSecret, which is why they travel in the page instead.
    let json = include_str!("../../../../scripts/demo-profiles.json.in")
        .replace("@BROKER_WS_PORT@", "9001")
        .replace("@EMULATOR_WS_PORT@", "8443");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        refused(v["profiles"][1].clone()),
        LinkError::Secret(LinkSecret::DeviceSecret)
    );
    // Without the secret, the generic one makes a link as it is.
    let profiles = crate::model::profiles::parse_profiles(&json).unwrap();
    let back = parse_link(&encode_link(&profiles[0])).unwrap();
    assert_eq!(back.profile(), &profiles[0]);
}
