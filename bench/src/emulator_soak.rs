//! The emulator soak (issue 13): one device posts Alink properties to the release emulator at
//! a fixed rate while the HTTP API is polled, and the emulator's resident memory is sampled;
//! memory must stay flat once the message log's ring is full. `scripts/bench.sh
//! --emulator-soak [MINUTES]` builds the emulator and runs this.
//!
//! Usage: emulator-soak --emulator FILE [--minutes M] [--rate R] [--log-capacity N]
//!        [--sample-secs S] [--max-growth-mb MB] [--out FILE] [--command TEXT]
//!
//! Exit code 0: nothing lost and memory flat; 1: a message or a poll was lost or memory grew
//! past the bound (the fragment says which); 2: the soak could not run.

#[path = "emulator_soak/api.rs"]
mod api;
#[path = "emulator_soak/device.rs"]
mod device;
#[path = "emulator_soak/fragment.rs"]
mod fragment;
#[path = "emulator_soak/process.rs"]
mod process;
mod procfs;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::ApiTally;
use device::{Device, Tally};
use fragment::{Outcome, Sample, Settings};
use process::Emulator;

/// How long to wait for the last replies once posting stops.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);

/// The command line.
#[derive(Clone, Debug)]
pub struct Args {
    pub emulator: PathBuf,
    pub minutes: f64,
    pub rate: f64,
    pub log_capacity: usize,
    /// Seconds between memory samples.
    pub sample_secs: f64,
    /// Growth after the ring filled above which memory is not "flat".
    pub max_growth_mb: f64,
    pub out: Option<PathBuf>,
    pub command: String,
}

fn args() -> Result<Args, String> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    let mut emulator = None;
    let (mut minutes, mut rate, mut log_capacity) = (60.0, 100.0, 10_000usize);
    let (mut sample_secs, mut max_growth_mb, mut out, mut command) = (None, 2.0, None, None);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: &str| -> Result<f64, String> {
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| format!("{a}: {v:?} is not a positive number"))
        };
        match a.as_str() {
            "--emulator" => emulator = Some(PathBuf::from(value()?)),
            "--minutes" => minutes = number(value()?)?,
            "--rate" => rate = number(value()?)?,
            "--log-capacity" => {
                let v = value()?;
                log_capacity =
                    v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--log-capacity: {v:?} is not a whole number > 0")
                    })?;
            }
            "--sample-secs" => sample_secs = Some(number(value()?)?),
            "--max-growth-mb" => max_growth_mb = number(value()?)?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--command" => command = Some(value()?.clone()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let total_secs = minutes * 60.0;
    Ok(Args {
        emulator: emulator.ok_or("missing --emulator FILE (the release aliyun-emulator)")?,
        minutes,
        rate,
        log_capacity,
        // A minute for real soaks; at least six samples for short ones.
        sample_secs: sample_secs.unwrap_or_else(|| (total_secs / 6.0).clamp(5.0, 60.0)),
        max_growth_mb,
        out,
        command: command.unwrap_or_else(|| format!("emulator-soak {}", argv.join(" "))),
    })
}

#[tokio::main]
async fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("emulator-soak: {e}");
            std::process::exit(2);
        }
    };
    match soak(&args).await {
        Ok(outcome) => {
            let text = fragment::render(&settings(&args), &outcome);
            if let Some(out) = &args.out {
                if let Err(e) = std::fs::write(out, &text) {
                    eprintln!("emulator-soak: cannot write {}: {e}", out.display());
                    std::process::exit(2);
                }
                eprintln!("emulator-soak: wrote {}", out.display());
            } else {
                println!("{text}");
            }
            let verdict = outcome.verdict(args.max_growth_mb);
            eprintln!("emulator-soak: {}", verdict.summary());
            if !verdict.passed() {
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("emulator-soak: {e}");
            std::process::exit(2);
        }
    }
}

fn settings(args: &Args) -> Settings {
    Settings {
        command: args.command.clone(),
        minutes: args.minutes,
        rate: args.rate,
        log_capacity: args.log_capacity,
        sample_secs: args.sample_secs,
        max_growth_mb: args.max_growth_mb,
        poll_every: api::POLL_EVERY,
    }
}

/// Runs the whole soak and gathers what the fragment reports.
async fn soak(args: &Args) -> Result<Outcome, String> {
    let mut emulator = Emulator::start(&args.emulator, args.log_capacity).await?;
    let login = emulator.login.clone();
    let device = Device::connect(&emulator.tcp, &login).await?;
    let tally = Arc::new(Tally::default());
    let api_tally = Arc::new(ApiTally::default());
    let (mut poster, replies) = device.split();
    let reader = tokio::spawn(replies.run(tally.clone()));
    let poller = tokio::spawn(api::poll(
        emulator.http.clone(),
        login.product_key.clone(),
        login.device_name.clone(),
        args.log_capacity as u64,
        api_tally.clone(),
    ));
    let total = (args.rate * args.minutes * 60.0).round().max(1.0) as u64;
    let started = Instant::now();
    let mut samples = Vec::new();
    let pid = emulator.pid;
    let take = |label: &str, samples: &mut Vec<Sample>| -> Result<(), String> {
        let sample = Sample {
            at: started.elapsed(),
            label: label.to_string(),
            usage: process::usage(pid)?,
            posted: tally.posted.load(Ordering::Relaxed),
            replies: tally.replies.load(Ordering::Relaxed),
            log_seq: api_tally.last_seq.load(Ordering::Relaxed),
        };
        eprintln!("emulator-soak: {}", sample.progress_line());
        samples.push(sample);
        Ok(())
    };
    take("start", &mut samples)?;
    let posting = {
        let (rate, tally) = (args.rate, tally.clone());
        // The poster comes back: dropping it would shut the socket's write side, and the
        // emulator would take the device offline before the last replies are read.
        tokio::spawn(async move {
            let result = poster.run(rate, total, &tally).await;
            (poster, result)
        })
    };
    let every = Duration::from_secs_f64(args.sample_secs);
    let mut next_sample = every;
    let mut ring_full_at = None;
    let mut check = tokio::time::interval(Duration::from_millis(250));
    let posting_error;
    let mut poster = None;
    loop {
        check.tick().await;
        if !emulator.alive() {
            return Err("the emulator exited during the soak".to_string());
        }
        if ring_full_at.is_none()
            && api_tally.last_seq.load(Ordering::Relaxed) >= args.log_capacity as u64
        {
            ring_full_at = Some(started.elapsed());
            take("ring full", &mut samples)?;
        }
        if started.elapsed() >= next_sample {
            take("", &mut samples)?;
            next_sample += every;
        }
        if posting.is_finished() {
            match posting.await {
                Ok((done, result)) => {
                    poster = Some(done);
                    posting_error = result.err();
                }
                Err(e) => {
                    posting_error = Some(format!("the posting task failed: {e}"));
                }
            }
            break;
        }
    }
    let posting_time = started.elapsed();
    let drain_start = Instant::now();
    while tally.unanswered() > 0 && drain_start.elapsed() < DRAIN_LIMIT && !reader.is_finished() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // One more poll round so the log's last entries are counted, then the final sample.
    tokio::time::sleep(api::POLL_EVERY + Duration::from_millis(200)).await;
    take("end", &mut samples)?;
    let alive_at_end = emulator.alive();
    api_tally.stop.store(true, Ordering::Relaxed);
    let first_api_failure = poller.await.unwrap_or_else(|e| Some(e.to_string()));
    reader.abort();
    drop(poster);
    emulator.stop().await;
    Ok(Outcome {
        samples,
        ring_full_at,
        steady_at: api_tally.steady_at(started),
        posting_time,
        target: total,
        posted: tally.posted.load(Ordering::Relaxed),
        pubacks: tally.pubacks.load(Ordering::Relaxed),
        replies: tally.replies.load(Ordering::Relaxed),
        duplicate_replies: tally.duplicate_replies.load(Ordering::Relaxed),
        bad_replies: tally.bad_replies.load(Ordering::Relaxed),
        posting_error,
        api: fragment::ApiFigures::read(&api_tally),
        first_api_failure,
        alive_at_end,
    })
}
