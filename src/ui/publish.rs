use leptos::prelude::*;

use super::words::tr;

use super::chunk::{chunk, ChunkMissing, Deferred, LazyDetails};
use super::collections::{CollectionsPanel, PublishForm};
use super::publish_props::PublishPropsEditor;
use super::repeat::{Draft, RepeatPanel, TemplatePreview};
use super::shell::Shell;
use super::TopicPicker;
use crate::i18n::Describe;
use crate::model::decoder::Encoding;
use crate::model::history::Recent;
use crate::model::payload::{check_json, parse, pretty_json, PayloadFormat};
use crate::model::publish_props::PublishPropsForm;
use crate::model::server::Limit;
use crate::model::Mode;
use crate::mqtt::{ProtocolVersion, PublishProperties, QoS};
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
    // JSON sent encoded (`pub-encode`); a Protobuf type is the subscribe panel's `proto-type`.
    let encode = shell.keep("pub.encode", || "none".to_owned());
    let proto_type = shell.keep("sub.proto_type", String::new);
    let decoding = shell.slot.decoding;
    let error = RwSignal::new(None::<crate::i18n::Text>);
    let history = RwSignal::new(Recent::from_json(
        &storage::load(TOPICS_KEY).unwrap_or_default(),
        30,
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
    // The form as the template code (a chunk) reads it.
    let draft = Draft {
        topic: Callback::new(move |()| shell.expand_topic(&topics.publish.get_untracked())),
        payload,
        format,
        qos,
        retain,
        props: Callback::new(move |()| v5_now().then(|| props.get_untracked())),
        device: Callback::new(move |()| {
            form.with(|f| {
                (f.mode == Mode::Aliyun).then(|| (f.product_key.clone(), f.device_name.clone()))
            })
        }),
        aliyun: Signal::derive(aliyun),
        counter,
    };
    let published = move |typed_topic: &str| {
        if error.with_untracked(Option::is_some) {
            error.set(None);
        }
        remember(TOPICS_KEY, history, typed_topic);
    };
    let send = move || {
        let typed_topic = topics.publish.get_untracked();
        if payload.with_untracked(|p| p.contains("{{")) {
            // A template: expanded by its chunk (fetched the first time one is sent).
            leptos::task::spawn_local(async move {
                match send_template(draft, conn).await {
                    Ok(Ok(())) => published(&typed_topic),
                    Ok(Err(e)) => error.set(Some(e)),
                    Err(ChunkMissing) => {
                        error.set(Some(crate::i18n::chunk::failed_text(|t| t.preview)))
                    }
                }
            });
            return;
        }
        let topic = shell.expand_topic(&typed_topic);
        let q = QoS::from_u8(qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        let encoding = Encoding::parse(&encode.get_untracked(), &proto_type.get_untracked())
            .unwrap_or_default();
        if encoding != Encoding::None {
            // After a failed fetch, each send tries again.
            decoding.ensure(conn.log);
        }
        let body = match payload.with_untracked(|p| decoding.encode(&encoding, &topic, p)) {
            Some(Ok(b)) => b,
            Some(Err(e)) => return error.set(Some(e)),
            None => match payload.with_untracked(|p| parse(p, format.get_untracked())) {
                Ok(b) => b,
                Err(e) => return error.set(Some(e.describe())),
            },
        };
        // Properties exist on MQTT 5 only; on 3.1.1 the editor is hidden and nothing is sent.
        let properties = if v5_now() {
            match props.with_untracked(|p| p.build(&body)) {
                Ok(p) => p,
                Err(e) => return error.set(Some(e.describe())),
            }
        } else {
            PublishProperties::default()
        };
        // For benchmarks: where the console's publish begins, as mqtt.js's `publish()` call.
        crate::platform::probe::mark("publishAt");
        match conn.publish_with(&topic, body, q, retain.get_untracked(), properties) {
            Ok(_) => published(&typed_topic),
            Err(e) => error.set(Some(e)),
        }
    };
    let ever_connected = shell.keep("pub.repeat.shown", || false);
    Effect::new(move |_| {
        if conn.is_connected() && !ever_connected.get_untracked() {
            ever_connected.set(true);
        }
    });
    let collection_form = PublishForm {
        draft,
        topic: topics.publish,
        props,
        send: Callback::new(move |()| send()),
    };

    // The composer shows what every send needs; the rest (snippets, topic helpers, MQTT 5
    // properties, timed publishing, collections) folds under "More", drawn the first time it
    // is opened and kept per connection.
    let more = shell.keep("pub.more", || false);
    let more_once = shell.keep("pub.more.once", || false);
    Effect::new(move |_| {
        if more.get() && !more_once.get_untracked() {
            more_once.set(true);
        }
    });

    let more_parts = MoreParts {
        draft,
        collection: collection_form,
        props,
        v5: Signal::derive(v5),
        ever_connected,
        error,
    };

    view! {
        <section class="panel publish composer">
            <div class="row compose-head">
                <h2>{tr(lang, |t| t.publish)}</h2>
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
                <select
                    data-testid="pub-format"
                    prop:value=move || format.get().as_str()
                    on:change=move |ev| format.set(PayloadFormat::parse(&event_target_value(&ev)).unwrap_or_default())
                >
                    {PayloadFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{f.as_str()}</option> }).collect_view()}
                </select>
                <select
                    data-testid="pub-encode"
                    title=tr(lang, |t| t.pub_encode_title)
                    prop:value=move || encode.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v != "none" {
                            decoding.ensure(conn.log);
                        }
                        encode.set(v);
                    }
                >
                    {Encoding::NAMES.into_iter().map(|name| view! {
                        <option value=name>
                            {move || if name == "none" {
                                format!("{}: {}", t().pub_encode, t().pub_encode_none)
                            } else {
                                format!("{}: {}", t().pub_encode, crate::i18n::decoding::codec_label(name, lang.get()))
                            }}
                        </option>
                    }).collect_view()}
                </select>
                <button class="primary" data-testid="pub-send" title="Ctrl+Enter" on:click=move |_| send()>{tr(lang, |t| t.send)}</button>
                <button
                    data-testid="pub-more"
                    title=tr(lang, |t| t.publish_more_title)
                    aria-expanded=move || more.get().to_string()
                    on:click=move |_| more.update(|m| *m = !*m)
                >
                    {tr(lang, |t| t.publish_more)} {move || if more.get() { " \u{25b4}" } else { " \u{25be}" }}
                </button>
            </div>
            <textarea
                data-testid="pub-payload"
                rows="3"
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
            {move || error.get().map(|e| view! { <p class="error" data-testid="pub-error">{e.get(lang.get()).to_owned()}</p> })}
            <Show when=move || payload.with(|p| p.contains("{{"))>
                <Deferred label=|t| t.preview load=move || template_preview(draft)/>
            </Show>
            <Show when=move || more_once.get()>
                <div class="compose-more" hidden=move || !more.get()>
                    <Deferred label=|t| t.publish_more load=move || composer_more(more_parts)/>
                </div>
            </Show>
        </section>
    }
}

/// What the composer's "More" works on, handed to its chunk.
#[derive(Clone, Copy)]
pub struct MoreParts {
    draft: Draft,
    collection: PublishForm,
    props: RwSignal<PublishPropsForm>,
    /// Whether sends carry MQTT 5 properties (the connection's version, or the form's).
    v5: Signal<bool>,
    /// Whether this connection has connected once (timed publishing is shown from then on).
    ever_connected: RwSignal<bool>,
    /// The composer's error line.
    error: RwSignal<Option<crate::i18n::Text>>,
}

chunk! {
    fn composer_more(parts: MoreParts) -> AnyView as publish_more {
        view! { <ComposerMore parts/> }.into_any()
    }
}

/// Snippets, the pretty-printer, the topic helpers, MQTT 5 properties, timed publishing and
/// the collections: what the composer folds under "More".
#[component]
fn ComposerMore(parts: MoreParts) -> impl IntoView {
    let Shell { lang, topics, .. } = Shell::get();
    let MoreParts {
        draft,
        collection,
        props,
        v5,
        ever_connected,
        error,
    } = parts;
    let Draft {
        payload,
        format,
        aliyun,
        ..
    } = draft;
    let snippets = RwSignal::new(Recent::from_json(
        &storage::load(SNIPPETS_KEY).unwrap_or_default(),
        50,
    ));
    let save_snippet = move |_| {
        let item = payload.get_untracked();
        if snippets.with_untracked(|l| l.is_newest(&item)) {
            return;
        }
        snippets.update(|l| l.touch(&item));
        if let Err(e) = storage::save(SNIPPETS_KEY, &snippets.with_untracked(Recent::to_json)) {
            error.set(Some(e.describe()));
        }
    };
    let pretty = move |_| {
        if let Some(p) = payload.with_untracked(|p| pretty_json(p)) {
            payload.set(p);
        }
    };
    view! {
        <TopicPicker target=topics.publish testid="pub-topic-insert"/>
        <Show when=move || aliyun.get()>
            <p class="muted small" data-testid="pub-aliyun-note">{tr(lang, |t| t.no_retain_aliyun)}</p>
        </Show>
        <div class="row">
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
            <button data-testid="pub-snippet-save" on:click=save_snippet>
                {tr(lang, |t| t.save_snippet)}
            </button>
        </div>
        <Show when=move || v5.get()>
            <Deferred label=|t| t.pub_properties load=move || publish_props(props)/>
        </Show>
        // Timed publishing, once this connection has connected; it stays shown after a
        // disconnect, which stops the timers.
        <Show when=move || ever_connected.get()>
            <Deferred label=|t| t.repeat_title load=move || repeat_panel(draft)/>
        </Show>
        <LazyDetails class="collections" summary=|t| t.collections load=move || collections_panel(collection)/>
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

chunk! {
    fn repeat_panel(form: Draft) -> AnyView as repeat {
        view! { <RepeatPanel form/> }.into_any()
    }
}

chunk! {
    fn template_preview(draft: Draft) -> AnyView as template {
        view! { <TemplatePreview draft/> }.into_any()
    }
}

chunk! {
    /// Expands the form's template and publishes the message.
    fn send_template(draft: Draft, conn: crate::store::Connection) -> Result<(), crate::i18n::Text> as template_send {
        draft.send(conn)
    }
}
