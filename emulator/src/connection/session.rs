//! A logged-in device: its packets in, cloud messages out, until it leaves, is kicked by a
//! second login, misses its keepalive or breaks a rule that closes the connection. On MQTT 5
//! the server says why with a DISCONNECT before it closes.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use mqttbytes::v5::DisconnectReasonCode;
use tokio::sync::{mpsc, watch, Notify};
use tokio::time::{sleep_until, Instant};

use super::wire::Wire;
use super::Transport;
use crate::broker::{Broker, OnlineHandle, Outbound};
use crate::mqtt::{Connect, Framer, Inbound, UserProperty, Version};
use crate::registry::DeviceKey;

/// Aliyun's limit on one message's payload.
pub const MAX_PAYLOAD: usize = 256 * 1024;

/// What handling one packet leads to.
pub(super) enum Step {
    /// Send these packets (possibly none) and go on.
    Reply(Vec<Bytes>),
    /// Close the connection for this reason, without a word (the device left).
    Close(String),
    /// Close for a broken rule: MQTT 5 first gets a DISCONNECT with this reason code.
    Refuse(DisconnectReasonCode, String),
}

/// The session state of one device connection.
pub struct DeviceSession<'a> {
    pub(super) broker: &'a Arc<Broker>,
    pub(super) key: &'a DeviceKey,
    pub(super) conn_id: u64,
    pub(super) wire: Wire,
    last_packet_id: u16,
    /// Our QoS 1 publishes not yet acknowledged. Aliyun does not promise redelivery to a live
    /// connection, and neither do we; the set only keeps ids unique.
    inflight: HashSet<u16>,
    /// MQTT 5 Receive Maximum of the client: at most this many QoS 1 messages unacknowledged;
    /// the others wait in `waiting`.
    receive_maximum: usize,
    waiting: VecDeque<Outbound>,
    /// MQTT 5 topic aliases the client set on this connection (cleared with it).
    pub(super) aliases: HashMap<u16, String>,
    /// The CONNECT's user properties, for the log's `connect` entry.
    connect_properties: Vec<UserProperty>,
}

impl<'a> DeviceSession<'a> {
    /// A session for `key` logged in with `connect`; nothing happens until
    /// [`DeviceSession::run`].
    pub fn new(broker: &'a Arc<Broker>, key: &'a DeviceKey, connect: &Connect) -> Self {
        DeviceSession {
            broker,
            key,
            conn_id: 0,
            wire: Wire::new(connect.version, &connect.properties),
            last_packet_id: 0,
            inflight: HashSet::new(),
            // 3.1.1 has no Receive Maximum: messages never wait there.
            receive_maximum: match connect.version {
                Version::V4 => usize::MAX,
                Version::V5 => usize::from(connect.properties.receive_maximum.unwrap_or(u16::MAX)),
            },
            waiting: VecDeque::new(),
            aliases: HashMap::new(),
            connect_properties: connect.properties.user_properties.clone(),
        }
    }

    /// Goes online, answers CONNACK 0 and serves the connection until it ends.
    pub async fn run<T: Transport>(
        mut self,
        transport: &mut T,
        mut framer: Framer,
        client_id: &str,
        keep_alive: u16,
        shutdown: &mut watch::Receiver<bool>,
    ) {
        let OnlineHandle {
            conn_id,
            mut outbox,
            kick,
        } = self.broker.go_online(
            self.key,
            client_id,
            transport.kind(),
            (self.wire.version, &self.connect_properties),
        );
        self.conn_id = conn_id;
        let (reason, goodbye) = self
            .drive(
                transport,
                &mut framer,
                &mut outbox,
                &kick,
                keep_alive,
                shutdown,
            )
            .await;
        if let Some(packet) = goodbye {
            let _ = transport.send(packet).await;
        }
        self.broker.go_offline(self.key, conn_id, &reason);
    }

    /// Serves until the end; returns the reason and, on MQTT 5, the DISCONNECT to send.
    async fn drive<T: Transport>(
        &mut self,
        transport: &mut T,
        framer: &mut Framer,
        outbox: &mut mpsc::Receiver<Outbound>,
        kick: &Notify,
        keep_alive: u16,
        shutdown: &mut watch::Receiver<bool>,
    ) -> (String, Option<Bytes>) {
        let connack = match self.wire.connack_accepted(keep_alive) {
            Ok(packet) => packet,
            Err(e) => return (format!("could not encode CONNACK: {e}"), None),
        };
        if let Err(e) = transport.send(connack).await {
            return (format!("connection lost before CONNACK: {e}"), None);
        }
        // MQTT: the server may close after 1.5 × keepalive without any packet [MQTT-3.1.2-24].
        let idle = Duration::from_millis(u64::from(keep_alive) * 1500);
        let mut deadline = Instant::now() + idle;
        loop {
            // Packets may have arrived together with CONNECT or with each other.
            loop {
                let packet = match framer.next_packet() {
                    Ok(Some(packet)) => packet,
                    Ok(None) => break,
                    Err(e) => {
                        let reason = reason_code(e.reason_code());
                        return self.refuse(reason, format!("closed by the server: {e}"));
                    }
                };
                match self.handle(packet) {
                    Step::Reply(packets) => {
                        for packet in packets {
                            if let Err(e) = transport.send(packet).await {
                                return (format!("connection error: {e}"), None);
                            }
                        }
                    }
                    Step::Close(reason) => return (reason, None),
                    Step::Refuse(code, reason) => return self.refuse(code, reason),
                }
            }
            tokio::select! {
                r = transport.recv() => match r {
                    Ok(Some(bytes)) => {
                        framer.push(&bytes);
                        deadline = Instant::now() + idle;
                    }
                    Ok(None) => return ("the connection closed without DISCONNECT".into(), None),
                    Err(e) => return (format!("connection error: {e}"), None),
                },
                Some(message) = outbox.recv() => {
                    if let Some(packet) = self.outbound(message) {
                        if let Err(e) = transport.send(packet).await {
                            return (format!("connection error: {e}"), None);
                        }
                    }
                }
                _ = kick.notified() => {
                    return self.refuse(
                        DisconnectReasonCode::SessionTakenOver,
                        "kicked by a second login".into(),
                    );
                }
                _ = sleep_until(deadline) => {
                    return self.refuse(
                        DisconnectReasonCode::KeepAliveTimeout,
                        format!("no packet for 1.5 × keepalive ({keep_alive} s)"),
                    );
                }
                _ = shutdown.changed() => {
                    return self.refuse(
                        DisconnectReasonCode::ServerShuttingDown,
                        "the emulator is shutting down".into(),
                    );
                }
            }
        }
    }

    /// The end of the connection for a broken rule: the reason for the log (with the MQTT 5
    /// reason code) and the DISCONNECT that says it.
    fn refuse(&self, code: DisconnectReasonCode, reason: String) -> (String, Option<Bytes>) {
        match self.wire.disconnect(code, &reason) {
            Some(packet) => (
                format!("{reason} (DISCONNECT {:#04x})", code as u8),
                Some(packet),
            ),
            None => (reason, None),
        }
    }

    fn handle(&mut self, packet: Inbound) -> Step {
        match packet {
            Inbound::Connect(_) => Step::Refuse(
                DisconnectReasonCode::ProtocolError,
                "a second CONNECT on one connection".into(),
            ),
            Inbound::PingReq => Step::Reply(vec![crate::mqtt::encode::pingresp()]),
            Inbound::Disconnect(d) => Step::Close(match self.wire.version {
                Version::V4 => "the device sent DISCONNECT".into(),
                Version::V5 => match d.reason_string {
                    Some(text) => {
                        format!("the device sent DISCONNECT {:#04x}: {text}", d.reason_code)
                    }
                    None => format!("the device sent DISCONNECT {:#04x}", d.reason_code),
                },
            }),
            Inbound::PubAck(id) => {
                self.inflight.remove(&id);
                let mut packets = Vec::new();
                while self.inflight.len() < self.receive_maximum {
                    let Some(message) = self.waiting.pop_front() else {
                        break;
                    };
                    packets.extend(self.outbound(message));
                }
                Step::Reply(packets)
            }
            Inbound::Subscribe(subscribe) => {
                if subscribe.filters.is_empty() {
                    return Step::Refuse(
                        DisconnectReasonCode::ProtocolError,
                        "SUBSCRIBE without any filter".into(),
                    );
                }
                if subscribe.subscription_identifier.is_some() {
                    return self.refuse_identifiers(subscribe.pkid, &subscribe.filters);
                }
                let outcomes = self
                    .broker
                    .subscribe(self.key, self.conn_id, &subscribe.filters);
                match self.wire.suback(subscribe.pkid, &outcomes) {
                    Ok(packet) => Step::Reply(vec![packet]),
                    Err(e) => Step::Close(format!("could not answer SUBSCRIBE: {e}")),
                }
            }
            Inbound::Unsubscribe(unsubscribe) => {
                if unsubscribe.filters.is_empty() {
                    return Step::Refuse(
                        DisconnectReasonCode::ProtocolError,
                        "UNSUBSCRIBE without any filter".into(),
                    );
                }
                self.broker
                    .unsubscribe(self.key, self.conn_id, &unsubscribe.filters);
                match self
                    .wire
                    .unsuback(unsubscribe.pkid, unsubscribe.filters.len())
                {
                    Ok(packet) => Step::Reply(vec![packet]),
                    Err(e) => Step::Close(format!("could not answer UNSUBSCRIBE: {e}")),
                }
            }
            Inbound::Publish(publish) => self.handle_publish(publish),
        }
    }

    /// Encodes a cloud → device message, taking a free packet id for QoS 1; on MQTT 5 a QoS 1
    /// message waits while the client's Receive Maximum is reached.
    fn outbound(&mut self, message: Outbound) -> Option<Bytes> {
        if message.qos > 0 && self.inflight.len() >= self.receive_maximum {
            self.waiting.push_back(message);
            return None;
        }
        let (qos, id) = match message.qos {
            0 => (0, 0),
            _ => match self.next_packet_id() {
                Some(id) => (1, id),
                // 65,535 unacknowledged messages: the device is not acking; send at QoS 0.
                None => (0, 0),
            },
        };
        match self.wire.publish(&message, qos, id) {
            Ok(packet) => {
                if qos == 1 {
                    self.inflight.insert(id);
                }
                Some(packet)
            }
            Err(e) => {
                self.not_encoded(&message.topic, qos, &e);
                None
            }
        }
    }

    fn next_packet_id(&mut self) -> Option<u16> {
        for _ in 0..u16::MAX {
            self.last_packet_id = self.last_packet_id.checked_add(1).unwrap_or(1);
            if !self.inflight.contains(&self.last_packet_id) {
                return Some(self.last_packet_id);
            }
        }
        None
    }
}

/// The DISCONNECT reason code for a code number from the framer.
fn reason_code(code: u8) -> DisconnectReasonCode {
    use DisconnectReasonCode as D;
    match code {
        0x81 => D::MalformedPacket,
        0x95 => D::PacketTooLarge,
        0x84 | 0x82 => D::ProtocolError,
        _ => D::UnspecifiedError,
    }
}
