//! Dynamic registration (one product, one secret): ProductSecret + DeviceName → DeviceSecret or
//! device token.

use leptos::prelude::*;

use super::words::tr;

use super::shell::Shell;
use crate::aliyun::{RegisterMode, Registered, RegistrationKind};
use crate::i18n::Describe;

/// The registration section of the device tools.
#[component]
pub fn RegistrationSection() -> impl IntoView {
    let Shell {
        lang, form, tools, ..
    } = Shell::get();
    let reg = tools.registration;
    let t = move || lang.get().t();
    let form_error = RwSignal::new(None::<crate::i18n::Text>);
    // Which registration the form's endpoint and instance id make: securemode=-2 or 2.
    let kind = Memo::new(move |_| form.with(|f| f.registration_kind()));
    let start = move |_| {
        form_error.set(None);
        match form.with_untracked(|f| f.aliyun_device()) {
            Ok(device) => {
                let random = (js_sys::Math::random() * 1e15) as u64;
                reg.start(&device, random, js_sys::Date::now() as u64);
            }
            Err(e) => form_error.set(Some(crate::i18n::Describe::describe(&e))),
        }
    };
    let use_result = move |_| {
        if let Some(Ok(done)) = reg.result.get_untracked() {
            form.update(|f| f.apply_registered(done));
        }
    };
    let state = move || match (
        reg.running.get(),
        reg.result.with(|r| r.as_ref().map(Result::is_ok)),
    ) {
        (true, _) => "running",
        (false, Some(true)) => "ok",
        (false, Some(false)) => "error",
        (false, None) => "idle",
    };
    view! {
        <details class="dynreg">
            <summary>{tr(lang, |t| t.registration_title)}</summary>
            <p class="warn small">{tr(lang, |t| t.registration_warning)}</p>
            <p class="muted small">{tr(lang, |t| t.registration_uses)}</p>
            <label class="field">
                <span>"ProductSecret"</span>
                <input type="password" data-testid="dynreg-product-secret" autocomplete="off" spellcheck="false"
                    prop:value=move || reg.product_secret.get()
                    on:input=move |ev| reg.product_secret.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{tr(lang, |t| t.instance_id)}</span>
                <input type="text" data-testid="dynreg-instance-id" autocomplete="off" spellcheck="false"
                    placeholder=tr(lang, |t| t.instance_id_placeholder)
                    prop:value=move || form.with(|f| f.instance_id.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.instance_id = v); }/>
            </label>
            {move || {
                let (securemode, class, text) = match kind.get() {
                    Ok(k) => {
                        let securemode = match k {
                            RegistrationKind::PublicInstance => "2",
                            RegistrationKind::Instance { .. } => "-2",
                        };
                        (securemode, "muted small", k.describe())
                    }
                    Err(e) => ("", "error", e.describe()),
                };
                view! { <p class=class data-testid="dynreg-kind" data-securemode=securemode>{text.get(lang.get()).to_owned()}</p> }
            }}
            <div class="row">
                <select data-testid="dynreg-mode" on:change=move |ev| {
                    if let Some(m) = RegisterMode::parse(&event_target_value(&ev)) { reg.mode.set(m) }
                }>
                    <option value="register" prop:selected=move || reg.mode.get() == RegisterMode::Register>
                        {tr(lang, |t| t.registration_mode_register)}
                    </option>
                    <option value="regnwl" prop:selected=move || reg.mode.get() == RegisterMode::Regnwl>
                        {tr(lang, |t| t.registration_mode_regnwl)}
                    </option>
                </select>
                <button data-testid="dynreg-start" disabled=move || reg.running.get() on:click=start>
                    {tr(lang, |t| t.registration_start)}
                </button>
            </div>
            {move || form_error.get().map(|e| view! { <p class="error" data-testid="dynreg-form-error">{e.get(lang.get()).to_owned()}</p> })}
            <div data-testid="dynreg-result" data-state=state>
                {move || match reg.result.get() {
                    None if reg.running.get() => view! { <p class="muted">{t().registration_running}</p> }.into_any(),
                    None => ().into_any(),
                    Some(Err(e)) => view! { <p class="error">{e.describe().get(lang.get()).to_owned()}</p> }.into_any(),
                    Some(Ok(Registered::Secret { device_name, device_secret, .. })) => view! {
                        <p>{t().registration_secret_of}<code>{device_name}</code>{t().registration_secret_is}
                            <code data-testid="dynreg-secret">{device_secret}</code></p>
                        <p class="muted small">{t().registration_keep_secret}</p>
                    }.into_any(),
                    Some(Ok(Registered::Token { client_id, device_token, .. })) => view! {
                        <p>{t().registration_token}<code data-testid="dynreg-token">{device_token}</code></p>
                        <p class="muted small">{t().registration_token_client_id}<code>{client_id}</code>
                            {t().registration_token_auth}</p>
                    }.into_any(),
                }}
            </div>
            <Show when=move || reg.result.with(|r| matches!(r, Some(Ok(_))))>
                <button data-testid="dynreg-use" on:click=use_result>
                    {tr(lang, |t| t.registration_use)}
                </button>
            </Show>
        </details>
    }
}
