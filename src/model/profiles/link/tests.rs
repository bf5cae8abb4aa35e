//! Links: every field survives the round trip, no secret ever leaves, and hostile links are
//! refused with their reason. The words are checked in `crate::i18n::link`.

use serde_json::{json, Value};

use super::*;
use crate::aliyun::AliyunError;
use crate::model::form::{DeviceKey, FormError, Mqtt5Error, PropertyRow};
use crate::model::profiles::{secrets_of, Secrets, MAX_NAME_CHARS};
use crate::model::subscriptions::{SubscribeDraft, SubscribeProblem};

/// A generic profile with every field the link carries away from its default.
fn generic() -> Profile {
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
fn aliyun() -> Profile {
    Profile {
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
fn link_of(json: &Value) -> String {
    format!(
        "connect=v1.{}",
        base64url::encode(json.to_string().as_bytes())
    )
}

/// The JSON a link carries.
fn json_of(fragment: &str) -> Value {
    let data = fragment.strip_prefix("connect=v1.").unwrap();
    serde_json::from_slice(&base64url::decode(data).unwrap()).unwrap()
}

fn refused(json: Value) -> LinkError {
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
fn fragments_that_are_not_links_are_ignored() {
    for fragment in [
        "",
        "#",
        "#top",
        "section-2",
        "connect",
        "Connect=v1.e30",
        " connect=v1.e30",
    ] {
        assert_eq!(
            parse_link(fragment),
            Err(LinkError::NotALink),
            "{fragment:?}"
        );
    }
}

#[test]
fn the_version_is_checked() {
    assert_eq!(
        parse_link("connect=v2.e30"),
        Err(LinkError::UnknownVersion("v2".into()))
    );
    assert_eq!(
        parse_link("connect=e30"),
        Err(LinkError::UnknownVersion("e30".into()))
    );
    let long = format!("connect={}.e30", "v".repeat(100));
    assert!(matches!(
        parse_link(&long),
        Err(LinkError::UnknownVersion(v)) if v.chars().count() == 17
    ));
}

#[test]
fn a_huge_link_is_refused_before_decoding() {
    let huge = format!("connect=v1.{}", "!".repeat(MAX_LINK_BYTES));
    assert_eq!(
        parse_link(&huge),
        Err(LinkError::TooLong {
            bytes: MAX_LINK_BYTES + 11
        })
    );
    let huge = format!("connect=v1.{}", "A".repeat(10 * 1024 * 1024));
    assert!(matches!(parse_link(&huge), Err(LinkError::TooLong { .. })));
}

#[test]
fn bad_base64_is_located_in_the_fragment() {
    // `+` is standard base64, not base64url; position 12 is the character after `connect=v1.`.
    assert_eq!(
        parse_link("connect=v1.+30"),
        Err(LinkError::BadBase64 { position: 12 })
    );
    assert_eq!(
        parse_link("#connect=v1.e30="),
        Err(LinkError::BadBase64 { position: 15 })
    );
    assert_eq!(
        parse_link("connect=v1.é30"),
        Err(LinkError::BadBase64 { position: 12 })
    );
    assert_eq!(
        parse_link("connect=v1.e30%3D"),
        Err(LinkError::BadBase64 { position: 15 })
    );
}

#[test]
fn bad_json_says_where() {
    let link = format!("connect=v1.{}", base64url::encode(b"{\n\"name\": }"));
    assert!(
        matches!(
            parse_link(&link),
            Err(LinkError::BadJson {
                line: 2,
                column: 9,
                ..
            })
        ),
        "{:?}",
        parse_link(&link)
    );
    let link = format!("connect=v1.{}", base64url::encode(&[0xff, 0xfe]));
    assert!(matches!(parse_link(&link), Err(LinkError::BadJson { .. })));
    // No name: the format always writes one.
    assert!(matches!(
        refused(json!({"mode": "generic"})),
        LinkError::BadJson { reason, .. } if reason.contains("name")
    ));
    // A number out of its type's range.
    assert!(matches!(
        refused(json!({"name": "", "subscribe_options": {"retain_handling": 300}})),
        LinkError::BadJson { .. }
    ));
    assert_eq!(refused(json!([1, 2])), LinkError::NotAnObject);
    assert_eq!(refused(json!("text")), LinkError::NotAnObject);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let nested = format!("{}{}", "[".repeat(3000), "]".repeat(3000));
    let link = format!("connect=v1.{}", base64url::encode(nested.as_bytes()));
    assert!(link.len() <= MAX_LINK_BYTES);
    assert!(matches!(parse_link(&link), Err(LinkError::BadJson { .. })));
    let mut v = json!("x");
    for _ in 0..100 {
        v = json!({ "subscribe_options": v });
    }
    assert_eq!(
        refused(json!({"name": "", "subscribe_options": v})),
        LinkError::UnknownField("subscribe_options.subscribe_options".into())
    );
}

#[test]
fn a_secret_is_refused_by_name_even_empty() {
    let mut json = json_of(&encode_link(&generic()));
    json["password"] = json!("p");
    assert_eq!(
        refused(json.clone()),
        LinkError::Secret(LinkSecret::Password)
    );
    json["password"] = json!("");
    json["unknown"] = json!(1);
    assert_eq!(refused(json), LinkError::Secret(LinkSecret::Password));
    assert_eq!(
        refused(json!({"name": "", "device_secret": "s"})),
        LinkError::Secret(LinkSecret::DeviceSecret)
    );
    assert_eq!(
        refused(json!({"name": "", "product_secret": "s"})),
        LinkError::Secret(LinkSecret::ProductSecret)
    );
}

#[test]
fn unknown_fields_are_refused_with_their_name() {
    assert_eq!(
        refused(json!({"name": "", "onload": "alert(1)"})),
        LinkError::UnknownField("onload".into())
    );
    assert_eq!(
        refused(json!({"name": "", "subscribe_options": {"qos": 2}})),
        LinkError::UnknownField("subscribe_options.qos".into())
    );
    assert_eq!(
        refused(json!({"name": "", "connect_user_properties": [{"key": "a", "extra": 1}]})),
        LinkError::UnknownField("connect_user_properties[1].extra".into())
    );
    // A hostile key is repeated safely: no control character, bounded.
    let LinkError::UnknownField(shown) = refused(json!({"name": "", "a\nb\u{202e}": 1, })) else {
        panic!("not an unknown field");
    };
    assert_eq!(shown, "a\u{fffd}b\u{fffd}");
    let LinkError::UnknownField(shown) = refused(json!({ "k".repeat(5000): 1 })) else {
        panic!("not an unknown field");
    };
    assert_eq!(shown.chars().count(), 49);
}

#[test]
fn wrong_types_are_named() {
    assert_eq!(
        refused(json!({"name": "", "keepalive": 60})),
        LinkError::WrongType {
            field: "keepalive".into(),
            expected: JsonKind::Text
        }
    );
    assert_eq!(
        refused(json!({"name": "", "tls": "yes"})),
        LinkError::WrongType {
            field: "tls".into(),
            expected: JsonKind::Bool
        }
    );
    assert_eq!(
        refused(json!({"name": "", "subscribe": null})),
        LinkError::WrongType {
            field: "subscribe".into(),
            expected: JsonKind::Text
        }
    );
    assert_eq!(
        refused(json!({"name": "", "connect_user_properties": {"key": "a"}})),
        LinkError::WrongType {
            field: "connect_user_properties".into(),
            expected: JsonKind::List
        }
    );
    assert_eq!(
        refused(json!({"name": "", "subscribe_options": {"retain_handling": "2"}})),
        LinkError::WrongType {
            field: "subscribe_options.retain_handling".into(),
            expected: JsonKind::Number
        }
    );
}

#[test]
fn control_and_direction_characters_are_refused() {
    for (field, text) in [
        ("name", "two\nlines"),
        ("name", "nul\0"),
        ("client_id", "id\u{7}"),
        ("subscribe", "a/\tb"),
        ("url", "wss://evil.example/\u{202e}moc.elgoog"),
        ("product_key", "pk\u{2066}"),
        ("will_payload", "bell\u{7}"),
    ] {
        assert_eq!(
            refused(json!({"name": "", field: text})),
            LinkError::ControlChar {
                field: field.into()
            },
            "{field}"
        );
    }
    assert_eq!(
        refused(json!({"name": "", "connect_user_properties": [{"key": "a\nb", "value": "v"}]})),
        LinkError::ControlChar {
            field: "connect_user_properties[1].key".into()
        }
    );
}

#[test]
fn text_is_bounded() {
    let long_name = "n".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        refused(json!({ "name": long_name })),
        LinkError::FieldTooLong {
            field: "name".into(),
            chars: MAX_NAME_CHARS + 1,
            max: MAX_NAME_CHARS
        }
    );
    // HTML in a name is only text; it is shown as such.
    assert!(parse_link(&link_of(&json!({"name": "<img src=x onerror=alert(1)>"}))).is_ok());
    let topic = "t".repeat(MAX_LINK_TEXT_CHARS + 1);
    assert!(matches!(
        refused(json!({"name": "", "subscribe": topic})),
        LinkError::FieldTooLong { field, .. } if field == "subscribe"
    ));
    let rows: Vec<Value> = (0..=MAX_LINK_LIST)
        .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
        .collect();
    assert_eq!(
        refused(json!({"name": "", "protocol_version": "5", "connect_user_properties": rows})),
        LinkError::TooManyItems {
            field: "connect_user_properties".into(),
            count: MAX_LINK_LIST + 1
        }
    );
}

#[test]
fn only_websocket_broker_urls_are_taken() {
    for url in [
        "javascript:alert(1)",
        "http://broker.example.com/mqtt",
        "https://broker.example.com",
        "data:text/html,hi",
        "ws://",
    ] {
        for mode in ["generic", "aliyun"] {
            assert_eq!(
                refused(json!({"name": "", "mode": mode, "url": url})),
                LinkError::Form(FormError::BrokerUrl(url.into())),
                "{url} in {mode}"
            );
        }
    }
}

#[test]
fn fields_the_form_refuses_are_refused() {
    assert_eq!(
        refused(json!({"name": "", "mode": "generic", "url": "ws://h", "keepalive": "abc"})),
        LinkError::Form(FormError::Keepalive {
            text: "abc".into(),
            min: 0,
            max: u16::MAX
        })
    );
    assert!(matches!(
        refused(json!({"name": "", "mode": "aliyun", "host": "wss://h"})),
        LinkError::Form(FormError::Aliyun(AliyunError::HostHasScheme))
    ));
    assert!(matches!(
        refused(json!({"name": "", "mode": "generic", "url": "ws://h", "host": "h/path"})),
        LinkError::Form(FormError::Aliyun(AliyunError::HostHasPath))
    ));
    assert!(matches!(
        refused(json!({"name": "", "mode": "generic", "url": "ws://h", "will_topic": "a/#"})),
        LinkError::Form(FormError::Will(_))
    ));
    assert_eq!(
        refused(json!({"name": "", "mode": "generic", "url": "ws://h", "protocol_version": "6"})),
        LinkError::Form(FormError::Mqtt5(Mqtt5Error::Version("6".into())))
    );
    assert_eq!(
        refused(json!({"name": "", "subscribe_options": {"identifier": "0"}})),
        LinkError::Subscribe(SubscribeProblem::IdentifierInvalid("0".into()))
    );
    assert_eq!(
        refused(json!({"name": "", "subscribe_options": {"retain_handling": 3}})),
        LinkError::Subscribe(SubscribeProblem::RetainHandlingInvalid(3))
    );
    // The other mode's keepalive range does not apply: 10 s is fine for a generic broker.
    assert!(parse_link(&link_of(
        &json!({"name": "", "mode": "generic", "url": "ws://h", "keepalive": "10"})
    ))
    .is_ok());
}

#[test]
fn what_the_user_fills_in_is_not_a_reason_to_refuse() {
    // No client id (a random one is made), no url, no ProductKey: the user fills them in.
    let empty = parse_link(&link_of(&json!({"name": "", "mode": "generic"}))).unwrap();
    assert_eq!(empty.summary().client_id, LinkClientId::Random);
    assert!(parse_link(&link_of(&json!({"name": "", "mode": "aliyun"}))).is_ok());
    assert!(parse_link(&link_of(&json!({"name": ""}))).is_ok());
    // An MQTT 5 Aliyun link: the user acknowledges the version lock after opening it.
    let mut p = aliyun();
    p.form.mqtt5.protocol_version = "5".into();
    assert!(parse_link(&encode_link(&p)).is_ok());
    // A link made on an http page still opens on an https one; the form then says why not.
    let mut g = generic();
    g.form.url = "ws://127.0.0.1:9001".into();
    assert!(parse_link(&encode_link(&g)).is_ok());
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
