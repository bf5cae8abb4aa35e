//! End to end, publishing beyond one message (issue 16): payload templates, timed publishing,
//! publish collections, and record / replay. The release `dist/` in headless Chromium against a
//! real mosquitto; what the console sent is judged by mosquitto's own `mosquitto_sub`.
//!
//! Run alone (after `trunk build --release`):
//! `MQTT_CONSOLE_DIST=$PWD/dist cargo test --test e2e_publishing -- --test-threads=1 --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::delivery::value;
use support::mqtt5::Subscriber;
use support::{broker_profile, open_console, Browser, Mosquitto, TestResult};

/// The text of the element `testid`.
async fn text_of(browser: &Browser, testid: &str) -> String {
    match browser.by_testid(testid).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the digits of `testid` reach `n`; returns how long that took.
async fn wait_count(browser: &Browser, testid: &str, n: u64, secs: u64) -> Duration {
    let start = Instant::now();
    loop {
        let got: u64 = text_of(browser, testid).await.trim().parse().unwrap_or(0);
        if got >= n {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "{testid} shows {got} after {secs} s, expected {n}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the console on a local broker profile and connects.
async fn connected(broker: &Mosquitto, publish: &str) -> (support::StaticServer, Browser) {
    let (server, browser) =
        open_console("/console/", broker_profile(broker, "console/#", publish)).await;
    browser.wait_value("broker-url", 10).await;
    browser.connect().await;
    (server, browser)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_publish_of_500_at_20_ms_arrives_complete_and_in_order() -> TestResult {
    let broker = Mosquitto::start();
    let topic = "console/timed";
    let mut sub = Subscriber::start(&broker, &[topic]);
    let (_server, browser) = connected(&broker, topic).await;

    // A template: each message carries its number and the time it was built.
    browser
        .type_into("pub-payload", "{\"n\":{{counter}},\"t\":{{timestamp}}}")
        .await?;
    browser
        .by_testid("pub-qos")
        .await?
        .select_by_value("1")
        .await?;
    let preview = text_of(&browser, "pub-preview").await;
    assert!(
        preview.starts_with("{\"n\":1,\"t\":1"),
        "preview {preview:?}"
    );
    browser.type_into("pub-repeat-interval", "20").await?;
    browser.type_into("pub-repeat-count", "500").await?;
    browser.by_testid("pub-repeat-start").await?.click().await?;
    let took = wait_count(&browser, "pub-repeat-sent", 500, 60).await;
    println!("500 sends at 20 ms took {took:?} (scheduled: 9.98 s)");

    // mosquitto_sub got every one, in order, spaced by the schedule.
    let mut times = Vec::new();
    for n in 1..=500u64 {
        let got = sub
            .wait(topic, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("mosquitto_sub never received message {n}"));
        let v: serde_json::Value = serde_json::from_str(&got.payload)
            .unwrap_or_else(|e| panic!("message {n} is not JSON ({e}): {:?}", got.payload));
        assert_eq!(v["n"], n, "message {n} out of order: {}", got.payload);
        times.push(v["t"].as_u64().unwrap_or(0));
    }
    assert!(
        sub.wait(topic, Duration::from_millis(500)).is_none(),
        "more than 500 arrived"
    );
    let span = times[499].saturating_sub(times[0]);
    println!("built from first to last: {span} ms (scheduled 9980 ms)");
    assert!(
        (9_900..=15_000).contains(&span),
        "500 messages at 20 ms were built over {span} ms"
    );
    // Every QoS 1 send was acknowledged, and the timer says it is done.
    browser
        .wait_css(
            "[data-testid=pub-repeat-row][data-running=false]",
            10,
            "the timer's end",
        )
        .await;
    let state = text_of(&browser, "pub-repeat-state").await;
    assert!(
        state.contains("sent 500/500")
            && state.contains("acknowledged 500")
            && state.contains("failed 0"),
        "timer state {state:?}"
    );
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_preview_refuse_mistakes_and_timers_stop_on_disconnect() -> TestResult {
    let broker = Mosquitto::start();
    let topic = "console/tpl";
    let mut sub = Subscriber::start(&broker, &[topic]);
    let (_server, browser) = connected(&broker, topic).await;

    // A mistake is shown where it is, and nothing is sent.
    browser
        .type_into("pub-payload", "v={{random(5,1)}}")
        .await?;
    let error = text_of(&browser, "pub-template-error").await;
    assert!(
        error.contains("character 3") && error.contains("min is larger than max"),
        "{error:?}"
    );
    browser.by_testid("pub-send").await?.click().await?;
    let refused = text_of(&browser, "pub-error").await;
    assert!(refused.contains("min is larger than max"), "{refused:?}");
    assert!(
        sub.wait(topic, Duration::from_millis(500)).is_none(),
        "a bad template was sent"
    );
    assert_eq!(
        value(&browser, "pub-payload").await,
        "v={{random(5,1)}}",
        "the payload was kept"
    );

    // The publish button counts its own sends.
    browser
        .type_into("pub-payload", "#{{counter}} {{uuid}}")
        .await?;
    for n in 1..=2 {
        browser.by_testid("pub-send").await?.click().await?;
        let got = sub.expect(topic, "a templated message");
        let (number, uuid) = got.payload.split_once(' ').unwrap_or_default();
        assert_eq!(number, format!("#{n}"));
        assert_eq!(uuid.len(), 36, "{uuid:?}");
    }

    // A timer without a count runs until the connection closes, then says so.
    browser.type_into("pub-repeat-interval", "50").await?;
    browser.by_testid("pub-repeat-start").await?.click().await?;
    wait_count(&browser, "pub-repeat-sent", 5, 10).await;
    browser.by_testid("disconnect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=pub-repeat-row][data-running=false]",
            10,
            "the timer stopping on disconnect",
        )
        .await;
    let state = text_of(&browser, "pub-repeat-state").await;
    assert!(state.contains("the connection closed"), "{state:?}");
    let sent: u64 = text_of(&browser, "pub-repeat-sent")
        .await
        .parse()
        .unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let later: u64 = text_of(&browser, "pub-repeat-sent")
        .await
        .parse()
        .unwrap_or(0);
    assert_eq!(sent, later, "the timer went on after the disconnect");
    // A bad interval is refused with the reason.
    browser.type_into("pub-repeat-interval", "5").await?;
    browser.by_testid("pub-repeat-start").await?.click().await?;
    let why = text_of(&browser, "pub-repeat-error").await;
    assert!(why.contains("from 10"), "{why:?}");
    browser.close().await;
    Ok(())
}
