//! Runs one dynamic registration ([`Registrar`]) over its own WebSocket, beside (and never
//! touching) the console's connection; the result lands in signals for the device-tools panel.

use leptos::prelude::*;

use crate::aliyun::{
    registration_credentials, AliyunDevice, RegisterMode, Registered, Registrar, RegistrationError,
    REGISTRATION_TIMEOUT_MS,
};
use crate::i18n::connection::describe_close_code;
use crate::i18n::Text;
use crate::platform::websocket::{TransportEvent, WsTransport};

/// A running registration: its protocol state, socket and deadline timer.
struct Run {
    id: u64,
    /// Wall-clock start, Unix ms; the registrar counts from it.
    started: u64,
    registrar: Registrar,
    link: Option<WsTransport>,
    _deadline: gloo::timers::callback::Timeout,
}

/// The registration panel's state.
#[derive(Clone, Copy)]
pub struct Registration {
    /// The ProductSecret typed; kept in memory only, never saved.
    pub product_secret: RwSignal<String>,
    /// `register` or `regnwl`.
    pub mode: RwSignal<RegisterMode>,
    /// A registration is running.
    pub running: RwSignal<bool>,
    /// What the last registration gave, or why it gave nothing.
    pub result: RwSignal<Option<Result<Registered, Text>>>,
    run: StoredValue<Option<Run>, LocalStorage>,
    next_id: StoredValue<u64>,
}

impl Default for Registration {
    fn default() -> Self {
        Registration {
            product_secret: RwSignal::new(String::new()),
            mode: RwSignal::new(RegisterMode::Register),
            running: RwSignal::new(false),
            result: RwSignal::new(None),
            run: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
        }
    }
}

fn error_text(e: &RegistrationError) -> Text {
    Text::new(e.to_string(), e.zh())
}

impl Registration {
    /// Registers `device` (its ProductKey, DeviceName, host, path, client id and sign method)
    /// with the ProductSecret typed; `random` is drawn by the caller.
    pub fn start(&self, device: &AliyunDevice, random: u64, now: u64) {
        self.stop();
        let mode = self.mode.get_untracked();
        let secret = self.product_secret.get_untracked();
        let credentials = match registration_credentials(device, &secret, mode, random) {
            Ok(c) => c,
            Err(e) => return self.result.set(Some(Err(Text::new(e.to_string(), e.zh())))),
        };
        let registrar = match Registrar::new(&credentials, mode, 0) {
            Ok(r) => r,
            Err(e) => return self.result.set(Some(Err(error_text(&e)))),
        };
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let this = *self;
        let deadline = gloo::timers::callback::Timeout::new(
            // The registrar checks its own deadline; the timer only wakes it up.
            REGISTRATION_TIMEOUT_MS as u32 + 50,
            move || this.on_deadline(id),
        );
        self.run.set_value(Some(Run {
            id,
            started: now,
            registrar,
            link: None,
            _deadline: deadline,
        }));
        self.result.set(None);
        self.running.set(true);
        match WsTransport::connect(&credentials.url, move |ev| this.on_event(id, ev)) {
            Ok(link) => self.with_run(id, |r| r.link = Some(link)),
            Err(e) => {
                let e = RegistrationError::Closed(e.to_string());
                self.finish(Err(error_text(&e)));
            }
        }
    }

    /// Abandons a running registration.
    pub fn stop(&self) {
        let mut old = None;
        self.run.update_value(|r| old = r.take());
        if let Some(run) = old {
            if let Some(link) = &run.link {
                link.close();
            }
            crate::platform::timers::release_later(run);
        }
        self.running.set(false);
    }

    fn with_run(&self, id: u64, f: impl FnOnce(&mut Run)) {
        self.run.update_value(|slot| {
            if let Some(run) = slot.as_mut().filter(|r| r.id == id) {
                f(run);
            }
        });
    }

    fn on_event(&self, id: u64, ev: TransportEvent) {
        let now = js_sys::Date::now() as u64;
        self.with_run(id, |run| {
            let elapsed = now.saturating_sub(run.started);
            match ev {
                TransportEvent::Open => run.registrar.start(elapsed),
                TransportEvent::Data(bytes) => run.registrar.handle_bytes(&bytes, elapsed),
                TransportEvent::UnexpectedText => run
                    .registrar
                    .link_closed("the server sent a text frame (is this an MQTT endpoint?)"),
                TransportEvent::Closed { code, .. } => run.registrar.link_closed(&format!(
                    "{} (WebSocket close code {code})",
                    describe_close_code(code)
                )),
            }
        });
        self.pump(id);
    }

    fn on_deadline(&self, id: u64) {
        let now = js_sys::Date::now() as u64;
        self.with_run(id, |run| {
            run.registrar
                .handle_timeout(now.saturating_sub(run.started).max(REGISTRATION_TIMEOUT_MS))
        });
        self.pump(id);
    }

    /// Sends what the registrar queued; ends the run once it has an outcome.
    fn pump(&self, id: u64) {
        let mut outcome = None;
        self.with_run(id, |run| {
            while let Some(bytes) = run.registrar.poll_transmit() {
                if let Some(link) = &run.link {
                    // A send failure shows up as the socket's close right after.
                    let _ = link.send(&bytes);
                }
            }
            if run.registrar.finished() {
                outcome = run.registrar.outcome().cloned();
            }
        });
        if let Some(outcome) = outcome {
            self.finish(outcome.map_err(|e| error_text(&e)));
        }
    }

    fn finish(&self, outcome: Result<Registered, Text>) {
        self.stop();
        self.result.set(Some(outcome));
    }
}
