//! The session's packets in the version of its link: MQTT 3.1.1 through `encode`, byte for byte
//! as before, MQTT 5 through `encode_v5`, with topic aliases on first sends.

use super::alias::{Aliases, OutgoingTopic};
use super::encode;
use super::encode_v5::{self, PublishHeader};
use super::{
    Message, MqttError, ProtocolVersion, PublishProperties, QoS, ServerCapabilities, Session,
    SubscribeOptions,
};

/// A PUBLISH's parts, borrowed from the caller or from a stored [`Message`].
pub(super) struct Outgoing<'a> {
    pub topic: &'a str,
    pub payload: &'a [u8],
    pub qos: QoS,
    pub retain: bool,
    pub properties: &'a PublishProperties,
}

impl<'a> Outgoing<'a> {
    pub(super) fn of(m: &'a Message) -> Outgoing<'a> {
        Outgoing {
            topic: &m.topic,
            payload: &m.payload,
            qos: m.qos,
            retain: m.retain,
            properties: &m.properties,
        }
    }
}

/// A PUBLISH going out for the first time on this link: on MQTT 5 it may define or use a topic
/// alias. A new alias is only defined when the packet with both the topic and the alias still
/// fits the server's maximum packet size. A free function so that a caller can lend a stored
/// message out of the inflight table while the aliases change.
pub(super) fn first_publish(
    version: ProtocolVersion,
    capabilities: &ServerCapabilities,
    aliases: &mut Aliases,
    p: Outgoing<'_>,
    packet_id: u16,
) -> Result<Vec<u8>, MqttError> {
    match version {
        ProtocolVersion::V311 => {
            encode::publish(p.topic, p.payload, p.qos, p.retain, false, packet_id)
        }
        ProtocolVersion::V5 => {
            let define_fits = capabilities.maximum_packet_size.is_none_or(|max| {
                let size = encode_v5::publish_size(
                    p.topic.len(),
                    p.payload.len(),
                    p.qos,
                    p.properties,
                    Some(1),
                );
                size <= max as usize
            });
            let named = aliases.outgoing(p.topic, capabilities.topic_alias_maximum, define_fits);
            let (topic, alias) = match named {
                OutgoingTopic::Plain => (p.topic, None),
                OutgoingTopic::Define(alias) => (p.topic, Some(alias)),
                OutgoingTopic::Use(alias) => ("", Some(alias)),
            };
            encode_v5::publish(
                PublishHeader {
                    topic,
                    qos: p.qos,
                    retain: p.retain,
                    dup: false,
                    packet_id,
                    alias,
                },
                p.payload,
                p.properties,
            )
        }
    }
}

impl Session {
    /// [`first_publish`] on this session's link.
    pub(super) fn publish_bytes(
        &mut self,
        p: Outgoing<'_>,
        packet_id: u16,
    ) -> Result<Vec<u8>, MqttError> {
        first_publish(
            self.options.version,
            &self.capabilities,
            &mut self.aliases,
            p,
            packet_id,
        )
    }

    /// A PUBLISH sent again on a new link: DUP set, the full topic (no alias survives a link).
    pub(super) fn republish_bytes(
        &self,
        m: &Message,
        packet_id: u16,
    ) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => {
                encode::publish(&m.topic, &m.payload, m.qos, m.retain, true, packet_id)
            }
            ProtocolVersion::V5 => encode_v5::publish(
                PublishHeader {
                    topic: &m.topic,
                    qos: m.qos,
                    retain: m.retain,
                    dup: true,
                    packet_id,
                    alias: None,
                },
                &m.payload,
                &m.properties,
            ),
        }
    }

    pub(super) fn subscribe_bytes(
        &self,
        packet_id: u16,
        filters: &[(String, SubscribeOptions)],
        identifier: Option<u32>,
    ) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => {
                let plain: Vec<(String, QoS)> =
                    filters.iter().map(|(f, o)| (f.clone(), o.qos)).collect();
                encode::subscribe(packet_id, &plain)
            }
            ProtocolVersion::V5 => encode_v5::subscribe(packet_id, filters, identifier),
        }
    }

    pub(super) fn unsubscribe_bytes(
        &self,
        packet_id: u16,
        filters: &[String],
    ) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => encode::unsubscribe(packet_id, filters),
            ProtocolVersion::V5 => encode_v5::unsubscribe(packet_id, filters),
        }
    }

    pub(super) fn puback_bytes(&self, packet_id: u16) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => encode::puback(packet_id),
            ProtocolVersion::V5 => encode_v5::puback(packet_id),
        }
    }

    pub(super) fn pubrec_bytes(&self, packet_id: u16) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => encode::pubrec(packet_id),
            ProtocolVersion::V5 => encode_v5::pubrec(packet_id),
        }
    }

    pub(super) fn pubrel_bytes(&self, packet_id: u16) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => encode::pubrel(packet_id),
            ProtocolVersion::V5 => encode_v5::pubrel(packet_id),
        }
    }

    /// `found`: whether the id awaited its PUBREL (MQTT 5 says 0x92 otherwise).
    pub(super) fn pubcomp_bytes(&self, packet_id: u16, found: bool) -> Result<Vec<u8>, MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => encode::pubcomp(packet_id),
            ProtocolVersion::V5 => encode_v5::pubcomp(packet_id, found),
        }
    }
}
