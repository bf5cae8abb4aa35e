//! A logged-in device: its packets in, cloud messages out, until it leaves, is kicked by a
//! second login, misses its keepalive or breaks a rule that closes the connection.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use mqtt_console::mqtt::check_topic;
use mqttbytes::QoS;
use tokio::sync::{mpsc, watch, Notify};
use tokio::time::{sleep_until, Instant};

use super::Transport;
use crate::broker::{Broker, Event, LogKind, OnlineHandle, Outbound};
use crate::clock::now_ms;
use crate::mqtt::{encode, Framer, Inbound};
use crate::registry::DeviceKey;
use crate::system;

/// Aliyun's limit on one message's payload.
pub const MAX_PAYLOAD: usize = 256 * 1024;

/// What handling one packet leads to.
enum Step {
    /// Send these packets (possibly none) and go on.
    Reply(Vec<Bytes>),
    /// Close the connection for this reason.
    Close(String),
}

/// The session state of one device connection.
pub struct DeviceSession<'a> {
    broker: &'a Arc<Broker>,
    key: &'a DeviceKey,
    conn_id: u64,
    last_packet_id: u16,
    /// Our QoS 1 publishes not yet acknowledged. Aliyun does not promise redelivery to a live
    /// connection, and neither do we; the set only keeps ids unique.
    inflight: HashSet<u16>,
}

impl<'a> DeviceSession<'a> {
    /// A session for `key`; nothing happens until [`DeviceSession::run`].
    pub fn new(broker: &'a Arc<Broker>, key: &'a DeviceKey) -> DeviceSession<'a> {
        DeviceSession {
            broker,
            key,
            conn_id: 0,
            last_packet_id: 0,
            inflight: HashSet::new(),
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
        } = self.broker.go_online(self.key, client_id, transport.kind());
        self.conn_id = conn_id;
        let reason = self
            .drive(
                transport,
                &mut framer,
                &mut outbox,
                &kick,
                keep_alive,
                shutdown,
            )
            .await;
        self.broker.go_offline(self.key, conn_id, &reason);
    }

    async fn drive<T: Transport>(
        &mut self,
        transport: &mut T,
        framer: &mut Framer,
        outbox: &mut mpsc::Receiver<Outbound>,
        kick: &Notify,
        keep_alive: u16,
        shutdown: &mut watch::Receiver<bool>,
    ) -> String {
        if let Err(e) = transport.send(encode::connack(0)).await {
            return format!("connection lost before CONNACK: {e}");
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
                    Err(e) => return format!("closed by the server: {e}"),
                };
                match self.handle(packet) {
                    Step::Reply(packets) => {
                        for packet in packets {
                            if let Err(e) = transport.send(packet).await {
                                return format!("connection error: {e}");
                            }
                        }
                    }
                    Step::Close(reason) => return reason,
                }
            }
            tokio::select! {
                r = transport.recv() => match r {
                    Ok(Some(bytes)) => {
                        framer.push(&bytes);
                        deadline = Instant::now() + idle;
                    }
                    Ok(None) => return "the connection closed without DISCONNECT".into(),
                    Err(e) => return format!("connection error: {e}"),
                },
                Some(message) = outbox.recv() => {
                    if let Some(packet) = self.encode_outbound(&message) {
                        if let Err(e) = transport.send(packet).await {
                            return format!("connection error: {e}");
                        }
                    }
                }
                _ = kick.notified() => return "kicked by a second login".into(),
                _ = sleep_until(deadline) => {
                    return format!("no packet for 1.5 × keepalive ({keep_alive} s)");
                }
                _ = shutdown.changed() => return "the emulator is shutting down".into(),
            }
        }
    }

    fn handle(&mut self, packet: Inbound) -> Step {
        match packet {
            Inbound::Connect(_) => Step::Close("a second CONNECT on one connection".into()),
            Inbound::PingReq => Step::Reply(vec![encode::pingresp()]),
            Inbound::Disconnect => Step::Close("the device sent DISCONNECT".into()),
            Inbound::PubAck(id) => {
                self.inflight.remove(&id);
                Step::Reply(Vec::new())
            }
            Inbound::Subscribe(subscribe) => {
                if subscribe.filters.is_empty() {
                    return Step::Close("SUBSCRIBE without any filter".into());
                }
                let filters: Vec<(String, u8)> = subscribe
                    .filters
                    .iter()
                    .map(|f| (f.path.clone(), f.qos as u8))
                    .collect();
                let outcomes = self.broker.subscribe(self.key, self.conn_id, &filters);
                match encode::suback(subscribe.pkid, &outcomes) {
                    Ok(packet) => Step::Reply(vec![packet]),
                    Err(e) => Step::Close(format!("could not answer SUBSCRIBE: {e}")),
                }
            }
            Inbound::Unsubscribe(unsubscribe) => {
                if unsubscribe.topics.is_empty() {
                    return Step::Close("UNSUBSCRIBE without any filter".into());
                }
                self.broker
                    .unsubscribe(self.key, self.conn_id, &unsubscribe.topics);
                Step::Reply(vec![encode::unsuback(unsubscribe.pkid)])
            }
            Inbound::Publish(publish) => self.handle_publish(publish),
        }
    }

    fn handle_publish(&mut self, publish: mqttbytes::v4::Publish) -> Step {
        let received_at = now_ms();
        let qos = publish.qos as u8;
        if publish.qos == QoS::ExactlyOnce {
            // Aliyun has no QoS 2 and drops such clients; we close and say why.
            self.broker.log(
                Event::new(LogKind::PublishDenied, Some(self.key))
                    .message(&publish.topic, &publish.payload, qos)
                    .detail("QoS 2 is not supported by Aliyun; connection closed"),
            );
            return Step::Close("PUBLISH with QoS 2".into());
        }
        if let Err(e) = check_topic(&publish.topic) {
            return Step::Close(format!("PUBLISH with an invalid topic: {e}"));
        }
        if publish.payload.len() > MAX_PAYLOAD {
            self.broker.log(
                Event::new(LogKind::PublishDenied, Some(self.key))
                    .topic(&publish.topic, Some(qos))
                    .detail(format!(
                        "payload of {} bytes is over Aliyun's 256 KB limit; connection closed",
                        publish.payload.len()
                    )),
            );
            return Step::Close("PUBLISH over 256 KB".into());
        }
        let verdict = self.broker.accept_publish(
            self.key,
            &publish.topic,
            &publish.payload,
            qos,
            publish.retain,
        );
        // A denied QoS 1 PUBLISH is still acknowledged: the message is dropped, the connection
        // stays, and the device does not resend it forever.
        let replies = if publish.qos == QoS::AtLeastOnce {
            vec![encode::puback(publish.pkid)]
        } else {
            Vec::new()
        };
        if verdict.is_ok() {
            system::handle_uplink(
                self.broker,
                self.key,
                &publish.topic,
                &publish.payload,
                received_at,
            );
        }
        Step::Reply(replies)
    }

    /// Encodes a cloud → device message, taking a free packet id for QoS 1.
    fn encode_outbound(&mut self, message: &Outbound) -> Option<Bytes> {
        let (qos, id) = match message.qos {
            0 => (0, 0),
            _ => match self.next_packet_id() {
                Some(id) => (1, id),
                // 65,535 unacknowledged messages: the device is not acking; send at QoS 0.
                None => (0, 0),
            },
        };
        match encode::publish(&message.topic, &message.payload, qos, id) {
            Ok(packet) => {
                if qos == 1 {
                    self.inflight.insert(id);
                }
                Some(packet)
            }
            Err(e) => {
                self.broker.log(
                    Event::new(LogKind::PublishDown, Some(self.key))
                        .topic(&message.topic, Some(qos))
                        .detail(format!("could not be encoded: {e}")),
                );
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
