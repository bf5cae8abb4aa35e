//! Alink, the JSON of `/sys/…` topics. Device → cloud: property post
//! `/sys/${pk}/${dn}/thing/event/property/post` and event post `…/thing/event/${identifier}/post`,
//! each answered on `…/post_reply`. Cloud → device: service calls
//! `/sys/${pk}/${dn}/thing/service/${identifier}` and property set `…/thing/service/property/set`,
//! which the device answers on `…_reply` with the request's `id`.

use serde_json::{json, Map, Value};

/// Aliyun's code for a malformed request ("request parameter error").
pub const CODE_BAD_REQUEST: u16 = 460;

/// What the cloud does with one post.
#[derive(Clone, Debug, PartialEq)]
pub struct PostOutcome {
    /// The reply JSON; `None` when the request asked for none (`"sys":{"ack":0}`).
    pub reply: Option<Vec<u8>>,
    /// The posted `params` when the request was valid.
    pub properties: Option<Map<String, Value>>,
}

/// Answers a post of event `identifier` (`property` for property post). A valid request gets
/// code 200; invalid JSON, a missing or non-string/number `id`, or `params` that is not an
/// object get code 460 with the reason. `id` is echoed as a string, the type Alink uses.
pub fn post_reply(identifier: &str, request: &[u8]) -> PostOutcome {
    let method = format!("thing.event.{identifier}.post");
    let doc: Value = match serde_json::from_slice(request) {
        Ok(doc @ Value::Object(_)) => doc,
        Ok(_) => return refused(&method, "", "the request is not a JSON object"),
        Err(e) => return refused(&method, "", &format!("the request is not JSON: {e}")),
    };
    let id = match doc.get("id") {
        Some(value) => match id_text(value) {
            Some(id) => id,
            None => return refused(&method, "", "id must be a string"),
        },
        None => return refused(&method, "", "id is missing"),
    };
    let params = match doc.get("params") {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return refused(&method, &id, "params must be a JSON object"),
    };
    // Alink: "sys":{"ack":0} asks the cloud not to reply.
    let wants_reply = doc.pointer("/sys/ack").and_then(Value::as_i64) != Some(0);
    let reply = json!({
        "code": 200,
        "data": {},
        "id": id,
        "message": "success",
        "method": method,
        "version": "1.0",
    });
    PostOutcome {
        reply: wants_reply.then(|| reply.to_string().into_bytes()),
        properties: Some(params),
    }
}

/// An Alink `id` as text: Alink sends strings, but numbers are common and accepted.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Longest thing-model identifier Aliyun accepts.
pub const MAX_IDENTIFIER: usize = 50;

/// Checks a thing-model service identifier: 1 to 50 letters, digits and `_`, as Aliyun's
/// thing model requires. One ending in `_reply` is refused too: its request topic would read as
/// a reply topic.
pub fn check_service_identifier(identifier: &str) -> Result<(), String> {
    if identifier == "property/set" {
        return Err(
            "property/set is not a service identifier here; use /api/properties/set".to_string(),
        );
    }
    if let Some(bad) = identifier
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(format!(
            "identifier {identifier:?} has {bad:?}; only letters, digits and _ are allowed"
        ));
    }
    if identifier.is_empty() || identifier.len() > MAX_IDENTIFIER {
        return Err(format!(
            "identifier must be 1 to {MAX_IDENTIFIER} characters, not {}",
            identifier.len()
        ));
    }
    if identifier.ends_with("_reply") {
        return Err(format!(
            "identifier {identifier:?} ends in _reply, which would make its topic a reply topic"
        ));
    }
    Ok(())
}

/// A cloud → device request: `{"id","version":"1.0","params","method"}`.
pub fn service_request(id: &str, method: &str, params: &Map<String, Value>) -> Vec<u8> {
    json!({ "id": id, "version": "1.0", "params": params, "method": method })
        .to_string()
        .into_bytes()
}

/// The `id` of a device's reply, as text; `None` when the reply is not a JSON object with a
/// string or numeric id (such a reply answers nothing).
pub fn reply_id(reply: &[u8]) -> Option<String> {
    let doc: Value = serde_json::from_slice(reply).ok()?;
    id_text(doc.get("id")?)
}

/// What the HTTP caller gets from a device's reply to call `id`:
/// `{"id","code","data","message"}`, with `code` and `data` null when the device left them out,
/// and `message` only when the device sent one.
pub fn call_result(id: &str, reply: &[u8]) -> Value {
    let doc: Value = serde_json::from_slice(reply).unwrap_or(Value::Null);
    let field = |name: &str| doc.get(name).cloned().unwrap_or(Value::Null);
    let mut result = json!({ "id": id, "code": field("code"), "data": field("data") });
    if let Some(message) = doc.get("message") {
        result["message"] = message.clone();
    }
    result
}

fn refused(method: &str, id: &str, reason: &str) -> PostOutcome {
    let reply = json!({
        "code": CODE_BAD_REQUEST,
        "data": {},
        "id": id,
        "message": format!("request parameter error: {reason}"),
        "method": method,
        "version": "1.0",
    });
    PostOutcome {
        reply: Some(reply.to_string().into_bytes()),
        properties: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply_of(outcome: &PostOutcome) -> Value {
        serde_json::from_slice(outcome.reply.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn valid_property_post() {
        let request = br#"{"id":"123","version":"1.0","params":{"temp":21.5},"method":"thing.event.property.post"}"#;
        let outcome = post_reply("property", request);
        let text = String::from_utf8(outcome.reply.clone().unwrap()).unwrap();
        assert_eq!(
            text,
            r#"{"code":200,"data":{},"id":"123","message":"success","method":"thing.event.property.post","version":"1.0"}"#
        );
        assert_eq!(outcome.properties.unwrap()["temp"], 21.5);
    }

    #[test]
    fn event_post_and_numeric_id() {
        let outcome = post_reply("alarm", br#"{"id":7,"params":{"value":{"level":2}}}"#);
        let reply = reply_of(&outcome);
        assert_eq!(reply["method"], "thing.event.alarm.post");
        assert_eq!(reply["id"], "7");
        assert_eq!(reply["code"], 200);
    }

    #[test]
    fn ack_zero_means_no_reply() {
        let outcome = post_reply(
            "property",
            br#"{"id":"1","sys":{"ack":0},"params":{"a":1}}"#,
        );
        assert_eq!(outcome.reply, None);
        assert!(outcome.properties.is_some());
        let outcome = post_reply("property", br#"{"id":"1","sys":{"ack":1},"params":{}}"#);
        assert!(outcome.reply.is_some());
    }

    #[test]
    fn malformed_posts_get_460() {
        for (request, id, reason) in [
            (&b"not json"[..], "", "not JSON"),
            (b"[1]", "", "not a JSON object"),
            (br#"{"params":{}}"#, "", "id is missing"),
            (br#"{"id":true}"#, "", "id must be"),
            (br#"{"id":"9","params":[1]}"#, "9", "params must be"),
        ] {
            let outcome = post_reply("property", request);
            let reply = reply_of(&outcome);
            assert_eq!(reply["code"], 460, "{reply}");
            assert_eq!(reply["id"], id);
            assert!(
                reply["message"].as_str().unwrap().contains(reason),
                "{reply}"
            );
            assert_eq!(outcome.properties, None);
        }
    }

    #[test]
    fn service_identifiers() {
        for ok in ["reboot", "Set_Mode2", "_x", &"a".repeat(50)] {
            assert_eq!(check_service_identifier(ok), Ok(()), "{ok}");
        }
        for (bad, reason) in [
            ("", "1 to 50"),
            (&"a".repeat(51), "1 to 50"),
            ("property/set", "/api/properties/set"),
            ("a/b", "only letters"),
            ("a-b", "only letters"),
            ("温度", "only letters"),
            ("+", "only letters"),
            ("x_reply", "_reply"),
        ] {
            let err = check_service_identifier(bad).unwrap_err();
            assert!(err.contains(reason), "{bad}: {err}");
        }
    }

    #[test]
    fn service_request_shape() {
        let params = json!({"mode": 2}).as_object().unwrap().clone();
        let request = service_request("42", "thing.service.reboot", &params);
        let doc: Value = serde_json::from_slice(&request).unwrap();
        assert_eq!(
            doc,
            json!({"id": "42", "version": "1.0", "params": {"mode": 2}, "method": "thing.service.reboot"})
        );
    }

    #[test]
    fn reply_ids_from_strings_and_numbers_only() {
        assert_eq!(
            reply_id(br#"{"id":"42","code":200}"#).as_deref(),
            Some("42")
        );
        assert_eq!(
            reply_id(br#"{"id":1764170000000000001}"#).as_deref(),
            Some("1764170000000000001")
        );
        for bad in [
            &b"not json"[..],
            b"{}",
            br#"{"id":null}"#,
            b"[1]",
            br#"{"id":[1]}"#,
        ] {
            assert_eq!(reply_id(bad), None);
        }
    }

    #[test]
    fn call_results_carry_the_device_fields() {
        let full = call_result(
            "7",
            br#"{"id":"7","code":200,"data":{"ok":1},"message":"done"}"#,
        );
        assert_eq!(
            full,
            json!({"id": "7", "code": 200, "data": {"ok": 1}, "message": "done"})
        );
        let bare = call_result("7", br#"{"id":7}"#);
        assert_eq!(bare, json!({"id": "7", "code": null, "data": null}));
    }
}
