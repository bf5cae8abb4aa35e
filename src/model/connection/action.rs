//! What the connection model hands the store: the actions to carry out, the ids of links, and
//! the moment each input happens.

use super::error::{ConnectionError, ServerReason};
use crate::model::log::{AckOutcome, Logged};
use crate::model::server::ServerInfo;
use crate::model::status::Status;
use crate::model::subscriptions::SubChange;
use crate::mqtt::{Millis, ReasonCode};

/// How the user leaves: MQTT 5 says it in the DISCONNECT's reason code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Leave {
    /// 0x00: normal disconnection, the will is dropped.
    #[default]
    Normal,
    /// 0x04: disconnect, and the broker publishes the will all the same.
    WithWill,
}

impl Leave {
    /// The DISCONNECT's reason code.
    pub fn reason(self) -> ReasonCode {
        match self {
            Leave::Normal => ReasonCode::Success,
            Leave::WithWill => ReasonCode::DisconnectWithWillMessage,
        }
    }
}

/// Names one WebSocket link of a connection. Ids only grow, so an event of a link that was
/// replaced or retired never matches the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkId(pub u64);

/// What the outside world tells each input: both clocks and a fresh random number, so the model
/// itself never reads a clock or a random source.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Now {
    /// A monotonic clock in ms (the session's timers).
    pub mono: Millis,
    /// Wall-clock time, Unix ms (log entries, the retry time shown).
    pub wall: u64,
    /// A random number in 0..1 (reconnect jitter).
    pub random: f64,
}

/// When the next reconnect attempt happens, for the status bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// 1 for the first attempt after a loss.
    pub attempt: u32,
    /// Wall-clock time of the attempt, Unix ms.
    pub at_ms: u64,
}

/// One thing the store must do, pulled with
/// [`Lifecycle::poll_action`](super::Lifecycle::poll_action), in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A session begins: call [`Lifecycle::handle_tick`](super::Lifecycle::handle_tick) every
    /// [`TICK_MS`](super::TICK_MS) until [`Action::Retire`].
    StartTicking,
    /// Open a WebSocket to `url` and report its events tagged with `link`.
    Open {
        /// The new link.
        link: LinkId,
        /// Where to.
        url: String,
    },
    /// Send `bytes` as one binary frame on `link`. When sending fails, finish the batch, then
    /// report the first failure with
    /// [`Lifecycle::handle_send_failed`](super::Lifecycle::handle_send_failed).
    Send {
        /// The link to send on.
        link: LinkId,
        /// One whole MQTT packet.
        bytes: Vec<u8>,
    },
    /// Close and forget `link`; the session goes on (a new link may follow).
    CloseLink(LinkId),
    /// The session is over: drop its link and stop ticking. This may happen inside one of the
    /// link's own callbacks, so free them on a later task.
    Retire,
    /// The status light changes.
    Status(Status),
    /// The reason to show changes (`None` clears it).
    Error(Option<ConnectionError>),
    /// The next reconnect attempt changes (`None`: none planned).
    Retry(Option<Retry>),
    /// Apply this change to the subscriptions panel.
    Subscriptions(SubChange),
    /// A message the user published went out: log it.
    Sent(Logged),
    /// A message arrived: log it (and show it to the device tools).
    Received(Logged),
    /// MQTT 5: the broker answered our publish `packet_id` with a reason code (an error, a
    /// note like "no matching subscribers", or a reason string): show it next to the publish.
    Acknowledged {
        /// The packet id of our publish.
        packet_id: u16,
        /// What the broker said.
        outcome: AckOutcome,
    },
    /// Our QoS 1 publish `packet_id` was acknowledged (PUBACK), or our QoS 2 one completed
    /// (PUBCOMP), without an error.
    Completed {
        /// The packet id of our publish.
        packet_id: u16,
    },
    /// The broker accepted the connection (CONNACK 0), before the status changes.
    Connected,
    /// The server of the connection changes: its CONNACK came (`Some`), or the connection is
    /// over or starting again (`None`).
    Server(Option<ServerInfo>),
    /// MQTT 5: the server ended the link with a DISCONNECT (`Some`), shown in the status area;
    /// `None` clears it (a new connection, a new CONNACK).
    DisconnectReason(Option<ServerReason>),
    /// MQTT 5: the UNSUBACK refused or had nothing to remove for this filter.
    Unsubscribed {
        /// The filter.
        filter: String,
        /// The UNSUBACK's code for it (0x11 or 0x80 and up).
        reason: ReasonCode,
    },
}
