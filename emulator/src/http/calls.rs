//! Synchronous calls to a device, answered by the device itself: RRPC (`/api/rrpc`, Aliyun's
//! RRpc API), Alink service calls (`/api/service`, InvokeThingService) and property set
//! (`/api/properties/set`, SetDeviceProperty).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::handlers::{body_of, require_device, Body, Shared, MAX_PAYLOAD};
use super::reply::{json_response, parse_body, payload_bytes, payload_fields, ApiError};
use crate::broker::{Broker, CallOutcome, CallRequest};
use crate::registry::DeviceKey;
use crate::system::alink;

/// Aliyun waits at most 8 s for a synchronous call (and by default that long).
const MAX_TIMEOUT_MS: u64 = 8_000;

/// `timeoutMs` from 1 to 8000, default 8000. Aliyun accepts 1000..=8000; shorter waits are
/// allowed here so that tests stay fast.
fn timeout_of(timeout_ms: Option<u64>) -> Result<Duration, ApiError> {
    let timeout_ms = timeout_ms.unwrap_or(MAX_TIMEOUT_MS);
    if (1..=MAX_TIMEOUT_MS).contains(&timeout_ms) {
        Ok(Duration::from_millis(timeout_ms))
    } else {
        Err(ApiError::bad_request(format!(
            "timeoutMs must be 1 to {MAX_TIMEOUT_MS} (Aliyun's limit is 8 s)"
        )))
    }
}

fn check_size(what: &str, len: usize) -> Result<(), ApiError> {
    if len > MAX_PAYLOAD {
        return Err(ApiError::bad_request(format!(
            "{what} has {len} bytes, over Aliyun's 256 KB limit"
        )));
    }
    Ok(())
}

fn ok(body: Value) -> Response {
    json_response(StatusCode::OK, &body)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RrpcRequest {
    product_key: String,
    device_name: String,
    payload: Option<String>,
    payload_base64: Option<String>,
    timeout_ms: Option<u64>,
}

/// `POST /api/rrpc`: a request on `/sys/${pk}/${dn}/rrpc/request/${messageId}`, answered on
/// `…/rrpc/response/${messageId}`.
pub async fn rrpc(State(broker): Shared, body: Body) -> Result<Response, ApiError> {
    let request: RrpcRequest = parse_body(&body_of(body)?)?;
    let payload = payload_bytes(request.payload, request.payload_base64)?;
    check_size("the payload", payload.len())?;
    let timeout = timeout_of(request.timeout_ms)?;
    let key = DeviceKey::new(&request.product_key, &request.device_name);
    require_device(&broker, &key)?;
    let device = key.identity();
    let outcome = broker.start_call(&key, "RRPC request", |id| CallRequest {
        topic: device.rrpc_request(id),
        payload: payload.into(),
        reply_topic: device.rrpc_response(id),
    });
    let call = match outcome {
        CallOutcome::Offline => return Ok(ok(json!({ "rrpcCode": "OFFLINE" }))),
        CallOutcome::Pending(call) => call,
    };
    let message_id = call.id.clone();
    Ok(ok(match broker.wait_for_answer(call, timeout).await {
        Some(answer) => {
            let (text, encoded) = payload_fields(&answer);
            json!({
                "rrpcCode": "SUCCESS",
                "messageId": message_id,
                "payload": text,
                "payloadBase64": encoded,
            })
        }
        None => json!({ "rrpcCode": "TIMEOUT", "messageId": message_id }),
    }))
}

/// Sends the Alink request `thing.service.${service}` (with `/` as `.`) on
/// `/sys/${pk}/${dn}/thing/service/${service}` and waits for the reply on `…_reply` with the
/// same id: `{"id","code","data","message"?}`, `{"id","timeout":true}` or `{"offline":true}`.
async fn alink_call(
    broker: &Broker,
    key: &DeviceKey,
    service: &str,
    params: &Map<String, Value>,
    timeout: Duration,
) -> Value {
    let method = format!("thing.service.{}", service.replace('/', "."));
    let device = key.identity();
    let topic = device.service(service);
    let origin = format!("{method} (HTTP API)");
    let outcome = broker.start_call(key, &origin, |id| CallRequest {
        payload: alink::service_request(id, &method, params).into(),
        reply_topic: device.service_reply(service),
        topic: topic.clone(),
    });
    let call = match outcome {
        CallOutcome::Offline => return json!({ "offline": true }),
        CallOutcome::Pending(call) => call,
    };
    let id = call.id.clone();
    match broker.wait_for_answer(call, timeout).await {
        Some(reply) => alink::call_result(&id, &reply),
        None => json!({ "id": id, "timeout": true }),
    }
}

/// A JSON object field of a request body, with a message naming it otherwise.
fn object_field(name: &str, value: Value) -> Result<Map<String, Value>, ApiError> {
    let len = value.to_string().len();
    match value {
        Value::Object(map) => {
            check_size(name, len)?;
            Ok(map)
        }
        other => Err(ApiError::bad_request(format!(
            "{name} must be a JSON object, not {other}"
        ))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ServiceRequest {
    product_key: String,
    device_name: String,
    identifier: String,
    params: Value,
    timeout_ms: Option<u64>,
}

/// `POST /api/service`: calls thing-model service `identifier` and returns the device's reply.
pub async fn service(State(broker): Shared, body: Body) -> Result<Response, ApiError> {
    let request: ServiceRequest = parse_body(&body_of(body)?)?;
    alink::check_service_identifier(&request.identifier).map_err(ApiError::bad_request)?;
    let params = object_field("params", request.params)?;
    let timeout = timeout_of(request.timeout_ms)?;
    let key = DeviceKey::new(&request.product_key, &request.device_name);
    require_device(&broker, &key)?;
    let result = alink_call(&broker, &key, &request.identifier, &params, timeout).await;
    Ok(ok(result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PropertySetRequest {
    product_key: String,
    device_name: String,
    items: Value,
    timeout_ms: Option<u64>,
}

/// `POST /api/properties/set`: sets properties on the device; when the device answers with
/// code 200, the items become its latest property values.
pub async fn properties_set(State(broker): Shared, body: Body) -> Result<Response, ApiError> {
    let request: PropertySetRequest = parse_body(&body_of(body)?)?;
    let items = object_field("items", request.items)?;
    let timeout = timeout_of(request.timeout_ms)?;
    let key = DeviceKey::new(&request.product_key, &request.device_name);
    require_device(&broker, &key)?;
    let result = alink_call(&broker, &key, "property/set", &items, timeout).await;
    if result["code"] == 200 {
        broker.record_properties(&key, &items);
    }
    Ok(ok(result))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_from_1_to_8000_ms() {
        assert_eq!(timeout_of(None), Ok(Duration::from_millis(8_000)));
        assert_eq!(timeout_of(Some(1)), Ok(Duration::from_millis(1)));
        assert!(timeout_of(Some(0)).is_err());
        assert!(timeout_of(Some(8_001)).is_err());
    }

    #[test]
    fn object_fields_name_themselves() {
        assert!(object_field("params", json!({"a": 1})).is_ok());
        let err = object_field("items", json!([1])).unwrap_err();
        assert!(
            err.message.contains("items must be a JSON object"),
            "{err:?}"
        );
        let big = json!({ "a": "x".repeat(MAX_PAYLOAD) });
        assert!(object_field("params", big)
            .unwrap_err()
            .message
            .contains("256 KB"));
    }
}
