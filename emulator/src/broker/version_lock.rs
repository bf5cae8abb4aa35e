//! Logins and the protocol version: a product of a public instance refuses MQTT 5, and a
//! device that has logged in with MQTT 5 is refused on 3.1/3.1.1 afterwards (Aliyun's version
//! lock). The lock lives in memory: a restart clears it, and so does the HTTP API.

use mqtt_console::aliyun::DeviceIdentity;

use super::Broker;
use crate::auth::{self, code, ConnectRequest, Login, Refusal};
use crate::mqtt::Version;
use crate::registry::DeviceKey;

impl Broker {
    /// Decides a CONNECT of `version` (see [`auth::authenticate`] for Aliyun's rules).
    ///
    /// MQTT 5 to a product of a public instance is refused before anything else (a
    /// registration must not issue a secret first) with 0x84 "unsupported protocol version".
    /// A device login on 3.1.1 of a device under the version lock is refused with return code
    /// 1 "unacceptable protocol version" once its credentials are right.
    pub fn authenticate(
        &self,
        request: &ConnectRequest<'_>,
        version: Version,
    ) -> Result<Login, Refusal> {
        let mut state = self.lock();
        if version == Version::V5 {
            let named = request.username.and_then(DeviceIdentity::from_username);
            if let Some(device) = named {
                let public = state
                    .registry
                    .product(device.product_key)
                    .is_some_and(|p| !p.edition.accepts_mqtt5());
                if public {
                    let key = DeviceKey::new(device.product_key, device.device_name);
                    return Err(Refusal::with_codes(
                        code::BAD_PROTOCOL,
                        code::V5_BAD_PROTOCOL,
                        Some(&key),
                        format!(
                            "product {} belongs to a public instance, which speaks MQTT 3.1.1 only",
                            key.product_key
                        ),
                    ));
                }
            }
        }
        let login = auth::authenticate(request, &mut state.registry)?;
        if let (Version::V4, Login::Device { key, .. }) = (version, &login) {
            if state.mqtt5_devices.contains(key) {
                return Err(Refusal::with_codes(
                    code::BAD_PROTOCOL,
                    code::V5_BAD_PROTOCOL,
                    Some(key),
                    format!(
                        "device {key} has logged in with MQTT 5.0, so Aliyun refuses its MQTT 3.1.1 logins (version lock; clear it with DELETE /api/version-lock)"
                    ),
                ));
            }
        }
        Ok(login)
    }

    /// Puts the device under the version lock (called on its first MQTT 5 login).
    pub(super) fn lock_to_mqtt5(state: &mut super::State, key: &DeviceKey) {
        state.mqtt5_devices.insert(key.clone());
    }

    /// Whether the device is under the version lock.
    pub fn mqtt5_locked(&self, key: &DeviceKey) -> bool {
        self.lock().mqtt5_devices.contains(key)
    }

    /// Lifts the version lock; returns whether there was one.
    pub fn clear_mqtt5_lock(&self, key: &DeviceKey) -> bool {
        self.lock().mqtt5_devices.remove(key)
    }
}
