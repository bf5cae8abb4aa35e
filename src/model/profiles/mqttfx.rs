//! Imports connection profiles from MQTT.fx's `mqttfx-config.xml` (MQTT.fx 1.7.x).
//!
//! The file's shape is known from examples rather than a schema, so reading is tolerant:
//! element names match case-insensitively and `connectionProfile` elements are found anywhere.
//! Per profile: `profileName`, `brokerAddress`, `brokerPort`, `clientId`, and under
//! `MqttConnectionOptions`: `cleanSession`, `keepAliveInterval`, `userName`, `password`,
//! `LWT/topic`; an `enableSSL` element anywhere in the profile marks TLS.
//!
//! roxmltree's default options refuse any DTD, which is where entity-expansion ("billion
//! laughs") attacks live; MQTT.fx never writes one, so that default stays.

use roxmltree::{Document, Node};

use super::convert::{to_profile, BrokerSettings, Transport};
use super::error::{ImportError, MAX_IMPORT_BYTES};
use super::name::coerce_name;
use super::report::{ImportReport, SkipReason, Skipped};

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name().eq_ignore_ascii_case(name)
}

/// The text of the first element named `name` below `profile`, outside the `LWT` element (whose
/// `topic`/`qos` must not be mistaken for the connection's).
fn field(profile: Node, name: &str) -> Option<String> {
    let mut stack: Vec<Node> = profile.children().collect();
    stack.reverse();
    while let Some(node) = stack.pop() {
        if is(&node, name) {
            return Some(node.text().unwrap_or("").to_owned());
        }
        if node.is_element() && !is(&node, "LWT") {
            stack.extend(node.children().collect::<Vec<_>>().into_iter().rev());
        }
    }
    None
}

fn will_topic(profile: Node) -> String {
    profile
        .descendants()
        .find(|n| is(n, "LWT"))
        .and_then(|lwt| lwt.children().find(|n| is(n, "topic")))
        .and_then(|t| t.text())
        .unwrap_or("")
        .to_owned()
}

fn flag(text: Option<String>) -> Option<bool> {
    match text?.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// Reads the profiles of an MQTT.fx configuration file.
pub fn import_mqttfx(text: &str) -> Result<ImportReport, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let doc = Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ImportError::XmlDtd,
        e => ImportError::NotXml {
            line: e.pos().row,
            column: e.pos().col,
        },
    })?;
    let profiles: Vec<Node> = doc
        .descendants()
        .filter(|n| is(n, "connectionProfile"))
        .collect();
    if profiles.is_empty() {
        return Err(ImportError::NoProfiles);
    }
    let mut report = ImportReport::default();
    for (i, node) in profiles.into_iter().enumerate() {
        let name = field(node, "profileName");
        if report.full() {
            report.skipped.push(Skipped {
                position: i + 1,
                name: name.as_deref().and_then(coerce_name),
                reason: SkipReason::TooMany,
            });
            continue;
        }
        let port_text = field(node, "brokerPort").unwrap_or_default();
        let settings = BrokerSettings {
            tool: "MQTT.fx",
            host: field(node, "brokerAddress").unwrap_or_default(),
            port: port_text.trim().parse().ok().filter(|&p| p > 0),
            transport: if flag(field(node, "enableSSL")) == Some(true) {
                Transport::Tls
            } else {
                Transport::Tcp
            },
            path: String::new(),
            client_id: field(node, "clientId").unwrap_or_default(),
            username: field(node, "userName").unwrap_or_default(),
            password: field(node, "password").unwrap_or_default(),
            keepalive: field(node, "keepAliveInterval"),
            clean_session: flag(field(node, "cleanSession")),
            mqtt5: Default::default(),
            will_topic: will_topic(node),
        };
        let (profile, notes) = to_profile(settings);
        report.add(
            name.as_deref(),
            format!("MQTT.fx profile {}", i + 1),
            profile,
            notes,
        );
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;
    use crate::model::profiles::ProfileNote;

    const CONFIG: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<configuration><connectionProfiles>
  <connectionProfile>
    <profileName>aliyun</profileName><profileType>MQTT_BROKER</profileType>
    <brokerAddress>pk.iot-as-mqtt.cn-shanghai.aliyuncs.com</brokerAddress><brokerPort>1883</brokerPort>
    <clientId>12345|securemode=3,signmethod=hmacsha1,timestamp=789|</clientId>
    <MqttConnectionOptions><cleanSession>true</cleanSession><keepAliveInterval>90</keepAliveInterval>
      <userName>device&amp;pk</userName><password>FAFD82A3D602B37FB0FA8B7892F24A477F851A14</password>
      <LWT><topic/><message/><qos>0</qos><retained>false</retained></LWT>
    </MqttConnectionOptions>
  </connectionProfile>
  <CONNECTIONPROFILE>
    <PROFILENAME>local mosquitto</PROFILENAME>
    <brokeraddress>test.mosquitto.org</brokeraddress><brokerPort>1883</brokerPort>
    <clientId>fx-1</clientId>
    <MqttConnectionOptions><cleanSession>false</cleanSession><keepAliveInterval>30</keepAliveInterval>
      <userName>u</userName><password>p</password>
      <LWT><topic>status/fx</topic><message>gone</message><qos>1</qos><retained>true</retained></LWT>
    </MqttConnectionOptions>
  </CONNECTIONPROFILE>
  <connectionProfile><brokerAddress>tls.example.com</brokerAddress><SSLSettings><enableSSL>true</enableSSL></SSLSettings></connectionProfile>
</connectionProfiles></configuration>"#;

    #[test]
    fn aliyun_and_generic_profiles_are_mapped() {
        let r = import_mqttfx(CONFIG).unwrap();
        assert_eq!(r.profiles.len(), 3);
        let a = &r.profiles[0];
        assert_eq!(a.profile.name, "aliyun");
        let f = &a.profile.form;
        assert_eq!(f.mode, Mode::Aliyun);
        assert_eq!(
            (f.product_key.as_str(), f.device_name.as_str()),
            ("pk", "device")
        );
        assert_eq!(
            (
                f.aliyun_client_id.as_str(),
                f.sign_method.as_str(),
                f.timestamp.as_str()
            ),
            ("12345", "hmacsha1", "789")
        );
        assert_eq!(
            (f.host.as_str(), f.region.as_str(), f.tls),
            (
                "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com",
                "cn-shanghai",
                false
            )
        );
        assert_eq!(
            (
                f.device_secret.as_str(),
                f.password.as_str(),
                f.keepalive.as_str()
            ),
            ("", "", "90")
        );
        assert_eq!(
            a.notes,
            [
                ProfileNote::AliyunPortConverted { port: 1883 },
                ProfileNote::DeviceSecretNeeded
            ]
        );

        let g = &r.profiles[1];
        assert_eq!(g.profile.name, "local mosquitto");
        let f = &g.profile.form;
        assert_eq!(
            (f.mode, f.url.as_str(), f.client_id.as_str()),
            (Mode::Generic, "ws://test.mosquitto.org:1883/mqtt", "fx-1")
        );
        assert_eq!(
            (
                f.username.as_str(),
                f.password.as_str(),
                f.keepalive.as_str(),
                f.clean_session
            ),
            ("u", "p", "30", false)
        );
        assert_eq!(
            g.notes,
            [
                ProfileNote::ContainsSecrets,
                ProfileNote::TcpPortNeedsWebSocket {
                    tool: "MQTT.fx",
                    port: 1883
                },
                ProfileNote::WillNotImported {
                    topic: "status/fx".into()
                },
            ]
        );

        let t = &r.profiles[2];
        assert_eq!(t.profile.name, "MQTT.fx profile 3");
        assert_eq!(t.profile.form.url, "wss://tls.example.com:8883/mqtt");
    }

    #[test]
    fn the_signature_never_becomes_a_secret() {
        let r = import_mqttfx(CONFIG).unwrap();
        let form = &r.profiles[0].profile.form;
        assert!(!format!("{form:?}").contains("FAFD82A3"));
    }

    #[test]
    fn hostile_or_wrong_files_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><configuration>&lol2;</configuration>"#;
        assert_eq!(import_mqttfx(bomb), Err(ImportError::XmlDtd));
        assert!(matches!(
            import_mqttfx("{\"profiles\":[]}"),
            Err(ImportError::NotXml { line: 1, .. })
        ));
        assert!(matches!(
            import_mqttfx("<a>\n<b></a>"),
            Err(ImportError::NotXml { line: 2, .. })
        ));
        assert_eq!(
            import_mqttfx("<configuration/>"),
            Err(ImportError::NoProfiles)
        );
        let huge = format!("<a>{}</a>", "x".repeat(MAX_IMPORT_BYTES));
        assert!(matches!(
            import_mqttfx(&huge),
            Err(ImportError::TooLarge { .. })
        ));
        let deep = format!("{}{}", "<a>".repeat(5000), "</a>".repeat(5000));
        assert!(import_mqttfx(&deep).is_err());
    }
}
