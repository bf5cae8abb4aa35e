//! The IoT Platform console's "MQTT connection parameters" JSON, as users paste it.
//!
//! The panel shows ready-made CONNECT values:
//! `{"clientId":"pk.dn|securemode=2,signmethod=hmacsha256,timestamp=…|","username":"dn&pk",
//! "mqttHostUrl":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com","passwd":"…","port":1883}`.
//! The `passwd` there is a signature computed by the IoT Platform console, not the DeviceSecret, and the port
//! is the TCP port; both facts are surfaced so the UI can tell the user what still to do.
//! The client id and username parsers are public because the profile importers (MQTT.fx,
//! MQTTX) meet the same strings.

use serde_json::{Map, Value};

use super::client_id::ClientIdParams;
use super::endpoint::WEBSOCKET_PORT;
use super::identity::DeviceIdentity;
use super::instance::instance_of_host;
use super::sign::SignMethod;

mod error;

pub use error::ConnectParamsError;

/// Pasted text longer than this is refused before parsing: the real JSON is under 1 KiB, and a
/// megabyte paste into a text box is an accident (or an attack) that should not freeze the tab.
pub const MAX_CONNECT_PARAMS_BYTES: usize = 64 * 1024;

/// What the IoT Platform console's connection parameters say, as fields of the connect form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectParams {
    /// From the username's `&` right half.
    pub product_key: String,
    /// From the username's `&` left half.
    pub device_name: String,
    /// The client id before `|` (the IoT Platform console writes `${ProductKey}.${DeviceName}`).
    pub client_id: String,
    /// `signmethod=` in the client id; hmacmd5 (Aliyun's documented default) when absent.
    pub sign_method: SignMethod,
    /// `timestamp=` in the client id, when present.
    pub timestamp: Option<u64>,
    /// `securemode=`: 2 is TLS, 3 is plain.
    pub securemode: i32,
    /// `mqttHostUrl`, without any scheme or port the user may have added.
    pub host: String,
    /// The region when the host is an old public host `pk.iot-as-mqtt.REGION.aliyuncs.com`.
    pub region: Option<String>,
    /// The instance: `instanceId=` in the client id, else the one an instance endpoint
    /// `${id}.mqtt.iothub.aliyuncs.com` names; `None` for an old public instance.
    pub instance_id: Option<String>,
    /// `passwd`: a signature precomputed by the IoT Platform console, NOT the DeviceSecret (empty if absent).
    pub password: String,
    /// The IoT Platform console's port (usually 1883, MQTT over TCP), when given.
    pub port: Option<u16>,
    /// True when the IoT Platform console's port is not the WebSocket port 443 the browser will use instead;
    /// the UI should say "port 1883 is for TCP; the browser connects on 443".
    pub port_note: bool,
}

impl ConnectParams {
    /// Whether the IoT Platform console's parameters ask for TLS (`securemode=2`); anything but 3 is taken as
    /// TLS because a browser page served over https can only use `wss://` anyway.
    pub fn tls(&self) -> bool {
        self.securemode != 3
    }
}

/// What the app reads from a pasted client id: the free text and the parameters it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedClientId {
    /// The free-text client id before the first `|`.
    pub client_id: String,
    /// `securemode=`.
    pub securemode: i32,
    /// `signmethod=`, hmacmd5 when absent.
    pub sign_method: SignMethod,
    /// `timestamp=`, when present.
    pub timestamp: Option<u64>,
    /// `instanceId=`, when present and not empty.
    pub instance_id: Option<String>,
}

/// Splits `${clientId}|securemode=2,signmethod=…,timestamp=…|`; extra `key=value` pairs that
/// SDKs add (`_v=`, `lan=`) are accepted and ignored; `instanceId=` is kept.
pub fn parse_client_id(text: &str) -> Result<PastedClientId, ConnectParamsError> {
    let text = text.trim();
    let no_params = || ConnectParamsError::ClientIdWithoutParams(text.to_owned());
    // `parse` fails only when the bars are missing; the server's stricter rules are left to
    // the form, which checks the fields once they are filled in.
    let split = ClientIdParams::parse(text).map_err(|_| no_params())?;
    let mut securemode = None;
    let mut sign_method = SignMethod::default();
    let mut timestamp = None;
    let mut instance_id = None;
    // Read in order, so a repeated key's last value wins.
    for param in &split.params {
        let (key, value) = (param.key.as_str(), param.value.as_deref().unwrap_or(""));
        if key.eq_ignore_ascii_case("securemode") {
            let mode = value.parse::<i32>();
            securemode =
                Some(mode.map_err(|_| ConnectParamsError::BadSecuremode(value.to_owned()))?);
        } else if key.eq_ignore_ascii_case("signmethod") {
            sign_method = SignMethod::parse(value)
                .ok_or_else(|| ConnectParamsError::UnknownSignMethod(value.to_owned()))?;
        } else if key.eq_ignore_ascii_case("timestamp") {
            // `u64::parse` accepts a leading `+`; Aliyun signs the digits as written, so only
            // plain digits round-trip.
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ConnectParamsError::TimestampNotDigits(value.to_owned()));
            }
            let ms = value.parse::<u64>();
            timestamp =
                Some(ms.map_err(|_| ConnectParamsError::TimestampNotDigits(value.to_owned()))?);
        } else if key.eq_ignore_ascii_case("instanceId") {
            // Checked by the form once filled in, so what was pasted is kept as it was.
            instance_id = (!value.is_empty()).then(|| value.to_owned());
        }
    }
    Ok(PastedClientId {
        client_id: split.client_id,
        securemode: securemode.ok_or_else(|| ConnectParamsError::BadSecuremode(String::new()))?,
        sign_method,
        timestamp,
        instance_id,
    })
}

/// Splits the username `DeviceName&ProductKey` into (ProductKey, DeviceName).
pub fn parse_username(username: &str) -> Result<(String, String), ConnectParamsError> {
    let bad = || ConnectParamsError::UsernameNotDnPk(username.to_owned());
    let device = DeviceIdentity::from_username(username.trim()).ok_or_else(bad)?;
    if device.product_key.contains('&') {
        return Err(bad());
    }
    Ok((device.product_key.to_owned(), device.device_name.to_owned()))
}

/// The region of an old public host `${ProductKey}.iot-as-mqtt.${RegionId}.aliyuncs.com`;
/// None for instance hosts (`….mqtt.iothub.aliyuncs.com`) and anything else.
pub fn region_of_host(host: &str) -> Option<String> {
    let lower = host.to_ascii_lowercase();
    let rest = lower.strip_suffix(".aliyuncs.com")?;
    let (_, region) = rest.split_once(".iot-as-mqtt.")?;
    let plausible = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    plausible.then(|| region.to_owned())
}

/// Drops a scheme (`tcp://`, `wss://`), a path and a `:port` users sometimes add to the host.
pub fn bare_host(host: &str) -> String {
    let host = host.trim();
    let host = host.split_once("://").map_or(host, |(_, rest)| rest);
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    if host.starts_with('[') {
        // IPv6 literal: keep the brackets, drop what follows them.
        return host.split_inclusive(']').next().unwrap_or(host).to_owned();
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.contains(':') => {
            name.to_owned()
        }
        _ => host.to_owned(),
    }
}

fn text_field(obj: &Map<String, Value>, name: &'static str) -> Result<String, ConnectParamsError> {
    match obj.get(name) {
        None | Some(Value::Null) => Err(ConnectParamsError::MissingField(name)),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(ConnectParamsError::NotText(name)),
    }
}

fn port_field(value: Option<&Value>) -> Result<Option<u16>, ConnectParamsError> {
    let text = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(other) => return Err(ConnectParamsError::BadPort(other.to_string())),
    };
    match text.parse::<u16>() {
        Ok(p) if p > 0 => Ok(Some(p)),
        _ => Err(ConnectParamsError::BadPort(text)),
    }
}

/// Parses the IoT Platform console's "MQTT connection parameters" JSON.
pub fn parse_connect_params(text: &str) -> Result<ConnectParams, ConnectParamsError> {
    if text.len() > MAX_CONNECT_PARAMS_BYTES {
        return Err(ConnectParamsError::TooLarge { bytes: text.len() });
    }
    // serde_json stops at nesting depth 128, so `[[[[…` cannot overflow the stack.
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| ConnectParamsError::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
    let obj = value.as_object().ok_or(ConnectParamsError::NotObject)?;
    let client_id_text = text_field(obj, "clientId")?;
    let username = text_field(obj, "username")?;
    let host_text = text_field(obj, "mqttHostUrl")?;
    let password = match text_field(obj, "passwd") {
        Err(ConnectParamsError::MissingField(_)) => String::new(),
        other => other?,
    };
    let (product_key, device_name) = parse_username(&username)?;
    let params = parse_client_id(&client_id_text)?;
    let port = port_field(obj.get("port"))?;
    let host = bare_host(&host_text);
    if host.is_empty() {
        return Err(ConnectParamsError::MissingField("mqttHostUrl"));
    }
    Ok(ConnectParams {
        product_key,
        device_name,
        client_id: params.client_id,
        sign_method: params.sign_method,
        timestamp: params.timestamp,
        securemode: params.securemode,
        region: region_of_host(&host),
        instance_id: params.instance_id.or_else(|| instance_of_host(&host)),
        host,
        password,
        port,
        port_note: port.is_some_and(|p| p != WEBSOCKET_PORT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONSOLE: &str = r#"{"clientId":"pk.device|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|","username":"device&pk","mqttHostUrl":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com","passwd":"ABCDEF","port":1883}"#;

    #[test]
    fn connect_params_are_split_into_form_fields() {
        let p = parse_connect_params(CONSOLE).unwrap();
        assert_eq!(p.product_key, "pk");
        assert_eq!(p.device_name, "device");
        assert_eq!(p.client_id, "pk.device");
        assert_eq!(p.sign_method, SignMethod::HmacSha256);
        assert_eq!(p.timestamp, Some(1_700_000_000_000));
        assert_eq!(p.securemode, 2);
        assert!(p.tls());
        assert_eq!(p.host, "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com");
        assert_eq!(p.region.as_deref(), Some("cn-shanghai"));
        assert_eq!(p.password, "ABCDEF");
        assert_eq!(p.port, Some(1883));
        assert!(p.port_note);
    }

    #[test]
    fn a_new_instance_json_names_its_instance() {
        let json = r#"{"clientId":"k0abc.dev1|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|","username":"dev1&k0abc","mqttHostUrl":"iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com","passwd":"0A1B","port":1883}"#;
        let p = parse_connect_params(json).unwrap();
        assert_eq!(p.instance_id.as_deref(), Some("iot-06z00ax1o4gbb8k"));
        assert_eq!(p.host, "iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com");
        assert_eq!(p.region, None);
        assert_eq!(
            (p.product_key.as_str(), p.device_name.as_str()),
            ("k0abc", "dev1")
        );
        assert!(p.port_note);

        // An instanceId in the client id wins over a host that names none (a proxy).
        let json = r#"{"clientId":"c|securemode=2,signmethod=hmacsha1,instanceId=iot-06z00emu1demo|","username":"d&p","mqttHostUrl":"127.0.0.1:8443"}"#;
        let p = parse_connect_params(json).unwrap();
        assert_eq!(p.instance_id.as_deref(), Some("iot-06z00emu1demo"));
        assert_eq!(p.host, "127.0.0.1");
        assert_eq!(
            parse_client_id("c|securemode=-2,instanceId=,signmethod=hmacsha1|")
                .unwrap()
                .instance_id,
            None
        );
        assert_eq!(
            parse_client_id("c|securemode=2,InstanceId=iot-1|")
                .unwrap()
                .instance_id
                .as_deref(),
            Some("iot-1")
        );
        assert_eq!(parse_connect_params(CONSOLE).unwrap().instance_id, None);
    }

    #[test]
    fn published_vector_client_id() {
        let p = parse_client_id("12345|securemode=3,signmethod=hmacsha1,timestamp=789|").unwrap();
        assert_eq!(p.client_id, "12345");
        assert_eq!(p.securemode, 3);
        assert_eq!(p.sign_method, SignMethod::HmacSha1);
        assert_eq!(p.timestamp, Some(789));
        let json = r#"{"clientId":"12345|securemode=3,signmethod=hmacsha1,timestamp=789|","username":"device&pk","mqttHostUrl":"x1.mqtt.iothub.aliyuncs.com","passwd":"FAFD82A3D602B37FB0FA8B7892F24A477F851A14","port":443}"#;
        let p = parse_connect_params(json).unwrap();
        assert!(!p.tls());
        assert_eq!(p.region, None, "instance hosts have no region");
        assert!(!p.port_note);
        assert_eq!(p.password, "FAFD82A3D602B37FB0FA8B7892F24A477F851A14");
    }

    #[test]
    fn extra_params_and_absent_optionals_are_accepted() {
        let p = parse_client_id("c|securemode=2,_v=sdk-1.0,lan=C|").unwrap();
        assert_eq!((p.sign_method, p.timestamp), (SignMethod::HmacMd5, None));
        let json = r#"{"clientId":"c|securemode=2|","username":"d&p","mqttHostUrl":"wss://h.example.com:443/mqtt"}"#;
        let p = parse_connect_params(json).unwrap();
        assert_eq!(p.host, "h.example.com");
        assert_eq!(
            (p.port, p.port_note, p.password.as_str()),
            (None, false, "")
        );
    }

    #[test]
    fn each_problem_has_its_own_error() {
        let with = |k: &str, v: &str| {
            let mut obj: Map<String, Value> = serde_json::from_str(CONSOLE).unwrap();
            obj.insert(k.into(), serde_json::from_str(v).unwrap());
            parse_connect_params(&Value::Object(obj).to_string())
        };
        let err = parse_connect_params("{\"clientId\":\n 3,}").unwrap_err();
        assert!(
            matches!(err, ConnectParamsError::NotJson { line: 2, .. }),
            "{err:?}"
        );
        assert_eq!(
            parse_connect_params("[1]"),
            Err(ConnectParamsError::NotObject)
        );
        assert_eq!(
            parse_connect_params(r#"{"username":"d&p","mqttHostUrl":"h"}"#),
            Err(ConnectParamsError::MissingField("clientId"))
        );
        assert_eq!(
            with("username", "\"device\""),
            Err(ConnectParamsError::UsernameNotDnPk("device".into()))
        );
        assert_eq!(
            with("username", "\"&pk\""),
            Err(ConnectParamsError::UsernameNotDnPk("&pk".into()))
        );
        assert!(matches!(
            with("clientId", "\"pk.dn\""),
            Err(ConnectParamsError::ClientIdWithoutParams(_))
        ));
        assert!(matches!(
            with("clientId", "\"pk.dn|securemode=2\""),
            Err(ConnectParamsError::ClientIdWithoutParams(_))
        ));
        assert_eq!(
            with("clientId", "\"c|securemode=2,signmethod=sha512|\""),
            Err(ConnectParamsError::UnknownSignMethod("sha512".into()))
        );
        assert_eq!(
            with("clientId", "\"c|securemode=2,timestamp=+17|\""),
            Err(ConnectParamsError::TimestampNotDigits("+17".into()))
        );
        assert_eq!(
            with(
                "clientId",
                "\"c|securemode=2,timestamp=99999999999999999999999|\""
            ),
            Err(ConnectParamsError::TimestampNotDigits(
                "99999999999999999999999".into()
            ))
        );
        assert!(matches!(
            with("clientId", "\"c|signmethod=hmacsha1|\""),
            Err(ConnectParamsError::BadSecuremode(_))
        ));
        assert!(matches!(
            with("port", "70000"),
            Err(ConnectParamsError::BadPort(_))
        ));
        assert!(matches!(
            with("port", "1.5"),
            Err(ConnectParamsError::BadPort(_))
        ));
        for e in [
            ConnectParamsError::NotObject,
            ConnectParamsError::MissingField("passwd"),
        ] {
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn hostile_inputs_are_refused_calmly() {
        let huge = format!(
            r#"{{"clientId":"{}"}}"#,
            "a".repeat(MAX_CONNECT_PARAMS_BYTES)
        );
        assert!(matches!(
            parse_connect_params(&huge),
            Err(ConnectParamsError::TooLarge { .. })
        ));
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            parse_connect_params(&nested),
            Err(ConnectParamsError::NotJson { .. })
        ));
        let numbers = r#"{"clientId":12,"username":"d&p","mqttHostUrl":"h"}"#;
        assert_eq!(
            parse_connect_params(numbers),
            Err(ConnectParamsError::NotText("clientId"))
        );
        let lists = r#"{"clientId":"c|securemode=2|","username":["d&p"],"mqttHostUrl":"h"}"#;
        assert_eq!(
            parse_connect_params(lists),
            Err(ConnectParamsError::NotText("username"))
        );
        let long_name = format!(
            r#"{{"clientId":"c|securemode=2|","username":"{}","mqttHostUrl":"h"}}"#,
            "x".repeat(30_000)
        );
        let err = parse_connect_params(&long_name).unwrap_err();
        assert!(err.to_string().len() < 300, "echoes are clipped");
        assert_eq!(
            parse_connect_params(""),
            Err(ConnectParamsError::NotJson { line: 1, column: 0 })
        );
    }

    #[test]
    fn hosts_are_cleaned_and_regions_found_only_in_public_hosts() {
        assert_eq!(bare_host(" tcp://a.b.c:1883 "), "a.b.c");
        assert_eq!(bare_host("[::1]:8883"), "[::1]");
        assert_eq!(
            region_of_host("PK.iot-as-mqtt.ap-southeast-1.aliyuncs.com").as_deref(),
            Some("ap-southeast-1")
        );
        assert_eq!(region_of_host("iot-06z.mqtt.iothub.aliyuncs.com"), None);
        assert_eq!(
            region_of_host("pk.iot-as-mqtt.cn shanghai.aliyuncs.com"),
            None
        );
    }
}
