use leptos::prelude::*;

use super::app::Shell;
use crate::mqtt::QoS;

/// Topic, QoS, retain and payload; Ctrl+Enter in the payload publishes.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell {
        lang,
        console,
        topics,
        ..
    } = shell;
    let t = move || lang.get().t();
    let qos = RwSignal::new(0u8);
    let retain = RwSignal::new(false);
    let payload = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let send = move || {
        let topic = shell.expand_topic(&topics.publish.get_untracked());
        let q = QoS::from_u8(qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        let body = payload.get_untracked().into_bytes();
        error.set(
            console
                .publish(&topic, body, q, retain.get_untracked())
                .err(),
        );
    };

    view! {
        <section class="panel publish">
            <h2>{move || t().publish}</h2>
            <div class="row">
                <input
                    data-testid="pub-topic"
                    class="grow"
                    spellcheck="false"
                    placeholder=move || t().topic
                    prop:value=move || topics.publish.get()
                    on:input=move |ev| topics.publish.set(event_target_value(&ev))
                />
                <select data-testid="pub-qos" on:change=move |ev| qos.set(event_target_value(&ev).parse().unwrap_or(0))>
                    <option value="0">"QoS 0"</option>
                    <option value="1">"QoS 1"</option>
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="pub-retain" prop:checked=move || retain.get() on:change=move |ev| retain.set(event_target_checked(&ev))/>
                    <span>{move || t().retain}</span>
                </label>
            </div>
            <textarea
                data-testid="pub-payload"
                rows="4"
                spellcheck="false"
                placeholder=move || t().payload
                prop:value=move || payload.get()
                on:input=move |ev| payload.set(event_target_value(&ev))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        send();
                    }
                }
            ></textarea>
            <div class="actions">
                <button class="primary" data-testid="pub-send" on:click=move |_| send()>{move || t().send}</button>
                {move || error.get().map(|e| view! { <p class="error" data-testid="pub-error">{e}</p> })}
            </div>
        </section>
    }
}
