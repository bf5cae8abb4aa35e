//! The connect form's protocol version choice, its MQTT 5 settings, and Aliyun's version lock
//! warning. What each input means and how it is checked lives in `model::form` (`mqtt5`,
//! `protocol`); this file only draws it.

use leptos::prelude::*;

use super::fields::{checkbox, field_error, text_input};
use super::shell::Shell;
use crate::model::form::PropertyRow;
use crate::mqtt::ProtocolVersion;

/// The `protocol-version` select and, when 5 is chosen, the MQTT 5 connect settings.
#[component]
pub fn ProtocolFields() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let t = move || lang.get().t();
    let is_v5 = move || form.with(|f| f.mqtt5.is_v5());
    view! {
        <label class="field">
            <span>{move || t().protocol_version}</span>
            <select
                data-testid="protocol-version"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| f.mqtt5.protocol_version = v);
                }
            >
                {[ProtocolVersion::V311, ProtocolVersion::V5].into_iter().map(|v| {
                    let value = v.as_str();
                    view! {
                        <option value=value prop:selected=move || form.with(|f| f.mqtt5.version() == v)>
                            {format!("MQTT {value}")}
                        </option>
                    }
                }).collect_view()}
            </select>
            {field_error("protocol-version", || true)}
        </label>
        <VersionLock/>
        <Show when=is_v5>
            <fieldset class="mqtt5" data-testid="mqtt5-settings">
                <legend>{move || t().mqtt5_settings}</legend>
                {text_input(form, "session-expiry", move || t().session_expiry, move || t().session_expiry_hint, |f| &f.mqtt5.session_expiry, |f| &mut f.mqtt5.session_expiry, "text")}
                {text_input(form, "receive-maximum", move || t().receive_maximum, move || t().empty_not_sent, |f| &f.mqtt5.receive_maximum, |f| &mut f.mqtt5.receive_maximum, "text")}
                {text_input(form, "maximum-packet-size", move || t().maximum_packet_size, move || t().empty_not_sent, |f| &f.mqtt5.maximum_packet_size, |f| &mut f.mqtt5.maximum_packet_size, "text")}
                {text_input(form, "topic-alias-maximum", move || t().topic_alias_maximum, || "0", |f| &f.mqtt5.topic_alias_maximum, |f| &mut f.mqtt5.topic_alias_maximum, "text")}
                {checkbox(form, "request-response-info", move || t().request_response_info, |f| f.mqtt5.request_response_information, |f| &mut f.mqtt5.request_response_information)}
                {checkbox(form, "topic-aliases", move || t().topic_aliases_out, |f| f.mqtt5.topic_aliases, |f| &mut f.mqtt5.topic_aliases)}
                <ConnectUserProperties/>
            </fieldset>
        </Show>
    }
}

/// The CONNECT's user property rows: ordered, names may repeat, blank rows are not sent.
#[component]
fn ConnectUserProperties() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let t = move || lang.get().t();
    let count = move || form.with(|f| f.mqtt5.connect_user_properties.len());
    let row = move |i: usize| {
        let get = move |pick: fn(&PropertyRow) -> &String| {
            move || {
                form.with(|f| {
                    f.mqtt5
                        .connect_user_properties
                        .get(i)
                        .map(|r| pick(r).clone())
                        .unwrap_or_default()
                })
            }
        };
        let set = move |pick: fn(&mut PropertyRow) -> &mut String, v: String| {
            form.update(|f| {
                if let Some(r) = f.mqtt5.connect_user_properties.get_mut(i) {
                    *pick(r) = v;
                }
            })
        };
        view! {
            <div class="row" data-testid="connect-user-property">
                <input
                    data-testid="connect-user-property-key"
                    spellcheck="false"
                    placeholder=move || t().property_name
                    prop:value=get(|r| &r.key)
                    on:input=move |ev| set(|r| &mut r.key, event_target_value(&ev))
                />
                <input
                    data-testid="connect-user-property-value"
                    spellcheck="false"
                    placeholder=move || t().property_value
                    prop:value=get(|r| &r.value)
                    on:input=move |ev| set(|r| &mut r.value, event_target_value(&ev))
                />
                <button
                    type="button"
                    class="icon"
                    data-testid="connect-user-property-remove"
                    title=move || t().remove_row
                    on:click=move |_| form.update(|f| {
                        if i < f.mqtt5.connect_user_properties.len() {
                            f.mqtt5.connect_user_properties.remove(i);
                        }
                    })
                >
                    "×"
                </button>
            </div>
        }
    };
    view! {
        <div class="user-properties">
            <span>{move || t().connect_user_properties}</span>
            {move || (0..count()).map(row).collect_view()}
            <button
                type="button"
                data-testid="connect-user-property-add"
                on:click=move |_| form.update(|f| f.mqtt5.connect_user_properties.push(PropertyRow::default()))
            >
                {move || t().add_user_property}
            </button>
            {field_error("connect-user-property", || true)}
        </div>
    }
}

/// Aliyun with MQTT 5: the version lock warning, which needs one click per device, then a
/// single quiet line.
#[component]
fn VersionLock() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let t = move || lang.get().t();
    let pending = move || form.with(|f| f.version_lock_pending().is_some());
    let applies = move || form.with(|f| f.version_lock_applies());
    view! {
        <Show when=applies>
            <Show
                when=pending
                fallback=move || view! { <p class="muted small" data-testid="version-lock-noted">{move || t().version_lock_noted}</p> }
            >
                <div class="warning" role="alert" data-testid="version-lock-warning">
                    <strong>{move || t().version_lock_title}</strong>
                    <p>{move || t().version_lock_warning}</p>
                    <button
                        type="button"
                        data-testid="version-lock-ack"
                        on:click=move |_| form.update(|f| f.acknowledge_version_lock())
                    >
                        {move || t().version_lock_ack}
                    </button>
                    {field_error("version-lock-ack", || false)}
                </div>
            </Show>
        </Show>
    }
}

/// The will's MQTT 5 properties, inside the will settings, when 5 is chosen.
#[component]
pub fn WillProperties() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let t = move || lang.get().t();
    view! {
        <Show when=move || form.with(|f| f.mqtt5.is_v5())>
            {text_input(form, "will-delay", move || t().will_delay, move || t().empty_not_sent, |f| &f.mqtt5.will_delay, |f| &mut f.mqtt5.will_delay, "text")}
            {text_input(form, "will-message-expiry", move || t().will_message_expiry, move || t().empty_not_sent, |f| &f.mqtt5.will_message_expiry, |f| &mut f.mqtt5.will_message_expiry, "text")}
            {text_input(form, "will-content-type", move || t().will_content_type, move || t().empty_not_sent, |f| &f.mqtt5.will_content_type, |f| &mut f.mqtt5.will_content_type, "text")}
        </Show>
    }
}
