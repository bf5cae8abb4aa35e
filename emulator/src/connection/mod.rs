//! One client connection, from the first byte to the close: CONNECT and authentication here,
//! then either a device session or a registration exchange.

mod registration;
mod session;
pub mod transport;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::auth::{code, ConnectRequest, Login};
use crate::broker::{Broker, Event, LogKind};
use crate::mqtt::{encode, FrameError, Framer, Inbound};
pub use transport::{TcpTransport, Transport, WsTransport};

/// How long a new connection may take to send CONNECT.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the first packet did not arrive as a CONNECT we can answer.
enum First {
    /// MQTT 3.1 or 5: CONNACK 1.
    Protocol(String),
    /// Anything else (closed, timed out, garbage, a packet other than CONNECT): just close, as
    /// MQTT requires when there is no valid CONNECT to answer.
    Hopeless,
}

/// Serves one connection until it ends. `shutdown` turns true when the emulator stops.
pub async fn serve<T: Transport>(
    broker: Arc<Broker>,
    mut transport: T,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut framer = Framer::new();
    let first = tokio::select! {
        r = tokio::time::timeout(CONNECT_TIMEOUT, first_packet(&mut transport, &mut framer)) => {
            r.unwrap_or(Err(First::Hopeless))
        }
        _ = shutdown.changed() => Err(First::Hopeless),
    };
    let connect = match first {
        Ok(connect) => connect,
        Err(First::Protocol(what)) => {
            broker.log(
                Event::new(LogKind::ConnectRefused, None)
                    .detail(format!("CONNACK {}: {what}", code::BAD_PROTOCOL)),
            );
            let _ = transport.send(encode::connack(code::BAD_PROTOCOL)).await;
            transport.close().await;
            return;
        }
        Err(First::Hopeless) => {
            transport.close().await;
            return;
        }
    };
    let login = connect.login.as_ref();
    let request = ConnectRequest {
        client_id: &connect.client_id,
        username: login.map(|l| l.username.as_str()).filter(|u| !u.is_empty()),
        password: login.map(|l| l.password.as_str()).filter(|p| !p.is_empty()),
        keep_alive: connect.keep_alive,
    };
    let outcome = if connect.last_will.is_some() {
        Err(crate::auth::Refusal::parameters(
            "will messages are not supported by Aliyun",
        ))
    } else {
        broker.authenticate(&request)
    };
    match outcome {
        Err(refusal) => {
            broker.log(
                Event::new(LogKind::ConnectRefused, refusal.key.as_ref()).detail(format!(
                    "CONNACK {}: {} (client id {:?})",
                    refusal.code, refusal.reason, connect.client_id
                )),
            );
            let _ = transport.send(encode::connack(refusal.code)).await;
            transport.close().await;
        }
        Ok(Login::Device { key, client_id }) => {
            let session = session::DeviceSession::new(&broker, &key);
            session
                .run(
                    &mut transport,
                    framer,
                    &client_id,
                    connect.keep_alive,
                    &mut shutdown,
                )
                .await;
            transport.close().await;
        }
        Ok(Login::Registration {
            key,
            client_id,
            reply,
        }) => {
            registration::run(
                &broker,
                &mut transport,
                framer,
                &key,
                &client_id,
                &reply,
                &mut shutdown,
            )
            .await;
            transport.close().await;
        }
    }
}

/// Reads until the first whole packet, which must be CONNECT.
async fn first_packet<T: Transport>(
    transport: &mut T,
    framer: &mut Framer,
) -> Result<mqttbytes::v4::Connect, First> {
    loop {
        match framer.next_packet() {
            Ok(Some(Inbound::Connect(connect))) => return Ok(connect),
            Ok(Some(_)) => return Err(First::Hopeless),
            Ok(None) => {}
            Err(FrameError::ProtocolVersion(what)) => return Err(First::Protocol(what)),
            Err(_) => return Err(First::Hopeless),
        }
        match transport.recv().await {
            Ok(Some(bytes)) => framer.push(&bytes),
            _ => return Err(First::Hopeless),
        }
    }
}
