//! End to end in headless Chromium against the emulator, whose HTTP API plays the cloud: Alink
//! events and calls from the cloud (property set, services), the device shadow with its
//! versions, and dynamic registration (register and regnwl, then logging in with the result).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;

use fantoccini::Locator;
use serde_json::json;
use support::emulator::{
    api_call, fill_device, fill_identity, Emulator, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET,
    DEMO_PRODUCT_KEY,
};
use support::{open_console, Browser, TestResult};

/// The demo product's ProductSecret (dynamic registration is on for it).
const DEMO_PRODUCT_SECRET: &str = "demoProductSecret0123456789abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_property_set_and_service_calls() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    browser.connect().await;
    browser.open_device_tools().await?;

    // Properties from the typed form: a wrong value is named, then the post gets its reply.
    browser
        .by_testid("alink-mode")
        .await?
        .select_by_value("form")
        .await?;
    browser.type_into("prop-value", "warm").await?;
    browser.by_testid("alink-post").await?.click().await?;
    let error = browser.by_testid("alink-error").await?.text().await?;
    assert!(
        error.contains("Temperature") && error.contains("warm"),
        "{error}"
    );
    browser.type_into("prop-value", "22.5").await?;
    browser.by_testid("prop-add").await?.click().await?;
    let rows = browser
        .client
        .find_all(Locator::Css("[data-testid=prop-row]"))
        .await?;
    assert_eq!(rows.len(), 2);
    let second = &rows[1];
    let name = second.find(Locator::Css("[data-testid=prop-name]")).await?;
    name.send_keys("LightSwitch").await?;
    second
        .find(Locator::Css("[data-testid=prop-type]"))
        .await?
        .select_by_value("bool")
        .await?;
    let value = second
        .find(Locator::Css("[data-testid=prop-value]"))
        .await?;
    value.send_keys("1").await?;
    browser.by_testid("alink-post").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=alink-reply][data-what=property][data-code='200']",
            10,
            "the property post_reply",
        )
        .await;
    let (_, props) = emulator
        .api(
            "GET",
            &format!("/api/properties?productKey={DEMO_PRODUCT_KEY}&deviceName={DEMO_DEVICE_NAME}"),
            None,
        )
        .await;
    assert_eq!(props["properties"]["Temperature"], 22.5, "{props}");
    assert_eq!(props["properties"]["LightSwitch"], 1, "{props}");

    // sys.ack off: the platform keeps the post but sends no reply. The event posted next is
    // answered, and replies come in order, so the first one's would have arrived before it.
    browser.by_testid("alink-ack").await?.click().await?;
    browser.by_testid("alink-post").await?.click().await?;
    browser.by_testid("alink-ack").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=alink-pending][data-id='2']",
            5,
            "the unanswered post",
        )
        .await;

    // An event post, answered by the platform and shown next to its request.
    browser.type_into("event-identifier", "bad id").await?;
    browser.by_testid("event-post").await?.click().await?;
    let error = browser.by_testid("alink-error").await?.text().await?;
    assert!(error.contains("identifier"), "{error}");
    browser.type_into("event-identifier", "Error").await?;
    browser
        .type_into("event-params", r#"{"ErrorCode": 3}"#)
        .await?;
    browser.by_testid("event-post").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=alink-reply][data-what=Error][data-code='200']",
            10,
            "the event's post_reply",
        )
        .await;
    assert!(
        browser
            .client
            .find(Locator::Css("[data-testid=alink-pending][data-id='2']"))
            .await
            .is_ok(),
        "no post_reply for a post with sys.ack 0"
    );

    // Property set from the cloud, answered automatically by echoing params.
    browser
        .by_testid("service-rule")
        .await?
        .select_by_value("echo")
        .await?;
    browser.by_testid("service-listen").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=subscription][data-topic$='/thing/service/#'][data-state=active]",
            10,
            "the calls subscription",
        )
        .await;
    let set = json!({"productKey": DEMO_PRODUCT_KEY, "deviceName": DEMO_DEVICE_NAME,
        "items": {"LightSwitch": 1}, "timeoutMs": 5000});
    let (status, answer) = emulator.api("POST", "/api/properties/set", Some(set)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["code"], 200, "{answer}");
    assert_eq!(answer["data"]["LightSwitch"], 1, "echoed: {answer}");
    browser
        .wait_css(
            "[data-testid=service-call][data-identifier='property/set'][data-state=replied]",
            5,
            "the answered property set",
        )
        .await;

    // A service call answered by hand, with the data and code typed.
    browser
        .by_testid("service-rule")
        .await?
        .select_by_value("manual")
        .await?;
    browser
        .type_into("service-data", r#"{"rebooted": true}"#)
        .await?;
    let call = json!({"productKey": DEMO_PRODUCT_KEY, "deviceName": DEMO_DEVICE_NAME,
        "identifier": "Reboot", "params": {"delay": 1}, "timeoutMs": 8000});
    let http = emulator.http.clone();
    let pending =
        tokio::spawn(async move { api_call(&http, "POST", "/api/service", Some(call)).await });
    let row = browser
        .wait_css(
            "[data-testid=service-call][data-identifier=Reboot][data-state=pending]",
            5,
            "the pending service call",
        )
        .await;
    row.find(Locator::Css("[data-testid=service-reply]"))
        .await?
        .click()
        .await?;
    let (status, answer) = pending.await?;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["code"], 200, "{answer}");
    assert_eq!(answer["data"]["rebooted"], true, "{answer}");
    browser
        .wait_css(
            "[data-testid=service-call][data-identifier=Reboot][data-state=replied][data-code='200']",
            5,
            "the answered service call",
        )
        .await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_shadow_with_versions_and_desired_state() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    browser.connect().await;
    browser.open_device_tools().await?;

    // Report: with no version known, the console sends version 1.
    browser
        .type_into("shadow-reported", r#"{"color": "red"}"#)
        .await?;
    browser.by_testid("shadow-update").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=shadow-result][data-ok=true]",
            10,
            "the accepted update",
        )
        .await;
    assert_eq!(
        browser.by_testid("shadow-version").await?.text().await?,
        "1"
    );

    // The same version again is a conflict, explained.
    browser.type_into("shadow-next-version", "1").await?;
    browser.by_testid("shadow-update").await?.click().await?;
    let refused = browser
        .wait_css(
            "[data-testid=shadow-result][data-ok=false]",
            10,
            "the version conflict",
        )
        .await;
    let text = refused.text().await?;
    assert!(text.contains("409") && text.contains("version"), "{text}");
    browser.type_into("shadow-next-version", "").await?;

    // The cloud sets a desired state; the device sees it pushed and takes it on.
    let desired = json!({"productKey": DEMO_PRODUCT_KEY, "deviceName": DEMO_DEVICE_NAME,
        "shadowMessage": {"method": "update", "state": {"desired": {"color": "green"}}, "version": 0}});
    let (status, answer) = emulator.api("POST", "/api/shadow", Some(desired)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["delivered"], true, "{answer}");
    browser
        .wait_css(
            "[data-testid=shadow-state][data-version='2']",
            10,
            "the pushed desired state",
        )
        .await;
    let shown = browser.by_testid("shadow-desired").await?.text().await?;
    assert!(shown.contains("green"), "{shown}");
    browser.by_testid("shadow-accept").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=shadow-result][data-ok=true]",
            10,
            "the accepted desired state",
        )
        .await;
    assert_eq!(
        browser.by_testid("shadow-version").await?.text().await?,
        "3"
    );

    let (status, doc) = emulator
        .api(
            "GET",
            &format!("/api/shadow?productKey={DEMO_PRODUCT_KEY}&deviceName={DEMO_DEVICE_NAME}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["version"], 3, "{doc}");
    assert_eq!(doc["state"]["reported"]["color"], "green", "{doc}");
    assert!(
        doc["state"]["desired"]
            .as_object()
            .is_none_or(|d| d.is_empty()),
        "desired cleared: {doc}"
    );

    // Get shows the whole document.
    browser.by_testid("shadow-get").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=shadow-state][data-version='3']",
            10,
            "the shadow document",
        )
        .await;
    let reported = browser
        .by_testid("shadow-reported-state")
        .await?
        .text()
        .await?;
    assert!(reported.contains("green"), "{reported}");
    browser.screenshot("device-shadow").await;
    browser.close().await;
    Ok(())
}

async fn register(browser: &Browser, mode: &str, product_secret: &str) -> TestResult {
    browser.open_device_tools().await?;
    let summary = browser
        .wait_css(".dynreg summary", 5, "the registration section")
        .await;
    let details = browser
        .wait_css(".dynreg", 5, "the registration section")
        .await;
    if details.attr("open").await?.is_none() {
        summary.click().await?;
    }
    browser
        .type_into("dynreg-product-secret", product_secret)
        .await?;
    browser
        .by_testid("dynreg-mode")
        .await?
        .select_by_value(mode)
        .await?;
    browser.by_testid("dynreg-start").await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamic_registration_then_login_with_the_result() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_identity(&browser, &emulator, "dynreg-demo", "").await?;

    // A wrong ProductSecret: refused, and said so.
    register(&browser, "register", "wrongSecret").await?;
    let failed = browser
        .wait_css(
            "[data-testid=dynreg-result][data-state=error]",
            10,
            "the refusal",
        )
        .await;
    let text = failed.text().await?;
    assert!(
        text.contains("CONNACK 4") && text.contains("ProductSecret"),
        "{text}"
    );

    // register: the pre-registered device gets its DeviceSecret, which then logs in.
    register(&browser, "register", DEMO_PRODUCT_SECRET).await?;
    browser
        .wait_css(
            "[data-testid=dynreg-result][data-state=ok]",
            10,
            "the DeviceSecret",
        )
        .await;
    let secret = browser.by_testid("dynreg-secret").await?.text().await?;
    assert!(secret.len() >= 16, "a secret: {secret:?}");
    browser.by_testid("dynreg-use").await?.click().await?;
    assert_eq!(browser.wait_value("aliyun-device-secret", 5).await, secret);
    browser.connect().await;
    browser.by_testid("disconnect").await?.click().await?;

    // regnwl: a device nobody created gets a token and logs in with authType=connwl.
    browser
        .type_into("aliyun-device-name", "browser-new-1")
        .await?;
    register(&browser, "regnwl", DEMO_PRODUCT_SECRET).await?;
    browser
        .wait_css(
            "[data-testid=dynreg-result][data-state=ok]",
            10,
            "the device token",
        )
        .await;
    let token = browser.by_testid("dynreg-token").await?.text().await?;
    browser.by_testid("dynreg-use").await?.click().await?;
    assert_eq!(browser.wait_value("aliyun-device-secret", 5).await, token);
    let client_id = browser.by_testid("mqtt-client-id").await?.text().await?;
    assert!(client_id.contains("authType=connwl"), "{client_id}");
    browser.connect().await;
    let (status, online) = emulator.api("GET", "/api/devices/online", None).await;
    assert_eq!(status, 200, "{online}");
    assert!(online.to_string().contains("browser-new-1"), "{online}");
    browser.screenshot("dynamic-registration").await;
    browser.close().await;
    Ok(())
}
