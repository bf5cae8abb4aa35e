//! Checks run before anything reaches `mqttbytes`, which truncates long strings silently and
//! writes half a packet before noticing some mistakes.

use super::{FilterRule, MqttError, PublishProperties, StringField, UserProperty};

/// The longest MQTT UTF-8 string: its length travels as a u16.
pub const MAX_STRING_LEN: usize = 65_535;

/// The largest remaining length a fixed header can express (four 7-bit groups).
pub(crate) const MAX_REMAINING_LEN: usize = 268_435_455;

/// Any MQTT string: fits in a u16 length and holds no NUL [MQTT-1.5.3-2].
pub fn check_string(field: StringField, s: &str) -> Result<(), MqttError> {
    if s.len() > MAX_STRING_LEN {
        return Err(MqttError::StringTooLong {
            field,
            len: s.len(),
        });
    }
    if s.contains('\0') {
        return Err(MqttError::NulCharacter { field });
    }
    Ok(())
}

/// A topic name we publish to.
pub fn check_topic(topic: &str) -> Result<(), MqttError> {
    if topic.is_empty() {
        return Err(MqttError::EmptyTopic);
    }
    check_string(StringField::Topic, topic)?;
    if topic.contains(['+', '#']) {
        return Err(MqttError::WildcardInTopic(topic.to_string()));
    }
    Ok(())
}

/// A topic name the broker delivered. Same rules as ours, but a violation is the broker's fault,
/// so it gets its own error. UTF-8 validity was already checked while decoding.
pub(crate) fn check_incoming_topic(topic: &str) -> Result<(), MqttError> {
    if topic.is_empty() {
        return Err(MqttError::InvalidIncomingTopic("the topic is empty".into()));
    }
    if topic.contains('\0') {
        return Err(MqttError::InvalidIncomingTopic(
            "the topic contains a NUL character".into(),
        ));
    }
    if topic.contains(['+', '#']) {
        return Err(MqttError::InvalidIncomingTopic(format!(
            "\"{topic}\" contains a wildcard"
        )));
    }
    Ok(())
}

/// A topic filter for SUBSCRIBE or UNSUBSCRIBE [MQTT-4.7.1].
pub fn check_filter(filter: &str) -> Result<(), MqttError> {
    let invalid = |reason| MqttError::InvalidFilter {
        filter: filter.to_string(),
        reason,
    };
    if filter.is_empty() {
        return Err(invalid(FilterRule::Empty));
    }
    check_string(StringField::TopicFilter, filter)?;
    let mut levels = filter.split('/').peekable();
    while let Some(level) = levels.next() {
        if level.contains('#') {
            if level != "#" {
                return Err(invalid(FilterRule::HashNotAlone));
            }
            if levels.peek().is_some() {
                return Err(invalid(FilterRule::HashNotLast));
            }
        }
        if level.contains('+') && level != "+" {
            return Err(invalid(FilterRule::PlusNotAlone));
        }
    }
    Ok(())
}

/// The largest subscription identifier: a four-byte variable byte integer [MQTT-3.8.2.1.2].
pub(crate) const MAX_SUBSCRIPTION_IDENTIFIER: u32 = 268_435_455;

/// An MQTT 5 property string that must not be empty.
fn check_nonempty(field: StringField, s: &str) -> Result<(), MqttError> {
    if s.is_empty() {
        return Err(MqttError::EmptyProperty { field });
    }
    check_string(field, s)
}

/// User properties: a name is required (an empty one says nothing), a value may be empty.
pub(crate) fn check_user_properties(properties: &[UserProperty]) -> Result<(), MqttError> {
    for p in properties {
        check_nonempty(StringField::UserPropertyName, &p.key)?;
        check_string(StringField::UserPropertyValue, &p.value)?;
    }
    Ok(())
}

/// The properties of an outgoing PUBLISH or will. `payload` is checked against the payload
/// format indicator: a sender must not call bytes UTF-8 text that are not.
pub(crate) fn check_publish_properties(
    properties: &PublishProperties,
    payload: &[u8],
) -> Result<(), MqttError> {
    if let Some(content_type) = &properties.content_type {
        check_nonempty(StringField::ContentType, content_type)?;
    }
    if let Some(topic) = &properties.response_topic {
        check_nonempty(StringField::ResponseTopic, topic)?;
        if topic.contains(['+', '#']) {
            return Err(MqttError::WildcardInResponseTopic(topic.clone()));
        }
    }
    if let Some(data) = &properties.correlation_data {
        if data.len() > MAX_STRING_LEN {
            return Err(MqttError::StringTooLong {
                field: StringField::CorrelationData,
                len: data.len(),
            });
        }
    }
    check_user_properties(&properties.user_properties)?;
    if properties.payload_utf8 == Some(true) && std::str::from_utf8(payload).is_err() {
        return Err(MqttError::PayloadNotUtf8);
    }
    Ok(())
}

/// Splits `$share/{group}/{filter}` into its group and filter; `None` for an ordinary filter.
/// A malformed shared filter is an error [MQTT-4.8.2-1, -2].
pub(crate) fn shared_filter(filter: &str) -> Result<Option<(&str, &str)>, MqttError> {
    let Some(rest) = filter.strip_prefix("$share/") else {
        return Ok(None);
    };
    let invalid = || MqttError::InvalidSharedFilter {
        filter: filter.to_string(),
    };
    let (group, inner) = rest.split_once('/').ok_or_else(invalid)?;
    if group.is_empty() || group.contains(['+', '#']) || inner.is_empty() {
        return Err(invalid());
    }
    check_filter(inner)?;
    Ok(Some((group, inner)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_filters() {
        assert_eq!(shared_filter("a/b"), Ok(None));
        assert_eq!(shared_filter("$share/g/a/#"), Ok(Some(("g", "a/#"))));
        for bad in [
            "$share/",
            "$share/g",
            "$share//a",
            "$share/g+/a",
            "$share/#/a",
            "$share/g/",
        ] {
            assert!(
                matches!(
                    shared_filter(bad),
                    Err(MqttError::InvalidSharedFilter { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            shared_filter("$share/g/a#"),
            Err(MqttError::InvalidFilter { .. })
        ));
    }

    #[test]
    fn publish_properties() {
        let ok = PublishProperties {
            payload_utf8: Some(true),
            content_type: Some("application/json".into()),
            response_topic: Some("reply/1".into()),
            correlation_data: Some(vec![0, 1]),
            user_properties: vec![UserProperty::new("k", "")],
            ..PublishProperties::default()
        };
        assert_eq!(check_publish_properties(&ok, b"{}"), Ok(()));
        assert_eq!(
            check_publish_properties(&ok, &[0xFF]),
            Err(MqttError::PayloadNotUtf8)
        );
        let cases = [
            (
                PublishProperties {
                    response_topic: Some("a/+".into()),
                    ..ok.clone()
                },
                MqttError::WildcardInResponseTopic("a/+".into()),
            ),
            (
                PublishProperties {
                    response_topic: Some(String::new()),
                    ..ok.clone()
                },
                MqttError::EmptyProperty {
                    field: StringField::ResponseTopic,
                },
            ),
            (
                PublishProperties {
                    content_type: Some("a\0".into()),
                    ..ok.clone()
                },
                MqttError::NulCharacter {
                    field: StringField::ContentType,
                },
            ),
            (
                PublishProperties {
                    correlation_data: Some(vec![0; MAX_STRING_LEN + 1]),
                    ..ok.clone()
                },
                MqttError::StringTooLong {
                    field: StringField::CorrelationData,
                    len: MAX_STRING_LEN + 1,
                },
            ),
            (
                PublishProperties {
                    user_properties: vec![UserProperty::new("k\0", "v")],
                    ..ok.clone()
                },
                MqttError::NulCharacter {
                    field: StringField::UserPropertyName,
                },
            ),
        ];
        for (props, expected) in cases {
            assert_eq!(check_publish_properties(&props, b"x"), Err(expected));
        }
    }

    #[test]
    fn topics() {
        assert_eq!(check_topic("a/b"), Ok(()));
        assert_eq!(check_topic("/"), Ok(()));
        assert_eq!(check_topic(""), Err(MqttError::EmptyTopic));
        assert!(matches!(
            check_topic("a/+"),
            Err(MqttError::WildcardInTopic(_))
        ));
        assert!(matches!(
            check_topic("a/#"),
            Err(MqttError::WildcardInTopic(_))
        ));
        assert_eq!(
            check_topic("a\0b"),
            Err(MqttError::NulCharacter {
                field: StringField::Topic
            })
        );
        let long = "x".repeat(MAX_STRING_LEN + 1);
        assert_eq!(
            check_topic(&long),
            Err(MqttError::StringTooLong {
                field: StringField::Topic,
                len: MAX_STRING_LEN + 1
            })
        );
        assert_eq!(check_topic(&"x".repeat(MAX_STRING_LEN)), Ok(()));
    }

    #[test]
    fn filters() {
        for ok in [
            "a",
            "#",
            "+",
            "a/#",
            "a/+/b",
            "+/+",
            "/#",
            "a//b",
            "$SYS/#",
            "sport/+/player1",
        ] {
            assert_eq!(check_filter(ok), Ok(()), "{ok}");
        }
        for bad in ["", "a#", "a/#/b", "#/a", "a+", "a/b+/c", "+a", "a/##"] {
            assert!(
                matches!(check_filter(bad), Err(MqttError::InvalidFilter { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            check_filter("a\0"),
            Err(MqttError::NulCharacter { .. })
        ));
    }

    #[test]
    fn incoming_topics() {
        assert_eq!(check_incoming_topic("a/b"), Ok(()));
        for bad in ["", "a/+", "#", "a\0"] {
            assert!(matches!(
                check_incoming_topic(bad),
                Err(MqttError::InvalidIncomingTopic(_))
            ));
        }
    }
}
