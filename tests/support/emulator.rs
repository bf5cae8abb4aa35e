//! The Aliyun emulator binary, started on free ports, and a tiny JSON-over-HTTP client for its API.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Browser, TestResult};

/// The emulator's built-in demo device.
pub const DEMO_PRODUCT_KEY: &str = "a1MqttDemo1";
pub const DEMO_DEVICE_NAME: &str = "console-demo";
pub const DEMO_DEVICE_SECRET: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A running `aliyun-emulator` with its demo registry; killed on drop.
pub struct Emulator {
    child: Child,
    /// `127.0.0.1:PORT` of the MQTT-over-WebSocket listener.
    pub ws: String,
    /// `127.0.0.1:PORT` of the HTTP API.
    pub http: String,
}

/// `ALIYUN_EMULATOR` when the caller built it, else built here with cargo.
fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("ALIYUN_EMULATOR") {
        return PathBuf::from(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO"))
        .args(["build", "-p", "aliyun-emulator"])
        .current_dir(&root)
        .status()
        .expect("run cargo build -p aliyun-emulator");
    assert!(status.success(), "building the emulator failed");
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    target.join("debug/aliyun-emulator")
}

impl Emulator {
    pub fn start() -> Emulator {
        let mut child = Command::new(binary())
            .args(["--ws", "127.0.0.1:0", "--http", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aliyun-emulator");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if let Some(rest) = line.strip_prefix("aliyun-emulator ready ") {
                let field = |name: &str| {
                    rest.split_whitespace()
                        .find_map(|kv| kv.strip_prefix(name))
                        .map(str::to_owned)
                };
                let (Some(ws), Some(http)) = (field("ws="), field("http=")) else {
                    panic!("unexpected ready line: {line}");
                };
                return Emulator { child, ws, http };
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aliyun-emulator never printed its ready line");
    }

    /// One JSON request to the HTTP API; returns the status code and the parsed body.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        api_call(&self.http, method, path, body).await
    }
}

/// One JSON request to the HTTP API at `http` (`127.0.0.1:PORT`), usable from a spawned task.
pub async fn api_call(
    http: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut sock = TcpStream::connect(http)
        .await
        .expect("connect to the emulator's HTTP API");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        http,
        body.len()
    );
    sock.write_all(request.as_bytes())
        .await
        .expect("send request");
    let mut raw = Vec::new();
    sock.read_to_end(&mut raw).await.expect("read response");
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let json_body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    let value = serde_json::from_str(&json_body).unwrap_or(serde_json::Value::String(json_body));
    (status, value)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Types the device identity into Aliyun mode, pointing it at the emulator over ws://.
pub async fn fill_device(browser: &Browser, emulator: &Emulator, secret: &str) -> TestResult {
    fill_identity(browser, emulator, DEMO_DEVICE_NAME, secret).await
}

/// Like [`fill_device`] for any DeviceName of the demo product.
pub async fn fill_identity(
    browser: &Browser,
    emulator: &Emulator,
    device_name: &str,
    secret: &str,
) -> TestResult {
    browser.by_testid("mode-aliyun").await?.click().await?;
    for (testid, value) in [
        ("aliyun-product-key", DEMO_PRODUCT_KEY),
        ("aliyun-device-name", device_name),
        ("aliyun-device-secret", secret),
        ("aliyun-host", emulator.ws.as_str()),
    ] {
        let input = browser.by_testid(testid).await?;
        input.clear().await?;
        input.send_keys(value).await?;
    }
    let tls = browser.by_testid("aliyun-tls").await?;
    if tls.prop("checked").await?.as_deref() == Some("true") {
        tls.click().await?;
    }
    let sign = browser.by_testid("aliyun-sign-method").await?;
    sign.select_by_value("hmacsha256").await?;
    Ok(())
}
