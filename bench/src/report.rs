//! BENCHMARKS.md: every figure of one run, the ratios against the targets of issue 7, the
//! command, the machine and the versions.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::pages::Page;
use crate::Scale;

pub mod codecs;
pub mod delivery;
mod mqtt5;

/// One metric's outcome: the figure, or why there is none.
pub type Measured<T> = Result<T, String>;

/// P5 round trips (ms), one per publish.
pub struct RoundTrips {
    /// From the publish call to the page's message handler for the echo.
    pub received: Vec<f64>,
    /// From the publish (the click, for the console) to the frame that shows the echo; empty
    /// for pages that show nothing.
    pub shown: Vec<f64>,
    /// The console only: from the click on `pub-send` to the echo received.
    pub clicked: Vec<f64>,
}

/// What one page measured.
pub struct Figures {
    pub page: Page,
    /// P1: first-load bytes (raw, gzip -9, brotli 11).
    pub p1: Option<delivery::Weight>,
    /// P2: messages per second, one per burst.
    pub p2: Measured<Vec<f64>>,
    /// P3: the longest task (ms) and how many tasks were over 50 ms.
    pub p3: Measured<(f64, u64)>,
    /// P4: JS heap and wasm memory, bytes.
    pub p4: Measured<(f64, f64)>,
    /// P5: round trips (ms).
    pub p5: Measured<RoundTrips>,
    /// P6: page load → CONNACK (ms), one per page load.
    pub p6: Vec<f64>,
}

impl Figures {
    pub fn new(page: Page, p1: Option<delivery::Weight>) -> Figures {
        fn not_run<T>() -> Measured<T> {
            Err("not run".to_string())
        }
        Figures {
            page,
            p1,
            p2: not_run(),
            p3: not_run(),
            p4: not_run(),
            p5: not_run(),
            p6: Vec::new(),
        }
    }

    pub fn complete(&self) -> bool {
        if self.page == Page::ConsoleV5 {
            // Measured for ingest only (`Step::taken_on`).
            return self.p2.is_ok() && !self.p6.is_empty();
        }
        self.p2.is_ok()
            && self.p3.is_ok()
            && self.p4.is_ok()
            && self.p5.is_ok()
            && !self.p6.is_empty()
    }

    fn p5_engine(&self, q: f64) -> Option<f64> {
        self.p5.as_ref().ok().and_then(|r| quantile(&r.received, q))
    }

    fn p5_shown(&self, q: f64) -> Option<f64> {
        self.p5.as_ref().ok().and_then(|r| quantile(&r.shown, q))
    }

    fn p2_median(&self) -> Option<f64> {
        self.p2.as_ref().ok().and_then(|r| quantile(r, 0.5))
    }

    fn p6_median(&self) -> Option<f64> {
        quantile(&self.p6, 0.5)
    }

    fn p4_total(&self) -> Option<f64> {
        self.p4.as_ref().ok().map(|(j, w)| j + w)
    }
}

pub struct Run {
    pub scale: Scale,
    pub smoke: bool,
    pub command: String,
    pub broker_config: String,
    pub chromium: String,
    pub figures: Vec<Figures>,
    pub notes: String,
    /// The soak section (`soak::section`), kept from the soaks run before.
    pub soak: String,
    /// The delivery section: the console's first load file by file, and its chunks.
    pub delivery: String,
    /// The three-connection section (`workspace::section`); empty when not measured.
    pub workspace: String,
    /// The codecs and charts section (`codecs::section`); empty when not measured.
    pub codecs: String,
    pub mqttjs_version: String,
}

/// The nearest-rank quantile `q` of `values`.
fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// P1 for every page: raw, `gzip -9` and brotli bytes of the files a first load fetches; for the
/// console also every file fetched later (its chunks), for the delivery section.
pub fn first_load_sizes(
    dist: &Path,
    extra: &HashMap<String, Vec<u8>>,
) -> Result<(HashMap<Page, delivery::Weight>, delivery::Delivery), String> {
    let mut sizes = HashMap::new();
    let index = extra
        .get("index.html")
        .ok_or("the served index.html is missing")?;
    let console = delivery::measure(dist, index)?;
    sizes.insert(Page::Console, console.first_total());
    for page in [Page::Raw, Page::MqttJs, Page::MqttJsDom] {
        let mut total = delivery::Weight::default();
        for file in page.files() {
            let bytes = extra
                .get(*file)
                .ok_or_else(|| format!("{file} is missing"))?;
            total += delivery::weigh(bytes)?;
        }
        sizes.insert(page, total);
    }
    Ok((sizes, console))
}

pub fn mqttjs_version(min_js: &Path) -> String {
    // node_modules/mqtt/dist/mqtt.min.js → node_modules/mqtt/package.json
    let package = min_js
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("package.json"));
    package
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let text = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> Vec<(String, String)> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let mosquitto = std::env::var("MOSQUITTO").unwrap_or_else(|_| "mosquitto".into());
    vec![
        ("CPU".into(), format!("{cpu}, {cores} logical cores")),
        ("Memory".into(), mem),
        ("Kernel".into(), command_line("uname", &["-sr"])),
        ("mosquitto".into(), command_line(&mosquitto, &["-h"])),
        ("rustc".into(), command_line("rustc", &["-V"])),
        ("trunk".into(), command_line("trunk", &["-V"])),
        ("wasm-bindgen".into(), command_line("wasm-bindgen", &["-V"])),
        ("wasm-opt".into(), command_line("wasm-opt", &["--version"])),
        ("node".into(), command_line("node", &["--version"])),
        (
            "console commit".into(),
            command_line("git", &["describe", "--always", "--dirty"]),
        ),
    ]
}

/// Milliseconds; below 10 ms with two decimals (the pages' timers run in 5 µs steps).
fn ms(v: Option<f64>) -> String {
    v.map(|x| {
        if x.abs() < 10.0 {
            format!("{x:.2} ms")
        } else {
            format!("{x:.1} ms")
        }
    })
    .unwrap_or_else(|| "—".into())
}

/// "p50 / p99" of round trips, or "—" for a page that has none of this kind.
fn p50_p99(times: &[f64]) -> String {
    if times.is_empty() {
        "—".into()
    } else {
        format!(
            "{} / {}",
            ms(quantile(times, 0.5)),
            ms(quantile(times, 0.99))
        )
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

fn cell<T>(m: &Measured<T>, f: impl Fn(&T) -> String) -> String {
    match m {
        Ok(v) => f(v),
        Err(e) => format!("failed: {}", e.replace('|', "\\|").replace('\n', " ")),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

/// The figures of `page`.
fn of(run: &Run, page: Page) -> &Figures {
    // Every page is measured (Page::ALL), so this always finds one.
    run.figures
        .iter()
        .find(|f| f.page == page)
        .unwrap_or(&run.figures[0])
}

/// The targets of issue 7, each with the figure it is judged on.
fn targets(run: &Run) -> Vec<(String, String, &'static str)> {
    let (a, b, c, d) = (
        of(run, Page::Raw),
        of(run, Page::MqttJs),
        of(run, Page::MqttJsDom),
        of(run, Page::Console),
    );
    let p1 = d.p1.map(|w| w.gzip as f64);
    let p2_b = ratio(d.p2_median(), b.p2_median());
    let p2_a = ratio(d.p2_median(), a.p2_median());
    let p2_paired = paired_ratios(b, d).and_then(|r| quantile(&r, 0.5));
    let p3 = d.p3.as_ref().ok().map(|(l, _)| *l);
    let p4 = d.p4_total();
    let p5_engine = ratio(d.p5_engine(0.5), b.p5_engine(0.5));
    let p5_engine_c = ratio(d.p5_engine(0.5), c.p5_engine(0.5));
    let p5_shown = ratio(d.p5_shown(0.5), c.p5_shown(0.5));
    let p6 = match (d.p6_median(), b.p6_median()) {
        (Some(d), Some(b)) => Some(d - b),
        _ => None,
    };
    let (v5, v5_paired) = mqtt5::ratios(run);
    let x = |v: Option<f64>| v.map(|r| format!("{r:.2} ×")).unwrap_or_else(|| "—".into());
    vec![
        (
            "P1 first load ≤ 150 KB gzip".into(),
            p1.map(|g| kb(g as u64)).unwrap_or_else(|| "—".into()),
            verdict(p1.map(|g| g <= 150_000.0)),
        ),
        (
            "P2 ingest ≥ 1.0 × (b)".into(),
            x(p2_b),
            verdict(p2_b.map(|r| r >= 1.0)),
        ),
        (
            "P2 ingest ≥ 1.0 × (b), burst by burst (median of the pairs)".into(),
            x(p2_paired),
            verdict(p2_paired.map(|r| r >= 1.0)),
        ),
        (
            "P2 ingest ≥ 0.7 × (a)".into(),
            x(p2_a),
            verdict(p2_a.map(|r| r >= 0.7)),
        ),
        (
            "P2 MQTT 5 ingest ≥ 0.95 × MQTT 3.1.1: (e) / (d)".into(),
            x(v5),
            verdict(v5.map(|r| r >= mqtt5::FLOOR)),
        ),
        (
            "P2 MQTT 5 ingest ≥ 0.95 × MQTT 3.1.1: (e) / (d), burst by burst (median of the pairs)"
                .into(),
            x(v5_paired),
            verdict(v5_paired.map(|r| r >= mqtt5::FLOOR)),
        ),
        (
            "P3 longest task ≤ 50 ms".into(),
            match d.p3.as_ref() {
                Ok((_, 0)) => "none ≥ 50 ms".into(),
                _ => ms(p3),
            },
            verdict(p3.map(|l| l <= 50.0)),
        ),
        (
            "P4 JS heap + wasm ≤ 150 MB".into(),
            p4.map(mb).unwrap_or_else(|| "—".into()),
            verdict(p4.map(|m| m <= 150e6)),
        ),
        (
            "P5 p50 ≤ 1.2 × mqtt.js, received: (d) / (b)".into(),
            x(p5_engine),
            verdict(p5_engine.map(|r| r <= 1.2)),
        ),
        (
            "P5 p50 ≤ 1.2 × mqtt.js, received: (d) / (c), both showing each message".into(),
            x(p5_engine_c),
            verdict(p5_engine_c.map(|r| r <= 1.2)),
        ),
        (
            "P5 p50 ≤ 1.2 × mqtt.js, shown: (d) / (c)".into(),
            x(p5_shown),
            verdict(p5_shown.map(|r| r <= 1.2)),
        ),
        (
            "P6 ≤ mqtt.js + 100 ms: (d) − (b)".into(),
            p6.map(|v| format!("{v:+.1} ms"))
                .unwrap_or_else(|| "—".into()),
            verdict(p6.map(|v| v <= 100.0)),
        ),
    ]
}

/// One line of a page's figures, for progress on the terminal.
pub fn brief(f: &Figures) -> String {
    let err = |e: &String| format!("failed ({e})");
    format!(
        "P2 {} msg/s; P3 {}; P4 {}; P5 p50 {} / shown {}; P6 {}",
        f.p2.as_ref()
            .map(|r| format!("{r:.0?}"))
            .unwrap_or_else(err),
        f.p3.as_ref()
            .map(|(l, n)| format!("{l:.0} ms ({n})"))
            .unwrap_or_else(err),
        f.p4.as_ref().map(|(j, w)| mb(j + w)).unwrap_or_else(err),
        ms(f.p5_engine(0.5)),
        ms(f.p5_shown(0.5)),
        ms(f.p6_median()),
    )
}

/// Short lines for the terminal.
pub fn summary(run: &Run) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", mqtt5::line(run));
    for (name, figure, verdict) in targets(run) {
        let _ = writeln!(s, "{name}: {figure} ({})", verdict.trim_matches('*'));
    }
    s
}

pub fn markdown(run: &Run) -> String {
    let sc = run.scale;
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmarks\n");
    if run.smoke {
        let _ = writeln!(s, "**Smoke run** (a few thousand messages, to keep the harness working): these figures mean nothing.\n");
    }
    let _ = writeln!(
        s,
        "The console against mqtt.js {} and a raw WebSocket, side by side in one headless Chromium, on one local mosquitto, in one run of\n\n```sh\n{}\n```\n",
        run.mqttjs_version, run.command
    );
    let _ = writeln!(
        s,
        "Written by the harness (`bench/`); every figure below comes from that one run.\n"
    );
    let _ = writeln!(s, "## Pages\n");
    let _ = writeln!(s, "- **(a)** a raw WebSocket that sends a hand-made CONNECT and SUBSCRIBE and then only counts bytes: the physical limit;");
    let _ = writeln!(
        s,
        "- **(b)** mqtt.js {} that subscribes and only counts messages;",
        run.mqttjs_version
    );
    let _ = writeln!(
        s,
        "- **(c)** mqtt.js {} that appends every message to a DOM list;",
        run.mqttjs_version
    );
    let _ = writeln!(s, "- **(d)** the console (`trunk build --release`), subscribed to `bench/#` and showing its log (capacity at its default, 100,000);");
    let _ = writeln!(s, "- **(e)** the same console connected with MQTT 5 (the `protocol-version` select of the form), measured for ingest (P2) only, beside (d) (issue 14).\n");

    let _ = writeln!(s, "## Figures\n");
    let cols: Vec<&Figures> = Page::TABLE.iter().map(|p| of(run, *p)).collect();
    let _ = writeln!(
        s,
        "| | {} |",
        cols.iter()
            .map(|f| f.page.label())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(s, "|---|{}", "---|".repeat(cols.len()));
    let row = |s: &mut String, name: &str, f: &dyn Fn(&Figures) -> String| {
        let _ = writeln!(
            s,
            "| {name} | {} |",
            cols.iter().map(|x| f(x)).collect::<Vec<_>>().join(" | ")
        );
    };
    row(&mut s, "P1 first load, gzip -9 / brotli (raw)", &|f| {
        f.p1.map(|w| format!("{} / {} ({})", kb(w.gzip), kb(w.brotli), kb(w.raw)))
            .unwrap_or_else(|| "—".into())
    });
    row(
        &mut s,
        &format!(
            "P2 ingest, {} × 100 B QoS 0, msg/s, median (range) of {}",
            sc.burst, sc.bursts
        ),
        &|f| {
            cell(&f.p2, |r| {
                let (lo, hi) = (
                    quantile(r, 0.0).unwrap_or(0.0),
                    quantile(r, 1.0).unwrap_or(0.0),
                );
                match f.p2_median() {
                    Some(m) if r.len() > 1 => format!("{m:.0} ({lo:.0}–{hi:.0})"),
                    Some(m) => format!("{m:.0}"),
                    None => "—".into(),
                }
            })
        },
    );
    row(
        &mut s,
        &format!(
            "P3 longest task, {} msg/s for {} s",
            sc.stream_rate, sc.stream_secs
        ),
        &|f| {
            cell(&f.p3, |(l, n)| {
                if *n == 0 {
                    "none ≥ 50 ms".into()
                } else {
                    let tasks = if *n == 1 { "task" } else { "tasks" };
                    format!("{l:.0} ms ({n} {tasks} ≥ 50 ms)")
                }
            })
        },
    );
    row(
        &mut s,
        &format!("P4 JS heap after {} msgs", sc.memory_after),
        &|f| cell(&f.p4, |(j, _)| mb(*j)),
    );
    row(&mut s, "P4 wasm memory", &|f| {
        cell(&f.p4, |(_, w)| if *w > 0.0 { mb(*w) } else { "—".into() })
    });
    row(&mut s, "P4 total", &|f| cell(&f.p4, |(j, w)| mb(j + w)));
    row(
        &mut s,
        &format!(
            "P5 echo received, p50 / p99 ({} round trips)",
            sc.round_trips
        ),
        &|f| {
            cell(&f.p5, |_| {
                format!("{} / {}", ms(f.p5_engine(0.5)), ms(f.p5_engine(0.99)))
            })
        },
    );
    row(
        &mut s,
        "P5 echo received from the click on Send, p50 / p99",
        &|f| cell(&f.p5, |r| p50_p99(&r.clicked)),
    );
    row(&mut s, "P5 echo shown, p50 / p99", &|f| {
        cell(&f.p5, |r| p50_p99(&r.shown))
    });
    row(&mut s, "P6 page load → CONNACK, median", &|f| {
        format!("{} (of {})", ms(f.p6_median()), f.p6.len())
    });

    let _ = writeln!(s, "\n{}", p2_bursts(run));

    mqtt5::section(&mut s, run);

    let _ = writeln!(s, "\n## Targets\n");
    let _ = writeln!(s, "| target | figure | |\n|---|---|---|");
    for (name, figure, verdict) in targets(run) {
        let _ = writeln!(s, "| {name} | {figure} | {verdict} |");
    }

    let _ = writeln!(s, "\n## How each figure is taken\n");
    let _ = writeln!(s, "- **P1**: the files a first load fetches, each compressed with `gzip -9` (and with brotli, quality 11), summed: for the console `index.html` and what it links and imports (the chunks of the parts used later are not fetched; see the delivery section); for the other pages the HTML, `common.js` and mqtt.js's `dist/mqtt.min.js`.");
    let _ = writeln!(s, "- **P2**: the page is loaded, connected and subscribed; a publisher (`bench/src/publisher.rs`, one TCP connection to mosquitto) writes {} pre-encoded QoS 0 PUBLISH packets (topic `bench/load`, 100 B payload) as fast as the socket takes them. Rate = messages counted between the first and the last one ÷ the time between them, both taken in the page (`performance.now()`); the median of {} bursts, each on a freshly loaded page. (a) counts 114-byte packets by bytes; (b) and (c) count in mqtt.js's `message` handler; (d) and (e) count what the console *shows*: a MutationObserver on `message-count`, which the console updates on an animation frame, at most every 100 ms while messages pour in.", sc.burst, sc.bursts);
    let _ = writeln!(s, "- **P3**: a PerformanceObserver for `longtask` is registered when the page loads and reset just before the stream; the publisher sends {} messages every 10 ms for {} s; the longest task seen until the last message is counted. Chromium reports only tasks of 50 ms or more, so \"none\" means every task was shorter.", sc.stream_rate / 100, sc.stream_secs);
    let _ = writeln!(s, "- **P4**: after {} messages are counted, two forced garbage collections (`--js-flags=--expose-gc`), then `performance.memory.usedJSHeapSize` (`--enable-precise-memory-info`); for (d) plus the size of the wasm linear memory (`WebAssembly.Memory.buffer.byteLength`, which the console puts on `window.mqttConsole` once per frame). The DOM's own memory is not in either number.", sc.memory_after);
    let _ = writeln!(s, "- **P5**: {} publishes to `bench/echo/…`, one at a time, 5 ms apart. For (d) the publish is a click on `pub-send` made by script in the page. *Received*: from just before the publish call to the page's handler for the echo; for (d) from `window.mqttConsole.publishAt`, which the Send button's handler stamps just before it calls the console's publish (after reading the form), to `receivedAt`, stamped when the console logs the first received message since the last frame. *From the click*: the same end, timed from the click, so with the button's handler, the form read and the topic history. *Shown*: from the click (or the publish call) to the animation frame that displays the echo ((c): the frame after the `<li>` was appended; (d): the mutation of `message-count`, which happens in the frame that paints it).", sc.round_trips);
    let _ = writeln!(s, "- **P6**: for (a)–(c), `performance.now()` (0 = navigation start) when CONNACK arrives; the pages connect as soon as their scripts run. The console connects on a click, so for (d) and (e) it is the moment the app was mounted plus the time from the click on Connect to CONNACK (both recorded by the console on `window.mqttConsole`); the harness's own reaction time is left out. Median of all the page loads of the column (one per measurement, one per P2 burst).");
    let _ = writeln!(s, "\nEach measurement loads its page afresh (after `about:blank`), in the same browser session; the pages never run at the same time, and each measurement is taken on (a), (b), (c), (d) and (for P2) (e) in turn before the next one, so that a change in the machine's load weighs on all of them alike. The publisher, mosquitto, Chromium and the harness share the machine's cores.\n");

    let _ = writeln!(
        s,
        "## Broker\n\nmosquitto, configured as\n\n```\n{}```\n",
        run.broker_config
    );
    let _ = writeln!(s, "`max_queued_messages 0` removes the per-client queue limit, so QoS 0 messages for a subscriber that falls behind wait in the broker instead of being dropped (with a limit, mosquitto drops QoS 0 messages beyond it).\n");

    let _ = writeln!(s, "## Machine and versions\n\n| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| Chromium | {} (headless, through chromedriver) |",
        run.chromium
    );
    let _ = writeln!(
        s,
        "| mqtt.js | {} (npm, `bench/package-lock.json`) |",
        run.mqttjs_version
    );
    for (k, v) in machine() {
        let _ = writeln!(s, "| {k} | {} |", v.replace('|', "\\|"));
    }
    if !run.workspace.is_empty() {
        let _ = write!(s, "\n{}", run.workspace);
    }
    if !run.codecs.is_empty() {
        let _ = write!(s, "\n{}", run.codecs);
    }
    if !run.delivery.is_empty() {
        let _ = write!(s, "\n{}", run.delivery);
    }
    if !run.soak.is_empty() {
        let _ = write!(s, "\n{}", run.soak);
    }
    if !run.notes.trim().is_empty() {
        let _ = writeln!(s, "\n{}", run.notes.trim_end());
    }
    s
}

/// Every P2 burst in the order taken, and the console's rate over mqtt.js's burst by burst:
/// burst `i` of every page ran one after the other, so a pair shares the machine's load of
/// that moment, which varies more from burst to burst than the pages differ.
fn p2_bursts(run: &Run) -> String {
    let mut s = String::from("P2 bursts in the order taken, msg/s:");
    for f in &run.figures {
        if let Ok(rates) = &f.p2 {
            let list: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
            s.push_str(&format!(" {} {};", f.page.label(), list.join(", ")));
        }
    }
    let pairs = [
        ("(d) / (b)", Page::MqttJs, Page::Console),
        ("(e) / (d)", Page::Console, Page::ConsoleV5),
    ];
    for (name, base, page) in pairs {
        if let Some(pairs) = paired_ratios(of(run, base), of(run, page)) {
            if let Some(m) = quantile(&pairs, 0.5) {
                let list: Vec<String> = pairs.iter().map(|r| format!("{r:.2}")).collect();
                s.push_str(&format!(
                    " {name} burst by burst: {} (median {m:.2} ×).",
                    list.join(", ")
                ));
            }
        }
    }
    s
}

/// `d`'s P2 rate over `b`'s, burst by burst.
fn paired_ratios(b: &Figures, d: &Figures) -> Option<Vec<f64>> {
    let (b, d) = (b.p2.as_ref().ok()?, d.p2.as_ref().ok()?);
    let pairs: Vec<f64> = b
        .iter()
        .zip(d)
        .filter(|(b, _)| **b > 0.0)
        .map(|(b, d)| d / b)
        .collect();
    (!pairs.is_empty()).then_some(pairs)
}
