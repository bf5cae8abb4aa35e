//! Alink thing-model messages: property posts and the platform's replies.

use std::fmt;

/// Where a device posts its properties.
pub fn property_post_topic(product_key: &str, device_name: &str) -> String {
    format!("/sys/{product_key}/{device_name}/thing/event/property/post")
}

/// Where the platform answers a property post.
pub fn property_post_reply_topic(product_key: &str, device_name: &str) -> String {
    format!("/sys/{product_key}/{device_name}/thing/event/property/post_reply")
}

/// Why a property post could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlinkError {
    /// `params` is not JSON; line and column are 1-based.
    ParamsNotJson { line: usize, column: usize },
    /// `params` is JSON but not an object of property identifiers.
    ParamsNotObject,
    /// A reply that is not an Alink reply.
    BadReply(String),
}

impl fmt::Display for AlinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlinkError::ParamsNotJson { line, column } => {
                write!(f, "params is not valid JSON (line {line}, column {column})")
            }
            AlinkError::ParamsNotObject => write!(
                f,
                "params must be a JSON object of properties, e.g. {{\"Temperature\": 21.5}}"
            ),
            AlinkError::BadReply(why) => write!(f, "not an Alink reply: {why}"),
        }
    }
}

impl std::error::Error for AlinkError {}

impl AlinkError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            AlinkError::ParamsNotJson { line, column } => {
                format!("params 不是合法的 JSON（第 {line} 行第 {column} 列）")
            }
            AlinkError::ParamsNotObject => {
                "params 必须是属性组成的 JSON 对象，例如 {\"Temperature\": 21.5}".to_owned()
            }
            AlinkError::BadReply(why) => format!("不是 Alink 回复：{why}"),
        }
    }
}

/// The Alink request for a property post with message `id`; `ack` false asks for no reply.
pub fn property_post(id: u64, params_json: &str, ack: bool) -> Result<String, AlinkError> {
    let params: serde_json::Value =
        serde_json::from_str(params_json).map_err(|e| AlinkError::ParamsNotJson {
            line: e.line(),
            column: e.column(),
        })?;
    if !params.is_object() {
        return Err(AlinkError::ParamsNotObject);
    }
    let request = serde_json::json!({
        "id": id.to_string(),
        "version": "1.0",
        "sys": {"ack": u8::from(ack)},
        "params": params,
        "method": "thing.event.property.post",
    });
    Ok(request.to_string())
}

/// A platform reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlinkReply {
    /// The request id it answers.
    pub id: String,
    /// 200 is success; see [`describe_alink_code`].
    pub code: i64,
    /// The platform's own words.
    pub message: String,
}

/// Reads a reply; `id` may be a string or a number.
pub fn parse_alink_reply(payload: &[u8]) -> Result<AlinkReply, AlinkError> {
    let v: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| AlinkError::BadReply(format!("not JSON ({e})")))?;
    let id = match v.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(AlinkError::BadReply("no id".into())),
    };
    let code = v
        .get("code")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| AlinkError::BadReply("no numeric code".into()))?;
    let message = v
        .get("message")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(AlinkReply { id, code, message })
}

/// An Alink reply code in plain language: (English, Chinese).
pub fn describe_alink_code(code: i64) -> (&'static str, &'static str) {
    match code {
        200 => ("success", "成功"),
        400 => ("the request failed on the platform", "请求处理出错"),
        429 => (
            "too many requests; the device is being rate-limited",
            "请求过于频繁，设备被限流",
        ),
        460 => (
            "a request parameter is wrong (check params against the thing model)",
            "请求参数错误（请对照物模型检查 params）",
        ),
        500 => ("the platform hit an internal error", "平台内部错误"),
        520 => (
            "the sub-device's session does not exist (log the sub-device in first)",
            "子设备会话不存在（请先让子设备上线）",
        ),
        6813 => (
            "the payload does not match the thing model's data format",
            "数据格式与物模型不符",
        ),
        6106 => ("too many properties in one post", "一次上报的属性过多"),
        6300 => (
            "the method is not allowed or not defined in the thing model",
            "方法不存在或物模型中未定义",
        ),
        _ => (
            "an Alink code this console does not know",
            "本工具不认识的 Alink 返回码",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_property_post_is_alink_json() {
        let text = property_post(7, r#"{"Temperature": 21.5}"#, true).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["id"], "7");
        assert_eq!(v["method"], "thing.event.property.post");
        assert_eq!(v["sys"]["ack"], 1);
        assert_eq!(v["params"]["Temperature"], 21.5);
        assert_eq!(
            property_post_topic("pk", "dn"),
            "/sys/pk/dn/thing/event/property/post"
        );
        assert_eq!(
            property_post_reply_topic("pk", "dn"),
            "/sys/pk/dn/thing/event/property/post_reply"
        );
    }

    #[test]
    fn bad_params_are_named() {
        assert_eq!(
            property_post(1, "[1]", true),
            Err(AlinkError::ParamsNotObject)
        );
        assert!(matches!(
            property_post(1, "{\n\"a\":", true),
            Err(AlinkError::ParamsNotJson { line: 2, .. })
        ));
    }

    #[test]
    fn replies_are_read_and_codes_explained() {
        let r = parse_alink_reply(
            br#"{"code":200,"data":{},"id":"123","message":"success","version":"1.0"}"#,
        )
        .unwrap();
        assert_eq!((r.id.as_str(), r.code), ("123", 200));
        let r = parse_alink_reply(br#"{"code":460,"id":5,"message":"request parameter error"}"#)
            .unwrap();
        assert_eq!(r.id, "5");
        assert!(describe_alink_code(460).0.contains("parameter"));
        assert!(describe_alink_code(6813).1.contains("物模型"));
        assert!(describe_alink_code(1).0.contains("does not know"));
        assert!(parse_alink_reply(b"{}").is_err());
    }
}
