//! Cloud → device messages: delivered only to a connected device with a matching subscription,
//! as on Aliyun.

use bytes::Bytes;
use tokio::sync::mpsc::error::TrySendError;

use super::{Broker, Event, LogKind, Outbound};
use crate::mqtt::MessageProperties;
use crate::registry::DeviceKey;
use crate::topic::matches;

/// What became of one cloud → device message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Handed to the device's connection with this QoS.
    Sent {
        qos: u8,
    },
    Offline,
    /// Online, but no subscription matches the topic.
    NotSubscribed,
    /// The connection has [`super::OUTBOX_CAPACITY`] messages waiting already.
    Backlogged,
}

impl Delivery {
    /// Whether the message went to the device.
    pub fn delivered(self) -> bool {
        matches!(self, Delivery::Sent { .. })
    }

    fn describe(self) -> &'static str {
        match self {
            Delivery::Sent { .. } => "delivered",
            Delivery::Offline => "not delivered: the device is offline",
            Delivery::NotSubscribed => "not delivered: no subscription of the device matches",
            Delivery::Backlogged => "not delivered: the device's connection is backed up",
        }
    }
}

impl Broker {
    /// Sends `payload` on `topic` to the device and logs it as `publish_down`. With several
    /// matching subscriptions the message goes once, at the highest granted QoS, capped by
    /// `qos`. `origin` says who sent it (e.g. "HTTP API", "property post reply").
    pub fn deliver(
        &self,
        key: &DeviceKey,
        topic: &str,
        payload: Bytes,
        qos: u8,
        origin: &str,
    ) -> Delivery {
        self.deliver_with(
            key,
            topic,
            payload,
            qos,
            MessageProperties::default(),
            origin,
        )
    }

    /// [`Broker::deliver`] with MQTT 5 properties, which reach an MQTT 5 connection only; the
    /// log keeps the user properties either way.
    pub fn deliver_with(
        &self,
        key: &DeviceKey,
        topic: &str,
        payload: Bytes,
        qos: u8,
        properties: MessageProperties,
        origin: &str,
    ) -> Delivery {
        let mut state = self.lock();
        let state = &mut *state;
        let version = state.online.get(key).map(|o| o.version);
        let user_properties = properties.user_properties.clone();
        let outcome = match state.online.get(key) {
            None => Delivery::Offline,
            Some(online) => {
                let granted = online
                    .subscriptions
                    .iter()
                    .filter(|s| matches(&s.filter, topic))
                    .map(|s| s.qos)
                    .max();
                match granted {
                    None => Delivery::NotSubscribed,
                    Some(granted) => {
                        let qos = qos.min(granted);
                        let message = Outbound {
                            topic: topic.to_string(),
                            payload: payload.clone(),
                            qos,
                            retain: false,
                            properties,
                        };
                        match online.outbox.try_send(message) {
                            Ok(()) => Delivery::Sent { qos },
                            Err(TrySendError::Full(_)) => Delivery::Backlogged,
                            // The connection task just ended; it is going offline.
                            Err(TrySendError::Closed(_)) => Delivery::Offline,
                        }
                    }
                }
            }
        };
        let sent_qos = match outcome {
            Delivery::Sent { qos } => qos,
            _ => qos,
        };
        let mut event = Event::new(LogKind::PublishDown, Some(key))
            .message(topic, &payload, sent_qos)
            .user_properties(&user_properties)
            .detail(format!("{origin}: {}", outcome.describe()));
        if let Some(version) = version {
            event = event.protocol(version);
        }
        state.log.push(event);
        outcome
    }
}
