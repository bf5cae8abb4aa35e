//! The HTTP API poller: what a console tab or a script watching the emulator does, once a
//! second, on a fresh connection each time (so per-connection state would pile up if the
//! emulator kept any): the new log entries (`since=`), the device list and the latest
//! property values; every tenth round the whole log as well.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How often the API is polled.
pub const POLL_EVERY: Duration = Duration::from_secs(1);
/// Every how many rounds the whole log is fetched too.
const FULL_LOG_EVERY: u64 = 10;
/// How long one request may take.
const REQUEST_LIMIT: Duration = Duration::from_secs(10);

/// What the poller has seen; shared with the sampler and the report.
#[derive(Debug, Default)]
pub struct ApiTally {
    pub requests: AtomicU64,
    /// Errors, non-200 answers and answers that were not the expected JSON.
    pub failures: AtomicU64,
    /// The largest log `seq` seen.
    pub last_seq: AtomicU64,
    /// Log entries read through `since=` polls.
    pub entries_seen: AtomicU64,
    /// Times a `since=` poll started past the next `seq`: entries fell off before being read.
    pub gaps: AtomicU64,
    /// Entries and bytes of the last whole-log answer.
    pub full_log_entries: AtomicU64,
    pub full_log_bytes: AtomicU64,
    /// Whole-log answers whose length was not min(seq, capacity).
    pub full_log_wrong: AtomicU64,
    /// Times the device list showed the soaking device offline.
    pub offline_seen: AtomicU64,
    /// Set by the owner to end [`poll`].
    pub stop: AtomicBool,
    /// When the first whole-log answer with a full ring arrived: from then on every buffer
    /// the emulator needs has had its full size once.
    pub full_answer_at: Mutex<Option<Instant>>,
}

impl ApiTally {
    /// [`ApiTally::full_answer_at`] as time since `start`.
    pub fn steady_at(&self, start: Instant) -> Option<Duration> {
        let at = *self
            .full_answer_at
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        at.map(|at| at.saturating_duration_since(start))
    }
}

/// Polls `http` every [`POLL_EVERY`] until `tally.stop` is set. The first failure is kept as
/// text for the report; later ones are only counted.
pub async fn poll(
    http: String,
    product_key: String,
    device_name: String,
    capacity: u64,
    tally: Arc<ApiTally>,
) -> Option<String> {
    let mut first_failure = None;
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut round = 0u64;
    while !tally.stop.load(Ordering::Relaxed) {
        tick.tick().await;
        round += 1;
        let mut results = vec![
            poll_new_entries(&http, &tally).await,
            poll_devices(&http, &device_name, &tally).await,
            get_json(
                &http,
                &format!("/api/properties?productKey={product_key}&deviceName={device_name}"),
                &tally,
            )
            .await
            .map(|_| ()),
        ];
        // Also as soon as the ring is full, so that the steady state starts early.
        let ring_full = tally.last_seq.load(Ordering::Relaxed) >= capacity;
        let first_full = ring_full && tally.steady_at(Instant::now()).is_none();
        if round.is_multiple_of(FULL_LOG_EVERY) || first_full {
            results.push(poll_full_log(&http, capacity, &tally).await);
        }
        for result in results {
            if let Err(e) = result {
                tally.failures.fetch_add(1, Ordering::Relaxed);
                first_failure.get_or_insert(e);
            }
        }
    }
    first_failure
}

async fn poll_new_entries(http: &str, tally: &ApiTally) -> Result<(), String> {
    let since = tally.last_seq.load(Ordering::Relaxed);
    let (doc, _) = get_json(http, &format!("/api/log?since={since}"), tally).await?;
    let entries = doc["entries"]
        .as_array()
        .ok_or_else(|| "GET /api/log: no entries array".to_string())?;
    let seqs: Vec<u64> = entries.iter().filter_map(|e| e["seq"].as_u64()).collect();
    if seqs.len() != entries.len() {
        return Err("GET /api/log: an entry without seq".to_string());
    }
    if let Some(&first) = seqs.first() {
        if first != since + 1 {
            tally.gaps.fetch_add(1, Ordering::Relaxed);
        }
    }
    if let Some(&last) = seqs.last() {
        tally.last_seq.store(last, Ordering::Relaxed);
    }
    tally
        .entries_seen
        .fetch_add(seqs.len() as u64, Ordering::Relaxed);
    Ok(())
}

async fn poll_devices(http: &str, device_name: &str, tally: &ApiTally) -> Result<(), String> {
    let (doc, _) = get_json(http, "/api/devices", tally).await?;
    let online = doc["devices"]
        .as_array()
        .and_then(|list| list.iter().find(|d| d["deviceName"] == device_name))
        .map(|d| d["online"] == true);
    match online {
        Some(true) => Ok(()),
        Some(false) => {
            tally.offline_seen.fetch_add(1, Ordering::Relaxed);
            Err(format!("GET /api/devices: {device_name} is offline"))
        }
        None => Err(format!("GET /api/devices: no {device_name}")),
    }
}

async fn poll_full_log(http: &str, capacity: u64, tally: &ApiTally) -> Result<(), String> {
    let (doc, bytes) = get_json(http, "/api/log", tally).await?;
    let entries = doc["entries"]
        .as_array()
        .ok_or_else(|| "GET /api/log: no entries array".to_string())?;
    let last = entries.last().and_then(|e| e["seq"].as_u64()).unwrap_or(0);
    tally
        .full_log_entries
        .store(entries.len() as u64, Ordering::Relaxed);
    tally.full_log_bytes.store(bytes as u64, Ordering::Relaxed);
    if entries.len() as u64 == capacity {
        let mut at = tally
            .full_answer_at
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        at.get_or_insert_with(Instant::now);
    }
    if entries.len() as u64 != last.min(capacity) {
        tally.full_log_wrong.fetch_add(1, Ordering::Relaxed);
        return Err(format!(
            "GET /api/log: {} entries up to seq {last} in a ring of {capacity}",
            entries.len()
        ));
    }
    Ok(())
}

/// One GET with `Connection: close`; the JSON body and its size in bytes.
async fn get_json(
    http: &str,
    path: &str,
    tally: &ApiTally,
) -> Result<(serde_json::Value, usize), String> {
    tally.requests.fetch_add(1, Ordering::Relaxed);
    let (status, body) = tokio::time::timeout(REQUEST_LIMIT, get(http, path))
        .await
        .map_err(|_| format!("GET {path}: no answer within {REQUEST_LIMIT:?}"))??;
    if status != 200 {
        return Err(format!("GET {path}: status {status}"));
    }
    let doc = serde_json::from_slice(&body).map_err(|e| format!("GET {path}: not JSON: {e}"))?;
    Ok((doc, body.len()))
}

async fn get(http: &str, path: &str) -> Result<(u16, Vec<u8>), String> {
    let mut sock = TcpStream::connect(http)
        .await
        .map_err(|e| format!("GET {path}: connect: {e}"))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {http}\r\nConnection: close\r\n\r\n");
    sock.write_all(request.as_bytes())
        .await
        .map_err(|e| format!("GET {path}: send: {e}"))?;
    let mut raw = Vec::new();
    sock.read_to_end(&mut raw)
        .await
        .map_err(|e| format!("GET {path}: read: {e}"))?;
    parse_response(&raw).ok_or_else(|| format!("GET {path}: not an HTTP response"))
}

/// The status and the body (de-chunked if need be) of a whole HTTP/1.1 response.
fn parse_response(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let body = &raw[split + 4..];
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    if !chunked {
        return Some((status, body.to_vec()));
    }
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some((status, out));
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_bodies() {
        let plain = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse_response(plain), Some((200, b"{}".to_vec())));
        let chunked =
            b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked), Some((404, b"{\"a\":1}".to_vec())));
        assert_eq!(parse_response(b"garbage"), None);
    }
}
