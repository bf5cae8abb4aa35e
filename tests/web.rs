//! Browser tests: the WebSocket transport against a real mosquitto, and mounted components.
//!
//! Run by `scripts/test.sh`, which starts the broker and compiles its URL in through
//! `MQTT_CONSOLE_TEST_WS` (a page cannot read the environment). By hand, with a mosquitto
//! websockets listener running: `MQTT_CONSOLE_TEST_WS=ws://127.0.0.1:PORT wasm-pack test
//! --headless --chrome` (README, "Tests").
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use mqtt_console::mqtt::{ConnectOptions, Event, QoS, Session};
use mqtt_console::platform::websocket::{TransportEvent, WsTransport};
use mqtt_console::ui::{App, ConnectPanel};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn broker() -> &'static str {
    env!(
        "MQTT_CONSOLE_TEST_WS",
        "set MQTT_CONSOLE_TEST_WS=ws://127.0.0.1:PORT, a mosquitto websockets listener, to build \
         the browser tests (scripts/test.sh starts one; README, \"Tests\")"
    )
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Polls `cond` every 20 ms for up to `ms`; panics with `what` when it never holds.
async fn wait_for(what: &str, ms: u32, mut cond: impl FnMut() -> bool) {
    for _ in 0..(ms / 20) {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    assert!(cond(), "timed out after {ms} ms waiting for {what}");
}

type Events = Rc<RefCell<Vec<TransportEvent>>>;

fn collect(url: &str) -> (WsTransport, Events) {
    let events: Events = Rc::default();
    let sink = events.clone();
    let t = WsTransport::connect(url, move |ev| sink.borrow_mut().push(ev))
        .expect("the URL is well formed");
    (t, events)
}

fn options(client_id: &str) -> ConnectOptions {
    ConnectOptions {
        client_id: client_id.into(),
        username: None,
        password: None,
        keepalive_secs: 30,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    }
}

/// Sends what the session queued; returns its events.
fn pump(session: &mut Session, t: &WsTransport) -> Vec<Event> {
    while let Some(bytes) = session.poll_transmit() {
        t.send(&bytes).expect("socket open");
    }
    std::iter::from_fn(|| session.poll_event()).collect()
}

#[wasm_bindgen_test]
async fn transport_carries_a_session_to_the_broker_and_back() {
    let (t, events) = collect(broker());
    wait_for("the socket to open", 5000, || {
        events.borrow().contains(&TransportEvent::Open)
    })
    .await;
    let mut session = Session::new(options("web-transport-test")).expect("valid options");
    session.start(0);
    let mut seen = pump(&mut session, &t);
    let mut consumed = 1; // the Open event
    let mut step = |session: &mut Session, seen: &mut Vec<Event>| {
        let new: Vec<TransportEvent> = events.borrow()[consumed..].to_vec();
        consumed += new.len();
        for ev in new {
            if let TransportEvent::Data(bytes) = ev {
                session
                    .handle_bytes(&bytes, 1)
                    .expect("mosquitto speaks valid MQTT");
            }
        }
        seen.extend(pump(session, &t));
    };
    for _ in 0..250 {
        step(&mut session, &mut seen);
        if seen.iter().any(|e| matches!(e, Event::Connected { .. })) {
            break;
        }
        sleep(20).await;
    }
    assert!(
        seen.iter().any(|e| matches!(e, Event::Connected { .. })),
        "no CONNACK: {seen:?}"
    );

    session
        .subscribe("web/echo", QoS::AtLeastOnce, 2)
        .expect("connected");
    pump(&mut session, &t);
    for _ in 0..250 {
        step(&mut session, &mut seen);
        if seen.iter().any(|e| matches!(e, Event::SubAck { .. })) {
            break;
        }
        sleep(20).await;
    }
    session
        .publish("web/echo", b"\x00binary\xff", QoS::AtLeastOnce, false, 3)
        .expect("connected");
    pump(&mut session, &t);
    for _ in 0..250 {
        step(&mut session, &mut seen);
        if seen.iter().any(|e| matches!(e, Event::Received(_)))
            && seen.iter().any(|e| matches!(e, Event::PubAck { .. }))
        {
            break;
        }
        sleep(20).await;
    }
    let got = seen.iter().find_map(|e| match e {
        Event::Received(m) => Some(m.clone()),
        _ => None,
    });
    let got = got.unwrap_or_else(|| panic!("our own publish never came back: {seen:?}"));
    assert_eq!(got.topic, "web/echo");
    assert_eq!(got.payload, b"\x00binary\xff");
    assert!(
        seen.iter().any(|e| matches!(e, Event::PubAck { .. })),
        "QoS 1 publish not acknowledged"
    );

    t.close();
    wait_for("the close event", 5000, || {
        events
            .borrow()
            .iter()
            .any(|e| matches!(e, TransportEvent::Closed { .. }))
    })
    .await;
}

#[wasm_bindgen_test]
async fn transport_reports_a_refused_connection_as_closed_1006() {
    let (_t, events) = collect("ws://127.0.0.1:1/");
    wait_for("the close event", 10_000, || !events.borrow().is_empty()).await;
    let events = events.borrow();
    assert!(
        matches!(
            events.last(),
            Some(TransportEvent::Closed { code: 1006, .. })
        ),
        "expected an abnormal close, got {events:?}"
    );
    assert!(!events.contains(&TransportEvent::Open));
}

#[wasm_bindgen_test]
async fn a_dropped_transport_reports_nothing_more() {
    let (t, events) = collect(broker());
    drop(t);
    sleep(500).await;
    assert!(
        events.borrow().is_empty(),
        "callbacks still ran after drop: {:?}",
        events.borrow()
    );
}

fn container() -> HtmlElement {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let div = doc.create_element("div").expect("create div");
    doc.body()
        .expect("a body")
        .append_child(&div)
        .expect("append");
    div.unchecked_into()
}

fn find(root: &Element, testid: &str) -> Element {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
}

fn type_into(root: &Element, testid: &str, text: &str) {
    let input: HtmlInputElement = find(root, testid).unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

fn click(root: &Element, testid: &str) {
    find(root, testid).unchecked_into::<HtmlElement>().click();
}

fn text(root: &Element, testid: &str) -> String {
    find(root, testid).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn connect_panel_shows_the_signed_aliyun_parameters_live() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || view! { <ConnectPanel/> });
    let root: Element = root.into();
    click(&root, "mode-aliyun");
    sleep(0).await;
    type_into(&root, "aliyun-product-key", "pk");
    type_into(&root, "aliyun-device-name", "device");
    type_into(&root, "aliyun-device-secret", "secret");
    type_into(&root, "aliyun-client-id", "12345");
    type_into(&root, "aliyun-timestamp", "789");
    let sign: web_sys::HtmlSelectElement = find(&root, "aliyun-sign-method").unchecked_into();
    sign.set_value("hmacsha1");
    sign.dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    let tls: HtmlInputElement = find(&root, "aliyun-tls").unchecked_into();
    tls.click();
    sleep(20).await;

    assert_eq!(
        text(&root, "mqtt-client-id"),
        "12345|securemode=3,signmethod=hmacsha1,timestamp=789|"
    );
    assert_eq!(text(&root, "mqtt-username"), "device&pk");
    assert_eq!(
        text(&root, "mqtt-url"),
        "ws://pk.iot-as-mqtt.cn-shanghai.aliyuncs.com:443/"
    );
    assert!(
        !text(&root, "mqtt-password").contains("FAFD"),
        "the password must be masked until revealed"
    );
    click(&root, "mqtt-password-reveal");
    sleep(20).await;
    assert_eq!(
        text(&root, "mqtt-password"),
        "FAFD82A3D602B37FB0FA8B7892F24A477F851A14"
    );

    type_into(&root, "aliyun-device-name", "bad name");
    sleep(20).await;
    assert!(
        text(&root, "aliyun-error").contains("DeviceName"),
        "no inline error for a bad DeviceName"
    );
    assert_eq!(
        find(&root, "aliyun-device-name")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "bad name",
        "typed text kept"
    );
}

#[wasm_bindgen_test]
async fn connect_panel_reads_an_instance_id_or_endpoint_in_the_endpoint_field() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || view! { <ConnectPanel/> });
    let root: Element = root.into();
    click(&root, "mode-aliyun");
    sleep(0).await;
    type_into(&root, "aliyun-product-key", "k0abc");
    type_into(&root, "aliyun-device-name", "dev1");
    type_into(&root, "aliyun-device-secret", "secret");
    type_into(&root, "aliyun-host", "iot-06z00ax1o4gbb8k");
    sleep(20).await;
    assert_eq!(
        text(&root, "mqtt-url"),
        "wss://iot-06z00ax1o4gbb8k.mqtt.iothub.aliyuncs.com:443/"
    );
    let kind = find(&root, "aliyun-endpoint-kind");
    assert_eq!(kind.get_attribute("data-kind").as_deref(), Some("instance"));
    assert_eq!(
        kind.get_attribute("data-instance").as_deref(),
        Some("iot-06z00ax1o4gbb8k")
    );

    type_into(&root, "aliyun-host", "127.0.0.1:8443");
    sleep(20).await;
    assert_eq!(text(&root, "mqtt-url"), "wss://127.0.0.1:8443/");
    assert_eq!(
        find(&root, "aliyun-endpoint-kind")
            .get_attribute("data-kind")
            .as_deref(),
        Some("host")
    );

    type_into(&root, "aliyun-host", "cn-shanghai");
    sleep(20).await;
    assert!(
        text(&root, "aliyun-host-error").contains("region id"),
        "a region typed as the endpoint is explained"
    );
    assert_eq!(
        find(&root, "aliyun-host")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "cn-shanghai",
        "typed text kept"
    );
}

#[wasm_bindgen_test]
async fn mqtt5_settings_and_the_aliyun_version_lock_warning() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || view! { <ConnectPanel/> });
    let root: Element = root.into();
    click(&root, "mode-aliyun");
    sleep(0).await;
    type_into(&root, "aliyun-product-key", "pk");
    type_into(&root, "aliyun-device-name", "device");
    type_into(&root, "aliyun-device-secret", "secret");
    sleep(20).await;
    assert!(
        query(&root, "[data-testid=\"session-expiry\"]").is_none(),
        "MQTT 3.1.1 by default: no MQTT 5 settings"
    );
    assert!(query(&root, "[data-testid=\"server-capabilities\"]").is_some());
    select(&root, "protocol-version", "5");
    sleep(20).await;
    assert!(text(&root, "version-lock-warning").contains("3.1.1"));
    // Connecting waits for the click, and says why.
    click(&root, "connect");
    sleep(20).await;
    assert!(
        text(&root, "form-error").contains("MQTT 5"),
        "{}",
        text(&root, "form-error")
    );
    click(&root, "version-lock-ack");
    sleep(20).await;
    assert!(query(&root, "[data-testid=\"version-lock-warning\"]").is_none());
    assert!(query(&root, "[data-testid=\"version-lock-noted\"]").is_some());
    type_into(&root, "session-expiry", "soon");
    sleep(20).await;
    assert!(text(&root, "session-expiry-error").contains("soon"));
    assert_eq!(
        find(&root, "session-expiry")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "soon",
        "typed text kept"
    );
    click(&root, "connect-user-property-add");
    sleep(20).await;
    assert!(query(&root, "[data-testid=\"connect-user-property-key\"]").is_some());
}

#[wasm_bindgen_test]
async fn mqtt5_subscribe_options_show_with_version_5_and_name_bad_input() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), App);
    let root: Element = root.into();
    click(&root, "mode-generic");
    sleep(20).await;
    assert!(
        query(&root, "[data-testid=\"sub-no-local\"]").is_none(),
        "no MQTT 5 options on 3.1.1"
    );
    select(&root, "protocol-version", "5");
    sleep(20).await;
    for id in [
        "sub-no-local",
        "sub-retain-as-published",
        "sub-retain-handling",
        "sub-identifier",
    ] {
        assert!(
            query(&root, &format!("[data-testid=\"{id}\"]")).is_some(),
            "{id}"
        );
    }
    // Checked before anything is sent, worded, and nothing typed is lost.
    type_into(&root, "sub-identifier", "0");
    type_into(&root, "sub-topic", "a/#");
    click(&root, "sub-add");
    sleep(20).await;
    assert!(text(&root, "sub-error").contains("268435455"));
    assert!(query(&root, "[data-testid=\"subscription\"]").is_none());
}

#[wasm_bindgen_test]
async fn app_connects_subscribes_publishes_and_logs() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), App);
    let root: Element = root.into();
    let state = |root: &Element| {
        find(root, "connection-status")
            .get_attribute("data-state")
            .unwrap_or_default()
    };
    assert_eq!(state(&root), "disconnected");

    click(&root, "mode-generic");
    sleep(20).await;
    type_into(&root, "broker-url", "ws://127.0.0.1:1/");
    click(&root, "connect");
    wait_for("an error for a closed port", 10_000, || {
        state(&root) == "error"
    })
    .await;
    assert!(
        text(&root, "connection-error").contains("1006"),
        "{}",
        text(&root, "connection-error")
    );

    type_into(&root, "broker-url", broker());
    click(&root, "connect");
    wait_for("connected", 5000, || state(&root) == "connected").await;

    type_into(&root, "sub-topic", "web/app/#");
    click(&root, "sub-add");
    let sub_state = |root: &Element| {
        root.query_selector("[data-testid=subscription]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-state"))
    };
    wait_for("the SUBACK", 5000, || {
        sub_state(&root).as_deref() == Some("active")
    })
    .await;

    type_into(&root, "pub-topic", "web/app/1");
    let payload: web_sys::HtmlTextAreaElement = find(&root, "pub-payload").unchecked_into();
    payload.set_value("<b>not bold</b>");
    payload
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    click(&root, "pub-send");
    let incoming = |root: &Element| {
        root.query_selector("[data-testid=message][data-direction=in]")
            .ok()
            .flatten()
    };
    wait_for("our message back from the broker", 5000, || {
        incoming(&root).is_some()
    })
    .await;
    let row = incoming(&root).expect("waited for it");
    assert_eq!(
        row.get_attribute("data-topic").as_deref(),
        Some("web/app/1")
    );
    let shown = row
        .query_selector("[data-testid=message-payload]")
        .ok()
        .flatten()
        .expect("payload cell");
    assert_eq!(
        shown.text_content().as_deref(),
        Some("<b>not bold</b>"),
        "payload must be shown as text"
    );
    assert!(
        shown.query_selector("b").ok().flatten().is_none(),
        "payload must never become markup"
    );
    assert_eq!(text(&root, "message-count"), "1");
    assert!(root
        .query_selector("[data-testid=message][data-direction=out]")
        .ok()
        .flatten()
        .is_some());

    click(&root, "disconnect");
    wait_for("disconnected", 2000, || state(&root) == "disconnected").await;
}

fn select(root: &Element, testid: &str, value: &str) {
    let el: web_sys::HtmlSelectElement = find(root, testid).unchecked_into();
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
}

fn set_payload(root: &Element, text: &str) {
    let payload: web_sys::HtmlTextAreaElement = find(root, "pub-payload").unchecked_into();
    payload.set_value(text);
    payload
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

#[wasm_bindgen_test]
async fn publish_formats_detail_views_topic_tree_and_mute() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), App);
    let root: Element = root.into();
    click(&root, "mode-generic");
    sleep(20).await;
    type_into(&root, "broker-url", broker());
    click(&root, "connect");
    wait_for("connected", 5000, || {
        query(
            &root,
            "[data-testid=connection-status][data-state=connected]",
        )
        .is_some()
    })
    .await;
    type_into(&root, "sub-topic", "web/tree/#");
    click(&root, "sub-add");
    wait_for("the SUBACK", 5000, || {
        query(&root, "[data-testid=subscription][data-state=active]").is_some()
    })
    .await;

    // Hex: a bad digit is named and nothing is sent; good hex goes out as bytes.
    type_into(&root, "pub-topic", "web/tree/a/b");
    select(&root, "pub-format", "hex");
    set_payload(&root, "4z");
    click(&root, "pub-send");
    sleep(20).await;
    assert!(
        text(&root, "pub-error").contains("not a hex digit"),
        "{}",
        text(&root, "pub-error")
    );
    set_payload(&root, "48 69");
    click(&root, "pub-send");
    wait_for("the message back", 5000, || {
        query(&root, "[data-testid=message][data-direction=in]").is_some()
    })
    .await;
    let row = query(&root, "[data-testid=message][data-direction=in]").expect("waited");
    assert_eq!(
        row.query_selector("[data-testid=message-payload]")
            .ok()
            .flatten()
            .and_then(|p| p.text_content())
            .as_deref(),
        Some("Hi")
    );

    // The detail pane shows the selected message in every view.
    row.unchecked_ref::<HtmlElement>().click();
    sleep(20).await;
    click(&root, "detail-format-hex");
    sleep(20).await;
    assert_eq!(text(&root, "detail-payload"), "48 69");
    click(&root, "detail-format-base64");
    sleep(20).await;
    assert_eq!(text(&root, "detail-payload"), "SGk=");

    // JSON is checked as you type.
    select(&root, "pub-format", "json");
    set_payload(&root, "{\"a\":");
    sleep(20).await;
    assert!(text(&root, "pub-payload-error").contains("not valid JSON"));

    // The topic tree counts what was seen.
    click(&root, "topic-tree-toggle");
    sleep(50).await;
    let web = query(&root, "[data-testid=topic-node][data-topic=web]")
        .expect("a node for the first level");
    assert_eq!(
        web.get_attribute("data-count").as_deref(),
        Some("2"),
        "one message in, one out"
    );

    // Muting a subscription hides its messages from the log; they stay counted.
    click(&root, "sub-mute");
    sleep(50).await;
    let list = find(&root, "message-list");
    assert_eq!(
        list.get_attribute("data-count").as_deref(),
        Some("0"),
        "every message on the muted filter's topics is hidden"
    );
    assert_eq!(text(&root, "message-count"), "1");
    click(&root, "disconnect");
}

#[wasm_bindgen_test]
fn a_fatal_error_becomes_one_banner_in_the_page_language() {
    use mqtt_console::ui::{fatal_heading, show_fatal_error};
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.document_element().expect("<html>");
    let lang_before = root.get_attribute("lang");
    root.set_attribute("lang", "zh-CN").expect("set lang");
    show_fatal_error("panicked at src/somewhere.rs:1:1:\nfirst");
    show_fatal_error("second");
    let banners = document
        .query_selector_all("[data-testid=fatal-error]")
        .expect("query");
    assert_eq!(
        banners.length(),
        1,
        "a second panic must not add a second banner"
    );
    let banner = document
        .query_selector("[data-testid=fatal-error]")
        .ok()
        .flatten()
        .expect("the banner");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.contains(&fatal_heading().zh), "{text}");
    assert!(text.contains("first") && text.contains("second"), "{text}");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    banner.remove();
    match lang_before {
        Some(lang) => root.set_attribute("lang", &lang).expect("restore lang"),
        None => root.remove_attribute("lang").expect("restore lang"),
    }
}

#[wasm_bindgen_test]
async fn the_property_editor_keeps_rows_in_order_and_everything_typed() {
    use mqtt_console::model::publish_props::{PayloadFormatChoice, PublishPropsForm};
    use mqtt_console::mqtt::UserProperty;
    use mqtt_console::ui::PublishPropsEditor;

    let root = container();
    let props = RwSignal::new(PublishPropsForm::default());
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <PublishPropsEditor props/> });
    let root: Element = root.into();
    for _ in 0..3 {
        click(&root, "pub-user-property-add");
    }
    sleep(0).await;
    let rows = root
        .query_selector_all("[data-testid=\"pub-user-property\"]")
        .expect("rows");
    assert_eq!(rows.length(), 3);
    let fill = |i: u32, key: &str, value: &str| {
        let row: Element = rows.item(i).expect("row").unchecked_into();
        type_into(&row, "pub-user-property-key", key);
        type_into(&row, "pub-user-property-value", value);
    };
    fill(0, "k", "1");
    fill(1, "drop", "x");
    fill(2, "k", "2");
    let second: Element = rows.item(1).expect("row").unchecked_into();
    click(&second, "pub-user-property-remove");
    type_into(&root, "pub-content-type", "text/plain");
    type_into(&root, "pub-response-topic", "reply/me");
    type_into(&root, "pub-correlation-data", "zz");
    click(&root, "pub-correlation-hex");
    type_into(&root, "pub-message-expiry", "60");
    select(&root, "pub-payload-format", "utf8");
    sleep(0).await;
    let form = props.get_untracked();
    assert_eq!(form.payload_format, PayloadFormatChoice::Utf8);
    // Bad hex is refused, and what was typed stays to be fixed.
    assert!(form.build(b"x").is_err());
    assert_eq!(form.correlation, "zz");
    type_into(&root, "pub-correlation-data", "0a0b");
    let built = props.get_untracked().build(b"x").expect("valid");
    assert_eq!(
        built.user_properties,
        [UserProperty::new("k", "1"), UserProperty::new("k", "2")]
    );
    assert_eq!(built.correlation_data, Some(vec![0x0a, 0x0b]));
    assert_eq!(built.message_expiry_secs, Some(60));
    assert_eq!(built.response_topic.as_deref(), Some("reply/me"));
}

fn input_value(root: &Element, testid: &str) -> String {
    find(root, testid)
        .unchecked_into::<HtmlInputElement>()
        .value()
}

#[wasm_bindgen_test]
async fn a_link_is_offered_applied_only_on_click_and_a_hostile_one_refused() {
    use mqtt_console::model::profiles::{encode_link, parse_link, parse_profiles};
    let location = web_sys::window().expect("a window").location();
    let shared = parse_profiles(
        r#"{"profiles":[{"name":"Shared","mode":"generic","url":"wss://shared.example.com/mqtt",
            "client_id":"from-link","subscribe":"shared/#"}]}"#,
    )
    .expect("a profile")
    .remove(0);
    location
        .set_hash(&encode_link(&shared))
        .expect("set the fragment");
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), App);
    let root: Element = root.into();
    sleep(20).await;
    // Offered, not applied, and gone from the address bar.
    assert!(text(&root, "link-summary").contains("wss://shared.example.com/mqtt"));
    assert_eq!(location.hash().unwrap_or_default(), "");
    assert!(query(&root, "[data-testid=\"link-error\"]").is_none());
    click(&root, "link-confirm");
    sleep(20).await;
    assert!(query(&root, "[data-testid=\"link-confirm\"]").is_none());
    assert_eq!(
        input_value(&root, "broker-url"),
        "wss://shared.example.com/mqtt"
    );
    assert_eq!(input_value(&root, "client-id"), "from-link");
    assert_eq!(input_value(&root, "sub-topic"), "shared/#");
    assert_eq!(
        find(&root, "connection-status").get_attribute("data-state"),
        Some("disconnected".into()),
        "a link never connects by itself"
    );

    // The share button makes the same link back, without the password typed since.
    type_into(&root, "username", "alice");
    type_into(&root, "password", "hunter2");
    // The profile bar (and its share button) loads on demand when nothing is saved yet.
    if query(&root, "[data-testid=\"profiles-open\"]").is_some() {
        click(&root, "profiles-open");
        sleep(50).await;
    }
    // Sharing is in the profile dialog (opened with the bar when the button asked for it).
    if query(&root, "[data-testid=\"share-link\"]").is_none() {
        click(&root, "profiles-manage");
        sleep(50).await;
    }
    click(&root, "share-link");
    sleep(50).await;
    let url = input_value(&root, "share-link-url");
    let (_, fragment) = url.split_once('#').expect("a fragment");
    let back = parse_link(fragment).expect("the shared link opens");
    assert_eq!(back.profile().form.url, "wss://shared.example.com/mqtt");
    assert_eq!(back.profile().form.username, "alice");
    assert!(back.profile().form.password.is_empty() && !url.contains("hunter2"));

    // A link pasted into the open page: refused with its reason, nothing applied.
    location
        .set_hash("connect=v1.+bad")
        .expect("set the fragment");
    wait_for("the refusal", 2000, || {
        query(&root, "[data-testid=\"link-error\"]").is_some()
    })
    .await;
    assert!(text(&root, "link-error").contains("character 12"));
    assert_eq!(location.hash().unwrap_or_default(), "");
    click(&root, "link-dismiss");
    sleep(20).await;
    assert!(query(&root, "[data-testid=\"link-error\"]").is_none());
}
