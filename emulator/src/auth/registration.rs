//! Dynamic registration over MQTT (one-product-one-secret).
//!
//! Aliyun's rules, as documented: the product must have dynamic registration on; the password is
//! HMAC(ProductSecret, `deviceName${dn}productKey${pk}random${random}`); `register` needs a
//! pre-registered device that is not yet activated, and issues a DIFFERENT DeviceSecret each
//! time it is repeated (the earlier one stops working); an activated device must be reset in
//! the console before it can register again, so we refuse it. `regnwl` needs no
//! pre-registration and hands out a device token for `authType=connwl` logins.

use mqtt_console::aliyun::{
    registration_sign_content, sign, SignMethod, REGISTER_TOPIC, REGNWL_TOPIC,
};
use serde_json::json;

use super::{same_signature, ClientIdParams, Login, Refusal};
use crate::ids::new_secret;
use crate::registry::{check_device_name, Device, DeviceKey, DeviceToken, Registry};

/// What the cloud pushes on a registration connection right after CONNACK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationReply {
    /// `/ext/register` or `/ext/regnwl`.
    pub topic: String,
    /// The JSON document.
    pub payload: Vec<u8>,
}

/// `authType=register`: returns the device's new DeviceSecret on `/ext/register`.
pub fn register(
    registry: &mut Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    method: SignMethod,
    password: &str,
) -> Result<Login, Refusal> {
    check_product_signature(registry, key, parts, method, password)?;
    let device = registry.device_mut(key).ok_or_else(|| {
        Refusal::credentials(
            Some(key),
            format!("device {key} is not pre-registered (use authType=regnwl, or add it to the registry)"),
        )
    })?;
    if device.activated {
        return Err(Refusal::credentials(
            Some(key),
            format!(
                "device {key} is already activated; Aliyun registers it again only after a reset"
            ),
        ));
    }
    let secret = new_secret();
    device.device_secret = Some(secret.clone());
    let payload = json!({
        "productKey": key.product_key,
        "deviceName": key.device_name,
        "deviceSecret": secret,
    });
    Ok(Login::Registration {
        key: key.clone(),
        client_id: parts.client_id.clone(),
        reply: RegistrationReply {
            topic: REGISTER_TOPIC.into(),
            payload: payload.to_string().into_bytes(),
        },
    })
}

/// `authType=regnwl`: creates the device if needed and returns a token on `/ext/regnwl`. The
/// clientId to log in with later is the one used here.
pub fn regnwl(
    registry: &mut Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    method: SignMethod,
    password: &str,
) -> Result<Login, Refusal> {
    check_product_signature(registry, key, parts, method, password)?;
    check_device_name(&key.device_name).map_err(Refusal::parameters)?;
    let product = registry.product_mut(&key.product_key).ok_or_else(|| {
        // Checked by `check_product_signature`; kept as a refusal rather than a panic.
        Refusal::credentials(
            Some(key),
            format!("unknown ProductKey {:?}", key.product_key),
        )
    })?;
    let device = product
        .devices
        .entry(key.device_name.clone())
        .or_insert_with(|| Device::new(&key.device_name, None));
    let token = new_secret();
    device.token = Some(DeviceToken {
        client_id: parts.client_id.clone(),
        token: token.clone(),
    });
    let payload = json!({
        "clientId": parts.client_id,
        "productKey": key.product_key,
        "deviceName": key.device_name,
        "deviceToken": token,
    });
    Ok(Login::Registration {
        key: key.clone(),
        client_id: parts.client_id.clone(),
        reply: RegistrationReply {
            topic: REGNWL_TOPIC.into(),
            payload: payload.to_string().into_bytes(),
        },
    })
}

/// New instances register with `securemode=-2,instanceId=${id}`: the id must be the
/// emulator's. A missing one is a parameter error (CONNACK 2); a wrong one is refused like an
/// unknown product (CONNACK 4), since the product is not in that instance. The older
/// `securemode=2` form is unchanged and needs no instance id.
pub fn check_instance(
    registry: &Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    securemode: &str,
) -> Result<(), Refusal> {
    if securemode != "-2" {
        return Ok(());
    }
    match parts.get("instanceid") {
        None | Some("") => Err(Refusal::parameters(
            "securemode=-2 registration needs instanceId=... in the client id",
        )),
        Some(id) if id == registry.instance_id() => Ok(()),
        Some(id) => Err(Refusal::credentials(
            Some(key),
            format!(
                "instanceId={id} is not this instance ({}); product {} is not in it",
                registry.instance_id(),
                key.product_key
            ),
        )),
    }
}

fn check_product_signature(
    registry: &Registry,
    key: &DeviceKey,
    parts: &ClientIdParams,
    method: SignMethod,
    password: &str,
) -> Result<(), Refusal> {
    let random = parts
        .get("random")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            Refusal::parameters("dynamic registration needs random=... in the client id")
        })?;
    let product = registry.product(&key.product_key).ok_or_else(|| {
        Refusal::credentials(
            Some(key),
            format!("unknown ProductKey {:?}", key.product_key),
        )
    })?;
    let secret = match (&product.product_secret, product.dynamic_registration) {
        (Some(secret), true) => secret,
        _ => {
            return Err(Refusal::credentials(
                Some(key),
                format!(
                    "dynamic registration is off for product {}",
                    key.product_key
                ),
            ))
        }
    };
    let content = registration_sign_content(&key.device_name, &key.product_key, random);
    if !same_signature(&sign(method, secret, &content), password) {
        return Err(Refusal::credentials(
            Some(key),
            format!(
                "wrong registration password: not {} of {content:?} with the ProductSecret",
                method.as_str()
            ),
        ));
    }
    Ok(())
}
