//! The publish panel's MQTT 5 property editor: user property rows, content type, response
//! topic, correlation data (text or hex), message expiry and payload format. It only edits a
//! [`PublishPropsForm`]; the panel builds the properties from it when sending.

use leptos::prelude::*;

use super::words::tr;

use super::shell::Shell;
use crate::model::publish_props::{PayloadFormatChoice, PublishPropsForm};

/// The editor over `props`, as typed: nothing is checked here, so nothing typed is lost.
#[component]
pub fn PublishPropsEditor(props: RwSignal<PublishPropsForm>) -> impl IntoView {
    let Shell { lang, .. } = Shell::get();
    let text =
        move |read: fn(&PublishPropsForm) -> &String| move || props.with(|p| read(p).clone());
    let row_ids = move || props.with(|p| p.rows.iter().map(|r| r.id).collect::<Vec<_>>());
    view! {
        <fieldset class="props" data-testid="pub-properties">
            <legend>{tr(lang, |t| t.pub_properties)}</legend>
            <div class="row">
                <input
                    data-testid="pub-content-type"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.content_type)
                    title=tr(lang, |t| t.content_type)
                    prop:value=text(|p| &p.content_type)
                    on:input=move |ev| props.update(|p| p.content_type = event_target_value(&ev))
                />
                <input
                    data-testid="pub-response-topic"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.response_topic)
                    title=tr(lang, |t| t.response_topic)
                    prop:value=text(|p| &p.response_topic)
                    on:input=move |ev| props.update(|p| p.response_topic = event_target_value(&ev))
                />
            </div>
            <div class="row">
                <input
                    data-testid="pub-correlation-data"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.correlation_data)
                    title=tr(lang, |t| t.correlation_data)
                    prop:value=text(|p| &p.correlation)
                    on:input=move |ev| props.update(|p| p.correlation = event_target_value(&ev))
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="pub-correlation-hex"
                        prop:checked=move || props.with(|p| p.correlation_hex)
                        on:change=move |ev| props.update(|p| p.correlation_hex = event_target_checked(&ev))
                    />
                    <span>{tr(lang, |t| t.correlation_hex)}</span>
                </label>
                <input
                    data-testid="pub-message-expiry"
                    type="number"
                    min="1"
                    placeholder=tr(lang, |t| t.message_expiry)
                    title=tr(lang, |t| t.message_expiry)
                    prop:value=text(|p| &p.message_expiry)
                    on:input=move |ev| props.update(|p| p.message_expiry = event_target_value(&ev))
                />
                <select
                    data-testid="pub-payload-format"
                    title=tr(lang, |t| t.payload_format)
                    prop:value=move || props.with(|p| p.payload_format.as_str())
                    on:change=move |ev| props.update(|p| p.payload_format = PayloadFormatChoice::parse(&event_target_value(&ev)))
                >
                    <option value="">{tr(lang, |t| t.payload_format_unset)}</option>
                    <option value="bytes">"bytes"</option>
                    <option value="utf8">"utf8"</option>
                </select>
            </div>
            <For each=row_ids key=|id| *id let:id>
                <UserPropertyRowView props id/>
            </For>
            <button data-testid="pub-user-property-add" on:click=move |_| { props.update(|p| { p.add_row(); }); }>
                {tr(lang, |t| t.user_property_add)}
            </button>
        </fieldset>
    }
}

/// One user property row, bound to the row `id` of the form.
#[component]
fn UserPropertyRowView(props: RwSignal<PublishPropsForm>, id: u32) -> impl IntoView {
    let Shell { lang, .. } = Shell::get();
    let read = move |value: bool| {
        move || {
            props.with(|p| {
                p.rows
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| {
                        if value {
                            r.value.clone()
                        } else {
                            r.key.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <div class="row" data-testid="pub-user-property">
            <input
                data-testid="pub-user-property-key"
                class="grow"
                spellcheck="false"
                placeholder=tr(lang, |t| t.user_property_key)
                prop:value=read(false)
                on:input=move |ev| props.update(|p| p.set_key(id, event_target_value(&ev)))
            />
            <input
                data-testid="pub-user-property-value"
                class="grow"
                spellcheck="false"
                placeholder=tr(lang, |t| t.user_property_value)
                prop:value=read(true)
                on:input=move |ev| props.update(|p| p.set_value(id, event_target_value(&ev)))
            />
            <button
                data-testid="pub-user-property-remove"
                title=tr(lang, |t| t.remove)
                on:click=move |_| props.update(|p| p.remove_row(id))
            >"×"</button>
        </div>
    }
}
