//! The command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use mqtt_console::aliyun::{login_sign_content, sign, ClientIdParams, DeviceIdentity, SignMethod};

use crate::broker::log::{DEFAULT_LOG_CAPACITY, MAX_LOG_CAPACITY};
use crate::registry::{
    self, demo_registry, parse_device_arg, Registry, DEMO_DEVICE_2_NAME, DEMO_DEVICE_2_SECRET,
    DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET, DEMO_DYNREG_DEVICE_NAME, DEMO_INSTANCE_ID,
    DEMO_PRODUCT_KEY, DEMO_PRODUCT_SECRET,
};
use crate::{EmulatorConfig, EmulatorError, RunningEmulator};

/// A local Aliyun IoT Platform emulator: devices connect over MQTT with Aliyun's credentials;
/// an HTTP API plays the cloud. With neither --config nor --device, a demo product is used.
#[derive(Debug, Parser)]
#[command(name = "aliyun-emulator", version)]
pub struct Cli {
    /// MQTT over WebSocket (paths / and /mqtt), e.g. 127.0.0.1:8083; port 0 = any free port
    #[arg(long, value_name = "IP:PORT")]
    pub ws: Option<SocketAddr>,
    /// MQTT over plain TCP, e.g. 127.0.0.1:1883
    #[arg(long, value_name = "IP:PORT")]
    pub tcp: Option<SocketAddr>,
    /// The HTTP API (publish to devices, RRPC, device list, message log)
    #[arg(long, value_name = "IP:PORT")]
    pub http: Option<SocketAddr>,
    /// Registry file (TOML) with products, topic classes and devices
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Add a device: ProductKey/DeviceName/DeviceSecret (repeatable)
    #[arg(long = "device", value_name = "PK/DN/SECRET")]
    pub devices: Vec<String>,
    /// How long a dynamic-registration connection stays open, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 15_000)]
    pub register_close_ms: u64,
    /// How many entries the message log (GET /api/log) keeps; older ones fall off
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LOG_CAPACITY, value_parser = log_capacity)]
    pub log_capacity: usize,
}

/// `--log-capacity`: a whole number from 1 to [`MAX_LOG_CAPACITY`]. clap puts the bad value
/// and the flag in front of this reason and exits with code 2, like other usage errors.
fn log_capacity(value: &str) -> Result<usize, String> {
    let range = format!("a whole number of entries from 1 to {MAX_LOG_CAPACITY}");
    match value.trim().parse::<u64>() {
        Ok(n) if (1..=MAX_LOG_CAPACITY as u64).contains(&n) => Ok(n as usize),
        Ok(0) => Err(format!("the log must keep at least one entry ({range})")),
        Ok(_) => Err(format!("too large: {range}")),
        Err(_) => Err(format!("not {range}")),
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub struct Setup {
    pub config: EmulatorConfig,
    /// The built-in demo registry is used; print its identity at start.
    pub demo: bool,
}

impl Cli {
    /// Loads the registry and checks everything clap does not.
    pub fn into_setup(self) -> Result<Setup, EmulatorError> {
        if self.ws.is_none() && self.tcp.is_none() {
            return Err(EmulatorError::NoMqttListener);
        }
        let demo = self.config.is_none() && self.devices.is_empty();
        let mut registry = match (&self.config, demo) {
            (Some(path), _) => registry::load_file(path)?,
            (None, true) => demo_registry()?,
            (None, false) => Registry::new(),
        };
        for arg in &self.devices {
            let (key, secret) = parse_device_arg(arg).map_err(EmulatorError::Usage)?;
            registry
                .add_cli_device(&key, &secret)
                .map_err(|m| EmulatorError::Usage(format!("--device {arg:?}: {m}")))?;
        }
        let mut config = EmulatorConfig::new(registry);
        config.ws = self.ws;
        config.tcp = self.tcp;
        config.http = self.http;
        config.register_close = Duration::from_millis(self.register_close_ms);
        config.echo_log = true;
        config.log_capacity = self.log_capacity;
        Ok(Setup { config, demo })
    }
}

/// The human-friendly block printed after the ready line when the demo registry is used.
pub fn demo_banner(running: &RunningEmulator) -> String {
    let client_id = "console-demo-1";
    let device = DeviceIdentity::new(DEMO_PRODUCT_KEY, DEMO_DEVICE_NAME);
    let content = login_sign_content(client_id, DEMO_DEVICE_NAME, DEMO_PRODUCT_KEY, None);
    let password = sign(SignMethod::HmacSha1, DEMO_DEVICE_SECRET, &content);
    let wire_id = ClientIdParams::new(client_id)
        .with("securemode", 3)
        .with("signmethod", SignMethod::HmacSha1.as_str());
    let mut lines = vec![
        "Demo registry (emulator/registry.example.toml):".to_string(),
        format!("  instance        {DEMO_INSTANCE_ID} (Enterprise Edition: MQTT 3.1.1 and 5.0)"),
        format!("  ProductKey      {DEMO_PRODUCT_KEY}"),
        format!("  DeviceName      {DEMO_DEVICE_NAME}"),
        format!("  DeviceSecret    {DEMO_DEVICE_SECRET}"),
        format!("  second device   {DEMO_DEVICE_2_NAME} / {DEMO_DEVICE_2_SECRET}"),
        format!("  ProductSecret   {DEMO_PRODUCT_SECRET} (dynamic registration on)"),
        format!("  pre-registered  {DEMO_DYNREG_DEVICE_NAME} (no secret yet: register it)"),
        format!("  topics          /{DEMO_PRODUCT_KEY}/${{deviceName}}/user/get (subscribe), .../user/update and .../user/update/error (publish)"),
        "  ready-made login (hmacsha1, no timestamp):".to_string(),
        format!("    client id     {wire_id}"),
        format!("    username      {}", device.username()),
        format!("    password      {password}"),
    ];
    if let Some(ws) = running.ws {
        lines.push(format!("    WebSocket     ws://{ws}/mqtt (or /)"));
    }
    if let Some(tcp) = running.tcp {
        lines.push(format!("    TCP           {tcp}"));
    }
    if let Some(http) = running.http {
        lines.push(format!("  HTTP API        http://{http}/api/health"));
    }
    lines.join("\n")
}
