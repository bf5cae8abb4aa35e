//! What the log costs in memory, counted by the allocator: the bytes a message takes once logged
//! (entry, topic, payload, the topic tree's share), and that a full log under a steady stream
//! stays the same size (issue 13). Counts bytes, never time, so a busy machine cannot fail it.
//!
//! It uses the page's own allocator (`platform::alloc`, read in the browser as `wasmLive` by the
//! soak benchmark, where pointers are half this size).
// Native only: the page installs this allocator itself on wasm32 (`src/lib.rs`), so a second
// `#[global_allocator]` there would not link (`wasm-pack test` builds every test for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use mqtt_console::model::log_view::{LogFilter, LogView};
use mqtt_console::model::ring::CHUNK;
use mqtt_console::model::topic_tree::TopicTree;
use mqtt_console::model::{Direction, LogEntry, MessageLog};
use mqtt_console::platform::alloc::{live_bytes, Counting};

/// The page's own counting allocator, here counting the native test.
#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    live_bytes() as isize
}

/// The store as the page keeps it (`store::log_store`): the log, the topic tree of everything
/// seen, and the panel's view, caught up once per 16 messages (a frame at 1,000 msg/s).
struct Store {
    log: MessageLog,
    tree: TopicTree,
    view: LogView,
    pushed: u64,
}

impl Store {
    fn new(capacity: usize, filter: LogFilter) -> Store {
        let log = MessageLog::with_capacity(capacity);
        let mut view = LogView::default();
        view.set_filter(filter, &log);
        Store {
            log,
            tree: TopicTree::default(),
            view,
            pushed: 0,
        }
    }

    /// One received message like the soak's: a 100-byte payload on one of `topics` topics.
    fn receive(&mut self, topics: u64) {
        let topic = format!("bench/load/{}", self.pushed % topics);
        let payload = Bytes::from(vec![b'x'; 100]);
        self.tree
            .insert(&topic, payload.clone(), self.pushed as f64);
        self.log.push(LogEntry {
            seq: 0,
            time_ms: self.pushed as f64,
            direction: Direction::In,
            topic,
            payload,
            qos: 1,
            retain: false,
            dup: false,
        });
        self.pushed += 1;
        if self.pushed.is_multiple_of(16) {
            self.view.catch_up(&self.log);
        }
    }
}

/// Fills a log of `capacity`, then streams four more logs' worth through it, sampling the live
/// bytes at every tenth of a capacity; returns the bytes per message at capacity and the spread
/// of the samples once full.
fn soak(capacity: usize, topics: u64, filter: LogFilter) -> (f64, isize) {
    let before = live();
    let mut store = Store::new(capacity, filter);
    for _ in 0..capacity {
        store.receive(topics);
    }
    let full = live() - before;
    let mut samples = Vec::new();
    for _ in 0..40 {
        for _ in 0..capacity / 10 {
            store.receive(topics);
        }
        samples.push(live() - before);
    }
    assert_eq!(store.log.len(), capacity);
    assert_eq!(store.log.received(), 5 * capacity as u64);
    let spread = samples.iter().max().unwrap_or(&0) - samples.iter().min().unwrap_or(&0);
    (full as f64 / capacity as f64, spread)
}

#[test]
fn a_full_log_stays_the_same_size_under_a_steady_stream() {
    let capacity = 100_000;
    for (topics, filter) in [
        (1, LogFilter::default()),
        (50, LogFilter::default()),
        (
            1,
            LogFilter {
                topic: "bench/#".into(),
                ..LogFilter::default()
            },
        ),
    ] {
        let (per_message, spread) = soak(capacity, topics, filter.clone());
        println!(
            "{topics} topic(s), filter {:?}: {per_message:.0} bytes a message at capacity, \
             spread once full {spread} bytes",
            filter.topic
        );
        // Entry (64 bytes here), topic, payload (100), the shared payload handle, the tree's
        // share and, with a filter, 8 bytes of view: about 200 bytes.
        assert!(
            per_message < 260.0,
            "{per_message:.0} bytes a message at capacity"
        );
        // Once full, the log only swaps old messages for new: at most one chunk's worth of
        // messages (held until their chunk is empty) and the view's deque growth apart.
        let bound = (CHUNK as f64 * (per_message + 16.0)) as isize;
        assert!(
            spread <= bound,
            "the full log changed size by {spread} bytes (bound {bound})"
        );
    }
}
