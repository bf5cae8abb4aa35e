//! Checking the connect form: every unusable input named at once, keyed by its `data-testid`.

use super::connect_form::{ConnectForm, Mode, ALIYUN_KEEPALIVE};
use super::error::{FormError, FormField, WillError};
use crate::aliyun::{AliyunDevice, SignMethod};
use crate::mqtt::{check_string, check_topic, MqttError, QoS, StringField, Will, MAX_STRING_LEN};

impl ConnectForm {
    /// Every problem of the form, at most one per input, keyed by the input's `data-testid`,
    /// in form order; empty when [`ConnectForm::plan`] would succeed.
    pub fn problems(&self, page_is_https: bool) -> Vec<(&'static str, FormError)> {
        let mut out: Vec<(&'static str, FormError)> = Vec::new();
        match self.mode {
            Mode::Aliyun => {
                let sign_method = SignMethod::parse(&self.sign_method);
                if sign_method.is_none() {
                    out.push((
                        "aliyun-sign-method",
                        FormError::SignMethod(self.sign_method.clone()),
                    ));
                }
                if !self.timestamp.is_empty() && self.timestamp.parse::<u64>().is_err() {
                    out.push((
                        "aliyun-timestamp",
                        FormError::Timestamp(self.timestamp.clone()),
                    ));
                }
                let device = AliyunDevice {
                    sign_method: sign_method.unwrap_or_default(),
                    timestamp: None,
                    ..self.aliyun_device_unchecked()
                };
                for problem in device.problems() {
                    out.push((aliyun_testid(problem.field()), problem.into()));
                }
                let min = *ALIYUN_KEEPALIVE.start();
                let max = *ALIYUN_KEEPALIVE.end();
                if let Err(e) = parse_keepalive(&self.keepalive, min, max) {
                    out.push(("keepalive", e));
                }
                if page_is_https && !self.tls {
                    if let Ok(endpoint) = device.endpoint() {
                        out.push((
                            "aliyun-tls",
                            FormError::MixedContent(endpoint.url(false, &self.path)),
                        ));
                    }
                }
            }
            Mode::Generic => {
                if let Err(e) = check_broker_url(&self.url) {
                    out.push(("broker-url", e));
                } else if page_is_https && self.url.starts_with("ws://") {
                    out.push(("broker-url", FormError::MixedContent(self.url.clone())));
                }
                let strings = [
                    (FormField::ClientId, StringField::ClientId, &self.client_id),
                    (FormField::Username, StringField::Username, &self.username),
                ];
                // The session's own rule for MQTT strings, told per input.
                for (field, string_field, value) in strings {
                    let testid = field.testid();
                    match check_string(string_field, value) {
                        Err(MqttError::StringTooLong { len, .. }) => {
                            out.push((testid, FormError::TooLong { field, len }));
                        }
                        Err(MqttError::NulCharacter { .. }) => {
                            out.push((testid, FormError::NulChar(field)));
                        }
                        _ if field == FormField::ClientId && value.is_empty() => {
                            out.push((testid, FormError::EmptyClientId));
                        }
                        _ => {}
                    }
                }
                // A password is binary data (NUL allowed); only its length is limited.
                if self.password.len() > MAX_STRING_LEN {
                    out.push((
                        FormField::Password.testid(),
                        FormError::TooLong {
                            field: FormField::Password,
                            len: self.password.len(),
                        },
                    ));
                } else if !self.password.is_empty() && self.username.is_empty() {
                    out.push(("password", FormError::PasswordWithoutUsername));
                }
                if let Err(e) = parse_keepalive(&self.keepalive, 0, u16::MAX) {
                    out.push(("keepalive", e));
                }
                if let Err(e) = self.will() {
                    out.push(("will-topic", e));
                }
            }
        }
        out
    }

    /// The generic last will, when a topic is set.
    pub(super) fn will(&self) -> Result<Option<Will>, FormError> {
        if self.will_topic.is_empty() {
            return Ok(None);
        }
        check_topic(&self.will_topic).map_err(|e| FormError::Will(WillError::Topic(e)))?;
        let qos = self
            .will_qos
            .parse::<u8>()
            .ok()
            .and_then(QoS::from_u8)
            .ok_or_else(|| FormError::Will(WillError::Qos(self.will_qos.clone())))?;
        Ok(Some(Will {
            topic: self.will_topic.clone(),
            payload: self.will_payload.as_bytes().to_vec(),
            qos,
            retain: self.will_retain,
            properties: crate::mqtt::WillProperties::default(),
        }))
    }
}

/// The `data-testid` of the input of an Aliyun field.
fn aliyun_testid(field: crate::aliyun::Field) -> &'static str {
    use crate::aliyun::Field;
    match field {
        Field::ProductKey => "aliyun-product-key",
        Field::DeviceName => "aliyun-device-name",
        Field::DeviceSecret | Field::ProductSecret => "aliyun-device-secret",
        Field::Region => "aliyun-region",
        Field::Host => "aliyun-host",
        Field::Path => "aliyun-path",
        Field::ClientId => "aliyun-client-id",
    }
}

pub(super) fn parse_keepalive(text: &str, min: u16, max: u16) -> Result<u16, FormError> {
    let bad = || FormError::Keepalive {
        text: text.to_owned(),
        min,
        max,
    };
    let secs: u16 = text.parse().map_err(|_| bad())?;
    if (min..=max).contains(&secs) {
        Ok(secs)
    } else {
        Err(bad())
    }
}

/// Accepts `ws://host[:port][/path]` and `wss://…`; the browser does the rest of the parsing.
pub fn check_broker_url(url: &str) -> Result<(), FormError> {
    let bad = || FormError::BrokerUrl(url.to_owned());
    let rest = url
        .strip_prefix("ws://")
        .or_else(|| url.strip_prefix("wss://"))
        .ok_or_else(bad)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::connect_form::generic;
    use super::*;

    #[test]
    fn every_bad_field_is_named_at_once() {
        let form = ConnectForm {
            product_key: "a b".into(),
            device_name: String::new(),
            device_secret: "s".into(),
            path: "mqtt".into(),
            sign_method: "md6".into(),
            timestamp: "yesterday".into(),
            keepalive: "5".into(),
            tls: false,
            ..ConnectForm::default()
        };
        let ids: Vec<&str> = form.problems(true).iter().map(|(id, _)| *id).collect();
        for expected in [
            "aliyun-sign-method",
            "aliyun-timestamp",
            "aliyun-product-key",
            "aliyun-device-name",
            "aliyun-path",
            "keepalive",
        ] {
            assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
        }
        // Each problem's words are checked in `crate::i18n::form`.
        let plan_error = form.plan(0, false).unwrap_err();
        assert_eq!(plan_error, form.problems(false).remove(0).1);

        let mut g = generic("http://x");
        g.client_id = "c\0".into();
        g.password = "p".into();
        g.keepalive = "70000".into();
        g.will_topic = "a/+".into();
        let ids: Vec<&str> = g.problems(false).iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            [
                "broker-url",
                "client-id",
                "password",
                "keepalive",
                "will-topic"
            ]
        );
        g.url = "ws://h:1".into();
        g.client_id = "x".repeat(65_536);
        let problems = g.problems(true);
        assert!(matches!(
            problems[0],
            ("broker-url", FormError::MixedContent(_))
        ));
        assert!(matches!(
            problems[1],
            (
                "client-id",
                FormError::TooLong {
                    field: FormField::ClientId,
                    len: 65_536
                }
            )
        ));
    }

    #[test]
    fn per_field_errors_carry_their_field() {
        let mut g = generic("ws://h:1");
        g.client_id = "c\0".into();
        g.username = "u".repeat(65_536);
        g.password = "p".repeat(65_536);
        assert_eq!(
            g.problems(false),
            [
                ("client-id", FormError::NulChar(FormField::ClientId)),
                (
                    "username",
                    FormError::TooLong {
                        field: FormField::Username,
                        len: 65_536
                    }
                ),
                (
                    "password",
                    FormError::TooLong {
                        field: FormField::Password,
                        len: 65_536
                    }
                ),
            ]
        );
        g.username = "u\0".into();
        g.password = "p".into();
        g.client_id = String::new();
        assert_eq!(
            g.problems(false),
            [
                ("client-id", FormError::EmptyClientId),
                ("username", FormError::NulChar(FormField::Username)),
            ]
        );
        for field in [
            FormField::ClientId,
            FormField::Username,
            FormField::Password,
        ] {
            assert!(!field.testid().is_empty());
        }
        g.will_topic = "a/#".into();
        assert!(matches!(
            g.problems(false).last(),
            Some(("will-topic", FormError::Will(WillError::Topic(_))))
        ));
    }

    #[test]
    fn bad_urls_are_named() {
        for url in ["", "http://x", "ws://", "ws:///mqtt", "ws://a b"] {
            assert_eq!(
                generic(url).plan(0, false),
                Err(FormError::BrokerUrl(url.into())),
                "{url}"
            );
        }
        assert!(generic("wss://broker.example.com/mqtt")
            .plan(0, false)
            .is_ok());
    }

    #[test]
    fn ws_from_an_https_page_is_mixed_content() {
        let err = generic("ws://127.0.0.1:9001").plan(0, true).unwrap_err();
        assert!(matches!(err, FormError::MixedContent(_)));
        assert!(generic("wss://h/mqtt").plan(0, true).is_ok());
    }

    #[test]
    fn keepalive_range_depends_on_mode() {
        let mut form = generic("ws://h:1");
        form.keepalive = "0".into();
        assert!(form.plan(0, false).is_ok());
        form.keepalive = "abc".into();
        assert!(matches!(
            form.plan(0, false),
            Err(FormError::Keepalive { .. })
        ));

        let mut aliyun = ConnectForm {
            product_key: "pk".into(),
            device_name: "device".into(),
            device_secret: "secret".into(),
            keepalive: "10".into(),
            ..ConnectForm::default()
        };
        assert_eq!(
            aliyun.plan(0, false),
            Err(FormError::Keepalive {
                text: "10".into(),
                min: 30,
                max: 1200
            })
        );
        aliyun.keepalive = "60".into();
        assert!(aliyun.plan(0, false).is_ok());
    }
}
