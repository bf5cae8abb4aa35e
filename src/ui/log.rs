use leptos::prelude::*;

use super::app::Shell;
use crate::state::log::payload_text;
use crate::state::LogEntry;

/// How many of the newest matching messages are rendered; the store holds many more.
const SHOWN: usize = 500;

/// The message log: newest last, filter, clear, and the received counter.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let Shell { lang, console, .. } = Shell::get();
    let t = move || lang.get().t();
    let filter = RwSignal::new(String::new());
    let rows = move || {
        let needle = filter.get();
        console
            .log
            .with(|log| log.newest_matching(SHOWN, |e| matches(e, &needle)))
    };
    view! {
        <section class="panel log">
            <div class="row">
                <h2>{move || t().messages}</h2>
                <span class="muted">
                    <span data-testid="message-count">{move || console.log.with(|l| l.received())}</span>
                    " " {move || t().received}
                </span>
                {move || {
                    let dropped = console.log.with(|l| l.dropped());
                    (dropped > 0).then(|| view! { <span class="muted">{dropped} " " {t().dropped}</span> })
                }}
                <input
                    data-testid="log-filter"
                    class="grow"
                    spellcheck="false"
                    placeholder=move || t().filter_log
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button data-testid="log-clear" on:click=move |_| console.log.update(|l| l.clear())>{move || t().clear}</button>
            </div>
            <ol class="messages">
                <For each=rows key=|e| e.seq let:entry>
                    <MessageRow entry/>
                </For>
            </ol>
            <Show when=move || console.log.with(|l| l.is_empty())>
                <p class="muted">{move || t().empty_log}</p>
            </Show>
        </section>
    }
}

/// Topic or payload contains the filter text (case-insensitive).
fn matches(entry: &LogEntry, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let needle = needle.to_lowercase();
    entry.topic.to_lowercase().contains(&needle)
        || payload_text(&entry.payload)
            .to_lowercase()
            .contains(&needle)
}

/// One message: time, direction, topic, QoS and flags, payload as text.
#[component]
fn MessageRow(entry: LogEntry) -> impl IntoView {
    let dir = entry.direction.as_str();
    let flags = [(entry.retain, "retain"), (entry.dup, "dup")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <li data-testid="message" class=format!("msg {dir}") data-direction=dir data-topic=entry.topic.clone() data-qos=entry.qos.to_string()>
            <div class="meta">
                <time>{clock_time(entry.time_ms)}</time>
                <span class="dir">{if dir == "in" { "▼" } else { "▲" }}</span>
                <code class="topic">{entry.topic.clone()}</code>
                <span class="badge">{format!("QoS {}", entry.qos)}</span>
                {(!flags.is_empty()).then(|| view! { <span class="badge">{flags}</span> })}
            </div>
            <pre data-testid="message-payload">{payload_text(&entry.payload)}</pre>
        </li>
    }
}

/// Local time of day with milliseconds, e.g. `14:03:07.125`.
fn clock_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}
