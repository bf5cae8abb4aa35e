//! The profile bar: pick, save, delete, export and import connection profiles. Secrets are
//! stored only when the user opts in, sealed with a passphrase asked once per session.

use leptos::prelude::*;

use super::app::Shell;
use crate::model::profiles::{
    export_json, import_file, secrets_of, with_secrets, ProfileStore, Secrets,
    MIN_PBKDF2_ITERATIONS,
};
use crate::model::{parse_profiles, Profile};
use crate::platform::crypto;
use crate::platform::storage;

const STORE_KEY: &str = "mqtt-console.profiles";

/// What waits for the passphrase.
#[derive(Clone)]
enum Pending {
    Save(Box<(Profile, Secrets)>),
    Open(String),
}

/// Profile state shared by the bar's controls.
#[derive(Clone, Copy)]
struct Profiles {
    store: RwSignal<ProfileStore>,
    demo: RwSignal<Vec<Profile>>,
    chosen: RwSignal<String>,
    name: RwSignal<String>,
    keep_secrets: RwSignal<bool>,
    /// The session's passphrase: in memory only, gone with the tab.
    passphrase: StoredValue<Option<String>>,
    pending: RwSignal<Option<Pending>>,
    /// Saving is refused when the stored profiles could not be read, so they are not overwritten.
    store_broken: StoredValue<bool>,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    shell: Shell,
}

impl Profiles {
    /// Writes the profiles to `localStorage`; false (with the reason shown) when the browser
    /// refused, e.g. because its storage is full.
    fn persist(&self) -> bool {
        if self.store_broken.get_value() {
            return true;
        }
        let json = self.store.with_untracked(ProfileStore::to_json);
        match storage::save_explained(STORE_KEY, &json) {
            Ok(()) => true,
            Err(e) => {
                let lang = self.shell.lang.get_untracked();
                self.error.set(Some(e.get(lang).to_owned()));
                false
            }
        }
    }

    fn apply(&self, profile: &Profile, secrets: Option<Secrets>) {
        let mut form = profile.to_form((js_sys::Math::random() * f64::from(u32::MAX)) as u32);
        if let Some(s) = secrets {
            form = with_secrets(form, s);
        }
        self.shell.form.set(form);
        if let Some(t) = &profile.subscribe {
            self.shell.topics.subscribe.set(t.clone());
        }
        if let Some(t) = &profile.publish {
            self.shell.topics.publish.set(t.clone());
        }
        self.chosen.set(profile.name.clone());
        self.name.set(profile.name.clone());
    }

    /// Applies the profile called `name`, unlocking its secrets when it has some.
    fn choose(&self, name: &str) {
        self.error.set(None);
        if let Some(p) = self
            .demo
            .with_untracked(|d| d.iter().find(|p| p.name == name).cloned())
        {
            return self.apply(&p, None);
        }
        let Some(stored) = self.store.with_untracked(|s| s.get(name).cloned()) else {
            return;
        };
        let _ = self.store.try_update(|s| s.set_last_used(name));
        // A failure is shown; choosing works on without remembering the choice.
        let _ = self.persist();
        match (stored.sealed(), self.passphrase.get_value()) {
            (None, _) => self.apply(stored.profile(), None),
            (Some(_), None) => self.pending.set(Some(Pending::Open(name.to_owned()))),
            (Some(sealed), Some(pass)) => {
                let (this, sealed, profile) = (*self, sealed.clone(), stored.profile().clone());
                leptos::task::spawn_local(async move {
                    match crypto::open(&sealed, &pass)
                        .await
                        .and_then(|t| Secrets::from_plaintext(&t).map_err(|e| e.to_string()))
                    {
                        Ok(secrets) => this.apply(&profile, Some(secrets)),
                        Err(e) => {
                            this.passphrase.set_value(None);
                            this.apply(&profile, None);
                            this.error.set(Some(e));
                        }
                    }
                });
            }
        }
    }

    fn save(&self) {
        self.error.set(None);
        if self.store_broken.get_value() {
            return self.error.set(Some("saving is off: the stored profiles could not be read, and saving would overwrite them".into()));
        }
        let profile = Profile {
            name: self.name.get_untracked().trim().to_owned(),
            form: self.shell.form.get_untracked(),
            subscribe: Some(self.shell.topics.subscribe.get_untracked()).filter(|s| !s.is_empty()),
            publish: Some(self.shell.topics.publish.get_untracked()).filter(|s| !s.is_empty()),
        };
        let secrets = secrets_of(&profile.form);
        if self.keep_secrets.get_untracked() && !secrets.is_empty() {
            match self.passphrase.get_value() {
                Some(pass) => self.seal_and_store(profile, secrets, pass),
                None => self
                    .pending
                    .set(Some(Pending::Save(Box::new((profile, secrets))))),
            }
        } else {
            self.store_profile(profile, None);
        }
    }

    fn seal_and_store(&self, profile: Profile, secrets: Secrets, pass: String) {
        let this = *self;
        this.notice.set(Some("encrypting…".into()));
        leptos::task::spawn_local(async move {
            match crypto::seal(&secrets.to_plaintext(), &pass, MIN_PBKDF2_ITERATIONS).await {
                Ok(sealed) => this.store_profile(profile, Some(sealed)),
                Err(e) => {
                    this.notice.set(None);
                    this.error.set(Some(e));
                }
            }
        });
    }

    fn store_profile(
        &self,
        profile: Profile,
        sealed: Option<crate::model::profiles::SealedSecrets>,
    ) {
        let name = profile.name.clone();
        let encrypted = sealed.is_some();
        let before = self.store.get_untracked();
        match self.store.try_update(|s| s.save(profile, sealed)) {
            Some(Ok(_)) => {
                let _ = self.store.try_update(|s| s.set_last_used(&name));
                if !self.persist() {
                    // Not stored: the list must not show it as saved. The form keeps its text.
                    self.store.set(before);
                    self.notice.set(None);
                    return;
                }
                self.chosen.set(name.clone());
                self.notice.set(Some(if encrypted {
                    format!("saved \"{name}\" with its secrets encrypted")
                } else {
                    format!("saved \"{name}\" (secrets are not stored)")
                }));
            }
            Some(Err(e)) => {
                self.notice.set(None);
                self.error.set(Some(e.to_string()));
            }
            None => {}
        }
    }

    fn delete(&self) {
        let name = self.chosen.get_untracked();
        if self
            .store
            .try_update(|s| s.delete(&name))
            .flatten()
            .is_some()
        {
            // Deleting only frees space; a refusal is shown by `persist`.
            let _ = self.persist();
            self.chosen.set(String::new());
            self.notice.set(Some(format!("deleted \"{name}\"")));
        }
    }

    fn unlock(&self, pass: String) {
        if pass.is_empty() {
            return self.error.set(Some("the passphrase is empty".into()));
        }
        self.passphrase.set_value(Some(pass.clone()));
        match self.pending.get_untracked() {
            Some(Pending::Save(boxed)) => {
                let (profile, secrets) = *boxed;
                self.seal_and_store(profile, secrets, pass)
            }
            Some(Pending::Open(name)) => self.choose(&name),
            None => {}
        }
        self.pending.set(None);
    }

    fn import(&self, text: &str) {
        match import_file(text) {
            Ok(mut report) => {
                let before = self.store.get_untracked();
                let store = self.store;
                report.avoid_names(|n| store.with_untracked(|s| s.contains(n)));
                let mut lines = Vec::new();
                for imported in &report.profiles {
                    let notes: Vec<String> = imported.notes.iter().map(|n| n.to_string()).collect();
                    lines.push(format!(
                        "{}: imported{}{}",
                        imported.profile.name,
                        if notes.is_empty() { "" } else { "; " },
                        notes.join("; ")
                    ));
                    if let Some(Err(e)) = self
                        .store
                        .try_update(|s| s.save(imported.profile.clone(), None))
                    {
                        lines.push(format!("{}: not saved: {e}", imported.profile.name));
                    }
                }
                for skipped in &report.skipped {
                    lines.push(format!(
                        "entry {}: skipped: {}",
                        skipped.position, skipped.reason
                    ));
                }
                if !self.persist() {
                    // Nothing was stored; the reason is shown.
                    self.store.set(before);
                    return;
                }
                self.notice.set(Some(lines.join("\n")));
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
    }
}

/// Loads saved profiles (and the serve command's demo profiles) and lists them.
#[component]
pub fn ProfileBar() -> impl IntoView {
    let shell = Shell::get();
    let t = move || shell.lang.get().t();
    let p = Profiles {
        store: RwSignal::new(ProfileStore::default()),
        demo: RwSignal::new(Vec::new()),
        chosen: RwSignal::new(String::new()),
        name: RwSignal::new(String::new()),
        keep_secrets: RwSignal::new(false),
        passphrase: StoredValue::new(None),
        pending: RwSignal::new(None),
        store_broken: StoredValue::new(false),
        notice: RwSignal::new(None),
        error: RwSignal::new(None),
        shell,
    };
    if let Some(json) = storage::load(STORE_KEY) {
        match ProfileStore::from_json(&json) {
            Ok((store, report)) => {
                if !report.is_clean() {
                    let mut lines: Vec<String> = report
                        .notes
                        .iter()
                        .map(|(name, note)| format!("{name}: {note}"))
                        .collect();
                    lines.extend(
                        report
                            .skipped
                            .iter()
                            .map(|s| format!("entry {}: skipped: {}", s.position, s.reason)),
                    );
                    p.notice.set(Some(format!(
                        "some saved profiles were repaired:\n{}",
                        lines.join("\n")
                    )));
                }
                let last = store.last_used().map(|s| s.name().to_owned());
                p.store.set(store);
                if let Some(name) = last {
                    p.choose(&name);
                }
            }
            Err(e) => {
                p.store_broken.set_value(true);
                p.error.set(Some(format!(
                    "saved profiles could not be read, and are left untouched: {e}"
                )));
            }
        }
    }
    load_demo_profiles(p);
    let passphrase_input = RwSignal::new(String::new());

    view! {
        <div class="profiles">
            <label class="field">
                <span>{move || t().profile}</span>
                <select data-testid="profile-select" on:change=move |ev| p.choose(&event_target_value(&ev))>
                    <option value="" prop:selected=move || p.chosen.with(String::is_empty)>{move || t().choose_profile}</option>
                    <For each=move || p.store.with(|s| s.list().iter().map(|x| (x.name().to_owned(), x.sealed().is_some())).collect::<Vec<_>>()) key=|x| x.clone() let:item>
                        <option value=item.0.clone() prop:selected={ let n = item.0.clone(); move || p.chosen.with(|c| *c == n) }>
                            {format!("{}{}", item.0, if item.1 { " 🔒" } else { "" })}
                        </option>
                    </For>
                    <For each=move || p.demo.get() key=|d| d.name.clone() let:d>
                        <option value=d.name.clone() prop:selected={ let n = d.name.clone(); move || p.chosen.with(|c| *c == n) }>{d.name.clone()}</option>
                    </For>
                </select>
            </label>
            <div class="row">
                <input
                    data-testid="profile-name"
                    class="grow"
                    placeholder=move || t().profile_name
                    prop:value=move || p.name.get()
                    on:input=move |ev| p.name.set(event_target_value(&ev))
                />
                <button data-testid="profile-save" on:click=move |_| p.save()>{move || t().save}</button>
                <button data-testid="profile-delete" disabled=move || p.chosen.with(|c| !p.store.with(|s| s.contains(c))) on:click=move |_| p.delete()>
                    {move || t().delete}
                </button>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="profile-keep-secrets" prop:checked=move || p.keep_secrets.get() on:change=move |ev| p.keep_secrets.set(event_target_checked(&ev))/>
                <span>{move || t().keep_secrets}</span>
            </label>
            <Show when=move || p.pending.with(Option::is_some)>
                <form class="passphrase" data-testid="passphrase-prompt" on:submit=move |ev| { ev.prevent_default(); p.unlock(passphrase_input.get_untracked()); passphrase_input.set(String::new()); }>
                    <span>{move || t().passphrase_ask}</span>
                    <input type="password" data-testid="passphrase" autocomplete="off" prop:value=move || passphrase_input.get() on:input=move |ev| passphrase_input.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="passphrase-ok">"OK"</button>
                    <button type="button" on:click=move |_| p.pending.set(None)>"×"</button>
                </form>
            </Show>
            <div class="row">
                <button data-testid="profile-export" on:click=move |_| crate::platform::download::download("mqtt-console-profiles.json", "application/json", &p.store.with_untracked(|s| export_json(s.list().iter().map(|x| x.profile()), false)))>
                    {move || t().export}
                </button>
                <label class="button">
                    {move || t().import}
                    <input
                        type="file"
                        data-testid="profile-import"
                        accept=".json,.xml,application/json,text/xml"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                leptos::task::spawn_local(async move {
                                    match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                                        Ok(text) => p.import(&text.as_string().unwrap_or_default()),
                                        Err(_) => p.error.set(Some("the file could not be read".into())),
                                    }
                                });
                            }
                            input.set_value("");
                        }
                    />
                </label>
            </div>
            {move || p.notice.get().map(|n| view! { <pre class="notice" data-testid="profile-notice">{n}</pre> })}
            {move || p.error.get().map(|e| view! { <p class="error" data-testid="profile-error">{e}</p> })}
        </div>
    }
}

/// Fetches `demo-profiles.json` beside the page (written by the serve command); when no saved
/// profile was chosen, the first demo profile is applied.
fn load_demo_profiles(p: Profiles) {
    leptos::task::spawn_local(async move {
        let Ok(resp) = gloo::net::http::Request::get("demo-profiles.json")
            .send()
            .await
        else {
            return;
        };
        if !resp.ok() {
            return;
        }
        let text = match resp.text().await {
            Ok(t) => t,
            Err(e) => {
                return p
                    .error
                    .set(Some(format!("demo-profiles.json could not be read: {e}")))
            }
        };
        match parse_profiles(&text) {
            Ok(list) => {
                if let (Some(first), true) = (list.first(), p.chosen.get_untracked().is_empty()) {
                    p.apply(first, None);
                }
                p.demo.set(list);
            }
            Err(e) => p.error.set(Some(format!("demo-profiles.json: {e}"))),
        }
    });
}
