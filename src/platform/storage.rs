//! `localStorage`, for small settings the console remembers between visits (language, topic
//! history, snippets). Values here are never secrets.

use crate::i18n::Text;

/// The stored string under `key`, if storage is available and holds one.
pub fn load(key: &str) -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(key).ok()?
}

/// Stores `value` under `key`; the error says why in plain words (private mode, quota).
pub fn save(key: &str, value: &str) -> Result<(), String> {
    save_explained(key, value).map_err(|e| e.en)
}

/// [`save`] with the reason in both languages.
pub fn save_explained(key: &str, value: &str) -> Result<(), Text> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| {
            Text::new(
                "this browser does not allow local storage here (private mode or disabled)",
                "此浏览器在这里不允许本地存储（隐私模式或已禁用）",
            )
        })?;
    storage.set_item(key, value).map_err(|_| {
        Text::new(
            format!("the browser's storage is full; \"{key}\" could not be saved (free space by deleting profiles or snippets)"),
            format!("浏览器的存储空间已满，无法保存“{key}”（请删除一些配置或常用消息以腾出空间）"),
        )
    })
}
