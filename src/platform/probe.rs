//! A few counters on `window.mqttConsole` for benchmarks and scripts (`bench/`): what the log
//! has received, when the newest batch of messages arrived, the wasm memory size and the bytes
//! allocated in it (`wasmMemory`, `wasmLive`), and when the page mounted, a connect began and
//! CONNACK came. Also the page's monotonic clock ([`now`]).
//!
//! Every write happens at most once per animation frame or once per connection, never per
//! message, so the counters cost nothing measurable. Times are `performance.now()` values.

use wasm_bindgen::JsValue;

/// The name of the window property holding the counters.
const GLOBAL: &str = "mqttConsole";

/// Sets `window.mqttConsole[key] = value`, creating the object on first use. A page without a
/// window (a worker, a test harness) simply has no counters.
pub fn set(key: &str, value: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let global = JsValue::from_str(GLOBAL);
    let target = match js_sys::Reflect::get(&window, &global) {
        Ok(obj) if obj.is_object() => obj,
        _ => {
            let obj = js_sys::Object::new().into();
            if js_sys::Reflect::set(&window, &global, &obj).is_err() {
                return;
            }
            obj
        }
    };
    let _ = js_sys::Reflect::set(&target, &JsValue::from_str(key), &JsValue::from_f64(value));
}

thread_local! {
    /// `window.performance`, looked up once: the session reads the clock for every message, and
    /// the `window` and `performance` getters cost more than `now()` itself.
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// `performance.now()`, or 0 without a window.
pub fn now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, web_sys::Performance::now))
}

/// Stamps `key` with the time now.
pub fn mark(key: &str) {
    set(key, now());
}

/// The size of the wasm linear memory in bytes (it only grows).
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| f64::from(b.byte_length()))
                .unwrap_or(0.0)
        })
        .unwrap_or(0.0)
}
