//! The user's saved connection profiles, as kept in localStorage.
//!
//! Stored JSON: `{"version":1,"profiles":[{"name":…, <ConnectForm fields>, "subscribe":…,
//! "publish":…, "secrets":{SealedSecrets}?}, …],"lastUsed":"name"|null}`. The store never holds a
//! secret in clear: [`ProfileStore::save`] blanks them and keeps only what the browser sealed.
//! Loading is forgiving per entry: see [`ProfileStore::from_json`].

use serde::Serialize;

use super::name::{normalize_name, unique_name, NameError};
use super::secrets::{without_secrets, SealedSecrets, SecretsError};
use crate::model::profiles::Profile;

/// The store format version this code writes and reads.
pub const STORE_VERSION: u64 = 1;

/// A saved profile: the form with its secrets blanked, plus the secrets sealed if opted in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredProfile {
    #[serde(flatten)]
    pub(super) profile: Profile,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) secrets: Option<SealedSecrets>,
}

impl StoredProfile {
    /// The profile, its secret fields empty; fill them with
    /// [`with_secrets`](super::with_secrets) after the browser opens [`StoredProfile::sealed`].
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The profile's name.
    pub fn name(&self) -> &str {
        &self.profile.name
    }

    /// The sealed secrets, when the user opted in to saving them.
    pub fn sealed(&self) -> Option<&SealedSecrets> {
        self.secrets.as_ref()
    }
}

/// Whether [`ProfileStore::save`] added a profile or replaced one of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// A new name, appended at the end.
    Inserted,
    /// An existing name; the profile kept its place.
    Replaced,
}

/// Why a store operation was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The name is unusable.
    Name(NameError),
    /// No profile has this name.
    NotFound(String),
    /// Another profile already has this name.
    NameTaken(String),
    /// The sealed secrets are unusable.
    Secrets(SecretsError),
}

/// The saved profiles: unique names, in the user's order, one of them "last used".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileStore {
    pub(super) profiles: Vec<StoredProfile>,
    pub(super) last_used: Option<String>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    version: u64,
    profiles: &'a [StoredProfile],
    #[serde(rename = "lastUsed")]
    last_used: &'a Option<String>,
}

impl ProfileStore {
    /// Every profile, in order.
    pub fn list(&self) -> &[StoredProfile] {
        &self.profiles
    }

    /// Number of profiles.
    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    fn position(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.profiles.iter().position(|p| p.profile.name == name)
    }

    /// The profile named `name` (surrounding spaces ignored).
    pub fn get(&self, name: &str) -> Option<&StoredProfile> {
        self.position(name).map(|i| &self.profiles[i])
    }

    /// Whether a profile is named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Saves `profile` under its (trimmed) name, replacing one of the same name in place. Its
    /// secret fields are always blanked; `secrets` is what the browser sealed if the user opted
    /// in to saving them, and is checked here.
    pub fn save(
        &mut self,
        profile: Profile,
        secrets: Option<SealedSecrets>,
    ) -> Result<Saved, StoreError> {
        let name = normalize_name(&profile.name).map_err(StoreError::Name)?;
        if let Some(s) = &secrets {
            s.validate().map_err(StoreError::Secrets)?;
        }
        let stored = StoredProfile {
            profile: Profile {
                decoders: Default::default(),
                name,
                form: without_secrets(profile.form),
                ..profile
            },
            secrets,
        };
        match self.position(&stored.profile.name) {
            Some(i) => {
                self.profiles[i] = stored;
                Ok(Saved::Replaced)
            }
            None => {
                self.profiles.push(stored);
                Ok(Saved::Inserted)
            }
        }
    }

    /// Renames a profile; "last used" follows it.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), StoreError> {
        let i = self
            .position(from)
            .ok_or_else(|| StoreError::NotFound(from.trim().to_owned()))?;
        let to = normalize_name(to).map_err(StoreError::Name)?;
        if let Some(j) = self.position(&to) {
            if j != i {
                return Err(StoreError::NameTaken(to));
            }
        }
        let old = std::mem::replace(&mut self.profiles[i].profile.name, to.clone());
        if self.last_used.as_deref() == Some(old.as_str()) {
            self.last_used = Some(to);
        }
        Ok(())
    }

    /// Deletes a profile, returning it; clears "last used" if it was this one.
    pub fn delete(&mut self, name: &str) -> Option<StoredProfile> {
        let i = self.position(name)?;
        let removed = self.profiles.remove(i);
        if self.last_used.as_deref() == Some(removed.name()) {
            self.last_used = None;
        }
        Some(removed)
    }

    /// Moves a profile to `index` (clamped to the end) in the picker order.
    pub fn move_to(&mut self, name: &str, index: usize) -> Result<(), StoreError> {
        let i = self
            .position(name)
            .ok_or_else(|| StoreError::NotFound(name.trim().to_owned()))?;
        let p = self.profiles.remove(i);
        let index = index.min(self.profiles.len());
        self.profiles.insert(index, p);
        Ok(())
    }

    /// The profile used last, to preselect on the next visit.
    pub fn last_used(&self) -> Option<&StoredProfile> {
        self.last_used.as_deref().and_then(|n| self.get(n))
    }

    /// Marks a profile as used last.
    pub fn set_last_used(&mut self, name: &str) -> Result<(), StoreError> {
        let i = self
            .position(name)
            .ok_or_else(|| StoreError::NotFound(name.trim().to_owned()))?;
        self.last_used = Some(self.profiles[i].profile.name.clone());
        Ok(())
    }

    /// `wanted`, or `wanted (2)`, `wanted (3)`, … if taken: for "save as" and imports.
    pub fn unique_name(&self, wanted: &str) -> String {
        unique_name(wanted.trim(), |n| self.contains(n))
    }

    /// The text to keep in localStorage.
    pub fn to_json(&self) -> String {
        let envelope = Envelope {
            version: STORE_VERSION,
            profiles: &self.profiles,
            last_used: &self.last_used,
        };
        // Only strings, bools and options: serde_json cannot fail on them. Should it ever, the
        // empty text is refused by `from_json`, never read as an empty store.
        serde_json::to_string(&envelope).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::{ConnectForm, Mode};
    use crate::model::profiles::secrets::tests::sealed;
    use crate::model::profiles::{secrets_of, with_secrets, Secrets};

    fn profile(name: &str) -> Profile {
        Profile {
            decoders: Default::default(),
            name: name.into(),
            form: ConnectForm {
                product_key: "a1pk".into(),
                device_name: "dev".into(),
                device_secret: "DeviceSecret-9f8e7d".into(),
                password: "broker-pass-123".into(),
                ..ConnectForm::default()
            },
            subscribe: None,
            publish: Some("/a1pk/dev/user/update".into()),
            subscribe_options: Default::default(),
        }
    }

    #[test]
    fn secrets_are_never_stored_in_clear() {
        let mut store = ProfileStore::default();
        store.save(profile("No opt-in"), None).unwrap();
        let json = store.to_json();
        assert!(!json.contains("DeviceSecret-9f8e7d"), "{json}");
        assert!(!json.contains("broker-pass-123"), "{json}");
        assert!(json.contains("a1pk"));

        store
            .save(profile("Opted in"), Some(sealed(600_000)))
            .unwrap();
        let json = store.to_json();
        assert!(!json.contains("DeviceSecret-9f8e7d") && !json.contains("broker-pass-123"));
        let stored = store.get("Opted in").unwrap();
        assert_eq!(stored.sealed(), Some(&sealed(600_000)));
        assert!(secrets_of(&stored.profile().form).is_empty());
        // What the UI does after the browser decrypts the sealed secrets:
        let secrets = Secrets {
            device_secret: "DeviceSecret-9f8e7d".into(),
            password: "broker-pass-123".into(),
        };
        assert_eq!(
            with_secrets(stored.profile().form.clone(), secrets),
            profile("x").form
        );
        assert_eq!(
            store.save(profile("Weak"), Some(sealed(1000))),
            Err(StoreError::Secrets(SecretsError::TooFewIterations(1000)))
        );
    }

    #[test]
    fn save_replaces_by_trimmed_name_in_place() {
        let mut store = ProfileStore::default();
        assert_eq!(store.save(profile(" A "), None), Ok(Saved::Inserted));
        assert_eq!(store.save(profile("B"), None), Ok(Saved::Inserted));
        let mut changed = profile("A");
        changed.form.mode = Mode::Generic;
        assert_eq!(store.save(changed, None), Ok(Saved::Replaced));
        let names: Vec<&str> = store.list().iter().map(StoredProfile::name).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(
            store.get(" A").map(|p| p.profile().form.mode),
            Some(Mode::Generic)
        );
        assert_eq!(
            store.save(profile("  "), None),
            Err(StoreError::Name(NameError::Empty))
        );
        assert_eq!(
            store.save(profile(&"n".repeat(65)), None),
            Err(StoreError::Name(NameError::TooLong { chars: 65 }))
        );
        assert_eq!(store.unique_name("A"), "A (2)");
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn rename_delete_move_and_last_used() {
        let mut store = ProfileStore::default();
        for n in ["A", "B", "C"] {
            store.save(profile(n), None).unwrap();
        }
        store.set_last_used("B").unwrap();
        assert_eq!(
            store.rename("B", "C"),
            Err(StoreError::NameTaken("C".into()))
        );
        assert_eq!(
            store.rename("X", "Y"),
            Err(StoreError::NotFound("X".into()))
        );
        assert_eq!(
            store.rename("B", " "),
            Err(StoreError::Name(NameError::Empty))
        );
        store.rename("B", " Bee ").unwrap();
        store.rename("Bee", "Bee").unwrap();
        assert_eq!(store.last_used().map(StoredProfile::name), Some("Bee"));
        store.move_to("C", 0).unwrap();
        store.move_to("A", 99).unwrap();
        let names: Vec<&str> = store.list().iter().map(StoredProfile::name).collect();
        assert_eq!(names, ["C", "Bee", "A"]);
        assert!(store.delete("Bee").is_some());
        assert_eq!(store.last_used(), None);
        assert!(store.delete("Bee").is_none());
        assert_eq!(
            store.set_last_used("nope"),
            Err(StoreError::NotFound("nope".into()))
        );
    }
}
