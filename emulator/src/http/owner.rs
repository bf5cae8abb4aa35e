//! Which device a topic belongs to, read from its ProductKey and DeviceName levels.

use mqtt_console::aliyun::DeviceIdentity;

use crate::registry::DeviceKey;

/// The device named by `topic`, in any of Aliyun's forms (the core's
/// [`DeviceIdentity::owner_of`]). Whether the device exists is not checked here.
pub fn owner_of(topic: &str) -> Option<DeviceKey> {
    DeviceIdentity::owner_of(topic).map(|d| DeviceKey::new(d.product_key, d.device_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every form of topic and its refusals are tested with the rule, in the core's
    // `aliyun/identity/tests.rs`; here only the key it makes.
    #[test]
    fn names_the_device_key() {
        assert_eq!(
            owner_of("/sys/pk/dn/rrpc/request/1"),
            Some(DeviceKey::new("pk", "dn"))
        );
        assert_eq!(owner_of("/sys/pk/dn"), None);
    }
}
