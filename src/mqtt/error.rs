use std::fmt;

/// The wildcard rule a subscription filter breaks [MQTT-4.7.1].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterRule {
    /// The filter is empty.
    Empty,
    /// `#` shares its level with other characters.
    HashNotAlone,
    /// `#` is followed by more levels.
    HashNotLast,
    /// `+` shares its level with other characters.
    PlusNotAlone,
}

impl FilterRule {
    /// The rule as the end of an English sentence.
    pub fn en(self) -> &'static str {
        match self {
            FilterRule::Empty => "it is empty",
            FilterRule::HashNotAlone => "# must stand alone in its level",
            FilterRule::HashNotLast => "# must be the last level",
            FilterRule::PlusNotAlone => "+ must stand alone in its level",
        }
    }

    /// The rule in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            FilterRule::Empty => "过滤器为空",
            FilterRule::HashNotAlone => "# 必须单独占一层（如 a/#）",
            FilterRule::HashNotLast => "# 只能出现在最后一层",
            FilterRule::PlusNotAlone => "+ 必须单独占一层（如 a/+/b）",
        }
    }
}

/// Everything that can go wrong in a [`Session`](super::Session).
///
/// Errors from the user's own input (a bad topic, calling before CONNACK) leave the session as it
/// was. Errors from `handle_bytes` and `handle_timeout` are fatal: the session is then
/// [`Closed`](super::SessionState::Closed) and the caller should close the WebSocket.
/// Match on the variant to translate at the UI edge; `Display` gives a plain English sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MqttError {
    /// Subscribe, unsubscribe or publish was called before the broker accepted the connection,
    /// or after the session closed.
    NotConnected,
    /// A feature this version of the session does not implement yet.
    Unsupported(&'static str),
    /// A string field is longer than the 65,535 bytes an MQTT string can hold.
    StringTooLong { field: &'static str, len: usize },
    /// A string field contains the NUL character, which MQTT forbids in strings.
    NulCharacter { field: &'static str },
    /// A PUBLISH topic was empty.
    EmptyTopic,
    /// A PUBLISH topic contained `+` or `#`, which are only allowed in subscription filters.
    WildcardInTopic(String),
    /// A subscription filter breaks the wildcard rules.
    InvalidFilter { filter: String, reason: FilterRule },
    /// A SUBSCRIBE or UNSUBSCRIBE was asked for with no filter at all.
    NoFilters,
    /// A password was given without a username, which MQTT 3.1.1 does not allow.
    PasswordWithoutUsername,
    /// An empty client id was given with `clean_session = false`; brokers refuse that.
    EmptyClientIdNeedsCleanSession,
    /// The PUBLISH would exceed the largest packet MQTT can describe (256 MiB).
    PayloadTooLarge { len: usize },
    /// All 65,535 packet ids are waiting for an acknowledgement.
    PacketIdsExhausted,
    /// The broker sent bytes that are not a valid MQTT 3.1.1 packet.
    MalformedPacket(String),
    /// The broker announced a packet larger than the configured maximum.
    PacketTooLarge { size: usize, max: usize },
    /// The broker sent a packet a client must never receive, or one out of order.
    UnexpectedPacket(&'static str),
    /// The broker sent a CONNACK although the session was not waiting for one.
    UnexpectedConnAck,
    /// The broker acknowledged a packet id that this session has not got in flight
    /// (or has in flight as a different kind of packet).
    UnknownPacketId {
        packet: &'static str,
        packet_id: u16,
    },
    /// A SUBACK carried a different number of return codes than the SUBSCRIBE had filters.
    SubAckCountMismatch {
        packet_id: u16,
        expected: usize,
        got: usize,
    },
    /// The broker delivered a PUBLISH whose topic is not a valid topic name.
    InvalidIncomingTopic(String),
    /// The broker did not answer CONNECT with a CONNACK in time.
    ConnAckTimeout,
    /// The broker did not answer PINGREQ in time; the link is probably dead.
    PingTimeout,
    /// Encoding an outgoing packet failed; validation should make this unreachable.
    EncodeFailed(String),
    /// The last will given to [`Session::set_will`](super::Session::set_will) breaks this rule.
    InvalidWill(Box<MqttError>),
}

impl fmt::Display for MqttError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MqttError::NotConnected => {
                write!(f, "not connected: wait until the broker has accepted the connection")
            }
            MqttError::Unsupported(what) => write!(f, "{what} is not supported yet"),
            MqttError::StringTooLong { field, len } => write!(
                f,
                "the {field} is {len} bytes long, but MQTT allows at most 65535 bytes"
            ),
            MqttError::NulCharacter { field } => {
                write!(f, "the {field} contains a NUL character, which MQTT does not allow")
            }
            MqttError::EmptyTopic => write!(f, "the topic is empty"),
            MqttError::WildcardInTopic(topic) => write!(
                f,
                "the topic \"{topic}\" contains + or #, which are only allowed when subscribing"
            ),
            MqttError::InvalidFilter { filter, reason } => write!(
                f,
                "the subscription filter \"{filter}\" is invalid: {}",
                reason.en()
            ),
            MqttError::NoFilters => write!(f, "no topic filter was given"),
            MqttError::PasswordWithoutUsername => {
                write!(f, "a password needs a username in MQTT 3.1.1")
            }
            MqttError::EmptyClientIdNeedsCleanSession => write!(
                f,
                "an empty client id is only allowed with a clean session"
            ),
            MqttError::PayloadTooLarge { len } => write!(
                f,
                "the message is {len} bytes long, more than an MQTT packet can carry"
            ),
            MqttError::PacketIdsExhausted => write!(
                f,
                "all 65535 packet ids are waiting for an acknowledgement from the broker"
            ),
            MqttError::MalformedPacket(detail) => {
                write!(f, "the broker sent a malformed packet ({detail})")
            }
            MqttError::PacketTooLarge { size, max } => write!(
                f,
                "the broker sent a packet of {size} bytes, more than the limit of {max} bytes"
            ),
            MqttError::UnexpectedPacket(detail) => {
                write!(f, "the broker broke the protocol: {detail}")
            }
            MqttError::UnexpectedConnAck => write!(
                f,
                "the broker sent a CONNACK although the connection was already set up"
            ),
            MqttError::UnknownPacketId { packet, packet_id } => write!(
                f,
                "the broker sent a {packet} for packet id {packet_id}, which is not waiting for one"
            ),
            MqttError::SubAckCountMismatch { packet_id, expected, got } => write!(
                f,
                "the broker answered subscription {packet_id} with {got} results for {expected} filters"
            ),
            MqttError::InvalidIncomingTopic(detail) => {
                write!(f, "the broker delivered a message with an invalid topic: {detail}")
            }
            MqttError::ConnAckTimeout => {
                write!(f, "the broker did not answer the connection request in time")
            }
            MqttError::PingTimeout => write!(
                f,
                "the broker did not answer the keepalive ping in time; the connection seems dead"
            ),
            MqttError::EncodeFailed(detail) => {
                write!(f, "could not encode the packet ({detail})")
            }
            MqttError::InvalidWill(rule) => write!(f, "the last will is invalid: {rule}"),
        }
    }
}

impl std::error::Error for MqttError {}

impl MqttError {
    /// The message in Chinese. Field names and protocol details (packet names, bytes from the
    /// broker) stay as they are.
    pub fn zh(&self) -> String {
        let field_zh = |field: &str| {
            match field {
                "client id" => "Client ID",
                "username" => "用户名",
                "password" => "密码",
                "topic" => "Topic",
                "filter" => "订阅过滤器",
                "payload" => "消息内容",
                other => other,
            }
            .to_owned()
        };
        match self {
            MqttError::NotConnected => "未连接：请等服务器接受连接后再操作".to_owned(),
            MqttError::Unsupported(what) => format!("暂不支持 {what}"),
            MqttError::StringTooLong { field, len } => {
                format!("{}长 {len} 字节，MQTT 最多允许 65535 字节", field_zh(field))
            }
            MqttError::NulCharacter { field } => {
                format!("{}含有 NUL 字符，MQTT 不允许", field_zh(field))
            }
            MqttError::EmptyTopic => "Topic 为空".to_owned(),
            MqttError::WildcardInTopic(topic) => {
                format!("Topic「{topic}」含有 + 或 #，通配符只能用于订阅")
            }
            MqttError::InvalidFilter { filter, reason } => {
                format!("订阅过滤器「{filter}」无效：{}", reason.zh())
            }
            MqttError::NoFilters => "没有给出订阅过滤器".to_owned(),
            MqttError::PasswordWithoutUsername => {
                "MQTT 3.1.1 中填写密码时必须同时填写用户名".to_owned()
            }
            MqttError::EmptyClientIdNeedsCleanSession => {
                "只有在清除会话（clean session）时 Client ID 才能为空".to_owned()
            }
            MqttError::PayloadTooLarge { len } => {
                format!("消息长 {len} 字节，超过一个 MQTT 报文能承载的大小")
            }
            MqttError::PacketIdsExhausted => "65535 个报文标识符都在等待服务器确认".to_owned(),
            MqttError::MalformedPacket(detail) => format!("服务器发送了格式错误的报文（{detail}）"),
            MqttError::PacketTooLarge { size, max } => {
                format!("服务器发送了 {size} 字节的报文，超过了 {max} 字节的上限")
            }
            MqttError::UnexpectedPacket(detail) => format!("服务器违反了协议：{detail}"),
            MqttError::UnexpectedConnAck => "连接已建立后服务器又发送了 CONNACK".to_owned(),
            MqttError::UnknownPacketId { packet, packet_id } => {
                format!("服务器为报文标识符 {packet_id} 发送了 {packet}，但该标识符并未在等待")
            }
            MqttError::SubAckCountMismatch {
                packet_id,
                expected,
                got,
            } => format!("服务器对订阅 {packet_id} 返回了 {got} 个结果，而过滤器有 {expected} 个"),
            MqttError::InvalidIncomingTopic(detail) => {
                format!("服务器投递了一条 Topic 无效的消息：{detail}")
            }
            MqttError::ConnAckTimeout => "服务器没有及时响应连接请求".to_owned(),
            MqttError::PingTimeout => {
                "服务器没有及时响应心跳（PINGREQ），连接似乎已断开".to_owned()
            }
            MqttError::EncodeFailed(detail) => format!("无法编码报文（{detail}）"),
            MqttError::InvalidWill(rule) => format!("遗嘱消息无效：{}", rule.zh()),
        }
    }
}

/// Translates a decoding failure of `mqttbytes`, whose error type is not a `std::error::Error`
/// and must not leak out of this module.
pub(crate) fn from_decode(err: mqttbytes::Error) -> MqttError {
    use mqttbytes::Error as E;
    match err {
        E::TopicNotUtf8 => MqttError::MalformedPacket("a string is not valid UTF-8".into()),
        E::PacketIdZero => MqttError::MalformedPacket("packet id 0".into()),
        E::InvalidQoS(q) => MqttError::MalformedPacket(format!("QoS {q}")),
        E::InvalidConnectReturnCode(c) => {
            MqttError::MalformedPacket(format!("unknown CONNACK return code {c}"))
        }
        E::InvalidSubscribeReasonCode(c) => {
            MqttError::MalformedPacket(format!("unknown SUBACK return code 0x{c:02x}"))
        }
        other => MqttError::MalformedPacket(format!("{other:?}")),
    }
}

/// Translates an encoding failure of `mqttbytes`; validation happens first, so reaching this
/// means a gap in validation rather than bad input.
pub(crate) fn from_encode(err: mqttbytes::Error) -> MqttError {
    MqttError::EncodeFailed(format!("{err:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_a_plain_sentence() {
        let errors = [
            MqttError::NotConnected,
            MqttError::PingTimeout,
            MqttError::StringTooLong {
                field: "topic",
                len: 70_000,
            },
            from_decode(mqttbytes::Error::TopicNotUtf8),
        ];
        for e in errors {
            let text = e.to_string();
            assert!(!text.is_empty());
            assert!(!text.contains("Error ="), "leaks mqttbytes wording: {text}");
        }
        let boxed: Box<dyn std::error::Error> = Box::new(MqttError::ConnAckTimeout);
        assert!(boxed.to_string().contains("in time"));
    }
}

#[cfg(test)]
mod zh_tests {
    use super::{FilterRule, MqttError};

    #[test]
    fn every_error_reads_in_chinese() {
        let all = [
            MqttError::NotConnected,
            MqttError::Unsupported("QoS 3"),
            MqttError::StringTooLong {
                field: "username",
                len: 70_000,
            },
            MqttError::NulCharacter { field: "topic" },
            MqttError::EmptyTopic,
            MqttError::WildcardInTopic("a/#".into()),
            MqttError::InvalidFilter {
                filter: "a#".into(),
                reason: FilterRule::HashNotAlone,
            },
            MqttError::NoFilters,
            MqttError::PasswordWithoutUsername,
            MqttError::EmptyClientIdNeedsCleanSession,
            MqttError::PayloadTooLarge { len: 300_000_000 },
            MqttError::PacketIdsExhausted,
            MqttError::MalformedPacket("bad length".into()),
            MqttError::PacketTooLarge { size: 9, max: 8 },
            MqttError::UnexpectedPacket("PUBREL"),
            MqttError::UnexpectedConnAck,
            MqttError::UnknownPacketId {
                packet: "PUBACK",
                packet_id: 7,
            },
            MqttError::SubAckCountMismatch {
                packet_id: 1,
                expected: 2,
                got: 1,
            },
            MqttError::InvalidIncomingTopic("empty".into()),
            MqttError::ConnAckTimeout,
            MqttError::PingTimeout,
            MqttError::EncodeFailed("x".into()),
            MqttError::InvalidWill(Box::new(MqttError::EmptyTopic)),
        ];
        let mut seen = std::collections::HashSet::new();
        for e in all {
            let zh = e.zh();
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{e}: {zh}"
            );
            assert!(seen.insert(zh.clone()), "two errors read the same: {zh}");
        }
        assert!(MqttError::StringTooLong {
            field: "username",
            len: 70_000
        }
        .zh()
        .contains("用户名"));
    }

    #[test]
    fn filter_rules_are_told_in_the_language_of_the_message() {
        use FilterRule::*;
        for rule in [Empty, HashNotAlone, HashNotLast, PlusNotAlone] {
            let e = MqttError::InvalidFilter {
                filter: "a/b".into(),
                reason: rule,
            };
            let zh = e.zh();
            assert!(zh.ends_with(rule.zh()), "{zh}");
            assert!(!zh.contains(rule.en()), "English inside Chinese: {zh}");
            assert!(
                !rule.zh().contains("must") && !rule.zh().contains("level"),
                "{}",
                rule.zh()
            );
            assert!(e.to_string().ends_with(rule.en()));
        }
    }
}
