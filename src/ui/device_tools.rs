use leptos::prelude::*;

use super::words::tr;

use super::chunk::{chunk, Deferred};
use super::shell::Shell;
use crate::i18n::Describe;
use crate::model::device_tools::RrpcState;
use crate::model::Mode;

const OPEN_KEY: &str = "mqtt-console.open.device-tools";

/// Aliyun device tools (NTP clock offset, RRPC, thing model, shadow, dynamic registration), folded
/// until first opened: their code is a chunk fetched then. The panel stays open across reloads
/// once opened, so someone who uses the tools gets them at once (from the cache) next time.
#[component]
pub fn DeviceToolsPanel() -> impl IntoView {
    let Shell { lang, form, .. } = Shell::get();
    let open = RwSignal::new(crate::platform::storage::load(OPEN_KEY).as_deref() == Some("1"));
    let toggled = move |ev: leptos::ev::Event| {
        let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if now != open.get_untracked() {
            open.set(now);
            // Remembering is a convenience: a full or missing storage only forgets it.
            let _ = crate::platform::storage::save(OPEN_KEY, if now { "1" } else { "0" });
        }
    };
    view! {
        <Show when=move || form.with(|f| f.mode == Mode::Aliyun)>
            <details class="panel tools" data-testid="device-tools" prop:open=move || open.get() on:toggle=toggled>
                <summary data-testid="device-tools-open"><h2>{move || lang.get().t().device_tools}</h2></summary>
                {move || open.get().then(|| view! { <Deferred label=|t| t.device_tools load=device_tools_body/> })}
            </details>
        </Show>
    }
}

chunk! {
    fn device_tools_body() -> AnyView as device_tools {
        view! { <DeviceToolsBody/> }.into_any()
    }
}

/// What the device tools panel holds once its code is loaded.
#[component]
fn DeviceToolsBody() -> impl IntoView {
    let Shell {
        lang,
        conn,
        tools: store,
        ..
    } = Shell::get();
    let tools = store.tools;
    // Views of the parts each element shows, so a change elsewhere in the tools redraws nothing.
    let requests = Memo::new(move |_| tools.with(|t| t.rrpc.requests.clone()));
    let reply_text = Memo::new(move |_| tools.with(|t| t.rrpc.reply.clone()));
    let error = RwSignal::new(None::<crate::i18n::Text>);
    let connected = move || conn.is_connected();
    let toggle_auto = move |ev| {
        let on = event_target_checked(&ev);
        tools.update(|t| t.rrpc.auto = on);
        if on {
            error.set(store.rrpc_listen().err());
        }
    };
    view! {
                <div class="row">
                    <button data-testid="ntp-sync" disabled=move || !connected() on:click=move |_| error.set(store.ntp_sync().err())>
                        {tr(lang, |t| t.ntp_sync)}
                    </button>
                    <span>{tr(lang, |t| t.ntp_offset)} ": "</span>
                    <code data-testid="ntp-offset">{move || store.ntp_offset.get().map(|o| o.to_string()).unwrap_or_default()}</code>
                    <span class="muted">"ms"</span>
                    <label class="check">
                        <input type="checkbox" data-testid="ntp-on-connect" prop:checked=move || tools.with(|t| t.ntp.on_connect) on:change=move |ev| { let on = event_target_checked(&ev); tools.update(|t| t.ntp.on_connect = on) }/>
                        <span>{tr(lang, |t| t.ntp_on_connect)}</span>
                    </label>
                </div>
                {move || tools.with(|t| t.ntp.error.as_ref().map(Describe::describe)).map(|e| view! { <p class="error">{e.get(lang.get()).to_owned()}</p> })}
                <p class="muted small">{tr(lang, |t| t.ntp_hint)}</p>
                <div class="row">
                    <label class="check">
                        <input type="checkbox" data-testid="rrpc-auto" disabled=move || !connected() prop:checked=move || tools.with(|t| t.rrpc.auto) on:change=toggle_auto/>
                        <span>{tr(lang, |t| t.rrpc_auto)}</span>
                    </label>
                    <button data-testid="rrpc-listen" disabled=move || !connected() on:click=move |_| error.set(store.rrpc_listen().err())>
                        {tr(lang, |t| t.rrpc_listen)}
                    </button>
                </div>
                <textarea
                    data-testid="rrpc-reply-payload"
                    rows="2"
                    spellcheck="false"
                    prop:value=move || reply_text.get()
                    on:input=move |ev| { let v = event_target_value(&ev); tools.update(|t| t.rrpc.reply = v) }
                ></textarea>
                <ul class="rrpc">
                    <For each=move || requests.get() key=|r| (r.message_id.clone(), r.state) let:req>
                        <li data-testid="rrpc-request" data-message-id=req.message_id.clone() data-state=req.state.as_str()>
                            <code>{req.message_id.clone()}</code>
                            <span class="payload">{req.payload.clone()}</span>
                            {(req.state == RrpcState::Pending).then(|| {
                                let id = req.message_id.clone();
                                view! { <button data-testid="rrpc-reply" on:click=move |_| error.set(store.rrpc_reply(&id).err())>{tr(lang, |t| t.reply)}</button> }
                            })}
                        </li>
                    </For>
                </ul>
                <super::thing_model::ThingModelSection/>
                <super::shadow::ShadowSection/>
                <super::registration::RegistrationSection/>
                {move || error.get().map(|e| view! { <p class="error" data-testid="tools-error">{e.get(lang.get()).to_owned()}</p> })}
    }
}
