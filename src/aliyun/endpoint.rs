//! Where the WebSocket goes: the host (default or override), the port and the URL.

use super::error::{AliyunError, Field};

/// Aliyun serves MQTT over WebSocket on 443 for both `ws://` and `wss://`.
pub const WEBSOCKET_PORT: u16 = 443;

/// A host and port the browser can open a WebSocket to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Host as it appears in a URL: a name, an IPv4 address, or an IPv6 address in brackets.
    pub host: String,
    /// TCP port; always written in the URL.
    pub port: u16,
}

impl Endpoint {
    /// The old public-instance host, `${ProductKey}.iot-as-mqtt.${RegionId}.aliyuncs.com:443`.
    ///
    /// Expects the ProductKey to be validated already; checks only what the host name needs.
    pub fn public_instance(product_key: &str, region: &str) -> Result<Endpoint, AliyunError> {
        validate_region(region)?;
        product_key_fits_hostname(product_key)?;
        Ok(Endpoint {
            host: format!("{product_key}.iot-as-mqtt.{region}.aliyuncs.com"),
            port: WEBSOCKET_PORT,
        })
    }

    /// Parses a host override: `name`, `name:port`, `[ipv6]` or `[ipv6]:port` (443 when absent).
    ///
    /// Users paste from the IoT Platform console and docs, so the common wrong shapes (a URL with a scheme or
    /// path, the IoT Platform console's TCP port) get their own errors instead of a generic "invalid host".
    pub fn parse_override(input: &str) -> Result<Endpoint, AliyunError> {
        if input.trim() != input {
            return Err(AliyunError::OuterSpace(Field::Host));
        }
        if input.contains("://") {
            return Err(AliyunError::HostHasScheme);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(AliyunError::HostHasSpace);
        }
        if input.contains(['/', '?', '#']) {
            return Err(AliyunError::HostHasPath);
        }

        let (host, port_text) = if let Some(rest) = input.strip_prefix('[') {
            let Some((addr, after)) = rest.split_once(']') else {
                return Err(AliyunError::ForbiddenChar {
                    field: Field::Host,
                    ch: '[',
                });
            };
            if addr.is_empty() {
                return Err(AliyunError::HostMissingName);
            }
            // Zone ids (`%eth0`) are left out: browsers refuse them in WebSocket URLs anyway.
            if let Some(ch) = addr
                .chars()
                .find(|c| !(c.is_ascii_hexdigit() || *c == ':' || *c == '.'))
            {
                return Err(AliyunError::ForbiddenChar {
                    field: Field::Host,
                    ch,
                });
            }
            let port_text = match after {
                "" => None,
                _ => match after.strip_prefix(':') {
                    Some(p) => Some(p),
                    None => {
                        let ch = after.chars().next().unwrap_or(']');
                        return Err(AliyunError::ForbiddenChar {
                            field: Field::Host,
                            ch,
                        });
                    }
                },
            };
            (format!("[{addr}]"), port_text)
        } else {
            let (name, port_text) = match input.matches(':').count() {
                0 => (input, None),
                1 => match input.split_once(':') {
                    Some((name, port)) => (name, Some(port)),
                    None => (input, None),
                },
                _ => return Err(AliyunError::HostIpv6NeedsBrackets),
            };
            if name.is_empty() {
                return Err(AliyunError::HostMissingName);
            }
            // Underscore is not valid DNS but appears in some intranet names; the browser decides.
            if let Some(ch) = name.chars().find(|c| !(is_label_char(*c) || *c == '.')) {
                return Err(AliyunError::ForbiddenChar {
                    field: Field::Host,
                    ch,
                });
            }
            (name.to_string(), port_text)
        };

        let port = match port_text {
            None => WEBSOCKET_PORT,
            Some(p) => parse_port(p)?,
        };
        if port != WEBSOCKET_PORT && host.to_ascii_lowercase().ends_with(".aliyuncs.com") {
            return Err(AliyunError::HostNotWebSocketPort { port });
        }
        Ok(Endpoint { host, port })
    }

    /// The WebSocket URL, `${scheme}://${host}:${port}${path}`; the path is expected validated.
    pub fn url(&self, tls: bool, path: &str) -> String {
        let scheme = if tls { "wss" } else { "ws" };
        format!("{scheme}://{}:{}{path}", self.host, self.port)
    }
}

/// Checks a region id: it becomes a DNS label, so lowercase letters, digits and `-` only.
/// Ids missing from [`super::Region::ALL`] are accepted: Aliyun may open regions after the list.
pub fn validate_region(region: &str) -> Result<(), AliyunError> {
    if region.is_empty() {
        return Err(AliyunError::Empty(Field::Region));
    }
    if region.trim() != region {
        return Err(AliyunError::OuterSpace(Field::Region));
    }
    match region
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        Some(ch) => Err(AliyunError::ForbiddenChar {
            field: Field::Region,
            ch,
        }),
        None => Ok(()),
    }
}

/// Checks that a ProductKey can be the first label of the public-instance host name.
pub fn product_key_fits_hostname(product_key: &str) -> Result<(), AliyunError> {
    match product_key.chars().find(|c| !is_label_char(*c)) {
        Some(ch) => Err(AliyunError::ProductKeyNotHostname { ch }),
        None => Ok(()),
    }
}

/// Checks a WebSocket path: starts with `/`, no whitespace, control characters, `?` or `#`
/// (a query or fragment would be silently dropped or misread by the server).
pub fn validate_path(path: &str) -> Result<(), AliyunError> {
    if path.trim() != path {
        return Err(AliyunError::OuterSpace(Field::Path));
    }
    if !path.starts_with('/') {
        return Err(AliyunError::PathNoLeadingSlash);
    }
    match path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '?' || *c == '#')
    {
        Some(ch) => Err(AliyunError::ForbiddenChar {
            field: Field::Path,
            ch,
        }),
        None => Ok(()),
    }
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn parse_port(text: &str) -> Result<u16, AliyunError> {
    let bad = || AliyunError::HostBadPort {
        port: text.to_string(),
    };
    // `u16::from_str` accepts a leading '+', which is not a port.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => Err(bad()),
        Ok(port) => Ok(port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(host: &str, port: u16) -> Result<Endpoint, AliyunError> {
        Ok(Endpoint {
            host: host.to_string(),
            port,
        })
    }

    #[test]
    fn public_instance_host() {
        let e = Endpoint::public_instance("a1B2c3D4e5F", "cn-shanghai");
        assert_eq!(
            e,
            ep("a1B2c3D4e5F.iot-as-mqtt.cn-shanghai.aliyuncs.com", 443)
        );
    }

    #[test]
    fn public_instance_rejects_what_cannot_be_a_host() {
        assert_eq!(
            Endpoint::public_instance("p.k", "cn-shanghai"),
            Err(AliyunError::ProductKeyNotHostname { ch: '.' })
        );
        assert_eq!(
            Endpoint::public_instance("pk", ""),
            Err(AliyunError::Empty(Field::Region))
        );
        assert_eq!(
            Endpoint::public_instance("pk", "cn-shanghai "),
            Err(AliyunError::OuterSpace(Field::Region))
        );
        assert_eq!(
            Endpoint::public_instance("pk", "CN-Shanghai"),
            Err(AliyunError::ForbiddenChar {
                field: Field::Region,
                ch: 'C'
            })
        );
    }

    #[test]
    fn override_shapes() {
        assert_eq!(
            Endpoint::parse_override("127.0.0.1:8443"),
            ep("127.0.0.1", 8443)
        );
        assert_eq!(
            Endpoint::parse_override("iot-06z00.mqtt.iothub.aliyuncs.com"),
            ep("iot-06z00.mqtt.iothub.aliyuncs.com", 443)
        );
        assert_eq!(Endpoint::parse_override("[::1]:8443"), ep("[::1]", 8443));
        assert_eq!(Endpoint::parse_override("[::1]"), ep("[::1]", 443));
        assert_eq!(Endpoint::parse_override("localhost"), ep("localhost", 443));
        assert_eq!(
            Endpoint::parse_override("x.aliyuncs.com:443"),
            ep("x.aliyuncs.com", 443)
        );
    }

    #[test]
    fn override_errors() {
        use AliyunError::*;
        let cases: &[(&str, AliyunError)] = &[
            ("wss://h.example", HostHasScheme),
            ("ws://h.example:443/mqtt", HostHasScheme),
            ("h.example/mqtt", HostHasPath),
            ("h.example?x=1", HostHasPath),
            ("h example", HostHasSpace),
            (" h.example", OuterSpace(Field::Host)),
            (
                "h.example:",
                HostBadPort {
                    port: String::new(),
                },
            ),
            ("h.example:0", HostBadPort { port: "0".into() }),
            (
                "h.example:65536",
                HostBadPort {
                    port: "65536".into(),
                },
            ),
            ("h.example:+80", HostBadPort { port: "+80".into() }),
            (
                "h.example:http",
                HostBadPort {
                    port: "http".into(),
                },
            ),
            ("[::1]:0", HostBadPort { port: "0".into() }),
            (":8443", HostMissingName),
            ("[]:8443", HostMissingName),
            ("::1", HostIpv6NeedsBrackets),
            (
                "[::1",
                ForbiddenChar {
                    field: Field::Host,
                    ch: '[',
                },
            ),
            (
                "[::1]8443",
                ForbiddenChar {
                    field: Field::Host,
                    ch: '8',
                },
            ),
            (
                "[::g]",
                ForbiddenChar {
                    field: Field::Host,
                    ch: 'g',
                },
            ),
            (
                "user@h.example",
                ForbiddenChar {
                    field: Field::Host,
                    ch: '@',
                },
            ),
            (
                "pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:1883",
                HostNotWebSocketPort { port: 1883 },
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                Endpoint::parse_override(input).as_ref(),
                Err(want),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn url_writes_the_port_and_picks_the_scheme() {
        let e = Endpoint {
            host: "h.example".into(),
            port: 443,
        };
        assert_eq!(e.url(true, "/"), "wss://h.example:443/");
        assert_eq!(e.url(false, "/mqtt"), "ws://h.example:443/mqtt");
    }

    #[test]
    fn paths() {
        assert_eq!(validate_path("/"), Ok(()));
        assert_eq!(validate_path("/mqtt"), Ok(()));
        assert_eq!(validate_path(""), Err(AliyunError::PathNoLeadingSlash));
        assert_eq!(validate_path("mqtt"), Err(AliyunError::PathNoLeadingSlash));
        assert_eq!(
            validate_path("/mqtt "),
            Err(AliyunError::OuterSpace(Field::Path))
        );
        for (p, ch) in [
            ("/a b", ' '),
            ("/a?b", '?'),
            ("/a#b", '#'),
            ("/a\u{0}", '\u{0}'),
        ] {
            assert_eq!(
                validate_path(p),
                Err(AliyunError::ForbiddenChar {
                    field: Field::Path,
                    ch
                })
            );
        }
    }
}
