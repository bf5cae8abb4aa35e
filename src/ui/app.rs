use leptos::prelude::*;

use super::shell::Shell;
use super::{ConnectPanel, DeviceToolsPanel, MessageLogView, PublishPanel, SubscribePanel};
use crate::i18n::Lang;
use crate::model::Status;
use crate::store::workspace::Workspace;

const LANG_KEY: &str = "mqtt-console.lang";
const THEME_KEY: &str = "mqtt-console.theme";

/// The language chosen last time, else the browser's.
fn initial_lang() -> Lang {
    crate::platform::storage::load(LANG_KEY)
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
        .map(|l| Lang::from_browser(&l))
        .unwrap_or_default()
}

/// `light`, `dark`, or `auto` (follow the system).
fn next_theme(theme: &str) -> &'static str {
    match theme {
        "auto" => "light",
        "light" => "dark",
        _ => "auto",
    }
}

fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}

/// The whole page: status bar, connect panel, subscribe and publish panels, message log.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    let workspace = Workspace::start(super::workspace::WORKSPACE_FILE);
    // The first connection's shell for what stands outside the connection's own views (the
    // link offer); each connection's views get their own below.
    provide_context(Shell::of(lang, workspace, workspace.current()));
    // Only a switch re-draws the connection's views, not a rename or a new tab's colour.
    let current = Memo::new(move |_| workspace.model.with(|m| m.current()));
    let shown = move || {
        workspace
            .slot(current.get())
            .map(|slot| Shell::of(lang, workspace, slot))
    };
    let theme = RwSignal::new(
        crate::platform::storage::load(THEME_KEY).unwrap_or_else(|| "auto".to_owned()),
    );
    Effect::new(move |first: Option<()>| {
        let l = lang.get();
        set_root_attribute("lang", l.tag());
        if first.is_some() {
            // Remember only a choice the user made, not the browser default.
            let _ = crate::platform::storage::save(LANG_KEY, l.tag());
        }
    });
    Effect::new(move |first: Option<()>| {
        let th = theme.get();
        set_root_attribute("data-theme", &th);
        if first.is_some() {
            let _ = crate::platform::storage::save(THEME_KEY, &th);
        }
    });
    view! {
        <header class="topbar">
            <h1>{move || lang.get().t().app_title}</h1>
            {move || shown().map(|shell| view! { <leptos::context::Provider value=shell><StatusLight/></leptos::context::Provider> })}
            <super::update::UpdateNotice/>
            <button
                class="theme"
                data-testid="theme-switch"
                title=move || format!("{}: {}", lang.get().t().theme, theme.get())
                on:click=move |_| theme.update(|t| *t = next_theme(t).to_owned())
            >
                {move || match theme.get().as_str() { "light" => "☀", "dark" => "☾", _ => "◐" }}
            </button>
            <button class="lang" data-testid="lang-switch" on:click=move |_| lang.update(|l| *l = l.toggled())>
                {move || lang.get().t().switch_to}
            </button>
        </header>
        <super::link::LinkOffer/>
        <super::workspace::ConnectionTabs workspace lang/>
        {move || shown().map(|shell| view! {
            <leptos::context::Provider value=shell>
                <main class="layout">
                    <div class="side">
                        <ConnectPanel/>
                        <DeviceToolsPanel/>
                    </div>
                    <section class="work">
                        <SubscribePanel/>
                        <PublishPanel/>
                    </section>
                    <MessageLogView/>
                </main>
            </leptos::context::Provider>
        })}
    }
}

/// Local time of day, e.g. `14:03:07`.
fn clock(ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// The status light and, when something went wrong, the reason in plain words.
#[component]
pub fn StatusLight() -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let label = move || {
        let t = lang.get().t();
        match conn.status.get() {
            Status::Disconnected => t.status_disconnected,
            Status::Connecting => t.status_connecting,
            Status::Connected => t.status_connected,
            Status::Reconnecting => t.status_reconnecting,
            Status::Error => t.status_error,
        }
    };
    view! {
        <div class="status">
            <span class="light" data-testid="connection-status" data-state=move || conn.status.get().as_str()>
                {label}
            </span>
            {move || conn.retry.get().map(|r| view! {
                <span class="muted" data-testid="reconnect-info">
                    {move || lang.get().t().attempt} " " <span data-testid="reconnect-attempt">{r.attempt}</span>
                    ", " {move || lang.get().t().next_try} " " <time data-testid="reconnect-at">{clock(r.at_ms)}</time>
                </span>
            })}
            {move || conn.error.get().map(|e| view! { <span class="error" data-testid="connection-error">{e.get(lang.get()).to_owned()}</span> })}
            <super::server::ServerSaid/>
        </div>
    }
}
