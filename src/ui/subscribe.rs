use leptos::prelude::*;

use super::shell::Shell;
use super::TopicPicker;
use crate::model::SubState;
use crate::mqtt::QoS;

/// Add, list and remove subscriptions; each row shows what the broker answered.
#[component]
pub fn SubscribePanel() -> impl IntoView {
    let shell = Shell::get();
    let Shell {
        lang, conn, topics, ..
    } = shell;
    let t = move || lang.get().t();
    let qos = RwSignal::new(0u8);
    let error = RwSignal::new(None::<crate::i18n::Text>);

    let add = move || {
        let filter = shell.expand_topic(&topics.subscribe.get_untracked());
        let q = QoS::from_u8(qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        error.set(conn.subscribe(&filter, q).err());
    };

    view! {
        <section class="panel subscribe">
            <h2>{move || t().subscriptions}</h2>
            <form class="row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <input
                    data-testid="sub-topic"
                    class="grow"
                    spellcheck="false"
                    placeholder=move || t().topic_filter
                    prop:value=move || topics.subscribe.get()
                    on:input=move |ev| topics.subscribe.set(event_target_value(&ev))
                />
                <select data-testid="sub-qos" on:change=move |ev| qos.set(event_target_value(&ev).parse().unwrap_or(0))>
                    <option value="0">"QoS 0"</option>
                    <option value="1">"QoS 1"</option>
                    <option value="2">"QoS 2"</option>
                </select>
                <button type="submit" data-testid="sub-add">{move || t().subscribe}</button>
            </form>
            <TopicPicker target=topics.subscribe testid="sub-topic-insert"/>
            {move || error.get().map(|e| view! { <p class="error" data-testid="sub-error">{e.get(lang.get()).to_owned()}</p> })}
            <ul class="subs">
                <For
                    each=move || conn.subs.with(|s| s.items().to_vec())
                    key=|s| (s.filter.clone(), s.state.clone(), s.muted)
                    let:sub
                >
                    <li
                        data-testid="subscription"
                        data-topic=sub.filter.clone()
                        data-state=sub.state.as_str()
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
                                SubState::Refused => "SUBACK 0x80".to_owned(),
                            }}
                        </span>
                        {(sub.state == SubState::Refused).then(|| view! { <span class="error small" data-testid="sub-refused-reason">{move || t().suback_refused}</span> })}
                        <button
                            class="icon"
                            data-testid="sub-mute"
                            title=move || t().mute
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
                            title=move || t().unsubscribe
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
                <p class="muted">{move || t().no_subscriptions}</p>
            </Show>
        </section>
    }
}
