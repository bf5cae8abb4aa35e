//! The form's protocol version as the whole form sees it: the MQTT 5 problems in the form's list,
//! and Aliyun's version lock.
//!
//! Aliyun's Enterprise Edition instances accept MQTT 5, but once a device has logged in with
//! MQTT 5 they refuse its MQTT 3.1.1 logins (the version lock), and public instances refuse
//! MQTT 5 altogether. A user who picks 5 for an Aliyun device is told so once per device, and
//! connecting waits for that click; the acknowledgement is kept in the form, so in the profile.

use super::connect_form::{ConnectForm, Mode};
use super::error::FormError;
use super::mqtt5::{DeviceKey, Mqtt5Error};

impl From<Mqtt5Error> for FormError {
    fn from(e: Mqtt5Error) -> Self {
        FormError::Mqtt5(e)
    }
}

impl ConnectForm {
    /// The MQTT 5 problems of the form, appended to `out` (see [`ConnectForm::problems`]).
    pub(super) fn mqtt5_problems(&self, out: &mut Vec<(&'static str, FormError)>) {
        let has_will = self.mode == Mode::Generic && !self.will_topic.is_empty();
        for (id, e) in self.mqtt5.problems(has_will) {
            out.push((id, e.into()));
        }
        if let Some(device) = self.version_lock_pending() {
            out.push((
                "version-lock-ack",
                Mqtt5Error::VersionLockNotAcknowledged(device).into(),
            ));
        }
    }

    /// The Aliyun device of the form, when ProductKey and DeviceName are filled in.
    fn aliyun_device_key(&self) -> Option<DeviceKey> {
        let key = DeviceKey {
            product_key: self.product_key.trim().to_owned(),
            device_name: self.device_name.trim().to_owned(),
        };
        (self.mode == Mode::Aliyun && !key.product_key.is_empty() && !key.device_name.is_empty())
            .then_some(key)
    }

    /// Whether the version lock applies: an Aliyun device with MQTT 5 chosen.
    pub fn version_lock_applies(&self) -> bool {
        self.mqtt5.is_v5() && self.aliyun_device_key().is_some()
    }

    /// The device whose version lock warning must be acknowledged before connecting, if any:
    /// Aliyun mode, MQTT 5 chosen, and this device not acknowledged yet.
    pub fn version_lock_pending(&self) -> Option<DeviceKey> {
        if !self.mqtt5.is_v5() {
            return None;
        }
        self.aliyun_device_key()
            .filter(|key| !self.mqtt5.version_lock_acknowledged.contains(key))
    }

    /// The user read the warning for the form's device: it is not shown again for it.
    pub fn acknowledge_version_lock(&mut self) {
        if let Some(key) = self.version_lock_pending() {
            self.mqtt5.version_lock_acknowledged.push(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::connect_form::generic;
    use super::*;

    fn aliyun() -> ConnectForm {
        ConnectForm {
            product_key: "pk".into(),
            device_name: "dn".into(),
            device_secret: "secret".into(),
            ..ConnectForm::default()
        }
    }

    #[test]
    fn aliyun_defaults_to_311_and_asks_nothing() {
        let form = aliyun();
        assert_eq!(form.mqtt5.protocol_version, "3.1.1");
        assert_eq!(form.version_lock_pending(), None);
        assert!(form.plan(0, false).is_ok());
    }

    #[test]
    fn choosing_5_for_an_aliyun_device_needs_one_click_per_device() {
        let mut form = aliyun();
        form.mqtt5.protocol_version = "5".into();
        let key = DeviceKey {
            product_key: "pk".into(),
            device_name: "dn".into(),
        };
        assert_eq!(form.version_lock_pending(), Some(key.clone()));
        assert_eq!(
            form.plan(0, false).unwrap_err(),
            FormError::Mqtt5(Mqtt5Error::VersionLockNotAcknowledged(key))
        );
        form.acknowledge_version_lock();
        assert_eq!(form.version_lock_pending(), None);
        assert!(form.version_lock_applies());
        assert!(form.plan(0, false).is_ok());
        // Acknowledging again does not pile up entries.
        form.acknowledge_version_lock();
        assert_eq!(form.mqtt5.version_lock_acknowledged.len(), 1);
        // Another device of the same form asks again; the first one still does not.
        form.device_name = "other".into();
        assert!(form.version_lock_pending().is_some());
        form.device_name = "dn".into();
        assert_eq!(form.version_lock_pending(), None);
    }

    #[test]
    fn generic_brokers_have_no_version_lock() {
        let mut form = generic("ws://h:1");
        form.mqtt5.protocol_version = "5".into();
        assert_eq!(form.version_lock_pending(), None);
        assert!(form.plan(0, false).is_ok());
    }

    #[test]
    fn the_acknowledgement_survives_a_profile_round_trip() {
        let mut form = aliyun();
        form.mqtt5.protocol_version = "5".into();
        form.acknowledge_version_lock();
        let json = serde_json::to_string(&form).unwrap();
        let back: ConnectForm = serde_json::from_str(&json).unwrap();
        assert_eq!(back, form);
        assert_eq!(back.version_lock_pending(), None);
    }
}
