//! The soaking device: one MQTT 3.1.1 connection over TCP that posts Alink properties at a
//! fixed rate (QoS 1) and reads every PUBACK and every `post_reply`, so that a message the
//! emulator drops or answers wrongly is counted, never missed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::BytesMut;
use mqttbytes::v4::{self, Connect, Packet, Publish, Subscribe, SubscribeReasonCode};
use mqttbytes::QoS;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;

use super::process::Login;

/// The device's MQTT keepalive, seconds (Aliyun accepts 30 to 1200).
const KEEP_ALIVE: u16 = 60;
/// How long the handshake packets (CONNACK, SUBACK) may take.
const HANDSHAKE_LIMIT: Duration = Duration::from_secs(10);
/// The largest packet the device accepts from the emulator.
const MAX_PACKET: usize = 256 * 1024 + 1024;

/// What the device has seen so far; shared with the sampler and the report.
#[derive(Debug, Default)]
pub struct Tally {
    pub posted: AtomicU64,
    pub pubacks: AtomicU64,
    /// Replies with code 200 to an id we posted, each counted once.
    pub replies: AtomicU64,
    /// Replies to an id answered before, to an unknown id, or with another code.
    pub duplicate_replies: AtomicU64,
    pub bad_replies: AtomicU64,
    /// Which ids got their reply; index = id.
    answered: Mutex<Vec<bool>>,
}

impl Tally {
    /// Posted messages whose reply has not come (yet).
    pub fn unanswered(&self) -> u64 {
        let posted = self.posted.load(Ordering::Relaxed);
        posted.saturating_sub(self.replies.load(Ordering::Relaxed))
    }

    fn reply(&self, id: u64) {
        let mut answered = self.answered.lock().unwrap_or_else(|p| p.into_inner());
        let posted = self.posted.load(Ordering::Relaxed);
        let index = usize::try_from(id).unwrap_or(usize::MAX);
        if id == 0 || id > posted {
            self.bad_replies.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if answered.len() <= index {
            answered.resize(index + 1, false);
        }
        if answered[index] {
            self.duplicate_replies.fetch_add(1, Ordering::Relaxed);
        } else {
            answered[index] = true;
            self.replies.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The connected device: the write half for posting, the read half handed to [`read_replies`].
pub struct Device {
    writer: OwnedWriteHalf,
    reader: OwnedReadHalf,
    buffer: BytesMut,
    post_topic: String,
}

impl Device {
    /// Logs in with the banner's login, subscribes to the property-post replies (QoS 0, as
    /// Aliyun's SDKs do) and waits for the SUBACK.
    pub async fn connect(tcp: &str, login: &Login) -> Result<Device, String> {
        let stream = TcpStream::connect(tcp)
            .await
            .map_err(|e| format!("device: cannot reach the emulator at {tcp}: {e}"))?;
        stream
            .set_nodelay(true)
            .map_err(|e| format!("device: TCP_NODELAY: {e}"))?;
        let (reader, writer) = stream.into_split();
        let post_topic = format!(
            "/sys/{}/{}/thing/event/property/post",
            login.product_key, login.device_name
        );
        let mut device = Device {
            writer,
            reader,
            buffer: BytesMut::with_capacity(64 * 1024),
            post_topic,
        };
        let mut connect = Connect::new(login.client_id.clone());
        connect.keep_alive = KEEP_ALIVE;
        connect.set_login(login.username.clone(), login.password.clone());
        let mut buf = BytesMut::new();
        connect
            .write(&mut buf)
            .map_err(|e| format!("device: encode CONNECT: {e:?}"))?;
        device.send(&buf).await?;
        match device.handshake_packet().await? {
            Packet::ConnAck(ack) if ack.code == v4::ConnectReturnCode::Success => {}
            other => return Err(format!("device: login refused: {other:?}")),
        }
        let mut subscribe = Subscribe::new(format!("{}_reply", device.post_topic), QoS::AtMostOnce);
        subscribe.pkid = 1;
        let mut buf = BytesMut::new();
        subscribe
            .write(&mut buf)
            .map_err(|e| format!("device: encode SUBSCRIBE: {e:?}"))?;
        device.send(&buf).await?;
        match device.handshake_packet().await? {
            Packet::SubAck(ack)
                if matches!(ack.return_codes[..], [SubscribeReasonCode::Success(_)]) => {}
            other => return Err(format!("device: subscription refused: {other:?}")),
        }
        Ok(device)
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(|e| format!("device: write: {e}"))
    }

    async fn handshake_packet(&mut self) -> Result<Packet, String> {
        tokio::time::timeout(
            HANDSHAKE_LIMIT,
            next_packet(&mut self.reader, &mut self.buffer),
        )
        .await
        .map_err(|_| format!("device: no answer within {HANDSHAKE_LIMIT:?}"))?
    }

    /// Splits into the poster and the reader.
    pub fn split(self) -> (Poster, Replies) {
        (
            Poster {
                writer: self.writer,
                topic: self.post_topic,
                next_id: 1,
                packet_id: 0,
            },
            Replies {
                reader: self.reader,
                buffer: self.buffer,
            },
        )
    }
}

/// Posts properties.
pub struct Poster {
    writer: OwnedWriteHalf,
    topic: String,
    next_id: u64,
    packet_id: u16,
}

impl Poster {
    /// Posts `rate` messages a second until `total` were posted. Each payload is Alink JSON
    /// with the next id and values that change with it.
    pub async fn run(&mut self, rate: f64, total: u64, tally: &Tally) -> Result<(), String> {
        let period = Duration::from_secs_f64(1.0 / rate);
        let mut tick = tokio::time::interval(period);
        // A late tick is caught up, so the average rate holds.
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut buf = BytesMut::with_capacity(512);
        for _ in 0..total {
            tick.tick().await;
            let id = self.next_id;
            self.next_id += 1;
            self.packet_id = self.packet_id.checked_add(1).unwrap_or(1);
            let mut publish = Publish::new(self.topic.as_str(), QoS::AtLeastOnce, payload(id));
            publish.pkid = self.packet_id;
            buf.clear();
            publish
                .write(&mut buf)
                .map_err(|e| format!("device: encode PUBLISH: {e:?}"))?;
            // Counted before it is written: a reply can come back before write_all returns.
            tally.posted.fetch_add(1, Ordering::Relaxed);
            self.writer
                .write_all(&buf)
                .await
                .map_err(|e| format!("device: post #{id}: {e}"))?;
        }
        Ok(())
    }
}

/// `{"id":"N","version":"1.0","params":{…},"method":"thing.event.property.post"}` whose
/// values change with `id`, so the emulator's latest-values map is rewritten every time.
pub fn payload(id: u64) -> Vec<u8> {
    let temperature = 20.0 + (id % 200) as f64 / 10.0;
    let humidity = 30 + id % 50;
    format!(
        "{{\"id\":\"{id}\",\"version\":\"1.0\",\"params\":{{\"Temperature\":{temperature:.1},\"Humidity\":{humidity},\"Counter\":{id}}},\"method\":\"thing.event.property.post\"}}"
    )
    .into_bytes()
}

/// Reads the emulator's packets.
pub struct Replies {
    reader: OwnedReadHalf,
    buffer: BytesMut,
}

impl Replies {
    /// Counts PUBACKs and replies until the connection ends; returns why it ended.
    pub async fn run(mut self, tally: Arc<Tally>) -> String {
        loop {
            match next_packet(&mut self.reader, &mut self.buffer).await {
                Ok(Packet::PubAck(_)) => {
                    tally.pubacks.fetch_add(1, Ordering::Relaxed);
                }
                Ok(Packet::Publish(publish)) => match reply_id(&publish.payload) {
                    Some(id) => tally.reply(id),
                    None => {
                        tally.bad_replies.fetch_add(1, Ordering::Relaxed);
                    }
                },
                Ok(_) => {}
                Err(e) => return e,
            }
        }
    }
}

/// The id of a `{"code":200,"id":"N",…}` reply; `None` for anything else.
fn reply_id(payload: &[u8]) -> Option<u64> {
    let doc: serde_json::Value = serde_json::from_slice(payload).ok()?;
    if doc.get("code")?.as_u64()? != 200 {
        return None;
    }
    doc.get("id")?.as_str()?.parse().ok()
}

/// Reads until one whole packet is in `buffer`, then decodes it.
async fn next_packet(reader: &mut OwnedReadHalf, buffer: &mut BytesMut) -> Result<Packet, String> {
    loop {
        match v4::read(buffer, MAX_PACKET) {
            Ok(packet) => return Ok(packet),
            Err(mqttbytes::Error::InsufficientBytes(_)) => {}
            Err(e) => return Err(format!("device: bad packet from the emulator: {e:?}")),
        }
        match reader.read_buf(buffer).await {
            Ok(0) => return Err("device: the emulator closed the connection".to_string()),
            Ok(_) => {}
            Err(e) => return Err(format!("device: read: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_are_alink_json_with_changing_values() {
        let a: serde_json::Value = serde_json::from_slice(&payload(7)).unwrap();
        let b: serde_json::Value = serde_json::from_slice(&payload(8)).unwrap();
        assert_eq!(a["id"], "7");
        assert_eq!(a["method"], "thing.event.property.post");
        assert_ne!(a["params"], b["params"]);
    }

    #[test]
    fn replies_count_once_per_id() {
        let tally = Tally::default();
        tally.posted.store(3, Ordering::Relaxed);
        tally.reply(1);
        tally.reply(3);
        tally.reply(3);
        tally.reply(9);
        assert_eq!(tally.replies.load(Ordering::Relaxed), 2);
        assert_eq!(tally.duplicate_replies.load(Ordering::Relaxed), 1);
        assert_eq!(tally.bad_replies.load(Ordering::Relaxed), 1);
        assert_eq!(tally.unanswered(), 1);
        assert_eq!(reply_id(br#"{"code":200,"id":"5"}"#), Some(5));
        assert_eq!(reply_id(br#"{"code":460,"id":"5"}"#), None);
    }
}
