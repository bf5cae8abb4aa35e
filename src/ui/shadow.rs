//! Device shadow: get, report, take on the desired state; versions tracked.

use leptos::prelude::*;

use super::app::Shell;
use crate::i18n::{Lang, Text};
use crate::model::Status;

fn pretty(map: &serde_json::Map<String, serde_json::Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

/// The shadow section of the device tools.
#[component]
pub fn ShadowSection() -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let shadow = conn.tools.shadow;
    let l = move |en: &'static str, zh: &'static str| if lang.get() == Lang::Zh { zh } else { en };
    let connected = move || conn.status.get() == Status::Connected;
    let reported = RwSignal::new("{\"color\": \"red\"}".to_owned());
    // Empty = one more than the last version the cloud confirmed.
    let version = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Text>);
    let next_version = move || shadow.with(|s| s.version.map_or(1, |v| v + 1));
    let send = move |accept: bool| {
        let text = version.get_untracked();
        let v = if text.trim().is_empty() {
            Ok(next_version())
        } else {
            text.trim().parse::<u64>().map_err(|_| {
                Text::new(
                    format!("version \"{text}\" must be empty (next version) or a whole number"),
                    format!("版本号「{text}」须留空（自动取下一版本）或填写整数"),
                )
            })
        };
        error.set(
            v.and_then(|v| conn.shadow_update(&reported.get_untracked(), v, accept))
                .err(),
        );
    };
    view! {
        <h3>{move || l("Device shadow", "设备影子")}</h3>
        <div class="row">
            <button data-testid="shadow-get" disabled=move || !connected() on:click=move |_| error.set(conn.shadow_get().err())>
                {move || l("Get shadow", "获取影子")}
            </button>
            <span>{move || l("version", "版本")} ": "</span>
            <code data-testid="shadow-version">{move || shadow.with(|s| s.version.map(|v| v.to_string()).unwrap_or_default())}</code>
        </div>
        {move || shadow.with(|s| s.state.clone()).map(|st| view! {
            <div class="shadow" data-testid="shadow-state" data-version=st.version.to_string()>
                <div><span class="muted">"reported"</span><pre data-testid="shadow-reported-state">{pretty(&st.reported)}</pre></div>
                <div><span class="muted">"desired"</span><pre data-testid="shadow-desired">{pretty(&st.desired)}</pre></div>
            </div>
        })}
        {move || shadow.with(|s| s.last.clone()).map(|(ok, text)| view! {
            <p class=if ok { "muted" } else { "error" } data-testid="shadow-result" data-ok=ok.to_string()>{text.get(lang.get()).to_owned()}</p>
        })}
        <textarea data-testid="shadow-reported" rows="2" spellcheck="false"
            prop:value=move || reported.get() on:input=move |ev| reported.set(event_target_value(&ev))></textarea>
        <div class="row">
            <label class="inline">
                <span>{move || l("as version", "版本号")}</span>
                <input data-testid="shadow-next-version" size="6" placeholder=move || next_version().to_string()
                    prop:value=move || version.get() on:input=move |ev| version.set(event_target_value(&ev))
                    on:change=move |ev| version.set(event_target_value(&ev))/>
            </label>
            <button data-testid="shadow-update" disabled=move || !connected() on:click=move |_| send(false)>
                {move || l("Report", "上报 reported")}
            </button>
            <button data-testid="shadow-accept" disabled=move || !connected() || shadow.with(|s| s.state.as_ref().is_none_or(|st| st.desired.is_empty()))
                on:click=move |_| send(true)>
                {move || l("Take on desired", "执行期望值")}
            </button>
        </div>
        {move || error.get().map(|e| view! { <p class="error" data-testid="shadow-error">{e.get(lang.get()).to_owned()}</p> })}
    }
}
