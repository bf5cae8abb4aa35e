//! The body of `GET /api/log`: `{"entries":[…]}` written a piece at a time while it is sent.
//!
//! A full ring is megabytes of JSON. Built whole, that text needs one large buffer per
//! request; glibc then raises its mmap threshold to the buffer's size, serves later large
//! buffers from its heaps and keeps them resident, so the emulator's memory climbed in steps
//! for many minutes under a steady poller (see BENCHMARKS.md, "Emulator soak"). Written in
//! pieces of about [`PIECE`] bytes, a request needs only small buffers, however large the ring.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::broker::LogEntry;

/// Roughly how much JSON goes out per piece; well under glibc's 128 KB mmap threshold.
pub const PIECE: usize = 32 * 1024;

/// A 200 response whose body is `{"entries":[…]}`, written lazily from shared entries.
pub fn log_response(entries: Vec<Arc<LogEntry>>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(futures_util::stream::iter(Pieces::new(entries))),
    )
        .into_response()
}

/// Produces the JSON text piece by piece.
struct Pieces {
    entries: std::vec::IntoIter<Arc<LogEntry>>,
    started: bool,
    finished: bool,
}

impl Pieces {
    fn new(entries: Vec<Arc<LogEntry>>) -> Pieces {
        Pieces {
            entries: entries.into_iter(),
            started: false,
            finished: false,
        }
    }
}

impl Iterator for Pieces {
    type Item = Result<Bytes, std::io::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let mut piece = Vec::with_capacity(PIECE + 1024);
        if !self.started {
            piece.extend_from_slice(b"{\"entries\":[");
        }
        while piece.len() < PIECE {
            let Some(entry) = self.entries.next() else {
                piece.extend_from_slice(b"]}");
                self.finished = true;
                break;
            };
            if self.started {
                piece.push(b',');
            }
            self.started = true;
            if let Err(e) = serde_json::to_writer(&mut piece, &*entry) {
                // Cannot happen for these plain fields; if it did, the body ends short and
                // the client sees a broken answer rather than a silently wrong one.
                self.finished = true;
                return Some(Err(std::io::Error::other(e)));
            }
        }
        Some(Ok(Bytes::from(piece)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::broker::{Event, LogFilter, LogKind, MessageLog};

    fn body_of(entries: Vec<Arc<LogEntry>>) -> (Vec<usize>, serde_json::Value) {
        let pieces = Pieces::new(entries);
        let mut text = Vec::new();
        let mut sizes = Vec::new();
        for piece in pieces {
            let piece = piece.unwrap();
            sizes.push(piece.len());
            text.extend_from_slice(&piece);
        }
        (sizes, serde_json::from_slice(&text).unwrap())
    }

    #[test]
    fn no_entries_is_an_empty_list() {
        let (sizes, doc) = body_of(Vec::new());
        assert_eq!(sizes.len(), 1);
        assert_eq!(doc, serde_json::json!({"entries": []}));
    }

    #[test]
    fn many_entries_go_in_small_pieces_and_read_as_one_document() {
        let mut log = MessageLog::new(false, 5_000);
        let payload = vec![b'x'; 300];
        for _ in 0..5_000 {
            log.push(Event::new(LogKind::PublishUp, None).message("/a/b", &payload, 0));
        }
        let entries = log.query(&LogFilter::default());
        let expected: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| serde_json::to_value(&**e).unwrap())
            .collect();
        let (sizes, doc) = body_of(entries);
        assert!(sizes.len() > 10, "{sizes:?}");
        assert!(sizes.iter().all(|&n| n < PIECE + 2048), "{sizes:?}");
        assert_eq!(doc, serde_json::json!({ "entries": expected }));
    }
}
