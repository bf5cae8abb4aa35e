//! Words for the MQTT 5 message side: the property editor's errors, the names of received
//! properties and of the optional log columns, a reply's pairing with its request, and a
//! publish's acknowledgement.

use super::{Describe, Text};
use crate::model::log::AckOutcome;
use crate::model::message_props::{LogColumn, PropertyName};
use crate::model::publish_props::PropsError;
use crate::model::request_response::Pairing;

impl Describe for PropsError {
    fn describe(&self) -> Text {
        match self {
            PropsError::CorrelationHex(e) => {
                let inner = e.describe();
                Text::new(
                    format!("Correlation data (hex): {}", inner.en),
                    format!("关联数据（十六进制）：{}", inner.zh),
                )
            }
            PropsError::MessageExpiry => Text::new(
                "Message expiry must be a whole number of seconds from 1 to 4294967295",
                "消息过期时间须为 1 到 4294967295 之间的整数秒",
            ),
            PropsError::ResponseTopic(e) => {
                let inner = e.describe();
                Text::new(
                    format!("Response topic: {}", inner.en),
                    format!("响应主题：{}", inner.zh),
                )
            }
            PropsError::PayloadNotUtf8 { position } => Text::new(
                format!(
                    "The payload format says UTF-8, but the payload is not UTF-8 (byte {position} \
                     is not valid): choose \"bytes\" or fix the payload"
                ),
                format!(
                    "载荷格式为 UTF-8，但消息内容不是 UTF-8（第 {position} 字节无效）：\
                     请选择 \"bytes\" 或修改消息内容"
                ),
            ),
        }
    }
}

impl Describe for PropertyName {
    fn describe(&self) -> Text {
        match self {
            PropertyName::ContentType => Text::new("Content type", "内容类型"),
            PropertyName::ResponseTopic => Text::new("Response topic", "响应主题"),
            PropertyName::CorrelationData => Text::new("Correlation data", "关联数据"),
            PropertyName::MessageExpiry => Text::new("Message expiry (s)", "消息过期时间（秒）"),
            PropertyName::PayloadFormat => Text::new("Payload format", "载荷格式"),
            PropertyName::SubscriptionIdentifier => {
                Text::new("Subscription identifier", "订阅标识符")
            }
            PropertyName::UserProperty => Text::new("User property", "用户属性"),
        }
    }
}

impl Describe for LogColumn {
    fn describe(&self) -> Text {
        match self {
            LogColumn::ContentType => Text::new("Content type", "内容类型"),
            LogColumn::ResponseTopic => Text::new("Response topic", "响应主题"),
            LogColumn::CorrelationData => Text::new("Correlation data", "关联数据"),
            LogColumn::UserProperties => Text::new("User properties", "用户属性"),
            LogColumn::MessageExpiry => Text::new("Message expiry", "消息过期时间"),
            LogColumn::PayloadFormat => Text::new("Payload format", "载荷格式"),
            LogColumn::SubscriptionIdentifiers => {
                Text::new("Subscription identifiers", "订阅标识符")
            }
        }
    }
}

/// A reply's pairing, with the number the log shows for its request (its sequence number
/// counted from 1, as the rows are).
impl Describe for Pairing {
    fn describe(&self) -> Text {
        let n = self.request_seq + 1;
        let ms = self.after_ms.round();
        if self.repeated {
            Text::new(
                format!("another reply to #{n} after {ms} ms"),
                format!("#{n} 的又一条回复，用时 {ms} 毫秒"),
            )
        } else {
            Text::new(
                format!("reply to #{n} after {ms} ms"),
                format!("#{n} 的回复，用时 {ms} 毫秒"),
            )
        }
    }
}

/// The broker's reason code for one of our publishes in plain words, its short name (with the
/// hex code) and its reason string when it sent one.
impl Describe for AckOutcome {
    fn describe(&self) -> Text {
        let sentence = super::reason::describe(self.packet, self.reason);
        let name = super::reason::short(self.reason);
        let (en, zh) = (
            format!("{}: {}", name.en, sentence.en),
            format!("{}：{}", name.zh, sentence.zh),
        );
        match &self.reason_string {
            Some(s) => Text::new(format!("{en} ({s})"), format!("{zh}（{s}）")),
            None => Text::new(en, zh),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::payload::PayloadError;

    #[test]
    fn a_reply_names_its_request_and_the_time() {
        let p = Pairing {
            request_seq: 122,
            after_ms: 41.6,
            repeated: false,
        };
        assert_eq!(p.describe().en, "reply to #123 after 42 ms");
        assert!(p.describe().zh.contains("#123"));
    }

    #[test]
    fn a_publish_result_says_the_code_and_the_server_s_words() {
        use crate::mqtt::{ReasonCode, ReasonPacket};
        let o = AckOutcome {
            packet: ReasonPacket::PubAck,
            reason: ReasonCode::NotAuthorized,
            reason_string: Some("acl".into()),
        };
        let t = o.describe();
        assert!(t.en.contains("0x87"), "{}", t.en);
        assert!(t.en.ends_with("(acl)"), "{}", t.en);
        assert!(t.zh.contains("0x87"), "{}", t.zh);
    }

    #[test]
    fn editor_errors_keep_the_inner_reason() {
        let e = PropsError::CorrelationHex(PayloadError::HexOdd).describe();
        assert!(e
            .en
            .starts_with("Correlation data (hex): hex payloads need"));
        assert!(PropsError::PayloadNotUtf8 { position: 3 }
            .describe()
            .en
            .contains("byte 3"));
    }
}
