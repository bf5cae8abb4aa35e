use super::{QoS, ReasonCode};

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

/// An MQTT string the session checks, named in [`MqttError::StringTooLong`] and
/// [`MqttError::NulCharacter`] so the UI can word and highlight it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringField {
    /// The CONNECT client identifier.
    ClientId,
    /// The CONNECT username.
    Username,
    /// The CONNECT password.
    Password,
    /// A PUBLISH topic name.
    Topic,
    /// A SUBSCRIBE or UNSUBSCRIBE topic filter.
    TopicFilter,
    /// The last will's message (its payload).
    WillMessage,
    /// An MQTT 5 content type property.
    ContentType,
    /// An MQTT 5 response topic property.
    ResponseTopic,
    /// An MQTT 5 correlation data property (binary: only its length is checked).
    CorrelationData,
    /// The name of an MQTT 5 user property.
    UserPropertyName,
    /// The value of an MQTT 5 user property.
    UserPropertyValue,
}

/// Which MQTT 5 CONNECT limit is wrong in [`MqttError::ZeroLimit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectLimit {
    /// `receive_maximum`: 0 would let the broker send nothing at QoS 1 or 2.
    ReceiveMaximum,
    /// `maximum_packet_size`: 0 would refuse every packet.
    MaximumPacketSize,
}

/// Everything that can go wrong in a [`Session`](super::Session).
///
/// Errors from the user's own input (a bad topic, calling before CONNACK) leave the session as it
/// was. Errors from `handle_bytes` and `handle_timeout` are fatal: the session is then
/// [`Closed`](super::SessionState::Closed) and the caller should close the WebSocket.
/// Match on the variant to translate at the UI edge; the words (and `Display`, a plain English
/// sentence) live in the i18n layer (`src/i18n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MqttError {
    /// Subscribe, unsubscribe or publish was called before the broker accepted the connection,
    /// or after the session closed.
    NotConnected,
    /// A feature this version of the session does not implement yet.
    Unsupported(&'static str),
    /// A string field is longer than the 65,535 bytes an MQTT string can hold.
    StringTooLong { field: StringField, len: usize },
    /// A string field contains the NUL character, which MQTT forbids in strings.
    NulCharacter { field: StringField },
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
    IncomingPacketTooLarge { size: usize, max: usize },
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
    /// MQTT 5: the publish asks for a QoS above the server's maximum QoS (from its CONNACK).
    QoSNotSupported { requested: QoS, maximum: QoS },
    /// MQTT 5: the publish is retained but the server said it keeps no retained messages.
    RetainNotAvailable,
    /// MQTT 5: the packet (`size` bytes, fixed header included) is larger than the server's
    /// maximum packet size, so it is not sent.
    PacketTooLarge { size: usize, maximum: u32 },
    /// MQTT 5 properties or subscribe options were given on an MQTT 3.1.1 connection.
    PropertiesNeedMqtt5,
    /// An MQTT 5 property string that must hold something is empty.
    EmptyProperty { field: StringField },
    /// An MQTT 5 response topic holds `+` or `#`: it is a topic name, not a filter.
    WildcardInResponseTopic(String),
    /// The payload format indicator says UTF-8 text but the payload is not valid UTF-8.
    PayloadNotUtf8,
    /// An MQTT 5 CONNECT limit was set to 0, which MQTT forbids.
    ZeroLimit(ConnectLimit),
    /// MQTT 5: the filter holds a wildcard but the server offers no wildcard subscriptions.
    WildcardSubscriptionNotAvailable { filter: String },
    /// MQTT 5: a subscription identifier was given but the server does not offer them.
    SubscriptionIdentifierNotAvailable,
    /// A subscription identifier outside 1..=268,435,455.
    SubscriptionIdentifierOutOfRange(u32),
    /// MQTT 5: a `$share/` filter but the server offers no shared subscriptions.
    SharedSubscriptionNotAvailable { filter: String },
    /// A `$share/` filter that is not `$share/{group}/{filter}` with a group free of `+ # /`.
    InvalidSharedFilter { filter: String },
    /// No local on a shared subscription, which MQTT 5 forbids [MQTT-3.8.3-4].
    NoLocalOnSharedSubscription { filter: String },
    /// MQTT 5: the broker used a topic alias that is 0, above the `maximum` we allow, or (when
    /// within 1..=maximum) never defined on this link. We sent DISCONNECT 0x94.
    TopicAliasInvalid { alias: u16, maximum: u16 },
    /// MQTT 5: the broker had more QoS 2 messages awaiting release than our receive maximum.
    /// We sent DISCONNECT 0x93.
    ReceiveMaximumExceeded { maximum: u16 },
    /// MQTT 5: the broker sent AUTH, but this console supports no enhanced authentication.
    AuthNotSupported,
}

impl std::error::Error for MqttError {}

impl MqttError {
    /// The MQTT 5 reason code of the DISCONNECT we send before closing on this error, `None`
    /// when the link is dead anyway (a deadline missed) or the error is not the broker's doing.
    pub(crate) fn disconnect_reason(&self) -> Option<ReasonCode> {
        match self {
            MqttError::MalformedPacket(_) => Some(ReasonCode::MalformedPacket),
            MqttError::UnexpectedPacket(_)
            | MqttError::UnexpectedConnAck
            | MqttError::UnknownPacketId { .. }
            | MqttError::SubAckCountMismatch { .. }
            | MqttError::InvalidIncomingTopic(_)
            | MqttError::AuthNotSupported => Some(ReasonCode::ProtocolError),
            MqttError::IncomingPacketTooLarge { .. } => Some(ReasonCode::PacketTooLarge),
            MqttError::TopicAliasInvalid { .. } => Some(ReasonCode::TopicAliasInvalid),
            MqttError::ReceiveMaximumExceeded { .. } => Some(ReasonCode::ReceiveMaximumExceeded),
            MqttError::EncodeFailed(_) => Some(ReasonCode::ImplementationSpecificError),
            _ => None,
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
                field: StringField::Topic,
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
