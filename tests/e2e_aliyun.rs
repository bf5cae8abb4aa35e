//! End to end, the seed walkthrough ("MQTT.fx 连接阿里云") against the local Aliyun emulator:
//! connect with the device triple, subscribe to `/${pk}/${dn}/user/get`, publish to
//! `/${pk}/${dn}/user/update` and find it in the emulator's log, publish from the cloud side
//! through the HTTP API and see it in the console's log.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;
use support::emulator::{
    fill_device, Emulator, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET, DEMO_PRODUCT_KEY,
};
use support::{open_console, TestResult};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_walkthrough_against_the_emulator() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;

    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    let client_id = browser.by_testid("mqtt-client-id").await?.text().await?;
    assert!(
        client_id.starts_with(&format!(
            "{DEMO_PRODUCT_KEY}.{DEMO_DEVICE_NAME}|securemode=3,signmethod=hmacsha256,timestamp="
        )),
        "{client_id}"
    );
    browser.by_testid("connect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=connected]",
            10,
            "CONNACK 0 from the emulator",
        )
        .await;

    let get = format!("/{DEMO_PRODUCT_KEY}/{DEMO_DEVICE_NAME}/user/get");
    browser
        .by_testid("sub-topic")
        .await?
        .send_keys("/${productKey}/${deviceName}/user/get")
        .await?;
    browser.by_testid("sub-add").await?.click().await?;
    browser
        .wait_css(
            &format!("[data-testid=subscription][data-topic='{get}'][data-state=active]"),
            10,
            "SUBACK for user/get",
        )
        .await;

    let update = format!("/{DEMO_PRODUCT_KEY}/{DEMO_DEVICE_NAME}/user/update");
    let text = "{\"temperature\":21.5}";
    browser
        .by_testid("pub-topic")
        .await?
        .send_keys(&update)
        .await?;
    browser
        .by_testid("pub-payload")
        .await?
        .send_keys(text)
        .await?;
    browser.by_testid("pub-send").await?.click().await?;
    let mut found = false;
    for _ in 0..50 {
        let (status, log) = emulator
            .api(
                "GET",
                &format!("/api/log?productKey={DEMO_PRODUCT_KEY}"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{log}");
        let entries = log["entries"].as_array().cloned().unwrap_or_default();
        if entries.iter().any(|e| {
            e["kind"] == "publish_up" && e["topic"] == update.as_str() && e["payload"] == text
        }) {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        found,
        "the console's publish never reached the emulator's log"
    );

    let (status, sent) = emulator
        .api(
            "POST",
            "/api/publish",
            Some(json!({"topic": get, "payload": "hello from the cloud"})),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["delivered"], true, "{sent}");
    let row = browser
        .wait_css(
            &format!("[data-testid=message][data-direction=in][data-topic='{get}']"),
            10,
            "the cloud's message",
        )
        .await;
    let shown = row
        .find(Locator::Css("[data-testid=message-payload]"))
        .await?
        .text()
        .await?;
    assert_eq!(shown, "hello from the cloud");
    browser.screenshot("e2e-aliyun-emulator").await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_device_secret_is_explained() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, "0000000000000000000000000000dead").await?;
    browser.by_testid("connect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=error]",
            10,
            "the refusal",
        )
        .await;
    let reason = browser.by_testid("connection-error").await?.text().await?;
    assert!(reason.contains("CONNACK 4"), "{reason}");
    assert!(reason.contains("DeviceSecret"), "{reason}");
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ntp_offset_and_rrpc_answers_against_the_emulator() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    browser.connect().await;
    browser.open_device_tools().await?;

    // NTP: the emulator runs on this machine's clock, so the offset is small but measured.
    browser.by_testid("ntp-sync").await?.click().await?;
    let mut offset = String::new();
    for _ in 0..100 {
        offset = browser.by_testid("ntp-offset").await?.text().await?;
        if !offset.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let offset: i64 = offset
        .parse()
        .map_err(|_| format!("ntp-offset is not a signed integer: {offset:?}"))?;
    assert!(offset.abs() < 2_000, "same machine, yet offset {offset} ms");

    // RRPC answered automatically.
    let reply = browser.by_testid("rrpc-reply-payload").await?;
    reply.clear().await?;
    reply.send_keys("pong").await?;
    browser.by_testid("rrpc-auto").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=subscription][data-topic$='/rrpc/request/+'][data-state=active]",
            10,
            "the RRPC subscription",
        )
        .await;
    let rrpc =
        json!({"productKey": DEMO_PRODUCT_KEY, "deviceName": DEMO_DEVICE_NAME, "payload": "ping"});
    let (status, answer) = emulator.api("POST", "/api/rrpc", Some(rrpc.clone())).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["rrpcCode"], "SUCCESS", "{answer}");
    assert_eq!(answer["payload"], "pong", "{answer}");
    browser
        .wait_css(
            "[data-testid=rrpc-request][data-state=replied]",
            5,
            "the answered request",
        )
        .await;

    // RRPC answered by hand, within the 8 s the cloud waits.
    browser.by_testid("rrpc-auto").await?.click().await?;
    let http = emulator.http.clone();
    let pending = tokio::spawn(async move {
        support::emulator::api_call(&http, "POST", "/api/rrpc", Some(rrpc)).await
    });
    let row = browser
        .wait_css(
            "[data-testid=rrpc-request][data-state=pending]",
            5,
            "a pending request",
        )
        .await;
    row.find(Locator::Css("[data-testid=rrpc-reply]"))
        .await?
        .click()
        .await?;
    let (status, answer) = pending.await?;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["rrpcCode"], "SUCCESS", "{answer}");
    browser
        .wait_css(
            "[data-testid=rrpc-request][data-state=replied]",
            5,
            "the answered request",
        )
        .await;
    browser.screenshot("device-tools").await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn property_posts_show_their_reply_codes() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    browser.connect().await;
    browser.open_device_tools().await?;

    let params = browser.by_testid("alink-params").await?;
    params.clear().await?;
    params.send_keys("[1, 2]").await?;
    browser.by_testid("alink-post").await?.click().await?;
    let error = browser.by_testid("alink-error").await?.text().await?;
    assert!(error.contains("JSON object"), "{error}");

    params.clear().await?;
    params
        .send_keys(r#"{"Temperature": 21.5, "Humidity": 40}"#)
        .await?;
    browser.by_testid("alink-post").await?.click().await?;
    let reply = browser
        .wait_css(
            "[data-testid=alink-reply][data-code='200']",
            10,
            "the post_reply",
        )
        .await;
    let id = reply.attr("data-id").await?.unwrap_or_default();
    assert_eq!(id, "1", "the reply is shown next to its request id");
    let (status, props) = emulator
        .api(
            "GET",
            &format!("/api/properties?productKey={DEMO_PRODUCT_KEY}&deviceName={DEMO_DEVICE_NAME}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{props}");
    assert!(
        props.to_string().contains("21.5"),
        "the platform kept the posted value: {props}"
    );
    browser.close().await;
    Ok(())
}
