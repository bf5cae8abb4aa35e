//! Device shadow, the device's side: requests on `/shadow/update/${pk}/${dn}`, answers and the
//! cloud's desired-state pushes on `/shadow/get/${pk}/${dn}`.
//!
//! The shadow has a version: an update is accepted only with a version greater than the
//! current one (else error 409), so the device keeps the last version it saw and sends the
//! next one.

use serde_json::{json, Map, Value};

use super::alink::{json_object, AlinkError};
/// Asks for the whole shadow.
pub fn shadow_get_request() -> String {
    json!({ "method": "get" }).to_string()
}

/// Reports `reported_json` (a JSON object of attributes) as shadow version `version`.
pub fn shadow_report(reported_json: &str, version: u64) -> Result<String, AlinkError> {
    let reported = json_object(reported_json)?;
    Ok(json!({
        "method": "update",
        "state": { "reported": reported },
        "version": version,
    })
    .to_string())
}

/// Takes the desired state on: reports it and clears `desired`, as version `version`.
pub fn shadow_accept_desired(desired: &Map<String, Value>, version: u64) -> String {
    json!({
        "method": "update",
        "state": { "reported": desired, "desired": "null" },
        "version": version,
    })
    .to_string()
}

/// The shadow's two halves and its version.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShadowState {
    /// What the device last reported.
    pub reported: Map<String, Value>,
    /// What the cloud wants.
    pub desired: Map<String, Value>,
    /// The shadow's version.
    pub version: u64,
}

/// A message on `/shadow/get/…`.
#[derive(Clone, Debug, PartialEq)]
pub enum ShadowMessage {
    /// An update or delete was accepted; the shadow is now at `version`.
    Accepted {
        /// The new version.
        version: u64,
    },
    /// The answer to a get.
    Document(ShadowState),
    /// The cloud changed the desired state.
    Control(ShadowState),
    /// A request was refused.
    Refused {
        /// Aliyun's shadow error code, e.g. 409.
        code: u16,
        /// The cloud's own words.
        message: String,
    },
}

fn object(v: Option<&Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

fn version_of(v: Option<&Value>) -> Option<u64> {
    match v {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

/// Reads a message on the shadow's get topic.
pub fn parse_shadow(payload: &[u8]) -> Result<ShadowMessage, AlinkError> {
    let bad = |why: &str| AlinkError::BadReply(format!("shadow message: {why}"));
    let doc: Value =
        serde_json::from_slice(payload).map_err(|e| bad(&format!("not JSON ({e})")))?;
    let method = doc
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let body = doc.get("payload").ok_or_else(|| bad("no payload"))?;
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if status == "error" {
        let content = body.get("content");
        let code = content
            .and_then(|c| c.get("errorcode"))
            .and_then(|c| match c {
                Value::String(s) => s.parse().ok(),
                Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
                _ => None,
            })
            .ok_or_else(|| bad("an error without errorcode"))?;
        let message = content
            .and_then(|c| c.get("errormessage"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        return Ok(ShadowMessage::Refused { code, message });
    }
    if status != "success" {
        return Err(bad("status is neither success nor error"));
    }
    let version = version_of(doc.get("version")).or_else(|| version_of(body.get("version")));
    let state = body.get("state");
    match (method, state) {
        ("control", _) | ("reply", Some(_)) => {
            let state = ShadowState {
                reported: object(state.and_then(|s| s.get("reported"))),
                desired: object(state.and_then(|s| s.get("desired"))),
                version: version.ok_or_else(|| bad("no version"))?,
            };
            Ok(if method == "control" {
                ShadowMessage::Control(state)
            } else {
                ShadowMessage::Document(state)
            })
        }
        ("reply", None) => Ok(ShadowMessage::Accepted {
            version: version.ok_or_else(|| bad("no version"))?,
        }),
        _ => Err(bad("method is neither reply nor control")),
    }
}

/// What a shadow error code means, for the UI to word (in the i18n layer (`src/i18n`)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShadowCode {
    /// 400: the request is not valid JSON.
    NotJson,
    /// 401: the request has no method.
    NoMethod,
    /// 402: the request has no state.
    NoState,
    /// 403: the version is not a number.
    VersionNotNumber,
    /// 404: the request has no reported state.
    NoReported,
    /// 405: the reported state is empty.
    EmptyReported,
    /// 406: the method is not update, get or delete.
    BadMethod,
    /// 407: the shadow is empty.
    EmptyShadow,
    /// 408: more than 128 reported attributes.
    TooManyAttributes,
    /// 409: the shadow already has this or a later version.
    VersionConflict,
    /// 500: the cloud's internal error.
    InternalError,
    /// Any code this app does not know.
    Unknown(u16),
}

impl ShadowCode {
    /// Reads the `errorcode` of a refused shadow request.
    pub fn from_code(code: u16) -> ShadowCode {
        match code {
            400 => ShadowCode::NotJson,
            401 => ShadowCode::NoMethod,
            402 => ShadowCode::NoState,
            403 => ShadowCode::VersionNotNumber,
            404 => ShadowCode::NoReported,
            405 => ShadowCode::EmptyReported,
            406 => ShadowCode::BadMethod,
            407 => ShadowCode::EmptyShadow,
            408 => ShadowCode::TooManyAttributes,
            409 => ShadowCode::VersionConflict,
            500 => ShadowCode::InternalError,
            other => ShadowCode::Unknown(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests() {
        let dev = crate::aliyun::DeviceIdentity::new("pk", "dn");
        assert_eq!(dev.shadow_update(), "/shadow/update/pk/dn");
        assert_eq!(dev.shadow_get(), "/shadow/get/pk/dn");
        assert_eq!(shadow_get_request(), r#"{"method":"get"}"#);
        let v: Value =
            serde_json::from_str(&shadow_report(r#"{"color":"red"}"#, 3).unwrap()).unwrap();
        assert_eq!(v["state"]["reported"]["color"], "red");
        assert_eq!(
            (v["method"].as_str(), v["version"].as_u64()),
            (Some("update"), Some(3))
        );
        assert_eq!(shadow_report("[]", 1), Err(AlinkError::ParamsNotObject));
        assert!(matches!(
            shadow_report("{", 1),
            Err(AlinkError::ParamsNotJson { .. })
        ));
        let mut desired = Map::new();
        desired.insert("color".into(), json!("green"));
        let v: Value = serde_json::from_str(&shadow_accept_desired(&desired, 5)).unwrap();
        assert_eq!(v["state"]["reported"]["color"], "green");
        assert_eq!(v["state"]["desired"], "null");
        assert_eq!(v["version"], 5);
    }

    #[test]
    fn answers_and_pushes() {
        let ok = br#"{"method":"reply","payload":{"status":"success","version":4},"timestamp":1}"#;
        assert_eq!(parse_shadow(ok), Ok(ShadowMessage::Accepted { version: 4 }));
        let doc = br#"{"method":"reply","payload":{"status":"success","state":{"reported":{"a":1}},"metadata":{}},"version":7,"timestamp":1}"#;
        let ShadowMessage::Document(s) = parse_shadow(doc).unwrap() else {
            panic!("a document")
        };
        assert_eq!(
            (s.version, s.reported["a"].as_i64(), s.desired.len()),
            (7, Some(1), 0)
        );
        let control = br#"{"method":"control","payload":{"status":"success","state":{"reported":{"a":1},"desired":{"a":2}},"metadata":{}},"version":8,"timestamp":1}"#;
        assert!(
            matches!(parse_shadow(control), Ok(ShadowMessage::Control(s)) if s.desired["a"] == 2 && s.version == 8)
        );
        let refused = br#"{"method":"reply","payload":{"status":"error","content":{"errorcode":"409","errormessage":"version conflict"}},"timestamp":1}"#;
        assert_eq!(
            parse_shadow(refused),
            Ok(ShadowMessage::Refused {
                code: 409,
                message: "version conflict".into()
            })
        );
        assert_eq!(ShadowCode::from_code(409), ShadowCode::VersionConflict);
        for bad in [
            &b"x"[..],
            br#"{"method":"reply"}"#,
            br#"{"method":"x","payload":{"status":"success"}}"#,
            br#"{"method":"reply","payload":{"status":"success"}}"#,
        ] {
            assert!(
                parse_shadow(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
