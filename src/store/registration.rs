//! Runs one dynamic registration ([`RegistrationRun`]) over its own WebSocket, beside (and never
//! touching) the app's connection; the outcome lands in signals for the device-tools panel.

use leptos::prelude::*;

use crate::aliyun::{AliyunDevice, RegisterMode};
use crate::model::registration::{RegistrationOutcome, RegistrationRun};
use crate::platform::websocket::{TransportEvent, WsTransport};

/// A running registration: its model, socket and deadline timer.
struct Run {
    id: u64,
    model: RegistrationRun,
    link: Option<WsTransport>,
    _deadline: gloo::timers::callback::Timeout,
}

/// The registration panel's state.
#[derive(Clone, Copy)]
pub struct RegistrationStore {
    /// The ProductSecret typed; kept in memory only, never saved.
    pub product_secret: RwSignal<String>,
    /// `register` or `regnwl`.
    pub mode: RwSignal<RegisterMode>,
    /// A registration is running.
    pub running: RwSignal<bool>,
    /// What the last registration gave, or why it gave nothing.
    pub result: RwSignal<Option<RegistrationOutcome>>,
    run: StoredValue<Option<Run>, LocalStorage>,
    next_id: StoredValue<u64>,
}

impl Default for RegistrationStore {
    fn default() -> Self {
        RegistrationStore {
            product_secret: RwSignal::new(String::new()),
            mode: RwSignal::new(RegisterMode::Register),
            running: RwSignal::new(false),
            result: RwSignal::new(None),
            run: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
        }
    }
}

fn wall_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl RegistrationStore {
    /// Registers `device` (its ProductKey, DeviceName, host, path, client id and sign method)
    /// with the ProductSecret typed; `random` is drawn by the caller.
    pub fn start(&self, device: &AliyunDevice, random: u64, now: u64) {
        self.stop();
        let mode = self.mode.get_untracked();
        let model = self
            .product_secret
            .with_untracked(|secret| RegistrationRun::begin(device, secret, mode, random, now));
        let model = match model {
            Ok(m) => m,
            Err(e) => return self.result.set(Some(Err(e))),
        };
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let this = *self;
        let deadline = gloo::timers::callback::Timeout::new(
            u32::try_from(model.timer_ms()).unwrap_or(u32::MAX),
            move || this.on_deadline(id),
        );
        let url = model.url().to_owned();
        self.run.set_value(Some(Run {
            id,
            model,
            link: None,
            _deadline: deadline,
        }));
        self.result.set(None);
        self.running.set(true);
        match WsTransport::connect(&url, move |ev| this.on_event(id, ev)) {
            Ok(link) => self.with_run(id, |r| r.link = Some(link)),
            Err(e) => {
                self.with_run(id, |r| r.model.handle_unreachable(e.to_string()));
                self.pump(id);
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
        let now = wall_ms();
        self.with_run(id, |run| match ev {
            TransportEvent::Open => run.model.handle_open(now),
            TransportEvent::Data(bytes) => run.model.handle_bytes(&bytes, now),
            TransportEvent::UnexpectedText => run.model.handle_text_frame(),
            TransportEvent::Closed { code, .. } => run.model.handle_close(code),
        });
        self.pump(id);
    }

    fn on_deadline(&self, id: u64) {
        let now = wall_ms();
        self.with_run(id, |run| run.model.handle_deadline(now));
        self.pump(id);
    }

    /// Sends what the run queued; ends the run once it has an outcome.
    fn pump(&self, id: u64) {
        let mut outcome = None;
        self.with_run(id, |run| {
            while let Some(bytes) = run.model.poll_transmit() {
                if let Some(link) = &run.link {
                    // A send failure shows up as the socket's close right after.
                    let _ = link.send(&bytes);
                }
            }
            outcome = run.model.outcome();
        });
        if let Some(outcome) = outcome {
            self.stop();
            self.result.set(Some(outcome));
        }
    }
}
