//! End to end, publishing beyond one message (issue 16): payload templates, timed publishing,
//! publish collections, and record / replay. The release `dist/` in headless Chromium against a
//! real mosquitto; what the console sent is judged by mosquitto's own `mosquitto_sub`.
//!
//! Run alone (after `trunk build --release`):
//! `MQTT_CONSOLE_DIST=$PWD/dist cargo test --test e2e_publishing -- --test-threads=1 --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::delivery::{capture_downloads, download_text, value};
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
    // Timed publishing and collections are under the composer's "More".
    if let Err(e) = browser.open_publish_more().await {
        panic!("open the composer's More: {e}");
    }
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
    browser.open_details(".collections").await?;
    browser.screenshot("publishing-timers").await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_replayed_at_10x_keeps_its_relative_timing() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) = open_console(
        "/console/",
        broker_profile(&broker, "console/#", "console/out"),
    )
    .await;
    browser.connect_and_subscribe().await;
    browser.open_details(".recording").await?;
    browser.type_into("record-filter", "console/rec/#").await?;
    browser.by_testid("record-start").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=record-state][data-recording=true]",
            10,
            "recording",
        )
        .await;

    // Twelve messages with uneven gaps, and one the filter leaves out.
    let gaps_ms = [
        0u64, 400, 900, 300, 1200, 500, 700, 300, 1000, 400, 600, 800,
    ];
    for (i, gap) in gaps_ms.iter().enumerate() {
        tokio::time::sleep(Duration::from_millis(*gap)).await;
        broker.publish(&format!("console/rec/{}", i % 3), &format!("m{i}"));
        if i == 5 {
            broker.publish("console/other", "not recorded");
        }
    }
    // Wait until the console has logged the last one.
    browser
        .wait_css(
            "[data-testid=message][data-topic='console/rec/2']",
            10,
            "the last message",
        )
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    browser.by_testid("record-stop").await?.click().await?;
    capture_downloads(&browser).await?;
    browser.by_testid("record-save").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=record-saved][data-finished=true]",
            10,
            "the file written",
        )
        .await;
    let file = download_text(&browser, 0).await?;
    let lines: Vec<serde_json::Value> = file
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), 13, "a header and twelve messages:\n{file}");
    assert_eq!(lines[0]["recording"], "mqtt-console");
    let recorded: Vec<(String, String, u64)> = lines[1..]
        .iter()
        .map(|l| {
            let payload = l["payload"].as_str().unwrap_or_default();
            (
                l["topic"].as_str().unwrap_or_default().to_owned(),
                payload.to_owned(),
                l["t"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(
        recorded
            .iter()
            .all(|(t, _, _)| t.starts_with("console/rec/")),
        "{recorded:?}"
    );

    // Replay it at 10x onto another prefix; mosquitto_sub notes when each arrives.
    let dir = support::TempDir::new("replay");
    let path = dir.0.join("recording.jsonl");
    std::fs::write(&path, &file)?;
    let mut sub = Subscriber::start(&broker, &["replayed/#"]);
    browser
        .by_testid("replay-file")
        .await?
        .send_keys(&path.to_string_lossy())
        .await?;
    browser
        .wait_css(
            "[data-testid=replay-summary][data-messages='12']",
            10,
            "the file read",
        )
        .await;
    browser.type_into("replay-speed", "10").await?;
    browser
        .type_into("replay-rewrite-from", "console/rec/")
        .await?;
    browser.type_into("replay-rewrite-to", "replayed/").await?;
    browser.by_testid("replay-start").await?.click().await?;
    let mut arrivals = Vec::new();
    for (i, (topic, _, _)) in recorded.iter().enumerate() {
        let want = topic.replacen("console/rec/", "replayed/", 1);
        let got = sub
            .wait(&want, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("replayed message {i} never came on {want}"));
        arrivals.push(sub.arrived().unwrap_or_else(Instant::now));
        assert_eq!(got.payload, format!("m{i}"), "message {i} out of order");
    }
    // Each message's offset from the first, against the recorded offset divided by 10.
    const TOLERANCE_MS: f64 = 25.0;
    let mut worst = 0f64;
    for i in 1..recorded.len() {
        let expected = (recorded[i].2 - recorded[0].2) as f64 / 10.0;
        let actual = arrivals[i].duration_since(arrivals[0]).as_secs_f64() * 1000.0;
        worst = worst.max((actual - expected).abs());
        println!("  message {i}: expected +{expected:.0} ms, arrived +{actual:.0} ms");
        assert!(
            (actual - expected).abs() <= TOLERANCE_MS,
            "message {i}: {actual:.0} ms after the first, expected {expected:.0} ± {TOLERANCE_MS}"
        );
    }
    println!("replay at 10x: worst offset error {worst:.1} ms (tolerance {TOLERANCE_MS} ms)");
    browser
        .wait_css(
            "[data-testid=replay-state][data-running=false]",
            10,
            "the replay's end",
        )
        .await;
    assert_eq!(text_of(&browser, "replay-progress").await, "12");
    browser.screenshot("recording-replay").await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_item_survives_a_reload_and_sends_again() -> TestResult {
    let broker = Mosquitto::start();
    let topic = "console/item";
    let mut sub = Subscriber::start(&broker, &[topic]);
    let (server, browser) = connected(&broker, topic).await;
    browser
        .type_into("pub-payload", "{\"n\":{{counter}}}")
        .await?;
    browser.open_details(".collections").await?;
    // No name: refused with the reason.
    browser.by_testid("pub-item-save").await?.click().await?;
    let why = text_of(&browser, "pub-item-error").await;
    assert!(why.contains("name"), "{why:?}");
    browser.type_into("pub-item-name", "counter json").await?;
    browser
        .by_testid("pub-item-scope")
        .await?
        .select_by_value("global")
        .await?;
    browser.by_testid("pub-item-save").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=pub-item][data-name='counter json']",
            10,
            "the saved item",
        )
        .await;

    // After a reload the item is there and sends with its own topic and template.
    browser
        .client
        .goto(&format!("http://127.0.0.1:{}/console/", server.port))
        .await?;
    browser.wait_value("broker-url", 10).await;
    browser.connect().await;
    browser.type_into("pub-topic", "console/elsewhere").await?;
    browser.type_into("pub-payload", "changed").await?;
    browser.open_publish_more().await?;
    browser.open_details(".collections").await?;
    browser
        .wait_css(
            "[data-testid=pub-item][data-name='counter json']",
            10,
            "the item after a reload",
        )
        .await;
    browser.by_testid("pub-item-send").await?.click().await?;
    let got = sub.expect(topic, "the item sent");
    assert_eq!(got.payload, "{\"n\":1}");
    assert_eq!(
        value(&browser, "pub-topic").await,
        topic,
        "the item filled the form"
    );
    browser.by_testid("pub-item-delete").await?.click().await?;
    assert!(
        !support::delivery::is_present(&browser, "pub-item").await,
        "the item was deleted"
    );
    browser.close().await;
    Ok(())
}
