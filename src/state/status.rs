//! The connection's life as the status light shows it.

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
pub fn describe_connack(code: u8) -> String {
    let aliyun = match code {
        2 => " (on Aliyun: the client id is malformed or too long, or its securemode/signmethod/timestamp parameters are wrong)",
        4 => " (on Aliyun: wrong DeviceSecret, ProductKey or DeviceName, a timestamp or sign method that does not match the signature, or a device that does not exist)",
        5 => " (on Aliyun: the device is disabled or this connection is not allowed)",
        _ => "",
    };
    format!(
        "connection refused (CONNACK {code}): {}{aliyun}",
        crate::mqtt::describe_refusal(code)
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
        assert!(describe_connack(4).contains("DeviceSecret"));
        assert!(describe_connack(2).contains("client id"));
        assert!(describe_connack(9).contains("unknown"));
        assert!(describe_connack(4)
            .starts_with("connection refused (CONNACK 4): wrong username or password"));
    }
}
