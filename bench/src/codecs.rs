//! Codecs and charts (issue 17): the decoder engine's cost per message for each codec, timed in
//! the browser by the decode page (`bench/decode-page`, `bench/pages/decode.html`), and the
//! console with a live chart under a steady stream of JSON, then of CBOR, payloads.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::pages::{self, js, wait_for, Site};
use crate::publisher::Publisher;
use crate::report::codecs::{Chart, ChartRun, Codecs, Cost, Decoded};
use crate::Scale;

/// The module the app's split functions import from before `wasm-split` cuts the release wasm
/// (wasm-split's placeholder). The decode page's wasm is not cut, so it still imports from it.
const SPLIT_PLACEHOLDER: &str = "__wasm_split_placeholder__";

/// The decode page's wasm-bindgen glue, loadable as it is: the app's split functions (its UI
/// chunks, which the decode page never calls) import their loaders from wasm-split's
/// placeholder module, which exists only once the release build has cut the wasm. Each such
/// import becomes an object whose functions throw if ever called.
pub fn stub_split_imports(glue: &str) -> Result<String, String> {
    let mut out = String::with_capacity(glue.len());
    let mut found = false;
    for line in glue.split_inclusive('\n') {
        let placeholder = [
            format!("'{SPLIT_PLACEHOLDER}'"),
            format!("\"{SPLIT_PLACEHOLDER}\""),
        ]
        .iter()
        .any(|q| line.contains(q.as_str()));
        let name = line
            .trim_start()
            .strip_prefix("import * as ")
            .and_then(|rest| rest.split_whitespace().next());
        match name {
            Some(name) if placeholder => {
                found = true;
                out.push_str(&format!(
                    "const {name} = new Proxy({{}}, {{ get: (_, f) => () => {{ throw new Error(\"the decode page has no UI chunk: \" + String(f)); }} }});\n"
                ));
            }
            _ => out.push_str(line),
        }
    }
    if found || !glue.contains(SPLIT_PLACEHOLDER) {
        Ok(out)
    } else {
        Err(format!(
            "the decode page's glue names {SPLIT_PLACEHOLDER} other than in an `import * as`; has wasm-bindgen changed?"
        ))
    }
}

/// Keeps every long task of the stream: when it began (ms after the observer was registered,
/// just before the stream), how long it took, and Chromium's attribution.
const LONGTASKS_JS: &str = r#"
window.chartTasks = [];
const since = performance.now();
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const a = (e.attribution || [])[0] || {};
      window.chartTasks.push({ at: Math.round(e.startTime - since), ms: Math.round(e.duration),
        name: e.name, container: a.containerType || null });
    }
  }).observe({ type: "longtask" });
} catch (e) { window.chartTasks.push({ error: String(e) }); }
return true;
"#;

/// What a chart plots: `$.temp` of 100 readings, cycled.
fn readings() -> impl Iterator<Item = (f64, u64)> {
    (0..100u64).map(|i| (20.0 + (i % 17) as f64 / 4.0, i))
}

fn json_payload(temp: f64, seq: u64) -> Vec<u8> {
    format!("{{\"temp\":{temp},\"seq\":{seq},\"unit\":\"C\"}}").into_bytes()
}

/// A CBOR head: major type `major` with argument `n` (RFC 8949 §3).
fn cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend(n.to_be_bytes());
        }
    }
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    cbor_head(out, 3, text.len() as u64);
    out.extend(text.as_bytes());
}

/// The JSON payload's map in CBOR: `temp` a double, `seq` an unsigned integer, `unit` text.
fn cbor_payload(temp: f64, seq: u64) -> Vec<u8> {
    let mut out = Vec::new();
    cbor_head(&mut out, 5, 3);
    cbor_text(&mut out, "temp");
    out.push(0xfb);
    out.extend(temp.to_bits().to_be_bytes());
    cbor_text(&mut out, "seq");
    cbor_head(&mut out, 0, seq);
    cbor_text(&mut out, "unit");
    cbor_text(&mut out, "C");
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A payload format of the chart stream: its name, its `sub-codec`, and its encoder.
type Format = (&'static str, &'static str, fn(f64, u64) -> Vec<u8>);

/// Measures both rows; `decode_page` says whether the decode page is served.
pub async fn measure(
    site: &Site<'_>,
    broker: &crate::support::Mosquitto,
    scale: Scale,
    decode_page: bool,
) -> Codecs {
    let decode = if decode_page {
        eprintln!("bench:   decode cost per message");
        Some(decode_cost(site, scale).await)
    } else {
        None
    };
    let mut charts = Vec::new();
    let formats: [Format; 2] = [
        ("JSON", "json", json_payload),
        ("CBOR", "cbor", cbor_payload),
    ];
    for (payload, codec, encode) in formats {
        eprintln!("bench:   a live chart of {payload} payloads");
        let payloads: Vec<Vec<u8>> = readings().map(|(t, s)| encode(t, s)).collect();
        let example = match codec {
            "json" => String::from_utf8_lossy(&payloads[1]).into_owned(),
            _ => hex(&payloads[1]),
        };
        let run = chart(site, broker, scale, codec, &payloads).await;
        charts.push(Chart {
            payload,
            codec,
            example,
            run,
        });
    }
    Codecs {
        decode,
        messages: scale.decode_messages,
        rounds: scale.decode_rounds,
        charts,
        rate: scale.chart_rate,
        secs: scale.chart_secs,
        command: String::new(),
        chromium: String::new(),
    }
}

async fn decode_cost(site: &Site<'_>, scale: Scale) -> Result<Vec<Decoded>, String> {
    let c = site.client;
    c.goto("about:blank")
        .await
        .map_err(|e| format!("open about:blank: {e}"))?;
    let url = format!("{}bench/decode.html", site.base);
    c.goto(&url).await.map_err(|e| format!("open {url}: {e}"))?;
    let settled = "window.decodeBench && (decodeBench.ready || decodeBench.error)";
    wait_for(c, settled, Duration::from_secs(60), "the decode page").await?;
    js(
        c,
        &format!(
            "if (decodeBench.start) decodeBench.start({}, {}); return true;",
            scale.decode_messages, scale.decode_rounds
        ),
    )
    .await?;
    let done = "window.decodeBench && (decodeBench.results || decodeBench.error)";
    wait_for(c, done, scale.limit, "decoding").await?;
    let v = js(
        c,
        "return {results: decodeBench.results || null, error: decodeBench.error || null};",
    )
    .await?;
    if let Some(e) = v["error"].as_str() {
        return Err(format!("the decode page: {e}"));
    }
    let results = v["results"]
        .as_array()
        .ok_or("the decode page gave no results")?;
    let mut decoded: Vec<Decoded> = Vec::new();
    for r in results {
        let codec = r["codec"].as_str().unwrap_or("?").to_owned();
        let cost = Cost {
            payloads: r["payloads"].as_u64().unwrap_or(0),
            mean_bytes: r["meanBytes"].as_f64().unwrap_or(0.0),
            failed: r["failed"].as_u64().unwrap_or(0),
            failure: r["failure"].as_str().map(str::to_owned),
            us: r["us"]
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_f64()).collect())
                .unwrap_or_default(),
        };
        let at = match decoded.iter().position(|d| d.codec == codec) {
            Some(at) => at,
            None => {
                decoded.push(Decoded {
                    codec,
                    vectors: None,
                    documents: None,
                });
                decoded.len() - 1
            }
        };
        match r["set"].as_str() {
            Some("documents") => decoded[at].documents = Some(cost),
            _ => decoded[at].vectors = Some(cost),
        }
    }
    Ok(decoded)
}

async fn testid(c: &Client, id: &str) -> Result<fantoccini::elements::Element, String> {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("[data-testid=\"{id}\"]")))
        .await
        .map_err(|e| format!("console: no {id}: {e}"))
}

async fn type_into(c: &Client, id: &str, text: &str) -> Result<(), String> {
    let el = testid(c, id).await?;
    el.clear()
        .await
        .map_err(|e| format!("console: clear {id}: {e}"))?;
    el.send_keys(text)
        .await
        .map_err(|e| format!("console: type into {id}: {e}"))
}

/// The chart of `$.temp` on a topic bound to `codec`, under the stream of `payloads`.
async fn chart(
    site: &Site<'_>,
    broker: &crate::support::Mosquitto,
    scale: Scale,
    codec: &str,
    payloads: &[Vec<u8>],
) -> Result<ChartRun, String> {
    let c = site.client;
    // A topic per codec: the console may remember a binding or a chart of an earlier load.
    let topic = format!("bench/chart/{codec}");
    pages::open_console_decoding(site, &topic, codec).await?;
    // The charts panel is a <details> whose body is a chunk fetched on first open.
    js(
        c,
        "const d = document.querySelector('.charts-panel'); \
         if (d && !d.open) d.querySelector(':scope > summary').click(); return !!d;",
    )
    .await?;
    type_into(c, "chart-topic", &topic).await?;
    type_into(c, "chart-path", "$.temp").await?;
    testid(c, "chart-add")
        .await?
        .click()
        .await
        .map_err(|e| format!("console: click chart-add: {e}"))?;
    let chart = format!("document.querySelector(\"[data-testid=chart][data-topic='{topic}']\")");
    wait_for(c, &chart, Duration::from_secs(20), "console: the chart").await?;

    let total = (scale.chart_rate / 100).max(1) * scale.chart_secs as usize * 100;
    // What each long frame was made of (the soak's observer), and when each long task began
    // and what Chromium attributes it to, to tell where a long task went.
    js(c, crate::soak::LOAF_JS).await?;
    js(c, LONGTASKS_JS).await?;
    js(
        c,
        &format!("bench.resetLongtasks(); bench.expect({total}); return true;"),
    )
    .await?;
    let profile = std::env::var("BENCH_PROFILE").is_ok_and(|p| p == "chart");
    if profile {
        crate::cdp::start_profile(c).await?;
    }
    let mut p = Publisher::connect(broker.tcp_port).await?;
    p.paced_payloads(&topic, payloads, scale.chart_rate, scale.chart_secs)
        .await?;
    p.finish().await;
    wait_for(
        c,
        "bench.doneAt !== undefined",
        scale.limit,
        "the chart stream",
    )
    .await?;
    // A task still running when the last message was counted is reported when it ends.
    tokio::time::sleep(Duration::from_millis(300)).await;
    if profile {
        let path = std::env::temp_dir().join(format!("bench-chart-{codec}.cpuprofile"));
        crate::cdp::stop_profile(c, &path).await?;
        eprintln!(
            "bench: CPU profile of the chart stream in {}",
            path.display()
        );
    }
    // Points are drawn once per frame: give the last frame a moment.
    let points_js =
        format!("return parseInt(({chart} || {{dataset: {{}}}}).dataset.points, 10) || 0;");
    let mut points = 0;
    for _ in 0..20 {
        points = js(c, &points_js).await?.as_u64().unwrap_or(0);
        if points >= total as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let v = js(
        c,
        "return {longest: bench.longest, over: bench.longtasks, count: bench.count, error: bench.longtaskError || null, \
         frames: (window.soakFrames || []).splice(0), tasks: (window.chartTasks || []).splice(0), \
         framesError: window.soakFramesError || null};",
    )
    .await?;
    if let Some(e) = v["error"].as_str() {
        return Err(format!("no longtask observer: {e}"));
    }
    let before = js(c, "return bench.target;").await?.as_u64().unwrap_or(0);
    Ok(ChartRun {
        sent: total as u64,
        counted: v["count"]
            .as_u64()
            .unwrap_or(0)
            .saturating_sub(before.saturating_sub(total as u64)),
        points,
        longest: v["longest"].as_f64().unwrap_or(0.0),
        over: v["over"].as_u64().unwrap_or(0),
        frames: v["frames"]
            .as_array()
            .map(|a| a.iter().map(|f| f.to_string()).collect())
            .or_else(|| {
                v["framesError"]
                    .as_str()
                    .map(|e| vec![format!("no long animation frames: {e}")])
            })
            .unwrap_or_default(),
        tasks: v["tasks"]
            .as_array()
            .map(|a| a.iter().map(|t| t.to_string()).collect())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cbor_payload_is_the_json_payloads_map() {
        // a3, "temp": 21.5 (double), "seq": 300 (two-byte uint), "unit": "C"
        let want = "a3 64 74 65 6d 70 fb 40 35 80 00 00 00 00 00 63 73 65 71 19 01 2c 64 75 6e 69 74 61 43";
        assert_eq!(hex(&cbor_payload(21.5, 300)), want);
        assert_eq!(cbor_payload(20.0, 7)[19], 0x07, "a small seq is one byte");
        assert_eq!(
            String::from_utf8(json_payload(21.5, 300)).ok().as_deref(),
            Some("{\"temp\":21.5,\"seq\":300,\"unit\":\"C\"}")
        );
        assert_eq!(readings().count(), 100);
    }

    #[test]
    fn split_imports_are_stubbed_and_nothing_else_changes() {
        let glue = "import * as __wbg_star0 from '__wasm_split_placeholder__';\nimport * as other from './x.js';\nlet wasm;\nimports['__wasm_split_placeholder__'] = __wbg_star0;\n";
        let out = stub_split_imports(glue).expect("stubbed");
        assert!(out.starts_with("const __wbg_star0 = new Proxy({}"), "{out}");
        assert!(out.contains("\nimport * as other from './x.js';\nlet wasm;\nimports['__wasm_split_placeholder__'] = __wbg_star0;\n"), "{out}");
        assert_eq!(
            stub_split_imports("let wasm;\n").as_deref(),
            Ok("let wasm;\n")
        );
        assert!(stub_split_imports("import { a } from \"__wasm_split_placeholder__\";\n").is_err());
    }
}
