//! End to end over MQTT 5 (issue 14): the release `dist/` in headless Chromium against a real
//! mosquitto 2.0, whose other side is mosquitto's own MQTT 5 command-line clients (not our
//! code), and against the emulator playing an Aliyun Enterprise Edition instance.
//!
//! Run alone (after `trunk build --release` and `cargo build -p aliyun-emulator`):
//! `MQTT_CONSOLE_DIST=$PWD/dist ALIYUN_EMULATOR=$PWD/target/debug/aliyun-emulator cargo test --test e2e_mqtt5 -- --test-threads=1 --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::json;
use support::emulator::{
    fill_device, fill_identity, Emulator, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET, DEMO_PRODUCT_KEY,
};
use support::mqtt5::{property, publish_v5, sent_publishes, Received, SentPublish, Subscriber};
use support::{broker_profile, open_console, Browser, Mosquitto, TestResult};

/// The user properties sent each way: a name repeated, and an order to keep.
const USER_PROPERTIES: [(&str, &str); 3] =
    [("tag", "kitchen"), ("tag", "north"), ("unit", "celsius")];

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The value of capability `name` in what [`Browser::capabilities`] read.
fn capability<'a>(caps: &'a [(String, String)], name: &str) -> Option<&'a str> {
    caps.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The leading digits of `text` as a number (`"298"`, `"298 s"`).
fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Types `topic` into `sub-topic`, clicks `sub-add` and waits for its SUBACK; returns the row.
async fn subscribe(browser: &Browser, topic: &str) -> fantoccini::elements::Element {
    browser
        .type_into("sub-topic", topic)
        .await
        .unwrap_or_else(|e| panic!("type {topic} into sub-topic: {e}"));
    match browser.by_testid("sub-add").await {
        Ok(add) => add
            .click()
            .await
            .unwrap_or_else(|e| panic!("click sub-add: {e}")),
        Err(e) => panic!("no sub-add: {e}"),
    };
    browser
        .wait_css(
            &format!("[data-testid=subscription][data-topic='{topic}'][data-state=active]"),
            10,
            &format!("SUBACK for {topic}"),
        )
        .await
}

/// Publishes `payload` on `topic` from the console's publish form (properties as they are).
async fn publish(browser: &Browser, topic: &str, payload: &str) -> TestResult {
    browser.type_into("pub-topic", topic).await?;
    browser.type_into("pub-payload", payload).await?;
    browser.by_testid("pub-send").await?.click().await?;
    Ok(())
}

/// How many messages on `topic` the console received (`data-direction=in`).
async fn received_on(browser: &Browser, topic: &str) -> usize {
    browser
        .client
        .find_all(Locator::Css(&format!(
            "[data-testid=message][data-direction=in][data-topic='{topic}']"
        )))
        .await
        .map(|rows| rows.len())
        .unwrap_or(0)
}

/// Waits for the console to receive a message on `topic`.
async fn wait_received(browser: &Browser, topic: &str, what: &str) {
    browser
        .wait_css(
            &format!("[data-testid=message][data-direction=in][data-topic='{topic}']"),
            10,
            what,
        )
        .await;
}

/// Fills the publish form's user property rows with `pairs`, adding rows as needed (a form
/// that starts with an empty row uses it first).
async fn fill_user_properties(browser: &Browser, pairs: &[(&str, &str)]) -> TestResult {
    browser.open_publish_more().await?;
    for (i, (key, value)) in pairs.iter().enumerate() {
        let mut rows = browser
            .client
            .find_all(Locator::Css("[data-testid=pub-user-property]"))
            .await?;
        while rows.len() <= i {
            browser
                .by_testid("pub-user-property-add")
                .await?
                .click()
                .await?;
            let more = browser
                .client
                .find_all(Locator::Css("[data-testid=pub-user-property]"))
                .await?;
            assert!(
                more.len() > rows.len(),
                "pub-user-property-add added no pub-user-property row"
            );
            rows = more;
        }
        let row = &rows[i];
        let key_input = row
            .find(Locator::Css("[data-testid=pub-user-property-key]"))
            .await?;
        key_input.clear().await?;
        key_input.send_keys(key).await?;
        let value_input = row
            .find(Locator::Css("[data-testid=pub-user-property-value]"))
            .await?;
        value_input.clear().await?;
        value_input.send_keys(value).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn properties_both_ways_and_topic_aliases_against_mosquitto() -> TestResult {
    let broker = Mosquitto::start();
    let mut cli = Subscriber::start(&broker, &["demo5/#"]);
    let (_server, browser) =
        open_console("/", broker_profile(&broker, "demo5/#", "demo5/props")).await;
    browser.wait_value("broker-url", 10).await;
    // Every frame the page sends from now on is kept, to read the PUBLISH packets' topic
    // aliases, which no subscriber sees (the broker resolves them).
    browser.record_websocket_frames().await?;
    browser.choose_version("5").await?;
    browser.connect().await;

    // mosquitto 2.0's CONNACK to an MQTT 5 client carries topic alias maximum 10
    // (max_topic_alias) and receive maximum 20 (max_inflight_messages); maximum QoS, retain and
    // wildcards are absent, so MQTT 5's defaults hold: 2, true, true.
    browser
        .wait_css(
            "[data-testid=server-capabilities] [data-testid=server-capability][data-name=topic-alias-maximum]",
            10,
            "the server's capabilities",
        )
        .await;
    let caps = browser.capabilities().await?;
    for (name, value) in [
        ("topic-alias-maximum", "10"),
        ("receive-maximum", "20"),
        ("maximum-qos", "2"),
        ("retain-available", "true"),
        ("wildcard-subscription-available", "true"),
    ] {
        assert_eq!(capability(&caps, name), Some(value), "{name}: {caps:?}");
    }

    // SUBACK's reason code on the row: QoS 1 granted.
    browser
        .by_testid("sub-qos")
        .await?
        .select_by_value("1")
        .await?;
    let row = subscribe(&browser, "demo5/#").await;
    let code = browser
        .wait_css(
            "[data-testid=subscription][data-topic='demo5/#'][data-reason-code]",
            5,
            "the SUBACK reason code on the row",
        )
        .await
        .attr("data-reason-code")
        .await?;
    assert_eq!(code.as_deref(), Some("1"), "granted QoS 1");
    drop(row);

    // Out: every property of the publish form, as the independent client sees it.
    let body = r#"{"t":21.5}"#;
    fill_user_properties(&browser, &USER_PROPERTIES).await?;
    browser
        .type_into("pub-content-type", "application/json")
        .await?;
    browser
        .type_into("pub-response-topic", "demo5/reply")
        .await?;
    browser.type_into("pub-correlation-data", "req-1").await?;
    browser.type_into("pub-message-expiry", "60").await?;
    browser
        .by_testid("pub-payload-format")
        .await?
        .select_by_value("utf8")
        .await?;
    publish(&browser, "demo5/props", body).await?;
    let got: Received = cli.expect("demo5/props", "the console's publish with properties");
    assert_eq!(got.payload, body);
    assert_eq!(got.user_properties, owned(&USER_PROPERTIES), "{got:?}");
    assert_eq!(got.content_type, "application/json", "{got:?}");
    assert_eq!(got.response_topic, "demo5/reply", "{got:?}");
    assert_eq!(got.correlation_data, "req-1", "{got:?}");
    assert!(
        got.message_expiry.is_some_and(|s| (1..=60).contains(&s)),
        "message expiry 60 s, less what the broker held it: {got:?}"
    );
    assert_eq!(got.payload_format, "1", "UTF-8 payload format: {got:?}");
    browser.screenshot("e2e-mqtt5-publish-properties").await;

    // Topic alias: the same topic again. The subscriber gets the full topic both times; on the
    // wire the first PUBLISH carries the topic with an alias, the second only the alias
    // (mosquitto offers 10 aliases; ours are on by default).
    publish(&browser, "demo5/props", "second").await?;
    let again = cli.expect("demo5/props", "the second publish on the same topic");
    assert_eq!(again.payload, "second", "{again:?}");
    let sent = sent_publishes(&browser.sent_frames().await?);
    let find = |payload: &[u8]| -> Option<SentPublish> {
        sent.iter().find(|p| p.payload == payload).cloned()
    };
    let first = find(body.as_bytes())
        .unwrap_or_else(|| panic!("no PUBLISH of {body} among the frames sent: {sent:?}"));
    let second = find(b"second")
        .unwrap_or_else(|| panic!("no PUBLISH of \"second\" among the frames sent: {sent:?}"));
    assert_eq!(first.topic, "demo5/props", "{first:?}");
    let alias = first.alias.unwrap_or_else(|| {
        panic!("the first PUBLISH on demo5/props set no topic alias: {first:?}")
    });
    assert!(
        (1..=10).contains(&alias),
        "alias within mosquitto's 10: {alias}"
    );
    assert_eq!(
        (second.topic.as_str(), second.alias),
        ("", Some(alias)),
        "the second PUBLISH must send the alias alone: {second:?}"
    );

    // In: mosquitto_pub's properties, each shown in the message detail.
    let mut args = vec!["-q", "1", "-m", "from mosquitto_pub"];
    for (key, value) in USER_PROPERTIES {
        args.extend(property("user-property", &[key, value]));
    }
    args.extend(property("content-type", &["text/plain"]));
    args.extend(property("response-topic", &["demo5/answer"]));
    args.extend(property("correlation-data", &["corr-42"]));
    args.extend(property("message-expiry-interval", &["300"]));
    args.extend(property("payload-format-indicator", &["1"]));
    publish_v5(&broker, "demo5/from-cli", &args);
    let props = browser.message_properties("demo5/from-cli").await?;
    let users: Vec<(String, String)> = props
        .iter()
        .filter(|(name, _, _)| name == "user-property")
        .map(|(_, key, value)| (key.clone(), value.clone()))
        .collect();
    assert_eq!(users, owned(&USER_PROPERTIES), "in order: {props:?}");
    let one = |name: &str| -> Option<String> {
        props
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, _, text)| text.clone())
    };
    assert_eq!(
        one("content-type").as_deref(),
        Some("text/plain"),
        "{props:?}"
    );
    assert_eq!(
        one("response-topic").as_deref(),
        Some("demo5/answer"),
        "{props:?}"
    );
    assert_eq!(
        one("correlation-data").as_deref(),
        Some("corr-42"),
        "{props:?}"
    );
    let expiry = one("message-expiry").and_then(|t| leading_number(&t));
    assert!(
        expiry.is_some_and(|s| (250..=300).contains(&s)),
        "message expiry about 300 s: {props:?}"
    );
    assert!(one("payload-format").is_some(), "{props:?}");
    // For the README: the received message's properties in view.
    browser
        .client
        .execute(
            "document.querySelector('[data-testid=message-detail]').scrollIntoView({block: 'end'}); return true;",
            vec![],
        )
        .await?;
    browser.screenshot("e2e-mqtt5-message-properties").await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_local_retain_handling_and_message_expiry_against_mosquitto() -> TestResult {
    let broker = Mosquitto::start();
    // Retained before the console connects: two for retain handling, and two for expiry, one
    // of which expires after 1 s.
    publish_v5(
        &broker,
        "rh/two",
        &["-r", "-m", "retained, not for handling 2"],
    );
    publish_v5(
        &broker,
        "rh/zero",
        &["-r", "-m", "retained, for handling 0"],
    );
    let mut short = vec!["-r", "-m", "expires after 1 s"];
    short.extend(property("message-expiry-interval", &["1"]));
    publish_v5(&broker, "exp/short", &short);
    let expired = Instant::now() + Duration::from_millis(2200);
    publish_v5(&broker, "exp/long", &["-r", "-m", "never expires"]);

    let (_server, browser) = open_console("/", broker_profile(&broker, "nl/on/#", "")).await;
    browser.wait_value("broker-url", 10).await;
    browser.choose_version("5").await?;
    browser.connect().await;

    // No local: the console's own publish comes back only through the subscription without it.
    browser.set_checked("sub-no-local", true).await?;
    subscribe(&browser, "nl/on/#").await;
    browser.set_checked("sub-no-local", false).await?;
    subscribe(&browser, "nl/off/#").await;
    publish(&browser, "nl/on/own", "not for me").await?;
    publish(&browser, "nl/off/own", "back to me").await?;
    // mosquitto handles one client's publishes in order, so the first one had come back before
    // the second if it were to come back at all.
    wait_received(&browser, "nl/off/own", "the own publish without no local").await;
    assert_eq!(
        received_on(&browser, "nl/on/own").await,
        0,
        "no local: the console's own publish came back"
    );
    broker.publish("nl/on/other", "from another client");
    wait_received(
        &browser,
        "nl/on/other",
        "another client's publish under no local",
    )
    .await;

    // Retain handling 2 sends no retained message at subscribe; 0 does. rh/two's SUBACK (and
    // any retained message after it) came before rh/zero was subscribed.
    browser
        .by_testid("sub-retain-handling")
        .await?
        .select_by_value("2")
        .await?;
    subscribe(&browser, "rh/two").await;
    browser
        .by_testid("sub-retain-handling")
        .await?
        .select_by_value("0")
        .await?;
    subscribe(&browser, "rh/zero").await;
    wait_received(&browser, "rh/zero", "the retained message, handling 0").await;
    assert_eq!(
        received_on(&browser, "rh/two").await,
        0,
        "retain handling 2: a retained message was delivered on subscribe"
    );

    // Message expiry: subscribed at least 2 s after the publish with expiry 1 s, only the
    // message without expiry is delivered. A message published after the subscribe arrives
    // after every retained one of it, so once it is here, nothing more is on its way.
    tokio::time::sleep(expired.saturating_duration_since(Instant::now())).await;
    subscribe(&browser, "exp/#").await;
    wait_received(&browser, "exp/long", "the retained message without expiry").await;
    broker.publish("exp/marker", "after the retained ones");
    wait_received(&browser, "exp/marker", "the marker").await;
    assert_eq!(
        received_on(&browser, "exp/short").await,
        0,
        "a retained message delivered after its expiry"
    );
    browser.screenshot("e2e-mqtt5-subscribe-options").await;
    browser.close().await;
    Ok(())
}

/// The emulator's Enterprise instance id (emulator/registry.example.toml).
const DEMO_INSTANCE_ID: &str = "iot-06z00emu1demo";

/// Chooses MQTT 5 in Aliyun mode and accepts the version-lock warning the console shows before
/// a device's first MQTT 5 login.
async fn choose_mqtt5_on_aliyun(browser: &Browser) -> TestResult {
    browser.choose_version("5").await?;
    // `version-lock-ack`: the warning's button (h-ui-conn's src/ui/protocol.rs; not yet in
    // the UI contract).
    let ack = browser
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("[data-testid=version-lock-ack]"))
        .await
        .map_err(|e| format!("no version-lock warning to accept before the first MQTT 5 login of the device: {e}"))?;
    ack.click().await?;
    Ok(())
}

/// The emulator's log entries about the demo device.
async fn device_log(emulator: &Emulator, device: &str) -> Vec<serde_json::Value> {
    let (status, log) = emulator
        .api(
            "GET",
            &format!("/api/log?productKey={DEMO_PRODUCT_KEY}&deviceName={device}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{log}");
    log["entries"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enterprise_mqtt5_login_cloud_user_properties_and_the_version_lock() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_device(&browser, &emulator, DEMO_DEVICE_SECRET).await?;
    let version = browser
        .by_testid("protocol-version")
        .await?
        .prop("value")
        .await?;
    assert_eq!(
        version.as_deref(),
        Some("3.1.1"),
        "Aliyun mode starts on 3.1.1"
    );
    choose_mqtt5_on_aliyun(&browser).await?;
    browser.connect().await;

    // Aliyun's Enterprise CONNACK: maximum QoS 1, 20 aliases, 256 KB packets, retain, no
    // subscription identifiers.
    browser
        .wait_css(
            "[data-testid=server-capabilities] [data-testid=server-capability][data-name=maximum-qos]",
            10,
            "the instance's capabilities",
        )
        .await;
    let caps = browser.capabilities().await?;
    for (name, value) in [
        ("maximum-qos", "1"),
        ("topic-alias-maximum", "20"),
        ("maximum-packet-size", "262144"),
        ("retain-available", "true"),
        ("subscription-identifiers-available", "false"),
    ] {
        assert_eq!(capability(&caps, name), Some(value), "{name}: {caps:?}");
    }
    browser.screenshot("e2e-mqtt5-aliyun-capabilities").await;

    // A cloud message with user properties, shown in the detail.
    let get = format!("/{DEMO_PRODUCT_KEY}/{DEMO_DEVICE_NAME}/user/get");
    subscribe(&browser, &get).await;
    let code = browser
        .wait_css(
            &format!("[data-testid=subscription][data-topic='{get}'][data-reason-code]"),
            5,
            "the SUBACK reason code",
        )
        .await
        .attr("data-reason-code")
        .await?;
    assert_eq!(code.as_deref(), Some("0"), "granted QoS 0");
    let user_properties: Vec<serde_json::Value> = USER_PROPERTIES
        .iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    let (status, sent) = emulator
        .api(
            "POST",
            "/api/publish",
            Some(json!({"topic": get, "payload": "hello with properties",
                "userProperties": user_properties})),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["delivered"], true, "{sent}");
    let props = browser.message_properties(&get).await?;
    let users: Vec<(String, String)> = props
        .iter()
        .filter(|(name, _, _)| name == "user-property")
        .map(|(_, key, value)| (key.clone(), value.clone()))
        .collect();
    assert_eq!(users, owned(&USER_PROPERTIES), "in order: {props:?}");

    // The version lock: after an MQTT 5 login, the emulator's API shows the device locked, the
    // same device's 3.1.1 login is refused with CONNACK 1 and the console says why; cleared
    // through the API (`DELETE /api/version-lock`), the 3.1.1 login works again.
    let lock_path =
        format!("/api/version-lock?productKey={DEMO_PRODUCT_KEY}&deviceName={DEMO_DEVICE_NAME}");
    let (status, lock) = emulator.api("GET", &lock_path, None).await;
    assert_eq!(status, 200, "{lock}");
    assert_eq!(lock["mqtt5Locked"], true, "{lock}");
    browser.by_testid("disconnect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=disconnected]",
            5,
            "disconnect",
        )
        .await;
    browser.choose_version("3.1.1").await?;
    browser.by_testid("connect").await?.click().await?;
    browser
        .wait_css(
            "[data-testid=connection-status][data-state=error]",
            10,
            "the 3.1.1 login refused by the version lock",
        )
        .await;
    let reason = browser.by_testid("connection-error").await?.text().await?;
    assert!(reason.contains("CONNACK 1"), "{reason}");
    eprintln!("the version lock as the console words it: {reason}");
    let refusals: Vec<String> = device_log(&emulator, DEMO_DEVICE_NAME)
        .await
        .into_iter()
        .filter(|e| e["kind"] == "connect_refused")
        .map(|e| e["detail"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        refusals.iter().any(|d| d.contains("version lock")),
        "the emulator logged no version-lock refusal: {refusals:?}"
    );
    browser.screenshot("e2e-mqtt5-aliyun-version-lock").await;

    let (status, cleared) = emulator.api("DELETE", &lock_path, None).await;
    assert_eq!(status, 200, "{cleared}");
    assert_eq!(cleared["cleared"], true, "{cleared}");
    browser.connect().await;
    browser.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_on_a_new_instance_with_securemode_minus_2() -> TestResult {
    let emulator = Emulator::start();
    let (_server, browser) = open_console("/", HashMap::new()).await;
    fill_identity(&browser, &emulator, "dynreg-demo", "").await?;

    // The device tools' instance id field (for a host that does not name the instance, such
    // as the local emulator; `dynreg-instance-id`, from h-inst). With an instance id known,
    // registration uses securemode=-2 and instanceId, which the emulator checks: a wrong id is
    // refused (securemode=2 would not be checked at all).
    open_registration(&browser).await?;
    browser
        .type_into("dynreg-instance-id", "iot-06z00wrong0000")
        .await?;
    browser
        .wait_css(
            "[data-testid=dynreg-kind][data-securemode='-2']",
            5,
            "the securemode=-2 registration announced",
        )
        .await;
    register(&browser, "register", DEMO_PRODUCT_SECRET).await?;
    let failed = browser
        .wait_css(
            "[data-testid=dynreg-result][data-state=error]",
            10,
            "the refusal of a wrong instance",
        )
        .await;
    let text = failed.text().await?;
    assert!(text.contains("CONNACK 4"), "{text}");
    let (status, log) = emulator.api("GET", "/api/log", None).await;
    assert_eq!(status, 200, "{log}");
    // The refusal's detail quotes the client id the console sent.
    let refusals: Vec<String> = log["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "connect_refused")
        .map(|e| e["detail"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        refusals.iter().any(|d| d.contains("securemode=-2")
            && d.contains("authType=register")
            && d.contains("instanceId=iot-06z00wrong0000")),
        "no refused securemode=-2 registration naming the wrong instance: {refusals:?}"
    );

    browser
        .type_into("dynreg-instance-id", DEMO_INSTANCE_ID)
        .await?;
    register(&browser, "register", DEMO_PRODUCT_SECRET).await?;
    browser
        .wait_css(
            "[data-testid=dynreg-result][data-state=ok]",
            10,
            "the DeviceSecret from the instance",
        )
        .await;
    let secret = browser.by_testid("dynreg-secret").await?.text().await?;
    assert!(secret.len() >= 16, "a secret: {secret:?}");
    browser.by_testid("dynreg-use").await?.click().await?;
    assert_eq!(browser.wait_value("aliyun-device-secret", 5).await, secret);
    browser.connect().await;
    browser.screenshot("e2e-mqtt5-instance-registration").await;
    browser.close().await;
    Ok(())
}

/// The demo product's ProductSecret (dynamic registration is on for it).
const DEMO_PRODUCT_SECRET: &str = "demoProductSecret0123456789abcdef";

/// Opens the device tools' registration section, unless it is open.
async fn open_registration(browser: &Browser) -> TestResult {
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
    Ok(())
}

/// Opens the registration section and starts a registration of `mode`.
async fn register(browser: &Browser, mode: &str, product_secret: &str) -> TestResult {
    open_registration(browser).await?;
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

#[test]
fn offline_publish_reader_sees_topic_aliases() {
    // Noise first (a CONNECT-like packet), then PUBLISH QoS 0 "a/b" with alias 1 and payload
    // "x", then PUBLISH QoS 1 with an empty topic, packet id 7, alias 1, a user property and
    // payload "y"; the frames split a packet in the middle.
    let mut stream = vec![0x10, 2, 0, 0];
    stream.extend([0x30, 10, 0, 3, b'a', b'/', b'b', 3, 0x23, 0, 1, b'x']);
    stream.extend([
        0x32, 16, 0, 0, 0, 7, 10, 0x23, 0, 1, 0x26, 0, 1, b'k', 0, 1, b'v', b'y',
    ]);
    let got = sent_publishes(&[stream[..9].to_vec(), stream[9..].to_vec()]);
    assert_eq!(
        got,
        vec![
            SentPublish {
                topic: "a/b".into(),
                alias: Some(1),
                payload: b"x".to_vec()
            },
            SentPublish {
                topic: String::new(),
                alias: Some(1),
                payload: b"y".to_vec()
            },
        ]
    );
}

#[test]
fn offline_subscriber_lines_are_read() {
    let r = Received::parse("t/a\thi\tk:v1 k:v2 z:w\ttext/plain\tr/x\tabc\t59\t1\t1\t0");
    assert_eq!(r.topic, "t/a");
    assert_eq!(
        r.user_properties,
        owned(&[("k", "v1"), ("k", "v2"), ("z", "w")])
    );
    assert_eq!(
        (r.content_type.as_str(), r.response_topic.as_str()),
        ("text/plain", "r/x")
    );
    assert_eq!(r.correlation_data, "abc");
    assert_eq!(r.message_expiry, Some(59));
    assert_eq!(r.payload_format, "1");
    assert!(!r.retained);
    let none = Received::parse("t/b\tx\t\t\t\t\t\t\t0\t1");
    assert_eq!(none.message_expiry, None);
    assert!(none.user_properties.is_empty());
    assert!(none.retained);
}
