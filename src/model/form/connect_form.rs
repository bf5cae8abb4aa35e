//! The connect form as the user typed it: every field kept as text, nothing lost or reformatted.

use serde::{Deserialize, Serialize};

use super::mqtt5::Mqtt5Settings;
use crate::aliyun::{AliyunDevice, DeviceAuth};

/// Which kind of broker the form talks to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// An Aliyun IoT Platform device (signed credentials).
    #[default]
    Aliyun,
    /// Any MQTT-over-WebSocket broker.
    Generic,
}

/// Aliyun keepalive bounds: the platform refuses anything outside them.
pub const ALIYUN_KEEPALIVE: std::ops::RangeInclusive<u16> = crate::aliyun::KEEPALIVE_SECS;

/// Every field of the connect form, as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectForm {
    /// Aliyun device or generic broker.
    pub mode: Mode,
    /// ProductKey.
    pub product_key: String,
    /// DeviceName.
    pub device_name: String,
    /// DeviceSecret.
    pub device_secret: String,
    /// Region id.
    pub region: String,
    /// The endpoint: an instance id, an instance endpoint or any host (optionally with a port);
    /// empty = the old public host of the region.
    pub host: String,
    /// WebSocket path.
    pub path: String,
    /// wss:// (securemode=2) or ws:// (securemode=3).
    pub tls: bool,
    /// Custom Aliyun client id (empty = `${ProductKey}.${DeviceName}`).
    pub aliyun_client_id: String,
    /// `hmacmd5`, `hmacsha1` or `hmacsha256`.
    pub sign_method: String,
    /// Fixed timestamp in ms, empty = now at connect.
    pub timestamp: String,
    /// `secret` (sign with the DeviceSecret) or `token` (a `regnwl` device token, `connwl`).
    pub aliyun_auth: String,
    /// The instance id when the endpoint does not name it (a proxy, the local emulator); empty =
    /// the endpoint's. Only dynamic registration sends it.
    pub instance_id: String,
    /// Generic broker URL.
    pub url: String,
    /// Generic client id.
    pub client_id: String,
    /// Generic username (empty = none).
    pub username: String,
    /// Generic password (empty = none).
    pub password: String,
    /// Keepalive in seconds.
    pub keepalive: String,
    /// Clean session flag (Clean Start on MQTT 5).
    pub clean_session: bool,
    /// The protocol version and the MQTT 5 settings, stored beside the other fields.
    #[serde(flatten)]
    pub mqtt5: Mqtt5Settings,
    /// Reconnect by itself (backoff with jitter) when the link drops.
    pub auto_reconnect: bool,
    /// Generic: last-will topic; empty = no will.
    pub will_topic: String,
    /// Generic: last-will payload, as text.
    pub will_payload: String,
    /// Generic: last-will QoS, "0", "1" or "2".
    pub will_qos: String,
    /// Generic: last-will retain flag.
    pub will_retain: bool,
}

impl Default for ConnectForm {
    fn default() -> Self {
        let device = AliyunDevice::default();
        ConnectForm {
            mode: Mode::Aliyun,
            product_key: String::new(),
            device_name: String::new(),
            device_secret: String::new(),
            region: device.region,
            host: String::new(),
            path: device.path,
            tls: device.tls,
            aliyun_client_id: String::new(),
            sign_method: device.sign_method.as_str().to_owned(),
            timestamp: String::new(),
            aliyun_auth: DeviceAuth::Secret.as_str().to_owned(),
            instance_id: String::new(),
            url: String::new(),
            client_id: String::new(),
            username: String::new(),
            password: String::new(),
            keepalive: "60".to_owned(),
            clean_session: true,
            mqtt5: Mqtt5Settings::default(),
            auto_reconnect: true,
            will_topic: String::new(),
            will_payload: String::new(),
            will_qos: "0".to_owned(),
            will_retain: false,
        }
    }
}

/// A generic-mode form with a broker URL and a client id: the tests' starting point.
#[cfg(test)]
pub(super) fn generic(url: &str) -> ConnectForm {
    ConnectForm {
        mode: Mode::Generic,
        url: url.into(),
        client_id: "c1".into(),
        ..ConnectForm::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_saved_before_instances_still_loads() {
        let old = r#"{"mode":"aliyun","product_key":"pk","host":"127.0.0.1:8443","region":"cn-shanghai"}"#;
        let form: ConnectForm = serde_json::from_str(old).unwrap_or_default();
        assert_eq!(form.product_key, "pk");
        assert_eq!(form.host, "127.0.0.1:8443");
        assert_eq!(form.instance_id, "");
        let json = serde_json::to_string(&ConnectForm {
            instance_id: "iot-1".into(),
            ..form
        })
        .unwrap_or_default();
        let back: ConnectForm = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back.instance_id, "iot-1");
    }
}
