//! The MQTT 5 settings of the connect form: parsing, checking and storing them.

use super::*;

fn v5() -> Mqtt5Settings {
    Mqtt5Settings {
        protocol_version: "5".into(),
        ..Mqtt5Settings::default()
    }
}

#[test]
fn the_default_is_mqtt_311_with_nothing_to_send() {
    let s = Mqtt5Settings::default();
    assert_eq!(s.version(), ProtocolVersion::V311);
    let plan = s.plan().unwrap();
    assert_eq!(plan.version, ProtocolVersion::V311);
    assert_eq!(plan.properties, ConnectProperties::default());
    assert!(plan.topic_aliases);
    assert_eq!(s.will_properties().unwrap(), WillProperties::default());
}

#[test]
fn mqtt_5_settings_become_connect_properties() {
    let mut s = v5();
    s.session_expiry = "3600".into();
    s.receive_maximum = "20".into();
    s.maximum_packet_size = "262144".into();
    s.topic_alias_maximum = "10".into();
    s.request_response_information = true;
    s.topic_aliases = false;
    s.connect_user_properties = vec![
        PropertyRow {
            key: "a".into(),
            value: "1".into(),
        },
        PropertyRow::default(),
        PropertyRow {
            key: "a".into(),
            value: "2".into(),
        },
    ];
    let plan = s.plan().unwrap();
    assert_eq!(plan.version, ProtocolVersion::V5);
    assert!(!plan.topic_aliases);
    let p = plan.properties;
    assert_eq!(p.session_expiry_secs, 3600);
    assert_eq!(p.receive_maximum, Some(20));
    assert_eq!(p.maximum_packet_size, Some(262_144));
    assert_eq!(p.topic_alias_maximum, 10);
    assert!(p.request_response_information);
    assert!(p.request_problem_information);
    assert_eq!(
        p.user_properties,
        [UserProperty::new("a", "1"), UserProperty::new("a", "2")]
    );
}

#[test]
fn empty_numbers_take_mqtts_defaults() {
    let p = v5().plan().unwrap().properties;
    assert_eq!(p, ConnectProperties::default());
}

#[test]
fn every_bad_input_is_named_with_its_range() {
    let mut s = v5();
    s.session_expiry = "-1".into();
    s.receive_maximum = "0".into();
    s.maximum_packet_size = "x".into();
    s.topic_alias_maximum = "65536".into();
    s.connect_user_properties = vec![
        PropertyRow {
            key: String::new(),
            value: "v".into(),
        },
        PropertyRow {
            key: "k\0".into(),
            value: String::new(),
        },
    ];
    let ids: Vec<&str> = s.problems(false).iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        [
            "session-expiry",
            "receive-maximum",
            "maximum-packet-size",
            "topic-alias-maximum",
            "connect-user-property",
            "connect-user-property"
        ]
    );
    let problems = s.problems(false);
    assert_eq!(
        problems[1].1,
        Mqtt5Error::Number {
            field: Mqtt5Field::ReceiveMaximum,
            text: "0".into(),
            min: 1,
            max: 65_535
        }
    );
    assert_eq!(problems[4].1, Mqtt5Error::UserPropertyNameEmpty { row: 1 });
    assert_eq!(
        problems[5].1,
        Mqtt5Error::UserPropertyText {
            row: 2,
            part: RowPart::Key,
            problem: TextProblem::Nul
        }
    );
    assert_eq!(s.plan().unwrap_err(), problems[0].1);
    // Nothing typed is lost: the text stays as it was.
    assert_eq!(s.maximum_packet_size, "x");
}

#[test]
fn mqtt_311_ignores_the_hidden_settings_but_keeps_them() {
    let mut s = v5();
    s.session_expiry = "nonsense".into();
    assert_eq!(s.problems(false).len(), 1);
    s.protocol_version = "3.1.1".into();
    assert!(s.problems(true).is_empty());
    assert_eq!(s.plan().unwrap().properties, ConnectProperties::default());
    assert_eq!(s.session_expiry, "nonsense");
}

#[test]
fn an_unknown_version_is_named() {
    let s = Mqtt5Settings {
        protocol_version: "6".into(),
        ..Mqtt5Settings::default()
    };
    assert_eq!(
        s.problems(false),
        [("protocol-version", Mqtt5Error::Version("6".into()))]
    );
}

#[test]
fn will_properties_are_read_only_with_a_will() {
    let mut s = v5();
    s.will_delay = "30".into();
    s.will_message_expiry = "60".into();
    s.will_content_type = "text/plain".into();
    let w = s.will_properties().unwrap();
    assert_eq!(w.delay_secs, Some(30));
    assert_eq!(w.publish.message_expiry_secs, Some(60));
    assert_eq!(w.publish.content_type.as_deref(), Some("text/plain"));
    s.will_delay = "soon".into();
    assert!(s.problems(false).is_empty());
    assert_eq!(s.problems(true)[0].0, "will-delay");
    assert!(s.will_properties().is_err());
}

#[test]
fn settings_round_trip_and_old_forms_load() {
    let mut s = v5();
    s.session_expiry = "10".into();
    s.connect_user_properties.push(PropertyRow {
        key: "k".into(),
        value: "v".into(),
    });
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Mqtt5Settings>(&json).unwrap(), s);
    let old: Mqtt5Settings = serde_json::from_str("{}").unwrap();
    assert_eq!(old, Mqtt5Settings::default());
}
