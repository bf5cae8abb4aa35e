use super::super::Describe;
use crate::mqtt::{
    CloseReason, ConnAckRefusal, ConnectLimit, FilterRule, MqttError, QoS, ReasonCode, StringField,
};

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn all_errors() -> Vec<MqttError> {
    vec![
        MqttError::NotConnected,
        MqttError::Unsupported("QoS 3"),
        MqttError::StringTooLong {
            field: StringField::Username,
            len: 70_000,
        },
        MqttError::NulCharacter {
            field: StringField::Topic,
        },
        MqttError::EmptyTopic,
        MqttError::WildcardInTopic("a/#".into()),
        MqttError::InvalidFilter {
            filter: "a#".into(),
            reason: FilterRule::HashNotAlone,
        },
        MqttError::NoFilters,
        MqttError::PasswordWithoutUsername,
        MqttError::EmptyClientIdNeedsCleanSession,
        MqttError::PayloadTooLarge { len: 300_000_000 },
        MqttError::PacketIdsExhausted,
        MqttError::MalformedPacket("bad length".into()),
        MqttError::IncomingPacketTooLarge { size: 9, max: 8 },
        MqttError::UnexpectedPacket("PUBREL"),
        MqttError::UnexpectedConnAck,
        MqttError::UnknownPacketId {
            packet: "PUBACK",
            packet_id: 7,
        },
        MqttError::SubAckCountMismatch {
            packet_id: 1,
            expected: 2,
            got: 1,
        },
        MqttError::InvalidIncomingTopic("empty".into()),
        MqttError::ConnAckTimeout,
        MqttError::PingTimeout,
        MqttError::EncodeFailed("x".into()),
        MqttError::InvalidWill(Box::new(MqttError::EmptyTopic)),
        MqttError::QoSNotSupported {
            requested: QoS::ExactlyOnce,
            maximum: QoS::AtLeastOnce,
        },
        MqttError::RetainNotAvailable,
        MqttError::PacketTooLarge {
            size: 300_000,
            maximum: 262_144,
        },
        MqttError::PropertiesNeedMqtt5,
        MqttError::EmptyProperty {
            field: StringField::ContentType,
        },
        MqttError::WildcardInResponseTopic("r/#".into()),
        MqttError::PayloadNotUtf8,
        MqttError::ZeroLimit(ConnectLimit::ReceiveMaximum),
        MqttError::ZeroLimit(ConnectLimit::MaximumPacketSize),
        MqttError::WildcardSubscriptionNotAvailable {
            filter: "a/#".into(),
        },
        MqttError::SubscriptionIdentifierNotAvailable,
        MqttError::SubscriptionIdentifierOutOfRange(0),
        MqttError::SharedSubscriptionNotAvailable {
            filter: "$share/g/a".into(),
        },
        MqttError::InvalidSharedFilter {
            filter: "$share/a".into(),
        },
        MqttError::NoLocalOnSharedSubscription {
            filter: "$share/g/a".into(),
        },
        MqttError::TopicAliasInvalid {
            alias: 0,
            maximum: 5,
        },
        MqttError::TopicAliasInvalid {
            alias: 3,
            maximum: 5,
        },
        MqttError::ReceiveMaximumExceeded { maximum: 10 },
        MqttError::AuthNotSupported,
    ]
}

#[test]
fn every_error_reads_in_chinese() {
    let mut seen = std::collections::HashSet::new();
    for e in all_errors() {
        let zh = e.describe().zh;
        assert!(has_han(&zh), "{e}: {zh}");
        assert!(seen.insert(zh.clone()), "two errors read the same: {zh}");
    }
    assert!(MqttError::StringTooLong {
        field: StringField::Username,
        len: 70_000
    }
    .describe()
    .zh
    .contains("用户名"));
}

#[test]
fn filter_rules_are_told_in_the_language_of_the_message() {
    use FilterRule::*;
    for rule in [Empty, HashNotAlone, HashNotLast, PlusNotAlone] {
        let e = MqttError::InvalidFilter {
            filter: "a/b".into(),
            reason: rule,
        };
        let (rule_en, rule_zh) = (rule.describe().en, rule.describe().zh);
        let zh = e.describe().zh;
        assert!(zh.ends_with(&rule_zh), "{zh}");
        assert!(!zh.contains(&rule_en), "English inside Chinese: {zh}");
        assert!(
            !rule_zh.contains("must") && !rule_zh.contains("level"),
            "{rule_zh}"
        );
        assert!(e.to_string().ends_with(&rule_en));
    }
}

#[test]
fn display_is_the_english_words() {
    for e in all_errors() {
        assert_eq!(e.to_string(), e.describe().en);
    }
    let boxed: Box<dyn std::error::Error> = Box::new(MqttError::ConnAckTimeout);
    assert!(boxed.to_string().contains("in time"));
}

/// The cheap guard: no word is empty, and the Chinese is not a copy of the English.
#[test]
fn no_translation_is_empty_or_untranslated() {
    let mut texts: Vec<_> = all_errors().iter().map(|e| e.describe()).collect();
    texts.extend((0..=6).map(|c| ConnAckRefusal::from_code(c).describe()));
    texts.extend(
        [
            FilterRule::Empty,
            FilterRule::HashNotAlone,
            FilterRule::HashNotLast,
            FilterRule::PlusNotAlone,
        ]
        .iter()
        .map(Describe::describe),
    );
    texts.extend(
        [
            StringField::ClientId,
            StringField::Username,
            StringField::Password,
            StringField::ContentType,
            StringField::ResponseTopic,
            StringField::CorrelationData,
            StringField::UserPropertyName,
            StringField::UserPropertyValue,
        ]
        .iter()
        .map(Describe::describe),
    );
    for t in texts {
        assert!(!t.en.trim().is_empty() && !t.zh.trim().is_empty(), "{t:?}");
        assert_ne!(t.en, t.zh, "not translated: {t:?}");
        assert!(!has_han(&t.en), "Chinese in the English: {t:?}");
    }
}

#[test]
fn refusals_and_closes_keep_their_english() {
    assert_eq!(
        ConnAckRefusal::from_code(4).to_string(),
        "wrong username or password"
    );
    assert_eq!(
        ConnAckRefusal::from_code(9).to_string(),
        "unknown refusal code"
    );
    assert_eq!(
        CloseReason::Refused { code: 5 }.to_string(),
        "the broker refused the connection: not authorised"
    );
    assert_eq!(
        CloseReason::Failed(MqttError::PingTimeout).to_string(),
        MqttError::PingTimeout.to_string()
    );
}

#[test]
fn mqtt5_closes_read_with_their_code_and_reason_string() {
    let refused = CloseReason::RefusedV5 {
        reason: ReasonCode::NotAuthorized,
        reason_string: None,
        server_reference: None,
    };
    assert_eq!(
        refused.to_string(),
        "the broker refused the connection with reason code 0x87"
    );
    let dropped = CloseReason::ServerDisconnected {
        reason: ReasonCode::ServerShuttingDown,
        reason_string: Some("maintenance".into()),
        server_reference: None,
    };
    assert_eq!(
        dropped.to_string(),
        "the broker closed the connection with reason code 0x8B: maintenance"
    );
}
