//! End to end: the layout for long sessions. At 1280×800 the Connect button is in view without
//! scrolling (in both modes), a connected connection folds into one line, the log takes at
//! least 60 % of the window's height and width, the page itself never scrolls, and an opened
//! message detail is wholly in view, with three connections open. At 390 px wide every panel is
//! reachable from the pane bar and nothing anywhere scrolls or overflows sideways.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use serde_json::Value;
use support::{broker_profile, open_console, Browser, Mosquitto, StaticServer, TestResult};

/// The element's box and the window's size, in CSS pixels.
#[derive(Debug, Clone, Copy)]
struct Rect {
    top: f64,
    left: f64,
    bottom: f64,
    right: f64,
    win_w: f64,
    win_h: f64,
}

impl Rect {
    fn height(&self) -> f64 {
        self.bottom - self.top
    }

    fn width(&self) -> f64 {
        self.right - self.left
    }

    /// Wholly inside the window (a pixel of rounding allowed).
    fn in_view(&self) -> bool {
        self.top >= -1.0
            && self.left >= -1.0
            && self.bottom <= self.win_h + 1.0
            && self.right <= self.win_w + 1.0
            && self.height() > 0.0
    }
}

async fn rect(browser: &Browser, selector: &str) -> Rect {
    let got = browser
        .client
        .execute(
            "const el = document.querySelector(arguments[0]);
             if (!el) return null;
             const r = el.getBoundingClientRect();
             return [r.top, r.left, r.bottom, r.right, window.innerWidth, window.innerHeight];",
            vec![Value::from(selector)],
        )
        .await
        .unwrap_or(Value::Null);
    let n: Vec<f64> = got
        .as_array()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .iter()
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
        .collect();
    Rect {
        top: n[0],
        left: n[1],
        bottom: n[2],
        right: n[3],
        win_w: n[4],
        win_h: n[5],
    }
}

/// How far the page itself scrolls, down and sideways, beyond the window.
async fn page_overflow(browser: &Browser) -> (f64, f64) {
    let got = browser
        .client
        .execute(
            "const d = document.documentElement;
             return [d.scrollHeight - window.innerHeight, d.scrollWidth - window.innerWidth];",
            vec![],
        )
        .await
        .unwrap_or(Value::Null);
    let n: Vec<f64> = got
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    (n[0], n[1])
}

/// Every shown element that scrolls sideways (its content wider than its box) or reaches past
/// the window's right edge, described for the failure message.
async fn sideways(browser: &Browser) -> Vec<String> {
    let got = browser
        .client
        .execute(
            "const out = [];
             const w = window.innerWidth;
             for (const el of document.querySelectorAll('body *')) {
               const r = el.getBoundingClientRect();
               if (r.width === 0 && r.height === 0) continue;
               const s = getComputedStyle(el);
               if (s.visibility === 'hidden') continue;
               // Clipped by an ancestor that hides overflow: not seen, not reachable.
               let clipped = false;
               for (let p = el.parentElement; p; p = p.parentElement) {
                 const o = getComputedStyle(p).overflowX;
                 if (o === 'hidden' || o === 'clip') {
                   const pr = p.getBoundingClientRect();
                   if (pr.right <= w + 1) { clipped = true; break; }
                 }
               }
               const scrolls = (s.overflowX === 'auto' || s.overflowX === 'scroll')
                 && el.scrollWidth > el.clientWidth + 1;
               if (scrolls || (!clipped && r.right > w + 1)) {
                 const id = el.getAttribute('data-testid') || el.className || el.tagName;
                 out.push(`${el.tagName.toLowerCase()}[${id}] right=${Math.round(r.right)} scrollWidth=${el.scrollWidth} clientWidth=${el.clientWidth}`);
               }
             }
             return out;",
            vec![],
        )
        .await
        .unwrap_or(Value::Null);
    got.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Sizes the window so that its viewport (`innerWidth` × `innerHeight`) is `w` × `h`: headless
/// Chromium's `--window-size` counts its own frame too.
async fn set_viewport(browser: &Browser, w: f64, h: f64) -> TestResult {
    for _ in 0..5 {
        let got = browser
            .client
            .execute(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
                vec![],
            )
            .await?;
        let frame: Vec<f64> = got
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        let (fw, fh) = (
            frame.first().copied().unwrap_or(0.0),
            frame.get(1).copied().unwrap_or(0.0),
        );
        browser
            .client
            .set_window_size((w + fw) as u32, (h + fh) as u32)
            .await?;
        for _ in 0..20 {
            let r = rect(browser, "body").await;
            if (r.win_w, r.win_h) == (w, h) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let r = rect(browser, "body").await;
    panic!("the viewport is {}×{}, not {w}×{h}", r.win_w, r.win_h);
}

async fn displayed(browser: &Browser, selector: &str) -> bool {
    match browser.client.find(Locator::Css(selector)).await {
        Ok(el) => el.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    }
}

/// Waits until `n` messages are listed.
async fn wait_messages(browser: &Browser, n: usize) {
    browser
        .wait_css(
            &format!("[data-testid=message-list][data-count=\"{n}\"]"),
            10,
            "the messages",
        )
        .await;
}

/// Opens a new connection to `broker` and connects it.
async fn connect_another(browser: &Browser, broker: &Mosquitto, count: usize) -> TestResult {
    browser.by_testid("connection-new").await?.click().await?;
    browser
        .wait_css(
            &format!("[data-testid=connection-tab]:nth-of-type({count})[data-current=true]"),
            10,
            "the new connection",
        )
        .await;
    browser.by_testid("mode-generic").await?.click().await?;
    browser.type_into("broker-url", &broker.ws_url()).await?;
    browser.connect().await;
    Ok(())
}

/// A broker, and the console with its profile (subscribing to `layout/#`) in a viewport of
/// `w` × `h`.
async fn opened_at(
    w: f64,
    h: f64,
) -> Result<(Mosquitto, StaticServer, Browser), Box<dyn std::error::Error>> {
    let broker = Mosquitto::start();
    let (server, browser) = open_console("/", broker_profile(&broker, "layout/#", "")).await;
    browser.wait_value("broker-url", 10).await;
    set_viewport(&browser, w, h).await?;
    Ok((broker, server, browser))
}

/// Clicks the first message row wholly inside the list's viewport; returns its topic.
async fn click_row_in_view(browser: &Browser) -> Result<String, Box<dyn std::error::Error>> {
    let topic = browser
        .client
        .execute(
            "const v = document.querySelector('.log .viewport:not(.hidden)').getBoundingClientRect();
             const row = [...document.querySelectorAll('[data-testid=message]')].find(m => {
               const r = m.getBoundingClientRect();
               return r.height > 0 && r.top >= v.top && r.bottom <= v.bottom;
             });
             if (!row) return null;
             row.click();
             return row.getAttribute('data-topic');",
            vec![],
        )
        .await?;
    Ok(topic.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1280x800_connect_the_log_and_the_detail_are_in_view() -> TestResult {
    let (broker, _server, browser) = opened_at(1280.0, 800.0).await?;

    // Connect is in view before anything is scrolled, in Aliyun mode (the longest form) too.
    for mode in ["mode-aliyun", "mode-generic"] {
        browser.by_testid(mode).await?.click().await?;
        let connect = rect(&browser, "[data-testid=connect]").await;
        assert!(connect.in_view(), "{mode}: Connect at {connect:?}");
        assert_eq!(
            page_overflow(&browser).await.0.max(0.0),
            0.0,
            "{mode}: the page scrolls"
        );
    }
    // Profile management is a dialog, not part of the form.
    assert!(!displayed(&browser, "[data-testid=profile-save]").await);
    browser.open_profiles_dialog().await?;
    assert!(displayed(&browser, "[data-testid=profile-export]").await);
    assert!(rect(&browser, "[data-testid=connect]").await.in_view());
    browser.close_profiles_dialog().await?;
    assert!(!displayed(&browser, "[data-testid=profiles-dialog]").await);

    // Connected: the settings fold into one line, the log gets the window.
    browser.connect().await;
    assert!(
        !displayed(&browser, "[data-testid=broker-url]").await,
        "the form folds"
    );
    assert!(displayed(&browser, "[data-testid=connection-summary]").await);
    let head = rect(&browser, ".connect").await;
    assert!(head.height() < 140.0, "the folded connection: {head:?}");
    browser.subscribe().await;
    for i in 0..40 {
        broker.publish(
            &format!("layout/sensor/{}", i % 4),
            &format!(
                "{{\"n\":{i},\"temperature\":{}.5,\"note\":\"{}\"}}",
                20 + i % 7,
                "x".repeat(i * 3)
            ),
        );
    }
    wait_messages(&browser, 40).await;

    // Two more connections, then back to the first: the tabs take one line.
    connect_another(&browser, &broker, 2).await?;
    connect_another(&browser, &broker, 3).await?;
    browser
        .client
        .find(Locator::Css("[data-testid=connection-tab]:nth-of-type(1)"))
        .await?
        .click()
        .await?;
    browser
        .wait_css(
            "[data-testid=connection-tab]:nth-of-type(1)[data-current=true]",
            10,
            "the first connection",
        )
        .await;
    wait_messages(&browser, 40).await;

    let log = rect(&browser, ".log").await;
    assert!(
        log.height() >= 0.6 * log.win_h && log.width() >= 0.6 * log.win_w,
        "the log takes {:.0} % of the height and {:.0} % of the width: {log:?}",
        100.0 * log.height() / log.win_h,
        100.0 * log.width() / log.win_w
    );
    assert!(log.in_view(), "the log is wholly in view: {log:?}");
    let composer = rect(&browser, ".composer").await;
    assert!(composer.in_view(), "the composer is in view: {composer:?}");
    assert!(
        composer.top >= log.bottom - 1.0,
        "the composer is under the log"
    );
    assert_eq!(
        page_overflow(&browser).await,
        (0.0, 0.0),
        "the page scrolls"
    );
    eprintln!(
        "layout 1280x800: log {:.0}x{:.0} ({:.0} % of the height, {:.0} % of the width, {:.0} % of the area)",
        log.width(),
        log.height(),
        100.0 * log.height() / log.win_h,
        100.0 * log.width() / log.win_w,
        100.0 * log.width() * log.height() / (log.win_w * log.win_h)
    );

    // A message opened: its detail is wholly in view, and so is the list above it. Rows are
    // reused as the list scrolls, so a row already in view is clicked (WebDriver would scroll
    // one out of view into it, and the row under the pointer would then be another message).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let opened = click_row_in_view(&browser).await?;
    assert!(opened.starts_with("layout/sensor/"), "{opened:?}");
    browser
        .wait_css("[data-testid=message-detail]", 10, "the detail")
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let detail = rect(&browser, "[data-testid=message-detail]").await;
    assert!(detail.in_view(), "the detail: {detail:?}");
    let list = rect(&browser, ".log .viewport:not(.hidden)").await;
    assert!(
        list.height() >= 88.0,
        "the list keeps rows beside the detail: {list:?}"
    );
    assert_eq!(
        page_overflow(&browser).await,
        (0.0, 0.0),
        "the page scrolls"
    );
    let wide = sideways(&browser).await;
    assert!(wide.is_empty(), "sideways at 1280: {wide:#?}");
    browser.screenshot("layout-1280x800").await;

    // Unfolded on demand while connected, folded again by the same button.
    browser.open_connection_settings().await?;
    assert!(displayed(&browser, "[data-testid=broker-url]").await);
    assert!(rect(&browser, "[data-testid=disconnect]").await.in_view());
    browser
        .by_testid("connection-settings")
        .await?
        .click()
        .await?;
    assert!(!displayed(&browser, "[data-testid=broker-url]").await);
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_390_px_every_panel_is_a_tab_and_nothing_overflows_sideways() -> TestResult {
    let (broker, _server, browser) = opened_at(390.0, 844.0).await?;

    // Every panel is reachable as a tab, one at a time, and nothing scrolls sideways. In
    // Aliyun mode the device tools are a tab too.
    let panes = [
        ("pane-connect", ".connect"),
        ("pane-subscribe", ".subscribe"),
        ("pane-publish", ".publish"),
        ("pane-log", ".log"),
        ("pane-tools", ".tools"),
    ];
    for mode in ["mode-generic", "mode-aliyun"] {
        browser.by_testid("pane-connect").await?.click().await?;
        browser.by_testid(mode).await?.click().await?;
        for (tab, panel) in panes {
            if tab == "pane-tools" && mode == "mode-generic" {
                assert!(
                    !displayed(&browser, "[data-testid=pane-tools]").await,
                    "no tools tab"
                );
                continue;
            }
            browser.by_testid(tab).await?.click().await?;
            assert!(
                displayed(&browser, panel).await,
                "{mode}: {tab} shows {panel}"
            );
            for (_, other) in panes.iter().filter(|(t, _)| *t != tab) {
                assert!(
                    !displayed(&browser, other).await,
                    "{mode}: {tab} also shows {other}"
                );
            }
            let wide = sideways(&browser).await;
            assert!(wide.is_empty(), "{mode}, {tab}: sideways at 390: {wide:#?}");
        }
    }
    browser.by_testid("pane-tools").await?.click().await?;
    browser.open_device_tools().await?;
    let wide = sideways(&browser).await;
    assert!(wide.is_empty(), "the device tools, opened: {wide:#?}");

    // Connected to the broker: the log is shown, long topics and payloads stay in their rows.
    browser.by_testid("pane-connect").await?.click().await?;
    browser.by_testid("mode-generic").await?.click().await?;
    browser.connect().await;
    assert!(
        displayed(&browser, ".log").await,
        "connecting shows the messages"
    );
    browser.by_testid("pane-subscribe").await?.click().await?;
    browser.subscribe().await;
    let long_topic = format!("layout/{}", "deep/".repeat(30));
    for i in 0..12 {
        broker.publish(
            &format!("{long_topic}{i}"),
            &"{\"k\":\"vvvvvvvvvv\"}".repeat(20),
        );
    }
    browser.by_testid("pane-log").await?.click().await?;
    wait_messages(&browser, 12).await;
    // Drawn although the list had no height while the messages came in (another pane shown),
    // and the newest in view, since the list follows the stream.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let drawn = browser
        .client
        .execute(
            "const v = document.querySelector('.log .viewport:not(.hidden)').getBoundingClientRect();
             return [...document.querySelectorAll('[data-testid=message]')]
               .filter(m => { const r = m.getBoundingClientRect(); return r.height > 0 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1; })
               .map(m => m.getAttribute('data-topic'));",
            vec![],
        )
        .await?;
    let drawn: Vec<&str> = drawn
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(
        drawn.last().is_some_and(|t| t.ends_with("/11")),
        "the rows in view once the log is shown: {drawn:?}"
    );
    click_row_in_view(&browser).await?;
    browser
        .wait_css("[data-testid=message-detail]", 10, "the detail")
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let wide = sideways(&browser).await;
    assert!(wide.is_empty(), "the log at 390: {wide:#?}");
    let detail = rect(&browser, "[data-testid=message-detail]").await;
    assert!(detail.right <= detail.win_w + 1.0, "the detail: {detail:?}");
    browser.screenshot("layout-390-log").await;
    browser.by_testid("pane-publish").await?.click().await?;
    browser.open_publish_more().await?;
    let wide = sideways(&browser).await;
    assert!(wide.is_empty(), "the composer at 390: {wide:#?}");
    browser.by_testid("pane-connect").await?.click().await?;
    browser.open_connection_settings().await?;
    browser.by_testid("lang-switch").await?.click().await?;
    let wide = sideways(&browser).await;
    assert!(
        wide.is_empty(),
        "the connection in Chinese at 390: {wide:#?}"
    );
    browser.screenshot("layout-390-connect-zh").await;
    browser.close().await;
    Ok(())
}
