//! Accept loops: MQTT over plain TCP and over WebSocket (paths `/` and `/mqtt`, subprotocol
//! `mqtt` answered when offered).

use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};

use crate::broker::Broker;
use crate::connection::{self, TcpTransport, WsTransport};

/// How long a WebSocket upgrade may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The WebSocket paths MQTT is served on: the JS SDK uses `/`, instance hosts `/mqtt`.
pub const WS_PATHS: [&str; 2] = ["/", "/mqtt"];

/// Accepts MQTT over TCP until `shutdown` turns true.
pub async fn serve_tcp(
    listener: TcpListener,
    broker: Arc<Broker>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                // Accept errors (e.g. too many open files) concern one client, not the listener.
                if let Ok((stream, _)) = accepted {
                    let _ = stream.set_nodelay(true);
                    let transport = TcpTransport::new(stream);
                    tokio::spawn(connection::serve(broker.clone(), transport, shutdown.clone()));
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}

/// Accepts MQTT over WebSocket until `shutdown` turns true.
pub async fn serve_ws(
    listener: TcpListener,
    broker: Arc<Broker>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(upgrade(stream, broker.clone(), shutdown.clone()));
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}

async fn upgrade(stream: TcpStream, broker: Arc<Broker>, shutdown: watch::Receiver<bool>) {
    let handshake = tokio_tungstenite::accept_hdr_async(stream, check_request);
    // A failed or slow handshake (wrong path, plain HTTP) concerns only that client.
    if let Ok(Ok(ws)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake).await {
        connection::serve(broker, WsTransport::new(ws), shutdown).await;
    }
}

/// Refuses unknown paths with 404 and selects the `mqtt` subprotocol when the client offers it.
// The signature is tungstenite's callback type; its error type is not ours to shrink.
#[allow(clippy::result_large_err)]
fn check_request(request: &Request, mut response: Response) -> Result<Response, ErrorResponse> {
    let path = request.uri().path();
    if !WS_PATHS.contains(&path) {
        let mut refusal = ErrorResponse::new(Some(format!(
            "no MQTT endpoint at {path}; use / or /mqtt\n"
        )));
        *refusal.status_mut() = StatusCode::NOT_FOUND;
        return Err(refusal);
    }
    if offers_mqtt(request) {
        response
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("mqtt"));
    }
    Ok(response)
}

fn offers_mqtt(request: &Request) -> bool {
    request
        .headers()
        .get_all("Sec-WebSocket-Protocol")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case("mqtt"))
}
