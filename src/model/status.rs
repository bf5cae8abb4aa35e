//! The connection's life as the status light shows it.

use crate::i18n::Text;

/// The `data-state` of `connection-status`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// No link, none wanted.
    #[default]
    Disconnected,
    /// WebSocket opening or CONNACK awaited.
    Connecting,
    /// CONNACK 0 received.
    Connected,
    /// The link dropped and a new one is on its way.
    Reconnecting,
    /// The last attempt failed or the link broke; `connection-error` says why.
    Error,
}

impl Status {
    /// The `data-state` value of the UI contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Disconnected => "disconnected",
            Status::Connecting => "connecting",
            Status::Connected => "connected",
            Status::Reconnecting => "reconnecting",
            Status::Error => "error",
        }
    }

    /// Whether a link exists or is being made (so Connect makes no sense).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Connecting | Status::Connected | Status::Reconnecting
        )
    }
}

/// A CONNACK return code in plain language, with what it usually means on Aliyun.
pub fn describe_connack(code: u8) -> Text {
    let aliyun = match code {
        2 => " (on Aliyun: the client id is malformed or too long, or its securemode/signmethod/timestamp parameters are wrong)",
        4 => " (on Aliyun: wrong DeviceSecret, ProductKey or DeviceName, a timestamp or sign method that does not match the signature, or a device that does not exist)",
        5 => " (on Aliyun: the device is disabled or this connection is not allowed)",
        _ => "",
    };
    let zh = match code {
        1 => "服务器不支持 MQTT 3.1.1",
        2 => "Client ID 被拒绝（阿里云：Client ID 格式错误或过长，或 securemode/signmethod/timestamp 参数有误）",
        3 => "服务暂不可用",
        4 => "用户名或密码错误（阿里云：DeviceSecret、ProductKey 或 DeviceName 错误，时间戳或签名方法与签名不符，或设备不存在）",
        5 => "未授权（阿里云：设备已禁用或不允许此连接）",
        _ => "服务器返回了未知的拒绝代码",
    };
    Text::new(
        format!(
            "connection refused (CONNACK {code}): {}{aliyun}",
            crate::mqtt::describe_refusal(code)
        ),
        format!("连接被拒绝（CONNACK {code}）：{zh}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_states() {
        let all = [
            Status::Disconnected,
            Status::Connecting,
            Status::Connected,
            Status::Reconnecting,
            Status::Error,
        ];
        let names: Vec<&str> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "disconnected",
                "connecting",
                "connected",
                "reconnecting",
                "error"
            ]
        );
    }

    #[test]
    fn connack_codes_are_explained() {
        assert!(describe_connack(4).en.contains("DeviceSecret"));
        assert!(describe_connack(4).zh.contains("DeviceSecret"));
        assert!(describe_connack(2).en.contains("client id"));
        assert!(describe_connack(9).en.contains("unknown"));
        assert!(describe_connack(4)
            .en
            .starts_with("connection refused (CONNACK 4): wrong username or password"));
        assert!(describe_connack(5)
            .zh
            .starts_with("连接被拒绝（CONNACK 5）"));
    }
}
