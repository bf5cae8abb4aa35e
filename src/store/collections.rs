//! The publish collections in the browser's storage, read and written whole. Only the parts that
//! show or carry them (the collections panel, the profile file) call this, so it lives in their
//! chunks; [`Workspace::collections`](super::workspace::Workspace::collections) tells every
//! panel that they changed.

use crate::i18n::{Describe, Text};
use crate::model::collection::Collections;
use crate::platform::storage;

/// The storage key of the collections document.
pub const COLLECTIONS_KEY: &str = "mqtt-console.collections";

/// The stored collections (none stored: empty), or why they cannot be read; a document that
/// cannot be read is left in storage untouched.
pub fn load() -> Result<Collections, Text> {
    match storage::load(COLLECTIONS_KEY) {
        None => Ok(Collections::default()),
        Some(text) => Collections::from_json(&text).map_err(|e| e.describe()),
    }
}

/// Stores `collections` (an empty one removes the key).
pub fn store(collections: &Collections) -> Result<(), Text> {
    if collections.is_empty() {
        storage::remove(COLLECTIONS_KEY);
        return Ok(());
    }
    storage::save(COLLECTIONS_KEY, &collections.to_json()).map_err(|e| e.describe())
}
