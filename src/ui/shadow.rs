//! Device shadow: get, report, take on the desired state; versions tracked.

use leptos::prelude::*;

use super::words::tr;

use super::shell::Shell;
use crate::i18n::{Describe, Text};

fn pretty(map: &serde_json::Map<String, serde_json::Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

/// The shadow section of the device tools.
#[component]
pub fn ShadowSection() -> impl IntoView {
    let Shell {
        lang,
        conn,
        tools: store,
        ..
    } = Shell::get();
    let tools = store.tools;
    // The shadow's part of the tools, so a change elsewhere redraws nothing here.
    let shadow = Memo::new(move |_| tools.with(|t| t.shadow.clone()));
    let connected = move || conn.is_connected();
    let reported = RwSignal::new("{\"color\": \"red\"}".to_owned());
    // Empty = one more than the last version the cloud confirmed.
    let version = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Text>);
    let next_version = move || shadow.with(|s| s.next_version());
    let send = move |accept: bool| {
        let v = version.get_untracked();
        let sent = reported.with_untracked(|r| store.shadow_update(r, &v, accept));
        error.set(sent.err());
    };
    view! {
        <h3>{tr(lang, |t| t.shadow_title)}</h3>
        <div class="row">
            <button data-testid="shadow-get" disabled=move || !connected() on:click=move |_| error.set(store.shadow_get().err())>
                {tr(lang, |t| t.shadow_get)}
            </button>
            <span>{tr(lang, |t| t.shadow_version)} ": "</span>
            <code data-testid="shadow-version">{move || shadow.with(|s| s.version.map(|v| v.to_string()).unwrap_or_default())}</code>
        </div>
        {move || shadow.with(|s| s.state.clone()).map(|st| view! {
            <div class="shadow" data-testid="shadow-state" data-version=st.version.to_string()>
                <div><span class="muted">"reported"</span><pre data-testid="shadow-reported-state">{pretty(&st.reported)}</pre></div>
                <div><span class="muted">"desired"</span><pre data-testid="shadow-desired">{pretty(&st.desired)}</pre></div>
            </div>
        })}
        {move || shadow.with(|s| s.last.clone()).map(|last| (last.ok(), last.describe())).map(|(ok, text)| view! {
            <p class=if ok { "muted" } else { "error" } data-testid="shadow-result" data-ok=ok.to_string()>{text.get(lang.get()).to_owned()}</p>
        })}
        <textarea data-testid="shadow-reported" rows="2" spellcheck="false"
            prop:value=move || reported.get() on:input=move |ev| reported.set(event_target_value(&ev))></textarea>
        <div class="row">
            <label class="inline">
                <span>{tr(lang, |t| t.shadow_as_version)}</span>
                <input data-testid="shadow-next-version" size="6" placeholder=move || next_version().to_string()
                    prop:value=move || version.get() on:input=move |ev| version.set(event_target_value(&ev))
                    on:change=move |ev| version.set(event_target_value(&ev))/>
            </label>
            <button data-testid="shadow-update" disabled=move || !connected() on:click=move |_| send(false)>
                {tr(lang, |t| t.shadow_report)}
            </button>
            <button data-testid="shadow-accept" disabled=move || !connected() || shadow.with(|s| !s.has_desired())
                on:click=move |_| send(true)>
                {tr(lang, |t| t.shadow_accept)}
            </button>
        </div>
        {move || error.get().map(|e| view! { <p class="error" data-testid="shadow-error">{e.get(lang.get()).to_owned()}</p> })}
    }
}
