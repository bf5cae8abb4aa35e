//! Saved connection profiles: the store kept in localStorage, the export/import file, and
//! importers for MQTT.fx and MQTTX.
//!
//! Pure logic: no browser APIs. Encrypting opted-in secrets (WebCrypto PBKDF2 + AES-GCM) is the
//! browser edge's job; this module models the sealed data and guarantees that a store never
//! serializes a secret in clear.

mod convert;
mod entry;
mod error;
mod file;
mod import;
mod link;
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
pub use file::{export_json, export_json_with, import_json, FILE_FORMAT, FILE_VERSION};
pub use import::import_file;
pub use link::{
    encode_link, is_link, parse_link, JsonKind, LinkClientId, LinkError, LinkProfile, LinkSecret,
    LinkSummary, LinkTarget, SecretToType, LINK_PREFIX, MAX_LINK_BYTES, MAX_LINK_LIST,
    MAX_LINK_TEXT_CHARS,
};
pub use load::{LoadError, LoadReport};
pub use mqttfx::import_mqttfx;
pub use mqttx::import_mqttx;
pub use name::{coerce_name, normalize_name, NameError, MAX_NAME_CHARS};
pub use notice::{ImportLine, ProfileNotice, ProfileProblem};
pub use profile::{parse_profiles, random_client_id, Profile, ProfileListError, DEMO_BLOCK_ID};
pub use report::{
    ImportReport, ImportedProfile, ProfileNote, SkipReason, Skipped, MAX_IMPORT_PROFILES,
};
pub use secrets::{
    secrets_of, with_secrets, without_secrets, SealedParts, SealedSecrets, Secrets, SecretsError,
    IV_BYTES, MAX_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS, SALT_BYTES,
};
pub use store::{ProfileStore, Saved, StoreError, StoredProfile, STORE_VERSION};
