//! What Linux says about a process in `/proc/PID`, for the soaks (both binaries include this).

/// A `kB` field of `/proc/PID/status` (`VmRSS:`, `VmHWM:`, `RssAnon:`, or a count like
/// `Threads:`), from the file's text.
pub fn status_field(status: &str, name: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// The text of `/proc/PID/status`.
pub fn status(pid: u32) -> Result<String, String> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))
}

/// The fields of `/proc/PID/stat` after the command name (which may hold spaces and ends with
/// `)`): the state is the first of them, the process group the third, utime the twelfth.
pub fn stat_fields(pid: u32) -> Vec<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}
