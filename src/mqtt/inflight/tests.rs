use super::*;

fn message(qos: QoS) -> Message {
    Message {
        topic: "t".into(),
        payload: vec![],
        qos,
        retain: false,
        dup: false,
        properties: Default::default(),
    }
}

fn subscribe() -> Pending {
    Pending::Subscribe {
        filters: vec![("a".into(), SubscribeOptions::qos(QoS::AtMostOnce))],
        identifier: None,
        automatic: false,
    }
}

#[test]
fn ids_skip_zero_and_ids_in_flight() {
    let mut inflight = Inflight::default();
    assert_eq!(inflight.next_free_id(), Ok(1));
    inflight.insert(2, Pending::Unsubscribe(vec!["a".into()]));
    inflight.insert_publish(3, message(QoS::AtLeastOnce), true);
    assert_eq!(inflight.next_free_id(), Ok(4));
    inflight.next_id = u16::MAX;
    assert_eq!(inflight.next_free_id(), Ok(u16::MAX));
    // Wraps past 0 and the ids still held.
    assert_eq!(inflight.next_free_id(), Ok(1));
    assert_eq!(inflight.next_free_id(), Ok(4));
}

#[test]
fn exhaustion_is_an_error_and_one_free_id_is_found() {
    let mut inflight = Inflight::default();
    for id in 1..=u16::MAX {
        inflight.insert(id, subscribe());
    }
    assert_eq!(inflight.next_free_id(), Err(MqttError::PacketIdsExhausted));
    assert!(inflight.take_subscribe(40_000).is_ok());
    assert_eq!(inflight.next_free_id(), Ok(40_000));
}

#[test]
fn acks_must_match_the_kind_in_flight() {
    let mut inflight = Inflight::default();
    inflight.insert(5, subscribe());
    assert_eq!(
        inflight.take_puback(5),
        Err(MqttError::UnknownPacketId {
            packet: "PUBACK",
            packet_id: 5
        })
    );
    assert_eq!(
        inflight.take_unsubscribe(5),
        Err(MqttError::UnknownPacketId {
            packet: "UNSUBACK",
            packet_id: 5
        })
    );
    assert_eq!(inflight.len(), 1, "a wrong ack must not free the id");
    assert!(inflight.take_subscribe(5).is_ok());
    assert!(inflight.take_subscribe(5).is_err());
    assert_eq!(inflight.len(), 0);
}

#[test]
fn qos2_goes_through_pubrec_then_pubcomp() {
    let mut inflight = Inflight::default();
    inflight.insert_publish(7, message(QoS::ExactlyOnce), true);
    inflight.insert_publish(8, message(QoS::AtLeastOnce), true);
    assert!(
        inflight.take_puback(7).is_err(),
        "PUBACK does not answer QoS 2"
    );
    assert!(inflight.take_pubcomp(7).is_err(), "PUBCOMP before PUBREC");
    assert!(
        inflight.on_pubrec(8).is_err(),
        "PUBREC does not answer QoS 1"
    );
    assert_eq!(inflight.on_pubrec(7), Ok(()));
    assert_eq!(inflight.on_pubrec(7), Ok(()), "a repeated PUBREC is fine");
    assert_eq!(inflight.take_pubcomp(7), Ok(()));
    assert_eq!(inflight.take_puback(8), Ok(()));
    assert_eq!(inflight.len(), 0);
}

#[test]
fn the_window_queues_and_releases_in_order() {
    let mut inflight = Inflight::default();
    inflight.set_max_inflight(2);
    for id in 1..=2 {
        assert!(inflight.window_open());
        inflight.insert_publish(id, message(QoS::AtLeastOnce), true);
    }
    assert!(!inflight.window_open());
    for id in 3..=5 {
        inflight.insert_publish(id, message(QoS::AtLeastOnce), false);
    }
    assert_eq!(inflight.queued_len(), 3);
    assert!(inflight.next_to_send().is_none(), "window full");
    assert!(
        inflight.take_puback(3).is_err(),
        "a queued publish was never sent"
    );
    inflight.take_puback(2).unwrap();
    assert!(!inflight.window_open(), "the queue goes first");
    assert_eq!(inflight.next_to_send().map(|(id, _)| id), Some(3));
    assert!(inflight.next_to_send().is_none());
    inflight.take_puback(1).unwrap();
    inflight.take_puback(3).unwrap();
    let sent: Vec<_> = std::iter::from_fn(|| inflight.next_to_send().map(|(id, _)| id)).collect();
    assert_eq!(sent, [4, 5]);
    assert!(inflight.window_open() || inflight.queued_len() == 0);
}

#[test]
fn resend_order_follows_sending_and_pubrec_order() {
    let mut inflight = Inflight {
        next_id: 65_534,
        ..Inflight::default()
    };
    let ids: Vec<u16> = (0..4).map(|_| inflight.next_free_id().unwrap()).collect();
    assert_eq!(ids, [65_534, 65_535, 1, 2]);
    inflight.insert_publish(ids[0], message(QoS::ExactlyOnce), true);
    inflight.insert_publish(ids[1], message(QoS::AtLeastOnce), true);
    inflight.insert(ids[2], subscribe());
    inflight.insert_publish(ids[3], message(QoS::AtLeastOnce), false);
    inflight.on_pubrec(ids[0]).unwrap();
    let order: Vec<u16> = inflight.to_resend().iter().map(|(id, _)| *id).collect();
    // The queued publish is not resent; the PUBREL counts from its PUBREC.
    assert_eq!(order, [65_535, 1, 65_534]);
}

#[test]
fn automatic_subscribes_can_be_dropped() {
    let mut inflight = Inflight::default();
    inflight.insert(1, subscribe());
    inflight.insert(
        2,
        Pending::Subscribe {
            filters: vec![("b".into(), SubscribeOptions::qos(QoS::AtLeastOnce))],
            identifier: None,
            automatic: true,
        },
    );
    assert_eq!(inflight.pending_user_filters().collect::<Vec<_>>(), ["a"]);
    inflight.drop_automatic_subscribes();
    assert_eq!(inflight.len(), 1);
    assert_eq!(inflight.take_subscribe(1).map(|(_, auto)| auto), Ok(false));
}
