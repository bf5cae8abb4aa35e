//! One client connection, from the first byte to the close: CONNECT and authentication here,
//! then either a device session or a registration exchange.

mod registration;
mod session;
pub mod transport;
mod uplink;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use mqtt_console::aliyun::{user_properties_allowed, MAX_USER_PROPERTIES};

use crate::auth::{code, ConnectRequest, Login, Refusal};
use crate::broker::{Broker, Event, LogKind};
use crate::mqtt::{encode, encode5, Connect, FrameError, Framer, Inbound, Version};
pub use transport::{TcpTransport, Transport, WsTransport};

/// How long a new connection may take to send CONNECT.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the first packet did not arrive as a CONNECT we can answer.
enum First {
    /// MQTT 3.1 or another level: CONNACK 1.
    Protocol(String),
    /// An MQTT 5 CONNECT that breaks a rule: CONNACK with the error's reason code (0x81 or
    /// 0x82) and a reason string, then close.
    Broken5(FrameError),
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
        Err(First::Broken5(e)) => {
            let code = e.reason_code();
            broker.log(
                Event::new(LogKind::ConnectRefused, None)
                    .protocol(Version::V5)
                    .detail(format!("CONNACK {code:#04x}: {e}")),
            );
            let _ = transport
                .send(encode5::connack_refused(code, &e.to_string()))
                .await;
            transport.close().await;
            return;
        }
        Err(First::Hopeless) => {
            transport.close().await;
            return;
        }
    };
    let request = ConnectRequest {
        client_id: &connect.client_id,
        username: connect.username.as_deref().filter(|u| !u.is_empty()),
        password: connect.password.as_deref().filter(|p| !p.is_empty()),
        keep_alive: connect.keep_alive,
    };
    let version = connect.version;
    let outcome = match precheck(&connect) {
        Err(refusal) => Err(refusal),
        Ok(()) => broker.authenticate(&request, version),
    };
    match outcome {
        Err(refusal) => {
            let (shown, packet) = match version {
                Version::V4 => (refusal.code.to_string(), encode::connack(refusal.code)),
                Version::V5 => (
                    format!("{:#04x}", refusal.code5),
                    encode5::connack_refused(refusal.code5, &refusal.reason),
                ),
            };
            broker.log(
                Event::new(LogKind::ConnectRefused, refusal.key.as_ref())
                    .protocol(version)
                    .detail(format!(
                        "CONNACK {shown}: {} (client id {:?})",
                        refusal.reason, connect.client_id
                    )),
            );
            let _ = transport.send(packet).await;
            transport.close().await;
        }
        Ok(Login::Device { key, client_id }) => {
            let session = session::DeviceSession::new(&broker, &key, &connect);
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
                &connect,
                &mut shutdown,
            )
            .await;
            transport.close().await;
        }
    }
}

/// What refuses a CONNECT before its credentials are looked at: a will (Aliyun has none),
/// and on MQTT 5 enhanced authentication and more than 20 user properties.
fn precheck(connect: &Connect) -> Result<(), Refusal> {
    if connect.has_will {
        return Err(Refusal::parameters(
            "will messages are not supported by Aliyun",
        ));
    }
    let props = &connect.properties;
    if let Some(method) = &props.authentication_method {
        return Err(Refusal::with_codes(
            code::BAD_PARAMETERS,
            code::V5_BAD_AUTH_METHOD,
            None,
            format!("authentication method {method:?}: Aliyun offers no enhanced authentication"),
        ));
    }
    let count = props.user_properties.len();
    if !user_properties_allowed(count) {
        return Err(Refusal::with_codes(
            code::BAD_PARAMETERS,
            code::V5_QUOTA_EXCEEDED,
            None,
            format!("{count} user properties, over Aliyun's limit of {MAX_USER_PROPERTIES}"),
        ));
    }
    Ok(())
}

/// Reads until the first whole packet, which must be CONNECT.
async fn first_packet<T: Transport>(
    transport: &mut T,
    framer: &mut Framer,
) -> Result<Connect, First> {
    loop {
        match framer.next_packet() {
            Ok(Some(Inbound::Connect(connect))) => return Ok(connect),
            Ok(Some(_)) => return Err(First::Hopeless),
            Ok(None) => {}
            Err(FrameError::ProtocolVersion(what)) => return Err(First::Protocol(what)),
            // The framer takes the version from the CONNECT's header before its body is read.
            Err(e) if framer.version() == Some(Version::V5) => return Err(First::Broken5(e)),
            Err(_) => return Err(First::Hopeless),
        }
        match transport.recv().await {
            Ok(Some(bytes)) => framer.push(&bytes),
            _ => return Err(First::Hopeless),
        }
    }
}
