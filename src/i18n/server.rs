//! The words of what the server offers and says on this side of the console: why a control is
//! off ([`Limit`]), why a subscribe cannot go out as asked ([`SubscribeProblem`]), what an MQTT 5
//! server said when it refused or ended the connection ([`server_reason`]), and an UNSUBACK that
//! did not simply remove its filter ([`Unsubscribed`]).

use super::{Describe, Text};
use crate::model::connection::ServerReason;
use crate::model::server::Limit;
use crate::model::subscriptions::SubscribeProblem;
use crate::mqtt::ReasonPacket;

impl Describe for Limit {
    fn describe(&self) -> Text {
        match self {
            Limit::QoSAbove { maximum } => {
                let q = maximum.as_u8();
                Text::new(
                    format!("the server's maximum QoS is {q}"),
                    format!("服务端支持的最大 QoS 为 {q}"),
                )
            }
            Limit::RetainNotAvailable => Text::new(
                "the server does not keep retained messages (retain not available)",
                "服务端不支持保留消息（Retain Available 为 false）",
            ),
            Limit::WildcardsNotAvailable => Text::new(
                "the server does not accept wildcard subscriptions (+ and #)",
                "服务端不支持通配符订阅（+ 和 #）",
            ),
            Limit::SubscriptionIdentifiersNotAvailable => Text::new(
                "the server does not accept subscription identifiers",
                "服务端不支持订阅标识符",
            ),
            Limit::SharedNotAvailable => Text::new(
                "the server does not offer shared subscriptions ($share/group/filter)",
                "服务端不支持共享订阅（$share/分组/主题过滤器）",
            ),
            Limit::NeedsMqtt5 => Text::new("only on MQTT 5 connections", "仅 MQTT 5 连接可用"),
        }
    }
}

impl Describe for SubscribeProblem {
    fn describe(&self) -> Text {
        match self {
            SubscribeProblem::IdentifierInvalid(text) => Text::new(
                format!("subscription identifier \"{text}\" must be empty or a whole number from 1 to 268435455"),
                format!("订阅标识符「{text}」必须留空或填写 1 到 268435455 之间的整数"),
            ),
            SubscribeProblem::RetainHandlingInvalid(n) => Text::new(
                format!("retain handling {n} must be 0, 1 or 2"),
                format!("保留消息处理方式 {n} 必须是 0、1 或 2"),
            ),
            SubscribeProblem::SharedMalformed => Text::new(
                "a shared subscription is written $share/group/filter, with a group name without + # or /",
                "共享订阅的格式为 $share/分组/主题过滤器，分组名不能含有 +、# 或 /",
            ),
            SubscribeProblem::NoLocalOnShared => Text::new(
                "no local cannot be used on a shared subscription (MQTT 5 forbids it)",
                "共享订阅不能使用 No Local（MQTT 5 规定）",
            ),
            SubscribeProblem::Limit(limit) => {
                let why = limit.describe();
                Text::new(
                    format!("not sent: {}", why.en),
                    format!("未发送：{}", why.zh),
                )
            }
        }
    }
}

/// What an MQTT 5 server said on `packet`: the code's sentence, then its reason string and the
/// server it points to, when it sent them.
pub fn server_reason(packet: ReasonPacket, said: &ServerReason) -> Text {
    let words = super::reason::describe(packet, said.reason);
    let mut en = words.en;
    let mut zh = words.zh;
    if let Some(text) = said.reason_string.as_deref().filter(|t| !t.is_empty()) {
        en.push_str(&format!("; the server said \"{text}\""));
        zh.push_str(&format!("；服务端说明：「{text}」"));
    }
    if let Some(server) = said.server_reference.as_deref().filter(|t| !t.is_empty()) {
        en.push_str(&format!("; use the server {server}"));
        zh.push_str(&format!("；请改用服务端 {server}"));
    }
    Text::new(en, zh)
}

/// An UNSUBACK that did not simply remove `filter`.
pub struct Unsubscribed<'a> {
    /// The filter.
    pub filter: &'a str,
    /// The UNSUBACK's code for it.
    pub reason: crate::mqtt::ReasonCode,
}

impl Describe for Unsubscribed<'_> {
    fn describe(&self) -> Text {
        let why = super::reason::describe(ReasonPacket::UnsubAck, self.reason);
        let filter = self.filter;
        Text::new(
            format!("unsubscribe {filter}: {}", why.en),
            format!("取消订阅 {filter}：{}", why.zh),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::QoS;

    #[test]
    fn every_limit_and_problem_reads_in_both_languages() {
        let limits = [
            Limit::QoSAbove {
                maximum: QoS::AtLeastOnce,
            },
            Limit::RetainNotAvailable,
            Limit::WildcardsNotAvailable,
            Limit::SubscriptionIdentifiersNotAvailable,
            Limit::SharedNotAvailable,
            Limit::NeedsMqtt5,
        ];
        let mut texts: Vec<Text> = limits.iter().map(Describe::describe).collect();
        texts.extend(limits.map(|l| SubscribeProblem::Limit(l).describe()));
        for p in [
            SubscribeProblem::IdentifierInvalid("0".into()),
            SubscribeProblem::RetainHandlingInvalid(3),
            SubscribeProblem::SharedMalformed,
            SubscribeProblem::NoLocalOnShared,
        ] {
            texts.push(p.describe());
        }
        for t in texts {
            assert!(!t.en.is_empty() && !t.zh.is_empty());
            assert_ne!(t.en, t.zh);
        }
        assert_eq!(
            Limit::QoSAbove {
                maximum: QoS::AtLeastOnce
            }
            .describe()
            .en,
            "the server's maximum QoS is 1"
        );
    }
}
