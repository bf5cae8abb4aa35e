//! Alink post replies: property post `/sys/${pk}/${dn}/thing/event/property/post` and event
//! post `/sys/${pk}/${dn}/thing/event/${identifier}/post`, each answered on `…/post_reply`.

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
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return refused(&method, "", "id must be a string"),
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
}
