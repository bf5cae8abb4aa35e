use leptos::prelude::*;

use super::words::{tr, trs};

use super::chunk::{chunk, Deferred};
use super::decoders::{DecoderBindings, DecoderChoice};
use super::shell::Shell;
use super::TopicPicker;
use crate::i18n::{reason, Describe};
use crate::model::decoding::{binding_filter, PayloadCodec};
use crate::model::server::ServerInfo;
use crate::model::SubState;
use crate::mqtt::{ProtocolVersion, QoS, ReasonPacket};

/// Add, list and remove subscriptions; each row shows what the broker answered.
#[component]
pub fn SubscribePanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell {
        lang,
        conn,
        topics,
        form,
        ..
    } = shell;
    let t = move || lang.get().t();
    let qos = shell.keep("sub.qos", || 0u8);
    let codec = shell.keep("sub.codec", || "auto".to_owned());
    let proto_type = shell.keep("sub.proto_type", String::new);
    let error = RwSignal::new(None::<crate::i18n::Text>);
    // The version the next subscribe goes out on: the server's once connected, else the form's.
    let version = move || {
        conn.server
            .with(|s| s.as_ref().map(|s| s.version))
            .unwrap_or_else(|| form.with(|f| f.mqtt5.version()))
    };

    let add = move || {
        let filter = shell.expand_topic(&topics.subscribe.get_untracked());
        let chosen = PayloadCodec::parse(&codec.get_untracked(), &proto_type.get_untracked());
        let chosen = match chosen {
            Ok(c) => c,
            Err(e) => return error.set(Some(e.describe())),
        };
        let q = QoS::from_u8(qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        let draft = topics.subscribe_options.get_untracked();
        let v = form.with_untracked(|f| f.mqtt5.version());
        let refused = conn.subscribe_with(&filter, q, &draft, v).err();
        if refused.is_none() && chosen != PayloadCodec::Auto {
            shell
                .slot
                .decoding
                .settings
                .update(|s| s.bindings.set(binding_filter(&filter), chosen));
        }
        error.set(refused);
    };

    view! {
        <section class="panel subscribe">
            <h2>{tr(lang, |t| t.subscriptions)}</h2>
            <form class="row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input
                    data-testid="sub-topic"
                    class="grow"
                    spellcheck="false"
                    placeholder=tr(lang, |t| t.topic_filter)
                    prop:value=move || topics.subscribe.get()
                    on:input=move |ev| topics.subscribe.set(event_target_value(&ev))
                />
                <select data-testid="sub-qos" on:change=move |ev| qos.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {[QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce].into_iter().map(|q| {
                        // Above the server's maximum QoS: off, and the title says why.
                        let limit = move || {
                            conn.server.with(|s| s.as_ref().and_then(|s| s.qos(q).err()))
                        };
                        let n = q.as_u8();
                        view! {
                            <option
                                value=n.to_string()
                                disabled=move || limit().is_some()
                                title=move || limit().map(|l| l.describe().get(lang.get()).to_owned()).unwrap_or_default()
                            >
                                {format!("QoS {n}")}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <button type="submit" data-testid="sub-add">{tr(lang, |t| t.subscribe)}</button>
            </form>
            <Show when=move || version() == ProtocolVersion::V5>
                <Deferred label=|t| t.part_sub_options load=subscribe_options/>
            </Show>
            <DecoderChoice codec proto_type/>
            <TopicPicker target=topics.subscribe testid="sub-topic-insert"/>
            {move || error.get().map(|e| view! { <p class="error" data-testid="sub-error">{e.get(lang.get()).to_owned()}</p> })}
            {move || conn.unsubscribe_reason.get().map(|e| view! { <p class="error small" data-testid="unsubscribe-reason">{e.get(lang.get()).to_owned()}</p> })}
            <ul class="subs">
                <For
                    each=move || conn.subs.with(|s| s.items().to_vec())
                    key=|s| (s.filter.clone(), s.state.clone(), s.muted, s.reason)
                    let:sub
                >
                    <li
                        data-testid="subscription"
                        data-topic=sub.filter.clone()
                        data-state=sub.state.as_str()
                        data-reason-code=sub.reason.map(|r| r.as_u8().to_string())
                        data-muted=sub.muted.to_string()
                        class=format!("c{}", sub.color)
                        class:muted-sub=sub.muted
                    >
                        <span class="swatch"></span>
                        <code class="topic">{sub.filter.clone()}</code>
                        <span class="badge">
                            {match sub.state {
                                SubState::Active(q) => format!("QoS {q}"),
                                SubState::Pending => "…".to_owned(),
                                SubState::Refused => format!(
                                    "SUBACK 0x{:02X}",
                                    sub.reason.map_or(0x80, |r| r.as_u8())
                                ),
                            }}
                        </span>
                        {(sub.state == SubState::Refused).then(|| {
                            let code = sub.reason;
                            // MQTT 5 says why per filter; 3.1.1 only says "refused".
                            let words = move || match code {
                                Some(code) if version() == ProtocolVersion::V5 => {
                                    reason::describe(ReasonPacket::SubAck, code).get(lang.get()).to_owned()
                                }
                                _ => t().suback_refused.to_owned(),
                            };
                            view! { <span class="error small" data-testid="sub-refused-reason">{words}</span> }
                        })}
                        <button
                            class="icon"
                            data-testid="sub-mute"
                            title=tr(lang, |t| t.mute)
                            aria-pressed=sub.muted.to_string()
                            on:click={
                                let filter = sub.filter.clone();
                                move |_| conn.subs.update(|s| s.toggle_mute(&filter))
                            }
                        >
                            {move || if sub.muted { t().show } else { t().hide }}
                        </button>
                        <button
                            class="icon"
                            data-testid="sub-remove"
                            title=tr(lang, |t| t.unsubscribe)
                            on:click={
                                let filter = sub.filter.clone();
                                move |_| error.set(conn.unsubscribe(&filter).err())
                            }
                        >
                            "×"
                        </button>
                    </li>
                </For>
            </ul>
            <Show when=move || conn.subs.with(|s| s.items().is_empty())>
                <p class="muted">{tr(lang, |t| t.no_subscriptions)}</p>
            </Show>
            <DecoderBindings/>
        </section>
    }
}

chunk! {
    fn subscribe_options() -> AnyView as subscribe_options {
        view! { <SubscribeOptionsFields/> }.into_any()
    }
}

/// The MQTT 5 options of the next subscribe; controls the server does not offer are off, with
/// the reason as their title.
#[component]
fn SubscribeOptionsFields() -> impl IntoView {
    let Shell {
        lang, conn, topics, ..
    } = Shell::get();
    let t = move || lang.get().t();
    let draft = topics.subscribe_options;
    let id_limit = move || {
        conn.server.with(|s| {
            s.as_ref()
                .and_then(|s| s.subscription_identifier().err())
                .map(|l| {
                    crate::i18n::Describe::describe(&l)
                        .get(lang.get())
                        .to_owned()
                })
        })
    };
    let shared_note = move || {
        conn.server.with(|s| {
            s.as_ref()
                .map(|s| s.filter("$share/g/t").is_err() || s.filter("#").is_err())
                .unwrap_or(false)
        })
    };
    let limits_text = move || {
        conn.server.with(|s| {
            let s: &ServerInfo = s.as_ref()?;
            let lines: Vec<String> = [s.filter("$share/g/t").err(), s.filter("#").err()]
                .into_iter()
                .flatten()
                .map(|l| {
                    crate::i18n::Describe::describe(&l)
                        .get(lang.get())
                        .to_owned()
                })
                .collect();
            Some(lines.join("; "))
        })
    };
    view! {
        <div class="row sub-options">
            {super::fields::checkbox(draft, "sub-no-local", trs(lang, |t| t.sub_no_local), |d| d.no_local, |d| &mut d.no_local)}
            {super::fields::checkbox(draft, "sub-retain-as-published", trs(lang, |t| t.sub_retain_as_published), |d| d.retain_as_published, |d| &mut d.retain_as_published)}
            <label class="field">
                <span>{tr(lang, |t| t.sub_retain_handling)}</span>
                <select
                    data-testid="sub-retain-handling"
                    on:change=move |ev| {
                        let v = event_target_value(&ev).parse().unwrap_or(0);
                        draft.update(|d| d.retain_handling = v);
                    }
                >
                    {[0u8, 1, 2].into_iter().map(|n| view! {
                        <option value=n.to_string() prop:selected=move || draft.with(|d| d.retain_handling == n)>
                            {move || match n { 0 => t().retain_handling_0, 1 => t().retain_handling_1, _ => t().retain_handling_2 }}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{tr(lang, |t| t.sub_identifier)}</span>
                <input
                    data-testid="sub-identifier"
                    inputmode="numeric"
                    placeholder=tr(lang, |t| t.sub_identifier_hint)
                    disabled=move || id_limit().is_some()
                    title=move || id_limit().unwrap_or_default()
                    prop:value=move || draft.with(|d| d.identifier.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.identifier = v);
                    }
                />
            </label>
            <Show when=shared_note>
                <p class="muted small" data-testid="sub-server-limits">{limits_text}</p>
            </Show>
        </div>
    }
}
