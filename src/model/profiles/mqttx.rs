//! Imports connections exported by MQTTX ("Export connections", JSON).
//!
//! MQTTX writes an array of connection objects; newer versions wrap it as
//! `{"connections":[…]}` or `{"data":[…]}`; all are accepted. Fields read: `name`, `host`,
//! `port`, `protocol` (`ws`, `wss`, `mqtt`, `mqtts`), `path`, `clientId`, `username`,
//! `password`, `keepalive`, `clean`, `ssl`, `will.lastWillTopic`, `mqttVersion` and, for MQTT 5,
//! `properties` (`sessionExpiryInterval`, `receiveMaximum`, `maximumPacketSize`,
//! `topicAliasMaximum`, `requestResponseInformation`, `userProperties`). Values are read leniently
//! (a port as `1883` or `"1883"`) because exports pass through hand edits and other tools.

use serde_json::{Map, Value};

use super::convert::{to_profile, BrokerSettings, Transport};
use super::entry::entries;
use super::error::{clip, ImportError};
use super::file::parse_json;
use super::report::{ImportReport, ProfileNote, SkipReason};
use crate::model::form::{Mqtt5Settings, PropertyRow};
use crate::mqtt::ProtocolVersion;

/// MQTTX's default WebSocket path.
const DEFAULT_WS_PATH: &str = "/mqtt";

fn text(obj: &Map<String, Value>, key: &str) -> String {
    match obj.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn flag(obj: &Map<String, Value>, key: &str) -> Option<bool> {
    match obj.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The connection list inside an MQTTX export, if the value is one.
pub(super) fn connection_list(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(list) => Some(list),
        Value::Object(obj) => ["connections", "data"]
            .iter()
            .find_map(|k| match obj.get(*k)? {
                Value::Array(list) => Some(list),
                Value::Object(inner) => inner.get("connections")?.as_array(),
                _ => None,
            }),
        _ => None,
    }
}

fn transport(obj: &Map<String, Value>, notes: &mut Vec<ProfileNote>) -> Transport {
    let ssl = flag(obj, "ssl") == Some(true);
    match text(obj, "protocol").trim().to_ascii_lowercase().as_str() {
        "ws" if ssl => Transport::Wss,
        "ws" => Transport::Ws,
        "wss" => Transport::Wss,
        "mqtt" | "tcp" if ssl => Transport::Tls,
        "mqtt" | "tcp" => Transport::Tcp,
        "mqtts" | "ssl" | "tls" => Transport::Tls,
        _ => {
            let (t, protocol) = if ssl {
                (Transport::Tls, "mqtts")
            } else {
                (Transport::Tcp, "mqtt")
            };
            notes.push(ProfileNote::ProtocolAssumed { protocol });
            t
        }
    }
}

fn settings(obj: &Map<String, Value>, notes: &mut Vec<ProfileNote>) -> BrokerSettings {
    let transport = transport(obj, notes);
    let path = match obj.get("path") {
        Some(Value::String(p)) => p.clone(),
        _ if matches!(transport, Transport::Ws | Transport::Wss) => DEFAULT_WS_PATH.to_owned(),
        _ => String::new(),
    };
    let will_topic = obj
        .get("will")
        .and_then(Value::as_object)
        .map(|w| text(w, "lastWillTopic"))
        .unwrap_or_default();
    BrokerSettings {
        tool: "MQTTX",
        host: text(obj, "host"),
        port: text(obj, "port").trim().parse().ok().filter(|&p| p > 0),
        transport,
        path,
        client_id: text(obj, "clientId"),
        username: text(obj, "username"),
        password: text(obj, "password"),
        keepalive: Some(text(obj, "keepalive")),
        clean_session: flag(obj, "clean"),
        will_topic,
        mqtt5: mqtt5(obj),
    }
}

/// MQTTX's `mqttVersion` and, for `5.0`, its CONNECT `properties`, kept as text like the form.
fn mqtt5(obj: &Map<String, Value>) -> Mqtt5Settings {
    let mut s = Mqtt5Settings::default();
    if ProtocolVersion::parse(&text(obj, "mqttVersion")) != Some(ProtocolVersion::V5) {
        return s;
    }
    s.protocol_version = ProtocolVersion::V5.as_str().to_owned();
    let Some(props) = obj.get("properties").and_then(Value::as_object) else {
        return s;
    };
    s.session_expiry = text(props, "sessionExpiryInterval");
    s.receive_maximum = text(props, "receiveMaximum");
    s.maximum_packet_size = text(props, "maximumPacketSize");
    s.topic_alias_maximum = text(props, "topicAliasMaximum");
    s.request_response_information = flag(props, "requestResponseInformation").unwrap_or(false);
    if let Some(user) = props.get("userProperties").and_then(Value::as_object) {
        s.connect_user_properties = user
            .iter()
            .map(|(key, value)| PropertyRow {
                key: key.clone(),
                value: match value {
                    Value::String(v) => v.clone(),
                    other => other.to_string(),
                },
            })
            .collect();
    }
    s
}

/// Reads an MQTTX connection export.
pub fn import_mqttx(text: &str) -> Result<ImportReport, ImportError> {
    import_value(&parse_json(text)?)
}

pub(super) fn import_value(value: &Value) -> Result<ImportReport, ImportError> {
    let list = connection_list(value).ok_or(ImportError::NoProfileList)?;
    if list.is_empty() {
        return Err(ImportError::NoProfiles);
    }
    let mut report = ImportReport::default();
    for entry in entries(list, |n| Some(clip(n))) {
        let Some(obj) = entry.fields else {
            report.skipped.push(entry.skip(SkipReason::NotAnObject));
            continue;
        };
        if report.full() {
            report.skipped.push(entry.skip(SkipReason::TooMany));
            continue;
        }
        let mut notes = Vec::new();
        let (profile, more) = to_profile(settings(obj, &mut notes));
        notes.extend(more);
        let fallback = format!("MQTTX connection {}", entry.position);
        report.add(entry.raw_name, fallback, profile, notes);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;
    use crate::model::profiles::Skipped;

    const EXPORT: &str = r#"[
      {"id":"1","name":"EMQX ws","host":"broker.emqx.io","port":8083,"protocol":"ws","path":"/mqtt",
       "clientId":"mqttx_1","username":"u","password":"p","keepalive":60,"clean":false,"ssl":false,
       "will":{"lastWillTopic":"","lastWillPayload":"","lastWillQos":0,"lastWillRetain":false}},
      {"name":"EMQX tcp","host":"broker.emqx.io","port":"1883","protocol":"mqtt","clientId":"m2",
       "will":{"lastWillTopic":"bye","lastWillPayload":"x","lastWillQos":1,"lastWillRetain":true}},
      {"name":"secure","host":"b.example.com","port":8084,"protocol":"wss","clientId":"m3"},
      "junk",
      {"name":"EMQX ws","host":"h","port":true,"protocol":"quic","ssl":true}
    ]"#;

    #[test]
    fn connections_become_profiles_with_notes() {
        let r = import_mqttx(EXPORT).unwrap();
        let names: Vec<&str> = r.profiles.iter().map(|p| p.profile.name.as_str()).collect();
        assert_eq!(names, ["EMQX ws", "EMQX tcp", "secure", "EMQX ws (2)"]);
        let f = &r.profiles[0].profile.form;
        assert_eq!(
            (f.mode, f.url.as_str(), f.client_id.as_str()),
            (Mode::Generic, "ws://broker.emqx.io:8083/mqtt", "mqttx_1")
        );
        assert_eq!(
            (
                f.username.as_str(),
                f.password.as_str(),
                f.keepalive.as_str(),
                f.clean_session
            ),
            ("u", "p", "60", false)
        );
        assert_eq!(r.profiles[0].notes, [ProfileNote::ContainsSecrets]);

        let tcp = &r.profiles[1];
        assert_eq!(tcp.profile.form.url, "ws://broker.emqx.io:1883/mqtt");
        assert_eq!(
            tcp.notes,
            [
                ProfileNote::TcpPortNeedsWebSocket {
                    tool: "MQTTX",
                    port: 1883
                },
                ProfileNote::WillNotImported {
                    topic: "bye".into()
                },
            ]
        );
        assert_eq!(
            r.profiles[2].profile.form.url,
            "wss://b.example.com:8084/mqtt"
        );
        let odd = &r.profiles[3];
        assert_eq!(odd.profile.form.url, "wss://h:8883/mqtt");
        assert!(odd
            .notes
            .contains(&ProfileNote::ProtocolAssumed { protocol: "mqtts" }));
        assert_eq!(
            r.skipped,
            [Skipped {
                position: 4,
                name: None,
                reason: SkipReason::NotAnObject
            }]
        );
    }

    #[test]
    fn wrapped_exports_and_aliyun_connections_are_read() {
        let wrapped = r#"{"version":"1.9","connections":[{"name":"ali","host":"pk.iot-as-mqtt.cn-shanghai.aliyuncs.com",
            "port":443,"protocol":"wss","clientId":"pk.dn|securemode=2,signmethod=hmacsha256|","username":"dn&pk","password":"SIG"}]}"#;
        let r = import_mqttx(wrapped).unwrap();
        let f = &r.profiles[0].profile.form;
        assert_eq!(
            (f.mode, f.product_key.as_str(), f.password.as_str(), f.tls),
            (Mode::Aliyun, "pk", "", true)
        );
        assert_eq!(r.profiles[0].notes, [ProfileNote::DeviceSecretNeeded]);
        assert_eq!(
            import_mqttx(r#"{"data":{"connections":[{"host":"h","protocol":"ws"}]}}"#)
                .map(|r| r.profiles.len()),
            Ok(1)
        );
        assert_eq!(
            import_mqttx(r#"{"data":[{"host":"h"}]}"#).map(|r| r.profiles[0].profile.name.clone()),
            Ok("MQTTX connection 1".into())
        );
    }

    #[test]
    fn mqtt5_connections_keep_their_version_and_properties() {
        let export = r#"[{"name":"v5","host":"h","port":8083,"protocol":"ws","clientId":"c",
            "mqttVersion":"5.0","properties":{"sessionExpiryInterval":7200,"receiveMaximum":50,
            "topicAliasMaximum":10,"requestResponseInformation":true,
            "userProperties":{"app":"console"}}},
            {"name":"v3","host":"h","protocol":"ws","mqttVersion":"3.1.1"}]"#;
        let r = import_mqttx(export).unwrap();
        let v5 = &r.profiles[0].profile.form.mqtt5;
        assert_eq!(v5.protocol_version, "5");
        assert_eq!(v5.session_expiry, "7200");
        assert_eq!(v5.receive_maximum, "50");
        assert_eq!(v5.maximum_packet_size, "");
        assert_eq!(v5.topic_alias_maximum, "10");
        assert!(v5.request_response_information);
        assert_eq!(
            v5.connect_user_properties,
            [PropertyRow {
                key: "app".into(),
                value: "console".into()
            }]
        );
        assert!(v5.plan().is_ok());
        assert_eq!(r.profiles[1].profile.form.mqtt5, Mqtt5Settings::default());
    }

    #[test]
    fn non_exports_are_errors() {
        assert_eq!(import_mqttx("[]"), Err(ImportError::NoProfiles));
        assert_eq!(import_mqttx(r#"{"x":1}"#), Err(ImportError::NoProfileList));
        assert_eq!(import_mqttx("3"), Err(ImportError::NoProfileList));
        assert!(matches!(
            import_mqttx("[{"),
            Err(ImportError::NotJson { .. })
        ));
    }
}
