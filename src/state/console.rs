//! The live connection: one sans-IO [`Session`] driven by one [`WsTransport`], its results
//! written into signals the views read.
//!
//! Every link gets an id; events of a link that was replaced or retired are ignored, so a late
//! `close` of an old socket can never touch the current one.

use bytes::Bytes;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::form::ConnectPlan;
use super::log::{Direction, LogEntry, MessageLog};
use super::status::{describe_connack, Status};
use super::subscriptions::Subscriptions;
use crate::mqtt::{Event, Millis, QoS, Session, SubscribeOutcome};
use crate::transport::{describe_close_code, TransportEvent, WsTransport};

/// How often the session's timers (keepalive, deadlines) are checked.
const TICK_MS: u32 = 250;

struct Link {
    id: u64,
    session: Session,
    transport: WsTransport,
    _ticker: gloo::timers::callback::Interval,
}

/// Handle to the application's connection state; `Copy`, so every view can hold one.
#[derive(Clone, Copy)]
pub struct Console {
    /// The status light.
    pub status: RwSignal<Status>,
    /// Why the last attempt failed or the last link closed, in plain language.
    pub error: RwSignal<Option<String>>,
    /// Everything sent and received.
    pub log: RwSignal<MessageLog>,
    /// The subscriptions panel.
    pub subs: RwSignal<Subscriptions>,
    link: StoredValue<Option<Link>, LocalStorage>,
    next_id: StoredValue<u64>,
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}

/// The caller's monotonic clock for the session.
fn monotonic_ms() -> Millis {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now() as Millis)
        .unwrap_or(0)
}

impl Console {
    /// A console with no link.
    pub fn new() -> Self {
        Console {
            status: RwSignal::new(Status::Disconnected),
            error: RwSignal::new(None),
            log: RwSignal::new(MessageLog::default()),
            subs: RwSignal::new(Subscriptions::default()),
            link: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
        }
    }

    /// Opens a link as `plan` says, replacing any current one.
    pub fn connect(&self, plan: ConnectPlan) {
        self.retire();
        let session = match Session::new(plan.options) {
            Ok(s) => s,
            Err(e) => return self.fail(e.to_string()),
        };
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let this = *self;
        let transport = match WsTransport::connect(&plan.url, move |ev| this.on_transport(id, ev)) {
            Ok(t) => t,
            Err(e) => return self.fail(e.to_string()),
        };
        let ticker = gloo::timers::callback::Interval::new(TICK_MS, move || this.on_tick(id));
        self.link.set_value(Some(Link {
            id,
            session,
            transport,
            _ticker: ticker,
        }));
        self.error.set(None);
        self.status.set(Status::Connecting);
    }

    /// Sends DISCONNECT and closes the link.
    pub fn disconnect(&self) {
        self.with_link(None, |link| link.session.disconnect());
        self.flush(None);
        self.retire();
        self.error.set(None);
        self.status.set(Status::Disconnected);
    }

    /// Adds a subscription; it is sent now when connected, otherwise at the next CONNACK.
    pub fn subscribe(&self, filter: &str, qos: QoS) -> Result<(), String> {
        crate::mqtt::check_filter(filter).map_err(|e| e.to_string())?;
        let mut changed = false;
        self.subs.update(|s| changed = s.add(filter, qos.as_u8()));
        if changed && self.status.get_untracked() == Status::Connected {
            self.send_subscribe(filter, qos)?;
        }
        Ok(())
    }

    /// Removes a subscription, sending UNSUBSCRIBE when connected.
    pub fn unsubscribe(&self, filter: &str) -> Result<(), String> {
        self.subs.update(|s| {
            s.remove(filter);
        });
        if self.status.get_untracked() == Status::Connected {
            let now = monotonic_ms();
            self.with_link(None, |link| {
                link.session.unsubscribe(filter, now).map(|_| ())
            })
            .unwrap_or(Ok(()))
            .map_err(|e| e.to_string())?;
            self.flush(None);
        }
        Ok(())
    }

    /// Publishes and logs the message as sent.
    pub fn publish(
        &self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
    ) -> Result<(), String> {
        if self.status.get_untracked() != Status::Connected {
            return Err("not connected: connect first, then publish".to_owned());
        }
        let now = monotonic_ms();
        self.with_link(None, |link| {
            link.session.publish(topic, &payload, qos, retain, now)
        })
        .ok_or_else(|| "not connected: connect first, then publish".to_owned())?
        .map_err(|e| e.to_string())?;
        self.flush(None);
        self.log.update(|log| {
            log.push(LogEntry {
                seq: 0,
                time_ms: js_sys::Date::now(),
                direction: Direction::Out,
                topic: topic.to_owned(),
                payload: Bytes::from(payload),
                qos: qos.as_u8(),
                retain,
                dup: false,
            });
        });
        Ok(())
    }

    fn send_subscribe(&self, filter: &str, qos: QoS) -> Result<(), String> {
        let now = monotonic_ms();
        let pid = self
            .with_link(None, |link| link.session.subscribe(filter, qos, now))
            .ok_or_else(|| "not connected".to_owned())?
            .map_err(|e| e.to_string())?;
        self.subs.update(|s| s.sent(filter, pid));
        self.flush(None);
        Ok(())
    }

    /// Runs `f` on the current link if it is the one with `id` (any link when `id` is None).
    fn with_link<R>(&self, id: Option<u64>, f: impl FnOnce(&mut Link) -> R) -> Option<R> {
        let mut out = None;
        self.link.update_value(|slot| {
            if let Some(link) = slot.as_mut().filter(|l| id.is_none_or(|id| l.id == id)) {
                out = Some(f(link));
            }
        });
        out
    }

    fn on_transport(&self, id: u64, ev: TransportEvent) {
        let now = monotonic_ms();
        match ev {
            TransportEvent::Open => {
                self.with_link(Some(id), |link| link.session.start(now));
                self.flush(Some(id));
            }
            TransportEvent::Data(bytes) => {
                match self.with_link(Some(id), |link| link.session.handle_bytes(&bytes, now)) {
                    Some(Err(e)) => {
                        self.flush(Some(id));
                        self.fail(format!(
                            "the broker sent something invalid, so the link was closed: {e}"
                        ));
                    }
                    Some(Ok(())) => self.flush(Some(id)),
                    None => {}
                }
            }
            TransportEvent::UnexpectedText => {
                if self.with_link(Some(id), |_| ()).is_some() {
                    self.fail("the server sent a text frame; MQTT over WebSocket uses binary frames only (is this an MQTT endpoint?)".to_owned());
                }
            }
            TransportEvent::Closed { code, reason, .. } => {
                if self
                    .with_link(Some(id), |link| link.session.connection_lost())
                    .is_none()
                {
                    return;
                }
                let detail = if reason.is_empty() {
                    String::new()
                } else {
                    format!(", server said \"{reason}\"")
                };
                let was_connected = self.status.get_untracked() == Status::Connected;
                let what = if was_connected {
                    "the connection closed"
                } else {
                    "could not connect"
                };
                self.fail(format!(
                    "{what}: {} (WebSocket close code {code}{detail})",
                    describe_close_code(code)
                ));
            }
        }
    }

    fn on_tick(&self, id: u64) {
        let now = monotonic_ms();
        let due = self.with_link(Some(id), |link| {
            link.session
                .poll_timeout()
                .filter(|t| *t <= now)
                .map(|_| link.session.handle_timeout(now))
        });
        match due {
            Some(Some(Err(e))) => self.fail(format!("the link went silent and was closed: {e}")),
            Some(Some(Ok(()))) => self.flush(Some(id)),
            _ => {}
        }
    }

    /// Sends everything the session queued and applies its events.
    fn flush(&self, id: Option<u64>) {
        let mut events = Vec::new();
        let send_error = self
            .with_link(id, |link| {
                let mut err = None;
                while let Some(bytes) = link.session.poll_transmit() {
                    if let Err(e) = link.transport.send(&bytes) {
                        err.get_or_insert(e);
                    }
                }
                while let Some(ev) = link.session.poll_event() {
                    events.push(ev);
                }
                err
            })
            .flatten();
        for ev in events {
            self.apply(ev);
        }
        if let Some(e) = send_error {
            self.fail(e.to_string());
        }
    }

    fn apply(&self, ev: Event) {
        match ev {
            Event::Connected { .. } => {
                self.status.set(Status::Connected);
                self.error.set(None);
                for (filter, qos) in self.subs.with_untracked(Subscriptions::to_resend) {
                    let qos = QoS::from_u8(qos).unwrap_or(QoS::AtMostOnce);
                    if let Err(e) = self.send_subscribe(&filter, qos) {
                        self.error
                            .set(Some(format!("could not subscribe to {filter}: {e}")));
                    }
                }
            }
            Event::Refused { code } => self.fail(describe_connack(code)),
            Event::SubAck {
                packet_id,
                outcomes,
            } => {
                let granted = match outcomes.first() {
                    Some(SubscribeOutcome::Granted(q)) => Some(q.as_u8()),
                    _ => None,
                };
                self.subs.update(|s| s.acknowledged(packet_id, granted));
            }
            Event::Received(m) => self.log.update(|log| {
                log.push(LogEntry {
                    seq: 0,
                    time_ms: js_sys::Date::now(),
                    direction: Direction::In,
                    topic: m.topic,
                    payload: Bytes::from(m.payload),
                    qos: m.qos.as_u8(),
                    retain: m.retain,
                    dup: m.dup,
                });
            }),
            Event::UnsubAck { .. } | Event::PubAck { .. } => {}
        }
    }

    /// Ends the current link with `reason` shown to the user.
    fn fail(&self, reason: String) {
        self.retire();
        self.error.set(Some(reason));
        self.status.set(Status::Error);
    }

    /// Takes the current link away; its socket and timer are released on the next task, since
    /// this may run inside one of the link's own callbacks.
    fn retire(&self) {
        let mut old = None;
        self.link.update_value(|slot| old = slot.take());
        self.subs.update(Subscriptions::link_lost);
        if let (Some(link), Some(window)) = (old, web_sys::window()) {
            let release = Closure::once_into_js(move || drop(link));
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 0);
        }
    }
}
