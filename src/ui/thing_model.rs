//! Alink thing model: property and event posts with their replies, calls from the cloud
//! (services, property set) answered by hand or by a rule.

use leptos::prelude::*;

use super::words::tr;

use super::shell::Shell;
use crate::aliyun::{typed_params, AlinkCode, PropertyType, ReplyRule};
use crate::i18n::{Describe, Text};
use crate::model::device_tools::ToolError;

/// One row of the property form: (row key, identifier, type, value as typed).
type PropRow = (u64, String, PropertyType, String);

/// The thing-model section of the device tools.
#[component]
pub fn ThingModelSection() -> impl IntoView {
    let Shell {
        lang,
        conn,
        tools: store,
        ..
    } = Shell::get();
    let tools = store.tools;
    // Views of the parts each element shows, so a change elsewhere in the tools redraws nothing.
    let posts = Memo::new(move |_| tools.with(|t| t.posts.list.clone()));
    let calls = Memo::new(move |_| tools.with(|t| t.calls.rows.clone()));
    let rule = Memo::new(move |_| tools.with(|t| t.calls.rule));
    let call_data = Memo::new(move |_| tools.with(|t| t.calls.data.clone()));
    let connected = move || conn.is_connected();
    let post_error = RwSignal::new(None::<Text>);
    let params = RwSignal::new("{\"Temperature\": 21.5}".to_owned());
    // The property form: (row key, identifier, type, value); `raw` switches to JSON.
    let raw = RwSignal::new(true);
    let rows = RwSignal::new(vec![(
        0u64,
        "Temperature".to_owned(),
        PropertyType::Float,
        "21.5".to_owned(),
    )]);
    let next_row = StoredValue::new(1u64);
    let edit = move |key: u64, f: &dyn Fn(&mut PropRow)| {
        rows.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.0 == key) {
                f(r);
            }
        });
    };
    let post_properties = move |_| {
        let text = if raw.get_untracked() {
            Ok(params.get_untracked())
        } else {
            let fields: Vec<_> = rows.with_untracked(|rs| {
                rs.iter()
                    .map(|(_, n, t, v)| (n.clone(), *t, v.clone()))
                    .collect()
            });
            typed_params(&fields).map_err(|e| ToolError::Alink(e).describe())
        };
        post_error.set(text.and_then(|p| store.property_post(&p)).err());
    };
    let event_id = RwSignal::new("Error".to_owned());
    let event_value = RwSignal::new("{\"ErrorCode\": 0}".to_owned());
    let reply_code = RwSignal::new("200".to_owned());
    let show = move |e: Signal<Option<Text>>, testid: &'static str| {
        move || {
            e.get().map(|e| view! { <p class="error" data-testid=testid>{e.get(lang.get()).to_owned()}</p> })
        }
    };
    let call_error = Signal::derive(move || store.call_error());
    let post_event = move |_| {
        let now = super::connect::server_now(conn);
        post_error.set(
            store
                .event_post(&event_id.get_untracked(), &event_value.get_untracked(), now)
                .err(),
        );
    };
    let answer = move |id: String| reply_code.with_untracked(|code| store.answer_call(&id, code));
    view! {
        <h3>{tr(lang, |t| t.thing_model)}</h3>
        <label class="check">
            <input type="checkbox" data-testid="alink-ack" prop:checked=move || tools.with(|t| t.posts.ack)
                on:change=move |ev| { let on = event_target_checked(&ev); tools.update(|t| t.posts.ack = on) }/>
            <span>{tr(lang, |t| t.alink_ack)}</span>
        </label>
        <h4>{tr(lang, |t| t.property_post)}</h4>
        <select data-testid="alink-mode" on:change=move |ev| raw.set(event_target_value(&ev) == "json")>
            <option value="json" prop:selected=move || raw.get()>{tr(lang, |t| t.alink_raw_json)}</option>
            <option value="form" prop:selected=move || !raw.get()>{tr(lang, |t| t.alink_typed_form)}</option>
        </select>
        <Show when=move || raw.get()>
            <textarea data-testid="alink-params" rows="3" spellcheck="false"
                prop:value=move || params.get() on:input=move |ev| params.set(event_target_value(&ev))></textarea>
        </Show>
        <Show when=move || !raw.get()>
            <ul class="props">
                <For each=move || rows.get() key=|r| r.0 let:row>
                    {
                        let key = row.0;
                        view! {
                            <li data-testid="prop-row">
                                <input data-testid="prop-name" placeholder="Identifier" spellcheck="false" prop:value=row.1.clone()
                                    on:input=move |ev| { let v = event_target_value(&ev); edit(key, &|r| r.1 = v.clone()) }/>
                                <select data-testid="prop-type" on:change=move |ev| {
                                    if let Some(t) = PropertyType::parse(&event_target_value(&ev)) { edit(key, &|r| r.2 = t) }
                                }>
                                    {PropertyType::ALL.iter().map(|t| {
                                        let t = *t;
                                        view! { <option value=t.as_str() selected=row.2 == t>{t.as_str()}</option> }
                                    }).collect_view()}
                                </select>
                                <input data-testid="prop-value" spellcheck="false" prop:value=row.3.clone()
                                    on:input=move |ev| { let v = event_target_value(&ev); edit(key, &|r| r.3 = v.clone()) }/>
                                <button data-testid="prop-remove" title="remove" on:click=move |_| rows.update(|rs| rs.retain(|r| r.0 != key))>"×"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <button data-testid="prop-add" on:click=move |_| {
                let key = next_row.get_value();
                next_row.set_value(key + 1);
                rows.update(|rs| rs.push((key, String::new(), PropertyType::Int, String::new())));
            }>{tr(lang, |t| t.add_property)}</button>
        </Show>
        <button data-testid="alink-post" disabled=move || !connected() on:click=post_properties>{tr(lang, |t| t.post)}</button>
        <h4>{tr(lang, |t| t.event_post)}</h4>
        <div class="row">
            <input data-testid="event-identifier" spellcheck="false" placeholder="Error"
                prop:value=move || event_id.get() on:input=move |ev| event_id.set(event_target_value(&ev))/>
            <button data-testid="event-post" disabled=move || !connected() on:click=post_event>
                {tr(lang, |t| t.post)}
            </button>
        </div>
        <textarea data-testid="event-params" rows="2" spellcheck="false"
            prop:value=move || event_value.get() on:input=move |ev| event_value.set(event_target_value(&ev))></textarea>
        {show(post_error.into(), "alink-error")}
        <ul class="rrpc">
            <For each=move || posts.get() key=|p| (p.id.clone(), p.reply.clone()) let:post>
                <li data-testid=if post.reply.is_some() { "alink-reply" } else { "alink-pending" }
                    data-id=post.id.clone() data-what=post.what.clone()
                    data-code=post.reply.as_ref().map(|r| r.0.to_string()).unwrap_or_default()>
                    <code>{format!("#{} {}", post.id, post.what)}</code>
                    <span class="payload">{post.params.clone()}</span>
                    <span class="badge">
                        {match &post.reply {
                            Some((code, _)) => {
                                let words = AlinkCode::from_code(*code).describe();
                                let code = *code;
                                view! { <span>{move || format!("{code}: {}", words.get(lang.get()))}</span> }.into_any()
                            }
                            None => view! { <span>"…"</span> }.into_any(),
                        }}
                    </span>
                </li>
            </For>
        </ul>
        <h4>{tr(lang, |t| t.calls_title)}</h4>
        <div class="row">
            <button data-testid="service-listen" disabled=move || !connected() on:click=move |_| store.calls_listen()>
                {tr(lang, |t| t.calls_listen)}
            </button>
            <select data-testid="service-rule" on:change=move |ev| {
                if let Some(r) = ReplyRule::parse(&event_target_value(&ev)) { tools.update(|t| t.calls.rule = r) }
            }>
                <option value="manual" prop:selected=move || rule.get() == ReplyRule::Manual>{tr(lang, |t| t.rule_manual)}</option>
                <option value="fixed" prop:selected=move || rule.get() == ReplyRule::Fixed>{tr(lang, |t| t.rule_fixed)}</option>
                <option value="echo" prop:selected=move || rule.get() == ReplyRule::Echo>{tr(lang, |t| t.rule_echo)}</option>
            </select>
            <label class="inline">
                <span>{tr(lang, |t| t.reply_code)}</span>
                <input data-testid="service-reply-code" size="4" prop:value=move || reply_code.get()
                    on:input=move |ev| reply_code.set(event_target_value(&ev))/>
            </label>
        </div>
        <textarea data-testid="service-data" rows="2" spellcheck="false" placeholder="{}"
            prop:value=move || call_data.get() on:input=move |ev| { let v = event_target_value(&ev); tools.update(|t| t.calls.data = v) }></textarea>
        {show(call_error, "service-error")}
        <ul class="rrpc">
            <For each=move || calls.get() key=|c| (c.id.clone(), c.answered) let:call>
                <li data-testid="service-call" data-id=call.id.clone() data-identifier=call.identifier.clone()
                    data-state=if call.answered.is_some() { "replied" } else { "pending" }
                    data-code=call.answered.map(|c| c.to_string()).unwrap_or_default()>
                    <code>{format!("#{} {}", call.id, call.identifier)}</code>
                    <span class="payload">{call.params.clone()}</span>
                    {match call.answered {
                        Some(code) => view! { <span class="badge">{format!("→ {code}")}</span> }.into_any(),
                        None => {
                            let id = call.id.clone();
                            view! { <button data-testid="service-reply" on:click=move |_| answer(id.clone())>{tr(lang, |t| t.reply)}</button> }.into_any()
                        }
                    }}
                </li>
            </For>
        </ul>
    }
}
