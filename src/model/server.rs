//! The server of the current connection as the controls see it: its protocol version and what
//! its CONNACK offers, and which controls that turns off, with the reason.
//!
//! On MQTT 3.1.1 the capabilities are the protocol's fixed answers
//! ([`ServerCapabilities::default`]): everything on, nothing to explain, except that the MQTT 5
//! options do not exist there.

use crate::mqtt::{ProtocolVersion, QoS, ServerCapabilities};

/// Why a control is off or a request is refused before it is sent: what the server said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The server's maximum QoS is below the QoS chosen.
    QoSAbove {
        /// The server's maximum QoS.
        maximum: QoS,
    },
    /// The server keeps no retained messages.
    RetainNotAvailable,
    /// The server refuses filters with `+` or `#`.
    WildcardsNotAvailable,
    /// The server refuses subscription identifiers.
    SubscriptionIdentifiersNotAvailable,
    /// The server refuses `$share/` subscriptions.
    SharedNotAvailable,
    /// The option exists only on MQTT 5 and the connection speaks 3.1.1.
    NeedsMqtt5,
}

/// The server the connection talks to: its version and CONNACK capabilities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerInfo {
    /// The version the connection speaks.
    pub version: ProtocolVersion,
    /// What the CONNACK offered (3.1.1: the fixed answers).
    pub capabilities: ServerCapabilities,
}

impl Default for ServerInfo {
    fn default() -> Self {
        ServerInfo::before_connack(ProtocolVersion::V311)
    }
}

impl ServerInfo {
    /// What is known before a CONNACK: the version chosen, MQTT's defaults.
    pub fn before_connack(version: ProtocolVersion) -> ServerInfo {
        ServerInfo {
            version,
            capabilities: ServerCapabilities::default(),
        }
    }

    /// Whether `qos` may be published (and is worth asking for).
    pub fn qos(&self, qos: QoS) -> Result<(), Limit> {
        let maximum = self.capabilities.maximum_qos;
        if qos.as_u8() > maximum.as_u8() {
            Err(Limit::QoSAbove { maximum })
        } else {
            Ok(())
        }
    }

    /// Whether a publish may be retained.
    pub fn retain(&self) -> Result<(), Limit> {
        if self.capabilities.retain_available {
            Ok(())
        } else {
            Err(Limit::RetainNotAvailable)
        }
    }

    /// Whether the MQTT 5 subscribe options (no local, retain as published, retain handling)
    /// can be sent.
    pub fn subscribe_options(&self) -> Result<(), Limit> {
        if self.version == ProtocolVersion::V5 {
            Ok(())
        } else {
            Err(Limit::NeedsMqtt5)
        }
    }

    /// Whether a SUBSCRIBE may carry a subscription identifier.
    pub fn subscription_identifier(&self) -> Result<(), Limit> {
        self.subscribe_options()?;
        if self.capabilities.subscription_identifiers_available {
            Ok(())
        } else {
            Err(Limit::SubscriptionIdentifiersNotAvailable)
        }
    }

    /// Whether `filter` is offered: wildcards and `$share/` depend on the server.
    pub fn filter(&self, filter: &str) -> Result<(), Limit> {
        if filter.starts_with("$share/") && !self.capabilities.shared_subscription_available {
            return Err(Limit::SharedNotAvailable);
        }
        if filter.contains(['+', '#']) && !self.capabilities.wildcard_subscription_available {
            return Err(Limit::WildcardsNotAvailable);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Aliyun's Enterprise Edition CONNACK, as the issue describes it.
    fn aliyun() -> ServerInfo {
        ServerInfo {
            version: ProtocolVersion::V5,
            capabilities: ServerCapabilities {
                maximum_qos: QoS::AtLeastOnce,
                topic_alias_maximum: 20,
                maximum_packet_size: Some(262_144),
                subscription_identifiers_available: false,
                ..ServerCapabilities::default()
            },
        }
    }

    #[test]
    fn mqtt_311_offers_everything_but_the_mqtt5_options() {
        let s = ServerInfo::default();
        assert_eq!(s.qos(QoS::ExactlyOnce), Ok(()));
        assert_eq!(s.retain(), Ok(()));
        assert_eq!(s.filter("a/#"), Ok(()));
        assert_eq!(s.subscribe_options(), Err(Limit::NeedsMqtt5));
        assert_eq!(s.subscription_identifier(), Err(Limit::NeedsMqtt5));
    }

    #[test]
    fn what_the_server_does_not_offer_is_off_with_its_reason() {
        let s = aliyun();
        assert_eq!(s.qos(QoS::AtLeastOnce), Ok(()));
        assert_eq!(
            s.qos(QoS::ExactlyOnce),
            Err(Limit::QoSAbove {
                maximum: QoS::AtLeastOnce
            })
        );
        assert_eq!(s.subscribe_options(), Ok(()));
        assert_eq!(
            s.subscription_identifier(),
            Err(Limit::SubscriptionIdentifiersNotAvailable)
        );
        let mut none = aliyun();
        none.capabilities.retain_available = false;
        none.capabilities.wildcard_subscription_available = false;
        none.capabilities.shared_subscription_available = false;
        assert_eq!(none.retain(), Err(Limit::RetainNotAvailable));
        assert_eq!(none.filter("a/+/b"), Err(Limit::WildcardsNotAvailable));
        assert_eq!(none.filter("$share/g/a"), Err(Limit::SharedNotAvailable));
        assert_eq!(none.filter("a/b"), Ok(()));
    }
}
