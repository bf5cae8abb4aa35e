//! What a recording holds, decided on the message log, which already keeps every message: a
//! range of sequence numbers, received messages only, optionally one topic filter.

use std::ops::Range;

use super::file::RecordingHeader;
use crate::model::log::{Direction, LogEntry};
use crate::mqtt::{check_filter, topic_matches, MqttError};

/// The recording's topic filter breaks the MQTT rules; the core's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError(pub MqttError);

/// A recording in progress or stopped: which log entries belong to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorder {
    first_seq: u64,
    /// The first sequence number after the recording, once stopped.
    stop_seq: Option<u64>,
    started_ms: f64,
    filter: Option<String>,
}

impl Recorder {
    /// Call when the user starts recording, with the log's `next_seq()`, the wall-clock time
    /// and the topic filter typed (`None` or empty: every received message). A filter that is
    /// not a valid MQTT topic filter is refused.
    pub fn start(
        first_seq: u64,
        started_ms: f64,
        filter: Option<String>,
    ) -> Result<Recorder, FilterError> {
        let filter = filter.filter(|f| !f.is_empty());
        if let Some(f) = &filter {
            check_filter(f).map_err(FilterError)?;
        }
        Ok(Recorder {
            first_seq,
            stop_seq: None,
            started_ms,
            filter,
        })
    }

    /// Call when the user stops recording, with the log's `next_seq()`: later entries are not
    /// part of it. Stopping again changes nothing.
    pub fn stop(&mut self, next_seq: u64) {
        if self.stop_seq.is_none() {
            self.stop_seq = Some(next_seq.max(self.first_seq));
        }
    }

    /// Whether messages arriving now still belong to the recording.
    pub fn is_recording(&self) -> bool {
        self.stop_seq.is_none()
    }

    /// Whether this log entry belongs to the recording: received, logged between start and
    /// stop, on a topic the filter matches.
    pub fn wants(&self, entry: &LogEntry) -> bool {
        entry.direction == Direction::In
            && entry.seq >= self.first_seq
            && self.stop_seq.is_none_or(|stop| entry.seq < stop)
            && self
                .filter
                .as_deref()
                .is_none_or(|f| topic_matches(f, &entry.topic))
    }

    /// The sequence numbers the recording spans, to be read from the log with `since`; while
    /// recording it ends at the log's `next_seq()`.
    pub fn range(&self, log_next_seq: u64) -> Range<u64> {
        self.first_seq..self.stop_seq.unwrap_or(log_next_seq.max(self.first_seq))
    }

    /// How many sequence numbers of the recording the log has dropped already (it was full, or
    /// cleared), given the log's `first_seq()`: their messages are not in the file, and the
    /// user should be told. It counts log entries of any direction and topic, so it is the most
    /// that can be missing.
    pub fn missed(&self, log_first_seq: u64) -> u64 {
        let end = self.stop_seq.unwrap_or(u64::MAX);
        log_first_seq.min(end).saturating_sub(self.first_seq)
    }

    /// When the recording started, Unix milliseconds.
    pub fn started_ms(&self) -> f64 {
        self.started_ms
    }

    /// The topic filter, `None` for every received message.
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// The file's header for this recording made on `connection`, with the number of messages
    /// when the caller counted them before writing.
    pub fn header(&self, connection: &str, messages: Option<u64>) -> RecordingHeader {
        RecordingHeader {
            started_ms: self.started_ms,
            connection: connection.to_owned(),
            filter: self.filter.clone(),
            messages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::log::MessageLog;
    use crate::mqtt::FilterRule;
    use bytes::Bytes;

    fn push(log: &mut MessageLog, direction: Direction, topic: &str) -> u64 {
        log.push(LogEntry {
            seq: 0,
            time_ms: 0.0,
            direction,
            topic: topic.into(),
            payload: Bytes::new(),
            qos: 0,
            retain: false,
            dup: false,
        })
    }

    /// The topics of the recorded entries the log still holds.
    fn recorded(r: &Recorder, log: &MessageLog) -> Vec<String> {
        let range = r.range(log.next_seq());
        log.since(range.start)
            .take_while(|e| range.contains(&e.seq))
            .filter(|e| r.wants(e))
            .map(|e| e.topic.clone())
            .collect()
    }

    #[test]
    fn records_received_messages_on_the_filter_between_start_and_stop() {
        let mut log = MessageLog::with_capacity(10);
        push(&mut log, Direction::In, "s/before");
        let mut r = Recorder::start(log.next_seq(), 5.0, Some("s/+".into()))
            .map_err(|e| e.0)
            .unwrap_or_else(|e| panic!("{e:?}"));
        push(&mut log, Direction::In, "s/1");
        push(&mut log, Direction::Out, "s/ours");
        push(&mut log, Direction::In, "other/1");
        push(&mut log, Direction::In, "s/2");
        assert!(r.is_recording());
        assert_eq!(r.range(log.next_seq()), 1..5);
        assert_eq!(recorded(&r, &log), ["s/1", "s/2"]);
        r.stop(log.next_seq());
        push(&mut log, Direction::In, "s/after");
        r.stop(log.next_seq());
        assert!(!r.is_recording());
        assert_eq!(r.range(log.next_seq()), 1..5, "the first stop holds");
        assert_eq!(recorded(&r, &log), ["s/1", "s/2"]);
        assert_eq!(r.missed(log.first_seq()), 0);
        assert_eq!(r.header("c", Some(2)).filter.as_deref(), Some("s/+"));
    }

    #[test]
    fn counts_what_a_small_log_dropped() {
        let mut log = MessageLog::with_capacity(3);
        push(&mut log, Direction::In, "a");
        let mut r = Recorder::start(log.next_seq(), 0.0, None).unwrap_or_else(|e| panic!("{e:?}"));
        for t in ["b", "c", "d", "e", "f"] {
            push(&mut log, Direction::In, t);
        }
        // Seqs 1..6 recorded; the log holds 3..6, so 1 and 2 are gone.
        assert_eq!(log.first_seq(), 3);
        assert_eq!(r.missed(log.first_seq()), 2);
        assert_eq!(recorded(&r, &log), ["d", "e", "f"]);
        r.stop(log.next_seq());
        for t in ["g", "h", "i", "j"] {
            push(&mut log, Direction::In, t);
        }
        assert_eq!(r.missed(log.first_seq()), 5, "never more than the range");
        assert!(recorded(&r, &log).is_empty());
        log.clear();
        assert_eq!(r.missed(log.first_seq()), 5);
    }

    #[test]
    fn an_empty_filter_is_no_filter_and_a_bad_one_is_refused() {
        let r = Recorder::start(0, 0.0, Some(String::new()));
        assert_eq!(r.map(|r| r.filter().map(str::to_owned)), Ok(None));
        assert_eq!(
            Recorder::start(0, 0.0, Some("a/#/b".into())),
            Err(FilterError(MqttError::InvalidFilter {
                filter: "a/#/b".into(),
                reason: FilterRule::HashNotLast
            }))
        );
        let mut r = Recorder::start(4, 0.0, None).unwrap_or_else(|e| panic!("{e:?}"));
        r.stop(2);
        assert_eq!(r.range(9), 4..4, "a stop before the start records nothing");
    }
}
