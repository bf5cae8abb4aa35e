//! The log's detail pane: the selected message in full, in any payload view, with its MQTT 5
//! properties, a reply's pairing with its request and the broker's answer to our publish.

use leptos::prelude::*;

use super::words::tr;

use super::shell::Shell;
use crate::i18n::Describe;
use crate::model::message_props::items;
use crate::model::payload::{render, PayloadFormat};

/// The selected message in full, in any view, with copy.
#[component]
pub fn MessageDetail(selected: RwSignal<Option<u64>>) -> impl IntoView {
    let Shell {
        lang, conn, slot, ..
    } = Shell::get();
    let decoding = slot.decoding;
    let format = RwSignal::new(PayloadFormat::Json);
    // A message whose topic has a decoder opens decoded; a format tab shows the raw bytes.
    let decoded_tab = RwSignal::new(true);
    let entry = move || {
        conn.log.version.track();
        selected
            .get()
            .and_then(|seq| conn.log.with(|log, _| log.get(seq).cloned()))
    };
    let extras = move || {
        conn.log.version.track();
        selected
            .get()
            .and_then(|seq| conn.log.with(|log, _| log.extras(seq).cloned()))
    };
    let seen = Memo::new(move |_| {
        decoding.settings.track();
        decoding.version.track();
        entry().and_then(|e| decoding.seen(&e, lang.get()))
    });
    let body = move || {
        if decoded_tab.get() {
            if let Some(pretty) = seen.with(|s| s.as_ref().map(|s| s.pretty.clone())) {
                return Some(pretty);
            }
        }
        entry().map(|e| render(&e.payload, format.get()))
    };
    let copy = move |_| {
        if let (Some(text), Some(w)) = (body(), web_sys::window()) {
            let _ = w.navigator().clipboard().write_text(&text);
        }
    };
    view! {
        <Show when=move || entry().is_some()>
            <div class="detail" data-testid="message-detail">
                <div class="row">
                    <span class="muted" data-testid="detail-number">{move || entry().map(|e| format!("#{}", e.seq + 1)).unwrap_or_default()}</span>
                    <code class="topic">{move || entry().map(|e| e.topic).unwrap_or_default()}</code>
                    <span class="muted">{move || entry().map(|e| format!("{} bytes", e.payload.len())).unwrap_or_default()}</span>
                    <div class="tabs">
                        <Show when=move || seen.with(Option::is_some)>
                            <button
                                data-testid="detail-format-decoded"
                                class:active=move || decoded_tab.get()
                                on:click=move |_| decoded_tab.set(true)
                            >
                                {move || {
                                    let codec = entry().map(|e| decoding.codec_for(&e.topic)).unwrap_or_default();
                                    crate::i18n::decoding::codec_label(codec.as_str(), lang.get()).to_owned()
                                }}
                            </button>
                        </Show>
                        {PayloadFormat::ALL.iter().map(|f| {
                            let f = *f;
                            view! {
                                <button
                                    data-testid=format!("detail-format-{}", f.as_str())
                                    class:active=move || format.get() == f && !(decoded_tab.get() && seen.with(Option::is_some))
                                    on:click=move |_| { format.set(f); decoded_tab.set(false); }
                                >{f.as_str()}</button>
                            }
                        }).collect_view()}
                    </div>
                    <button data-testid="detail-copy" on:click=copy>{move || lang.get().t().copy}</button>
                    <button data-testid="detail-close" on:click=move |_| selected.set(None)>"×"</button>
                </div>
                {move || extras().and_then(|x| x.reply_to).map(|p| view! {
                    <p class="muted" data-testid="message-reply">{p.describe().get(lang.get()).to_owned()}</p>
                })}
                {move || extras().and_then(|x| x.outcome).map(|o| view! {
                    <p class="muted" data-testid="message-ack" data-reason-code=o.reason.as_u8().to_string()>
                        {o.describe().get(lang.get()).to_owned()}
                    </p>
                })}
                {move || extras().map(|x| items(&x.properties)).filter(|i| !i.is_empty()).map(|list| view! {
                    <dl class="props" title=tr(lang, |t| t.properties)>
                        {list.into_iter().map(|i| {
                            let label = match &i.key {
                                Some(k) => k.clone(),
                                None => i.name.describe().get(lang.get()).to_owned(),
                            };
                            view! {
                                <dt>{label}</dt>
                                <dd>
                                    <code data-testid="message-property" data-name=i.name.as_str() data-key=i.key.clone()>
                                        {i.value.clone()}
                                    </code>
                                </dd>
                            }
                        }).collect_view()}
                    </dl>
                })}
                {move || seen.with(|s| {
                    let s = s.as_ref()?;
                    let error = s.error.as_ref().map(|e| e.get(lang.get()).to_owned());
                    let notes: Vec<String> = s.notes.iter().map(|n| n.get(lang.get()).to_owned()).collect();
                    Some(view! {
                        {error.map(|e| view! { <p class="error small" data-testid="detail-decode-error">{e}</p> })}
                        <ul class="findings">
                            {notes.into_iter().map(|n| view! { <li class="small" data-testid="detail-finding">{n}</li> }).collect_view()}
                        </ul>
                    })
                })}
                <pre data-testid="detail-payload">{body}</pre>
            </div>
        </Show>
    }
}
