//! Online devices: login (kicking an earlier connection of the same device), subscriptions,
//! and authorization of what a connected device sends.

use std::sync::Arc;

use mqtt_console::mqtt::check_filter;
use tokio::sync::{mpsc, Notify};

use super::{Broker, Event, LogKind, Online, Outbound, OUTBOX_CAPACITY};
use crate::acl;
use crate::clock::now_ms;
use crate::registry::DeviceKey;

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
    pub fn go_online(&self, key: &DeviceKey, client_id: &str, transport: &str) -> OnlineHandle {
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
        state.log.push(
            Event::new(LogKind::Connect, Some(key))
                .detail(format!("clientId {client_id:?} over {transport}")),
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
    /// QoS 2, so 2 is granted as 1) or refused (`None`, SUBACK 0x80) when the device may not
    /// subscribe to it.
    pub fn subscribe(
        &self,
        key: &DeviceKey,
        conn_id: u64,
        filters: &[(String, u8)],
    ) -> Vec<Option<u8>> {
        let mut state = self.lock();
        let state = &mut *state;
        let product = state.registry.product(&key.product_key);
        let mut outcomes = Vec::with_capacity(filters.len());
        for (filter, requested) in filters {
            let verdict = match (check_filter(filter), product) {
                (Err(e), _) => Err(e.to_string()),
                (Ok(()), None) => Err(format!("unknown product {}", key.product_key)),
                (Ok(()), Some(p)) => acl::may_subscribe(p, &key.device_name, filter),
            };
            match verdict {
                Ok(()) => {
                    let granted = (*requested).min(1);
                    if let Some(online) = state.online.get_mut(key).filter(|o| o.conn_id == conn_id)
                    {
                        // A repeated filter replaces the earlier subscription [MQTT-3.8.4-3].
                        online.subscriptions.retain(|(f, _)| f != filter);
                        online.subscriptions.push((filter.clone(), granted));
                    }
                    let detail = if *requested > 1 {
                        "granted QoS 1 (Aliyun has no QoS 2)".to_string()
                    } else {
                        format!("granted QoS {granted}")
                    };
                    state.log.push(
                        Event::new(LogKind::Subscribe, Some(key))
                            .topic(filter, Some(granted))
                            .detail(detail),
                    );
                    outcomes.push(Some(granted));
                }
                Err(reason) => {
                    state.log.push(
                        Event::new(LogKind::SubscribeDenied, Some(key))
                            .topic(filter, Some(*requested))
                            .detail(reason),
                    );
                    outcomes.push(None);
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
            online.subscriptions.retain(|(f, _)| !filters.contains(f));
        }
        for filter in filters {
            state
                .log
                .push(Event::new(LogKind::Unsubscribe, Some(key)).topic(filter, None));
        }
    }

    /// Logs a PUBLISH from the device and says whether it may go on (`Err` = denied, with the
    /// reason; it is logged as `publish_denied`).
    pub fn accept_publish(
        &self,
        key: &DeviceKey,
        topic: &str,
        payload: &[u8],
        qos: u8,
        retain: bool,
    ) -> Result<(), String> {
        let mut state = self.lock();
        let state = &mut *state;
        let verdict = match state.registry.product(&key.product_key) {
            Some(p) => acl::may_publish(p, &key.device_name, topic),
            None => Err(format!("unknown product {}", key.product_key)),
        };
        let entry = match &verdict {
            Ok(()) => {
                let event = Event::new(LogKind::PublishUp, Some(key)).message(topic, payload, qos);
                if retain {
                    event.detail("retain flag ignored: Aliyun keeps no retained messages")
                } else {
                    event
                }
            }
            Err(reason) => Event::new(LogKind::PublishDenied, Some(key))
                .message(topic, payload, qos)
                .detail(reason.clone()),
        };
        state.log.push(entry);
        verdict
    }
}
