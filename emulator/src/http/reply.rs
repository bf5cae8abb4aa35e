//! JSON in and out of the HTTP API: every error is `{"error":"plain-language reason"}`.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// An API error with its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// 400: the request is wrong.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: no such device or endpoint.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &json!({ "error": self.message }))
    }
}

/// A JSON response. `body` is serialized straight to bytes: going through a `Value` first
/// would build a tree of maps many times the size of the text for `GET /api/log`.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            json!({ "error": format!("the answer could not be written as JSON: {e}") }).to_string(),
        )
            .into_response(),
    }
}

/// Reads a JSON request body into `T`, with serde's message on failure (it names the field).
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request("the request needs a JSON body"));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

/// The message bytes from exactly one of `payload` (text) and `payloadBase64`.
pub fn payload_bytes(text: Option<String>, base64: Option<String>) -> Result<Vec<u8>, ApiError> {
    match (text, base64) {
        (Some(text), None) => Ok(text.into_bytes()),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|e| ApiError::bad_request(format!("payloadBase64 is not base64: {e}"))),
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "give either payload or payloadBase64, not both",
        )),
        (None, None) => Err(ApiError::bad_request(
            "give the message as payload (text) or payloadBase64",
        )),
    }
}

/// `payload` (text or null) and `payloadBase64` fields for a message going back to the caller.
pub fn payload_fields(bytes: &[u8]) -> (Value, Value) {
    let text = std::str::from_utf8(bytes)
        .map(|s| Value::String(s.to_string()))
        .unwrap_or(Value::Null);
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    (text, Value::String(encoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_needs_exactly_one_form() {
        assert_eq!(payload_bytes(Some("hi".into()), None).unwrap(), b"hi");
        assert_eq!(payload_bytes(None, Some("aGk=".into())).unwrap(), b"hi");
        assert!(payload_bytes(None, Some("%%".into())).is_err());
        assert!(payload_bytes(Some("a".into()), Some("YQ==".into())).is_err());
        assert!(payload_bytes(None, None).is_err());
    }

    #[test]
    fn payload_fields_for_text_and_binary() {
        assert_eq!(payload_fields(b"hi"), (json!("hi"), json!("aGk=")));
        assert_eq!(payload_fields(&[0xff]), (Value::Null, json!("/w==")));
    }
}
