//! Record and replay on one connection. Recording marks a range of the connection's log (which
//! already holds every message) and writes it to a file in slices, one task each, so a
//! million-message log is saved without freezing the page. Replay publishes a parsed recording
//! on the connection's own clock at its original timing, faster, or as fast as possible.

use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use super::connection::Connection;
use crate::i18n::{Describe, Text};
use crate::model::recording::{
    RecordedMessage, Recorder, RecordingWriter, Replay, ReplayEnd, ReplaySpeed, TopicRewrite,
};
use crate::model::status::Status;
use crate::mqtt::{ProtocolVersion, PublishProperties, QoS};
use crate::platform::timers::{next_task, release_later};

/// Log entries written to the file per task while saving.
const SAVE_SLICE: usize = 20_000;
/// The most messages a replay sends per task when behind or as fast as possible.
const REPLAY_BURST: usize = 200;

/// A replay as the view shows it.
#[derive(Clone, Debug, Default)]
pub struct ReplayState {
    /// Messages published so far.
    pub done: usize,
    /// Messages in the recording.
    pub total: usize,
    /// Messages the connection refused.
    pub failed: usize,
    /// `None` while running.
    pub ended: Option<ReplayEnd>,
    /// The last refusal, in words.
    pub error: Option<Text>,
}

/// What saving a recording did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Messages written so far.
    pub written: u64,
    /// Whether the file was offered for download.
    pub finished: bool,
    /// Messages of the recording the log had already dropped (its capacity).
    pub missed: u64,
}

/// Recording and replay of one connection; `Copy`, kept with the connection.
#[derive(Clone, Copy)]
pub struct Recordings {
    /// The recording being made or last made.
    pub recorder: RwSignal<Option<Recorder>>,
    /// Why the last recording could not start.
    pub error: RwSignal<Option<Text>>,
    /// The file being written, or the last one.
    pub saving: RwSignal<Option<SaveState>>,
    /// The replay running or last run.
    pub replay: RwSignal<Option<ReplayState>>,
    conn: Connection,
    model: StoredValue<Option<Replay>, LocalStorage>,
    clock: StoredValue<Option<Timeout>, LocalStorage>,
}

fn mono() -> u64 {
    crate::platform::probe::now() as u64
}

impl Recordings {
    /// Recording and replay for `conn`; a replay stops when it disconnects.
    pub fn new(conn: Connection) -> Recordings {
        let r = Recordings {
            recorder: RwSignal::new(None),
            error: RwSignal::new(None),
            saving: RwSignal::new(None),
            replay: RwSignal::new(None),
            conn,
            model: StoredValue::new_local(None),
            clock: StoredValue::new_local(None),
        };
        Effect::new(move |_| {
            if conn.status.get() != Status::Connected {
                r.end_replay(ReplayEnd::Disconnected);
            }
        });
        r
    }

    /// Starts recording what arrives from now on whose topic matches `filter` (empty: all).
    pub fn start(&self, filter: &str) {
        let first = self.conn.log.with(|log, _| log.next_seq());
        let filter = Some(filter.trim().to_owned()).filter(|f| !f.is_empty());
        match Recorder::start(first, js_sys::Date::now(), filter) {
            Ok(r) => {
                self.recorder.set(Some(r));
                self.error.set(None);
                self.saving.set(None);
            }
            Err(e) => self.error.set(Some(e.describe())),
        }
    }

    /// Stops recording; what was recorded can still be saved.
    pub fn stop(&self) {
        let next = self.conn.log.with(|log, _| log.next_seq());
        self.recorder.update(|r| {
            if let Some(r) = r {
                r.stop(next);
            }
        });
    }

    /// Writes the recording (or, with `whole_log`, every message the log holds) as a JSON-lines
    /// file named `file`, a slice per task, then offers it for download.
    pub fn save(&self, connection: String, file: String, whole_log: bool) {
        let (first, next, oldest) = self.conn.log.with(|log, _| {
            let first = log.first_seq();
            (first, log.next_seq(), log.get(first).map(|e| e.time_ms))
        });
        let recorder = if whole_log {
            let started = oldest.unwrap_or_else(js_sys::Date::now);
            Recorder::start(first, started, None).ok().map(|mut r| {
                r.stop(next);
                r
            })
        } else {
            self.recorder.get_untracked()
        };
        let Some(recorder) = recorder else {
            return;
        };
        let range = recorder.range(next);
        let writer = RecordingWriter::new(recorder.header(&connection, None));
        self.saving.set(Some(SaveState {
            written: 0,
            finished: false,
            missed: recorder.missed(first),
        }));
        self.save_slice(recorder, range.start, range.end, writer, Vec::new(), file);
    }

    fn save_slice(
        &self,
        recorder: Recorder,
        from: u64,
        end: u64,
        mut writer: RecordingWriter,
        mut parts: Vec<String>,
        file: String,
    ) {
        // Entries the log no longer holds (dropped before saving, or since the last slice) are
        // skipped.
        let from = from.max(self.conn.log.with(|log, _| log.first_seq()));
        let next = self.conn.log.with(|log, _| {
            let mut seq = from;
            for e in log.since(from).take(SAVE_SLICE) {
                if e.seq >= end {
                    return end;
                }
                if recorder.wants(e) {
                    writer.push(e, log.extras(e.seq).map(|x| &x.properties));
                }
                seq = e.seq + 1;
            }
            seq
        });
        parts.push(writer.take());
        let written = writer.written();
        let done = next >= end || next == from;
        self.saving.update(|s| {
            if let Some(s) = s {
                s.written = written;
                s.finished = done;
            }
        });
        if done {
            crate::platform::download::download_parts(&file, "application/x-ndjson", &parts);
            return;
        }
        let this = *self;
        next_task(move || this.save_slice(recorder, next, end, writer, parts, file));
    }

    /// Replays `messages` onto the connection at `speed`, topics rewritten by `rewrite`.
    pub fn replay(
        &self,
        messages: Vec<RecordedMessage>,
        speed: ReplaySpeed,
        rewrite: Option<TopicRewrite>,
    ) -> Result<(), Text> {
        if self.conn.status.get_untracked() != Status::Connected {
            return Err(crate::model::connection::RequestError::NotConnected.describe());
        }
        if let Some(r) = &rewrite {
            r.check(&messages).map_err(|e| e.describe())?;
        }
        self.end_replay(ReplayEnd::Stopped);
        let replay = Replay::new(messages, speed, rewrite, mono());
        self.replay.set(Some(ReplayState {
            total: replay.total(),
            ..ReplayState::default()
        }));
        self.model.set_value(Some(replay));
        self.fire();
        Ok(())
    }

    /// Stops the running replay.
    pub fn stop_replay(&self) {
        self.end_replay(ReplayEnd::Stopped);
    }

    fn end_replay(&self, why: ReplayEnd) {
        let running = self
            .replay
            .with_untracked(|r| r.as_ref().is_some_and(|r| r.ended.is_none()));
        if !running {
            return;
        }
        self.model.update_value(|m| {
            if let Some(m) = m {
                m.stop();
            }
        });
        if let Some(Some(old)) = self.clock.try_update_value(Option::take) {
            release_later(old);
        }
        self.replay.update(|r| {
            if let Some(r) = r {
                r.ended = Some(why);
            }
        });
    }

    /// Publishes what is due, then arms the next wake-up.
    fn fire(&self) {
        let server = self.conn.server.get_untracked().unwrap_or_default();
        let v5 = server.version == ProtocolVersion::V5;
        let max_qos = server.capabilities.maximum_qos;
        let mut failed = 0usize;
        let mut error = None;
        let sends: Vec<(String, Vec<u8>, QoS, PublishProperties)> = self
            .model
            .try_update_value(|m| {
                let Some(m) = m else {
                    return Vec::new();
                };
                m.due(mono(), REPLAY_BURST)
                    .into_iter()
                    .map(|i| {
                        let msg = m.message(i);
                        let qos =
                            QoS::from_u8(msg.qos.min(max_qos.as_u8())).unwrap_or(QoS::AtMostOnce);
                        let props = if v5 {
                            msg.properties.clone()
                        } else {
                            PublishProperties::default()
                        };
                        (m.topic_of(i), msg.payload.to_vec(), qos, props)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let n = sends.len();
        for (topic, payload, qos, props) in sends {
            // Replayed messages are not retained: a replay must not rewrite the broker's
            // retained state.
            if let Err(e) = self.conn.publish_with(&topic, payload, qos, false, props) {
                failed += 1;
                error = Some(e);
            }
        }
        let (done, next_at) = self
            .model
            .with_value(|m| m.as_ref().map(|m| (m.done(), m.next_at())))
            .unwrap_or((0, None));
        self.replay.update(|r| {
            if let Some(r) = r {
                r.done = done;
                r.failed += failed;
                if error.is_some() {
                    r.error = error;
                }
                if next_at.is_none() && r.ended.is_none() {
                    r.ended = Some(ReplayEnd::Finished);
                }
            }
        });
        let Some(at) = next_at else {
            return;
        };
        let delay = if n >= REPLAY_BURST {
            0
        } else {
            u32::try_from(at.saturating_sub(mono())).unwrap_or(u32::MAX)
        };
        let this = *self;
        let timer = Timeout::new(delay, move || this.fire());
        if let Some(Some(old)) = self.clock.try_update_value(|c| c.replace(timer)) {
            release_later(old);
        }
    }
}
