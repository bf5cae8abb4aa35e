//! Timers the browser runs for us.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Drops `value` on the next task: it may hold the JavaScript closure that is running now.
pub fn release_later<T: 'static>(value: T) {
    if let Some(window) = web_sys::window() {
        let release = Closure::once_into_js(move || drop(value));
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 0);
    }
}

/// Runs `f` on the next task, after what runs now and the updates it scheduled.
pub fn next_task(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let run = Closure::once_into_js(f);
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 0);
    }
}
