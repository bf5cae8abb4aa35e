//! A local Aliyun IoT Platform emulator: the cloud side of MQTT Console, offline.
//!
//! Devices connect over MQTT 3.1.1 or 5.0 (WebSocket and/or TCP) with Aliyun's credentials and
//! rules, to what plays an Enterprise Edition instance; an HTTP API plays the cloud's
//! server-side APIs and shows a message log. [`run`] starts everything in-process (the binary
//! and the tests both use it):
//!
//! ```no_run
//! # async fn demo() -> Result<(), aliyun_emulator::EmulatorError> {
//! use aliyun_emulator::{registry, run, EmulatorConfig};
//! let mut config = EmulatorConfig::new(registry::demo_registry()?);
//! config.ws = Some("127.0.0.1:0".parse().expect("an address"));
//! config.http = Some("127.0.0.1:0".parse().expect("an address"));
//! let emulator = run(config).await?;
//! println!("{}", emulator.ready_line());
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Module map: `registry` (products, devices, topic classes, the TOML file), `auth` (CONNECT
//! rules, dynamic registration), `acl` (who may publish/subscribe what), `topic` (matching),
//! `mqtt` (wire format, both versions), `broker` (shared state, delivery, log), `connection` (one client),
//! `system` (NTP, Alink replies, the device shadow), `http` (the API), `listener` (accept loops), `cli`.

pub mod acl;
pub mod auth;
pub mod broker;
pub mod cli;
pub mod clock;
pub mod connection;
mod error;
pub mod http;
pub mod ids;
pub mod listener;
pub mod mqtt;
pub mod registry;
pub mod system;
pub mod topic;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use broker::Broker;
pub use error::EmulatorError;
use registry::Registry;

/// How long a registration connection stays open unless the device leaves first (Aliyun: ~15 s).
pub const DEFAULT_REGISTER_CLOSE: Duration = Duration::from_millis(15_000);

/// What to start.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// MQTT over WebSocket (port 0 = any free port).
    pub ws: Option<SocketAddr>,
    /// MQTT over plain TCP.
    pub tcp: Option<SocketAddr>,
    /// The HTTP API.
    pub http: Option<SocketAddr>,
    pub registry: Registry,
    pub register_close: Duration,
    /// Print every message-log entry on stderr.
    pub echo_log: bool,
    /// How many entries the message log keeps (`--log-capacity`; 0 counts as 1).
    pub log_capacity: usize,
}

impl EmulatorConfig {
    /// No listeners yet, default registration close and log capacity, no echo.
    pub fn new(registry: Registry) -> EmulatorConfig {
        EmulatorConfig {
            ws: None,
            tcp: None,
            http: None,
            registry,
            register_close: DEFAULT_REGISTER_CLOSE,
            echo_log: false,
            log_capacity: broker::log::DEFAULT_LOG_CAPACITY,
        }
    }
}

/// A started emulator: the addresses actually bound, and the way to stop it.
#[derive(Debug)]
pub struct RunningEmulator {
    pub ws: Option<SocketAddr>,
    pub tcp: Option<SocketAddr>,
    pub http: Option<SocketAddr>,
    broker: Arc<Broker>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningEmulator {
    /// `aliyun-emulator ready ws=… tcp=… http=…`, listing only the enabled listeners. Scripts
    /// wait for this line and read the real ports from it.
    pub fn ready_line(&self) -> String {
        let mut line = String::from("aliyun-emulator ready");
        for (name, addr) in [("ws", self.ws), ("tcp", self.tcp), ("http", self.http)] {
            if let Some(addr) = addr {
                line.push_str(&format!(" {name}={addr}"));
            }
        }
        line
    }

    /// The shared state, for in-process inspection (tests, embedding).
    pub fn broker(&self) -> &Arc<Broker> {
        &self.broker
    }

    /// Stops the listeners and closes every connection.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }

    /// Runs until the listeners stop (in practice: until the process is killed).
    pub async fn wait(self) {
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// Binds every configured listener, then serves in the background.
pub async fn run(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    if config.ws.is_none() && config.tcp.is_none() {
        return Err(EmulatorError::NoMqttListener);
    }
    // Bind everything first so that a busy port fails before anything is served.
    let ws = bind("MQTT over WebSocket", config.ws).await?;
    let tcp = bind("MQTT over TCP", config.tcp).await?;
    let http = bind("the HTTP API", config.http).await?;
    let log = broker::MessageLog::new(config.echo_log, config.log_capacity);
    let broker = Broker::new(config.registry, config.register_close, log);
    let (shutdown, stop) = watch::channel(false);
    let mut running = RunningEmulator {
        ws: local_addr(&ws),
        tcp: local_addr(&tcp),
        http: local_addr(&http),
        broker: broker.clone(),
        shutdown,
        tasks: Vec::new(),
    };
    if let Some(listener) = ws {
        let task = listener::serve_ws(listener, broker.clone(), stop.clone());
        running.tasks.push(tokio::spawn(task));
    }
    if let Some(listener) = tcp {
        let task = listener::serve_tcp(listener, broker.clone(), stop.clone());
        running.tasks.push(tokio::spawn(task));
    }
    if let Some(listener) = http {
        let app = http::router(broker.clone());
        let mut stop = stop.clone();
        running.tasks.push(tokio::spawn(async move {
            let signal = async move {
                let _ = stop.changed().await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .await
            {
                eprintln!("aliyun-emulator: the HTTP API stopped: {e}");
            }
        }));
    }
    Ok(running)
}

async fn bind(
    listener: &'static str,
    addr: Option<SocketAddr>,
) -> Result<Option<TcpListener>, EmulatorError> {
    let Some(addr) = addr else {
        return Ok(None);
    };
    TcpListener::bind(addr)
        .await
        .map(Some)
        .map_err(|source| EmulatorError::Bind {
            listener,
            addr,
            source,
        })
}

fn local_addr(listener: &Option<TcpListener>) -> Option<SocketAddr> {
    listener.as_ref().and_then(|l| l.local_addr().ok())
}
