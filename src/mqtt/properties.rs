//! MQTT 5 properties as plain values [MQTT-2.2.2]. On an MQTT 3.1.1 connection they are all
//! empty (`Default`), and whatever the caller set is not sent: the UI says so before sending.

use super::QoS;

/// One user property: a name and a value, both UTF-8. A packet may carry several, with repeated
/// names, and their order is kept [MQTT-3.3.2-18].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UserProperty {
    pub key: String,
    pub value: String,
}

impl UserProperty {
    /// Builds a property from anything string-like.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> UserProperty {
        UserProperty {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// The properties of a PUBLISH, ours or the broker's (also those of a will, see
/// [`WillProperties`]). The topic alias is not here: the session assigns and resolves aliases by
/// itself, so a [`Message`](super::Message) always carries its full topic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishProperties {
    /// Payload format indicator: `Some(true)` = UTF-8 text, `Some(false)` = unspecified bytes,
    /// `None` = not sent.
    pub payload_utf8: Option<bool>,
    /// Message expiry interval in seconds. On a received message it is what remains of it.
    pub message_expiry_secs: Option<u32>,
    /// Content type, e.g. `application/json`.
    pub content_type: Option<String>,
    /// Where the receiver should send its reply (request/response).
    pub response_topic: Option<String>,
    /// Binary data tying a reply to its request.
    pub correlation_data: Option<Vec<u8>>,
    /// User properties, in order, names may repeat.
    pub user_properties: Vec<UserProperty>,
    /// Received only: the identifiers of the subscriptions this message matched (1..=268,435,455).
    /// Ignored on an outgoing PUBLISH (a client must not send them [MQTT-3.3.4-6]).
    pub subscription_identifiers: Vec<u32>,
}

impl PublishProperties {
    /// True when no property is set, e.g. every message on an MQTT 3.1.1 connection.
    pub fn is_empty(&self) -> bool {
        self == &PublishProperties::default()
    }
}

/// The properties of a last will [MQTT-3.1.3.2]: a publish's, plus how long the broker waits
/// after the link ends before it publishes the will.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WillProperties {
    /// Will delay interval in seconds (0 or `None` = publish at once).
    pub delay_secs: Option<u32>,
    /// Payload format, expiry, content type, response topic, correlation data, user properties
    /// of the will message (its `subscription_identifiers` are never sent).
    pub publish: PublishProperties,
}

/// What an MQTT 5 CONNECT asks for besides the 3.1.1 fields [MQTT-3.1.2.11]. Ignored on an
/// MQTT 3.1.1 connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectProperties {
    /// Session expiry interval in seconds: how long the broker keeps the session after the link
    /// ends (0 = it ends with the link, `u32::MAX` = never expires).
    pub session_expiry_secs: u32,
    /// How many QoS 1/2 publishes the broker may have unacknowledged towards us (1..=65,535);
    /// `None` = not sent, i.e. 65,535.
    pub receive_maximum: Option<u16>,
    /// The largest packet we accept; `None` = not sent (the session's own limit still holds, see
    /// [`Session::set_max_packet_size`](super::Session::set_max_packet_size)).
    pub maximum_packet_size: Option<u32>,
    /// How many topic aliases the broker may use towards us (0 = none).
    pub topic_alias_maximum: u16,
    /// Ask the broker for response information (a topic prefix for replies).
    pub request_response_information: bool,
    /// Ask the broker for reason strings and user properties on failures (MQTT's default: yes).
    pub request_problem_information: bool,
    /// User properties of the CONNECT, in order.
    pub user_properties: Vec<UserProperty>,
}

impl Default for ConnectProperties {
    fn default() -> Self {
        ConnectProperties {
            session_expiry_secs: 0,
            receive_maximum: None,
            maximum_packet_size: None,
            topic_alias_maximum: 0,
            request_response_information: false,
            request_problem_information: true,
            user_properties: Vec::new(),
        }
    }
}

/// What a server says it offers, from its CONNACK [MQTT-3.2.2.3]. On MQTT 3.1.1 these are the
/// protocol's fixed answers ([`ServerCapabilities::default`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerCapabilities {
    /// The highest QoS the server accepts on our publishes (and grants).
    pub maximum_qos: QoS,
    /// Whether the server keeps retained messages; if not, a retained publish is refused
    /// before it is sent.
    pub retain_available: bool,
    /// The largest packet the server accepts; a bigger publish is refused before it is sent.
    pub maximum_packet_size: Option<u32>,
    /// How many of our QoS 1/2 publishes may be unacknowledged at once (our inflight window).
    pub receive_maximum: u16,
    /// How many topic aliases we may use towards the server (0 = none).
    pub topic_alias_maximum: u16,
    /// Whether filters may hold `+` and `#`.
    pub wildcard_subscription_available: bool,
    /// Whether a SUBSCRIBE may carry a subscription identifier.
    pub subscription_identifiers_available: bool,
    /// Whether `$share/{group}/{filter}` subscriptions are offered.
    pub shared_subscription_available: bool,
    /// The keepalive the server imposes instead of ours, in seconds.
    pub server_keep_alive: Option<u16>,
    /// The client id the server chose for us (we sent an empty one).
    pub assigned_client_identifier: Option<String>,
    /// The session expiry the server applies instead of ours, in seconds.
    pub session_expiry_secs: Option<u32>,
    /// Response information (a topic prefix for replies), when we asked for it.
    pub response_information: Option<String>,
    /// Another server to use (with a redirecting reason code).
    pub server_reference: Option<String>,
    /// A human-readable note from the server.
    pub reason_string: Option<String>,
    /// The CONNACK's user properties, in order.
    pub user_properties: Vec<UserProperty>,
}

impl Default for ServerCapabilities {
    /// MQTT 3.1.1's fixed answers, and MQTT 5's defaults for absent properties.
    fn default() -> Self {
        ServerCapabilities {
            maximum_qos: QoS::ExactlyOnce,
            retain_available: true,
            maximum_packet_size: None,
            receive_maximum: u16::MAX,
            topic_alias_maximum: 0,
            wildcard_subscription_available: true,
            subscription_identifiers_available: true,
            shared_subscription_available: true,
            server_keep_alive: None,
            assigned_client_identifier: None,
            session_expiry_secs: None,
            response_information: None,
            server_reference: None,
            reason_string: None,
            user_properties: Vec::new(),
        }
    }
}

/// How the broker sends retained messages when a subscription is made [MQTT-3.8.3.1].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RetainHandling {
    /// 0: send them at every subscribe.
    #[default]
    SendOnSubscribe = 0,
    /// 1: send them only if the subscription did not exist yet.
    SendIfNew = 1,
    /// 2: never send them for this subscribe.
    DoNotSend = 2,
}

impl RetainHandling {
    /// Reads 0, 1 or 2; `None` for anything else.
    pub fn from_u8(value: u8) -> Option<RetainHandling> {
        match value {
            0 => Some(RetainHandling::SendOnSubscribe),
            1 => Some(RetainHandling::SendIfNew),
            2 => Some(RetainHandling::DoNotSend),
            _ => None,
        }
    }

    /// The option's number, as on the wire and in the select.
    pub fn as_u8(self) -> u8 {
        self as u8
    }
}

/// One filter of a SUBSCRIBE with its options. On MQTT 3.1.1 only `qos` is sent; the other
/// options must stay at their defaults there (the session refuses them otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscribeOptions {
    pub qos: QoS,
    /// Do not send us our own publishes back (MQTT 5).
    pub no_local: bool,
    /// Keep the retain flag as published instead of clearing it on live messages (MQTT 5).
    pub retain_as_published: bool,
    /// When to send retained messages (MQTT 5).
    pub retain_handling: RetainHandling,
}

impl SubscribeOptions {
    /// Plain options: this QoS, every MQTT 5 option at its default.
    pub fn qos(qos: QoS) -> SubscribeOptions {
        SubscribeOptions {
            qos,
            no_local: false,
            retain_as_published: false,
            retain_handling: RetainHandling::SendOnSubscribe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_properties_are_empty() {
        assert!(PublishProperties::default().is_empty());
        let with_one = PublishProperties {
            user_properties: vec![UserProperty::new("a", "b")],
            ..PublishProperties::default()
        };
        assert!(!with_one.is_empty());
    }

    #[test]
    fn retain_handling_reads_its_numbers() {
        for v in 0..=2u8 {
            assert_eq!(
                RetainHandling::from_u8(v).map(RetainHandling::as_u8),
                Some(v)
            );
        }
        assert_eq!(RetainHandling::from_u8(3), None);
    }
}
