//! chromedriver's own endpoints that fantoccini does not wrap: the browser console log and the
//! Chrome DevTools Protocol. Spoken as plain HTTP/1.1 to the local chromedriver, so the support
//! code needs no HTTP client crate of its own.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// POSTs `body` to `/session/{session}/{endpoint}` on the chromedriver at `port` and returns
/// the `value` of its JSON answer.
pub async fn post(port: u16, session: &str, endpoint: &str, body: &Value) -> Result<Value, String> {
    let body = body.to_string();
    let request = format!(
        "POST /session/{session}/{endpoint} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut sock = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("chromedriver on port {port}: {e}"))?;
    sock.write_all(request.as_bytes())
        .await
        .map_err(|e| format!("writing to chromedriver: {e}"))?;
    let (head, payload) =
        tokio::time::timeout(std::time::Duration::from_secs(60), read_answer(&mut sock))
            .await
            .map_err(|_| format!("chromedriver did not answer {endpoint} within 60 s"))??;
    let json: Value = serde_json::from_slice(&payload)
        .map_err(|e| format!("chromedriver's answer to {endpoint} is not JSON: {e}"))?;
    if !head.starts_with("http/1.1 200") {
        return Err(format!("chromedriver refused {endpoint}: {json}"));
    }
    Ok(json.get("value").cloned().unwrap_or(Value::Null))
}

/// Reads exactly one answer (chromedriver keeps the connection open whatever the request
/// says): the headers, then Content-Length bytes or chunks up to the last one.
async fn read_answer(sock: &mut TcpStream) -> Result<(String, Vec<u8>), String> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(answer) = complete_answer(&raw)? {
            return Ok(answer);
        }
        let n = sock
            .read(&mut buf)
            .await
            .map_err(|e| format!("reading from chromedriver: {e}"))?;
        if n == 0 {
            return complete_answer(&raw)?
                .ok_or_else(|| "chromedriver closed the connection mid-answer".to_owned());
        }
        raw.extend_from_slice(&buf[..n]);
    }
}

/// `(lower-cased head, body)` once `raw` holds a whole HTTP answer, `None` while it does not.
fn complete_answer(raw: &[u8]) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if head.contains("transfer-encoding: chunked") {
        if !body.ends_with(b"0\r\n\r\n") {
            return Ok(None);
        }
        return Ok(Some((head.clone(), dechunk(body)?)));
    }
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .ok_or("chromedriver's answer has neither a length nor chunks")?;
    Ok((body.len() >= length).then(|| (head.clone(), body[..length].to_vec())))
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk without its size line")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("bad chunk size {size_text:?}: {e}"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = body.get(..size).ok_or("a chunk shorter than its size")?;
        out.extend_from_slice(chunk);
        body = body.get(size + 2..).unwrap_or(&[]);
    }
}
