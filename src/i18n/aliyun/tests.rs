//! The Aliyun core's words: moved here from the core's own tests, plus the guard that every
//! translation exists and is translated.

use super::super::{Describe, Text};
use crate::aliyun::connect_params::ConnectParamsError;
use crate::aliyun::{
    AlinkCode, AlinkError, AliyunError, EndpointKind, Field, NtpError, PropertyType, Region,
    RegistrationError, RegistrationKind, ShadowCode,
};

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

const FIELDS: [Field; 9] = [
    Field::ProductKey,
    Field::DeviceName,
    Field::DeviceSecret,
    Field::Region,
    Field::Host,
    Field::Path,
    Field::ClientId,
    Field::ProductSecret,
    Field::InstanceId,
];

fn aliyun_errors() -> Vec<AliyunError> {
    let mut all: Vec<AliyunError> = FIELDS
        .iter()
        .flat_map(|&f| {
            [
                AliyunError::Empty(f),
                AliyunError::OuterSpace(f),
                AliyunError::ForbiddenChar { field: f, ch: '#' },
            ]
        })
        .collect();
    all.extend([
        AliyunError::ClientIdTooLong { len: 65 },
        AliyunError::ProductKeyNotHostname { ch: '_' },
        AliyunError::HostHasScheme,
        AliyunError::HostHasPath,
        AliyunError::HostHasSpace,
        AliyunError::HostMissingName,
        AliyunError::HostBadPort { port: "0".into() },
        AliyunError::HostIpv6NeedsBrackets,
        AliyunError::HostNotWebSocketPort { port: 1883 },
        AliyunError::PathNoLeadingSlash,
        AliyunError::HostIsRegion {
            region: "cn-beijing".into(),
        },
        AliyunError::InstanceMismatch {
            typed: "iot-b".into(),
            endpoint: "iot-a".into(),
        },
    ]);
    for field in [Field::Host, Field::InstanceId] {
        all.push(AliyunError::BadInstanceId { field, ch: 'Z' });
        all.push(AliyunError::InstanceIdIncomplete(field));
    }
    all
}

fn kinds() -> Vec<(String, Text)> {
    let endpoints = [
        EndpointKind::PublicRegion {
            region: "cn-shanghai".into(),
        },
        EndpointKind::Instance {
            id: "iot-06z00ax1o4gbb8k".into(),
        },
        EndpointKind::Host,
    ];
    let registrations = [
        RegistrationKind::PublicInstance,
        RegistrationKind::Instance {
            id: "iot-06z00ax1o4gbb8k".into(),
        },
    ];
    let mut all: Vec<(String, Text)> = endpoints
        .iter()
        .map(|k| (format!("{k:?}"), k.describe()))
        .collect();
    all.extend(
        registrations
            .iter()
            .map(|k| (format!("{k:?}"), k.describe())),
    );
    all
}

fn connect_params_errors(echo: &str) -> Vec<ConnectParamsError> {
    vec![
        ConnectParamsError::TooLarge { bytes: 1 },
        ConnectParamsError::NotJson { line: 1, column: 1 },
        ConnectParamsError::NotObject,
        ConnectParamsError::MissingField("clientId"),
        ConnectParamsError::NotText("username"),
        ConnectParamsError::UsernameNotDnPk(echo.to_owned()),
        ConnectParamsError::ClientIdWithoutParams(echo.to_owned()),
        ConnectParamsError::BadSecuremode(echo.to_owned()),
        ConnectParamsError::UnknownSignMethod(echo.to_owned()),
        ConnectParamsError::TimestampNotDigits(echo.to_owned()),
        ConnectParamsError::BadPort(echo.to_owned()),
    ]
}

fn alink_errors() -> Vec<AlinkError> {
    let mut all = vec![
        AlinkError::ParamsNotJson { line: 1, column: 2 },
        AlinkError::ParamsNotObject,
        AlinkError::BadReply("no id".into()),
        AlinkError::BadIdentifier(String::new()),
        AlinkError::BadIdentifier("a b".into()),
        AlinkError::BadCall("no method".into()),
        AlinkError::ReplyNotJson { line: 3, column: 4 },
        AlinkError::DuplicateProperty("A".into()),
        AlinkError::NoProperties,
    ];
    all.extend(PropertyType::ALL.map(|kind| AlinkError::BadValue {
        name: "P".into(),
        kind,
        value: "x".into(),
    }));
    all
}

fn registration_errors() -> Vec<RegistrationError> {
    vec![
        RegistrationError::Refused(2),
        RegistrationError::Refused(3),
        RegistrationError::Refused(4),
        RegistrationError::Refused(5),
        RegistrationError::BadReply("not JSON".into()),
        RegistrationError::Closed("WebSocket close code 1006".into()),
        RegistrationError::Timeout { secs: 20 },
    ]
}

#[test]
fn invisible_characters_are_named() {
    let e = AliyunError::ForbiddenChar {
        field: Field::ClientId,
        ch: ' ',
    };
    assert!(e.to_string().contains("a space"));
    assert!(e.describe().zh.contains("空格"));
    let e = AliyunError::ForbiddenChar {
        field: Field::DeviceSecret,
        ch: '\u{7}',
    };
    assert!(e.to_string().contains("U+0007"));
    let e = AliyunError::ForbiddenChar {
        field: Field::DeviceName,
        ch: '\u{3000}',
    };
    assert!(e.describe().zh.contains("全角空格"));
}

#[test]
fn messages_name_the_field() {
    let e = AliyunError::Empty(Field::DeviceSecret);
    assert!(e.to_string().starts_with("DeviceSecret"));
    assert!(e.describe().zh.starts_with("DeviceSecret"));
    assert!(AliyunError::OuterSpace(Field::Region)
        .describe()
        .zh
        .starts_with("地域"));
}

#[test]
fn bad_values_echo_the_value_in_both_languages() {
    for e in alink_errors() {
        if let AlinkError::BadValue { value, .. } = &e {
            assert!(
                e.to_string().contains(value.as_str()) && e.describe().zh.contains(value.as_str())
            );
        }
    }
}

#[test]
fn codes_are_explained() {
    assert!(AlinkCode::from_code(460)
        .describe()
        .en
        .contains("parameter"));
    assert!(AlinkCode::from_code(6813).describe().zh.contains("物模型"));
    assert!(AlinkCode::from_code(1)
        .describe()
        .en
        .contains("does not know"));
    assert!(ShadowCode::from_code(409)
        .describe()
        .en
        .contains("higher version"));
    assert!(ShadowCode::from_code(409).describe().zh.contains("版本"));
    assert_eq!(
        AlinkCode::from_code(460).describe(),
        Text::new(
            "a request parameter is wrong (check params against the thing model)",
            "请求参数错误（请对照物模型检查 params）"
        )
    );
    assert_eq!(
        ShadowCode::from_code(407).describe(),
        Text::new("the shadow is empty", "设备影子为空")
    );
}

#[test]
fn regions_have_their_names() {
    assert_eq!(
        Region::from_id(crate::aliyun::DEFAULT_REGION).map(|r| r.describe()),
        Some(Text::new("China (Shanghai)", "华东2（上海）"))
    );
    for region in Region::ALL {
        assert_eq!(Region::from_id(region.id()), Some(region));
        let name = region.describe();
        assert!(!name.en.is_empty() && !name.zh.is_empty() && name.en != name.zh);
    }
}

#[test]
fn instance_mistakes_say_what_to_do() {
    let region = AliyunError::HostIsRegion {
        region: "cn-shanghai".into(),
    };
    assert!(region.to_string().contains("Region") && region.to_string().contains("iot-"));
    assert!(region.describe().zh.contains("地域") && region.describe().zh.contains("cn-shanghai"));
    let bad = AliyunError::BadInstanceId {
        field: Field::Host,
        ch: 'Z',
    };
    assert!(bad.to_string().starts_with("Host contains 'Z'"), "{bad}");
    assert!(bad.describe().zh.starts_with("接入域名含有“Z”"));
    let mismatch = AliyunError::InstanceMismatch {
        typed: "iot-b".into(),
        endpoint: "iot-a".into(),
    };
    assert!(mismatch.to_string().contains("iot-b") && mismatch.describe().zh.contains("iot-a"));
    let kind = RegistrationKind::Instance { id: "iot-1".into() }.describe();
    assert!(kind.en.contains("securemode=-2") && kind.zh.contains("instanceId=iot-1"));
    assert!(RegistrationKind::PublicInstance
        .describe()
        .en
        .contains("securemode=2"));
}

#[test]
fn registration_refusal_4_names_the_product_secret() {
    let e = RegistrationError::Refused(4);
    assert!(e.to_string().contains("ProductSecret") && e.describe().zh.contains("ProductSecret"));
}

#[test]
fn connect_params_errors_read_in_both_languages_and_clip_echoes() {
    let long = "x".repeat(10_000);
    for e in connect_params_errors(&long) {
        let t = e.describe();
        assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
        assert!(t.en.len() < 400 && t.zh.len() < 400, "{e:?}");
    }
    let long_name = format!(
        r#"{{"clientId":"c|securemode=2|","username":"{}","mqttHostUrl":"h"}}"#,
        "x".repeat(30_000)
    );
    let err = crate::aliyun::connect_params::parse_connect_params(&long_name).unwrap_err();
    assert!(
        err.to_string().len() < 300 && err.describe().zh.len() < 400,
        "echoes are clipped"
    );
}

/// The cheap guard: every representative value has both words, the English has no Chinese, and
/// the Chinese is a translation (it differs from the English, or it is a protocol word that both
/// languages write the same way).
#[test]
fn no_translation_is_empty_or_untranslated() {
    let mut texts: Vec<(String, Text)> = Vec::new();
    let mut add = |what: String, t: Text| texts.push((what, t));
    for e in aliyun_errors() {
        add(format!("{e:?}"), e.describe());
    }
    for e in alink_errors() {
        add(format!("{e:?}"), e.describe());
    }
    for e in registration_errors() {
        add(format!("{e:?}"), e.describe());
    }
    for e in connect_params_errors("v") {
        add(format!("{e:?}"), e.describe());
    }
    let ntp = NtpError("\"x\" is missing".into());
    add(format!("{ntp:?}"), ntp.describe());
    for kind in PropertyType::ALL {
        add(format!("{kind:?}"), kind.describe());
    }
    for code in [200, 400, 429, 460, 500, 520, 6813, 6106, 6300, 1] {
        add(
            format!("alink {code}"),
            AlinkCode::from_code(code).describe(),
        );
    }
    for code in [400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 500, 1] {
        add(
            format!("shadow {code}"),
            ShadowCode::from_code(code).describe(),
        );
    }
    for region in Region::ALL {
        add(format!("{region:?}"), region.describe());
    }
    for (what, t) in kinds() {
        add(what, t);
    }
    for (what, t) in &texts {
        assert!(
            !t.en.trim().is_empty() && !t.zh.trim().is_empty(),
            "{what}: {t:?}"
        );
        assert!(!has_han(&t.en), "Chinese in the English of {what}: {t:?}");
        assert!(has_han(&t.zh), "{what} is not translated: {t:?}");
        assert_ne!(t.en, t.zh, "{what} is not translated");
    }
    // Field labels: the device triple is a protocol word in both languages; the rest translate.
    for field in [Field::Region, Field::Host, Field::Path, Field::InstanceId] {
        let t = field.describe();
        assert_ne!(t.en, t.zh, "{field:?}");
    }
    for field in FIELDS {
        assert!(!field.describe().zh.is_empty(), "{field:?}");
    }
}
