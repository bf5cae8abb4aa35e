//! A fake MQTT-over-WebSocket broker that misbehaves on purpose, for the fault tests. The
//! path of the WebSocket URL picks the behaviour (after the client's CONNECT):
//!
//! - `/close/{code}`: a close frame with that code (4000 and above with a reason text);
//! - `/drop`: the TCP connection dropped without a close frame (the browser reports 1006);
//! - `/raw/{name}`: bytes that break MQTT 3.1.1 (see [`malformed`]), or a text frame;
//! - `/pings`: a well-behaved broker that holds back its first PINGRESP until the test calls
//!   [`FakeBroker::release_pingresp`], and reports what it sees through [`FakeBroker::next`];
//! - `/silent`: a CONNACK in the client's protocol version, then nothing at all (a half-open
//!   link: the TCP connection stays up, the broker behind it is gone); reports the CONNECT and
//!   when the client closed;
//! - `/v5/disconnect`: an MQTT 5 CONNACK, then a DISCONNECT "session taken over" (0x8E) with a
//!   reason string;
//! - `/v5/bad-alias`: an MQTT 5 CONNACK, then a PUBLISH that uses topic alias 5, which was never
//!   set up; reports the reason code of the client's DISCONNECT.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// What the `/pings` broker saw, with the number of the connection (1 for the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    Connect(u32),
    PingReq(u32),
    Closed(u32),
    /// The client's DISCONNECT with its reason code (MQTT 5; `None` without one).
    Disconnect(u32, Option<u8>),
}

/// The reason string of the `/v5/disconnect` broker's DISCONNECT.
pub const TAKEN_OVER_REASON: &str = "another client logged in with this client id";

/// An MQTT 5 CONNACK: accepted, no session, no properties.
const CONNACK_V5: [u8; 5] = [0x20, 0x03, 0x00, 0x00, 0x00];

/// The protocol level byte of a CONNECT (4 = MQTT 3.1.1, 5 = MQTT 5).
fn protocol_level(connect: &[u8]) -> Option<u8> {
    let mut i = 1;
    while connect.get(i)? & 0x80 != 0 {
        i += 1;
    }
    // Remaining length, then the protocol name "MQTT" (2 + 4 bytes), then the level.
    connect.get(i + 1 + 6).copied()
}

/// An MQTT 5 DISCONNECT with `code` and a reason string property (0x1F).
fn disconnect_v5(code: u8, reason: &str) -> Vec<u8> {
    let mut props = vec![0x1F];
    props.extend_from_slice(&(reason.len() as u16).to_be_bytes());
    props.extend_from_slice(reason.as_bytes());
    let mut body = vec![code, props.len() as u8];
    body.extend_from_slice(&props);
    let mut packet = vec![0xE0, body.len() as u8];
    packet.extend_from_slice(&body);
    packet
}

pub struct FakeBroker {
    pub port: u16,
    seen: tokio::sync::Mutex<mpsc::UnboundedReceiver<Seen>>,
    release: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

/// The bytes each `/raw/{name}` sends after the client's CONNECT, as separate binary frames.
pub fn malformed(name: &str) -> Option<Vec<Vec<u8>>> {
    Some(match name {
        // Five length bytes, all with the continuation bit but the last: at most four allowed.
        "remaining-length" => vec![vec![0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]],
        // Packet type 15 is reserved in MQTT 3.1.1 (it is AUTH in MQTT 5).
        "reserved-type" => vec![vec![0xF0, 0x00]],
        // CONNACK return codes stop at 5.
        "connack-code" => vec![vec![0x20, 0x02, 0x00, 0x06]],
        // Accepted, then a PUBLISH whose topic is 0xC3 0x28: not UTF-8.
        "publish-utf8" => vec![
            vec![0x20, 0x02, 0x00, 0x00],
            vec![0x30, 0x06, 0x00, 0x02, 0xC3, 0x28, b'h', b'i'],
        ],
        _ => return None,
    })
}

impl FakeBroker {
    pub async fn start() -> FakeBroker {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake broker");
        let port = listener.local_addr().expect("fake broker address").port();
        let (tx, rx) = mpsc::unbounded_channel();
        let release = Arc::new(Notify::new());
        let gate = release.clone();
        let task = tokio::spawn(async move {
            let mut count = 0u32;
            while let Ok((tcp, _)) = listener.accept().await {
                count += 1;
                tokio::spawn(serve(tcp, count, tx.clone(), gate.clone()));
            }
        });
        FakeBroker {
            port,
            seen: tokio::sync::Mutex::new(rx),
            release,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.port)
    }

    /// The next thing the `/pings` broker saw; fails the test after `secs` without any.
    pub async fn next(&self, secs: u64, what: &str) -> Seen {
        let mut rx = self.seen.lock().await;
        match tokio::time::timeout(Duration::from_secs(secs), rx.recv()).await {
            Ok(Some(seen)) => seen,
            Ok(None) => panic!("the fake broker stopped while waiting for {what}"),
            Err(_) => panic!("the fake broker saw nothing for {secs} s while waiting for {what}"),
        }
    }

    /// Lets the `/pings` broker answer the PINGREQ it is holding.
    pub fn release_pingresp(&self) {
        self.release.notify_one();
    }
}

impl Drop for FakeBroker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(tcp: TcpStream, conn: u32, seen: mpsc::UnboundedSender<Seen>, gate: Arc<Notify>) {
    let path = Arc::new(Mutex::new(String::new()));
    let record = path.clone();
    // The callback's signature is tungstenite's, large error type included.
    #[allow(clippy::result_large_err)]
    let handshake = move |req: &Request, mut resp: Response| -> Result<Response, ErrorResponse> {
        if let Ok(mut p) = record.lock() {
            *p = req.uri().path().to_owned();
        }
        // Browsers drop a link whose server does not confirm the subprotocol they asked for.
        resp.headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("mqtt"));
        Ok(resp)
    };
    let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(tcp, handshake).await else {
        return;
    };
    let path = path.lock().map(|p| p.clone()).unwrap_or_default();
    // Every behaviour starts after the client's CONNECT.
    let Some(connect) = next_binary(&mut ws).await else {
        return;
    };
    if let Some(code) = path.strip_prefix("/close/") {
        let Ok(code) = code.parse::<u16>() else {
            return;
        };
        let reason = if code >= 4000 {
            format!("fake broker closes with {code}")
        } else {
            String::new()
        };
        let frame = CloseFrame {
            code: CloseCode::from(code),
            reason: reason.into(),
        };
        let _ = ws.send(Message::Close(Some(frame))).await;
        drain(&mut ws).await;
    } else if path == "/drop" {
        drop(ws);
    } else if path == "/raw/text" {
        let _ = ws.send(Message::Text("this is not MQTT".into())).await;
        drain(&mut ws).await;
    } else if let Some(frames) = path.strip_prefix("/raw/").and_then(malformed) {
        for frame in frames {
            let _ = ws.send(Message::Binary(frame.into())).await;
        }
        drain(&mut ws).await;
    } else if path == "/pings" {
        let _ = seen.send(Seen::Connect(conn));
        let _ = ws
            .send(Message::Binary(vec![0x20, 0x02, 0x00, 0x00].into()))
            .await;
        let mut held = false;
        while let Some(packet) = next_binary(&mut ws).await {
            match packet.first().map(|b| b >> 4) {
                Some(12) => {
                    let _ = seen.send(Seen::PingReq(conn));
                    if !held {
                        held = true;
                        gate.notified().await;
                    }
                    let _ = ws.send(Message::Binary(vec![0xD0, 0x00].into())).await;
                }
                Some(8) => {
                    // SUBSCRIBE: grant QoS 0 to its one filter.
                    if let Some(id) = subscribe_packet_id(&packet) {
                        let suback = vec![0x90, 0x03, id[0], id[1], 0x00];
                        let _ = ws.send(Message::Binary(suback.into())).await;
                    }
                }
                Some(14) => break,
                _ => {}
            }
        }
        let _ = seen.send(Seen::Closed(conn));
    } else if path == "/silent" {
        let _ = seen.send(Seen::Connect(conn));
        let connack = if protocol_level(&connect) == Some(5) {
            CONNACK_V5.to_vec()
        } else {
            vec![0x20, 0x02, 0x00, 0x00]
        };
        let _ = ws.send(Message::Binary(connack.into())).await;
        // Read (and ignore) whatever comes, answer nothing, until the client gives up.
        while next_binary(&mut ws).await.is_some() {}
        let _ = seen.send(Seen::Closed(conn));
    } else if path == "/v5/disconnect" {
        let _ = ws.send(Message::Binary(CONNACK_V5.to_vec().into())).await;
        let packet = disconnect_v5(0x8E, TAKEN_OVER_REASON);
        let _ = ws.send(Message::Binary(packet.into())).await;
        drain(&mut ws).await;
    } else if path == "/v5/bad-alias" {
        let _ = seen.send(Seen::Connect(conn));
        let _ = ws.send(Message::Binary(CONNACK_V5.to_vec().into())).await;
        // PUBLISH QoS 0, empty topic, properties: topic alias (0x23) = 5, payload "hi".
        let publish = vec![0x30, 0x08, 0x00, 0x00, 0x03, 0x23, 0x00, 0x05, b'h', b'i'];
        let _ = ws.send(Message::Binary(publish.into())).await;
        while let Some(packet) = next_binary(&mut ws).await {
            if packet.first().map(|b| b >> 4) == Some(14) {
                let _ = seen.send(Seen::Disconnect(conn, packet.get(2).copied()));
                break;
            }
        }
        let _ = seen.send(Seen::Closed(conn));
    }
}

/// The packet id of a SUBSCRIBE: after the fixed header's variable-length remaining length.
fn subscribe_packet_id(packet: &[u8]) -> Option<[u8; 2]> {
    let mut i = 1;
    while packet.get(i)? & 0x80 != 0 {
        i += 1;
    }
    Some([*packet.get(i + 1)?, *packet.get(i + 2)?])
}

/// The next binary frame, or `None` once the client closed or the link broke.
async fn next_binary(ws: &mut WebSocketStream<TcpStream>) -> Option<Vec<u8>> {
    loop {
        match ws.next().await? {
            Ok(Message::Binary(bytes)) => return Some(bytes.to_vec()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Reads until the client goes away, so the closing handshake can complete.
async fn drain(ws: &mut WebSocketStream<TcpStream>) {
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
}
