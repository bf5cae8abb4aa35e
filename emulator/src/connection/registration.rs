//! A dynamic registration connection: CONNACK 0, the reply pushed without any SUBSCRIBE, then
//! nothing but PINGREQ until the device leaves or the server closes (Aliyun: after ~15 s).

use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};

use super::Transport;
use crate::auth::RegistrationReply;
use crate::broker::{Broker, Event, LogKind};
use crate::mqtt::{encode, Framer, Inbound};
use crate::registry::DeviceKey;

/// Serves a registration connection until it ends.
pub async fn run<T: Transport>(
    broker: &Arc<Broker>,
    transport: &mut T,
    mut framer: Framer,
    key: &DeviceKey,
    client_id: &str,
    reply: &RegistrationReply,
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
            .detail(format!("clientId {client_id:?}: {what}")),
    );
    let reason = exchange(broker, transport, &mut framer, reply, shutdown).await;
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
    shutdown: &mut watch::Receiver<bool>,
) -> String {
    let push = match encode::publish(&reply.topic, &reply.payload, 0, 0) {
        Ok(packet) => packet,
        Err(e) => return format!("could not encode the reply: {e}"),
    };
    for packet in [encode::connack(0), push] {
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
                Ok(Some(Inbound::Disconnect)) => return "the device sent DISCONNECT".into(),
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
