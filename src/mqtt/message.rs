//! An application message as the broker delivered it.

use super::{PublishProperties, QoS};

/// An application message as the broker delivered it to us (or, inside the session, one of
/// ours awaiting its acknowledgement).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: QoS,
    /// The broker sent it from its retained store (on subscribe), not as a live message.
    pub retain: bool,
    /// The broker says this may be a redelivery of an earlier attempt.
    pub dup: bool,
    /// MQTT 5 properties; empty on MQTT 3.1.1. `topic` is always the full topic: topic aliases
    /// are resolved by the session.
    pub properties: PublishProperties,
}
