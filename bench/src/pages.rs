//! The four pages under test and how the harness drives each one through WebDriver. Every page
//! exposes the same `window.bench` (bench/pages/common.js), so the measurements are one code
//! path for all four.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::Value;

/// One of the pages measured side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// (a) a raw WebSocket that only counts bytes: the physical limit.
    Raw,
    /// (b) mqtt.js 5, counting messages only.
    MqttJs,
    /// (c) mqtt.js 5, appending every message to a DOM list.
    MqttJsDom,
    /// (d) the console, subscribed and showing its log.
    Console,
    /// (e) the console again, connected with MQTT 5 (issue 14): measured for ingest only.
    ConsoleV5,
}

impl Page {
    /// Every page measured, in the order each measurement visits them.
    pub const ALL: [Page; 5] = [
        Page::Raw,
        Page::MqttJs,
        Page::MqttJsDom,
        Page::Console,
        Page::ConsoleV5,
    ];

    /// The pages of the main table, each measured for every figure.
    pub const TABLE: [Page; 4] = [Page::Raw, Page::MqttJs, Page::MqttJsDom, Page::Console];

    /// Whether the page is the console, and on which protocol version.
    pub fn console_version(self) -> Option<&'static str> {
        match self {
            Page::Console => Some("3.1.1"),
            Page::ConsoleV5 => Some("5"),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Page::Raw => "(a) raw WebSocket",
            Page::MqttJs => "(b) mqtt.js, count",
            Page::MqttJsDom => "(c) mqtt.js + DOM list",
            Page::Console => "(d) MQTT Console",
            Page::ConsoleV5 => "(e) MQTT Console, MQTT 5",
        }
    }

    /// The page's path on the static server.
    pub fn path(self) -> &'static str {
        match self {
            Page::Raw => "bench/raw.html",
            Page::MqttJs => "bench/mqttjs.html",
            Page::MqttJsDom => "bench/mqttjs-dom.html",
            Page::Console | Page::ConsoleV5 => "",
        }
    }

    /// The files a first load fetches, as paths on the static server (the console's are all of
    /// `dist/`, listed by the caller).
    pub fn files(self) -> &'static [&'static str] {
        match self {
            Page::Raw => &["bench/raw.html", "bench/common.js"],
            Page::MqttJs => &[
                "bench/mqttjs.html",
                "bench/common.js",
                "bench/mqtt.min.js",
                "bench/mqttjs.js",
            ],
            Page::MqttJsDom => &[
                "bench/mqttjs-dom.html",
                "bench/common.js",
                "bench/mqtt.min.js",
                "bench/mqttjs.js",
            ],
            Page::Console | Page::ConsoleV5 => &[],
        }
    }
}

/// Runs `script` (a function body) in the page.
pub async fn js(client: &Client, script: &str) -> Result<Value, String> {
    client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("script failed in the page: {e}\nscript: {script}"))
}

/// A number the script returns.
pub async fn js_f64(client: &Client, script: &str) -> Result<f64, String> {
    js(client, script)
        .await?
        .as_f64()
        .ok_or_else(|| format!("expected a number from: {script}"))
}

/// Waits until `expr` (a JavaScript expression) is truthy; fails after `limit` with the
/// page's `bench.closed` reason and progress, if any.
pub async fn wait_for(
    client: &Client,
    expr: &str,
    limit: Duration,
    what: &str,
) -> Result<(), String> {
    let started = Instant::now();
    let mut told = Instant::now();
    let check = format!("return !!({expr});");
    loop {
        if js(client, &check).await?.as_bool() == Some(true) {
            return Ok(());
        }
        let state = js(
            client,
            "const b = window.bench || {}; return {closed: b.closed || null, count: b.count === undefined ? null : b.count, target: b.target === undefined ? null : b.target};",
        )
        .await?;
        if let Some(reason) = state["closed"].as_str() {
            return Err(format!(
                "{what}: {reason} (count {} of {})",
                state["count"], state["target"]
            ));
        }
        if told.elapsed() > Duration::from_secs(15) {
            // A page without the stream's counters (the decode page) says only how long.
            if state["count"].is_null() {
                eprintln!(
                    "bench:   {what}: still running after {} s",
                    started.elapsed().as_secs()
                );
            } else {
                eprintln!("bench:   {what}: {} of {}", state["count"], state["target"]);
            }
            told = Instant::now();
        }
        if started.elapsed() > limit {
            return Err(format!(
                "{what}: not done within {} s (count {} of {})",
                limit.as_secs(),
                state["count"],
                state["target"]
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What the harness needs to open a page.
pub struct Site<'a> {
    pub client: &'a Client,
    pub base: String,
    pub ws_url: String,
    pub common_js: &'a str,
    pub console_adapter_js: &'a str,
}

/// Loads `page` afresh and waits until it is connected and subscribed to `bench/#`; returns
/// page load → CONNACK in ms.
pub async fn open(site: &Site<'_>, page: Page) -> Result<f64, String> {
    open_with(site, page, 0).await
}

/// [`open`], with the console subscribing at `sub_qos` (the other pages ignore it).
pub async fn open_with(site: &Site<'_>, page: Page, sub_qos: u8) -> Result<f64, String> {
    open_page(site, page, sub_qos, None).await
}

/// Loads the console (d) afresh subscribed to `filter` only, its payloads bound to the decoder
/// `codec` (a `sub-codec` value), instead of `bench/#`; returns page load → CONNACK in ms.
pub async fn open_console_decoding(
    site: &Site<'_>,
    filter: &str,
    codec: &str,
) -> Result<f64, String> {
    open_page(site, Page::Console, 0, Some((filter, codec))).await
}

async fn open_page(
    site: &Site<'_>,
    page: Page,
    sub_qos: u8,
    decoding: Option<(&str, &str)>,
) -> Result<f64, String> {
    let c = site.client;
    let version = page.console_version();
    let url = match version {
        Some(_) => site.base.clone(),
        None => format!("{}{}?ws={}", site.base, page.path(), site.ws_url),
    };
    // Unload the previous page first: tearing down a page with 200,000 list items takes long,
    // and would otherwise count towards this page's load time.
    c.goto("about:blank")
        .await
        .map_err(|e| format!("open about:blank: {e}"))?;
    c.goto(&url).await.map_err(|e| format!("open {url}: {e}"))?;
    if let Some(version) = version {
        open_console(site, sub_qos, version, decoding).await?;
    }
    wait_for(
        c,
        "window.bench && bench.ready",
        Duration::from_secs(20),
        page.label(),
    )
    .await?;
    js_f64(c, "return bench.loadToConnack();").await
}

async fn element(c: &Client, testid: &str) -> Result<fantoccini::elements::Element, String> {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await
        .map_err(|e| format!("console: no {testid}: {e}"))
}

/// Sets the select `testid` to `value` as a user would (a `change` event).
async fn choose(c: &Client, testid: &str, value: &str) -> Result<(), String> {
    element(c, testid).await?;
    let set = js(
        c,
        &format!(
            "const s = document.querySelector('[data-testid={testid}]'); s.value = {v}; \
             s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value;",
            v = serde_json::json!(value)
        ),
    )
    .await?;
    if set.as_str() != Some(value) {
        return Err(format!("console: {testid} has no option {value}"));
    }
    Ok(())
}

/// Connects the console with its demo profile on protocol `version` (`3.1.1` or `5`),
/// subscribes (to `bench/#`, or to a filter bound to a decoder), fills in the payload for round
/// trips, then injects the shared page code and the adapter.
async fn open_console(
    site: &Site<'_>,
    sub_qos: u8,
    version: &str,
    decoding: Option<(&str, &str)>,
) -> Result<(), String> {
    let c = site.client;
    // The demo profile fills in the broker URL once the app has read the page's demo block.
    wait_for(
        c,
        &format!(
            "(document.querySelector('[data-testid=broker-url]') || {{}}).value === '{}'",
            site.ws_url
        ),
        Duration::from_secs(20),
        "console: the demo profile",
    )
    .await?;
    // Chosen every time: the console may remember the last connection's version.
    element(c, "protocol-version")
        .await?
        .select_by_value(version)
        .await
        .map_err(|e| format!("console: choose protocol version {version}: {e}"))?;
    if sub_qos != 0 {
        choose(c, "sub-qos", &sub_qos.to_string()).await?;
    }
    let filter = decoding.map_or("bench/#", |(filter, _)| filter);
    let suback = format!("[data-testid=subscription][data-topic='{filter}'][data-state=active]");
    let suback_what = format!("console: SUBACK for {filter}");
    let steps = [
        (
            "connect",
            "[data-testid=connection-status][data-state=connected]",
            "console: CONNACK",
        ),
        ("sub-add", suback.as_str(), suback_what.as_str()),
    ];
    for (button, done, what) in steps {
        if let (Some((filter, codec)), "sub-add") = (decoding, button) {
            let topic = element(c, "sub-topic").await?;
            topic
                .clear()
                .await
                .map_err(|e| format!("console: clear sub-topic: {e}"))?;
            topic
                .send_keys(filter)
                .await
                .map_err(|e| format!("console: type sub-topic: {e}"))?;
            choose(c, "sub-codec", codec).await?;
        }
        element(c, button)
            .await?
            .click()
            .await
            .map_err(|e| format!("console: click {button}: {e}"))?;
        let expr = format!("document.querySelector({})", serde_json::json!(done));
        wait_for(c, &expr, Duration::from_secs(20), what).await?;
    }
    if let Some((filter, codec)) = decoding {
        wait_for(
            c,
            &format!(
                "document.querySelector(\"[data-testid=decoder-binding][data-topic='{filter}'][data-codec={codec}]\")"
            ),
            Duration::from_secs(20),
            &format!("console: {filter} bound to {codec}"),
        )
        .await?;
    }
    if version == "5" {
        // Only an MQTT 5 session with mosquitto has a topic alias maximum (its 10): proof that
        // this page measures MQTT 5, not a 3.1.1 session the form fell back to.
        wait_for(
            c,
            "document.querySelector(\"[data-testid=server-capability][data-name=topic-alias-maximum][data-value='10']\")",
            Duration::from_secs(5),
            "console: an MQTT 5 session (mosquitto's topic alias maximum in server-capabilities)",
        )
        .await?;
    }
    let payload = element(c, "pub-payload").await?;
    payload
        .clear()
        .await
        .map_err(|e| format!("console: clear the payload: {e}"))?;
    payload
        .send_keys(&"x".repeat(crate::publisher::PAYLOAD_BYTES))
        .await
        .map_err(|e| format!("console: type the payload: {e}"))?;
    js(c, site.common_js).await?;
    js(c, site.console_adapter_js).await?;
    Ok(())
}
