//! The CONNECT fields computed from valid device settings.

use super::client_id::ClientIdParams;
use super::device::{AliyunDevice, DeviceAuth};
use super::error::AliyunError;
use super::sign::sign;
use super::sign_content::login_sign_content;

/// What will be sent: the WebSocket URL and the MQTT CONNECT credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MqttCredentials {
    /// `ws://` or `wss://` URL, port always explicit.
    pub url: String,
    /// `${clientId}|securemode=…,signmethod=…,timestamp=…|`.
    pub client_id: String,
    /// `${DeviceName}&${ProductKey}`.
    pub username: String,
    /// Uppercase hex HMAC of the sign content.
    pub password: String,
}

impl AliyunDevice {
    /// Validates every field and computes the URL, MQTT client id, username and password.
    ///
    /// Returns the first problem in form order (the first element of [`AliyunDevice::problems`]).
    /// The timestamp written into the client id is always the one signed, so the server's
    /// "timestamp must match the signature" rule holds by construction.
    pub fn credentials(&self, now_ms: u64) -> Result<MqttCredentials, AliyunError> {
        if let Some(problem) = self.problems().into_iter().next() {
            return Err(problem);
        }
        let endpoint = self.endpoint()?;
        let username = self.identity().username();
        if self.auth == DeviceAuth::Token {
            // A `regnwl` device logs in with its token; nothing is signed.
            return Ok(MqttCredentials {
                url: endpoint.url(self.tls, &self.path),
                client_id: ClientIdParams::token_login(&self.effective_client_id()).to_string(),
                username,
                password: self.device_secret.clone(),
            });
        }
        let timestamp = self.timestamp_or(now_ms);
        let content = self.sign_content(Some(timestamp));
        Ok(MqttCredentials {
            url: endpoint.url(self.tls, &self.path),
            client_id: ClientIdParams::login(
                &self.effective_client_id(),
                i32::from(self.securemode()),
                self.sign_method,
                timestamp,
            )
            .to_string(),
            username,
            password: sign(self.sign_method, &self.device_secret, &content),
        })
    }

    /// The sign content, e.g. `clientId12345deviceNamedeviceproductKeypktimestamp789` (exposed so
    /// the UI can show it).
    ///
    /// `None` leaves out the timestamp, which the protocol allows; to show exactly what
    /// [`AliyunDevice::credentials`] signs, pass `Some(self.timestamp_or(now_ms))`.
    pub fn sign_content(&self, timestamp: Option<u64>) -> String {
        login_sign_content(
            &self.effective_client_id(),
            &self.device_name,
            &self.product_key,
            timestamp.map(|ts| ts.to_string()).as_deref(),
        )
    }

    /// `2` over TLS, `3` over plain WebSocket, as Aliyun requires.
    pub fn securemode(&self) -> u8 {
        if self.tls {
            2
        } else {
            3
        }
    }

    /// The timestamp that gets signed: the fixed one if set, else `now_ms`.
    pub fn timestamp_or(&self, now_ms: u64) -> u64 {
        self.timestamp.unwrap_or(now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::super::device::published_example;
    use super::super::sign::SignMethod;
    use super::*;

    fn creds(d: &AliyunDevice) -> MqttCredentials {
        match d.credentials(1_700_000_000_000) {
            Ok(c) => c,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    #[test]
    fn published_vector() {
        let d = published_example();
        assert_eq!(
            d.sign_content(Some(789)),
            "clientId12345deviceNamedeviceproductKeypktimestamp789"
        );
        let c = creds(&d);
        assert_eq!(
            c.client_id,
            "12345|securemode=3,signmethod=hmacsha1,timestamp=789|"
        );
        assert_eq!(c.username, "device&pk");
        assert_eq!(c.password, "FAFD82A3D602B37FB0FA8B7892F24A477F851A14");
        assert_eq!(c.url, "ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/");
    }

    // Expected passwords computed independently with Python's hmac/hashlib over the published
    // sign content (the command is in sign.rs); hmacsha1 is the published value.
    #[test]
    fn one_vector_per_sign_method() {
        let cases = [
            (
                SignMethod::HmacMd5,
                "hmacmd5",
                "14B198324FE55E1D3C88F2E705E201EE",
            ),
            (
                SignMethod::HmacSha1,
                "hmacsha1",
                "FAFD82A3D602B37FB0FA8B7892F24A477F851A14",
            ),
            (
                SignMethod::HmacSha256,
                "hmacsha256",
                "6074A46A91B1EBB2CC4EA42790AD0E80202C9843859FC292E57C4EB19FAD9E57",
            ),
        ];
        for (method, name, password) in cases {
            let c = creds(&AliyunDevice {
                sign_method: method,
                ..published_example()
            });
            assert_eq!(c.password, password);
            assert_eq!(
                c.client_id,
                format!("12345|securemode=3,signmethod={name},timestamp=789|")
            );
        }
    }

    #[test]
    fn a_token_device_logs_in_with_connwl() {
        let d = AliyunDevice {
            auth: DeviceAuth::Token,
            device_secret: "tok3n".into(),
            client_id: "reg-1".into(),
            ..published_example()
        };
        let c = creds(&d);
        assert_eq!(c.client_id, "reg-1|securemode=-2,authType=connwl|");
        assert_eq!(c.password, "tok3n");
        assert_eq!(c.username, "device&pk");
    }

    #[test]
    fn sign_content_without_timestamp() {
        let content = published_example().sign_content(None);
        assert_eq!(content, "clientId12345deviceNamedeviceproductKeypk");
    }

    #[test]
    fn tls_picks_scheme_and_securemode() {
        let c = creds(&AliyunDevice {
            tls: true,
            ..published_example()
        });
        assert_eq!(c.url, "wss://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/");
        assert_eq!(
            c.client_id,
            "12345|securemode=2,signmethod=hmacsha1,timestamp=789|"
        );
        // securemode is not signed, so the password does not change with it.
        assert_eq!(c.password, "FAFD82A3D602B37FB0FA8B7892F24A477F851A14");
    }

    #[test]
    fn default_host_follows_region() {
        let c = creds(&AliyunDevice {
            region: "ap-southeast-1".into(),
            ..published_example()
        });
        assert_eq!(
            c.url,
            "ws://pk.iot-as-mqtt.ap-southeast-1.aliyuncs.com:443/"
        );
    }

    #[test]
    fn host_override_with_and_without_port() {
        let d = AliyunDevice {
            host: "127.0.0.1:8443".into(),
            ..published_example()
        };
        assert_eq!(creds(&d).url, "ws://127.0.0.1:8443/");
        let d = AliyunDevice {
            host: "iot-06z00ab.mqtt.iothub.aliyuncs.com".into(),
            path: "/mqtt".into(),
            tls: true,
            ..published_example()
        };
        assert_eq!(
            creds(&d).url,
            "wss://iot-06z00ab.mqtt.iothub.aliyuncs.com:443/mqtt"
        );
        let d = AliyunDevice {
            host: "[::1]:8443".into(),
            ..published_example()
        };
        assert_eq!(creds(&d).url, "ws://[::1]:8443/");
    }

    #[test]
    fn default_client_id_is_signed_and_sent() {
        let d = AliyunDevice {
            client_id: String::new(),
            ..published_example()
        };
        let c = creds(&d);
        assert_eq!(
            c.client_id,
            "pk.device|securemode=3,signmethod=hmacsha1,timestamp=789|"
        );
        let content = "clientIdpk.devicedeviceNamedeviceproductKeypktimestamp789";
        assert_eq!(d.sign_content(Some(789)), content);
        assert_eq!(c.password, sign(SignMethod::HmacSha1, "secret", content));
    }

    #[test]
    fn timestamp_none_uses_now_ms() {
        let d = AliyunDevice {
            timestamp: None,
            ..published_example()
        };
        let c = match d.credentials(1_234) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            c.client_id,
            "12345|securemode=3,signmethod=hmacsha1,timestamp=1234|"
        );
        assert_eq!(
            c.password,
            sign(SignMethod::HmacSha1, "secret", &d.sign_content(Some(1_234)))
        );
        // A fixed timestamp wins over the clock.
        assert_eq!(published_example().timestamp_or(1_234), 789);
        assert_eq!(
            creds(&published_example()).client_id,
            "12345|securemode=3,signmethod=hmacsha1,timestamp=789|"
        );
    }
}
