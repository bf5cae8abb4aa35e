//! The connect form as the user typed it, and the link it describes.
//!
//! Fields are kept as the text typed (nothing is lost or reformatted); [`ConnectForm::plan`]
//! turns them into a WebSocket URL and CONNECT options, or says precisely what is wrong.

use serde::{Deserialize, Serialize};

use crate::aliyun::connect_params::ConnectParams;
use crate::aliyun::{AliyunDevice, AliyunError, DeviceAuth, MqttCredentials, SignMethod};
use crate::mqtt::{
    check_string, check_topic, ConnectOptions, MqttError, QoS, StringField, Will, MAX_STRING_LEN,
};

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
    /// Host override, optionally with a port.
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
    /// Clean session flag.
    pub clean_session: bool,
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
            url: String::new(),
            client_id: String::new(),
            username: String::new(),
            password: String::new(),
            keepalive: "60".to_owned(),
            clean_session: true,
            auto_reconnect: true,
            will_topic: String::new(),
            will_payload: String::new(),
            will_qos: "0".to_owned(),
            will_retain: false,
        }
    }
}

/// What a connection attempt needs: where to open the WebSocket and what CONNECT says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectPlan {
    /// `ws://` or `wss://` URL.
    pub url: String,
    /// The CONNECT packet's fields.
    pub options: ConnectOptions,
    /// The last will, generic mode only (Aliyun has none).
    pub will: Option<Will>,
    /// Whether a lost link is retried automatically.
    pub reconnect: bool,
    /// Aliyun mode: (ProductKey, DeviceName), for the device tools.
    pub device: Option<(String, String)>,
}

/// A generic-mode input whose text goes into the CONNECT packet as an MQTT string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    /// The generic client id.
    ClientId,
    /// The generic username.
    Username,
    /// The generic password.
    Password,
}

impl FormField {
    /// The `data-testid` of the field's input.
    pub fn testid(self) -> &'static str {
        match self {
            FormField::ClientId => "client-id",
            FormField::Username => "username",
            FormField::Password => "password",
        }
    }
}

/// Why the last will cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WillError {
    /// The will topic breaks MQTT's topic rules.
    Topic(MqttError),
    /// The will QoS (as typed) is not 0, 1 or 2.
    Qos(String),
}

/// A form field that cannot be used as typed. The words are in `crate::i18n::form`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// The Aliyun identity or endpoint fields.
    Aliyun(AliyunError),
    /// Sign method not one of the three Aliyun knows.
    SignMethod(String),
    /// Timestamp is not a whole number of milliseconds.
    Timestamp(String),
    /// Keepalive is not a number of seconds in range.
    Keepalive {
        /// The keepalive as typed.
        text: String,
        /// Smallest accepted value.
        min: u16,
        /// Largest accepted value.
        max: u16,
    },
    /// Broker URL is empty or not `ws://` / `wss://`.
    BrokerUrl(String),
    /// The page is served over https, so the browser will refuse a `ws://` link.
    MixedContent(String),
    /// A generic client id was left empty.
    EmptyClientId,
    /// The last will's topic or QoS is unusable.
    Will(WillError),
    /// A generic field longer than MQTT's 65,535 bytes.
    TooLong {
        /// Which field.
        field: FormField,
        /// Its length in bytes.
        len: usize,
    },
    /// A generic field with a NUL character, which MQTT strings may not contain.
    NulChar(FormField),
    /// MQTT 3.1.1 sends a password only after a username.
    PasswordWithoutUsername,
}

impl From<AliyunError> for FormError {
    fn from(e: AliyunError) -> Self {
        FormError::Aliyun(e)
    }
}

impl ConnectForm {
    /// The Aliyun device the form describes.
    pub fn aliyun_device(&self) -> Result<AliyunDevice, FormError> {
        let sign_method = SignMethod::parse(&self.sign_method)
            .ok_or_else(|| FormError::SignMethod(self.sign_method.clone()))?;
        let timestamp = match self.timestamp.as_str() {
            "" => None,
            t => Some(
                t.parse::<u64>()
                    .map_err(|_| FormError::Timestamp(t.to_owned()))?,
            ),
        };
        Ok(AliyunDevice {
            sign_method,
            timestamp,
            ..self.aliyun_device_unchecked()
        })
    }

    /// The signed credentials Aliyun mode will send, for showing them live.
    pub fn aliyun_credentials(&self, now_ms: u64) -> Result<MqttCredentials, FormError> {
        Ok(self.aliyun_device()?.credentials(now_ms)?)
    }

    /// Every problem of the form, at most one per input, keyed by the input's `data-testid`,
    /// in form order; empty when [`ConnectForm::plan`] would succeed.
    pub fn problems(&self, page_is_https: bool) -> Vec<(&'static str, FormError)> {
        let mut out: Vec<(&'static str, FormError)> = Vec::new();
        match self.mode {
            Mode::Aliyun => {
                let sign_method = SignMethod::parse(&self.sign_method);
                if sign_method.is_none() {
                    out.push((
                        "aliyun-sign-method",
                        FormError::SignMethod(self.sign_method.clone()),
                    ));
                }
                if !self.timestamp.is_empty() && self.timestamp.parse::<u64>().is_err() {
                    out.push((
                        "aliyun-timestamp",
                        FormError::Timestamp(self.timestamp.clone()),
                    ));
                }
                let device = AliyunDevice {
                    sign_method: sign_method.unwrap_or_default(),
                    timestamp: None,
                    ..self.aliyun_device_unchecked()
                };
                for problem in device.problems() {
                    out.push((aliyun_testid(problem.field()), problem.into()));
                }
                let min = *ALIYUN_KEEPALIVE.start();
                let max = *ALIYUN_KEEPALIVE.end();
                if let Err(e) = parse_keepalive(&self.keepalive, min, max) {
                    out.push(("keepalive", e));
                }
                if page_is_https && !self.tls {
                    if let Ok(endpoint) = device.endpoint() {
                        out.push((
                            "aliyun-tls",
                            FormError::MixedContent(endpoint.url(false, &self.path)),
                        ));
                    }
                }
            }
            Mode::Generic => {
                if let Err(e) = check_broker_url(&self.url) {
                    out.push(("broker-url", e));
                } else if page_is_https && self.url.starts_with("ws://") {
                    out.push(("broker-url", FormError::MixedContent(self.url.clone())));
                }
                let strings = [
                    (FormField::ClientId, StringField::ClientId, &self.client_id),
                    (FormField::Username, StringField::Username, &self.username),
                ];
                // The session's own rule for MQTT strings, told per input.
                for (field, string_field, value) in strings {
                    let testid = field.testid();
                    match check_string(string_field, value) {
                        Err(MqttError::StringTooLong { len, .. }) => {
                            out.push((testid, FormError::TooLong { field, len }));
                        }
                        Err(MqttError::NulCharacter { .. }) => {
                            out.push((testid, FormError::NulChar(field)));
                        }
                        _ if field == FormField::ClientId && value.is_empty() => {
                            out.push((testid, FormError::EmptyClientId));
                        }
                        _ => {}
                    }
                }
                // A password is binary data (NUL allowed); only its length is limited.
                if self.password.len() > MAX_STRING_LEN {
                    out.push((
                        FormField::Password.testid(),
                        FormError::TooLong {
                            field: FormField::Password,
                            len: self.password.len(),
                        },
                    ));
                } else if !self.password.is_empty() && self.username.is_empty() {
                    out.push(("password", FormError::PasswordWithoutUsername));
                }
                if let Err(e) = parse_keepalive(&self.keepalive, 0, u16::MAX) {
                    out.push(("keepalive", e));
                }
                if let Err(e) = self.will() {
                    out.push(("will-topic", e));
                }
            }
        }
        out
    }

    /// The Aliyun fields as typed, with the sign method and timestamp at their defaults.
    fn aliyun_device_unchecked(&self) -> AliyunDevice {
        AliyunDevice {
            product_key: self.product_key.clone(),
            device_name: self.device_name.clone(),
            device_secret: self.device_secret.clone(),
            region: self.region.clone(),
            host: self.host.clone(),
            path: self.path.clone(),
            tls: self.tls,
            client_id: self.aliyun_client_id.clone(),
            auth: DeviceAuth::parse(&self.aliyun_auth).unwrap_or_default(),
            ..AliyunDevice::default()
        }
    }

    /// Validates everything and describes the link; `page_is_https` catches mixed content
    /// before the browser fails with an unexplained error.
    pub fn plan(&self, now_ms: u64, page_is_https: bool) -> Result<ConnectPlan, FormError> {
        // Every check lives in `problems`; below, only the values are read.
        if let Some((_, first)) = self.problems(page_is_https).into_iter().next() {
            return Err(first);
        }
        let plan = match self.mode {
            Mode::Aliyun => {
                let keepalive_secs = parse_keepalive(
                    &self.keepalive,
                    *ALIYUN_KEEPALIVE.start(),
                    *ALIYUN_KEEPALIVE.end(),
                )?;
                let c = self.aliyun_credentials(now_ms)?;
                ConnectPlan {
                    url: c.url,
                    options: ConnectOptions {
                        client_id: c.client_id,
                        username: Some(c.username),
                        password: Some(c.password),
                        keepalive_secs,
                        clean_session: self.clean_session,
                    },
                    will: None,
                    reconnect: self.auto_reconnect,
                    device: Some((self.product_key.clone(), self.device_name.clone())),
                }
            }
            Mode::Generic => {
                let keepalive_secs = parse_keepalive(&self.keepalive, 0, u16::MAX)?;
                ConnectPlan {
                    url: self.url.clone(),
                    options: ConnectOptions {
                        client_id: self.client_id.clone(),
                        username: non_empty(&self.username),
                        password: non_empty(&self.password),
                        keepalive_secs,
                        clean_session: self.clean_session,
                    },
                    will: self.will()?,
                    reconnect: self.auto_reconnect,
                    device: None,
                }
            }
        };
        Ok(plan)
    }
}

impl ConnectForm {
    /// Fills the Aliyun fields from the IoT Platform console's pasted "MQTT connection parameters" JSON. The DeviceSecret
    /// is left as it was: the console's `passwd` is a signature made with it, not the secret.
    /// The console's timestamp is kept, so the signature computed here can be compared with it.
    pub fn apply_connect_params(&mut self, p: &ConnectParams) {
        self.mode = Mode::Aliyun;
        self.product_key = p.product_key.clone();
        self.device_name = p.device_name.clone();
        let default_id = format!("{}.{}", p.product_key, p.device_name);
        self.aliyun_client_id = if p.client_id == default_id {
            String::new()
        } else {
            p.client_id.clone()
        };
        self.sign_method = p.sign_method.as_str().to_owned();
        self.timestamp = p.timestamp.map(|t| t.to_string()).unwrap_or_default();
        self.tls = p.tls();
        let public_host = p
            .region
            .as_ref()
            .map(|r| format!("{}.iot-as-mqtt.{r}.aliyuncs.com", p.product_key));
        match (&p.region, public_host) {
            (Some(region), Some(h)) if h == p.host => {
                self.region = region.clone();
                self.host.clear();
            }
            _ => self.host = p.host.clone(),
        }
    }

    /// The generic last will, when a topic is set.
    fn will(&self) -> Result<Option<Will>, FormError> {
        if self.will_topic.is_empty() {
            return Ok(None);
        }
        check_topic(&self.will_topic).map_err(|e| FormError::Will(WillError::Topic(e)))?;
        let qos = self
            .will_qos
            .parse::<u8>()
            .ok()
            .and_then(QoS::from_u8)
            .ok_or_else(|| FormError::Will(WillError::Qos(self.will_qos.clone())))?;
        Ok(Some(Will {
            topic: self.will_topic.clone(),
            payload: self.will_payload.as_bytes().to_vec(),
            qos,
            retain: self.will_retain,
        }))
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The `data-testid` of the input of an Aliyun field.
fn aliyun_testid(field: crate::aliyun::Field) -> &'static str {
    use crate::aliyun::Field;
    match field {
        Field::ProductKey => "aliyun-product-key",
        Field::DeviceName => "aliyun-device-name",
        Field::DeviceSecret | Field::ProductSecret => "aliyun-device-secret",
        Field::Region => "aliyun-region",
        Field::Host => "aliyun-host",
        Field::Path => "aliyun-path",
        Field::ClientId => "aliyun-client-id",
    }
}

fn parse_keepalive(text: &str, min: u16, max: u16) -> Result<u16, FormError> {
    let bad = || FormError::Keepalive {
        text: text.to_owned(),
        min,
        max,
    };
    let secs: u16 = text.parse().map_err(|_| bad())?;
    if (min..=max).contains(&secs) {
        Ok(secs)
    } else {
        Err(bad())
    }
}

/// Accepts `ws://host[:port][/path]` and `wss://…`; the browser does the rest of the parsing.
pub fn check_broker_url(url: &str) -> Result<(), FormError> {
    let bad = || FormError::BrokerUrl(url.to_owned());
    let rest = url
        .strip_prefix("ws://")
        .or_else(|| url.strip_prefix("wss://"))
        .ok_or_else(bad)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(url: &str) -> ConnectForm {
        ConnectForm {
            mode: Mode::Generic,
            url: url.into(),
            client_id: "c1".into(),
            ..ConnectForm::default()
        }
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let form = ConnectForm {
            product_key: "a b".into(),
            device_name: String::new(),
            device_secret: "s".into(),
            path: "mqtt".into(),
            sign_method: "md6".into(),
            timestamp: "yesterday".into(),
            keepalive: "5".into(),
            tls: false,
            ..ConnectForm::default()
        };
        let ids: Vec<&str> = form.problems(true).iter().map(|(id, _)| *id).collect();
        for expected in [
            "aliyun-sign-method",
            "aliyun-timestamp",
            "aliyun-product-key",
            "aliyun-device-name",
            "aliyun-path",
            "keepalive",
        ] {
            assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
        }
        // Each problem's words are checked in `crate::i18n::form`.
        let plan_error = form.plan(0, false).unwrap_err();
        assert_eq!(plan_error, form.problems(false).remove(0).1);

        let mut g = generic("http://x");
        g.client_id = "c\0".into();
        g.password = "p".into();
        g.keepalive = "70000".into();
        g.will_topic = "a/+".into();
        let ids: Vec<&str> = g.problems(false).iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            [
                "broker-url",
                "client-id",
                "password",
                "keepalive",
                "will-topic"
            ]
        );
        g.url = "ws://h:1".into();
        g.client_id = "x".repeat(65_536);
        let problems = g.problems(true);
        assert!(matches!(
            problems[0],
            ("broker-url", FormError::MixedContent(_))
        ));
        assert!(matches!(
            problems[1],
            (
                "client-id",
                FormError::TooLong {
                    field: FormField::ClientId,
                    len: 65_536
                }
            )
        ));
    }

    #[test]
    fn per_field_errors_carry_their_field() {
        let mut g = generic("ws://h:1");
        g.client_id = "c\0".into();
        g.username = "u".repeat(65_536);
        g.password = "p".repeat(65_536);
        assert_eq!(
            g.problems(false),
            [
                ("client-id", FormError::NulChar(FormField::ClientId)),
                (
                    "username",
                    FormError::TooLong {
                        field: FormField::Username,
                        len: 65_536
                    }
                ),
                (
                    "password",
                    FormError::TooLong {
                        field: FormField::Password,
                        len: 65_536
                    }
                ),
            ]
        );
        g.username = "u\0".into();
        g.password = "p".into();
        g.client_id = String::new();
        assert_eq!(
            g.problems(false),
            [
                ("client-id", FormError::EmptyClientId),
                ("username", FormError::NulChar(FormField::Username)),
            ]
        );
        for field in [
            FormField::ClientId,
            FormField::Username,
            FormField::Password,
        ] {
            assert!(!field.testid().is_empty());
        }
        g.will_topic = "a/#".into();
        assert!(matches!(
            g.problems(false).last(),
            Some(("will-topic", FormError::Will(WillError::Topic(_))))
        ));
    }

    #[test]
    fn generic_plan_carries_credentials_only_when_given() {
        let mut form = generic("ws://127.0.0.1:9001");
        let plan = form.plan(0, false).unwrap();
        assert_eq!(plan.url, "ws://127.0.0.1:9001");
        assert_eq!(plan.options.username, None);
        form.username = "u".into();
        form.password = "p".into();
        let plan = form.plan(0, false).unwrap();
        assert_eq!(plan.options.username.as_deref(), Some("u"));
        assert_eq!(plan.options.password.as_deref(), Some("p"));
        assert_eq!(plan.options.keepalive_secs, 60);
    }

    #[test]
    fn pasted_connect_params_fill_the_aliyun_fields_and_reproduces_its_signature() {
        let json = r#"{"clientId":"12345|securemode=3,signmethod=hmacsha1,timestamp=789|","username":"device&pk","mqttHostUrl":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com","passwd":"FAFD82A3D602B37FB0FA8B7892F24A477F851A14","port":1883}"#;
        let params = crate::aliyun::connect_params::parse_connect_params(json).unwrap();
        let mut form = generic("ws://x");
        form.apply_connect_params(&params);
        assert_eq!(form.mode, Mode::Aliyun);
        assert_eq!(
            (form.product_key.as_str(), form.device_name.as_str()),
            ("pk", "device")
        );
        assert_eq!(
            form.host, "",
            "an old public host is expressed by the region"
        );
        assert_eq!(form.region, "cn-shanghai");
        assert!(!form.tls);
        form.device_secret = "secret".into();
        let creds = form.aliyun_credentials(0).unwrap();
        assert_eq!(creds.password, params.password);
        assert_eq!(
            creds.url,
            "ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/"
        );
    }

    #[test]
    fn the_last_will_is_checked_and_carried() {
        let mut form = generic("ws://h:1");
        assert_eq!(form.plan(0, false).unwrap().will, None);
        form.will_topic = "clients/c1/status".into();
        form.will_payload = "offline".into();
        form.will_qos = "1".into();
        form.will_retain = true;
        let will = form.plan(0, false).unwrap().will.unwrap();
        assert_eq!(
            (
                will.topic.as_str(),
                will.payload.as_slice(),
                will.qos,
                will.retain
            ),
            ("clients/c1/status", &b"offline"[..], QoS::AtLeastOnce, true)
        );
        form.will_topic = "a/#".into();
        assert!(matches!(form.plan(0, false), Err(FormError::Will(_))));
        form.will_topic = "a".into();
        form.will_qos = "3".into();
        assert_eq!(
            form.plan(0, false),
            Err(FormError::Will(WillError::Qos("3".into())))
        );
    }

    #[test]
    fn bad_urls_are_named() {
        for url in ["", "http://x", "ws://", "ws:///mqtt", "ws://a b"] {
            assert_eq!(
                generic(url).plan(0, false),
                Err(FormError::BrokerUrl(url.into())),
                "{url}"
            );
        }
        assert!(generic("wss://broker.example.com/mqtt")
            .plan(0, false)
            .is_ok());
    }

    #[test]
    fn ws_from_an_https_page_is_mixed_content() {
        let err = generic("ws://127.0.0.1:9001").plan(0, true).unwrap_err();
        assert!(matches!(err, FormError::MixedContent(_)));
        assert!(generic("wss://h/mqtt").plan(0, true).is_ok());
    }

    #[test]
    fn keepalive_range_depends_on_mode() {
        let mut form = generic("ws://h:1");
        form.keepalive = "0".into();
        assert!(form.plan(0, false).is_ok());
        form.keepalive = "abc".into();
        assert!(matches!(
            form.plan(0, false),
            Err(FormError::Keepalive { .. })
        ));

        let mut aliyun = ConnectForm {
            product_key: "pk".into(),
            device_name: "device".into(),
            device_secret: "secret".into(),
            keepalive: "10".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            aliyun.plan(0, false),
            Err(FormError::Keepalive {
                text: "10".into(),
                min: 30,
                max: 1200
            })
        );
        aliyun.keepalive = "60".into();
        assert!(aliyun.plan(0, false).is_ok());
    }

    #[test]
    fn aliyun_plan_signs_with_the_published_vector() {
        let form = ConnectForm {
            product_key: "pk".into(),
            device_name: "device".into(),
            device_secret: "secret".into(),
            aliyun_client_id: "12345".into(),
            sign_method: "hmacsha1".into(),
            timestamp: "789".into(),
            tls: false,
            ..ConnectForm::default()
        };
        let plan = form.plan(5, false).unwrap();
        assert_eq!(
            plan.options.client_id,
            "12345|securemode=3,signmethod=hmacsha1,timestamp=789|"
        );
        assert_eq!(plan.options.username.as_deref(), Some("device&pk"));
        assert_eq!(
            plan.options
                .password
                .as_deref()
                .map(str::to_ascii_uppercase)
                .as_deref(),
            Some("FAFD82A3D602B37FB0FA8B7892F24A477F851A14")
        );
        assert!(plan
            .url
            .starts_with("ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443"));
    }

    #[test]
    fn bad_timestamp_and_sign_method_are_named() {
        let form = ConnectForm {
            timestamp: "12a".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            form.aliyun_device(),
            Err(FormError::Timestamp("12a".into()))
        );
        let form = ConnectForm {
            sign_method: "sha1".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            form.aliyun_device(),
            Err(FormError::SignMethod("sha1".into()))
        );
    }
}
