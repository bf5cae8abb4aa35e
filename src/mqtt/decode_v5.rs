//! Incoming MQTT 5 packets.

use super::decode::Incoming;
use super::framer::Frame;
use super::MqttError;

/// Turns one complete frame into a packet.
pub(crate) fn decode(_frame: Frame) -> Result<Incoming, MqttError> {
    Err(MqttError::Unsupported("receiving MQTT 5 packets"))
}
