//! The inflight window: publishes beyond it wait, in order, instead of failing.

use mqttbytes::v4;

use super::*;

#[test]
fn the_inflight_window_queues_instead_of_refusing() {
    let mut session = connected();
    session.set_max_inflight(2);
    let ids: Vec<u16> = (0..5u8)
        .map(|i| {
            session
                .publish("w", &[i], QoS::AtLeastOnce, false, 20)
                .unwrap()
                .unwrap()
        })
        .collect();
    assert_eq!(ids, [1, 2, 3, 4, 5], "every publish gets its id at once");
    assert_eq!(sent(&mut session).len(), 2);
    assert_eq!((session.inflight_count(), session.queued_count()), (5, 3));
    session.handle_bytes(&puback(1), 30).unwrap();
    let next = sent(&mut session);
    assert!(matches!(&next[..], [v4::Packet::Publish(p)] if p.pkid == 3 && !p.dup));
    // A bigger window is used from the next publish on, oldest first.
    session.set_max_inflight(10);
    session
        .publish("w", b"6", QoS::AtMostOnce, false, 40)
        .unwrap();
    let id6 = session
        .publish("w", b"7", QoS::ExactlyOnce, false, 41)
        .unwrap()
        .unwrap();
    let order: Vec<u16> = sent(&mut session)
        .iter()
        .filter_map(|p| match p {
            v4::Packet::Publish(p) => Some(p.pkid),
            _ => None,
        })
        .collect();
    assert_eq!(order, [0, 4, 5, id6], "QoS 0 is never queued");
    assert_eq!(session.queued_count(), 0);
}
