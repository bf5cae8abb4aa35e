//! The publish path with MQTT 5 properties: what is logged, and what is refused before sending.

use super::*;
use crate::mqtt::{PublishProperties, UserProperty};

fn with_props() -> PublishProperties {
    PublishProperties {
        response_topic: Some("reply/1".into()),
        user_properties: vec![UserProperty::new("k", "v")],
        ..PublishProperties::default()
    }
}

#[test]
fn a_qos_1_publish_is_logged_with_its_packet_id() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    m.publish_with(
        "t/1",
        b"x".to_vec(),
        QoS::AtLeastOnce,
        false,
        PublishProperties::default(),
        at(10),
    )
    .expect("published");
    let actions = drain(&mut m);
    assert!(matches!(
        packets(&actions, link)[..],
        [v4::Packet::Publish(_)]
    ));
    let Some(Action::Sent(logged)) = actions.last() else {
        panic!("logged last: {actions:?}");
    };
    assert_eq!(logged.packet_id, Some(1));
    assert_eq!(logged.properties, None, "nothing stored for no properties");
}

#[test]
fn properties_on_an_mqtt_311_connection_are_refused_before_sending() {
    let mut m = Lifecycle::new();
    let link = connected(&mut m, true);
    assert_eq!(
        m.publish_with(
            "t/1",
            b"x".to_vec(),
            QoS::AtMostOnce,
            false,
            with_props(),
            at(10)
        ),
        Err(RequestError::Rejected(MqttError::PropertiesNeedMqtt5))
    );
    assert!(packets(&drain(&mut m), link).is_empty());
}
