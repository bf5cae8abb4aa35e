//! The service worker, `sw.js` beside `index.html` (written into release builds by
//! `scripts/pwa.py`, from `static/sw.js.in`): registering it, noticing that a newer deployment
//! is installed and waiting behind the running one, and letting it take over when the user says
//! so. The worker never takes over by itself: the page running now could be in the middle of a
//! session, and its lazily loaded chunks must keep coming from its own build.
//!
//! Debug builds register nothing (nothing from `trunk serve` is cached), and they unregister a
//! worker a release build left on the same origin, so a hard reload gets a developer out of a
//! cached release page.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Event, EventTarget, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState,
};

/// The worker's file, relative to the page, so its scope is the page's directory on any
/// sub-path.
pub const SCRIPT: &str = "sw.js";

/// How often a tab that stays open asks whether a new version has been deployed.
pub const CHECK_EVERY_MS: u32 = 30 * 60 * 1000;

/// Coming back to a hidden tab asks too, but at most this often.
const VISIBLE_CHECK_GAP_MS: f64 = 60_000.0;

/// Registration waits this long after the start, so that precaching the whole app (every chunk)
/// does not compete with the first load for a slow link.
pub const REGISTER_AFTER_MS: u32 = 2_000;

/// Why the worker could not be registered; the app still works, only not offline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceWorkerError {
    /// The browser refused `sw.js`: the server lacks it (a dist/ built without the
    /// `scripts/pwa.py` hook) or serves it with a type other than JavaScript, the script
    /// failed, or a Content-Security-Policy forbids it.
    Rejected {
        /// What the browser said.
        detail: String,
    },
}

/// Watches the registered worker while it is held; dropping it removes every listener and
/// timer it installed.
pub struct ServiceWorkerWatch {
    shared: Rc<Shared>,
}

/// An event listener that is removed when dropped.
struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Option<Closure<dyn FnMut(Event)>>,
}

impl Listener {
    fn new(target: &EventTarget, kind: &'static str, f: impl FnMut(Event) + 'static) -> Listener {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        let _ = target.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            kind,
            callback: Some(callback),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let Some(callback) = self.callback.take() else {
            return;
        };
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, callback.as_ref().unchecked_ref());
        // A listener may be dropped while one of its neighbours runs; freeing a closure that
        // runs is an error, so every closure is freed on the next task.
        if let Some(window) = web_sys::window() {
            let release = Closure::once_into_js(move || drop(callback));
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 0);
        }
    }
}

/// What the listeners share. They hold it weakly, so dropping the watch frees it all.
struct Shared {
    container: ServiceWorkerContainer,
    registration: RefCell<Option<ServiceWorkerRegistration>>,
    on_waiting: Box<dyn Fn()>,
    on_error: Box<dyn Fn(ServiceWorkerError)>,
    /// Listeners that live as long as the watch.
    listeners: RefCell<Vec<Listener>>,
    /// The `statechange` listener of the newest worker being installed.
    installing: RefCell<Option<Listener>>,
    register_timer: RefCell<Option<Timeout>>,
    check_timer: RefCell<Option<Interval>>,
    /// Set when the user asked for the new version: its taking control reloads the page.
    reload_on_change: Cell<bool>,
    reloading: Cell<bool>,
    last_check_ms: Cell<f64>,
}

impl ServiceWorkerWatch {
    /// In a release build, registers [`SCRIPT`] (after [`REGISTER_AFTER_MS`]) and calls
    /// `on_waiting` whenever a newer version is installed and waiting while this page is
    /// controlled by the current one; `on_error` hears a refused registration. Checks for a
    /// new deployment every [`CHECK_EVERY_MS`] and when the tab becomes visible again.
    ///
    /// `None` in a debug build, or when the browser offers no service workers here (plain
    /// `http` other than localhost, some private modes).
    pub fn start(
        on_waiting: impl Fn() + 'static,
        on_error: impl Fn(ServiceWorkerError) + 'static,
    ) -> Option<ServiceWorkerWatch> {
        let navigator = web_sys::window()?.navigator();
        // Where service workers are unavailable `navigator.serviceWorker` is missing, and
        // calling into it would throw.
        let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
            .is_ok_and(|v| v.is_object());
        if !present {
            return None;
        }
        let container = navigator.service_worker();
        if cfg!(debug_assertions) {
            unregister_release_worker(&container);
            return None;
        }
        let shared = Rc::new(Shared {
            container,
            registration: RefCell::new(None),
            on_waiting: Box::new(on_waiting),
            on_error: Box::new(on_error),
            listeners: RefCell::new(Vec::new()),
            installing: RefCell::new(None),
            register_timer: RefCell::new(None),
            check_timer: RefCell::new(None),
            reload_on_change: Cell::new(false),
            reloading: Cell::new(false),
            last_check_ms: Cell::new(js_sys::Date::now()),
        });
        let weak = Rc::downgrade(&shared);
        let on_change = Listener::new(&shared.container, "controllerchange", move |_| {
            if let Some(s) = weak.upgrade() {
                s.controller_changed();
            }
        });
        shared.listeners.borrow_mut().push(on_change);
        let weak = Rc::downgrade(&shared);
        let timer = Timeout::new(REGISTER_AFTER_MS, move || register(weak));
        *shared.register_timer.borrow_mut() = Some(timer);
        Some(ServiceWorkerWatch { shared })
    }

    /// Lets the waiting version take over and reloads the page once it has; without a waiting
    /// version (another tab let it take over already) reloads at once.
    pub fn activate_waiting(&self) {
        let waiting = self
            .shared
            .registration
            .borrow()
            .as_ref()
            .and_then(|r| r.waiting());
        let Some(worker) = waiting else {
            reload_page();
            return;
        };
        self.shared.reload_on_change.set(true);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &message,
            &JsValue::from_str("type"),
            &JsValue::from_str("skip-waiting"),
        );
        if worker.post_message(&message).is_err() {
            reload_page();
        }
    }
}

/// Registers the worker and starts watching it, or reports why the browser refused.
fn register(weak: Weak<Shared>) {
    let Some(shared) = weak.upgrade() else {
        return;
    };
    let promise = shared.container.register(SCRIPT);
    drop(shared);
    spawn_local(async move {
        let result = JsFuture::from(promise).await;
        let Some(shared) = weak.upgrade() else {
            return;
        };
        match result.map(JsCast::unchecked_into::<ServiceWorkerRegistration>) {
            Ok(registration) => shared.watch(registration),
            Err(e) => (shared.on_error)(ServiceWorkerError::Rejected {
                detail: js_error_text(&e),
            }),
        }
    });
}

impl Shared {
    /// Whether a worker serves this page now. Without one, an installed worker is the first
    /// install, not an update: it takes control by itself and nothing needs announcing.
    fn controlled(&self) -> bool {
        self.container.controller().is_some()
    }

    fn announce_if_controlled(&self) {
        if self.controlled() {
            (self.on_waiting)();
        }
    }

    fn watch(self: &Rc<Self>, registration: ServiceWorkerRegistration) {
        if registration.waiting().is_some() {
            self.announce_if_controlled();
        }
        if let Some(worker) = registration.installing() {
            self.follow(worker);
        }
        let weak = Rc::downgrade(self);
        let found = registration.clone();
        let on_found = Listener::new(&registration, "updatefound", move |_| {
            if let (Some(s), Some(worker)) = (weak.upgrade(), found.installing()) {
                s.follow(worker);
            }
        });
        let mut listeners = vec![on_found];
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let weak = Rc::downgrade(self);
            let shown = document.clone();
            listeners.push(Listener::new(&document, "visibilitychange", move |_| {
                let Some(s) = weak.upgrade() else {
                    return;
                };
                if !shown.hidden()
                    && js_sys::Date::now() - s.last_check_ms.get() >= VISIBLE_CHECK_GAP_MS
                {
                    s.check();
                }
            }));
        }
        self.listeners.borrow_mut().extend(listeners);
        let weak = Rc::downgrade(self);
        let interval = Interval::new(CHECK_EVERY_MS, move || {
            if let Some(s) = weak.upgrade() {
                s.check();
            }
        });
        *self.check_timer.borrow_mut() = Some(interval);
        *self.registration.borrow_mut() = Some(registration);
    }

    /// Announces `worker` once it is installed (and so waiting behind the current version).
    fn follow(self: &Rc<Self>, worker: ServiceWorker) {
        let weak = Rc::downgrade(self);
        let watched = worker.clone();
        let listener = Listener::new(&worker, "statechange", move |_| {
            if watched.state() == ServiceWorkerState::Installed {
                if let Some(s) = weak.upgrade() {
                    s.announce_if_controlled();
                }
            }
        });
        // A newer worker makes the previous one redundant: its listener can go.
        self.installing.replace(Some(listener));
    }

    /// Asks the server for `sw.js`; a changed file installs a new version in the background.
    fn check(&self) {
        self.last_check_ms.set(js_sys::Date::now());
        let Some(registration) = self.registration.borrow().clone() else {
            return;
        };
        if let Ok(promise) = registration.update() {
            // Offline, the check fails; the next one will tell. Awaiting it keeps the rejection
            // out of the browser's log.
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }

    fn controller_changed(&self) {
        // Another tab may let a new version take over: this page keeps running until its user
        // asks, so only a change this page requested reloads it, and only once.
        if self.reload_on_change.get() && !self.reloading.replace(true) {
            reload_page();
        }
    }
}

/// A debug build's page is never served by a worker a release build registered on the same
/// origin (say both on localhost:8080): that worker would answer with the release page.
fn unregister_release_worker(container: &ServiceWorkerContainer) {
    let promise = container.get_registration();
    spawn_local(async move {
        let Ok(found) = JsFuture::from(promise).await else {
            return;
        };
        let Some(registration) = found.dyn_ref::<ServiceWorkerRegistration>() else {
            return;
        };
        let ours = [
            registration.active(),
            registration.waiting(),
            registration.installing(),
        ]
        .into_iter()
        .flatten()
        .any(|w| w.script_url().ends_with(&format!("/{SCRIPT}")));
        if ours {
            if let Ok(p) = registration.unregister() {
                let _ = JsFuture::from(p).await;
            }
        }
    });
}

fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
