//! Test helpers: an in-process emulator on port 0, a tiny HTTP client, and an MQTT client
//! built on the console's own sans-IO `Session` over TCP or WebSocket.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use aliyun_emulator::registry::{demo_registry, DEMO_DEVICE_SECRET};
use aliyun_emulator::{run, EmulatorConfig, RunningEmulator};
use futures_util::{SinkExt, StreamExt};
use mqtt_console::aliyun::{sign, SignMethod};
use mqtt_console::mqtt::{ConnectOptions, Event, Message, QoS, Session, SubscribeOutcome};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const PK: &str = "a1MqttDemo1";
pub const DN: &str = "console-demo";
pub const DN2: &str = "console-demo-2";
/// Long enough for any local round trip, short enough that a failing test ends quickly.
pub const WAIT: Duration = Duration::from_secs(5);
/// How long to watch for something that must NOT arrive.
pub const QUIET: Duration = Duration::from_millis(300);

pub struct Emu {
    pub running: RunningEmulator,
    pub ws: SocketAddr,
    pub tcp: SocketAddr,
    pub http: SocketAddr,
}

/// The demo registry with every listener on port 0.
pub async fn start() -> Emu {
    start_with(|_| {}).await
}

pub async fn start_with(change: impl FnOnce(&mut EmulatorConfig)) -> Emu {
    let mut config = EmulatorConfig::new(demo_registry().unwrap());
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
    config.ws = Some(any);
    config.tcp = Some(any);
    config.http = Some(any);
    change(&mut config);
    let running = run(config).await.unwrap();
    Emu {
        ws: running.ws.unwrap_or(any),
        tcp: running.tcp.unwrap_or(any),
        http: running.http.unwrap_or(any),
        running,
    }
}

// ---------------------------------------------------------------- HTTP

/// One HTTP/1.1 request with `Connection: close`; returns the status and the JSON body.
pub async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    // `GET /api/log` is sent in chunks (it is written while it goes out).
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    let json = serde_json::from_str(&body).unwrap_or(Value::Null);
    (status, json)
}

/// The body of a chunked HTTP/1.1 response.
fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

pub async fn get(addr: SocketAddr, path: &str) -> (u16, Value) {
    http(addr, "GET", path, None).await
}

pub async fn post(addr: SocketAddr, path: &str, body: Value) -> (u16, Value) {
    http(addr, "POST", path, Some(&body.to_string())).await
}

/// POSTs each body to `path` and checks the status and that the `error` names the reason.
pub async fn expect_errors(addr: SocketAddr, path: &str, cases: &[(Value, u16, &str)]) {
    for (body, status, reason) in cases {
        let (got, reply) = post(addr, path, body.clone()).await;
        assert_eq!(got, *status, "{body} → {reply}");
        let error = reply["error"].as_str().unwrap_or_default();
        assert!(error.contains(reason), "{body} → {reply}");
    }
}

/// Log entries of `kind` (optionally for one device).
pub async fn log_kind(addr: SocketAddr, kind: &str) -> Vec<Value> {
    let (_, body) = get(addr, "/api/log").await;
    body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .cloned()
        .collect()
}

// ---------------------------------------------------------------- credentials

/// A signed login of a demo device: client id `${id}|securemode=3,signmethod=hmacsha1|`.
pub fn device_options(device_name: &str, secret: &str, id: &str) -> ConnectOptions {
    let content = format!("clientId{id}deviceName{device_name}productKey{PK}");
    ConnectOptions {
        client_id: format!("{id}|securemode=3,signmethod=hmacsha1|"),
        username: Some(format!("{device_name}&{PK}")),
        password: Some(sign(SignMethod::HmacSha1, secret, &content)),
        keepalive_secs: 60,
        clean_session: true,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    }
}

pub fn demo_options() -> ConnectOptions {
    device_options(DN, DEMO_DEVICE_SECRET, "test-client")
}

// ---------------------------------------------------------------- MQTT client

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

enum Link {
    Tcp(TcpStream),
    Ws(Box<Ws>),
}

/// An MQTT client: the console's `Session` driven over a real socket.
pub struct Client {
    session: Session,
    link: Link,
    started: Instant,
    events: VecDeque<Event>,
    pub closed: bool,
}

impl Client {
    pub async fn tcp(addr: SocketAddr, options: ConnectOptions) -> (Client, Option<Event>) {
        let stream = TcpStream::connect(addr).await.unwrap();
        Client::start(Link::Tcp(stream), options).await
    }

    pub async fn ws(
        addr: SocketAddr,
        path: &str,
        options: ConnectOptions,
    ) -> (Client, Option<Event>) {
        let ws = ws_connect(addr, path, true).await.unwrap();
        Client::start(Link::Ws(Box::new(ws)), options).await
    }

    /// Sends CONNECT and waits for CONNACK: `Event::Connected` or `Event::Refused`.
    async fn start(link: Link, options: ConnectOptions) -> (Client, Option<Event>) {
        let mut client = Client {
            session: Session::new(options).unwrap(),
            link,
            started: Instant::now(),
            events: VecDeque::new(),
            closed: false,
        };
        let now = client.now();
        client.session.start(now);
        let ack = client
            .until(
                |e| matches!(e, Event::Connected { .. } | Event::Refused { .. }),
                WAIT,
            )
            .await;
        (client, ack)
    }

    /// Connects and asserts CONNACK 0.
    pub async fn connected_tcp(addr: SocketAddr, options: ConnectOptions) -> Client {
        let (client, ack) = Client::tcp(addr, options).await;
        assert!(matches!(ack, Some(Event::Connected { .. })), "{ack:?}");
        client
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    async fn flush(&mut self) {
        while let Some(bytes) = self.session.poll_transmit() {
            if self.send_raw(&bytes).await.is_err() {
                self.closed = true;
            }
        }
    }

    /// Sends bytes as they are (one WebSocket frame), bypassing the session.
    pub async fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.link {
            Link::Tcp(s) => s.write_all(bytes).await,
            Link::Ws(ws) => ws
                .send(WsMessage::Binary(bytes.to_vec().into()))
                .await
                .map_err(|e| std::io::Error::other(e.to_string())),
        }
    }

    async fn read(&mut self) -> Option<Vec<u8>> {
        match &mut self.link {
            Link::Tcp(s) => {
                let mut buf = vec![0u8; 64 * 1024];
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => None,
                    Ok(n) => Some(buf[..n].to_vec()),
                }
            }
            Link::Ws(ws) => loop {
                match ws.next().await {
                    Some(Ok(WsMessage::Binary(b))) => return Some(b.to_vec()),
                    Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return None,
                    Some(Ok(_)) => continue,
                }
            },
        }
    }

    /// Pumps the connection until an event matching `want` arrives (returned and removed from
    /// the queue), the link closes, or `limit` passes.
    pub async fn until(&mut self, want: impl Fn(&Event) -> bool, limit: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.flush().await;
            while let Some(event) = self.session.poll_event() {
                self.events.push_back(event);
            }
            if let Some(i) = self.events.iter().position(&want) {
                return self.events.remove(i);
            }
            if self.closed {
                return None;
            }
            match tokio::time::timeout_at(deadline, self.read()).await {
                Err(_) => return None,
                Ok(None) => {
                    self.closed = true;
                    self.session.connection_lost();
                }
                Ok(Some(bytes)) => {
                    let now = self.now();
                    if self.session.handle_bytes(&bytes, now).is_err() {
                        self.closed = true;
                    }
                }
            }
        }
    }

    pub async fn subscribe(&mut self, filter: &str, qos: QoS) -> SubscribeOutcome {
        let mut outcomes = self.subscribe_many(&[(filter, qos)]).await;
        outcomes.remove(0)
    }

    pub async fn subscribe_many(&mut self, filters: &[(&str, QoS)]) -> Vec<SubscribeOutcome> {
        let now = self.now();
        let id = self.session.subscribe_many(filters, now).unwrap();
        match self
            .until(
                |e| matches!(e, Event::SubAck { packet_id, .. } if *packet_id == id),
                WAIT,
            )
            .await
        {
            Some(Event::SubAck { outcomes, .. }) => outcomes,
            other => panic!("no SUBACK: {other:?}"),
        }
    }

    /// Publishes; QoS 1 waits for the PUBACK.
    pub async fn publish(&mut self, topic: &str, payload: &[u8], qos: QoS) {
        self.publish_retained(topic, payload, qos, false).await;
    }

    pub async fn publish_retained(&mut self, topic: &str, payload: &[u8], qos: QoS, retain: bool) {
        let now = self.now();
        let id = self
            .session
            .publish(topic, payload, qos, retain, now)
            .unwrap();
        match id {
            Some(id) => {
                let ack = self
                    .until(
                        |e| matches!(e, Event::PubAck { packet_id } if *packet_id == id),
                        WAIT,
                    )
                    .await;
                assert!(ack.is_some(), "no PUBACK for {topic}");
            }
            None => self.flush().await,
        }
    }

    /// The next message received (on any topic), waiting up to `limit`.
    pub async fn message(&mut self, limit: Duration) -> Option<Message> {
        match self.until(|e| matches!(e, Event::Received(_)), limit).await {
            Some(Event::Received(message)) => Some(message),
            _ => None,
        }
    }

    /// Waits until the server closes the link; true if it did within `limit`.
    pub async fn closed_within(&mut self, limit: Duration) -> bool {
        self.until(|_| false, limit).await;
        self.closed
    }

    pub async fn disconnect(mut self) {
        self.session.disconnect();
        self.flush().await;
    }
}

/// Opens a WebSocket; `mqtt_protocol` offers the `mqtt` subprotocol (tungstenite then insists
/// that the server selects it).
pub async fn ws_connect(
    addr: SocketAddr,
    path: &str,
    mqtt_protocol: bool,
) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{addr}{path}").into_client_request()?;
    if mqtt_protocol {
        request
            .headers_mut()
            .insert("Sec-WebSocket-Protocol", HeaderValue::from_static("mqtt"));
    }
    let (ws, response) = tokio_tungstenite::connect_async(request).await?;
    if mqtt_protocol {
        assert_eq!(
            response
                .headers()
                .get("Sec-WebSocket-Protocol")
                .map(|v| v.as_bytes()),
            Some(&b"mqtt"[..])
        );
    }
    Ok(ws)
}

/// Raw TCP for hand-made packets.
pub async fn raw_tcp(addr: SocketAddr, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// Reads until the server closes (or `WAIT` passes) and returns everything it sent.
pub async fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(WAIT, stream.read_to_end(&mut out)).await;
    out
}
