//! The words of the capabilities panel (`crate::model::capability`): a label and a one-line
//! explanation per CONNACK capability. MQTT property names stay recognisable in Chinese, the
//! way Chinese MQTT documentation writes them.

use super::{Describe, Text};
use crate::model::capability::ServerCapability;

/// English, then Chinese.
type Words = (&'static str, &'static str);

impl Describe for ServerCapability {
    /// The capability's label, e.g. "Maximum QoS" / "最大 QoS".
    fn describe(&self) -> Text {
        let (en, zh) = words(*self).0;
        Text::new(en, zh)
    }
}

/// What the capability means for this console's user, in one line (a tooltip or a caption).
pub fn explain(capability: ServerCapability) -> Text {
    let (en, zh) = words(capability).1;
    Text::new(en, zh)
}

/// (label, explanation).
fn words(capability: ServerCapability) -> (Words, Words) {
    use ServerCapability::*;
    match capability {
        MaximumQos => (
            ("Maximum QoS", "最大 QoS"),
            (
                "the highest QoS the server accepts on publishes and grants on subscriptions",
                "服务端接受的发布及授予订阅的最高 QoS 等级",
            ),
        ),
        RetainAvailable => (
            ("Retain available", "支持保留消息"),
            (
                "whether the server keeps retained messages; if not, a retained publish is refused before it is sent",
                "服务端是否保存保留消息；不支持时，带保留标志的发布会在发送前被拒绝",
            ),
        ),
        MaximumPacketSize => (
            ("Maximum packet size", "最大报文长度"),
            (
                "the largest packet the server accepts, in bytes; a bigger publish is refused before it is sent",
                "服务端接受的最大报文字节数；更大的发布会在发送前被拒绝",
            ),
        ),
        TopicAliasMaximum => (
            ("Topic alias maximum", "主题别名最大值"),
            (
                "how many topic aliases this client may use towards the server (0: none)",
                "此客户端可向服务端使用的主题别名数量（0 表示不可用）",
            ),
        ),
        ReceiveMaximum => (
            ("Receive maximum", "接收最大值"),
            (
                "how many QoS 1/2 publishes may await the server's acknowledgement at once",
                "可同时等待服务端确认的 QoS 1/2 消息数量",
            ),
        ),
        WildcardSubscriptionAvailable => (
            ("Wildcard subscriptions", "支持通配符订阅"),
            (
                "whether topic filters may contain + and #",
                "主题过滤器中是否可以使用 + 和 #",
            ),
        ),
        SubscriptionIdentifiersAvailable => (
            ("Subscription identifiers", "支持订阅标识符"),
            (
                "whether a subscription may carry an identifier that comes back on its messages",
                "订阅是否可以携带标识符，并随匹配的消息一起返回",
            ),
        ),
        SharedSubscriptionAvailable => (
            ("Shared subscriptions", "支持共享订阅"),
            (
                "whether $share/{group}/{filter} subscriptions spread messages over a group of clients",
                "是否支持 $share/{group}/{filter} 共享订阅，在一组客户端之间分摊消息",
            ),
        ),
        ServerKeepAlive => (
            ("Server keep alive", "服务端保活时间"),
            (
                "the keepalive in seconds the server imposes instead of the one asked for",
                "服务端指定的保活时间（秒），取代客户端请求的值",
            ),
        ),
        AssignedClientIdentifier => (
            ("Assigned client identifier", "分配的客户端标识符"),
            (
                "the client id the server chose, because the connection asked with an empty one",
                "连接时 Client ID 为空，服务端为此客户端分配的 Client ID",
            ),
        ),
        SessionExpiryInterval => (
            ("Session expiry interval", "会话过期间隔"),
            (
                "how long in seconds the server keeps the session after the connection ends, as the server decided",
                "连接断开后服务端保留会话的时间（秒），以服务端的决定为准",
            ),
        ),
        ResponseInformation => (
            ("Response information", "响应信息"),
            (
                "a topic prefix the server suggests for replies (request/response)",
                "服务端建议用作响应主题的前缀（请求/响应模式）",
            ),
        ),
        ServerReference => (
            ("Server reference", "服务端引用"),
            (
                "another server the server tells this client to connect to",
                "服务端指示此客户端改连的其他服务端",
            ),
        ),
        ReasonString => (
            ("Reason string", "原因字符串"),
            (
                "a note from the server for people, e.g. why it refused",
                "服务端给出的供人阅读的说明，例如拒绝的原因",
            ),
        ),
        UserProperty => (
            ("User property", "用户属性"),
            (
                "a name=value pair the server added to its CONNACK",
                "服务端在 CONNACK 中附带的名称=值对",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::capability::ALL_SERVER_CAPABILITIES;
    use std::collections::BTreeSet;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_capability_has_a_label_and_an_explanation_in_both_languages() {
        let mut labels = BTreeSet::new();
        for cap in ALL_SERVER_CAPABILITIES {
            for text in [cap.describe(), explain(cap)] {
                assert!(!text.en.is_empty() && !has_han(&text.en), "{cap:?}");
                assert!(has_han(&text.zh), "{cap:?}: {}", text.zh);
            }
            let label = cap.describe();
            assert!(labels.insert(label.en), "{cap:?}: label used twice");
            assert!(labels.insert(label.zh), "{cap:?}: label used twice");
        }
    }
}
