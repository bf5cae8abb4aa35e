//! End to end: connection profiles in the browser. Saved, reloaded, secrets kept out of
//! storage unless the user opts in (then encrypted, and a wrong passphrase loses nothing),
//! MQTT.fx XML imported.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;
use std::time::Duration;

use support::{open_console, Browser, TempDir, TestResult};

const SECRET: &str = "hunter2-very-secret";

async fn storage(browser: &Browser) -> Result<String, fantoccini::error::CmdError> {
    let v = browser
        .client
        .execute("return JSON.stringify(localStorage)", vec![])
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn notice_contains(browser: &Browser, needle: &str) -> String {
    for _ in 0..100 {
        if let Ok(el) = browser.by_testid("profile-notice").await {
            let text = el.text().await.unwrap_or_default();
            if text.contains(needle) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no profile notice containing {needle:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_are_saved_reloaded_encrypted_and_imported() -> TestResult {
    let (_server, browser) = open_console("/", HashMap::new()).await;

    // Saved without opting in: the password never reaches storage.
    browser.by_testid("mode-generic").await?.click().await?;
    browser.open_profiles().await?;
    browser
        .type_into("broker-url", "ws://127.0.0.1:1884/mqtt")
        .await?;
    browser.type_into("username", "alice").await?;
    browser.type_into("password", SECRET).await?;
    browser.type_into("profile-name", "My broker").await?;
    browser.by_testid("profile-save").await?.click().await?;
    notice_contains(&browser, "saved \"My broker\"").await;
    let stored = storage(&browser).await?;
    assert!(
        stored.contains("My broker") && stored.contains("alice"),
        "{stored}"
    );
    assert!(
        !stored.contains(SECRET),
        "a secret reached storage without opt-in: {stored}"
    );

    // Reload: the last used profile comes back, without its password.
    browser.client.refresh().await?;
    assert_eq!(
        browser.wait_value("broker-url", 10).await,
        "ws://127.0.0.1:1884/mqtt"
    );
    assert_eq!(
        browser
            .by_testid("profile-select")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("My broker")
    );
    assert_eq!(
        browser
            .by_testid("password")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("")
    );

    // Opted in: sealed with a passphrase; storage holds only ciphertext.
    browser.type_into("password", SECRET).await?;
    browser.open_profiles_dialog().await?;
    browser.type_into("profile-name", "Secret broker").await?;
    browser
        .by_testid("profile-keep-secrets")
        .await?
        .click()
        .await?;
    browser.by_testid("profile-save").await?.click().await?;
    browser
        .type_into("passphrase", "correct horse battery")
        .await?;
    browser.by_testid("passphrase-ok").await?.click().await?;
    notice_contains(&browser, "encrypted").await;
    let stored = storage(&browser).await?;
    assert!(
        stored.contains("ciphertext") && stored.contains("Secret broker"),
        "{stored}"
    );
    assert!(
        !stored.contains(SECRET),
        "the secret is in storage in clear: {stored}"
    );

    // A new session asks for the passphrase; a wrong one is explained and loses nothing.
    browser.client.refresh().await?;
    browser
        .wait_css(
            "[data-testid=passphrase-prompt]",
            10,
            "the passphrase prompt for the last used profile",
        )
        .await;
    browser.type_into("passphrase", "wrong passphrase").await?;
    browser.by_testid("passphrase-ok").await?.click().await?;
    let error = browser
        .wait_css(
            "[data-testid=profile-error]",
            20,
            "the wrong-passphrase error",
        )
        .await
        .text()
        .await?;
    assert!(error.contains("wrong passphrase"), "{error}");
    assert_eq!(
        storage(&browser).await?,
        stored,
        "a failed unlock must not change storage"
    );
    let select = browser.by_testid("profile-select").await?;
    select.select_by_value("My broker").await?;
    select.select_by_value("Secret broker").await?;
    browser
        .type_into("passphrase", "correct horse battery")
        .await?;
    browser.by_testid("passphrase-ok").await?.click().await?;
    let mut password = String::new();
    for _ in 0..100 {
        password = browser
            .by_testid("password")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        if !password.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(password, SECRET, "the right passphrase restores the secret");

    // MQTT.fx's XML config: an Aliyun profile and a plain broker.
    let dir = TempDir::new("mqttfx");
    let xml = dir.0.join("mqttfx-config.xml");
    std::fs::write(
        &xml,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<configuration><connectionProfiles>
  <connectionProfile><profileName>aliyun device</profileName><profileType>MQTT_BROKER</profileType>
    <brokerAddress>a1MqttDemo1.iot-as-mqtt.cn-shanghai.aliyuncs.com</brokerAddress><brokerPort>1883</brokerPort>
    <clientId>12345|securemode=3,signmethod=hmacsha1,timestamp=789|</clientId>
    <MqttConnectionOptions><cleanSession>true</cleanSession><keepAliveInterval>60</keepAliveInterval>
      <userName>console-demo&amp;a1MqttDemo1</userName><password>FAFD82A3D602B37FB0FA8B7892F24A477F851A14</password>
    </MqttConnectionOptions></connectionProfile>
  <connectionProfile><profileName>local mosquitto</profileName><profileType>MQTT_BROKER</profileType>
    <brokerAddress>127.0.0.1</brokerAddress><brokerPort>1883</brokerPort><clientId>fx</clientId>
    <MqttConnectionOptions><cleanSession>true</cleanSession><keepAliveInterval>30</keepAliveInterval></MqttConnectionOptions>
  </connectionProfile>
</connectionProfiles></configuration>"#,
    )?;
    browser
        .by_testid("profile-import")
        .await?
        .send_keys(&xml.to_string_lossy())
        .await?;
    let report = notice_contains(&browser, "local mosquitto").await;
    assert!(report.contains("aliyun device"), "{report}");
    assert!(
        report.to_lowercase().contains("websocket"),
        "the TCP port must be pointed out: {report}"
    );
    let select = browser.by_testid("profile-select").await?;
    select.select_by_value("aliyun device").await?;
    assert_eq!(
        browser.wait_value("aliyun-product-key", 10).await,
        "a1MqttDemo1"
    );
    assert_eq!(
        browser
            .by_testid("aliyun-device-name")
            .await?
            .prop("value")
            .await?
            .as_deref(),
        Some("console-demo")
    );
    browser.screenshot("profiles").await;
    browser.close().await;
    Ok(())
}
