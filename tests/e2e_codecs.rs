//! End to end: binary payloads shown decoded (issue 17). Payloads made by independent encoders
//! (the committed vectors: Python cbor2, msgpack, protobuf and the Eclipse Tahu Sparkplug B
//! definitions) are published by `mosquitto_pub`, and the console shows them through the
//! decoder bound to each subscription: CBOR, MessagePack, a Protobuf type from two uploaded
//! `.proto` files (one importing the other), and a Sparkplug B NBIRTH + NDATA stream whose
//! aliases the birth names. A payload that does not decode says why, with its hex. JSON typed
//! in the composer is sent as CBOR and as a Sparkplug B NDATA (with the birth's aliases), checked
//! byte for byte by `mosquitto_sub`.
//!
//! `MQTT_CONSOLE_DIST=$PWD/dist cargo test --test e2e_codecs -- --test-threads=1 --nocapture`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use support::{broker_profile, open_console, Browser, Mosquitto, TempDir, TestResult};

fn vectors(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("read vectors")).expect("json")
}

fn bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Publishes `payload` on `topic` with `mosquitto_pub -f`, exactly as its bytes are.
fn publish_bytes(broker: &Mosquitto, dir: &TempDir, topic: &str, payload: &[u8]) {
    let file = dir.0.join("payload.bin");
    std::fs::write(&file, payload).expect("write payload");
    broker.publish_file(topic, &file);
}

async fn choose(browser: &Browser, testid: &str, value: &str) -> TestResult {
    let select = browser.by_testid(testid).await?;
    browser
        .client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::to_value(&select)?, Value::from(value)],
        )
        .await?;
    Ok(())
}

/// Subscribes to `filter` with the decoder `codec` and waits for its SUBACK.
async fn subscribe_with(browser: &Browser, filter: &str, codec: &str) -> TestResult {
    let topic = browser.by_testid("sub-topic").await?;
    topic.clear().await?;
    topic.send_keys(filter).await?;
    choose(browser, "sub-codec", codec).await?;
    browser.by_testid("sub-add").await?.click().await?;
    browser
        .wait_css(
            &format!("[data-testid=subscription][data-topic='{filter}'][data-state=active]"),
            10,
            "SUBACK",
        )
        .await;
    browser
        .wait_css(
            &format!("[data-testid=decoder-binding][data-topic='{filter}'][data-codec={codec}]"),
            5,
            "the binding",
        )
        .await;
    Ok(())
}

/// The payload text and decode error of the newest row on `topic`, once its text contains
/// `want` (waits up to 10 s).
async fn row_on(browser: &Browser, topic: &str, want: &str) -> (String, Option<String>) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = browser
            .client
            .execute(
                "const rows = [...document.querySelectorAll('[data-testid=message]')]
                    .filter(r => r.dataset.topic === arguments[0]);
                 const r = rows[rows.length - 1];
                 if (!r) return null;
                 const e = r.querySelector('[data-testid=decode-error]');
                 return [r.querySelector('[data-testid=message-payload]').textContent,
                         e ? e.textContent : null];",
                vec![Value::from(topic)],
            )
            .await
            .unwrap_or(Value::Null);
        if let Some(row) = got.as_array() {
            let text = row[0].as_str().unwrap_or_default().to_owned();
            if text.contains(want) {
                return (text, row[1].as_str().map(str::to_owned));
            }
            if std::time::Instant::now() > deadline {
                panic!("the row on {topic} shows {text:?}, not {want:?}");
            }
        } else if std::time::Instant::now() > deadline {
            panic!("no row on {topic}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_payloads_from_independent_encoders_are_shown_decoded() -> TestResult {
    let broker = Mosquitto::start();
    let dir = TempDir::new("codecs");
    let (_server, browser) = open_console("/", broker_profile(&broker, "dev/#", "dev/enc")).await;
    browser.wait_value("broker-url", 10).await;
    browser.connect().await;

    // CBOR and MessagePack: a map of several types from cbor2 and msgpack-python.
    let codec_vectors = vectors("codec_vectors.json");
    let pick = |codec: &str| -> (Vec<u8>, String) {
        let v = codec_vectors["vectors"]
            .as_array()
            .expect("vectors")
            .iter()
            .filter(|v| v["codec"] == codec)
            .filter(|v| {
                v["compact"]
                    .as_str()
                    .is_some_and(|c| c.starts_with('{') && c.len() > 20)
            })
            .max_by_key(|v| v["compact"].as_str().map_or(0, str::len).min(200))
            .expect("a map vector");
        (
            bytes(v["hex"].as_str().unwrap_or_default()),
            v["compact"].as_str().unwrap_or_default().to_owned(),
        )
    };
    subscribe_with(&browser, "dev/cbor", "cbor").await?;
    subscribe_with(&browser, "dev/msgpack", "msgpack").await?;
    let (cbor, cbor_text) = pick("cbor");
    publish_bytes(&broker, &dir, "dev/cbor", &cbor);
    let (text, error) = row_on(&browser, "dev/cbor", &cbor_text).await;
    assert_eq!(text, cbor_text);
    assert_eq!(error, None);
    let (msgpack, msgpack_text) = pick("msgpack");
    publish_bytes(&broker, &dir, "dev/msgpack", &msgpack);
    assert_eq!(
        row_on(&browser, "dev/msgpack", &msgpack_text).await.0,
        msgpack_text
    );

    // Not CBOR: the row says why and where, and shows the bytes in hex.
    publish_bytes(&broker, &dir, "dev/cbor", &[0xa2, 0x61, 0x61]);
    let (text, error) = row_on(&browser, "dev/cbor", "a2 61 61").await;
    assert_eq!(text, "a2 61 61");
    let error = error.expect("a decode error");
    assert!(
        error.contains("CBOR") && error.contains("byte 0"),
        "{error}"
    );

    // Protobuf: sensor.proto imports common/units.proto; the browser gives the second one as
    // units.proto, without its folder.
    let protos = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/proto");
    let paths = format!(
        "{}\n{}",
        protos.join("sensor.proto").display(),
        protos.join("common/units.proto").display()
    );
    // Choosing Protobuf brings the file input and the type picker.
    choose(&browser, "sub-codec", "protobuf").await?;
    browser
        .wait_css("[data-testid=proto-file]", 10, "the .proto file input")
        .await
        .send_keys(&paths)
        .await?;
    browser
        .wait_css(
            "[data-testid=proto-type] option[value='sensor.v1.Sensor']",
            15,
            "the compiled types",
        )
        .await;
    choose(&browser, "sub-codec", "protobuf").await?;
    choose(&browser, "proto-type", "sensor.v1.Sensor").await?;
    subscribe_with(&browser, "dev/proto", "protobuf").await?;
    let proto_vectors = vectors("protobuf_vectors.json");
    let maps = proto_vectors["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .find(|v| v["name"] == "oneof_room")
        .expect("the oneof_room vector");
    publish_bytes(
        &broker,
        &dir,
        "dev/proto",
        &bytes(maps["hex"].as_str().unwrap_or_default()),
    );
    let room = maps["json"]["room"].as_str().expect("a room");
    let (text, error) = row_on(&browser, "dev/proto", room).await;
    assert_eq!(error, None, "{text}");
    assert!(text.contains("\"room\""), "{text}");

    // Sparkplug B: the NDATA's metrics are named by the NBIRTH's aliases; its alias 99 is not
    // in the birth, which the row flags.
    subscribe_with(&browser, "spBv1.0/#", "sparkplugb").await?;
    let spark = vectors("sparkplug_vectors.json");
    for v in spark["vectors"].as_array().expect("vectors").iter().take(2) {
        publish_bytes(
            &broker,
            &dir,
            v["topic"].as_str().unwrap_or_default(),
            &bytes(v["hex"].as_str().unwrap_or_default()),
        );
    }
    let (text, error) = row_on(&browser, "spBv1.0/Plant/NDATA/Edge1", "\"Temp\"").await;
    assert_eq!(error, None, "{text}");
    assert!(text.contains("-7"), "{text}");
    let finding = browser
        .wait_css(
            "[data-testid=message][data-topic='spBv1.0/Plant/NDATA/Edge1'] [data-testid=decode-finding]",
            5,
            "the unknown alias",
        )
        .await
        .text()
        .await?;
    assert!(finding.contains("99"), "{finding}");
    browser.screenshot("e2e-codecs-decoded").await;

    // JSON typed in the composer, sent as CBOR: mosquitto_sub sees the CBOR bytes.
    let sub = broker
        .sub_command("dev/enc")
        .args(["-C", "1", "-F", "%x"])
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    choose(&browser, "pub-encode", "cbor").await?;
    let payload = browser.by_testid("pub-payload").await?;
    payload.clear().await?;
    payload.send_keys(r#"{"n":1,"ok":true}"#).await?;
    // The encoder arrives with the decoders; give it a moment on a slow machine.
    tokio::time::sleep(Duration::from_millis(300)).await;
    browser.by_testid("pub-send").await?.click().await?;
    let out = tokio::task::spawn_blocking(move || sub.wait_with_output()).await??;
    let seen = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(seen, "a2616e01626f6bf5", "CBOR of {{\"n\":1,\"ok\":true}}");

    // Protobuf with a misspelt field: the error names the field's path.
    choose(&browser, "pub-encode", "protobuf").await?;
    payload.clear().await?;
    payload.send_keys(r#"{"id":"x","histroy":[]}"#).await?;
    browser.by_testid("pub-send").await?.click().await?;
    let error = browser
        .wait_css("[data-testid=pub-error]", 5, "the encode error")
        .await
        .text()
        .await?;
    assert!(error.contains("histroy"), "{error}");

    // Sparkplug B from JSON: the NDATA carries the NBIRTH's aliases and the seq after the last
    // message (1), byte for byte what Google's protobuf runtime writes from Tahu's schema; it
    // comes back decoded with no finding.
    let want = &vectors("sparkplug_encode_vectors.json")["e2e"];
    let topic = want["topic"].as_str().unwrap_or_default();
    let sub = broker
        .sub_command(topic)
        .args(["-C", "1", "-F", "%x"])
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let topic_box = browser.by_testid("pub-topic").await?;
    topic_box.clear().await?;
    topic_box.send_keys(topic).await?;
    choose(&browser, "pub-encode", "sparkplugb").await?;
    payload.clear().await?;
    payload
        .send_keys(want["json"].as_str().unwrap_or_default())
        .await?;
    // A search for a metric name, which the NDATA's bytes do not hold (they carry aliases):
    // the message must be searched after the tracker saw it, as its row shows it.
    let search = browser.by_testid("log-filter").await?;
    search.send_keys("Temp").await?;
    browser.by_testid("pub-send").await?.click().await?;
    let out = tokio::task::spawn_blocking(move || sub.wait_with_output()).await??;
    let seen = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(
        seen,
        want["hex"].as_str().unwrap_or_default(),
        "the NDATA sent"
    );
    // Two rows: the NDATA as sent and its echo. Both read with the birth's names, and neither
    // is flagged (the sent one must not count towards the `seq`, or its echo is a gap).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let rows = loop {
        let rows = browser
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=message]')]
                    .filter(r => r.dataset.topic === arguments[0])
                    .map(r => [r.dataset.direction,
                               r.querySelector('[data-testid=message-payload]').textContent,
                               [...r.querySelectorAll('[data-testid=decode-finding]')]
                                   .map(f => f.textContent)]);",
                vec![Value::from(topic)],
            )
            .await?;
        let sent = rows.as_array().map_or(0, |r| {
            r.iter()
                .filter(|row| row[1].as_str().is_some_and(|t| t.contains("30 Int32")))
                .count()
        });
        if sent == 2 {
            break rows;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the sent NDATA and its echo: {rows}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let sent: Vec<_> = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter(|row| row[1].as_str().is_some_and(|t| t.contains("30 Int32")))
        .collect();
    assert_eq!(sent[0][0], "out", "{rows}");
    assert_eq!(sent[1][0], "in", "{rows}");
    for row in sent {
        assert_eq!(row[2], Value::Array(Vec::new()), "findings on {row}");
    }
    // A node whose birth was never received: nothing is sent, and the error says why.
    topic_box.clear().await?;
    topic_box.send_keys("spBv1.0/Plant/NDATA/Edge9").await?;
    browser.by_testid("pub-send").await?.click().await?;
    let error = browser
        .wait_css("[data-testid=pub-error]", 5, "the Sparkplug encode error")
        .await
        .text()
        .await?;
    assert!(error.contains("NBIRTH of Plant/Edge9"), "{error}");

    browser.close().await;
    Ok(())
}

/// Publishes each line of `lines` as one message on `topic` (`mosquitto_pub -l`), retained
/// when `retain`.
fn publish_lines(broker: &Mosquitto, topic: &str, lines: &str, retain: bool) {
    use std::io::Write as _;
    let mut command = broker.pub_command(topic);
    command.arg("-l").stdin(std::process::Stdio::piped());
    if retain {
        command.arg("-r");
    }
    let mut child = command.spawn().expect("run mosquitto_pub");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(lines.as_bytes()).expect("write lines");
    }
    assert!(child.wait().expect("mosquitto_pub").success());
}

/// Clicks the element `selector` from a script: the tree and its detail may sit below the
/// fold of the log panel, which scrolls on its own.
async fn js_click(browser: &Browser, selector: &str) {
    let done = browser
        .client
        .execute(
            "const el = document.querySelector(arguments[0]); if (!el) return false; \
             el.scrollIntoView({block: 'nearest'}); el.click(); return true;",
            vec![Value::from(selector)],
        )
        .await
        .unwrap_or(Value::Bool(false));
    assert_eq!(done, Value::Bool(true), "no {selector} to click");
}

async fn attr(browser: &Browser, selector: &str, name: &str) -> Option<String> {
    let el = browser
        .client
        .find(fantoccini::Locator::Css(selector))
        .await
        .ok()?;
    el.attr(name).await.ok().flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chart_counts_its_points_a_diff_shows_the_change_and_retained_are_cleared() -> TestResult
{
    let broker = Mosquitto::start();
    // Two retained messages the console will learn of when it subscribes.
    publish_lines(&broker, "plant/state/a", "on\n", true);
    publish_lines(&broker, "plant/state/b", "off\n", true);
    let (_server, browser) = open_console("/", broker_profile(&broker, "plant/#", "plant/x")).await;
    browser.connect_and_subscribe().await;

    // A chart of $.temp on plant/t, fed 200 messages by an independent client.
    browser.open_details(".charts-panel").await?;
    browser
        .by_testid("chart-topic")
        .await?
        .send_keys("plant/t")
        .await?;
    browser
        .by_testid("chart-path")
        .await?
        .send_keys("$.temp")
        .await?;
    browser.by_testid("chart-add").await?.click().await?;
    browser
        .wait_css("[data-testid=chart][data-topic='plant/t']", 5, "the chart")
        .await;
    let lines: String = (0..200)
        .map(|i| {
            format!(
                "{{\"temp\": {}, \"unit\": \"C\"}}\n",
                20.0 + f64::from(i % 17) / 4.0
            )
        })
        .collect();
    publish_lines(&broker, "plant/t", &lines, false);
    browser
        .wait_css(
            "[data-testid=chart][data-points='200']",
            15,
            "200 points plotted",
        )
        .await;
    // A second field on the same filter is a second line on the same chart.
    let path = browser.by_testid("chart-path").await?;
    path.clear().await?;
    path.send_keys("$.missing").await?;
    browser.by_testid("chart-add").await?.click().await?;
    let charts = browser
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=chart]"))
        .await?;
    assert_eq!(charts.len(), 1, "one chart per filter");
    browser.screenshot("e2e-codecs-chart").await;

    // The topic tree: the diff of plant/t's last message against the one before.
    publish_lines(
        &broker,
        "plant/t",
        "{\"temp\": 20, \"unit\": \"C\"}\n{\"temp\": 21.5, \"unit\": \"C\", \"alarm\": true}\n",
        false,
    );
    browser
        .by_testid("topic-tree-toggle")
        .await?
        .click()
        .await?;
    browser
        .wait_css(
            "[data-testid=topic-node][data-topic=plant] button",
            10,
            "the plant node",
        )
        .await;
    js_click(
        &browser,
        "[data-testid=topic-node][data-topic=plant] button",
    )
    .await;
    browser
        .wait_css(
            "[data-testid=topic-node][data-topic='plant/t'] code",
            5,
            "plant/t",
        )
        .await;
    js_click(
        &browser,
        "[data-testid=topic-node][data-topic='plant/t'] code",
    )
    .await;
    let diff = browser
        .wait_css(
            "[data-testid=topic-diff][data-changes='2']",
            10,
            "two changed lines",
        )
        .await;
    let changed = diff
        .find(fantoccini::Locator::Css("[data-mark=changed]"))
        .await?
        .text()
        .await?;
    assert!(
        changed.contains("\"temp\": 21.5") && changed.contains("20"),
        "{changed}"
    );
    let added = diff
        .find(fantoccini::Locator::Css("[data-mark=added]"))
        .await?
        .text()
        .await?;
    assert!(added.contains("\"alarm\": true"), "{added}");
    browser.screenshot("e2e-codecs-diff").await;
    // A topic of plain numbers gets a sparkline.
    publish_lines(&broker, "plant/n", "21.5\n22\n23.25\n22.5\n", false);
    browser
        .wait_css(
            "[data-testid=topic-node][data-topic='plant/n'] code",
            5,
            "plant/n",
        )
        .await;
    js_click(
        &browser,
        "[data-testid=topic-node][data-topic='plant/n'] code",
    )
    .await;
    let spark = browser
        .wait_css(
            "[data-testid=topic-detail][data-topic='plant/n'] [data-testid=topic-sparkline] polyline",
            5,
            "a sparkline",
        )
        .await;
    let points = spark.attr("points").await?.unwrap_or_default();
    assert_eq!(points.split(' ').count(), 4, "{points}");

    // Retained: plant holds two; clearing asks first, then publishes two empty retained messages.
    js_click(&browser, "[data-testid=topic-node][data-topic=plant] code").await;
    browser
        .wait_css(
            "[data-testid=topic-detail][data-topic=plant] [data-testid=topic-retained]",
            5,
            "retained",
        )
        .await;
    js_click(&browser, "[data-testid=retained-clear]").await;
    browser
        .wait_css("[data-testid=retained-confirm]", 5, "the confirmation")
        .await;
    assert_eq!(
        attr(&browser, "[data-testid=retained-confirm]", "data-count")
            .await
            .as_deref(),
        Some("2")
    );
    js_click(&browser, "[data-testid=retained-confirm-yes]").await;
    browser
        .wait_css("[data-testid=retained-outcome]", 5, "the outcome")
        .await;
    // An independent subscriber finds no retained message left (it times out empty).
    let out = broker
        .sub_command("plant/state/#")
        .args(["-C", "1", "-W", "2"])
        .output()?;
    assert!(
        out.stdout.is_empty(),
        "still retained: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );

    browser.close().await;
    Ok(())
}

/// A live chart as a user sees one (and the README shows it): two fields of one topic from a
/// stream paced at 20 messages a second by an independent client, plotted while it arrives, in
/// a 10-second window that the 9-second stream fills.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_stream_draws_a_live_chart_as_it_arrives() -> TestResult {
    use std::io::Write as _;
    const MESSAGES: usize = 180;
    let broker = Mosquitto::start();
    let (_server, browser) = open_console("/", broker_profile(&broker, "plant/#", "plant/x")).await;
    // Room for the chart above the rows, as on a laptop with the browser full screen.
    browser.client.set_window_size(1280, 980).await?;
    browser.connect_and_subscribe().await;
    browser.open_details(".charts-panel").await?;
    browser
        .by_testid("chart-topic")
        .await?
        .send_keys("plant/line1")
        .await?;
    let path = browser.by_testid("chart-path").await?;
    for field in ["$.temp", "$.humidity"] {
        path.clear().await?;
        path.send_keys(field).await?;
        browser.by_testid("chart-add").await?.click().await?;
    }
    browser
        .wait_css(
            "[data-testid=chart][data-topic='plant/line1']",
            5,
            "the chart",
        )
        .await;
    choose(&browser, "chart-window", "0").await?;

    let mut publisher = broker
        .pub_command("plant/line1")
        .arg("-l")
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    let mut stdin = publisher.stdin.take().expect("mosquitto_pub's stdin");
    let feeder = tokio::task::spawn_blocking(move || {
        for i in 0..MESSAGES {
            let t = i as f64 / 8.0;
            let line = format!(
                "{{\"temp\": {:.2}, \"humidity\": {:.1}, \"unit\": \"C\"}}\n",
                21.0 + 2.5 * t.sin() + 0.3 * (3.0 * t).cos(),
                48.0 - 6.0 * (t / 2.0).cos(),
            );
            if stdin.write_all(line.as_bytes()).is_err() || stdin.flush().is_err() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        true
    });
    // Half way through the stream, the chart already holds some points and not all of them.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let midway: usize = attr(&browser, "[data-testid=chart]", "data-points")
        .await
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    assert!(
        midway > 0 && midway < 2 * MESSAGES,
        "{midway} points half way through a stream of {MESSAGES} messages (2 fields)"
    );
    assert!(feeder.await?, "the stream was written");
    assert!(publisher.wait()?.success());
    browser
        .wait_css(
            &format!("[data-testid=chart][data-points='{}']", 2 * MESSAGES),
            10,
            "every point plotted",
        )
        .await;
    browser
        .client
        .execute(
            "document.querySelector('[data-testid=chart]').scrollIntoView({block: 'nearest'});",
            vec![],
        )
        .await?;
    browser.screenshot("e2e-codecs-live-chart").await;

    // The canvas is drawn (both series' colours are on it) at its box's size, and drawn again
    // at the new size when the window narrows (the chart learns its width from a
    // ResizeObserver, not while drawing).
    let drawn = |browser: &Browser| {
        let client = browser.client.clone();
        async move {
            let v = client
                .execute(
                    "const c = document.querySelector('[data-testid=chart] canvas'); \
                     const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
                     const near = (i, r, g, b, within = 60) => d[i + 3] > 200 && \
                       Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < within; \
                     let blue = 0, pink = 0, dark = 0, light = 0; \
                     for (let i = 0; i < d.length; i += 4) { \
                       if (near(i, 21, 112, 239)) blue++; \
                       if (near(i, 221, 37, 144)) pink++; \
                       if (near(i, 29, 35, 48, 20)) dark++; \
                       if (near(i, 230, 233, 238, 20)) light++; } \
                     return [blue, pink, c.width, Math.floor(c.clientWidth * devicePixelRatio), \
                       dark, light];",
                    vec![],
                )
                .await?;
            let n = |i: usize| v[i].as_u64().unwrap_or(0);
            Ok::<_, fantoccini::error::CmdError>([n(0), n(1), n(2), n(3), n(4), n(5)])
        }
    };
    let [blue, pink, width, css, ..] = drawn(&browser).await?;
    assert!(
        blue > 50 && pink > 50,
        "both series drawn: {blue} blue and {pink} pink pixels"
    );
    assert_eq!(width, css, "the canvas's pixels match its box");
    browser.client.set_window_size(1040, 980).await?;
    let mut resized = [0; 6];
    for _ in 0..50 {
        resized = drawn(&browser).await?;
        if resized[2] == resized[3] && resized[2] < width {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let [blue, pink, narrower, css, dark_text, _] = resized;
    assert!(
        narrower < width && narrower == css,
        "drawn again at the narrower width: {narrower} pixels for a box of {css} (was {width})"
    );
    assert!(
        blue > 50 && pink > 50,
        "both series drawn again: {blue} blue and {pink} pink pixels"
    );
    // The axis labels take the theme's text colour: dark on a light page, light on a dark one,
    // whether the system's scheme (followed by the "auto" theme) or the theme button made it
    // dark. Text is told from grid lines by its exact colour (the grid's is within 36 of
    // either).
    assert!(dark_text > 0, "labels in the light theme's text colour");
    let labels_turn = |dark_page: bool, why: &'static str| {
        let drawn = &drawn;
        let browser = &browser;
        async move {
            let mut seen = [0; 6];
            for _ in 0..50 {
                seen = drawn(browser).await?;
                let (dark_text, light_text) = (seen[4], seen[5]);
                if (dark_page && dark_text == 0 && light_text > 0)
                    || (!dark_page && dark_text > 0 && light_text == 0)
                {
                    return Ok::<_, fantoccini::error::CmdError>(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!(
                "{why}: labels not redrawn for a {} page ({} dark and {} light text pixels)",
                if dark_page { "dark" } else { "light" },
                seen[4],
                seen[5]
            );
        }
    };
    let scheme = |value: &str| serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": value}]});
    browser
        .cdp("Emulation.setEmulatedMedia", scheme("dark"))
        .await?;
    labels_turn(true, "the system turned dark").await?;
    browser
        .cdp("Emulation.setEmulatedMedia", scheme("light"))
        .await?;
    labels_turn(false, "the system turned light").await?;
    // Auto, then light, then dark.
    for _ in 0..2 {
        browser.by_testid("theme-switch").await?.click().await?;
    }
    labels_turn(true, "the dark theme chosen").await?;
    browser.close().await;
    Ok(())
}
