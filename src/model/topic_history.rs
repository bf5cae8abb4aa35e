//! The last messages of each topic, for the topic tree's detail: the list of recent payloads,
//! the diff of the newest against the one before ([`TopicHistory::previous_two`]) and a
//! sparkline of numeric payloads ([`TopicHistory::sparkline`]).
//!
//! Design choices:
//!
//! - **Per topic**, a window of the last `per_topic` messages ([`DEFAULT_PER_TOPIC`], at most
//!   [`MAX_PER_TOPIC`]); the oldest leaves when a new one arrives. That is the window doing its
//!   job, counted in [`Evictions::aged_out`] but not a loss of data the user was promised.
//! - **Overall**, two bounds, because a broker can publish on millions of topics and payloads
//!   can be megabytes: at most `max_topics` topics ([`DEFAULT_MAX_TOPICS`]) and at most
//!   `max_bytes` payload bytes ([`DEFAULT_MAX_BYTES`]). A new topic past the topic bound evicts
//!   the least recently updated topic whole; past the byte budget, the oldest messages of the
//!   least recently updated topics go first, topic by topic, so busy topics keep their history.
//!   A payload larger than the whole budget is not kept ([`Evictions::oversized`]).
//! - **Bytes** counted are payload lengths only: payloads are `Bytes` that usually share their
//!   buffer with the message log, and what matters is the size this history keeps alive.
//! - **Least recently updated** is an update counter per topic, with a `BTreeMap` from counter to
//!   topic as the eviction queue, so each eviction is `O(log n)`.
//! - The **sparkline** takes the number out of each payload through a closure (the app decodes
//!   the payload and picks a field); [`plain_number`] is the default for plain numeric payloads.
//!   Points are spaced by index, not by time, which keeps bursts readable.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;

use bytes::Bytes;

/// Messages kept per topic unless configured otherwise.
pub const DEFAULT_PER_TOPIC: usize = 50;

/// The largest per-topic window that can be configured.
pub const MAX_PER_TOPIC: usize = 1_000;

/// Topics tracked at most unless configured otherwise.
pub const DEFAULT_MAX_TOPICS: usize = 10_000;

/// Payload bytes kept at most unless configured otherwise (16 MiB).
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;

/// One recorded message.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// When it arrived, in milliseconds (the app's clock).
    pub time_ms: f64,
    /// Its payload.
    pub payload: Bytes,
}

/// The bounds of a [`TopicHistory`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryLimits {
    /// Messages per topic, `1..=MAX_PER_TOPIC`.
    pub per_topic: usize,
    /// Topics tracked, at least 1.
    pub max_topics: usize,
    /// Payload bytes kept over all topics.
    pub max_bytes: usize,
}

impl Default for HistoryLimits {
    fn default() -> Self {
        HistoryLimits {
            per_topic: DEFAULT_PER_TOPIC,
            max_topics: DEFAULT_MAX_TOPICS,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl HistoryLimits {
    /// The limits brought into range: `per_topic` into `1..=MAX_PER_TOPIC`, `max_topics` at
    /// least 1.
    pub fn clamped(self) -> Self {
        HistoryLimits {
            per_topic: self.per_topic.clamp(1, MAX_PER_TOPIC),
            max_topics: self.max_topics.max(1),
            max_bytes: self.max_bytes,
        }
    }
}

/// What the bounds have removed so far (saturating counters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evictions {
    /// Messages that left a topic's window because newer ones arrived on that topic.
    pub aged_out: u64,
    /// Topics dropped whole to make room for a new topic.
    pub topics: u64,
    /// Messages dropped with those topics.
    pub topic_messages: u64,
    /// Messages dropped to stay within the byte budget.
    pub budget_messages: u64,
    /// Payloads not kept because each alone was larger than the byte budget.
    pub oversized: u64,
}

#[derive(Clone, Debug, PartialEq)]
struct Track {
    samples: VecDeque<Sample>,
    /// The update counter of the last record on this topic (its key in `by_update`).
    updated: u64,
}

/// The last messages of each topic, bounded per topic, in topics and in bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicHistory {
    limits: HistoryLimits,
    tracks: HashMap<String, Track>,
    /// Update counter to topic, least recently updated first.
    by_update: BTreeMap<u64, String>,
    next_update: u64,
    bytes: usize,
    evictions: Evictions,
}

impl Default for TopicHistory {
    fn default() -> Self {
        TopicHistory::new(HistoryLimits::default())
    }
}

/// Holds no sample; lends an empty iterator for unknown topics.
static NO_SAMPLES: VecDeque<Sample> = VecDeque::new();

impl TopicHistory {
    /// An empty history with these limits (clamped, see [`HistoryLimits::clamped`]).
    pub fn new(limits: HistoryLimits) -> Self {
        TopicHistory {
            limits: limits.clamped(),
            tracks: HashMap::new(),
            by_update: BTreeMap::new(),
            next_update: 0,
            bytes: 0,
            evictions: Evictions::default(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> HistoryLimits {
        self.limits
    }

    /// Changes the limits (clamped); what no longer fits is evicted at once and counted like a
    /// record would: older messages past the window as aged out, least recently updated topics
    /// past the topic bound, oldest messages past the byte budget.
    pub fn set_limits(&mut self, limits: HistoryLimits) {
        self.limits = limits.clamped();
        let per_topic = self.limits.per_topic;
        let mut dropped_bytes = 0;
        let mut aged = 0u64;
        for track in self.tracks.values_mut() {
            while track.samples.len() > per_topic {
                if let Some(s) = track.samples.pop_front() {
                    dropped_bytes += s.payload.len();
                    aged += 1;
                }
            }
        }
        self.bytes -= dropped_bytes;
        self.evictions.aged_out = self.evictions.aged_out.saturating_add(aged);
        while self.tracks.len() > self.limits.max_topics {
            if !self.evict_topic() {
                break;
            }
        }
        self.enforce_budget();
    }

    /// Records a message on `topic`, then applies the bounds.
    pub fn record(&mut self, topic: &str, time_ms: f64, payload: Bytes) {
        let size = payload.len();
        if size > self.limits.max_bytes {
            self.evictions.oversized = self.evictions.oversized.saturating_add(1);
            return;
        }
        let update = self.next_update;
        self.next_update += 1;
        if let Some(track) = self.tracks.get_mut(topic) {
            self.by_update.remove(&track.updated);
            track.updated = update;
        } else {
            while self.tracks.len() >= self.limits.max_topics {
                if !self.evict_topic() {
                    break;
                }
            }
            self.tracks.insert(
                topic.to_owned(),
                Track {
                    samples: VecDeque::new(),
                    updated: update,
                },
            );
        }
        self.by_update.insert(update, topic.to_owned());
        let per_topic = self.limits.per_topic;
        let mut aged_bytes = 0;
        let mut aged = 0u64;
        if let Some(track) = self.tracks.get_mut(topic) {
            track.samples.push_back(Sample { time_ms, payload });
            while track.samples.len() > per_topic {
                if let Some(old) = track.samples.pop_front() {
                    aged_bytes += old.payload.len();
                    aged += 1;
                }
            }
        }
        self.bytes = self.bytes + size - aged_bytes;
        self.evictions.aged_out = self.evictions.aged_out.saturating_add(aged);
        self.enforce_budget();
    }

    /// Drops the least recently updated topic; false if there is none.
    fn evict_topic(&mut self) -> bool {
        let Some((_, topic)) = self.by_update.pop_first() else {
            return false;
        };
        if let Some(track) = self.tracks.remove(&topic) {
            let bytes: usize = track.samples.iter().map(|s| s.payload.len()).sum();
            self.bytes -= bytes;
            self.evictions.topics = self.evictions.topics.saturating_add(1);
            self.evictions.topic_messages = self
                .evictions
                .topic_messages
                .saturating_add(track.samples.len() as u64);
        }
        true
    }

    /// Drops the oldest messages of the least recently updated topics until the payloads fit
    /// the budget. The newest message of the newest topic always fits (larger ones are refused
    /// by `record`), so this never empties the topic just recorded.
    fn enforce_budget(&mut self) {
        while self.bytes > self.limits.max_bytes {
            let Some((&update, topic)) = self.by_update.first_key_value() else {
                break;
            };
            let Some(track) = self.tracks.get_mut(topic) else {
                self.by_update.remove(&update);
                continue;
            };
            if let Some(old) = track.samples.pop_front() {
                self.bytes -= old.payload.len();
                self.evictions.budget_messages = self.evictions.budget_messages.saturating_add(1);
            }
            if track.samples.is_empty() {
                let topic = topic.clone();
                self.tracks.remove(&topic);
                self.by_update.remove(&update);
            }
        }
    }

    /// The messages kept for `topic`, oldest first, newest last (none for an unknown topic).
    pub fn values(&self, topic: &str) -> std::collections::vec_deque::Iter<'_, Sample> {
        match self.tracks.get(topic) {
            Some(track) => track.samples.iter(),
            None => NO_SAMPLES.iter(),
        }
    }

    /// How many messages are kept for `topic`.
    pub fn len_of(&self, topic: &str) -> usize {
        self.tracks.get(topic).map_or(0, |t| t.samples.len())
    }

    /// The newest message of `topic`.
    pub fn last(&self, topic: &str) -> Option<&Sample> {
        self.tracks.get(topic).and_then(|t| t.samples.back())
    }

    /// The two newest messages of `topic` as `(previous, newest)`, for the diff; `None` until the
    /// topic has two.
    pub fn previous_two(&self, topic: &str) -> Option<(&Sample, &Sample)> {
        let samples = &self.tracks.get(topic)?.samples;
        let n = samples.len();
        if n < 2 {
            return None;
        }
        Some((samples.get(n - 2)?, samples.get(n - 1)?))
    }

    /// Topics tracked.
    pub fn topic_count(&self) -> usize {
        self.tracks.len()
    }

    /// Payload bytes kept over all topics.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// What the bounds have removed so far.
    pub fn evictions(&self) -> Evictions {
        self.evictions
    }

    /// Forgets one topic's messages (not counted as an eviction).
    pub fn remove(&mut self, topic: &str) {
        if let Some(track) = self.tracks.remove(topic) {
            self.by_update.remove(&track.updated);
            self.bytes -= track.samples.iter().map(|s| s.payload.len()).sum::<usize>();
        }
    }

    /// Forgets every message and resets the eviction counters; the limits stay.
    pub fn clear(&mut self) {
        *self = TopicHistory::new(self.limits);
    }

    /// A sparkline of `topic`'s numeric messages: `number_of` takes the number out of a payload
    /// (`None` for a message that has none, e.g. [`plain_number`]). Messages without a finite
    /// number are skipped; `None` unless at least two have one.
    pub fn sparkline(
        &self,
        topic: &str,
        number_of: impl Fn(&[u8]) -> Option<f64>,
    ) -> Option<Sparkline> {
        let mut skipped = 0;
        let values: Vec<f64> = self
            .values(topic)
            .filter_map(|s| {
                let v = number_of(&s.payload).filter(|v| v.is_finite());
                if v.is_none() {
                    skipped += 1;
                }
                v
            })
            .collect();
        let mut line = Sparkline::from_values(&values)?;
        line.skipped = skipped;
        Some(line)
    }
}

/// The number in a payload whose trimmed UTF-8 text is a plain finite number: `21.5`, `-3`,
/// `1e3`, `+4`, `.5` (which also covers a JSON payload that is a top-level number). Anything
/// else, including `NaN`, `inf` and numbers too large for `f64`, is `None`.
pub fn plain_number(payload: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(payload).ok()?.trim();
    if text.is_empty()
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A small line chart of a topic's numeric values, laid out in the unit square.
#[derive(Clone, Debug, PartialEq)]
pub struct Sparkline {
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// The newest value.
    pub last: f64,
    /// One point per value, oldest first: `x` in `[0, 1]` by index (first 0, last 1), `y` in
    /// `[0, 1]` by value (min 0, max 1; 0.5 for all when every value is equal). `y` grows
    /// upwards; [`Sparkline::svg_points`] flips it for SVG.
    pub points: Vec<(f64, f64)>,
    /// Messages skipped because they held no number.
    pub skipped: usize,
}

impl Sparkline {
    /// The sparkline of these values, oldest first; `None` for fewer than two values or any
    /// value that is not finite.
    pub fn from_values(values: &[f64]) -> Option<Sparkline> {
        if values.len() < 2 || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let last = *values.last()?;
        let span = max - min;
        let steps = (values.len() - 1) as f64;
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let y = if span > 0.0 && span.is_finite() {
                    ((v - min) / span).clamp(0.0, 1.0)
                } else if span > 0.0 {
                    // min and max a finite range apart whose difference overflows f64.
                    ((v / 2.0 - min / 2.0) / (max / 2.0 - min / 2.0)).clamp(0.0, 1.0)
                } else {
                    0.5
                };
                (i as f64 / steps, y)
            })
            .collect();
        Some(Sparkline {
            min,
            max,
            last,
            points,
            skipped: 0,
        })
    }

    /// The `points` attribute of an SVG `<polyline>` drawing this line in a `width`×`height`
    /// box: `x,y` pairs separated by spaces, SVG `y` pointing down (the maximum at 0), each
    /// number with at most two decimals and no trailing zeros (`0,12 3.5,10`).
    pub fn svg_points(&self, width: f64, height: f64) -> String {
        let mut out = String::new();
        for (i, (x, y)) in self.points.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let _ = write!(
                out,
                "{},{}",
                short_number(x * width),
                short_number((1.0 - y) * height)
            );
        }
        out
    }
}

/// A number with at most two decimals, trailing zeros and a lone `-0` removed.
fn short_number(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut text = format!("{v:.2}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" {
        text = "0".to_owned();
    }
    text
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn b(text: &str) -> Bytes {
        Bytes::copy_from_slice(text.as_bytes())
    }

    fn payloads(h: &TopicHistory, topic: &str) -> Vec<String> {
        h.values(topic)
            .map(|s| String::from_utf8_lossy(&s.payload).into_owned())
            .collect()
    }

    fn limits(per_topic: usize, max_topics: usize, max_bytes: usize) -> HistoryLimits {
        HistoryLimits {
            per_topic,
            max_topics,
            max_bytes,
        }
    }

    #[test]
    fn keeps_the_last_n_per_topic_newest_last() {
        let mut h = TopicHistory::new(limits(3, 10, 1000));
        for i in 0..5 {
            h.record("t", i as f64, b(&i.to_string()));
        }
        h.record("u", 9.0, b("u"));
        assert_eq!(payloads(&h, "t"), ["2", "3", "4"]);
        assert_eq!(
            h.values("t").map(|s| s.time_ms).collect::<Vec<_>>(),
            [2.0, 3.0, 4.0]
        );
        assert_eq!(h.len_of("t"), 3);
        assert_eq!(h.evictions().aged_out, 2);
        assert_eq!(h.bytes(), 4);
        assert_eq!(h.topic_count(), 2);
        assert_eq!(h.values("nope").count(), 0);
        assert_eq!(h.last("t").map(|s| s.time_ms), Some(4.0));
    }

    #[test]
    fn default_limits() {
        let h = TopicHistory::default();
        assert_eq!(h.limits(), limits(50, 10_000, 16 * 1024 * 1024));
        let clamped = TopicHistory::new(limits(0, 0, 5)).limits();
        assert_eq!(clamped, limits(1, 1, 5));
        assert_eq!(limits(5000, 1, 1).clamped().per_topic, MAX_PER_TOPIC);
    }

    #[test]
    fn previous_two_for_the_diff() {
        let mut h = TopicHistory::default();
        assert_eq!(h.previous_two("t"), None);
        h.record("t", 1.0, b("a"));
        assert_eq!(h.previous_two("t"), None);
        h.record("t", 2.0, b("b"));
        h.record("t", 3.0, b("c"));
        let (prev, newest) = h.previous_two("t").unwrap();
        assert_eq!(
            (prev.payload.as_ref(), newest.payload.as_ref()),
            (&b"b"[..], &b"c"[..])
        );
        assert_eq!((prev.time_ms, newest.time_ms), (2.0, 3.0));
    }

    #[test]
    fn topic_bound_evicts_the_least_recently_updated_topic() {
        let mut h = TopicHistory::new(limits(10, 3, 1000));
        h.record("a", 0.0, b("1"));
        h.record("a", 0.0, b("2"));
        h.record("b", 0.0, b("1"));
        h.record("c", 0.0, b("1"));
        h.record("a", 0.0, b("3")); // a is now the most recently updated
        h.record("d", 0.0, b("1")); // evicts b
        assert_eq!(h.topic_count(), 3);
        assert_eq!(h.len_of("b"), 0);
        assert_eq!(payloads(&h, "a"), ["1", "2", "3"]);
        h.record("e", 0.0, b("1")); // evicts c
        assert_eq!(h.len_of("c"), 0);
        h.record("f", 0.0, b("1")); // evicts a with its three messages
        assert_eq!(h.len_of("a"), 0);
        let ev = h.evictions();
        assert_eq!((ev.topics, ev.topic_messages), (3, 5));
        assert_eq!(h.bytes(), 3);
    }

    #[test]
    fn byte_budget_drops_oldest_messages_of_least_recent_topics() {
        let mut h = TopicHistory::new(limits(10, 10, 10));
        h.record("a", 0.0, b("aaa"));
        h.record("a", 1.0, b("AAA"));
        h.record("b", 2.0, b("bb"));
        assert_eq!(h.bytes(), 8);
        // 8 + 4 = 12 > 10: the oldest message of a (least recently updated) goes.
        h.record("c", 3.0, b("cccc"));
        assert_eq!(payloads(&h, "a"), ["AAA"]);
        assert_eq!(h.bytes(), 9);
        assert_eq!(h.evictions().budget_messages, 1);
        // 9 + 5 = 14: a's last message goes (and a with it, 11), then b's (9).
        h.record("c", 4.0, b("55555"));
        assert_eq!(h.topic_count(), 1);
        assert_eq!(payloads(&h, "c"), ["cccc", "55555"]);
        assert_eq!(h.bytes(), 9);
        assert_eq!(h.evictions().budget_messages, 3);
        // The newest topic loses its own oldest when it alone is over.
        h.record("c", 5.0, b("666666"));
        assert_eq!(payloads(&h, "c"), ["666666"]);
        assert_eq!(h.bytes(), 6);
        assert_eq!(h.evictions().budget_messages, 5);
        assert_eq!(h.evictions().topics, 0);
    }

    #[test]
    fn a_payload_larger_than_the_budget_is_not_kept() {
        let mut h = TopicHistory::new(limits(10, 10, 4));
        h.record("a", 0.0, b("12"));
        h.record("a", 1.0, b("12345"));
        assert_eq!(payloads(&h, "a"), ["12"]);
        assert_eq!(h.evictions().oversized, 1);
        h.record("b", 1.0, b("1234"));
        assert_eq!(h.len_of("a"), 0);
        assert_eq!(h.bytes(), 4);
    }

    #[test]
    fn set_limits_trims_at_once() {
        let mut h = TopicHistory::new(limits(10, 10, 100));
        for t in ["a", "b", "c"] {
            for i in 0..4 {
                h.record(t, i as f64, b("xx"));
            }
        }
        assert_eq!(h.bytes(), 24);
        h.set_limits(limits(2, 2, 6));
        assert_eq!(h.len_of("a"), 0);
        assert_eq!(h.len_of("b"), 1);
        assert_eq!(h.len_of("c"), 2);
        assert_eq!(h.bytes(), 6);
        let ev = h.evictions();
        assert_eq!(
            (
                ev.aged_out,
                ev.topics,
                ev.topic_messages,
                ev.budget_messages
            ),
            (6, 1, 2, 1)
        );
    }

    #[test]
    fn remove_and_clear() {
        let mut h = TopicHistory::new(limits(5, 2, 100));
        h.record("a", 0.0, b("123"));
        h.record("b", 0.0, b("45"));
        h.remove("a");
        assert_eq!((h.topic_count(), h.bytes()), (1, 2));
        // a's slot is free again: c does not evict b.
        h.record("c", 0.0, b("6"));
        assert_eq!(h.len_of("b"), 1);
        assert_eq!(h.evictions().topics, 0);
        h.clear();
        assert_eq!((h.topic_count(), h.bytes()), (0, 0));
        assert_eq!(h.evictions(), Evictions::default());
        assert_eq!(h.limits(), limits(5, 2, 100));
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain_number(b"21.5"), Some(21.5));
        assert_eq!(plain_number(b" -3\n"), Some(-3.0));
        assert_eq!(plain_number(b"1e3"), Some(1000.0));
        assert_eq!(plain_number(b"0"), Some(0.0));
        for bad in [
            &b""[..],
            b"  ",
            b"NaN",
            b"inf",
            b"-infinity",
            b"1e999",
            b"12 ms",
            b"{\"t\":1}",
            b"\"1\"",
            b"0x10",
            b"\xff1",
            b"1.2.3",
        ] {
            assert_eq!(
                plain_number(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn sparkline_normalises_by_index_and_value() {
        let mut h = TopicHistory::default();
        for (i, v) in ["10", "20", "off", "15", "30"].iter().enumerate() {
            h.record("t", i as f64, b(v));
        }
        let s = h.sparkline("t", plain_number).unwrap();
        assert_eq!((s.min, s.max, s.last, s.skipped), (10.0, 30.0, 30.0, 1));
        assert_eq!(
            s.points,
            vec![(0.0, 0.0), (1.0 / 3.0, 0.5), (2.0 / 3.0, 0.25), (1.0, 1.0)]
        );
        assert_eq!(s.svg_points(60.0, 20.0), "0,20 20,10 40,15 60,0");
        assert_eq!(s.svg_points(100.0, 10.0), "0,10 33.33,5 66.67,7.5 100,0");
    }

    #[test]
    fn flat_sparkline_sits_in_the_middle() {
        let s = Sparkline::from_values(&[-2.5, -2.5, -2.5]).unwrap();
        assert_eq!((s.min, s.max, s.last), (-2.5, -2.5, -2.5));
        assert!(s.points.iter().all(|&(_, y)| y == 0.5));
        assert_eq!(s.svg_points(10.0, 7.0), "0,3.5 5,3.5 10,3.5");
    }

    #[test]
    fn sparkline_needs_two_numbers() {
        let mut h = TopicHistory::default();
        assert_eq!(h.sparkline("t", plain_number), None);
        h.record("t", 0.0, b("on"));
        h.record("t", 1.0, b("1"));
        h.record("t", 2.0, b("off"));
        assert_eq!(h.sparkline("t", plain_number), None);
        h.record("t", 3.0, b("2"));
        assert_eq!(h.sparkline("t", plain_number).map(|s| s.skipped), Some(2));
        // A closure that yields non-finite numbers counts them as skipped.
        assert_eq!(h.sparkline("t", |_| Some(f64::NAN)), None);
        assert_eq!(Sparkline::from_values(&[1.0, f64::INFINITY]), None);
        // A custom extractor, e.g. a JSON field.
        let custom = h.sparkline("t", |p| Some(p.len() as f64)).unwrap();
        assert_eq!((custom.min, custom.max, custom.last), (1.0, 3.0, 1.0));
    }

    #[test]
    fn sparkline_of_extreme_values_stays_in_the_unit_square() {
        let s = Sparkline::from_values(&[-f64::MAX, f64::MAX, 0.0]).unwrap();
        assert_eq!(s.points[0].1, 0.0);
        assert_eq!(s.points[1].1, 1.0);
        assert_eq!(s.points[2].1, 0.5);
        assert_eq!(s.svg_points(2.0, 2.0), "0,2 1,0 2,1");
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(3.5), "3.5");
        assert_eq!(short_number(12.0), "12");
        assert_eq!(short_number(0.004), "0");
        assert_eq!(short_number(-0.001), "0");
        assert_eq!(short_number(1.005), "1"); // 1.005 is 1.00499… in binary
        assert_eq!(short_number(2.675), "2.67");
        assert_eq!(short_number(10.10), "10.1");
    }

    proptest::proptest! {
        #[test]
        fn bounds_always_hold(
            per_topic in 1usize..5,
            max_topics in 1usize..4,
            max_bytes in 0usize..20,
            records in proptest::collection::vec((0u8..6, 0usize..8), 0..60),
        ) {
            let mut h = TopicHistory::new(limits(per_topic, max_topics, max_bytes));
            let mut oversized = 0;
            for (i, (topic, size)) in records.iter().enumerate() {
                if *size > max_bytes {
                    oversized += 1;
                }
                h.record(&topic.to_string(), i as f64, Bytes::from(vec![b'x'; *size]));
                let held: usize = (0..6u8)
                    .map(|t| h.values(&t.to_string()).map(|s| s.payload.len()).sum::<usize>())
                    .sum();
                proptest::prop_assert_eq!(held, h.bytes());
                proptest::prop_assert!(h.bytes() <= max_bytes);
                proptest::prop_assert!(h.topic_count() <= max_topics);
                proptest::prop_assert!((0..6u8).all(|t| h.len_of(&t.to_string()) <= per_topic));
                // The message just recorded is kept unless it alone is over the budget.
                if *size <= max_bytes {
                    proptest::prop_assert_eq!(h.last(&topic.to_string()).map(|s| s.time_ms), Some(i as f64));
                }
            }
            // Every message recorded is either held or counted as gone.
            let ev = h.evictions();
            let held: usize = (0..6u8).map(|t| h.len_of(&t.to_string())).sum();
            proptest::prop_assert_eq!(
                held as u64 + ev.aged_out + ev.topic_messages + ev.budget_messages + ev.oversized,
                records.len() as u64
            );
            proptest::prop_assert_eq!(ev.oversized, oversized);
        }
    }
}
