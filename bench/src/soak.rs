//! The soak (issue 13): a steady QoS 1 stream against the console for a long time, sampling
//! what the page is made of every so often: the renderer process's resident memory, the JS heap,
//! the wasm linear memory, the DOM, and the longest main-thread task since the last sample.
//! Every message is counted: the broker acknowledged every one the publisher sent, and the
//! console's received counter reaches the same number.
//!
//! Usage: mqtt-console-bench soak --dist DIR --pages DIR --out FILE [--minutes M] [--rate R]
//!        [--capacity N] [--sample-secs S] [--command TEXT] [--check] [--benchmarks FILE]
//!
//! `--check` (the short form in the test command) fails the run when a message was lost or when
//! the wasm memory grew after the log was full. Long tasks are reported, not checked: on a
//! shared machine a main thread descheduled for another process shows up as one.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::pages::{self, js, wait_for, Page, Site};
use crate::publisher::Publisher;
use crate::support;

/// What a soak does.
#[derive(Clone, Debug)]
struct Settings {
    dist: PathBuf,
    pages: PathBuf,
    out: PathBuf,
    minutes: f64,
    rate: f64,
    capacity: usize,
    sample_secs: u64,
    command: String,
    check: bool,
    /// BENCHMARKS.md, whose soak section is rewritten from `out`'s directory afterwards.
    benchmarks: Option<PathBuf>,
}

/// The log capacities the console offers (its `log-capacity` select).
const CAPACITIES: [usize; 4] = [10_000, 100_000, 1_000_000, 5_000_000];
/// The console's default log capacity.
const DEFAULT_CAPACITY: usize = 100_000;
/// A task this long is a long task (the Long Tasks API reports nothing shorter).
const LONG_TASK_MS: f64 = 50.0;
/// The issue's bound on growth after the log is full, over an hour.
const GROWTH_BOUND_MB: f64 = 5.0;

fn settings(mut it: impl Iterator<Item = String>) -> Result<Settings, String> {
    let mut s = Settings {
        dist: PathBuf::new(),
        pages: PathBuf::new(),
        out: PathBuf::new(),
        minutes: 60.0,
        rate: 1000.0,
        capacity: DEFAULT_CAPACITY,
        sample_secs: 60,
        command: "scripts/bench.sh --soak".into(),
        check: false,
        benchmarks: None,
    };
    let (mut dist, mut pages, mut out) = (None, None, None);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: String, what: &str| -> Result<f64, String> {
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| format!("{what} must be a positive number, not {v:?}"))
        };
        match a.as_str() {
            "--dist" => dist = Some(PathBuf::from(value()?)),
            "--pages" => pages = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--minutes" => s.minutes = number(value()?, "--minutes")?,
            "--rate" => s.rate = number(value()?, "--rate")?,
            "--capacity" => {
                let v = value()?;
                s.capacity = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| CAPACITIES.contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--capacity must be one the console offers {CAPACITIES:?}, not {v:?}"
                        )
                    })?;
            }
            "--sample-secs" => s.sample_secs = number(value()?, "--sample-secs")?.ceil() as u64,
            "--command" => s.command = value()?,
            "--check" => s.check = true,
            "--benchmarks" => s.benchmarks = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    s.dist = dist.ok_or("missing --dist DIR (the release build)")?;
    s.pages = pages.ok_or("missing --pages DIR (bench/pages)")?;
    s.out = out.ok_or("missing --out FILE")?;
    Ok(s)
}

/// Keeps the long animation frames of the page (at least 50 ms), with what they were made of
/// (scripts and their invokers, style and layout, the rest), for the report on long tasks.
pub const LOAF_JS: &str = r#"
window.soakFrames = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < 50) continue;
      const scripts = (e.scripts || []).map((s) => ({
        invoker: s.invoker, type: s.invokerType, ms: Math.round(s.duration),
        layout: Math.round(s.forcedStyleAndLayoutDuration || 0),
      }));
      const render = e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
      const layout = e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0;
      window.soakFrames.push({ at: Math.round(e.startTime), ms: Math.round(e.duration),
        blocking: Math.round(e.blockingDuration || 0), render, layout, scripts });
    }
  }).observe({ type: "long-animation-frame", buffered: false });
} catch (e) { window.soakFramesError = String(e); }
return true;
"#;

/// One sample of the page.
#[derive(Clone, Debug, Default)]
struct Sample {
    /// Seconds since the stream began.
    at: f64,
    /// Messages the console counted.
    received: u64,
    /// The renderer's resident set and its anonymous part (bytes).
    rss: f64,
    rss_anon: f64,
    /// `performance.memory.usedJSHeapSize`.
    js_heap: f64,
    /// The wasm linear memory (`window.mqttConsole.wasmMemory`).
    wasm: f64,
    /// The bytes the Rust allocator holds (`window.mqttConsole.wasmLive`), when the page reports it.
    wasm_live: Option<f64>,
    /// Elements in the document.
    dom: u64,
    /// The longest task since the previous sample, and how many long tasks.
    longest: f64,
    long_tasks: u64,
    /// The machine's CPU time since boot as /proc/stat counts it: (busy, stolen, total) ticks;
    /// the difference between two samples says how loaded the machine was in between, and how
    /// much a hypervisor took away (a long task on a starved machine is not the page's).
    cpu: (u64, u64, u64),
    /// The long animation frames since the previous sample, as the page described them (JSON:
    /// start, duration, rendering and style/layout time, the scripts that ran).
    frames: Vec<String>,
}

/// Runs `mqtt-console-bench soak …`; `Ok(false)` when `--check` found a failure.
pub async fn run(args: impl Iterator<Item = String>) -> Result<bool, String> {
    let s = settings(args)?;
    let broker = support::Mosquitto::start_with(crate::BROKER_SETTINGS);
    let ws_url = broker.ws_url();
    let mut extra: HashMap<String, Vec<u8>> = HashMap::new();
    extra.insert(
        "index.html".into(),
        support::demo_page(&s.dist, &crate::demo_profiles(&ws_url)),
    );
    let server = support::StaticServer::start(s.dist.clone(), "/", extra).await;
    let browser =
        support::Browser::start_with(&["--enable-precise-memory-info", "--js-flags=--expose-gc"])
            .await;
    let common_js = crate::read_text(&s.pages.join("common.js"))?;
    let adapter_js = crate::read_text(&s.pages.join("console-adapter.js"))?;
    let site = Site {
        client: &browser.client,
        base: format!("http://127.0.0.1:{}/", server.port),
        ws_url,
        common_js: &common_js,
        console_adapter_js: &adapter_js,
    };
    let result = soak(&s, &site, &broker, &browser).await;
    let chromium = js(&browser.client, "return navigator.userAgent;")
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    browser.close().await;
    let outcome = result?;
    let text = report(&s, &outcome, &chromium);
    if let Some(dir) = s.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    }
    std::fs::write(&s.out, &text).map_err(|e| format!("write {}: {e}", s.out.display()))?;
    eprintln!("soak: wrote {}", s.out.display());
    if let (Some(file), Some(dir)) = (&s.benchmarks, s.out.parent()) {
        splice(file, dir)?;
        eprintln!("soak: updated the soak section of {}", file.display());
    }
    println!("{}", outcome.verdict.join("\n"));
    Ok(!s.check || outcome.failures.is_empty())
}

/// What a soak saw.
struct Outcome {
    samples: Vec<Sample>,
    sent: u64,
    acked: u64,
    received: u64,
    /// The index of the first sample taken with the log full.
    full_at: Option<usize>,
    verdict: Vec<String>,
    failures: Vec<String>,
}

async fn soak(
    s: &Settings,
    site: &Site<'_>,
    broker: &support::Mosquitto,
    browser: &support::Browser,
) -> Result<Outcome, String> {
    let c = site.client;
    pages::open_with(site, Page::Console, 1).await?;
    if s.capacity != DEFAULT_CAPACITY {
        js(
            c,
            &format!(
                "const s = document.querySelector('[data-testid=log-capacity]'); s.value = '{}'; \
                 s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value;",
                s.capacity
            ),
        )
        .await?;
    }
    let renderer = renderer_pid(browser).await?;
    eprintln!("soak: renderer process {renderer}");
    let start_count = js(c, "return bench.count;").await?.as_u64().unwrap_or(0);
    js(c, "bench.resetLongtasks(); return true;").await?;
    js(c, LOAF_JS).await?;
    // SOAK_PROFILE=FILE: a CPU profile of the whole soak (for DevTools), to see its long tasks.
    let profile = std::env::var_os("SOAK_PROFILE").map(PathBuf::from);
    if profile.is_some() {
        crate::cdp::start_profile(c).await?;
    }
    let publisher = Publisher::connect(broker.tcp_port).await?.into_qos1();
    let duration = Duration::from_secs_f64(s.minutes * 60.0);
    let started = Instant::now();
    let until = tokio::time::Instant::now() + duration;
    let rate = s.rate;
    let publishing = tokio::spawn(async move {
        let mut p = publisher;
        let r = p.paced_until(rate, until).await;
        (p, r)
    });
    let mut samples = vec![sample(c, renderer, started, start_count).await?];
    let every = Duration::from_secs(s.sample_secs);
    let mut next = started + every;
    while next <= started + duration + Duration::from_millis(500) {
        tokio::time::sleep_until(next.into()).await;
        let one = sample(c, renderer, started, start_count).await?;
        eprintln!(
            "soak: {:>6.1} min  {:>9} received  rss {:>6.1} MB  heap {:>5.1} MB  wasm {:>6.1} MB{}  dom {:>5}  longest {:>4.0} ms",
            one.at / 60.0,
            one.received,
            mb(one.rss),
            mb(one.js_heap),
            mb(one.wasm),
            one.wasm_live
                .map(|l| format!(" (live {:.1})", mb(l)))
                .unwrap_or_default(),
            one.dom,
            one.longest
        );
        for f in &one.frames {
            eprintln!("soak:   long animation frame {f}");
        }
        samples.push(one);
        next += every;
    }
    let (publisher, published) = publishing
        .await
        .map_err(|e| format!("the publisher task failed: {e}"))?;
    published?;
    if let Some(path) = &profile {
        crate::cdp::stop_profile(c, path).await?;
        eprintln!("soak: CPU profile in {}", path.display());
    }
    let sent = publisher.sent();
    let acked = publisher.finish(Duration::from_secs(30)).await;
    // The console has until then to count what is still on its way.
    let expr = format!("bench.count - {start_count} >= {sent}");
    let counted = wait_for(
        c,
        &expr,
        Duration::from_secs(120),
        "soak: the last messages",
    )
    .await;
    let last = sample(c, renderer, started, start_count).await?;
    let received = last.received;
    if counted.is_ok() && samples.last().is_some_and(|l| l.received < received) {
        samples.push(last);
    }
    let capacity = s.capacity as u64;
    let full_at = samples.iter().position(|x| x.received >= capacity);
    let mut verdict = Vec::new();
    let mut failures = Vec::new();
    let lost = sent.saturating_sub(received);
    let line = format!(
        "sent {sent}, acknowledged by the broker {acked}, counted by the console {received}: {}",
        if lost == 0 && acked == sent {
            "nothing lost".to_string()
        } else {
            format!("{lost} lost")
        }
    );
    if lost > 0 || acked < sent {
        failures.push(line.clone());
    }
    verdict.push(line);
    let longest = samples.iter().map(|x| x.longest).fold(0.0, f64::max);
    let tasks: u64 = samples.iter().map(|x| x.long_tasks).sum();
    let line = if tasks == 0 {
        format!("no task of {LONG_TASK_MS} ms or more")
    } else {
        format!("{tasks} tasks of {LONG_TASK_MS} ms or more, the longest {longest:.0} ms")
    };
    verdict.push(line);
    match full_at.map(|i| (&samples[i], samples.last().unwrap_or(&samples[i]))) {
        Some((first, last)) if last.at > first.at => {
            let minutes = (last.at - first.at) / 60.0;
            let wasm = mb(last.wasm - first.wasm);
            let line = format!(
                "after the log was full ({minutes:.1} min): renderer {:+.1} MB, wasm {wasm:+.1} MB, JS heap {:+.1} MB, DOM {:+} elements",
                mb(last.rss - first.rss),
                mb(last.js_heap - first.js_heap),
                last.dom as i64 - first.dom as i64,
            );
            // The wasm memory grows in 64 KiB pages and never shrinks: any growth in a short
            // run is a leak. The hour's bound applies to the renderer as a whole.
            let bound = if s.check { 1.0 } else { GROWTH_BOUND_MB };
            if wasm > bound || (!s.check && mb(last.rss - first.rss) > bound) {
                failures.push(line.clone());
            }
            verdict.push(line);
        }
        _ => {
            let line = format!(
                "the log (capacity {}) was never full long enough to measure growth",
                s.capacity
            );
            failures.push(line.clone());
            verdict.push(line);
        }
    }
    if let Err(e) = counted {
        failures.push(e.clone());
        verdict.push(e);
    }
    Ok(Outcome {
        samples,
        sent,
        acked,
        received,
        full_at,
        verdict,
        failures,
    })
}

fn mb(bytes: f64) -> f64 {
    bytes / 1_048_576.0
}

/// Reads the page and the renderer process; resets the long-task record.
async fn sample(
    c: &fantoccini::Client,
    renderer: u32,
    started: Instant,
    start_count: u64,
) -> Result<Sample, String> {
    let v = js(
        c,
        "const m = window.mqttConsole || {}; const b = window.bench; \
         const r = {count: b.count, heap: performance.memory ? performance.memory.usedJSHeapSize : 0, \
           wasm: m.wasmMemory || 0, live: m.wasmLive === undefined ? null : m.wasmLive, \
           frames: window.soakFrames.splice(0), dom: document.getElementsByTagName('*').length, longest: b.longest, tasks: b.longtasks}; \
         b.resetLongtasks(); return r;",
    )
    .await?;
    let (rss, rss_anon) = rss_of(renderer)?;
    let n = |v: &Value| v.as_f64().unwrap_or(0.0);
    Ok(Sample {
        at: started.elapsed().as_secs_f64(),
        received: v["count"].as_u64().unwrap_or(0).saturating_sub(start_count),
        rss,
        rss_anon,
        js_heap: n(&v["heap"]),
        wasm: n(&v["wasm"]),
        wasm_live: v["live"].as_f64(),
        dom: v["dom"].as_u64().unwrap_or(0),
        longest: n(&v["longest"]),
        cpu: cpu_ticks(),
        frames: v["frames"]
            .as_array()
            .map(|a| a.iter().map(Value::to_string).collect())
            .unwrap_or_default(),
        long_tasks: v["tasks"].as_u64().unwrap_or(0),
    })
}

/// The process id of the page's renderer: a Chromium process of this browser's process group
/// started as `--type=renderer`.
async fn renderer_pid(browser: &support::Browser) -> Result<u32, String> {
    let group = browser.process_group();
    let mut renderers = Vec::new();
    let dir = std::fs::read_dir("/proc").map_err(|e| format!("read /proc: {e}"))?;
    for entry in dir.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        if !cmdline
            // Chromium rewrites the command line of the processes its zygote forks into one
            // string, so arguments may be separated by spaces as well as NULs.
            .split(|&b| b == 0 || b == b' ')
            .any(|arg| arg == b"--type=renderer")
        {
            continue;
        }
        let pgrp = crate::procfs::stat_fields(pid)
            .get(2)
            .and_then(|g| g.parse::<u32>().ok());
        if pgrp == Some(group) {
            renderers.push(pid);
        }
    }
    // A spare renderer may be waiting for the next tab; the page's is the one holding the most.
    renderers
        .iter()
        .filter_map(|&pid| rss_of(pid).ok().map(|(rss, _)| (pid, rss)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(pid, _)| pid)
        .ok_or_else(|| format!("no renderer process in chromedriver's process group {group}"))
}

/// The `cpu` line of /proc/stat: (busy, stolen, total) ticks; zeros where it cannot be read.
fn cpu_ticks() -> (u64, u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("cpu "))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    // user nice system idle iowait irq softirq steal (guest time is inside user).
    let get = |i: usize| fields.get(i).copied().unwrap_or(0);
    let total: u64 = (0..8).map(get).sum();
    let idle = get(3) + get(4);
    (total - idle - get(7), get(7), total)
}

/// The machine's load between two samples: busy and stolen shares of its CPU time, in %.
fn load_between(a: &Sample, b: &Sample) -> Option<(f64, f64)> {
    let total = b.cpu.2.checked_sub(a.cpu.2).filter(|&t| t > 0)? as f64;
    let busy = b.cpu.0.saturating_sub(a.cpu.0) as f64;
    let stolen = b.cpu.1.saturating_sub(a.cpu.1) as f64;
    Some((100.0 * busy / total, 100.0 * stolen / total))
}

/// `VmRSS` and `RssAnon` of `pid`, in bytes.
fn rss_of(pid: u32) -> Result<(f64, f64), String> {
    let status = crate::procfs::status(pid)?;
    let bytes = |name| crate::procfs::status_field(&status, name).map(|kb| kb as f64 * 1024.0);
    Ok((
        bytes("VmRSS:").ok_or_else(|| format!("no VmRSS for {pid}"))?,
        bytes("RssAnon:").unwrap_or(0.0),
    ))
}

fn report(s: &Settings, o: &Outcome, chromium: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "### The console: {} msg/s for {} min, log capacity {}\n",
        s.rate, s.minutes, s.capacity
    );
    let _ = writeln!(
        t,
        "A QoS 1 stream of {}-byte messages at {} msg/s for {} minutes against the console (log capacity {}), sampled every {} s (MB are 2^20 bytes), from\n\n```sh\n{}\n```\n",
        crate::publisher::PAYLOAD_BYTES,
        s.rate,
        s.minutes,
        s.capacity,
        s.sample_secs,
        s.command
    );
    let _ = writeln!(t, "Chromium: `{chromium}`.\n");
    for v in &o.verdict {
        let _ = writeln!(t, "- {v}");
    }
    let _ = writeln!(
        t,
        "\n| minute | received | renderer RSS (MB) | of it anonymous (MB) | JS heap (MB) | wasm memory (MB) | wasm allocated (MB) | DOM elements | longest task since the last sample | machine: busy / stolen CPU |"
    );
    let _ = writeln!(t, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (i, x) in o.samples.iter().enumerate() {
        let load = i
            .checked_sub(1)
            .and_then(|p| load_between(&o.samples[p], x))
            .map(|(busy, stolen)| format!("{busy:.0} % / {stolen:.0} %"))
            .unwrap_or_else(|| "–".into());
        let full = if Some(i) == o.full_at {
            " (log full)"
        } else {
            ""
        };
        let _ = writeln!(
            t,
            "| {:.1}{full} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} | {} | {load} |",
            x.at / 60.0,
            x.received,
            mb(x.rss),
            mb(x.rss_anon),
            mb(x.js_heap),
            mb(x.wasm),
            x.wasm_live
                .map(|l| format!("{:.1}", mb(l)))
                .unwrap_or_else(|| "–".into()),
            x.dom,
            if x.long_tasks == 0 {
                "< 50 ms".to_string()
            } else {
                format!("{:.0} ms ({} long)", x.longest, x.long_tasks)
            }
        );
    }
    let _ = writeln!(
        t,
        "\nPublished {}, acknowledged {}, counted {}.",
        o.sent, o.acked, o.received
    );
    let frames: Vec<(f64, &String)> = o
        .samples
        .iter()
        .flat_map(|x| x.frames.iter().map(move |f| (x.at, f)))
        .collect();
    if !frames.is_empty() {
        let _ = writeln!(
            t,
            "\nAnimation frames of 50 ms or more (the Long Animation Frames API: `ms` the frame, `render` and `layout` its rendering and style/layout time, `scripts` what ran):\n"
        );
        for (at, f) in frames {
            let _ = writeln!(t, "- by minute {:.1}: `{f}`", at / 60.0);
        }
    }
    t
}

/// Where the soak section of BENCHMARKS.md begins and ends: the full run and each soak rewrite
/// only what lies between.
pub const BEGIN: &str = "<!-- soak: written from bench/soak/*.md by scripts/bench.sh -->";
const END: &str = "<!-- /soak -->";

/// The soak section: every fragment in `dir` (one per soak, `bench/soak/*.md`), in name order.
pub fn section(dir: &std::path::Path) -> Result<String, String> {
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("read {}: {e}", dir.display())),
    };
    names.sort();
    let mut s = format!("{BEGIN}\n## Long sessions (soak)\n\n");
    if names.is_empty() {
        s.push_str("No soak has been run yet: `scripts/bench.sh --soak`.\n");
    }
    for p in names {
        let text = crate::read_text(&p)?;
        let _ = writeln!(s, "{}\n", text.trim_end());
    }
    s.push_str(END);
    s.push('\n');
    Ok(s)
}

/// Rewrites the soak section of `file` (BENCHMARKS.md) from the fragments in `dir`; a file
/// without the section gets it before its notes (or at its end).
pub fn splice(file: &std::path::Path, dir: &std::path::Path) -> Result<(), String> {
    let old = crate::read_text(file).unwrap_or_default();
    let section = section(dir)?;
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(a), Some(b)) if b > a => {
            let rest = old[b + END.len()..].trim_start_matches('\n');
            format!(
                "{}{section}{}{rest}",
                &old[..a],
                if rest.is_empty() { "" } else { "\n" }
            )
        }
        // Before the notes, where the full run puts it.
        _ => match old.find("\n## Notes") {
            Some(at) => format!("{}\n\n{section}{}", old[..at].trim_end(), &old[at..]),
            None => format!("{}\n\n{section}", old.trim_end()),
        },
    };
    std::fs::write(file, new).map_err(|e| format!("write {}: {e}", file.display()))
}

/// `mqtt-console-bench splice --benchmarks FILE --dir DIR`: rewrites the soak section of FILE
/// from the fragments in DIR (after a soak that does not splice itself, the emulator's).
pub fn splice_command(mut it: impl Iterator<Item = String>) -> Result<(), String> {
    let (mut file, mut dir) = (None, None);
    while let Some(a) = it.next() {
        let value = it.next().ok_or_else(|| format!("{a} needs a value"))?;
        match a.as_str() {
            "--benchmarks" => file = Some(PathBuf::from(value)),
            "--dir" => dir = Some(PathBuf::from(value)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let file = file.ok_or("missing --benchmarks FILE")?;
    let dir = dir.ok_or("missing --dir DIR")?;
    splice(&file, &dir)?;
    eprintln!("splice: updated the soak section of {}", file.display());
    Ok(())
}
