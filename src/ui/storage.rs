//! `localStorage`, for small settings the console remembers between visits (language, topic
//! history, snippets). Values here are never secrets.

/// The stored string under `key`, if storage is available and holds one.
pub fn load(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Stores `value` under `key`; the error says why in plain words (private mode, quota).
pub fn save(key: &str, value: &str) -> Result<(), String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| {
            "this browser does not allow local storage here (private mode or disabled)".to_owned()
        })?;
    storage
        .set_item(key, value)
        .map_err(|_| format!("the browser's storage is full; \"{key}\" could not be saved (free space by deleting profiles or snippets)"))
}
