use std::collections::{BTreeSet, VecDeque};

use super::alias::Aliases;
use super::encode;
use super::encode_v5;
use super::framer::Framer;
use super::inflight::Inflight;
use super::keepalive::{Due, KeepAlive};
use super::reconnect::Reconnector;
use super::subscriptions::Subscriptions;
use super::{
    CloseReason, ConnectOptions, Event, Millis, MqttError, ProtocolVersion, QoS, ReconnectPolicy,
    ServerCapabilities, SessionState, SubscribeOptions, Will,
};

/// How long [`Session::start`] waits for CONNACK unless [`Session::set_connack_timeout`] says
/// otherwise.
pub const DEFAULT_CONNACK_TIMEOUT: Millis = 10_000;

/// The largest packet accepted from the broker, fixed header included, unless
/// [`Session::set_max_packet_size`] says otherwise.
pub const DEFAULT_MAX_PACKET_SIZE: usize = 16 * 1024 * 1024;

/// One MQTT 3.1.1 or MQTT 5 client session (per [`ConnectOptions::version`]), without any I/O. It outlives its transport connections: after
/// a link ends, [`Session::start`] on a new transport resumes it (see the module docs).
///
/// Methods only change state; bytes to send and events pile up until the caller pulls them with
/// [`Session::poll_transmit`] and [`Session::poll_event`].
#[derive(Debug)]
pub struct Session {
    pub(super) options: ConnectOptions,
    will: Option<Will>,
    pub(super) state: SessionState,
    pub(super) close_reason: Option<CloseReason>,
    pub(super) framer: Framer,
    /// The largest packet we accept, as set by [`Session::set_max_packet_size`].
    max_packet_size: usize,
    /// What the server of the current link offers (MQTT 3.1.1's answers until an MQTT 5
    /// CONNACK says otherwise).
    pub(super) capabilities: ServerCapabilities,
    pub(super) aliases: Aliases,
    /// MQTT 5: the client id a server assigned because ours was empty, sent on later links.
    pub(super) assigned_client_id: Option<String>,
    pub(super) inflight: Inflight,
    pub(super) subscriptions: Subscriptions,
    /// Ids of QoS 2 messages from the broker that were delivered and await PUBREL. They live in
    /// the broker's id space, not ours, hence apart from `inflight`.
    pub(super) awaiting_pubrel: BTreeSet<u16>,
    pub(super) keepalive: KeepAlive,
    connack_timeout: Millis,
    pub(super) connack_deadline: Option<Millis>,
    pub(super) reconnect: Reconnector,
    pub(super) transmit: VecDeque<Vec<u8>>,
    pub(super) events: VecDeque<Event>,
}

impl Session {
    /// Call when the user asks to connect, before opening the transport: a bad client id or
    /// credentials are reported here rather than as a broker refusal.
    pub fn new(options: ConnectOptions) -> Result<Session, MqttError> {
        options.validate()?;
        Ok(Session {
            keepalive: KeepAlive::new(options.keepalive_secs),
            options,
            will: None,
            state: SessionState::Idle,
            close_reason: None,
            framer: Framer::new(DEFAULT_MAX_PACKET_SIZE),
            max_packet_size: DEFAULT_MAX_PACKET_SIZE,
            capabilities: ServerCapabilities::default(),
            aliases: Aliases::default(),
            assigned_client_id: None,
            inflight: Inflight::default(),
            subscriptions: Subscriptions::default(),
            awaiting_pubrel: BTreeSet::new(),
            connack_timeout: DEFAULT_CONNACK_TIMEOUT,
            connack_deadline: None,
            reconnect: Reconnector::default(),
            transmit: VecDeque::new(),
            events: VecDeque::new(),
        })
    }

    /// Call before [`Session::start`] to wait longer or shorter than
    /// [`DEFAULT_CONNACK_TIMEOUT`] for the broker's CONNACK.
    pub fn set_connack_timeout(&mut self, timeout: Millis) {
        self.connack_timeout = timeout;
    }

    /// Call before [`Session::start`] to change how long a PINGRESP may take (default: half the
    /// keepalive interval, so a dead link shows within 1.25 × keepalive).
    pub fn set_pingresp_timeout(&mut self, timeout: Millis) {
        self.keepalive.set_pingresp_timeout(timeout);
    }

    /// Call before [`Session::start`] to change the largest packet accepted from the broker
    /// (default [`DEFAULT_MAX_PACKET_SIZE`]). A bigger packet fails `handle_bytes`. On MQTT 5 a
    /// smaller `maximum_packet_size` in the CONNECT properties lowers it further.
    pub fn set_max_packet_size(&mut self, max: usize) {
        self.max_packet_size = max;
        self.framer.set_max_packet_size(self.incoming_limit());
    }

    /// The largest packet we accept on this link.
    fn incoming_limit(&self) -> usize {
        match (
            self.options.version,
            self.options.properties.maximum_packet_size,
        ) {
            (ProtocolVersion::V5, Some(max)) => self
                .max_packet_size
                .min(usize::try_from(max).unwrap_or(usize::MAX)),
            _ => self.max_packet_size,
        }
    }

    /// Call at any time on MQTT 5 to use topic aliases for our publishes (on by default, within
    /// the server's topic alias maximum) or stop using them. See `alias.rs` for how they are
    /// assigned. Has no effect on MQTT 3.1.1, which has none.
    pub fn set_topic_aliases(&mut self, on: bool) {
        self.aliases.set_enabled(on);
    }

    /// Call to show what the server of the current link offers: MQTT 3.1.1's fixed answers
    /// ([`ServerCapabilities::default`]) before an MQTT 5 CONNACK and on MQTT 3.1.1.
    pub fn server_capabilities(&self) -> &ServerCapabilities {
        &self.capabilities
    }

    /// The protocol version this session speaks.
    pub fn version(&self) -> ProtocolVersion {
        self.options.version
    }

    /// Call before [`Session::start`] to give the broker a last will (`None` removes it). It goes
    /// out with every CONNECT from then on. A will that breaks a rule is refused here with
    /// [`MqttError::InvalidWill`], and the previous one stays.
    pub fn set_will(&mut self, will: Option<Will>) -> Result<(), MqttError> {
        if let Some(will) = &will {
            will.validate()?;
        }
        self.will = will;
        Ok(())
    }

    /// Call at any time to change how many QoS 1/2 publishes may await their acknowledgement at
    /// once (default [`DEFAULT_MAX_INFLIGHT`](super::DEFAULT_MAX_INFLIGHT), at least 1). Further
    /// publishes wait in the session, in order, and go out as acknowledgements free slots.
    pub fn set_max_inflight(&mut self, max: usize) {
        self.inflight.set_max_inflight(max);
    }

    /// Call to let the session plan reconnects (see [`Session::plan_reconnect`]); `None`, the
    /// default, never plans one. Leave it `None` for connections whose failure must be shown
    /// rather than retried, such as a dynamic-registration connection.
    pub fn set_reconnect_policy(&mut self, policy: Option<ReconnectPolicy>) {
        self.reconnect.set_policy(policy);
    }

    /// Call once a transport is open, for the first link and for every reconnect: queues
    /// CONNECT and arms the CONNACK deadline. Does nothing while a link is up, or after
    /// [`Session::disconnect`].
    pub fn start(&mut self, now: Millis) {
        match (self.state, &self.close_reason) {
            (SessionState::Idle, _) => {}
            (SessionState::Closed, Some(reason)) if *reason != CloseReason::Disconnected => {}
            _ => return,
        }
        // Whatever the previous link left half-received or unsent belongs to it, and so do what
        // its server offered and the topic aliases both sides had defined [MQTT-3.3.2-7].
        self.framer.clear();
        self.framer.set_max_packet_size(self.incoming_limit());
        self.transmit.clear();
        self.reconnect.on_start();
        self.capabilities = ServerCapabilities::default();
        self.aliases.clear();
        self.inflight.set_server_receive_maximum(u16::MAX);
        self.keepalive
            .set_interval_secs(self.options.keepalive_secs);
        // Options and will were validated when set, so this cannot fail; the error path still
        // closes the session instead of panicking.
        let connect = match (self.options.version, &self.assigned_client_id) {
            (ProtocolVersion::V311, _) => encode::connect(&self.options, self.will.as_ref()),
            (ProtocolVersion::V5, None) => encode_v5::connect(&self.options, self.will.as_ref()),
            // The server named us on an earlier link: keep that name, or it cannot find the
            // session it kept for us.
            (ProtocolVersion::V5, Some(id)) => {
                let options = ConnectOptions {
                    client_id: id.clone(),
                    ..self.options.clone()
                };
                encode_v5::connect(&options, self.will.as_ref())
            }
        };
        match connect {
            Ok(bytes) => {
                self.queue(bytes, now);
                self.state = SessionState::AwaitingConnAck;
                self.close_reason = None;
                self.connack_deadline = Some(now.saturating_add(self.connack_timeout));
            }
            Err(e) => {
                self.fail(e);
            }
        }
    }

    /// Call when the caller's timers did not run for a while (a frozen or throttled browser tab),
    /// before [`Session::handle_timeout`]: an outstanding PINGREQ gets one more timeout from
    /// `now`, because its PINGRESP may be waiting in the caller's event queue. The time the
    /// page slept is not the broker's silence.
    pub fn resume_after_pause(&mut self, now: Millis) {
        if self.state == SessionState::Connected {
            self.keepalive.resumed(now);
        }
    }

    /// Call when `poll_timeout()` has passed (calling it early or often is harmless).
    /// Err = deadline missed (no CONNACK / no PINGRESP in time): close the link.
    pub fn handle_timeout(&mut self, now: Millis) -> Result<(), MqttError> {
        match self.state {
            SessionState::AwaitingConnAck => match self.connack_deadline {
                Some(deadline) if now >= deadline => Err(self.fail(MqttError::ConnAckTimeout)),
                _ => Ok(()),
            },
            SessionState::Connected => match self.keepalive.poll(now) {
                Ok(Due::SendPing) => {
                    let bytes = encode::pingreq().map_err(|e| self.fail(e))?;
                    self.queue(bytes, now);
                    Ok(())
                }
                Ok(Due::Nothing) => Ok(()),
                Err(e) => Err(self.fail(e)),
            },
            SessionState::Idle | SessionState::Closed => Ok(()),
        }
    }

    /// Call after every other call to learn when to call [`Session::handle_timeout`] next
    /// (the next PINGREQ or a deadline). `None`: no timer needed. A planned reconnect is not a
    /// timeout of the link: see [`Session::plan_reconnect`].
    pub fn poll_timeout(&self) -> Option<Millis> {
        match self.state {
            SessionState::AwaitingConnAck => self.connack_deadline,
            SessionState::Connected => self.keepalive.next_deadline(),
            SessionState::Idle | SessionState::Closed => None,
        }
    }

    /// Call until it returns `None` after every other call; send each packet as ONE binary
    /// WebSocket frame, in order.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.transmit.pop_front()
    }

    /// Call until it returns `None` after `handle_bytes` and `handle_timeout` to update the UI.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// Call each time a link ends (an `Err` from `handle_bytes`/`handle_timeout`, an
    /// [`Event::Refused`], or [`Session::connection_lost`], also for a transport that failed to
    /// open) with the current time and a random number in 0..1. Returns when to open a new
    /// transport and call [`Session::start`]; `None` means do not retry by yourself: show
    /// [`Session::close_reason`] instead (no policy set, the user disconnected, or a cause that
    /// would only repeat, see [`should_reconnect`](super::should_reconnect)). Calling again
    /// before that time returns the same time.
    pub fn plan_reconnect(&mut self, now: Millis, random: f64) -> Option<Millis> {
        if self.state != SessionState::Closed {
            return None;
        }
        let reason = self.close_reason.as_ref()?;
        self.reconnect.plan(reason, now, random)
    }

    /// Call to learn the reconnect time planned by [`Session::plan_reconnect`] without planning
    /// one; `None` when none is planned (or [`Session::start`] has begun it).
    pub fn poll_reconnect(&self) -> Option<Millis> {
        self.reconnect.planned()
    }

    /// Call to show how many reconnect attempts have been planned since the last stable link.
    pub fn reconnect_attempt(&self) -> u32 {
        self.reconnect.attempt()
    }

    /// Call to show where the session is; `Closed` means the transport should be closed.
    pub fn state(&self) -> SessionState {
        self.state
    }

    /// Call when the session is `Closed` to show why, in plain language via `Display`.
    pub fn close_reason(&self) -> Option<&CloseReason> {
        self.close_reason.as_ref()
    }

    /// Call to show how many of our packets still wait for the broker's acknowledgement,
    /// publishes queued behind the inflight window included.
    pub fn inflight_count(&self) -> usize {
        self.inflight.len()
    }

    /// Call to show how many QoS 1/2 publishes wait for a slot in the inflight window.
    pub fn queued_count(&self) -> usize {
        self.inflight.queued_len()
    }

    /// Call to show the filters this session subscribes to again by itself when the broker has
    /// lost them, with the QoS asked for, in the order first asked for.
    pub fn subscriptions(&self) -> impl Iterator<Item = (&str, QoS)> + '_ {
        self.subscriptions.iter()
    }

    /// Like [`Session::subscriptions`] with every option and the MQTT 5 subscription
    /// identifier each was made with, as a resubscription sends them again.
    pub fn subscription_options(
        &self,
    ) -> impl Iterator<Item = (&str, &SubscribeOptions, Option<u32>)> + '_ {
        self.subscriptions
            .entries()
            .map(|s| (s.filter.as_str(), &s.options, s.identifier))
    }

    /// Call to show the options this session connects with.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    pub(super) fn require_connected(&self) -> Result<(), MqttError> {
        if self.state != SessionState::Connected {
            return Err(MqttError::NotConnected);
        }
        Ok(())
    }

    pub(super) fn queue(&mut self, bytes: Vec<u8>, now: Millis) {
        self.transmit.push_back(bytes);
        // Packets leave as soon as the caller drains them, so queueing time is sending time.
        self.keepalive.on_sent(now);
    }
}
