use super::*;

const PK: &str = "a1B2c3D4e5F";
const DN: &str = "dev-1";

fn device() -> DeviceIdentity<'static> {
    DeviceIdentity::new(PK, DN)
}

#[test]
fn every_topic_built_is_recognised_as_itself() {
    let d = device();
    let cases = [
        (
            d.property_post(),
            DeviceTopic::Alink("thing/event/property/post"),
        ),
        (
            d.property_post_reply(),
            DeviceTopic::Alink("thing/event/property/post_reply"),
        ),
        (
            d.property_set(),
            DeviceTopic::Alink("thing/service/property/set"),
        ),
        (
            d.event_post("alarm"),
            DeviceTopic::Alink("thing/event/alarm/post"),
        ),
        (
            d.event_post_reply("alarm"),
            DeviceTopic::Alink("thing/event/alarm/post_reply"),
        ),
        (
            d.post_reply_filter(),
            DeviceTopic::Alink("thing/event/+/post_reply"),
        ),
        (
            d.service("reboot"),
            DeviceTopic::Alink("thing/service/reboot"),
        ),
        (d.service_filter(), DeviceTopic::Alink("thing/service/#")),
        (
            d.service_reply("reboot"),
            DeviceTopic::Alink("thing/service/reboot_reply"),
        ),
        (d.rrpc_request("7"), DeviceTopic::Alink("rrpc/request/7")),
        (
            d.rrpc_request_filter(),
            DeviceTopic::Alink("rrpc/request/+"),
        ),
        (d.rrpc_response("7"), DeviceTopic::Alink("rrpc/response/7")),
        (d.alink_filter(), DeviceTopic::Alink("#")),
        (d.session_filter(), DeviceTopic::Session("#")),
        (d.user("get"), DeviceTopic::Custom("user/get")),
    ];
    for (topic, want) in cases {
        assert_eq!(d.classify(&topic), Some(want), "{topic}");
    }
    for kind in [
        DeviceTopic::NtpRequest,
        DeviceTopic::NtpResponse,
        DeviceTopic::ShadowUpdate,
        DeviceTopic::ShadowGet,
        DeviceTopic::OtaInform,
        DeviceTopic::OtaProgress,
        DeviceTopic::OtaRequest,
        DeviceTopic::OtaUpgrade,
        DeviceTopic::ExtError,
    ] {
        let topic = d.fixed_topic(kind).unwrap_or_default();
        assert_eq!(d.classify(&topic), Some(kind), "{topic}");
    }
    assert_eq!(d.fixed_topic(DeviceTopic::Custom("x")), None);
}

#[test]
fn every_topic_built_names_its_owner() {
    let d = device();
    let mut topics = vec![
        d.property_post(),
        d.property_set(),
        d.event_post_reply("alarm"),
        d.service_reply("reboot"),
        d.rrpc_request_filter(),
        d.rrpc_response("7"),
        d.alink_filter(),
        d.session_filter(),
        d.user("get"),
    ];
    topics.extend(
        [
            DeviceTopic::NtpRequest,
            DeviceTopic::NtpResponse,
            DeviceTopic::ShadowUpdate,
            DeviceTopic::ShadowGet,
            DeviceTopic::OtaInform,
            DeviceTopic::OtaUpgrade,
            DeviceTopic::ExtError,
        ]
        .into_iter()
        .filter_map(|kind| d.fixed_topic(kind)),
    );
    for topic in &topics {
        assert_eq!(DeviceIdentity::owner_of(topic), Some(d), "{topic}");
    }
    for topic in [
        "pk/dn/user/get",
        "/pk/dn",
        "/sys/pk/dn",
        "/ext/ntp/pk",
        "//dn/x",
        "/",
    ] {
        assert_eq!(DeviceIdentity::owner_of(topic), None, "{topic}");
    }
}

#[test]
fn every_written_form_names_its_owner() {
    // As written in Aliyun's documentation, not built by this file: the builder and the
    // recogniser cannot agree on a misspelling here.
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
        assert_eq!(
            DeviceIdentity::owner_of(topic),
            Some(DeviceIdentity::new("pk", "dn")),
            "{topic}"
        );
    }
}

#[test]
fn the_documented_spelling() {
    let d = DeviceIdentity::new("pk", "dn");
    assert_eq!(d.property_post(), "/sys/pk/dn/thing/event/property/post");
    assert_eq!(d.event_post("e"), "/sys/pk/dn/thing/event/e/post");
    assert_eq!(d.service_reply("s"), "/sys/pk/dn/thing/service/s_reply");
    assert_eq!(d.rrpc_response("1"), "/sys/pk/dn/rrpc/response/1");
    assert_eq!(d.ntp_request(), "/ext/ntp/pk/dn/request");
    assert_eq!(d.ntp_response(), "/ext/ntp/pk/dn/response");
    assert_eq!(d.shadow_update(), "/shadow/update/pk/dn");
    assert_eq!(d.shadow_get(), "/shadow/get/pk/dn");
    assert_eq!(d.user("update"), "/pk/dn/user/update");
    assert_eq!(d.username(), "dn&pk");
    assert_eq!(
        (REGISTER_TOPIC, REGNWL_TOPIC),
        ("/ext/register", "/ext/regnwl")
    );
}

#[test]
fn foreign_topics_are_not_this_devices() {
    let d = device();
    let other_device = DeviceIdentity::new(PK, "dev-10");
    let other_product = DeviceIdentity::new("a1B2c3D4e5G", DN);
    for other in [other_device, other_product] {
        for topic in [
            other.property_post(),
            other.ntp_request(),
            other.shadow_get(),
            other.user("get"),
            other.rrpc_request("1"),
            other
                .fixed_topic(DeviceTopic::OtaUpgrade)
                .unwrap_or_default(),
        ] {
            assert_eq!(d.classify(&topic), None, "{topic}");
        }
    }
    for topic in [
        "",
        "/",
        "#",
        "/sys/#",
        "/sys/a1B2c3D4e5F/dev-1",
        "/ext/ntp/a1B2c3D4e5F/dev-1/other",
        "/shadow/get/a1B2c3D4e5F/dev-1/x",
        "sys/a1B2c3D4e5F/dev-1/thing/event/property/post",
        "/a1B2c3D4e5F/dev-1",
    ] {
        assert_eq!(d.classify(topic), None, "{topic}");
    }
}

#[test]
fn rrpc_ids_and_service_identifiers_are_read_from_this_device_only() {
    let d = device();
    assert_eq!(d.rrpc_message_id(&d.rrpc_request("42")), Some("42"));
    assert_eq!(d.rrpc_message_id(&d.rrpc_request("")), None);
    assert_eq!(d.rrpc_message_id(&d.rrpc_request("a/b")), None);
    assert_eq!(d.rrpc_message_id(&d.rrpc_response("42")), None);
    let other = DeviceIdentity::new(PK, "dev-2");
    assert_eq!(d.rrpc_message_id(&other.rrpc_request("42")), None);
    assert_eq!(d.service_identifier(&d.service("reboot")), Some("reboot"));
    assert_eq!(
        d.service_identifier(&d.property_set()),
        Some("property/set")
    );
    assert_eq!(d.service_identifier(&d.service_reply("reboot")), None);
    assert_eq!(d.service_identifier(&other.service("reboot")), None);
}

#[test]
fn usernames_round_trip() {
    let d = device();
    assert_eq!(DeviceIdentity::from_username(&d.username()), Some(d));
    for bad in ["", "dn", "&pk", "dn&", "&"] {
        assert_eq!(DeviceIdentity::from_username(bad), None, "{bad:?}");
    }
}

#[test]
fn alink_directions() {
    for down in [
        "thing/service/property/set",
        "thing/service/reboot",
        "rrpc/request/1",
        "thing/config/push",
        "thing/model/down_raw",
        "thing/event/property/post_reply",
    ] {
        assert!(alink_is_downlink(down), "{down}");
    }
    for up in [
        "thing/event/property/post",
        "thing/service/reboot_reply",
        "rrpc/response/1",
        "thing/config/push_reply",
    ] {
        assert!(!alink_is_downlink(up), "{up}");
    }
}

#[test]
fn system_namespaces() {
    let d = device();
    for topic in [d.property_post(), d.ntp_response(), d.shadow_get()] {
        assert!(is_system_topic(&topic), "{topic}");
    }
    assert!(!is_system_topic(&d.user("get")));
}
