//! The Content-Security-Policy shipped in `dist/index.html` (a `<meta http-equiv>` written by
//! `scripts/csp.py` after each Trunk build) lets the whole console work and refuses the rest.
//!
//! How violations are caught: before the page's first byte is parsed, a DevTools script
//! (`Page.addScriptToEvaluateOnNewDocument`, which the page's policy does not govern) adds a
//! `securitypolicyviolation` listener that records every refusal in `window.__csp`: blocked
//! inline or foreign scripts, `eval`, inline styles, and fetches or WebSockets outside
//! `connect-src`, during load as well as later. The browser console is checked as well, since
//! Chromium also logs each refusal there. The last test proves the listener works: an inline
//! script and an inline style injected on purpose are blocked and reported.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{broker_profile, dist_dir, Browser, Mosquitto, StaticServer, TestResult};

const RECORD_VIOLATIONS: &str = r#"
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"#;

/// Opens the shipped page with the violation recorder installed before it loads.
async fn open_recorded(broker: &Mosquitto) -> (StaticServer, Browser) {
    let server = StaticServer::start(
        dist_dir(),
        "/console/",
        broker_profile(broker, "demo/#", "demo/csp"),
    )
    .await;
    let browser = Browser::start().await;
    if let Err(e) = browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORD_VIOLATIONS }),
        )
        .await
    {
        panic!("could not install the violation recorder: {e}");
    }
    let url = format!("http://127.0.0.1:{}/console/", server.port);
    if let Err(e) = browser.client.goto(&url).await {
        panic!("could not open {url}: {e}");
    }
    (server, browser)
}

async fn click(browser: &Browser, testid: &str) -> TestResult {
    let el = browser.by_testid(testid).await?;
    el.click()
        .await
        .map_err(|e| format!("click {testid}: {e}"))?;
    Ok(())
}

async fn violations(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute("return window.__csp;", vec![])
        .await
        .unwrap_or_else(|e| panic!("could not read the recorded violations: {e}"));
    match found {
        Value::Array(items) => items.iter().map(|v| v.to_string()).collect(),
        other => panic!("the violation recorder is not installed: window.__csp = {other}"),
    }
}

async fn csp_console_lines(browser: &Browser) -> Vec<String> {
    browser
        .console_log()
        .await
        .into_iter()
        .filter(|l| l.contains("Content Security Policy"))
        .collect()
}

#[test]
fn the_built_page_carries_the_policy() {
    let html = std::fs::read_to_string(dist_dir().join("index.html")).expect("dist/index.html");
    let start = html
        .find(r#"<meta http-equiv="Content-Security-Policy" content=""#)
        .expect("no Content-Security-Policy meta in dist/index.html");
    let policy = &html[start..];
    let policy = &policy[..policy.find("/>").expect("an unterminated meta")];
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "style-src 'self';",
        "connect-src 'self' ws: wss:",
        "base-uri 'none'",
    ] {
        assert!(
            policy.contains(directive),
            "{directive:?} missing from {policy}"
        );
    }
    for lax in ["unsafe-inline", "'unsafe-eval'", "*"] {
        assert!(!policy.contains(lax), "{lax} in {policy}");
    }
    // The policy comes before anything it governs.
    let first_resource = html
        .find("<link")
        .into_iter()
        .chain(html.find("<script"))
        .min();
    assert!(
        first_resource.is_some_and(|r| r > start),
        "the policy must precede every script and stylesheet"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_works_under_its_policy() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_recorded(&broker).await;
    // The profile comes from demo-profiles.json, fetched from the page's own origin.
    browser.connect_and_subscribe().await;
    browser
        .by_testid("pub-payload")
        .await?
        .send_keys(r#"{"under":"csp"}"#)
        .await?;
    browser.by_testid("pub-send").await?.click().await?;
    let row = browser
        .wait_css(
            "[data-testid=message][data-direction=in][data-topic='demo/csp']",
            10,
            "the page's own message",
        )
        .await;
    row.click()
        .await
        .map_err(|e| format!("click the message row: {e}"))?;
    browser.by_testid("message-detail").await?;
    // Every payload view (text, JSON, hex, base64), one after the other.
    let views = browser
        .client
        .execute(
            "const b = [...document.querySelectorAll('[data-testid^=detail-format-]')]; b.forEach(x => x.click()); return b.length;",
            vec![],
        )
        .await?;
    assert!(
        views.as_u64().is_some_and(|n| n >= 2),
        "no payload views: {views}"
    );
    let body = browser
        .by_testid("detail-payload")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    assert!(!body.is_empty(), "the detail view shows nothing");
    // At the window size of a small laptop the pane is tall enough to read, not cut off by its
    // panel, fits the window once scrolled to, and its buttons take a real click.
    let rect = browser
        .client
        .execute(
            "const d = document.querySelector('[data-testid=message-detail]'); d.scrollIntoView({block: 'nearest'}); const r = d.getBoundingClientRect(); const p = d.closest('.log').getBoundingClientRect(); return [r.top, r.bottom, r.height, p.bottom, window.innerHeight];",
            vec![],
        )
        .await?;
    let [top, bottom, height, panel_bottom, window_height] =
        [0, 1, 2, 3, 4].map(|i| rect[i].as_f64().unwrap_or(-1.0));
    assert!(
        top >= 0.0 && bottom <= panel_bottom && bottom <= window_height && height >= 80.0,
        "the message detail is cut off: top {top}, bottom {bottom}, height {height}, panel bottom {panel_bottom}, window {window_height}"
    );
    browser.screenshot("e2e-csp-detail").await;
    browser
        .by_testid("detail-format-hex")
        .await?
        .click()
        .await?;
    browser.by_testid("detail-close").await?.click().await?;
    browser
        .by_testid("topic-tree-toggle")
        .await?
        .click()
        .await?;
    click(&browser, "lang-switch").await?;
    click(&browser, "log-export-json").await?;
    click(&browser, "disconnect").await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=disconnected]",
            5,
            "disconnect",
        )
        .await;

    let seen = violations(&browser).await;
    assert!(
        seen.is_empty(),
        "the policy refused something the console does: {seen:#?}"
    );
    let logged = csp_console_lines(&browser).await;
    assert!(
        logged.is_empty(),
        "the console log reports policy refusals: {logged:#?}"
    );
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_inline_script_and_style_are_blocked_and_reported() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_recorded(&broker).await;
    browser.by_testid("connect").await?;
    assert!(
        violations(&browser).await.is_empty(),
        "the page alone must cause no violation"
    );

    browser
        .client
        .execute(
            r#"const s = document.createElement('script');
               s.textContent = 'window.__injectedRan = true;';
               document.body.appendChild(s);
               const d = document.createElement('div');
               d.innerHTML = '<p style="color: red">styled</p>';
               document.body.appendChild(d);
               return true;"#,
            vec![],
        )
        .await?;
    // Violation events are dispatched as tasks; wait for both.
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen = loop {
        let seen = violations(&browser).await;
        let script = seen.iter().any(|v| v.contains("script-src"));
        let style = seen.iter().any(|v| v.contains("style-src"));
        if script && style {
            break seen;
        }
        assert!(
            Instant::now() < deadline,
            "the injected script and style were not both reported: {seen:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let ran = browser
        .client
        .execute("return window.__injectedRan === true;", vec![])
        .await?;
    assert_eq!(
        ran,
        Value::Bool(false),
        "the injected inline script ran: {seen:#?}"
    );
    assert!(
        !csp_console_lines(&browser).await.is_empty(),
        "Chromium logs refusals to the console; the console check would miss them otherwise"
    );
    browser.close().await;
    Ok(())
}
