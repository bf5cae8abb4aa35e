//! Reading the stored profiles back, forgiving per entry.
//!
//! A store that fails whole on one bad entry would make the UI start empty and then overwrite
//! every saved profile, so only a file that is not ours at all is an error; inside it, each
//! entry is kept if at all possible and every repair is reported.

use serde_json::Value;

use super::entry::entries;
use super::name::coerce_name;
use super::report::{lenient_profile, ProfileNote, SkipReason, Skipped};
use super::secrets::{secrets_of, without_secrets, SealedSecrets, SecretsError};
use super::store::{ProfileStore, StoredProfile, STORE_VERSION};

/// Why the stored text cannot be read at all. The UI must then keep the stored text untouched
/// (not overwrite it with an empty store), so a newer version's data or a repairable file is
/// not destroyed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not JSON; line and column are 1-based.
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// JSON, but not an object with `version` and `profiles`.
    NotObject,
    /// `version` is missing or not a whole number.
    BadVersion,
    /// Written by a newer version of the console.
    UnsupportedVersion(u64),
    /// `profiles` is missing or not a list.
    NoProfileList,
}

/// What loading repaired or left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Entries that could not be read at all.
    pub skipped: Vec<Skipped>,
    /// (profile name, what was changed) for entries that were kept but repaired.
    pub notes: Vec<(String, ProfileNote)>,
}

impl LoadReport {
    /// Whether everything loaded as stored.
    pub fn is_clean(&self) -> bool {
        self.skipped.is_empty() && self.notes.is_empty()
    }
}

impl ProfileStore {
    /// Reads what [`ProfileStore::to_json`] wrote. Entries are read one by one: one that is not
    /// an object or cannot be read is skipped and reported; fields of a wrong type are reset;
    /// missing or duplicate names are replaced; unusable sealed secrets and any secret found in
    /// clear are removed — each reported in the [`LoadReport`].
    pub fn from_json(text: &str) -> Result<(ProfileStore, LoadReport), LoadError> {
        let value: Value = serde_json::from_str(text).map_err(|e| LoadError::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
        let obj = value.as_object().ok_or(LoadError::NotObject)?;
        match obj.get("version").map(Value::as_u64) {
            Some(Some(STORE_VERSION)) => {}
            Some(Some(v)) if v > STORE_VERSION => return Err(LoadError::UnsupportedVersion(v)),
            _ => return Err(LoadError::BadVersion),
        }
        let list = obj
            .get("profiles")
            .and_then(Value::as_array)
            .ok_or(LoadError::NoProfileList)?;

        let mut store = ProfileStore::default();
        let mut report = LoadReport::default();
        for entry in entries(list, coerce_name) {
            let raw_name = entry.raw_name;
            let Some(fields) = entry.fields else {
                report.skipped.push(entry.skip(SkipReason::NotAnObject));
                continue;
            };
            let (mut profile, dropped) = match lenient_profile(fields) {
                Ok(ok) => ok,
                Err(reason) => {
                    report.skipped.push(entry.skip(reason));
                    continue;
                }
            };
            let mut notes = Vec::new();
            let wanted = raw_name
                .and_then(coerce_name)
                .unwrap_or_else(|| format!("Profile {}", entry.position));
            profile.name = store.unique_name(&wanted);
            if Some(profile.name.as_str()) != raw_name {
                notes.push(ProfileNote::Renamed {
                    from: raw_name.unwrap_or("").to_owned(),
                });
            }
            if !dropped.is_empty() {
                notes.push(ProfileNote::FieldsDropped(dropped));
            }
            if !secrets_of(&profile.form).is_empty() {
                profile.form = without_secrets(profile.form);
                notes.push(ProfileNote::PlaintextSecretsRemoved);
            }
            let secrets = match fields.get("secrets") {
                None | Some(Value::Null) => None,
                Some(v) => match serde_json::from_value::<SealedSecrets>(v.clone()) {
                    Err(_) => {
                        notes.push(ProfileNote::SecretsDropped(SecretsError::Malformed));
                        None
                    }
                    Ok(sealed) => match sealed.validate() {
                        Ok(()) => Some(sealed),
                        Err(e) => {
                            notes.push(ProfileNote::SecretsDropped(e));
                            None
                        }
                    },
                },
            };
            let name = profile.name.clone();
            report
                .notes
                .extend(notes.into_iter().map(|n| (name.clone(), n)));
            store.profiles.push(StoredProfile { profile, secrets });
        }
        store.last_used = obj
            .get("lastUsed")
            .and_then(Value::as_str)
            .filter(|n| store.contains(n))
            .map(|n| n.trim().to_owned());
        Ok((store, report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::{ConnectForm, Mode};
    use crate::model::profiles::secrets::tests::sealed;
    use crate::model::profiles::Profile;

    fn profile(name: &str) -> Profile {
        Profile {
            decoders: Default::default(),
            name: name.into(),
            form: ConnectForm {
                mode: Mode::Generic,
                url: "wss://b.example.com/mqtt".into(),
                password: "pw".into(),
                ..ConnectForm::default()
            },
            subscribe: Some("#".into()),
            publish: None,
            subscribe_options: Default::default(),
        }
    }

    #[test]
    fn a_saved_store_loads_back_unchanged() {
        let mut store = ProfileStore::default();
        store.save(profile("A"), None).unwrap();
        store.save(profile("B"), Some(sealed(700_000))).unwrap();
        store.set_last_used("B").unwrap();
        let (back, report) = ProfileStore::from_json(&store.to_json()).unwrap();
        assert_eq!(back, store);
        assert!(report.is_clean(), "{report:?}");
        assert_eq!(
            ProfileStore::from_json(&ProfileStore::default().to_json()).map(|(s, _)| s.len()),
            Ok(0)
        );
    }

    #[test]
    fn a_corrupt_store_keeps_what_parses_and_says_what_it_fixed() {
        let weak = serde_json::to_string(&sealed(10)).unwrap();
        let text = format!(
            r#"{{"version":1,"lastUsed":"gone","profiles":[
              {{"name":"ok","mode":"generic","url":"ws://h"}},
              "garbage",
              {{"name":"ok","keepalive":60}},
              {{"url":"ws://nameless"}},
              {{"name":"clear","password":"leaked"}},
              {{"name":"weak","secrets":{weak}}},
              {{"name":"broken","secrets":{{"iterations":"many"}}}},
              {{"name":"{long}"}}
            ]}}"#,
            long = "L".repeat(80)
        );
        let (store, report) = ProfileStore::from_json(&text).unwrap();
        let names: Vec<&str> = store.list().iter().map(StoredProfile::name).collect();
        assert_eq!(
            names,
            [
                "ok",
                "ok (2)",
                "Profile 4",
                "clear",
                "weak",
                "broken",
                &"L".repeat(64)
            ]
        );
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(
            (report.skipped[0].position, &report.skipped[0].reason),
            (2, &SkipReason::NotAnObject)
        );
        let notes_for = |n: &str| -> Vec<&ProfileNote> {
            report
                .notes
                .iter()
                .filter(|(name, _)| name == n)
                .map(|(_, note)| note)
                .collect()
        };
        assert_eq!(
            notes_for("ok (2)"),
            [
                &ProfileNote::Renamed { from: "ok".into() },
                &ProfileNote::FieldsDropped(vec!["keepalive".into()])
            ]
        );
        assert_eq!(
            notes_for("Profile 4"),
            [&ProfileNote::Renamed {
                from: String::new()
            }]
        );
        assert_eq!(notes_for("clear"), [&ProfileNote::PlaintextSecretsRemoved]);
        assert!(!store.to_json().contains("leaked"));
        assert_eq!(
            notes_for("weak"),
            [&ProfileNote::SecretsDropped(
                SecretsError::TooFewIterations(10)
            )]
        );
        assert_eq!(
            notes_for("broken"),
            [&ProfileNote::SecretsDropped(SecretsError::Malformed)]
        );
        assert!(store.get("weak").and_then(StoredProfile::sealed).is_none());
        assert_eq!(
            store.last_used(),
            None,
            "lastUsed naming no profile is dropped"
        );
    }

    #[test]
    fn unreadable_stores_are_errors_not_empty_stores() {
        assert!(matches!(
            ProfileStore::from_json(""),
            Err(LoadError::NotJson { .. })
        ));
        assert!(matches!(
            ProfileStore::from_json("{\"version\":1,"),
            Err(LoadError::NotJson { .. })
        ));
        assert_eq!(ProfileStore::from_json("[]"), Err(LoadError::NotObject));
        assert_eq!(
            ProfileStore::from_json(r#"{"profiles":[]}"#),
            Err(LoadError::BadVersion)
        );
        assert_eq!(
            ProfileStore::from_json(r#"{"version":-1,"profiles":[]}"#),
            Err(LoadError::BadVersion)
        );
        assert_eq!(
            ProfileStore::from_json(r#"{"version":2,"profiles":[]}"#),
            Err(LoadError::UnsupportedVersion(2))
        );
        assert_eq!(
            ProfileStore::from_json(r#"{"version":1,"profiles":{}}"#),
            Err(LoadError::NoProfileList)
        );
        let deep = format!(r#"{{"version":1,"profiles":{}"#, "[".repeat(50_000));
        assert!(matches!(
            ProfileStore::from_json(&deep),
            Err(LoadError::NotJson { .. })
        ));
    }
}
