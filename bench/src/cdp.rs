//! Chromium's DevTools protocol through chromedriver (`goog/cdp/execute`): a CPU profile of a
//! measurement when the harness is asked for one (`BENCH_PROFILE`).

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::Value;

#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn call(client: &Client, cmd: &'static str, params: Value) -> Result<Value, String> {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| format!("CDP {cmd}: {e}"))
}

/// Starts sampling the page's main thread.
pub async fn start_profile(client: &Client) -> Result<(), String> {
    call(client, "Profiler.enable", serde_json::json!({})).await?;
    call(
        client,
        "Profiler.setSamplingInterval",
        serde_json::json!({"interval": std::env::var("BENCH_PROFILE_INTERVAL_US").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(200)}),
    )
    .await?;
    call(client, "Profiler.start", serde_json::json!({})).await?;
    Ok(())
}

/// Stops sampling and writes the profile (loadable in Chromium's DevTools) to `path`.
pub async fn stop_profile(client: &Client, path: &std::path::Path) -> Result<(), String> {
    let v = call(client, "Profiler.stop", serde_json::json!({})).await?;
    std::fs::write(path, v["profile"].to_string())
        .map_err(|e| format!("write {}: {e}", path.display()))
}
