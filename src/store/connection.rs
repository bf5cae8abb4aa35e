//! The live connection: one sans-IO [`Session`] carried over successive [`WsTransport`] links,
//! its results written into signals the views read.
//!
//! The session outlives its links: when a link drops, the session keeps unacknowledged
//! publishes and subscriptions, plans the next attempt (backoff with jitter), and resumes on a
//! new link. Every link gets an id; events of a link that was replaced or retired are ignored,
//! so a late `close` of an old socket can never touch the current one.

use bytes::Bytes;
use leptos::prelude::*;

use super::log_store::LogStore;
use crate::i18n::Text;
use crate::model::device_tools::{DeviceTools, ToolSend};
use crate::model::form::ConnectPlan;
use crate::model::log::{Direction, LogEntry};
use crate::model::status::{describe_connack, Status};
use crate::model::subscriptions::Subscriptions;
use crate::mqtt::{
    CloseReason, Event, Millis, QoS, ReconnectPolicy, Session, SessionState, SubscribeOutcome,
};
use crate::platform::close_code::{describe_close_code, describe_close_code_zh};
use crate::platform::timers::release_later;
use crate::platform::websocket::{TransportEvent, WsTransport};

/// How often the session's timers (keepalive, deadlines, reconnect) are checked.
const TICK_MS: u32 = 250;

/// A gap between two ticks longer than this means the page was paused (a frozen tab, or
/// timers throttled harder than a hidden tab's once a second), not merely busy.
const PAUSE_MS: Millis = 2_000;

/// One connection the user asked for: a session, its URL, and the current link if any.
struct Conn {
    session: Session,
    url: String,
    link: Option<(u64, WsTransport)>,
    /// Close code and reason of the last link, to explain a loss the session only sees as
    /// "link lost".
    last_close: Option<Text>,
    /// Aliyun mode: (ProductKey, DeviceName) for the device tools.
    device: Option<(String, String)>,
    /// Whether any link of this connection got CONNACK 0. A first attempt that fails (a wrong
    /// URL, port or path) is reported, not retried: retrying would not fix a typo.
    ever_connected: bool,
    /// When the ticker last ran, to notice a paused page.
    last_tick: Millis,
    _ticker: gloo::timers::callback::Interval,
}

/// When the next reconnect attempt happens, for the status bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// 1 for the first attempt after a loss.
    pub attempt: u32,
    /// Wall-clock time of the attempt, Unix ms.
    pub at_ms: u64,
}

/// Handle to the application's connection state; `Copy`, so every view can hold one.
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
    /// The subscriptions panel.
    pub subs: RwSignal<Subscriptions>,
    /// The device tools' model (NTP, RRPC, Alink, shadow) for Aliyun devices; fed here with
    /// every received system message, acted on through `store::device_tools`.
    pub tools: RwSignal<DeviceTools>,
    conn: StoredValue<Option<Conn>, LocalStorage>,
    next_id: StoredValue<u64>,
}

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

/// The caller's monotonic clock for the session.
fn monotonic_ms() -> Millis {
    crate::platform::probe::now() as Millis
}

/// Why a publish or subscribe cannot go out now.
fn not_connected() -> Text {
    Text::new(
        "not connected: connect first, then publish or subscribe",
        "未连接：请先连接，再发布或订阅",
    )
}

fn mqtt_text(e: &crate::mqtt::MqttError) -> Text {
    Text::new(e.to_string(), e.zh())
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
            conn: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
        }
    }

    /// Connects as `plan` says, replacing any current connection. Lost links are retried
    /// with backoff unless `reconnect` is false.
    pub fn connect(&self, plan: ConnectPlan) {
        crate::platform::probe::mark("connectAt");
        self.retire();
        let mut session = match Session::new(plan.options) {
            Ok(s) => s,
            Err(e) => return self.fail(untranslated(e.to_string())),
        };
        if let Err(e) = session.set_will(plan.will) {
            return self.fail(untranslated(e.to_string()));
        }
        session.set_reconnect_policy(plan.reconnect.then(ReconnectPolicy::default));
        let this = *self;
        let ticker = gloo::timers::callback::Interval::new(TICK_MS, move || this.on_tick());
        self.subs.update(Subscriptions::link_lost);
        self.conn.set_value(Some(Conn {
            session,
            url: plan.url,
            link: None,
            last_close: None,
            device: plan.device,
            ever_connected: false,
            last_tick: monotonic_ms(),
            _ticker: ticker,
        }));
        self.error.set(None);
        self.retry.set(None);
        self.status.set(Status::Connecting);
        self.open_link();
    }

    /// Sends DISCONNECT and closes the connection; nothing is retried.
    pub fn disconnect(&self) {
        self.with_conn(|c| c.session.disconnect());
        self.flush();
        self.retire();
        self.error.set(None);
        self.retry.set(None);
        self.status.set(Status::Disconnected);
    }

    /// Adds a subscription; it is sent now when connected, otherwise at the next CONNACK.
    pub fn subscribe(&self, filter: &str, qos: QoS) -> Result<(), Text> {
        crate::mqtt::check_filter(filter).map_err(|e| mqtt_text(&e))?;
        let mut changed = false;
        self.subs.update(|s| changed = s.add(filter, qos.as_u8()));
        if changed && self.status.get_untracked() == Status::Connected {
            self.send_subscribe(filter, qos)?;
        }
        Ok(())
    }

    /// Removes a subscription, sending UNSUBSCRIBE when connected.
    pub fn unsubscribe(&self, filter: &str) -> Result<(), Text> {
        self.subs.update(|s| {
            s.remove(filter);
        });
        if self.status.get_untracked() == Status::Connected {
            let now = monotonic_ms();
            self.with_conn(|c| c.session.unsubscribe(filter, now).map(|_| ()))
                .unwrap_or(Ok(()))
                .map_err(|e| mqtt_text(&e))?;
            self.flush();
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
    ) -> Result<(), Text> {
        if self.status.get_untracked() != Status::Connected {
            return Err(not_connected());
        }
        let now = monotonic_ms();
        self.with_conn(|c| c.session.publish(topic, &payload, qos, retain, now))
            .ok_or_else(not_connected)?
            .map_err(|e| mqtt_text(&e))?;
        self.flush();
        self.log.record(LogEntry {
            seq: 0,
            time_ms: js_sys::Date::now(),
            direction: Direction::Out,
            topic: topic.to_owned(),
            payload: Bytes::from(payload),
            qos: qos.as_u8(),
            retain,
            dup: false,
        });
        Ok(())
    }

    /// The connected Aliyun device, if any.
    pub fn device(&self) -> Option<(String, String)> {
        self.with_conn(|c| c.device.clone()).flatten()
    }

    /// Sends what the device tools decided, in order, at QoS 0 and not retained; stops at the
    /// first failure.
    fn send_tools(&self, sends: Vec<ToolSend>) -> Result<(), Text> {
        for send in sends {
            match send {
                // Idempotent: an active subscription is not sent again.
                ToolSend::Subscribe { filter } => self.subscribe(&filter, QoS::AtMostOnce)?,
                ToolSend::Publish { topic, payload } => {
                    self.publish(&topic, payload, QoS::AtMostOnce, false)?
                }
            }
        }
        Ok(())
    }

    fn send_subscribe(&self, filter: &str, qos: QoS) -> Result<(), Text> {
        let now = monotonic_ms();
        let pid = self
            .with_conn(|c| c.session.subscribe(filter, qos, now))
            .ok_or_else(not_connected)?
            .map_err(|e| mqtt_text(&e))?;
        self.subs.update(|s| s.sent(filter, pid));
        self.flush();
        Ok(())
    }

    fn with_conn<R>(&self, f: impl FnOnce(&mut Conn) -> R) -> Option<R> {
        let mut out = None;
        self.conn.update_value(|slot| out = slot.as_mut().map(f));
        out
    }

    /// Opens a new WebSocket for the current session; CONNECT follows on `open`.
    fn open_link(&self) {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let this = *self;
        let opened = self.with_conn(|c| {
            WsTransport::connect(&c.url, move |ev| this.on_transport(id, ev))
                .map(|t| c.link = Some((id, t)))
        });
        if let Some(Err(e)) = opened {
            // The browser refused the URL outright; that will not change by retrying.
            self.with_conn(|c| c.session.disconnect());
            self.fail(Text::new(
                e.to_string(),
                format!("浏览器无法打开该 WebSocket 地址：{e}"),
            ));
        }
    }

    fn is_current(&self, id: u64) -> bool {
        self.with_conn(|c| c.link.as_ref().is_some_and(|(lid, _)| *lid == id))
            .unwrap_or(false)
    }

    fn on_transport(&self, id: u64, ev: TransportEvent) {
        if !self.is_current(id) {
            return;
        }
        let now = monotonic_ms();
        match ev {
            TransportEvent::Open => {
                self.with_conn(|c| c.session.start(now));
                self.flush();
            }
            TransportEvent::Data(bytes) => {
                // An error closes the session; `flush` then ends the link.
                let _ = self.with_conn(|c| c.session.handle_bytes(&bytes, now));
                self.flush();
            }
            TransportEvent::UnexpectedText => {
                self.with_conn(|c| c.session.disconnect());
                self.fail(Text::new(
                    "the server sent a text frame; MQTT over WebSocket uses binary frames only (is this an MQTT endpoint?)",
                    "服务器发送了文本帧；MQTT over WebSocket 只使用二进制帧（这是 MQTT 服务地址吗？）",
                ));
            }
            TransportEvent::Closed { code, reason, .. } => {
                let (detail, detail_zh) = if reason.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(", server said \"{reason}\""),
                        format!("，服务器说明：「{reason}」"),
                    )
                };
                let text = Text::new(
                    format!(
                        "{} (WebSocket close code {code}{detail})",
                        describe_close_code(code)
                    ),
                    format!(
                        "{}（WebSocket 关闭代码 {code}{detail_zh}）",
                        describe_close_code_zh(code)
                    ),
                );
                self.with_conn(|c| {
                    c.last_close = Some(text);
                    c.session.connection_lost();
                });
                self.link_ended();
            }
        }
    }

    fn on_tick(&self) {
        let now = monotonic_ms();
        let due = self.with_conn(|c| {
            if now.saturating_sub(c.last_tick) > PAUSE_MS {
                c.session.resume_after_pause(now);
            }
            c.last_tick = now;
            if c.link.is_some() {
                let timer = c.session.poll_timeout().filter(|t| *t <= now);
                (timer.map(|_| c.session.handle_timeout(now)), false)
            } else {
                (None, c.session.poll_reconnect().is_some_and(|t| t <= now))
            }
        });
        match due {
            // A missed deadline closes the session; `flush` then ends the link.
            Some((Some(_), _)) => self.flush(),
            Some((None, true)) => {
                self.status.set(Status::Connecting);
                self.open_link();
            }
            _ => {}
        }
    }

    /// The current link is over (closed, failed or refused): drop it and either plan the next
    /// attempt or explain why there will be none.
    fn link_ended(&self) {
        let now = monotonic_ms();
        let random = js_sys::Math::random();
        let outcome = self.with_conn(|c| {
            // The transport defers freeing its own closures, so dropping it here is safe.
            c.link = None;
            c.session.connection_lost();
            let reason = explain(c.session.close_reason(), c.last_close.as_ref());
            let next = if c.ever_connected {
                c.session.plan_reconnect(now, random)
            } else {
                None
            };
            (reason, next, c.session.reconnect_attempt())
        });
        self.subs.update(Subscriptions::link_lost);
        match outcome {
            Some((reason, Some(at), attempt)) => {
                let wall = js_sys::Date::now() as u64 + at.saturating_sub(now);
                self.error.set(Some(reason));
                self.retry.set(Some(Retry {
                    attempt,
                    at_ms: wall,
                }));
                self.status.set(Status::Reconnecting);
            }
            Some((reason, None, _)) => self.fail(reason),
            None => {}
        }
    }

    /// Sends everything the session queued and applies its events; ends the link when the
    /// session closed (refusal, protocol error, missed deadline).
    fn flush(&self) {
        let mut events = Vec::new();
        let send_error = self
            .with_conn(|c| {
                let mut err = None;
                while let Some(bytes) = c.session.poll_transmit() {
                    if let Some((_, t)) = &c.link {
                        if let Err(e) = t.send(&bytes) {
                            err.get_or_insert(e);
                        }
                    }
                }
                events.extend(std::iter::from_fn(|| c.session.poll_event()));
                err
            })
            .flatten();
        for ev in events {
            self.apply(ev);
        }
        if let Some(e) = send_error {
            self.with_conn(|c| {
                c.last_close = Some(Text::new(e.to_string(), format!("WebSocket 发送失败：{e}")))
            });
            self.link_ended();
        } else if self.with_conn(|c| c.link.is_some() && c.session.state() == SessionState::Closed)
            == Some(true)
        {
            self.link_ended();
        }
    }

    fn apply(&self, ev: Event) {
        match ev {
            Event::Connected { session_present } => {
                crate::platform::probe::mark("connackAt");
                self.with_conn(|c| c.ever_connected = true);
                let device = self.device();
                let device = device.as_ref().map(|(pk, dn)| (pk.as_str(), dn.as_str()));
                let now = js_sys::Date::now() as u64;
                let sends = self.tools.with_untracked(|t| t.on_connected(device, now));
                if !sends.is_empty() {
                    // After the status is Connected below; a microtask keeps the order simple.
                    let this = *self;
                    leptos::task::spawn_local(async move {
                        if let Err(e) = this.send_tools(sends) {
                            this.error.set(Some(e));
                        }
                    });
                }
                self.status.set(Status::Connected);
                self.error.set(None);
                self.retry.set(None);
                if session_present {
                    self.subs.update(Subscriptions::restored);
                }
                // Subscriptions the session does not carry (added while offline, or a fresh
                // session) are sent now; the session resubscribes the ones it knows itself.
                let known: Vec<String> = self
                    .with_conn(|c| {
                        c.session
                            .subscriptions()
                            .map(|(f, _)| f.to_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                for (filter, qos) in self.subs.with_untracked(Subscriptions::to_resend) {
                    if known.contains(&filter) {
                        continue;
                    }
                    let qos = QoS::from_u8(qos).unwrap_or(QoS::AtMostOnce);
                    if let Err(e) = self.send_subscribe(&filter, qos) {
                        self.error.set(Some(Text::new(
                            format!("could not subscribe to {filter}: {}", e.en),
                            format!("无法订阅 {filter}：{}", e.zh),
                        )));
                    }
                }
            }
            Event::Refused { .. } => {}
            Event::SubAck {
                packet_id,
                outcomes,
            } => {
                self.subs
                    .update(|s| s.acknowledged(packet_id, granted(outcomes.first())));
            }
            Event::Resubscribed { filter, outcome } => {
                self.subs
                    .update(|s| s.resubscribed(&filter, granted(Some(&outcome))));
            }
            Event::Received(m) => {
                let now = js_sys::Date::now();
                // The device tools read only the platform's system topics; a flood on the
                // device's own topics skips them (and the device identity's copy) entirely.
                let device = crate::aliyun::is_system_topic(&m.topic)
                    .then(|| self.device())
                    .flatten();
                let answers = match device {
                    Some((pk, dn))
                        if self
                            .tools
                            .with_untracked(|t| t.handles((&pk, &dn), &m.topic)) =>
                    {
                        self.tools
                            .try_update(|t| t.observe((&pk, &dn), &m.topic, &m.payload, now as u64))
                            .unwrap_or_default()
                    }
                    _ => Vec::new(),
                };
                self.log.record(LogEntry {
                    seq: 0,
                    time_ms: now,
                    direction: Direction::In,
                    topic: m.topic,
                    payload: Bytes::from(m.payload),
                    qos: m.qos.as_u8(),
                    retain: m.retain,
                    dup: m.dup,
                });
                for answer in answers {
                    let topic = answer.topic().to_owned();
                    if let Err(e) = self.send_tools(vec![answer]) {
                        self.error.set(Some(Text::new(
                            format!("could not answer on {topic}: {}", e.en),
                            format!("无法在 {topic} 上回复：{}", e.zh),
                        )));
                    }
                }
            }
            Event::UnsubAck { .. } | Event::PubAck { .. } | Event::PubComp { .. } => {}
        }
    }

    /// Ends the connection with `reason` shown to the user.
    fn fail(&self, reason: Text) {
        self.retire();
        self.error.set(Some(reason));
        self.retry.set(None);
        self.status.set(Status::Error);
    }

    /// Takes the connection away; its socket and timer are released on the next task, since
    /// this may run inside one of the link's own callbacks.
    fn retire(&self) {
        let mut old = None;
        self.conn.update_value(|slot| old = slot.take());
        self.subs.update(Subscriptions::link_lost);
        if let Some(conn) = old {
            release_later(conn);
        }
    }
}

fn granted(outcome: Option<&SubscribeOutcome>) -> Option<u8> {
    match outcome {
        Some(SubscribeOutcome::Granted(q)) => Some(q.as_u8()),
        _ => None,
    }
}

/// The plain-language reason a link ended: CONNACK codes with Aliyun's meaning, a lost link
/// with the WebSocket's close code, anything else as the session words it.
fn explain(reason: Option<&CloseReason>, last_close: Option<&Text>) -> Text {
    match (reason, last_close) {
        (Some(CloseReason::Refused { code }), _) => describe_connack(*code),
        (Some(CloseReason::Failed(e)), _) => Text::new(
            format!("the link was closed: {e}"),
            format!("连接已关闭：{e}"),
        ),
        (_, Some(close)) => Text::new(
            format!("the connection closed: {}", close.en),
            format!("连接已断开：{}", close.zh),
        ),
        (Some(other), None) => untranslated(other.to_string()),
        (None, None) => Text::new("the connection closed", "连接已断开"),
    }
}

/// A session error: its wording is English only; the Chinese UI shows it under a Chinese lead.
fn untranslated(en: String) -> Text {
    Text::new(en.clone(), format!("出错了：{en}"))
}
