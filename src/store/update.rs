//! "A new version of MQTT Console is ready": the notice's state, and the hand-over to the
//! waiting version when the user asks for it. The page never reloads by itself, and a click
//! while a connection is open asks first.

use leptos::prelude::*;

use crate::i18n::Describe;
use crate::model::Status;
use crate::platform::service_worker::{ServiceWorkerError, ServiceWorkerWatch};
use crate::store::Connection;

/// What the update notice shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Notice {
    /// No new version waits (or this build has no service worker).
    #[default]
    Hidden,
    /// A new version is installed and waits for the user's Reload.
    Ready,
    /// Reload was pressed while a connection is open: a second click confirms.
    ConfirmClose,
}

/// What a Reload click leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfterReload {
    /// The notice from now on.
    pub notice: Notice,
    /// Whether to close the connection (if any) and switch to the new version now.
    pub switch: bool,
}

impl Notice {
    /// A newer version is waiting.
    pub fn on_waiting(self) -> Notice {
        match self {
            Notice::Hidden => Notice::Ready,
            shown => shown,
        }
    }

    /// Reload was clicked while the connection is in `status`: the first click with a link
    /// open or being made only asks, the confirming second click switches.
    pub fn on_reload(self, status: Status) -> AfterReload {
        match self {
            Notice::Hidden => AfterReload {
                notice: Notice::Hidden,
                switch: false,
            },
            Notice::Ready if status.is_active() => AfterReload {
                notice: Notice::ConfirmClose,
                switch: false,
            },
            Notice::Ready | Notice::ConfirmClose => AfterReload {
                notice: self,
                switch: true,
            },
        }
    }

    /// "Not now": keep the connection and this version; the notice stays.
    pub fn on_not_now(self) -> Notice {
        match self {
            Notice::ConfirmClose => Notice::Ready,
            other => other,
        }
    }
}

/// The update notice's state and the service worker behind it.
#[derive(Clone, Copy)]
pub struct UpdateStore {
    /// What the notice shows.
    pub notice: RwSignal<Notice>,
    /// Why the service worker could not be registered, if it could not.
    pub failure: RwSignal<Option<ServiceWorkerError>>,
    watch: StoredValue<Option<ServiceWorkerWatch>, LocalStorage>,
}

impl UpdateStore {
    /// Registers the service worker (release builds only) and listens for a new version.
    pub fn start() -> UpdateStore {
        let notice = RwSignal::new(Notice::Hidden);
        let failure = RwSignal::new(None);
        let watch = ServiceWorkerWatch::start(
            move || {
                notice.try_update(|n| *n = n.on_waiting());
            },
            move |error: ServiceWorkerError| {
                // Whoever deploys dist/ reads the browser's log; the user loses nothing but
                // offline use, so the page stays quiet.
                web_sys::console::warn_1(&error.describe().en.into());
                failure.try_set(Some(error));
            },
        );
        UpdateStore {
            notice,
            failure,
            watch: StoredValue::new_local(watch),
        }
    }

    /// Reload was clicked: asks first while any of `conns` is open, else closes them cleanly (so the
    /// broker does not publish its will) and switches to the new version.
    pub fn reload(&self, conns: &[Connection]) {
        // Asked first while any open connection is connecting, connected or reconnecting.
        let status = conns
            .iter()
            .map(|c| c.status.get_untracked())
            .find(|s| s.is_active())
            .unwrap_or_default();
        let after = self.notice.get_untracked().on_reload(status);
        self.notice.set(after.notice);
        if !after.switch {
            return;
        }
        for conn in conns {
            if conn.status.get_untracked().is_active() {
                conn.disconnect();
            }
        }
        self.watch.with_value(|watch| {
            if let Some(watch) = watch {
                watch.activate_waiting();
            }
        });
    }

    /// "Not now" after the question.
    pub fn not_now(&self) {
        self.notice.update(|n| *n = n.on_not_now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Status; 5] = [
        Status::Disconnected,
        Status::Connecting,
        Status::Connected,
        Status::Reconnecting,
        Status::Error,
    ];

    #[test]
    fn a_waiting_version_shows_the_notice_once() {
        assert_eq!(Notice::Hidden.on_waiting(), Notice::Ready);
        assert_eq!(Notice::Ready.on_waiting(), Notice::Ready);
        // A second new version while the question is open does not reset it.
        assert_eq!(Notice::ConfirmClose.on_waiting(), Notice::ConfirmClose);
    }

    #[test]
    fn without_a_link_reload_switches_at_once() {
        for status in [Status::Disconnected, Status::Error] {
            let after = Notice::Ready.on_reload(status);
            assert_eq!(
                after,
                AfterReload {
                    notice: Notice::Ready,
                    switch: true
                }
            );
        }
    }

    #[test]
    fn with_a_link_open_or_being_made_reload_asks_first() {
        for status in [Status::Connecting, Status::Connected, Status::Reconnecting] {
            let first = Notice::Ready.on_reload(status);
            assert_eq!(first.notice, Notice::ConfirmClose, "{status:?}");
            assert!(!first.switch, "{status:?}");
            let second = first.notice.on_reload(status);
            assert!(second.switch, "{status:?}");
        }
    }

    #[test]
    fn not_now_keeps_the_notice_and_asks_again_next_time() {
        let asked = Notice::Ready.on_reload(Status::Connected).notice;
        let kept = asked.on_not_now();
        assert_eq!(kept, Notice::Ready);
        assert!(!kept.on_reload(Status::Connected).switch);
        assert_eq!(Notice::Hidden.on_not_now(), Notice::Hidden);
    }

    #[test]
    fn nothing_switches_without_a_waiting_version() {
        for status in ALL {
            assert_eq!(
                Notice::Hidden.on_reload(status),
                AfterReload {
                    notice: Notice::Hidden,
                    switch: false
                }
            );
        }
    }
}
