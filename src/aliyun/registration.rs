//! Dynamic registration (one product, one secret) over MQTT.
//!
//! A device that knows only its product's ProductSecret opens a short registration connection:
//! `register` returns a DeviceSecret for a pre-registered device, `regnwl` returns a device token
//! for a device that need not exist yet (it later logs in with `authType=connwl`). The cloud
//! pushes the answer on `/ext/register` or `/ext/regnwl` right after CONNACK, with no SUBSCRIBE,
//! and closes the connection after about 15 s. [`Registrar`] drives one such connection over a
//! [`Session`], sans-IO: the caller carries its bytes and passes the time in.

use super::client_id::ClientIdParams;
use super::credentials::MqttCredentials;
use super::device::AliyunDevice;
use super::error::{AliyunError, Field};
use super::identity::{REGISTER_TOPIC, REGNWL_TOPIC};
use super::sign::sign;
use super::sign_content::registration_sign_content;
use super::validate;
use crate::mqtt::{ConnectOptions, Event, Millis, Session};

/// Which registration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegisterMode {
    /// Pre-registered device, gets its DeviceSecret.
    #[default]
    Register,
    /// No pre-registration (the IoT Platform console's "pre-registration free" mode), gets a device token for `connwl` logins.
    Regnwl,
}

impl RegisterMode {
    /// `authType` in the client id, and the form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            RegisterMode::Register => "register",
            RegisterMode::Regnwl => "regnwl",
        }
    }

    /// Reads the form's value.
    pub fn parse(s: &str) -> Option<RegisterMode> {
        match s {
            "register" => Some(RegisterMode::Register),
            "regnwl" => Some(RegisterMode::Regnwl),
            _ => None,
        }
    }

    /// The topic the answer arrives on.
    pub fn reply_topic(self) -> &'static str {
        match self {
            RegisterMode::Register => REGISTER_TOPIC,
            RegisterMode::Regnwl => REGNWL_TOPIC,
        }
    }
}

/// The CONNECT fields of a registration connection for `device` (its ProductKey, DeviceName,
/// endpoint, path, client id and sign method; its secret is not used). `random` is any number
/// the caller drew; it is signed and sent, so the password cannot be replayed for another one.
pub fn registration_credentials(
    device: &AliyunDevice,
    product_secret: &str,
    mode: RegisterMode,
    random: u64,
) -> Result<MqttCredentials, AliyunError> {
    let problem = device
        .problems()
        .into_iter()
        .find(|p| p.field() != Field::DeviceSecret);
    if let Some(problem) = problem {
        return Err(problem);
    }
    validate::product_secret(product_secret)?;
    let endpoint = device.endpoint()?;
    let content = registration_sign_content(
        &device.device_name,
        &device.product_key,
        &random.to_string(),
    );
    Ok(MqttCredentials {
        url: endpoint.url(device.tls, &device.path),
        client_id: ClientIdParams::registration(
            &device.effective_client_id(),
            mode.as_str(),
            random,
            device.sign_method,
        )
        .to_string(),
        username: device.identity().username(),
        password: sign(device.sign_method, product_secret, &content),
    })
}

/// What a registration gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registered {
    /// `register`: the device's new DeviceSecret.
    Secret {
        /// ProductKey echoed by the cloud.
        product_key: String,
        /// DeviceName echoed by the cloud.
        device_name: String,
        /// The secret to sign logins with from now on.
        device_secret: String,
    },
    /// `regnwl`: a token for `authType=connwl` logins with this client id.
    Token {
        /// The client id to log in with (the one registered).
        client_id: String,
        /// ProductKey echoed by the cloud.
        product_key: String,
        /// DeviceName echoed by the cloud.
        device_name: String,
        /// The password of `connwl` logins.
        device_token: String,
    },
}

/// Why a registration gave nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrationError {
    /// The cloud refused the registration connection with this CONNACK code.
    Refused(u8),
    /// The pushed answer could not be read.
    BadReply(String),
    /// The connection ended before any answer.
    Closed(String),
    /// No answer in time.
    Timeout {
        /// How long we waited, in seconds.
        secs: u64,
    },
    /// The settings cannot even make a connection.
    Settings(String),
}

impl std::error::Error for RegistrationError {}

/// Reads a message of a registration connection: `Ok(None)` if `topic` is not `mode`'s answer.
pub fn parse_registration(
    mode: RegisterMode,
    topic: &str,
    payload: &[u8],
) -> Result<Option<Registered>, RegistrationError> {
    if topic != mode.reply_topic() {
        return Ok(None);
    }
    let v: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| RegistrationError::BadReply(format!("not JSON ({e})")))?;
    let field = |name: &str| -> Result<String, RegistrationError> {
        match v.get(name) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(RegistrationError::BadReply(format!(
                "\"{name}\" is missing or not a string"
            ))),
        }
    };
    Ok(Some(match mode {
        RegisterMode::Register => Registered::Secret {
            product_key: field("productKey")?,
            device_name: field("deviceName")?,
            device_secret: field("deviceSecret")?,
        },
        RegisterMode::Regnwl => Registered::Token {
            client_id: field("clientId")?,
            product_key: field("productKey")?,
            device_name: field("deviceName")?,
            device_token: field("deviceToken")?,
        },
    }))
}

/// How long a registration waits for its answer before giving up.
pub const REGISTRATION_TIMEOUT_MS: Millis = 20_000;

/// One registration connection: CONNECT, the pushed answer, DISCONNECT. Never reconnects (a
/// repeated `register` would issue another secret and void the first).
#[derive(Debug)]
pub struct Registrar {
    session: Session,
    mode: RegisterMode,
    deadline: Millis,
    outcome: Option<Result<Registered, RegistrationError>>,
}

impl Registrar {
    /// A registration with `credentials` from [`registration_credentials`], begun at `now`
    /// (the answer is due [`REGISTRATION_TIMEOUT_MS`] later, however long the link takes to open).
    pub fn new(
        credentials: &MqttCredentials,
        mode: RegisterMode,
        now: Millis,
    ) -> Result<Self, RegistrationError> {
        let session = Session::new(ConnectOptions {
            client_id: credentials.client_id.clone(),
            username: Some(credentials.username.clone()),
            password: Some(credentials.password.clone()),
            keepalive_secs: 60,
            clean_session: true,
            version: crate::mqtt::ProtocolVersion::V311,
            properties: crate::mqtt::ConnectProperties::default(),
        })
        .map_err(|e| RegistrationError::Settings(e.to_string()))?;
        Ok(Registrar {
            session,
            mode,
            deadline: now + REGISTRATION_TIMEOUT_MS,
            outcome: None,
        })
    }

    /// The link is open: sends CONNECT.
    pub fn start(&mut self, now: Millis) {
        self.session.start(now);
        self.absorb();
    }

    /// Bytes from the link.
    pub fn handle_bytes(&mut self, bytes: &[u8], now: Millis) {
        if let Err(e) = self.session.handle_bytes(bytes, now) {
            self.settle(Err(RegistrationError::Closed(e.to_string())));
        }
        self.absorb();
    }

    /// Checks the answer's deadline.
    pub fn handle_timeout(&mut self, now: Millis) {
        if now >= self.deadline {
            self.settle(Err(RegistrationError::Timeout {
                secs: REGISTRATION_TIMEOUT_MS / 1000,
            }));
            self.session.disconnect();
        }
    }

    /// The link closed; `why` says how (e.g. the WebSocket close code).
    pub fn link_closed(&mut self, why: &str) {
        self.session.connection_lost();
        self.settle(Err(RegistrationError::Closed(why.to_owned())));
    }

    /// The next bytes to send.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.session.poll_transmit()
    }

    /// The result, once there is one.
    pub fn outcome(&self) -> Option<&Result<Registered, RegistrationError>> {
        self.outcome.as_ref()
    }

    /// Whether the link should be closed now (an outcome is known and DISCONNECT was queued).
    pub fn finished(&self) -> bool {
        self.outcome.is_some()
    }

    fn settle(&mut self, outcome: Result<Registered, RegistrationError>) {
        // The first outcome stands: a close after the answer is the expected end.
        self.outcome.get_or_insert(outcome);
    }

    fn absorb(&mut self) {
        while let Some(event) = self.session.poll_event() {
            match event {
                Event::Refused { code } => self.settle(Err(RegistrationError::Refused(code))),
                Event::Received(m) => match parse_registration(self.mode, &m.topic, &m.payload) {
                    Ok(None) => {}
                    Ok(Some(done)) => {
                        self.settle(Ok(done));
                        self.session.disconnect();
                    }
                    Err(e) => {
                        self.settle(Err(e));
                        self.session.disconnect();
                    }
                },
                _ => {}
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::aliyun::SignMethod;
    use crate::mqtt::tests as wire;
    use crate::mqtt::QoS;
    use mqttbytes::v4;

    /// A device that registers against a plain `ws://` test endpoint; its secret is what a
    /// registration gives, so it is empty.
    pub(crate) fn device() -> AliyunDevice {
        AliyunDevice {
            product_key: "a1Pk".into(),
            device_name: "dev-1".into(),
            device_secret: String::new(),
            host: "127.0.0.1:8443".into(),
            tls: false,
            client_id: "c1".into(),
            sign_method: SignMethod::HmacSha256,
            ..AliyunDevice::default()
        }
    }

    /// The cloud's CONNACK of a registration connection (which never resumes a session).
    pub(crate) fn connack(code: v4::ConnectReturnCode) -> Vec<u8> {
        wire::connack(false, code)
    }

    /// The answer the cloud pushes on `topic`.
    pub(crate) fn answer(topic: &str, payload: &str) -> Vec<u8> {
        wire::publish(topic, QoS::AtMostOnce, 0, payload.as_bytes())
    }

    #[test]
    fn credentials_sign_with_the_product_secret() {
        let c = registration_credentials(&device(), "ps", RegisterMode::Register, 42).unwrap();
        assert_eq!(
            c.client_id,
            "c1|securemode=2,authType=register,random=42,signmethod=hmacsha256|"
        );
        assert_eq!(c.username, "dev-1&a1Pk");
        assert_eq!(
            c.password,
            sign(
                SignMethod::HmacSha256,
                "ps",
                "deviceNamedev-1productKeya1Pkrandom42"
            )
        );
        assert_eq!(c.url, "ws://127.0.0.1:8443/");
        let c = registration_credentials(&device(), "ps", RegisterMode::Regnwl, 7).unwrap();
        assert!(c.client_id.contains("authType=regnwl,random=7"));
    }

    // Independent vector: python3 -c "import hmac,hashlib;print(hmac.new(b'ps',
    // b'deviceNamedev-1productKeya1Pkrandom42',hashlib.sha1).hexdigest().upper())"
    #[test]
    fn sha1_vector() {
        let d = AliyunDevice {
            sign_method: SignMethod::HmacSha1,
            ..device()
        };
        let c = registration_credentials(&d, "ps", RegisterMode::Register, 42).unwrap();
        assert_eq!(c.password, "4A8805873742204B287C992734EC887EFFB09F10");
    }

    #[test]
    fn bad_settings_are_named() {
        let e = registration_credentials(&device(), "", RegisterMode::Register, 1).unwrap_err();
        assert_eq!(e, AliyunError::Empty(Field::ProductSecret));
        let d = AliyunDevice {
            device_name: String::new(),
            ..device()
        };
        let e = registration_credentials(&d, "ps", RegisterMode::Register, 1).unwrap_err();
        assert_eq!(e.field(), Field::DeviceName);
    }

    #[test]
    fn answers_are_read() {
        let secret = br#"{"productKey":"a1Pk","deviceName":"dev-1","deviceSecret":"s3"}"#;
        assert_eq!(
            parse_registration(RegisterMode::Register, "/ext/register", secret),
            Ok(Some(Registered::Secret {
                product_key: "a1Pk".into(),
                device_name: "dev-1".into(),
                device_secret: "s3".into()
            }))
        );
        assert_eq!(
            parse_registration(RegisterMode::Register, "/other", secret),
            Ok(None)
        );
        let token =
            br#"{"clientId":"c1","productKey":"a1Pk","deviceName":"dev-1","deviceToken":"t"}"#;
        assert!(matches!(
            parse_registration(RegisterMode::Regnwl, "/ext/regnwl", token),
            Ok(Some(Registered::Token { device_token, .. })) if device_token == "t"
        ));
        let e = parse_registration(
            RegisterMode::Register,
            "/ext/register",
            br#"{"productKey":"a1Pk","deviceName":"dev-1"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("deviceSecret"), "{e}");
        assert!(parse_registration(RegisterMode::Regnwl, "/ext/regnwl", b"x").is_err());
    }

    fn registrar() -> Registrar {
        let c = registration_credentials(&device(), "ps", RegisterMode::Register, 1).unwrap();
        let mut r = Registrar::new(&c, RegisterMode::Register, 0).unwrap();
        r.start(0);
        let connect = r.poll_transmit().unwrap();
        assert_eq!(connect[0], 0x10, "CONNECT first");
        r
    }

    #[test]
    fn a_registration_takes_the_pushed_answer_and_leaves() {
        let mut r = registrar();
        let mut bytes = connack(v4::ConnectReturnCode::Success);
        bytes.extend(answer(
            "/ext/register",
            r#"{"productKey":"a1Pk","deviceName":"dev-1","deviceSecret":"s3"}"#,
        ));
        r.handle_bytes(&bytes, 10);
        assert!(r.finished());
        assert!(
            matches!(r.outcome(), Some(Ok(Registered::Secret { device_secret, .. })) if device_secret == "s3")
        );
        assert_eq!(r.poll_transmit(), Some(vec![0xE0, 0x00]), "DISCONNECT");
        r.link_closed("closed");
        assert!(
            r.outcome().unwrap().is_ok(),
            "the close after the answer is expected"
        );
    }

    #[test]
    fn refusals_timeouts_and_early_closes_are_explained() {
        let mut r = registrar();
        r.handle_bytes(&connack(v4::ConnectReturnCode::BadUserNamePassword), 5);
        let e = r.outcome().unwrap().clone().unwrap_err();
        assert_eq!(e, RegistrationError::Refused(4));
        assert!(e.to_string().contains("ProductSecret"));

        let mut r = registrar();
        r.handle_timeout(REGISTRATION_TIMEOUT_MS - 1);
        assert!(!r.finished());
        r.handle_timeout(REGISTRATION_TIMEOUT_MS);
        assert_eq!(
            r.outcome(),
            Some(&Err(RegistrationError::Timeout { secs: 20 }))
        );

        let mut r = registrar();
        r.link_closed("WebSocket close code 1006");
        assert!(
            matches!(r.outcome(), Some(Err(RegistrationError::Closed(w))) if w.contains("1006"))
        );
    }
}
