//! End to end: the message log under load (10,000 messages from mosquitto_pub), filtered,
//! exported; and the language switch, remembered across a reload. Saves a screenshot of each.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use support::{broker_profile, open_console, Browser, Mosquitto, TestResult};

/// Publishes `count` numbered messages on `topic` in one mosquitto_pub process (`-l`: a line
/// per message).
fn publish_lines(broker: &Mosquitto, topic: &str, count: usize) {
    let mut child = broker
        .pub_command(topic)
        .args(["-l", "-q", "1"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("run mosquitto_pub");
    let lines: String = (0..count)
        .map(|i| format!("{{\"n\":{i},\"topic\":\"{topic}\"}}\n"))
        .collect();
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), lines.as_bytes())
        .expect("write lines");
    drop(child.stdin.take());
    assert!(child.wait().expect("mosquitto_pub exits").success());
}

async fn list_count(browser: &Browser) -> usize {
    let el = browser
        .by_testid("message-list")
        .await
        .expect("the message list");
    el.attr("data-count")
        .await
        .ok()
        .flatten()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_arrive_filter_and_export() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "load/#", "")).await;
    browser.wait_value("broker-url", 10).await;
    browser.connect().await;
    browser
        .by_testid("sub-qos")
        .await?
        .select_by_value("1")
        .await?;
    browser.by_testid("sub-add").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=subscription][data-state=active]",
            10,
            "SUBACK",
        )
        .await;

    publish_lines(&broker, "load/a", 9_000);
    publish_lines(&broker, "load/b", 1_000);
    let mut count = String::new();
    for _ in 0..300 {
        count = browser.by_testid("message-count").await?.text().await?;
        if count == "10000" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(count, "10000", "every message must arrive and be counted");
    assert_eq!(list_count(&browser).await, 10_000);
    // Virtualized: only the visible rows exist in the DOM.
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=message]"))
        .await?
        .len();
    assert!(
        rows > 0 && rows < 100,
        "{rows} rows rendered for 10,000 messages"
    );
    browser.screenshot("log-10000").await;

    browser
        .by_testid("log-topic-filter")
        .await?
        .send_keys("load/b")
        .await?;
    let mut shown = 0;
    for _ in 0..50 {
        shown = list_count(&browser).await;
        if shown == 1_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(shown, 1_000, "the topic filter keeps load/b only");
    browser
        .by_testid("log-filter")
        .await?
        .send_keys("\"n\":999,")
        .await?;
    for _ in 0..50 {
        shown = list_count(&browser).await;
        if shown == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(shown, 1, "the text search narrows to one message");

    // Export what the filter shows: capture the blob the page hands to the browser.
    support::delivery::capture_downloads(&browser).await?;
    browser.by_testid("log-export-csv").await?.click().await?;
    let csv = support::delivery::download_text(&browser, 0).await?;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "header and one row: {csv}");
    assert!(lines[0].starts_with("time,direction,topic"), "{csv}");
    assert!(
        lines[1].contains("load/b") && lines[1].contains("999"),
        "{csv}"
    );
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_is_remembered() -> TestResult {
    let (_server, browser) = open_console("/", HashMap::new()).await;
    let connect = browser.by_testid("connect").await?;
    let before = connect.text().await?;
    let lang = browser
        .client
        .execute("return document.documentElement.lang", vec![])
        .await?;
    let zh_first = lang.as_str() == Some("zh-CN");
    browser.by_testid("lang-switch").await?.click().await?;
    let expected = if zh_first { "Connect" } else { "连接" };
    for _ in 0..50 {
        if browser.by_testid("connect").await?.text().await? == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        browser.by_testid("connect").await?.text().await?,
        expected,
        "was {before}"
    );
    if !zh_first {
        browser.screenshot("zh-CN").await;
    }
    browser.client.refresh().await?;
    browser.by_testid("connect").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        browser.by_testid("connect").await?.text().await?,
        expected,
        "the choice must survive a reload"
    );
    let lang = browser
        .client
        .execute("return document.documentElement.lang", vec![])
        .await?;
    assert_eq!(lang.as_str(), Some(if zh_first { "en" } else { "zh-CN" }));
    browser.close().await;
    Ok(())
}
