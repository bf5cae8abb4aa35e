//! Several connections at once (issue 16): the console with three connections to the broker,
//! each subscribed to `bench/#`, flooded together by one publisher (every message reaches all
//! three); the total ingest rate and the longest task, then the memory once the workspace holds
//! a million messages across them (its one log capacity, shared in three).

use std::fmt::Write;
use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::pages::{self, js, js_f64, wait_for, Page, Site};
use crate::publisher::Publisher;

/// What the three-connection run measured.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// Messages logged per second, all three connections together.
    pub rate: Option<f64>,
    /// The longest task during the flood, in ms, and how many tasks were over 50 ms.
    pub longest: Option<(f64, u64)>,
    /// Messages the workspace holds, and the page's JS heap and wasm memory (bytes) then.
    pub memory: Option<(u64, f64, f64)>,
    /// Why a figure is missing.
    pub error: Option<String>,
}

/// Counts every connection's messages at once: the shown one's `message-count` and the unread
/// badges of the others (all zero before the flood), polled every 10 ms.
const COUNTER_JS: &str = r#"
const b = window.bench;
const total = () => {
  let n = parseInt((document.querySelector('[data-testid=message-count]') || {}).textContent, 10) || 0;
  for (const u of document.querySelectorAll('[data-testid=connection-unread]')) n += parseInt(u.textContent, 10) || 0;
  return n;
};
b.wsTotal = total;
if (!b.wsTimer) b.wsTimer = setInterval(() => { b.count = total(); b.seen(); }, 10);
return true;
"#;

async fn click(c: &Client, testid: &str) -> Result<(), String> {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await
        .map_err(|e| format!("workspace: no {testid}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("workspace: click {testid}: {e}"))
}

async fn type_into(c: &Client, testid: &str, text: &str) -> Result<(), String> {
    let el = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await
        .map_err(|e| format!("workspace: no {testid}: {e}"))?;
    el.clear()
        .await
        .map_err(|e| format!("workspace: clear {testid}: {e}"))?;
    el.send_keys(text)
        .await
        .map_err(|e| format!("workspace: type into {testid}: {e}"))
}

/// Opens a new connection to the broker, connects it and subscribes it to `bench/#`.
async fn add_connection(site: &Site<'_>, n: usize) -> Result<(), String> {
    let c = site.client;
    click(c, "connection-new").await?;
    wait_for(
        c,
        &format!("document.querySelectorAll('[data-testid=connection-tab]').length === {n}"),
        Duration::from_secs(20),
        "workspace: the new tab",
    )
    .await?;
    click(c, "mode-generic").await?;
    type_into(c, "broker-url", &site.ws_url).await?;
    click(c, "connect").await?;
    wait_for(
        c,
        "document.querySelector('[data-testid=connection-status][data-state=connected]')",
        Duration::from_secs(20),
        "workspace: CONNACK",
    )
    .await?;
    type_into(c, "sub-topic", "bench/#").await?;
    click(c, "sub-add").await?;
    wait_for(
        c,
        "document.querySelector(\"[data-testid=subscription][data-topic='bench/#'][data-state=active]\")",
        Duration::from_secs(20),
        "workspace: SUBACK",
    )
    .await
}

/// Floods `n` messages (each reaching all three connections) and waits for all of them.
async fn flood(
    site: &Site<'_>,
    broker: &crate::support::Mosquitto,
    n: usize,
    limit: Duration,
) -> Result<(), String> {
    let c = site.client;
    js(c, &format!("bench.expect({}); return true;", 3 * n)).await?;
    let mut p = Publisher::connect(broker.tcp_port).await?;
    p.blast(n).await?;
    p.finish().await;
    wait_for(
        c,
        "bench.doneAt !== undefined",
        limit,
        "workspace: the flood",
    )
    .await
}

/// Measures the three-connection workspace: a flood of `burst` messages, then enough more for
/// the workspace to hold `held` messages at a capacity of `held`.
pub async fn measure(
    site: &Site<'_>,
    broker: &crate::support::Mosquitto,
    burst: usize,
    held: usize,
    limit: Duration,
) -> Figures {
    let mut f = Figures::default();
    let outcome: Result<(), String> = async {
        pages::open(site, Page::Console).await?;
        let c = site.client;
        add_connection(site, 2).await?;
        add_connection(site, 3).await?;
        // The capacity covers the whole workspace: a third each.
        js(
            c,
            &format!(
                "const s = document.querySelector('[data-testid=log-capacity]'); s.value = '{held}'; \
                 s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value;"
            ),
        )
        .await?;
        js(c, COUNTER_JS).await?;
        js(c, "bench.resetLongtasks(); return true;").await?;
        flood(site, broker, burst, limit).await?;
        f.rate = js_f64(c, "return bench.rate();").await.ok();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let v = js(c, "return {longest: bench.longest, count: bench.longtasks};").await?;
        f.longest = Some((v["longest"].as_f64().unwrap_or(0.0), v["count"].as_u64().unwrap_or(0)));
        // Then up to the capacity: each connection logs a third of it.
        let more = held.div_ceil(3).saturating_sub(burst);
        if more > 0 {
            flood(site, broker, more, limit).await?;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let v = js(c, "return bench.memory();").await?;
        let received = js_f64(c, "return bench.wsTotal();").await.unwrap_or(0.0) as u64;
        f.memory = Some((
            received.min(held as u64),
            v["js"].as_f64().unwrap_or(0.0),
            v["wasm"].as_f64().unwrap_or(0.0),
        ));
        Ok(())
    }
    .await;
    f.error = outcome.err();
    f
}

/// The report's section.
pub fn section(f: &Figures, burst: usize, held: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Several connections (issue 16)\n");
    let _ = writeln!(
        s,
        "The console (d) with three connections to the broker, each subscribed to `bench/#` \
         (the first shown, the other two live in the background), flooded by one publisher: each \
         of {burst} messages reaches all three. Then the log capacity is set to {held} for the \
         whole workspace (a third each) and the flood goes on until it is full.\n"
    );
    let _ = writeln!(s, "| figure | value |\n|---|---|");
    let mb = |b: f64| format!("{:.1} MB", b / 1e6);
    if let Some(r) = f.rate {
        let _ = writeln!(s, "| ingest, three connections together | {r:.0} msg/s |");
    }
    if let Some((longest, count)) = f.longest {
        let _ = writeln!(
            s,
            "| longest task during the flood | {longest:.0} ms ({count} tasks over 50 ms) |"
        );
    }
    if let Some((messages, js_heap, wasm)) = f.memory {
        let _ = writeln!(
            s,
            "| memory holding {messages} messages across the three | wasm {}, JS heap {} |",
            mb(wasm),
            mb(js_heap)
        );
    }
    if let Some(e) = &f.error {
        let _ = writeln!(s, "| not measured | {} |", e.replace('|', "\\|"));
    }
    s
}
