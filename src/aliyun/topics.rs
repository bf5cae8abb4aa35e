//! Topic templates as the IoT Platform console writes them, and the device's standard topics.

use super::identity::DeviceIdentity;

/// Placeholders the IoT Platform console and the docs use; both spellings appear in the wild.
const PLACEHOLDERS: [(&str, Slot); 4] = [
    ("${productKey}", Slot::ProductKey),
    ("${ProductKey}", Slot::ProductKey),
    ("${deviceName}", Slot::DeviceName),
    ("${DeviceName}", Slot::DeviceName),
];

#[derive(Clone, Copy)]
enum Slot {
    ProductKey,
    DeviceName,
}

/// Expands `${productKey}` and `${deviceName}` in a topic template (the IoT Platform console's notation).
///
/// `${ProductKey}` and `${DeviceName}` are accepted too. Other `${…}` (such as `${identifier}`)
/// are left as typed so the user sees what is still to fill. Expansion is a single pass: text
/// coming from the substituted values is never expanded again.
pub fn expand_topic(template: &str, product_key: &str, device_name: &str) -> String {
    let mut out = String::with_capacity(template.len() + product_key.len() + device_name.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        match PLACEHOLDERS.iter().find(|(name, _)| tail.starts_with(name)) {
            Some((name, slot)) => {
                out.push_str(match slot {
                    Slot::ProductKey => product_key,
                    Slot::DeviceName => device_name,
                });
                rest = &tail[name.len()..];
            }
            None => {
                out.push_str("${");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The device's standard topics, for one-click insertion: (label, topic), e.g.
/// `("user/update", "/pk/dn/user/update")`.
///
/// Labels are stable English keys; the UI may translate them. `rrpc request` ends in the `+`
/// wildcard because RRPC message ids are only known when a request arrives.
pub fn device_topics(device: DeviceIdentity<'_>) -> Vec<(&'static str, String)> {
    vec![
        ("user/update", device.user("update")),
        ("user/get", device.user("get")),
        ("property post", device.property_post()),
        ("property post reply", device.property_post_reply()),
        ("property set", device.property_set()),
        ("rrpc request", device.rrpc_request_filter()),
        ("ntp request", device.ntp_request()),
        ("ntp response", device.ntp_response()),
        ("shadow update", device.shadow_update()),
        ("shadow get", device.shadow_get()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_iot_platform_console_notation() {
        assert_eq!(
            expand_topic(
                "/${productKey}/${deviceName}/user/get",
                "a1B2c3D4e5F",
                "lamp-01"
            ),
            "/a1B2c3D4e5F/lamp-01/user/get"
        );
        assert_eq!(
            expand_topic(
                "/sys/${ProductKey}/${DeviceName}/thing/event/property/post",
                "pk",
                "dn"
            ),
            "/sys/pk/dn/thing/event/property/post"
        );
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(expand_topic("", "pk", "dn"), "");
        assert_eq!(expand_topic("/a/b/#", "pk", "dn"), "/a/b/#");
        assert_eq!(
            expand_topic(
                "/sys/${productKey}/${deviceName}/thing/service/${identifier}",
                "pk",
                "dn"
            ),
            "/sys/pk/dn/thing/service/${identifier}"
        );
        assert_eq!(expand_topic("${productKey", "pk", "dn"), "${productKey");
        assert_eq!(expand_topic("$${deviceName}$", "pk", "dn"), "$dn$");
        assert_eq!(
            expand_topic("/\u{8bdd}\u{9898}/${deviceName}", "pk", "\u{8bbe}\u{5907}"),
            "/\u{8bdd}\u{9898}/\u{8bbe}\u{5907}"
        );
    }

    #[test]
    fn does_not_expand_twice() {
        assert_eq!(
            expand_topic("${productKey}", "${deviceName}", "dn"),
            "${deviceName}"
        );
    }

    #[test]
    fn standard_topics() {
        let topics = device_topics(DeviceIdentity::new("pk", "dn"));
        let get = |label: &str| {
            topics
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, t)| t.as_str())
        };
        assert_eq!(get("user/update"), Some("/pk/dn/user/update"));
        assert_eq!(get("user/get"), Some("/pk/dn/user/get"));
        assert_eq!(
            get("property post"),
            Some("/sys/pk/dn/thing/event/property/post")
        );
        assert_eq!(
            get("property post reply"),
            Some("/sys/pk/dn/thing/event/property/post_reply")
        );
        assert_eq!(
            get("property set"),
            Some("/sys/pk/dn/thing/service/property/set")
        );
        assert_eq!(get("rrpc request"), Some("/sys/pk/dn/rrpc/request/+"));
        assert_eq!(get("ntp request"), Some("/ext/ntp/pk/dn/request"));
        assert_eq!(get("shadow get"), Some("/shadow/get/pk/dn"));
        let mut labels: Vec<_> = topics.iter().map(|(l, _)| *l).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), topics.len());
    }

    #[test]
    fn every_tool_topic_is_a_system_topic_and_user_topics_are_not() {
        use crate::aliyun::is_system_topic;
        let (pk, dn) = ("a1B2c3D4e5F", "dev-1");
        let dev = DeviceIdentity::new(pk, dn);
        let concrete = |filter: String| filter.replace('+', "x").replace('#', "y/z");
        for topic in [
            dev.ntp_response(),
            concrete(dev.post_reply_filter()),
            concrete(dev.service_filter()),
            concrete(dev.rrpc_request_filter()),
            dev.shadow_get(),
        ] {
            assert!(is_system_topic(&topic), "{topic}");
        }
        for topic in [
            format!("/{pk}/{dn}/user/get"),
            format!("/{pk}/{dn}/user/sys/ext"),
            "sys/no/leading/slash".to_owned(),
            "/system/x".to_owned(),
            String::new(),
        ] {
            assert!(!is_system_topic(&topic), "{topic}");
        }
    }
}
