//! A dynamic registration connection: CONNACK 0, the reply pushed without any SUBSCRIBE, then
//! nothing but PINGREQ until the device leaves or the server closes (Aliyun: after ~15 s).

use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};

use super::wire::Wire;
use super::Transport;
use crate::auth::RegistrationReply;
use crate::broker::{Broker, Event, LogKind, Outbound};
use crate::mqtt::{encode, Connect, Framer, Inbound, MessageProperties};
use crate::registry::DeviceKey;

/// Serves a registration connection until it ends. Over MQTT 5 (a guess: Aliyun documents
/// registration over 3.1.1 only) the CONNACK and the push are MQTT 5 packets; the version lock
/// is not set by a registration.
#[allow(clippy::too_many_arguments)]
pub async fn run<T: Transport>(
    broker: &Arc<Broker>,
    transport: &mut T,
    mut framer: Framer,
    key: &DeviceKey,
    client_id: &str,
    reply: &RegistrationReply,
    connect: &Connect,
    shutdown: &mut watch::Receiver<bool>,
) {
    let what = if reply.topic == mqtt_console::aliyun::REGNWL_TOPIC {
        "issued a device token (regnwl)"
    } else {
        "issued a new DeviceSecret (register)"
    };
    broker.log(
        Event::new(LogKind::Register, Some(key))
            .message(&reply.topic, &reply.payload, 0)
            .protocol(connect.version)
            .detail(format!("clientId {client_id:?}: {what}")),
    );
    let wire = Wire::new(connect.version, &connect.properties);
    let reason = exchange(
        broker,
        transport,
        &mut framer,
        reply,
        (wire, connect.keep_alive),
        shutdown,
    )
    .await;
    broker.log(
        Event::new(LogKind::Disconnect, Some(key))
            .detail(format!("registration connection ended: {reason}")),
    );
}

async fn exchange<T: Transport>(
    broker: &Broker,
    transport: &mut T,
    framer: &mut Framer,
    reply: &RegistrationReply,
    (wire, keep_alive): (Wire, u16),
    shutdown: &mut watch::Receiver<bool>,
) -> String {
    let message = Outbound {
        topic: reply.topic.clone(),
        payload: reply.payload.clone().into(),
        qos: 0,
        retain: false,
        properties: MessageProperties::default(),
    };
    let push = match wire.publish(&message, 0, 0) {
        Ok(packet) => packet,
        Err(e) => return format!("could not encode the reply: {e}"),
    };
    let connack = match wire.connack_accepted(keep_alive) {
        Ok(packet) => packet,
        Err(e) => return format!("could not encode CONNACK: {e}"),
    };
    for packet in [connack, push] {
        if let Err(e) = transport.send(packet).await {
            return format!("connection error: {e}");
        }
    }
    let close_ms = broker.register_close().as_millis();
    let deadline = Instant::now() + broker.register_close();
    loop {
        loop {
            match framer.next_packet() {
                Ok(None) => break,
                Ok(Some(Inbound::PingReq)) => {
                    if let Err(e) = transport.send(encode::pingresp()).await {
                        return format!("connection error: {e}");
                    }
                }
                Ok(Some(Inbound::Disconnect(_))) => return "the device sent DISCONNECT".into(),
                Ok(Some(Inbound::Connect(_))) => return "a second CONNECT".into(),
                // A registration connection accepts nothing else; such packets go unanswered.
                Ok(Some(_)) => {}
                Err(e) => return format!("closed by the server: {e}"),
            }
        }
        tokio::select! {
            r = transport.recv() => match r {
                Ok(Some(bytes)) => framer.push(&bytes),
                Ok(None) => return "the device closed the connection".into(),
                Err(e) => return format!("connection error: {e}"),
            },
            _ = sleep_until(deadline) => return format!("closed by the server after {close_ms} ms"),
            _ = shutdown.changed() => return "the emulator is shutting down".into(),
        }
    }
}
