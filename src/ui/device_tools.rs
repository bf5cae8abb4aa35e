use leptos::prelude::*;

use super::app::Shell;
use crate::model::{Mode, Status};
use crate::store::device_tools::RrpcState;

/// Aliyun device tools: NTP clock offset, RRPC, thing model, shadow, dynamic registration.
#[component]
pub fn DeviceToolsPanel() -> impl IntoView {
    let Shell {
        lang, conn, form, ..
    } = Shell::get();
    let t = move || lang.get().t();
    let tools = conn.tools;
    let error = RwSignal::new(None::<crate::i18n::Text>);
    let connected = move || conn.status.get() == Status::Connected;
    let toggle_auto = move |ev| {
        let on = event_target_checked(&ev);
        tools.rrpc_auto.set(on);
        if on {
            error.set(conn.rrpc_listen().err());
        }
    };
    view! {
        <Show when=move || form.with(|f| f.mode == Mode::Aliyun)>
            <section class="panel tools">
                <h2>{move || t().device_tools}</h2>
                <div class="row">
                    <button data-testid="ntp-sync" disabled=move || !connected() on:click=move |_| error.set(conn.ntp_sync().err())>
                        {move || t().ntp_sync}
                    </button>
                    <span>{move || t().ntp_offset} ": "</span>
                    <code data-testid="ntp-offset">{move || tools.ntp_offset.get().map(|o| o.to_string()).unwrap_or_default()}</code>
                    <span class="muted">"ms"</span>
                    <label class="check">
                        <input type="checkbox" data-testid="ntp-on-connect" prop:checked=move || tools.ntp_on_connect.get() on:change=move |ev| tools.ntp_on_connect.set(event_target_checked(&ev))/>
                        <span>{move || t().ntp_on_connect}</span>
                    </label>
                </div>
                {move || tools.ntp_error.get().map(|e| view! { <p class="error">{e.get(lang.get()).to_owned()}</p> })}
                <p class="muted small">{move || t().ntp_hint}</p>
                <div class="row">
                    <label class="check">
                        <input type="checkbox" data-testid="rrpc-auto" disabled=move || !connected() prop:checked=move || tools.rrpc_auto.get() on:change=toggle_auto/>
                        <span>{move || t().rrpc_auto}</span>
                    </label>
                    <button data-testid="rrpc-listen" disabled=move || !connected() on:click=move |_| error.set(conn.rrpc_listen().err())>
                        {move || t().rrpc_listen}
                    </button>
                </div>
                <textarea
                    data-testid="rrpc-reply-payload"
                    rows="2"
                    spellcheck="false"
                    prop:value=move || tools.rrpc_reply.get()
                    on:input=move |ev| tools.rrpc_reply.set(event_target_value(&ev))
                ></textarea>
                <ul class="rrpc">
                    <For each=move || tools.rrpc_requests.get() key=|r| (r.message_id.clone(), r.state) let:req>
                        <li data-testid="rrpc-request" data-message-id=req.message_id.clone() data-state=req.state.as_str()>
                            <code>{req.message_id.clone()}</code>
                            <span class="payload">{req.payload.clone()}</span>
                            {(req.state == RrpcState::Pending).then(|| {
                                let id = req.message_id.clone();
                                view! { <button data-testid="rrpc-reply" on:click=move |_| error.set(conn.rrpc_reply(&id).err())>{move || t().reply}</button> }
                            })}
                        </li>
                    </For>
                </ul>
                <super::thing_model::ThingModelSection/>
                <super::shadow::ShadowSection/>
                <super::dynreg::DynregSection/>
                {move || error.get().map(|e| view! { <p class="error" data-testid="tools-error">{e.get(lang.get()).to_owned()}</p> })}
            </section>
        </Show>
    }
}
