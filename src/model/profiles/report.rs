//! What an import or a store load found: profiles read, entries skipped, and notes per profile.
//!
//! Imported files come from other tools, other versions and sometimes other people, so an
//! import keeps whatever it can and says what it changed or could not take, per profile, in
//! English and Chinese.

use serde_json::{Map, Value};

use super::name::{coerce_name, unique_name, NameError};
use super::secrets::SecretsError;
use crate::model::profiles::Profile;

/// Most profiles one import takes; more is not a real export and would flood the picker.
pub const MAX_IMPORT_PROFILES: usize = 1000;

/// Something the user should know about one imported or loaded profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileNote {
    /// The name was taken, missing or unusable; `from` is the original ("" when there was none).
    Renamed {
        /// The name in the file.
        from: String,
    },
    /// These fields had the wrong type and were left at their defaults.
    FieldsDropped(Vec<String>),
    /// The saved encrypted secrets were unusable and were removed.
    SecretsDropped(SecretsError),
    /// The stored profile held a secret in clear text; it was removed, as the store never keeps
    /// unencrypted secrets.
    PlaintextSecretsRemoved,
    /// The file carried a DeviceSecret or password in clear text; it is in the form now, and
    /// will be stored only if the user opts in to encrypted secrets.
    ContainsSecrets,
    /// The tool connected over TCP; browsers need the broker's WebSocket port.
    TcpPortNeedsWebSocket {
        /// "MQTT.fx" or "MQTTX".
        tool: &'static str,
        /// The TCP port, left in the URL for the user to edit.
        port: u16,
    },
    /// An Aliyun profile's TCP port was replaced by the WebSocket port 443.
    AliyunPortConverted {
        /// The port in the file.
        port: u16,
    },
    /// The file's password is a signature computed from the DeviceSecret, not the secret itself.
    DeviceSecretNeeded,
    /// An Aliyun profile whose username or client id could not be read; ProductKey, DeviceName
    /// or the sign settings need checking.
    AliyunIdentityIncomplete,
    /// The profile had a last-will message, which the console does not send.
    WillNotImported {
        /// The will topic.
        topic: String,
    },
    /// No broker host was given; the URL is empty.
    NoHost,
    /// The protocol was missing or unknown and this one was assumed.
    ProtocolAssumed {
        /// `mqtt`, `mqtts`, `ws` or `wss`.
        protocol: &'static str,
    },
}

/// Why an entry of a file was not imported (or not loaded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The entry is not an object.
    NotAnObject,
    /// The stored name is unusable.
    Name(NameError),
    /// An earlier entry has the same name (store load only; imports rename instead).
    DuplicateName,
    /// Past [`MAX_IMPORT_PROFILES`].
    TooMany,
    /// Could not be read at all; the parser's message.
    Invalid(String),
}

/// An entry that was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Position in the file, from 1.
    pub position: usize,
    /// Its name, when it had a readable one.
    pub name: Option<String>,
    /// Why.
    pub reason: SkipReason,
}

/// A profile read from a file, with what the user should check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedProfile {
    /// The profile, secrets included when the file had them (the store decides what to keep).
    pub profile: Profile,
    /// What was changed or needs the user's attention.
    pub notes: Vec<ProfileNote>,
}

/// The outcome of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Profiles read, in file order, with names unique among themselves.
    pub profiles: Vec<ImportedProfile>,
    /// Entries left out, with reasons.
    pub skipped: Vec<Skipped>,
    /// The publish collections the file carried (our own format only), or why they could not
    /// be read; `None` when it carried none.
    pub collections: Option<
        Result<crate::model::collection::Collections, crate::model::collection::CollectionError>,
    >,
}

impl ImportReport {
    /// Adds a profile under `raw_name` (or `fallback` when unusable), renamed if a profile of
    /// this report already has the name.
    pub(super) fn add(
        &mut self,
        raw_name: Option<&str>,
        fallback: String,
        mut profile: Profile,
        mut notes: Vec<ProfileNote>,
    ) {
        let raw = raw_name.unwrap_or("");
        let coerced = coerce_name(raw).unwrap_or(fallback);
        let name = unique_name(&coerced, |n| {
            self.profiles.iter().any(|p| p.profile.name == n)
        });
        if name != raw.trim() {
            notes.insert(
                0,
                ProfileNote::Renamed {
                    from: raw.to_owned(),
                },
            );
        }
        profile.name = name;
        self.profiles.push(ImportedProfile { profile, notes });
    }

    /// Renames profiles whose name `taken` reports as used (the store's names), as "Name (2)",
    /// keeping names unique within the report. Call before saving them into the store.
    pub fn avoid_names(&mut self, taken: impl Fn(&str) -> bool) {
        for i in 0..self.profiles.len() {
            let name = self.profiles[i].profile.name.clone();
            if !taken(&name) {
                continue;
            }
            let profiles = &self.profiles;
            let new = unique_name(&name, |n| {
                taken(n) || profiles.iter().any(|p| p.profile.name == n)
            });
            let entry = &mut self.profiles[i];
            if !entry
                .notes
                .iter()
                .any(|n| matches!(n, ProfileNote::Renamed { .. }))
            {
                entry.notes.insert(0, ProfileNote::Renamed { from: name });
            }
            entry.profile.name = new;
        }
    }

    /// Whether the import reached its profile limit.
    pub(super) fn full(&self) -> bool {
        self.profiles.len() >= MAX_IMPORT_PROFILES
    }
}

/// Reads a profile object field by field: a field of the wrong type is reset to its default and
/// named in the returned list instead of losing the whole profile. The `name` key is ignored
/// (callers treat names themselves) and unknown keys are ignored, as newer versions add some.
pub(super) fn lenient_profile(
    obj: &Map<String, Value>,
) -> Result<(Profile, Vec<String>), SkipReason> {
    let read = |fields: Map<String, Value>| {
        let mut fields = fields;
        fields.insert("name".into(), Value::String(String::new()));
        serde_json::from_value::<Profile>(Value::Object(fields))
    };
    // Only the profile's own fields are kept: unknown keys would be ignored anyway, and
    // dropping them bounds the field-by-field retry below however many keys a file has.
    let known = known_fields();
    let mut fields: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| k.as_str() != "name" && known.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Ok(profile) = read(fields.clone()) {
        return Ok((profile, Vec::new()));
    }
    let mut dropped = Vec::new();
    for (key, value) in fields.clone() {
        let mut one = Map::new();
        one.insert(key.clone(), value);
        if read(one).is_err() {
            fields.remove(&key);
            dropped.push(key);
        }
    }
    read(fields)
        .map(|profile| (profile, dropped))
        .map_err(|e| SkipReason::Invalid(e.to_string()))
}

/// The JSON keys of a [`Profile`], taken from serializing one so new form fields are known
/// without a list to keep in step.
fn known_fields() -> Vec<String> {
    let full = Profile {
        decoders: Default::default(),
        name: String::new(),
        form: Default::default(),
        subscribe: Some(String::new()),
        publish: Some(String::new()),
        // Not at its default, so that its key is written.
        subscribe_options: crate::model::subscriptions::SubscribeDraft {
            no_local: true,
            ..Default::default()
        },
    };
    match serde_json::to_value(full) {
        Ok(Value::Object(map)) => map.into_iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;

    fn obj(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn wrong_fields_are_reset_not_fatal() {
        let (p, dropped) = lenient_profile(&obj(
            r#"{"name":5,"mode":"generic","url":"ws://h","tls":"yes","keepalive":60,"extra":[1]}"#,
        ))
        .unwrap();
        assert_eq!(dropped, ["keepalive", "tls"]);
        assert_eq!(
            (p.form.mode, p.form.url.as_str(), p.form.keepalive.as_str()),
            (Mode::Generic, "ws://h", "60")
        );
        let (_, dropped) = lenient_profile(&obj(r#"{"mode":"martian"}"#)).unwrap();
        assert_eq!(dropped, ["mode"]);
    }

    #[test]
    fn names_are_made_unique_within_and_against_the_store() {
        let mut r = ImportReport::default();
        let p = Profile {
            decoders: Default::default(),
            name: String::new(),
            form: Default::default(),
            subscribe: None,
            publish: None,
            subscribe_options: Default::default(),
        };
        r.add(Some("A"), "x".into(), p.clone(), vec![]);
        r.add(Some(" A "), "x".into(), p.clone(), vec![]);
        r.add(None, "MQTT.fx profile 3".into(), p.clone(), vec![]);
        let names: Vec<&str> = r.profiles.iter().map(|i| i.profile.name.as_str()).collect();
        assert_eq!(names, ["A", "A (2)", "MQTT.fx profile 3"]);
        assert_eq!(
            r.profiles[1].notes,
            [ProfileNote::Renamed { from: " A ".into() }]
        );
        assert_eq!(
            r.profiles[2].notes,
            [ProfileNote::Renamed {
                from: String::new()
            }]
        );
        r.avoid_names(|n| n == "A" || n == "A (3)");
        let names: Vec<&str> = r.profiles.iter().map(|i| i.profile.name.as_str()).collect();
        assert_eq!(names, ["A (4)", "A (2)", "MQTT.fx profile 3"]);
        assert_eq!(
            r.profiles[0].notes,
            [ProfileNote::Renamed { from: "A".into() }]
        );
    }
}
