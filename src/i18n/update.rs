//! Words of the "a new version is ready" notice, and of a service worker the browser refused.

use super::{Describe, Lang, Text};
use crate::platform::service_worker::ServiceWorkerError;

/// A label of the update notice (`src/ui/update.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateLabel {
    /// The notice itself.
    Ready,
    /// The button that switches to the new version.
    Reload,
    /// Said before reloading while a connection is open.
    ClosesConnection,
    /// The button that confirms the reload despite the open connection.
    ReloadAnyway,
    /// Keeps the connection and the running version for now.
    NotNow,
}

impl UpdateLabel {
    /// The label in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            UpdateLabel::Ready => (
                "A new version of MQTT Console is ready",
                "MQTT Console 新版本已就绪",
            ),
            UpdateLabel::Reload => ("Reload", "重新加载"),
            UpdateLabel::ClosesConnection => (
                "Reloading closes the open connection.",
                "重新加载会关闭当前连接。",
            ),
            UpdateLabel::ReloadAnyway => ("Close it and reload", "关闭连接并重新加载"),
            UpdateLabel::NotNow => ("Not now", "稍后"),
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

impl Describe for ServiceWorkerError {
    fn describe(&self) -> Text {
        match self {
            ServiceWorkerError::Rejected { detail } => Text::new(
                format!("MQTT Console will not work offline: the browser refused its service worker sw.js ({detail})"),
                format!("MQTT Console 无法离线使用：浏览器拒绝了它的 Service Worker sw.js（{detail}）"),
            ),
        }
    }
}
