//! Record what the current connection receives and save it as a file; replay such a file onto
//! the connection. Loaded with its chunk the first time it is opened; the recording and a replay
//! belong to the connection and go on while another is shown.

use leptos::prelude::*;

use super::shell::Shell;
use super::words::tr;
use crate::i18n::recording::{
    file_too_large, loaded_line, recording_line, replay_line, saved_line,
};
use crate::i18n::{Describe, Text};
use crate::model::recording::{
    parse_recording, RecordedMessage, ReplaySpeed, TopicRewrite, MAX_RECORDING_BYTES,
};
use crate::store::recording::Recordings;

/// The record / replay panel of the current connection.
#[component]
pub fn RecordingPanel() -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    let conn = shell.conn;
    let store = shell
        .keep("recording.store", || Recordings::new(conn))
        .get_untracked();
    let filter = shell.keep("recording.filter", String::new);
    let speed = shell.keep("replay.speed", || "1".to_owned());
    let from = shell.keep("replay.from", String::new);
    let to = shell.keep("replay.to", String::new);
    let loaded: RwSignal<Option<Vec<RecordedMessage>>> = shell.keep("replay.loaded", || None);
    let file_error = RwSignal::new(None::<Text>);
    let name = move || {
        shell
            .workspace
            .model
            .with_untracked(|m| m.get(shell.slot.id).map(|e| e.name.clone()))
            .unwrap_or_default()
    };
    let recording = move || {
        store
            .recorder
            .with(|r| r.as_ref().is_some_and(|r| r.is_recording()))
    };
    let save = move |whole_log: bool| {
        let stamp = crate::model::export::iso8601_utc(js_sys::Date::now())
            .unwrap_or_default()
            .replace([':', '.'], "-");
        store.save(name(), format!("mqtt-recording-{stamp}.jsonl"), whole_log);
    };
    let choose = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if file.size() > MAX_RECORDING_BYTES as f64 {
            file_error.set(Some(file_too_large(file.size())));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
            match parse_recording(&text) {
                Ok(r) => {
                    file_error.set(None);
                    loaded.set(Some(r.messages));
                }
                Err(e) => {
                    file_error.set(Some(e.describe()));
                    loaded.set(None);
                }
            }
        });
    };
    let start_replay = move || {
        let Some(messages) = loaded.get_untracked() else {
            return;
        };
        let plan = ReplaySpeed::parse(&speed.get_untracked())
            .map_err(|e| e.describe())
            .and_then(|s| {
                TopicRewrite::parse(&from.get_untracked(), &to.get_untracked())
                    .map(|r| (s, r))
                    .map_err(|e| e.describe())
            });
        let started = plan.and_then(|(s, r)| store.replay(messages, s, r));
        file_error.set(started.err());
    };
    let replaying = move || {
        store
            .replay
            .with(|r| r.as_ref().is_some_and(|r| r.ended.is_none()))
    };

    view! {
        <div class="recording-body">
            <div class="row">
                <input
                    data-testid="record-filter"
                    class="grow"
                    placeholder=tr(lang, |t| t.record_filter)
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button data-testid="record-start" disabled=recording on:click=move |_| store.start(&filter.get_untracked())>
                    {tr(lang, |t| t.record_start)}
                </button>
                <button data-testid="record-stop" disabled=move || !recording() on:click=move |_| store.stop()>
                    {tr(lang, |t| t.record_stop)}
                </button>
                <button data-testid="record-save" disabled=move || store.recorder.with(Option::is_none) on:click=move |_| save(false)>
                    {tr(lang, |t| t.record_save)}
                </button>
                <button data-testid="record-save-log" on:click=move |_| save(true)>{tr(lang, |t| t.record_from_log)}</button>
            </div>
            {move || store.recorder.with(|r| r.as_ref().map(|r| recording_line(lang.get(), r.filter(), r.is_recording())))
                .map(|line| view! { <p class="muted small" data-testid="record-state" data-recording=move || recording().to_string()>{line}</p> })}
            {move || store.error.get().map(|e| view! { <p class="error" data-testid="record-error">{e.get(lang.get()).to_owned()}</p> })}
            {move || store.saving.get().map(|s| view! {
                <p class="muted small" data-testid="record-saved" data-written=s.written.to_string() data-finished=s.finished.to_string()>
                    {saved_line(lang.get(), s.written, s.finished, s.missed)}
                </p>
            })}
            <div class="row">
                <label class="button">
                    {tr(lang, |t| t.replay_file)}
                    <input type="file" data-testid="replay-file" accept=".jsonl,.ndjson,.json,.txt" on:change=choose/>
                </label>
                {move || loaded.with(|l| l.as_ref().map(|m| {
                    let span = match (m.first(), m.last()) {
                        (Some(a), Some(b)) => b.at_ms.saturating_sub(a.at_ms),
                        _ => 0,
                    };
                    view! { <span class="muted small" data-testid="replay-summary" data-messages=m.len().to_string()>{loaded_line(lang.get(), m.len(), span)}</span> }
                }))}
            </div>
            <div class="row">
                <label class="check" title=tr(lang, |t| t.replay_speed)>
                    <span>"×"</span>
                    <input data-testid="replay-speed" class="num" prop:value=move || speed.get() on:input=move |ev| speed.set(event_target_value(&ev))/>
                </label>
                <input data-testid="replay-rewrite-from" class="grow" placeholder=tr(lang, |t| t.replay_rewrite_from) prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                <input data-testid="replay-rewrite-to" class="grow" placeholder=tr(lang, |t| t.replay_rewrite_to) prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <p class="muted small">{tr(lang, |t| t.replay_speed)}</p>
            <div class="row">
                <button data-testid="replay-start" disabled=move || loaded.with(Option::is_none) || replaying() on:click=move |_| start_replay()>
                    {tr(lang, |t| t.replay_start)}
                </button>
                <button data-testid="replay-stop" disabled=move || !replaying() on:click=move |_| store.stop_replay()>
                    {tr(lang, |t| t.replay_stop)}
                </button>
                {move || store.replay.get().map(|r| view! {
                    <span class="muted small" data-testid="replay-state" data-running=r.ended.is_none().to_string()>
                        <b data-testid="replay-progress">{r.done}</b>
                        {format!("/{} · {}", r.total, replay_line(lang.get(), r.failed, r.ended))}
                    </span>
                })}
            </div>
            {move || file_error.get().map(|e| view! { <p class="error" data-testid="replay-error">{e.get(lang.get()).to_owned()}</p> })}
        </div>
    }
}
