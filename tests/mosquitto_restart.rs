#![cfg(not(target_arch = "wasm32"))]
//! The session against a real mosquitto that is killed and restarted during a stream.
//!
//! A QoS 1 publisher and a QoS 1 subscriber (both `clean_session = false`, fixed client ids) run
//! over TCP, each driven by the session's own reconnect logic (`plan_reconnect`). While 10,000
//! numbered messages flow, mosquitto (persistence on, stopped with SIGTERM so it saves its
//! database) is stopped and started again on the same port several times. At the end every
//! number must have arrived, and every extra copy must be explained:
//!
//! - a copy flagged `dup` is the broker resending a message we had not acknowledged;
//! - a copy not flagged `dup` is allowed only for a number the publisher itself resent (with DUP,
//!   after losing the link before its PUBACK): the broker then received it twice and forwarded
//!   both as separate messages. MQTT sets DUP per hop [MQTT-3.3.1-3], so the broker does not
//!   copy the publisher's DUP onto its own PUBLISH.
//!
//! mosquitto is found at `$MOSQUITTO`, else `/usr/sbin/mosquitto`. Run with
//! `cargo test -p mqtt-console --no-default-features --test mosquitto_restart -- --nocapture`
//! to see what the broker did.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use mqtt_console::mqtt::{
    ConnectOptions, Event, Millis, QoS, ReconnectPolicy, Session, SessionState,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::time::sleep;

const MESSAGES: u64 = 10_000;
/// Stop the broker when the subscriber has this many distinct numbers.
const KILL_AT: [usize; 4] = [1_500, 4_000, 6_500, 8_500];
const TOPIC: &str = "restart/seq";

/// What both sides saw, shared with the test body.
#[derive(Default)]
struct Record {
    /// Number -> the `dup` flag of each copy the subscriber received.
    received: BTreeMap<u64, Vec<bool>>,
    /// Numbers the publisher sent again with DUP set.
    resent: BTreeSet<u64>,
    published: u64,
    acked: u64,
    sub_links: u32,
    pub_links: u32,
    sessions_present: u32,
    publisher_done: bool,
    /// Broker restarts done so far; the publisher does not run more than `KILL_MARGIN`
    /// messages past the next kill point until that restart happened, so every restart falls
    /// inside the stream however fast it runs.
    restarts_done: usize,
}

/// How far past a kill point the publisher may run before that restart happened.
const KILL_MARGIN: u64 = 500;

type Shared = Arc<Mutex<Record>>;

fn mosquitto_binary() -> PathBuf {
    std::env::var_os("MOSQUITTO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/mosquitto"))
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// A mosquitto with persistence in `dir`, on `port`.
struct Broker {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Broker {
    fn new(dir: &Path, port: u16) -> Broker {
        let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
        // `user` keeps mosquitto from dropping to a "mosquitto" account that could not write
        // the database here. `max_queued_messages 0` lifts the default cap of 1000 queued
        // messages per offline client, which would otherwise drop part of the stream by design.
        let config = format!(
            "listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n\
             persistence_location {dir}/\nautosave_interval 1\nmax_queued_messages 0\n\
             user {user}\nlog_dest file {dir}/mosquitto.log\nlog_type error\nlog_type warning\n\
             log_type notice\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("mosquitto.conf"), config).expect("write mosquitto.conf");
        Broker {
            dir: dir.to_path_buf(),
            port,
            child: None,
        }
    }

    async fn start(&mut self) {
        let child = Command::new(mosquitto_binary())
            .arg("-c")
            .arg(self.dir.join("mosquitto.conf"))
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not start {} ({e}); install mosquitto or set MOSQUITTO",
                    mosquitto_binary().display()
                )
            });
        self.child = Some(child);
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return;
            }
            sleep(Duration::from_millis(10)).await;
        }
        panic!("mosquitto did not listen on {}", self.port);
    }

    /// SIGTERM, so mosquitto writes its database before it exits.
    async fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = child.id().expect("a running broker has a pid");
        let status = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await
            .expect("run kill");
        assert!(status.success());
        let exited = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        assert!(exited.is_ok(), "mosquitto did not stop on SIGTERM");
    }
}

fn session(client_id: &str) -> Session {
    let mut session = Session::new(ConnectOptions {
        client_id: client_id.into(),
        username: None,
        password: None,
        keepalive_secs: 10,
        clean_session: false,
        version: mqtt_console::mqtt::ProtocolVersion::V311,
        properties: mqtt_console::mqtt::ConnectProperties::default(),
    })
    .expect("valid options");
    session.set_reconnect_policy(Some(ReconnectPolicy {
        initial_delay_ms: 20,
        max_delay_ms: 500,
        multiplier: 2.0,
        jitter: 0.5,
    }));
    session
}

struct Clock(Instant);

impl Clock {
    fn now(&self) -> Millis {
        self.0.elapsed().as_millis() as Millis
    }
}

/// Writes what the session queued; notes the numbers the publisher resends with DUP.
async fn flush(session: &mut Session, stream: &mut TcpStream, record: &Shared) -> bool {
    while let Some(frame) = session.poll_transmit() {
        if frame[0] >> 4 == 3 && frame[0] & 0b1000 != 0 {
            let mut buf = BytesMut::from(&frame[..]);
            if let Ok(mqttbytes::v4::Packet::Publish(p)) = mqttbytes::v4::read(&mut buf, usize::MAX)
            {
                record.lock().unwrap().resent.insert(seq_of(&p.payload));
            }
        }
        if stream.write_all(&frame).await.is_err() {
            return false;
        }
    }
    true
}

fn seq_of(payload: &[u8]) -> u64 {
    u64::from_be_bytes(payload.try_into().expect("8-byte payload"))
}

/// Which side a client plays.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Publisher,
    Subscriber,
}

/// One client for the whole test: links, reconnects, and does its role's work.
async fn client(role: Role, port: u16, record: Shared) {
    let clock = Clock(Instant::now());
    let mut rng: u64 = if role == Role::Publisher {
        0x1234_5678
    } else {
        0x9abc_def1
    };
    let mut session = session(match role {
        Role::Publisher => "restart-publisher",
        Role::Subscriber => "restart-subscriber",
    });
    let mut next_seq = 0u64;
    let mut subscribed = false;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await {
            let _ = stream.set_nodelay(true);
            session.start(clock.now());
            let mut alive = flush(&mut session, &mut stream, &record).await;
            while alive {
                // The role's work: subscribe once, or keep the inflight window full.
                if session.state() == SessionState::Connected {
                    if role == Role::Subscriber && !subscribed {
                        session
                            .subscribe(TOPIC, QoS::AtLeastOnce, clock.now())
                            .unwrap();
                        subscribed = true;
                    }
                    let gate = {
                        let done = record.lock().unwrap().restarts_done;
                        KILL_AT
                            .get(done)
                            .map_or(MESSAGES, |k| (*k as u64 + KILL_MARGIN).min(MESSAGES))
                    };
                    while role == Role::Publisher
                        && next_seq < gate
                        && session.inflight_count() < 64
                    {
                        let payload = next_seq.to_be_bytes();
                        session
                            .publish(TOPIC, &payload, QoS::AtLeastOnce, false, clock.now())
                            .unwrap();
                        next_seq += 1;
                        record.lock().unwrap().published = next_seq;
                    }
                }
                if !flush(&mut session, &mut stream, &record).await {
                    break;
                }
                let wait = session
                    .poll_timeout()
                    .map_or(1_000, |t| t.saturating_sub(clock.now()));
                tokio::select! {
                    read = stream.read(&mut buf) => match read {
                        Ok(n) if n > 0 => alive = session.handle_bytes(&buf[..n], clock.now()).is_ok(),
                        _ => alive = false,
                    },
                    _ = sleep(Duration::from_millis(wait)) => {
                        alive = session.handle_timeout(clock.now()).is_ok();
                    }
                }
                let mut r = record.lock().unwrap();
                while let Some(event) = session.poll_event() {
                    match event {
                        Event::Received(m) => r
                            .received
                            .entry(seq_of(&m.payload))
                            .or_default()
                            .push(m.dup),
                        Event::PubAck { .. } => r.acked += 1,
                        Event::Connected { session_present } => {
                            r.sessions_present += u32::from(session_present);
                            match role {
                                Role::Publisher => r.pub_links += 1,
                                Role::Subscriber => r.sub_links += 1,
                            }
                        }
                        Event::Refused { code } => panic!("mosquitto refused: {code}"),
                        _ => {}
                    }
                }
                if role == Role::Publisher && r.acked == MESSAGES {
                    r.publisher_done = true;
                }
            }
        }
        session.connection_lost();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let random = (rng % 1_000) as f64 / 1_000.0;
        let at = session
            .plan_reconnect(clock.now(), random)
            .unwrap_or_else(|| panic!("no reconnect after {:?}", session.close_reason()));
        sleep(Duration::from_millis(at.saturating_sub(clock.now()))).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_lost_when_mosquitto_restarts_during_a_qos1_stream() {
    let dir = std::env::temp_dir().join(format!("mqtt-console-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut broker = Broker::new(&dir, free_port());
    broker.start().await;

    let record: Shared = Arc::default();
    let subscriber = tokio::spawn(client(Role::Subscriber, broker.port, record.clone()));
    // The subscriber's session must exist at the broker before the first message.
    while record.lock().unwrap().sub_links == 0 {
        sleep(Duration::from_millis(5)).await;
    }
    sleep(Duration::from_millis(100)).await;
    let publisher = tokio::spawn(client(Role::Publisher, broker.port, record.clone()));

    let started = Instant::now();
    let mut restarts = 0;
    let outcome = tokio::time::timeout(Duration::from_secs(50), async {
        loop {
            let (distinct, finished) = {
                let r = record.lock().unwrap();
                (
                    r.received.len(),
                    r.publisher_done && r.received.len() as u64 == MESSAGES,
                )
            };
            if finished {
                break;
            }
            if restarts < KILL_AT.len() && distinct >= KILL_AT[restarts] {
                broker.stop().await;
                restarts += 1;
                record.lock().unwrap().restarts_done = restarts;
                sleep(Duration::from_millis(50)).await;
                broker.start().await;
            }
            sleep(Duration::from_millis(2)).await;
        }
    })
    .await;
    subscriber.abort();
    publisher.abort();
    broker.stop().await;

    let r = record.lock().unwrap();
    let missing: Vec<u64> = (0..MESSAGES)
        .filter(|s| !r.received.contains_key(s))
        .collect();
    let mut flagged = 0;
    let mut republished = 0;
    let mut unexplained = Vec::new();
    for (seq, copies) in &r.received {
        for dup in copies.iter().skip(1) {
            if *dup {
                flagged += 1;
            } else if r.resent.contains(seq) {
                republished += 1;
            } else {
                unexplained.push(*seq);
            }
        }
    }
    let dup_flags = r.received.values().flatten().filter(|d| **d).count();
    println!(
        "{} messages in {:?}; {restarts} broker restarts; links: publisher {}, subscriber {} \
         ({} with session present); publisher resent {} with DUP; subscriber got {} copies \
         flagged dup, {} extra copies flagged dup, {} extra unflagged copies of republished \
         messages",
        r.received.len(),
        started.elapsed(),
        r.pub_links,
        r.sub_links,
        r.sessions_present,
        r.resent.len(),
        dup_flags,
        flagged,
        republished,
    );
    let log = std::fs::read_to_string(dir.join("mosquitto.log")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        outcome.is_ok(),
        "timed out: published {}, acked {}, received {} distinct; mosquitto log:\n{log}",
        r.published,
        r.acked,
        r.received.len()
    );
    assert_eq!(
        restarts,
        KILL_AT.len(),
        "every planned restart happened mid-stream"
    );
    assert!(
        missing.is_empty(),
        "lost {} messages: {:?}",
        missing.len(),
        &missing[..missing.len().min(20)]
    );
    assert!(
        unexplained.is_empty(),
        "unexplained duplicates: {unexplained:?}"
    );
    assert_eq!(r.acked, MESSAGES, "every publish acknowledged once");
}
