//! The real binary: the ready line, the HTTP API behind it, and exit code 2 on bad input.

mod common;

use std::net::SocketAddr;
use std::process::Stdio;

use common::{get, WAIT};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_aliyun-emulator");

#[tokio::test]
async fn prints_the_ready_line_and_serves_the_api() {
    let mut child = Command::new(BIN)
        .args(["--ws", "127.0.0.1:0", "--http", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let ready = tokio::time::timeout(WAIT, lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let fields: Vec<&str> = ready.split(' ').collect();
    assert_eq!(fields[..2], ["aliyun-emulator", "ready"], "{ready}");
    assert_eq!(fields.len(), 4, "ws and http only: {ready}");
    let ws: SocketAddr = fields[2].strip_prefix("ws=").unwrap().parse().unwrap();
    let http: SocketAddr = fields[3].strip_prefix("http=").unwrap().parse().unwrap();
    assert_ne!(ws.port(), 0);
    assert_eq!(get(http, "/api/health").await, (200, json!({"ok": true})));
    // The demo identity follows the ready line.
    let banner = tokio::time::timeout(WAIT, lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(banner.contains("Demo"), "{banner}");
    child.kill().await.unwrap();
}

async fn exit_of(args: &[&str]) -> (Option<i32>, String) {
    let output = tokio::time::timeout(
        WAIT,
        Command::new(BIN).args(args).stdout(Stdio::null()).output(),
    )
    .await
    .unwrap()
    .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn bad_input_exits_with_code_2_and_a_message() {
    let dir = std::env::temp_dir().join(format!("aliyun-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_file = dir.join("bad.toml");
    std::fs::write(&bad_file, "[[product]]\nproduct_key = \"pk1\"\nbogus = 1\n").unwrap();
    let bad_file = bad_file.to_string_lossy().into_owned();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--ws", "not-an-address"], "not-an-address"),
        (
            vec!["--ws", "127.0.0.1:0", "--device", "pk1/dev1"],
            "ProductKey/DeviceName/DeviceSecret",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--device", "pk1/x/secret"],
            "DeviceName",
        ),
        (vec!["--http", "127.0.0.1:0"], "--ws"),
        (
            vec!["--ws", "127.0.0.1:0", "--config", "/nonexistent.toml"],
            "/nonexistent.toml",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--config", &bad_file],
            "bad.toml:3: product.bogus",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--register-close-ms", "soon"],
            "soon",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--log-capacity", "0"],
            "at least one entry",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--log-capacity", "lots"],
            "from 1 to 1000000",
        ),
        (
            vec![
                "--ws",
                "127.0.0.1:0",
                "--log-capacity",
                "99999999999999999999",
            ],
            "from 1 to 1000000",
        ),
        (
            vec!["--ws", "127.0.0.1:0", "--log-capacity", "1000001"],
            "too large",
        ),
    ];
    for (args, mention) in cases {
        let (code, stderr) = exit_of(&args).await;
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(mention), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
