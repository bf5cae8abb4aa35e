//! Alink thing model: property and event posts with their replies, calls from the cloud
//! (services, property set) answered by hand or by a rule.

use leptos::prelude::*;

use super::app::Shell;
use crate::aliyun::{describe_alink_code, typed_params, PropertyType, ReplyRule};
use crate::i18n::{Lang, Text};
use crate::model::Status;

/// One row of the property form: (row key, identifier, type, value as typed).
type PropRow = (u64, String, PropertyType, String);

/// The thing-model section of the device tools.
#[component]
pub fn ThingModelSection() -> impl IntoView {
    let Shell { lang, conn, .. } = Shell::get();
    let tools = conn.tools;
    let l = move |en: &'static str, zh: &'static str| if lang.get() == Lang::Zh { zh } else { en };
    let connected = move || conn.status.get() == Status::Connected;
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
            typed_params(&fields).map_err(|e| Text::new(e.to_string(), e.zh()))
        };
        post_error.set(text.and_then(|p| conn.alink_post(&p)).err());
    };
    let event_id = RwSignal::new("Error".to_owned());
    let event_value = RwSignal::new("{\"ErrorCode\": 0}".to_owned());
    let reply_code = RwSignal::new("200".to_owned());
    let call_error = tools.call_error;
    let show = move |e: RwSignal<Option<Text>>, testid: &'static str| {
        move || {
            e.get().map(|e| view! { <p class="error" data-testid=testid>{e.get(lang.get()).to_owned()}</p> })
        }
    };
    let post_event = move |_| {
        let now = super::connect::server_now(conn);
        post_error.set(
            conn.event_post(&event_id.get_untracked(), &event_value.get_untracked(), now)
                .err(),
        );
    };
    let answer = move |id: String| {
        let code = reply_code.with_untracked(|c| c.trim().parse::<i64>());
        call_error.set(match code {
            Ok(code) => conn.answer_call(&id, code).err(),
            Err(_) => Some(Text::new(
                format!(
                    "reply code \"{}\" is not a whole number, e.g. 200",
                    reply_code.get_untracked()
                ),
                format!("回复码「{}」不是整数，例如 200", reply_code.get_untracked()),
            )),
        });
    };
    view! {
        <h3>{move || l("Thing model (Alink)", "物模型（Alink）")}</h3>
        <label class="check">
            <input type="checkbox" data-testid="alink-ack" prop:checked=move || tools.alink_ack.get()
                on:change=move |ev| tools.alink_ack.set(event_target_checked(&ev))/>
            <span>{move || l("sys.ack: ask the platform for a post_reply", "sys.ack：要求平台回复 post_reply")}</span>
        </label>
        <h4>{move || lang.get().t().property_post}</h4>
        <select data-testid="alink-mode" on:change=move |ev| raw.set(event_target_value(&ev) == "json")>
            <option value="json" prop:selected=move || raw.get()>{move || l("raw JSON", "JSON 原文")}</option>
            <option value="form" prop:selected=move || !raw.get()>{move || l("form with types", "按类型填写")}</option>
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
            }>{move || l("+ property", "+ 属性")}</button>
        </Show>
        <button data-testid="alink-post" disabled=move || !connected() on:click=post_properties>{move || lang.get().t().post}</button>
        <h4>{move || l("Post an event", "上报事件")}</h4>
        <div class="row">
            <input data-testid="event-identifier" spellcheck="false" placeholder="Error"
                prop:value=move || event_id.get() on:input=move |ev| event_id.set(event_target_value(&ev))/>
            <button data-testid="event-post" disabled=move || !connected() on:click=post_event>
                {move || lang.get().t().post}
            </button>
        </div>
        <textarea data-testid="event-params" rows="2" spellcheck="false"
            prop:value=move || event_value.get() on:input=move |ev| event_value.set(event_target_value(&ev))></textarea>
        {show(post_error, "alink-error")}
        <ul class="rrpc">
            <For each=move || tools.alink_posts.get() key=|p| (p.id.clone(), p.reply.clone()) let:post>
                <li data-testid=if post.reply.is_some() { "alink-reply" } else { "alink-pending" }
                    data-id=post.id.clone() data-what=post.what.clone()
                    data-code=post.reply.as_ref().map(|r| r.0.to_string()).unwrap_or_default()>
                    <code>{format!("#{} {}", post.id, post.what)}</code>
                    <span class="payload">{post.params.clone()}</span>
                    <span class="badge">
                        {match &post.reply {
                            Some((code, _)) => {
                                let (en, zh) = describe_alink_code(*code);
                                let code = *code;
                                view! { <span>{move || format!("{code}: {}", if lang.get() == Lang::Zh { zh } else { en })}</span> }.into_any()
                            }
                            None => view! { <span>"…"</span> }.into_any(),
                        }}
                    </span>
                </li>
            </For>
        </ul>
        <h4>{move || l("Calls from the cloud (services, property set)", "云端调用（服务、属性设置）")}</h4>
        <div class="row">
            <button data-testid="service-listen" disabled=move || !connected() on:click=move |_| call_error.set(conn.calls_listen().err())>
                {move || l("Listen for calls", "监听调用")}
            </button>
            <select data-testid="service-rule" on:change=move |ev| {
                if let Some(r) = ReplyRule::parse(&event_target_value(&ev)) { tools.call_rule.set(r) }
            }>
                <option value="manual" prop:selected=move || tools.call_rule.get() == ReplyRule::Manual>{move || l("answer by hand", "手动回复")}</option>
                <option value="fixed" prop:selected=move || tools.call_rule.get() == ReplyRule::Fixed>{move || l("answer automatically with the data below", "自动回复下方 data")}</option>
                <option value="echo" prop:selected=move || tools.call_rule.get() == ReplyRule::Echo>{move || l("answer automatically, echoing params", "自动回复，原样返回 params")}</option>
            </select>
            <label class="inline">
                <span>{move || l("code", "回复码")}</span>
                <input data-testid="service-reply-code" size="4" prop:value=move || reply_code.get()
                    on:input=move |ev| reply_code.set(event_target_value(&ev))/>
            </label>
        </div>
        <textarea data-testid="service-data" rows="2" spellcheck="false" placeholder="{}"
            prop:value=move || tools.call_data.get() on:input=move |ev| tools.call_data.set(event_target_value(&ev))></textarea>
        {show(call_error, "service-error")}
        <ul class="rrpc">
            <For each=move || tools.calls.get() key=|c| (c.id.clone(), c.answered) let:call>
                <li data-testid="service-call" data-id=call.id.clone() data-identifier=call.identifier.clone()
                    data-state=if call.answered.is_some() { "replied" } else { "pending" }
                    data-code=call.answered.map(|c| c.to_string()).unwrap_or_default()>
                    <code>{format!("#{} {}", call.id, call.identifier)}</code>
                    <span class="payload">{call.params.clone()}</span>
                    {match call.answered {
                        Some(code) => view! { <span class="badge">{format!("→ {code}")}</span> }.into_any(),
                        None => {
                            let id = call.id.clone();
                            view! { <button data-testid="service-reply" on:click=move |_| answer(id.clone())>{move || lang.get().t().reply}</button> }.into_any()
                        }
                    }}
                </li>
            </For>
        </ul>
    }
}
