//! The words of the MQTT session (`crate::mqtt`): its errors, the wildcard rules, the CONNACK
//! refusals and why a link closed. `Display` of these types is their English, defined here once so
//! logs and the emulator read the same sentence as the UI.

use std::fmt;

use super::{Describe, Text};
use crate::mqtt::{CloseReason, ConnAckRefusal, ConnectLimit, FilterRule, MqttError, StringField};

impl Describe for FilterRule {
    fn describe(&self) -> Text {
        match self {
            FilterRule::Empty => Text::new("it is empty", "过滤器为空"),
            FilterRule::HashNotAlone => Text::new(
                "# must stand alone in its level",
                "# 必须单独占一层（如 a/#）",
            ),
            FilterRule::HashNotLast => {
                Text::new("# must be the last level", "# 只能出现在最后一层")
            }
            FilterRule::PlusNotAlone => Text::new(
                "+ must stand alone in its level",
                "+ 必须单独占一层（如 a/+/b）",
            ),
        }
    }
}

impl Describe for StringField {
    /// The field as named inside a sentence. Protocol words (Client ID) stay as they are; the
    /// topic filter and the will message have no Chinese name yet, as before.
    fn describe(&self) -> Text {
        match self {
            StringField::ClientId => Text::new("client id", "Client ID"),
            StringField::Username => Text::new("username", "用户名"),
            StringField::Password => Text::new("password", "密码"),
            StringField::Topic => Text::new("topic", "Topic"),
            StringField::TopicFilter => Text::new("topic filter", "topic filter"),
            StringField::WillMessage => Text::new("will message", "will message"),
            StringField::ContentType => Text::new("content type", "内容类型（Content Type）"),
            StringField::ResponseTopic => Text::new("response topic", "响应主题（Response Topic）"),
            StringField::CorrelationData => {
                Text::new("correlation data", "对比数据（Correlation Data）")
            }
            StringField::UserPropertyName => Text::new("user property name", "用户属性名"),
            StringField::UserPropertyValue => Text::new("user property value", "用户属性值"),
        }
    }
}

impl Describe for MqttError {
    /// Field names and protocol details (packet names, bytes from the broker) stay as they are
    /// in both languages.
    fn describe(&self) -> Text {
        match self {
            MqttError::NotConnected => Text::new(
                "not connected: wait until the broker has accepted the connection",
                "未连接：请等服务器接受连接后再操作",
            ),
            MqttError::Unsupported(what) => Text::new(
                format!("{what} is not supported yet"),
                format!("暂不支持 {what}"),
            ),
            MqttError::StringTooLong { field, len } => {
                let field = field.describe();
                Text::new(
                    format!(
                        "the {} is {len} bytes long, but MQTT allows at most 65535 bytes",
                        field.en
                    ),
                    format!("{}长 {len} 字节，MQTT 最多允许 65535 字节", field.zh),
                )
            }
            MqttError::NulCharacter { field } => {
                let field = field.describe();
                Text::new(
                    format!(
                        "the {} contains a NUL character, which MQTT does not allow",
                        field.en
                    ),
                    format!("{}含有 NUL 字符，MQTT 不允许", field.zh),
                )
            }
            MqttError::EmptyTopic => Text::new("the topic is empty", "Topic 为空"),
            MqttError::WildcardInTopic(topic) => Text::new(
                format!(
                    "the topic \"{topic}\" contains + or #, which are only allowed when subscribing"
                ),
                format!("Topic「{topic}」含有 + 或 #，通配符只能用于订阅"),
            ),
            MqttError::InvalidFilter { filter, reason } => {
                let reason = reason.describe();
                Text::new(
                    format!(
                        "the subscription filter \"{filter}\" is invalid: {}",
                        reason.en
                    ),
                    format!("订阅过滤器「{filter}」无效：{}", reason.zh),
                )
            }
            MqttError::NoFilters => Text::new("no topic filter was given", "没有给出订阅过滤器"),
            MqttError::PasswordWithoutUsername => Text::new(
                "a password needs a username in MQTT 3.1.1",
                "MQTT 3.1.1 中填写密码时必须同时填写用户名",
            ),
            MqttError::EmptyClientIdNeedsCleanSession => Text::new(
                "an empty client id is only allowed with a clean session",
                "只有在清除会话（clean session）时 Client ID 才能为空",
            ),
            MqttError::PayloadTooLarge { len } => Text::new(
                format!("the message is {len} bytes long, more than an MQTT packet can carry"),
                format!("消息长 {len} 字节，超过一个 MQTT 报文能承载的大小"),
            ),
            MqttError::PacketIdsExhausted => Text::new(
                "all 65535 packet ids are waiting for an acknowledgement from the broker",
                "65535 个报文标识符都在等待服务器确认",
            ),
            MqttError::MalformedPacket(detail) => Text::new(
                format!("the broker sent a malformed packet ({detail})"),
                format!("服务器发送了格式错误的报文（{detail}）"),
            ),
            MqttError::IncomingPacketTooLarge { size, max } => Text::new(
                format!(
                    "the broker sent a packet of {size} bytes, more than the limit of {max} bytes"
                ),
                format!("服务器发送了 {size} 字节的报文，超过了 {max} 字节的上限"),
            ),
            MqttError::UnexpectedPacket(detail) => Text::new(
                format!("the broker broke the protocol: {detail}"),
                format!("服务器违反了协议：{detail}"),
            ),
            MqttError::UnexpectedConnAck => Text::new(
                "the broker sent a CONNACK although the connection was already set up",
                "连接已建立后服务器又发送了 CONNACK",
            ),
            MqttError::UnknownPacketId { packet, packet_id } => Text::new(
                format!(
                    "the broker sent a {packet} for packet id {packet_id}, which is not waiting for one"
                ),
                format!("服务器为报文标识符 {packet_id} 发送了 {packet}，但该标识符并未在等待"),
            ),
            MqttError::SubAckCountMismatch {
                packet_id,
                expected,
                got,
            } => Text::new(
                format!(
                    "the broker answered subscription {packet_id} with {got} results for {expected} filters"
                ),
                format!("服务器对订阅 {packet_id} 返回了 {got} 个结果，而过滤器有 {expected} 个"),
            ),
            MqttError::InvalidIncomingTopic(detail) => Text::new(
                format!("the broker delivered a message with an invalid topic: {detail}"),
                format!("服务器投递了一条 Topic 无效的消息：{detail}"),
            ),
            MqttError::ConnAckTimeout => Text::new(
                "the broker did not answer the connection request in time",
                "服务器没有及时响应连接请求",
            ),
            MqttError::PingTimeout => Text::new(
                "the broker did not answer the keepalive ping in time; the connection seems dead",
                "服务器没有及时响应心跳（PINGREQ），连接似乎已断开",
            ),
            MqttError::EncodeFailed(detail) => Text::new(
                format!("could not encode the packet ({detail})"),
                format!("无法编码报文（{detail}）"),
            ),
            MqttError::InvalidWill(rule) => {
                let rule = rule.describe();
                Text::new(
                    format!("the last will is invalid: {}", rule.en),
                    format!("遗嘱消息无效：{}", rule.zh),
                )
            }
            MqttError::QoSNotSupported { requested, maximum } => {
                let (requested, maximum) = (requested.as_u8(), maximum.as_u8());
                Text::new(
                    format!(
                        "the server accepts at most QoS {maximum}, so this QoS {requested} message was not sent"
                    ),
                    format!("服务器最高只接受 QoS {maximum}，这条 QoS {requested} 消息未发送"),
                )
            }
            MqttError::RetainNotAvailable => Text::new(
                "the server keeps no retained messages, so this retained message was not sent",
                "服务器不支持保留消息（retain），这条消息未发送",
            ),
            MqttError::PacketTooLarge { size, maximum } => Text::new(
                format!(
                    "the packet would be {size} bytes, more than the server's maximum of {maximum} bytes, so it was not sent"
                ),
                format!("报文将有 {size} 字节，超过服务器允许的最大 {maximum} 字节，未发送"),
            ),
            MqttError::PropertiesNeedMqtt5 => Text::new(
                "properties and subscribe options need an MQTT 5 connection; this one speaks MQTT 3.1.1",
                "属性和订阅选项需要 MQTT 5 连接，当前连接使用 MQTT 3.1.1",
            ),
            MqttError::EmptyProperty { field } => {
                let field = field.describe();
                Text::new(
                    format!("the {} is empty; leave it out instead", field.en),
                    format!("{}为空；不需要时请不要填写", field.zh),
                )
            }
            MqttError::WildcardInResponseTopic(topic) => Text::new(
                format!(
                    "the response topic \"{topic}\" contains + or #, but it must be a plain topic"
                ),
                format!("响应主题「{topic}」含有 + 或 #，它必须是普通 Topic"),
            ),
            MqttError::PayloadNotUtf8 => Text::new(
                "the payload is marked as UTF-8 text but is not valid UTF-8",
                "负载被标记为 UTF-8 文本，但不是有效的 UTF-8",
            ),
            MqttError::ZeroLimit(limit) => match limit {
                ConnectLimit::ReceiveMaximum => Text::new(
                    "the receive maximum must be at least 1",
                    "接收最大值（Receive Maximum）至少为 1",
                ),
                ConnectLimit::MaximumPacketSize => Text::new(
                    "the maximum packet size must be at least 1 byte",
                    "最大报文长度（Maximum Packet Size）至少为 1 字节",
                ),
            },
            MqttError::WildcardSubscriptionNotAvailable { filter } => Text::new(
                format!(
                    "the server does not allow wildcards in subscriptions, so \"{filter}\" was not subscribed"
                ),
                format!("服务器不支持通配符订阅，未订阅「{filter}」"),
            ),
            MqttError::SubscriptionIdentifierNotAvailable => Text::new(
                "the server does not support subscription identifiers; leave the identifier empty",
                "服务器不支持订阅标识符，请不要填写",
            ),
            MqttError::SubscriptionIdentifierOutOfRange(id) => Text::new(
                format!("the subscription identifier {id} is outside 1 to 268435455"),
                format!("订阅标识符 {id} 超出 1 到 268435455 的范围"),
            ),
            MqttError::SharedSubscriptionNotAvailable { filter } => Text::new(
                format!(
                    "the server does not offer shared subscriptions, so \"{filter}\" was not subscribed"
                ),
                format!("服务器不支持共享订阅，未订阅「{filter}」"),
            ),
            MqttError::InvalidSharedFilter { filter } => Text::new(
                format!(
                    "\"{filter}\" is not a valid shared subscription: write $share/group/filter, with a group name without + # or /"
                ),
                format!("「{filter}」不是有效的共享订阅：格式为 $share/分组名/过滤器，分组名不能含 + # /"),
            ),
            MqttError::NoLocalOnSharedSubscription { filter } => Text::new(
                format!("\"{filter}\" is a shared subscription, which cannot use No Local"),
                format!("「{filter}」是共享订阅，不能使用 No Local 选项"),
            ),
            MqttError::TopicAliasInvalid { alias, maximum } => {
                if *alias == 0 || alias > maximum {
                    Text::new(
                        format!(
                            "the broker used topic alias {alias}, but only 1 to {maximum} are allowed; the connection was closed"
                        ),
                        format!("服务器使用了主题别名 {alias}，但只允许 1 到 {maximum}；连接已关闭"),
                    )
                } else {
                    Text::new(
                        format!(
                            "the broker used topic alias {alias} without saying which topic it stands for; the connection was closed"
                        ),
                        format!("服务器使用了主题别名 {alias}，却没有说明它代表哪个 Topic；连接已关闭"),
                    )
                }
            }
            MqttError::ReceiveMaximumExceeded { maximum } => Text::new(
                format!(
                    "the broker sent more than the {maximum} unacknowledged QoS 2 messages allowed; the connection was closed"
                ),
                format!("服务器同时发送的未确认 QoS 2 消息超过了允许的 {maximum} 条；连接已关闭"),
            ),
            MqttError::AuthNotSupported => Text::new(
                "the broker asked for enhanced authentication (AUTH), which this console does not support",
                "服务器要求增强认证（AUTH），本工具暂不支持",
            ),
        }
    }
}

impl fmt::Display for MqttError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().en)
    }
}

impl ConnAckRefusal {
    /// (English, Chinese).
    fn words(self) -> (&'static str, &'static str) {
        match self {
            ConnAckRefusal::UnacceptableProtocol => (
                "the broker does not support MQTT 3.1.1",
                "服务器不支持 MQTT 3.1.1",
            ),
            ConnAckRefusal::IdentifierRejected => {
                ("the broker rejected the client id", "Client ID 被拒绝")
            }
            ConnAckRefusal::ServerUnavailable => {
                ("the MQTT service is unavailable", "服务暂不可用")
            }
            ConnAckRefusal::BadCredentials => ("wrong username or password", "用户名或密码错误"),
            ConnAckRefusal::NotAuthorised => ("not authorised", "未授权"),
            ConnAckRefusal::Unknown(_) => ("unknown refusal code", "服务器返回了未知的拒绝代码"),
        }
    }
}

impl Describe for ConnAckRefusal {
    fn describe(&self) -> Text {
        let (en, zh) = self.words();
        Text::new(en, zh)
    }
}

impl fmt::Display for ConnAckRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words().0)
    }
}

impl fmt::Display for CloseReason {
    /// English only: the UI words a close itself, with more context (see the connection store).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseReason::Disconnected => write!(f, "you disconnected"),
            CloseReason::LinkLost => write!(f, "the connection to the broker was lost"),
            CloseReason::Refused { code } => write!(
                f,
                "the broker refused the connection: {}",
                ConnAckRefusal::from_code(*code)
            ),
            CloseReason::RefusedV5 {
                reason,
                reason_string,
                ..
            } => {
                write!(
                    f,
                    "the broker refused the connection with reason code 0x{:02X}",
                    reason.as_u8()
                )?;
                match reason_string {
                    Some(why) => write!(f, ": {why}"),
                    None => Ok(()),
                }
            }
            CloseReason::ServerDisconnected {
                reason,
                reason_string,
                ..
            } => {
                write!(
                    f,
                    "the broker closed the connection with reason code 0x{:02X}",
                    reason.as_u8()
                )?;
                match reason_string {
                    Some(why) => write!(f, ": {why}"),
                    None => Ok(()),
                }
            }
            CloseReason::Failed(error) => write!(f, "{error}"),
        }
    }
}

#[cfg(test)]
mod tests;
