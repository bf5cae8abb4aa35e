//! Turns another tool's broker settings into a profile of ours.
//!
//! MQTT.fx and MQTTX describe a connection the same way (host, port, transport, client id,
//! username, password), so both importers build a [`BrokerSettings`] and share the decisions:
//! whether it is an Aliyun device, and what a browser can do with a TCP port.

use super::report::ProfileNote;
use crate::aliyun::connect_params::{bare_host, parse_client_id, parse_username, region_of_host};
use crate::aliyun::{instance_of_host, WEBSOCKET_PORT};
use crate::model::form::{ConnectForm, Mode, Mqtt5Settings};
use crate::model::profiles::Profile;

/// How the other tool reached the broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Transport {
    /// MQTT over TCP (`mqtt://`, MQTT.fx without SSL).
    Tcp,
    /// MQTT over TLS (`mqtts://`, MQTT.fx with SSL).
    Tls,
    /// MQTT over WebSocket.
    Ws,
    /// MQTT over secure WebSocket.
    Wss,
}

impl Transport {
    fn secure(self) -> bool {
        matches!(self, Transport::Tls | Transport::Wss)
    }
}

/// One connection as another tool saved it.
#[derive(Clone, Debug)]
pub(super) struct BrokerSettings {
    /// "MQTT.fx" or "MQTTX", for notes.
    pub tool: &'static str,
    pub host: String,
    pub port: Option<u16>,
    pub transport: Transport,
    /// WebSocket path; `/mqtt` is used for TCP profiles, the common broker default.
    pub path: String,
    pub client_id: String,
    pub username: String,
    pub password: String,
    pub keepalive: Option<String>,
    pub clean_session: Option<bool>,
    /// Non-empty when the tool had a last-will message.
    pub will_topic: String,
    /// The protocol version and MQTT 5 settings, when the tool saved them (MQTTX).
    pub mqtt5: Mqtt5Settings,
}

/// Aliyun when the host is Aliyun's, or when username and client id have Aliyun's shapes
/// (a local emulator or a proxy in front of Aliyun).
fn is_aliyun(s: &BrokerSettings) -> bool {
    let host = bare_host(&s.host).to_ascii_lowercase();
    host.ends_with(".aliyuncs.com")
        || (parse_username(&s.username).is_ok() && s.client_id.contains("|securemode="))
}

/// The profile (its name left empty for the importer) and what the user should check.
pub(super) fn to_profile(s: BrokerSettings) -> (Profile, Vec<ProfileNote>) {
    let mut notes = Vec::new();
    let mut form = ConnectForm::default();
    if let Some(k) = s
        .keepalive
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        form.keepalive = k.to_owned();
    }
    if let Some(clean) = s.clean_session {
        form.clean_session = clean;
    }
    form.mqtt5 = s.mqtt5.clone();
    if is_aliyun(&s) {
        aliyun_form(&s, &mut form, &mut notes);
    } else {
        generic_form(&s, &mut form, &mut notes);
    }
    if !s.will_topic.trim().is_empty() {
        notes.push(ProfileNote::WillNotImported {
            topic: s.will_topic.trim().to_owned(),
        });
    }
    let profile = Profile {
        decoders: Default::default(),
        name: String::new(),
        form,
        subscribe: None,
        publish: None,
        subscribe_options: Default::default(),
    };
    (profile, notes)
}

fn aliyun_form(s: &BrokerSettings, form: &mut ConnectForm, notes: &mut Vec<ProfileNote>) {
    form.mode = Mode::Aliyun;
    form.host = bare_host(&s.host);
    if let Some(region) = region_of_host(&form.host) {
        form.region = region;
    }
    let mut complete = true;
    match parse_username(&s.username) {
        Ok((pk, dn)) => {
            form.product_key = pk;
            form.device_name = dn;
        }
        Err(_) => complete = false,
    }
    match parse_client_id(&s.client_id) {
        Ok(p) => {
            // The default client id is `${ProductKey}.${DeviceName}`; leaving the field empty
            // keeps it following the identity if the user edits ProductKey or DeviceName.
            let default_id = format!("{}.{}", form.product_key, form.device_name);
            if p.client_id != default_id {
                form.aliyun_client_id = p.client_id;
            }
            form.sign_method = p.sign_method.as_str().to_owned();
            form.timestamp = p.timestamp.map(|t| t.to_string()).unwrap_or_default();
            form.tls = p.securemode != 3;
            // A new instance's registration needs its id; the host usually names it, a proxy
            // or the emulator does not, and then only the client id's `instanceId=` does.
            if let Some(id) = p.instance_id {
                if instance_of_host(&form.host).as_ref() != Some(&id) {
                    form.instance_id = id;
                }
            }
        }
        Err(_) => {
            complete = false;
            form.aliyun_client_id = s
                .client_id
                .split('|')
                .next()
                .unwrap_or("")
                .trim()
                .to_owned();
            form.tls = s.transport.secure();
        }
    }
    if !complete {
        notes.push(ProfileNote::AliyunIdentityIncomplete);
    }
    if let Some(port) = s.port.filter(|&p| p != WEBSOCKET_PORT) {
        notes.push(ProfileNote::AliyunPortConverted { port });
    }
    if form.host.is_empty() {
        notes.push(ProfileNote::NoHost);
    }
    // The saved password is HMAC(DeviceSecret, …): useless for signing anew, so it is dropped.
    notes.push(ProfileNote::DeviceSecretNeeded);
}

fn generic_form(s: &BrokerSettings, form: &mut ConnectForm, notes: &mut Vec<ProfileNote>) {
    form.mode = Mode::Generic;
    form.client_id = s.client_id.trim().to_owned();
    form.username = s.username.clone();
    form.password = s.password.clone();
    if !s.password.is_empty() {
        notes.push(ProfileNote::ContainsSecrets);
    }
    let scheme = if s.transport.secure() { "wss" } else { "ws" };
    let port = match s.transport {
        Transport::Tcp => Some(s.port.unwrap_or(1883)),
        Transport::Tls => Some(s.port.unwrap_or(8883)),
        Transport::Ws | Transport::Wss => s.port,
    };
    let mut host = bare_host(&s.host);
    if host.contains(':') && !host.starts_with('[') {
        host = format!("[{host}]");
    }
    let path = match s.path.trim() {
        "" if matches!(s.transport, Transport::Tcp | Transport::Tls) => "/mqtt".to_owned(),
        "" => String::new(),
        p if p.starts_with('/') => p.to_owned(),
        p => format!("/{p}"),
    };
    if host.is_empty() {
        notes.push(ProfileNote::NoHost);
    } else {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        form.url = format!("{scheme}://{host}{port}{path}");
    }
    if let (Transport::Tcp | Transport::Tls, Some(port)) = (s.transport, port) {
        // Do not guess the WebSocket port: brokers differ (8083, 8080, 9001, 443, …).
        notes.push(ProfileNote::TcpPortNeedsWebSocket { tool: s.tool, port });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(host: &str, transport: Transport) -> BrokerSettings {
        BrokerSettings {
            tool: "MQTTX",
            host: host.into(),
            port: None,
            transport,
            path: String::new(),
            client_id: "c".into(),
            username: String::new(),
            password: String::new(),
            keepalive: None,
            clean_session: None,
            will_topic: String::new(),
            mqtt5: Mqtt5Settings::default(),
        }
    }

    #[test]
    fn generic_urls_keep_the_port_and_bracket_ipv6() {
        let (p, notes) = to_profile(settings("::1", Transport::Tls));
        assert_eq!(p.form.url, "wss://[::1]:8883/mqtt");
        assert_eq!(
            notes,
            [ProfileNote::TcpPortNeedsWebSocket {
                tool: "MQTTX",
                port: 8883
            }]
        );
        let mut s = settings("tcp://b.example.com", Transport::Ws);
        s.path = "ws".into();
        let (p, notes) = to_profile(s);
        assert_eq!(
            (p.form.url.as_str(), notes.len()),
            ("ws://b.example.com/ws", 0)
        );
        let (p, notes) = to_profile(settings(" ", Transport::Tcp));
        assert_eq!(
            (p.form.url.as_str(), notes[0].clone()),
            ("", ProfileNote::NoHost)
        );
    }

    #[test]
    fn aliyun_shapes_are_recognised_without_an_aliyun_host() {
        let mut s = settings("127.0.0.1", Transport::Tcp);
        s.username = "dn&pk".into();
        s.client_id = "pk.dn|securemode=3,signmethod=hmacsha256|".into();
        s.port = Some(8443);
        let (p, notes) = to_profile(s);
        assert_eq!(p.form.mode, Mode::Aliyun);
        assert_eq!(
            (
                p.form.aliyun_client_id.as_str(),
                p.form.sign_method.as_str()
            ),
            ("", "hmacsha256")
        );
        assert!(!p.form.tls);
        assert_eq!(
            notes,
            [
                ProfileNote::AliyunPortConverted { port: 8443 },
                ProfileNote::DeviceSecretNeeded
            ]
        );
    }

    #[test]
    fn an_instance_named_only_by_the_client_id_is_kept() {
        let mut s = settings("127.0.0.1", Transport::Wss);
        s.username = "dn&pk".into();
        s.client_id = "pk.dn|securemode=2,signmethod=hmacsha1,instanceId=iot-06z00emu1demo|".into();
        let (p, _) = to_profile(s.clone());
        assert_eq!(p.form.instance_id, "iot-06z00emu1demo");
        s.host = "iot-06z00emu1demo.mqtt.iothub.aliyuncs.com".into();
        let (p, _) = to_profile(s);
        assert_eq!(
            (p.form.host.as_str(), p.form.instance_id.as_str()),
            ("iot-06z00emu1demo.mqtt.iothub.aliyuncs.com", ""),
            "the host names it already"
        );
    }

    #[test]
    fn an_aliyun_host_with_unreadable_identity_is_flagged() {
        let mut s = settings("x.mqtt.iothub.aliyuncs.com", Transport::Wss);
        s.client_id = "abc".into();
        s.will_topic = "w".into();
        let (p, notes) = to_profile(s);
        assert_eq!(
            (p.form.mode, p.form.aliyun_client_id.as_str(), p.form.tls),
            (Mode::Aliyun, "abc", true)
        );
        assert_eq!(notes[0], ProfileNote::AliyunIdentityIncomplete);
        assert_eq!(
            notes.last(),
            Some(&ProfileNote::WillNotImported { topic: "w".into() })
        );
    }
}
