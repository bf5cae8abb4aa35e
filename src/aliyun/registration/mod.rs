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
/// endpoint, path, client id, sign method and instance; its secret is not used). `random` is
/// any number the caller drew; it is signed and sent, so the password cannot be replayed for
/// another one. A known instance ([`AliyunDevice::instance`]) makes it the new instances'
/// `securemode=-2` registration with `instanceId`; without one it is the old `securemode=2`.
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
    let instance = device.instance()?;
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
            instance.as_deref(),
        )
        .to_string(),
        username: device.identity().username(),
        password: sign(device.sign_method, product_secret, &content),
    })
}

/// Which registration a device gets, decided by whether its instance is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrationKind {
    /// An old public instance: `securemode=2`, no instance id.
    PublicInstance,
    /// A new public or Enterprise instance: `securemode=-2` with `instanceId`.
    Instance {
        /// The instance id sent.
        id: String,
    },
}

impl RegistrationKind {
    /// The registration `device` gets, or why its endpoint or instance id is unusable.
    pub fn of(device: &AliyunDevice) -> Result<RegistrationKind, AliyunError> {
        Ok(match device.instance()? {
            Some(id) => RegistrationKind::Instance { id },
            None => RegistrationKind::PublicInstance,
        })
    }
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

/// A registration's test device and the cloud's packets, and the tests of this module.
#[cfg(test)]
pub(crate) mod tests;
