//! Saved connection profiles: the store kept in localStorage, the export/import file, and
//! importers for MQTT.fx and MQTTX.
//!
//! Pure logic: no browser APIs. Encrypting opted-in secrets (WebCrypto PBKDF2 + AES-GCM) is the
//! browser edge's job; this module models the sealed data and guarantees that a store never
//! serializes a secret in clear.

mod convert;
mod error;
mod file;
mod load;
mod mqttfx;
mod mqttx;
mod name;
mod notice;
mod profile;
mod report;
mod secrets;
mod store;

pub use error::{ImportError, MAX_IMPORT_BYTES};
pub use file::{export_json, import_json, FILE_FORMAT, FILE_VERSION};
pub use load::{LoadError, LoadReport};
pub use mqttfx::import_mqttfx;
pub use mqttx::import_mqttx;
pub use name::{normalize_name, NameError, MAX_NAME_CHARS};
pub use notice::{ImportLine, ProfileNotice, ProfileProblem};
pub use profile::{parse_profiles, random_client_id, Profile, ProfileListError};
pub use report::{
    ImportReport, ImportedProfile, ProfileNote, SkipReason, Skipped, MAX_IMPORT_PROFILES,
};
pub use secrets::{
    secrets_of, with_secrets, without_secrets, SealedParts, SealedSecrets, Secrets, SecretsError,
    IV_BYTES, MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, SALT_BYTES,
};
pub use store::{ProfileStore, Saved, StoreError, StoredProfile, STORE_VERSION};

/// Imports any supported file, telling them apart by content: XML is MQTT.fx; a JSON object
/// with `format` or `profiles` is ours; a JSON array or `connections`/`data` list is MQTTX.
pub fn import_file(text: &str) -> Result<ImportReport, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('<') {
        return import_mqttfx(body);
    }
    let value = file::parse_json(body)?;
    let ours = value
        .as_object()
        .is_some_and(|o| o.contains_key("format") || o.contains_key("profiles"));
    if ours {
        file::import_value(&value)
    } else if mqttx::connection_list(&value).is_some() {
        mqttx::import_value(&value)
    } else {
        Err(ImportError::UnknownFile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;

    #[test]
    fn files_are_told_apart_by_content() {
        let fx = "\u{feff}  <configuration><connectionProfile><profileName>fx</profileName></connectionProfile></configuration>";
        assert_eq!(
            import_file(fx).map(|r| r.profiles[0].profile.name.clone()),
            Ok("fx".into())
        );
        let ours = export_json(std::iter::empty(), false)
            .replace("[]", r#"[{"name":"ours","mode":"generic"}]"#);
        let r = import_file(&ours).unwrap();
        assert_eq!(r.profiles[0].profile.form.mode, Mode::Generic);
        let mqttx = r#"[{"name":"x","host":"h","protocol":"ws"}]"#;
        assert_eq!(
            import_file(mqttx).map(|r| r.profiles[0].profile.form.url.clone()),
            Ok("ws://h/mqtt".into())
        );
        assert_eq!(import_file(r#"{"hello":1}"#), Err(ImportError::UnknownFile));
        assert_eq!(import_file("42"), Err(ImportError::UnknownFile));
        assert!(matches!(
            import_file("nope"),
            Err(ImportError::NotJson { .. })
        ));
    }
}
