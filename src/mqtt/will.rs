//! The last will: a message the broker publishes for us if our link dies without DISCONNECT.

use super::validate::{check_publish_properties, check_topic, MAX_STRING_LEN};
use super::{MqttError, QoS, StringField, WillProperties};

/// A last will, set with [`Session::set_will`](super::Session::set_will). The broker publishes
/// it when the link ends without a DISCONNECT (a crash, a dead network, a keepalive timeout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Will {
    /// A topic name, without wildcards.
    pub topic: String,
    /// At most 65,535 bytes: MQTT 3.1.1 sends it with a two-byte length.
    pub payload: Vec<u8>,
    pub qos: QoS,
    pub retain: bool,
    /// MQTT 5 will properties; not sent on MQTT 3.1.1.
    pub properties: WillProperties,
}

impl Will {
    /// Checks what the CONNECT encoder relies on; errors come wrapped in
    /// [`MqttError::InvalidWill`] so the user learns it is the will that is wrong.
    pub(crate) fn validate(&self) -> Result<(), MqttError> {
        self.check()
            .map_err(|e| MqttError::InvalidWill(Box::new(e)))
    }

    fn check(&self) -> Result<(), MqttError> {
        check_topic(&self.topic)?;
        if self.payload.len() > MAX_STRING_LEN {
            return Err(MqttError::StringTooLong {
                field: StringField::WillMessage,
                len: self.payload.len(),
            });
        }
        check_publish_properties(&self.properties.publish, &self.payload)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn will() -> Will {
        Will {
            topic: "status/console".into(),
            payload: b"offline".to_vec(),
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: WillProperties::default(),
        }
    }

    #[test]
    fn rules() {
        assert_eq!(will().validate(), Ok(()));
        let longest = Will {
            payload: vec![0; MAX_STRING_LEN],
            ..will()
        };
        assert_eq!(longest.validate(), Ok(()));
        let cases = [
            (
                Will {
                    topic: "a/+".into(),
                    ..will()
                },
                MqttError::WildcardInTopic("a/+".into()),
            ),
            (
                Will {
                    topic: String::new(),
                    ..will()
                },
                MqttError::EmptyTopic,
            ),
            (
                Will {
                    payload: vec![0; MAX_STRING_LEN + 1],
                    ..will()
                },
                MqttError::StringTooLong {
                    field: StringField::WillMessage,
                    len: MAX_STRING_LEN + 1,
                },
            ),
        ];
        for (will, inner) in cases {
            let err = will.validate().unwrap_err();
            assert_eq!(err, MqttError::InvalidWill(Box::new(inner)));
            assert!(err.to_string().starts_with("the last will is invalid: "));
        }
    }
}
