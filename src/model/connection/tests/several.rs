//! Several connections at once (issue 16), as the workspace runs them: each a lifecycle of its
//! own, all driven on one simulated clock. One losing its link does not disturb the others'
//! keepalive or QoS 1 flow, and their logs share one capacity.

use mqttbytes::v4;

use super::*;
use crate::model::log::{Direction, LogEntry, MessageLog};
use crate::model::workspace::Workspace;
use crate::mqtt::tests::{pingresp, puback};

#[test]
fn three_sessions_on_one_clock_stay_independent() {
    let mut ms: Vec<Lifecycle> = (0..3).map(|_| Lifecycle::new()).collect();
    let links: Vec<LinkId> = ms.iter_mut().map(|m| connected(m, true)).collect();

    // Connection 1 publishes at QoS 1 while the others idle; connection 2's link drops.
    let id = ms[1]
        .publish("t/1", b"x".to_vec(), QoS::AtLeastOnce, false, at(100))
        .expect("connected")
        .expect("a packet id at QoS 1");
    assert!(matches!(
        packets(&drain(&mut ms[1]), links[1])[..],
        [v4::Packet::Publish(_)]
    ));
    ms[2].handle_closed(links[2], 1006, String::new(), at(1_000));
    let lost = drain(&mut ms[2]);
    assert!(matches!(
        retries(&lost)[..],
        [Some(Retry { attempt: 1, .. })]
    ));

    // One clock for all three, tick by tick, up to the first keepalive of the live ones.
    let mut seen: Vec<Vec<Action>> = vec![Vec::new(); 3];
    let mut t = 250;
    while t <= 7_750 {
        for (m, seen) in ms.iter_mut().zip(&mut seen) {
            m.handle_tick(at(t));
            seen.extend(drain(m));
        }
        t += Millis::from(TICK_MS);
    }
    // Both live connections sent their PINGREQ on time; the broker answers, and acknowledges
    // connection 1's publish meanwhile.
    for i in [0, 1] {
        assert!(
            matches!(packets(&seen[i], links[i])[..], [v4::Packet::PingReq]),
            "connection {i}: {:?}",
            packets(&seen[i], links[i])
        );
        ms[i].handle_bytes(links[i], &pingresp(), at(7_800));
    }
    assert!(drain(&mut ms[0]).is_empty());
    ms[1].handle_bytes(links[1], &puback(id), at(7_900));
    assert_eq!(drain(&mut ms[1]), [Action::Completed { packet_id: id }]);
    // The lost one went on reconnecting by itself, on a link of its own.
    let reopened = opened(&seen[2]).expect("connection 2 reconnects");
    assert_ne!(reopened, links[2]);
    assert_eq!(ms[2].status(), Status::Connecting);
    // Later, the live ones are still connected: no missed PINGRESP, nothing closed.
    let mut t = 8_000;
    while t <= 13_000 {
        for i in [0, 1] {
            ms[i].handle_tick(at(t));
            assert!(!drain(&mut ms[i]).contains(&Action::CloseLink(links[i])));
        }
        t += Millis::from(TICK_MS);
    }
    assert_eq!(ms[0].status(), Status::Connected);
    assert_eq!(ms[1].status(), Status::Connected);
}

#[test]
fn three_logs_share_one_capacity() {
    let mut ws = Workspace::default();
    ws.add("b").expect("room for a second");
    ws.add("c").expect("room for a third");
    let total = 1_000_000;
    let share = ws.log_share(total);
    assert_eq!(share, 333_333);
    let mut logs: Vec<MessageLog> = (0..3).map(|_| MessageLog::with_capacity(share)).collect();
    // One connection floods past its share; the others keep theirs.
    let entry = |i: u64| LogEntry {
        seq: 0,
        time_ms: i as f64,
        direction: Direction::In,
        topic: "flood".into(),
        payload: bytes::Bytes::new(),
        qos: 0,
        retain: false,
        dup: false,
    };
    for i in 0..400_000 {
        logs[0].push(entry(i));
    }
    for i in 0..10 {
        logs[1].push(entry(i));
    }
    assert_eq!(logs[0].len(), share);
    assert_eq!(logs[0].dropped(), 400_000 - share as u64);
    assert_eq!((logs[1].len(), logs[1].dropped()), (10, 0));
    assert!(logs.iter().map(MessageLog::len).sum::<usize>() <= total);
}
