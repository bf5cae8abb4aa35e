//! The connect form's protocol version choice, its MQTT 5 settings, and Aliyun's version lock
//! warning. What each input means and how it is checked lives in `model::form` (`mqtt5`,
//! `protocol`); this file only draws it.

use leptos::prelude::*;

use super::words::{tr, trs};

use super::chunk::{chunk, Deferred};
use super::fields::{checkbox, field_error, text_input};
use super::shell::Shell;
use crate::model::form::PropertyRow;
use crate::mqtt::ProtocolVersion;

/// The `protocol-version` select and, when 5 is chosen, the MQTT 5 connect settings.
#[component]
pub fn ProtocolFields() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let is_v5 = move || form.with(|f| f.mqtt5.is_v5());
    view! {
        <label class="field">
            <span>{tr(lang, |t| t.protocol_version)}</span>
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
            <Deferred label=|t| t.mqtt5_settings load=mqtt5_settings/>
        </Show>
    }
}

chunk! {
    fn mqtt5_settings() -> AnyView as mqtt5_settings {
        view! { <Mqtt5Settings/> }.into_any()
    }
}

/// The MQTT 5 connect settings (session expiry, receive maximum, …, user properties).
#[component]
fn Mqtt5Settings() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    view! {
            <fieldset class="mqtt5" data-testid="mqtt5-settings">
                <legend>{tr(lang, |t| t.mqtt5_settings)}</legend>
                {text_input(form, "session-expiry", trs(lang, |t| t.session_expiry), trs(lang, |t| t.session_expiry_hint), |f| &f.mqtt5.session_expiry, |f| &mut f.mqtt5.session_expiry, "text")}
                {text_input(form, "receive-maximum", trs(lang, |t| t.receive_maximum), trs(lang, |t| t.empty_not_sent), |f| &f.mqtt5.receive_maximum, |f| &mut f.mqtt5.receive_maximum, "text")}
                {text_input(form, "maximum-packet-size", trs(lang, |t| t.maximum_packet_size), trs(lang, |t| t.empty_not_sent), |f| &f.mqtt5.maximum_packet_size, |f| &mut f.mqtt5.maximum_packet_size, "text")}
                {text_input(form, "topic-alias-maximum", trs(lang, |t| t.topic_alias_maximum), Signal::stored("0"), |f| &f.mqtt5.topic_alias_maximum, |f| &mut f.mqtt5.topic_alias_maximum, "text")}
                {checkbox(form, "request-response-info", trs(lang, |t| t.request_response_info), |f| f.mqtt5.request_response_information, |f| &mut f.mqtt5.request_response_information)}
                {checkbox(form, "topic-aliases", trs(lang, |t| t.topic_aliases_out), |f| f.mqtt5.topic_aliases, |f| &mut f.mqtt5.topic_aliases)}
                <ConnectUserProperties/>
            </fieldset>
    }
}

/// The CONNECT's user property rows: ordered, names may repeat, blank rows are not sent.
#[component]
fn ConnectUserProperties() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
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
                    placeholder=tr(lang, |t| t.property_name)
                    prop:value=get(|r| &r.key)
                    on:input=move |ev| set(|r| &mut r.key, event_target_value(&ev))
                />
                <input
                    data-testid="connect-user-property-value"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.property_value)
                    prop:value=get(|r| &r.value)
                    on:input=move |ev| set(|r| &mut r.value, event_target_value(&ev))
                />
                <button
                    type="button"
                    class="icon"
                    data-testid="connect-user-property-remove"
                    title=tr(lang, |t| t.remove_row)
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
            <span>{tr(lang, |t| t.connect_user_properties)}</span>
            {move || (0..count()).map(row).collect_view()}
            <button
                type="button"
                data-testid="connect-user-property-add"
                on:click=move |_| form.update(|f| f.mqtt5.connect_user_properties.push(PropertyRow::default()))
            >
                {tr(lang, |t| t.add_user_property)}
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
    let pending = move || form.with(|f| f.version_lock_pending().is_some());
    let applies = move || form.with(|f| f.version_lock_applies());
    view! {
        <Show when=applies>
            <Show
                when=pending
                fallback=move || view! { <p class="muted small" data-testid="version-lock-noted">{tr(lang, |t| t.version_lock_noted)}</p> }
            >
                <div class="warning" role="alert" data-testid="version-lock-warning">
                    <strong>{tr(lang, |t| t.version_lock_title)}</strong>
                    <p>{tr(lang, |t| t.version_lock_warning)}</p>
                    <button
                        type="button"
                        data-testid="version-lock-ack"
                        on:click=move |_| form.update(|f| f.acknowledge_version_lock())
                    >
                        {tr(lang, |t| t.version_lock_ack)}
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
    view! {
        <Show when=move || form.with(|f| f.mqtt5.is_v5())>
            {text_input(form, "will-delay", trs(lang, |t| t.will_delay), trs(lang, |t| t.empty_not_sent), |f| &f.mqtt5.will_delay, |f| &mut f.mqtt5.will_delay, "text")}
            {text_input(form, "will-message-expiry", trs(lang, |t| t.will_message_expiry), trs(lang, |t| t.empty_not_sent), |f| &f.mqtt5.will_message_expiry, |f| &mut f.mqtt5.will_message_expiry, "text")}
            {text_input(form, "will-content-type", trs(lang, |t| t.will_content_type), trs(lang, |t| t.empty_not_sent), |f| &f.mqtt5.will_content_type, |f| &mut f.mqtt5.will_content_type, "text")}
        </Show>
    }
}
