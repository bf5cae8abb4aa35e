//! The profile bar: pick, save, delete, export and import connection profiles. What each
//! control does is in [`crate::store::profiles`]; this file only draws it.

use leptos::prelude::*;

use super::words::tr;

use super::chunk::{chunk, Deferred};
use super::shell::Shell;
use crate::store::profiles::{Profiles, Targets, EXPORT_FILE};

/// Where the profile bar goes. Its code (profile storage, import and export of three formats)
/// is a chunk: fetched at once when there is something to list (saved profiles, or the serve
/// command's demo profiles), else when the user asks for it.
#[component]
pub fn ProfileSlot() -> impl IntoView {
    let lang = Shell::get().lang;
    let listed = crate::store::profiles::anything_to_list();
    let wanted = RwSignal::new(listed);
    move || {
        if wanted.get() {
            // Asked for by the button: the management dialog opens with the bar.
            view! { <Deferred label=|t| t.part_profiles load=move || profile_bar(!listed)/> }
                .into_any()
        } else {
            view! {
                <button class="link" data-testid="profiles-open" on:click=move |_| wanted.set(true)>
                    {tr(lang, |t| t.profiles_open)}
                </button>
            }
            .into_any()
        }
    }
}

chunk! {
    fn profile_bar(manage: bool) -> AnyView as profiles {
        view! { <ProfileBar manage/> }.into_any()
    }
}

/// Loads saved profiles (and the serve command's demo profiles) and lists them; saving,
/// deleting, import, export and links are in a dialog opened from the bar.
#[component]
pub fn ProfileBar(
    /// Whether the management dialog is open at first.
    manage: bool,
) -> impl IntoView {
    let shell = Shell::get();
    let lang = shell.lang;
    // Only the page's first connection is filled from the last used (or first demo) profile,
    // and only the first time its bar appears: coming back to it keeps what it holds.
    let prefill = shell.slot.prefill.get_value();
    shell.slot.prefill.set_value(false);
    let p = Profiles::load(
        Targets {
            form: shell.form,
            subscribe: shell.topics.subscribe,
            publish: shell.topics.publish,
            subscribe_options: shell.topics.subscribe_options,
            decoders: shell.topics.decoders,
        },
        prefill,
    );
    p.load_demo(prefill);
    // The chosen profile's name stays with the connection (its collection items follow it).
    let kept = shell.keep("profile.chosen", String::new);
    if !prefill && !kept.get_untracked().is_empty() {
        p.chosen.set(kept.get_untracked());
    }
    Effect::new(move |_| {
        let chosen = p.chosen.get();
        if kept.with_untracked(|k| *k != chosen) {
            kept.set(chosen);
        }
    });
    let passphrase_input = RwSignal::new(String::new());
    let open = RwSignal::new(manage);
    // What needs an answer or a reading (a passphrase to give, an import's notes, an error)
    // is in the dialog: it opens to show it.
    Effect::new(move |_| {
        let asks = p.pending.with(Option::is_some)
            || p.notice.with(Option::is_some)
            || p.error.with(Option::is_some);
        if asks && !open.get_untracked() {
            open.set(true);
        }
    });

    view! {
        <div class="profiles">
            <div class="row">
                <select data-testid="profile-select" class="grow" title=tr(lang, |t| t.profile) aria-label=tr(lang, |t| t.profile) on:change=move |ev| p.choose(&event_target_value(&ev))>
                    <option value="" prop:selected=move || p.chosen.with(String::is_empty)>{tr(lang, |t| t.choose_profile)}</option>
                    <For each=move || p.saved_names() key=|x| x.clone() let:item>
                        <option value=item.0.clone() prop:selected={ let n = item.0.clone(); move || p.chosen.with(|c| *c == n) }>
                            {format!("{}{}", item.0, if item.1 { " 🔒" } else { "" })}
                        </option>
                    </For>
                    <For each=move || p.demo.get() key=|d| d.name.clone() let:d>
                        <option value=d.name.clone() prop:selected={ let n = d.name.clone(); move || p.chosen.with(|c| *c == n) }>{d.name.clone()}</option>
                    </For>
                </select>
                <button
                    data-testid="profiles-manage"
                    title=tr(lang, |t| t.profiles_manage_title)
                    aria-haspopup="dialog"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.set(true)
                >
                    {tr(lang, |t| t.profiles_manage)}
                </button>
            </div>
            <Show when=move || open.get()>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="false"
                    data-testid="profiles-dialog"
                    aria-label=tr(lang, |t| t.profiles_manage_title)
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <div class="row dialog-head">
                        <h2 class="grow">{tr(lang, |t| t.profiles_manage_title)}</h2>
                        <button class="icon" data-testid="profiles-close" title=tr(lang, |t| t.dialog_close) aria-label=tr(lang, |t| t.dialog_close) on:click=move |_| open.set(false)>"\u{d7}"</button>
                    </div>
                    <div class="row">
                        <input
                            data-testid="profile-name"
                            class="grow"
                            placeholder=tr(lang, |t| t.profile_name)
                            prop:value=move || p.name.get()
                            on:input=move |ev| p.name.set(event_target_value(&ev))
                        />
                        <button data-testid="profile-save" on:click=move |_| p.save()>{tr(lang, |t| t.save)}</button>
                        <button data-testid="profile-delete" disabled=move || p.chosen.with(|c| !p.is_saved(c)) on:click=move |_| p.delete()>
                            {tr(lang, |t| t.delete)}
                        </button>
                    </div>
                    <label class="check">
                        <input type="checkbox" data-testid="profile-keep-secrets" prop:checked=move || p.keep_secrets.get() on:change=move |ev| p.keep_secrets.set(event_target_checked(&ev))/>
                        <span>{tr(lang, |t| t.keep_secrets)}</span>
                    </label>
                    <Show when=move || p.pending.with(Option::is_some)>
                        <form class="passphrase" data-testid="passphrase-prompt" on:submit=move |ev| { ev.prevent_default(); p.unlock(passphrase_input.get_untracked()); passphrase_input.set(String::new()); }>
                            <span>{tr(lang, |t| t.passphrase_ask)}</span>
                            <input type="password" data-testid="passphrase" autocomplete="off" prop:value=move || passphrase_input.get() on:input=move |ev| passphrase_input.set(event_target_value(&ev))/>
                            <button type="submit" data-testid="passphrase-ok">"OK"</button>
                            <button type="button" on:click=move |_| p.pending.set(None)>"×"</button>
                        </form>
                    </Show>
                    <div class="row">
                        <button data-testid="profile-export" on:click=move |_| crate::platform::download::download(EXPORT_FILE, "application/json", &p.export())>
                            {tr(lang, |t| t.export)}
                        </button>
                        <label class="button">
                            {tr(lang, |t| t.import)}
                            <input
                                type="file"
                                data-testid="profile-import"
                                accept=".json,.xml,application/json,text/xml"
                                on:change=move |ev| {
                                    let input: web_sys::HtmlInputElement = event_target(&ev);
                                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                        leptos::task::spawn_local(async move {
                                            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                                                Ok(text) => {
                                                    if p.import(&text.as_string().unwrap_or_default()) {
                                                        shell.workspace.collections.update(|n| *n += 1);
                                                    }
                                                }
                                                Err(_) => p.import_unreadable(),
                                            }
                                        });
                                    }
                                    input.set_value("");
                                }
                            />
                        </label>
                    </div>
                    <super::link::ShareLink profiles=p/>
                    {move || p.notice.get().map(|n| view! { <pre class="notice" data-testid="profile-notice">{n.get(lang.get()).to_owned()}</pre> })}
                    {move || p.error.get().map(|e| view! { <p class="error" data-testid="profile-error">{e.get(lang.get()).to_owned()}</p> })}
                </div>
            </Show>
        </div>
    }
}
