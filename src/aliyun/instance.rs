//! Aliyun's current instances: what the connect form's endpoint field holds, and the instance id.
//!
//! New public and Enterprise instances have their own endpoint, `${InstanceId}.mqtt.iothub.aliyuncs.com`,
//! and their dynamic registration names the instance (`securemode=-2,…,instanceId=…`). The one
//! endpoint field takes what the IoT Platform console shows: an instance id, an instance
//! endpoint, or any host (a proxy, the local emulator, an old public host); empty means the old
//! public host of the chosen region.

use super::endpoint::{Endpoint, WEBSOCKET_PORT};
use super::error::{AliyunError, Field};

/// What every instance endpoint ends with.
pub const INSTANCE_HOST_SUFFIX: &str = ".mqtt.iothub.aliyuncs.com";

/// How an instance id starts (`iot-06z00ax1o4gbb8k`, `iot-cn-0pp1n8t4d05`); a bare name with this
/// prefix in the endpoint field is read as an instance id, not as a host.
pub const INSTANCE_ID_PREFIX: &str = "iot-";

/// Region-id prefixes (`cn-shanghai`, `ap-southeast-1`, …), to tell a region typed in the
/// endpoint field from a one-label intranet host such as `emulator`.
const REGION_PREFIXES: [&str; 8] = ["cn-", "ap-", "us-", "eu-", "me-", "na-", "sa-", "af-"];

/// What the endpoint field resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointKind {
    /// Empty field: the old public instance of this region, `${ProductKey}.iot-as-mqtt.${region}.aliyuncs.com`.
    PublicRegion {
        /// The region id chosen.
        region: String,
    },
    /// A new public or Enterprise instance known by its id, at `${id}.mqtt.iothub.aliyuncs.com`
    /// (typed as the id, or as its endpoint).
    Instance {
        /// The instance id.
        id: String,
    },
    /// A host that names no instance: an old public host, a proxy or the local emulator.
    Host,
}

/// The endpoint field parsed: an instance id, or a host (with the instance it names, if any).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An instance id; the host is its endpoint on port 443.
    InstanceId(String),
    /// A host and port; `instance` is set when the host is an instance endpoint.
    Host {
        /// Where the WebSocket goes.
        endpoint: Endpoint,
        /// The instance the host names, when it is `${id}.mqtt.iothub.aliyuncs.com`.
        instance: Option<String>,
    },
}

impl Target {
    /// Reads a non-empty endpoint field: an instance id (`iot-…`, no dot or port), or a host as
    /// [`Endpoint::parse_override`] reads it. A region id typed here gets its own error, since it
    /// would otherwise be taken for a host and fail at connect with nothing said.
    pub fn parse(input: &str) -> Result<Target, AliyunError> {
        if input.trim() == input && is_bare_name(input) {
            if has_prefix(input, INSTANCE_ID_PREFIX) {
                validate_instance_id(input, Field::Host)?;
                return Ok(Target::InstanceId(input.to_owned()));
            }
            if REGION_PREFIXES.iter().any(|p| has_prefix(input, p)) {
                return Err(AliyunError::HostIsRegion {
                    region: input.to_owned(),
                });
            }
        }
        let endpoint = Endpoint::parse_override(input)?;
        let instance = instance_of_host(&endpoint.host);
        Ok(Target::Host { endpoint, instance })
    }

    /// Where the WebSocket goes.
    pub fn endpoint(&self) -> Endpoint {
        match self {
            Target::InstanceId(id) => Endpoint {
                host: instance_host(id),
                port: WEBSOCKET_PORT,
            },
            Target::Host { endpoint, .. } => endpoint.clone(),
        }
    }

    /// The instance this target names, if any.
    pub fn instance(&self) -> Option<&str> {
        match self {
            Target::InstanceId(id) => Some(id),
            Target::Host { instance, .. } => instance.as_deref(),
        }
    }
}

/// The endpoint of an instance, `${id}.mqtt.iothub.aliyuncs.com`.
pub fn instance_host(id: &str) -> String {
    format!("{id}{INSTANCE_HOST_SUFFIX}")
}

/// The instance id of an instance endpoint `${id}.mqtt.iothub.aliyuncs.com` (case of the suffix
/// ignored, as in DNS); `None` for any other host.
pub fn instance_of_host(host: &str) -> Option<String> {
    let cut = host.len().checked_sub(INSTANCE_HOST_SUFFIX.len())?;
    let (id, suffix) = (host.get(..cut)?, host.get(cut..)?);
    let plausible = suffix.eq_ignore_ascii_case(INSTANCE_HOST_SUFFIX)
        && validate_instance_id(id, Field::Host).is_ok();
    plausible.then(|| id.to_owned())
}

/// Checks an instance id as typed in `field`: not empty, lowercase letters, digits and `-`
/// (it becomes the first label of the endpoint and is compared by the cloud as written), and,
/// when it has the `iot-` prefix, something after it.
pub fn validate_instance_id(id: &str, field: Field) -> Result<(), AliyunError> {
    if id.is_empty() {
        return Err(AliyunError::Empty(field));
    }
    if id.trim() != id {
        return Err(AliyunError::OuterSpace(field));
    }
    if let Some(ch) = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(AliyunError::BadInstanceId { field, ch });
    }
    let rest = id.strip_prefix(INSTANCE_ID_PREFIX).unwrap_or(id);
    if rest.trim_matches('-').is_empty() {
        return Err(AliyunError::InstanceIdIncomplete(field));
    }
    Ok(())
}

/// One label, no port, no brackets, no path: what an id (instance or region) looks like.
fn is_bare_name(s: &str) -> bool {
    !s.is_empty() && !s.contains(['.', ':', '[', ']', '/', '?', '#', '@']) && !s.contains("://")
}

fn has_prefix(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &str, port: u16, instance: Option<&str>) -> Result<Target, AliyunError> {
        Ok(Target::Host {
            endpoint: Endpoint {
                host: h.to_owned(),
                port,
            },
            instance: instance.map(str::to_owned),
        })
    }

    #[test]
    fn an_instance_id_becomes_its_endpoint() {
        let t = Target::parse("iot-06z00ax1o4gbb8k").unwrap();
        assert_eq!(t, Target::InstanceId("iot-06z00ax1o4gbb8k".into()));
        assert_eq!(
            t.endpoint(),
            Endpoint {
                host: "iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com".into(),
                port: 443
            }
        );
        assert_eq!(t.instance(), Some("iot-06z00ax1o4gbb8k"));
        assert_eq!(
            Target::parse("iot-cn-0pp1n8t4d05").unwrap().instance(),
            Some("iot-cn-0pp1n8t4d05")
        );
    }

    #[test]
    fn an_instance_endpoint_names_its_instance() {
        let h = "iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com";
        assert_eq!(Target::parse(h), host(h, 443, Some("iot-06z00ax1o4gbb8k")));
        assert_eq!(
            Target::parse(&format!("{h}:443")),
            host(h, 443, Some("iot-06z00ax1o4gbb8k"))
        );
        let upper = "iot-06z00ax1o4gbb8k.MQTT.iothub.aliyuncs.com";
        assert_eq!(
            Target::parse(upper),
            host(upper, 443, Some("iot-06z00ax1o4gbb8k"))
        );
        assert_eq!(
            Target::parse(&format!("{h}:1883")),
            Err(AliyunError::HostNotWebSocketPort { port: 1883 })
        );
    }

    #[test]
    fn other_hosts_name_no_instance() {
        for (input, h, port) in [
            ("127.0.0.1:8443", "127.0.0.1", 8443),
            ("localhost", "localhost", 443),
            ("emulator:8443", "emulator", 8443),
            ("iot-gateway:443", "iot-gateway", 443),
            (
                "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com",
                "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com",
                443,
            ),
            ("[::1]:8443", "[::1]", 8443),
            ("Iot-X.mqtt.example.com", "Iot-X.mqtt.example.com", 443),
        ] {
            assert_eq!(Target::parse(input), host(h, port, None), "{input}");
        }
        assert_eq!(instance_of_host("x.iothub.aliyuncs.com"), None);
        assert_eq!(instance_of_host(".mqtt.iothub.aliyuncs.com"), None);
        assert_eq!(instance_of_host("IOT-1.mqtt.iothub.aliyuncs.com"), None);
        assert_eq!(instance_of_host("a.b.mqtt.iothub.aliyuncs.com"), None);
    }

    #[test]
    fn mistakes_get_their_own_errors() {
        let cases = [
            (
                "cn-shanghai",
                AliyunError::HostIsRegion {
                    region: "cn-shanghai".into(),
                },
            ),
            (
                "ap-southeast-1",
                AliyunError::HostIsRegion {
                    region: "ap-southeast-1".into(),
                },
            ),
            (
                "iot-06Z00",
                AliyunError::BadInstanceId {
                    field: Field::Host,
                    ch: 'Z',
                },
            ),
            (
                "IOT-06z00",
                AliyunError::BadInstanceId {
                    field: Field::Host,
                    ch: 'I',
                },
            ),
            (
                "iot-06z_00",
                AliyunError::BadInstanceId {
                    field: Field::Host,
                    ch: '_',
                },
            ),
            ("iot-", AliyunError::InstanceIdIncomplete(Field::Host)),
            ("iot--", AliyunError::InstanceIdIncomplete(Field::Host)),
            (" iot-1", AliyunError::OuterSpace(Field::Host)),
            (
                "wss://iot-1.mqtt.iothub.aliyuncs.com",
                AliyunError::HostHasScheme,
            ),
            (
                "iot-1.mqtt.iothub.aliyuncs.com/mqtt",
                AliyunError::HostHasPath,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(Target::parse(input), Err(want), "{input:?}");
        }
    }

    #[test]
    fn instance_id_rules_per_field() {
        assert_eq!(
            validate_instance_id("iot-06z00emu1demo", Field::InstanceId),
            Ok(())
        );
        assert_eq!(validate_instance_id("x1", Field::InstanceId), Ok(()));
        assert_eq!(
            validate_instance_id("", Field::InstanceId),
            Err(AliyunError::Empty(Field::InstanceId))
        );
        assert_eq!(
            validate_instance_id("iot-1 ", Field::InstanceId),
            Err(AliyunError::OuterSpace(Field::InstanceId))
        );
        assert_eq!(
            validate_instance_id("iot-1.x", Field::InstanceId),
            Err(AliyunError::BadInstanceId {
                field: Field::InstanceId,
                ch: '.'
            })
        );
        assert_eq!(
            validate_instance_id("\u{5b9e}", Field::InstanceId),
            Err(AliyunError::BadInstanceId {
                field: Field::InstanceId,
                ch: '\u{5b9e}'
            })
        );
        assert_eq!(instance_host("iot-1"), "iot-1.mqtt.iothub.aliyuncs.com");
    }
}
