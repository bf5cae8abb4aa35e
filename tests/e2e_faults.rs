//! Faults end to end: a broker that closes the WebSocket with each interesting close code, one
//! that sends broken MQTT (tests/fakes/broker.rs), a full `localStorage`, a page whose timers
//! stall while a PINGRESP waits, and a background tab frozen for a while. The console must
//! explain each in plain language, recover where it can, and never panic (every test also goes
//! through the central panic check in `Browser::close`; the last test proves that check). The
//! broker killed and restarted mid-session is in tests/e2e.rs.
#![cfg(not(target_arch = "wasm32"))]

#[path = "fakes/broker.rs"]
mod fake_broker;
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fake_broker::{FakeBroker, Seen};
use mqtt_console::i18n::connection::describe_close_code;
use serde_json::json;
use support::{broker_profile, open_console, Browser, Mosquitto, TestResult};

/// Loads the page afresh (so the status starts at `disconnected`), connects to `url` as a
/// generic broker and returns the `connection-error` text once the status is `error`.
async fn error_for(
    browser: &Browser,
    page: &str,
    url: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    browser.client.goto(page).await?;
    browser.by_testid("mode-generic").await?.click().await?;
    let field = browser.by_testid("broker-url").await?;
    field.clear().await?;
    field.send_keys(url).await?;
    browser.by_testid("connect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=error]",
            15,
            &format!("the error state after {url}"),
        )
        .await;
    Ok(browser.by_testid("connection-error").await?.text().await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_websocket_close_code_is_explained() -> TestResult {
    let fake = FakeBroker::start().await;
    let (server, browser) = open_console("/", HashMap::new()).await;
    let page = format!("http://127.0.0.1:{}/", server.port);
    let mut cases: Vec<(String, u16)> = [1000u16, 1001, 1002, 1003, 1008, 1009, 1011, 4000, 4999]
        .iter()
        .map(|code| (fake.url(&format!("/close/{code}")), *code))
        .collect();
    // 1006 cannot be sent: it is what the browser reports when the TCP connection just ends.
    cases.push((fake.url("/drop"), 1006));
    for (url, code) in cases {
        let shown = error_for(&browser, &page, &url).await?;
        assert!(
            shown.contains(describe_close_code(code)),
            "close code {code}: the plain-language reason is missing from {shown:?}"
        );
        assert!(
            shown.contains(&format!("close code {code}")),
            "close code {code}: the code itself is missing from {shown:?}"
        );
        if code >= 4000 {
            assert!(
                shown.contains(&format!("fake broker closes with {code}")),
                "the server's reason text must be shown: {shown:?}"
            );
        }
    }
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_mqtt_from_the_broker_is_reported_specifically() -> TestResult {
    let fake = FakeBroker::start().await;
    let (server, browser) = open_console("/", HashMap::new()).await;
    let page = format!("http://127.0.0.1:{}/", server.port);
    let cases = [
        (
            "remaining-length",
            "remaining length is longer than four bytes",
        ),
        ("reserved-type", "reserved packet type 15"),
        ("connack-code", "CONNACK return code 6"),
        ("publish-utf8", "UTF-8"),
        ("text", "text frame"),
    ];
    for (name, expected) in cases {
        let shown = error_for(&browser, &page, &fake.url(&format!("/raw/{name}"))).await?;
        assert!(
            shown.contains(expected),
            "{name}: expected the reason to mention {expected:?}, got {shown:?}"
        );
        // One broken packet, one report: no retry loop against a broker that breaks the rules.
        assert!(
            browser.fatal_errors().await.is_empty(),
            "{name} made the app panic"
        );
    }
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_storage_is_explained_and_the_form_keeps_its_text() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "demo/#", "")).await;
    let url = browser.wait_value("broker-url", 10).await;
    // Fill localStorage to the last byte: big values first, then ever smaller ones.
    let filled = browser
        .client
        .execute(
            r#"let n = 0, size = 1 << 20;
               while (size >= 1) {
                 try { localStorage.setItem('fill-' + n, 'x'.repeat(size)); n++; }
                 catch (e) { size = size >> 1; }
               }
               return n;"#,
            vec![],
        )
        .await?;
    assert!(
        filled.as_u64().is_some_and(|n| n > 0),
        "nothing was stored: {filled}"
    );

    browser.open_profiles_dialog().await?;
    let name = browser.by_testid("profile-name").await?;
    name.clear().await?;
    name.send_keys("Kept after a full storage").await?;
    browser.by_testid("profile-save").await?.click().await?;
    let error = browser.by_testid("profile-error").await?.text().await?;
    assert!(error.contains("storage is full"), "{error}");
    assert_eq!(
        name.prop("value").await?.as_deref(),
        Some("Kept after a full storage"),
        "the typed profile name must stay"
    );
    assert_eq!(
        browser.by_testid("broker-url").await?.prop("value").await?,
        Some(url)
    );
    // Not listed as saved, since it was not.
    let listed = browser
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=profile-select] option')].map(o => o.value);",
            vec![],
        )
        .await?;
    assert!(
        !listed.to_string().contains("Kept after a full storage"),
        "the profile is offered although it was not stored: {listed}"
    );
    assert!(
        browser
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=profile-notice]"))
            .await?
            .is_empty(),
        "no 'saved' notice may appear"
    );
    browser.screenshot("e2e-storage-full").await;
    browser
        .client
        .execute("localStorage.clear(); return true;", vec![])
        .await?;
    browser.close().await;
    Ok(())
}

/// Sets the keepalive field to `secs`.
async fn set_keepalive(browser: &Browser, secs: &str) -> TestResult {
    let field = browser.by_testid("keepalive").await?;
    field.clear().await?;
    field.send_keys(secs).await?;
    Ok(())
}

/// Counts timer callbacks in the page from now on, to prove a freeze really stopped them.
async fn start_heartbeat(browser: &Browser) -> TestResult {
    browser
        .client
        .execute(
            "window.__beats = 0; clearInterval(window.__beat); window.__beat = setInterval(() => window.__beats++, 100); return true;",
            vec![],
        )
        .await?;
    Ok(())
}

async fn heartbeats(browser: &Browser) -> Result<u64, Box<dyn std::error::Error>> {
    let n = browser
        .client
        .execute("return window.__beats;", vec![])
        .await?;
    Ok(n.as_u64().ok_or("no heartbeat counter in the page")?)
}

/// What we emulate: a background tab that Chromium froze (lifecycle state `frozen`, what it
/// does to tabs hidden for a while; the extreme of timer throttling: nothing runs) for `secs`,
/// then the user coming back to it (`active`, visible again). Chromium fails a frozen page's
/// WebSockets (its console says "Page entered Back-Forward Cache"; the page sees code 1006), so
/// the link cannot survive: the console must notice on waking and reconnect.
async fn freeze_for(browser: &Browser, secs: u64) -> TestResult {
    browser
        .cdp("Page.setWebLifecycleState", json!({ "state": "frozen" }))
        .await?;
    tokio::time::sleep(Duration::from_secs(secs)).await;
    browser
        .cdp("Page.setWebLifecycleState", json!({ "state": "active" }))
        .await?;
    // The frozen page stays hidden; focus emulation makes it visible again (bringToFront
    // does not in headless Chromium), so animation frames, which draw the log, run again.
    browser
        .cdp(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        )
        .await?;
    let visible = browser
        .client
        .execute("return document.visibilityState;", vec![])
        .await?;
    assert_eq!(visible, json!("visible"), "the tab did not come back");
    Ok(())
}

/// What we emulate here: the page's timers stalled for 6 s (one long task on the main thread;
/// to the console's timers the same as a throttled background tab) while the broker's
/// PINGRESP arrived and waits in the event queue. On waking, the overdue keepalive timer and
/// the queued PINGRESP compete; the timer must not call a live broker dead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_page_does_not_declare_a_live_broker_dead() -> TestResult {
    let fake = FakeBroker::start().await;
    let (_server, browser) = open_console("/", HashMap::new()).await;
    browser.by_testid("mode-generic").await?.click().await?;
    let field = browser.by_testid("broker-url").await?;
    field.send_keys(&fake.url("/pings")).await?;
    set_keepalive(&browser, "2").await?;
    browser.connect().await;
    assert_eq!(fake.next(10, "the connection").await, Seen::Connect(1));
    assert_eq!(fake.next(10, "the first PINGREQ").await, Seen::PingReq(1));

    // The ping is outstanding (the fake broker holds its answer). Stall the page for far
    // longer than the console's PINGRESP timeout (1 s), and let the answer arrive meanwhile.
    start_heartbeat(&browser).await?;
    let client = browser.client.clone();
    let stall = tokio::spawn(async move {
        client
            .execute(
                "const end = performance.now() + 6000; while (performance.now() < end) {} return true;",
                vec![],
            )
            .await
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    fake.release_pingresp();
    stall.await??;
    let beats = heartbeats(&browser).await?;
    assert!(
        beats < 20,
        "the page did not stall: {beats} timer callbacks ran (about 60 when running)"
    );

    // The same link pings again: it was never dropped.
    let next = fake.next(15, "the next PINGREQ on the same link").await;
    if next != Seen::PingReq(1) {
        let why = browser.by_testid("connection-error").await?.text().await?;
        panic!("the console dropped a live link after the stall ({next:?}): {why}");
    }
    let state = browser
        .by_testid("connection-status")
        .await?
        .attr("data-state")
        .await?;
    assert_eq!(state.as_deref(), Some("connected"));
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_background_tab_reconnects_when_it_wakes() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "demo/#", "")).await;
    browser.connect_and_subscribe().await;
    // Record every status change, so the reconnect is seen even if it is quick.
    browser
        .client
        .execute(
            r#"const el = document.querySelector('[data-testid=connection-status]');
               window.__states = [];
               new MutationObserver(() => window.__states.push(el.dataset.state))
                 .observe(el, { attributes: true, attributeFilter: ['data-state'] });
               return true;"#,
            vec![],
        )
        .await?;
    start_heartbeat(&browser).await?;
    freeze_for(&browser, 8).await?;
    let beats = heartbeats(&browser).await?;
    assert!(
        beats < 30,
        "the tab was not frozen: {beats} timer callbacks in 8 s"
    );

    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let states = browser
            .client
            .execute("return window.__states;", vec![])
            .await?;
        let states: Vec<String> = serde_json::from_value(states)?;
        let lost = states
            .iter()
            .position(|s| s == "reconnecting" || s == "connecting");
        if lost.is_some_and(|i| states[i..].iter().any(|s| s == "connected")) {
            break;
        }
        assert!(
            !states.iter().any(|s| s == "error"),
            "the console gave up instead of reconnecting: {states:?}"
        );
        assert!(
            Instant::now() < deadline,
            "no reconnect after the freeze: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser
        .wait_css(
            "[data-testid=subscription][data-state=active]",
            10,
            "the resubscription",
        )
        .await;
    broker.publish("demo/after-freeze", "awake again");
    browser
        .wait_css(
            "[data-testid=message][data-topic='demo/after-freeze']",
            10,
            "a message after the freeze",
        )
        .await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_central_panic_check_sees_the_banner_and_the_console() -> TestResult {
    let (_server, browser) = open_console("/", HashMap::new()).await;
    browser.by_testid("connect").await?;
    assert!(
        browser.fatal_errors().await.is_empty(),
        "a fresh page has no fatal error"
    );
    browser
        .client
        .execute(
            r#"console.error('panicked at src/fake.rs:1:1:\nlogged by the test on purpose');
               const b = document.createElement('div');
               b.dataset.testid = 'fatal-error';
               b.textContent = 'a banner put up by the test';
               document.body.prepend(b);
               return true;"#,
            vec![],
        )
        .await?;
    let found = browser.fatal_errors().await;
    assert!(
        found
            .iter()
            .any(|f| f.contains("logged by the test on purpose")),
        "the console panic was missed: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("a banner put up by the test")),
        "the banner was missed: {found:?}"
    );
    // Undo both, so this test's own close() passes.
    browser
        .client
        .execute(
            "document.querySelector('[data-testid=fatal-error]').remove(); return true;",
            vec![],
        )
        .await?;
    browser.forget_console().await;
    browser.close().await;
    Ok(())
}

/// Picks the protocol version (`3.1.1` or `5`) of the generic connection form.
async fn choose_version(browser: &Browser, version: &str) -> TestResult {
    browser
        .by_testid("protocol-version")
        .await?
        .select_by_value(version)
        .await?;
    Ok(())
}

/// Opens a fresh console on `url` as a generic broker with `version` and `keepalive` seconds,
/// and connects.
async fn connect_generic(
    browser: &Browser,
    page: &str,
    url: &str,
    version: &str,
    keepalive: &str,
) -> TestResult {
    browser.client.goto(page).await?;
    browser.by_testid("mode-generic").await?.click().await?;
    let field = browser.by_testid("broker-url").await?;
    field.clear().await?;
    field.send_keys(url).await?;
    choose_version(browser, version).await?;
    set_keepalive(browser, keepalive).await?;
    browser.by_testid("connect").await?.click().await?;
    Ok(())
}

/// A half-open link (TCP up, nobody answering behind it) must be noticed within 1.25 ×
/// keepalive on both protocol versions. The console's last packet is its CONNECT, so the
/// time from CONNECT to the console closing the link is the whole detection time: the
/// keepalive's PINGREQ plus the PINGRESP timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_open_link_is_noticed_within_one_and_a_quarter_keepalives() -> TestResult {
    let keepalive = 4.0;
    for version in ["3.1.1", "5"] {
        let fake = FakeBroker::start().await;
        let (server, browser) = open_console("/", HashMap::new()).await;
        let page = format!("http://127.0.0.1:{}/", server.port);
        connect_generic(&browser, &page, &fake.url("/silent"), version, "4").await?;
        assert_eq!(fake.next(10, "the CONNECT").await, Seen::Connect(1));
        let start = Instant::now();
        assert_eq!(
            fake.next(15, "the console closing the half-open link")
                .await,
            Seen::Closed(1)
        );
        let noticed = start.elapsed().as_secs_f64();
        println!(
            "MQTT {version}: half-open link noticed after {noticed:.2} s at keepalive {keepalive} s ({:.2} ×)",
            noticed / keepalive
        );
        // 0.25 s for the WebSocket close and the fake broker noticing it on a busy machine.
        assert!(
            noticed <= 1.25 * keepalive + 0.25,
            "MQTT {version}: {noticed:.2} s to notice a half-open link, more than 1.25 × {keepalive} s"
        );
        let why = browser.by_testid("connection-error").await?.text().await?;
        assert!(
            why.to_lowercase().contains("ping") || why.contains("PINGRESP"),
            "the reason should name the missing PINGRESP: {why:?}"
        );
        browser.close().await;
    }
    Ok(())
}

/// An MQTT 5 server that kicks us out says why; the console shows the reason code and string,
/// and does not fight the other client by reconnecting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_disconnect_shows_its_reason_and_is_not_fought() -> TestResult {
    let fake = FakeBroker::start().await;
    let (server, browser) = open_console("/", HashMap::new()).await;
    let page = format!("http://127.0.0.1:{}/", server.port);
    connect_generic(&browser, &page, &fake.url("/v5/disconnect"), "5", "30").await?;
    browser
        .wait_css(
            "[data-testid=disconnect-reason]",
            10,
            "the server's DISCONNECT reason",
        )
        .await;
    let shown = browser.by_testid("disconnect-reason").await?.text().await?;
    assert!(
        shown.contains(fake_broker::TAKEN_OVER_REASON),
        "the server's reason string is missing: {shown:?}"
    );
    assert!(
        shown.contains("0x8E") || shown.contains("0x8e") || shown.contains("142"),
        "the reason code is missing: {shown:?}"
    );
    // Session taken over: reconnecting would only kick the other client out in turn.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let state = browser
        .by_testid("connection-status")
        .await?
        .attr("data-state")
        .await?;
    assert_ne!(state.as_deref(), Some("reconnecting"));
    assert_ne!(state.as_deref(), Some("connected"));
    browser.close().await;
    Ok(())
}

/// A PUBLISH using a topic alias that was never set up is a protocol error: the console tells
/// the server (DISCONNECT 0x94) and the user, and does not crash.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_topic_alias_is_explained() -> TestResult {
    let fake = FakeBroker::start().await;
    let (server, browser) = open_console("/", HashMap::new()).await;
    let page = format!("http://127.0.0.1:{}/", server.port);
    connect_generic(&browser, &page, &fake.url("/v5/bad-alias"), "5", "30").await?;
    assert_eq!(fake.next(10, "the CONNECT").await, Seen::Connect(1));
    assert_eq!(
        fake.next(10, "the console's DISCONNECT").await,
        Seen::Disconnect(1, Some(0x94)),
        "the console must tell the server: topic alias invalid"
    );
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=error]",
            10,
            "the error state",
        )
        .await;
    let why = browser.by_testid("connection-error").await?.text().await?;
    assert!(
        why.to_lowercase().contains("alias"),
        "the error should explain the topic alias: {why:?}"
    );
    browser.close().await;
    Ok(())
}
