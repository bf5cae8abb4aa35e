//! Watching the system's colour scheme (`prefers-color-scheme`): a canvas that keeps the page's
//! colours must read them again when the scheme changes while the page follows it.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// Calls its callback whenever the system switches between light and dark; stops when dropped.
pub struct SchemeWatch {
    query: web_sys::MediaQueryList,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl SchemeWatch {
    /// Watches the scheme; `None` without a window or `matchMedia` (nothing to follow then).
    pub fn new(mut on_change: impl FnMut() + 'static) -> Option<Self> {
        let query = web_sys::window()?
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()?;
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_change());
        query
            .add_event_listener_with_callback("change", callback.as_ref().unchecked_ref())
            .ok()?;
        Some(SchemeWatch { query, callback })
    }
}

impl Drop for SchemeWatch {
    fn drop(&mut self) {
        let _ = self
            .query
            .remove_event_listener_with_callback("change", self.callback.as_ref().unchecked_ref());
    }
}
