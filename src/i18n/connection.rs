//! The connection's words: why a connection failed or a link ended, why a request cannot go out
//! now, what a WebSocket close code and a CONNACK refusal mean.

use super::server::server_reason;
use super::{Describe, Text};
use crate::model::connection::{CloseCause, ConnectionError, RequestError};
use crate::mqtt::{ConnAckRefusal, MqttError, ReasonCode, ReasonPacket};
use crate::platform::close_code::CloseKind;

impl Describe for RequestError {
    fn describe(&self) -> Text {
        match self {
            RequestError::NotConnected => Text::new(
                "not connected: connect first, then publish or subscribe",
                "未连接：请先连接，再发布或订阅",
            ),
            RequestError::Rejected(e) => mqtt(e),
        }
    }
}

impl Describe for ConnectionError {
    fn describe(&self) -> Text {
        match self {
            ConnectionError::Invalid(e) => untranslated(e.to_string()),
            ConnectionError::OpenRefused { why } => {
                let en = format!("the browser could not open the WebSocket: {why}");
                let zh = format!("浏览器无法打开该 WebSocket 地址：{en}");
                Text::new(en, zh)
            }
            ConnectionError::TextFrame => Text::new(
                "the server sent a text frame; MQTT over WebSocket uses binary frames only (is this an MQTT endpoint?)",
                "服务器发送了文本帧；MQTT over WebSocket 只使用二进制帧（这是 MQTT 服务地址吗？）",
            ),
            ConnectionError::Refused { code } => describe_connack(*code),
            ConnectionError::RefusedV5(said) => {
                let mut why = server_reason(ReasonPacket::ConnAck, said);
                if said.reason == ReasonCode::UnsupportedProtocolVersion {
                    why.en.push_str(" (on Aliyun: only Enterprise Edition instances accept MQTT 5; public instances speak MQTT 3.1.1 only)");
                    why.zh.push_str("（阿里云：仅企业版实例支持 MQTT 5，公共实例只支持 MQTT 3.1.1）");
                }
                let hex = said.reason.as_u8();
                Text::new(
                    format!("connection refused (CONNACK 0x{hex:02X}): {}", why.en),
                    format!("连接被拒绝（CONNACK 0x{hex:02X}）：{}", why.zh),
                )
            }
            ConnectionError::ServerDisconnected(said) => {
                let why = server_reason(ReasonPacket::Disconnect, said);
                let hex = said.reason.as_u8();
                Text::new(
                    format!("the server disconnected (DISCONNECT 0x{hex:02X}): {}", why.en),
                    format!("服务端断开了连接（DISCONNECT 0x{hex:02X}）：{}", why.zh),
                )
            }
            ConnectionError::Failed(e) => Text::new(
                format!("the link was closed: {e}"),
                format!("连接已关闭：{e}"),
            ),
            ConnectionError::Closed(cause) => {
                let close = cause.describe();
                Text::new(
                    format!("the connection closed: {}", close.en),
                    format!("连接已断开：{}", close.zh),
                )
            }
            ConnectionError::Ended(reason) => untranslated(reason.to_string()),
            ConnectionError::Unexplained => Text::new("the connection closed", "连接已断开"),
            ConnectionError::Resubscribe { filter, cause } => {
                let e = cause.describe();
                Text::new(
                    format!("could not subscribe to {filter}: {}", e.en),
                    format!("无法订阅 {filter}：{}", e.zh),
                )
            }
        }
    }
}

impl Describe for CloseCause {
    fn describe(&self) -> Text {
        match self {
            CloseCause::Closed { code, reason } => {
                let (detail, detail_zh) = if reason.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(", server said \"{reason}\""),
                        format!("，服务器说明：「{reason}」"),
                    )
                };
                let (en, zh) = close_words(CloseKind::of(*code));
                Text::new(
                    format!("{en} (WebSocket close code {code}{detail})"),
                    format!("{zh}（WebSocket 关闭代码 {code}{detail_zh}）"),
                )
            }
            CloseCause::SendFailed { why } => {
                let en = format!("the WebSocket could not send: {why}");
                let zh = format!("WebSocket 发送失败：{en}");
                Text::new(en, zh)
            }
        }
    }
}

impl Describe for CloseKind {
    fn describe(&self) -> Text {
        let (en, zh) = close_words(*self);
        Text::new(en, zh)
    }
}

/// Explains a WebSocket close code to someone who has never read RFC 6455 (English).
pub fn describe_close_code(code: u16) -> &'static str {
    close_words(CloseKind::of(code)).0
}

/// A device tool could not publish its answer on `topic`.
pub struct AnswerFailed<'a> {
    /// Where the answer was to go.
    pub topic: &'a str,
    /// Why it could not.
    pub cause: &'a RequestError,
}

impl Describe for AnswerFailed<'_> {
    fn describe(&self) -> Text {
        let AnswerFailed { topic, cause } = self;
        let cause = cause.describe();
        Text::new(
            format!("could not answer on {topic}: {}", cause.en),
            format!("无法在 {topic} 上回复：{}", cause.zh),
        )
    }
}

/// A close code's kind in English and Chinese.
fn close_words(kind: CloseKind) -> (&'static str, &'static str) {
    match kind {
        CloseKind::Normal => ("the connection was closed normally", "连接已正常关闭"),
        CloseKind::GoingAway => (
            "the server is going away (restart or shutdown)",
            "服务器正在离开（重启或关闭）",
        ),
        CloseKind::ProtocolError => (
            "the server closed the connection because of a protocol error",
            "服务器因协议错误关闭了连接",
        ),
        CloseKind::UnsupportedData => (
            "the server does not accept this kind of data",
            "服务器不接受这种数据",
        ),
        CloseKind::NoStatus => (
            "the connection was closed without a status code",
            "连接关闭时没有状态码",
        ),
        CloseKind::Abnormal => (
            "the connection was lost or could not be opened (broker down, wrong host, port or path, or TLS refused)",
            "连接中断或无法建立（服务器未运行，或主机、端口、路径错误，或 TLS 被拒绝）",
        ),
        CloseKind::InconsistentData => (
            "the server received data that was not consistent with the message type",
            "服务器收到的数据与消息类型不符",
        ),
        CloseKind::PolicyViolation => (
            "the server refused the connection by policy",
            "服务器按策略拒绝了连接",
        ),
        CloseKind::MessageTooBig => (
            "a message was too big for the server",
            "消息太大，服务器无法处理",
        ),
        CloseKind::MissingExtension => (
            "the server did not offer a required extension",
            "服务器没有提供所需的扩展",
        ),
        CloseKind::InternalError => ("the server hit an internal error", "服务器内部错误"),
        CloseKind::Restarting => ("the server is restarting", "服务器正在重启"),
        CloseKind::TryAgainLater => (
            "the server is overloaded; try again later",
            "服务器过载，请稍后再试",
        ),
        CloseKind::TlsHandshake => (
            "the TLS handshake failed (certificate not trusted or wrong host name)",
            "TLS 握手失败（证书不受信任或主机名不符）",
        ),
        CloseKind::Library => (
            "the server closed the connection with a library-defined code",
            "服务器以库定义的代码关闭了连接",
        ),
        CloseKind::Application => (
            "the server closed the connection with an application-defined code",
            "服务器以应用定义的代码关闭了连接",
        ),
        CloseKind::Unknown => (
            "the connection was closed with an unknown code",
            "连接以未知代码关闭",
        ),
    }
}

/// A CONNACK return code in plain language (the words of [`ConnAckRefusal`]), with what it
/// usually means on Aliyun.
fn describe_connack(code: u8) -> Text {
    let refusal = ConnAckRefusal::from_code(code);
    let words = refusal.describe();
    let aliyun = match refusal {
        ConnAckRefusal::IdentifierRejected => Some((
            "the client id is malformed or too long, or its securemode/signmethod/timestamp parameters are wrong",
            "Client ID 格式错误或过长，或 securemode/signmethod/timestamp 参数有误",
        )),
        ConnAckRefusal::BadCredentials => Some((
            "wrong DeviceSecret, ProductKey or DeviceName, a timestamp or sign method that does not match the signature, or a device that does not exist",
            "DeviceSecret、ProductKey 或 DeviceName 错误，时间戳或签名方法与签名不符，或设备不存在",
        )),
        ConnAckRefusal::NotAuthorised => Some((
            "the device is disabled or this connection is not allowed",
            "设备已禁用或不允许此连接",
        )),
        ConnAckRefusal::UnacceptableProtocol => Some((
            "a device that has logged in with MQTT 5 is refused on MQTT 3.1.1 (version lock): choose MQTT 5",
            "设备以 MQTT 5 登录过后，MQTT 3.1.1 登录会被拒绝（版本锁定）：请选择 MQTT 5",
        )),
        ConnAckRefusal::ServerUnavailable | ConnAckRefusal::Unknown(_) => None,
    };
    let (en, zh) = match aliyun {
        Some((en, zh)) => (
            format!("{} (on Aliyun: {en})", words.en),
            format!("{}（阿里云：{zh}）", words.zh),
        ),
        None => (words.en, words.zh),
    };
    Text::new(
        format!("connection refused (CONNACK {code}): {en}"),
        format!("连接被拒绝（CONNACK {code}）：{zh}"),
    )
}

/// A core error in both languages.
fn mqtt(e: &MqttError) -> Text {
    e.describe()
}

/// A session error: its wording is English only; the Chinese UI shows it under a Chinese lead.
fn untranslated(en: String) -> Text {
    Text::new(en.clone(), format!("出错了：{en}"))
}

#[cfg(test)]
mod tests {
    use super::super::server::Unsubscribed;
    use super::*;
    use crate::model::connection::ServerReason;
    use crate::mqtt::CloseReason;

    fn connack(code: u8) -> Text {
        ConnectionError::Refused { code }.describe()
    }

    #[test]
    fn connack_codes_are_explained() {
        assert!(connack(4).en.contains("DeviceSecret"));
        assert!(connack(4).zh.contains("DeviceSecret"));
        assert!(connack(2).en.contains("client id"));
        assert!(connack(9).en.contains("unknown"));
        assert!(connack(4)
            .en
            .starts_with("connection refused (CONNACK 4): wrong username or password"));
        assert!(connack(5).zh.starts_with("连接被拒绝（CONNACK 5）"));
        assert!(connack(1).en.contains("version lock"));
        let public = ConnectionError::RefusedV5(ServerReason {
            reason: ReasonCode::UnsupportedProtocolVersion,
            reason_string: None,
            server_reference: None,
        })
        .describe();
        assert!(public.en.contains("Enterprise Edition") && public.zh.contains("企业版"));
    }

    #[test]
    fn mqtt5_refusals_and_disconnects_carry_code_string_and_reference() {
        let t = ConnectionError::RefusedV5(ServerReason {
            reason: crate::mqtt::ReasonCode::BadUserNameOrPassword,
            reason_string: Some("bad sign".into()),
            server_reference: Some("b2:443".into()),
        })
        .describe();
        assert!(
            t.en.starts_with("connection refused (CONNACK 0x86): "),
            "{}",
            t.en
        );
        assert!(
            t.en.contains("\"bad sign\"") && t.en.contains("b2:443"),
            "{}",
            t.en
        );
        assert!(t.zh.starts_with("连接被拒绝（CONNACK 0x86）") && t.zh.contains("bad sign"));
        let d = ConnectionError::ServerDisconnected(ServerReason {
            reason: crate::mqtt::ReasonCode::SessionTakenOver,
            reason_string: None,
            server_reference: None,
        })
        .describe();
        assert!(d.en.contains("DISCONNECT 0x8E"), "{}", d.en);
        let u = Unsubscribed {
            filter: "a/#",
            reason: crate::mqtt::ReasonCode::NoSubscriptionExisted,
        }
        .describe();
        assert!(u.en.starts_with("unsubscribe a/#: ") && u.zh.contains("a/#"));
    }

    #[test]
    fn abnormal_closure_names_the_likely_causes() {
        assert!(describe_close_code(1006).contains("host, port or path"));
        assert!(describe_close_code(1000).contains("normally"));
        assert!(describe_close_code(4321).contains("application-defined"));
        assert!(describe_close_code(7).contains("unknown"));
        assert!(CloseKind::of(1006).describe().zh.contains("端口"));
    }

    #[test]
    fn a_close_shows_the_code_and_the_servers_reason() {
        let text = ConnectionError::Closed(CloseCause::Closed {
            code: 4001,
            reason: "bye".into(),
        })
        .describe();
        assert_eq!(
            text.en,
            "the connection closed: the server closed the connection with an application-defined code (WebSocket close code 4001, server said \"bye\")"
        );
        assert_eq!(
            text.zh,
            "连接已断开：服务器以应用定义的代码关闭了连接（WebSocket 关闭代码 4001，服务器说明：「bye」）"
        );
    }

    #[test]
    fn every_error_has_words_in_both_languages() {
        let all = [
            ConnectionError::Invalid(MqttError::NotConnected),
            ConnectionError::OpenRefused { why: "x".into() },
            ConnectionError::TextFrame,
            ConnectionError::Refused { code: 3 },
            ConnectionError::Failed(MqttError::PingTimeout),
            ConnectionError::Closed(CloseCause::SendFailed { why: "x".into() }),
            ConnectionError::Ended(CloseReason::LinkLost),
            ConnectionError::Unexplained,
            ConnectionError::Resubscribe {
                filter: "a/#".into(),
                cause: RequestError::NotConnected,
            },
            ConnectionError::RefusedV5(ServerReason {
                reason: crate::mqtt::ReasonCode::NotAuthorized,
                reason_string: Some("no".into()),
                server_reference: None,
            }),
            ConnectionError::ServerDisconnected(ServerReason {
                reason: crate::mqtt::ReasonCode::SessionTakenOver,
                reason_string: None,
                server_reference: Some("other:1883".into()),
            }),
        ];
        for e in all {
            let t = e.describe();
            assert!(!t.en.is_empty() && !t.zh.is_empty(), "{e:?}");
            assert_ne!(t.en, t.zh, "{e:?}");
        }
        assert_eq!(
            RequestError::NotConnected.describe().en,
            "not connected: connect first, then publish or subscribe"
        );
    }
}
