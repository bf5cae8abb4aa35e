//! Words for links that open a connection: why one was refused, what one will do, and the
//! labels of the share button and the offer panel.

use super::{Describe, Text};
use crate::model::profiles::{
    JsonKind, LinkClientId, LinkError, LinkSecret, LinkTarget, SecretToType, MAX_LINK_BYTES,
    MAX_LINK_LIST, MAX_NAME_CHARS,
};

/// A fixed label of the share button and the offer panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkLabel {
    /// The share button.
    CopyLink,
    /// Told when the link is on the clipboard.
    LinkCopied,
    /// Told when the browser refused the clipboard.
    CopyRefused,
    /// Before the reason a link made from the form would be refused.
    WouldBeRefused,
    /// The address field's label.
    LinkField,
    /// Heads the offer panel.
    ThisLinkWill,
    /// The offer panel's button.
    Apply,
    /// The offer panel's promise.
    NoAutoConnect,
    /// Closes the offer or the refusal.
    Dismiss,
    /// Heads a refusal.
    Refused,
    /// Before the client id.
    ClientId,
    /// Before the protocol version.
    Protocol,
    /// Before the subscription topic.
    SubscribeTopic,
    /// Before the publish topic.
    PublishTopic,
    /// Before the profile's name.
    Name,
}

impl Describe for LinkLabel {
    fn describe(&self) -> Text {
        match self {
            LinkLabel::CopyLink => Text::new("Copy link", "复制链接"),
            LinkLabel::LinkCopied => Text::new(
                "Link copied: it holds these settings without any password or secret.",
                "链接已复制：其中包含这些设置，但不含任何密码或密钥。",
            ),
            LinkLabel::CopyRefused => Text::new(
                "The browser did not allow copying; select the link above and copy it.",
                "浏览器不允许复制，请选中上面的链接手动复制。",
            ),
            LinkLabel::WouldBeRefused => Text::new(
                "No link was made: opening it would be refused, because",
                "未生成链接：打开时会被拒绝，原因是",
            ),
            LinkLabel::LinkField => Text::new("Link", "链接"),
            LinkLabel::ThisLinkWill => Text::new(
                "This link will fill in the connection form:",
                "此链接将填写连接表单：",
            ),
            LinkLabel::Apply => Text::new("Apply to the connection form", "填入连接表单"),
            LinkLabel::NoAutoConnect => Text::new(
                "It will not connect by itself: check the settings, then press Connect.",
                "它不会自动连接：请检查设置，然后点击“连接”。",
            ),
            LinkLabel::Dismiss => Text::new("Dismiss", "关闭"),
            LinkLabel::Refused => Text::new("This link was not opened:", "未打开此链接："),
            LinkLabel::ClientId => Text::new("Client ID", "Client ID"),
            LinkLabel::Protocol => Text::new("MQTT version", "MQTT 版本"),
            LinkLabel::SubscribeTopic => Text::new("Subscribe to", "订阅 Topic"),
            LinkLabel::PublishTopic => Text::new("Publish to", "发布 Topic"),
            LinkLabel::Name => Text::new("Profile", "连接配置"),
        }
    }
}

impl LinkLabel {
    /// `label: value`, with each language's colon.
    pub fn with(self, value: &str) -> Text {
        let label = self.describe();
        Text::new(
            format!("{}: {value}", label.en),
            format!("{}：{value}", label.zh),
        )
    }
}

impl Describe for LinkSecret {
    fn describe(&self) -> Text {
        match self {
            LinkSecret::DeviceSecret => Text::new("a DeviceSecret", "DeviceSecret"),
            LinkSecret::Password => Text::new("a password", "密码"),
            LinkSecret::ProductSecret => Text::new("a ProductSecret", "ProductSecret"),
        }
    }
}

impl Describe for JsonKind {
    fn describe(&self) -> Text {
        match self {
            JsonKind::Text => Text::new("text", "文本"),
            JsonKind::Bool => Text::new("true or false", "true 或 false"),
            JsonKind::Number => Text::new("a number", "数字"),
            JsonKind::List => Text::new("a list", "列表"),
            JsonKind::Object => Text::new("an object", "对象"),
        }
    }
}

impl Describe for LinkError {
    fn describe(&self) -> Text {
        match self {
            LinkError::NotALink => Text::new(
                "the address does not hold a connection link",
                "该地址不包含连接链接。",
            ),
            LinkError::UnknownVersion(v) => Text::new(
                format!("the link is of version \"{v}\", which this MQTT Console does not read; it may come from a newer one"),
                format!("链接版本为“{v}”，当前 MQTT Console 无法读取，可能来自更新的版本。"),
            ),
            LinkError::TooLong { bytes } => Text::new(
                format!("the link is {bytes} bytes long; links over {MAX_LINK_BYTES} bytes are not read"),
                format!("链接长 {bytes} 字节；超过 {MAX_LINK_BYTES} 字节的链接不予读取。"),
            ),
            LinkError::BadBase64 { position } => Text::new(
                format!("the link is damaged at character {position} (it was cut or changed when copied)"),
                format!("链接在第 {position} 个字符处损坏（复制时被截断或改动）。"),
            ),
            LinkError::BadJson { reason, line, column } => Text::new(
                format!("the link's settings cannot be read (line {line}, column {column}): {reason}"),
                format!("无法读取链接中的设置（第 {line} 行第 {column} 列）：{reason}"),
            ),
            LinkError::NotAnObject => Text::new(
                "the link's settings are not a set of fields",
                "链接中的设置不是字段集合。",
            ),
            LinkError::Secret(secret) => {
                let s = secret.describe();
                Text::new(
                    format!("the link carries {}; links never carry secrets, so it was refused and nothing was applied", s.en),
                    format!("链接中带有{}；链接绝不携带密钥，因此已拒绝，未应用任何设置。", s.zh),
                )
            }
            LinkError::Acknowledgement => Text::new(
                "the link carries an acknowledgement of Aliyun's MQTT 5 version lock; only you can give it, in the form",
                "链接中带有对阿里云 MQTT 5 版本锁定的确认；只有您本人才能在表单中确认。",
            ),
            LinkError::UnknownField(field) => Text::new(
                format!("the link has a field this MQTT Console does not know: \"{field}\""),
                format!("链接中有当前 MQTT Console 不认识的字段：“{field}”。"),
            ),
            LinkError::WrongType { field, expected } => {
                let k = expected.describe();
                Text::new(
                    format!("the link's field \"{field}\" should be {}", k.en),
                    format!("链接中的字段“{field}”应为{}。", k.zh),
                )
            }
            LinkError::ControlChar { field } => Text::new(
                format!("the link's field \"{field}\" contains a control or text-direction character"),
                format!("链接中的字段“{field}”含有控制字符或文字方向字符。"),
            ),
            LinkError::FieldTooLong { field, chars, max } if field == "name" && *max == MAX_NAME_CHARS => Text::new(
                format!("the link's profile name has {chars} characters; at most {max} are allowed"),
                format!("链接中的配置名称有 {chars} 个字符，最多允许 {max} 个。"),
            ),
            LinkError::FieldTooLong { field, chars, max } => Text::new(
                format!("the link's field \"{field}\" has {chars} characters; at most {max} are allowed"),
                format!("链接中的字段“{field}”有 {chars} 个字符，最多允许 {max} 个。"),
            ),
            LinkError::TooManyItems { field, count } => Text::new(
                format!("the link's list \"{field}\" has {count} entries; at most {} are allowed", MAX_LINK_LIST),
                format!("链接中的列表“{field}”有 {count} 项，最多允许 {} 项。", MAX_LINK_LIST),
            ),
            LinkError::Form(e) => {
                let e = e.describe();
                Text::new(
                    format!("the link's connection settings are not usable: {}", e.en),
                    format!("链接中的连接设置不可用：{}", e.zh),
                )
            }
            LinkError::Subscribe(e) => {
                let e = e.describe();
                Text::new(
                    format!("the link's subscribe options are not usable: {}", e.en),
                    format!("链接中的订阅选项不可用：{}", e.zh),
                )
            }
        }
    }
}

impl Describe for LinkTarget {
    fn describe(&self) -> Text {
        match self {
            LinkTarget::Broker { url } if url.is_empty() => Text::new(
                "Broker URL: none given; type it in",
                "服务器地址：未提供，请自行填写",
            ),
            LinkTarget::Broker { url } => Text::new(
                format!("Broker URL: {url}"),
                format!("服务器地址：{url}"),
            ),
            LinkTarget::Aliyun {
                endpoint,
                product_key,
                device_name,
            } => Text::new(
                format!("Aliyun IoT Platform: {endpoint}, ProductKey {product_key}, DeviceName {device_name}"),
                format!("阿里云物联网平台：{endpoint}，ProductKey {product_key}，DeviceName {device_name}"),
            ),
        }
    }
}

impl Describe for LinkClientId {
    fn describe(&self) -> Text {
        match self {
            LinkClientId::Given(id) => Text::new(id.clone(), id.clone()),
            LinkClientId::Random => Text::new("a random one", "随机生成"),
        }
    }
}

impl Describe for SecretToType {
    fn describe(&self) -> Text {
        match self {
            SecretToType::DeviceSecret => Text::new(
                "Type the DeviceSecret yourself: a link never carries it.",
                "请自行填写 DeviceSecret：链接从不携带它。",
            ),
            SecretToType::DeviceToken => Text::new(
                "Type the device token yourself: a link never carries it.",
                "请自行填写设备 Token：链接从不携带它。",
            ),
            SecretToType::Password => Text::new(
                "Type the password yourself if the broker asks for one: a link never carries it.",
                "如 Broker 需要密码，请自行填写：链接从不携带密码。",
            ),
            SecretToType::Nothing => Text::new(
                "A link never carries a password or secret.",
                "链接从不携带密码或密钥。",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::FormError;
    use crate::model::profiles::{encode_link, parse_link};
    use crate::model::subscriptions::SubscribeProblem;

    #[test]
    fn every_refusal_reads_in_both_languages() {
        let errors = [
            LinkError::NotALink,
            LinkError::UnknownVersion("v9".into()),
            LinkError::TooLong { bytes: 9000 },
            LinkError::BadBase64 { position: 12 },
            LinkError::BadJson {
                reason: "EOF".into(),
                line: 1,
                column: 2,
            },
            LinkError::NotAnObject,
            LinkError::Secret(LinkSecret::DeviceSecret),
            LinkError::Secret(LinkSecret::Password),
            LinkError::Secret(LinkSecret::ProductSecret),
            LinkError::Acknowledgement,
            LinkError::UnknownField("x".into()),
            LinkError::WrongType {
                field: "tls".into(),
                expected: JsonKind::Bool,
            },
            LinkError::ControlChar {
                field: "name".into(),
            },
            LinkError::FieldTooLong {
                field: "name".into(),
                chars: 65,
                max: MAX_NAME_CHARS,
            },
            LinkError::FieldTooLong {
                field: "url".into(),
                chars: 2000,
                max: 1024,
            },
            LinkError::TooManyItems {
                field: "connect_user_properties".into(),
                count: 40,
            },
            LinkError::Form(FormError::BrokerUrl("javascript:alert(1)".into())),
            LinkError::Subscribe(SubscribeProblem::RetainHandlingInvalid(3)),
        ];
        for e in &errors {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
        }
        let secret = LinkError::Secret(LinkSecret::Password).describe();
        assert!(secret.en.contains("a password"), "{}", secret.en);
        let url = LinkError::Form(FormError::BrokerUrl("javascript:alert(1)".into())).describe();
        assert!(url.en.contains("javascript:alert(1)"), "{}", url.en);
    }

    #[test]
    fn the_summary_reads_in_both_languages() {
        let json =
            r#"{"profiles":[{"name":"L","mode":"generic","url":"wss://h/mqtt","username":"u"}]}"#;
        let p = crate::model::profiles::parse_profiles(json).unwrap();
        let s = parse_link(&encode_link(&p[0])).unwrap().summary();
        assert_eq!(s.target.describe().en, "Broker URL: wss://h/mqtt");
        assert_eq!(s.client_id.describe().en, "a random one");
        assert!(s.secret.describe().en.contains("password"));
        for label in [
            LinkLabel::CopyLink,
            LinkLabel::Apply,
            LinkLabel::NoAutoConnect,
        ] {
            assert!(!label.describe().zh.is_empty());
        }
    }
}
