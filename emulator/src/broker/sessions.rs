//! Online devices: login (kicking an earlier connection of the same device), subscriptions,
//! and authorization of what a connected device sends.

use std::sync::Arc;

use mqtt_console::mqtt::check_filter;
use tokio::sync::{mpsc, Notify};

use super::{Broker, Event, LogKind, Online, Outbound, Subscription, OUTBOX_CAPACITY};
use crate::acl;
use crate::clock::now_ms;
use crate::mqtt::{MessageProperties, SubscribeFilter, UserProperty, Version};
use crate::registry::DeviceKey;

/// Why one filter of a SUBSCRIBE was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscribeDenied {
    /// The filter is well formed but the device may not subscribe to it (MQTT 5: 0x87).
    NotAuthorized,
    /// The filter breaks MQTT's rules (MQTT 5: 0x8F).
    FilterInvalid,
}

/// A device's PUBLISH as the broker judges and logs it.
#[derive(Clone, Copy, Debug)]
pub struct Uplink<'a> {
    pub topic: &'a str,
    pub payload: &'a [u8],
    pub qos: u8,
    pub retain: bool,
    pub properties: &'a MessageProperties,
    pub version: Version,
}

/// `$share/{group}/{filter}` → `{filter}`; `None` when it is not a shared subscription.
fn shared_filter(filter: &str) -> Option<&str> {
    let rest = filter.strip_prefix("$share/")?;
    let (group, inner) = rest.split_once('/')?;
    (!group.is_empty() && !group.contains(['+', '#'])).then_some(inner)
}

/// What a connection task gets when its device goes online.
#[derive(Debug)]
pub struct OnlineHandle {
    pub conn_id: u64,
    /// Cloud → device messages for this connection.
    pub outbox: mpsc::Receiver<Outbound>,
    /// Notified when a second login of the same device takes over.
    pub kick: Arc<Notify>,
}

impl Broker {
    /// Marks the device online on a new connection. Aliyun allows one connection per device:
    /// an earlier one is told to close and the log records the kick.
    /// An MQTT 5 login also puts the device under the version lock.
    /// The CONNECT's user properties go into the log's `connect` entry.
    pub fn go_online(
        &self,
        key: &DeviceKey,
        client_id: &str,
        transport: &str,
        (version, user_properties): (Version, &[UserProperty]),
    ) -> OnlineHandle {
        let (tx, rx) = mpsc::channel(OUTBOX_CAPACITY);
        let kick = Arc::new(Notify::new());
        let mut state = self.lock();
        let conn_id = state.next_conn_id;
        state.next_conn_id += 1;
        let previous = state.online.insert(
            key.clone(),
            Online {
                conn_id,
                client_id: client_id.to_string(),
                connected_at: now_ms(),
                version,
                subscriptions: Vec::new(),
                outbox: tx,
                kick: kick.clone(),
            },
        );
        if let Some(old) = previous {
            // `notify_one` keeps a permit, so the old task sees it even if not waiting yet.
            old.kick.notify_one();
            state.log.push(Event::new(LogKind::Kicked, Some(key)).detail(format!(
                "clientId {:?} forced offline: the same device logged in again as clientId {client_id:?}",
                old.client_id
            )));
        }
        if version == Version::V5 {
            Broker::lock_to_mqtt5(&mut state, key);
        }
        state.log.push(
            Event::new(LogKind::Connect, Some(key))
                .protocol(version)
                .user_properties(user_properties)
                .detail(format!(
                    "clientId {client_id:?} over {transport}, MQTT {}",
                    version.name()
                )),
        );
        OnlineHandle {
            conn_id,
            outbox: rx,
            kick,
        }
    }

    /// Marks the device offline, unless a newer connection already replaced this one (then the
    /// kick was logged instead).
    pub fn go_offline(&self, key: &DeviceKey, conn_id: u64, reason: &str) {
        let mut state = self.lock();
        if state.online.get(key).is_some_and(|o| o.conn_id == conn_id) {
            state.online.remove(key);
            state
                .log
                .push(Event::new(LogKind::Disconnect, Some(key)).detail(reason));
        }
    }

    /// Handles the filters of one SUBSCRIBE: each is granted `min(requested, 1)` (Aliyun has no
    /// QoS 2, so 2 is granted as 1) or refused (SUBACK 0x80 on 3.1.1) when the filter is
    /// invalid or the device may not subscribe to it. On MQTT 5, `$share/{group}/{filter}` is
    /// judged and matched as `{filter}` (one connection per device: the group has one member).
    pub fn subscribe(
        &self,
        key: &DeviceKey,
        conn_id: u64,
        filters: &[SubscribeFilter],
    ) -> Vec<Result<u8, SubscribeDenied>> {
        let mut state = self.lock();
        let state = &mut *state;
        let product = state.registry.product(&key.product_key);
        let online = state.online.get_mut(key).filter(|o| o.conn_id == conn_id);
        let version = online.as_ref().map_or(Version::V4, |o| o.version);
        let mut online = online;
        let mut outcomes = Vec::with_capacity(filters.len());
        for wanted in filters {
            let name = &wanted.filter;
            let requested = &wanted.qos;
            let shared = match version {
                Version::V5 => shared_filter(name),
                Version::V4 => None,
            };
            let filter = shared.unwrap_or(name);
            let verdict = match (check_filter(filter), product) {
                (Err(e), _) => Err((SubscribeDenied::FilterInvalid, e.to_string())),
                (Ok(()), None) => Err((
                    SubscribeDenied::NotAuthorized,
                    format!("unknown product {}", key.product_key),
                )),
                (Ok(()), Some(p)) => acl::may_subscribe(p, &key.device_name, filter)
                    .map_err(|e| (SubscribeDenied::NotAuthorized, e)),
            };
            match verdict {
                Ok(()) => {
                    let granted = (*requested).min(1);
                    if let Some(online) = online.as_deref_mut() {
                        // A repeated filter replaces the earlier subscription [MQTT-3.8.4-3].
                        online.subscriptions.retain(|s| &s.name != name);
                        online.subscriptions.push(Subscription {
                            name: name.clone(),
                            filter: filter.to_string(),
                            qos: granted,
                            no_local: wanted.no_local,
                            retain_as_published: wanted.retain_as_published,
                        });
                    }
                    let detail = if *requested > 1 {
                        "granted QoS 1 (Aliyun has no QoS 2)".to_string()
                    } else {
                        format!("granted QoS {granted}")
                    };
                    let detail = match (wanted.no_local, wanted.retain_as_published) {
                        (false, false) => detail,
                        (no_local, rap) => {
                            format!("{detail}; no local {no_local}, retain as published {rap}")
                        }
                    };
                    state.log.push(
                        Event::new(LogKind::Subscribe, Some(key))
                            .topic(name, Some(granted))
                            .detail(detail),
                    );
                    outcomes.push(Ok(granted));
                }
                Err((denied, reason)) => {
                    state.log.push(
                        Event::new(LogKind::SubscribeDenied, Some(key))
                            .topic(name, Some(*requested))
                            .detail(reason),
                    );
                    outcomes.push(Err(denied));
                }
            }
        }
        outcomes
    }

    /// Removes subscriptions (unknown filters are fine, as in MQTT).
    pub fn unsubscribe(&self, key: &DeviceKey, conn_id: u64, filters: &[String]) {
        let mut state = self.lock();
        let state = &mut *state;
        if let Some(online) = state.online.get_mut(key).filter(|o| o.conn_id == conn_id) {
            online.subscriptions.retain(|s| !filters.contains(&s.name));
        }
        for filter in filters {
            state
                .log
                .push(Event::new(LogKind::Unsubscribe, Some(key)).topic(filter, None));
        }
    }

    /// Logs a PUBLISH from the device and says whether it may go on (`Err` = denied, with the
    /// reason; it is logged as `publish_denied`).
    pub fn accept_publish(&self, key: &DeviceKey, up: &Uplink<'_>) -> Result<(), String> {
        let mut state = self.lock();
        let state = &mut *state;
        let verdict = match state.registry.product(&key.product_key) {
            Some(p) => acl::may_publish(p, &key.device_name, up.topic),
            None => Err(format!("unknown product {}", key.product_key)),
        };
        let kind = match verdict {
            Ok(()) => LogKind::PublishUp,
            Err(_) => LogKind::PublishDenied,
        };
        let entry = Event::new(kind, Some(key))
            .message(up.topic, up.payload, up.qos)
            .protocol(up.version)
            .user_properties(&up.properties.user_properties);
        let entry = match &verdict {
            Ok(()) if up.retain => {
                entry.detail("retain flag ignored: Aliyun keeps no retained messages")
            }
            Ok(()) => entry,
            Err(reason) => entry.detail(reason.clone()),
        };
        state.log.push(entry);
        verdict
    }

    /// MQTT 5 only: sends an accepted PUBLISH of the device back to the device's own matching
    /// subscriptions that did not ask for no local, once, at the highest granted QoS. On 3.1.1
    /// a device's messages never come back (the emulator's routing has always been so).
    pub fn echo(&self, key: &DeviceKey, conn_id: u64, up: &Uplink<'_>) {
        let mut state = self.lock();
        let state = &mut *state;
        let Some(online) = state.online.get(key).filter(|o| o.conn_id == conn_id) else {
            return;
        };
        if online.version != Version::V5 {
            return;
        }
        let matching = online
            .subscriptions
            .iter()
            .filter(|s| !s.no_local && crate::topic::matches(&s.filter, up.topic));
        let Some(best) = matching.max_by_key(|s| s.qos) else {
            return;
        };
        let message = Outbound {
            topic: up.topic.to_string(),
            payload: bytes::Bytes::copy_from_slice(up.payload),
            qos: up.qos.min(best.qos),
            retain: up.retain && best.retain_as_published,
            properties: up.properties.clone(),
        };
        let qos = message.qos;
        let detail = match online.outbox.try_send(message) {
            Ok(()) => "the device's own message, back to its subscription (no local not set)",
            Err(_) => "the device's own message: not delivered, the connection is backed up",
        };
        state.log.push(
            Event::new(LogKind::PublishDown, Some(key))
                .message(up.topic, up.payload, qos)
                .protocol(Version::V5)
                .user_properties(&up.properties.user_properties)
                .detail(detail),
        );
    }
}
