//! Authorization: a device publishes and subscribes only to its own topics.
//!
//! Custom topics follow the product's topic classes and their permissions. System topics need
//! no class; every device has its own:
//! - `/sys/${pk}/${dn}/...` (Alink) and `/ext/session/${pk}/${dn}/...` (gateway sessions): the
//!   device publishes the uplink ones (`thing/event/property/post`, `rrpc/response/+`,
//!   `thing/service/+_reply`, …) and may subscribe to anything in its own subtree, e.g.
//!   `/sys/${pk}/${dn}/#`. Subscribing to an uplink topic is allowed: on 3.1.1 uplinks are
//!   never routed back to devices; on MQTT 5 they come back to the device's own subscription
//!   unless it set no local (see `Broker::echo`).
//! - `/ext/ntp/${pk}/${dn}/request` (publish) and `/response` (subscribe);
//! - `/shadow/update/${pk}/${dn}` (publish) and `/shadow/get/${pk}/${dn}` (subscribe);
//! - `/ota/device/inform|progress|request/${pk}/${dn}` (publish) and
//!   `/ota/device/upgrade/${pk}/${dn}` (subscribe);
//! - `/ext/error/${pk}/${dn}` (subscribe).
//!
//! A filter is granted only when one area (a system subtree or a single class) covers every
//! topic it can match; coverage by a union of several classes is not attempted.

use mqtt_console::aliyun::{alink_is_downlink, DeviceIdentity, DeviceTopic};

use crate::registry::Product;
use crate::topic::{covered_by, matches};

/// Whether the device may send a PUBLISH on `topic` (no wildcards). `Err` says why not.
pub fn may_publish(product: &Product, device_name: &str, topic: &str) -> Result<(), String> {
    let pk = &product.product_key;
    let dn = device_name;
    match DeviceIdentity::new(pk, dn).classify(topic) {
        Some(
            DeviceTopic::NtpRequest
            | DeviceTopic::ShadowUpdate
            | DeviceTopic::OtaInform
            | DeviceTopic::OtaProgress
            | DeviceTopic::OtaRequest,
        ) => return Ok(()),
        Some(DeviceTopic::Alink(rest) | DeviceTopic::Session(rest)) => {
            return if alink_is_downlink(rest) {
                Err(format!(
                    "{topic} is a cloud-to-device topic; devices do not publish to it"
                ))
            } else {
                Ok(())
            };
        }
        _ => {}
    }
    let allowed = product
        .topics
        .iter()
        .filter(|r| r.permission.allows_publish())
        .any(|r| matches(&r.class.expand(pk, dn), topic));
    if allowed {
        Ok(())
    } else {
        Err(format!(
            "no topic class of product {pk} lets {dn} publish to {topic}"
        ))
    }
}

/// Whether the cloud may send `topic` (no wildcards) to the device: a downlink system topic or
/// a class with subscribe permission, as Aliyun's Pub API requires.
pub fn may_receive(product: &Product, device_name: &str, topic: &str) -> Result<(), String> {
    let device = DeviceIdentity::new(&product.product_key, device_name);
    if let Some(DeviceTopic::Alink(rest) | DeviceTopic::Session(rest)) = device.classify(topic) {
        return if alink_is_downlink(rest) {
            Ok(())
        } else {
            Err(format!(
                "{topic} is a device-to-cloud topic; the cloud does not send on it"
            ))
        };
    }
    may_subscribe(product, device_name, topic)
}

/// Whether the device may SUBSCRIBE to `filter` (a valid filter). `Err` says why not.
pub fn may_subscribe(product: &Product, device_name: &str, filter: &str) -> Result<(), String> {
    let pk = &product.product_key;
    let dn = device_name;
    let device = DeviceIdentity::new(pk, dn);
    let downlink = [
        DeviceTopic::NtpResponse,
        DeviceTopic::ShadowGet,
        DeviceTopic::OtaUpgrade,
        DeviceTopic::ExtError,
    ];
    let system = [device.alink_filter(), device.session_filter()]
        .into_iter()
        .chain(
            downlink
                .into_iter()
                .filter_map(|kind| device.fixed_topic(kind)),
        );
    if system.into_iter().any(|area| covered_by(filter, &area)) {
        return Ok(());
    }
    let allowed = product
        .topics
        .iter()
        .filter(|r| r.permission.allows_subscribe())
        .any(|r| covered_by(filter, &r.class.expand(pk, dn)));
    if allowed {
        Ok(())
    } else {
        Err(format!(
            "no topic class of product {pk} with subscribe permission covers {filter} for {dn}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{demo_registry, DeviceKey, Registry};

    fn demo() -> Product {
        demo_registry()
            .unwrap()
            .product("a1MqttDemo1")
            .unwrap()
            .clone()
    }

    fn wide() -> Product {
        let mut registry = Registry::new();
        registry
            .add_cli_device(&DeviceKey::new("pk1", "dev1"), "s")
            .unwrap();
        registry.product("pk1").unwrap().clone()
    }

    #[test]
    fn subscribe_by_class_and_system_area() {
        let p = demo();
        let dn = "console-demo";
        for ok in [
            "/a1MqttDemo1/console-demo/user/get",
            "/a1MqttDemo1/console-demo/get",
            "/sys/a1MqttDemo1/console-demo/#",
            "/sys/a1MqttDemo1/console-demo/rrpc/request/+",
            "/sys/a1MqttDemo1/console-demo/thing/event/+/post_reply",
            "/sys/a1MqttDemo1/console-demo/thing/service/#",
            "/sys/a1MqttDemo1/console-demo/thing/service/+",
            "/sys/a1MqttDemo1/console-demo/thing/service/property/set",
            "/ext/ntp/a1MqttDemo1/console-demo/response",
            "/shadow/get/a1MqttDemo1/console-demo",
        ] {
            assert_eq!(may_subscribe(&p, dn, ok), Ok(()), "{ok}");
        }
        for denied in [
            "/a1MqttDemo1/console-demo/user/#",
            "/a1MqttDemo1/console-demo/user/+",
            "/a1MqttDemo1/console-demo/user/update",
            "/a1MqttDemo1/console-demo-2/user/get",
            "/sys/a1MqttDemo1/console-demo-2/#",
            "/sys/#",
            "#",
            "/ext/ntp/a1MqttDemo1/console-demo/request",
        ] {
            assert!(may_subscribe(&p, dn, denied).is_err(), "{denied}");
        }
        let w = wide();
        assert_eq!(may_subscribe(&w, "dev1", "/pk1/dev1/user/#"), Ok(()));
        assert_eq!(may_subscribe(&w, "dev1", "/pk1/dev1/user/a/+"), Ok(()));
        assert!(may_subscribe(&w, "dev1", "/pk1/dev1/#").is_err());
    }

    #[test]
    fn publish_by_class_and_alink_direction() {
        let p = demo();
        let dn = "console-demo";
        for ok in [
            "/a1MqttDemo1/console-demo/user/update",
            "/a1MqttDemo1/console-demo/user/update/error",
            "/a1MqttDemo1/console-demo/update",
            "/sys/a1MqttDemo1/console-demo/thing/event/property/post",
            "/sys/a1MqttDemo1/console-demo/thing/event/alarm/post",
            "/sys/a1MqttDemo1/console-demo/rrpc/response/123",
            "/sys/a1MqttDemo1/console-demo/thing/service/property/set_reply",
            "/sys/a1MqttDemo1/console-demo/thing/service/reboot_reply",
            "/sys/a1MqttDemo1/console-demo/thing/config/push_reply",
            "/ext/ntp/a1MqttDemo1/console-demo/request",
            "/shadow/update/a1MqttDemo1/console-demo",
        ] {
            assert_eq!(may_publish(&p, dn, ok), Ok(()), "{ok}");
        }
        for denied in [
            "/a1MqttDemo1/console-demo/user/get",
            "/a1MqttDemo1/console-demo-2/user/update",
            "/sys/a1MqttDemo1/console-demo/thing/event/property/post_reply",
            "/sys/a1MqttDemo1/console-demo/rrpc/request/1",
            "/sys/a1MqttDemo1/console-demo/thing/service/property/set",
            "/sys/a1MqttDemo1/console-demo/thing/service/reboot",
            "/sys/a1MqttDemo1/console-demo-2/thing/event/property/post",
            "/sys/a1MqttDemo1/console-demo-2/thing/service/reboot_reply",
            "/ext/ntp/a1MqttDemo1/console-demo/response",
            "/shadow/get/a1MqttDemo1/console-demo",
            "/other/topic",
        ] {
            assert!(may_publish(&p, dn, denied).is_err(), "{denied}");
        }
    }

    #[test]
    fn cloud_sends_only_downlinks() {
        let p = demo();
        let dn = "console-demo";
        assert_eq!(
            may_receive(&p, dn, "/a1MqttDemo1/console-demo/user/get"),
            Ok(())
        );
        assert_eq!(
            may_receive(
                &p,
                dn,
                "/sys/a1MqttDemo1/console-demo/thing/service/property/set"
            ),
            Ok(())
        );
        assert_eq!(
            may_receive(&p, dn, "/sys/a1MqttDemo1/console-demo/thing/service/reboot"),
            Ok(())
        );
        assert!(may_receive(
            &p,
            dn,
            "/sys/a1MqttDemo1/console-demo/thing/service/reboot_reply"
        )
        .is_err());
        assert!(may_receive(&p, dn, "/a1MqttDemo1/console-demo/user/update").is_err());
        assert!(may_receive(
            &p,
            dn,
            "/sys/a1MqttDemo1/console-demo/thing/event/property/post"
        )
        .is_err());
    }
}
