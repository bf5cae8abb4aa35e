//! MQTT Console: a browser MQTT workbench.
//!
//! `aliyun` and `mqtt` are the sans-IO core (no `web_sys`, no `leptos`, time passed in) and are
//! tested natively; `transport`, `state` and `ui` are the browser edge.

pub mod aliyun;
#[cfg(feature = "ui")]
pub mod i18n;
pub mod mqtt;
#[cfg(feature = "ui")]
pub mod state;
#[cfg(feature = "ui")]
pub mod transport;
#[cfg(feature = "ui")]
pub mod ui;
