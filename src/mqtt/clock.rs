//! Time as the session sees it: passed in by the caller, never read from a clock.

/// A reading of the caller's monotonic clock, in milliseconds. Only differences matter, so any
/// origin works (e.g. `performance.now()` truncated), as long as it never goes backwards.
pub type Millis = u64;
