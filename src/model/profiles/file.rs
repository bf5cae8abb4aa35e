//! The profile file users export and import to move profiles between browsers.
//!
//! Format (version 1):
//! ```json
//! {"format":"mqtt-console-profiles","version":1,"profiles":[
//!   {"name":"Local broker","mode":"generic","url":"ws://127.0.0.1:9001","client_id":"",
//!    "username":"","password":"","keepalive":"60","clean_session":true, …,
//!    "subscribe":"#","publish":"test"}
//! ]}
//! ```
//! Each profile is a [`Profile`]: its name, every [`ConnectForm`](crate::model::ConnectForm)
//! field by its Rust name, and the optional subscribe/publish topics. Secrets
//! (`device_secret`, `password`) are empty unless the user exported with secrets, in which case
//! they are in clear text: the file is then as sensitive as the secrets. The older
//! `{"profiles":[…]}` file (the demo profiles) is read too.

use serde::Serialize;
use serde_json::Value;

use super::entry::entries;
use super::error::{clip, ImportError, MAX_IMPORT_BYTES};
use super::report::{lenient_profile, ImportReport, ProfileNote, SkipReason};
use super::secrets::{secrets_of, without_secrets};
use crate::model::collection::Collections;
use crate::model::profiles::Profile;

/// The `format` value of a profile file.
pub const FILE_FORMAT: &str = "mqtt-console-profiles";

/// The file format version written and read.
pub const FILE_VERSION: u64 = 1;

#[derive(Serialize)]
struct ProfileFile {
    format: &'static str,
    version: u64,
    profiles: Vec<Profile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collections: Option<Value>,
}

/// The export file for `profiles`; their secret fields are blanked unless `include_secrets`,
/// in which case they are written in clear (the UI should warn before offering that).
pub fn export_json<'a>(
    profiles: impl IntoIterator<Item = &'a Profile>,
    include_secrets: bool,
) -> String {
    export_json_with(profiles, include_secrets, None)
}

/// [`export_json`] carrying publish collections too (as a `collections` member; the global
/// items and those of the exported profiles, see
/// [`Collections::for_profiles`](crate::model::collection::Collections::for_profiles)).
pub fn export_json_with<'a>(
    profiles: impl IntoIterator<Item = &'a Profile>,
    include_secrets: bool,
    collections: Option<&Collections>,
) -> String {
    let profiles = profiles
        .into_iter()
        .map(|p| {
            let mut p = p.clone();
            if !include_secrets {
                p.form = without_secrets(p.form);
            }
            p
        })
        .collect();
    let collections = collections
        .filter(|c| !c.is_empty())
        .map(Collections::to_value);
    let file = ProfileFile {
        format: FILE_FORMAT,
        version: FILE_VERSION,
        profiles,
        collections,
    };
    // Only strings, bools and options: serialization cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Parses text as JSON for an importer, after the size check.
pub(super) fn parse_json(text: &str) -> Result<Value, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    // serde_json stops at nesting depth 128, so deep `[[[[…` is an error, not a stack overflow.
    serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
    })
}

/// Reads a profile file written by [`export_json`] (or the older `{"profiles":[…]}`).
pub fn import_json(text: &str) -> Result<ImportReport, ImportError> {
    import_value(&parse_json(text)?)
}

pub(super) fn import_value(value: &Value) -> Result<ImportReport, ImportError> {
    let obj = value.as_object().ok_or(ImportError::UnknownFile)?;
    match obj.get("format") {
        None => {}
        Some(Value::String(f)) if f == FILE_FORMAT => {}
        Some(Value::String(f)) => return Err(ImportError::WrongFormat(clip(f))),
        Some(other) => return Err(ImportError::WrongFormat(clip(&other.to_string()))),
    }
    match obj.get("version").map(Value::as_u64) {
        None | Some(Some(FILE_VERSION)) => {}
        Some(Some(v)) if v > FILE_VERSION => return Err(ImportError::UnsupportedVersion(v)),
        Some(_) => return Err(ImportError::BadVersion),
    }
    let list = obj
        .get("profiles")
        .and_then(Value::as_array)
        .ok_or(ImportError::NoProfileList)?;
    if list.is_empty() {
        return Err(ImportError::NoProfiles);
    }
    let mut report = ImportReport {
        collections: obj.get("collections").cloned().map(Collections::from_value),
        ..ImportReport::default()
    };
    for entry in entries(list, |n| Some(clip(n))) {
        let Some(fields) = entry.fields else {
            report.skipped.push(entry.skip(SkipReason::NotAnObject));
            continue;
        };
        if report.full() {
            report.skipped.push(entry.skip(SkipReason::TooMany));
            continue;
        }
        match lenient_profile(fields) {
            Err(reason) => report.skipped.push(entry.skip(reason)),
            Ok((profile, dropped)) => {
                let mut notes = Vec::new();
                if !dropped.is_empty() {
                    notes.push(ProfileNote::FieldsDropped(dropped));
                }
                if !secrets_of(&profile.form).is_empty() {
                    notes.push(ProfileNote::ContainsSecrets);
                }
                report.add(
                    entry.raw_name,
                    format!("Imported profile {}", entry.position),
                    profile,
                    notes,
                );
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::{ConnectForm, Mode};
    use crate::model::profiles::Skipped;

    fn profile(name: &str) -> Profile {
        Profile {
            decoders: Default::default(),
            name: name.into(),
            form: ConnectForm {
                mode: Mode::Generic,
                url: "ws://127.0.0.1:9001/mqtt".into(),
                client_id: "c1".into(),
                username: "user".into(),
                password: "hunter2-pw".into(),
                device_secret: "ds-s3cret".into(),
                ..ConnectForm::default()
            },
            subscribe: Some("#".into()),
            publish: None,
            subscribe_options: Default::default(),
        }
    }

    #[test]
    fn export_then_import_round_trips() {
        let profiles = [profile("One"), profile("Two")];
        let text = export_json(&profiles, true);
        let report = import_json(&text).unwrap();
        let back: Vec<Profile> = report.profiles.iter().map(|p| p.profile.clone()).collect();
        assert_eq!(back, profiles);
        assert!(report.skipped.is_empty());
        assert_eq!(report.profiles[0].notes, [ProfileNote::ContainsSecrets]);

        let text = export_json(&profiles, false);
        assert!(!text.contains("hunter2-pw") && !text.contains("ds-s3cret"));
        let report = import_json(&text).unwrap();
        assert_eq!(
            report.profiles[1].profile.form,
            without_secrets(profiles[1].form.clone())
        );
        assert!(report.profiles[1].notes.is_empty());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (v["format"].as_str(), v["version"].as_u64()),
            (Some(FILE_FORMAT), Some(1))
        );
    }

    #[test]
    fn bad_entries_are_skipped_and_collisions_renamed() {
        let text = r#"{"format":"mqtt-console-profiles","version":1,"profiles":[
            {"name":"A","mode":"generic","url":"ws://a"}, 7, {"name":"A","tls":"no"}, {"url":"ws://c"}]}"#;
        let r = import_json(text).unwrap();
        let names: Vec<&str> = r.profiles.iter().map(|p| p.profile.name.as_str()).collect();
        assert_eq!(names, ["A", "A (2)", "Imported profile 4"]);
        assert_eq!(
            r.profiles[1].notes,
            [
                ProfileNote::Renamed { from: "A".into() },
                ProfileNote::FieldsDropped(vec!["tls".into()])
            ]
        );
        assert_eq!(
            r.skipped,
            [Skipped {
                position: 2,
                name: None,
                reason: SkipReason::NotAnObject
            }]
        );
        // The demo file shape, without format and version, is accepted.
        assert_eq!(
            import_json(r#"{"profiles":[{"name":"x"}]}"#).map(|r| r.profiles.len()),
            Ok(1)
        );
    }

    #[test]
    fn whole_file_problems_are_errors() {
        assert_eq!(
            import_json(r#"{"format":"other","profiles":[]}"#),
            Err(ImportError::WrongFormat("other".into()))
        );
        assert_eq!(
            import_json(r#"{"format":"mqtt-console-profiles","version":2,"profiles":[]}"#),
            Err(ImportError::UnsupportedVersion(2))
        );
        assert_eq!(
            import_json(r#"{"version":"1","profiles":[]}"#),
            Err(ImportError::BadVersion)
        );
        assert_eq!(
            import_json(r#"{"profiles":{}}"#),
            Err(ImportError::NoProfileList)
        );
        assert_eq!(
            import_json(r#"{"profiles":[]}"#),
            Err(ImportError::NoProfiles)
        );
        assert_eq!(import_json("[]"), Err(ImportError::UnknownFile));
        assert!(matches!(
            import_json("{\n,"),
            Err(ImportError::NotJson { line: 2, .. })
        ));
        let nested = "[".repeat(100_000);
        assert!(matches!(
            import_json(&nested),
            Err(ImportError::NotJson { .. })
        ));
        let huge = " ".repeat(MAX_IMPORT_BYTES + 1);
        assert!(matches!(
            import_json(&huge),
            Err(ImportError::TooLarge { .. })
        ));
    }

    #[test]
    fn imports_stop_at_the_profile_limit() {
        let entries =
            vec![r#"{"name":"p"}"#; super::super::report::MAX_IMPORT_PROFILES + 2].join(",");
        let r = import_json(&format!(r#"{{"profiles":[{entries}]}}"#)).unwrap();
        assert_eq!(r.profiles.len(), super::super::report::MAX_IMPORT_PROFILES);
        assert_eq!(r.skipped.len(), 2);
        assert_eq!(r.skipped[0].reason, SkipReason::TooMany);
    }

    #[test]
    fn the_protocol_version_and_mqtt5_settings_travel_with_the_profile() {
        let profiles = crate::model::profiles::parse_profiles(
            r#"{"profiles":[{"name":"old","mode":"generic"}]}"#,
        )
        .unwrap();
        assert_eq!(profiles[0].form.mqtt5.protocol_version, "3.1.1");
        let mut p = profiles[0].clone();
        p.form.mqtt5.protocol_version = "5".into();
        p.form.mqtt5.session_expiry = "600".into();
        p.form.mqtt5.topic_aliases = false;
        p.subscribe_options.no_local = true;
        p.subscribe_options.retain_handling = 2;
        let json = export_json([&p], false);
        assert!(json.contains("\"protocol_version\": \"5\""), "{json}");
        let report = import_json(&json).unwrap();
        assert_eq!(report.profiles[0].profile.form.mqtt5, p.form.mqtt5);
        assert_eq!(
            report.profiles[0].profile.subscribe_options,
            p.subscribe_options
        );
    }

    #[test]
    fn publish_collections_travel_with_the_profiles() {
        use crate::model::collection::{PublishItem, Scope};
        use crate::model::payload::PayloadFormat;
        let mut c = Collections::default();
        let item = PublishItem::new(
            "hello",
            "t".into(),
            "{{counter}}".into(),
            PayloadFormat::Text,
            1,
            false,
            None,
        );
        c.save(&Scope::Global, item.clone()).unwrap();
        c.save(&Scope::Profile("a".into()), item).unwrap();
        let p = profile("a");
        let text = export_json_with([&p], false, Some(&c.for_profiles(["a"])));
        let report = import_json(&text).unwrap();
        assert_eq!(report.profiles.len(), 1);
        assert_eq!(report.collections, Some(Ok(c)));
        // A file without collections reports none; a broken member is reported, the profiles kept.
        assert_eq!(
            import_json(&export_json([&p], false)).unwrap().collections,
            None
        );
        let broken = text.replacen("\"global\"", "\"global\":7,\"x\"", 1);
        let report = import_json(&broken).unwrap();
        assert_eq!(report.profiles.len(), 1);
        assert!(matches!(report.collections, Some(Err(_))));
    }
}
