//! The emulator under test: the release binary started on free ports with the demo registry,
//! its ready-made login read from the banner, and its memory read from `/proc`.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long the emulator may take to print its ready line and banner.
const START_LIMIT: Duration = Duration::from_secs(20);

/// The demo device's login as the emulator's banner prints it (hmacsha1, no timestamp).
#[derive(Clone, Debug)]
pub struct Login {
    pub client_id: String,
    pub username: String,
    pub password: String,
    pub product_key: String,
    pub device_name: String,
}

/// A running emulator; killed when dropped.
pub struct Emulator {
    child: Child,
    pub pid: u32,
    /// `127.0.0.1:PORT` of MQTT over TCP.
    pub tcp: String,
    /// `127.0.0.1:PORT` of the HTTP API.
    pub http: String,
    pub login: Login,
}

impl Emulator {
    /// Starts `binary` with the demo registry and a ring of `log_capacity` entries. Its
    /// stderr (one line per log entry) goes to /dev/null: the binary writes it as it always
    /// does, nobody has to read it.
    pub async fn start(binary: &Path, log_capacity: usize) -> Result<Emulator, String> {
        let mut child = Command::new(binary)
            .args(["--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0"])
            .args(["--log-capacity", &log_capacity.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let pid = child
            .id()
            .ok_or_else(|| "the emulator exited at once".to_string())?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| "no stdout from the emulator".to_string())?;
        let mut lines = BufReader::new(stdout).lines();
        let mut text = Vec::new();
        let read = async {
            while let Ok(Some(line)) = lines.next_line().await {
                let done = line.trim_start().starts_with("password");
                text.push(line);
                if done {
                    break;
                }
            }
        };
        if tokio::time::timeout(START_LIMIT, read).await.is_err() {
            return Err(format!(
                "the emulator printed no ready line and banner within {START_LIMIT:?}"
            ));
        }
        // Nothing else comes on stdout; keep reading it anyway so a later line never blocks.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let (tcp, http) = ready_ports(&text)?;
        let login = banner_login(&text)?;
        Ok(Emulator {
            child,
            pid,
            tcp,
            http,
            login,
        })
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops the process.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// `aliyun-emulator ready tcp=… http=…` → the two addresses.
fn ready_ports(text: &[String]) -> Result<(String, String), String> {
    let line = text
        .iter()
        .find_map(|l| l.strip_prefix("aliyun-emulator ready "))
        .ok_or_else(|| format!("no ready line in {text:?}"))?;
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name))
            .map(str::to_owned)
            .ok_or_else(|| format!("no {name} in the ready line {line:?}"))
    };
    Ok((field("tcp=")?, field("http=")?))
}

/// The banner's "ready-made login" block: `client id`, `username` (`DN&PK`), `password`.
fn banner_login(text: &[String]) -> Result<Login, String> {
    let value = |name: &str| {
        text.iter()
            .find_map(|l| l.trim_start().strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .ok_or_else(|| format!("no {name:?} in the emulator's banner {text:?}"))
    };
    let username = value("username")?;
    let (device_name, product_key) = username
        .split_once('&')
        .ok_or_else(|| format!("the banner's username {username:?} is not DN&PK"))?;
    Ok(Login {
        client_id: value("client id")?,
        password: value("password")?,
        product_key: product_key.to_owned(),
        device_name: device_name.to_owned(),
        username,
    })
}

/// What `/proc/PID` says about the process at one moment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Usage {
    /// Resident set size, kB (`VmRSS`).
    pub rss_kb: u64,
    /// The largest resident size so far, kB (`VmHWM`).
    pub hwm_kb: u64,
    pub threads: u64,
    pub open_fds: u64,
    /// User + system CPU time so far, in clock ticks.
    pub cpu_ticks: u64,
}

/// Reads `/proc/PID/status`, `/proc/PID/stat` and `/proc/PID/fd`.
pub fn usage(pid: u32) -> Result<Usage, String> {
    let status = crate::procfs::status(pid)?;
    let field = |name: &str| crate::procfs::status_field(&status, name).unwrap_or(0);
    let fields = crate::procfs::stat_fields(pid);
    let ticks = |i: usize| -> u64 { fields.get(i).and_then(|v| v.parse().ok()).unwrap_or(0) };
    let open_fds = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count() as u64)
        .unwrap_or(0);
    Ok(Usage {
        rss_kb: field("VmRSS:"),
        hwm_kb: field("VmHWM:"),
        threads: field("Threads:"),
        open_fds,
        cpu_ticks: ticks(11) + ticks(12),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ready_line_and_the_banner_login() {
        let text: Vec<String> = [
            "aliyun-emulator ready tcp=127.0.0.1:4001 http=127.0.0.1:4002",
            "Demo registry (emulator/registry.example.toml):",
            "  ready-made login (hmacsha1, no timestamp):",
            "    client id     c-1|securemode=3,signmethod=hmacsha1|",
            "    username      console-demo&a1MqttDemo1",
            "    password      ABC123",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (tcp, http) = ready_ports(&text).unwrap();
        assert_eq!(
            (tcp.as_str(), http.as_str()),
            ("127.0.0.1:4001", "127.0.0.1:4002")
        );
        let login = banner_login(&text).unwrap();
        assert_eq!(login.client_id, "c-1|securemode=3,signmethod=hmacsha1|");
        assert_eq!(login.product_key, "a1MqttDemo1");
        assert_eq!(login.device_name, "console-demo");
        assert_eq!(login.password, "ABC123");
    }

    #[test]
    fn reads_its_own_memory() {
        let me = usage(std::process::id()).unwrap();
        assert!(me.rss_kb > 0 && me.hwm_kb >= me.rss_kb && me.threads >= 1);
    }
}
