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
    crate::store::decoding::set_loader(|| Box::pin(async { decode_engine().await.ok() }));
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
    provide_context(super::shell::Theme(theme));
    Effect::new(move |first: Option<()>| {
        let th = theme.get();
        set_root_attribute("data-theme", &th);
        if first.is_some() {
            let _ = crate::platform::storage::save(THEME_KEY, &th);
        }
    });
    // On a phone one panel is shown at a time, chosen in the pane bar; wider windows show all
    // and ignore it.
    let pane = RwSignal::new(Pane::Connect);
    // Once connected, a phone user wants the messages: show them (once per connect).
    Effect::new(move |was: Option<bool>| {
        let connected = shown().is_some_and(|s| s.conn.is_connected());
        if connected && was == Some(false) && pane.get_untracked() == Pane::Connect {
            pane.set(Pane::Log);
        }
        connected
    });
    view! {
        <div class="app">
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
                <PaneBar pane/>
                <main class="layout" data-pane=move || pane.get().as_str()>
                    <div class="side">
                        <ConnectPanel/>
                        <SubscribePanel/>
                        <DeviceToolsPanel/>
                    </div>
                    <section class="work">
                        <MessageLogView/>
                        <PublishPanel/>
                    </section>
                </main>
            </leptos::context::Provider>
        })}
        </div>
    }
}

/// The panels a phone shows one at a time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pane {
    Connect,
    Subscribe,
    Publish,
    Log,
    Tools,
}

impl Pane {
    const ALL: [Pane; 5] = [
        Pane::Connect,
        Pane::Subscribe,
        Pane::Publish,
        Pane::Log,
        Pane::Tools,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Pane::Connect => "connect",
            Pane::Subscribe => "subscribe",
            Pane::Publish => "publish",
            Pane::Log => "log",
            Pane::Tools => "tools",
        }
    }

    fn label(self, t: &crate::i18n::Strings) -> &'static str {
        match self {
            Pane::Connect => t.connection,
            Pane::Subscribe => t.subscriptions,
            Pane::Publish => t.publish,
            Pane::Log => t.messages,
            Pane::Tools => t.device_tools,
        }
    }
}

/// The tab bar of a narrow window (hidden by the style sheet on wider ones): one button per
/// panel. Device tools exist in Aliyun mode only.
#[component]
fn PaneBar(pane: RwSignal<Pane>) -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let aliyun = move || form.with(|f| f.mode == crate::model::Mode::Aliyun);
    // Leaving Aliyun mode while its tools were shown shows the connection instead.
    Effect::new(move |_| {
        if !aliyun() && pane.get_untracked() == Pane::Tools {
            pane.set(Pane::Connect);
        }
    });
    view! {
        <nav class="panes" role="tablist" aria-label=move || lang.get().t().panes>
            {Pane::ALL.into_iter().map(|p| view! {
                <button
                    role="tab"
                    data-testid=format!("pane-{}", p.as_str())
                    aria-selected=move || (pane.get() == p).to_string()
                    hidden=move || p == Pane::Tools && !aliyun()
                    on:click=move |_| pane.set(p)
                >
                    {move || p.label(lang.get().t())}
                </button>
            }).collect_view()}
        </nav>
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

super::chunk::chunk! {
    /// The decoder engine: the binary codecs, the Protobuf compiler and the Sparkplug B
    /// tracker, fetched when a binding or a `.proto` file first needs them.
    fn decode_engine() -> Box<dyn crate::store::decoding::DecodeEngine> as decoders {
        Box::new(crate::store::decoding::EngineHandle::default())
    }
}
