//! The cloud's side of the shadow: Aliyun's UpdateDeviceShadow changes `desired`.

use serde_json::Value;

use super::{Shadow, MAX_ATTRIBUTES};

/// A refused update of `desired` from the cloud (the HTTP API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DesiredError {
    /// The message is malformed (HTTP 400).
    Invalid(String),
    /// The version is not larger than the shadow's (HTTP 409).
    Conflict(String),
}

impl Shadow {
    /// Applies the cloud's `{"method":"update","state":{"desired":{…}},"version":N}` (Aliyun's
    /// UpdateDeviceShadow) and returns the new version. Version 0 skips the version check and
    /// takes the next version; otherwise N must be larger than the shadow's version. A desired
    /// attribute set to `"null"` is deleted.
    pub fn update_desired(&mut self, message: &Value, now: u64) -> Result<u64, DesiredError> {
        let invalid = |reason: &str| Err(DesiredError::Invalid(format!("shadowMessage: {reason}")));
        let Some(message) = message.as_object() else {
            return invalid("must be a JSON object");
        };
        match message.get("method").and_then(Value::as_str) {
            Some("update") => {}
            Some(other) => return invalid(&format!("method {other:?} must be \"update\"")),
            None => return invalid("method must be \"update\""),
        }
        let Some(state) = message.get("state").and_then(Value::as_object) else {
            return invalid("state must be a JSON object with desired");
        };
        if let Some(unknown) = state.keys().find(|k| *k != "desired") {
            return invalid(&format!(
                "state.{unknown} cannot be set by the cloud; only desired (reported comes from the device)"
            ));
        }
        let desired = match state.get("desired") {
            Some(Value::Object(desired)) if !desired.is_empty() => desired,
            Some(Value::Object(_)) => return invalid("state.desired is empty"),
            _ => return invalid("state.desired must be a JSON object"),
        };
        let asked = match message.get("version") {
            Some(v) => match v.as_u64() {
                Some(n) => n,
                None => return invalid(&format!("version {v} is not a whole number ≥ 0")),
            },
            None => return invalid("version is missing (0 skips the version check)"),
        };
        let version = match asked {
            0 => self.version.saturating_add(1),
            n if n > self.version => n,
            n => {
                return Err(DesiredError::Conflict(format!(
                    "version conflict: version {n} is not larger than the shadow's version {}; send a larger version, or 0 to skip the check",
                    self.version
                )))
            }
        };
        let mut next = self.desired.clone();
        next.apply(desired, true, now);
        if next.values.len() > MAX_ATTRIBUTES {
            return invalid(&format!(
                "desired would have {} attributes; the limit is {MAX_ATTRIBUTES}",
                next.values.len()
            ));
        }
        self.desired = next;
        self.version = version;
        Ok(version)
    }
}
