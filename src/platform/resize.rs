//! Watching an element's size with a `ResizeObserver`: a list that draws only the rows in view
//! must learn its height when it is first shown (a panel unhidden on a phone), when a detail
//! pane takes part of it, or when the window changes, none of which scrolls it.

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// Calls its callback whenever the element's size changes (and once when it starts); stops
/// when dropped.
pub struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl SizeWatch {
    /// Watches `element`; `None` when the browser has no `ResizeObserver` (the caller then
    /// knows sizes only from its own events, as before).
    pub fn new(element: &web_sys::Element, mut on_resize: impl FnMut() + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries| on_resize());
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(SizeWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
