//! The workspace: several connections open at once in one tab.
//!
//! Which connections are open, their names and colours, which one is shown, how the one log
//! capacity is shared between them, and the file kept in `localStorage` so the open connections
//! come back after a reload. Secrets never reach that file: each connection is saved as a
//! [`Profile`] stripped by [`without_secrets`].

use serde::{Deserialize, Serialize};

use crate::model::log::{LogEntry, MessageLog};
use crate::model::profiles::{coerce_name, normalize_name, without_secrets, NameError, Profile};

/// At most this many connections are open at once; each holds a WebSocket, a session and a log.
pub const MAX_CONNECTIONS: usize = 12;

/// Colours a connection can be marked with (indexes into the style sheet's palette).
pub const PALETTE: usize = 8;

/// The saved workspace file's format version.
pub const WORKSPACE_VERSION: u32 = 1;

/// A saved workspace larger than this is not read. It holds forms, names and each
/// connection's decoders, whose `.proto` files may take up to
/// [`MAX_PROTO_BYTES`](crate::model::decoding::MAX_PROTO_BYTES) each; the browser's storage
/// quota (about 5 MB for the whole site) is the real bound.
pub const MAX_WORKSPACE_BYTES: usize = 4 * 1024 * 1024;

/// An id that stays with one open connection until it is closed (never reused in a page).
pub type ConnId = u32;

/// One open connection as the workspace knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stays the same while the connection is open.
    pub id: ConnId,
    /// Shown on its tab and beside its messages in the combined log; unique in the workspace.
    pub name: String,
    /// Index into the palette ([`PALETTE`] colours).
    pub color: usize,
}

/// Why a workspace action was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceError {
    /// [`MAX_CONNECTIONS`] are open already.
    TooMany,
    /// Another open connection has this name.
    NameTaken(String),
    /// The name is empty, too long or has control characters.
    BadName(NameError),
    /// No open connection has this id (it was closed meanwhile).
    Gone,
}

/// The open connections, in tab order, and the one shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    entries: Vec<Entry>,
    current: ConnId,
    next_id: ConnId,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            entries: vec![Entry {
                id: 1,
                name: "#1".to_owned(),
                color: 0,
            }],
            current: 1,
            next_id: 2,
        }
    }
}

impl Workspace {
    /// Every open connection in tab order (never empty).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The connection shown.
    pub fn current(&self) -> ConnId {
        self.current
    }

    /// The id the next connection opened gets.
    pub fn next_id(&self) -> ConnId {
        self.next_id
    }

    /// The entry of `id`, if it is open.
    pub fn get(&self, id: ConnId) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// A name no open connection has: `wanted` itself when free, else `wanted (2)`, `(3)`, …
    /// (an empty `wanted` gives `#N`).
    pub fn free_name(&self, wanted: &str) -> String {
        let base = coerce_name(wanted).unwrap_or_else(|| format!("#{}", self.next_id));
        let taken = |n: &str| self.entries.iter().any(|e| e.name == n);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|k| format!("{base} ({k})"))
            .find(|n| !taken(n))
            .unwrap_or(base)
    }

    /// Opens a connection named like `wanted` (made unique), shows it and returns its id.
    pub fn add(&mut self, wanted: &str) -> Result<ConnId, WorkspaceError> {
        if self.entries.len() >= MAX_CONNECTIONS {
            return Err(WorkspaceError::TooMany);
        }
        let name = self.free_name(wanted);
        let id = self.next_id;
        self.next_id += 1;
        // The colour least used among the open ones, so two tabs rarely share one.
        let color = (0..PALETTE)
            .min_by_key(|c| (self.entries.iter().filter(|e| e.color == *c).count(), *c))
            .unwrap_or(0);
        self.entries.push(Entry { id, name, color });
        self.current = id;
        Ok(id)
    }

    /// Closes `id`. Closing the only connection leaves a fresh one in its place, so there is
    /// always a form to type into; returns the id of the fresh one then. When the shown one
    /// closes, its right neighbour (else its left one) is shown.
    pub fn close(&mut self, id: ConnId) -> Result<Option<ConnId>, WorkspaceError> {
        let at = self
            .entries
            .iter()
            .position(|e| e.id == id)
            .ok_or(WorkspaceError::Gone)?;
        self.entries.remove(at);
        if self.entries.is_empty() {
            let fresh = self.add("")?;
            return Ok(Some(fresh));
        }
        if self.current == id {
            self.current = self.entries[at.min(self.entries.len() - 1)].id;
        }
        Ok(None)
    }

    /// Shows `id`.
    pub fn select(&mut self, id: ConnId) -> Result<(), WorkspaceError> {
        self.get(id).ok_or(WorkspaceError::Gone)?;
        self.current = id;
        Ok(())
    }

    /// Renames `id`; the name is trimmed and must be unique among the open connections.
    pub fn rename(&mut self, id: ConnId, name: &str) -> Result<(), WorkspaceError> {
        let name = normalize_name(name).map_err(WorkspaceError::BadName)?;
        if self.entries.iter().any(|e| e.id != id && e.name == name) {
            return Err(WorkspaceError::NameTaken(name));
        }
        let entry = self
            .entries
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or(WorkspaceError::Gone)?;
        entry.name = name;
        Ok(())
    }

    /// The log capacity each open connection gets when `total` messages are allowed for the
    /// whole workspace: equal shares (at least one message each), so the workspace never holds
    /// more than `total` whatever the number of connections.
    pub fn log_share(&self, total: usize) -> usize {
        (total / self.entries.len().max(1)).max(1)
    }
}

/// The newest `limit` messages of a log, oldest first: what a log gives the combined log.
pub fn newest(log: &MessageLog, limit: usize) -> Vec<LogEntry> {
    let first = log.next_seq().saturating_sub(limit as u64);
    log.since(first).cloned().collect()
}

/// The newest `limit` messages across several connections' logs (each oldest first, as
/// [`newest`] gives them), oldest first, each with the index of its list: the combined log.
/// Messages of one time keep the lists' order.
pub fn merge_recent(lists: Vec<Vec<LogEntry>>, limit: usize) -> Vec<(usize, LogEntry)> {
    let mut all: Vec<(usize, LogEntry)> = lists
        .into_iter()
        .enumerate()
        .flat_map(|(i, list)| list.into_iter().map(move |e| (i, e)))
        .collect();
    // Stable: equal times stay in list order, and each list's own order is kept.
    all.sort_by(|a, b| a.1.time_ms.total_cmp(&b.1.time_ms));
    let cut = all.len().saturating_sub(limit);
    all.split_off(cut)
}

/// Unread messages of a connection not shown: what it received since it was last shown.
pub fn unread(received: u64, seen: u64) -> u64 {
    received.saturating_sub(seen)
}

/// One connection in the saved workspace file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedConnection {
    /// The connection's form and topics, without any secret; its `name` is the tab's name.
    pub profile: Profile,
}

/// The workspace as kept in `localStorage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWorkspace {
    /// [`WORKSPACE_VERSION`].
    pub version: u32,
    /// Index of the connection shown.
    pub current: usize,
    /// The log capacity of the whole workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_capacity: Option<usize>,
    /// The open connections in tab order.
    pub connections: Vec<SavedConnection>,
}

/// Why a saved workspace was not restored (the page then opens one connection as usual).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// Larger than [`MAX_WORKSPACE_BYTES`].
    TooLarge { bytes: usize },
    /// Not JSON of the expected shape; the parser's own words.
    Unreadable(String),
    /// Written by a newer console.
    Version(u32),
    /// Lists no connection.
    Empty,
}

impl SavedWorkspace {
    /// The workspace to save: `profiles` in tab order (one per entry of `ws`; their names are
    /// replaced by the tabs' names and every secret is removed here, whatever the caller passed).
    pub fn capture(ws: &Workspace, profiles: Vec<Profile>, log_capacity: usize) -> SavedWorkspace {
        let connections = ws
            .entries
            .iter()
            .zip(profiles)
            .map(|(e, p)| SavedConnection {
                profile: Profile {
                    decoders: Default::default(),
                    name: e.name.clone(),
                    form: without_secrets(p.form),
                    ..p
                },
            })
            .collect();
        SavedWorkspace {
            version: WORKSPACE_VERSION,
            current: ws
                .entries
                .iter()
                .position(|e| e.id == ws.current)
                .unwrap_or(0),
            log_capacity: Some(log_capacity),
            connections,
        }
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a saved workspace; at most [`MAX_CONNECTIONS`] are kept, names are made usable and
    /// unique, secrets that a hand-edited file carries are dropped.
    pub fn from_json(text: &str) -> Result<SavedWorkspace, RestoreError> {
        if text.len() > MAX_WORKSPACE_BYTES {
            return Err(RestoreError::TooLarge { bytes: text.len() });
        }
        let mut saved: SavedWorkspace =
            serde_json::from_str(text).map_err(|e| RestoreError::Unreadable(e.to_string()))?;
        if saved.version != WORKSPACE_VERSION {
            return Err(RestoreError::Version(saved.version));
        }
        saved.connections.truncate(MAX_CONNECTIONS);
        if saved.connections.is_empty() {
            return Err(RestoreError::Empty);
        }
        if saved.current >= saved.connections.len() {
            saved.current = 0;
        }
        for c in &mut saved.connections {
            c.profile.form = without_secrets(std::mem::take(&mut c.profile.form));
        }
        Ok(saved)
    }

    /// The workspace model these connections open as, in the same order, with ids from
    /// `first_id` on (a page replacing its first connection passes its next free id).
    pub fn workspace(&self, first_id: ConnId) -> Workspace {
        let mut ws = Workspace {
            entries: Vec::new(),
            current: first_id,
            next_id: first_id,
        };
        for c in &self.connections {
            // Cannot fail: at most MAX_CONNECTIONS were kept.
            let _ = ws.add(&c.profile.name);
        }
        let current = ws.entries.get(self.current).map_or(first_id, |e| e.id);
        ws.current = current;
        ws
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::Mode;

    fn profile(name: &str, password: &str) -> Profile {
        let mut p = Profile {
            decoders: Default::default(),
            name: name.to_owned(),
            form: Default::default(),
            subscribe: Some("a/#".to_owned()),
            publish: None,
            subscribe_options: Default::default(),
        };
        p.form.mode = Mode::Generic;
        p.form.url = "ws://127.0.0.1:8083/mqtt".to_owned();
        p.form.password = password.to_owned();
        p.form.device_secret = password.to_owned();
        p
    }

    #[test]
    fn adding_names_uniquely_and_shows_the_new_one() {
        let mut ws = Workspace::default();
        let a = ws.add("device A").unwrap();
        let b = ws.add("device A").unwrap();
        let c = ws.add("  ").unwrap();
        assert_eq!(ws.get(a).unwrap().name, "device A");
        assert_eq!(ws.get(b).unwrap().name, "device A (2)");
        assert_eq!(ws.get(c).unwrap().name, format!("#{c}"));
        assert_eq!(ws.current(), c);
        let colors: Vec<usize> = ws.entries().iter().map(|e| e.color).collect();
        assert_eq!(
            colors,
            vec![0, 1, 2, 3],
            "each new tab gets an unused colour"
        );
    }

    #[test]
    fn at_most_max_connections() {
        let mut ws = Workspace::default();
        for _ in 1..MAX_CONNECTIONS {
            ws.add("x").unwrap();
        }
        assert_eq!(ws.add("x"), Err(WorkspaceError::TooMany));
        assert_eq!(ws.entries().len(), MAX_CONNECTIONS);
    }

    #[test]
    fn closing_shows_a_neighbour_and_never_leaves_none() {
        let mut ws = Workspace::default();
        let b = ws.add("b").unwrap();
        let c = ws.add("c").unwrap();
        ws.select(b).unwrap();
        assert_eq!(ws.close(b), Ok(None));
        assert_eq!(ws.current(), c, "the right neighbour is shown");
        assert_eq!(ws.close(c), Ok(None));
        assert_eq!(ws.current(), 1, "else the left one");
        let fresh = ws.close(1).unwrap().expect("a fresh connection");
        assert_eq!(ws.entries().len(), 1);
        assert_eq!(ws.current(), fresh);
        assert_ne!(fresh, 1, "ids are never reused");
        assert_eq!(ws.close(99), Err(WorkspaceError::Gone));
        assert_eq!(ws.select(99), Err(WorkspaceError::Gone));
    }

    #[test]
    fn closing_another_keeps_the_shown_one() {
        let mut ws = Workspace::default();
        let b = ws.add("b").unwrap();
        ws.close(1).unwrap();
        assert_eq!(ws.current(), b);
    }

    #[test]
    fn renaming_checks_the_name() {
        let mut ws = Workspace::default();
        let b = ws.add("b").unwrap();
        assert_eq!(ws.rename(b, "  bridge "), Ok(()));
        assert_eq!(ws.get(b).unwrap().name, "bridge");
        assert_eq!(
            ws.rename(1, "bridge"),
            Err(WorkspaceError::NameTaken("bridge".to_owned()))
        );
        assert_eq!(
            ws.rename(1, ""),
            Err(WorkspaceError::BadName(NameError::Empty))
        );
        assert_eq!(ws.rename(b, "bridge"), Ok(()), "its own name is free");
        assert_eq!(ws.rename(42, "x"), Err(WorkspaceError::Gone));
    }

    #[test]
    fn one_log_bound_for_all_connections() {
        let mut ws = Workspace::default();
        assert_eq!(ws.log_share(100_000), 100_000);
        ws.add("b").unwrap();
        ws.add("c").unwrap();
        assert_eq!(ws.log_share(100_000), 33_333);
        assert!(ws.log_share(100_000) * ws.entries().len() <= 100_000);
        assert_eq!(
            ws.log_share(1),
            1,
            "every connection keeps its last message"
        );
    }

    fn entry(t: f64, topic: &str) -> LogEntry {
        LogEntry {
            seq: 0,
            time_ms: t,
            direction: crate::model::Direction::In,
            topic: topic.to_owned(),
            payload: Default::default(),
            qos: 0,
            retain: false,
            dup: false,
        }
    }

    #[test]
    fn the_combined_log_is_the_newest_across_logs_in_time_order() {
        let mut a = MessageLog::with_capacity(100);
        let mut b = MessageLog::with_capacity(100);
        for t in [1.0, 4.0, 6.0] {
            a.push(entry(t, "a"));
        }
        for t in [2.0, 4.0, 5.0, 7.0] {
            b.push(entry(t, "b"));
        }
        let merged = merge_recent(vec![newest(&a, 5), newest(&b, 5)], 5);
        let got: Vec<(usize, f64)> = merged.iter().map(|(i, e)| (*i, e.time_ms)).collect();
        assert_eq!(got, vec![(0, 4.0), (1, 4.0), (1, 5.0), (0, 6.0), (1, 7.0)]);
        assert_eq!(
            merge_recent(vec![newest(&a, 100), newest(&b, 100)], 100).len(),
            7
        );
        assert_eq!(newest(&b, 2).len(), 2);
        assert_eq!(newest(&b, 2)[1].time_ms, 7.0, "the newest, oldest first");
        assert!(merge_recent(Vec::new(), 10).is_empty());
    }

    #[test]
    fn unread_counts_what_came_since_last_shown() {
        assert_eq!(unread(10, 4), 6);
        assert_eq!(unread(3, 4), 0);
    }

    #[test]
    fn the_saved_file_round_trips_without_secrets() {
        let mut ws = Workspace::default();
        ws.rename(1, "device").unwrap();
        let b = ws.add("broker").unwrap();
        ws.select(b).unwrap();
        let saved = SavedWorkspace::capture(
            &ws,
            vec![profile("ignored", "s3cret"), profile("x", "hunter2")],
            50_000,
        );
        let json = saved.to_json();
        assert!(
            !json.contains("s3cret") && !json.contains("hunter2"),
            "{json}"
        );
        let back = SavedWorkspace::from_json(&json).unwrap();
        assert_eq!(back, saved);
        assert_eq!(back.current, 1);
        assert_eq!(back.log_capacity, Some(50_000));
        assert_eq!(back.connections[0].profile.name, "device");
        assert_eq!(
            back.connections[1].profile.subscribe.as_deref(),
            Some("a/#")
        );
        let ws2 = back.workspace(5);
        assert_eq!(ws2.entries()[0].id, 5, "ids from the one given");
        let names: Vec<&str> = ws2.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["device", "broker"]);
        assert_eq!(ws2.current(), ws2.entries()[1].id);
    }

    #[test]
    fn a_hand_edited_file_is_read_safely() {
        let mut saved = SavedWorkspace::capture(&Workspace::default(), vec![profile("a", "")], 10);
        saved.connections[0].profile.form.password = "leaked".to_owned();
        saved.connections[0].profile.name = "same".to_owned();
        saved.connections.push(saved.connections[0].clone());
        saved.current = 7;
        let back = SavedWorkspace::from_json(&saved.to_json()).unwrap();
        assert!(back
            .connections
            .iter()
            .all(|c| c.profile.form.password.is_empty()));
        assert_eq!(back.current, 0, "an index out of range shows the first");
        let ws = back.workspace(1);
        assert_eq!(ws.entries()[1].name, "same (2)", "names are made unique");
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert!(matches!(
            SavedWorkspace::from_json("{"),
            Err(RestoreError::Unreadable(_))
        ));
        assert_eq!(
            SavedWorkspace::from_json(r#"{"version":2,"current":0,"connections":[]}"#),
            Err(RestoreError::Version(2))
        );
        assert_eq!(
            SavedWorkspace::from_json(r#"{"version":1,"current":0,"connections":[]}"#),
            Err(RestoreError::Empty)
        );
        let big = " ".repeat(MAX_WORKSPACE_BYTES + 1);
        assert_eq!(
            SavedWorkspace::from_json(&big),
            Err(RestoreError::TooLarge {
                bytes: MAX_WORKSPACE_BYTES + 1
            })
        );
    }

    #[test]
    fn a_long_list_is_cut_to_the_maximum() {
        let ps: Vec<Profile> = (0..MAX_CONNECTIONS + 3)
            .map(|i| profile(&i.to_string(), ""))
            .collect();
        let mut ws = Workspace::default();
        for _ in 1..MAX_CONNECTIONS {
            ws.add("").unwrap();
        }
        let mut saved = SavedWorkspace::capture(&ws, ps.clone(), 10);
        saved.connections = ps
            .into_iter()
            .map(|profile| SavedConnection { profile })
            .collect();
        let back = SavedWorkspace::from_json(&saved.to_json()).unwrap();
        assert_eq!(back.connections.len(), MAX_CONNECTIONS);
        assert_eq!(back.workspace(1).entries().len(), MAX_CONNECTIONS);
    }
}
