//! The fast publisher: one MQTT 3.1.1 connection over TCP that writes pre-encoded QoS 0
//! PUBLISH packets (topic `bench/load`, 100-byte payload) as fast as the socket takes them, or
//! at a fixed rate.

use std::time::Duration;

use bytes::BytesMut;
use mqttbytes::v4::{Connect, Publish};
use mqttbytes::QoS;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The topic of every load message.
pub const TOPIC: &str = "bench/load";
/// The payload size of every load message.
pub const PAYLOAD_BYTES: usize = 100;
/// Packets written per `write_all` when publishing as fast as possible.
const CHUNK: usize = 4096;

pub struct Publisher {
    stream: TcpStream,
    packet: Vec<u8>,
}

impl Publisher {
    /// Connects to the broker's TCP listener and waits for CONNACK 0.
    pub async fn connect(port: u16) -> Result<Publisher, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| format!("publisher: cannot reach mosquitto on TCP port {port}: {e}"))?;
        stream
            .set_nodelay(true)
            .map_err(|e| format!("publisher: TCP_NODELAY: {e}"))?;
        let mut connect = Connect::new(format!("bench-publisher-{}", std::process::id()));
        connect.keep_alive = 0;
        let mut buf = BytesMut::new();
        connect
            .write(&mut buf)
            .map_err(|e| format!("publisher: encode CONNECT: {e:?}"))?;
        stream
            .write_all(&buf)
            .await
            .map_err(|e| format!("publisher: send CONNECT: {e}"))?;
        let mut connack = [0u8; 4];
        tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut connack))
            .await
            .map_err(|_| "publisher: no CONNACK within 10 s".to_string())?
            .map_err(|e| format!("publisher: read CONNACK: {e}"))?;
        if connack[0] != 0x20 || connack[3] != 0 {
            return Err(format!("publisher: refused, CONNACK {connack:02x?}"));
        }
        let mut packet = BytesMut::new();
        Publish::new(TOPIC, QoS::AtMostOnce, vec![b'x'; PAYLOAD_BYTES])
            .write(&mut packet)
            .map_err(|e| format!("publisher: encode PUBLISH: {e:?}"))?;
        Ok(Publisher {
            stream,
            packet: packet.to_vec(),
        })
    }

    /// Publishes `n` messages as fast as the socket takes them.
    pub async fn blast(&mut self, n: usize) -> Result<(), String> {
        let chunk = self.packet.repeat(CHUNK.min(n.max(1)));
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            self.write(&chunk[..k * self.packet.len()]).await?;
            left -= k;
        }
        Ok(())
    }

    /// Publishes `per_second` messages a second for `seconds`, in 100 slices a second.
    pub async fn paced(&mut self, per_second: usize, seconds: u64) -> Result<(), String> {
        let per_slice = (per_second / 100).max(1);
        let slice = self.packet.repeat(per_slice);
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        for _ in 0..seconds * 100 {
            tick.tick().await;
            self.write(&slice).await?;
        }
        Ok(())
    }

    /// Publishes `per_second` messages a second for `seconds` on `topic`, in 100 slices a
    /// second, cycling through `payloads` (the chart stream of the codecs step).
    pub async fn paced_payloads(
        &mut self,
        topic: &str,
        payloads: &[Vec<u8>],
        per_second: usize,
        seconds: u64,
    ) -> Result<(), String> {
        let mut packets = Vec::with_capacity(payloads.len());
        for payload in payloads {
            let mut packet = BytesMut::new();
            Publish::new(topic, QoS::AtMostOnce, payload.clone())
                .write(&mut packet)
                .map_err(|e| format!("publisher: encode PUBLISH: {e:?}"))?;
            packets.push(packet.to_vec());
        }
        if packets.is_empty() {
            return Err("publisher: no payloads to publish".into());
        }
        let per_slice = (per_second / 100).max(1);
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut next = 0;
        let mut slice = Vec::new();
        for _ in 0..seconds * 100 {
            tick.tick().await;
            slice.clear();
            for _ in 0..per_slice {
                slice.extend_from_slice(&packets[next % packets.len()]);
                next += 1;
            }
            self.write(&slice).await?;
        }
        Ok(())
    }

    /// Messages sent per `paced` call.
    pub fn paced_total(per_second: usize, seconds: u64) -> usize {
        (per_second / 100).max(1) * (seconds as usize) * 100
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stream
            .write_all(bytes)
            .await
            .map_err(|e| format!("publisher: write to mosquitto: {e}"))
    }

    /// Sends DISCONNECT and closes the connection.
    pub async fn finish(mut self) {
        let _ = self.stream.write_all(&[0xe0, 0]).await;
        let _ = self.stream.shutdown().await;
    }
}

/// A publisher of QoS 1 messages at a steady rate, for the soak (`soak.rs`): every PUBLISH
/// carries its own packet id, and a reader counts the broker's PUBACKs, so a message the broker
/// never took is noticed.
pub struct Qos1Publisher {
    writer: tokio::net::tcp::OwnedWriteHalf,
    acked: std::sync::Arc<std::sync::atomic::AtomicU64>,
    sent: u64,
    next_id: u16,
    payload: Vec<u8>,
}

impl Publisher {
    /// Turns this connection into a QoS 1 publisher whose PUBACKs are counted.
    pub fn into_qos1(self) -> Qos1Publisher {
        let (mut reader, writer) = self.stream.into_split();
        let acked = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let count = acked.clone();
        tokio::spawn(async move {
            // PUBACK is always 4 bytes (0x40 0x02 id id); nothing else comes on this link.
            let mut buf = vec![0u8; 64 * 1024];
            let mut pending = 0usize;
            loop {
                match reader.read(&mut buf[pending..]).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        let have = pending + n;
                        let whole = have / 4;
                        count.fetch_add(whole as u64, std::sync::atomic::Ordering::Relaxed);
                        pending = have % 4;
                        buf.copy_within(whole * 4..have, 0);
                    }
                }
            }
        });
        Qos1Publisher {
            writer,
            acked,
            sent: 0,
            next_id: 1,
            payload: vec![b'x'; PAYLOAD_BYTES],
        }
    }
}

impl Qos1Publisher {
    /// Publishes `per_second` messages a second until `until`, in 100 slices a second (a rate
    /// that is not a multiple of 100 is spread over the slices).
    pub async fn paced_until(
        &mut self,
        per_second: f64,
        until: tokio::time::Instant,
    ) -> Result<(), String> {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut slices = 0u64;
        let mut buf = BytesMut::new();
        while tokio::time::Instant::now() < until {
            tick.tick().await;
            slices += 1;
            let due = (per_second * slices as f64 / 100.0).floor() as u64;
            buf.clear();
            while self.sent < due {
                let mut p = Publish::new(TOPIC, QoS::AtLeastOnce, self.payload.clone());
                p.pkid = self.next_id;
                self.next_id = self.next_id.checked_add(1).unwrap_or(1);
                p.write(&mut buf)
                    .map_err(|e| format!("publisher: encode PUBLISH: {e:?}"))?;
                self.sent += 1;
            }
            if !buf.is_empty() {
                self.writer
                    .write_all(&buf)
                    .await
                    .map_err(|e| format!("publisher: write to mosquitto: {e}"))?;
            }
        }
        Ok(())
    }

    /// Messages published so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    /// PUBACKs received so far.
    pub fn acked(&self) -> u64 {
        self.acked.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Waits up to `limit` for the PUBACK of every message, then sends DISCONNECT.
    pub async fn finish(mut self, limit: Duration) -> u64 {
        let deadline = tokio::time::Instant::now() + limit;
        while self.acked() < self.sent && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.writer.write_all(&[0xe0, 0]).await;
        let _ = self.writer.shutdown().await;
        self.acked()
    }
}
