//! Which topics hold a retained message on the broker, as far as the messages received tell,
//! and the plan for clearing some of them.
//!
//! MQTT has no request that lists retained messages; they are learned from what arrives:
//!
//! - a message received with the retain flag set is a retained message (the broker sets it on
//!   the copies it delivers on subscribe; with MQTT 5 "retain as published" also live ones), so
//!   its topic holds one;
//! - such a message with an empty payload means the retained message was deleted, so the topic
//!   is dropped;
//! - a message received with the retain flag clear says nothing about the retained state (a live
//!   delivery of a retained publish arrives with retain 0 under MQTT 3.1.1), so it is ignored.
//!
//! Clearing is publishing an empty retained message to each topic. [`Retained::plan`] turns a
//! selection (one topic, a subtree, or an MQTT filter) into a [`ClearPlan`]: the topics to
//! publish to and their count for the confirmation. The caller publishes (QoS is its choice);
//! when the broker echoes the empty retained message back, [`Retained::observe`] drops the
//! topic, and [`Retained::confirm_cleared`] drops it when no echo will come (not subscribed).
//!
//! The set is bounded ([`DEFAULT_MAX_TOPICS`]); retained messages on new topics past the bound
//! are counted in [`Retained::overflow`] instead of stored.

use std::collections::BTreeMap;

use crate::mqtt::{check_filter, check_topic, topic_matches};

/// Topics tracked at most unless configured otherwise.
pub const DEFAULT_MAX_TOPICS: usize = 100_000;

/// What is known of one topic's retained message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetainedInfo {
    /// Its payload's size in bytes.
    pub payload_len: usize,
    /// When it was last received, in milliseconds (the app's clock).
    pub time_ms: f64,
}

/// What [`Retained::observe`] made of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observed {
    /// Retain flag clear, or a topic no one could publish to: nothing learned.
    Ignored,
    /// A topic not known to hold a retained message now does.
    Added,
    /// A topic already known got a new retained message.
    Updated,
    /// An empty retained message: the topic no longer holds one (it was known).
    Deleted,
    /// An empty retained message on a topic not known: nothing to drop.
    AlreadyAbsent,
    /// A new topic past the bound: counted in [`Retained::overflow`], not stored.
    Overflow,
}

/// Why a [`ClearPlan`] was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// Nothing to clear: no known retained message matches the selection.
    Empty,
    /// The selection contains `+` or `#` but is not a valid MQTT filter.
    InvalidFilter {
        /// The selection as given.
        filter: String,
    },
    /// A target contains `+` or `#`: one cannot publish to a filter.
    Wildcard {
        /// The target.
        topic: String,
    },
    /// A target is not a topic one can publish to (empty, a NUL, longer than 65,535 bytes).
    InvalidTopic {
        /// The target.
        topic: String,
    },
}

/// The topics to publish an empty retained message to, sorted, never empty, none a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearPlan {
    topics: Vec<String>,
}

impl ClearPlan {
    /// A plan for exactly these topics (sorted, duplicates removed). Refused when there are
    /// none, or one of them is a filter or not a valid topic name.
    pub fn for_topics<I, S>(topics: I) -> Result<ClearPlan, PlanError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut topics: Vec<String> = topics.into_iter().map(Into::into).collect();
        for topic in &topics {
            if topic.contains(['+', '#']) {
                return Err(PlanError::Wildcard {
                    topic: topic.clone(),
                });
            }
            if check_topic(topic).is_err() {
                return Err(PlanError::InvalidTopic {
                    topic: topic.clone(),
                });
            }
        }
        topics.sort_unstable();
        topics.dedup();
        if topics.is_empty() {
            return Err(PlanError::Empty);
        }
        Ok(ClearPlan { topics })
    }

    /// The topics to publish an empty retained message to, sorted.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// How many, for the confirmation ("clear N retained messages?"); at least 1.
    pub fn count(&self) -> usize {
        self.topics.len()
    }
}

/// The topics known to hold a retained message, sorted.
#[derive(Clone, Debug, PartialEq)]
pub struct Retained {
    topics: BTreeMap<String, RetainedInfo>,
    max_topics: usize,
    overflow: u64,
}

impl Default for Retained {
    fn default() -> Self {
        Retained::with_max_topics(DEFAULT_MAX_TOPICS)
    }
}

impl Retained {
    /// An empty set holding at most `max_topics` topics (at least 1).
    pub fn with_max_topics(max_topics: usize) -> Self {
        Retained {
            topics: BTreeMap::new(),
            max_topics: max_topics.max(1),
            overflow: 0,
        }
    }

    /// Learns from a received message (see the module's rules).
    pub fn observe(
        &mut self,
        topic: &str,
        retain: bool,
        payload_len: usize,
        time_ms: f64,
    ) -> Observed {
        if !retain || check_topic(topic).is_err() {
            return Observed::Ignored;
        }
        if payload_len == 0 {
            return match self.topics.remove(topic) {
                Some(_) => Observed::Deleted,
                None => Observed::AlreadyAbsent,
            };
        }
        let info = RetainedInfo {
            payload_len,
            time_ms,
        };
        if let Some(known) = self.topics.get_mut(topic) {
            *known = info;
            return Observed::Updated;
        }
        if self.topics.len() >= self.max_topics {
            self.overflow = self.overflow.saturating_add(1);
            return Observed::Overflow;
        }
        self.topics.insert(topic.to_owned(), info);
        Observed::Added
    }

    /// Drops `topic` after its empty retained message was published, for when the broker will
    /// not echo it (no matching subscription). True if it was known.
    pub fn confirm_cleared(&mut self, topic: &str) -> bool {
        self.topics.remove(topic).is_some()
    }

    /// The topics, sorted.
    pub fn topics(&self) -> impl Iterator<Item = &str> {
        self.topics.keys().map(String::as_str)
    }

    /// What is known of `topic`'s retained message.
    pub fn get(&self, topic: &str) -> Option<&RetainedInfo> {
        self.topics.get(topic)
    }

    /// How many topics hold a retained message.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether none does.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// Retained messages on new topics not stored because the set was full (saturating).
    pub fn overflow(&self) -> u64 {
        self.overflow
    }

    /// Forgets everything (e.g. on connecting to another broker).
    pub fn clear(&mut self) {
        self.topics.clear();
        self.overflow = 0;
    }

    /// The known topics a selection covers, sorted:
    ///
    /// - with `+` or `#`, an MQTT filter: the topics it matches (none if it is not a valid
    ///   filter; `#` and `+` do not match `$`-topics at the first level, as in MQTT);
    /// - otherwise a topic or subtree: the topic itself and every topic below it (`a/b` is
    ///   `a/b` and `a/b/#`, but not `a/bc`). `""` is the empty first level (`/x`), as in the
    ///   topic tree.
    pub fn under(&self, selection: &str) -> Vec<String> {
        if selection.contains(['+', '#']) {
            if check_filter(selection).is_err() {
                return Vec::new();
            }
            return self
                .topics
                .keys()
                .filter(|t| topic_matches(selection, t))
                .cloned()
                .collect();
        }
        let below = format!("{selection}/");
        let mut out: Vec<String> = self
            .topics
            .get_key_value(selection)
            .map(|(t, _)| t.clone())
            .into_iter()
            .collect();
        out.extend(
            self.topics
                .range::<str, _>((
                    std::ops::Bound::Included(below.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .map(|(t, _)| t)
                .take_while(|t| t.starts_with(&below))
                .cloned(),
        );
        out
    }

    /// The plan to clear what a selection covers ([`Retained::under`]). Refused when it covers
    /// nothing, or the selection has wildcards but is not a valid filter.
    pub fn plan(&self, selection: &str) -> Result<ClearPlan, PlanError> {
        if selection.contains(['+', '#']) && check_filter(selection).is_err() {
            return Err(PlanError::InvalidFilter {
                filter: selection.to_owned(),
            });
        }
        ClearPlan::for_topics(self.under(selection))
    }
}

// Native only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn set(topics: &[&str]) -> Retained {
        let mut r = Retained::default();
        for (i, t) in topics.iter().enumerate() {
            assert_eq!(r.observe(t, true, 3, i as f64), Observed::Added, "{t}");
        }
        r
    }

    #[test]
    fn observe_follows_the_retain_flag() {
        let mut r = Retained::default();
        assert_eq!(r.observe("a/b", false, 5, 0.0), Observed::Ignored);
        assert!(r.is_empty());
        assert_eq!(r.observe("a/b", true, 5, 1.0), Observed::Added);
        assert_eq!(r.observe("a/b", true, 7, 2.0), Observed::Updated);
        assert_eq!(
            r.get("a/b"),
            Some(&RetainedInfo {
                payload_len: 7,
                time_ms: 2.0
            })
        );
        // A live message with retain 0, even empty, says nothing.
        assert_eq!(r.observe("a/b", false, 0, 3.0), Observed::Ignored);
        assert_eq!(r.len(), 1);
        // An empty retained message deletes.
        assert_eq!(r.observe("a/b", true, 0, 4.0), Observed::Deleted);
        assert_eq!(r.len(), 0);
        assert_eq!(r.observe("a/b", true, 0, 5.0), Observed::AlreadyAbsent);
        // Topics no one can publish to are not learned.
        assert_eq!(r.observe("a/+", true, 1, 6.0), Observed::Ignored);
        assert_eq!(r.observe("", true, 1, 6.0), Observed::Ignored);
        assert!(r.is_empty());
    }

    #[test]
    fn topics_are_sorted() {
        let r = set(&["b", "a/c", "a", "$SYS/x", "/lead"]);
        assert_eq!(
            r.topics().collect::<Vec<_>>(),
            ["$SYS/x", "/lead", "a", "a/c", "b"]
        );
        assert_eq!(r.len(), 5);
    }

    #[test]
    fn under_a_prefix_is_the_topic_and_its_subtree() {
        let r = set(&["a", "a/b", "a/b/c", "a/b/c/d", "a/bc", "x/a/b", "/a"]);
        assert_eq!(r.under("a/b"), ["a/b", "a/b/c", "a/b/c/d"]);
        assert_eq!(r.under("a/b/c/d"), ["a/b/c/d"]);
        assert_eq!(r.under("a"), ["a", "a/b", "a/b/c", "a/b/c/d", "a/bc"]);
        assert_eq!(r.under("a/"), Vec::<String>::new());
        assert_eq!(r.under(""), ["/a"]);
        assert_eq!(r.under("zzz"), Vec::<String>::new());
    }

    #[test]
    fn under_a_filter_matches_like_mqtt() {
        let r = set(&["a", "a/b", "a/b/c", "a/x/c", "b/b/c", "$SYS/b/c"]);
        assert_eq!(r.under("a/+/c"), ["a/b/c", "a/x/c"]);
        assert_eq!(r.under("+/b/c"), ["a/b/c", "b/b/c"]);
        assert_eq!(r.under("a/#"), ["a", "a/b", "a/b/c", "a/x/c"]);
        assert_eq!(r.under("#"), ["a", "a/b", "a/b/c", "a/x/c", "b/b/c"]);
        assert_eq!(r.under("$SYS/#"), ["$SYS/b/c"]);
        assert_eq!(r.under("a/#/c"), Vec::<String>::new());
        assert_eq!(r.under("a+"), Vec::<String>::new());
    }

    #[test]
    fn plans_and_their_errors() {
        let mut r = set(&["a/b", "a/b/c", "a/d"]);
        let plan = r.plan("a/b").unwrap();
        assert_eq!(plan.topics(), ["a/b", "a/b/c"]);
        assert_eq!(plan.count(), 2);
        assert_eq!(r.plan("a/+").unwrap().topics(), ["a/b", "a/d"]);
        assert_eq!(r.plan("q"), Err(PlanError::Empty));
        assert_eq!(r.plan("q/#"), Err(PlanError::Empty));
        assert_eq!(
            r.plan("a/#/b"),
            Err(PlanError::InvalidFilter {
                filter: "a/#/b".to_owned()
            })
        );
        // Clearing: the echo of each empty retained message drops the topic, or the caller
        // confirms when no echo comes.
        for topic in plan.topics() {
            assert_eq!(r.observe(topic, true, 0, 9.0), Observed::Deleted);
        }
        assert!(r.confirm_cleared("a/d"));
        assert!(!r.confirm_cleared("a/d"));
        assert!(r.is_empty());
    }

    #[test]
    fn explicit_plans_refuse_filters_and_bad_topics() {
        assert_eq!(
            ClearPlan::for_topics(Vec::<String>::new()),
            Err(PlanError::Empty)
        );
        assert_eq!(
            ClearPlan::for_topics(["a/b", "a/+"]),
            Err(PlanError::Wildcard {
                topic: "a/+".to_owned()
            })
        );
        assert_eq!(
            ClearPlan::for_topics(["#"]),
            Err(PlanError::Wildcard {
                topic: "#".to_owned()
            })
        );
        assert_eq!(
            ClearPlan::for_topics(["a", ""]),
            Err(PlanError::InvalidTopic {
                topic: String::new()
            })
        );
        assert_eq!(
            ClearPlan::for_topics(["a\0b"]),
            Err(PlanError::InvalidTopic {
                topic: "a\0b".to_owned()
            })
        );
        let plan = ClearPlan::for_topics(["b", "a", "b"]).unwrap();
        assert_eq!(
            (plan.topics(), plan.count()),
            (&["a", "b"].map(String::from)[..], 2)
        );
    }

    #[test]
    fn the_set_is_bounded() {
        let mut r = Retained::with_max_topics(2);
        assert_eq!(r.observe("a", true, 1, 0.0), Observed::Added);
        assert_eq!(r.observe("b", true, 1, 0.0), Observed::Added);
        assert_eq!(r.observe("c", true, 1, 0.0), Observed::Overflow);
        assert_eq!(r.observe("c", true, 1, 0.0), Observed::Overflow);
        // Known topics still update and delete.
        assert_eq!(r.observe("a", true, 2, 1.0), Observed::Updated);
        assert_eq!(r.observe("b", true, 0, 1.0), Observed::Deleted);
        assert_eq!(r.observe("c", true, 1, 2.0), Observed::Added);
        assert_eq!(r.overflow(), 2);
        assert_eq!(r.topics().collect::<Vec<_>>(), ["a", "c"]);
        r.clear();
        assert_eq!((r.len(), r.overflow()), (0, 0));
        assert_eq!(
            Retained::with_max_topics(0).observe("a", true, 1, 0.0),
            Observed::Added
        );
    }

    proptest::proptest! {
        #[test]
        fn a_prefix_selects_what_its_hash_filter_matches(
            topics in proptest::collection::vec("[ab$/]{1,5}", 0..20),
            prefix in "[ab$/]{0,3}",
        ) {
            let mut r = Retained::default();
            for t in &topics {
                r.observe(t, true, 1, 0.0);
            }
            let filter = format!("{prefix}/#");
            proptest::prop_assert_eq!(r.under(&prefix), r.under(&filter));
        }
    }
}
