//! What the server of this link allows, checked before a request takes a packet id: MQTT 5's
//! CONNACK capabilities, and that MQTT 5 features are not asked of an MQTT 3.1.1 link.
//!
//! A refusal here is the user's to fix (choose QoS 1, drop the retain flag, shorten the
//! payload), so it comes back as an error of the call and the session stays as it was.

use super::encode_v5::{self, publish_size};
use super::validate::{check_filter, shared_filter, MAX_SUBSCRIPTION_IDENTIFIER};
use super::{MqttError, ProtocolVersion, PublishProperties, QoS, Session, SubscribeOptions};

impl Session {
    /// A server's maximum packet size against a packet of `size` bytes.
    fn check_size(&self, size: usize) -> Result<(), MqttError> {
        match self.capabilities.maximum_packet_size {
            Some(maximum) if size > maximum as usize => {
                Err(MqttError::PacketTooLarge { size, maximum })
            }
            _ => Ok(()),
        }
    }

    /// Everything a PUBLISH must satisfy before it is queued. Its size is that of the packet
    /// with its full topic (as a resend after a reconnect carries it).
    pub(super) fn check_publish(
        &self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
        retain: bool,
        properties: &PublishProperties,
    ) -> Result<(), MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => {
                // Subscription identifiers are never sent, so they do not count as properties.
                if !encode_v5::sends_nothing(properties) {
                    return Err(MqttError::PropertiesNeedMqtt5);
                }
                super::encode::check_publish(topic, payload, qos)
            }
            ProtocolVersion::V5 => {
                encode_v5::check_publish(topic, payload, qos, properties)?;
                let maximum = self.capabilities.maximum_qos;
                if qos.as_u8() > maximum.as_u8() {
                    return Err(MqttError::QoSNotSupported {
                        requested: qos,
                        maximum,
                    });
                }
                if retain && !self.capabilities.retain_available {
                    return Err(MqttError::RetainNotAvailable);
                }
                self.check_size(publish_size(
                    topic.len(),
                    payload.len(),
                    qos,
                    properties,
                    None,
                ))
            }
        }
    }

    /// Everything a SUBSCRIBE must satisfy before it takes a packet id.
    pub(super) fn check_subscribe(
        &self,
        filters: &[(String, SubscribeOptions)],
        identifier: Option<u32>,
    ) -> Result<(), MqttError> {
        match self.options.version {
            ProtocolVersion::V311 => {
                if identifier.is_some()
                    || filters
                        .iter()
                        .any(|(_, o)| *o != SubscribeOptions::qos(o.qos))
                {
                    return Err(MqttError::PropertiesNeedMqtt5);
                }
                let plain: Vec<(String, QoS)> =
                    filters.iter().map(|(f, o)| (f.clone(), o.qos)).collect();
                super::encode::check_subscribe(&plain)
            }
            ProtocolVersion::V5 => {
                if filters.is_empty() {
                    return Err(MqttError::NoFilters);
                }
                let caps = &self.capabilities;
                for (filter, options) in filters {
                    let shared = shared_filter(filter)?;
                    check_filter(filter)?;
                    let plain = match shared {
                        Some((_, inner)) => {
                            if !caps.shared_subscription_available {
                                return Err(MqttError::SharedSubscriptionNotAvailable {
                                    filter: filter.clone(),
                                });
                            }
                            if options.no_local {
                                return Err(MqttError::NoLocalOnSharedSubscription {
                                    filter: filter.clone(),
                                });
                            }
                            inner
                        }
                        None => filter.as_str(),
                    };
                    if !caps.wildcard_subscription_available && plain.contains(['+', '#']) {
                        return Err(MqttError::WildcardSubscriptionNotAvailable {
                            filter: filter.clone(),
                        });
                    }
                }
                if let Some(id) = identifier {
                    if !(1..=MAX_SUBSCRIPTION_IDENTIFIER).contains(&id) {
                        return Err(MqttError::SubscriptionIdentifierOutOfRange(id));
                    }
                    if !caps.subscription_identifiers_available {
                        return Err(MqttError::SubscriptionIdentifierNotAvailable);
                    }
                }
                let size = encode_v5::subscribe_size(filters, identifier);
                if size > super::validate::MAX_REMAINING_LEN {
                    return Err(MqttError::PayloadTooLarge { len: size });
                }
                self.check_size(size)
            }
        }
    }

    /// Everything an UNSUBSCRIBE must satisfy before it takes a packet id.
    pub(super) fn check_unsubscribe(&self, filters: &[String]) -> Result<(), MqttError> {
        super::encode::check_unsubscribe(filters)?;
        if self.options.version == ProtocolVersion::V5 {
            self.check_size(encode_v5::unsubscribe_size(filters))?;
        }
        Ok(())
    }
}
