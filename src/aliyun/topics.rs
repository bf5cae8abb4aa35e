//! A device's topics, written the way the Aliyun console writes them.

/// Placeholders the console and the docs use; both spellings appear in the wild.
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

/// Whether `topic` lies in one of the platform's system namespaces (`/sys/`, `/ext/`,
/// `/shadow/`), where everything for the device tools arrives: Alink replies and calls, RRPC,
/// NTP, the shadow. A device's own `/${productKey}/${deviceName}/user/…` traffic does not, so a
/// flood of it can skip the tools without building a single topic to compare with.
pub fn is_system_topic(topic: &str) -> bool {
    ["/sys/", "/ext/", "/shadow/"]
        .iter()
        .any(|namespace| topic.starts_with(namespace))
}

/// Expands `${productKey}` and `${deviceName}` in a topic template (the Aliyun console's notation).
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
pub fn device_topics(product_key: &str, device_name: &str) -> Vec<(&'static str, String)> {
    let (pk, dn) = (product_key, device_name);
    vec![
        ("user/update", format!("/{pk}/{dn}/user/update")),
        ("user/get", format!("/{pk}/{dn}/user/get")),
        (
            "property post",
            format!("/sys/{pk}/{dn}/thing/event/property/post"),
        ),
        (
            "property post reply",
            format!("/sys/{pk}/{dn}/thing/event/property/post_reply"),
        ),
        (
            "property set",
            format!("/sys/{pk}/{dn}/thing/service/property/set"),
        ),
        ("rrpc request", format!("/sys/{pk}/{dn}/rrpc/request/+")),
        ("ntp request", format!("/ext/ntp/{pk}/{dn}/request")),
        ("ntp response", format!("/ext/ntp/{pk}/{dn}/response")),
        ("shadow update", format!("/shadow/update/{pk}/{dn}")),
        ("shadow get", format!("/shadow/get/{pk}/{dn}")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_console_notation() {
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
        let topics = device_topics("pk", "dn");
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
        use crate::aliyun::{
            ntp_response_topic, post_reply_filter, rrpc_request_filter, service_filter,
            shadow_get_topic,
        };
        let (pk, dn) = ("a1B2c3D4e5F", "dev-1");
        let concrete = |filter: String| filter.replace('+', "x").replace('#', "y/z");
        for topic in [
            ntp_response_topic(pk, dn),
            concrete(post_reply_filter(pk, dn)),
            concrete(service_filter(pk, dn)),
            concrete(rrpc_request_filter(pk, dn)),
            shadow_get_topic(pk, dn),
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
