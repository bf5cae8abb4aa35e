use super::{Message, QoS, ReasonCode, ReasonPacket, UserProperty};

/// The broker's answer for one filter of a SUBSCRIBE, in the order the filters were sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscribeOutcome {
    /// Subscribed; the broker may grant a lower QoS than asked for.
    Granted(QoS),
    /// The broker refused this filter, with its reason code (MQTT 3.1.1's only refusal, 0x80,
    /// reads as [`ReasonCode::UnspecifiedError`]).
    Refused(ReasonCode),
}

/// Something the caller should know about, pulled with
/// [`Session::poll_event`](super::Session::poll_event).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The broker accepted the connection; subscribe and publish are allowed from now on.
    Connected { session_present: bool },
    /// CONNACK with a non-zero code; the session is now closed. `code` is the raw code: the
    /// return code 1..=5 on MQTT 3.1.1, the reason code (0x80 and up) on MQTT 5, where
    /// [`Session::close_reason`](super::Session::close_reason) also carries the reason string.
    Refused { code: u8 },
    /// The answer to the SUBSCRIBE that returned `packet_id`.
    SubAck {
        packet_id: u16,
        outcomes: Vec<SubscribeOutcome>,
    },
    /// The answer to the UNSUBSCRIBE that returned `packet_id`; on MQTT 5 one reason code per
    /// filter (empty on MQTT 3.1.1, whose UNSUBACK says nothing more).
    UnsubAck {
        packet_id: u16,
        reasons: Vec<ReasonCode>,
    },
    /// A message arrived on a subscribed topic. QoS 1 and 2 messages are already acknowledged.
    Received(Message),
    /// Our QoS 1 publish was acknowledged.
    PubAck { packet_id: u16 },
    /// Our QoS 2 publish completed (PUBCOMP): the broker has it, exactly once.
    PubComp { packet_id: u16 },
    /// MQTT 5: a PUBACK, PUBREC, PUBREL or PUBCOMP carried an error code or a reason string.
    /// An error on PUBACK, PUBREC or PUBCOMP ends our publish `packet_id` (its slot is freed, no
    /// PUBREL follows, and no [`Event::PubAck`]/[`Event::PubComp`] comes for it); a success
    /// with a reason string is followed by the usual event. On PUBREL, `packet_id` is the
    /// broker's id of a message it sent us.
    AckReason {
        packet_id: u16,
        packet: ReasonPacket,
        reason: ReasonCode,
        reason_string: Option<String>,
        user_properties: Vec<UserProperty>,
    },
    /// After a reconnect the broker had lost our session, so the session subscribed to this
    /// filter again by itself (see [`Session::subscriptions`](super::Session::subscriptions));
    /// this is the broker's answer. A refused filter is dropped from the session's list.
    Resubscribed {
        filter: String,
        outcome: SubscribeOutcome,
    },
}

/// Where the session is on its current link. `Closed` is final after
/// [`Session::disconnect`](super::Session::disconnect); otherwise [`Session::start`](super::Session::start)
/// on a new transport begins the next link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Created, `start` not called yet.
    Idle,
    /// CONNECT is queued or sent; waiting for the broker's CONNACK.
    AwaitingConnAck,
    /// The broker accepted the connection.
    Connected,
    /// Refused, disconnected, timed out, failed or the link was lost. Close the transport;
    /// [`Session::close_reason`](super::Session::close_reason) says why.
    Closed,
}

/// The meaning of a non-zero CONNACK return code [MQTT-3.2.2.3], for an [`Event::Refused`]'s
/// `code`. The words for it live in the i18n layer (`src/i18n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnAckRefusal {
    /// 1: the broker does not speak MQTT 3.1.1.
    UnacceptableProtocol,
    /// 2: the client identifier is not allowed.
    IdentifierRejected,
    /// 3: the MQTT service is unavailable.
    ServerUnavailable,
    /// 4: the username or password is wrong.
    BadCredentials,
    /// 5: the client is not authorised to connect.
    NotAuthorised,
    /// Any other code, which MQTT 3.1.1 does not define.
    Unknown(u8),
}

impl ConnAckRefusal {
    /// Reads a CONNACK return code.
    pub fn from_code(code: u8) -> ConnAckRefusal {
        match code {
            1 => ConnAckRefusal::UnacceptableProtocol,
            2 => ConnAckRefusal::IdentifierRejected,
            3 => ConnAckRefusal::ServerUnavailable,
            4 => ConnAckRefusal::BadCredentials,
            5 => ConnAckRefusal::NotAuthorised,
            other => ConnAckRefusal::Unknown(other),
        }
    }
}
