//! The life of one connection, as a plain value: one sans-IO [`Session`] carried over successive
//! WebSocket links, and everything decided around it.
//!
//! The session outlives its links: when a link drops, the session keeps unacknowledged
//! publishes and subscriptions, plans the next attempt (backoff with jitter), and resumes on a
//! new link. Every link gets an id; events of a link that was replaced or retired are ignored,
//! so a late `close` of an old socket can never touch the current one.
//!
//! Driven like [`Session`]: the store pushes input in with the `handle_*` methods and the user
//! actions ([`Lifecycle::connect`], [`Lifecycle::publish`], …), each with the [`Now`] it happens
//! at, then pulls what to do with [`Lifecycle::poll_action`] until `None` and carries it out in
//! order. Nothing here opens a socket, reads a clock or draws a random number, so every path is
//! tested natively on a simulated clock.

mod action;
mod error;
mod flush;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use bytes::Bytes;

pub use action::{Action, Leave, LinkId, Now, Retry};
pub use error::{CloseCause, ConnectionError, RequestError, ServerReason};

use super::form::ConnectPlan;
use super::log::{Direction, LogEntry, Logged};
use super::status::Status;
use super::subscriptions::{SubChange, SubOptions, Subscriptions};
use crate::mqtt::{
    check_filter, Millis, PublishProperties, QoS, ReconnectPolicy, Session, SubscribeOptions,
};

/// How often to call [`Lifecycle::handle_tick`] while a session lives, in ms.
pub const TICK_MS: u32 = 250;

/// A gap between two ticks longer than this means the page was paused (a frozen tab, or
/// timers throttled harder than a hidden tab's once a second), not merely busy.
pub const PAUSE_MS: Millis = 2_000;

/// The connection the user asked for: a session, its URL, and the current link if any.
#[derive(Debug)]
struct Current {
    session: Session,
    url: String,
    link: Option<LinkId>,
    /// How the last link ended, to explain a loss the session only sees as "link lost".
    last_close: Option<CloseCause>,
    /// Aliyun mode: (ProductKey, DeviceName) for the device tools.
    device: Option<(String, String)>,
    /// Whether any link of this connection got CONNACK 0. A first attempt that fails (a wrong
    /// URL, port or path) is reported, not retried: retrying would not fix a typo.
    ever_connected: bool,
    /// When the last tick ran, to notice a paused page.
    last_tick: Millis,
    /// UNSUBSCRIBEs awaiting their UNSUBACK: packet id and filter, to name a refused one.
    unsubscribing: Vec<(u16, String)>,
}

/// One connection's lifecycle across the sessions the user starts: status, subscriptions, the
/// current session and its link. Instances are independent of each other.
#[derive(Debug, Default)]
pub struct Lifecycle {
    status: Status,
    subs: Subscriptions,
    current: Option<Current>,
    last_link: u64,
    actions: VecDeque<Action>,
}

impl Lifecycle {
    /// A connection with nothing connected yet.
    pub fn new() -> Lifecycle {
        Lifecycle::default()
    }

    /// Call to show the status light.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Call to show the subscriptions as the connection knows them (mute flags aside).
    pub fn subscriptions(&self) -> &Subscriptions {
        &self.subs
    }

    /// Call to learn the connected Aliyun device (ProductKey, DeviceName), if any.
    pub fn device(&self) -> Option<&(String, String)> {
        self.current.as_ref().and_then(|c| c.device.as_ref())
    }

    /// Call after every other call until it returns `None`, carrying out each action in order.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// Call when the user connects as `plan` says, replacing any current connection. Lost links
    /// are retried with backoff unless `plan.reconnect` is false.
    pub fn connect(&mut self, plan: ConnectPlan, now: Now) {
        self.retire();
        let mut session = match Session::new(plan.options) {
            Ok(s) => s,
            Err(e) => return self.fail(ConnectionError::Invalid(e)),
        };
        if let Err(e) = session.set_will(plan.will) {
            return self.fail(ConnectionError::Invalid(e));
        }
        session.set_reconnect_policy(plan.reconnect.then(ReconnectPolicy::default));
        session.set_topic_aliases(plan.topic_aliases);
        self.push(Action::StartTicking);
        self.push(Action::DisconnectReason(None));
        self.change_subs(SubChange::LinkLost);
        self.current = Some(Current {
            session,
            url: plan.url,
            link: None,
            last_close: None,
            device: plan.device,
            ever_connected: false,
            last_tick: now.mono,
            unsubscribing: Vec::new(),
        });
        self.push(Action::Error(None));
        self.push(Action::Retry(None));
        self.set_status(Status::Connecting);
        self.open_link();
    }

    /// Call when the user disconnects: DISCONNECT goes out on the current link, then the
    /// session is retired; nothing is retried.
    pub fn disconnect(&mut self) {
        self.disconnect_with(Leave::Normal);
    }

    /// [`Lifecycle::disconnect`], saying how on MQTT 5 (ignored on 3.1.1).
    pub fn disconnect_with(&mut self, leave: Leave) {
        if let Some(c) = self.current.as_mut() {
            c.session.disconnect_with(leave.reason(), None);
        }
        self.send_queued();
        self.retire();
        self.push(Action::Error(None));
        self.push(Action::Retry(None));
        self.set_status(Status::Disconnected);
    }

    /// Call when the user subscribes: the filter is added (idempotent) and sent now when
    /// connected, otherwise at the next CONNACK.
    pub fn subscribe(&mut self, filter: &str, qos: QoS, now: Now) -> Result<(), RequestError> {
        self.subscribe_with(filter, qos, SubOptions::default(), now)
    }

    /// [`Lifecycle::subscribe`] with MQTT 5 options (kept for resending after a reconnect).
    pub fn subscribe_with(
        &mut self,
        filter: &str,
        qos: QoS,
        options: SubOptions,
        now: Now,
    ) -> Result<(), RequestError> {
        check_filter(filter).map_err(RequestError::Rejected)?;
        let changed = self.change_subs(SubChange::Added {
            filter: filter.to_owned(),
            qos: qos.as_u8(),
            options,
        });
        if changed && self.status == Status::Connected {
            self.send_subscribe(filter, qos, options, now)?;
        }
        Ok(())
    }

    /// Call when the user unsubscribes: the filter goes, and UNSUBSCRIBE is sent when connected.
    pub fn unsubscribe(&mut self, filter: &str, now: Now) -> Result<(), RequestError> {
        self.change_subs(SubChange::Removed {
            filter: filter.to_owned(),
        });
        if self.status == Status::Connected {
            if let Some(c) = self.current.as_mut() {
                let packet_id = c
                    .session
                    .unsubscribe(filter, now.mono)
                    .map_err(RequestError::Rejected)?;
                c.unsubscribing.push((packet_id, filter.to_owned()));
            }
            self.flush(now);
        }
        Ok(())
    }

    /// Call when the user publishes; the message is logged as sent.
    pub fn publish(
        &mut self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
        now: Now,
    ) -> Result<Option<u16>, RequestError> {
        self.publish_with(
            topic,
            payload,
            qos,
            retain,
            PublishProperties::default(),
            now,
        )
    }

    /// Call when the user publishes with MQTT 5 properties (empty ones on MQTT 3.1.1); the
    /// message is logged as sent, with its properties and packet id, which is returned at QoS
    /// 1/2 ([`Action::Completed`] or an error [`Action::Acknowledged`] names it later). What the server does not
    /// accept (QoS, retain, size) is refused here, before anything is sent.
    pub fn publish_with(
        &mut self,
        topic: &str,
        payload: Vec<u8>,
        qos: QoS,
        retain: bool,
        properties: PublishProperties,
        now: Now,
    ) -> Result<Option<u16>, RequestError> {
        if self.status != Status::Connected {
            return Err(RequestError::NotConnected);
        }
        let c = self.current.as_mut().ok_or(RequestError::NotConnected)?;
        let packet_id = c
            .session
            .publish_with(topic, &payload, qos, retain, &properties, now.mono)
            .map_err(RequestError::Rejected)?;
        self.flush(now);
        self.push(Action::Sent(Logged::new(
            LogEntry {
                seq: 0,
                time_ms: now.wall as f64,
                direction: Direction::Out,
                topic: topic.to_owned(),
                payload: Bytes::from(payload),
                qos: qos.as_u8(),
                retain,
                dup: false,
            },
            properties,
            packet_id,
        )));
        Ok(packet_id)
    }

    /// Call when `link` finished its WebSocket handshake: CONNECT goes out.
    pub fn handle_open(&mut self, link: LinkId, now: Now) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        c.session.start(now.mono);
        self.flush(now);
    }

    /// Call when the browser refused to open `link` (`why` is its message). That will not
    /// change by retrying, so the connection fails.
    pub fn handle_open_failed(&mut self, link: LinkId, why: String) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        c.session.disconnect();
        self.fail(ConnectionError::OpenRefused { why });
    }

    /// Call with every binary frame `link` receives.
    pub fn handle_bytes(&mut self, link: LinkId, bytes: &[u8], now: Now) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        // An error closes the session; `flush` then ends the link.
        let _ = c.session.handle_bytes(bytes, now.mono);
        self.flush(now);
    }

    /// Call when `link` receives a text frame, which MQTT never sends: the connection fails.
    pub fn handle_text_frame(&mut self, link: LinkId) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        c.session.disconnect();
        self.fail(ConnectionError::TextFrame);
    }

    /// Call when `link` closed (by either side, or because it never opened) with the WebSocket
    /// close `code` and the server's `reason`.
    pub fn handle_closed(&mut self, link: LinkId, code: u16, reason: String, now: Now) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        c.last_close = Some(CloseCause::Closed { code, reason });
        c.session.connection_lost();
        self.link_ended(now);
    }

    /// Call when sending on `link` failed (`why` is the browser's message), once the batch of
    /// actions that sent is done: the link is over.
    pub fn handle_send_failed(&mut self, link: LinkId, why: String, now: Now) {
        let Some(c) = self.current_for(link) else {
            return;
        };
        c.last_close = Some(CloseCause::SendFailed { why });
        self.link_ended(now);
    }

    /// Call after every input to learn when the next deadline falls (keepalive, CONNACK,
    /// PINGRESP, a planned reconnect), and call [`Lifecycle::handle_tick`] then: the ticker
    /// alone may come up to [`TICK_MS`] late, which would let a half-open link go unnoticed
    /// beyond 1.25 x keepalive. `None`: nothing is pending.
    pub fn next_deadline(&self) -> Option<Millis> {
        let c = self.current.as_ref()?;
        if c.link.is_some() {
            c.session.poll_timeout()
        } else {
            c.session.poll_reconnect()
        }
    }

    /// Call every [`TICK_MS`] while a session lives: runs the session's timers (keepalive,
    /// deadlines), notices a paused page, and opens the next link when a reconnect is due.
    pub fn handle_tick(&mut self, now: Now) {
        let Some(c) = self.current.as_mut() else {
            return;
        };
        if now.mono.saturating_sub(c.last_tick) > PAUSE_MS {
            c.session.resume_after_pause(now.mono);
        }
        c.last_tick = now.mono;
        if c.link.is_some() {
            if c.session.poll_timeout().is_some_and(|t| t <= now.mono) {
                // A missed deadline closes the session; `flush` then ends the link.
                let _ = c.session.handle_timeout(now.mono);
                self.flush(now);
            }
        } else if c.session.poll_reconnect().is_some_and(|t| t <= now.mono) {
            self.set_status(Status::Connecting);
            self.open_link();
        }
    }

    /// The current connection, if `link` is its link.
    fn current_for(&mut self, link: LinkId) -> Option<&mut Current> {
        self.current.as_mut().filter(|c| c.link == Some(link))
    }

    fn push(&mut self, action: Action) {
        self.actions.push_back(action);
    }

    fn set_status(&mut self, status: Status) {
        self.status = status;
        self.push(Action::Status(status));
    }

    fn change_subs(&mut self, change: SubChange) -> bool {
        let changed = change.apply(&mut self.subs);
        self.push(Action::Subscriptions(change));
        changed
    }

    /// A new link for the current session; CONNECT follows on `handle_open`.
    fn open_link(&mut self) {
        self.last_link += 1;
        let link = LinkId(self.last_link);
        if let Some(c) = self.current.as_mut() {
            c.link = Some(link);
            let url = c.url.clone();
            self.push(Action::Open { link, url });
        }
    }

    fn send_subscribe(
        &mut self,
        filter: &str,
        qos: QoS,
        options: SubOptions,
        now: Now,
    ) -> Result<(), RequestError> {
        let c = self.current.as_mut().ok_or(RequestError::NotConnected)?;
        let wire: SubscribeOptions = options.with_qos(qos);
        let packet_id = c
            .session
            .subscribe_with(&[(filter, wire)], options.identifier, now.mono)
            .map_err(RequestError::Rejected)?;
        self.change_subs(SubChange::Sent {
            filter: filter.to_owned(),
            packet_id,
        });
        self.flush(now);
        Ok(())
    }
}
