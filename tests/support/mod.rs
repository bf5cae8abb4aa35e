//! What the end-to-end tests start: a mosquitto on free ports, a static server for `dist/`
//! under a sub-path, and chromedriver driving headless Chromium. Each piece stops when dropped.
#![allow(dead_code)]

pub mod delivery;
pub mod devtools;
pub mod emulator;
pub mod mqtt5;

use std::collections::HashMap;
use std::net::TcpListener as StdListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let l = StdListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local addr").port()
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not start listening on 127.0.0.1:{port}");
}

fn tool(name: &str, env: &str, fallback: &str) -> String {
    if let Ok(p) = std::env::var(env) {
        return p;
    }
    for dir in std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .chain([fallback])
    {
        let candidate = Path::new(dir).join(name);
        if candidate.exists() {
            return candidate.to_string_lossy().into_owned();
        }
    }
    panic!("{name} not found: run scripts/test.sh, which installs it (or set {env})");
}

/// A private directory that is removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "mqtt-console-{tag}-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A mosquitto with a TCP and a websockets listener on free ports.
pub struct Mosquitto {
    child: Child,
    pub tcp_port: u16,
    pub ws_port: u16,
    dir: TempDir,
}

impl Mosquitto {
    pub fn start() -> Mosquitto {
        Self::start_with("max_queued_messages 100000\n")
    }

    /// A broker whose configuration adds `settings` (lines of mosquitto.conf) to the listeners.
    pub fn start_with(settings: &str) -> Mosquitto {
        let dir = TempDir::new("broker");
        let (tcp_port, ws_port) = (free_port(), free_port());
        let conf = dir.0.join("mosquitto.conf");
        let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
        std::fs::write(
            &conf,
            format!(
                "per_listener_settings false\nuser {user}\nallow_anonymous true\npersistence false\n{settings}\
                 listener {tcp_port} 127.0.0.1\nprotocol mqtt\nlistener {ws_port} 127.0.0.1\nprotocol websockets\n"
            ),
        )
        .expect("write mosquitto.conf");
        let child = Self::spawn(&dir, tcp_port, ws_port);
        Mosquitto {
            child,
            tcp_port,
            ws_port,
            dir,
        }
    }

    /// The configuration the broker runs with.
    pub fn config(&self) -> String {
        std::fs::read_to_string(self.dir.0.join("mosquitto.conf")).unwrap_or_default()
    }

    /// Kills the broker, as a crash would.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the broker again after [`Mosquitto::stop`], on the same ports.
    pub fn restart(&mut self) {
        self.child = Self::spawn(&self.dir, self.tcp_port, self.ws_port);
    }

    fn spawn(dir: &TempDir, tcp_port: u16, ws_port: u16) -> Child {
        let conf = dir.0.join("mosquitto.conf");
        let child = Command::new(tool("mosquitto", "MOSQUITTO", "/usr/sbin"))
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mosquitto");
        wait_for_port(ws_port, "mosquitto (websockets)");
        wait_for_port(tcp_port, "mosquitto (tcp)");
        child
    }

    pub fn ws_url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.ws_port)
    }

    /// A `mosquitto_pub` command aimed at this broker's TCP listener and `topic`; the caller
    /// adds what to publish (`-m`, `-f`, `-l`, …).
    pub fn pub_command(&self, topic: &str) -> Command {
        self.client_command("mosquitto_pub", "MOSQUITTO_PUB", topic)
    }

    /// A `mosquitto_sub` command on this broker's TCP listener and `topic`; the caller adds
    /// the rest (`-C`, `-F`, …).
    pub fn sub_command(&self, topic: &str) -> Command {
        self.client_command("mosquitto_sub", "MOSQUITTO_SUB", topic)
    }

    fn client_command(&self, name: &str, env: &str, topic: &str) -> Command {
        let mut command = Command::new(tool(name, env, "/usr/bin"));
        command.args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.tcp_port.to_string(),
            "-t",
            topic,
        ]);
        command
    }

    /// Publishes the bytes of `file` as they are (`mosquitto_pub -f`): invalid UTF-8, long lines.
    pub fn publish_file(&self, topic: &str, file: &std::path::Path) {
        let status = self
            .pub_command(topic)
            .arg("-f")
            .arg(file)
            .status()
            .expect("run mosquitto_pub");
        assert!(
            status.success(),
            "mosquitto_pub failed for {topic:?}: {status}"
        );
    }

    /// Publishes with the `mosquitto_pub` command-line client over TCP.
    pub fn publish(&self, topic: &str, payload: &str) {
        let status = self
            .pub_command(topic)
            .args(["-m", payload])
            .status()
            .expect("run mosquitto_pub");
        assert!(status.success(), "mosquitto_pub failed: {status}");
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The release `dist/`: `MQTT_CONSOLE_DIST` when the caller built it, else built here.
pub fn dist_dir() -> PathBuf {
    if let Ok(d) = std::env::var("MQTT_CONSOLE_DIST") {
        return PathBuf::from(d);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(tool("trunk", "TRUNK", "/nonexistent"))
        .args(["build", "--release"])
        .current_dir(&root)
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .status()
        .expect("run trunk");
    assert!(status.success(), "trunk build --release failed");
    root.join("dist")
}

/// Serves a directory (plus extra in-memory files) under `prefix`, e.g. `/console/`, the way a
/// CDN serves a sub-path; anything outside the prefix is a 404, so absolute asset URLs fail.
pub struct StaticServer {
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    pub async fn start(
        dir: PathBuf,
        prefix: &'static str,
        extra: HashMap<String, Vec<u8>>,
    ) -> StaticServer {
        Self::start_with_headers(dir, prefix, extra, "").await
    }

    /// As [`StaticServer::start`], with `headers` (each line ending in `\r\n`) on every answer.
    pub async fn start_with_headers(
        dir: PathBuf,
        prefix: &'static str,
        extra: HashMap<String, Vec<u8>>,
        headers: &'static str,
    ) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind static server");
        Self::serve(listener, dir, prefix, extra, headers)
    }

    /// As [`StaticServer::start`] on a given `port`, e.g. the port of a server dropped before
    /// (a new deployment at the same origin). Retries for a few seconds while the old socket
    /// is still being closed.
    pub async fn start_at(
        port: u16,
        dir: PathBuf,
        prefix: &'static str,
        extra: HashMap<String, Vec<u8>>,
    ) -> StaticServer {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match TcpListener::bind(("127.0.0.1", port)).await {
                Ok(listener) => return Self::serve(listener, dir, prefix, extra, ""),
                Err(e) if Instant::now() > deadline => {
                    panic!("could not bind 127.0.0.1:{port} again: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    fn serve(
        listener: TcpListener,
        dir: PathBuf,
        prefix: &'static str,
        extra: HashMap<String, Vec<u8>>,
        headers: &'static str,
    ) -> StaticServer {
        let port = listener.local_addr().expect("addr").port();
        let task = tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let dir = dir.clone();
                let extra = extra.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let Ok(n) = sock.read(&mut buf).await else {
                        return;
                    };
                    let request = String::from_utf8_lossy(&buf[..n]);
                    let path = request
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or("/")
                        .split('?')
                        .next()
                        .unwrap_or("/");
                    let (status, mime, body) = match path.strip_prefix(prefix) {
                        Some(rel) if !rel.contains("..") => {
                            let rel = if rel.is_empty() { "index.html" } else { rel };
                            match extra
                                .get(rel)
                                .cloned()
                                .or_else(|| std::fs::read(dir.join(rel)).ok())
                            {
                                Some(body) => ("200 OK", mime_of(rel), body),
                                None => ("404 Not Found", "text/plain", b"not found".to_vec()),
                            }
                        }
                        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
                    };
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
                        body.len()
                    );
                    let _ = sock.write_all(head.as_bytes()).await;
                    let _ = sock.write_all(&body).await;
                });
            }
        });
        StaticServer { port, task }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn mime_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// chromedriver in a process group of its own, so that Chromium, which it starts, goes with it.
struct Driver(Child);

impl Drop for Driver {
    /// Kills chromedriver and everything it started (a test that panics never reaches
    /// [`Browser::close`]; without this its Chromium would outlive the test).
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver on a free port, and a headless Chromium session through it.
pub struct Browser {
    pub client: Client,
    driver: Driver,
    driver_port: u16,
    /// Chromium's profile (with its disk cache), removed after the driver is gone. Left to
    /// chromedriver, a profile of ~120 MB stayed in /tmp whenever a session was not quit cleanly.
    _profile: TempDir,
    /// Every browser console line read so far (chromedriver hands each line out only once).
    console: std::sync::Mutex<Vec<String>>,
}

impl Browser {
    pub async fn start() -> Browser {
        Self::start_with(&[]).await
    }

    /// A headless Chromium with `extra` command-line flags beside the usual ones.
    pub async fn start_with(extra: &[&str]) -> Browser {
        let port = free_port();
        let driver = Driver(
            Command::new(tool("chromedriver", "CHROMEDRIVER", "/usr/bin"))
                .arg(format!("--port={port}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver"),
        );
        wait_for_port(port, "chromedriver");
        let profile = TempDir::new("chromium");
        let user_data_dir = format!("--user-data-dir={}", profile.0.display());
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,800",
            &user_data_dir,
        ];
        args.extend_from_slice(extra);
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "chrome",
                "goog:chromeOptions": { "args": args },
                "goog:loggingPrefs": { "browser": "ALL" }
            }))
            .expect("capabilities are a JSON object");
        let client = ClientBuilder::rustls()
            .expect("rustls connector")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session in headless Chromium");
        Browser {
            client,
            driver,
            driver_port: port,
            _profile: profile,
            console: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The process group of chromedriver and of the Chromium it started.
    pub fn process_group(&self) -> u32 {
        self.driver.0.id()
    }

    /// POSTs to one of chromedriver's session endpoints that fantoccini does not wrap.
    async fn driver_post(
        &self,
        endpoint: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let session = self
            .client
            .session_id()
            .await
            .map_err(|e| format!("no WebDriver session: {e}"))?
            .ok_or("no WebDriver session")?;
        devtools::post(self.driver_port, &session, endpoint, &body).await
    }

    /// Runs a Chrome DevTools Protocol command (e.g. `Page.setWebLifecycleState`).
    pub async fn cdp(
        &self,
        cmd: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        self.driver_post(
            "goog/cdp/execute",
            serde_json::json!({ "cmd": cmd, "params": params }),
        )
        .await
    }

    /// Every browser console line since the page opened (`level: text`), oldest first.
    pub async fn console_log(&self) -> Vec<String> {
        let fresh = self
            .driver_post("se/log", serde_json::json!({ "type": "browser" }))
            .await
            .unwrap_or_else(|e| panic!("could not read the browser console: {e}"));
        let mut seen = self.console.lock().unwrap_or_else(|p| p.into_inner());
        for entry in fresh.as_array().into_iter().flatten() {
            let level = entry.get("level").and_then(|l| l.as_str()).unwrap_or("");
            let text = entry.get("message").and_then(|m| m.as_str()).unwrap_or("");
            seen.push(format!("{level}: {text}"));
        }
        seen.clone()
    }

    /// Forgets the console lines read so far (for a test that logs a fake panic on purpose).
    pub async fn forget_console(&self) {
        self.console_log().await;
        self.console
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// What says the app broke: the `fatal-error` banner's text and any console line with a
    /// Rust panic ("panicked at"). Empty for a healthy page.
    pub async fn fatal_errors(&self) -> Vec<String> {
        let mut found: Vec<String> = self
            .console_log()
            .await
            .into_iter()
            .filter(|line| line.contains("panicked at"))
            .collect();
        if let Ok(banners) = self
            .client
            .find_all(Locator::Css("[data-testid=\"fatal-error\"]"))
            .await
        {
            for banner in banners {
                found.push(format!(
                    "fatal-error banner: {}",
                    banner.text().await.unwrap_or_default()
                ));
            }
        }
        found
    }

    /// Replaces the text of input `testid` with `text`, typed as a user would.
    pub async fn type_into(&self, testid: &str, text: &str) -> TestResult {
        let el = self.by_testid(testid).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    pub async fn by_testid(
        &self,
        testid: &str,
    ) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
    }

    /// Waits until the CSS `selector` matches, failing with `what` after `secs`.
    pub async fn wait_css(
        &self,
        selector: &str,
        secs: u64,
        what: &str,
    ) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(secs))
            .for_element(Locator::Css(selector))
            .await
        {
            Ok(el) => el,
            Err(e) => {
                let status = self
                    .client
                    .find(Locator::Css("[data-testid=connection-status]"))
                    .await;
                let state = match status {
                    Ok(s) => s
                        .attr("data-state")
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default(),
                    Err(_) => "page not mounted".into(),
                };
                let error = match self
                    .client
                    .find(Locator::Css("[data-testid=connection-error]"))
                    .await
                {
                    Ok(e) => e.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("timed out waiting for {what} ({selector}): {e}; connection state {state} {error}");
            }
        }
    }

    /// Waits until the input `testid` holds a non-empty value (e.g. filled by a profile).
    pub async fn wait_value(&self, testid: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Ok(el) = self.by_testid(testid).await {
                if let Ok(Some(v)) = el.prop("value").await {
                    if !v.is_empty() {
                        return v;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "{testid} stayed empty for {secs} s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/artifacts");
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Ends the session. Every test ends here, so this is where a panic in the app fails it:
    /// a `fatal-error` banner in the page or "panicked at" in the browser console.
    pub async fn close(self) {
        let fatal = self.fatal_errors().await;
        let Browser { client, driver, .. } = self;
        let _ = client.close().await;
        drop(driver);
        assert!(fatal.is_empty(), "the app panicked: {fatal:#?}");
    }
}

/// The page the serve command would serve: the release `index.html` with a demo profile block
/// (one generic profile for `broker`) just before `</head>`, as `scripts/serve.sh` writes it.
pub fn broker_profile(
    broker: &Mosquitto,
    subscribe: &str,
    publish: &str,
) -> HashMap<String, Vec<u8>> {
    let json = serde_json::json!({"profiles": [{
        "name": "Local broker", "mode": "generic", "url": broker.ws_url(),
        "subscribe": subscribe, "publish": publish,
    }]});
    HashMap::from([(
        "index.html".to_string(),
        demo_page(&dist_dir(), json.to_string().as_bytes()),
    )])
}

/// `dist`'s `index.html` with `profiles` (the text of `{"profiles":[…]}`) as the page's demo
/// profile block, `<script type="application/json" id="mqtt-console-demo">`, just before
/// `</head>`: what `scripts/serve.sh` serves, read by the app without a request.
pub fn demo_page(dist: &Path, profiles: &[u8]) -> Vec<u8> {
    // `<` escaped, so no text in the data can end the block early.
    let block = format!(
        r#"<script type="application/json" id="mqtt-console-demo">{}</script>"#,
        String::from_utf8_lossy(profiles).replace('<', "\\u003c")
    );
    let page = std::fs::read_to_string(dist.join("index.html")).expect("read dist/index.html");
    assert!(page.contains("</head>"), "dist/index.html has no </head>");
    page.replacen("</head>", &format!("{block}</head>"), 1)
        .into_bytes()
}

/// Serves the release `dist/` (plus `extra` files) under `prefix` and opens it in a fresh
/// headless Chromium.
pub async fn open_console(
    prefix: &'static str,
    extra: HashMap<String, Vec<u8>>,
) -> (StaticServer, Browser) {
    let server = StaticServer::start(dist_dir(), prefix, extra).await;
    let browser = Browser::start().await;
    let url = format!("http://127.0.0.1:{}{prefix}", server.port);
    if let Err(e) = browser.client.goto(&url).await {
        panic!("could not open {url}: {e}");
    }
    (server, browser)
}

impl Browser {
    /// Clicks the button `testid`, then waits for `selector` (`what` names it on failure).
    async fn click_then_wait(&self, testid: &str, selector: &str, what: &str) {
        match self.by_testid(testid).await {
            Ok(button) => button
                .click()
                .await
                .unwrap_or_else(|e| panic!("click {testid}: {e}")),
            Err(e) => panic!("no {testid} button: {e}"),
        };
        self.wait_css(selector, 10, what).await;
    }

    /// Clicks Connect and waits for CONNACK 0.
    pub async fn connect(&self) {
        self.click_then_wait(
            "connect",
            "[data-testid=connection-status][data-state=connected]",
            "CONNACK",
        )
        .await;
    }

    /// Waits for the demo profile to fill the form, connects, and subscribes to the filter the
    /// profile offered, waiting for SUBACK.
    pub async fn connect_and_subscribe(&self) {
        self.wait_value("broker-url", 10).await;
        self.connect().await;
        self.subscribe().await;
    }

    /// Subscribes to the filter in the form and waits for its SUBACK.
    pub async fn subscribe(&self) {
        self.click_then_wait(
            "sub-add",
            "[data-testid=subscription][data-state=active]",
            "SUBACK",
        )
        .await;
    }
}

/// What a `<details>` holding a lazily loaded part shows: its chunk is still being fetched, it
/// failed, or its body is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartState {
    /// No element matches the selector (yet).
    Missing,
    /// `chunk-loading` is shown, or nothing beside the summary yet.
    Loading,
    /// `chunk-error` is shown.
    Failed,
    /// The body is drawn.
    Shown,
}

impl Browser {
    /// The state of the lazily loaded part inside the element `selector`: it is shown once the
    /// element holds any element beside its `<summary>`, the placeholder and the error.
    pub async fn part_state(&self, selector: &str) -> PartState {
        let state = self
            .client
            .execute(
                "const el = document.querySelector(arguments[0]);
                 if (!el) return 'missing';
                 if (el.querySelector('[data-testid=chunk-error]')) return 'failed';
                 if (el.querySelector('[data-testid=chunk-loading]')) return 'loading';
                 const body = [...el.children].filter(c => c.tagName !== 'SUMMARY');
                 return body.length > 0 ? 'shown' : 'loading';",
                vec![serde_json::json!(selector)],
            )
            .await
            .ok();
        match state.as_ref().and_then(|s| s.as_str()) {
            Some("failed") => PartState::Failed,
            Some("loading") => PartState::Loading,
            Some("shown") => PartState::Shown,
            _ => PartState::Missing,
        }
    }

    /// Waits until the part inside `selector` is shown; panics if it fails to load
    /// (`chunk-error`) or is still loading after `secs`.
    pub async fn wait_part(&self, selector: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            match self.part_state(selector).await {
                PartState::Shown => return,
                PartState::Failed => panic!("the part in {selector} failed to load (chunk-error)"),
                state => assert!(
                    Instant::now() < deadline,
                    "the part in {selector} is not shown after {secs} s: {state:?}"
                ),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Opens the `<details>` matched by `selector` unless it is open (its body is a chunk
    /// fetched on first open, e.g. `.will`, `.paste`), and waits for its body.
    pub async fn open_details(&self, selector: &str) -> TestResult {
        let details = self.wait_css(selector, 10, selector).await;
        if details.attr("open").await?.is_none() {
            details
                .find(Locator::Css(":scope > summary"))
                .await?
                .click()
                .await?;
        }
        self.wait_part(selector, 10).await;
        Ok(())
    }

    /// Opens the device tools panel (Aliyun mode) unless it is open, and waits for its body.
    pub async fn open_device_tools(&self) -> TestResult {
        self.open_details("[data-testid=device-tools]").await
    }

    /// Shows the profile bar: it is loaded at once when profiles are saved or the page carries
    /// demo profiles, else behind the `profiles-open` button. Waits for `profile-select`.
    pub async fn open_profiles(&self) -> TestResult {
        self.wait_css(
            "[data-testid=profiles-open], [data-testid=profile-select]",
            10,
            "the profile bar or its button",
        )
        .await;
        if let Ok(button) = self
            .client
            .find(Locator::Css("[data-testid=profiles-open]"))
            .await
        {
            button.click().await?;
        }
        self.wait_css("[data-testid=profile-select]", 10, "the profile bar")
            .await;
        self.open_profiles_dialog().await
    }

    /// Opens the profile management dialog (save, delete, import, export, links) unless it is
    /// open; the profile bar must be shown.
    pub async fn open_profiles_dialog(&self) -> TestResult {
        if self
            .client
            .find(Locator::Css("[data-testid=profiles-dialog]"))
            .await
            .is_err()
        {
            self.wait_css("[data-testid=profiles-manage]", 10, "the profiles button")
                .await
                .click()
                .await?;
        }
        self.wait_css("[data-testid=profile-save]", 10, "the profiles dialog")
            .await;
        Ok(())
    }

    /// Closes the profile management dialog if it is open.
    pub async fn close_profiles_dialog(&self) -> TestResult {
        if let Ok(close) = self
            .client
            .find(Locator::Css("[data-testid=profiles-close]"))
            .await
        {
            close.click().await?;
        }
        Ok(())
    }

    /// Unfolds the publish composer's "More" part (snippets, topic helpers, MQTT 5 properties,
    /// timed publishing, collections) unless it is unfolded.
    pub async fn open_publish_more(&self) -> TestResult {
        let more = self
            .wait_css("[data-testid=pub-more]", 10, "the More button")
            .await;
        if more.attr("aria-expanded").await?.as_deref() != Some("true") {
            more.click().await?;
        }
        Ok(())
    }

    /// Unfolds the current connection's settings while it is connected (they fold into one
    /// line then); does nothing when they are shown.
    pub async fn open_connection_settings(&self) -> TestResult {
        if let Ok(button) = self
            .client
            .find(Locator::Css("[data-testid=connection-settings]"))
            .await
        {
            if button.is_displayed().await?
                && button.attr("aria-expanded").await?.as_deref() == Some("false")
            {
                button.click().await?;
            }
        }
        Ok(())
    }
}
