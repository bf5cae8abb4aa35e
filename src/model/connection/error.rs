//! Why a connection failed or a link ended, and why a request cannot go out now, as typed values.
//! Their words live in the i18n layer (`i18n/connection.rs`).

use crate::mqtt::{CloseReason, MqttError, ReasonCode};

/// What an MQTT 5 server said when it refused or ended the connection: the reason code, and its
/// optional reason string and server reference (another server to use).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerReason {
    /// The CONNACK or DISCONNECT reason code.
    pub reason: ReasonCode,
    /// The server's own words, when it sent any.
    pub reason_string: Option<String>,
    /// Another server to use, when it named one.
    pub server_reference: Option<String>,
}

/// How the last link ended, as the socket reported it. The session only sees "link lost"; this
/// keeps what the browser knew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseCause {
    /// The socket closed with this WebSocket close code and the server's reason text (often empty).
    Closed {
        /// The WebSocket close code (1000 normal, 1006 abnormal, …).
        code: u16,
        /// The reason text the server sent.
        reason: String,
    },
    /// Sending a frame failed; `why` is the browser's own message.
    SendFailed {
        /// The browser's message.
        why: String,
    },
}

/// Why the connection failed, or why its last link ended: what the status bar shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectionError {
    /// The session refused the plan (client id, credentials or will break a rule).
    Invalid(MqttError),
    /// The browser refused to open the URL; `why` is its own message.
    OpenRefused {
        /// The browser's message.
        why: String,
    },
    /// The server sent a text frame, which MQTT over WebSocket never does.
    TextFrame,
    /// The broker answered CONNECT with this non-zero return code.
    Refused {
        /// The CONNACK return code.
        code: u8,
    },
    /// MQTT 5: the broker refused CONNECT with this reason.
    RefusedV5(ServerReason),
    /// MQTT 5: the broker ended the link with a DISCONNECT carrying this reason.
    ServerDisconnected(ServerReason),
    /// The session failed (a protocol error, a missed deadline) and closed the link.
    Failed(MqttError),
    /// The link ended as the socket reported.
    Closed(CloseCause),
    /// The session closed for this reason and the socket said nothing more.
    Ended(CloseReason),
    /// The link ended and nothing says why.
    Unexplained,
    /// A subscription could not be sent again after CONNACK.
    Resubscribe {
        /// The topic filter.
        filter: String,
        /// Why it could not go out.
        cause: RequestError,
    },
}

/// Why a publish, subscribe or unsubscribe cannot go out now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// There is no connected link.
    NotConnected,
    /// The session refused the request (a bad topic or filter, a full window, …).
    Rejected(MqttError),
}
