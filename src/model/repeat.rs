//! Timed publishing: one message sent every N ms, a given number of times or until stopped.
//!
//! Sans-IO: the store asks [`Repeat::due`] how many sends are due at a time it passes in, sends
//! them, reports each with [`Repeat::sent`] / [`Repeat::failed`], and arms a timer for
//! [`Repeat::next_at`]. Sends are scheduled at `start + k × interval` (no drift); a timer that
//! fires late (a busy page, a throttled background tab) catches up in bursts of at most
//! [`MAX_BURST`], so the count is kept and no single task grows long.

use std::collections::HashSet;

/// The shortest interval between sends.
pub const MIN_INTERVAL_MS: u64 = 10;
/// The longest interval (a day).
pub const MAX_INTERVAL_MS: u64 = 86_400_000;
/// The most sends one timer makes.
pub const MAX_COUNT: u64 = 10_000_000;
/// The most sends made in one go when a timer is behind.
pub const MAX_BURST: u64 = 100;

/// What the user asked for: every `interval_ms`, `count` times (`None`: until stopped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepeatPlan {
    /// Milliseconds between sends.
    pub interval_ms: u64,
    /// How many sends; `None` until stopped.
    pub count: Option<u64>,
}

/// Why a plan was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepeatError {
    /// The interval is not a whole number of milliseconds in range.
    Interval(String),
    /// The count is not a whole number in range.
    Count(String),
}

impl RepeatPlan {
    /// Reads the two fields as typed; an empty count means until stopped.
    pub fn parse(interval: &str, count: &str) -> Result<RepeatPlan, RepeatError> {
        let interval_ms = interval
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|i| (MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(i))
            .ok_or_else(|| RepeatError::Interval(interval.trim().to_owned()))?;
        let count = match count.trim() {
            "" => None,
            c => Some(
                c.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_COUNT).contains(n))
                    .ok_or_else(|| RepeatError::Count(c.to_owned()))?,
            ),
        };
        Ok(RepeatPlan { interval_ms, count })
    }

    /// Messages per second this plan sends.
    pub fn rate(&self) -> f64 {
        1000.0 / self.interval_ms as f64
    }
}

/// Why a timer is no longer running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// All `count` sends were made.
    Done,
    /// The user stopped it.
    Stopped,
    /// The connection closed or was lost.
    Disconnected,
}

/// One timed publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    plan: RepeatPlan,
    start: u64,
    /// Sends attempted (sent + refused).
    attempted: u64,
    sent: u64,
    acked: u64,
    failed: u64,
    /// Packet ids of our QoS 1/2 sends still waiting for their acknowledgement.
    waiting: HashSet<u16>,
    ended: Option<Ended>,
}

impl Repeat {
    /// Starts at monotonic time `now`; the first send is due at once.
    pub fn start(plan: RepeatPlan, now: u64) -> Repeat {
        Repeat {
            plan,
            start: now,
            attempted: 0,
            sent: 0,
            acked: 0,
            failed: 0,
            waiting: HashSet::new(),
            ended: None,
        }
    }

    /// The plan.
    pub fn plan(&self) -> RepeatPlan {
        self.plan
    }

    /// How many sends are due at `now` (at most [`MAX_BURST`]); 0 once ended.
    pub fn due(&self, now: u64) -> u64 {
        if self.ended.is_some() {
            return 0;
        }
        let elapsed = now.saturating_sub(self.start);
        let scheduled = elapsed / self.plan.interval_ms + 1;
        let scheduled = self.plan.count.map_or(scheduled, |c| scheduled.min(c));
        scheduled.saturating_sub(self.attempted).min(MAX_BURST)
    }

    /// When the next send is due, while running.
    pub fn next_at(&self) -> Option<u64> {
        if self.ended.is_some() {
            return None;
        }
        Some(self.start + self.attempted * self.plan.interval_ms)
    }

    /// The send numbered `counter` (from 1) that is made next.
    pub fn counter(&self) -> u64 {
        self.attempted + 1
    }

    /// A send went out; `packet_id` is its id at QoS 1/2 (its acknowledgement comes later).
    /// At QoS 0 nothing acknowledges, and the send counts as acknowledged by being sent.
    pub fn sent(&mut self, packet_id: Option<u16>) {
        self.attempted += 1;
        self.sent += 1;
        match packet_id {
            Some(id) => {
                self.waiting.insert(id);
            }
            None => self.acked += 1,
        }
        self.finish_if_done();
    }

    /// A send was refused before it went out (not connected, a limit of the server, a bad
    /// expansion).
    pub fn failed(&mut self) {
        self.attempted += 1;
        self.failed += 1;
        self.finish_if_done();
    }

    /// The broker answered publish `packet_id`: `ok` false for an error reason code. Returns
    /// whether it was one of this timer's; answers still come after the timer ended.
    pub fn answered(&mut self, packet_id: u16, ok: bool) -> bool {
        if !self.waiting.remove(&packet_id) {
            return false;
        }
        if ok {
            self.acked += 1;
        } else {
            self.failed += 1;
        }
        true
    }

    /// Stops the timer (no effect once ended).
    pub fn stop(&mut self, why: Ended) {
        if self.ended.is_none() {
            self.ended = Some(why);
        }
    }

    fn finish_if_done(&mut self) {
        if self.plan.count.is_some_and(|c| self.attempted >= c) {
            self.stop(Ended::Done);
        }
    }

    /// Sends made.
    pub fn sent_count(&self) -> u64 {
        self.sent
    }

    /// Sends acknowledged (QoS 0: sent).
    pub fn acked_count(&self) -> u64 {
        self.acked
    }

    /// Sends refused, or answered with an error reason code.
    pub fn failed_count(&self) -> u64 {
        self.failed
    }

    /// QoS 1/2 sends still waiting for their answer.
    pub fn waiting_count(&self) -> usize {
        self.waiting.len()
    }

    /// Why it is no longer running; `None` while running.
    pub fn ended(&self) -> Option<Ended> {
        self.ended
    }
}

/// The rate of several plans together, in messages per second, and whether it is over
/// `limit` (Aliyun's messages per second per device).
pub fn over_limit<'a>(plans: impl IntoIterator<Item = &'a RepeatPlan>, limit: u32) -> Option<f64> {
    let total: f64 = plans.into_iter().map(RepeatPlan::rate).sum();
    (total > f64::from(limit)).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(interval_ms: u64, count: Option<u64>) -> RepeatPlan {
        RepeatPlan { interval_ms, count }
    }

    #[test]
    fn plans_are_read_from_the_fields() {
        assert_eq!(RepeatPlan::parse("20", "500"), Ok(plan(20, Some(500))));
        assert_eq!(RepeatPlan::parse(" 1000 ", ""), Ok(plan(1000, None)));
        assert_eq!(RepeatPlan::parse("10", " "), Ok(plan(10, None)));
        for bad in ["9", "0", "-5", "1.5", "", "abc", "86400001"] {
            assert_eq!(
                RepeatPlan::parse(bad, "1"),
                Err(RepeatError::Interval(bad.trim().into())),
                "{bad:?}"
            );
        }
        for bad in ["0", "-1", "x", "10000001"] {
            assert_eq!(
                RepeatPlan::parse("100", bad),
                Err(RepeatError::Count(bad.into())),
                "{bad:?}"
            );
        }
    }

    /// Drives a timer the way the store does, on a simulated clock whose timer fires `late`
    /// ms after each deadline; returns the times of the sends.
    fn run(plan: RepeatPlan, late: u64, until: u64) -> (Vec<u64>, Repeat) {
        let mut r = Repeat::start(plan, 1000);
        let mut now = 1000;
        let mut sends = Vec::new();
        while now <= until {
            for _ in 0..r.due(now) {
                sends.push(now);
                r.sent(None);
            }
            match r.next_at() {
                Some(at) => now = at.max(now) + late,
                None => break,
            }
        }
        (sends, r)
    }

    #[test]
    fn sends_follow_the_schedule_without_drift() {
        let (sends, r) = run(plan(20, Some(500)), 0, 1_000_000);
        assert_eq!(sends.len(), 500);
        assert_eq!(sends[0], 1000);
        assert_eq!(sends[499], 1000 + 499 * 20);
        assert!(sends.windows(2).all(|w| w[1] - w[0] == 20));
        assert_eq!(r.ended(), Some(Ended::Done));
        assert_eq!(
            (r.sent_count(), r.acked_count(), r.failed_count()),
            (500, 500, 0)
        );
        assert_eq!(r.due(1_000_000), 0);
        assert_eq!(r.next_at(), None);
    }

    #[test]
    fn a_late_timer_catches_up_in_bounded_bursts_and_keeps_the_count() {
        // Every wake-up 7 ms late: still 500 sends, and the schedule does not slide.
        let (sends, _) = run(plan(20, Some(500)), 7, 1_000_000);
        assert_eq!(sends.len(), 500);
        assert!(sends[499] <= 1000 + 499 * 20 + 7);
        // A tab asleep for 10 s at 10 ms: 1001 sends due, made in bursts of MAX_BURST.
        let mut r = Repeat::start(plan(10, None), 0);
        assert_eq!(r.due(10_000), MAX_BURST);
        for _ in 0..MAX_BURST {
            r.sent(None);
        }
        assert_eq!(r.due(10_000), MAX_BURST);
        assert_eq!(r.next_at(), Some(MAX_BURST * 10));
    }

    #[test]
    fn acknowledgements_and_failures_are_counted() {
        let mut r = Repeat::start(plan(100, Some(4)), 0);
        r.sent(Some(1));
        r.sent(Some(2));
        r.failed();
        assert_eq!(r.waiting_count(), 2);
        assert!(r.answered(1, true));
        assert!(!r.answered(1, true), "an id counts once");
        assert!(!r.answered(9, true), "not ours");
        r.sent(Some(3));
        assert_eq!(r.ended(), Some(Ended::Done));
        // Answers still count after the last send.
        assert!(r.answered(2, false));
        assert!(r.answered(3, true));
        assert_eq!(
            (r.sent_count(), r.acked_count(), r.failed_count()),
            (3, 2, 2)
        );
    }

    #[test]
    fn stopping_ends_it_once_with_its_reason() {
        let mut r = Repeat::start(plan(50, None), 0);
        assert_eq!(r.due(0), 1);
        r.sent(None);
        r.stop(Ended::Disconnected);
        r.stop(Ended::Stopped);
        assert_eq!(r.ended(), Some(Ended::Disconnected));
        assert_eq!(r.due(10_000), 0);
        assert_eq!(r.counter(), 2);
    }

    #[test]
    fn several_timers_add_up_against_a_rate_limit() {
        let plans = [plan(100, None), plan(50, Some(10))];
        assert_eq!(over_limit(&plans, 30), None);
        let plans = [plan(100, None), plan(50, None), plan(20, None)];
        assert_eq!(over_limit(&plans, 30), Some(80.0));
        assert_eq!(
            over_limit(&[plan(33, None)], 30).map(f64::round),
            Some(30.0)
        );
    }
}
