//! End to end, how the console is delivered (issue 15): the bytes of the first load (P1), each
//! lazily loaded part fetched when first used, a part whose chunk cannot be fetched, the
//! service worker (offline reload, a new deployment noticed, the reload on click), and links
//! that open a connection (applied only on a click; hostile ones refused).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use support::delivery::{
    base64url, brotli_len, cache_count, chunk_file, click, dist_copy, fetched, gzip_len,
    is_chunk_of, is_present, js, notice_update, open, redeploy, until, value, PREFIX,
};
use support::{dist_dir, Browser, Mosquitto, PartState, StaticServer, TestResult};

/// The gzip budget of the first load, in bytes. A ratchet: set to the measured total rounded up
/// to the next 10 KB, so the first load can only shrink; the lead lowers it as it does, down to
/// [`P1_TARGET_GZIP`], the issue's target. Raised once, from 380 KB, for several connections
/// (issue 16: the tab bar, a store per connection, the workspace file's reader kept in a
/// chunk): +15 KB gzip measured on the main module. Raised again, from 400 KB, for templates,
/// timed publishing, collections and record / replay (issue 16): their labels in both
/// languages, the publish form's hooks and one loader per new chunk, +9 KB gzip (the template
/// code, timers, collections and recording themselves are chunks). Raised again, from 410 KB,
/// for the payload decoders in the page (issue 17): the decoder select, the store that feeds
/// the engine and the charts, the search and export through decoders, per-topic history and
/// retained tracking in the log store, the row's decode error and findings, the labels in both
/// languages, and loaders for four new chunks: measured 438,977 bytes gzip (+32.7 KB). The
/// engine (CBOR, MessagePack, protox, prost-reflect, Sparkplug B: 284 KB gzip), the charts,
/// the Protobuf file picker and the bindings list are chunks. Raised again, from 440 KB, for
/// Sparkplug B as a *Send as* choice, decoded search that waits for the Sparkplug tracker, the
/// rescan when a binding changes, and sent messages read apart from their echo: measured
/// 440,044 bytes gzip (+1.1 KB), after the JSON value behind a decoded row became lazy (the
/// log's own JSON view still needs serde_json's reader in the page).
const P1_BUDGET_GZIP: u64 = 441_000;

/// Issue 15's target for the first load: 150 KB gzip (KB = 1000 bytes, as in BENCHMARKS.md).
const P1_TARGET_GZIP: u64 = 150_000;

/// The chunk of every lazily loaded part (`<name>-<hash>.wasm` in dist).
const PARTS: [&str; 21] = [
    "device_tools",
    "profiles",
    "paste",
    "will",
    "mqtt5_settings",
    "subscribe_options",
    "publish_props",
    "server_capabilities",
    "topic_tree",
    "message_detail",
    "log_export",
    "publish_more",
    "repeat",
    "template",
    "template_send",
    "collections",
    "recording",
    "decoders",
    "charts",
    "proto_files",
    "decoder_bindings",
];

/// P1: the bytes a first visit fetches until the connect form answers a click, each file of
/// dist compressed natively with gzip -9 and brotli 11. Written to `target/p1.json` for the
/// benchmark report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_load_stays_within_its_budget() -> TestResult {
    let dist = dist_dir();
    // No demo block, no saved profiles: what a first visitor of a CDN copy gets.
    let server = StaticServer::start(dist.clone(), PREFIX, HashMap::new()).await;
    let browser = Browser::start().await;
    open(&browser, server.port, "").await;
    browser.by_testid("mode-generic").await?;
    // A first visit opens on Aliyun mode: the broker URL field comes only from the click.
    assert!(
        !is_present(&browser, "broker-url").await,
        "the broker URL field is there before the click"
    );
    click(&browser, "mode-generic").await?;
    browser
        .wait_css("[data-testid=broker-url]", 10, "the connect form")
        .await;
    let mut files = fetched(&browser).await;
    // A file asked for twice comes over the wire once (the second answer is the browser's cache).
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));

    let mut rows = Vec::new();
    let (mut raw, mut gz, mut br) = (0u64, 0u64, 0u64);
    for file in &files {
        let data = std::fs::read(dist.join(file))
            .unwrap_or_else(|e| panic!("the page fetched {file}, which dist lacks: {e}"));
        let row = (
            file.clone(),
            data.len() as u64,
            gzip_len(&data),
            brotli_len(&data),
        );
        raw += row.1;
        gz += row.2;
        br += row.3;
        rows.push(row);
    }
    println!("P1, the first load (bytes):");
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    for (file, r, g, b) in &rows {
        println!("{file:<48} {r:>10} {g:>10} {b:>10}");
    }
    println!("{:<48} {raw:>10} {gz:>10} {br:>10}", "total");
    println!(
        "gzip budget {P1_BUDGET_GZIP} (a ratchet), issue 15's target {P1_TARGET_GZIP}: {}",
        if gz <= P1_TARGET_GZIP {
            "target met"
        } else {
            "target not met yet"
        }
    );
    let json = serde_json::json!({
        "files": rows.iter().map(|(file, r, g, b)| serde_json::json!({
            "file": file, "raw": r, "gzip": g, "brotli": b,
        })).collect::<Vec<_>>(),
        "total": {"raw": raw, "gzip": gz, "brotli": br},
        "budget_gzip": P1_BUDGET_GZIP,
        "target_gzip": P1_TARGET_GZIP,
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let _ = std::fs::create_dir_all(&target);
    std::fs::write(target.join("p1.json"), serde_json::to_vec_pretty(&json)?)?;

    for part in PARTS {
        assert!(
            !files.iter().any(|f| is_chunk_of(f, part)),
            "the first load fetched the chunk of {part}: {files:?}"
        );
    }
    let wasm: Vec<&String> = files.iter().filter(|f| f.ends_with(".wasm")).collect();
    assert_eq!(
        wasm.len(),
        1,
        "the first load fetches the main module only: {wasm:?}"
    );
    assert!(
        gz <= P1_BUDGET_GZIP,
        "the first load is {gz} bytes gzip, over its budget of {P1_BUDGET_GZIP}"
    );
    browser.close().await;
    Ok(())
}

/// What a part's timing found: its name, the milliseconds from the click to the part shown.
struct Timing(&'static str, u128);

/// The moment just before a click: when, and which files the page had fetched by then.
struct Mark {
    at: Instant,
    before: Vec<String>,
}

impl Mark {
    async fn now(browser: &Browser) -> Mark {
        let before = fetched(browser).await;
        Mark {
            at: Instant::now(),
            before,
        }
    }
}

/// The time from `mark` to now, after checking that the part's chunk was fetched after `mark`
/// (not before) and exactly once.
async fn fetched_once_since(browser: &Browser, part: &'static str, mark: &Mark) -> Timing {
    let ms = mark.at.elapsed().as_millis();
    let before = &mark.before;
    assert!(
        !before.iter().any(|f| is_chunk_of(f, part)),
        "the chunk of {part} was fetched before it was used: {before:?}"
    );
    let after = fetched(browser).await;
    let times = after.iter().filter(|f| is_chunk_of(f, part)).count();
    assert_eq!(
        times, 1,
        "the chunk of {part} is fetched once, when first used: {after:?}"
    );
    Timing(part, ms)
}

/// Waits until `ready` (CSS) matches after a click made at `mark`, failing on `chunk-error`,
/// then checks that the part's chunk was fetched then and not before.
async fn part_shown(browser: &Browser, part: &'static str, ready: &str, mark: &Mark) -> Timing {
    let deadline = mark.at + Duration::from_secs(10);
    loop {
        if browser.client.find(Locator::Css(ready)).await.is_ok() {
            break;
        }
        assert!(
            !is_present(browser, "chunk-error").await,
            "{part} failed to load (chunk-error)"
        );
        assert!(Instant::now() < deadline, "{part} never showed ({ready})");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    fetched_once_since(browser, part, mark).await
}

/// Every lazily loaded part, opened and used once: the time from the click to the part shown,
/// and its chunk fetched exactly then.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_lazy_part_loads_when_first_used() -> TestResult {
    let broker = Mosquitto::start();
    let server = StaticServer::start(dist_dir(), PREFIX, HashMap::new()).await;
    let browser = Browser::start().await;
    open(&browser, server.port, "").await;
    let mut timings = Vec::new();

    // Aliyun mode: the paste box and the device tools.
    click(&browser, "mode-aliyun").await?;
    let mark = Mark::now(&browser).await;
    browser
        .wait_css(".paste > summary", 10, "the paste box")
        .await
        .click()
        .await?;
    timings.push(part_shown(&browser, "paste", "[data-testid=aliyun-paste]", &mark).await);
    let mark = Mark::now(&browser).await;
    click(&browser, "device-tools-open").await?;
    timings.push(
        part_shown(
            &browser,
            "device_tools",
            "[data-testid=device-tools] [data-testid=ntp-sync]",
            &mark,
        )
        .await,
    );

    // Profiles, behind their button on a first visit.
    let mark = Mark::now(&browser).await;
    click(&browser, "profiles-open").await?;
    timings.push(part_shown(&browser, "profiles", "[data-testid=profile-select]", &mark).await);

    // A generic broker: the last will, then MQTT 5 (its settings, subscribe options and
    // publish properties all come with choosing version 5).
    click(&browser, "mode-generic").await?;
    browser.type_into("broker-url", &broker.ws_url()).await?;
    let mark = Mark::now(&browser).await;
    browser
        .wait_css(".will > summary", 10, "the last will")
        .await
        .click()
        .await?;
    timings.push(part_shown(&browser, "will", "[data-testid=will-topic]", &mark).await);
    let mark = Mark::now(&browser).await;
    browser
        .by_testid("protocol-version")
        .await?
        .select_by_value("5")
        .await?;
    timings.push(
        part_shown(
            &browser,
            "mqtt5_settings",
            "[data-testid=mqtt5-settings]",
            &mark,
        )
        .await,
    );
    timings.push(
        part_shown(
            &browser,
            "subscribe_options",
            "[data-testid=sub-retain-handling]",
            &mark,
        )
        .await,
    );

    // Connected on MQTT 5: the server's capabilities.
    let mark = Mark::now(&browser).await;
    browser.connect().await;
    timings.push(
        part_shown(
            &browser,
            "server_capabilities",
            "[data-testid=server-capability]",
            &mark,
        )
        .await,
    );

    // Connected, the composer's "More" opened: timed publishing is shown, then templates and
    // the collections.
    let mark = Mark::now(&browser).await;
    browser.open_publish_more().await?;
    timings.push(part_shown(&browser, "publish_more", "[data-testid=pub-snippet]", &mark).await);
    timings.push(part_shown(&browser, "repeat", "[data-testid=pub-repeat-start]", &mark).await);
    timings.push(
        part_shown(
            &browser,
            "publish_props",
            "[data-testid=pub-properties]",
            &mark,
        )
        .await,
    );
    browser.type_into("pub-topic", "delivery/tpl").await?;
    let mark = Mark::now(&browser).await;
    browser.type_into("pub-payload", "n={{counter}}").await?;
    timings.push(part_shown(&browser, "template", "[data-testid=pub-preview]", &mark).await);
    let mark = Mark::now(&browser).await;
    click(&browser, "pub-send").await?;
    browser
        .wait_css(
            "[data-testid=message][data-direction=out]",
            10,
            "the templated publish",
        )
        .await;
    timings.push(fetched_once_since(&browser, "template_send", &mark).await);
    let mark = Mark::now(&browser).await;
    browser
        .wait_css(".collections > summary", 10, "the collections")
        .await
        .click()
        .await?;
    timings.push(
        part_shown(
            &browser,
            "collections",
            "[data-testid=pub-item-save]",
            &mark,
        )
        .await,
    );
    let mark = Mark::now(&browser).await;
    browser
        .wait_css(".recording > summary", 10, "record / replay")
        .await
        .click()
        .await?;
    timings.push(part_shown(&browser, "recording", "[data-testid=record-start]", &mark).await);
    let mark = Mark::now(&browser).await;
    browser
        .wait_css(".charts-panel > summary", 10, "the charts")
        .await
        .click()
        .await?;
    timings.push(part_shown(&browser, "charts", "[data-testid=chart-add]", &mark).await);
    // Sending JSON as CBOR needs the decoder engine: fetched on that choice.
    let mark = Mark::now(&browser).await;
    browser
        .by_testid("pub-encode")
        .await?
        .select_by_value("cbor")
        .await?;
    timings.push(
        part_shown(
            &browser,
            "decoders",
            "[data-testid=sub-codec][data-engine=ready]",
            &mark,
        )
        .await,
    );
    browser
        .by_testid("pub-encode")
        .await?
        .select_by_value("none")
        .await?;

    // Protobuf chosen as the decoder: the .proto files and message type.
    let mark = Mark::now(&browser).await;
    browser
        .by_testid("sub-codec")
        .await?
        .select_by_value("protobuf")
        .await?;
    timings.push(part_shown(&browser, "proto_files", "[data-testid=proto-file]", &mark).await);
    browser
        .by_testid("sub-codec")
        .await?
        .select_by_value("hex")
        .await?;

    // A message: the topic tree and the message detail; the subscription's decoder (hex)
    // lists the bindings.
    browser.type_into("sub-topic", "delivery/#").await?;
    let mark = Mark::now(&browser).await;
    click(&browser, "sub-add").await?;
    timings.push(
        part_shown(
            &browser,
            "decoder_bindings",
            "[data-testid=decoder-binding]",
            &mark,
        )
        .await,
    );
    browser
        .wait_css(
            "[data-testid=subscription][data-state=active]",
            10,
            "SUBACK",
        )
        .await;
    broker.publish("delivery/one", "{\"n\":1}");
    let row = browser
        .wait_css("[data-testid=message]", 10, "the published message")
        .await;
    let mark = Mark::now(&browser).await;
    click(&browser, "topic-tree-toggle").await?;
    timings.push(
        part_shown(
            &browser,
            "topic_tree",
            "[data-testid=topic-tree] [data-testid=topic-node]",
            &mark,
        )
        .await,
    );
    let mark = Mark::now(&browser).await;
    row.click().await?;
    timings.push(
        part_shown(
            &browser,
            "message_detail",
            "[data-testid=message-detail]",
            &mark,
        )
        .await,
    );

    // The log's export: its code is fetched on the click, then the file is handed over.
    js(
        &browser,
        "window.__exports = []; const create = URL.createObjectURL; \
         URL.createObjectURL = (b) => { window.__exports.push(b); return create(b); }; return true;",
    )
    .await;
    let mark = Mark::now(&browser).await;
    click(&browser, "log-export-json").await?;
    let deadline = mark.at + Duration::from_secs(10);
    while js(&browser, "return window.__exports.length;")
        .await
        .as_u64()
        != Some(1)
    {
        assert!(Instant::now() < deadline, "the JSON export never came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    timings.push(fetched_once_since(&browser, "log_export", &mark).await);
    let exported = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__exports[0].text().then(done);",
            vec![],
        )
        .await?;
    assert!(
        exported
            .as_str()
            .unwrap_or_default()
            .contains("delivery/one"),
        "{exported}"
    );

    println!("Each lazy part, from the click to the part shown:");
    println!("{:<24} {:>8}", "part", "ms");
    for Timing(part, ms) in &timings {
        println!("{part:<24} {ms:>8}");
    }
    assert_eq!(timings.len(), PARTS.len(), "every part was timed");
    browser.close().await;
    Ok(())
}

/// A part whose chunk cannot be fetched says so, loses nothing typed, and shows once the file
/// is back and the retry button is clicked. No service worker is involved (the copy has none).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_chunk_is_explained_and_retried() -> TestResult {
    let dist = dist_copy("missing-chunk");
    let _ = std::fs::remove_file(dist.0.join("sw.js"));
    let will = chunk_file(&dist.0, "will");
    let aside = dist.0.join("will.aside");
    std::fs::rename(&will, &aside)?;
    let server = StaticServer::start(dist.0.clone(), PREFIX, HashMap::new()).await;
    let browser = Browser::start().await;
    open(&browser, server.port, "").await;

    click(&browser, "mode-generic").await?;
    browser
        .type_into("broker-url", "ws://typed.example:9001/mqtt")
        .await?;
    browser.type_into("client-id", "typed-before").await?;
    browser
        .wait_css(".will > summary", 10, "the last will")
        .await
        .click()
        .await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while browser.part_state(".will").await != PartState::Failed {
        assert!(
            Instant::now() < deadline,
            "no chunk-error for a missing chunk"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let error = browser
        .wait_css(".will [data-testid=chunk-error]", 1, "the error")
        .await;
    println!("a missing chunk: {}", error.text().await?);
    assert_eq!(
        value(&browser, "broker-url").await,
        "ws://typed.example:9001/mqtt"
    );
    assert_eq!(value(&browser, "client-id").await, "typed-before");

    std::fs::rename(&aside, &will)?;
    error.find(Locator::Css("button")).await?.click().await?;
    browser.wait_part(".will", 10).await;
    browser
        .wait_css(
            ".will [data-testid=will-topic]",
            5,
            "the last will's fields",
        )
        .await;
    assert_eq!(
        value(&browser, "broker-url").await,
        "ws://typed.example:9001/mqtt"
    );
    assert_eq!(value(&browser, "client-id").await, "typed-before");
    browser.forget_console().await;
    browser.close().await;
    Ok(())
}

/// The service worker: the console opens with its server gone, notices a new deployment,
/// reloads on a click when disconnected and asks first when connected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_reload_and_a_new_deployment() -> TestResult {
    let broker = Mosquitto::start();
    let dist = dist_copy("pwa");
    let server = StaticServer::start(dist.0.clone(), PREFIX, HashMap::new()).await;
    let port = server.port;
    let browser = Browser::start().await;
    open(&browser, port, "").await;
    browser.by_testid("mode-generic").await?;
    until(
        &browser,
        "return navigator.serviceWorker.controller !== null;",
        15,
        "the service worker controls the page",
    )
    .await;

    // Offline: the server is gone, the page still opens.
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(Instant::now() < deadline, "the server still answers");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let t = Instant::now();
    open(&browser, port, "").await;
    browser
        .wait_css("[data-testid=connection-status]", 10, "the console offline")
        .await;
    println!("offline reload: {} ms", t.elapsed().as_millis());

    // A new deployment at the same address is noticed.
    redeploy(&dist.0);
    let _server = StaticServer::start_at(port, dist.0.clone(), PREFIX, HashMap::new()).await;
    notice_update(&browser).await;

    // Disconnected: one click reloads into the new version, which offers nothing.
    js(&browser, "window.__old = 1; return true;").await;
    click(&browser, "update-reload").await?;
    until(
        &browser,
        "return window.__old === undefined;",
        10,
        "the page reloads",
    )
    .await;
    browser.by_testid("mode-generic").await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        !is_present(&browser, "update-ready").await,
        "the new version offers itself again"
    );
    until(
        &browser,
        "return navigator.serviceWorker.controller !== null;",
        15,
        "the new worker controls the page",
    )
    .await;
    assert_eq!(
        cache_count(&browser).await,
        1,
        "the old version's cache is gone"
    );

    // Connected: the first click asks, the second reloads.
    click(&browser, "mode-generic").await?;
    browser.type_into("broker-url", &broker.ws_url()).await?;
    browser.connect().await;
    redeploy(&dist.0);
    notice_update(&browser).await;
    js(&browser, "window.__old = 1; return true;").await;
    let reload = browser.by_testid("update-reload").await?;
    reload.click().await?;
    browser
        .wait_css(
            "[data-testid=update-later]",
            5,
            "the question before closing the connection",
        )
        .await;
    assert_eq!(
        js(&browser, "return window.__old === 1;").await.as_bool(),
        Some(true),
        "the first click reloaded a connected page"
    );
    reload.click().await?;
    until(
        &browser,
        "return window.__old === undefined;",
        10,
        "the page reloads",
    )
    .await;
    browser.by_testid("mode-generic").await?;
    browser.close().await;
    Ok(())
}

/// Opens `fragment` on a fresh page of `port` and checks it is refused with a reason holding
/// `needle`, without an offer, touching the form or connecting.
async fn refused(browser: &Browser, port: u16, fragment: &str, needle: &str) -> TestResult {
    browser.client.goto("about:blank").await?;
    open(browser, port, "").await;
    click(browser, "mode-generic").await?;
    let url_before = value(browser, "broker-url").await;
    // A page of its own, as a pasted link opens (a new fragment alone loads nothing).
    browser.client.goto("about:blank").await?;
    open(browser, port, &format!("#{fragment}")).await;
    let error = browser
        .wait_css("[data-testid=link-error]", 10, "the refusal")
        .await
        .text()
        .await?;
    let shown: String = fragment.chars().take(40).collect();
    assert!(error.contains(needle), "#{shown}…: {error}");
    assert!(
        !is_present(browser, "link-confirm").await,
        "#{shown}…: an offer"
    );
    click(browser, "mode-generic").await?;
    assert_eq!(value(browser, "broker-url").await, url_before, "#{shown}…");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let state = browser
        .by_testid("connection-status")
        .await?
        .attr("data-state")
        .await?;
    assert_eq!(state.as_deref(), Some("disconnected"), "#{shown}…");
    Ok(())
}

/// A shared link: offered, applied on a click, connected only on Connect; sharing writes one;
/// hostile links are refused with their reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_link_opens_a_connection_and_hostile_links_are_refused() -> TestResult {
    let broker = Mosquitto::start();
    let url = broker.ws_url();
    let profiles = mqtt_console::model::profiles::parse_profiles(&format!(
        r#"{{"profiles":[{{"name":"Shared","mode":"generic","url":"{url}","client_id":"e2e-link","subscribe":"demo/#","publish":"demo/link"}}]}}"#
    ))
    .map_err(|e| format!("{e:?}"))?;
    let fragment = mqtt_console::model::profiles::encode_link(&profiles[0]);
    let server = StaticServer::start(dist_dir(), PREFIX, HashMap::new()).await;
    let browser = Browser::start().await;
    open(&browser, server.port, &format!("#{fragment}")).await;

    // The offer: what it will do, and that it waits.
    browser
        .wait_css("[data-testid=link-confirm]", 10, "the link's offer")
        .await;
    let summary = browser.by_testid("link-summary").await?.text().await?;
    for needle in [
        format!("Broker URL: {url}"),
        "Client ID: e2e-link".into(),
        "MQTT version: 3.1.1".into(),
        "Subscribe to: demo/#".into(),
    ] {
        assert!(summary.contains(&needle), "{needle:?} in {summary}");
    }
    let offer = browser.by_testid("link-offer").await?.text().await?;
    assert!(offer.contains("will not connect"), "{offer}");
    let state = browser
        .by_testid("connection-status")
        .await?
        .attr("data-state")
        .await?;
    assert_eq!(state.as_deref(), Some("disconnected"));
    assert_eq!(js(&browser, "return location.hash;").await, "");

    // Applied: the form holds the link, still disconnected; Connect connects.
    click(&browser, "link-confirm").await?;
    assert!(
        !is_present(&browser, "link-confirm").await,
        "the offer stays"
    );
    assert_eq!(value(&browser, "broker-url").await, url);
    assert_eq!(value(&browser, "client-id").await, "e2e-link");
    assert_eq!(value(&browser, "sub-topic").await, "demo/#");
    assert_eq!(value(&browser, "pub-topic").await, "demo/link");
    let state = browser
        .by_testid("connection-status")
        .await?
        .attr("data-state")
        .await?;
    assert_eq!(state.as_deref(), Some("disconnected"));
    browser.connect().await;
    browser.client.refresh().await?;
    browser.by_testid("connection-status").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !is_present(&browser, "link-confirm").await,
        "a reload offers it again"
    );

    // Sharing: a link to what the form holds, without the typed password.
    click(&browser, "mode-generic").await?;
    browser.type_into("password", "hunter2-shared").await?;
    browser.open_profiles().await?;
    click(&browser, "share-link").await?;
    let page = format!("http://127.0.0.1:{}{PREFIX}", server.port);
    let mut shared = String::new();
    for _ in 0..100 {
        shared = value(&browser, "share-link-url").await;
        if !shared.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        shared.starts_with(&format!("{page}#connect=v1.")),
        "{shared}"
    );
    assert!(!shared.contains("hunter2"), "{shared}");
    browser.by_testid("share-link-note").await?;

    // Hostile links.
    let port = server.port;
    refused(&browser, port, "connect=v1.+x", "damaged at character 12").await?;
    let secret = base64url(br#"{"name":"x","password":"p"}"#);
    refused(
        &browser,
        port,
        &format!("connect=v1.{secret}"),
        "links never carry secrets",
    )
    .await?;
    let script = base64url(br#"{"name":"","mode":"generic","url":"javascript:alert(1)"}"#);
    refused(
        &browser,
        port,
        &format!("connect=v1.{script}"),
        "javascript:alert(1)",
    )
    .await?;
    let unknown = base64url(br#"{"name":"","evil":1}"#);
    refused(&browser, port, &format!("connect=v1.{unknown}"), "\"evil\"").await?;
    let long = format!("connect=v1.{}", "A".repeat(9000));
    refused(&browser, port, &long, "links over 8192 bytes are not read").await?;
    refused(&browser, port, "connect=v9.e30", "\"v9\"").await?;

    // Not a link at all.
    browser.client.goto("about:blank").await?;
    open(&browser, port, "#section").await;
    browser.by_testid("connection-status").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !is_present(&browser, "link-error").await,
        "#section refused as a link"
    );
    browser.close().await;
    Ok(())
}
