//! Device shadows, kept in memory for the run: the device's requests on
//! `/shadow/update/${pk}/${dn}` and the cloud's changes of `desired`, each answered or pushed
//! on `/shadow/get/${pk}/${dn}` (see [`crate::system::shadow`]).

use bytes::Bytes;
use serde_json::Value;

use super::{Broker, Delivery};
use crate::registry::DeviceKey;
use crate::system::shadow::{DesiredError, Shadow};

/// The topic on which the cloud answers a device's shadow requests and pushes changes.
fn shadow_get_topic(key: &DeviceKey) -> String {
    key.identity().shadow_get()
}

impl Broker {
    /// Applies a device's shadow message that arrived at `now` (seconds) and sends the reply.
    pub fn shadow_request(&self, key: &DeviceKey, request: &[u8], now: u64) -> Delivery {
        let reply = self
            .lock()
            .shadows
            .entry(key.clone())
            .or_default()
            .handle_device(request, now);
        let topic = shadow_get_topic(key);
        self.deliver(key, &topic, Bytes::from(reply), 0, "shadow reply")
    }

    /// A copy of the device's shadow (empty at version 0 if it never had one).
    pub fn shadow(&self, key: &DeviceKey) -> Shadow {
        self.lock().shadows.get(key).cloned().unwrap_or_default()
    }

    /// Applies the cloud's change of `desired` (see [`Shadow::update_desired`]) and pushes the
    /// whole document to the device as a `control` message. Returns the new version.
    pub fn shadow_update_desired(
        &self,
        key: &DeviceKey,
        message: &Value,
        now: u64,
    ) -> Result<(u64, Delivery), DesiredError> {
        let (version, control) = {
            let mut state = self.lock();
            let shadow = state.shadows.entry(key.clone()).or_default();
            let version = shadow.update_desired(message, now)?;
            (version, shadow.document_message("control", now))
        };
        let topic = shadow_get_topic(key);
        let delivery = self.deliver(key, &topic, Bytes::from(control), 0, "shadow control");
        Ok((version, delivery))
    }
}
