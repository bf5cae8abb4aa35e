//! Checks run before anything reaches `mqttbytes`, which truncates long strings silently and
//! writes half a packet before noticing some mistakes.

use super::{FilterRule, MqttError, StringField};

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

#[cfg(test)]
mod tests {
    use super::*;

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
