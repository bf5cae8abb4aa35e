//! Who is connecting: Aliyun's CONNECT rules (client id parameters, username, signed password,
//! keepalive range) and dynamic registration. Pure functions over the registry; the connection
//! task turns the outcome into a CONNACK.

mod client_id;
mod device_login;
mod registration;

pub use client_id::{parse_client_id, ClientIdError, ClientIdParams};
pub use registration::RegistrationReply;

use mqtt_console::aliyun::{DeviceIdentity, SignMethod, KEEPALIVE_SECS};

use crate::registry::{DeviceKey, Registry};

/// CONNACK return codes Aliyun uses (3.1.1), and the MQTT 5 reason codes that stand for them.
pub mod code {
    /// MQTT 3.1.1 "unacceptable protocol version".
    pub const BAD_PROTOCOL: u8 = 1;
    /// "Identifier rejected": Aliyun's code for a malformed client id or connect parameters.
    pub const BAD_PARAMETERS: u8 = 2;
    /// "Bad username or password": Aliyun's code for any failed authentication.
    pub const BAD_CREDENTIALS: u8 = 4;
    /// MQTT 5 "unsupported protocol version".
    pub const V5_BAD_PROTOCOL: u8 = 0x84;
    /// MQTT 5 "client identifier not valid", for what 3.1.1 answers with 2.
    pub const V5_BAD_PARAMETERS: u8 = 0x85;
    /// MQTT 5 "bad user name or password".
    pub const V5_BAD_CREDENTIALS: u8 = 0x86;
    /// MQTT 5 "not authorized".
    pub const V5_NOT_AUTHORIZED: u8 = 0x87;
    /// MQTT 5 "bad authentication method": Aliyun offers no enhanced authentication.
    pub const V5_BAD_AUTH_METHOD: u8 = 0x8C;
    /// MQTT 5 "quota exceeded": more user properties than Aliyun processes.
    pub const V5_QUOTA_EXCEEDED: u8 = 0x97;
}

/// What the CONNECT packet says, as far as authentication cares.
#[derive(Clone, Debug)]
pub struct ConnectRequest<'a> {
    pub client_id: &'a str,
    pub username: Option<&'a str>,
    pub password: Option<&'a str>,
    pub keep_alive: u16,
}

/// An accepted CONNECT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    /// A device session (signed password or `connwl` token).
    Device {
        key: DeviceKey,
        /// The `${clientId}` part of the client id.
        client_id: String,
    },
    /// A registration connection: push `reply`, accept nothing else, close.
    Registration {
        key: DeviceKey,
        client_id: String,
        reply: RegistrationReply,
    },
}

/// A refused CONNECT: the CONNACK code and a reason for the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The MQTT 3.1.1 return code.
    pub code: u8,
    /// The MQTT 5 reason code for the same refusal.
    pub code5: u8,
    pub reason: String,
    /// The device the CONNECT named, when the username could be read.
    pub key: Option<DeviceKey>,
}

impl Refusal {
    pub(crate) fn parameters(reason: impl Into<String>) -> Refusal {
        Refusal {
            code: code::BAD_PARAMETERS,
            code5: code::V5_BAD_PARAMETERS,
            reason: reason.into(),
            key: None,
        }
    }

    pub(crate) fn credentials(key: Option<&DeviceKey>, reason: impl Into<String>) -> Refusal {
        Refusal {
            code: code::BAD_CREDENTIALS,
            code5: code::V5_BAD_CREDENTIALS,
            reason: reason.into(),
            key: key.cloned(),
        }
    }

    /// A refusal with its own pair of codes (3.1.1, 5.0).
    pub fn with_codes(
        code: u8,
        code5: u8,
        key: Option<&DeviceKey>,
        reason: impl Into<String>,
    ) -> Refusal {
        Refusal {
            code,
            code5,
            reason: reason.into(),
            key: key.cloned(),
        }
    }
}

/// How the client id asks to be authenticated (`authType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthType {
    /// No `authType`: DeviceSecret signature (one-device-one-secret, or after registration).
    Signature,
    /// Dynamic registration of a pre-registered device: returns a DeviceSecret.
    Register,
    /// Dynamic registration without pre-registration: returns a device token.
    Regnwl,
    /// Login with a `regnwl` token.
    Connwl,
}

/// Decides a CONNECT. Changes the registry on success: a first login activates the device,
/// and registration stores the issued secret or token.
pub fn authenticate(
    request: &ConnectRequest<'_>,
    registry: &mut Registry,
) -> Result<Login, Refusal> {
    let parts = parse_client_id(request.client_id)
        .map_err(|e| Refusal::parameters(client_id::reason(&e)))?;
    let auth_type = match parts.get("authtype") {
        None => AuthType::Signature,
        Some("register") => AuthType::Register,
        Some("regnwl") => AuthType::Regnwl,
        Some("connwl") => AuthType::Connwl,
        Some(other) => {
            return Err(Refusal::parameters(format!(
                "authType={other} is not register, regnwl or connwl"
            )))
        }
    };
    let securemode = parts
        .get("securemode")
        .ok_or_else(|| Refusal::parameters("the client id has no securemode"))?;
    let allowed: &[&str] = match auth_type {
        AuthType::Signature => &["2", "3"],
        AuthType::Register | AuthType::Regnwl => &["2", "-2"],
        AuthType::Connwl => &["-2"],
    };
    if !allowed.contains(&securemode) {
        return Err(Refusal::parameters(format!(
            "securemode={securemode} is not allowed here (expected {})",
            allowed.join(" or ")
        )));
    }
    let sign_method = match auth_type {
        AuthType::Connwl => None,
        _ => Some(sign_method(&parts)?),
    };
    // Aliyun skips the keepalive check for registration connections (documented), and refuses
    // other logins outside 30..=1200 s. The docs do not name the code; we send 2, Aliyun's code
    // for a bad connect parameter.
    let registering = matches!(auth_type, AuthType::Register | AuthType::Regnwl);
    if !registering && !KEEPALIVE_SECS.contains(&request.keep_alive) {
        return Err(Refusal::parameters(format!(
            "keepalive {} s is outside Aliyun's {}-{} s",
            request.keep_alive,
            KEEPALIVE_SECS.start(),
            KEEPALIVE_SECS.end()
        )));
    }
    let key = device_from_username(request.username)?;
    let password = request.password.unwrap_or("");
    match (auth_type, sign_method) {
        (AuthType::Signature, Some(method)) => {
            device_login::with_signature(registry, &key, &parts, method, password)
        }
        (AuthType::Connwl, _) => device_login::with_token(registry, &key, &parts, password),
        (AuthType::Register, Some(method)) => {
            registration::check_instance(registry, &key, &parts, securemode)?;
            registration::register(registry, &key, &parts, method, password)
        }
        (AuthType::Regnwl, Some(method)) => {
            registration::check_instance(registry, &key, &parts, securemode)?;
            registration::regnwl(registry, &key, &parts, method, password)
        }
        // `sign_method` is `Some` for every auth type but connwl.
        _ => Err(Refusal::parameters("the client id has no signmethod")),
    }
}

fn sign_method(parts: &ClientIdParams) -> Result<SignMethod, Refusal> {
    let name = parts
        .get("signmethod")
        .ok_or_else(|| Refusal::parameters("the client id has no signmethod"))?;
    SignMethod::parse(name).ok_or_else(|| {
        Refusal::parameters(format!(
            "signmethod={name} is not hmacmd5, hmacsha1 or hmacsha256"
        ))
    })
}

/// `${DeviceName}&${ProductKey}`.
fn device_from_username(username: Option<&str>) -> Result<DeviceKey, Refusal> {
    let username = username.unwrap_or("");
    match DeviceIdentity::from_username(username) {
        Some(device) => Ok(DeviceKey::new(device.product_key, device.device_name)),
        None => Err(Refusal::credentials(
            None,
            format!("username {username:?} is not DeviceName&ProductKey"),
        )),
    }
}

/// Compares hex signatures the way Aliyun does: case does not matter.
fn same_signature(expected: &str, given: &str) -> bool {
    expected.eq_ignore_ascii_case(given)
}

#[cfg(test)]
mod tests;
