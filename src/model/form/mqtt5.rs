//! The connect form's protocol version and MQTT 5 settings, kept as typed, and the CONNECT
//! properties (and will properties) they describe.
//!
//! Every number is kept as text so nothing the user typed is lost; [`Mqtt5Settings::properties`]
//! reads them, and [`Mqtt5Settings::problems`] names every unusable input at once, keyed by its
//! `data-testid`. On MQTT 3.1.1 none of this is read: the inputs are hidden, and what they hold
//! waits for the user to choose 5 again.

use serde::{Deserialize, Serialize};

use crate::mqtt::{
    ConnectProperties, ProtocolVersion, PublishProperties, UserProperty, WillProperties,
    MAX_STRING_LEN,
};

/// The largest MQTT packet there is: 268,435,455 bytes of remaining length plus a 5-byte fixed
/// header [MQTT-2.2.3]; a larger maximum packet size says nothing more.
pub const MAX_PACKET_SIZE_LIMIT: u32 = 268_435_460;

/// One user property row as typed: both halves kept even when the row is unfinished.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PropertyRow {
    /// The property's name.
    pub key: String,
    /// The property's value.
    pub value: String,
}

/// An Aliyun device (ProductKey, DeviceName): whose version lock the user acknowledged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceKey {
    /// ProductKey.
    pub product_key: String,
    /// DeviceName.
    pub device_name: String,
}

/// The protocol version and the MQTT 5 part of the connect form, as typed. Flattened into the
/// form (and so into profiles and their export file) field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mqtt5Settings {
    /// `3.1.1` or `5`, the values of the `protocol-version` select.
    pub protocol_version: String,
    /// Session expiry interval in seconds; empty = 0 (the session ends with the link).
    pub session_expiry: String,
    /// Receive maximum (1..=65,535); empty = not sent (65,535).
    pub receive_maximum: String,
    /// Maximum packet size we accept, in bytes; empty = not sent.
    pub maximum_packet_size: String,
    /// How many topic aliases the broker may use towards us; empty = 0 (none).
    pub topic_alias_maximum: String,
    /// Ask the broker for response information.
    pub request_response_information: bool,
    /// The CONNECT's user properties, in order; blank rows are ignored.
    pub connect_user_properties: Vec<PropertyRow>,
    /// Whether our publishes use topic aliases (assigned automatically within the server's
    /// maximum).
    pub topic_aliases: bool,
    /// Will delay interval in seconds; empty = publish the will at once.
    pub will_delay: String,
    /// Will message expiry in seconds; empty = never expires.
    pub will_message_expiry: String,
    /// Will content type; empty = not sent.
    pub will_content_type: String,
    /// Aliyun devices whose version lock warning the user acknowledged.
    pub version_lock_acknowledged: Vec<DeviceKey>,
}

impl Default for Mqtt5Settings {
    fn default() -> Self {
        Mqtt5Settings {
            protocol_version: ProtocolVersion::V311.as_str().to_owned(),
            session_expiry: String::new(),
            receive_maximum: String::new(),
            maximum_packet_size: String::new(),
            topic_alias_maximum: String::new(),
            request_response_information: false,
            connect_user_properties: Vec::new(),
            topic_aliases: true,
            will_delay: String::new(),
            will_message_expiry: String::new(),
            will_content_type: String::new(),
            version_lock_acknowledged: Vec::new(),
        }
    }
}

/// A numeric MQTT 5 input of the connect form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mqtt5Field {
    /// Session expiry interval.
    SessionExpiry,
    /// Receive maximum.
    ReceiveMaximum,
    /// Maximum packet size.
    MaximumPacketSize,
    /// Topic alias maximum.
    TopicAliasMaximum,
    /// Will delay interval.
    WillDelay,
    /// Will message expiry.
    WillMessageExpiry,
}

impl Mqtt5Field {
    /// The `data-testid` of the field's input.
    pub fn testid(self) -> &'static str {
        match self {
            Mqtt5Field::SessionExpiry => "session-expiry",
            Mqtt5Field::ReceiveMaximum => "receive-maximum",
            Mqtt5Field::MaximumPacketSize => "maximum-packet-size",
            Mqtt5Field::TopicAliasMaximum => "topic-alias-maximum",
            Mqtt5Field::WillDelay => "will-delay",
            Mqtt5Field::WillMessageExpiry => "will-message-expiry",
        }
    }

    /// The accepted range.
    pub fn range(self) -> (u32, u32) {
        match self {
            Mqtt5Field::SessionExpiry | Mqtt5Field::WillDelay | Mqtt5Field::WillMessageExpiry => {
                (0, u32::MAX)
            }
            Mqtt5Field::ReceiveMaximum => (1, u32::from(u16::MAX)),
            Mqtt5Field::MaximumPacketSize => (1, MAX_PACKET_SIZE_LIMIT),
            Mqtt5Field::TopicAliasMaximum => (0, u32::from(u16::MAX)),
        }
    }
}

/// What is wrong with one typed string (a user property half, the will content type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// Longer than MQTT's 65,535 bytes.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// Holds a NUL character, which MQTT strings may not contain.
    Nul,
}

/// Which half of a user property row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowPart {
    /// The name.
    Key,
    /// The value.
    Value,
}

/// Why the protocol version or an MQTT 5 setting cannot be used as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mqtt5Error {
    /// The version is neither `3.1.1` nor `5` (a hand-edited profile).
    Version(String),
    /// A number outside its range, or not a whole number.
    Number {
        /// Which input.
        field: Mqtt5Field,
        /// As typed.
        text: String,
        /// Smallest accepted.
        min: u32,
        /// Largest accepted.
        max: u32,
    },
    /// A user property row with a value but no name.
    UserPropertyNameEmpty {
        /// The row, from 1.
        row: usize,
    },
    /// A user property half that MQTT cannot carry.
    UserPropertyText {
        /// The row, from 1.
        row: usize,
        /// Name or value.
        part: RowPart,
        /// What is wrong.
        problem: TextProblem,
    },
    /// The will content type cannot be carried.
    WillContentType(TextProblem),
    /// Aliyun mode with MQTT 5: the version lock warning was not acknowledged for this device.
    VersionLockNotAcknowledged(DeviceKey),
}

/// What the MQTT 5 part of a valid form asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mqtt5Plan {
    /// The protocol version.
    pub version: ProtocolVersion,
    /// The CONNECT properties (defaults on 3.1.1).
    pub properties: ConnectProperties,
    /// Whether our publishes use topic aliases.
    pub topic_aliases: bool,
}

impl Mqtt5Settings {
    /// The chosen version; MQTT 3.1.1 when the text is unreadable (the form reports that).
    pub fn version(&self) -> ProtocolVersion {
        ProtocolVersion::parse(&self.protocol_version).unwrap_or_default()
    }

    /// Whether MQTT 5 is chosen.
    pub fn is_v5(&self) -> bool {
        self.version() == ProtocolVersion::V5
    }

    /// Every problem, keyed by the input's `data-testid`, in form order. `has_will` says whether
    /// the will settings are read. Nothing but the version is checked on 3.1.1.
    pub fn problems(&self, has_will: bool) -> Vec<(&'static str, Mqtt5Error)> {
        let mut out = Vec::new();
        if ProtocolVersion::parse(&self.protocol_version).is_none() {
            out.push((
                "protocol-version",
                Mqtt5Error::Version(self.protocol_version.clone()),
            ));
            return out;
        }
        if !self.is_v5() {
            return out;
        }
        let numbers = [
            (Mqtt5Field::SessionExpiry, &self.session_expiry),
            (Mqtt5Field::ReceiveMaximum, &self.receive_maximum),
            (Mqtt5Field::MaximumPacketSize, &self.maximum_packet_size),
            (Mqtt5Field::TopicAliasMaximum, &self.topic_alias_maximum),
        ];
        for (field, text) in numbers {
            if let Err(e) = number(field, text) {
                out.push((field.testid(), e));
            }
        }
        for (i, row) in self.connect_user_properties.iter().enumerate() {
            if let Err(e) = user_property(i + 1, row) {
                out.push(("connect-user-property", e));
            }
        }
        if has_will {
            for (field, text) in [
                (Mqtt5Field::WillDelay, &self.will_delay),
                (Mqtt5Field::WillMessageExpiry, &self.will_message_expiry),
            ] {
                if let Err(e) = number(field, text) {
                    out.push((field.testid(), e));
                }
            }
            if let Some(problem) = text_problem(&self.will_content_type) {
                out.push(("will-content-type", Mqtt5Error::WillContentType(problem)));
            }
        }
        out
    }

    /// The version, CONNECT properties and alias choice; the first problem otherwise.
    pub fn plan(&self) -> Result<Mqtt5Plan, Mqtt5Error> {
        if let Some((_, first)) = self.problems(false).into_iter().next() {
            return Err(first);
        }
        let version = self.version();
        if version == ProtocolVersion::V311 {
            return Ok(Mqtt5Plan {
                version,
                properties: ConnectProperties::default(),
                topic_aliases: self.topic_aliases,
            });
        }
        let properties = ConnectProperties {
            session_expiry_secs: number(Mqtt5Field::SessionExpiry, &self.session_expiry)?
                .unwrap_or(0),
            receive_maximum: number(Mqtt5Field::ReceiveMaximum, &self.receive_maximum)?
                .and_then(|n| u16::try_from(n).ok()),
            maximum_packet_size: number(Mqtt5Field::MaximumPacketSize, &self.maximum_packet_size)?,
            topic_alias_maximum: number(Mqtt5Field::TopicAliasMaximum, &self.topic_alias_maximum)?
                .and_then(|n| u16::try_from(n).ok())
                .unwrap_or(0),
            request_response_information: self.request_response_information,
            user_properties: rows(&self.connect_user_properties)?,
            ..ConnectProperties::default()
        };
        Ok(Mqtt5Plan {
            version,
            properties,
            topic_aliases: self.topic_aliases,
        })
    }

    /// The will's properties on MQTT 5 (defaults on 3.1.1).
    pub fn will_properties(&self) -> Result<WillProperties, Mqtt5Error> {
        if !self.is_v5() {
            return Ok(WillProperties::default());
        }
        if let Some(problem) = text_problem(&self.will_content_type) {
            return Err(Mqtt5Error::WillContentType(problem));
        }
        Ok(WillProperties {
            delay_secs: number(Mqtt5Field::WillDelay, &self.will_delay)?,
            publish: PublishProperties {
                message_expiry_secs: number(
                    Mqtt5Field::WillMessageExpiry,
                    &self.will_message_expiry,
                )?,
                content_type: (!self.will_content_type.is_empty())
                    .then(|| self.will_content_type.clone()),
                ..PublishProperties::default()
            },
        })
    }
}

/// Reads an optional number of `field`: empty = `None`.
fn number(field: Mqtt5Field, text: &str) -> Result<Option<u32>, Mqtt5Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let (min, max) = field.range();
    let bad = || Mqtt5Error::Number {
        field,
        text: text.to_owned(),
        min,
        max,
    };
    let n: u32 = trimmed.parse().map_err(|_| bad())?;
    if (min..=max).contains(&n) {
        Ok(Some(n))
    } else {
        Err(bad())
    }
}

/// What keeps `s` from being an MQTT string, if anything.
pub(crate) fn text_problem(s: &str) -> Option<TextProblem> {
    if s.len() > MAX_STRING_LEN {
        Some(TextProblem::TooLong { len: s.len() })
    } else if s.contains('\0') {
        Some(TextProblem::Nul)
    } else {
        None
    }
}

/// Checks one row (numbered from 1); a blank row is fine and sends nothing.
fn user_property(row: usize, r: &PropertyRow) -> Result<(), Mqtt5Error> {
    if r.key.is_empty() && !r.value.is_empty() {
        return Err(Mqtt5Error::UserPropertyNameEmpty { row });
    }
    for (part, text) in [(RowPart::Key, &r.key), (RowPart::Value, &r.value)] {
        if let Some(problem) = text_problem(text) {
            return Err(Mqtt5Error::UserPropertyText { row, part, problem });
        }
    }
    Ok(())
}

/// The rows as user properties, in order, blank rows left out.
fn rows(rows: &[PropertyRow]) -> Result<Vec<UserProperty>, Mqtt5Error> {
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        user_property(i + 1, r)?;
        if !r.key.is_empty() {
            out.push(UserProperty::new(r.key.clone(), r.value.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
