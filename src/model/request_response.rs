//! Request/response (MQTT 5): a publish with a response topic and correlation data is a request;
//! a message that later arrives on that topic with the same correlation data is its reply. This
//! pairs them, so the log can say "reply to #123 after 42 ms".
//!
//! Memory stays bounded however many requests go unanswered: requests older than a timeout are
//! forgotten, and past a fixed number the oldest goes first.

use std::collections::VecDeque;

use crate::mqtt::topic_matches;

/// How long a request waits for replies before it is forgotten, in ms.
pub const DEFAULT_TIMEOUT_MS: f64 = 10.0 * 60.0 * 1000.0;

/// How many requests are remembered at once.
pub const DEFAULT_CAPACITY: usize = 1024;

/// A reply tied to its request: what the reply's log row and detail show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pairing {
    /// The log sequence number of the request.
    pub request_seq: u64,
    /// Time from the request to this reply, in ms.
    pub after_ms: f64,
    /// True when an earlier reply already answered this request (several responders, or a
    /// repeated reply).
    pub repeated: bool,
}

/// One request waiting for replies.
#[derive(Clone, Debug, PartialEq)]
struct Request {
    seq: u64,
    response_topic: String,
    correlation: Vec<u8>,
    sent_ms: f64,
    answered: bool,
}

/// The requests sent and not yet timed out, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestTracker {
    requests: VecDeque<Request>,
    timeout_ms: f64,
    capacity: usize,
}

impl Default for RequestTracker {
    fn default() -> Self {
        RequestTracker::new(DEFAULT_TIMEOUT_MS, DEFAULT_CAPACITY)
    }
}

impl RequestTracker {
    /// A tracker that forgets requests after `timeout_ms` and holds at most `capacity` (at least
    /// one).
    pub fn new(timeout_ms: f64, capacity: usize) -> RequestTracker {
        RequestTracker {
            requests: VecDeque::new(),
            timeout_ms,
            capacity: capacity.max(1),
        }
    }

    /// How many requests are waiting.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether no request is waiting.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// Call when a message logged as `seq` went out at `now_ms` with this response topic and
    /// correlation data. Without a response topic it is no request. Without correlation data a
    /// reply cannot be told apart from any other message on the topic, so it is not tracked
    /// either. A new request with the same topic and correlation data replaces the older one:
    /// its replies can only be told apart by time, and the newest is the one waited for.
    pub fn on_request(
        &mut self,
        seq: u64,
        response_topic: Option<&str>,
        correlation: Option<&[u8]>,
        now_ms: f64,
    ) {
        self.expire(now_ms);
        let (Some(topic), Some(correlation)) = (response_topic, correlation) else {
            return;
        };
        self.requests
            .retain(|r| !(r.response_topic == topic && r.correlation == correlation));
        if self.requests.len() == self.capacity {
            self.requests.pop_front();
        }
        self.requests.push_back(Request {
            seq,
            response_topic: topic.to_owned(),
            correlation: correlation.to_vec(),
            sent_ms: now_ms,
            answered: false,
        });
    }

    /// Call when a message arrived at `now_ms` on `topic` with this correlation data: its
    /// request, if one is waiting on that topic with the same correlation data.
    pub fn on_message(
        &mut self,
        topic: &str,
        correlation: Option<&[u8]>,
        now_ms: f64,
    ) -> Option<Pairing> {
        self.expire(now_ms);
        let correlation = correlation?;
        let request = self
            .requests
            .iter_mut()
            .rev()
            .find(|r| r.response_topic == topic && r.correlation == correlation)?;
        let pairing = Pairing {
            request_seq: request.seq,
            after_ms: (now_ms - request.sent_ms).max(0.0),
            repeated: request.answered,
        };
        request.answered = true;
        Some(pairing)
    }

    /// Forgets every request older than the timeout.
    fn expire(&mut self, now_ms: f64) {
        while self
            .requests
            .front()
            .is_some_and(|r| now_ms - r.sent_ms > self.timeout_ms)
        {
            self.requests.pop_front();
        }
    }

    /// Forgets every request (the log was cleared).
    pub fn clear(&mut self) {
        self.requests.clear();
    }
}

/// Whether publishing a request with `response_topic` needs a subscription of its own: true
/// unless one of `filters` already covers it.
pub fn needs_subscription<'a>(
    response_topic: &str,
    mut filters: impl Iterator<Item = &'a str>,
) -> bool {
    !filters.any(|f| topic_matches(f, response_topic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_is_paired_by_topic_and_correlation_data() {
        let mut t = RequestTracker::default();
        t.on_request(7, Some("reply/me"), Some(b"abc"), 1000.0);
        t.on_request(8, Some("reply/me"), Some(b"xyz"), 1010.0);
        assert_eq!(
            t.on_message("reply/me", Some(b"abc"), 1042.0),
            Some(Pairing {
                request_seq: 7,
                after_ms: 42.0,
                repeated: false
            })
        );
        assert_eq!(
            t.on_message("reply/me", Some(b"xyz"), 1020.0)
                .map(|p| p.request_seq),
            Some(8)
        );
    }

    #[test]
    fn unknown_or_missing_correlation_data_pairs_nothing() {
        let mut t = RequestTracker::default();
        t.on_request(1, Some("r"), Some(b"abc"), 0.0);
        assert_eq!(t.on_message("r", Some(b"other"), 1.0), None);
        assert_eq!(t.on_message("r", None, 1.0), None);
        assert_eq!(t.on_message("elsewhere", Some(b"abc"), 1.0), None);
        // A publish without correlation data or without a response topic is no request.
        t.on_request(2, Some("r"), None, 2.0);
        t.on_request(3, None, Some(b"k"), 2.0);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn duplicate_replies_are_marked_and_a_repeated_request_replaces_the_old() {
        let mut t = RequestTracker::default();
        t.on_request(1, Some("r"), Some(b"c"), 0.0);
        assert_eq!(
            t.on_message("r", Some(b"c"), 5.0).map(|p| p.repeated),
            Some(false)
        );
        assert_eq!(
            t.on_message("r", Some(b"c"), 6.0).map(|p| p.repeated),
            Some(true)
        );
        t.on_request(2, Some("r"), Some(b"c"), 10.0);
        assert_eq!(t.len(), 1);
        assert_eq!(
            t.on_message("r", Some(b"c"), 15.0),
            Some(Pairing {
                request_seq: 2,
                after_ms: 5.0,
                repeated: false
            })
        );
    }

    #[test]
    fn requests_time_out_and_memory_stays_bounded() {
        let mut t = RequestTracker::new(100.0, 3);
        t.on_request(1, Some("r"), Some(b"1"), 0.0);
        assert_eq!(t.on_message("r", Some(b"1"), 101.0), None);
        assert!(t.is_empty());
        for i in 0..10u8 {
            t.on_request(u64::from(i), Some("r"), Some(&[i]), 200.0);
        }
        assert_eq!(t.len(), 3);
        assert_eq!(t.on_message("r", Some(&[0]), 201.0), None);
        assert_eq!(
            t.on_message("r", Some(&[9]), 201.0).map(|p| p.request_seq),
            Some(9)
        );
        t.clear();
        assert!(t.is_empty());
    }

    #[test]
    fn a_response_topic_covered_by_a_subscription_needs_none() {
        assert!(needs_subscription("reply/1", std::iter::empty()));
        assert!(!needs_subscription("reply/1", ["a", "reply/+"].into_iter()));
        assert!(needs_subscription("reply/1", ["reply"].into_iter()));
    }
}
