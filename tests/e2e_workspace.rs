//! End to end: several connections in one tab. Three live at once (a mosquitto client and the
//! emulator's two demo devices), a message routed from one device to the other through the
//! cloud's HTTP API, unread counts on the tabs not shown, switching back and forth without losing
//! what was typed, renaming, a reload restoring the workspace (names and forms, no secret), and
//! closing a connection.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use support::delivery::value;
use support::emulator::{
    fill_identity, Emulator, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET, DEMO_PRODUCT_KEY,
};
use support::{broker_profile, open_console, Browser, Mosquitto, TestResult};

/// The emulator's second demo device (`emulator/src/registry/demo.rs`).
const DEVICE_2: &str = "console-demo-2";
const DEVICE_2_SECRET: &str = "1a2b3c4d5e6f708192a3b4c5d6e7f809";

/// Every tab as (name, state, current).
async fn tabs(browser: &Browser) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let found = browser
        .client
        .find_all(Locator::Css("[data-testid=connection-tab]"))
        .await
        .unwrap_or_default();
    for tab in found {
        let attr = |name: &'static str| {
            let tab = tab.clone();
            async move { tab.attr(name).await.ok().flatten().unwrap_or_default() }
        };
        out.push((
            attr("data-name").await,
            attr("data-state").await,
            attr("data-current").await == "true",
        ));
    }
    out
}

/// Clicks the tab named `name` and waits until it is the one shown.
async fn show(browser: &Browser, name: &str) -> TestResult {
    let selector = format!("[data-testid=connection-tab][data-name=\"{name}\"]");
    browser
        .wait_css(&selector, 10, "the tab")
        .await
        .click()
        .await?;
    browser
        .wait_css(
            &format!("{selector}[data-current=true]"),
            10,
            "the tab to be shown",
        )
        .await;
    Ok(())
}

/// Opens a new connection and waits for its (empty) form.
async fn new_connection(browser: &Browser, count: usize) -> TestResult {
    browser.by_testid("connection-new").await?.click().await?;
    for _ in 0..100 {
        if tabs(browser).await.len() == count {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no tab {count} appeared: {:?}", tabs(browser).await);
}

/// Types `name` over the connection's name, as selecting it all and typing does, then leaves
/// the field (its `change` event).
async fn type_name(browser: &Browser, name: &str) -> TestResult {
    let input = browser.by_testid("connection-name").await?;
    browser
        .client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));",
            vec![serde_json::to_value(&input)?, json!(name)],
        )
        .await?;
    Ok(())
}

async fn rename(browser: &Browser, name: &str) -> TestResult {
    type_name(browser, name).await?;
    browser
        .wait_css(
            &format!("[data-testid=connection-tab][data-name=\"{name}\"][data-current=true]"),
            10,
            "the renamed tab",
        )
        .await;
    Ok(())
}

/// Connects the shown connection and subscribes to `filter`.
async fn connect_and_subscribe(browser: &Browser, filter: &str) -> TestResult {
    browser.connect().await;
    browser.type_into("sub-topic", filter).await?;
    browser.by_testid("sub-add").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=subscription][data-state=active]",
            10,
            "SUBACK",
        )
        .await;
    Ok(())
}

async fn unread(browser: &Browser, name: &str) -> String {
    let selector = format!(
        "[data-testid=connection-tab][data-name=\"{name}\"] [data-testid=connection-unread]"
    );
    match browser.client.find(Locator::Css(&selector)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn wait_unread(browser: &Browser, name: &str, want: &str) {
    for _ in 0..100 {
        if unread(browser, name).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "tab {name} shows {:?} unread, expected {want}",
        unread(browser, name).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_connections_live_at_once_and_come_back_after_a_reload() -> TestResult {
    let broker = Mosquitto::start();
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "ws/#", "ws/out")).await;

    // 1: the demo profile's broker.
    browser.wait_value("broker-url", 10).await;
    rename(&browser, "bridge").await?;
    browser.connect_and_subscribe().await;

    // 2 and 3: the emulator's two demo devices, each subscribed to its own downlink topic.
    new_connection(&browser, 2).await?;
    assert_eq!(
        browser
            .by_testid("connection-status")
            .await?
            .attr("data-state")
            .await?
            .as_deref(),
        Some("disconnected"),
        "a new connection starts disconnected"
    );
    rename(&browser, "device A").await?;
    fill_identity(&browser, &emulator, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET).await?;
    connect_and_subscribe(&browser, "/${productKey}/${deviceName}/user/get").await?;

    new_connection(&browser, 3).await?;
    rename(&browser, "device B").await?;
    fill_identity(&browser, &emulator, DEVICE_2, DEVICE_2_SECRET).await?;
    connect_and_subscribe(&browser, "/${productKey}/${deviceName}/user/get").await?;

    let now = tabs(&browser).await;
    assert_eq!(
        now.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["bridge", "device A", "device B"]
    );
    assert!(
        now.iter().all(|t| t.1 == "connected"),
        "all three stay connected while one is shown: {now:?}"
    );

    // Device B publishes upward; the test, as the cloud's rule engine, forwards it to device A
    // through the emulator's HTTP API.
    let up = format!("/{DEMO_PRODUCT_KEY}/{DEVICE_2}/user/update");
    browser.type_into("pub-topic", &up).await?;
    browser.type_into("pub-payload", "hello A, from B").await?;
    browser.by_testid("pub-send").await?.click().await?;
    let mut seen = false;
    for _ in 0..50 {
        let (_, log) = emulator
            .api(
                "GET",
                &format!("/api/log?productKey={DEMO_PRODUCT_KEY}"),
                None,
            )
            .await;
        let entries = log["entries"].as_array().cloned().unwrap_or_default();
        if entries
            .iter()
            .any(|e| e["kind"] == "publish_up" && e["topic"] == up.as_str())
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "device B's publish never reached the cloud");
    let down = format!("/{DEMO_PRODUCT_KEY}/{DEMO_DEVICE_NAME}/user/get");
    let (status, body) = emulator
        .api(
            "POST",
            "/api/publish",
            Some(json!({"topic": down, "payload": "hello A, from B"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // And mosquitto sends to the bridge.
    broker.publish("ws/in", "to the bridge");

    // Both arrive while device B is shown: counted as unread on their tabs.
    wait_unread(&browser, "device A", "1").await;
    wait_unread(&browser, "bridge", "1").await;
    assert_eq!(
        unread(&browser, "device B").await,
        "",
        "the shown tab has none"
    );

    // A draft typed in B survives a trip to A and back.
    browser
        .type_into("pub-payload", "draft kept while away")
        .await?;
    show(&browser, "device A").await?;
    browser
        .wait_css(
            &format!("[data-testid=message][data-direction=in][data-topic=\"{down}\"]"),
            10,
            "device A's message from B",
        )
        .await;
    assert_eq!(unread(&browser, "device A").await, "", "shown: read");
    assert_eq!(
        value(&browser, "aliyun-device-name").await,
        DEMO_DEVICE_NAME
    );
    show(&browser, "bridge").await?;
    browser
        .wait_css(
            "[data-testid=message][data-direction=in][data-topic=\"ws/in\"]",
            10,
            "the bridge's message",
        )
        .await;
    show(&browser, "device B").await?;
    assert_eq!(
        value(&browser, "pub-payload").await,
        "draft kept while away"
    );
    assert_eq!(
        browser
            .by_testid("connection-status")
            .await?
            .attr("data-state")
            .await?
            .as_deref(),
        Some("connected")
    );
    browser.screenshot("workspace-three-connections").await;

    // The combined log: every connection's messages in one list, marked with their connection.
    browser.by_testid("log-combined").await?.click().await?;
    browser
        .wait_css(
            &format!("[data-testid=message][data-connection=\"device A\"][data-topic=\"{down}\"]"),
            10,
            "device A's message in the combined log",
        )
        .await;
    browser
        .wait_css(
            "[data-testid=message][data-connection=bridge][data-topic=\"ws/in\"]",
            10,
            "the bridge's message in the combined log",
        )
        .await;
    browser
        .wait_css(
            &format!("[data-testid=message][data-connection=\"device B\"][data-direction=out][data-topic=\"{up}\"]"),
            10,
            "device B's own publish in the combined log",
        )
        .await;
    browser.screenshot("workspace-combined-log").await;
    browser.by_testid("log-combined").await?.click().await?;

    // A name another tab has is refused and explained.
    type_name(&browser, "bridge").await?;
    let error = browser
        .wait_css("[data-testid=connection-name-error]", 10, "the name error")
        .await
        .text()
        .await?;
    assert!(error.contains("bridge"), "{error}");

    // Reload: the three come back with their names and forms, disconnected, without secrets.
    browser.client.refresh().await?;
    browser
        .wait_css(
            "[data-testid=connection-tab][data-name=\"device B\"][data-current=true]",
            15,
            "the restored workspace",
        )
        .await;
    let back = tabs(&browser).await;
    assert_eq!(
        back.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["bridge", "device A", "device B"]
    );
    assert!(back.iter().all(|t| t.1 == "disconnected"), "{back:?}");
    assert_eq!(value(&browser, "aliyun-device-name").await, DEVICE_2);
    assert_eq!(
        browser
            .by_testid("aliyun-device-secret")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some(""),
        "a secret never comes back from storage"
    );
    let stored: String = browser
        .client
        .execute(
            "return JSON.stringify(Object.assign({}, window.localStorage))",
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        !stored.contains(DEMO_DEVICE_SECRET) && !stored.contains(DEVICE_2_SECRET),
        "a DeviceSecret reached storage: {stored}"
    );
    show(&browser, "bridge").await?;
    assert_eq!(
        browser.wait_value("broker-url", 10).await,
        broker.ws_url(),
        "the bridge's broker comes back"
    );

    // Closing the shown connection shows its neighbour.
    let close = browser
        .wait_css(
            "[data-testid=connection-tab][data-name=\"bridge\"] [data-testid=connection-close]",
            10,
            "the close button",
        )
        .await;
    close.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-tab][data-name=\"device A\"][data-current=true]",
            10,
            "the neighbour shown",
        )
        .await;
    assert_eq!(tabs(&browser).await.len(), 2);
    assert!(
        browser.fatal_errors().await.is_empty(),
        "{:?}",
        browser.fatal_errors().await
    );
    browser.close().await;
    Ok(())
}
