//! A device's PUBLISH: Aliyun's rules (no QoS 2, 256 KB, its own topics, at most 20 user
//! properties), MQTT 5 topic aliases, then the log, the system handlers and, on MQTT 5, the
//! device's own subscriptions (no local). Also the SUBSCRIBE with a subscription identifier.

use mqtt_console::aliyun::{user_properties_allowed, ENTERPRISE_CAPABILITIES, MAX_USER_PROPERTIES};
use mqtt_console::mqtt::check_topic;
use mqttbytes::v5::{DisconnectReasonCode, PubAckReason};

use super::session::{DeviceSession, Step, MAX_PAYLOAD};
use crate::broker::{Event, LogKind, Uplink};
use crate::clock::now_ms;
use crate::mqtt::{EncodeError, Publish, SubscribeFilter, Version};
use crate::system;

impl DeviceSession<'_> {
    pub(super) fn handle_publish(&mut self, mut publish: Publish) -> Step {
        let received_at = now_ms();
        let qos = publish.qos;
        let version = self.wire.version;
        if version == Version::V5 {
            if let Err(step) = self.resolve_alias(&mut publish) {
                return step;
            }
        }
        if qos == 2 {
            // Aliyun has no QoS 2 and drops such clients; we close and say why.
            self.broker.log(
                Event::new(LogKind::PublishDenied, Some(self.key))
                    .message(&publish.topic, &publish.payload, qos)
                    .protocol(version)
                    .detail("QoS 2 is not supported by Aliyun; connection closed"),
            );
            return Step::Refuse(
                DisconnectReasonCode::QoSNotSupported,
                "PUBLISH with QoS 2".into(),
            );
        }
        if let Err(e) = check_topic(&publish.topic) {
            return Step::Refuse(
                DisconnectReasonCode::TopicNameInvalid,
                format!("PUBLISH with an invalid topic: {e}"),
            );
        }
        if publish.payload.len() > MAX_PAYLOAD {
            self.broker.log(
                Event::new(LogKind::PublishDenied, Some(self.key))
                    .topic(&publish.topic, Some(qos))
                    .protocol(version)
                    .detail(format!(
                        "payload of {} bytes is over Aliyun's 256 KB limit; connection closed",
                        publish.payload.len()
                    )),
            );
            return Step::Refuse(
                DisconnectReasonCode::PacketTooLarge,
                "PUBLISH over 256 KB".into(),
            );
        }
        if let Some((reason, text)) = self.refused_properties(&publish) {
            self.broker.log(
                Event::new(LogKind::PublishDenied, Some(self.key))
                    .message(&publish.topic, &publish.payload, qos)
                    .protocol(version)
                    .user_properties(&publish.properties.user_properties)
                    .detail(format!(
                        "{text}; refused with PUBACK {:#04x} (QoS 1) or dropped (QoS 0)",
                        reason as u8
                    )),
            );
            let replies = match qos {
                0 => Vec::new(),
                _ => vec![self.wire.puback(publish.pkid, Some((reason, &text)))],
            };
            return Step::Reply(replies);
        }
        let up = Uplink {
            topic: &publish.topic,
            payload: &publish.payload,
            qos,
            retain: publish.retain,
            properties: &publish.properties,
            version,
        };
        let verdict = self.broker.accept_publish(self.key, &up);
        // A denied QoS 1 PUBLISH is still acknowledged on 3.1.1: the message is dropped, the
        // connection stays, and the device does not resend it forever. MQTT 5 says 0x87.
        let replies = match (qos, &verdict) {
            (0, _) => Vec::new(),
            (_, Ok(())) => vec![self.wire.puback(publish.pkid, None)],
            (_, Err(reason)) => vec![self
                .wire
                .puback(publish.pkid, Some((PubAckReason::NotAuthorized, reason)))],
        };
        if verdict.is_ok() {
            system::handle_uplink(
                self.broker,
                self.key,
                &publish.topic,
                &publish.payload,
                received_at,
            );
            if version == Version::V5 {
                self.broker.echo(self.key, self.conn_id, &up);
            }
        }
        Step::Reply(replies)
    }

    /// Client → server topic aliases [MQTT-3.3.2-7..12]: 1..=20 (the CONNACK's maximum); a
    /// topic with an alias sets it, an empty topic uses it. Anything else is DISCONNECT 0x94,
    /// or 0x82 for an empty topic without an alias.
    fn resolve_alias(&mut self, publish: &mut Publish) -> Result<(), Step> {
        let max = ENTERPRISE_CAPABILITIES.topic_alias_maximum;
        let Some(alias) = publish.topic_alias else {
            if publish.topic.is_empty() {
                return Err(Step::Refuse(
                    DisconnectReasonCode::ProtocolError,
                    "PUBLISH with an empty topic and no topic alias".into(),
                ));
            }
            return Ok(());
        };
        if alias == 0 || alias > max {
            return Err(Step::Refuse(
                DisconnectReasonCode::TopicAliasInvalid,
                format!("topic alias {alias} is outside 1..={max}"),
            ));
        }
        if publish.topic.is_empty() {
            match self.aliases.get(&alias) {
                Some(topic) => publish.topic = topic.clone(),
                None => {
                    return Err(Step::Refuse(
                        DisconnectReasonCode::TopicAliasInvalid,
                        format!("topic alias {alias} was not set on this connection"),
                    ))
                }
            }
        } else {
            self.aliases.insert(alias, publish.topic.clone());
        }
        Ok(())
    }

    /// MQTT 5 property rules on a PUBLISH that refuse the message but keep the connection.
    fn refused_properties(&self, publish: &Publish) -> Option<(PubAckReason, String)> {
        let count = publish.properties.user_properties.len();
        if !user_properties_allowed(count) {
            return Some((
                PubAckReason::QuotaExceeded,
                format!("{count} user properties, over Aliyun's limit of {MAX_USER_PROPERTIES}"),
            ));
        }
        if publish.properties.payload_format_indicator == Some(1)
            && std::str::from_utf8(&publish.payload).is_err()
        {
            return Some((
                PubAckReason::PayloadFormatInvalid,
                "payload format indicator 1 (UTF-8) on a payload that is not UTF-8".into(),
            ));
        }
        None
    }

    /// A SUBSCRIBE with a subscription identifier: every filter refused with 0xA1, since
    /// Aliyun's CONNACK says it supports none.
    pub(super) fn refuse_identifiers(&mut self, pkid: u16, filters: &[SubscribeFilter]) -> Step {
        for filter in filters {
            self.broker.log(
                Event::new(LogKind::SubscribeDenied, Some(self.key))
                    .topic(&filter.filter, Some(filter.qos))
                    .protocol(Version::V5)
                    .detail("subscription identifiers are not supported (SUBACK 0xa1)"),
            );
        }
        match self.wire.suback_no_identifiers(pkid, filters.len()) {
            Ok(packet) => Step::Reply(vec![packet]),
            Err(e) => Step::Close(format!("could not answer SUBSCRIBE: {e}")),
        }
    }

    /// Logs a cloud → device message that could not be encoded for this connection.
    pub(super) fn not_encoded(&self, topic: &str, qos: u8, e: &EncodeError) {
        self.broker.log(
            Event::new(LogKind::PublishDown, Some(self.key))
                .topic(topic, Some(qos))
                .protocol(self.wire.version)
                .detail(format!("could not be encoded: {e}")),
        );
    }
}
