//! End to end: the release `dist/`, served from a sub-path, driven in headless Chromium against
//! a real mosquitto started on free ports.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;

use support::{broker_profile, open_console, Mosquitto, TestResult};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_subscribe_publish_against_mosquitto_from_a_sub_path() -> TestResult {
    let broker = Mosquitto::start();
    let (_server, browser) =
        open_console("/console/", broker_profile(&broker, "demo/#", "demo/page")).await;
    // The demo profile is applied on load: the URL field already names our broker.
    let url = browser.wait_value("broker-url", 10).await;
    assert_eq!(
        url,
        broker.ws_url(),
        "the demo profile from demo-profiles.json was not applied"
    );
    let picked = browser
        .by_testid("profile-select")
        .await?
        .prop("value")
        .await?;
    assert_eq!(
        picked.as_deref(),
        Some("Local broker"),
        "the picker must show the applied profile"
    );

    browser.connect().await;

    let sub = browser.by_testid("sub-topic").await?;
    assert_eq!(sub.prop("value").await?.as_deref(), Some("demo/#"));
    browser.by_testid("sub-add").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=subscription][data-topic='demo/#'][data-state=active]",
            10,
            "SUBACK",
        )
        .await;

    let payload = browser.by_testid("pub-payload").await?;
    payload.send_keys("hello from the page").await?;
    browser.by_testid("pub-send").await?.click().await?;
    let from_page = browser
        .wait_css(
            "[data-testid=message][data-direction=in][data-topic='demo/page']",
            10,
            "the page's own message",
        )
        .await;
    let text = from_page
        .find(fantoccini::Locator::Css("[data-testid=message-payload]"))
        .await?
        .text()
        .await?;
    assert_eq!(text, "hello from the page");

    broker.publish("demo/cli", "hello from mosquitto_pub");
    let from_cli = browser
        .wait_css(
            "[data-testid=message][data-direction=in][data-topic='demo/cli']",
            10,
            "mosquitto_pub's message",
        )
        .await;
    let text = from_cli
        .find(fantoccini::Locator::Css("[data-testid=message-payload]"))
        .await?
        .text()
        .await?;
    assert_eq!(text, "hello from mosquitto_pub");
    assert_eq!(browser.by_testid("message-count").await?.text().await?, "2");
    browser.screenshot("e2e-connected").await;

    browser.by_testid("disconnect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=disconnected]",
            5,
            "disconnect",
        )
        .await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_explained() -> TestResult {
    let (_server, browser) = open_console("/", HashMap::new()).await;
    browser.by_testid("mode-generic").await?.click().await?;
    let url = browser.by_testid("broker-url").await?;
    url.send_keys("http://not-a-websocket").await?;
    browser.by_testid("connect").await?.click().await?;
    let err = browser.by_testid("form-error").await?.text().await?;
    assert!(err.contains("ws://"), "{err}");
    assert_eq!(
        url.prop("value").await?.as_deref(),
        Some("http://not-a-websocket"),
        "typed text must be kept"
    );

    url.clear().await?;
    url.send_keys(&format!("ws://127.0.0.1:{}/", support::free_port()))
        .await?;
    browser.by_testid("connect").await?.click().await?;
    let err = browser
        .wait_css(
            "[data-testid=connection-status][data-state=error]",
            10,
            "an error state",
        )
        .await;
    drop(err);
    let reason = browser.by_testid("connection-error").await?.text().await?;
    assert!(reason.contains("1006"), "{reason}");
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_after_the_broker_restarts_and_resubscribes() -> TestResult {
    let mut broker = Mosquitto::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "demo/#", "")).await;
    browser.connect_and_subscribe().await;

    broker.stop();
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=reconnecting]",
            10,
            "reconnecting",
        )
        .await;
    let attempt = browser.by_testid("reconnect-attempt").await?.text().await?;
    assert!(
        attempt.parse::<u32>().is_ok_and(|n| n >= 1),
        "attempt {attempt}"
    );
    let reason = browser.by_testid("connection-error").await?.text().await?;
    assert!(
        reason.contains("close code"),
        "the reason of the last close must be shown: {reason}"
    );
    // A killed broker ends the TCP connection without a closing handshake: 1006, explained.
    assert!(
        reason.contains(mqtt_console::i18n::connection::describe_close_code(1006)),
        "the plain-language reason of 1006 must be shown: {reason}"
    );
    browser.by_testid("reconnect-at").await?;
    // Publishing while the broker is away is refused with a reason; the payload stays.
    browser
        .by_testid("pub-topic")
        .await?
        .send_keys("demo/offline")
        .await?;
    let payload = browser.by_testid("pub-payload").await?;
    payload.send_keys("written while offline").await?;
    browser.by_testid("pub-send").await?.click().await?;
    let refused = browser.by_testid("pub-error").await?.text().await?;
    assert!(refused.contains("not connected"), "{refused}");
    assert_eq!(
        payload.prop("value").await?.as_deref(),
        Some("written while offline"),
        "the typed payload must be kept"
    );
    browser
        .wait_css(
            "[data-testid=subscription][data-state=pending]",
            5,
            "the subscription pending while offline",
        )
        .await;
    browser.screenshot("e2e-reconnecting").await;

    broker.restart();
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=connected]",
            40,
            "the reconnect",
        )
        .await;
    browser
        .wait_css(
            "[data-testid=subscription][data-state=active]",
            10,
            "the resubscription",
        )
        .await;
    broker.publish("demo/after-restart", "back again");
    browser
        .wait_css(
            "[data-testid=message][data-topic='demo/after-restart']",
            10,
            "a message after the restart",
        )
        .await;
    browser.close().await;
    Ok(())
}
