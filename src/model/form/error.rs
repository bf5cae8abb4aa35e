//! Why a connect form cannot be used as typed: typed errors, worded in `crate::i18n::form`.

use crate::aliyun::AliyunError;
use crate::mqtt::MqttError;

/// A generic-mode input whose text goes into the CONNECT packet as an MQTT string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    /// The generic client id.
    ClientId,
    /// The generic username.
    Username,
    /// The generic password.
    Password,
}

impl FormField {
    /// The `data-testid` of the field's input.
    pub fn testid(self) -> &'static str {
        match self {
            FormField::ClientId => "client-id",
            FormField::Username => "username",
            FormField::Password => "password",
        }
    }
}

/// Why the last will cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WillError {
    /// The will topic breaks MQTT's topic rules.
    Topic(MqttError),
    /// The will QoS (as typed) is not 0, 1 or 2.
    Qos(String),
}

/// A form field that cannot be used as typed. The words are in `crate::i18n::form`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// The Aliyun identity or endpoint fields.
    Aliyun(AliyunError),
    /// Sign method not one of the three Aliyun knows.
    SignMethod(String),
    /// Timestamp is not a whole number of milliseconds.
    Timestamp(String),
    /// Keepalive is not a number of seconds in range.
    Keepalive {
        /// The keepalive as typed.
        text: String,
        /// Smallest accepted value.
        min: u16,
        /// Largest accepted value.
        max: u16,
    },
    /// Broker URL is empty or not `ws://` / `wss://`.
    BrokerUrl(String),
    /// The page is served over https, so the browser will refuse a `ws://` link.
    MixedContent(String),
    /// A generic client id was left empty.
    EmptyClientId,
    /// The last will's topic or QoS is unusable.
    Will(WillError),
    /// A generic field longer than MQTT's 65,535 bytes.
    TooLong {
        /// Which field.
        field: FormField,
        /// Its length in bytes.
        len: usize,
    },
    /// A generic field with a NUL character, which MQTT strings may not contain.
    NulChar(FormField),
    /// MQTT 3.1.1 sends a password only after a username.
    PasswordWithoutUsername,
    /// The protocol version or an MQTT 5 setting is unusable, or Aliyun's version lock is not
    /// acknowledged yet.
    Mqtt5(super::mqtt5::Mqtt5Error),
}

impl From<AliyunError> for FormError {
    fn from(e: AliyunError) -> Self {
        FormError::Aliyun(e)
    }
}
