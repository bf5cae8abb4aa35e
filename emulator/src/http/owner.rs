//! Which device a topic belongs to, read from its ProductKey and DeviceName levels.

use crate::registry::DeviceKey;

/// The device named by `topic`, in any of Aliyun's forms: `/${pk}/${dn}/...` (custom),
/// `/sys/${pk}/${dn}/...`, `/ext/ntp|session|error/${pk}/${dn}...`, `/shadow/get|update/${pk}/${dn}`
/// and `/ota/device/${kind}/${pk}/${dn}`. Whether the device exists is not checked here.
pub fn owner_of(topic: &str) -> Option<DeviceKey> {
    let levels: Vec<&str> = topic.split('/').collect();
    let (pk, dn) = match levels[..] {
        ["", "sys", pk, dn, _, ..] => (pk, dn),
        ["", "ext", "ntp" | "session", pk, dn, _, ..] => (pk, dn),
        ["", "ext", "error", pk, dn] => (pk, dn),
        ["", "shadow", "get" | "update", pk, dn] => (pk, dn),
        ["", "ota", "device", _, pk, dn] => (pk, dn),
        ["", "sys" | "ext" | "shadow" | "ota", ..] => return None,
        ["", pk, dn, _, ..] => (pk, dn),
        _ => return None,
    };
    if pk.is_empty() || dn.is_empty() {
        return None;
    }
    Some(DeviceKey::new(pk, dn))
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
