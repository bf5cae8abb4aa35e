use std::collections::{BTreeSet, VecDeque};

use super::encode;
use super::framer::Framer;
use super::inflight::{Inflight, Pending};
use super::keepalive::{Due, KeepAlive};
use super::{ConnectOptions, Event, Message, Millis, MqttError, QoS, SessionState};

/// How long [`Session::start`] waits for CONNACK unless [`Session::set_connack_timeout`] says
/// otherwise.
pub const DEFAULT_CONNACK_TIMEOUT: Millis = 10_000;

/// The largest packet accepted from the broker, fixed header included, unless
/// [`Session::set_max_packet_size`] says otherwise.
pub const DEFAULT_MAX_PACKET_SIZE: usize = 16 * 1024 * 1024;

/// One MQTT 3.1.1 client session over one transport connection, without any I/O.
///
/// Methods only change state; bytes to send and events pile up until the caller pulls them with
/// [`Session::poll_transmit`] and [`Session::poll_event`]. See the module docs for the loop.
#[derive(Debug)]
pub struct Session {
    pub(super) options: ConnectOptions,
    pub(super) state: SessionState,
    pub(super) framer: Framer,
    pub(super) inflight: Inflight,
    /// Ids of QoS 2 messages from the broker that were delivered and await PUBREL. They live in
    /// the broker's id space, not ours, hence apart from `inflight`.
    pub(super) awaiting_pubrel: BTreeSet<u16>,
    pub(super) keepalive: KeepAlive,
    connack_timeout: Millis,
    pub(super) connack_deadline: Option<Millis>,
    transmit: VecDeque<Vec<u8>>,
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
            state: SessionState::Idle,
            framer: Framer::new(DEFAULT_MAX_PACKET_SIZE),
            inflight: Inflight::default(),
            awaiting_pubrel: BTreeSet::new(),
            connack_timeout: DEFAULT_CONNACK_TIMEOUT,
            connack_deadline: None,
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
    /// keepalive interval, so a dead link shows within 1.5 × keepalive).
    pub fn set_pingresp_timeout(&mut self, timeout: Millis) {
        self.keepalive.set_pingresp_timeout(timeout);
    }

    /// Call before [`Session::start`] to change the largest packet accepted from the broker
    /// (default [`DEFAULT_MAX_PACKET_SIZE`]). A bigger packet fails `handle_bytes`.
    pub fn set_max_packet_size(&mut self, max: usize) {
        self.framer.set_max_packet_size(max);
    }

    /// Call once the transport is open: queues CONNECT and arms the CONNACK deadline.
    /// Does nothing unless the session is [`SessionState::Idle`].
    pub fn start(&mut self, now: Millis) {
        if self.state != SessionState::Idle {
            return;
        }
        // Options were validated in `new` and cannot change since, so this cannot fail; the
        // error path still closes the session instead of panicking.
        match encode::connect(&self.options) {
            Ok(bytes) => {
                self.queue(bytes, now);
                self.state = SessionState::AwaitingConnAck;
                self.connack_deadline = Some(now.saturating_add(self.connack_timeout));
            }
            Err(_) => self.close(),
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
    /// (the next PINGREQ or a deadline). `None`: no timer needed.
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

    /// Call when the user subscribes to one filter. Returns the packet id that the matching
    /// [`Event::SubAck`] will carry.
    pub fn subscribe(&mut self, filter: &str, qos: QoS, now: Millis) -> Result<u16, MqttError> {
        self.subscribe_many(&[(filter, qos)], now)
    }

    /// Like [`Session::subscribe`] for several filters in one SUBSCRIBE; the SUBACK's outcomes
    /// come in the same order.
    pub fn subscribe_many(
        &mut self,
        filters: &[(&str, QoS)],
        now: Millis,
    ) -> Result<u16, MqttError> {
        self.require_connected()?;
        let filters: Vec<(String, QoS)> =
            filters.iter().map(|(f, q)| (f.to_string(), *q)).collect();
        encode::check_subscribe(&filters)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = encode::subscribe(packet_id, &filters)?;
        self.inflight.insert(packet_id, Pending::Subscribe(filters));
        self.queue(bytes, now);
        Ok(packet_id)
    }

    /// Call when the user removes a subscription. Returns the packet id that the matching
    /// [`Event::UnsubAck`] will carry.
    pub fn unsubscribe(&mut self, filter: &str, now: Millis) -> Result<u16, MqttError> {
        self.require_connected()?;
        let filters = vec![filter.to_string()];
        encode::check_unsubscribe(&filters)?;
        let packet_id = self.inflight.next_free_id()?;
        let bytes = encode::unsubscribe(packet_id, &filters)?;
        self.inflight
            .insert(packet_id, Pending::Unsubscribe(filters));
        self.queue(bytes, now);
        Ok(packet_id)
    }

    /// Call when the user publishes. Returns the packet id for QoS 1 (the matching
    /// [`Event::PubAck`] carries it), `None` for QoS 0. QoS 2 is `Err(Unsupported)` for now.
    pub fn publish(
        &mut self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
        retain: bool,
        now: Millis,
    ) -> Result<Option<u16>, MqttError> {
        self.require_connected()?;
        if qos == QoS::ExactlyOnce {
            return Err(MqttError::Unsupported("publishing with QoS 2"));
        }
        encode::check_publish(topic, payload, qos)?;
        if qos == QoS::AtMostOnce {
            let bytes = encode::publish(topic, payload, qos, retain, false, 0)?;
            self.queue(bytes, now);
            return Ok(None);
        }
        let packet_id = self.inflight.next_free_id()?;
        let bytes = encode::publish(topic, payload, qos, retain, false, packet_id)?;
        let message = Message {
            topic: topic.to_string(),
            payload: payload.to_vec(),
            qos,
            retain,
            dup: false,
        };
        self.inflight.insert(packet_id, Pending::Publish(message));
        self.queue(bytes, now);
        Ok(Some(packet_id))
    }

    /// Call when the user disconnects: queues DISCONNECT (if CONNECT went out) and closes the
    /// session. Drain `poll_transmit` before closing the transport so the broker sees it and
    /// does not treat the close as a failure.
    pub fn disconnect(&mut self) {
        if matches!(
            self.state,
            SessionState::AwaitingConnAck | SessionState::Connected
        ) {
            if let Ok(bytes) = encode::disconnect() {
                // The time only feeds keepalive, which stops right here.
                self.transmit.push_back(bytes);
            }
        }
        self.close();
    }

    /// Call when the transport closed underneath us (or failed to open). Unsent packets are
    /// dropped; unacknowledged QoS 1 publishes stay in flight for a later reconnect.
    pub fn connection_lost(&mut self) {
        self.transmit.clear();
        self.close();
    }

    /// Call to show where the session is; `Closed` means the transport should be closed.
    pub fn state(&self) -> SessionState {
        self.state
    }

    /// Call to show how many of our packets still wait for the broker's acknowledgement.
    pub fn inflight_count(&self) -> usize {
        self.inflight.len()
    }

    /// Call to show the options this session connects with.
    pub fn options(&self) -> &ConnectOptions {
        &self.options
    }

    fn require_connected(&self) -> Result<(), MqttError> {
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

    /// Stops all timers and drops half-received bytes; queued packets stay so a DISCONNECT can
    /// still be sent.
    pub(super) fn close(&mut self) {
        self.state = SessionState::Closed;
        self.connack_deadline = None;
        self.keepalive.stop();
        self.framer.clear();
    }

    /// Closes after a fatal error. Nothing queued is worth sending to a broker that broke the
    /// protocol or vanished, so the queue goes too.
    pub(super) fn fail(&mut self, error: MqttError) -> MqttError {
        self.transmit.clear();
        self.close();
        error
    }
}
