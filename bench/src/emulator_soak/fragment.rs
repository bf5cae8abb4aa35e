//! The soak's figures, its verdict and the markdown fragment for BENCHMARKS.md.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::api::ApiTally;
use super::process::Usage;

/// `/proc/PID/stat` counts CPU time in USER_HZ ticks, 100 a second on Linux.
const TICKS_PER_SECOND: f64 = 100.0;

/// What was asked for.
#[derive(Clone, Debug)]
pub struct Settings {
    pub command: String,
    pub minutes: f64,
    pub rate: f64,
    pub log_capacity: usize,
    pub sample_secs: f64,
    pub max_growth_mb: f64,
    pub poll_every: Duration,
}

/// One reading of the emulator's memory, with the counters at that moment.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Since posting started.
    pub at: Duration,
    /// "start", "ring full", "end" or empty for a periodic sample.
    pub label: String,
    pub usage: Usage,
    pub posted: u64,
    pub replies: u64,
    pub log_seq: u64,
}

impl Sample {
    fn rss_mb(&self) -> f64 {
        self.usage.rss_kb as f64 / 1024.0
    }

    /// One line of progress for stderr.
    pub fn progress_line(&self) -> String {
        format!(
            "{:>6} {:<9} RSS {:>7.1} MB (peak {:.1}) threads {} fds {} posted {} replies {} log seq {}",
            clock(self.at),
            self.label,
            self.rss_mb(),
            self.usage.hwm_kb as f64 / 1024.0,
            self.usage.threads,
            self.usage.open_fds,
            self.posted,
            self.replies,
            self.log_seq,
        )
    }
}

/// The poller's counters at the end.
#[derive(Clone, Debug, Default)]
pub struct ApiFigures {
    pub requests: u64,
    pub failures: u64,
    pub entries_seen: u64,
    pub gaps: u64,
    pub full_log_entries: u64,
    pub full_log_bytes: u64,
    pub offline_seen: u64,
}

impl ApiFigures {
    /// Copies the counters.
    pub fn read(tally: &ApiTally) -> ApiFigures {
        let get = |n: &std::sync::atomic::AtomicU64| n.load(Ordering::Relaxed);
        ApiFigures {
            requests: get(&tally.requests),
            failures: get(&tally.failures),
            entries_seen: get(&tally.entries_seen),
            gaps: get(&tally.gaps),
            full_log_entries: get(&tally.full_log_entries),
            full_log_bytes: get(&tally.full_log_bytes),
            offline_seen: get(&tally.offline_seen),
        }
    }
}

/// Everything one soak measured.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub samples: Vec<Sample>,
    pub ring_full_at: Option<Duration>,
    /// When the first whole-log answer of a full ring came back (see [`Outcome::growth`]).
    pub steady_at: Option<Duration>,
    pub posting_time: Duration,
    /// Messages the settings ask for.
    pub target: u64,
    pub posted: u64,
    pub pubacks: u64,
    pub replies: u64,
    pub duplicate_replies: u64,
    pub bad_replies: u64,
    pub posting_error: Option<String>,
    pub api: ApiFigures,
    pub first_api_failure: Option<String>,
    pub alive_at_end: bool,
}

/// Memory from the first periodic sample after the ring filled to the last sample.
#[derive(Clone, Debug)]
pub struct Growth {
    pub from: Sample,
    pub to: Sample,
    /// The highest RSS from `from` on, MB.
    pub highest_mb: f64,
}

impl Growth {
    /// Last minus first, MB (negative when memory went down).
    pub fn mb(&self) -> f64 {
        self.to.rss_mb() - self.from.rss_mb()
    }

    /// The growth spread over the messages posted in between.
    pub fn bytes_per_message(&self) -> f64 {
        let messages = self.to.posted.saturating_sub(self.from.posted).max(1);
        self.mb() * 1024.0 * 1024.0 / messages as f64
    }
}

/// Whether the soak passed, and every reason it did not.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub problems: Vec<String>,
    pub growth: Option<Growth>,
    pub max_growth_mb: f64,
}

impl Verdict {
    /// No message or poll lost and memory flat.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    /// One line for stderr and the fragment.
    pub fn summary(&self) -> String {
        let memory = match &self.growth {
            Some(g) => format!(
                "growth after the ring filled {:+.2} MB (bound {} MB)",
                g.mb(),
                self.max_growth_mb
            ),
            None => "no growth figure".to_string(),
        };
        if self.passed() {
            format!("flat and nothing lost: {memory}")
        } else {
            format!("FAILED: {} ({memory})", self.problems.join("; "))
        }
    }
}

impl Outcome {
    /// Lost = posted and never answered.
    pub fn lost(&self) -> u64 {
        self.posted.saturating_sub(self.replies)
    }

    /// The growth after the ring filled: from the first periodic sample taken after the ring
    /// was full and a whole-log answer of the full ring was built (so that every buffer has
    /// had its full size once) to the last sample.
    pub fn growth(&self) -> Option<Growth> {
        let full = self.ring_full_at?.max(self.steady_at?);
        let from = self
            .samples
            .iter()
            .position(|s| s.at > full && s.label.is_empty())?;
        let to = self.samples.last()?;
        if from + 1 >= self.samples.len() {
            return None;
        }
        let highest_kb = self.samples[from..]
            .iter()
            .map(|s| s.usage.rss_kb)
            .max()
            .unwrap_or(0);
        Some(Growth {
            from: self.samples[from].clone(),
            to: to.clone(),
            highest_mb: highest_kb as f64 / 1024.0,
        })
    }

    /// Checks everything against the settings.
    pub fn verdict(&self, max_growth_mb: f64) -> Verdict {
        let mut problems = Vec::new();
        if let Some(e) = &self.posting_error {
            problems.push(format!("posting stopped: {e}"));
        }
        if self.posted < self.target {
            problems.push(format!("posted {} of {}", self.posted, self.target));
        }
        if self.lost() > 0 {
            problems.push(format!("{} posts got no reply", self.lost()));
        }
        if self.pubacks != self.posted {
            problems.push(format!(
                "{} PUBACKs for {} posts",
                self.pubacks, self.posted
            ));
        }
        if self.duplicate_replies + self.bad_replies > 0 {
            problems.push(format!(
                "{} duplicate and {} unexpected replies",
                self.duplicate_replies, self.bad_replies
            ));
        }
        if self.api.failures > 0 {
            problems.push(format!(
                "{} failed API polls (first: {})",
                self.api.failures,
                self.first_api_failure.as_deref().unwrap_or("?")
            ));
        }
        if self.api.gaps > 0 {
            problems.push(format!(
                "{} times log entries fell off before the poller read them",
                self.api.gaps
            ));
        }
        if !self.alive_at_end {
            problems.push("the emulator exited".to_string());
        }
        let growth = self.growth();
        match &growth {
            None if self.ring_full_at.is_none() => problems.push(
                "the ring never filled: run longer or with a smaller --log-capacity".to_string(),
            ),
            None if self.steady_at.is_none() => {
                problems.push("no whole-log answer of the full ring came back".to_string())
            }
            None => problems.push(
                "fewer than two samples after the ring filled: run longer or sample more often"
                    .to_string(),
            ),
            Some(g) if g.mb() > max_growth_mb => problems.push(format!(
                "memory grew {:.2} MB after the ring filled (bound {max_growth_mb} MB)",
                g.mb()
            )),
            Some(_) => {}
        }
        Verdict {
            problems,
            growth,
            max_growth_mb,
        }
    }
}

/// `m:ss`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The markdown fragment: the command, the settings, the samples and the verdict.
pub fn render(settings: &Settings, outcome: &Outcome) -> String {
    let verdict = outcome.verdict(settings.max_growth_mb);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut md = String::new();
    md.push_str("### The emulator: memory under a steady load\n\n");
    md.push_str(&format!("Command: `{}`\n\n", settings.command));
    md.push_str(&format!(
        "One device (the demo registry's `console-demo`, MQTT 3.1.1 over TCP) posts Alink \
properties (`/sys/{{pk}}/{{dn}}/thing/event/property/post`, QoS 1, JSON with an incrementing id \
and changing values) to the release `aliyun-emulator` at **{} msg/s for {} minutes**, and reads \
every PUBACK and every `post_reply`. Meanwhile the HTTP API is polled every {} s, each request \
on a fresh connection: the new log entries (`GET /api/log?since=`), `GET /api/devices`, \
`GET /api/properties`, and every tenth round the whole log. The message log keeps **{} \
entries** (`--log-capacity`); each post adds two (`publish_up` and the reply's \
`publish_down`). The emulator's resident memory (`VmRSS` of `/proc/PID/status`; peak = \
`VmHWM`) is read at the start, when the ring first fills, every {} s and at the end. \
Machine: {cores} cores, Linux {}.\n\n",
        settings.rate,
        settings.minutes,
        settings.poll_every.as_secs_f64(),
        thousands(settings.log_capacity as u64),
        settings.sample_secs,
        kernel.trim(),
    ));
    md.push_str(
        "| time | moment | RSS MB | peak MB | threads | open fds | posted | replies | log seq |\n",
    );
    md.push_str("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for s in &outcome.samples {
        md.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} | {} | {} | {} | {} | {} |\n",
            clock(s.at),
            s.label,
            s.rss_mb(),
            s.usage.hwm_kb as f64 / 1024.0,
            s.usage.threads,
            s.usage.open_fds,
            thousands(s.posted),
            thousands(s.replies),
            thousands(s.log_seq),
        ));
    }
    md.push('\n');
    let achieved = outcome.posted as f64 / outcome.posting_time.as_secs_f64().max(0.001);
    md.push_str(&format!(
        "- Messages: {} posted of {} ({achieved:.1} msg/s achieved), {} PUBACKs, {} replies, \
**{} lost**, {} duplicate and {} unexpected replies.\n",
        thousands(outcome.posted),
        thousands(outcome.target),
        thousands(outcome.pubacks),
        thousands(outcome.replies),
        thousands(outcome.lost()),
        outcome.duplicate_replies,
        outcome.bad_replies,
    ));
    let api = &outcome.api;
    md.push_str(&format!(
        "- HTTP API: {} requests, {} failed (the device listed offline in {}); {} log entries \
read through `since=`, {} gaps; the last whole log had {} entries ({:.1} MB of JSON).\n",
        thousands(api.requests),
        api.failures,
        api.offline_seen,
        thousands(api.entries_seen),
        api.gaps,
        thousands(api.full_log_entries),
        api.full_log_bytes as f64 / 1024.0 / 1024.0,
    ));
    match outcome.ring_full_at {
        Some(at) => md.push_str(&format!(
            "- The ring filled at {} (log seq ≥ {}); the first whole-log answer of the full ring \
came back at {}.\n",
            clock(at),
            thousands(settings.log_capacity as u64),
            outcome.steady_at.map_or("-".to_string(), clock),
        )),
        None => md.push_str("- The ring never filled.\n"),
    }
    if let (Some(first), Some(last)) = (outcome.samples.first(), outcome.samples.last()) {
        let cpu =
            last.usage.cpu_ticks.saturating_sub(first.usage.cpu_ticks) as f64 / TICKS_PER_SECOND;
        let span = last.at.saturating_sub(first.at).as_secs_f64().max(0.001);
        md.push_str(&format!(
            "- Emulator CPU: {cpu:.1} s over {} ({:.1} % of one core).\n",
            clock(last.at - first.at),
            cpu / span * 100.0
        ));
    }
    if let Some(g) = &verdict.growth {
        md.push_str(&format!(
            "- **Growth after the ring filled: {:+.2} MB** ({:.1} MB at {} → {:.1} MB at {}, \
{:+.1} bytes per message posted in between; highest RSS since {:.1} MB).\n",
            g.mb(),
            g.from.rss_mb(),
            clock(g.from.at),
            g.to.rss_mb(),
            clock(g.to.at),
            g.bytes_per_message(),
            g.highest_mb,
        ));
        let messages = g.to.posted.saturating_sub(g.from.posted).max(1);
        md.push_str(&format!(
            "- Bound for \"flat\": {} MB. Over these {} posts a leak of {:.1} bytes per message \
would pass it, while the ring's own churn (entries of a few hundred bytes replaced one by \
one, whole-log answers built and freed) does not move RSS between samples by more than a \
fraction of that.\n",
            settings.max_growth_mb,
            thousands(messages),
            settings.max_growth_mb * 1024.0 * 1024.0 / messages as f64,
        ));
    }
    md.push_str(&format!("- Verdict: **{}**\n", verdict.summary()));
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(secs: u64, label: &str, rss_mb: u64, posted: u64) -> Sample {
        Sample {
            at: Duration::from_secs(secs),
            label: label.to_string(),
            usage: Usage {
                rss_kb: rss_mb * 1024,
                hwm_kb: rss_mb * 1024,
                ..Usage::default()
            },
            posted,
            replies: posted,
            log_seq: posted * 2,
        }
    }

    fn outcome(samples: Vec<Sample>) -> Outcome {
        Outcome {
            samples,
            ring_full_at: Some(Duration::from_secs(50)),
            steady_at: Some(Duration::from_secs(51)),
            posting_time: Duration::from_secs(180),
            target: 18_000,
            posted: 18_000,
            pubacks: 18_000,
            replies: 18_000,
            duplicate_replies: 0,
            bad_replies: 0,
            posting_error: None,
            api: ApiFigures::default(),
            first_api_failure: None,
            alive_at_end: true,
        }
    }

    #[test]
    fn growth_starts_at_the_first_periodic_sample_after_the_ring_filled() {
        let o = outcome(vec![
            sample(0, "start", 5, 0),
            sample(50, "ring full", 9, 5_000),
            sample(60, "", 12, 6_000),
            sample(120, "", 12, 12_000),
            sample(180, "end", 13, 18_000),
        ]);
        let g = o.growth().unwrap();
        assert_eq!(g.from.at, Duration::from_secs(60));
        assert!((g.mb() - 1.0).abs() < 1e-9);
        assert!(o.verdict(2.0).passed());
        assert!(!o.verdict(0.5).passed());
        assert!(render(
            &Settings {
                command: "x".into(),
                minutes: 3.0,
                rate: 100.0,
                log_capacity: 10_000,
                sample_secs: 60.0,
                max_growth_mb: 2.0,
                poll_every: Duration::from_secs(1),
            },
            &o
        )
        .contains("| 1:00 |  | 12.0 |"));
    }

    #[test]
    fn a_lost_message_or_an_unfilled_ring_fails() {
        let mut o = outcome(vec![sample(0, "start", 5, 0), sample(60, "end", 5, 6_000)]);
        assert!(
            !o.verdict(2.0).passed(),
            "one sample after full is not enough"
        );
        o.ring_full_at = None;
        assert!(o.verdict(2.0).summary().contains("never filled"));
        let mut o = outcome(vec![
            sample(60, "", 5, 0),
            sample(120, "", 5, 6_000),
            sample(180, "end", 5, 18_000),
        ]);
        o.replies -= 1;
        assert!(o.verdict(2.0).summary().contains("1 posts got no reply"));
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
