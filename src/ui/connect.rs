use leptos::prelude::*;

use super::words::{tr, trs};

use super::chunk::{chunk, LazyDetails};
use super::fields::{checkbox, text_input};
use super::shell::Shell;
use crate::aliyun::{EndpointKind, Region, SignMethod};
use crate::i18n::Describe;
use crate::model::profiles::random_client_id;
use crate::model::Mode;

/// Connection settings: profile picker, Aliyun or generic fields, what will be sent, and the
/// connect / disconnect buttons.
#[component]
pub fn ConnectPanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell {
        lang, conn, form, ..
    } = shell;
    let form_error = RwSignal::new(None::<crate::i18n::Text>);
    let t = move || lang.get().t();
    let submitted = RwSignal::new(false);
    provide_context(super::fields::FieldProblems {
        problems: Memo::new(move |_| {
            form.with(|f| {
                f.problems(page_is_https())
                    .into_iter()
                    .map(|(id, e)| (id, e.describe()))
                    .collect()
            })
        }),
        submitted,
        lang,
    });

    if form.with_untracked(|f| f.client_id.is_empty()) {
        form.update(|f| f.client_id = random_client_id(random_u32()));
    }

    let connect = move |_| match form.with_untracked(|f| f.plan(server_now(conn), page_is_https()))
    {
        Ok(plan) => {
            form_error.set(None);
            conn.connect(plan);
        }
        Err(e) => {
            submitted.set(true);
            form_error.set(Some(e.describe()));
        }
    };

    let mode_button =
        move |mode: Mode,
              testid: &'static str,
              label: fn(&crate::i18n::Strings) -> &'static str| {
            view! {
                <button
                    type="button"
                    data-testid=testid
                    class:active=move || form.with(|f| f.mode == mode)
                    aria-pressed=move || (form.with(|f| f.mode == mode)).to_string()
                    on:click=move |_| form.update(|f| f.mode = mode)
                >
                    {move || label(t())}
                </button>
            }
        };

    // While connected (or trying to) the settings fold into one line; the user can unfold them
    // to read or edit, and they fold again at the next connect.
    let expanded = shell.keep("connect.expanded", || false);
    Effect::new(move |was: Option<bool>| {
        let active = conn.status.get().is_active();
        if active && was == Some(false) {
            expanded.set(false);
        }
        active
    });
    let collapsed = move || conn.status.get().is_active() && !expanded.get();
    let summary = move || {
        form.with(|f| match f.mode {
            Mode::Aliyun => format!("{} ({})", f.device_name, f.product_key),
            Mode::Generic => f.url.clone(),
        })
    };

    view! {
        <section class="panel connect" class:collapsed=collapsed>
            <div class="panel-head">
                <h2 hidden=collapsed>{tr(lang, |t| t.connection)}</h2>
                <span class="summary muted" data-testid="connection-summary" title=summary hidden=move || !conn.status.get().is_active()>
                    {summary}
                </span>
                <div class="head-actions">
                    <button
                        data-testid="connect"
                        class="primary"
                        hidden=move || conn.status.get().is_active()
                        disabled=move || conn.status.get().is_active()
                        on:click=connect
                    >
                        {tr(lang, |t| t.connect)}
                    </button>
                    <button
                        data-testid="disconnect"
                        disabled=move || !conn.status.get().is_active()
                        on:click=move |_| conn.disconnect()
                    >
                        {tr(lang, |t| t.disconnect)}
                    </button>
                    <Show when=move || form.with(|f| f.mqtt5.is_v5() && f.mode == Mode::Generic && !f.will_topic.is_empty())>
                        <button
                            data-testid="disconnect-with-will"
                            disabled=move || !conn.status.get().is_active()
                            on:click=move |_| conn.disconnect_with_will()
                        >
                            {tr(lang, |t| t.disconnect_with_will)}
                        </button>
                    </Show>
                    <button
                        class="settings"
                        data-testid="connection-settings"
                        hidden=move || !conn.status.get().is_active()
                        title=tr(lang, |t| t.connection_settings_title)
                        aria-expanded=move || (!collapsed()).to_string()
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        {tr(lang, |t| t.connection_settings)} {move || if collapsed() { " \u{25be}" } else { " \u{25b4}" }}
                    </button>
                </div>
            </div>
            {move || form_error.get().map(|e| view! { <p class="error" data-testid="form-error">{e.get(lang.get()).to_owned()}</p> })}
            <div class="connect-body" hidden=collapsed>
                <super::profiles::ProfileSlot/>
                <div class="tabs">
                    {mode_button(Mode::Aliyun, "mode-aliyun", |t| t.aliyun_device)}
                    {mode_button(Mode::Generic, "mode-generic", |t| t.generic_broker)}
                </div>
                <Show when=move || form.with(|f| f.mode == Mode::Aliyun) fallback=move || view! { <GenericFields/> }>
                    <AliyunFields/>
                </Show>
                {text_input(form, "keepalive", trs(lang, |t| t.keepalive), Signal::stored(""), |f| &f.keepalive, |f| &mut f.keepalive, "text")}
                {checkbox(form, "clean-session", Signal::derive(move || if form.with(|f| f.mqtt5.is_v5()) { t().clean_start } else { t().clean_session }), |f| f.clean_session, |f| &mut f.clean_session)}
                {checkbox(form, "auto-reconnect", trs(lang, |t| t.auto_reconnect), |f| f.auto_reconnect, |f| &mut f.auto_reconnect)}
                <super::protocol::ProtocolFields/>
            </div>
            <super::server::ServerPanel open=Signal::derive(move || !collapsed())/>
        </section>
    }
}

fn page_is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

/// Now, corrected by the NTP offset when one was measured: the signing timestamp should be the
/// server's time, and a device clock can be far off.
pub(crate) fn server_now(conn: crate::store::Connection) -> u64 {
    let now = js_sys::Date::now() as i64;
    let offset = conn.tools.with_untracked(|t| t.ntp.offset).unwrap_or(0);
    u64::try_from(now.saturating_add(offset)).unwrap_or(0)
}

fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// Aliyun device identity and endpoint, with the signed parameters shown live.
#[component]
fn AliyunFields() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let reveal = RwSignal::new(false);
    let Shell { conn, tools, .. } = Shell::get();
    let creds = Memo::new(move |_| {
        tools.ntp_offset.track();
        form.with(|f| f.aliyun_credentials(server_now(conn)))
    });
    let shown = move |pick: fn(&crate::aliyun::MqttCredentials) -> String| {
        move || creds.with(|c| c.as_ref().map(pick).unwrap_or_default())
    };
    let password = move || {
        creds.with(|c| match c {
            Ok(c) if reveal.get() => c.password.clone(),
            Ok(c) => "•".repeat(c.password.len().min(16)),
            Err(_) => String::new(),
        })
    };
    view! {
        <LazyDetails class="paste" summary=|t| t.paste_title load=paste_box/>
        {text_input(form, "aliyun-product-key", Signal::stored("ProductKey"), Signal::stored(""), |f| &f.product_key, |f| &mut f.product_key, "text")}
        {text_input(form, "aliyun-device-name", Signal::stored("DeviceName"), Signal::stored(""), |f| &f.device_name, |f| &mut f.device_name, "text")}
        <label class="field">
            <span>{tr(lang, |t| t.aliyun_auth)}</span>
            <select
                data-testid="aliyun-auth"
                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.aliyun_auth = v); }
            >
                <option value="secret" prop:selected=move || form.with(|f| f.aliyun_auth != "token")>
                    {tr(lang, |t| t.auth_secret)}
                </option>
                <option value="token" prop:selected=move || form.with(|f| f.aliyun_auth == "token")>
                    {tr(lang, |t| t.auth_token)}
                </option>
            </select>
        </label>
        {text_input(form, "aliyun-device-secret", Signal::derive(move || if form.with(|f| f.aliyun_auth == "token") { "Device token" } else { "DeviceSecret" }), Signal::stored(""), |f| &f.device_secret, |f| &mut f.device_secret, "password")}
        <label class="field">
            <span>{tr(lang, |t| t.region)}</span>
            <select
                data-testid="aliyun-region"
                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.region = v); }
            >
                {Region::ALL.iter().map(|region| {
                    let id = region.id();
                    let name = region.describe();
                    view! {
                        <option value=id prop:selected=move || form.with(|f| f.region == id)>
                            {move || format!("{} ({id})", name.get(lang.get()))}
                        </option>
                    }
                }).collect_view()}
            </select>
            {super::fields::field_error("aliyun-region", || true)}
        </label>
        {text_input(form, "aliyun-host", trs(lang, |t| t.host_override), trs(lang, |t| t.host_placeholder), |f| &f.host, |f| &mut f.host, "text")}
        <EndpointKindNote/>
        {text_input(form, "aliyun-path", trs(lang, |t| t.path), Signal::stored("/"), |f| &f.path, |f| &mut f.path, "text")}
        {checkbox(form, "aliyun-tls", trs(lang, |t| t.tls), |f| f.tls, |f| &mut f.tls)}
        {text_input(form, "aliyun-client-id", trs(lang, |t| t.client_id), trs(lang, |t| t.client_id_default), |f| &f.aliyun_client_id, |f| &mut f.aliyun_client_id, "text")}
        <label class="field">
            <span>{tr(lang, |t| t.sign_method)}</span>
            <select
                data-testid="aliyun-sign-method"
                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.sign_method = v); }
            >
                {SignMethod::ALL.iter().map(|m| {
                    let m = m.as_str();
                    view! { <option value=m prop:selected=move || form.with(|f| f.sign_method == m)>{m}</option> }
                }).collect_view()}
            </select>
            {super::fields::field_error("aliyun-sign-method", || true)}
        </label>
        {text_input(form, "aliyun-timestamp", trs(lang, |t| t.timestamp), trs(lang, |t| t.timestamp_placeholder), |f| &f.timestamp, |f| &mut f.timestamp, "text")}
        <fieldset class="derived">
            <legend>{tr(lang, |t| t.will_send)}</legend>
            {move || creds.with(|c| c.as_ref().err().map(|e| view! { <p class="error" data-testid="aliyun-error">{e.describe().get(lang.get()).to_owned()}</p> }))}
            <dl>
                <dt>"URL"</dt><dd data-testid="mqtt-url">{shown(|c| c.url.clone())}</dd>
                <dt>"clientId"</dt><dd data-testid="mqtt-client-id">{shown(|c| c.client_id.clone())}</dd>
                <dt>"username"</dt><dd data-testid="mqtt-username">{shown(|c| c.username.clone())}</dd>
                <dt>"password"</dt>
                <dd>
                    <span data-testid="mqtt-password">{password}</span>
                    <label class="check inline">
                        <input type="checkbox" data-testid="mqtt-password-reveal" prop:checked=move || reveal.get() on:change=move |ev| reveal.set(event_target_checked(&ev))/>
                        <span>{tr(lang, |t| t.reveal)}</span>
                    </label>
                </dd>
            </dl>
        </fieldset>
    }
}

/// What the endpoint field resolves to (old public instance of the region, an instance, or a
/// host), so the user sees which of the three forms was understood. Its errors are the field's.
#[component]
fn EndpointKindNote() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let kind = Memo::new(move |_| form.with(|f| f.aliyun_endpoint_kind().ok()));
    move || {
        kind.get().map(|k| {
            let (name, instance) = match &k {
                EndpointKind::PublicRegion { .. } => ("region", String::new()),
                EndpointKind::Instance { id } => ("instance", id.clone()),
                EndpointKind::Host => ("host", String::new()),
            };
            let text = k.describe();
            view! {
                <p class="muted small" data-testid="aliyun-endpoint-kind" data-kind=name data-instance=instance>
                    {move || text.get(lang.get()).to_owned()}
                </p>
            }
        })
    }
}

/// URL and credentials for any MQTT-over-WebSocket broker.
#[component]
fn GenericFields() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    view! {
        {text_input(form, "broker-url", trs(lang, |t| t.broker_url), Signal::stored("ws://127.0.0.1:9001"), |f| &f.url, |f| &mut f.url, "text")}
        {text_input(form, "client-id", trs(lang, |t| t.client_id), Signal::stored(""), |f| &f.client_id, |f| &mut f.client_id, "text")}
        {text_input(form, "username", trs(lang, |t| t.username), Signal::stored(""), |f| &f.username, |f| &mut f.username, "text")}
        {text_input(form, "password", trs(lang, |t| t.password), Signal::stored(""), |f| &f.password, |f| &mut f.password, "password")}
        <LazyDetails class="will" summary=|t| t.last_will load=will_fields/>
    }
}

chunk! {
    fn paste_box() -> AnyView as paste {
        view! { <PasteBox/> }.into_any()
    }
}

/// Paste the connection parameters the IoT Platform console shows (JSON) to fill the form.
#[component]
fn PasteBox() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let t = move || lang.get().t();
    let paste = RwSignal::new(String::new());
    // Ok(whether to add the port note) or the error: worded when drawn, in the language shown.
    let paste_note = RwSignal::new(None::<Result<bool, crate::i18n::Text>>);
    let apply_paste = move |_| match crate::aliyun::connect_params::parse_connect_params(
        &paste.get_untracked(),
    ) {
        Ok(params) => {
            form.update(|f| f.apply_connect_params(&params));
            paste_note.set(Some(Ok(params.port_note)));
        }
        Err(e) => paste_note.set(Some(Err(e.describe()))),
    };
    view! {
            <textarea
                data-testid="aliyun-paste"
                rows="4"
                spellcheck="false"
                placeholder=r#"{"clientId":"…","username":"…","mqttHostUrl":"…","passwd":"…","port":1883}"#
                prop:value=move || paste.get()
                on:input=move |ev| paste.set(event_target_value(&ev))
            ></textarea>
            <button data-testid="aliyun-paste-apply" on:click=apply_paste>{tr(lang, |t| t.paste_apply)}</button>
            {move || paste_note.get().map(|n| match n {
                Ok(port_note) => {
                    let note = move || {
                        let mut note = t().paste_applied.to_owned();
                        if port_note {
                            note.push(' ');
                            note.push_str(t().paste_port_note);
                        }
                        note
                    };
                    view! { <p class="muted small" data-testid="aliyun-paste-note">{note}</p> }.into_any()
                }
                Err(text) => view! { <p class="error" data-testid="aliyun-paste-error">{move || text.get(lang.get()).to_owned()}</p> }.into_any(),
            })}
    }
}

chunk! {
    fn will_fields() -> AnyView as will {
        view! { <WillFields/> }.into_any()
    }
}

/// The last will: topic, payload, QoS, retain and (MQTT 5) its properties.
#[component]
fn WillFields() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    view! {
            {text_input(form, "will-topic", trs(lang, |t| t.topic), trs(lang, |t| t.will_topic_hint), |f| &f.will_topic, |f| &mut f.will_topic, "text")}
            {text_input(form, "will-payload", trs(lang, |t| t.payload), Signal::stored(""), |f| &f.will_payload, |f| &mut f.will_payload, "text")}
            <div class="row">
                <select
                    data-testid="will-qos"
                    on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.will_qos = v); }
                >
                    {["0", "1", "2"].into_iter().map(|q| view! {
                        <option value=q prop:selected=move || form.with(|f| f.will_qos == q)>{format!("QoS {q}")}</option>
                    }).collect_view()}
                </select>
                {checkbox(form, "will-retain", trs(lang, |t| t.retain), |f| f.will_retain, |f| &mut f.will_retain)}
            </div>
            <super::protocol::WillProperties/>
    }
}
