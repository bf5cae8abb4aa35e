use std::fmt;

use super::validate::{check_string, check_user_properties};
use super::{ConnectLimit, ConnectProperties, MqttError, ProtocolVersion, StringField};

/// What the CONNECT packet says about us. Checked once by [`Session::new`](super::Session::new).
///
/// `Debug` prints the password as `***`, so logging options or a session leaks no secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// May be empty, in which case the broker picks one: on MQTT 3.1.1 only with
    /// `clean_session`; on MQTT 5 the assigned id is used for the reconnects of this session.
    pub client_id: String,
    /// An empty string counts as no username (the framing crate cannot send an empty one).
    pub username: Option<String>,
    /// An empty string counts as no password. MQTT 3.1.1 needs a username to send one.
    pub password: Option<String>,
    /// Seconds of silence after which we ping the broker; 0 = no keepalive.
    pub keepalive_secs: u16,
    /// Ask the broker to forget any earlier session of this client id (Clean Start on MQTT 5).
    pub clean_session: bool,
    /// The protocol this connection speaks.
    pub version: ProtocolVersion,
    /// What an MQTT 5 CONNECT asks for besides the fields above. Not sent on MQTT 3.1.1, where
    /// whatever it holds is ignored (no error).
    pub properties: ConnectProperties,
}

impl fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("keepalive_secs", &self.keepalive_secs)
            .field("clean_session", &self.clean_session)
            .field("version", &self.version)
            .field("properties", &self.properties)
            .finish()
    }
}

impl ConnectOptions {
    /// The username as it will go on the wire: `None` when absent or empty.
    pub(crate) fn effective_username(&self) -> Option<&str> {
        self.username.as_deref().filter(|u| !u.is_empty())
    }

    /// The password as it will go on the wire: `None` when absent or empty.
    pub(crate) fn effective_password(&self) -> Option<&str> {
        self.password.as_deref().filter(|p| !p.is_empty())
    }

    pub(crate) fn validate(&self) -> Result<(), MqttError> {
        check_string(StringField::ClientId, &self.client_id)?;
        // MQTT 5 lets the server assign an id to a client that keeps its session; the session
        // then reconnects with the assigned id (see `Session::start`).
        if self.client_id.is_empty() && !self.clean_session && self.version == ProtocolVersion::V311
        {
            return Err(MqttError::EmptyClientIdNeedsCleanSession);
        }
        if let Some(username) = &self.username {
            check_string(StringField::Username, username)?;
        }
        if let Some(password) = &self.password {
            // A password is binary data in MQTT, so NUL is fine there; only the length matters.
            if password.len() > super::validate::MAX_STRING_LEN {
                return Err(MqttError::StringTooLong {
                    field: StringField::Password,
                    len: password.len(),
                });
            }
        }
        // MQTT 5 allows a password alone [MQTT-3.1.2-19 of 3.1.1 is gone].
        if self.version == ProtocolVersion::V311
            && self.effective_password().is_some()
            && self.effective_username().is_none()
        {
            return Err(MqttError::PasswordWithoutUsername);
        }
        if self.version == ProtocolVersion::V5 {
            let p = &self.properties;
            if p.receive_maximum == Some(0) {
                return Err(MqttError::ZeroLimit(ConnectLimit::ReceiveMaximum));
            }
            if p.maximum_packet_size == Some(0) {
                return Err(MqttError::ZeroLimit(ConnectLimit::MaximumPacketSize));
            }
            check_user_properties(&p.user_properties)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ConnectOptions {
        ConnectOptions {
            client_id: "c".into(),
            username: Some("u".into()),
            password: Some("p".into()),
            keepalive_secs: 60,
            clean_session: true,
            version: ProtocolVersion::V311,
            properties: ConnectProperties::default(),
        }
    }

    #[test]
    fn valid_options_pass() {
        assert_eq!(options().validate(), Ok(()));
        let anonymous = ConnectOptions {
            username: None,
            password: None,
            ..options()
        };
        assert_eq!(anonymous.validate(), Ok(()));
        let empty_id = ConnectOptions {
            client_id: String::new(),
            ..options()
        };
        assert_eq!(empty_id.validate(), Ok(()));
    }

    #[test]
    fn debug_hides_the_password() {
        let text = format!("{:?}", options());
        assert!(text.contains("***") && !text.contains("\"p\""), "{text}");
    }

    #[test]
    fn each_rule_has_its_error() {
        let long = "x".repeat(65_536);
        let cases = [
            (
                ConnectOptions {
                    client_id: long.clone(),
                    ..options()
                },
                MqttError::StringTooLong {
                    field: StringField::ClientId,
                    len: 65_536,
                },
            ),
            (
                ConnectOptions {
                    username: Some(long.clone()),
                    ..options()
                },
                MqttError::StringTooLong {
                    field: StringField::Username,
                    len: 65_536,
                },
            ),
            (
                ConnectOptions {
                    password: Some(long),
                    ..options()
                },
                MqttError::StringTooLong {
                    field: StringField::Password,
                    len: 65_536,
                },
            ),
            (
                ConnectOptions {
                    client_id: "a\0".into(),
                    ..options()
                },
                MqttError::NulCharacter {
                    field: StringField::ClientId,
                },
            ),
            (
                ConnectOptions {
                    username: None,
                    ..options()
                },
                MqttError::PasswordWithoutUsername,
            ),
            (
                ConnectOptions {
                    username: Some(String::new()),
                    ..options()
                },
                MqttError::PasswordWithoutUsername,
            ),
            (
                ConnectOptions {
                    client_id: String::new(),
                    clean_session: false,
                    ..options()
                },
                MqttError::EmptyClientIdNeedsCleanSession,
            ),
        ];
        for (opts, expected) in cases {
            assert_eq!(opts.validate(), Err(expected));
        }
    }

    #[test]
    fn mqtt5_properties_are_checked_on_mqtt5_only() {
        let zero = ConnectProperties {
            receive_maximum: Some(0),
            ..ConnectProperties::default()
        };
        let v311 = ConnectOptions {
            properties: zero.clone(),
            ..options()
        };
        assert_eq!(
            v311.validate(),
            Ok(()),
            "not sent on 3.1.1, so not an error"
        );
        let v5 = ConnectOptions {
            version: ProtocolVersion::V5,
            ..v311
        };
        assert_eq!(
            v5.validate(),
            Err(MqttError::ZeroLimit(ConnectLimit::ReceiveMaximum))
        );
        let v5 = ConnectOptions {
            properties: ConnectProperties {
                maximum_packet_size: Some(0),
                ..ConnectProperties::default()
            },
            ..v5
        };
        assert_eq!(
            v5.validate(),
            Err(MqttError::ZeroLimit(ConnectLimit::MaximumPacketSize))
        );
        let v5 = ConnectOptions {
            properties: ConnectProperties {
                user_properties: vec![super::super::UserProperty::new("", "x")],
                ..ConnectProperties::default()
            },
            ..v5
        };
        assert_eq!(
            v5.validate(),
            Err(MqttError::EmptyProperty {
                field: StringField::UserPropertyName
            })
        );
        let password_alone = ConnectOptions {
            username: None,
            version: ProtocolVersion::V5,
            ..options()
        };
        assert_eq!(password_alone.validate(), Ok(()), "MQTT 5 allows it");
        let assigned_and_kept = ConnectOptions {
            client_id: String::new(),
            clean_session: false,
            version: ProtocolVersion::V5,
            ..options()
        };
        assert_eq!(assigned_and_kept.validate(), Ok(()));
    }
}
