//! The "Codecs and charts" section of BENCHMARKS.md (issue 17): decode cost per message for each
//! codec in the browser, and a live chart under a 1,000 msg/s stream. A run of only this step
//! (`BENCH_STEPS=codecs`) rewrites this section of BENCHMARKS.md and nothing else.

use std::fmt::Write as _;

use super::Measured;

/// Where the section begins and ends in BENCHMARKS.md.
pub const BEGIN: &str =
    "<!-- codecs: written by scripts/bench.sh (BENCH_STEPS=codecs rewrites only this section) -->";
pub const END: &str = "<!-- /codecs -->";

/// One codec's decode cost on one set of payloads.
#[derive(Clone, Debug)]
pub struct Cost {
    /// Distinct payloads cycled through, and their mean size in bytes.
    pub payloads: u64,
    pub mean_bytes: f64,
    /// Payloads left out because they did not decode (Sparkplug B: kept, counted), and why the
    /// first one failed.
    pub failed: u64,
    pub failure: Option<String>,
    /// µs per message, one per timing.
    pub us: Vec<f64>,
}

/// One codec's decode cost: on the committed vectors, and on the telemetry documents (the
/// formats without a schema).
#[derive(Clone, Debug)]
pub struct Decoded {
    pub codec: String,
    pub vectors: Option<Cost>,
    pub documents: Option<Cost>,
}

/// One live chart under the stream.
#[derive(Clone, Debug)]
pub struct ChartRun {
    /// Messages published, and messages the console counted.
    pub sent: u64,
    pub counted: u64,
    /// The chart's `data-points` at the end.
    pub points: u64,
    /// The longest task (ms, 0 when none was reported) and the tasks of 50 ms or more.
    pub longest: f64,
    pub over: u64,
    /// The animation frames of 50 ms or more, as the Long Animation Frames API described them
    /// (JSON, one a frame).
    pub frames: Vec<String>,
    /// Every long task: when it began (ms into the stream), its length, Chromium's attribution
    /// (JSON, one a task).
    pub tasks: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Chart {
    /// The payload format as the report names it, and the `sub-codec` it was bound to.
    pub payload: &'static str,
    pub codec: &'static str,
    /// One payload, as the report shows it.
    pub example: String,
    pub run: Measured<ChartRun>,
}

/// Everything the codecs step measured.
#[derive(Clone, Debug)]
pub struct Codecs {
    /// `None` when the decode page was not built (the smoke does not build it).
    pub decode: Option<Measured<Vec<Decoded>>>,
    pub messages: u32,
    pub rounds: u32,
    pub charts: Vec<Chart>,
    pub rate: usize,
    pub secs: u64,
    /// The command of the run and the browser, for a section rewritten alone.
    pub command: String,
    pub chromium: String,
}

impl Codecs {
    /// Whether every figure that was attempted was taken.
    pub fn complete(&self) -> bool {
        self.decode.as_ref().is_none_or(|d| d.is_ok()) && self.charts.iter().all(|c| c.run.is_ok())
    }
}

fn median(v: &[f64]) -> Option<f64> {
    super::quantile(v, 0.5)
}

fn micros(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

fn failed(e: &str) -> String {
    format!("failed: {}", e.replace('|', "\\|").replace('\n', " "))
}

/// The longest task as P3 shows it.
fn longest(run: &ChartRun) -> String {
    match run.over {
        0 => "none ≥ 50 ms".into(),
        n => format!(
            "{:.0} ms ({n} {} ≥ 50 ms)",
            run.longest,
            if n == 1 { "task" } else { "tasks" }
        ),
    }
}

/// A set's two cells: its payloads, and the cost per message.
fn cost_cells(cost: &Option<Cost>) -> String {
    let Some(x) = cost else {
        return "— | —".into();
    };
    let mut payloads = format!("{} ({:.0} B)", x.payloads, x.mean_bytes);
    if x.failed > 0 {
        let _ = write!(
            payloads,
            "; {} did not decode{}",
            x.failed,
            x.failure
                .as_deref()
                .map(|f| format!(" ({})", f.replace('|', "\\|")))
                .unwrap_or_default()
        );
    }
    let cost = match median(&x.us) {
        Some(m) => format!(
            "{} ({}–{})",
            micros(m),
            micros(super::quantile(&x.us, 0.0).unwrap_or(m)),
            micros(super::quantile(&x.us, 1.0).unwrap_or(m))
        ),
        None => "—".into(),
    };
    format!("{payloads} | {cost}")
}

/// One line for the terminal.
pub fn brief(c: &Codecs) -> String {
    let mut s = String::new();
    match &c.decode {
        None => s.push_str("decode page not built"),
        Some(Err(e)) => s.push_str(&format!("decode failed ({e})")),
        Some(Ok(d)) => {
            let at = |c: &Option<Cost>| {
                c.as_ref()
                    .and_then(|c| median(&c.us))
                    .map_or("—".into(), micros)
            };
            let each: Vec<String> = d
                .iter()
                .map(|x| match &x.documents {
                    Some(_) => format!("{} {} / {} µs", x.codec, at(&x.vectors), at(&x.documents)),
                    None => format!("{} {} µs", x.codec, at(&x.vectors)),
                })
                .collect();
            s.push_str(&each.join(", "));
        }
    }
    for chart in &c.charts {
        match &chart.run {
            Ok(r) => {
                let _ = write!(
                    s,
                    "; chart {}: {} points, {}",
                    chart.payload,
                    r.points,
                    longest(r)
                );
            }
            Err(e) => {
                let _ = write!(s, "; chart {}: failed ({e})", chart.payload);
            }
        }
    }
    s
}

/// The section, between its markers.
pub fn section(c: &Codecs) -> String {
    let mut s = format!("{BEGIN}\n## Codecs and charts (issue 17)\n\n");
    if !c.command.is_empty() {
        let _ = writeln!(
            s,
            "Taken by `{}` on console commit {}, in {}, on the machine above; a run of \
             this step alone (`BENCH_STEPS=codecs`) rewrites only this section, so it may be later \
             than the rest.\n",
            c.command,
            super::command_line("git", &["describe", "--always", "--dirty"]),
            c.chromium
                .split_whitespace()
                .find(|t| t.contains("Chrome/"))
                .unwrap_or(&c.chromium)
        );
    }
    s.push_str("### Decode cost per message\n\n");
    let _ = writeln!(
        s,
        "The console's decoder engine (`model::decoder::Engine`) compiled as the release app is \
         (the workspace's release profile, `wasm-bindgen --target web`, `wasm-opt -Oz`) into a page \
         of its own (`bench/decode-page`, `bench/pages/decode.html`), in the same headless \
         Chromium. For each codec, {} timings of {} messages, after a warm-up of as many; each \
         timing is one call into the wasm, measured with `performance.now()`. A message is decoded \
         to what the console keeps of it: the log line, the detail text and the JSON value charts \
         and search read (`Engine::decode`); Sparkplug B goes through the stateful tracker in \
         arrival order (`Engine::arrive`), as the log feeds it. Each set of payloads is cycled. \
         *Vectors*: the committed ones (`tests/vectors/`): CBOR and MessagePack from cbor2 and \
         msgpack-python; their values as JSON text for JSON, and that same text for text and \
         hex; every Protobuf vector with its type (`tests/vectors/proto/`); the Sparkplug B \
         sequence (births, data, deaths, STATE) in order. Most vectors are a few bytes (one \
         number, one edge case), so the formats without a schema also decode *telemetry \
         documents*: one reading, a device's report and a batch of 20 readings \
         (`bench/decode-page/src/lib.rs`), as JSON text (also for text and hex) and in CBOR and \
         MessagePack as the console's own encoder (`pub-encode`) writes them.\n",
        c.rounds, c.messages
    );
    match &c.decode {
        None => s.push_str(
            "Not measured: the decode page was not built (the smoke does not build it; \
             `scripts/bench.sh` and `BENCH_STEPS=codecs` do).\n",
        ),
        Some(Err(e)) => {
            let _ = writeln!(s, "Not measured: {}", failed(e));
        }
        Some(Ok(d)) => {
            let _ = writeln!(
                s,
                "| codec | vectors: payloads (mean size) | µs per message, median (range) of {r} | \
                 telemetry documents: payloads (mean size) | µs per message, median (range) of {r} |\n\
                 |---|---|---|---|---|",
                r = c.rounds
            );
            for x in d {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} |",
                    x.codec,
                    cost_cells(&x.vectors),
                    cost_cells(&x.documents)
                );
            }
        }
    }

    let _ = writeln!(s, "\n### A live chart under a {} msg/s stream\n", c.rate);
    let _ = writeln!(
        s,
        "The console (d), loaded afresh, subscribed to one topic bound to a decoder (`sub-codec`), \
         with a chart of `$.temp` on that topic (`chart-topic`, `chart-path`, `chart-add`). The \
         publisher sends {} messages every 10 ms for {} s, QoS 0, cycling through 100 readings. \
         The longest task is taken as for P3: a `longtask` PerformanceObserver, reset just before \
         the stream, read once the console counted the last message (Chromium reports only tasks \
         of 50 ms or more, so \"none\" means every task was shorter); points are the chart's \
         `data-points` then.\n",
        c.rate / 100,
        c.secs
    );
    let _ = writeln!(
        s,
        "| payload | decoder | messages sent (counted) | points plotted | longest task |\n|---|---|---|---|---|"
    );
    for chart in &c.charts {
        let example = format!("`{}`", chart.example.replace('|', "\\|"));
        match &chart.run {
            Ok(r) => {
                let _ = writeln!(
                    s,
                    "| {} {example} | {} | {} ({}) | {} | {} |",
                    chart.payload,
                    chart.codec,
                    r.sent,
                    r.counted,
                    r.points,
                    longest(r)
                );
            }
            Err(e) => {
                let _ = writeln!(
                    s,
                    "| {} {example} | {} | {} | | |",
                    chart.payload,
                    chart.codec,
                    failed(e)
                );
            }
        }
    }
    for chart in &c.charts {
        let Ok(r) = &chart.run else { continue };
        if !r.tasks.is_empty() {
            let _ = writeln!(
                s,
                "\nLong tasks during the {} stream (`at` ms after the stream began, `ms` the task, \
                 `name` and `container` Chromium's attribution):\n",
                chart.payload
            );
            for t in &r.tasks {
                let _ = writeln!(s, "- `{t}`");
            }
        }
        if r.frames.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "\nAnimation frames of 50 ms or more during the {} stream (the Long Animation Frames \
             API: `at` ms since the page loaded, `ms` the frame, `render` and `layout` its rendering \
             and style/layout time, `scripts` what ran, each with the style and layout it \
             forced):\n",
            chart.payload
        );
        for f in &r.frames {
            let _ = writeln!(s, "- `{f}`");
        }
    }
    s.push_str(END);
    s.push('\n');
    s
}

/// `old` (BENCHMARKS.md) with its codecs section replaced by `section`; a file without one gets
/// it where the full run puts it, before the delivery section (or the soak, or the notes, or at
/// the end).
pub fn splice(old: &str, section: &str) -> String {
    if let (Some(a), Some(b)) = (old.find(BEGIN), old.find(END)) {
        if b > a {
            let rest = old[b + END.len()..].trim_start_matches('\n');
            let gap = if rest.is_empty() { "" } else { "\n" };
            return format!("{}{section}{gap}{rest}", &old[..a]);
        }
    }
    let before = [
        "\n## Delivery",
        &format!("\n{}", crate::soak::BEGIN),
        "\n## Notes",
    ];
    match before.iter().find_map(|m| old.find(m)) {
        Some(at) => format!("{}\n\n{section}{}", old[..at].trim_end(), &old[at..]),
        None => format!("{}\n\n{section}", old.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codecs() -> Codecs {
        Codecs {
            decode: Some(Ok(vec![
                Decoded {
                    codec: "text".into(),
                    vectors: Some(Cost {
                        payloads: 192,
                        mean_bytes: 23.4,
                        failed: 0,
                        failure: None,
                        us: vec![2.5, 2.4, 2.6],
                    }),
                    documents: Some(Cost {
                        payloads: 3,
                        mean_bytes: 400.0,
                        failed: 0,
                        failure: None,
                        us: vec![8.0, 8.5, 7.5],
                    }),
                },
                Decoded {
                    codec: "Sparkplug B".into(),
                    vectors: Some(Cost {
                        payloads: 17,
                        mean_bytes: 50.0,
                        failed: 1,
                        failure: Some("Sparkplug(Topic)".into()),
                        us: vec![14.0, 15.2, 13.1],
                    }),
                    documents: None,
                },
            ])),
            messages: 20_000,
            rounds: 3,
            charts: vec![
                Chart {
                    payload: "JSON",
                    codec: "json",
                    example: "{\"temp\":20}".into(),
                    run: Ok(ChartRun {
                        sent: 30_000,
                        counted: 30_000,
                        points: 30_000,
                        longest: 0.0,
                        over: 0,
                        frames: Vec::new(),
                        tasks: Vec::new(),
                    }),
                },
                Chart {
                    payload: "CBOR",
                    codec: "cbor",
                    example: "a1 64 74 65 6d 70 14".into(),
                    run: Ok(ChartRun {
                        sent: 30_000,
                        counted: 30_000,
                        points: 29_990,
                        longest: 61.4,
                        over: 2,
                        frames: vec![r#"{"ms":61,"render":40}"#.into()],
                        tasks: vec![r#"{"at":1200,"ms":61}"#.into()],
                    }),
                },
            ],
            rate: 1_000,
            secs: 30,
            command: String::new(),
            chromium: String::new(),
        }
    }

    #[test]
    fn the_section_has_a_row_per_codec_and_per_chart() {
        let mut c = codecs();
        let s = section(&c);
        assert!(!s.contains("Taken by"), "{s}");
        c.command = "BENCH_STEPS=codecs scripts/bench.sh".into();
        c.chromium = "Mozilla/5.0 (X11) HeadlessChrome/140.0.0.0 Safari/537.36".into();
        let s = section(&c);
        assert!(
            s.contains("Taken by `BENCH_STEPS=codecs scripts/bench.sh` on console commit ")
                && s.contains(", in HeadlessChrome/140.0.0.0, on the machine"),
            "{s}"
        );
        assert!(
            s.starts_with(BEGIN) && s.ends_with(&format!("{END}\n")),
            "{s}"
        );
        assert!(
            s.contains("| text | 192 (23 B) | 2.50 (2.40–2.60) | 3 (400 B) | 8.00 (7.50–8.50) |"),
            "{s}"
        );
        assert!(
            s.contains("| Sparkplug B | 17 (50 B); 1 did not decode (Sparkplug(Topic)) | 14.0 (13.1–15.2) | — | — |"),
            "{s}"
        );
        assert!(s.contains("10 messages every 10 ms for 30 s"), "{s}");
        assert!(
            s.contains("| JSON `{\"temp\":20}` | json | 30000 (30000) | 30000 | none ≥ 50 ms |"),
            "{s}"
        );
        assert!(s.contains("| 29990 | 61 ms (2 tasks ≥ 50 ms) |"), "{s}");
        assert!(
            s.contains("during the CBOR stream (the Long Animation Frames")
                && s.contains("\n- `{\"ms\":61,\"render\":40}`\n"),
            "{s}"
        );
        assert!(
            s.contains("Long tasks during the CBOR stream")
                && s.contains("\n- `{\"at\":1200,\"ms\":61}`\n"),
            "{s}"
        );
        assert!(!s.contains("during the JSON stream"), "{s}");
        assert!(c.complete());
        assert_eq!(
            brief(&c),
            "text 2.50 / 8.00 µs, Sparkplug B 14.0 µs; chart JSON: 30000 points, none ≥ 50 ms; \
             chart CBOR: 29990 points, 61 ms (2 tasks ≥ 50 ms)"
        );
    }

    #[test]
    fn a_missing_decode_page_or_a_failed_chart_is_said() {
        let mut c = codecs();
        c.decode = None;
        c.charts[1].run = Err("console: no chart | here".into());
        let s = section(&c);
        assert!(
            s.contains("Not measured: the decode page was not built"),
            "{s}"
        );
        assert!(
            s.contains("| failed: console: no chart \\| here | | |"),
            "{s}"
        );
        assert!(!c.complete());
        c.charts.pop();
        assert!(c.complete(), "no decode page is not a failure");
    }

    #[test]
    fn splicing_replaces_only_the_section() {
        let c = codecs();
        let new = section(&c);
        let old =
            format!("# B\n\n## Figures\n\nx\n\n{BEGIN}\nold figures\n{END}\n\n## Delivery\n\ny\n");
        let out = splice(&old, &new);
        assert_eq!(
            out,
            format!("# B\n\n## Figures\n\nx\n\n{new}\n## Delivery\n\ny\n")
        );
        assert_eq!(splice(&out, &new), out, "splicing twice changes nothing");

        // Without a section: before the delivery section, else before the soak, the notes.
        let plain = "# B\n\n## Figures\n\nx\n\n## Delivery\n\ny\n";
        assert_eq!(
            splice(plain, &new),
            format!("# B\n\n## Figures\n\nx\n\n{new}\n## Delivery\n\ny\n")
        );
        let notes = "# B\n\nx\n\n## Notes\n\nn\n";
        assert_eq!(
            splice(notes, &new),
            format!("# B\n\nx\n\n{new}\n## Notes\n\nn\n")
        );
        assert_eq!(splice("# B\n", &new), format!("# B\n\n{new}"));
    }
}
