use leptos::prelude::*;

use super::words::tr;

use super::chunk::{chunk, Deferred, LazyDetails};
use super::collections::{CollectionsPanel, PublishForm};
use super::publish_props::PublishPropsEditor;
use super::shell::Shell;
use super::TopicPicker;
use crate::aliyun::DEVICE_PUBLISH_PER_SECOND;
use crate::i18n::Describe;
use crate::model::compose::{Compose, ComposeError};
use crate::model::history::Recent;
use crate::model::payload::{check_json, pretty_json, PayloadFormat};
use crate::model::publish_props::PublishPropsForm;
use crate::model::repeat::{over_limit, RepeatPlan};
use crate::model::server::Limit;
use crate::model::template::{Expand, Template};
use crate::model::Mode;
use crate::mqtt::{ProtocolVersion, QoS};
use crate::platform::storage;

const TOPICS_KEY: &str = "mqtt-console.publish-topics";
const SNIPPETS_KEY: &str = "mqtt-console.snippets";

/// Topic (with history), QoS, retain, payload in text/JSON/hex/base64, saved snippets, and on
/// MQTT 5 the publish properties; Ctrl+Enter in the payload publishes.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell {
        lang,
        conn,
        topics,
        form,
        ..
    } = shell;
    let t = move || lang.get().t();
    // Kept by the connection: switching to another one and back finds the form as it was.
    let qos = shell.keep("pub.qos", || 0u8);
    let retain = shell.keep("pub.retain", || false);
    let payload = shell.keep("pub.payload", String::new);
    let format = shell.keep("pub.format", || PayloadFormat::Text);
    let error = RwSignal::new(None::<crate::i18n::Text>);
    let history = RwSignal::new(Recent::from_json(
        &storage::load(TOPICS_KEY).unwrap_or_default(),
        30,
    ));
    let snippets = RwSignal::new(Recent::from_json(
        &storage::load(SNIPPETS_KEY).unwrap_or_default(),
        50,
    ));
    let aliyun = move || form.with(|f| f.mode == Mode::Aliyun);
    let props = shell.keep("pub.props", PublishPropsForm::default);
    // Connected: what the server's CONNACK offers (MQTT 3.1.1 offers everything); before
    // that, the version the form will connect with.
    let server = move || conn.server.get().unwrap_or_default();
    let v5 = move || {
        if conn.is_connected() {
            server().version == ProtocolVersion::V5
        } else {
            form.with(|f| {
                ProtocolVersion::parse(&f.mqtt5.protocol_version) == Some(ProtocolVersion::V5)
            })
        }
    };
    let qos_off = move |q: QoS| server().qos(q).err();
    let retain_off = move || server().retain().err();
    Effect::new(move |_| {
        let server = server();
        if server.retain().is_err() {
            retain.set(false);
        }
        let maximum = server.capabilities.maximum_qos.as_u8();
        if qos.get_untracked() > maximum {
            qos.set(maximum);
        }
    });
    let limit_title = move |limit: Option<Limit>| {
        limit
            .map(|l| l.describe().get(lang.get()).to_owned())
            .unwrap_or_default()
    };

    // Aliyun keeps no retained messages and has no QoS 2: say so instead of sending in vain.
    Effect::new(move |_| {
        if aliyun() {
            retain.set(false);
            if qos.get_untracked() == 2 {
                qos.set(1);
            }
        }
    });

    let json_problem = move || {
        (format.get() == PayloadFormat::Json)
            .then(|| {
                payload.with(|p| {
                    check_json(p)
                        .err()
                        .map(|e| e.describe().get(lang.get()).to_owned())
                })
            })
            .flatten()
    };

    let remember = move |key: &'static str, list: RwSignal<Recent>, item: &str| {
        // Publishing to the same topic again (the usual case) changes nothing: no re-render of
        // the list, no storage write on every send.
        if list.with_untracked(|l| l.is_newest(item)) {
            return;
        }
        list.update(|l| l.touch(item));
        if let Err(e) = storage::save(key, &list.with_untracked(Recent::to_json)) {
            error.set(Some(e.describe()));
        }
    };

    let v5_now = move || untrack(v5);
    // `{{counter}}` of the publish button: 1 for its first send on this connection.
    let counter = shell.keep("pub.counter", || 0u64);
    let interval = shell.keep("pub.repeat.interval", || "1000".to_owned());
    let count = shell.keep("pub.repeat.count", String::new);
    let repeat_error = RwSignal::new(None::<crate::i18n::Text>);
    let timers = shell.slot.timers;
    // The form as one message to build for each send.
    let compose = move || -> Result<Compose, crate::i18n::Text> {
        let topic = shell.expand_topic(&topics.publish.get_untracked());
        let q = QoS::from_u8(qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        // Properties exist on MQTT 5 only; on 3.1.1 the editor is hidden and nothing is sent.
        let properties = v5_now().then(|| props.get_untracked());
        payload
            .with_untracked(|p| {
                Compose::new(
                    topic,
                    p,
                    format.get_untracked(),
                    q,
                    retain.get_untracked(),
                    properties,
                )
            })
            .map_err(|e| e.describe())
    };
    let device = move || {
        form.with_untracked(|f| {
            (f.mode == Mode::Aliyun).then(|| (f.product_key.clone(), f.device_name.clone()))
        })
    };
    let send = move || {
        let typed_topic = topics.publish.get_untracked();
        let c = match compose() {
            Ok(c) => c,
            Err(e) => return error.set(Some(e)),
        };
        let n = counter.get_untracked() + 1;
        let device = device();
        let mut random = js_sys::Math::random;
        let built = c.build(&mut Expand {
            now_ms: js_sys::Date::now() as u64,
            counter: n,
            random: &mut random,
            device: device.as_ref().map(|(pk, dn)| (pk.as_str(), dn.as_str())),
        });
        let m = match built {
            Ok(m) => m,
            Err(e) => return error.set(Some(e.describe())),
        };
        // For benchmarks: where the console's publish begins, as mqtt.js's `publish()` call.
        crate::platform::probe::mark("publishAt");
        match conn.publish_with(&c.topic, m.payload, c.qos, c.retain, m.properties) {
            Ok(_) => {
                if c.template.uses_counter() {
                    counter.set(n);
                }
                if error.with_untracked(Option::is_some) {
                    error.set(None);
                }
                remember(TOPICS_KEY, history, &typed_topic);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    // The payload after expansion, while it has variables; or why it cannot be expanded.
    let preview = move || -> Option<Result<String, String>> {
        let l = lang.get();
        let template = match payload.with(|p| Template::parse(p)) {
            Ok(t) if !t.has_vars() => return None,
            Ok(t) => t,
            Err(e) => return Some(Err(e.describe().get(l).to_owned())),
        };
        let device = form.with(|f| {
            (f.mode == Mode::Aliyun).then(|| (f.product_key.clone(), f.device_name.clone()))
        });
        let mut random = js_sys::Math::random;
        let text = template.expand(&mut Expand {
            now_ms: js_sys::Date::now() as u64,
            counter: counter.get() + 1,
            random: &mut random,
            device: device.as_ref().map(|(pk, dn)| (pk.as_str(), dn.as_str())),
        });
        Some(text.map_err(|e| ComposeError::Expand(e).describe().get(l).to_owned()))
    };
    let start_timer = move || {
        let plan =
            match interval.with_untracked(|i| count.with_untracked(|c| RepeatPlan::parse(i, c))) {
                Ok(p) => p,
                Err(e) => return repeat_error.set(Some(e.describe())),
            };
        let started = compose().and_then(|c| timers.start(c, plan, device()));
        repeat_error.set(started.err());
    };
    let newest_sent = move || {
        timers
            .newest()
            .map(|r| r.with(|r| r.repeat.sent_count()))
            .unwrap_or(0)
    };
    let newest_running = move || {
        timers
            .newest()
            .and_then(|r| r.with(|r| r.repeat.ended().is_none().then_some(r.id)))
    };
    let rate_warning = move || {
        if !aliyun() {
            return None;
        }
        let mut plans = timers.running_plans();
        if newest_running().is_none() {
            // Not running yet: warn about the plan as typed.
            if let Ok(p) = interval.with(|i| count.with(|c| RepeatPlan::parse(i, c))) {
                plans.push(p);
            }
        }
        over_limit(&plans, DEVICE_PUBLISH_PER_SECOND)
            .map(|rate| crate::i18n::publishing::over_aliyun_limit(lang.get(), rate))
    };

    let collection_form = PublishForm {
        topic: topics.publish,
        payload,
        format,
        qos,
        retain,
        props,
        v5: Signal::derive(v5),
        send: Callback::new(move |()| send()),
    };

    let pretty = move |_| {
        if let Some(p) = payload.with_untracked(|p| pretty_json(p)) {
            payload.set(p);
        }
    };

    view! {
        <section class="panel publish">
            <h2>{tr(lang, |t| t.publish)}</h2>
            <div class="row">
                <input
                    data-testid="pub-topic"
                    class="grow"
                    spellcheck="false"
                    list="pub-topic-history"
                    placeholder=tr(lang, |t| t.topic)
                    prop:value=move || topics.publish.get()
                    on:input=move |ev| topics.publish.set(event_target_value(&ev))
                />
                <datalist id="pub-topic-history">
                    <For each=move || history.with(|h| h.items().to_vec()) key=|s| s.clone() let:item>
                        <option value=item></option>
                    </For>
                </datalist>
                <select data-testid="pub-qos" prop:value=move || qos.get().to_string() on:change=move |ev| qos.set(event_target_value(&ev).parse().unwrap_or(0))>
                    <option value="0">"QoS 0"</option>
                    <option
                        value="1"
                        disabled=move || qos_off(QoS::AtLeastOnce).is_some()
                        title=move || limit_title(qos_off(QoS::AtLeastOnce))
                    >"QoS 1"</option>
                    <option
                        value="2"
                        disabled=move || aliyun() || qos_off(QoS::ExactlyOnce).is_some()
                        title=move || if aliyun() { t().no_qos2_aliyun.to_owned() } else { limit_title(qos_off(QoS::ExactlyOnce)) }
                    >"QoS 2"</option>
                </select>
                <label class="check" title=move || if aliyun() { t().no_retain_aliyun.to_owned() } else { limit_title(retain_off()) }>
                    <input
                        type="checkbox"
                        data-testid="pub-retain"
                        disabled=move || aliyun() || retain_off().is_some()
                        prop:checked=move || retain.get()
                        on:change=move |ev| retain.set(event_target_checked(&ev))
                    />
                    <span>{tr(lang, |t| t.retain)}</span>
                </label>
            </div>
            <TopicPicker target=topics.publish testid="pub-topic-insert"/>
            <Show when=aliyun>
                <p class="muted small" data-testid="pub-aliyun-note">{tr(lang, |t| t.no_retain_aliyun)}</p>
            </Show>
            <div class="row">
                <select
                    data-testid="pub-format"
                    prop:value=move || format.get().as_str()
                    on:change=move |ev| format.set(PayloadFormat::parse(&event_target_value(&ev)).unwrap_or_default())
                >
                    {PayloadFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{f.as_str()}</option> }).collect_view()}
                </select>
                <button data-testid="pub-pretty" disabled=move || format.get() != PayloadFormat::Json on:click=pretty>
                    {tr(lang, |t| t.pretty)}
                </button>
                <select
                    data-testid="pub-snippet"
                    class="grow"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if !v.is_empty() {
                            payload.set(v);
                        }
                    }
                >
                    <option value="">{tr(lang, |t| t.snippets)}</option>
                    <For each=move || snippets.with(|s| s.items().to_vec()) key=|s| s.clone() let:item>
                        <option value=item.clone()>{item.chars().take(48).collect::<String>()}</option>
                    </For>
                </select>
                <button data-testid="pub-snippet-save" on:click=move |_| remember(SNIPPETS_KEY, snippets, &payload.get_untracked())>
                    {tr(lang, |t| t.save_snippet)}
                </button>
            </div>
            <textarea
                data-testid="pub-payload"
                rows="5"
                spellcheck="false"
                placeholder=tr(lang, |t| t.payload)
                prop:value=move || payload.get()
                on:input=move |ev| payload.set(event_target_value(&ev))
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        send();
                    }
                }
            ></textarea>
            {move || json_problem().map(|e| view! { <p class="error" data-testid="pub-payload-error">{e}</p> })}
            {move || preview().map(|p| match p {
                Ok(text) => view! {
                    <div class="preview">
                        <span class="muted small">{tr(lang, |t| t.preview)}</span>
                        <pre data-testid="pub-preview">{text}</pre>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="error" data-testid="pub-template-error">{e}</p> }.into_any(),
            })}
            <Show when=v5>
                <Deferred label=|t| t.pub_properties load=move || publish_props(props)/>
            </Show>
            <div class="actions">
                <button class="primary" data-testid="pub-send" title="Ctrl+Enter" on:click=move |_| send()>{tr(lang, |t| t.send)}</button>
                {move || error.get().map(|e| view! { <p class="error" data-testid="pub-error">{e.get(lang.get()).to_owned()}</p> })}
            </div>
            <div class="row repeat" title=tr(lang, |t| t.repeat_title)>
                <label class="check">
                    <span>{tr(lang, |t| t.repeat_every)}</span>
                    <input
                        data-testid="pub-repeat-interval"
                        class="num"
                        inputmode="numeric"
                        prop:value=move || interval.get()
                        on:input=move |ev| interval.set(event_target_value(&ev))
                    />
                    <span>{tr(lang, |t| t.repeat_ms)}</span>
                </label>
                <label class="check">
                    <span>"×"</span>
                    <input
                        data-testid="pub-repeat-count"
                        class="num"
                        inputmode="numeric"
                        placeholder=tr(lang, |t| t.repeat_until_stopped)
                        prop:value=move || count.get()
                        on:input=move |ev| count.set(event_target_value(&ev))
                    />
                    <span>{tr(lang, |t| t.repeat_times)}</span>
                </label>
                <button data-testid="pub-repeat-start" on:click=move |_| start_timer()>{tr(lang, |t| t.repeat_start)}</button>
                <button
                    data-testid="pub-repeat-stop"
                    disabled=move || newest_running().is_none()
                    on:click=move |_| if let Some(id) = newest_running() { timers.stop(id) }
                >{tr(lang, |t| t.repeat_stop)}</button>
                <span class="muted small">{tr(lang, |t| t.repeat_sent)}" "<b data-testid="pub-repeat-sent">{newest_sent}</b></span>
            </div>
            {move || repeat_error.get().map(|e| view! { <p class="error" data-testid="pub-repeat-error">{e.get(lang.get()).to_owned()}</p> })}
            {move || rate_warning().map(|w| view! { <p class="warning small" data-testid="pub-repeat-warning">{w}</p> })}
            <LazyDetails class="collections" summary=|t| t.collections load=move || collections_panel(collection_form)/>
            <ul class="timers">
                <For each=move || timers.rows.get() key=|r| r.with_untracked(|r| r.id) let:row>
                    <li data-testid="pub-repeat-row" data-running=move || row.with(|r| r.repeat.ended().is_none()).to_string()>
                        <code>{move || row.with(|r| r.topic.clone())}</code>
                        " "
                        <span data-testid="pub-repeat-state">{move || row.with(|r| crate::i18n::publishing::repeat_state(lang.get(), &r.repeat))}</span>
                        <Show when=move || row.with(|r| r.repeat.ended().is_none())>
                            <button data-testid="pub-repeat-row-stop" on:click=move |_| timers.stop(row.with_untracked(|r| r.id))>{tr(lang, |t| t.repeat_row_stop)}</button>
                        </Show>
                        {move || row.with(|r| r.error.clone()).map(|e| view! { <span class="error small">" "{e.get(lang.get()).to_owned()}</span> })}
                    </li>
                </For>
            </ul>
        </section>
    }
}

chunk! {
    fn publish_props(props: RwSignal<crate::model::publish_props::PublishPropsForm>) -> AnyView as publish_props {
        view! { <PublishPropsEditor props/> }.into_any()
    }
}

chunk! {
    fn collections_panel(form: PublishForm) -> AnyView as collections {
        view! { <CollectionsPanel form/> }.into_any()
    }
}
