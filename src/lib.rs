//! MQTT Console: a browser MQTT workbench.
//!
//! `aliyun` and `mqtt` are the sans-IO core (no `web_sys`, no `leptos`, time passed in) and are
//! tested natively; `transport`, `state` and `ui` are the browser edge.

pub mod aliyun;
pub mod i18n;
pub mod mqtt;
pub mod state;
pub mod transport;
pub mod ui;
