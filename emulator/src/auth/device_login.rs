//! Device logins: the DeviceSecret signature, or a `regnwl` token (`authType=connwl`).

use mqtt_console::aliyun::{login_sign_content, sign, SignMethod};

use super::{same_signature, ClientIdParams, Login, Refusal};
use crate::registry::{DeviceKey, Registry};

/// The signed login. Sign content: `clientId${clientId}deviceName${dn}productKey${pk}`, plus
/// `timestamp${ts}` when the client id carries a timestamp (the parameters sorted by name).
pub fn with_signature(
    registry: &mut Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    method: SignMethod,
    password: &str,
) -> Result<Login, Refusal> {
    if registry.product(&key.product_key).is_none() {
        return Err(Refusal::credentials(
            Some(key),
            format!("unknown ProductKey {:?}", key.product_key),
        ));
    }
    let device = registry
        .device_mut(key)
        .ok_or_else(|| Refusal::credentials(Some(key), format!("unknown device {key}")))?;
    let Some(secret) = device.device_secret.as_deref() else {
        return Err(Refusal::credentials(
            Some(key),
            format!(
                "device {key} has no DeviceSecret yet: register it first (dynamic registration)"
            ),
        ));
    };
    let content = login_sign_content(
        &parts.client_id,
        &key.device_name,
        &key.product_key,
        parts.get("timestamp"),
    );
    let expected = sign(method, secret, &content);
    if !same_signature(&expected, password) {
        return Err(Refusal::credentials(
            Some(key),
            format!(
                "wrong password: not {} of {content:?} with the DeviceSecret",
                method.as_str()
            ),
        ));
    }
    device.activated = true;
    Ok(Login::Device {
        key: key.clone(),
        client_id: parts.client_id.clone(),
    })
}

/// The `connwl` login: the client id and token a `regnwl` registration handed out.
pub fn with_token(
    registry: &mut Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    password: &str,
) -> Result<Login, Refusal> {
    let device = registry
        .device_mut(key)
        .ok_or_else(|| Refusal::credentials(Some(key), format!("unknown device {key}")))?;
    let Some(token) = &device.token else {
        return Err(Refusal::credentials(
            Some(key),
            format!("device {key} has no device token: register it with authType=regnwl first"),
        ));
    };
    if token.client_id != parts.client_id {
        return Err(Refusal::credentials(
            Some(key),
            format!(
                "clientId {:?} is not the one registered with the token ({:?})",
                parts.client_id, token.client_id
            ),
        ));
    }
    if token.token != password {
        return Err(Refusal::credentials(Some(key), "wrong device token"));
    }
    device.activated = true;
    Ok(Login::Device {
        key: key.clone(),
        client_id: parts.client_id.clone(),
    })
}
