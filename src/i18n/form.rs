//! Words for the connect form's problems.

use super::{Describe, Text};
use crate::model::form::{
    FormError, FormField, Mqtt5Error, Mqtt5Field, RowPart, TextProblem, WillError,
};

impl Describe for FormField {
    /// The field's name inside a sentence.
    fn describe(&self) -> Text {
        match self {
            // The Chinese name runs straight into the next word, so it carries its own space.
            FormField::ClientId => Text::new("client id", "Client ID "),
            FormField::Username => Text::new("username", "用户名"),
            FormField::Password => Text::new("password", "密码"),
        }
    }
}

impl Describe for WillError {
    fn describe(&self) -> Text {
        match self {
            WillError::Topic(e) => e.describe(),
            WillError::Qos(q) => Text::new(
                format!("QoS \"{q}\" must be 0, 1 or 2"),
                format!("QoS「{q}」必须是 0、1 或 2"),
            ),
        }
    }
}

impl Describe for FormError {
    fn describe(&self) -> Text {
        match self {
            FormError::Aliyun(e) => e.describe(),
            FormError::SignMethod(m) => Text::new(
                format!("sign method \"{m}\" is not one of hmacmd5, hmacsha1, hmacsha256"),
                format!("签名方法「{m}」不是 hmacmd5、hmacsha1、hmacsha256 之一"),
            ),
            FormError::Timestamp(t) => Text::new(
                format!("timestamp \"{t}\" must be empty (now) or a whole number of milliseconds"),
                format!("时间戳「{t}」必须留空（使用当前时间）或填写毫秒整数"),
            ),
            FormError::Keepalive { text, min, max } => Text::new(
                format!("keepalive \"{text}\" must be a whole number of seconds from {min} to {max}"),
                format!("心跳间隔「{text}」必须是 {min} 到 {max} 之间的整数秒"),
            ),
            FormError::BrokerUrl(u) if u.is_empty() => Text::new(
                "broker URL is empty; write it as ws://host:port/path or wss://host/path",
                "服务器地址为空；格式为 ws://主机:端口/路径 或 wss://主机/路径",
            ),
            FormError::BrokerUrl(u) => Text::new(
                format!("broker URL \"{u}\" must start with ws:// or wss:// and name a host, e.g. ws://127.0.0.1:9001/mqtt"),
                format!("服务器地址「{u}」必须以 ws:// 或 wss:// 开头并包含主机名，例如 ws://127.0.0.1:9001/mqtt"),
            ),
            FormError::MixedContent(u) => Text::new(
                format!("this page was loaded over https, so the browser blocks the unencrypted link {u}; use wss:// (TLS) or open the console over http"),
                format!("本页面通过 https 打开，浏览器会阻止未加密的连接 {u}；请使用 wss://（TLS），或通过 http 打开本工具"),
            ),
            FormError::EmptyClientId => Text::new(
                "client id is empty; brokers need one to tell clients apart",
                "Client ID 为空；服务器需要它来区分客户端",
            ),
            FormError::Will(why) => {
                let why = why.describe();
                Text::new(
                    format!("last will: {}", why.en),
                    format!("遗嘱消息：{}", why.zh),
                )
            }
            FormError::TooLong { field, len } => {
                let what = field.describe();
                Text::new(
                    format!("{} has {len} bytes; MQTT allows at most 65,535", what.en),
                    format!("{}长 {len} 字节；MQTT 最多允许 65,535 字节", what.zh),
                )
            }
            FormError::NulChar(field) => {
                let what = field.describe();
                Text::new(
                    format!("{} contains a NUL character, which MQTT does not allow", what.en),
                    format!("{}含有 NUL 字符，MQTT 不允许", what.zh),
                )
            }
            FormError::PasswordWithoutUsername => Text::new(
                "a password needs a username: MQTT 3.1.1 cannot send one without the other",
                "填写密码时必须同时填写用户名：MQTT 3.1.1 不能只发送密码",
            ),
            FormError::Mqtt5(e) => e.describe(),
        }
    }
}

impl Describe for Mqtt5Field {
    /// The input's name inside a sentence.
    fn describe(&self) -> Text {
        match self {
            Mqtt5Field::SessionExpiry => Text::new("session expiry", "会话过期间隔"),
            Mqtt5Field::ReceiveMaximum => Text::new("receive maximum", "接收最大值"),
            Mqtt5Field::MaximumPacketSize => Text::new("maximum packet size", "最大报文长度"),
            Mqtt5Field::TopicAliasMaximum => Text::new("topic alias maximum", "主题别名最大值"),
            Mqtt5Field::WillDelay => Text::new("will delay", "遗嘱延时"),
            Mqtt5Field::WillMessageExpiry => Text::new("will message expiry", "遗嘱消息过期时间"),
        }
    }
}

impl Describe for TextProblem {
    fn describe(&self) -> Text {
        match self {
            TextProblem::TooLong { len } => Text::new(
                format!("has {len} bytes; MQTT allows at most 65,535"),
                format!("长 {len} 字节；MQTT 最多允许 65,535 字节"),
            ),
            TextProblem::Nul => Text::new(
                "contains a NUL character, which MQTT does not allow",
                "含有 NUL 字符，MQTT 不允许",
            ),
        }
    }
}

impl Describe for Mqtt5Error {
    fn describe(&self) -> Text {
        match self {
            Mqtt5Error::Version(v) => Text::new(
                format!("protocol version \"{v}\" must be 3.1.1 or 5"),
                format!("协议版本「{v}」必须是 3.1.1 或 5"),
            ),
            Mqtt5Error::Number {
                field,
                text,
                min,
                max,
            } => {
                let what = field.describe();
                Text::new(
                    format!(
                        "{} \"{text}\" must be empty or a whole number from {min} to {max}",
                        what.en
                    ),
                    format!("{}「{text}」必须留空或填写 {min} 到 {max} 之间的整数", what.zh),
                )
            }
            Mqtt5Error::UserPropertyNameEmpty { row } => Text::new(
                format!("user property {row} has a value but no name"),
                format!("第 {row} 个用户属性有值但没有名称"),
            ),
            Mqtt5Error::UserPropertyText { row, part, problem } => {
                let (en, zh) = match part {
                    RowPart::Key => ("name", "名称"),
                    RowPart::Value => ("value", "值"),
                };
                let why = problem.describe();
                Text::new(
                    format!("the {en} of user property {row} {}", why.en),
                    format!("第 {row} 个用户属性的{zh}{}", why.zh),
                )
            }
            Mqtt5Error::WillContentType(problem) => {
                let why = problem.describe();
                Text::new(
                    format!("the will content type {}", why.en),
                    format!("遗嘱内容类型{}", why.zh),
                )
            }
            Mqtt5Error::VersionLockNotAcknowledged(device) => Text::new(
                format!(
                    "confirm the MQTT 5 warning for {}/{} first: after one MQTT 5 login, Aliyun refuses this device's MQTT 3.1.1 logins",
                    device.product_key, device.device_name
                ),
                format!(
                    "请先确认 {}/{} 的 MQTT 5 提示：设备以 MQTT 5 登录一次后，阿里云将拒绝它的 MQTT 3.1.1 登录",
                    device.product_key, device.device_name
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::{ConnectForm, Mode};

    #[test]
    fn every_field_and_form_error_reads_in_both_languages() {
        let fields = [
            FormField::ClientId,
            FormField::Username,
            FormField::Password,
        ];
        let mut all = vec![
            FormError::SignMethod("md6".into()),
            FormError::Timestamp("x".into()),
            FormError::Keepalive {
                text: "5".into(),
                min: 30,
                max: 1200,
            },
            FormError::BrokerUrl(String::new()),
            FormError::BrokerUrl("http://x".into()),
            FormError::MixedContent("ws://h".into()),
            FormError::EmptyClientId,
            FormError::Will(WillError::Qos("3".into())),
            FormError::Will(WillError::Topic(crate::mqtt::MqttError::EmptyTopic)),
            FormError::PasswordWithoutUsername,
            FormError::Mqtt5(Mqtt5Error::Version("6".into())),
            FormError::Mqtt5(Mqtt5Error::Number {
                field: Mqtt5Field::ReceiveMaximum,
                text: "0".into(),
                min: 1,
                max: 65_535,
            }),
            FormError::Mqtt5(Mqtt5Error::UserPropertyNameEmpty { row: 2 }),
            FormError::Mqtt5(Mqtt5Error::UserPropertyText {
                row: 1,
                part: RowPart::Value,
                problem: TextProblem::TooLong { len: 70_000 },
            }),
            FormError::Mqtt5(Mqtt5Error::WillContentType(TextProblem::Nul)),
            FormError::Mqtt5(Mqtt5Error::VersionLockNotAcknowledged(
                crate::model::form::DeviceKey {
                    product_key: "pk".into(),
                    device_name: "dn".into(),
                },
            )),
        ];
        for field in fields {
            let t = field.describe();
            assert!(
                !t.en.trim().is_empty() && !t.zh.trim().is_empty(),
                "{field:?}"
            );
            all.push(FormError::TooLong { field, len: 70_000 });
            all.push(FormError::NulChar(field));
        }
        for e in all {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
            assert_ne!(t.en, t.zh, "{e:?}");
        }
        for field in [
            Mqtt5Field::SessionExpiry,
            Mqtt5Field::ReceiveMaximum,
            Mqtt5Field::MaximumPacketSize,
            Mqtt5Field::TopicAliasMaximum,
            Mqtt5Field::WillDelay,
            Mqtt5Field::WillMessageExpiry,
        ] {
            let t = field.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{field:?}");
        }
    }

    #[test]
    fn an_mqtt5_number_names_its_field_and_range() {
        let t = Mqtt5Error::Number {
            field: Mqtt5Field::SessionExpiry,
            text: "-1".into(),
            min: 0,
            max: u32::MAX,
        }
        .describe();
        assert_eq!(
            t.en,
            "session expiry \"-1\" must be empty or a whole number from 0 to 4294967295"
        );
        assert!(t.zh.starts_with("会话过期间隔「-1」"));
    }

    #[test]
    fn problems_of_a_bad_form_read_in_both_languages() {
        let form = ConnectForm {
            product_key: "a b".into(),
            sign_method: "md6".into(),
            timestamp: "yesterday".into(),
            keepalive: "5".into(),
            ..ConnectForm::default()
        };
        for (_, e) in form.problems(false) {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty());
        }
        let long = FormError::TooLong {
            field: FormField::ClientId,
            len: 65_536,
        };
        assert!(long.describe().zh.contains("65,535"));
    }

    #[test]
    fn mixed_content_and_will_qos_are_worded() {
        let generic = ConnectForm {
            mode: Mode::Generic,
            url: "ws://127.0.0.1:9001".into(),
            client_id: "c1".into(),
            ..ConnectForm::default()
        };
        let err = generic.plan(0, true).unwrap_err().describe();
        assert!(err.en.contains("wss://"));
        assert!(err.zh.contains("wss://"));
        let will = FormError::Will(WillError::Qos("3".into())).describe();
        assert!(will.en.contains("0, 1 or 2"), "{}", will.en);
    }
}
