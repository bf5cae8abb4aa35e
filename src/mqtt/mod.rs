//! Sans-IO MQTT 3.1.1 and MQTT 5 client session, the version chosen per connection
//! ([`ConnectOptions::version`]).
//!
//! Nothing in here opens a socket or reads a clock, so the whole protocol runs the same natively
//! (where `cargo test` drives it on a simulated clock) and in the browser. The caller owns the
//! WebSocket and a monotonic millisecond clock, and drives a [`Session`] like this:
//!
//! - push input in: [`Session::start`] once the socket is open, [`Session::handle_bytes`] with
//!   every binary frame, [`Session::handle_timeout`] when [`Session::poll_timeout`] has passed,
//!   [`Session::connection_lost`] when the socket closes;
//! - pull output out after each of those calls: [`Session::poll_transmit`] until `None` (send each
//!   as one binary frame), then [`Session::poll_event`] until `None`;
//! - when a link has ended (an `Err` from `handle_*`, [`Event::Refused`], or `connection_lost`):
//!   [`Session::plan_reconnect`] once, with the time and a random number; at the time it returns,
//!   open a new socket and call [`Session::start`] again on the same session. `None` means show
//!   [`Session::close_reason`] to the user instead.
//!
//! Packets are framed with `mqttbytes` 0.6, but only through `encode` and `encode_v5`, which
//! validate first and write into a fresh buffer because that crate corrupts packets otherwise,
//! and `decode`, which checks each fixed header before handing an MQTT 3.1.1 frame to it.
//! Incoming MQTT 5 packets are read by `decode_v5`/`props_v5` themselves: `mqttbytes`' v5 reader
//! lets through too much of what MQTT 5 calls malformed (see `props_v5`).
//!
//! Scope: all of MQTT 3.1.1 for a client: QoS 0, 1 and 2 both ways, retain, last will
//! ([`Session::set_will`]), clean session on and off, username and password, one packet-id
//! allocator for PUBLISH, SUBSCRIBE and UNSUBSCRIBE that never hands out an id still in flight,
//! and an inflight window ([`Session::set_max_inflight`]) behind which further publishes queue.
//!
//! One session outlives its links. When a link ends, the caller asks
//! [`Session::plan_reconnect`] when to try again (exponential backoff with jitter, see
//! [`ReconnectPolicy`]; `None` for causes that would only repeat), opens a new transport at that
//! time and calls [`Session::start`] on the same session. After CONNACK the session resends every
//! unacknowledged PUBLISH with DUP set and every pending PUBREL, in their original order, and
//! subscribes again if the broker lost the session.
//!
//! MQTT 5 adds, on the same session: properties on CONNECT, PUBLISH (both ways) and the will;
//! the CONNACK's capabilities ([`Session::server_capabilities`]), which refuse before sending
//! what the server does not offer; reason codes on every acknowledgement
//! ([`Event::AckReason`], [`SubscribeOutcome::Refused`], [`Event::UnsubAck`]) and on the
//! server's DISCONNECT ([`CloseReason::ServerDisconnected`]); topic aliases both ways
//! (`alias.rs`); receive maximum both ways; subscribe options and identifiers
//! ([`Session::subscribe_with`]); and our DISCONNECT with a reason
//! ([`Session::disconnect_with`]), also sent before closing on a protocol error of the broker's.
//! Enhanced authentication (AUTH) is not supported. A half-open link is noticed within
//! 1.25 × keepalive on both versions (see `keepalive.rs`).

mod alias;
mod clock;
mod closing;
mod connack;
mod decode;
mod decode_v5;
mod encode;
mod encode_v5;
mod error;
mod event;
mod framer;
mod incoming;
mod inflight;
mod keepalive;
mod limits;
mod message;
mod options;
mod packets;
mod properties;
mod props_v5;
mod qos;
mod reason;
mod reconnect;
mod requests;
mod resume;
mod session;
mod subscriptions;
mod topic;
mod validate;
mod version;
mod will;

// The broker-side packet helpers of these tests serve the tests of the layers above too.
#[cfg(test)]
pub(crate) mod tests;

pub use clock::Millis;
pub use error::{ConnectLimit, FilterRule, MqttError, StringField};
pub use event::{ConnAckRefusal, Event, SessionState, SubscribeOutcome};
pub use framer::parse_fixed_header;
pub use inflight::DEFAULT_MAX_INFLIGHT;
pub use message::Message;
pub use options::ConnectOptions;
pub use properties::{
    ConnectProperties, PublishProperties, RetainHandling, ServerCapabilities, SubscribeOptions,
    UserProperty, WillProperties,
};
pub use qos::QoS;
pub use reason::{ReasonCode, ReasonPacket, ALL_REASON_CODES};
pub use reconnect::{should_reconnect, CloseReason, ReconnectPolicy};
pub use session::{Session, DEFAULT_CONNACK_TIMEOUT, DEFAULT_MAX_PACKET_SIZE};
pub use topic::topic_matches;
pub use validate::{check_filter, check_string, check_topic, MAX_STRING_LEN};
pub use version::ProtocolVersion;
pub use will::Will;
