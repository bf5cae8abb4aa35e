//! The API's handlers. Bodies and query strings are read by hand so that every error comes back
//! as `{"error":...}` rather than axum's plain-text rejections.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use mqtt_console::mqtt::check_topic;
use serde::Deserialize;
use serde_json::json;

use super::log_body::log_response;
use super::owner_of;
use super::reply::{json_response, parse_body, payload_bytes, ApiError};
use crate::broker::{Broker, LogFilter};
use crate::mqtt::MessageProperties;
use crate::registry::DeviceKey;

/// Aliyun's limit on one message.
pub(super) const MAX_PAYLOAD: usize = 256 * 1024;

pub(super) type Shared = State<Arc<Broker>>;
pub(super) type Body = Result<Bytes, BytesRejection>;
pub(super) type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(super) fn body_of(body: Body) -> Result<Bytes, ApiError> {
    body.map_err(|e| ApiError::bad_request(format!("could not read the request body: {e}")))
}

pub(super) fn params_of(
    params: Params,
    known: &[&str],
) -> Result<HashMap<String, String>, ApiError> {
    let Query(params) =
        params.map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))?;
    if let Some(unknown) = params.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "unknown query parameter {unknown:?}; known: {}",
            known.join(", ")
        )));
    }
    Ok(params)
}

/// `GET /api/health`
pub async fn health() -> Response {
    json_response(StatusCode::OK, &json!({ "ok": true }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PublishRequest {
    topic: String,
    payload: Option<String>,
    payload_base64: Option<String>,
    qos: Option<u8>,
    /// MQTT 5 user properties, in order; a 3.1.1 device gets the message without them.
    user_properties: Option<Vec<UserPropertyJson>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserPropertyJson {
    key: String,
    value: String,
}

/// Aliyun's limit on user properties, and MQTT's on one string.
fn user_properties(list: Option<Vec<UserPropertyJson>>) -> Result<MessageProperties, ApiError> {
    let list = list.unwrap_or_default();
    let max = mqtt_console::aliyun::MAX_USER_PROPERTIES;
    if !mqtt_console::aliyun::user_properties_allowed(list.len()) {
        return Err(ApiError::bad_request(format!(
            "userProperties has {} entries; Aliyun processes at most {max}",
            list.len()
        )));
    }
    if list.iter().any(|p| {
        p.key.len() > 65_535
            || p.value.len() > 65_535
            || p.key.contains('\0')
            || p.value.contains('\0')
    }) {
        return Err(ApiError::bad_request(
            "a user property key or value is over 65,535 bytes or contains U+0000",
        ));
    }
    Ok(MessageProperties {
        user_properties: list.into_iter().map(|p| (p.key, p.value)).collect(),
        ..MessageProperties::default()
    })
}

/// `POST /api/publish`: a cloud → device message, like Aliyun's Pub API.
pub async fn publish(State(broker): Shared, body: Body) -> Result<Response, ApiError> {
    let request: PublishRequest = parse_body(&body_of(body)?)?;
    check_topic(&request.topic).map_err(|e| ApiError::bad_request(format!("topic: {e}")))?;
    let qos = request.qos.unwrap_or(0);
    if qos > 1 {
        return Err(ApiError::bad_request(
            "qos must be 0 or 1 (Aliyun has no QoS 2)",
        ));
    }
    let properties = user_properties(request.user_properties)?;
    let payload = payload_bytes(request.payload, request.payload_base64)?;
    if payload.len() > MAX_PAYLOAD {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "the payload has {} bytes; Aliyun's limit is 256 KB",
                payload.len()
            ),
        });
    }
    let key = owner_of(&request.topic).ok_or_else(|| {
        ApiError::bad_request(format!(
            "cannot tell the device from topic {:?}; expected /ProductKey/DeviceName/..., /sys/ProductKey/DeviceName/... or another device topic",
            request.topic
        ))
    })?;
    require_device(&broker, &key)?;
    broker
        .may_receive(&key, &request.topic)
        .map_err(|reason| ApiError {
            status: StatusCode::FORBIDDEN,
            message: reason,
        })?;
    let message_id = broker.next_message_id();
    let origin = format!("HTTP API, messageId {message_id}");
    let delivery = broker.deliver_with(
        &key,
        &request.topic,
        payload.into(),
        qos,
        properties,
        &origin,
    );
    Ok(json_response(
        StatusCode::OK,
        &json!({ "messageId": message_id, "delivered": delivery.delivered() }),
    ))
}

/// `GET /api/devices`
pub async fn devices(State(broker): Shared) -> Response {
    json_response(StatusCode::OK, &json!({ "devices": broker.devices() }))
}

/// `GET /api/devices/online`
pub async fn devices_online(State(broker): Shared) -> Response {
    let online: Vec<_> = broker.devices().into_iter().filter(|d| d.online).collect();
    json_response(StatusCode::OK, &json!({ "devices": online }))
}

/// `GET /api/version-lock?productKey=&deviceName=`: whether the device is under Aliyun's
/// MQTT 5 version lock (it logged in with MQTT 5, so its 3.1.1 logins are refused).
pub async fn version_lock(State(broker): Shared, params: Params) -> Result<Response, ApiError> {
    let key = device_in_query(params)?;
    require_device(&broker, &key)?;
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "productKey": key.product_key,
            "deviceName": key.device_name,
            "mqtt5Locked": broker.mqtt5_locked(&key),
        }),
    ))
}

/// `DELETE /api/version-lock?productKey=&deviceName=`: lifts the lock (what a developer needs
/// after trying MQTT 5 on a demo device; Aliyun itself offers no way back).
pub async fn clear_version_lock(
    State(broker): Shared,
    params: Params,
) -> Result<Response, ApiError> {
    let key = device_in_query(params)?;
    require_device(&broker, &key)?;
    let was = broker.clear_mqtt5_lock(&key);
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "productKey": key.product_key,
            "deviceName": key.device_name,
            "mqtt5Locked": false,
            "cleared": was,
        }),
    ))
}

/// `GET /api/log?since=&productKey=&deviceName=&topic=`
pub async fn log(State(broker): Shared, params: Params) -> Result<Response, ApiError> {
    let mut params = params_of(params, &["since", "productKey", "deviceName", "topic"])?;
    let since = match params.remove("since") {
        None => 0,
        Some(text) => text.parse().map_err(|_| {
            ApiError::bad_request(format!("since={text:?} is not a sequence number"))
        })?,
    };
    let filter = LogFilter {
        since,
        product_key: params.remove("productKey"),
        device_name: params.remove("deviceName"),
        topic: params.remove("topic"),
    };
    Ok(log_response(broker.log_entries(&filter)))
}

/// `GET /api/properties?productKey=&deviceName=`: the latest values from property posts.
pub async fn properties(State(broker): Shared, params: Params) -> Result<Response, ApiError> {
    let key = device_in_query(params)?;
    require_device(&broker, &key)?;
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "productKey": key.product_key,
            "deviceName": key.device_name,
            "properties": broker.properties(&key),
        }),
    ))
}

/// The device of a `?productKey=&deviceName=` query (existence not checked).
pub(super) fn device_in_query(params: Params) -> Result<DeviceKey, ApiError> {
    let params = params_of(params, &["productKey", "deviceName"])?;
    let (Some(pk), Some(dn)) = (params.get("productKey"), params.get("deviceName")) else {
        return Err(ApiError::bad_request("give productKey and deviceName"));
    };
    Ok(DeviceKey::new(pk, dn))
}

/// Any other path.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no API at {}; see the emulator's README",
        uri.path()
    ))
}

/// A known path with the wrong method.
pub async fn method_not_allowed(uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!("{} does not take this method", uri.path()),
    }
}

pub(super) fn require_device(broker: &Broker, key: &DeviceKey) -> Result<(), ApiError> {
    if broker.device_exists(key) {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "no device {key} in the registry"
        )))
    }
}
