//! A device's identity (ProductKey + DeviceName) and every topic Aliyun gives it.
//!
//! The one place where the platform's topic strings are written: the app builds the topics it
//! publishes and subscribes to from here, and the emulator recognises what a device sends with
//! [`DeviceIdentity::classify`], so the two can never spell a topic differently.

/// Where the cloud pushes the answer of an `authType=register` registration.
pub const REGISTER_TOPIC: &str = "/ext/register";

/// Where the cloud pushes the answer of an `authType=regnwl` registration.
pub const REGNWL_TOPIC: &str = "/ext/regnwl";

/// The platform's system namespaces; a device's custom topics lie outside them.
const SYSTEM_NAMESPACES: [&str; 3] = ["/sys/", "/ext/", "/shadow/"];

/// Whether `topic` lies in one of the platform's system namespaces (`/sys/`, `/ext/`,
/// `/shadow/`), where everything for the device tools arrives: Alink replies and calls, RRPC,
/// NTP, the shadow. A device's own `/${productKey}/${deviceName}/user/…` traffic does not, so a
/// flood of it can skip the tools without building a single topic to compare with.
pub fn is_system_topic(topic: &str) -> bool {
    SYSTEM_NAMESPACES
        .iter()
        .any(|namespace| topic.starts_with(namespace))
}

/// Who a device is to the platform: its ProductKey and DeviceName, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeviceIdentity<'a> {
    /// ProductKey.
    pub product_key: &'a str,
    /// DeviceName.
    pub device_name: &'a str,
}

/// What a topic of one device is, as recognised by [`DeviceIdentity::classify`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceTopic<'t> {
    /// `/sys/${pk}/${dn}/…` (Alink): the part after the device, e.g. `thing/event/property/post`.
    Alink(&'t str),
    /// `/ext/session/${pk}/${dn}/…` (gateway sessions): the part after the device.
    Session(&'t str),
    /// `/ext/ntp/${pk}/${dn}/request`: the device asks for the time.
    NtpRequest,
    /// `/ext/ntp/${pk}/${dn}/response`: the cloud answers.
    NtpResponse,
    /// `/shadow/update/${pk}/${dn}`: the device writes its shadow.
    ShadowUpdate,
    /// `/shadow/get/${pk}/${dn}`: the cloud answers shadow requests and pushes desired states.
    ShadowGet,
    /// `/ota/device/inform/${pk}/${dn}`: the device reports its firmware version.
    OtaInform,
    /// `/ota/device/progress/${pk}/${dn}`: the device reports upgrade progress.
    OtaProgress,
    /// `/ota/device/request/${pk}/${dn}`: the device asks for firmware.
    OtaRequest,
    /// `/ota/device/upgrade/${pk}/${dn}`: the cloud announces firmware.
    OtaUpgrade,
    /// `/ext/error/${pk}/${dn}`: the cloud reports errors.
    ExtError,
    /// `/${pk}/${dn}/…`: a custom topic (`user/…`, or the legacy `update` and `get`); the part
    /// after the device.
    Custom(&'t str),
}

/// Which way an Alink topic (the part after `/sys/${pk}/${dn}/`) carries messages.
///
/// Requests from the cloud are service calls, RRPC requests, config pushes and raw downlinks;
/// a `_reply` goes the opposite way of its request; everything else goes up.
pub fn alink_is_downlink(rest: &str) -> bool {
    if let Some(request) = rest.strip_suffix("_reply") {
        return !alink_is_downlink(request);
    }
    rest.starts_with("rrpc/request/")
        || rest.starts_with("thing/service/")
        || rest == "thing/config/push"
        || rest == "thing/model/down_raw"
}

impl<'a> DeviceIdentity<'a> {
    /// The identity of device `device_name` of product `product_key`.
    pub fn new(product_key: &'a str, device_name: &'a str) -> Self {
        DeviceIdentity {
            product_key,
            device_name,
        }
    }

    /// Reads the MQTT username `${DeviceName}&${ProductKey}`, split at the first `&`; `None`
    /// when there is no `&` or either side is empty.
    pub fn from_username(username: &'a str) -> Option<Self> {
        match username.split_once('&') {
            Some((dn, pk)) if !dn.is_empty() && !pk.is_empty() => Some(Self::new(pk, dn)),
            _ => None,
        }
    }

    /// The device whose topic `topic` is, read from its ProductKey and DeviceName levels, in
    /// any of the platform's forms: `/${pk}/${dn}/…` (custom), `/sys/${pk}/${dn}/…`,
    /// `/ext/ntp|session/${pk}/${dn}/…`, `/ext/error/${pk}/${dn}`,
    /// `/shadow/get|update/${pk}/${dn}` and `/ota/device/${kind}/${pk}/${dn}`. `None` for other
    /// topics, or when a name is empty.
    pub fn owner_of(topic: &'a str) -> Option<Self> {
        let levels: Vec<&'a str> = topic.split('/').collect();
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
        Some(Self::new(pk, dn))
    }

    /// The MQTT username, `${DeviceName}&${ProductKey}`.
    pub fn username(&self) -> String {
        format!("{}&{}", self.device_name, self.product_key)
    }

    fn alink(&self, rest: &str) -> String {
        format!("/sys/{}/{}/{rest}", self.product_key, self.device_name)
    }

    /// A custom topic `/${pk}/${dn}/user/${name}`.
    pub fn user(&self, name: &str) -> String {
        format!("/{}/{}/user/{name}", self.product_key, self.device_name)
    }

    /// `/sys/${pk}/${dn}/thing/event/property/post`: the device reports properties.
    pub fn property_post(&self) -> String {
        self.alink("thing/event/property/post")
    }

    /// `…/thing/event/property/post_reply`: the cloud's answer to a property post.
    pub fn property_post_reply(&self) -> String {
        self.alink("thing/event/property/post_reply")
    }

    /// `…/thing/service/property/set`: the cloud sets properties.
    pub fn property_set(&self) -> String {
        self.alink("thing/service/property/set")
    }

    /// `…/thing/event/${identifier}/post`: the device reports an event.
    pub fn event_post(&self, identifier: &str) -> String {
        self.alink(&format!("thing/event/{identifier}/post"))
    }

    /// `…/thing/event/${identifier}/post_reply`: the cloud's answer to an event post.
    pub fn event_post_reply(&self, identifier: &str) -> String {
        self.alink(&format!("thing/event/{identifier}/post_reply"))
    }

    /// `…/thing/event/+/post_reply`: the cloud's answers to every property and event post.
    pub fn post_reply_filter(&self) -> String {
        self.alink("thing/event/+/post_reply")
    }

    /// `…/thing/service/${identifier}`: the cloud calls a service.
    pub fn service(&self, identifier: &str) -> String {
        self.alink(&format!("thing/service/{identifier}"))
    }

    /// `…/thing/service/#`: every call from the cloud (property set included).
    pub fn service_filter(&self) -> String {
        self.alink("thing/service/#")
    }

    /// `…/thing/service/${identifier}_reply`: the device answers a call.
    pub fn service_reply(&self, identifier: &str) -> String {
        self.alink(&format!("thing/service/{identifier}_reply"))
    }

    /// `…/rrpc/request/${message_id}`: the cloud's RRPC request.
    pub fn rrpc_request(&self, message_id: &str) -> String {
        self.alink(&format!("rrpc/request/{message_id}"))
    }

    /// `…/rrpc/request/+`: the filter a device subscribes to for RRPC requests.
    pub fn rrpc_request_filter(&self) -> String {
        self.rrpc_request("+")
    }

    /// `…/rrpc/response/${message_id}`: where the answer to an RRPC request goes.
    pub fn rrpc_response(&self, message_id: &str) -> String {
        self.alink(&format!("rrpc/response/{message_id}"))
    }

    /// `/sys/${pk}/${dn}/#`: the device's whole Alink subtree.
    pub fn alink_filter(&self) -> String {
        self.alink("#")
    }

    /// `/ext/session/${pk}/${dn}/#`: the device's whole gateway-session subtree.
    pub fn session_filter(&self) -> String {
        format!("/ext/session/{}/{}/#", self.product_key, self.device_name)
    }

    /// `/ext/ntp/${pk}/${dn}/request`: where the device asks for the time.
    pub fn ntp_request(&self) -> String {
        format!("/ext/ntp/{}/{}/request", self.product_key, self.device_name)
    }

    /// `/ext/ntp/${pk}/${dn}/response`: where the time comes back.
    pub fn ntp_response(&self) -> String {
        format!(
            "/ext/ntp/{}/{}/response",
            self.product_key, self.device_name
        )
    }

    /// `/shadow/update/${pk}/${dn}`: where the device writes its shadow.
    pub fn shadow_update(&self) -> String {
        format!("/shadow/update/{}/{}", self.product_key, self.device_name)
    }

    /// `/shadow/get/${pk}/${dn}`: where shadow answers and desired states arrive.
    pub fn shadow_get(&self) -> String {
        format!("/shadow/get/{}/{}", self.product_key, self.device_name)
    }

    /// `/ota/device/${action}/${pk}/${dn}` for `inform`, `progress`, `request`, `upgrade`.
    fn ota(&self, action: &str) -> String {
        format!(
            "/ota/device/{action}/{}/{}",
            self.product_key, self.device_name
        )
    }

    /// `/ext/error/${pk}/${dn}`: where the cloud reports errors.
    pub fn ext_error(&self) -> String {
        format!("/ext/error/{}/{}", self.product_key, self.device_name)
    }

    /// Every topic named by a [`DeviceTopic`] without a free part, built for this device.
    pub fn fixed_topic(&self, kind: DeviceTopic<'_>) -> Option<String> {
        Some(match kind {
            DeviceTopic::NtpRequest => self.ntp_request(),
            DeviceTopic::NtpResponse => self.ntp_response(),
            DeviceTopic::ShadowUpdate => self.shadow_update(),
            DeviceTopic::ShadowGet => self.shadow_get(),
            DeviceTopic::OtaInform => self.ota("inform"),
            DeviceTopic::OtaProgress => self.ota("progress"),
            DeviceTopic::OtaRequest => self.ota("request"),
            DeviceTopic::OtaUpgrade => self.ota("upgrade"),
            DeviceTopic::ExtError => self.ext_error(),
            DeviceTopic::Alink(_) | DeviceTopic::Session(_) | DeviceTopic::Custom(_) => {
                return None
            }
        })
    }

    /// What follows `${root}/${pk}/${dn}` in `topic`: `""` when the topic ends at the device,
    /// else text starting with `/`.
    fn tail<'t>(&self, root: &str, topic: &'t str) -> Option<&'t str> {
        topic
            .strip_prefix(root)?
            .strip_prefix('/')?
            .strip_prefix(self.product_key)?
            .strip_prefix('/')?
            .strip_prefix(self.device_name)
    }

    /// What `topic` is for this device, or `None` when it is not one of its topics (another
    /// device's, or a topic outside every area Aliyun gives a device).
    pub fn classify<'t>(&self, topic: &'t str) -> Option<DeviceTopic<'t>> {
        let below = |root: &str| self.tail(root, topic)?.strip_prefix('/');
        if let Some(rest) = below("/sys") {
            return Some(DeviceTopic::Alink(rest));
        }
        if let Some(rest) = below("/ext/session") {
            return Some(DeviceTopic::Session(rest));
        }
        match below("/ext/ntp") {
            Some("request") => return Some(DeviceTopic::NtpRequest),
            Some("response") => return Some(DeviceTopic::NtpResponse),
            _ => {}
        }
        let fixed = [
            ("/shadow/update", DeviceTopic::ShadowUpdate),
            ("/shadow/get", DeviceTopic::ShadowGet),
            ("/ota/device/inform", DeviceTopic::OtaInform),
            ("/ota/device/progress", DeviceTopic::OtaProgress),
            ("/ota/device/request", DeviceTopic::OtaRequest),
            ("/ota/device/upgrade", DeviceTopic::OtaUpgrade),
            ("/ext/error", DeviceTopic::ExtError),
        ];
        let exact = |root: &str| self.tail(root, topic) == Some("");
        if let Some((_, kind)) = fixed.into_iter().find(|(root, _)| exact(root)) {
            return Some(kind);
        }
        below("").map(DeviceTopic::Custom)
    }

    /// The message id of an RRPC request topic of this device, or `None` for any other topic.
    pub fn rrpc_message_id<'t>(&self, topic: &'t str) -> Option<&'t str> {
        match self.classify(topic)? {
            DeviceTopic::Alink(rest) => rest
                .strip_prefix("rrpc/request/")
                .filter(|id| !id.is_empty() && !id.contains('/')),
            _ => None,
        }
    }

    /// The identifier of a service call to this device (`…/thing/service/${identifier}`, not a
    /// `_reply`), or `None` for any other topic.
    pub fn service_identifier<'t>(&self, topic: &'t str) -> Option<&'t str> {
        match self.classify(topic)? {
            DeviceTopic::Alink(rest) => rest
                .strip_prefix("thing/service/")
                .filter(|id| !id.is_empty() && !id.ends_with("_reply")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
