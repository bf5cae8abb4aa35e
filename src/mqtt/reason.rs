//! MQTT 5 reason codes [MQTT-2.4]: one byte on CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK
//! (per filter), UNSUBACK (per filter) and DISCONNECT saying how an operation went. Values below
//! 0x80 report success, 0x80 and up failure. The words for each live in the i18n layer, which
//! may word one code differently per packet (0x00 is "success", "granted QoS 0" or "normal
//! disconnection").

/// Every reason code MQTT 5.0 defines. [`ReasonCode::from_u8`] refuses any other value, so an
/// undefined code from a broker is a malformed packet, never a guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReasonCode {
    /// 0x00: success, normal disconnection, or granted QoS 0 (SUBACK).
    Success = 0x00,
    /// 0x01: SUBACK, granted QoS 1.
    GrantedQoS1 = 0x01,
    /// 0x02: SUBACK, granted QoS 2.
    GrantedQoS2 = 0x02,
    /// 0x04: DISCONNECT from a client that wants its will published.
    DisconnectWithWillMessage = 0x04,
    /// 0x10: PUBACK/PUBREC, accepted but nobody subscribes to it.
    NoMatchingSubscribers = 0x10,
    /// 0x11: UNSUBACK, there was no such subscription.
    NoSubscriptionExisted = 0x11,
    /// 0x18: AUTH, continue the authentication.
    ContinueAuthentication = 0x18,
    /// 0x19: AUTH, re-authenticate.
    ReAuthenticate = 0x19,
    /// 0x80
    UnspecifiedError = 0x80,
    /// 0x81
    MalformedPacket = 0x81,
    /// 0x82
    ProtocolError = 0x82,
    /// 0x83
    ImplementationSpecificError = 0x83,
    /// 0x84
    UnsupportedProtocolVersion = 0x84,
    /// 0x85
    ClientIdentifierNotValid = 0x85,
    /// 0x86
    BadUserNameOrPassword = 0x86,
    /// 0x87
    NotAuthorized = 0x87,
    /// 0x88
    ServerUnavailable = 0x88,
    /// 0x89
    ServerBusy = 0x89,
    /// 0x8A
    Banned = 0x8A,
    /// 0x8B
    ServerShuttingDown = 0x8B,
    /// 0x8C
    BadAuthenticationMethod = 0x8C,
    /// 0x8D
    KeepAliveTimeout = 0x8D,
    /// 0x8E
    SessionTakenOver = 0x8E,
    /// 0x8F
    TopicFilterInvalid = 0x8F,
    /// 0x90
    TopicNameInvalid = 0x90,
    /// 0x91
    PacketIdentifierInUse = 0x91,
    /// 0x92
    PacketIdentifierNotFound = 0x92,
    /// 0x93
    ReceiveMaximumExceeded = 0x93,
    /// 0x94
    TopicAliasInvalid = 0x94,
    /// 0x95
    PacketTooLarge = 0x95,
    /// 0x96
    MessageRateTooHigh = 0x96,
    /// 0x97
    QuotaExceeded = 0x97,
    /// 0x98
    AdministrativeAction = 0x98,
    /// 0x99
    PayloadFormatInvalid = 0x99,
    /// 0x9A
    RetainNotSupported = 0x9A,
    /// 0x9B
    QoSNotSupported = 0x9B,
    /// 0x9C
    UseAnotherServer = 0x9C,
    /// 0x9D
    ServerMoved = 0x9D,
    /// 0x9E
    SharedSubscriptionsNotSupported = 0x9E,
    /// 0x9F
    ConnectionRateExceeded = 0x9F,
    /// 0xA0
    MaximumConnectTime = 0xA0,
    /// 0xA1
    SubscriptionIdentifiersNotSupported = 0xA1,
    /// 0xA2
    WildcardSubscriptionsNotSupported = 0xA2,
}

/// Which packet a reason code came on: the codes each may carry differ [MQTT-3.x.2.1], and so do
/// the words for some of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReasonPacket {
    ConnAck,
    PubAck,
    PubRec,
    PubRel,
    PubComp,
    SubAck,
    UnsubAck,
    Disconnect,
}

/// All codes, in value order, for tables and tests.
pub const ALL_REASON_CODES: [ReasonCode; 43] = {
    use ReasonCode::*;
    [
        Success,
        GrantedQoS1,
        GrantedQoS2,
        DisconnectWithWillMessage,
        NoMatchingSubscribers,
        NoSubscriptionExisted,
        ContinueAuthentication,
        ReAuthenticate,
        UnspecifiedError,
        MalformedPacket,
        ProtocolError,
        ImplementationSpecificError,
        UnsupportedProtocolVersion,
        ClientIdentifierNotValid,
        BadUserNameOrPassword,
        NotAuthorized,
        ServerUnavailable,
        ServerBusy,
        Banned,
        ServerShuttingDown,
        BadAuthenticationMethod,
        KeepAliveTimeout,
        SessionTakenOver,
        TopicFilterInvalid,
        TopicNameInvalid,
        PacketIdentifierInUse,
        PacketIdentifierNotFound,
        ReceiveMaximumExceeded,
        TopicAliasInvalid,
        PacketTooLarge,
        MessageRateTooHigh,
        QuotaExceeded,
        AdministrativeAction,
        PayloadFormatInvalid,
        RetainNotSupported,
        QoSNotSupported,
        UseAnotherServer,
        ServerMoved,
        SharedSubscriptionsNotSupported,
        ConnectionRateExceeded,
        MaximumConnectTime,
        SubscriptionIdentifiersNotSupported,
        WildcardSubscriptionsNotSupported,
    ]
};

impl ReasonCode {
    /// Reads a code; `None` for a value MQTT 5.0 does not define.
    pub fn from_u8(value: u8) -> Option<ReasonCode> {
        ALL_REASON_CODES
            .iter()
            .copied()
            .find(|code| code.as_u8() == value)
    }

    /// The code's byte, e.g. for `data-reason-code` or a log line ("0x87").
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// 0x80 and up: the operation failed.
    pub fn is_error(self) -> bool {
        self.as_u8() >= 0x80
    }

    /// Whether a broker may send this code on `packet` [MQTT-3.2.2.2, 3.4.2.1, 3.5.2.1, 3.6.2.1,
    /// 3.7.2.1, 3.9.3, 3.11.3, 3.14.2.1]. A code outside its packet's list is a protocol error.
    pub fn allowed_on(self, packet: ReasonPacket) -> bool {
        use ReasonCode::*;
        match packet {
            ReasonPacket::ConnAck => matches!(
                self,
                Success
                    | UnspecifiedError
                    | MalformedPacket
                    | ProtocolError
                    | ImplementationSpecificError
                    | UnsupportedProtocolVersion
                    | ClientIdentifierNotValid
                    | BadUserNameOrPassword
                    | NotAuthorized
                    | ServerUnavailable
                    | ServerBusy
                    | Banned
                    | BadAuthenticationMethod
                    | TopicNameInvalid
                    | PacketTooLarge
                    | QuotaExceeded
                    | PayloadFormatInvalid
                    | RetainNotSupported
                    | QoSNotSupported
                    | UseAnotherServer
                    | ServerMoved
                    | ConnectionRateExceeded
            ),
            ReasonPacket::PubAck | ReasonPacket::PubRec => matches!(
                self,
                Success
                    | NoMatchingSubscribers
                    | UnspecifiedError
                    | ImplementationSpecificError
                    | NotAuthorized
                    | TopicNameInvalid
                    | PacketIdentifierInUse
                    | QuotaExceeded
                    | PayloadFormatInvalid
            ),
            ReasonPacket::PubRel | ReasonPacket::PubComp => {
                matches!(self, Success | PacketIdentifierNotFound)
            }
            ReasonPacket::SubAck => matches!(
                self,
                Success
                    | GrantedQoS1
                    | GrantedQoS2
                    | UnspecifiedError
                    | ImplementationSpecificError
                    | NotAuthorized
                    | TopicFilterInvalid
                    | PacketIdentifierInUse
                    | QuotaExceeded
                    | SharedSubscriptionsNotSupported
                    | SubscriptionIdentifiersNotSupported
                    | WildcardSubscriptionsNotSupported
            ),
            ReasonPacket::UnsubAck => matches!(
                self,
                Success
                    | NoSubscriptionExisted
                    | UnspecifiedError
                    | ImplementationSpecificError
                    | NotAuthorized
                    | TopicFilterInvalid
                    | PacketIdentifierInUse
            ),
            ReasonPacket::Disconnect => !matches!(
                self,
                GrantedQoS1
                    | GrantedQoS2
                    | NoMatchingSubscribers
                    | NoSubscriptionExisted
                    | ContinueAuthentication
                    | ReAuthenticate
                    | ClientIdentifierNotValid
                    | BadUserNameOrPassword
                    | ServerUnavailable
                    | Banned
                    | BadAuthenticationMethod
                    | PacketIdentifierInUse
                    | PacketIdentifierNotFound
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defined_code_round_trips_and_nothing_else_reads() {
        let mut defined = 0;
        for value in 0..=255u8 {
            if let Some(code) = ReasonCode::from_u8(value) {
                assert_eq!(code.as_u8(), value);
                assert_eq!(code.is_error(), value >= 0x80);
                defined += 1;
            }
        }
        assert_eq!(defined, ALL_REASON_CODES.len());
        assert_eq!(ReasonCode::from_u8(0x03), None);
        assert_eq!(ReasonCode::from_u8(0xA3), None);
    }

    #[test]
    fn packets_carry_only_their_own_codes() {
        use ReasonCode::*;
        assert!(NotAuthorized.allowed_on(ReasonPacket::ConnAck));
        assert!(!GrantedQoS1.allowed_on(ReasonPacket::ConnAck));
        assert!(GrantedQoS1.allowed_on(ReasonPacket::SubAck));
        assert!(!NoMatchingSubscribers.allowed_on(ReasonPacket::PubComp));
        assert!(PacketIdentifierNotFound.allowed_on(ReasonPacket::PubRel));
        assert!(SessionTakenOver.allowed_on(ReasonPacket::Disconnect));
        assert!(!SessionTakenOver.allowed_on(ReasonPacket::ConnAck));
        assert!(NoSubscriptionExisted.allowed_on(ReasonPacket::UnsubAck));
        assert!(!BadUserNameOrPassword.allowed_on(ReasonPacket::Disconnect));
    }
}
