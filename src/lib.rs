//! MQTT Console: a browser MQTT workbench.
//!
//! `aliyun` and `mqtt` are the sans-IO core (no `web_sys`, no `leptos`, time passed in) and are
//! tested natively; `platform` (what the browser provides) and `model` (plain types
//! holding every decision) sit side by side above it; `store` joins them with signals, and `ui`
//! draws the stores. `i18n` holds every word.

pub mod aliyun;
pub mod i18n;
#[cfg(feature = "ui")]
pub mod model;
pub mod mqtt;
#[cfg(feature = "ui")]
pub mod platform;

/// The page's allocator counts what it holds (`platform::alloc`), for the soak benchmark.
#[cfg(all(feature = "ui", target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: platform::alloc::Counting = platform::alloc::Counting;

#[cfg(feature = "ui")]
pub mod store;
#[cfg(feature = "ui")]
pub mod ui;
