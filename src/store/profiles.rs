//! The saved profiles as the profile bar uses them: the [`ProfileStore`] model kept in
//! `localStorage`, choosing, saving, deleting, importing and exporting, and opt-in sealing of
//! secrets with a passphrase asked once per session (kept in memory only).

use leptos::prelude::*;

use super::collections;
use crate::i18n::publishing::items_imported;
use crate::i18n::{Describe, Text};
use crate::model::collection::{CollectionError, Collections};
use crate::model::profiles::{
    export_json_with, import_file, parse_profiles, secrets_of, with_secrets, Profile,
    ProfileNotice, ProfileProblem, ProfileStore, SealedParts, SealedSecrets, Secrets, SecretsError,
    StoredProfile, DEMO_BLOCK_ID, IV_BYTES, MIN_PBKDF2_ITERATIONS, SALT_BYTES,
};
use crate::model::subscriptions::SubscribeDraft;
use crate::model::ConnectForm;
use crate::platform::crypto::{self, CryptoError};
use crate::platform::storage;

/// The `localStorage` key of the saved profiles.
pub const STORE_KEY: &str = "mqtt-console.profiles";

/// The file name offered when exporting.
pub const EXPORT_FILE: &str = "mqtt-console-profiles.json";

/// What waits for the passphrase.
#[derive(Clone)]
pub enum Pending {
    /// A profile to store with its secrets sealed.
    Save(Box<(Profile, Secrets)>),
    /// A saved profile to open, by name.
    Open(String),
}

/// The inputs a profile fills in, owned by the app's shell.
#[derive(Clone, Copy)]
pub struct Targets {
    /// The connect form.
    pub form: RwSignal<ConnectForm>,
    /// The subscribe panel's filter.
    pub subscribe: RwSignal<String>,
    /// The publish panel's topic.
    pub publish: RwSignal<String>,
    /// The subscribe panel's MQTT 5 options.
    pub subscribe_options: RwSignal<SubscribeDraft>,
    /// The decoder bindings and `.proto` files.
    pub decoders: RwSignal<crate::model::decoding::DecoderSettings>,
}

impl Targets {
    /// Fills the form and topics from `profile`, with `secrets` when given. A generic profile
    /// without a client id gets a random one.
    pub fn fill(&self, profile: &Profile, secrets: Option<Secrets>) {
        let mut form = profile.to_form((js_sys::Math::random() * f64::from(u32::MAX)) as u32);
        if let Some(s) = secrets {
            form = with_secrets(form, s);
        }
        self.form.set(form);
        if let Some(t) = &profile.subscribe {
            self.subscribe.set(t.clone());
        }
        if let Some(t) = &profile.publish {
            self.publish.set(t.clone());
        }
        self.subscribe_options
            .set(profile.subscribe_options.clone());
        self.decoders.set(profile.decoders.clone());
    }
}

/// Profile state shared by the bar's controls.
#[derive(Clone, Copy)]
pub struct Profiles {
    /// The saved profiles.
    pub store: RwSignal<ProfileStore>,
    /// The serve command's demo profiles (never stored).
    pub demo: RwSignal<Vec<Profile>>,
    /// The name in the picker; empty when none is chosen.
    pub chosen: RwSignal<String>,
    /// The name typed for saving.
    pub name: RwSignal<String>,
    /// Whether saving also stores the secrets, sealed.
    pub keep_secrets: RwSignal<bool>,
    /// What waits for the passphrase prompt.
    pub pending: RwSignal<Option<Pending>>,
    /// The last outcome to tell.
    pub notice: RwSignal<Option<Text>>,
    /// The last failure to tell.
    pub error: RwSignal<Option<Text>>,
    /// The session's passphrase: in memory only, gone with the tab.
    passphrase: StoredValue<Option<String>>,
    /// Saving is refused when the stored profiles could not be read, so they are not overwritten.
    store_broken: StoredValue<bool>,
    targets: Targets,
}

/// What a sealed profile failed on: the model's reason or the browser's.
fn sealing_error(e: CryptoError) -> Text {
    match e {
        // AES-GCM authenticates: a wrong key fails here instead of yielding garbage.
        CryptoError::Open => SecretsError::WrongPassphrase.describe(),
        other => other.describe(),
    }
}

/// Seals `secrets` with a key derived from `pass`, fresh salt and nonce each time.
async fn seal(secrets: &Secrets, pass: &str) -> Result<SealedSecrets, Text> {
    let salt = crypto::random_bytes(SALT_BYTES).map_err(sealing_error)?;
    let iv = crypto::random_bytes(IV_BYTES).map_err(sealing_error)?;
    let key = crypto::derive_key(pass, &salt, MIN_PBKDF2_ITERATIONS)
        .await
        .map_err(sealing_error)?;
    let ciphertext = crypto::seal(&key, &iv, secrets.to_plaintext().as_bytes())
        .await
        .map_err(sealing_error)?;
    Ok(SealedSecrets::from_parts(&SealedParts {
        salt,
        iv,
        ciphertext,
        iterations: MIN_PBKDF2_ITERATIONS,
    }))
}

/// Opens what [`seal`] stored.
async fn open(sealed: &SealedSecrets, pass: &str) -> Result<Secrets, Text> {
    let parts = sealed.parts().map_err(|e| e.describe())?;
    let key = crypto::derive_key(pass, &parts.salt, parts.iterations)
        .await
        .map_err(sealing_error)?;
    let bytes = crypto::open(&key, &parts.iv, &parts.ciphertext)
        .await
        .map_err(sealing_error)?;
    Secrets::from_opened(bytes).map_err(|e| e.describe())
}

impl Profiles {
    /// Loads the saved profiles and, when `apply_last`, applies the one used last (a connection
    /// opened later, or restored with the workspace, keeps its own form); a store that cannot be
    /// read is left untouched and saving is turned off.
    pub fn load(targets: Targets, apply_last: bool) -> Profiles {
        let p = Profiles {
            store: RwSignal::new(ProfileStore::default()),
            demo: RwSignal::new(Vec::new()),
            chosen: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            keep_secrets: RwSignal::new(false),
            pending: RwSignal::new(None),
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            passphrase: StoredValue::new(None),
            store_broken: StoredValue::new(false),
            targets,
        };
        if let Some(json) = storage::load(STORE_KEY) {
            match ProfileStore::from_json(&json) {
                Ok((store, report)) => {
                    if !report.is_clean() {
                        p.tell(ProfileNotice::Repaired(report));
                    }
                    let last = store.last_used().map(|s| s.name().to_owned());
                    p.store.set(store);
                    if let Some(name) = last.filter(|_| apply_last) {
                        p.choose(&name);
                    }
                }
                Err(e) => {
                    p.store_broken.set_value(true);
                    p.fail(ProfileProblem::StoreUnreadable(e));
                }
            }
        }
        p
    }

    fn tell(&self, notice: ProfileNotice) {
        self.notice.set(Some(notice.describe()));
    }

    fn fail(&self, problem: ProfileProblem) {
        self.error.set(Some(problem.describe()));
    }

    /// (name, has sealed secrets) of every saved profile, in order.
    pub fn saved_names(&self) -> Vec<(String, bool)> {
        self.store.with(|s| {
            s.list()
                .iter()
                .map(|x| (x.name().to_owned(), x.sealed().is_some()))
                .collect()
        })
    }

    /// Whether `name` is a saved profile (demo profiles are not).
    pub fn is_saved(&self, name: &str) -> bool {
        self.store.with(|s| s.contains(name))
    }

    /// Writes the profiles to `localStorage`; false (with the reason shown) when the browser
    /// refused, e.g. because its storage is full.
    fn persist(&self) -> bool {
        if self.store_broken.get_value() {
            return true;
        }
        let json = self.store.with_untracked(ProfileStore::to_json);
        match storage::save(STORE_KEY, &json) {
            Ok(()) => true,
            Err(e) => {
                self.error.set(Some(e.describe()));
                false
            }
        }
    }

    /// Fills the form and topics from `profile`, with its secrets when they were opened.
    pub fn apply(&self, profile: &Profile, secrets: Option<Secrets>) {
        self.targets.fill(profile, secrets);
        self.chosen.set(profile.name.clone());
        self.name.set(profile.name.clone());
    }

    /// Applies the profile called `name`, unlocking its secrets when it has some.
    pub fn choose(&self, name: &str) {
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
            (Some(_), Some(pass)) => self.open_and_apply(stored, pass),
        }
    }

    fn open_and_apply(&self, stored: StoredProfile, pass: String) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let Some(sealed) = stored.sealed() else {
                return this.apply(stored.profile(), None);
            };
            match open(sealed, &pass).await {
                Ok(secrets) => this.apply(stored.profile(), Some(secrets)),
                Err(e) => {
                    this.passphrase.set_value(None);
                    this.apply(stored.profile(), None);
                    this.error.set(Some(e));
                }
            }
        });
    }

    /// The form and topics as a profile under the typed name, as saving and links take them.
    pub fn current(&self) -> Profile {
        Profile {
            name: self.name.get_untracked().trim().to_owned(),
            form: self.targets.form.get_untracked(),
            subscribe: Some(self.targets.subscribe.get_untracked()).filter(|s| !s.is_empty()),
            publish: Some(self.targets.publish.get_untracked()).filter(|s| !s.is_empty()),
            subscribe_options: self.targets.subscribe_options.get_untracked(),
            decoders: self.targets.decoders.get_untracked(),
        }
    }

    /// Saves the form under the typed name; its secrets too, sealed, when the user opted in.
    pub fn save(&self) {
        self.error.set(None);
        if self.store_broken.get_value() {
            return self.fail(ProfileProblem::SavingOff);
        }
        let profile = self.current();
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
        this.tell(ProfileNotice::Encrypting);
        leptos::task::spawn_local(async move {
            match seal(&secrets, &pass).await {
                Ok(sealed) => this.store_profile(profile, Some(sealed)),
                Err(e) => {
                    this.notice.set(None);
                    this.error.set(Some(e));
                }
            }
        });
    }

    fn store_profile(&self, profile: Profile, sealed: Option<SealedSecrets>) {
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
                self.tell(ProfileNotice::Saved { name, encrypted });
            }
            Some(Err(e)) => {
                self.notice.set(None);
                self.fail(ProfileProblem::Store(e));
            }
            None => {}
        }
    }

    /// Deletes the chosen profile.
    pub fn delete(&self) {
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
            self.tell(ProfileNotice::Deleted { name });
        }
    }

    /// Takes the passphrase typed in the prompt and does what waited for it.
    pub fn unlock(&self, pass: String) {
        if pass.is_empty() {
            return self.fail(ProfileProblem::PassphraseEmpty);
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

    /// Imports a profile file's text (ours, MQTTX or MQTT.fx) and reports per entry. Publish
    /// collections in the file are merged into the stored ones; returns whether they changed.
    pub fn import(&self, text: &str) -> bool {
        match import_file(text) {
            Ok(mut report) => {
                let carried = report.collections.take();
                let before = self.store.get_untracked();
                let Some(lines) = self.store.try_update(|s| s.import_report(report)) else {
                    return false;
                };
                if !self.persist() {
                    // Nothing was stored; the reason is shown.
                    self.store.set(before);
                    return false;
                }
                self.tell(ProfileNotice::Imported(lines));
                self.error.set(None);
                self.import_collections(carried)
            }
            Err(e) => {
                self.fail(ProfileProblem::Import(e));
                false
            }
        }
    }

    /// Merges the collections an imported file carried; tells how many items came, or why none.
    fn import_collections(&self, carried: Option<Result<Collections, CollectionError>>) -> bool {
        let merged = match carried {
            None => return false,
            Some(Err(e)) => Err(e.describe()),
            Some(Ok(items)) => collections::load().and_then(|mut stored| {
                let n = stored.merge(items);
                collections::store(&stored).map(|()| n)
            }),
        };
        match merged {
            Ok(n) => {
                let said = items_imported(n);
                self.notice.update(|notice| {
                    *notice = Some(match notice.take() {
                        Some(t) => Text::new(
                            format!("{} {}", t.en, said.en),
                            format!("{}{}", t.zh, said.zh),
                        ),
                        None => said,
                    })
                });
                true
            }
            Err(e) => {
                self.error.set(Some(e));
                false
            }
        }
    }

    /// The browser could not read the chosen import file.
    pub fn import_unreadable(&self) {
        self.fail(ProfileProblem::FileUnreadable);
    }

    /// The export file's text: every saved profile, secrets never included, with the publish
    /// collections of those profiles and the global ones.
    pub fn export(&self) -> String {
        let stored = collections::load().ok();
        self.store.with_untracked(|s| {
            let names = s.list().iter().map(StoredProfile::name);
            let carried = stored.as_ref().map(|c| c.for_profiles(names));
            export_json_with(
                s.list().iter().map(StoredProfile::profile),
                false,
                carried.as_ref(),
            )
        })
    }

    /// Reads the serve command's demo profiles from the page's inline data block (see
    /// [`DEMO_BLOCK_ID`]); nothing is requested, and a page without the block has none. When no
    /// saved profile was chosen and `apply_first`, the first demo profile is applied.
    pub fn load_demo(&self, apply_first: bool) {
        let Some(block) = demo_block() else {
            return;
        };
        let kind = block.get_attribute("type").unwrap_or_default();
        let tag = block.tag_name().to_ascii_lowercase();
        // Only a data block is never executed and never rendered.
        if tag != "script" || kind != "application/json" {
            return self.fail(ProfileProblem::DemoUnreadable(format!(
                "<{tag} type=\"{kind}\">"
            )));
        }
        match parse_profiles(&block.text_content().unwrap_or_default()) {
            Ok(list) => {
                if let (Some(first), true) = (
                    list.first(),
                    apply_first && self.chosen.get_untracked().is_empty(),
                ) {
                    self.apply(first, None);
                }
                self.demo.set(list);
            }
            Err(e) => self.fail(ProfileProblem::Demo(e)),
        }
    }
}

/// The page's inline data block of demo profiles, if the serve command wrote one.
fn demo_block() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(DEMO_BLOCK_ID))
}

/// Whether the profile bar has something to list (saved profiles, or demo profiles in the page),
/// found without reading either, so the first load can decide whether to fetch the bar.
pub fn anything_to_list() -> bool {
    storage::load(STORE_KEY).is_some() || demo_block().is_some()
}
