//! Aliyun's MQTT 5.0 rules in one place: which instances accept it, what an Enterprise
//! Edition instance announces in its CONNACK, and its limits on user properties and keep alive.
//!
//! Source: Aliyun's pages "MQTT 5.0 overview", "user properties", "topic aliases" and
//! "subscription options" (digest in `aliyun-protocol.md`). The emulator answers with these
//! values; the app can compare a server's CONNACK with them. Plain values, no I/O.

use super::limits::KEEPALIVE_SECS;

/// The kind of IoT Platform instance a product lives in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InstanceEdition {
    /// An old or new public instance: MQTT 3.1.1 only.
    Public,
    /// An Enterprise Edition instance: MQTT 3.1.1 and 5.0.
    #[default]
    Enterprise,
}

impl InstanceEdition {
    /// Whether this edition accepts MQTT 5.0 logins (only Enterprise Edition does).
    pub fn accepts_mqtt5(self) -> bool {
        matches!(self, InstanceEdition::Enterprise)
    }
}

/// What a server announces in an MQTT 5 CONNACK about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerCapabilities {
    /// The highest QoS the server accepts and sends.
    pub maximum_qos: u8,
    /// Whether PUBLISH may carry the retain flag.
    pub retain_available: bool,
    /// Whether filters may contain `+` and `#`.
    pub wildcard_subscription_available: bool,
    /// Whether `$share/{group}/{filter}` is accepted.
    pub shared_subscription_available: bool,
    /// Whether SUBSCRIBE may carry a subscription identifier.
    pub subscription_identifiers_available: bool,
    /// The highest topic alias a client may use towards the server.
    pub topic_alias_maximum: u16,
    /// The largest packet, in bytes, the server accepts.
    pub maximum_packet_size: u32,
}

/// The CONNACK capabilities of an Enterprise Edition instance.
pub const ENTERPRISE_CAPABILITIES: ServerCapabilities = ServerCapabilities {
    maximum_qos: 1,
    retain_available: true,
    wildcard_subscription_available: true,
    shared_subscription_available: true,
    subscription_identifiers_available: false,
    topic_alias_maximum: 20,
    maximum_packet_size: 262_144,
};

/// The most user properties Aliyun processes on one CONNECT or PUBLISH.
pub const MAX_USER_PROPERTIES: usize = 20;

/// The Server Keep Alive an Enterprise instance answers: the client's own value when it lies in
/// Aliyun's 30..=1200 s, `None` when the login must be refused for it.
pub fn server_keep_alive(client_keep_alive: u16) -> Option<u16> {
    KEEPALIVE_SECS
        .contains(&client_keep_alive)
        .then_some(client_keep_alive)
}

/// Whether `count` user properties on a CONNECT or PUBLISH stay within Aliyun's limit.
pub fn user_properties_allowed(count: usize) -> bool {
    count <= MAX_USER_PROPERTIES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_enterprise_edition_speaks_mqtt5() {
        assert!(InstanceEdition::Enterprise.accepts_mqtt5());
        assert!(!InstanceEdition::Public.accepts_mqtt5());
        assert_eq!(InstanceEdition::default(), InstanceEdition::Enterprise);
    }

    #[test]
    fn the_documented_connack_values() {
        let c = ENTERPRISE_CAPABILITIES;
        assert_eq!(c.maximum_qos, 1);
        assert_eq!(c.topic_alias_maximum, 20);
        assert_eq!(c.maximum_packet_size, 256 * 1024);
        assert!(c.retain_available);
        assert!(c.wildcard_subscription_available);
        assert!(c.shared_subscription_available);
        assert!(!c.subscription_identifiers_available);
    }

    #[test]
    fn keep_alive_is_echoed_within_aliyuns_range() {
        assert_eq!(server_keep_alive(30), Some(30));
        assert_eq!(server_keep_alive(60), Some(60));
        assert_eq!(server_keep_alive(1200), Some(1200));
        assert_eq!(server_keep_alive(29), None);
        assert_eq!(server_keep_alive(0), None);
        assert_eq!(server_keep_alive(1201), None);
    }

    #[test]
    fn at_most_twenty_user_properties() {
        assert_eq!(MAX_USER_PROPERTIES, 20);
        assert!(user_properties_allowed(0));
        assert!(user_properties_allowed(20));
        assert!(!user_properties_allowed(21));
    }
}
