//! The device shadow from the cloud's side: read it (`GET /api/shadow`, Aliyun's
//! GetDeviceShadow) and change `desired` (`POST /api/shadow`, UpdateDeviceShadow), which pushes
//! the document to the device as a `control` message.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use super::handlers::{body_of, device_in_query, require_device, Body, Params, Shared};
use super::reply::{json_response, parse_body, ApiError};
use crate::clock::now_ms;
use crate::registry::DeviceKey;
use crate::system::shadow::DesiredError;

/// `GET /api/shadow?productKey=&deviceName=`:
/// `{"productKey","deviceName","version","state":{"reported","desired"},"metadata":{…}}`.
pub async fn get_shadow(State(broker): Shared, params: Params) -> Result<Response, ApiError> {
    let key = device_in_query(params)?;
    require_device(&broker, &key)?;
    let shadow = broker.shadow(&key);
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "productKey": key.product_key,
            "deviceName": key.device_name,
            "version": shadow.version(),
            "state": shadow.state(false),
            "metadata": shadow.metadata(false),
        }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct UpdateShadowRequest {
    product_key: String,
    device_name: String,
    shadow_message: Value,
}

/// `POST /api/shadow`: `shadowMessage` is `{"method":"update","state":{"desired":{…}},
/// "version":N}`, as an object or as a string holding that JSON (Aliyun's API takes a string).
/// Answers `{"version","delivered"}`; a version conflict is HTTP 409.
pub async fn update_shadow(State(broker): Shared, body: Body) -> Result<Response, ApiError> {
    let request: UpdateShadowRequest = parse_body(&body_of(body)?)?;
    let message = match request.shadow_message {
        Value::String(text) => serde_json::from_str(&text).map_err(|e| {
            ApiError::bad_request(format!("shadowMessage is a string but not JSON: {e}"))
        })?,
        message => message,
    };
    let key = DeviceKey::new(&request.product_key, &request.device_name);
    require_device(&broker, &key)?;
    match broker.shadow_update_desired(&key, &message, now_ms() / 1000) {
        Ok((version, delivery)) => Ok(json_response(
            StatusCode::OK,
            &json!({ "version": version, "delivered": delivery.delivered() }),
        )),
        Err(DesiredError::Invalid(reason)) => Err(ApiError::bad_request(reason)),
        Err(DesiredError::Conflict(reason)) => Err(ApiError {
            status: StatusCode::CONFLICT,
            message: reason,
        }),
    }
}
