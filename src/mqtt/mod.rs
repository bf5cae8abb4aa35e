//! Sans-IO MQTT 3.1.1 client session.
//!
//! Nothing in here opens a socket or reads a clock, so the whole protocol runs the same natively
//! (where `cargo test` drives it on a simulated clock) and in the browser. The caller owns the
//! WebSocket and a monotonic millisecond clock, and drives a [`Session`] like this:
//!
//! - push input in: [`Session::start`] once the socket is open, [`Session::handle_bytes`] with
//!   every binary frame, [`Session::handle_timeout`] when [`Session::poll_timeout`] has passed,
//!   [`Session::connection_lost`] when the socket closes;
//! - pull output out after each of those calls: [`Session::poll_transmit`] until `None` (send each
//!   as one binary frame), then [`Session::poll_event`] until `None`.
//!
//! Packets are framed with `mqttbytes` 0.6, but only through `encode`, which validates first and
//! writes into a fresh buffer because that crate corrupts packets otherwise, and `decode`, which
//! checks each fixed header before handing a frame to it.
//!
//! Scope of this skeleton: QoS 0 and 1 both ways, QoS 2 only inbound (PUBREC/PUBREL/PUBCOMP so
//! that a broker using it is not broken), no will, no automatic reconnect. Unacknowledged QoS 1
//! publishes stay in the inflight table after the link drops so that reconnect can resend them.

mod decode;
mod encode;
mod error;
mod event;
mod framer;
mod incoming;
mod inflight;
mod keepalive;
mod message;
mod options;
mod session;
mod topic;
mod validate;

#[cfg(test)]
mod tests;

pub use error::MqttError;
pub use event::{describe_refusal, Event, SessionState, SubscribeOutcome};
pub use message::{Message, QoS};
pub use options::ConnectOptions;
pub use session::{Session, DEFAULT_CONNACK_TIMEOUT, DEFAULT_MAX_PACKET_SIZE};
pub use topic::topic_matches;
pub use validate::{check_filter, check_topic};

/// A reading of the caller's monotonic clock, in milliseconds. Only differences matter, so any
/// origin works (e.g. `performance.now()` truncated), as long as it never goes backwards.
pub type Millis = u64;
