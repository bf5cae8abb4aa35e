//! Dynamic registration (一型一密): ProductSecret + DeviceName → DeviceSecret or device token.

use leptos::prelude::*;

use super::app::Shell;
use crate::aliyun::{DeviceAuth, RegisterMode, Registered};
use crate::i18n::Lang;

/// The registration section of the device tools.
#[component]
pub fn DynregSection() -> impl IntoView {
    let Shell {
        lang, conn, form, ..
    } = Shell::get();
    let reg = conn.tools.registration;
    let l = move |en: &'static str, zh: &'static str| if lang.get() == Lang::Zh { zh } else { en };
    let form_error = RwSignal::new(None::<crate::i18n::Text>);
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
            form.update(|f| match done {
                Registered::Secret { device_secret, .. } => {
                    f.device_secret = device_secret;
                    f.aliyun_auth = DeviceAuth::Secret.as_str().to_owned();
                }
                Registered::Token {
                    client_id,
                    device_token,
                    ..
                } => {
                    f.aliyun_client_id = client_id;
                    f.device_secret = device_token;
                    f.aliyun_auth = DeviceAuth::Token.as_str().to_owned();
                }
            });
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
            <summary>{move || l("Dynamic registration (one product, one secret)", "动态注册（一型一密）")}</summary>
            <p class="warn small">{move || l(
                "The ProductSecret can register every device of the product. Type it only on a machine you trust; the console keeps it in memory for this tab and never saves it. Aliyun accepts registration only over TLS (wss://).",
                "ProductSecret 可以为该产品下的任意设备注册。请只在可信的电脑上输入；本工具只在当前标签页内存中保留它，不会保存。阿里云只接受 TLS（wss://）上的动态注册。",
            )}</p>
            <p class="muted small">{move || l(
                "Uses ProductKey, DeviceName, host, path, client id and sign method from the connection form.",
                "使用连接表单中的 ProductKey、DeviceName、接入域名、路径、ClientID 和签名方法。",
            )}</p>
            <label class="field">
                <span>"ProductSecret"</span>
                <input type="password" data-testid="dynreg-product-secret" autocomplete="off" spellcheck="false"
                    prop:value=move || reg.product_secret.get()
                    on:input=move |ev| reg.product_secret.set(event_target_value(&ev))/>
            </label>
            <div class="row">
                <select data-testid="dynreg-mode" on:change=move |ev| {
                    if let Some(m) = RegisterMode::parse(&event_target_value(&ev)) { reg.mode.set(m) }
                }>
                    <option value="register" prop:selected=move || reg.mode.get() == RegisterMode::Register>
                        {move || l("register: pre-registered device → DeviceSecret", "register：已预注册设备 → DeviceSecret")}
                    </option>
                    <option value="regnwl" prop:selected=move || reg.mode.get() == RegisterMode::Regnwl>
                        {move || l("regnwl: no pre-registration → device token", "regnwl：免预注册 → 设备 Token")}
                    </option>
                </select>
                <button data-testid="dynreg-start" disabled=move || reg.running.get() on:click=start>
                    {move || l("Register", "注册")}
                </button>
            </div>
            {move || form_error.get().map(|e| view! { <p class="error" data-testid="dynreg-form-error">{e.get(lang.get()).to_owned()}</p> })}
            <div data-testid="dynreg-result" data-state=state>
                {move || match reg.result.get() {
                    None if reg.running.get() => view! { <p class="muted">{l("registering…", "注册中…")}</p> }.into_any(),
                    None => ().into_any(),
                    Some(Err(e)) => view! { <p class="error">{e.get(lang.get()).to_owned()}</p> }.into_any(),
                    Some(Ok(Registered::Secret { device_name, device_secret, .. })) => view! {
                        <p>{l("DeviceSecret of ", "设备 ")}<code>{device_name}</code>{l(": ", " 的 DeviceSecret：")}
                            <code data-testid="dynreg-secret">{device_secret}</code></p>
                        <p class="muted small">{l(
                            "Registering again issues a new secret and voids this one: keep it.",
                            "再次注册会签发新的密钥，当前密钥随即失效：请妥善保存。",
                        )}</p>
                    }.into_any(),
                    Some(Ok(Registered::Token { client_id, device_token, .. })) => view! {
                        <p>{l("Device token: ", "设备 Token：")}<code data-testid="dynreg-token">{device_token}</code></p>
                        <p class="muted small">{l("Log in with client id ", "登录时 ClientID 须为 ")}<code>{client_id}</code>
                            {l(" and authType=connwl.", "，authType=connwl。")}</p>
                    }.into_any(),
                }}
            </div>
            <Show when=move || reg.result.with(|r| matches!(r, Some(Ok(_))))>
                <button data-testid="dynreg-use" on:click=use_result>
                    {move || l("Use in the connection form (then save the profile)", "填入连接表单（然后保存配置）")}
                </button>
            </Show>
        </details>
    }
}
