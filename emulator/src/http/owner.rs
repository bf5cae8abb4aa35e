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

    #[test]
    fn every_form_names_its_device() {
        let key = Some(DeviceKey::new("pk", "dn"));
        for topic in [
            "/pk/dn/user/get",
            "/pk/dn/get",
            "/sys/pk/dn/thing/service/property/set",
            "/sys/pk/dn/rrpc/request/1",
            "/ext/ntp/pk/dn/response",
            "/ext/session/pk/dn/combine/login_reply",
            "/ext/error/pk/dn",
            "/shadow/get/pk/dn",
            "/ota/device/upgrade/pk/dn",
        ] {
            assert_eq!(owner_of(topic), key, "{topic}");
        }
        for topic in [
            "pk/dn/user/get",
            "/pk/dn",
            "/sys/pk/dn",
            "/ext/ntp/pk",
            "//dn/x",
            "/",
        ] {
            assert_eq!(owner_of(topic), None, "{topic}");
        }
    }
}
