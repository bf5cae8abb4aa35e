//! The live connection as views see it: signals (status, error, retry, subscriptions, log) over
//! a [`Lifecycle`] model, and the browser pieces it asks for (the WebSocket link, the ticker,
//! the clocks, the random source).
//!
//! Every decision lives in the model; this handle hands each input to it (a socket event, a tick,
//! a user action) with the time it happens, then carries out the actions it returns in order.

use gloo::timers::callback::{Interval, Timeout};
use leptos::prelude::*;

use super::log_store::LogStore;
use crate::aliyun::{is_system_topic, DeviceIdentity};
use crate::i18n::connection::AnswerFailed;
use crate::i18n::server::Unsubscribed;
use crate::i18n::{Describe, Text};
use crate::model::connection::{
    Action, Leave, Lifecycle, LinkId, Now, RequestError, ServerReason, TICK_MS,
};
use crate::model::device_tools::{DeviceTools, ToolError, ToolSend};
use crate::model::form::ConnectPlan;
use crate::model::log::Logged;
use crate::model::request_response::needs_subscription;
use crate::model::server::ServerInfo;
use crate::model::status::Status;
use crate::model::subscriptions::{SubscribeDraft, Subscriptions};
use crate::mqtt::{Millis, ProtocolVersion, PublishProperties, QoS};
use crate::platform::timers::release_later;
use crate::platform::websocket::{TransportError, TransportEvent, WsTransport};

pub use crate::model::connection::Retry;

/// Handle to one connection's state; `Copy`, so every view can hold one. Each
/// [`Connection::new`] is a connection of its own.
#[derive(Clone, Copy)]
pub struct Connection {
    /// The status light.
    pub status: RwSignal<Status>,
    /// Why the last attempt failed or the last link closed, in plain language.
    pub error: RwSignal<Option<Text>>,
    /// The next reconnect attempt while `status` is `Reconnecting`.
    pub retry: RwSignal<Option<Retry>>,
    /// Everything sent and received.
    pub log: LogStore,
    /// The subscriptions panel: the model's list, plus the mute flags the panel sets itself.
    pub subs: RwSignal<Subscriptions>,
    /// The device tools' model (NTP, RRPC, Alink, calls, shadow) for Aliyun devices; their
    /// store (`store::device_tools`) acts through this connection.
    pub tools: RwSignal<DeviceTools>,
    /// The server of the current connection once its CONNACK came: version and capabilities.
    /// `None` while not connected. Controls read it to turn off what the server does not offer
    /// (e.g. `ServerInfo::qos`, `ServerInfo::retain` for the publish panel).
    pub server: RwSignal<Option<ServerInfo>>,
    /// MQTT 5: the reason code and string of the last DISCONNECT the server sent, until the
    /// next connection or CONNACK (`disconnect-reason`).
    pub disconnect_reason: RwSignal<Option<ServerReason>>,
    /// MQTT 5: why the last UNSUBSCRIBE did not simply remove its filter, in words.
    pub unsubscribe_reason: RwSignal<Option<Text>>,
    model: StoredValue<Lifecycle, LocalStorage>,
    link: StoredValue<Option<(LinkId, WsTransport)>, LocalStorage>,
    ticker: StoredValue<Option<Interval>, LocalStorage>,
    /// A one-shot timer for the model's next deadline, with the time it was set for.
    deadline: StoredValue<Option<(Millis, Timeout)>, LocalStorage>,
    /// Who hears how our QoS 1/2 publishes ended (timed publishing counts its own).
    answers: StoredValue<Option<AnswerListener>, LocalStorage>,
}

/// Hears, for each of our QoS 1/2 publishes, its packet id and whether the broker took it
/// (`false`: an error reason code).
pub type AnswerListener = std::rc::Rc<dyn Fn(u16, bool)>;

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

/// This moment as the model needs it: both clocks and a random number.
fn now() -> Now {
    Now {
        mono: crate::platform::probe::now() as Millis,
        wall: js_sys::Date::now() as u64,
        random: js_sys::Math::random(),
    }
}

/// The identity of a connected device (ProductKey, DeviceName, as [`Connection::device`] gives
/// it), as the device tools take it.
pub fn identity(device: &Option<(String, String)>) -> Option<DeviceIdentity<'_>> {
    device.as_ref().map(|(pk, dn)| DeviceIdentity::new(pk, dn))
}

/// The browser's own message inside a transport error.
fn why(e: TransportError) -> String {
    match e {
        TransportError::Open(why) | TransportError::Send(why) => why,
    }
}

impl Connection {
    /// A connection handle with nothing connected yet.
    pub fn new() -> Self {
        Connection {
            status: RwSignal::new(Status::Disconnected),
            error: RwSignal::new(None),
            retry: RwSignal::new(None),
            log: LogStore::default(),
            subs: RwSignal::new(Subscriptions::default()),
            tools: RwSignal::new(DeviceTools::default()),
            server: RwSignal::new(None),
            disconnect_reason: RwSignal::new(None),
            unsubscribe_reason: RwSignal::new(None),
            model: StoredValue::new_local(Lifecycle::new()),
            link: StoredValue::new_local(None),
            ticker: StoredValue::new_local(None),
            deadline: StoredValue::new_local(None),
            answers: StoredValue::new_local(None),
        }
    }

    /// Sets the one listener told how each of our QoS 1/2 publishes ended.
    pub fn on_answer(&self, listener: AnswerListener) {
        self.answers.set_value(Some(listener));
    }

    fn answered(&self, packet_id: u16, ok: bool) {
        if let Some(Some(listener)) = self.answers.try_with_value(Clone::clone) {
            listener(packet_id, ok);
        }
    }

    /// Connects as `plan` says, replacing any current connection. Lost links are retried
    /// with backoff unless `reconnect` is false.
    pub fn connect(&self, plan: ConnectPlan) {
        crate::platform::probe::mark("connectAt");
        self.unsubscribe_reason.set(None);
        self.drive(|m, now| m.connect(plan, now));
    }

    /// Sends DISCONNECT and closes the connection; nothing is retried.
    pub fn disconnect(&self) {
        self.drive(|m, _| m.disconnect());
    }

    /// MQTT 5: disconnects with reason 0x04, so the broker publishes the will all the same.
    pub fn disconnect_with_will(&self) {
        self.drive(|m, _| m.disconnect_with(Leave::WithWill));
    }

    /// Adds a subscription; it is sent now when connected, otherwise at the next CONNACK.
    pub fn subscribe(&self, filter: &str, qos: QoS) -> Result<(), Text> {
        self.request_subscribe(filter, qos)
            .map_err(|e| e.describe())
    }

    fn request_subscribe(&self, filter: &str, qos: QoS) -> Result<(), RequestError> {
        self.drive(|m, now| m.subscribe(filter, qos, now))
            .unwrap_or(Ok(()))
    }

    /// Adds a subscription with the subscribe panel's MQTT 5 options, checked against the
    /// server (or, before a CONNACK, against `version`, the form's choice); refused with the
    /// reason before anything is sent.
    pub fn subscribe_with(
        &self,
        filter: &str,
        qos: QoS,
        draft: &SubscribeDraft,
        version: ProtocolVersion,
    ) -> Result<(), Text> {
        let server = self
            .server
            .get_untracked()
            .unwrap_or_else(|| ServerInfo::before_connack(version));
        let options = draft.options(filter, &server).map_err(|e| e.describe())?;
        self.drive(|m, now| m.subscribe_with(filter, qos, options, now))
            .unwrap_or(Ok(()))
            .map_err(|e| e.describe())
    }

    /// Removes a subscription, sending UNSUBSCRIBE when connected.
    pub fn unsubscribe(&self, filter: &str) -> Result<(), Text> {
        self.unsubscribe_reason.set(None);
        self.drive(|m, now| m.unsubscribe(filter, now))
            .unwrap_or(Ok(()))
            .map_err(|e| e.describe())
    }

    /// Publishes and logs the message as sent.
    pub fn publish(
        &self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
    ) -> Result<(), Text> {
        self.request_publish(topic, payload, qos, retain)
            .map(drop)
            .map_err(|e| e.describe())
    }

    fn request_publish(
        &self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
    ) -> Result<Option<u16>, RequestError> {
        self.drive(|m, now| m.publish(topic, payload, qos, retain, now))
            .unwrap_or(Err(RequestError::NotConnected))
    }

    /// Publishes with MQTT 5 properties and logs the message as sent. A response topic no
    /// subscription covers yet is subscribed to first (QoS 1 at most, within what the server
    /// grants), so the replies come back and pair with this request in the log. Returns the
    /// packet id at QoS 1/2, which [`Connection::on_answer`]'s listener hears about later.
    pub fn publish_with(
        &self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
        properties: PublishProperties,
    ) -> Result<Option<u16>, Text> {
        if let Some(reply) = properties.response_topic.as_deref() {
            let uncovered = self.subs.with_untracked(|s| {
                needs_subscription(reply, s.items().iter().map(|i| i.filter.as_str()))
            });
            if uncovered {
                self.request_subscribe(reply, QoS::AtLeastOnce)
                    .map_err(|e| e.describe())?;
            }
        }
        self.drive(|m, now| m.publish_with(topic, payload, qos, retain, properties, now))
            .unwrap_or(Err(RequestError::NotConnected))
            .map_err(|e| e.describe())
    }

    /// Whether the broker accepted the connection (CONNACK 0) and the link is up: when the
    /// device tools' buttons may act. Read reactively, so a view using it follows the status.
    pub fn is_connected(&self) -> bool {
        self.status.get() == Status::Connected
    }

    /// The connected Aliyun device (ProductKey, DeviceName), if any.
    pub fn device(&self) -> Option<(String, String)> {
        self.model.try_with_value(|m| m.device().cloned()).flatten()
    }

    /// Carries out what the device tools decided: subscribes (idempotent) and publishes at QoS 0,
    /// not retained, in order, stopping at the first failure.
    pub fn send_tools(&self, sends: Vec<ToolSend>) -> Result<(), RequestError> {
        for send in sends {
            match send {
                ToolSend::Subscribe { filter } => {
                    self.request_subscribe(&filter, QoS::AtMostOnce)?
                }
                ToolSend::Publish { topic, payload } => {
                    self.request_publish(&topic, payload, QoS::AtMostOnce, false)?;
                }
            }
        }
        Ok(())
    }

    /// Hands one input to the model, then carries out everything it decided.
    fn drive<R>(&self, input: impl FnOnce(&mut Lifecycle, Now) -> R) -> Option<R> {
        let now = now();
        let (result, actions) = self.model.try_update_value(|m| {
            let result = input(m, now);
            let actions: Vec<Action> = std::iter::from_fn(|| m.poll_action()).collect();
            (result, actions)
        })?;
        self.run(actions);
        self.arm_deadline(now.mono);
        Some(result)
    }

    /// Arms a timer for the model's next deadline, so keepalive and its PINGRESP timeout run on
    /// time rather than on the next tick (a half-open link is then noticed within 1.25 x
    /// keepalive, not 1.25 x plus up to two ticks).
    fn arm_deadline(&self, now: Millis) {
        let next = self.model.try_with_value(|m| m.next_deadline()).flatten();
        let armed = self
            .deadline
            .try_with_value(|d| d.as_ref().map(|(at, _)| *at))
            .flatten();
        if next == armed {
            return;
        }
        let timer = next.map(|at| {
            let delay = u32::try_from(at.saturating_sub(now)).unwrap_or(u32::MAX);
            let this = *self;
            let timeout = Timeout::new(delay, move || {
                this.drive(|m, now| m.handle_tick(now));
            });
            (at, timeout)
        });
        // This may run inside the old timer's own callback: release it on the next task.
        if let Some(Some(old)) = self
            .deadline
            .try_update_value(|d| std::mem::replace(d, timer))
        {
            release_later(old);
        }
    }

    /// Carries out the model's actions in order. A failed send ends the link only once the
    /// whole batch is done, so the batch's own status changes cannot overwrite the loss.
    fn run(&self, actions: Vec<Action>) {
        let mut failed: Option<(LinkId, String)> = None;
        for action in actions {
            match action {
                Action::StartTicking => {
                    let this = *self;
                    let ticker = Interval::new(TICK_MS, move || {
                        this.drive(|m, now| m.handle_tick(now));
                    });
                    if let Some(Some(old)) = self.ticker.try_update_value(|t| t.replace(ticker)) {
                        release_later(old);
                    }
                }
                Action::Open { link, url } => self.open(link, &url),
                Action::Send { link, bytes } => {
                    let sent = self.link.try_with_value(|current| match current {
                        Some((id, t)) if *id == link => t.send(&bytes).map_err(why),
                        _ => Ok(()),
                    });
                    if let Some(Err(e)) = sent {
                        failed.get_or_insert((link, e));
                    }
                }
                Action::CloseLink(link) => {
                    // The transport defers freeing its own closures, so dropping it here is safe.
                    self.link.update_value(|current| {
                        if current.as_ref().is_some_and(|(id, _)| *id == link) {
                            *current = None;
                        }
                    });
                }
                Action::Retire => {
                    // Released on the next task: this may run inside one of the link's or the
                    // ticker's own callbacks.
                    let link = self.link.try_update_value(Option::take).flatten();
                    let ticker = self.ticker.try_update_value(Option::take).flatten();
                    let deadline = self.deadline.try_update_value(Option::take).flatten();
                    if link.is_some() || ticker.is_some() || deadline.is_some() {
                        release_later((link, ticker, deadline));
                    }
                }
                Action::Status(status) => self.status.set(status),
                Action::Error(error) => self.error.set(error.map(|e| e.describe())),
                Action::Retry(retry) => self.retry.set(retry),
                Action::Subscriptions(change) => self.subs.update(|s| {
                    change.apply(s);
                }),
                Action::Sent(entry) => {
                    self.log.record(entry);
                }
                Action::Received(entry) => self.on_received(entry),
                Action::Acknowledged { packet_id, outcome } => {
                    if outcome.reason.is_error() {
                        self.answered(packet_id, false);
                    }
                    self.log.acknowledged(packet_id, outcome)
                }
                Action::Completed { packet_id } => self.answered(packet_id, true),
                Action::Connected => {
                    crate::platform::probe::mark("connackAt");
                    self.on_connected_tools();
                }
                Action::Server(server) => self.server.set(server),
                Action::DisconnectReason(said) => self.disconnect_reason.set(said),
                Action::Unsubscribed { filter, reason } => self.unsubscribe_reason.set(Some(
                    Unsubscribed {
                        filter: &filter,
                        reason,
                    }
                    .describe(),
                )),
            }
        }
        if let Some((link, why)) = failed {
            self.drive(|m, now| m.handle_send_failed(link, why, now));
        }
    }

    /// Opens the WebSocket of `link`; its events go to the model tagged with `link`.
    fn open(&self, link: LinkId, url: &str) {
        let this = *self;
        match WsTransport::connect(url, move |ev| this.on_transport(link, ev)) {
            Ok(transport) => {
                let old = self
                    .link
                    .try_update_value(|current| current.replace((link, transport)))
                    .flatten();
                if let Some(old) = old {
                    release_later(old);
                }
            }
            Err(e) => {
                self.drive(|m, _| m.handle_open_failed(link, why(e)));
            }
        }
    }

    fn on_transport(&self, link: LinkId, ev: TransportEvent) {
        match ev {
            TransportEvent::Open => self.drive(|m, now| m.handle_open(link, now)),
            TransportEvent::Data(bytes) => self.drive(|m, now| m.handle_bytes(link, &bytes, now)),
            TransportEvent::UnexpectedText => self.drive(|m, _| m.handle_text_frame(link)),
            TransportEvent::Closed { code, reason, .. } => {
                self.drive(|m, now| m.handle_closed(link, code, reason, now))
            }
        };
    }

    /// A message arrived: the device tools see it, it is logged, and their answers go out.
    fn on_received(&self, m: Logged) {
        let now = m.time_ms as u64;
        // The device tools read only the platform's system topics; a flood on the
        // device's own topics skips them (and the device identity's copy) entirely.
        let device = is_system_topic(&m.topic).then(|| self.device()).flatten();
        let answers = match identity(&device) {
            Some(device) if self.tools.with_untracked(|t| t.handles(device, &m.topic)) => self
                .tools
                .try_update(|t| t.observe(device, &m.topic, &m.payload, now))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        self.log.record(m);
        for answer in answers {
            let topic = answer.topic().to_owned();
            if let Err(e) = self.send_tools(vec![answer]) {
                self.error.set(Some(
                    AnswerFailed {
                        topic: &topic,
                        cause: &e,
                    }
                    .describe(),
                ));
            }
        }
    }

    /// The broker accepted the connection: what the device tools send then (NTP at connect).
    fn on_connected_tools(&self) {
        let device = self.device();
        let now = js_sys::Date::now() as u64;
        let sends = self
            .tools
            .with_untracked(|t| t.on_connected(identity(&device), now));
        if !sends.is_empty() {
            // After the status is Connected; a microtask keeps the order simple.
            let this = *self;
            leptos::task::spawn_local(async move {
                if let Err(e) = this.send_tools(sends) {
                    // Shown under NTP, as a sync started by hand would be.
                    this.tools
                        .update(|t| t.ntp.error = Some(ToolError::NotSent(e)));
                }
            });
        }
    }
}
