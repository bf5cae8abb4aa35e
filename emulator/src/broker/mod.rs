//! The cloud's shared state: the registry, who is online with which subscriptions, pending
//! calls (RRPC, Alink services), the latest property values, device shadows and the message
//! log. Connection tasks and the HTTP
//! API share one [`Broker`]; its lock is never held across an `.await`.

mod calls;
mod delivery;
pub mod log;
mod sessions;
mod shadows;
mod version_lock;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot, Notify};

use crate::clock::now_ms;
use crate::ids::MessageIds;
use crate::mqtt::{MessageProperties, Version};
use crate::registry::{DeviceKey, Registry};
use crate::system::shadow::Shadow;
pub use calls::{Call, CallOutcome, CallRequest};
pub use delivery::Delivery;
pub use log::{Event, LogEntry, LogFilter, LogKind, MessageLog};
pub use sessions::{OnlineHandle, SubscribeDenied, Uplink};

/// How many cloud → device messages may wait for one connection before more are dropped.
pub const OUTBOX_CAPACITY: usize = 256;

/// A message for one connection's task to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbound {
    pub topic: String,
    pub payload: Bytes,
    /// 0 or 1, already lowered to what the subscription granted.
    pub qos: u8,
    /// Set only for a device's own message echoed to a retain-as-published subscription.
    pub retain: bool,
    /// MQTT 5 properties; a 3.1.1 connection sends the message without them.
    pub properties: MessageProperties,
}

/// One subscription of an online device.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Subscription {
    /// The filter as subscribed (with any `$share/{group}/` prefix), the key for UNSUBSCRIBE.
    name: String,
    /// The filter topics are matched against.
    filter: String,
    qos: u8,
    /// MQTT 5: the device's own messages are not sent back to it.
    no_local: bool,
    /// MQTT 5: the device's own messages come back with their retain flag.
    retain_as_published: bool,
}

/// One online device.
#[derive(Debug)]
struct Online {
    conn_id: u64,
    client_id: String,
    connected_at: u64,
    version: Version,
    /// Filters with their granted QoS and options, in subscription order.
    subscriptions: Vec<Subscription>,
    outbox: mpsc::Sender<Outbound>,
    kick: Arc<Notify>,
}

/// A call waiting for its device's answer (see [`calls`]).
#[derive(Debug)]
struct PendingCall {
    device: DeviceKey,
    /// The only topic the answer may come on.
    reply_topic: String,
    answer: oneshot::Sender<Bytes>,
}

#[derive(Debug)]
struct State {
    registry: Registry,
    online: HashMap<DeviceKey, Online>,
    /// Pending calls by id; ids are message ids, unique across kinds of call.
    calls: HashMap<String, PendingCall>,
    properties: HashMap<DeviceKey, serde_json::Map<String, serde_json::Value>>,
    shadows: HashMap<DeviceKey, Shadow>,
    log: MessageLog,
    next_conn_id: u64,
    /// Devices that have logged in with MQTT 5 since the emulator started: Aliyun then refuses
    /// their 3.1/3.1.1 logins (the version lock). Kept in memory only.
    mqtt5_devices: HashSet<DeviceKey>,
}

/// A device as `GET /api/devices` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceInfo {
    pub product_key: String,
    pub device_name: String,
    pub online: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Milliseconds since the Unix epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<u64>,
    /// `"3.1.1"` or `"5.0"` while online.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<&'static str>,
    /// Whether the device has logged in with MQTT 5, so that 3.1.1 logins are refused
    /// (shown only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mqtt5_locked: bool,
}

/// The shared cloud state.
#[derive(Debug)]
pub struct Broker {
    state: Mutex<State>,
    ids: MessageIds,
    register_close: Duration,
}

impl Broker {
    /// A broker over `registry`. `register_close` is how long a registration connection stays
    /// open; `log` is the (empty) message log, with its capacity and echo already chosen.
    pub fn new(registry: Registry, register_close: Duration, log: MessageLog) -> Arc<Broker> {
        Arc::new(Broker {
            state: Mutex::new(State {
                registry,
                online: HashMap::new(),
                calls: HashMap::new(),
                properties: HashMap::new(),
                shadows: HashMap::new(),
                log,
                next_conn_id: 1,
                mqtt5_devices: HashSet::new(),
            }),
            ids: MessageIds::starting_at(now_ms()),
            register_close,
        })
    }

    /// A panic elsewhere while holding the lock must not take the whole emulator down: the
    /// state is plain data and stays usable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How long a registration connection stays open after the reply.
    pub fn register_close(&self) -> Duration {
        self.register_close
    }

    /// A fresh message id (decimal string).
    pub fn next_message_id(&self) -> String {
        self.ids.next()
    }

    /// Adds an entry to the message log.
    pub fn log(&self, event: Event) -> u64 {
        self.lock().log.push(event)
    }

    /// Entries of the message log, shared with the ring (see [`MessageLog::query`]).
    pub fn log_entries(&self, filter: &LogFilter) -> Vec<Arc<LogEntry>> {
        self.lock().log.query(filter)
    }

    /// Whether the registry has this device.
    pub fn device_exists(&self, key: &DeviceKey) -> bool {
        self.lock().registry.device(key).is_some()
    }

    /// A copy of the registry as it is now (secrets issued by registration included).
    pub fn registry(&self) -> Registry {
        self.lock().registry.clone()
    }

    /// Whether the cloud may send on `topic` to the device (see [`crate::acl::may_receive`]).
    pub fn may_receive(&self, key: &DeviceKey, topic: &str) -> Result<(), String> {
        let state = self.lock();
        match state.registry.product(&key.product_key) {
            Some(product) => crate::acl::may_receive(product, &key.device_name, topic),
            None => Err(format!("unknown product {}", key.product_key)),
        }
    }

    /// Every device in the registry with its online state.
    pub fn devices(&self) -> Vec<DeviceInfo> {
        let state = self.lock();
        state
            .registry
            .device_keys()
            .into_iter()
            .map(|key| {
                let online = state.online.get(&key);
                DeviceInfo {
                    online: online.is_some(),
                    client_id: online.map(|o| o.client_id.clone()),
                    connected_at: online.map(|o| o.connected_at),
                    protocol_version: online.map(|o| o.version.name()),
                    mqtt5_locked: state.mqtt5_devices.contains(&key),
                    product_key: key.product_key,
                    device_name: key.device_name,
                }
            })
            .collect()
    }

    /// Merges posted property values into the device's latest values.
    pub fn record_properties(
        &self,
        key: &DeviceKey,
        params: &serde_json::Map<String, serde_json::Value>,
    ) {
        let mut state = self.lock();
        let latest = state.properties.entry(key.clone()).or_default();
        for (name, value) in params {
            latest.insert(name.clone(), value.clone());
        }
    }

    /// The latest posted property values of a device.
    pub fn properties(&self, key: &DeviceKey) -> serde_json::Map<String, serde_json::Value> {
        self.lock().properties.get(key).cloned().unwrap_or_default()
    }
}
