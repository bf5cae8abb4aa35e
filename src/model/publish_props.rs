//! The publish panel's MQTT 5 property editor as a plain value: what the user typed (kept as
//! typed, so an error loses nothing) and how it becomes the [`PublishProperties`] of a PUBLISH.

use super::payload::{parse, PayloadError, PayloadFormat};
use crate::mqtt::{check_topic, MqttError, PublishProperties, UserProperty};

/// The payload format indicator chosen in `pub-payload-format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PayloadFormatChoice {
    /// Not sent (the receiver treats the payload as bytes).
    #[default]
    Unset,
    /// 0: unspecified bytes.
    Bytes,
    /// 1: UTF-8 text; a payload that is not UTF-8 is refused before sending.
    Utf8,
}

impl PayloadFormatChoice {
    /// Every choice, in menu order.
    pub const ALL: [PayloadFormatChoice; 3] = [
        PayloadFormatChoice::Unset,
        PayloadFormatChoice::Bytes,
        PayloadFormatChoice::Utf8,
    ];

    /// The select's value: `""`, `bytes` or `utf8`.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadFormatChoice::Unset => "",
            PayloadFormatChoice::Bytes => "bytes",
            PayloadFormatChoice::Utf8 => "utf8",
        }
    }

    /// The inverse of [`PayloadFormatChoice::as_str`]; anything else is `Unset`.
    pub fn parse(s: &str) -> PayloadFormatChoice {
        PayloadFormatChoice::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or_default()
    }
}

/// One user property row of the editor. `id` is stable while rows are added and removed, so a
/// view can key its rows by it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPropertyRow {
    /// Stable key of the row.
    pub id: u32,
    /// The name as typed.
    pub key: String,
    /// The value as typed.
    pub value: String,
}

/// Why the typed properties cannot be sent. The words are in `crate::i18n::publish_props`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PropsError {
    /// Correlation data switched to hex is not hex.
    CorrelationHex(PayloadError),
    /// The message expiry is not a whole number of seconds from 1 to 4,294,967,295.
    MessageExpiry,
    /// The response topic is not a topic one can publish to.
    ResponseTopic(MqttError),
    /// The payload format says UTF-8 but the payload is not: the first bad byte is at
    /// `position` (0-based).
    PayloadNotUtf8 {
        /// Offset of the first byte that is not UTF-8.
        position: usize,
    },
}

/// What the property editor holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishPropsForm {
    /// User properties in order; names may repeat.
    pub rows: Vec<UserPropertyRow>,
    next_id: u32,
    /// Content type, empty = not sent.
    pub content_type: String,
    /// Response topic, empty = not sent.
    pub response_topic: String,
    /// Correlation data as typed, empty = not sent.
    pub correlation: String,
    /// Correlation data is hex digits instead of UTF-8 text.
    pub correlation_hex: bool,
    /// Message expiry in seconds as typed, empty = not sent.
    pub message_expiry: String,
    /// The payload format indicator.
    pub payload_format: PayloadFormatChoice,
}

impl PublishPropsForm {
    /// Adds an empty user property row at the end; returns its id.
    pub fn add_row(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.rows.push(UserPropertyRow {
            id,
            ..UserPropertyRow::default()
        });
        id
    }

    /// Removes the row with this id.
    pub fn remove_row(&mut self, id: u32) {
        self.rows.retain(|r| r.id != id);
    }

    /// Sets the name of the row with this id.
    pub fn set_key(&mut self, id: u32, key: String) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.key = key;
        }
    }

    /// Sets the value of the row with this id.
    pub fn set_value(&mut self, id: u32, value: String) {
        if let Some(r) = self.rows.iter_mut().find(|r| r.id == id) {
            r.value = value;
        }
    }

    /// The properties to send with `payload`. Rows left entirely empty are skipped; an empty
    /// name with a value is sent as typed (MQTT allows it). String limits (length, NUL) are the
    /// session's to check when it sends.
    pub fn build(&self, payload: &[u8]) -> Result<PublishProperties, PropsError> {
        let correlation_data = if self.correlation.is_empty() {
            None
        } else if self.correlation_hex {
            Some(parse(&self.correlation, PayloadFormat::Hex).map_err(PropsError::CorrelationHex)?)
        } else {
            Some(self.correlation.as_bytes().to_vec())
        };
        let expiry = self.message_expiry.trim();
        let message_expiry_secs = if expiry.is_empty() {
            None
        } else {
            match expiry.parse::<u32>() {
                Ok(secs) if secs > 0 => Some(secs),
                _ => return Err(PropsError::MessageExpiry),
            }
        };
        let response_topic = if self.response_topic.is_empty() {
            None
        } else {
            check_topic(&self.response_topic).map_err(PropsError::ResponseTopic)?;
            Some(self.response_topic.clone())
        };
        let payload_utf8 = match self.payload_format {
            PayloadFormatChoice::Unset => None,
            PayloadFormatChoice::Bytes => Some(false),
            PayloadFormatChoice::Utf8 => {
                if let Err(e) = std::str::from_utf8(payload) {
                    return Err(PropsError::PayloadNotUtf8 {
                        position: e.valid_up_to(),
                    });
                }
                Some(true)
            }
        };
        Ok(PublishProperties {
            payload_utf8,
            message_expiry_secs,
            content_type: (!self.content_type.is_empty()).then(|| self.content_type.clone()),
            response_topic,
            correlation_data,
            user_properties: self
                .rows
                .iter()
                .filter(|r| !(r.key.is_empty() && r.value.is_empty()))
                .map(|r| UserProperty::new(r.key.clone(), r.value.clone()))
                .collect(),
            subscription_identifiers: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_sends_no_property() {
        let form = PublishPropsForm::default();
        assert_eq!(form.build(b"x"), Ok(PublishProperties::default()));
    }

    #[test]
    fn user_property_rows_keep_order_and_repeated_names() {
        let mut form = PublishPropsForm::default();
        let a = form.add_row();
        let b = form.add_row();
        let c = form.add_row();
        let empty = form.add_row();
        form.set_key(a, "k".into());
        form.set_value(a, "1".into());
        form.set_key(b, "gone".into());
        form.set_key(c, "k".into());
        form.set_value(c, "2".into());
        form.remove_row(b);
        assert_eq!(
            form.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            [a, c, empty]
        );
        let props = form.build(b"").expect("valid");
        assert_eq!(
            props.user_properties,
            [UserProperty::new("k", "1"), UserProperty::new("k", "2")]
        );
        // Ids are never reused, so a view keyed by them cannot mix two rows up.
        assert!(form.add_row() > empty);
    }

    #[test]
    fn correlation_data_is_text_or_hex() {
        let mut form = PublishPropsForm {
            correlation: "req-1".into(),
            ..PublishPropsForm::default()
        };
        assert_eq!(
            form.build(b"").map(|p| p.correlation_data),
            Ok(Some(b"req-1".to_vec()))
        );
        form.correlation_hex = true;
        form.correlation = "0a ff".into();
        assert_eq!(
            form.build(b"").map(|p| p.correlation_data),
            Ok(Some(vec![0x0a, 0xff]))
        );
        form.correlation = "0g".into();
        assert!(matches!(
            form.build(b""),
            Err(PropsError::CorrelationHex(PayloadError::HexDigit { .. }))
        ));
        // The typed text stays for the user to fix.
        assert_eq!(form.correlation, "0g");
    }

    #[test]
    fn expiry_is_whole_seconds() {
        let mut form = PublishPropsForm {
            message_expiry: " 60 ".into(),
            ..PublishPropsForm::default()
        };
        assert_eq!(form.build(b"").map(|p| p.message_expiry_secs), Ok(Some(60)));
        for bad in ["0", "-1", "1.5", "x", "4294967296"] {
            form.message_expiry = bad.into();
            assert_eq!(form.build(b""), Err(PropsError::MessageExpiry), "{bad}");
        }
    }

    #[test]
    fn a_response_topic_must_be_a_topic_name() {
        let mut form = PublishPropsForm {
            response_topic: "reply/+".into(),
            ..PublishPropsForm::default()
        };
        assert!(matches!(
            form.build(b""),
            Err(PropsError::ResponseTopic(MqttError::WildcardInTopic(_)))
        ));
        form.response_topic = "reply/me".into();
        assert_eq!(
            form.build(b"").map(|p| p.response_topic),
            Ok(Some("reply/me".into()))
        );
    }

    #[test]
    fn utf8_format_refuses_a_binary_payload() {
        let mut form = PublishPropsForm {
            payload_format: PayloadFormatChoice::Utf8,
            content_type: "text/plain".into(),
            ..PublishPropsForm::default()
        };
        assert_eq!(
            form.build(b"ok\xff"),
            Err(PropsError::PayloadNotUtf8 { position: 2 })
        );
        let props = form.build("Grüße".as_bytes()).expect("utf-8");
        assert_eq!(props.payload_utf8, Some(true));
        assert_eq!(props.content_type.as_deref(), Some("text/plain"));
        form.payload_format = PayloadFormatChoice::Bytes;
        assert_eq!(form.build(b"\xff").map(|p| p.payload_utf8), Ok(Some(false)));
    }

    #[test]
    fn payload_format_choices_read_their_values() {
        for c in PayloadFormatChoice::ALL {
            assert_eq!(PayloadFormatChoice::parse(c.as_str()), c);
        }
        assert_eq!(
            PayloadFormatChoice::parse("other"),
            PayloadFormatChoice::Unset
        );
    }
}
