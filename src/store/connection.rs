//! The live connection as views see it: signals (status, error, retry, subscriptions, log) over
//! a [`Lifecycle`] model, and the browser pieces it asks for (the WebSocket link, the ticker,
//! the clocks, the random source).
//!
//! Every decision lives in the model; this handle hands each input to it (a socket event, a tick,
//! a user action) with the time it happens, then carries out the actions it returns in order.

use gloo::timers::callback::Interval;
use leptos::prelude::*;

use super::device_tools::DeviceTools;
use super::log_store::LogStore;
use crate::i18n::connection::AnswerFailed;
use crate::i18n::{Describe, Text};
use crate::model::connection::{Action, Lifecycle, LinkId, Now, TICK_MS};
use crate::model::form::ConnectPlan;
use crate::model::log::LogEntry;
use crate::model::status::Status;
use crate::model::subscriptions::Subscriptions;
use crate::mqtt::{Millis, QoS};
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
    /// NTP and RRPC for Aliyun devices.
    pub tools: DeviceTools,
    model: StoredValue<Lifecycle, LocalStorage>,
    link: StoredValue<Option<(LinkId, WsTransport)>, LocalStorage>,
    ticker: StoredValue<Option<Interval>, LocalStorage>,
}

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
            tools: DeviceTools::default(),
            model: StoredValue::new_local(Lifecycle::new()),
            link: StoredValue::new_local(None),
            ticker: StoredValue::new_local(None),
        }
    }

    /// Connects as `plan` says, replacing any current connection. Lost links are retried
    /// with backoff unless `reconnect` is false.
    pub fn connect(&self, plan: ConnectPlan) {
        crate::platform::probe::mark("connectAt");
        self.drive(|m, now| m.connect(plan, now));
    }

    /// Sends DISCONNECT and closes the connection; nothing is retried.
    pub fn disconnect(&self) {
        self.drive(|m, _| m.disconnect());
    }

    /// Adds a subscription; it is sent now when connected, otherwise at the next CONNACK.
    pub fn subscribe(&self, filter: &str, qos: QoS) -> Result<(), Text> {
        self.drive(|m, now| m.subscribe(filter, qos, now))
            .unwrap_or(Ok(()))
            .map_err(|e| e.describe())
    }

    /// Removes a subscription, sending UNSUBSCRIBE when connected.
    pub fn unsubscribe(&self, filter: &str) -> Result<(), Text> {
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
        self.drive(|m, now| m.publish(topic, payload, qos, retain, now))
            .unwrap_or(Err(crate::model::connection::RequestError::NotConnected))
            .map_err(|e| e.describe())
    }

    /// The connected Aliyun device (ProductKey, DeviceName), if any.
    pub fn device(&self) -> Option<(String, String)> {
        self.model.try_with_value(|m| m.device().cloned()).flatten()
    }

    /// Measures the clock offset through `/ext/ntp` (subscribing to the response first).
    pub fn ntp_sync(&self) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        self.subscribe(
            &crate::aliyun::ntp_response_topic(&pk, &dn),
            QoS::AtMostOnce,
        )?;
        let now = js_sys::Date::now() as u64;
        self.publish(
            &crate::aliyun::ntp_request_topic(&pk, &dn),
            crate::aliyun::ntp_request_payload(now).into_bytes(),
            QoS::AtMostOnce,
            false,
        )
    }

    /// The connected device, or why a device tool cannot run now.
    fn tool_device(&self) -> Result<(String, String), Text> {
        self.device().ok_or_else(|| {
            Text::new(
                "this tool needs a connected Aliyun device: connect first",
                "此工具需要先连接阿里云设备",
            )
        })
    }

    /// Subscribes (if not yet) and publishes at QoS 0, with errors as [`Text`].
    fn tool_send(&self, listen: &str, topic: &str, payload: Vec<u8>) -> Result<(), Text> {
        // Idempotent: an active subscription is not sent again.
        self.subscribe(listen, QoS::AtMostOnce)?;
        self.publish(topic, payload, QoS::AtMostOnce, false)
    }

    /// Posts properties (`params` is a JSON object) and listens for the platform's reply.
    pub fn alink_post(&self, params: &str) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        let id = self.tools.next_alink_id.get_value();
        let ack = self.tools.alink_ack.get_untracked();
        let payload = crate::aliyun::property_post(id, params, ack)
            .map_err(|e| Text::new(e.to_string(), e.zh()))?;
        self.tool_send(
            &crate::aliyun::post_reply_filter(&pk, &dn),
            &crate::aliyun::property_post_topic(&pk, &dn),
            payload.into_bytes(),
        )?;
        self.tools.next_alink_id.set_value(id + 1);
        self.tools.posted(id, "property", params);
        Ok(())
    }

    /// Posts event `identifier` with output `value` (a JSON object), timed by the server's clock.
    pub fn event_post(&self, identifier: &str, value: &str, now_ms: u64) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        let id = self.tools.next_alink_id.get_value();
        let ack = self.tools.alink_ack.get_untracked();
        let payload = crate::aliyun::event_post(id, identifier, value, now_ms, ack)
            .map_err(|e| Text::new(e.to_string(), e.zh()))?;
        self.tool_send(
            &crate::aliyun::post_reply_filter(&pk, &dn),
            &crate::aliyun::event_post_topic(&pk, &dn, identifier),
            payload.into_bytes(),
        )?;
        self.tools.next_alink_id.set_value(id + 1);
        self.tools.posted(id, identifier, value);
        Ok(())
    }

    /// Subscribes to service calls and property sets from the cloud.
    pub fn calls_listen(&self) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        self.subscribe(&crate::aliyun::service_filter(&pk, &dn), QoS::AtMostOnce)
    }

    /// Answers call `id` by hand with `code`.
    pub fn answer_call(&self, id: &str, code: i64) -> Result<(), Text> {
        self.tool_device()?;
        match self.tools.answer_call(id, code)? {
            Some((topic, payload)) => self.publish(&topic, payload, QoS::AtMostOnce, false),
            None => Ok(()),
        }
    }

    /// Asks for the device shadow.
    pub fn shadow_get(&self) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        self.tool_send(
            &crate::aliyun::shadow_get_topic(&pk, &dn),
            &crate::aliyun::shadow_update_topic(&pk, &dn),
            crate::aliyun::shadow_get_request().into_bytes(),
        )
    }

    /// Sends a shadow update: `reported` JSON as `version`, or, with `accept_desired`, the
    /// desired state taken on (reported = desired, desired cleared).
    pub fn shadow_update(
        &self,
        reported: &str,
        version: u64,
        accept_desired: bool,
    ) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        let payload = if accept_desired {
            let desired = self
                .tools
                .shadow
                .with_untracked(|s| s.state.as_ref().map(|st| st.desired.clone()))
                .filter(|d| !d.is_empty())
                .ok_or_else(|| {
                    Text::new(
                        "there is no desired state to take on; get the shadow first",
                        "没有可执行的期望值；请先获取影子",
                    )
                })?;
            crate::aliyun::shadow_accept_desired(&desired, version)
        } else {
            crate::aliyun::shadow_report(reported, version)
                .map_err(|e| Text::new(e.to_string(), e.zh()))?
        };
        self.tool_send(
            &crate::aliyun::shadow_get_topic(&pk, &dn),
            &crate::aliyun::shadow_update_topic(&pk, &dn),
            payload.into_bytes(),
        )
    }

    /// Subscribes to RRPC requests (needed before the cloud can send any).
    pub fn rrpc_listen(&self) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        self.subscribe(
            &crate::aliyun::rrpc_request_filter(&pk, &dn),
            QoS::AtMostOnce,
        )
    }

    /// Answers RRPC request `message_id` with the reply text now.
    pub fn rrpc_reply(&self, message_id: &str) -> Result<(), Text> {
        let (pk, dn) = self.tool_device()?;
        match self.tools.reply((&pk, &dn), message_id) {
            Some((topic, payload)) => self.publish(&topic, payload, QoS::AtMostOnce, false),
            None => Ok(()),
        }
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
        Some(result)
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
                    if link.is_some() || ticker.is_some() {
                        release_later((link, ticker));
                    }
                }
                Action::Status(status) => self.status.set(status),
                Action::Error(error) => self.error.set(error.map(|e| e.describe())),
                Action::Retry(retry) => self.retry.set(retry),
                Action::Subscriptions(change) => self.subs.update(|s| {
                    change.apply(s);
                }),
                Action::Sent(entry) => self.log.record(entry),
                Action::Received(entry) => self.on_received(entry),
                Action::Connected => {
                    crate::platform::probe::mark("connackAt");
                    self.on_connected_tools();
                }
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
    fn on_received(&self, m: LogEntry) {
        let now = m.time_ms;
        // The device tools read only the platform's system topics; a flood on the
        // device's own topics skips them (and the device identity's copy) entirely.
        let device = crate::aliyun::is_system_topic(&m.topic)
            .then(|| self.device())
            .flatten();
        let answers = match device {
            Some((pk, dn)) => self
                .tools
                .observe((&pk, &dn), &m.topic, &m.payload, now as u64),
            None => Vec::new(),
        };
        self.log.record(m);
        for (topic, payload) in answers {
            if let Err(e) = self.publish(&topic, payload, QoS::AtMostOnce, false) {
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

    /// The broker accepted the connection: the device tools' NTP at connect.
    fn on_connected_tools(&self) {
        if self.tools.ntp_on_connect.get_untracked() && self.device().is_some() {
            // After the status is Connected; a microtask keeps the order simple.
            let this = *self;
            leptos::task::spawn_local(async move {
                if let Err(e) = this.ntp_sync() {
                    this.tools.ntp_error.set(Some(e));
                }
            });
        }
    }
}
