//! What a connection sends, in the version its CONNECT chose: the session decides, this file
//! picks the 3.1.1 or the 5.0 encoding and applies the client's own MQTT 5 limits (maximum
//! packet size, problem information).

use bytes::Bytes;
use mqtt_console::aliyun::ENTERPRISE_CAPABILITIES;
use mqttbytes::v5::{DisconnectReasonCode, PubAckReason, SubscribeReasonCode};

use crate::broker::{Outbound, SubscribeDenied};
use crate::mqtt::{encode, encode5, ConnectProperties, EncodeError, Version};

/// The encoder of one connection.
#[derive(Clone, Copy, Debug)]
pub struct Wire {
    pub version: Version,
    /// MQTT 5 Request Problem Information: reason strings on PUBACK only when true.
    problem_info: bool,
    /// MQTT 5 Maximum Packet Size of the client: larger packets are not sent.
    max_packet: Option<u32>,
}

impl Wire {
    /// The wire of a connection whose CONNECT had these properties (empty on 3.1.1).
    pub fn new(version: Version, props: &ConnectProperties) -> Wire {
        Wire {
            version,
            problem_info: props.request_problem_information != Some(0),
            max_packet: props.maximum_packet_size,
        }
    }

    /// CONNACK 0; on MQTT 5 with Aliyun's capabilities and the Server Keep Alive.
    pub fn connack_accepted(&self, keep_alive: u16) -> Result<Bytes, EncodeError> {
        match self.version {
            Version::V4 => Ok(encode::connack(0)),
            Version::V5 => encode5::connack_accepted(&ENTERPRISE_CAPABILITIES, keep_alive),
        }
    }

    /// PUBACK; `refused` (MQTT 5 only) gives the reason code and its reason string. A 3.1.1
    /// PUBACK cannot say no: the message is dropped and acknowledged as before.
    pub fn puback(&self, packet_id: u16, refused: Option<(PubAckReason, &str)>) -> Bytes {
        match (self.version, refused) {
            (Version::V4, _) | (Version::V5, None) => encode::puback(packet_id),
            (Version::V5, Some((reason, text))) => {
                encode5::puback(packet_id, reason, self.problem_info.then_some(text))
            }
        }
    }

    /// SUBACK for these outcomes. On 3.1.1 every refusal is 0x80.
    pub fn suback(
        &self,
        packet_id: u16,
        outcomes: &[Result<u8, SubscribeDenied>],
    ) -> Result<Bytes, EncodeError> {
        match self.version {
            Version::V4 => {
                let v4: Vec<Option<u8>> = outcomes.iter().map(|o| o.ok()).collect();
                encode::suback(packet_id, &v4)
            }
            Version::V5 => {
                let codes = outcomes
                    .iter()
                    .map(|o| match o {
                        Ok(0) => SubscribeReasonCode::QoS0,
                        Ok(_) => SubscribeReasonCode::QoS1,
                        Err(SubscribeDenied::NotAuthorized) => SubscribeReasonCode::NotAuthorized,
                        Err(SubscribeDenied::FilterInvalid) => {
                            SubscribeReasonCode::TopicFilterInvalid
                        }
                    })
                    .collect();
                encode5::suback(packet_id, codes)
            }
        }
    }

    /// MQTT 5 SUBACK refusing all `count` filters with 0xA1: Aliyun supports no subscription
    /// identifiers.
    pub fn suback_no_identifiers(
        &self,
        packet_id: u16,
        count: usize,
    ) -> Result<Bytes, EncodeError> {
        let codes = vec![SubscribeReasonCode::SubscriptionIdNotSupported; count];
        encode5::suback(packet_id, codes)
    }

    /// UNSUBACK for `count` filters.
    pub fn unsuback(&self, packet_id: u16, count: usize) -> Result<Bytes, EncodeError> {
        match self.version {
            Version::V4 => Ok(encode::unsuback(packet_id)),
            Version::V5 => encode5::unsuback(packet_id, count),
        }
    }

    /// A cloud → device PUBLISH; MQTT 5 keeps the message's properties and refuses a packet
    /// over the client's Maximum Packet Size.
    pub fn publish(&self, message: &Outbound, qos: u8, id: u16) -> Result<Bytes, EncodeError> {
        match self.version {
            Version::V4 => encode::publish(&message.topic, &message.payload, qos, id),
            Version::V5 => {
                let packet = encode5::publish(
                    &message.topic,
                    &message.payload,
                    qos,
                    id,
                    message.retain,
                    &message.properties,
                )?;
                match self.max_packet {
                    Some(max) if packet.len() > max as usize => Err(EncodeError::Framing(format!(
                        "the packet has {} bytes, over the client's Maximum Packet Size {max}",
                        packet.len()
                    ))),
                    _ => Ok(packet),
                }
            }
        }
    }

    /// The DISCONNECT the server sends before closing (MQTT 5 only; 3.1.1 just closes).
    pub fn disconnect(&self, reason: DisconnectReasonCode, text: &str) -> Option<Bytes> {
        match self.version {
            Version::V4 => None,
            Version::V5 => Some(encode5::disconnect(reason, text)),
        }
    }
}
