//! Hostile and broken links: each is refused with its reason, and nothing of it is applied.

use serde_json::{json, Value};

use super::tests::{aliyun, generic, json_of, link_of, refused};
use super::*;
use crate::aliyun::AliyunError;
use crate::model::form::{FormError, Mqtt5Error};
use crate::model::profiles::MAX_NAME_CHARS;
use crate::model::subscriptions::SubscribeProblem;

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
