//! What the log panel shows: a filter over the message log, kept up to date incrementally so
//! that a million held messages are scanned once per filter change, not once per frame.

use std::collections::VecDeque;

use super::log::{Extras, LogEntry, MessageLog};
use super::message_props::contains_lowercase;
use crate::mqtt::topic_matches;

/// The log panel's filter: an MQTT topic filter and a free-text search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Empty = every topic; with `+`/`#` an MQTT filter, otherwise a topic substring.
    pub topic: String,
    /// Empty = everything; else a case-insensitive substring of the topic, the payload text or
    /// an MQTT 5 property (value, or a user property's name).
    pub text: String,
    /// Filters of muted subscriptions: a topic one of them matches is hidden…
    pub muted: Vec<String>,
    /// …unless one of these (the unmuted subscriptions) matches it too.
    pub unmuted: Vec<String>,
}

impl LogFilter {
    /// Whether nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        self.topic.is_empty() && self.text.is_empty() && self.muted.is_empty()
    }

    /// Whether `entry` passes, looking at its properties too when it has any in `log`, and
    /// at the payload's decoded form (`decoded` gives it for a topic with a decoder).
    pub fn keeps_decoded(&self, entry: &LogEntry, log: &MessageLog, decoded: &Decoded) -> bool {
        self.keeps_with(entry, || log.extras(entry.seq), decoded)
    }

    /// Whether `entry` passes, its properties aside.
    pub fn keeps(&self, entry: &LogEntry) -> bool {
        self.keeps_with(entry, || None, &|_| None)
    }

    fn keeps_with<'a>(
        &self,
        entry: &LogEntry,
        extras: impl FnOnce() -> Option<&'a Extras>,
        decoded: &Decoded,
    ) -> bool {
        let topic_ok = if self.topic.is_empty() {
            true
        } else if self.topic.contains(['+', '#']) {
            topic_matches(&self.topic, &entry.topic)
        } else {
            entry.topic.contains(self.topic.as_str())
        };
        let muted = self.muted.iter().any(|f| topic_matches(f, &entry.topic))
            && !self.unmuted.iter().any(|f| topic_matches(f, &entry.topic));
        topic_ok
            && !muted
            && (self.text.is_empty() || contains_ignoring_case(entry, extras, decoded, &self.text))
    }
}

/// A payload's decoded text, for the search; `None` for a topic without a decoder.
pub type Decoded = dyn Fn(&LogEntry) -> Option<String>;

fn contains_ignoring_case<'a>(
    entry: &LogEntry,
    extras: impl FnOnce() -> Option<&'a Extras>,
    decoded: &Decoded,
    needle: &str,
) -> bool {
    let needle = needle.to_lowercase();
    if entry.topic.to_lowercase().contains(&needle) {
        return true;
    }
    // Payloads that are not UTF-8 are searched as lossy text: a binary payload rarely contains
    // what a person types, and copying it into hex for the search would cost more than it finds.
    String::from_utf8_lossy(&entry.payload)
        .to_lowercase()
        .contains(&needle)
        || extras().is_some_and(|x| contains_lowercase(&x.properties, &needle))
        || decoded(entry).is_some_and(|text| text.to_lowercase().contains(&needle))
}

/// The sequence numbers the panel lists, oldest first.
#[derive(Clone, Debug, Default)]
pub struct LogView {
    filter: LogFilter,
    /// `None` while the filter is empty: then every held entry is listed and nothing is copied.
    /// A deque, so that forgetting evicted entries at the front costs what was evicted, not a
    /// move of every match (a million of them at every frame under a steady stream).
    matches: Option<VecDeque<u64>>,
    /// Next sequence number not yet considered.
    scanned: u64,
}

impl LogView {
    /// The current filter.
    pub fn filter(&self) -> &LogFilter {
        &self.filter
    }

    /// Replaces the filter and rescans every held entry.
    pub fn set_filter(&mut self, filter: LogFilter, log: &MessageLog) {
        self.set_filter_decoded(filter, log, &|_| None);
    }

    /// [`LogView::set_filter`], the search also looking at payloads' decoded forms.
    pub fn set_filter_decoded(&mut self, filter: LogFilter, log: &MessageLog, decoded: &Decoded) {
        self.filter = filter;
        self.matches = None;
        self.scanned = log.first_seq();
        self.catch_up_decoded(log, decoded);
    }

    /// Considers entries pushed since the last call, and forgets evicted ones.
    pub fn catch_up(&mut self, log: &MessageLog) {
        self.catch_up_decoded(log, &|_| None);
    }

    /// [`LogView::catch_up`], the search also looking at payloads' decoded forms.
    pub fn catch_up_decoded(&mut self, log: &MessageLog, decoded: &Decoded) {
        if self.filter.is_empty() {
            self.matches = None;
        } else {
            let matches = self.matches.get_or_insert_with(VecDeque::new);
            let start = self.scanned.max(log.first_seq());
            matches.extend(
                log.since(start)
                    .filter(|e| self.filter.keeps_decoded(e, log, decoded))
                    .map(|e| e.seq),
            );
            let first = log.first_seq();
            let evicted = matches.partition_point(|&s| s < first);
            if evicted > 0 {
                matches.drain(..evicted);
            }
        }
        self.scanned = log.next_seq();
    }

    /// How many entries are listed.
    pub fn len(&self, log: &MessageLog) -> usize {
        match &self.matches {
            Some(m) => m.len(),
            None => log.len(),
        }
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self, log: &MessageLog) -> bool {
        self.len(log) == 0
    }

    /// The sequence number of the `index`-th listed entry.
    pub fn seq_at(&self, index: usize, log: &MessageLog) -> Option<u64> {
        match &self.matches {
            Some(m) => m.get(index).copied(),
            None => (index < log.len()).then(|| log.first_seq() + index as u64),
        }
    }

    /// Listed entries in `range` of positions, clamped to what exists.
    pub fn slice<'a>(
        &self,
        range: std::ops::Range<usize>,
        log: &'a MessageLog,
    ) -> Vec<&'a LogEntry> {
        let end = range.end.min(self.len(log));
        (range.start.min(end)..end)
            .filter_map(|i| self.seq_at(i, log).and_then(|s| log.get(s)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_finds_words_only_a_decoder_shows() {
        let mut log = MessageLog::with_capacity(10);
        for (topic, payload) in [
            ("bin/a", &[0xa1u8, 0x61, 0x61, 0x01][..]),
            ("bin/b", &[0x01][..]),
        ] {
            log.push(LogEntry {
                seq: 0,
                time_ms: 0.0,
                direction: crate::model::log::Direction::In,
                topic: topic.into(),
                payload: bytes::Bytes::copy_from_slice(payload),
                qos: 0,
                retain: false,
                dup: false,
            });
        }
        let decoded =
            |e: &LogEntry| (e.topic == "bin/a").then(|| "{\"Temperature\": 1}".to_owned());
        let mut view = LogView::default();
        let filter = LogFilter {
            text: "temperature".into(),
            ..LogFilter::default()
        };
        view.set_filter(filter.clone(), &log);
        assert_eq!(view.len(&log), 0, "the raw bytes do not hold the word");
        view.set_filter_decoded(filter, &log, &decoded);
        assert_eq!(view.len(&log), 1);
        assert_eq!(view.seq_at(0, &log), Some(0));
    }
    use crate::model::log::Direction;
    use bytes::Bytes;

    fn push(log: &mut MessageLog, topic: &str, payload: &str) {
        log.push(LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction: Direction::In,
            topic: topic.into(),
            payload: Bytes::copy_from_slice(payload.as_bytes()),
            qos: 0,
            retain: false,
            dup: false,
        });
    }

    fn topics(view: &LogView, log: &MessageLog) -> Vec<String> {
        view.slice(0..usize::MAX, log)
            .into_iter()
            .map(|e| e.topic.clone())
            .collect()
    }

    #[test]
    fn topic_filters_use_mqtt_wildcards_or_substrings() {
        let f = LogFilter {
            topic: "a/+/c".into(),
            ..LogFilter::default()
        };
        let mut log = MessageLog::default();
        push(&mut log, "a/b/c", "");
        push(&mut log, "a/b/c/d", "");
        push(&mut log, "x/a/b/c", "");
        let mut view = LogView::default();
        view.set_filter(f, &log);
        assert_eq!(topics(&view, &log), ["a/b/c"]);
        view.set_filter(
            LogFilter {
                topic: "b/c".into(),
                ..LogFilter::default()
            },
            &log,
        );
        assert_eq!(topics(&view, &log), ["a/b/c", "a/b/c/d", "x/a/b/c"]);
    }

    #[test]
    fn text_search_ignores_case_over_topic_and_payload() {
        let mut log = MessageLog::default();
        push(&mut log, "t/1", "Temperature 21");
        push(&mut log, "TEMP/2", "x");
        push(&mut log, "t/3", "humidity");
        let mut view = LogView::default();
        view.set_filter(
            LogFilter {
                text: "temp".into(),
                ..LogFilter::default()
            },
            &log,
        );
        assert_eq!(topics(&view, &log), ["t/1", "TEMP/2"]);
    }

    #[test]
    fn text_search_finds_mqtt5_properties() {
        use crate::model::log::Logged;
        use crate::mqtt::{PublishProperties, UserProperty};
        let mut log = MessageLog::default();
        push(&mut log, "t/1", "plain");
        let entry = LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction: Direction::In,
            topic: "t/2".into(),
            payload: Bytes::from_static(b"x"),
            qos: 0,
            retain: false,
            dup: false,
        };
        let props = PublishProperties {
            user_properties: vec![UserProperty::new("Trace-Id", "abc")],
            content_type: Some("application/cbor".into()),
            ..PublishProperties::default()
        };
        log.push_logged(Logged::new(entry, props, None));
        let mut view = LogView::default();
        for needle in ["trace-id", "ABC", "cbor"] {
            view.set_filter(
                LogFilter {
                    text: needle.into(),
                    ..LogFilter::default()
                },
                &log,
            );
            assert_eq!(topics(&view, &log), ["t/2"], "{needle}");
        }
    }

    #[test]
    fn muted_subscriptions_hide_only_what_no_unmuted_one_shows() {
        let mut log = MessageLog::default();
        for t in ["a/1", "b/1", "a/b"] {
            push(&mut log, t, "");
        }
        let mut view = LogView::default();
        let muted = vec!["a/+".to_string()];
        view.set_filter(
            LogFilter {
                muted: muted.clone(),
                ..LogFilter::default()
            },
            &log,
        );
        assert_eq!(topics(&view, &log), ["b/1"]);
        view.set_filter(
            LogFilter {
                muted,
                unmuted: vec!["+/b".into()],
                ..LogFilter::default()
            },
            &log,
        );
        assert_eq!(topics(&view, &log), ["b/1", "a/b"]);
    }

    #[test]
    fn new_and_evicted_entries_are_followed_incrementally() {
        let mut log = MessageLog::with_capacity(3);
        let mut view = LogView::default();
        view.set_filter(
            LogFilter {
                topic: "keep/#".into(),
                ..LogFilter::default()
            },
            &log,
        );
        for t in ["keep/1", "drop/1", "keep/2"] {
            push(&mut log, t, "");
        }
        view.catch_up(&log);
        assert_eq!(topics(&view, &log), ["keep/1", "keep/2"]);
        push(&mut log, "keep/3", "");
        push(&mut log, "drop/2", "");
        view.catch_up(&log);
        assert_eq!(topics(&view, &log), ["keep/2", "keep/3"]);
        assert_eq!(view.len(&log), 2);
    }

    #[test]
    fn an_empty_filter_lists_the_ring_without_copying() {
        let mut log = MessageLog::with_capacity(2);
        let mut view = LogView::default();
        for t in ["a", "b", "c"] {
            push(&mut log, t, "");
        }
        view.catch_up(&log);
        assert_eq!(view.len(&log), 2);
        assert_eq!(view.seq_at(0, &log), Some(1));
        assert_eq!(view.seq_at(2, &log), None);
        assert_eq!(topics(&view, &log), ["b", "c"]);
        assert_eq!(view.slice(1..10, &log).len(), 1);
    }
}
