//! Fidelity: Aliyun's official Node device SDK (npm `alibabacloud-iot-device-sdk`) connects to
//! the real emulator binary over `ws://`, subscribes, publishes, posts properties, receives a
//! cloud-to-device message sent through the HTTP API, and is refused with CONNACK 4 when its
//! DeviceSecret is wrong. The script is `tests/node-sdk/fidelity.js`.
//!
//! An independent MQTT 5 client (npm `mqtt` 5) judges the emulator's MQTT 5 the same way:
//! `tests/node-sdk/mqtt5.js`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The built-in demo device the emulator starts with.
const DEMO: (&str, &str, &str) = (
    "a1MqttDemo1",
    "console-demo",
    "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
);

struct Emulator(Child);

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on free ports and returns it with its `ws=` and `http=` addresses.
fn start_emulator() -> (Emulator, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aliyun-emulator"))
        .args(["--ws", "127.0.0.1:0", "--http", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start aliyun-emulator");
    let stdout = child.stdout.take().expect("piped stdout");
    let emulator = Emulator(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Keep draining so the emulator never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while let Ok(line) =
        rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
    {
        if let Some(rest) = line.strip_prefix("aliyun-emulator ready ") {
            let field = |name: &str| {
                rest.split_whitespace()
                    .find_map(|kv| kv.strip_prefix(name))
                    .unwrap_or_else(|| panic!("ready line lacks {name}: {line}"))
                    .to_owned()
            };
            return (emulator, field("ws="), field("http="));
        }
    }
    panic!("aliyun-emulator never printed its ready line");
}

/// Whether `npm ci` already installed what package.json asks for: the SDK, and `mqtt` 5 at
/// the top (the SDK keeps its own older `mqtt` below it).
fn installed(dir: &std::path::Path) -> bool {
    let sdk = dir.join("node_modules/alibabacloud-iot-device-sdk/package.json");
    let mqtt = std::fs::read_to_string(dir.join("node_modules/mqtt/package.json"));
    sdk.exists() && mqtt.is_ok_and(|text| text.contains("\"version\": \"5."))
}

/// Installs the SDK and `mqtt` from the npm registry into tests/node-sdk (once; `npm ci`
/// follows the lockfile). The tests of this file run in parallel: one installs, the other waits.
fn ensure_sdk(dir: &PathBuf) {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if installed(dir) {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .expect("run npm (Node.js and npm are needed for the fidelity test)");
    assert!(status.success(), "npm ci failed in {}", dir.display());
}

/// Runs `script` against a fresh emulator with the demo device; returns its stdout.
fn judge(script: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node-sdk");
    ensure_sdk(&dir);
    let (_emulator, ws, http) = start_emulator();
    let (pk, dn, ds) = DEMO;
    let out = Command::new("node")
        .arg(script)
        .args([
            format!("ws://{ws}/"),
            format!("http://{http}"),
            pk.into(),
            dn.into(),
            ds.into(),
        ])
        .current_dir(&dir)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{script} found a difference:\n{stdout}\n{stderr}"
    );
    stdout
}

#[test]
fn the_official_node_sdk_accepts_the_emulator_as_aliyun() {
    let stdout = judge("fidelity.js");
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok - ")).count(),
        6,
        "{stdout}"
    );
}

#[test]
fn an_independent_mqtt5_client_accepts_the_emulators_mqtt5() {
    let stdout = judge("mqtt5.js");
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok - ")).count(),
        6,
        "{stdout}"
    );
}
