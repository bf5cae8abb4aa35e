//! What the current server offers, as the capabilities panel lists it: one row per CONNACK
//! property [MQTT-3.2.2.3], named as in the UI contract (`data-name` of `server-capability`) and
//! valued as plain text (`data-value`). The words for each row live in `i18n::capability`.

use crate::mqtt::ServerCapabilities;

/// One CONNACK capability, one variant per field of [`ServerCapabilities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServerCapability {
    /// The highest QoS the server accepts and grants.
    MaximumQos,
    /// Whether the server keeps retained messages.
    RetainAvailable,
    /// The largest packet the server accepts, in bytes.
    MaximumPacketSize,
    /// How many topic aliases we may use towards the server.
    TopicAliasMaximum,
    /// How many of our QoS 1/2 publishes may await acknowledgement at once.
    ReceiveMaximum,
    /// Whether filters may hold `+` and `#`.
    WildcardSubscriptionAvailable,
    /// Whether a SUBSCRIBE may carry a subscription identifier.
    SubscriptionIdentifiersAvailable,
    /// Whether `$share/{group}/{filter}` subscriptions are offered.
    SharedSubscriptionAvailable,
    /// The keepalive the server imposes, in seconds.
    ServerKeepAlive,
    /// The client id the server chose for us.
    AssignedClientIdentifier,
    /// The session expiry the server applies, in seconds.
    SessionExpiryInterval,
    /// A topic prefix for replies.
    ResponseInformation,
    /// Another server to use.
    ServerReference,
    /// A human-readable note from the server.
    ReasonString,
    /// One user property of the CONNACK (one row each).
    UserProperty,
}

/// Every capability, in the order the panel lists them.
pub const ALL_SERVER_CAPABILITIES: [ServerCapability; 15] = {
    use ServerCapability::*;
    [
        MaximumQos,
        RetainAvailable,
        MaximumPacketSize,
        TopicAliasMaximum,
        ReceiveMaximum,
        WildcardSubscriptionAvailable,
        SubscriptionIdentifiersAvailable,
        SharedSubscriptionAvailable,
        ServerKeepAlive,
        AssignedClientIdentifier,
        SessionExpiryInterval,
        ResponseInformation,
        ServerReference,
        ReasonString,
        UserProperty,
    ]
};

impl ServerCapability {
    /// The property's MQTT name in kebab case, the `data-name` of its row (e.g.
    /// `topic-alias-maximum`).
    pub fn kebab_name(self) -> &'static str {
        use ServerCapability::*;
        match self {
            MaximumQos => "maximum-qos",
            RetainAvailable => "retain-available",
            MaximumPacketSize => "maximum-packet-size",
            TopicAliasMaximum => "topic-alias-maximum",
            ReceiveMaximum => "receive-maximum",
            WildcardSubscriptionAvailable => "wildcard-subscription-available",
            SubscriptionIdentifiersAvailable => "subscription-identifiers-available",
            SharedSubscriptionAvailable => "shared-subscription-available",
            ServerKeepAlive => "server-keep-alive",
            AssignedClientIdentifier => "assigned-client-identifier",
            SessionExpiryInterval => "session-expiry-interval",
            ResponseInformation => "response-information",
            ServerReference => "server-reference",
            ReasonString => "reason-string",
            UserProperty => "user-property",
        }
    }
}

/// The rows of the capabilities panel for `caps`, in [`ALL_SERVER_CAPABILITIES`] order: numbers
/// in decimal (`1`, `262144`), flags as `true`/`false`, text as sent. An optional property the
/// server did not send has no row; the fields that always have a value (MQTT's default when
/// absent) always do. Each user property is its own row, valued `name=value`, in the order sent.
pub fn capability_rows(caps: &ServerCapabilities) -> Vec<(ServerCapability, String)> {
    use ServerCapability::*;
    let mut rows = vec![
        (MaximumQos, caps.maximum_qos.as_u8().to_string()),
        (RetainAvailable, caps.retain_available.to_string()),
    ];
    let optional = |rows: &mut Vec<_>, cap, value: Option<String>| {
        if let Some(value) = value {
            rows.push((cap, value));
        }
    };
    optional(
        &mut rows,
        MaximumPacketSize,
        caps.maximum_packet_size.map(|n| n.to_string()),
    );
    rows.extend([
        (TopicAliasMaximum, caps.topic_alias_maximum.to_string()),
        (ReceiveMaximum, caps.receive_maximum.to_string()),
        (
            WildcardSubscriptionAvailable,
            caps.wildcard_subscription_available.to_string(),
        ),
        (
            SubscriptionIdentifiersAvailable,
            caps.subscription_identifiers_available.to_string(),
        ),
        (
            SharedSubscriptionAvailable,
            caps.shared_subscription_available.to_string(),
        ),
    ]);
    optional(
        &mut rows,
        ServerKeepAlive,
        caps.server_keep_alive.map(|s| s.to_string()),
    );
    optional(
        &mut rows,
        AssignedClientIdentifier,
        caps.assigned_client_identifier.clone(),
    );
    optional(
        &mut rows,
        SessionExpiryInterval,
        caps.session_expiry_secs.map(|s| s.to_string()),
    );
    optional(
        &mut rows,
        ResponseInformation,
        caps.response_information.clone(),
    );
    optional(&mut rows, ServerReference, caps.server_reference.clone());
    optional(&mut rows, ReasonString, caps.reason_string.clone());
    rows.extend(
        caps.user_properties
            .iter()
            .map(|p| (UserProperty, format!("{}={}", p.key, p.value))),
    );
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::{QoS, UserProperty as Property};
    use std::collections::BTreeSet;

    fn names(rows: &[(ServerCapability, String)]) -> Vec<(&'static str, &str)> {
        rows.iter()
            .map(|(cap, value)| (cap.kebab_name(), value.as_str()))
            .collect()
    }

    #[test]
    fn kebab_names_are_distinct_and_cover_every_capability() {
        let all: BTreeSet<_> = ALL_SERVER_CAPABILITIES
            .iter()
            .map(|c| c.kebab_name())
            .collect();
        assert_eq!(all.len(), ALL_SERVER_CAPABILITIES.len());
    }

    #[test]
    fn mqtt_311_lists_the_fixed_answers_and_no_optional_row() {
        let rows = capability_rows(&ServerCapabilities::default());
        assert_eq!(
            names(&rows),
            [
                ("maximum-qos", "2"),
                ("retain-available", "true"),
                ("topic-alias-maximum", "0"),
                ("receive-maximum", "65535"),
                ("wildcard-subscription-available", "true"),
                ("subscription-identifiers-available", "true"),
                ("shared-subscription-available", "true"),
            ]
        );
    }

    #[test]
    fn an_aliyun_enterprise_connack_lists_every_value_it_sent() {
        let caps = ServerCapabilities {
            maximum_qos: QoS::AtLeastOnce,
            maximum_packet_size: Some(262_144),
            topic_alias_maximum: 20,
            subscription_identifiers_available: false,
            server_keep_alive: Some(60),
            assigned_client_identifier: Some("auto-1".into()),
            session_expiry_secs: Some(0),
            response_information: Some("reply/".into()),
            server_reference: Some("other.example:443".into()),
            reason_string: Some("welcome".into()),
            user_properties: vec![Property::new("a", "1"), Property::new("a", "2")],
            ..ServerCapabilities::default()
        };
        let rows = capability_rows(&caps);
        assert_eq!(
            names(&rows),
            [
                ("maximum-qos", "1"),
                ("retain-available", "true"),
                ("maximum-packet-size", "262144"),
                ("topic-alias-maximum", "20"),
                ("receive-maximum", "65535"),
                ("wildcard-subscription-available", "true"),
                ("subscription-identifiers-available", "false"),
                ("shared-subscription-available", "true"),
                ("server-keep-alive", "60"),
                ("assigned-client-identifier", "auto-1"),
                ("session-expiry-interval", "0"),
                ("response-information", "reply/"),
                ("server-reference", "other.example:443"),
                ("reason-string", "welcome"),
                ("user-property", "a=1"),
                ("user-property", "a=2"),
            ]
        );
    }
}
