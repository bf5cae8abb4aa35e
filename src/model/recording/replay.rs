//! Replaying a recording: when each message is due, at which speed, on which topic.
//!
//! Sans-IO like the session: nothing here reads a clock or sets a timer. The caller passes a
//! monotonic time in milliseconds, publishes the messages [`Replay::due`] hands out, and sets
//! one timer for [`Replay::next_at`]. Calling `due` early or often is harmless.

use super::file::RecordedMessage;
use super::rewrite::TopicRewrite;

/// How a replay ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayEnd {
    /// Every message was sent.
    Finished,
    /// The user stopped it.
    Stopped,
    /// The connection closed.
    Disconnected,
}

/// The fastest replay factor offered: beyond it timers are too coarse to tell the difference
/// from "as fast as possible".
pub const MAX_SPEED: f64 = 1000.0;

/// How fast a recording is replayed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReplaySpeed {
    /// Every message at once, as fast as the caller publishes them.
    Fast,
    /// The original gaps divided by this factor, in (0, [`MAX_SPEED`]]: 1 is the original
    /// timing, 10 ten times faster, 0.5 half as fast.
    Factor(f64),
}

/// Why a typed speed is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeedError {
    /// Nothing was typed.
    Empty,
    /// Not a number.
    NotANumber,
    /// Below zero.
    Negative,
    /// Above [`MAX_SPEED`].
    TooLarge,
}

impl ReplaySpeed {
    /// Reads a typed speed: `0` is as fast as possible, any other number a factor; a decimal
    /// comma is taken for a point (`2,5`), spaces around are ignored.
    pub fn parse(text: &str) -> Result<ReplaySpeed, SpeedError> {
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            return Err(SpeedError::Empty);
        }
        let factor: f64 = text.parse().map_err(|_| SpeedError::NotANumber)?;
        if factor.is_nan() {
            Err(SpeedError::NotANumber)
        } else if factor < 0.0 {
            Err(SpeedError::Negative)
        } else if factor > MAX_SPEED {
            Err(SpeedError::TooLarge)
        } else if factor == 0.0 {
            Ok(ReplaySpeed::Fast)
        } else {
            Ok(ReplaySpeed::Factor(factor))
        }
    }
}

/// A recording being replayed: which message is due when.
///
/// Message `i` is due at `start_mono + (at_ms(i) − at_ms(0)) / factor`: the gaps between
/// messages are kept (scaled), but the wait before the first message of the recording is not.
/// Messages are handed out in order, each once.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    messages: Vec<RecordedMessage>,
    speed: ReplaySpeed,
    rewrite: Option<TopicRewrite>,
    start_mono: u64,
    /// `at_ms` of the first message: the recording's time 0 for the replay.
    base_ms: u64,
    /// The next message to hand out.
    next: usize,
    /// The last time `due` was told, for [`Replay::next_at`] at full speed.
    now: u64,
    stopped: bool,
}

impl Replay {
    /// Call when the user starts the replay, with the monotonic time now. `messages` come in
    /// file order; check the rewrite first with [`TopicRewrite::check`].
    pub fn new(
        messages: Vec<RecordedMessage>,
        speed: ReplaySpeed,
        rewrite: Option<TopicRewrite>,
        start_mono: u64,
    ) -> Replay {
        let base_ms = messages.first().map_or(0, |m| m.at_ms);
        Replay {
            messages,
            speed,
            rewrite,
            start_mono,
            base_ms,
            next: 0,
            now: start_mono,
            stopped: false,
        }
    }

    /// Monotonic time message `i` is due at.
    fn due_at(&self, i: usize) -> u64 {
        let at = self.messages.get(i).map_or(0, |m| m.at_ms);
        let since = at.saturating_sub(self.base_ms);
        let offset = match self.speed {
            ReplaySpeed::Fast => 0,
            // `as` saturates; a factor below 1 may stretch a gap past u64.
            ReplaySpeed::Factor(f) => (since as f64 / f).floor() as u64,
        };
        self.start_mono.saturating_add(offset)
    }

    /// Call when the timer for [`Replay::next_at`] fires (or any time): the indices of the
    /// messages due by `now`, in order, at most `max` of them (the rest stay due for the next
    /// call). At full speed every remaining message is due. Each index is handed out once.
    pub fn due(&mut self, now_mono: u64, max: usize) -> Vec<usize> {
        self.now = self.now.max(now_mono);
        let mut out = Vec::new();
        while !self.stopped
            && self.next < self.messages.len()
            && out.len() < max
            && self.due_at(self.next) <= now_mono
        {
            out.push(self.next);
            self.next += 1;
        }
        out
    }

    /// When to call [`Replay::due`] next: the monotonic time the next message is due at (at
    /// full speed, the last time `due` was told, i.e. now), `None` once finished or stopped.
    pub fn next_at(&self) -> Option<u64> {
        if self.is_finished() {
            return None;
        }
        Some(match self.speed {
            ReplaySpeed::Fast => self.now,
            ReplaySpeed::Factor(_) => self.due_at(self.next),
        })
    }

    /// The recorded message `i`, an index [`Replay::due`] handed out.
    ///
    /// # Panics
    /// When `i` is not below [`Replay::total`], which `due` never hands out.
    pub fn message(&self, i: usize) -> &RecordedMessage {
        &self.messages[i]
    }

    /// The topic to publish message `i` on: its recorded topic, rewritten.
    ///
    /// # Panics
    /// Like [`Replay::message`].
    pub fn topic_of(&self, i: usize) -> String {
        let topic = &self.messages[i].topic;
        match &self.rewrite {
            Some(r) => r.apply(topic),
            None => topic.clone(),
        }
    }

    /// How many messages were handed out.
    pub fn done(&self) -> usize {
        self.next
    }

    /// How many messages the recording holds.
    pub fn total(&self) -> usize {
        self.messages.len()
    }

    /// Whether nothing more will be handed out: every message was, or the replay was stopped.
    pub fn is_finished(&self) -> bool {
        self.stopped || self.next >= self.messages.len()
    }

    /// Call when the user stops the replay: nothing more is due.
    pub fn stop(&mut self) {
        self.stopped = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(ats: &[u64]) -> Vec<RecordedMessage> {
        ats.iter()
            .enumerate()
            .map(|(i, &at_ms)| RecordedMessage::bare(at_ms, format!("plant/m{i}")))
            .collect()
    }

    #[test]
    fn speeds_are_read_as_typed() {
        let ok = |t: &str| ReplaySpeed::parse(t);
        assert_eq!(ok("0"), Ok(ReplaySpeed::Fast));
        assert_eq!(ok(" 0.0 "), Ok(ReplaySpeed::Fast));
        assert_eq!(ok("1"), Ok(ReplaySpeed::Factor(1.0)));
        assert_eq!(ok("2,5"), Ok(ReplaySpeed::Factor(2.5)));
        assert_eq!(ok("0.25"), Ok(ReplaySpeed::Factor(0.25)));
        assert_eq!(ok("1000"), Ok(ReplaySpeed::Factor(1000.0)));
        assert_eq!(ok(""), Err(SpeedError::Empty));
        assert_eq!(ok("  "), Err(SpeedError::Empty));
        assert_eq!(ok("fast"), Err(SpeedError::NotANumber));
        assert_eq!(ok("NaN"), Err(SpeedError::NotANumber));
        assert_eq!(ok("1,5,0"), Err(SpeedError::NotANumber));
        assert_eq!(ok("-1"), Err(SpeedError::Negative));
        assert_eq!(ok("1000.5"), Err(SpeedError::TooLarge));
        assert_eq!(ok("inf"), Err(SpeedError::TooLarge));
    }

    #[test]
    fn original_timing_from_the_first_message() {
        // The first message came 5 s after the recording's start: no 5 s wait.
        let mut r = Replay::new(
            messages(&[5000, 5000, 5100, 6000, 9000]),
            ReplaySpeed::Factor(1.0),
            None,
            100,
        );
        assert_eq!(r.next_at(), Some(100));
        assert_eq!(r.due(99, 10), [0usize; 0]);
        assert_eq!(r.due(100, 10), [0, 1]);
        assert_eq!(r.next_at(), Some(200));
        assert_eq!(r.due(199, 10), [0usize; 0]);
        assert_eq!(r.due(200, 10), [2]);
        assert_eq!(r.next_at(), Some(1100));
        // Late: both overdue ones at once, in order.
        assert_eq!(r.due(5000, 10), [3, 4]);
        assert_eq!((r.done(), r.total(), r.is_finished()), (5, 5, true));
        assert_eq!(r.next_at(), None);
        assert_eq!(r.due(9999, 10), [0usize; 0]);
    }

    #[test]
    fn ten_times_faster_and_at_most_max_at_a_time() {
        let mut r = Replay::new(
            messages(&[0, 15, 1000, 1005, 1009, 2000]),
            ReplaySpeed::Factor(10.0),
            None,
            1_000,
        );
        assert_eq!(r.due(1_000, 10), [0]);
        assert_eq!(r.next_at(), Some(1_001), "15 ms / 10, rounded down");
        assert_eq!(r.due(1_001, 10), [1]);
        assert_eq!(r.next_at(), Some(1_100));
        assert_eq!(r.due(1_100, 2), [2, 3]);
        assert_eq!(r.next_at(), Some(1_100), "still due, past max");
        assert_eq!(r.due(1_100, 2), [4]);
        assert_eq!(r.next_at(), Some(1_200));
        assert_eq!(r.due(1_200, 0), [0usize; 0]);
        assert_eq!(r.due(1_200, 1), [5]);
        assert!(r.is_finished());
    }

    #[test]
    fn slower_than_recorded() {
        let mut r = Replay::new(messages(&[0, 100]), ReplaySpeed::Factor(0.5), None, 0);
        assert_eq!(r.due(0, 9), [0]);
        assert_eq!(r.next_at(), Some(200));
    }

    #[test]
    fn full_speed_hands_out_everything_in_slices() {
        let mut r = Replay::new(
            messages(&[0, 60_000, 3_600_000, 3_600_001, 86_400_000]),
            ReplaySpeed::Fast,
            None,
            50,
        );
        assert_eq!(r.next_at(), Some(50));
        assert_eq!(r.due(50, 2), [0, 1]);
        assert_eq!(r.due(70, 2), [2, 3]);
        assert_eq!(r.next_at(), Some(70));
        assert_eq!(r.due(70, 2), [4]);
        assert_eq!(r.next_at(), None);
    }

    #[test]
    fn stopping_ends_the_replay() {
        let mut r = Replay::new(messages(&[0, 10, 20]), ReplaySpeed::Factor(1.0), None, 0);
        assert_eq!(r.due(10, 9), [0, 1]);
        r.stop();
        assert_eq!(r.due(100, 9), [0usize; 0]);
        assert_eq!((r.done(), r.is_finished(), r.next_at()), (2, true, None));
        let empty = Replay::new(Vec::new(), ReplaySpeed::Fast, None, 0);
        assert!(empty.is_finished());
    }

    #[test]
    fn topics_are_published_rewritten() {
        let rewrite = TopicRewrite::parse("plant/", "test/plant/").ok().flatten();
        let r = Replay::new(messages(&[0, 1]), ReplaySpeed::Fast, rewrite, 0);
        assert_eq!(
            (r.topic_of(0), r.message(0).topic.as_str()),
            ("test/plant/m0".into(), "plant/m0")
        );
        let plain = Replay::new(messages(&[0]), ReplaySpeed::Fast, None, 0);
        assert_eq!(plain.topic_of(0), "plant/m0");
    }
}
