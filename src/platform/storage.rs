//! `localStorage`, for what the app remembers between visits (language, topic history,
//! snippets, profiles). Only sealed secrets are ever stored, never secrets in clear.

/// Why a value could not be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser offers no local storage here (private mode, or disabled by the user).
    Unavailable,
    /// The browser refused the write, which in practice means its quota for the page is used up.
    QuotaExceeded {
        /// The key that could not be written.
        key: String,
    },
}

/// The stored string under `key`, if storage is available and holds one.
pub fn load(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Stores `value` under `key`.
pub fn save(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    storage
        .set_item(key, value)
        .map_err(|_| StorageError::QuotaExceeded {
            key: key.to_owned(),
        })
}

/// Forgets what is stored under `key` (nothing happens when storage is unavailable).
pub fn remove(key: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(key);
    }
}
