//! What MQTT 5 properties cost in the log, counted by the allocator: a message without
//! properties costs exactly what it did before properties existed (they live in a side table,
//! not in the entry), and a message with properties pays for its own only.
// Native only: the page installs this allocator itself on wasm32 (`src/lib.rs`), so a second
// `#[global_allocator]` there would not link (`wasm-pack test` builds every test for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use mqtt_console::model::log::Logged;
use mqtt_console::model::{Direction, LogEntry, MessageLog};
use mqtt_console::mqtt::{PublishProperties, UserProperty};
use mqtt_console::platform::alloc::{live_bytes, Counting};

/// The page's own counting allocator, here counting the native test.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    live_bytes() as isize
}

fn entry(i: usize) -> LogEntry {
    LogEntry {
        seq: 0,
        time_ms: i as f64,
        direction: Direction::In,
        topic: format!("bench/load/{}", i % 50),
        payload: Bytes::from(vec![b'x'; 100]),
        qos: 1,
        retain: false,
        dup: false,
    }
}

fn props(i: usize) -> PublishProperties {
    PublishProperties {
        content_type: Some("application/json".into()),
        correlation_data: Some(i.to_le_bytes().to_vec()),
        user_properties: vec![UserProperty::new("trace", "abc")],
        ..PublishProperties::default()
    }
}

/// Bytes a message at capacity, when every `every`-th message has properties (0 = none).
fn per_message(capacity: usize, every: usize) -> f64 {
    let before = live();
    let mut log = MessageLog::with_capacity(capacity);
    // Twice the capacity, so that eviction (of entries and of side-table rows) is measured too.
    for i in 0..2 * capacity {
        let p = if every > 0 && i % every == 0 {
            props(i)
        } else {
            PublishProperties::default()
        };
        log.push_logged(Logged::new(entry(i), p, None));
    }
    let bytes = live() - before;
    assert_eq!(log.len(), capacity);
    drop(log);
    bytes as f64 / capacity as f64
}

#[test]
fn properties_cost_only_the_messages_that_carry_them() {
    let capacity = 50_000;
    let plain = per_message(capacity, 0);
    let tenth = per_message(capacity, 10);
    let all = per_message(capacity, 1);
    println!(
        "bytes a message: none with properties {plain:.0}, one in ten {tenth:.0}, all {all:.0}"
    );
    // What one message's properties cost: their box, strings and the side table's row.
    let with_props = all - plain;
    assert!(with_props > 0.0 && with_props < 400.0, "{with_props:.0}");
    // One in ten pays a tenth of that, give or take the side table's spare capacity.
    let share = tenth - plain;
    assert!(
        share < with_props / 10.0 + 16.0,
        "one in ten costs {share:.0} bytes a message (all: {with_props:.0})"
    );
}
