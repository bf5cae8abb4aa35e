//! What the MQTT 5 end-to-end tests need beside the rest of `support`: an independent MQTT 5
//! client (mosquitto's own command-line clients, not our code) that prints every property it
//! receives, and readers for what the console shows of MQTT 5 (its capabilities panel, the
//! properties of a message, the PUBLISH packets its WebSocket sent).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{tool, Browser, Mosquitto, TestResult};

/// The `-F` format of [`Subscriber`]: one line per message, fields separated by tabs (none of
/// the tests' values holds a tab). `%P` prints the user properties in order as `key:value`
/// separated by spaces; `%E` is the message expiry left when the broker sent it.
const FORMAT: &str = r"%t\t%p\t%P\t%C\t%R\t%D\t%E\t%F\t%q\t%r";

/// One message as the independent client received it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Received {
    pub topic: String,
    pub payload: String,
    /// User properties in the order they came, names repeated as sent.
    pub user_properties: Vec<(String, String)>,
    pub content_type: String,
    pub response_topic: String,
    /// Correlation data as printed (the tests send text).
    pub correlation_data: String,
    /// Message expiry interval left, in seconds; `None` when the message had none.
    pub message_expiry: Option<u32>,
    /// Payload format indicator as printed (`1` = UTF-8); empty when absent.
    pub payload_format: String,
    pub qos: String,
    pub retained: bool,
}

impl Received {
    /// One line of [`FORMAT`].
    pub fn parse(line: &str) -> Received {
        let f: Vec<&str> = line.split('\t').collect();
        let at = |i: usize| f.get(i).copied().unwrap_or("").to_owned();
        Received {
            topic: at(0),
            payload: at(1),
            user_properties: at(2)
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(|p| match p.split_once(':') {
                    Some((k, v)) => (k.to_owned(), v.to_owned()),
                    None => (p.to_owned(), String::new()),
                })
                .collect(),
            content_type: at(3),
            response_topic: at(4),
            correlation_data: at(5),
            message_expiry: at(6).parse().ok(),
            payload_format: at(7),
            qos: at(8),
            retained: at(9) == "1",
        }
    }
}

/// `mosquitto_sub -V mqttv5` on some filters, printing every property of every message; killed
/// on drop.
pub struct Subscriber {
    child: Child,
    /// Each line with the moment the reader thread read it.
    lines: mpsc::Receiver<(Instant, String)>,
    /// Messages read while waiting for another topic, oldest first.
    backlog: Vec<(Instant, Received)>,
    probe: String,
    /// When the message [`Subscriber::wait`] returned last was read.
    arrived: Option<Instant>,
}

impl Subscriber {
    /// Subscribes to `filters` (QoS 1) over MQTT 5 on the broker's TCP listener and returns once
    /// the subscription is in place: a probe message on a topic of its own has come back.
    pub fn start(broker: &Mosquitto, filters: &[&str]) -> Subscriber {
        let probe = format!("e2e-probe/{}/{}", std::process::id(), super::free_port());
        let mut command = Command::new(tool("mosquitto_sub", "MOSQUITTO_SUB", "/usr/bin"));
        command.args([
            "-V",
            "mqttv5",
            "-h",
            "127.0.0.1",
            "-p",
            &broker.tcp_port.to_string(),
            "-q",
            "1",
            "-F",
            FORMAT,
            "-t",
            &probe,
        ]);
        for filter in filters {
            command.args(["-t", filter]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mosquitto_sub");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    return;
                }
            }
        });
        let mut sub = Subscriber {
            child,
            lines,
            backlog: Vec::new(),
            probe,
            arrived: None,
        };
        // mosquitto_sub says nothing when its SUBACK came; a message it prints does.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            broker.publish(&sub.probe, "probe");
            if sub
                .wait(&sub.probe.clone(), Duration::from_millis(300))
                .is_some()
            {
                return sub;
            }
        }
        panic!("mosquitto_sub never received its probe on {}", sub.probe);
    }

    /// The next message on `topic` within `limit`; messages on other topics stay for a later
    /// call.
    pub fn wait(&mut self, topic: &str, limit: Duration) -> Option<Received> {
        if let Some(i) = self.backlog.iter().position(|(_, r)| r.topic == topic) {
            let (at, got) = self.backlog.remove(i);
            self.arrived = Some(at);
            return Some(got);
        }
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, line) = self.lines.recv_timeout(left).ok()?;
            let got = Received::parse(&line);
            if got.topic == topic {
                self.arrived = Some(at);
                return Some(got);
            }
            self.backlog.push((at, got));
        }
    }

    /// When the message the last [`Subscriber::wait`] returned reached this client (read off
    /// its output), independent of when the test asked for it.
    pub fn arrived(&self) -> Option<Instant> {
        self.arrived
    }

    /// Like [`Subscriber::wait`], failing the test with `what` when nothing comes in 10 s.
    pub fn expect(&mut self, topic: &str, what: &str) -> Received {
        self.wait(topic, Duration::from_secs(10))
            .unwrap_or_else(|| {
                panic!("the independent MQTT 5 client never received {what} on {topic}")
            })
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `mosquitto_pub -V mqttv5` on `topic` with `args` after it: `-m`, `-r`, `-q`, and the
/// properties as `-D PUBLISH name value` (see [`property`]).
pub fn publish_v5(broker: &Mosquitto, topic: &str, args: &[&str]) {
    let status = broker
        .pub_command(topic)
        .args(["-V", "mqttv5"])
        .args(args)
        .status()
        .expect("run mosquitto_pub");
    assert!(
        status.success(),
        "mosquitto_pub -V mqttv5 failed for {topic:?} {args:?}: {status}"
    );
}

/// The arguments of one PUBLISH property for [`publish_v5`], e.g. `property("content-type",
/// &["text/plain"])` or `property("user-property", &["k", "v"])`.
pub fn property<'a>(name: &'a str, values: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["-D", "PUBLISH", name];
    args.extend_from_slice(values);
    args
}

impl Browser {
    /// Chooses the protocol version (`3.1.1` or `5`) of the current connection.
    pub async fn choose_version(&self, version: &str) -> TestResult {
        self.by_testid("protocol-version")
            .await?
            .select_by_value(version)
            .await?;
        Ok(())
    }

    /// Sets checkbox `testid` to `on`, clicking it only when it is not already so.
    pub async fn set_checked(&self, testid: &str, on: bool) -> TestResult {
        let checkbox = self.by_testid(testid).await?;
        let checked = checkbox.prop("checked").await?.as_deref() == Some("true");
        if checked != on {
            checkbox.click().await?;
        }
        Ok(())
    }

    /// Every `server-capability` of the `server-capabilities` panel as (`data-name`,
    /// `data-value`), in the order shown.
    pub async fn capabilities(&self) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
        self.by_testid("server-capabilities").await?;
        let v = self
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=server-capabilities] [data-testid=server-capability]')]\
                 .map(e => [e.getAttribute('data-name') || '', e.getAttribute('data-value') || '']);",
                vec![],
            )
            .await?;
        Ok(string_rows(&v)
            .into_iter()
            .map(|mut r| {
                let value = r.pop().unwrap_or_default();
                let name = r.pop().unwrap_or_default();
                (name, value)
            })
            .collect())
    }

    /// Opens the first received message on `topic` in the detail pane and returns its
    /// `message-property` elements as (`data-name`, `data-key` or empty, text), in order.
    pub async fn message_properties(
        &self,
        topic: &str,
    ) -> Result<Vec<(String, String, String)>, Box<dyn std::error::Error>> {
        let row = self
            .wait_css(
                &format!("[data-testid=message][data-direction=in][data-topic='{topic}']"),
                10,
                "the received message",
            )
            .await;
        row.click().await?;
        self.wait_css(
            "[data-testid=message-detail] [data-testid=message-property]",
            10,
            "the message's properties in the detail pane",
        )
        .await;
        let v = self
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=message-detail] [data-testid=message-property]')]\
                 .map(e => [e.getAttribute('data-name') || '', e.getAttribute('data-key') || '', e.textContent.trim()]);",
                vec![],
            )
            .await?;
        Ok(string_rows(&v)
            .into_iter()
            .map(|r| {
                let at = |i: usize| r.get(i).cloned().unwrap_or_default();
                (at(0), at(1), at(2))
            })
            .collect())
    }

    /// From now on, keeps a copy of every binary frame any WebSocket of the page sends. The
    /// console's glue looks `send` up on the socket at each call, so a patched prototype sees
    /// every frame; the bytes are copied at once (they are a view on wasm memory).
    pub async fn record_websocket_frames(&self) -> TestResult {
        self.client
            .execute(
                "if (!window.__e2eSent) {\
                   window.__e2eSent = [];\
                   const send = WebSocket.prototype.send;\
                   WebSocket.prototype.send = function (data) {\
                     let bytes = null;\
                     if (data instanceof ArrayBuffer) bytes = new Uint8Array(data.slice(0));\
                     else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));\
                     if (bytes) window.__e2eSent.push(Array.from(bytes));\
                     return send.call(this, data);\
                   };\
                 }\
                 return true;",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// The frames recorded since [`Browser::record_websocket_frames`], oldest first.
    pub async fn sent_frames(&self) -> Result<Vec<Vec<u8>>, Box<dyn std::error::Error>> {
        let v = self
            .client
            .execute("return window.__e2eSent || [];", vec![])
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .map(|frame| {
                frame
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                    .collect()
            })
            .collect())
    }
}

fn string_rows(v: &serde_json::Value) -> Vec<Vec<String>> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            row.as_array()
                .into_iter()
                .flatten()
                .map(|s| s.as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect()
}

/// An MQTT 5 PUBLISH as it went over the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct SentPublish {
    /// The topic name field: empty when the topic was sent as an alias only.
    pub topic: String,
    /// The Topic Alias property (0x23), if any.
    pub alias: Option<u16>,
    pub payload: Vec<u8>,
}

/// The MQTT 5 PUBLISH packets in the bytes the console sent (frames joined, since MQTT over
/// WebSocket may split a packet across frames or put several in one). A small reader of our
/// own, independent of the console's codec; it stops at anything it cannot read.
pub fn sent_publishes(frames: &[Vec<u8>]) -> Vec<SentPublish> {
    let stream: Vec<u8> = frames.concat();
    let mut out = Vec::new();
    let mut at = 0;
    while at < stream.len() {
        let first = stream[at];
        let Some((len, used)) = varint(&stream[at + 1..]) else {
            break;
        };
        let start = at + 1 + used;
        let Some(body) = stream.get(start..start + len) else {
            break;
        };
        if first >> 4 == 3 {
            match publish(first, body) {
                Some(p) => out.push(p),
                None => break,
            }
        }
        at = start + len;
    }
    out
}

/// MQTT's variable byte integer: the value and how many bytes it took.
fn varint(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (i, b) in bytes.iter().take(4).enumerate() {
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn publish(first: u8, body: &[u8]) -> Option<SentPublish> {
    let qos = (first >> 1) & 3;
    let topic_len = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
    let topic = String::from_utf8(body.get(2..2 + topic_len)?.to_vec()).ok()?;
    let mut at = 2 + topic_len + if qos > 0 { 2 } else { 0 };
    let (props_len, used) = varint(body.get(at..)?)?;
    at += used;
    let props = body.get(at..at + props_len)?;
    let payload = body.get(at + props_len..)?.to_vec();
    let mut alias = None;
    let mut p = 0;
    while p < props.len() {
        let id = props[p];
        p += 1;
        let two = |p: usize| -> Option<usize> {
            Some(usize::from(u16::from_be_bytes([
                *props.get(p)?,
                *props.get(p + 1)?,
            ])))
        };
        p += match id {
            0x01 => 1, // payload format indicator
            0x02 => 4, // message expiry interval
            0x23 => {
                alias = Some(u16::try_from(two(p)?).ok()?);
                2
            }
            0x03 | 0x08 | 0x09 => 2 + two(p)?, // content type, response topic, correlation data
            0x26 => {
                // user property: two strings
                let key = two(p)?;
                2 + key + 2 + two(p + 2 + key)?
            }
            0x0B => varint(props.get(p..)?)?.1, // subscription identifier
            _ => return None,
        };
    }
    Some(SentPublish {
        topic,
        alias,
        payload,
    })
}
