//! The message log: a bounded store of everything sent and received.
//!
//! Payloads stay as bytes until a view renders them; the store counts what it had to drop so the
//! UI can say so instead of silently losing history.

use std::collections::VecDeque;

use bytes::Bytes;

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Received from the broker.
    In,
    /// Published by this console.
    Out,
}

impl Direction {
    /// The `data-direction` value of the UI contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// One logged message.
#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    /// Position in the log since the page loaded; unique, increasing, a stable key for views.
    pub seq: u64,
    /// Wall-clock time in Unix milliseconds.
    pub time_ms: f64,
    /// Sent or received.
    pub direction: Direction,
    /// The topic as it travelled.
    pub topic: String,
    /// The payload exactly as it travelled.
    pub payload: Bytes,
    /// 0, 1 or 2.
    pub qos: u8,
    /// The retain flag.
    pub retain: bool,
    /// The DUP flag: the broker says this may be a repeat.
    pub dup: bool,
}

/// Default number of messages the log keeps.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// A ring of the newest `capacity` messages.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageLog {
    entries: VecDeque<LogEntry>,
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
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            next_seq: 0,
            received: 0,
            dropped: 0,
        }
    }

    /// Appends a message, evicting the oldest one when full; returns the sequence number it
    /// was given (the `seq` passed in is ignored).
    pub fn push(&mut self, mut entry: LogEntry) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        entry.seq = seq;
        if entry.direction == Direction::In {
            self.received += 1;
        }
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
            self.dropped += 1;
        }
        self.entries.push_back(entry);
        seq
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
    }

    /// The newest `limit` entries that pass `keep`, oldest first.
    pub fn newest_matching(&self, limit: usize, keep: impl Fn(&LogEntry) -> bool) -> Vec<LogEntry> {
        let mut out: Vec<LogEntry> = self
            .entries
            .iter()
            .rev()
            .filter(|e| keep(e))
            .take(limit)
            .cloned()
            .collect();
        out.reverse();
        out
    }
}

/// Text for showing a payload: UTF-8 as is, anything else as hex so no byte is hidden.
pub fn payload_text(payload: &[u8]) -> String {
    match std::str::from_utf8(payload) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let hex: Vec<String> = payload.iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{}", hex.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let topics: Vec<String> = log
            .newest_matching(10, |_| true)
            .into_iter()
            .map(|e| e.topic)
            .collect();
        assert_eq!(topics, ["b", "c"]);
    }

    #[test]
    fn newest_matching_keeps_order_and_limit() {
        let mut log = MessageLog::default();
        for t in ["a/1", "b/1", "a/2", "a/3"] {
            push(&mut log, Direction::In, t);
        }
        let got: Vec<String> = log
            .newest_matching(2, |e| e.topic.starts_with('a'))
            .into_iter()
            .map(|e| e.topic)
            .collect();
        assert_eq!(got, ["a/2", "a/3"]);
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

    #[test]
    fn binary_payload_is_shown_as_hex() {
        assert_eq!(payload_text(b"hi"), "hi");
        assert_eq!(payload_text(&[0xff, 0x00]), "0xff 00");
    }
}
