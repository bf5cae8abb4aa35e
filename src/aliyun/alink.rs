//! Alink thing-model messages: property posts and the platform's replies.

use super::identity::DeviceIdentity;

/// Why an Alink message could not be built or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlinkError {
    /// `params` is not JSON; line and column are 1-based.
    ParamsNotJson { line: usize, column: usize },
    /// `params` is JSON but not an object of property identifiers.
    ParamsNotObject,
    /// A reply that is not an Alink reply.
    BadReply(String),
    /// An event or service identifier that the thing model cannot have.
    BadIdentifier(String),
    /// A call from the cloud that is not an Alink request.
    BadCall(String),
    /// The fixed reply data of an automatic rule is not JSON.
    ReplyNotJson { line: usize, column: usize },
    /// A typed property value that does not fit its type.
    BadValue {
        /// The property identifier.
        name: String,
        /// The type chosen.
        kind: PropertyType,
        /// What was typed.
        value: String,
    },
    /// The same property twice in one post.
    DuplicateProperty(String),
    /// A post with no property.
    NoProperties,
}

impl std::error::Error for AlinkError {}

/// Reads `text` as a JSON object, naming where it is not JSON or that it is not an object.
pub(super) fn json_object(text: &str) -> Result<serde_json::Value, AlinkError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| AlinkError::ParamsNotJson {
            line: e.line(),
            column: e.column(),
        })?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(AlinkError::ParamsNotObject)
    }
}

fn request(id: u64, method: &str, params: serde_json::Value, ack: bool) -> String {
    serde_json::json!({
        "id": id.to_string(),
        "version": "1.0",
        "sys": {"ack": u8::from(ack)},
        "params": params,
        "method": method,
    })
    .to_string()
}

/// The Alink request for a property post with message `id`; `ack` false asks for no reply.
pub fn property_post(id: u64, params_json: &str, ack: bool) -> Result<String, AlinkError> {
    let params = json_object(params_json)?;
    Ok(request(id, "thing.event.property.post", params, ack))
}

/// A thing-model data type, as the property form offers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PropertyType {
    /// int32.
    #[default]
    Int,
    /// float (single precision).
    Float,
    /// double.
    Double,
    /// text (a string).
    Text,
    /// bool: 0 or 1 in Alink (true/false are accepted and sent as 1/0).
    Bool,
    /// enum: an integer value of the enumeration.
    Enum,
    /// date: UTC milliseconds, sent as a string as Alink expects.
    Date,
    /// struct or array: any JSON typed as is.
    Json,
}

impl PropertyType {
    /// Every type, in the form's order.
    pub const ALL: [PropertyType; 8] = [
        PropertyType::Int,
        PropertyType::Float,
        PropertyType::Double,
        PropertyType::Text,
        PropertyType::Bool,
        PropertyType::Enum,
        PropertyType::Date,
        PropertyType::Json,
    ];

    /// The form's value, Aliyun's own type names.
    pub fn as_str(self) -> &'static str {
        match self {
            PropertyType::Int => "int",
            PropertyType::Float => "float",
            PropertyType::Double => "double",
            PropertyType::Text => "text",
            PropertyType::Bool => "bool",
            PropertyType::Enum => "enum",
            PropertyType::Date => "date",
            PropertyType::Json => "json",
        }
    }

    /// Reads the form's value.
    pub fn parse(s: &str) -> Option<PropertyType> {
        PropertyType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Turns typed text into the JSON value Alink carries.
    pub fn value(self, text: &str) -> Option<serde_json::Value> {
        let t = text.trim();
        match self {
            PropertyType::Int | PropertyType::Enum => {
                t.parse::<i32>().ok().map(serde_json::Value::from)
            }
            PropertyType::Float | PropertyType::Double => t
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(serde_json::Value::from),
            PropertyType::Text => Some(serde_json::Value::from(text)),
            PropertyType::Bool => match t {
                "1" | "true" => Some(1.into()),
                "0" | "false" => Some(0.into()),
                _ => None,
            },
            PropertyType::Date => t
                .parse::<u64>()
                .ok()
                .map(|ms| serde_json::Value::from(ms.to_string())),
            PropertyType::Json => serde_json::from_str::<serde_json::Value>(t)
                .ok()
                .filter(|v| v.is_object() || v.is_array()),
        }
    }
}

/// One row of the property form: identifier, type, value as typed.
pub type PropertyField = (String, PropertyType, String);

/// The `params` JSON of a property post built from the form's rows.
pub fn typed_params(rows: &[PropertyField]) -> Result<String, AlinkError> {
    let mut params = serde_json::Map::new();
    for (name, kind, text) in rows {
        check_identifier(name)?;
        let value = kind.value(text).ok_or_else(|| AlinkError::BadValue {
            name: name.clone(),
            kind: *kind,
            value: text.clone(),
        })?;
        if params.insert(name.clone(), value).is_some() {
            return Err(AlinkError::DuplicateProperty(name.clone()));
        }
    }
    if params.is_empty() {
        return Err(AlinkError::NoProperties);
    }
    Ok(serde_json::Value::Object(params).to_string())
}

/// Checks a thing-model identifier (event or service): 1 to 50 letters, digits or `_`.
pub fn check_identifier(identifier: &str) -> Result<(), AlinkError> {
    let ok = (1..=50).contains(&identifier.chars().count())
        && identifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AlinkError::BadIdentifier(identifier.to_owned()))
    }
}

/// The Alink request posting event `identifier` with output parameters `value_json` (an
/// object) that happened at `time_ms`.
pub fn event_post(
    id: u64,
    identifier: &str,
    value_json: &str,
    time_ms: u64,
    ack: bool,
) -> Result<String, AlinkError> {
    check_identifier(identifier)?;
    let value = json_object(value_json)?;
    let params = serde_json::json!({ "value": value, "time": time_ms });
    Ok(request(
        id,
        &format!("thing.event.{identifier}.post"),
        params,
        ack,
    ))
}

/// A call from the cloud: a service, or property set (identifier `property/set`).
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceCall {
    /// `property/set` or the service's identifier.
    pub identifier: String,
    /// The request id, echoed in the reply.
    pub id: String,
    /// e.g. `thing.service.property.set`.
    pub method: String,
    /// The request's `params` (an empty object if absent).
    pub params: serde_json::Value,
    /// Where the answer goes: the request topic + `_reply`.
    pub reply_topic: String,
}

/// Reads a message of `device`: `None` if `topic` is not a call to it, else the call or why it
/// cannot be answered.
pub fn parse_service_call(
    device: DeviceIdentity<'_>,
    topic: &str,
    payload: &[u8],
) -> Option<Result<ServiceCall, AlinkError>> {
    let identifier = device.service_identifier(topic)?;
    Some(read_call(device, identifier, payload))
}

fn read_call(
    device: DeviceIdentity<'_>,
    identifier: &str,
    payload: &[u8],
) -> Result<ServiceCall, AlinkError> {
    let v: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| AlinkError::BadCall(format!("not JSON ({e})")))?;
    let id = match v.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(AlinkError::BadCall("no id".into())),
    };
    let method = v
        .get("method")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let params = v
        .get("params")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    Ok(ServiceCall {
        identifier: identifier.to_owned(),
        id,
        method,
        params,
        reply_topic: device.service_reply(identifier),
    })
}

/// The device's answer to a call: `{"id","code","data","message","version"}`.
pub fn service_reply(id: &str, code: i64, data: &serde_json::Value) -> String {
    let message = if code == 200 { "success" } else { "failed" };
    serde_json::json!({
        "id": id,
        "code": code,
        "data": data,
        "message": message,
        "version": "1.0",
    })
    .to_string()
}

/// How calls from the cloud are answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplyRule {
    /// Shown and answered by hand.
    #[default]
    Manual,
    /// Code 200 with fixed `data`.
    Fixed,
    /// Code 200 with the call's own `params` as `data`.
    Echo,
}

impl ReplyRule {
    /// The form's value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyRule::Manual => "manual",
            ReplyRule::Fixed => "fixed",
            ReplyRule::Echo => "echo",
        }
    }

    /// Reads the form's value.
    pub fn parse(s: &str) -> Option<ReplyRule> {
        match s {
            "manual" => Some(ReplyRule::Manual),
            "fixed" => Some(ReplyRule::Fixed),
            "echo" => Some(ReplyRule::Echo),
            _ => None,
        }
    }

    /// The automatic answer to `call`: `None` for [`ReplyRule::Manual`]; `fixed_data` is the
    /// JSON the fixed rule sends.
    pub fn answer(
        self,
        call: &ServiceCall,
        fixed_data: &str,
    ) -> Option<Result<String, AlinkError>> {
        match self {
            ReplyRule::Manual => None,
            ReplyRule::Echo => Some(Ok(service_reply(&call.id, 200, &call.params))),
            ReplyRule::Fixed => {
                Some(reply_data(fixed_data).map(|d| service_reply(&call.id, 200, &d)))
            }
        }
    }
}

/// Reads reply data typed by the user: any JSON value; empty means `{}`.
pub fn reply_data(text: &str) -> Result<serde_json::Value, AlinkError> {
    if text.trim().is_empty() {
        return Ok(serde_json::json!({}));
    }
    serde_json::from_str(text).map_err(|e| AlinkError::ReplyNotJson {
        line: e.line(),
        column: e.column(),
    })
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

/// What an Alink reply code means, for the UI to word (in the i18n layer (`src/i18n`)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlinkCode {
    /// 200.
    Success,
    /// 400: the platform failed to handle the request.
    RequestFailed,
    /// 429: the device is being rate-limited.
    TooManyRequests,
    /// 460: a request parameter is wrong.
    BadParams,
    /// 500: the platform's internal error.
    InternalError,
    /// 520: the sub-device has no session.
    NoSubDeviceSession,
    /// 6813: the payload does not match the thing model's data format.
    DataFormatMismatch,
    /// 6106: too many properties in one post.
    TooManyProperties,
    /// 6300: the method is not allowed or not in the thing model.
    MethodNotDefined,
    /// Any code this app does not know.
    Unknown(i64),
}

impl AlinkCode {
    /// Reads the `code` of an Alink reply.
    pub fn from_code(code: i64) -> AlinkCode {
        match code {
            200 => AlinkCode::Success,
            400 => AlinkCode::RequestFailed,
            429 => AlinkCode::TooManyRequests,
            460 => AlinkCode::BadParams,
            500 => AlinkCode::InternalError,
            520 => AlinkCode::NoSubDeviceSession,
            6813 => AlinkCode::DataFormatMismatch,
            6106 => AlinkCode::TooManyProperties,
            6300 => AlinkCode::MethodNotDefined,
            other => AlinkCode::Unknown(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEV: DeviceIdentity<'static> = DeviceIdentity {
        product_key: "pk",
        device_name: "dn",
    };

    #[test]
    fn a_property_post_is_alink_json() {
        let text = property_post(7, r#"{"Temperature": 21.5}"#, true).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["id"], "7");
        assert_eq!(v["method"], "thing.event.property.post");
        assert_eq!(v["sys"]["ack"], 1);
        assert_eq!(v["params"]["Temperature"], 21.5);
        assert_eq!(DEV.property_post(), "/sys/pk/dn/thing/event/property/post");
        assert_eq!(
            DEV.property_post_reply(),
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
    fn typed_rows_become_params() {
        let rows = vec![
            (
                "Temperature".to_owned(),
                PropertyType::Float,
                "21.5".to_owned(),
            ),
            (
                "LightSwitch".to_owned(),
                PropertyType::Bool,
                "true".to_owned(),
            ),
            ("Mode".to_owned(), PropertyType::Enum, " 2 ".to_owned()),
            ("Label".to_owned(), PropertyType::Text, " a b ".to_owned()),
            (
                "Since".to_owned(),
                PropertyType::Date,
                "1700000000000".to_owned(),
            ),
            (
                "Pos".to_owned(),
                PropertyType::Json,
                r#"{"x":1}"#.to_owned(),
            ),
        ];
        let v: serde_json::Value = serde_json::from_str(&typed_params(&rows).unwrap()).unwrap();
        assert_eq!(v["Temperature"], 21.5);
        assert_eq!(v["LightSwitch"], 1);
        assert_eq!(v["Mode"], 2);
        assert_eq!(v["Label"], " a b ", "text is sent exactly as typed");
        assert_eq!(v["Since"], "1700000000000");
        assert_eq!(v["Pos"]["x"], 1);
        for (kind, bad) in [
            (PropertyType::Int, "1.5"),
            (PropertyType::Int, "3000000000"),
            (PropertyType::Float, "NaN"),
            (PropertyType::Bool, "2"),
            (PropertyType::Date, "-1"),
            (PropertyType::Json, "3"),
        ] {
            let e = typed_params(&[("P".to_owned(), kind, bad.to_owned())]).unwrap_err();
            assert!(matches!(&e, AlinkError::BadValue { .. }), "{kind:?} {bad}");
            assert!(e.to_string().contains(bad));
        }
        let twice = vec![
            ("A".to_owned(), PropertyType::Int, "1".to_owned()),
            ("A".to_owned(), PropertyType::Int, "2".to_owned()),
        ];
        assert_eq!(
            typed_params(&twice),
            Err(AlinkError::DuplicateProperty("A".into()))
        );
        assert_eq!(typed_params(&[]), Err(AlinkError::NoProperties));
        assert!(matches!(
            typed_params(&[("a b".to_owned(), PropertyType::Int, "1".to_owned())]),
            Err(AlinkError::BadIdentifier(_))
        ));
        for t in PropertyType::ALL {
            assert_eq!(PropertyType::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn an_event_post_carries_value_and_time() {
        let text = event_post(3, "Error", r#"{"code": 7}"#, 1_700_000_000_000, false).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["method"], "thing.event.Error.post");
        assert_eq!(v["params"]["value"]["code"], 7);
        assert_eq!(v["params"]["time"], 1_700_000_000_000u64);
        assert_eq!(v["sys"]["ack"], 0);
        assert_eq!(DEV.event_post("Error"), "/sys/pk/dn/thing/event/Error/post");
        assert_eq!(
            DEV.post_reply_filter(),
            "/sys/pk/dn/thing/event/+/post_reply"
        );
        for bad in ["", "a b", "x/y", "+", &"a".repeat(51)] {
            assert_eq!(
                event_post(1, bad, "{}", 0, true),
                Err(AlinkError::BadIdentifier(bad.to_owned()))
            );
        }
        assert_eq!(
            event_post(1, "E", "3", 0, true),
            Err(AlinkError::ParamsNotObject)
        );
    }

    #[test]
    fn calls_from_the_cloud_are_read_and_answered() {
        let topic = "/sys/pk/dn/thing/service/property/set";
        let call = parse_service_call(
            DEV,
            topic,
            br#"{"id":"9","version":"1.0","params":{"LightSwitch":1},"method":"thing.service.property.set"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(call.identifier, "property/set");
        assert_eq!(
            call.reply_topic,
            "/sys/pk/dn/thing/service/property/set_reply"
        );
        assert_eq!(call.params["LightSwitch"], 1);
        let echo: serde_json::Value =
            serde_json::from_str(&ReplyRule::Echo.answer(&call, "").unwrap().unwrap()).unwrap();
        assert_eq!(
            (echo["id"].as_str(), echo["code"].as_i64()),
            (Some("9"), Some(200))
        );
        assert_eq!(echo["data"]["LightSwitch"], 1);
        let fixed: serde_json::Value = serde_json::from_str(
            &ReplyRule::Fixed
                .answer(&call, r#"{"ok":true}"#)
                .unwrap()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(fixed["data"]["ok"], true);
        assert!(matches!(
            ReplyRule::Fixed.answer(&call, "{"),
            Some(Err(AlinkError::ReplyNotJson { .. }))
        ));
        assert_eq!(ReplyRule::Manual.answer(&call, ""), None);

        let call = parse_service_call(DEV, "/sys/pk/dn/thing/service/Reboot", br#"{"id":4}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            (call.identifier.as_str(), call.id.as_str()),
            ("Reboot", "4")
        );
        assert_eq!(call.params, serde_json::json!({}));
        assert!(parse_service_call(DEV, "/sys/pk/dn/thing/service/Reboot_reply", b"{}").is_none());
        assert!(parse_service_call(
            DeviceIdentity::new("pk", "xx"),
            "/sys/pk/dn/thing/service/Reboot",
            b"{}"
        )
        .is_none());
        assert!(matches!(
            parse_service_call(DEV, "/sys/pk/dn/thing/service/Reboot", b"nope"),
            Some(Err(AlinkError::BadCall(_)))
        ));
        let reply: serde_json::Value =
            serde_json::from_str(&service_reply("4", 460, &serde_json::json!(null))).unwrap();
        assert_eq!(
            (reply["code"].as_i64(), reply["message"].as_str()),
            (Some(460), Some("failed"))
        );
        assert_eq!(DEV.service_filter(), "/sys/pk/dn/thing/service/#");
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
        assert_eq!(AlinkCode::from_code(460), AlinkCode::BadParams);
        assert_eq!(AlinkCode::from_code(6813), AlinkCode::DataFormatMismatch);
        assert_eq!(AlinkCode::from_code(1), AlinkCode::Unknown(1));
        assert!(parse_alink_reply(b"{}").is_err());
    }
}
