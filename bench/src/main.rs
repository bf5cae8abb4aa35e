//! The benchmark harness: the console against mqtt.js and a raw WebSocket, in one headless
//! Chromium, on one mosquitto, in one run; and the console's ingest over MQTT 5 beside its
//! 3.1.1 figure (issue 14). `scripts/bench.sh` builds what it needs and runs
//! this; see BENCHMARKS.md for what each figure means.
//!
//! Usage: mqtt-console-bench --dist DIR --pages DIR --mqttjs FILE --out FILE [--smoke]
//!        [--notes FILE] [--command TEXT] [--decode-page DIR] [--splice-codecs FILE]
//!        mqtt-console-bench soak … (a long steady stream: see `soak.rs`)
//!        mqtt-console-bench splice --benchmarks FILE --dir DIR (the soak section from DIR/*.md)

#[path = "../../tests/support/mod.rs"]
mod support;

mod cdp;
mod codecs;
mod pages;
mod procfs;
mod publisher;
mod report;
mod soak;
mod workspace;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pages::{js, js_f64, wait_for, Page, Site};
use publisher::Publisher;
use report::{Figures, Run};

/// How much each measurement sends.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// P2: messages of the ingest burst, and how many bursts.
    pub burst: usize,
    pub bursts: usize,
    /// P3: messages per second of the steady stream, and for how long.
    pub stream_rate: usize,
    pub stream_secs: u64,
    /// P4: messages before memory is read.
    pub memory_after: usize,
    /// P5: round trips.
    pub round_trips: usize,
    /// How long one stream may take before the page is reported as not keeping up.
    pub limit: Duration,
    /// Codecs (issue 17): messages per timing of the decode page, and timings per codec.
    pub decode_messages: u32,
    pub decode_rounds: u32,
    /// Codecs: the live chart's stream, messages per second and seconds.
    pub chart_rate: usize,
    pub chart_secs: u64,
}

const FULL: Scale = Scale {
    burst: 200_000,
    bursts: 5,
    stream_rate: 20_000,
    stream_secs: 10,
    memory_after: 1_000_000,
    round_trips: 200,
    limit: Duration::from_secs(600),
    decode_messages: 20_000,
    decode_rounds: 7,
    chart_rate: 1_000,
    chart_secs: 30,
};

const SMOKE: Scale = Scale {
    burst: 3_000,
    bursts: 1,
    stream_rate: 1_000,
    stream_secs: 2,
    memory_after: 5_000,
    round_trips: 20,
    limit: Duration::from_secs(120),
    decode_messages: 500,
    decode_rounds: 2,
    chart_rate: 1_000,
    chart_secs: 2,
};

/// What mosquitto adds to its listeners: no limit on queued messages, so QoS 0 messages for a
/// subscriber that falls behind wait in the broker instead of being dropped.
pub const BROKER_SETTINGS: &str = "max_queued_messages 0\n";

/// Served with every page: makes it cross-origin isolated (finer timers; see `run`).
const ISOLATION_HEADERS: &str =
    "Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n";

struct Args {
    dist: PathBuf,
    pages: PathBuf,
    mqttjs: PathBuf,
    out: PathBuf,
    notes: Option<PathBuf>,
    command: String,
    smoke: bool,
    /// The decode page's wasm-bindgen output (`bench/decode-page`), when it was built.
    decode_page: Option<PathBuf>,
    /// BENCHMARKS.md, whose codecs section a run of that step alone rewrites.
    splice_codecs: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let (mut dist, mut pages, mut mqttjs, mut out, mut notes) = (None, None, None, None, None);
    let (mut decode_page, mut splice_codecs) = (None, None);
    let mut command = "scripts/bench.sh".to_string();
    let mut smoke = false;
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--dist" => dist = Some(PathBuf::from(value()?)),
            "--pages" => pages = Some(PathBuf::from(value()?)),
            "--mqttjs" => mqttjs = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--notes" => notes = Some(PathBuf::from(value()?)),
            "--command" => command = value()?,
            "--smoke" => smoke = true,
            "--decode-page" => decode_page = Some(PathBuf::from(value()?)),
            "--splice-codecs" => splice_codecs = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let need = |v: Option<PathBuf>, name: &str| v.ok_or_else(|| format!("missing {name}"));
    Ok(Args {
        dist: need(dist, "--dist DIR (the release build)")?,
        pages: need(pages, "--pages DIR (bench/pages)")?,
        mqttjs: need(mqttjs, "--mqttjs FILE (node_modules/mqtt/dist/mqtt.min.js)")?,
        out: need(out, "--out FILE")?,
        notes,
        command,
        smoke,
        decode_page,
        splice_codecs,
    })
}

/// The console's demo profiles for the benchmark broker (the page's demo block): the console
/// fills in its URL.
pub fn demo_profiles(ws_url: &str) -> Vec<u8> {
    serde_json::json!({"profiles": [{
        "name": "Benchmark broker", "mode": "generic", "url": ws_url,
        "subscribe": "bench/#", "publish": "bench/echo/d",
    }]})
    .to_string()
    .into_bytes()
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))
}

#[tokio::main]
async fn main() {
    let outcome = match std::env::args().nth(1).as_deref() {
        Some("soak") => soak::run(std::env::args().skip(2)).await,
        Some("splice") => soak::splice_command(std::env::args().skip(2)).map(|()| true),
        _ => run().await,
    };
    match outcome {
        Ok(true) => {}
        Ok(false) => {
            eprintln!("bench: some measurements failed (see the report)");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    }
}

/// Runs everything; `Ok(false)` when the report was written but a smoke measurement failed (in
/// the full run a page that cannot keep up is a result, shown in the report, not an error).
async fn run() -> Result<bool, String> {
    let args = args()?;
    let mut scale = if args.smoke { SMOKE } else { FULL };
    // BENCH_BURSTS=9: more P2 bursts for a steadier median (the report says how many).
    if let Some(n) = std::env::var("BENCH_BURSTS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        scale.bursts = n;
    }
    let broker = support::Mosquitto::start_with(BROKER_SETTINGS);
    let ws_url = broker.ws_url();

    // Everything is served by one server: dist/ at the root, the comparison pages and the
    // installed mqtt.js under bench/.
    let mut extra: HashMap<String, Vec<u8>> = HashMap::new();
    for entry in
        std::fs::read_dir(&args.pages).map_err(|e| format!("read {}: {e}", args.pages.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            extra.insert(format!("bench/{name}"), read(&path)?);
        }
    }
    extra.insert("bench/mqtt.min.js".into(), read(&args.mqttjs)?);
    if let Some(dir) = &args.decode_page {
        for entry in std::fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let bytes = if name.ends_with(".js") {
                codecs::stub_split_imports(&read_text(&path)?)?.into_bytes()
            } else {
                read(&path)?
            };
            extra.insert(format!("bench/decode/{name}"), bytes);
        }
    }
    extra.insert(
        "index.html".into(),
        support::demo_page(&args.dist, &demo_profiles(&ws_url)),
    );
    let (sizes, delivery) = report::first_load_sizes(&args.dist, &extra)?;
    // Cross-origin isolated pages get `performance.now()` in 5 µs steps instead of 100 µs,
    // which a sub-millisecond round trip (P5) needs; every page here is same-origin.
    let server = support::StaticServer::start_with_headers(
        args.dist.clone(),
        "/",
        extra.clone(),
        ISOLATION_HEADERS,
    )
    .await;

    let browser =
        support::Browser::start_with(&["--enable-precise-memory-info", "--js-flags=--expose-gc"])
            .await;
    let common_js = read_text(&args.pages.join("common.js"))?;
    let adapter_js = read_text(&args.pages.join("console-adapter.js"))?;
    let site = Site {
        client: &browser.client,
        base: format!("http://127.0.0.1:{}/", server.port),
        ws_url: ws_url.clone(),
        common_js: &common_js,
        console_adapter_js: &adapter_js,
    };

    // BENCH_PAGES=d (or "bd", …) measures only those pages, to try a change quickly.
    let only = std::env::var("BENCH_PAGES").unwrap_or_default();
    let selected = |page: Page| {
        only.is_empty()
            || only
                .chars()
                .any(|p| page.label().starts_with(&format!("({p})")))
    };
    let mut figures: Vec<Figures> = Page::ALL
        .iter()
        .map(|&page| Figures::new(page, sizes.get(&page).copied()))
        .collect();
    // Step by step, each step on every page in turn, so that whatever else the machine does
    // weighs on all four pages alike rather than on the ones measured at a busy moment.
    let mut steps = vec![Step::RoundTrips];
    steps.extend((0..scale.bursts).map(Step::Burst));
    steps.extend([Step::Stream, Step::Memory]);
    // BENCH_STEPS=p2 (or "p2 p5", …) takes only those measurements, to try a change quickly.
    let wanted = std::env::var("BENCH_STEPS").unwrap_or_default();
    steps.retain(|step| wanted.is_empty() || wanted.contains(step.figure()));
    for step in steps {
        for f in figures
            .iter_mut()
            .filter(|f| selected(f.page) && step.taken_on(f.page))
        {
            eprintln!("bench: {step:?} {}", f.page.label());
            measure(&site, &broker, scale, f, step).await;
        }
    }
    for f in figures.iter().filter(|f| selected(f.page)) {
        eprintln!("bench: {}: {}", f.page.label(), report::brief(f));
    }
    // Three connections at once (issue 16), on the console only.
    let held = if args.smoke { 10_000 } else { 1_000_000 };
    let several = if selected(Page::Console) && (wanted.is_empty() || wanted.contains("workspace"))
    {
        eprintln!("bench: three connections");
        let w = workspace::measure(&site, &broker, scale.burst, held, scale.limit).await;
        eprintln!("bench: three connections: {w:?}");
        Some(w)
    } else {
        None
    };
    // Codecs and charts (issue 17), on the console only.
    let mut codecs = if selected(Page::Console) && (wanted.is_empty() || wanted.contains("codecs"))
    {
        eprintln!("bench: codecs and charts");
        let c = codecs::measure(&site, &broker, scale, args.decode_page.is_some()).await;
        eprintln!("bench: codecs and charts: {}", report::codecs::brief(&c));
        Some(c)
    } else {
        None
    };
    let chromium = browser_version(&browser.client).await;
    if let Some(c) = codecs.as_mut() {
        c.command = match std::env::var("BENCH_STEPS") {
            Ok(steps) if !steps.is_empty() => format!("BENCH_STEPS={steps} {}", args.command),
            _ => args.command.clone(),
        };
        c.chromium = chromium.clone();
    }
    browser.close().await;

    let run = Run {
        scale,
        smoke: args.smoke,
        command: args.command,
        broker_config: broker.config(),
        chromium,
        figures,
        notes: match &args.notes {
            Some(p) => read_text(p)?,
            None => String::new(),
        },
        mqttjs_version: report::mqttjs_version(&args.mqttjs),
        workspace: several
            .as_ref()
            .map(|w| workspace::section(w, scale.burst, held))
            .unwrap_or_default(),
        codecs: codecs
            .as_ref()
            .map(report::codecs::section)
            .unwrap_or_default(),
        delivery: report::delivery::section(&delivery),
        // The soaks (an hour each) are run on their own; a full run keeps their figures.
        soak: if args.smoke {
            String::new()
        } else {
            soak::section(&args.pages.join("../soak"))?
        },
    };
    let text = report::markdown(&run);
    std::fs::write(&args.out, &text).map_err(|e| format!("write {}: {e}", args.out.display()))?;
    eprintln!("bench: wrote {}", args.out.display());
    println!("{}", report::summary(&run));
    // A run of the codecs step alone rewrites that section of BENCHMARKS.md, and only when
    // every figure of it was taken.
    if let (Some(file), Some(c)) = (&args.splice_codecs, &codecs) {
        if c.complete() && c.decode.is_some() {
            let old = read_text(file)?;
            let new = report::codecs::splice(&old, &run.codecs);
            std::fs::write(file, new).map_err(|e| format!("write {}: {e}", file.display()))?;
            eprintln!("bench: updated the codecs section of {}", file.display());
        } else {
            eprintln!(
                "bench: {} left as it was: the codecs step did not complete",
                file.display()
            );
        }
    }
    let several_ok = several.is_none_or(|w| w.error.is_none());
    let codecs_ok = codecs.is_none_or(|c| c.complete());
    Ok(!run.smoke || (run.figures.iter().all(Figures::complete) && several_ok && codecs_ok))
}

async fn browser_version(client: &fantoccini::Client) -> String {
    js(client, "return navigator.userAgent;")
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// One measurement; each loads its page afresh.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// P5 (and a P6 sample): publish → own echo.
    RoundTrips,
    /// P2: one burst (of `Scale::bursts`).
    Burst(usize),
    /// P3: the longest main-thread task during a steady stream.
    Stream,
    /// P4: memory after many messages.
    Memory,
}

/// BENCH_PROFILE=a|b|c|d: a CPU profile (for DevTools) of this page's round trips and first
/// burst, written to the temp dir.
fn profile_wanted(page: Page) -> Option<String> {
    std::env::var("BENCH_PROFILE")
        .ok()
        .filter(|p| page.label().starts_with(&format!("({p})")))
}

impl Step {
    /// Whether this step is taken on `page`: the MQTT 5 console (e) is there for its ingest
    /// rate beside the 3.1.1 one (issue 14), so it takes the P2 bursts only.
    fn taken_on(self, page: Page) -> bool {
        page != Page::ConsoleV5 || matches!(self, Step::Burst(_))
    }

    /// The figure this step measures (`BENCH_STEPS` names steps by it).
    fn figure(self) -> &'static str {
        match self {
            Step::RoundTrips => "p5",
            Step::Burst(_) => "p2",
            Step::Stream => "p3",
            Step::Memory => "p4",
        }
    }
}

/// Takes `step` on `f.page`; a failure is recorded in `f` and the run goes on.
async fn measure(
    site: &Site<'_>,
    broker: &support::Mosquitto,
    scale: Scale,
    f: &mut Figures,
    step: Step,
) {
    let page = f.page;
    let c = site.client;
    match step {
        Step::RoundTrips => {
            f.p5 = async {
                f.p6.push(pages::open(site, page).await?);
                let profile = profile_wanted(page);
                if profile.is_some() {
                    cdp::start_profile(c).await?;
                }
                js(
                    c,
                    &format!("bench.startRoundTrips({}); return true;", scale.round_trips),
                )
                .await?;
                wait_for(c, "bench.rtt", Duration::from_secs(120), "round trips").await?;
                if let Some(name) = profile {
                    let path = std::env::temp_dir().join(format!("bench-rtt-{name}.cpuprofile"));
                    cdp::stop_profile(c, &path).await?;
                    eprintln!(
                        "bench: CPU profile of the round trips in {}",
                        path.display()
                    );
                }
                let rtt = js(c, "return bench.rtt;").await?;
                let list = |v: &serde_json::Value| -> Vec<f64> {
                    v.as_array()
                        .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
                        .unwrap_or_default()
                };
                Ok(report::RoundTrips {
                    received: list(&rtt["engine"]),
                    shown: list(&rtt["shown"]),
                    clicked: list(&rtt["clicked"]),
                })
            }
            .await;
        }
        Step::Burst(n) => {
            // As fast as the publisher can write it; several bursts, since one burst on a
            // shared machine can be off by a lot.
            let rate = async {
                f.p6.push(pages::open(site, page).await?);
                js(c, &format!("bench.expect({}); return true;", scale.burst)).await?;
                let profile = profile_wanted(page).filter(|_| n == 0);
                if profile.is_some() {
                    cdp::start_profile(c).await?;
                }
                let mut p = Publisher::connect(broker.tcp_port).await?;
                p.blast(scale.burst).await?;
                p.finish().await;
                wait_for(c, "bench.doneAt !== undefined", scale.limit, "ingest").await?;
                if let Some(name) = profile {
                    let path = std::env::temp_dir().join(format!("bench-ingest-{name}.cpuprofile"));
                    cdp::stop_profile(c, &path).await?;
                    eprintln!("bench: CPU profile of the ingest in {}", path.display());
                }
                js_f64(c, "return bench.rate();").await
            }
            .await;
            // The first failed burst is the figure.
            f.p2 = match (n, std::mem::replace(&mut f.p2, Ok(Vec::new())), rate) {
                (0, _, rate) => rate.map(|r| vec![r]),
                (_, Ok(mut rates), Ok(r)) => {
                    rates.push(r);
                    Ok(rates)
                }
                (_, Err(e), _) | (_, Ok(_), Err(e)) => Err(e),
            };
        }
        Step::Stream => {
            f.p3 = async {
                f.p6.push(pages::open(site, page).await?);
                let total = Publisher::paced_total(scale.stream_rate, scale.stream_secs);
                js(c, &format!("bench.resetLongtasks(); bench.expect({total}); return true;")).await?;
                let mut p = Publisher::connect(broker.tcp_port).await?;
                p.paced(scale.stream_rate, scale.stream_secs).await?;
                p.finish().await;
                wait_for(c, "bench.doneAt !== undefined", scale.limit, "steady stream").await?;
                // A task still running when the last message was counted is reported when it ends.
                tokio::time::sleep(Duration::from_millis(300)).await;
                let v = js(c, "return {longest: bench.longest, count: bench.longtasks, error: bench.longtaskError || null};").await?;
                if let Some(e) = v["error"].as_str() {
                    return Err(format!("no longtask observer: {e}"));
                }
                Ok((v["longest"].as_f64().unwrap_or(0.0), v["count"].as_u64().unwrap_or(0)))
            }
            .await;
        }
        Step::Memory => {
            // The console's log at its default capacity.
            f.p4 = async {
                f.p6.push(pages::open(site, page).await?);
                js(
                    c,
                    &format!("bench.expect({}); return true;", scale.memory_after),
                )
                .await?;
                let mut p = Publisher::connect(broker.tcp_port).await?;
                p.blast(scale.memory_after).await?;
                p.finish().await;
                wait_for(
                    c,
                    "bench.doneAt !== undefined",
                    scale.limit,
                    "memory stream",
                )
                .await?;
                tokio::time::sleep(Duration::from_millis(500)).await;
                let v = js(c, "return bench.memory();").await?;
                let js_heap = v["js"]
                    .as_f64()
                    .ok_or("performance.memory is not available")?;
                Ok((js_heap, v["wasm"].as_f64().unwrap_or(0.0)))
            }
            .await;
        }
    }
}
