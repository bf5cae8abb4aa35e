//! What the delivery tests (tests/e2e_delivery.rs) need beside the rest of `support`: the
//! files a page fetched (Resource Timing), their sizes compressed, private copies of dist to
//! break or redeploy, and small page helpers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;

use super::{dist_dir, Browser, TempDir, TestResult};

/// The sub-path the delivery tests serve dist under, as a CDN would.
pub const PREFIX: &str = "/console/";

/// The files of the page's origin under [`PREFIX`] the page fetched so far (navigation and
/// resources, in order; `index.html` for the page itself), from the Resource Timing API. A file
/// asked for twice (the icon, in this build) is listed twice.
pub async fn fetched(browser: &Browser) -> Vec<String> {
    let names = browser
        .client
        .execute(
            "return performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource')).map(e => e.name);",
            vec![],
        )
        .await
        .unwrap_or_default();
    names
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str())
        .filter_map(|url| {
            let path = url.split(['#', '?']).next()?;
            let (_, rel) = path.split_once(PREFIX)?;
            Some(if rel.is_empty() { "index.html" } else { rel }.to_owned())
        })
        .collect()
}

/// Whether `file` is the chunk of `part` (`part-<hash>.wasm`).
pub fn is_chunk_of(file: &str, part: &str) -> bool {
    file.strip_prefix(part)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".wasm"))
        .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The size of `data` compressed with gzip at level 9.
pub fn gzip_len(data: &[u8]) -> u64 {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gz.write_all(data);
    gz.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// The size of `data` compressed with brotli at quality 11 (window 22).
pub fn brotli_len(data: &[u8]) -> u64 {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = w.write_all(data);
    }
    out.len() as u64
}

/// A copy of the release dist in a private directory, which a test may change.
pub fn dist_copy(tag: &str) -> TempDir {
    let tmp = TempDir::new(tag);
    copy_dir(&dist_dir(), &tmp.0);
    tmp
}

/// Copies the folder `from` into `to`, subfolders included.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dist copy");
    for entry in std::fs::read_dir(from).expect("read dist").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a dist file");
        }
    }
}

/// The file of `dir` named `part-<hash>.wasm`.
pub fn chunk_file(dir: &Path, part: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .expect("read dist")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| is_chunk_of(n, part))
        })
        .unwrap_or_else(|| panic!("dist has no chunk {part}-*.wasm"))
}

/// Opens dist served on `port` under [`PREFIX`], with `fragment` (`#…` or empty).
pub async fn open(browser: &Browser, port: u16, fragment: &str) {
    let url = format!("http://127.0.0.1:{port}{PREFIX}{fragment}");
    if let Err(e) = browser.client.goto(&url).await {
        panic!("could not open {url}: {e}");
    }
}

/// Clicks the element `testid` (waiting up to 10 s for it).
pub async fn click(browser: &Browser, testid: &str) -> TestResult {
    browser.by_testid(testid).await?.click().await?;
    Ok(())
}

/// The value of input `testid`; panics if there is no such input.
pub async fn value(browser: &Browser, testid: &str) -> String {
    match browser.by_testid(testid).await {
        Ok(el) => el.prop("value").await.ok().flatten().unwrap_or_default(),
        Err(e) => panic!("no {testid}: {e}"),
    }
}

/// Runs `script` in the page; panics if it throws.
pub async fn js(browser: &Browser, script: &str) -> serde_json::Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
}

/// Whether an element `testid` is in the page now (no waiting).
pub async fn is_present(browser: &Browser, testid: &str) -> bool {
    browser
        .client
        .find(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await
        .is_ok()
}

/// Polls `script` (returning a boolean) every 150 ms until it is true, for up to `secs`.
pub async fn until(browser: &Browser, script: &str, secs: u64, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Ok(v) = browser.client.execute(script, vec![]).await {
            if v.as_bool() == Some(true) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{what} within {secs} s");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// A new deployment of the temp dist: a changed file, and the worker written again.
pub fn redeploy(dist: &Path) {
    let manifest = dist.join("manifest.webmanifest");
    let mut text = std::fs::read(&manifest).expect("read the manifest");
    text.push(b' ');
    std::fs::write(&manifest, text).expect("change the manifest");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new("python3")
        .arg(root.join("scripts/pwa.py"))
        .arg(dist)
        .current_dir(&root)
        .status()
        .expect("run scripts/pwa.py");
    assert!(status.success(), "scripts/pwa.py failed: {status}");
}

/// Asks the browser to look for a new worker now, and waits for the update notice.
pub async fn notice_update(browser: &Browser) {
    js(
        browser,
        "navigator.serviceWorker.getRegistration().then(r => r && r.update()); return true;",
    )
    .await;
    browser
        .wait_css("[data-testid=update-ready]", 10, "the update notice")
        .await;
}

/// How many caches the page's origin holds (one per deployed version the worker keeps).
pub async fn cache_count(browser: &Browser) -> usize {
    let keys = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.keys().then(k => done(k.length));",
            vec![],
        )
        .await
        .unwrap_or_default();
    keys.as_u64().unwrap_or(0) as usize
}

/// RFC 4648 §5 base64url without padding, as links carry their JSON.
pub fn base64url(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Makes the page hand every file it offers for download to `window.__exports`.
pub async fn capture_downloads(browser: &Browser) -> TestResult {
    browser
        .client
        .execute(
            "window.__exports = []; const create = URL.createObjectURL; \
             URL.createObjectURL = (b) => { window.__exports.push(b); return create(b); }; return true;",
            vec![],
        )
        .await?;
    Ok(())
}

/// The text of the `n`th file the page offered (from 0), waiting up to 10 s for it (an export
/// may first fetch its chunk); empty if it never came.
pub async fn download_text(
    browser: &Browser,
    n: usize,
) -> Result<String, Box<dyn std::error::Error>> {
    let text = browser
        .client
        .execute_async(
            "const n = arguments[0], done = arguments[arguments.length - 1]; \
             const until = Date.now() + 10000; \
             const look = () => window.__exports.length > n ? window.__exports[n].text().then(done) \
               : Date.now() > until ? done('') : setTimeout(look, 20); \
             look();",
            vec![serde_json::json!(n)],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}
