//! The message log: a bounded store of everything sent and received.
//!
//! Payloads stay as bytes until a view renders them; the store counts what it had to drop so the
//! UI can say so instead of silently losing history.
//!
//! MQTT 5 properties, a reply's pairing with its request and a publish's acknowledgement live
//! in a side table keyed by sequence number, not in [`LogEntry`]: a message without them (every
//! 3.1.1 message) costs what it did before, and one with them pays for its own only.

use std::collections::VecDeque;

use super::ring::ChunkedRing;

pub use super::log_entry::{AckOutcome, Direction, Extras, LogEntry, Logged};

/// Default number of messages the log keeps.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// A ring of the newest `capacity` messages.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageLog {
    /// In chunks, so that a log of a million entries never copies itself to grow.
    entries: ChunkedRing<LogEntry>,
    /// Extras of the held entries that have any, by increasing sequence number.
    extras: VecDeque<(u64, Box<Extras>)>,
    capacity: usize,
    next_seq: u64,
    received: u64,
    dropped: u64,
}

impl Default for MessageLog {
    fn default() -> Self {
        MessageLog::with_capacity(DEFAULT_CAPACITY)
    }
}

impl MessageLog {
    /// An empty log that keeps at most `capacity` messages (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        MessageLog {
            entries: ChunkedRing::default(),
            extras: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 0,
            received: 0,
            dropped: 0,
        }
    }

    /// Appends a message, evicting the oldest one when full; returns the sequence number it
    /// was given (the `seq` passed in is ignored).
    pub fn push(&mut self, entry: LogEntry) -> u64 {
        self.push_with(entry, None)
    }

    /// Appends a message with its properties, like [`MessageLog::push`].
    pub fn push_logged(&mut self, logged: Logged) -> u64 {
        let extras = logged.properties.map(|p| Extras {
            properties: *p,
            ..Extras::default()
        });
        self.push_with(logged.entry, extras)
    }

    /// Appends a message and what it carries besides, like [`MessageLog::push`].
    pub fn push_with(&mut self, mut entry: LogEntry, extras: Option<Extras>) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        entry.seq = seq;
        if entry.direction == Direction::In {
            self.received += 1;
        }
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
            self.dropped += 1;
            self.forget_evicted_extras();
        }
        self.entries.push_back(entry);
        if let Some(extras) = extras {
            self.extras.push_back((seq, Box::new(extras)));
        }
        seq
    }

    /// What the entry `seq` carries besides, if anything.
    pub fn extras(&self, seq: u64) -> Option<&Extras> {
        let i = self.extras.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        self.extras.get(i).map(|(_, e)| &**e)
    }

    /// What the entry `seq` carries besides, made on first use; `None` once the entry is gone.
    pub fn extras_mut(&mut self, seq: u64) -> Option<&mut Extras> {
        self.get(seq)?;
        let i = match self.extras.binary_search_by_key(&seq, |(s, _)| *s) {
            Ok(i) => i,
            Err(i) => {
                self.extras.insert(i, (seq, Box::default()));
                i
            }
        };
        self.extras.get_mut(i).map(|(_, e)| &mut **e)
    }

    /// How many held entries carry extras.
    pub fn extras_len(&self) -> usize {
        self.extras.len()
    }

    fn forget_evicted_extras(&mut self) {
        let first = self.first_seq();
        while self.extras.front().is_some_and(|(s, _)| *s < first) {
            self.extras.pop_front();
        }
    }

    /// Messages received since the page loaded (clearing the log does not reset it).
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Messages evicted because the log was full.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Messages held now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the log holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets every held message (the counters of received and dropped messages stay).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.extras.clear();
    }

    /// Sequence number of the oldest held entry (the next one to be given when empty).
    pub fn first_seq(&self) -> u64 {
        self.entries.front().map_or(self.next_seq, |e| e.seq)
    }

    /// Sequence number the next pushed entry will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The entry with sequence number `seq`, if still held.
    pub fn get(&self, seq: u64) -> Option<&LogEntry> {
        // Sequence numbers are contiguous inside the ring, so the position is a subtraction;
        // `clear` empties the ring, keeping that true.
        let first = self.entries.front()?.seq;
        let index = usize::try_from(seq.checked_sub(first)?).ok()?;
        self.entries.get(index)
    }

    /// Held entries from `seq` on, oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &LogEntry> {
        let skip = usize::try_from(seq.saturating_sub(self.first_seq())).unwrap_or(usize::MAX);
        self.entries.iter_from(skip)
    }

    /// Every held entry, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter()
    }

    /// The most messages held at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Changes how many messages are held (at least one); shrinking evicts the oldest and
    /// counts them as dropped.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        while self.entries.len() > self.capacity {
            self.entries.pop_front();
            self.dropped += 1;
        }
        self.forget_evicted_extras();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::PublishProperties;
    use bytes::Bytes;

    fn push(log: &mut MessageLog, dir: Direction, topic: &str) -> u64 {
        let payload = Bytes::from_static(b"x");
        log.push(LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction: dir,
            topic: topic.into(),
            payload,
            qos: 0,
            retain: false,
            dup: false,
        })
    }

    #[test]
    fn evicts_oldest_and_counts_drops() {
        let mut log = MessageLog::with_capacity(2);
        push(&mut log, Direction::In, "a");
        push(&mut log, Direction::Out, "b");
        push(&mut log, Direction::In, "c");
        assert_eq!(log.len(), 2);
        assert_eq!(log.dropped(), 1);
        assert_eq!(log.received(), 2);
        let topics: Vec<&str> = log.iter().map(|e| e.topic.as_str()).collect();
        assert_eq!(topics, ["b", "c"]);
    }

    #[test]
    fn entries_are_found_by_sequence_number_after_eviction_and_clear() {
        let mut log = MessageLog::with_capacity(3);
        for t in ["a", "b", "c", "d", "e"] {
            push(&mut log, Direction::In, t);
        }
        assert_eq!(log.first_seq(), 2);
        assert_eq!(log.get(1), None);
        assert_eq!(log.get(3).map(|e| e.topic.as_str()), Some("d"));
        assert_eq!(log.get(5), None);
        let tail: Vec<&str> = log.since(3).map(|e| e.topic.as_str()).collect();
        assert_eq!(tail, ["d", "e"]);
        assert_eq!(log.since(0).count(), 3);
        log.clear();
        assert_eq!(log.first_seq(), 5);
        push(&mut log, Direction::In, "f");
        assert_eq!(log.get(5).map(|e| e.topic.as_str()), Some("f"));
    }

    #[test]
    fn shrinking_the_capacity_evicts_and_counts() {
        let mut log = MessageLog::with_capacity(5);
        for t in ["a", "b", "c", "d"] {
            push(&mut log, Direction::In, t);
        }
        log.set_capacity(2);
        assert_eq!(log.dropped(), 2);
        assert_eq!(log.first_seq(), 2);
        log.set_capacity(0);
        assert_eq!(log.capacity(), 1);
        assert_eq!(log.len(), 1);
    }

    fn props(content_type: &str) -> PublishProperties {
        PublishProperties {
            content_type: Some(content_type.into()),
            ..PublishProperties::default()
        }
    }

    fn logged(topic: &str, p: PublishProperties) -> Logged {
        Logged::new(
            LogEntry {
                seq: 0,
                time_ms: 0.0,
                direction: Direction::In,
                topic: topic.into(),
                payload: Bytes::new(),
                qos: 0,
                retain: false,
                dup: false,
            },
            p,
            None,
        )
    }

    #[test]
    fn properties_live_beside_the_entries_that_have_them() {
        let mut log = MessageLog::with_capacity(3);
        let a = log.push_logged(logged("a", props("x/a")));
        let b = log.push_logged(logged("b", PublishProperties::default()));
        let c = log.push_logged(logged("c", props("x/c")));
        assert_eq!(
            log.extras_len(),
            2,
            "no side entry for a message without any"
        );
        assert_eq!(
            log.extras(a)
                .and_then(|e| e.properties.content_type.as_deref()),
            Some("x/a")
        );
        assert_eq!(log.extras(b), None);
        // A later acknowledgement makes a side entry for a message that had none.
        log.extras_mut(b).expect("held").reply_to = None;
        assert_eq!(log.extras_len(), 3);
        assert!(log.extras(b).is_some());
        // Eviction takes the extras along.
        push(&mut log, Direction::In, "d");
        push(&mut log, Direction::In, "e");
        assert_eq!(log.extras_len(), 1);
        assert!(log.extras(c).is_some());
        assert!(log.extras_mut(a).is_none(), "gone entries get no extras");
        log.set_capacity(1);
        assert_eq!(log.extras_len(), 0);
        let d = log.push_logged(logged("f", props("x/f")));
        log.clear();
        assert_eq!(log.extras(d), None);
        assert_eq!(log.extras_len(), 0);
    }

    #[test]
    fn clear_keeps_counters_and_sequence() {
        let mut log = MessageLog::default();
        push(&mut log, Direction::In, "a");
        log.clear();
        assert!(log.is_empty());
        assert_eq!(log.received(), 1);
        assert_eq!(push(&mut log, Direction::In, "b"), 1);
    }
}
