//! The two ways MQTT reaches us: plain TCP and WebSocket binary frames. The connection logic
//! sees only chunks of bytes in and packets out.

use std::future::Future;
use std::io;

use bytes::{Bytes, BytesMut};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::WebSocketStream;

/// A byte pipe to one client.
pub trait Transport: Send {
    /// The next chunk from the client; `Ok(None)` once it closed. Cancel-safe: it may be raced
    /// against other events in `select!` without losing bytes.
    fn recv(&mut self) -> impl Future<Output = io::Result<Option<Bytes>>> + Send;
    /// Sends one whole packet.
    fn send(&mut self, packet: Bytes) -> impl Future<Output = io::Result<()>> + Send;
    /// Closes our side; errors are of no interest any more.
    fn close(&mut self) -> impl Future<Output = ()> + Send;
    /// `"tcp"` or `"websocket"`, for the log.
    fn kind(&self) -> &'static str;
}

/// MQTT over a TCP stream.
pub struct TcpTransport {
    stream: TcpStream,
    buf: BytesMut,
}

impl TcpTransport {
    /// Wraps an accepted stream.
    pub fn new(stream: TcpStream) -> TcpTransport {
        TcpTransport {
            stream,
            buf: BytesMut::with_capacity(8 * 1024),
        }
    }
}

impl Transport for TcpTransport {
    async fn recv(&mut self) -> io::Result<Option<Bytes>> {
        self.buf.reserve(8 * 1024);
        // `read_buf` is cancel-safe: nothing is read unless it completes.
        let n = self.stream.read_buf(&mut self.buf).await?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(self.buf.split().freeze()))
    }

    async fn send(&mut self, packet: Bytes) -> io::Result<()> {
        self.stream.write_all(&packet).await
    }

    async fn close(&mut self) {
        let _ = self.stream.shutdown().await;
    }

    fn kind(&self) -> &'static str {
        "tcp"
    }
}

/// MQTT over WebSocket: each MQTT packet we send is one binary frame; incoming packets may
/// span frames or share one.
pub struct WsTransport {
    ws: WebSocketStream<TcpStream>,
}

impl WsTransport {
    /// Wraps a stream whose handshake is done.
    pub fn new(ws: WebSocketStream<TcpStream>) -> WsTransport {
        WsTransport { ws }
    }
}

impl Transport for WsTransport {
    async fn recv(&mut self) -> io::Result<Option<Bytes>> {
        loop {
            // `next` is cancel-safe; tungstenite answers pings by itself.
            match self.ws.next().await {
                None => return Ok(None),
                Some(Ok(Message::Binary(bytes))) => return Ok(Some(bytes)),
                Some(Ok(Message::Close(_))) => return Ok(None),
                Some(Ok(Message::Text(_))) => {
                    // MQTT over WebSocket uses binary frames only [MQTT-6.0.0-1].
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "a text frame (MQTT over WebSocket uses binary frames)",
                    ));
                }
                Some(Ok(_)) => continue,
                Some(Err(WsError::ConnectionClosed | WsError::AlreadyClosed)) => return Ok(None),
                Some(Err(WsError::Io(e))) => return Err(e),
                Some(Err(e)) => return Err(io::Error::other(e.to_string())),
            }
        }
    }

    async fn send(&mut self, packet: Bytes) -> io::Result<()> {
        self.ws
            .send(Message::Binary(packet))
            .await
            .map_err(|e| io::Error::other(e.to_string()))
    }

    async fn close(&mut self) {
        let _ = self.ws.close(None).await;
    }

    fn kind(&self) -> &'static str {
        "websocket"
    }
}
