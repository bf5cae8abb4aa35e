//! Turning a valid connect form into the link it describes: the WebSocket URL and CONNECT.

use super::connect_form::{ConnectForm, Mode, ALIYUN_KEEPALIVE};
use super::error::FormError;
use super::problems::parse_keepalive;
use crate::mqtt::{ConnectOptions, Will};

/// What a connection attempt needs: where to open the WebSocket and what CONNECT says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectPlan {
    /// `ws://` or `wss://` URL.
    pub url: String,
    /// The CONNECT packet's fields.
    pub options: ConnectOptions,
    /// The last will, generic mode only (Aliyun has none).
    pub will: Option<Will>,
    /// Whether a lost link is retried automatically.
    pub reconnect: bool,
    /// Aliyun mode: (ProductKey, DeviceName), for the device tools.
    pub device: Option<(String, String)>,
}

impl ConnectForm {
    /// Validates everything and describes the link; `page_is_https` catches mixed content
    /// before the browser fails with an unexplained error.
    pub fn plan(&self, now_ms: u64, page_is_https: bool) -> Result<ConnectPlan, FormError> {
        // Every check lives in `problems`; below, only the values are read.
        if let Some((_, first)) = self.problems(page_is_https).into_iter().next() {
            return Err(first);
        }
        let plan = match self.mode {
            Mode::Aliyun => {
                let keepalive_secs = parse_keepalive(
                    &self.keepalive,
                    *ALIYUN_KEEPALIVE.start(),
                    *ALIYUN_KEEPALIVE.end(),
                )?;
                let c = self.aliyun_credentials(now_ms)?;
                ConnectPlan {
                    url: c.url,
                    options: ConnectOptions {
                        client_id: c.client_id,
                        username: Some(c.username),
                        password: Some(c.password),
                        keepalive_secs,
                        clean_session: self.clean_session,
                        version: crate::mqtt::ProtocolVersion::V311,
                        properties: crate::mqtt::ConnectProperties::default(),
                    },
                    will: None,
                    reconnect: self.auto_reconnect,
                    device: Some((self.product_key.clone(), self.device_name.clone())),
                }
            }
            Mode::Generic => {
                let keepalive_secs = parse_keepalive(&self.keepalive, 0, u16::MAX)?;
                ConnectPlan {
                    url: self.url.clone(),
                    options: ConnectOptions {
                        client_id: self.client_id.clone(),
                        username: non_empty(&self.username),
                        password: non_empty(&self.password),
                        keepalive_secs,
                        clean_session: self.clean_session,
                        version: crate::mqtt::ProtocolVersion::V311,
                        properties: crate::mqtt::ConnectProperties::default(),
                    },
                    will: self.will()?,
                    reconnect: self.auto_reconnect,
                    device: None,
                }
            }
        };
        Ok(plan)
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::connect_form::generic;
    use super::super::error::WillError;
    use super::*;
    use crate::mqtt::QoS;

    #[test]
    fn generic_plan_carries_credentials_only_when_given() {
        let mut form = generic("ws://127.0.0.1:9001");
        let plan = form.plan(0, false).unwrap();
        assert_eq!(plan.url, "ws://127.0.0.1:9001");
        assert_eq!(plan.options.username, None);
        form.username = "u".into();
        form.password = "p".into();
        let plan = form.plan(0, false).unwrap();
        assert_eq!(plan.options.username.as_deref(), Some("u"));
        assert_eq!(plan.options.password.as_deref(), Some("p"));
        assert_eq!(plan.options.keepalive_secs, 60);
    }

    #[test]
    fn the_last_will_is_checked_and_carried() {
        let mut form = generic("ws://h:1");
        assert_eq!(form.plan(0, false).unwrap().will, None);
        form.will_topic = "clients/c1/status".into();
        form.will_payload = "offline".into();
        form.will_qos = "1".into();
        form.will_retain = true;
        let will = form.plan(0, false).unwrap().will.unwrap();
        assert_eq!(
            (
                will.topic.as_str(),
                will.payload.as_slice(),
                will.qos,
                will.retain
            ),
            ("clients/c1/status", &b"offline"[..], QoS::AtLeastOnce, true)
        );
        form.will_topic = "a/#".into();
        assert!(matches!(form.plan(0, false), Err(FormError::Will(_))));
        form.will_topic = "a".into();
        form.will_qos = "3".into();
        assert_eq!(
            form.plan(0, false),
            Err(FormError::Will(WillError::Qos("3".into())))
        );
    }

    #[test]
    fn aliyun_plan_signs_with_the_published_vector() {
        let form = ConnectForm {
            product_key: "pk".into(),
            device_name: "device".into(),
            device_secret: "secret".into(),
            aliyun_client_id: "12345".into(),
            sign_method: "hmacsha1".into(),
            timestamp: "789".into(),
            tls: false,
            ..ConnectForm::default()
        };
        let plan = form.plan(5, false).unwrap();
        assert_eq!(
            plan.options.client_id,
            "12345|securemode=3,signmethod=hmacsha1,timestamp=789|"
        );
        assert_eq!(plan.options.username.as_deref(), Some("device&pk"));
        assert_eq!(
            plan.options
                .password
                .as_deref()
                .map(str::to_ascii_uppercase)
                .as_deref(),
            Some("FAFD82A3D602B37FB0FA8B7892F24A477F851A14")
        );
        assert!(plan
            .url
            .starts_with("ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443"));
    }
}
