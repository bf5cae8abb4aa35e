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
    let Shell { lang, conn, .. } = Shell::get();
    let format = RwSignal::new(PayloadFormat::Json);
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
    let body = move || entry().map(|e| render(&e.payload, format.get()));
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
                        {PayloadFormat::ALL.iter().map(|f| {
                            let f = *f;
                            view! {
                                <button
                                    data-testid=format!("detail-format-{}", f.as_str())
                                    class:active=move || format.get() == f
                                    on:click=move |_| format.set(f)
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
                <pre data-testid="detail-payload">{body}</pre>
            </div>
        </Show>
    }
}
