//! Timed publishing under the publish form: an interval and a count, start and stop, the
//! newest timer's sent count, and every timer of the connection with its counts (several run at
//! once). Fetched with its chunk once the connection has connected.

use leptos::prelude::*;

use super::shell::Shell;
use super::words::tr;
use crate::aliyun::DEVICE_PUBLISH_PER_SECOND;
use crate::i18n::{Describe, Text};
use crate::model::compose::{Compose, ComposeError};
use crate::model::payload::PayloadFormat;
use crate::model::publish_props::PublishPropsForm;
use crate::model::repeat::{over_limit, RepeatPlan};
use crate::model::template::{Expand, Template};
use crate::mqtt::QoS;
use crate::store::timers::Timers;
use crate::store::Connection;

/// The publish form as the template code reads it: timed publishing, the preview and the
/// send of a templated payload.
#[derive(Clone, Copy)]
pub struct Draft {
    /// The topic with its placeholders filled.
    pub topic: Callback<(), String>,
    /// The payload template as typed.
    pub payload: RwSignal<String>,
    /// Its format.
    pub format: RwSignal<PayloadFormat>,
    /// QoS 0–2.
    pub qos: RwSignal<u8>,
    /// Retain flag.
    pub retain: RwSignal<bool>,
    /// The MQTT 5 properties form (`None` on MQTT 3.1.1).
    pub props: Callback<(), Option<PublishPropsForm>>,
    /// The Aliyun device of the form (ProductKey, DeviceName).
    pub device: Callback<(), Option<(String, String)>>,
    /// Whether the connection is an Aliyun one (its rate limit is warned about).
    pub aliyun: Signal<bool>,
    /// `{{counter}}` of the publish button: its last send's number.
    pub counter: RwSignal<u64>,
}

impl Draft {
    /// The form as one message to build for each send, or why it cannot be.
    pub fn compose(&self) -> Result<Compose, Text> {
        let topic = self.topic.run(());
        let qos = QoS::from_u8(self.qos.get_untracked()).unwrap_or(QoS::AtMostOnce);
        let props = self.props.run(());
        self.payload
            .with_untracked(|p| {
                Compose::new(
                    topic,
                    p,
                    self.format.get_untracked(),
                    qos,
                    self.retain.get_untracked(),
                    props,
                )
            })
            .map_err(|e| e.describe())
    }

    /// Expands the template as send number `counter` would.
    fn expand<T>(&self, counter: u64, f: impl FnOnce(&mut Expand<'_>) -> T) -> T {
        let device = self.device.run(());
        let mut random = js_sys::Math::random;
        f(&mut Expand {
            now_ms: js_sys::Date::now() as u64,
            counter,
            random: &mut random,
            device: device.as_ref().map(|(pk, dn)| (pk.as_str(), dn.as_str())),
        })
    }

    /// Publishes the form once on `conn`, its template expanded; the counter advances when the
    /// template uses it.
    pub fn send(&self, conn: Connection) -> Result<(), Text> {
        let c = self.compose()?;
        let n = self.counter.get_untracked() + 1;
        let m = self
            .expand(n, |ctx| c.build(ctx))
            .map_err(|e| e.describe())?;
        crate::platform::probe::mark("publishAt");
        conn.publish_with(&c.topic, m.payload, c.qos, c.retain, m.properties)?;
        if c.template.uses_counter() {
            self.counter.set(n);
        }
        Ok(())
    }
}

/// The payload after expansion as the next send would make it, or why it cannot be expanded.
#[component]
pub fn TemplatePreview(
    /// The publish form.
    draft: Draft,
) -> impl IntoView {
    let lang = Shell::get().lang;
    let preview = move || -> Result<String, String> {
        let l = lang.get();
        let template = draft
            .payload
            .with(|p| Template::parse(p))
            .map_err(|e| e.describe().get(l).to_owned())?;
        let n = draft.counter.get() + 1;
        draft
            .expand(n, |ctx| template.expand(ctx))
            .map_err(|e| ComposeError::Expand(e).describe().get(l).to_owned())
    };
    move || match preview() {
        Ok(text) => view! {
            <div class="preview">
                <span class="muted small">{tr(lang, |t| t.preview)}</span>
                <pre data-testid="pub-preview">{text}</pre>
            </div>
        }
        .into_any(),
        Err(e) => view! { <p class="error" data-testid="pub-template-error">{e}</p> }.into_any(),
    }
}

/// The timed publishing controls and the connection's timers.
#[component]
pub fn RepeatPanel(
    /// The publish form it repeats.
    form: Draft,
) -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    // The timers belong to the connection: made the first time, they outlive this panel.
    let conn = shell.conn;
    let timers = shell
        .keep("pub.repeat.timers", || Timers::new(conn))
        .get_untracked();
    let interval = shell.keep("pub.repeat.interval", || "1000".to_owned());
    let count = shell.keep("pub.repeat.count", String::new);
    let repeat_error = RwSignal::new(None::<Text>);
    let aliyun = move || form.aliyun.get();
    let compose = move || form.compose();
    let device = move || form.device.run(());
    // The plan as typed.
    let plan = move || interval.with(|i| count.with(|c| RepeatPlan::parse(i, c)));
    let start_timer = move || {
        let plan = match untrack(plan) {
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
            if let Ok(p) = plan() {
                plans.push(p);
            }
        }
        over_limit(&plans, DEVICE_PUBLISH_PER_SECOND)
            .map(|rate| crate::i18n::publishing::over_aliyun_limit(lang.get(), rate))
    };

    view! {
        <div class="repeat-body">
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
        </div>
    }
}
