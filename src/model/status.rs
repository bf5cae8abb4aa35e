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
}
