//! Timed publishing on one connection: several timers at once, each sending what the publish
//! form held when it started, on the connection's own clock so it goes on while another
//! connection is shown. The schedule and the counts are [`Repeat`]'s; this store only arms the
//! browser's timers and sends.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use leptos::prelude::*;

use super::connection::Connection;
use crate::i18n::{Describe, Text};
use crate::model::compose::Compose;
use crate::model::repeat::{Ended, Repeat, RepeatPlan};
use crate::model::status::Status;
use crate::model::template::Expand;
use crate::platform::timers::release_later;

/// One timer as the view shows it.
#[derive(Clone, Debug)]
pub struct TimerView {
    /// Its id within the connection.
    pub id: u32,
    /// The topic it publishes to.
    pub topic: String,
    /// Its schedule and counts.
    pub repeat: Repeat,
    /// The last failure, in words.
    pub error: Option<Text>,
    /// What it sends each time.
    compose: Compose,
    /// The device (ProductKey, DeviceName) of `{{productKey}}`/`{{deviceName}}` when it started.
    device: Option<(String, String)>,
}

/// The timers of one connection; `Copy`, created under the connection's owner the first time
/// timed publishing is shown, and kept with it.
#[derive(Clone, Copy)]
pub struct Timers {
    /// Every timer started on this connection, newest last.
    pub rows: RwSignal<Vec<RwSignal<TimerView>>>,
    conn: Connection,
    /// The browser timer of each running one.
    clocks: StoredValue<Vec<(u32, Timeout)>, LocalStorage>,
    next_id: StoredValue<u32>,
}

/// The most finished timers kept in the list (running ones are always kept).
const KEEP_ENDED: usize = 8;

fn mono() -> u64 {
    crate::platform::probe::now() as u64
}

impl Timers {
    /// The timers of `conn`; they stop when it disconnects and count its acknowledgements.
    pub fn new(conn: Connection) -> Timers {
        let timers = Timers {
            rows: RwSignal::new(Vec::new()),
            conn,
            clocks: StoredValue::new_local(Vec::new()),
            next_id: StoredValue::new(1),
        };
        conn.on_answer(Rc::new(move |packet_id, ok| {
            timers.rows.with_untracked(|rows| {
                for row in rows {
                    let mine = row
                        .try_update(|r| r.repeat.answered(packet_id, ok))
                        .unwrap_or(false);
                    if mine {
                        break;
                    }
                }
            });
        }));
        Effect::new(move |_| {
            if conn.status.get() != Status::Connected {
                timers.stop_all(Ended::Disconnected);
            }
        });
        timers
    }

    /// Starts a timer sending `compose` as `plan` says, for the device `device` (the form's
    /// ProductKey and DeviceName on an Aliyun connection). Refused when not connected.
    pub fn start(
        &self,
        compose: Compose,
        plan: RepeatPlan,
        device: Option<(String, String)>,
    ) -> Result<u32, Text> {
        if self.conn.status.get_untracked() != Status::Connected {
            return Err(crate::model::connection::RequestError::NotConnected.describe());
        }
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let row = RwSignal::new(TimerView {
            id,
            topic: compose.topic.clone(),
            repeat: Repeat::start(plan, mono()),
            error: None,
            compose,
            device,
        });
        self.rows.update(|rows| {
            rows.push(row);
            // Forget the oldest finished timers beyond the few kept for their counts.
            let ended: Vec<usize> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.with_untracked(|r| r.repeat.ended().is_some()))
                .map(|(i, _)| i)
                .collect();
            let excess = ended.len().saturating_sub(KEEP_ENDED);
            for &i in ended[..excess].iter().rev() {
                rows.remove(i).dispose();
            }
        });
        self.fire(id);
        Ok(id)
    }

    /// Stops timer `id`.
    pub fn stop(&self, id: u32) {
        self.end(id, Ended::Stopped);
    }

    /// Stops every running timer.
    pub fn stop_all(&self, why: Ended) {
        let ids: Vec<u32> = self.rows.with_untracked(|rows| {
            rows.iter()
                .filter_map(|r| r.with_untracked(|r| r.repeat.ended().is_none().then_some(r.id)))
                .collect()
        });
        for id in ids {
            self.end(id, why);
        }
    }

    /// The newest timer, running or not.
    pub fn newest(&self) -> Option<RwSignal<TimerView>> {
        self.rows.with(|rows| rows.last().copied())
    }

    /// The plans of the running timers.
    pub fn running_plans(&self) -> Vec<RepeatPlan> {
        self.rows.with(|rows| {
            rows.iter()
                .filter_map(|r| r.with(|r| r.repeat.ended().is_none().then(|| r.repeat.plan())))
                .collect()
        })
    }

    fn row(&self, id: u32) -> Option<RwSignal<TimerView>> {
        self.rows.with_untracked(|rows| {
            rows.iter()
                .find(|r| r.with_untracked(|r| r.id == id))
                .copied()
        })
    }

    fn end(&self, id: u32, why: Ended) {
        if let Some(row) = self.row(id) {
            row.update(|r| r.repeat.stop(why));
        }
        self.disarm(id);
    }

    fn disarm(&self, id: u32) {
        let old = self.clocks.try_update_value(|c| {
            c.iter()
                .position(|(i, _)| *i == id)
                .map(|p| c.swap_remove(p).1)
        });
        if let Some(Some(old)) = old {
            // This may run inside the timer's own callback.
            release_later(old);
        }
    }

    /// Sends what is due for timer `id`, then arms its next wake-up.
    fn fire(&self, id: u32) {
        let Some(row) = self.row(id) else {
            return;
        };
        let now = mono();
        let due = row.with_untracked(|r| r.repeat.due(now));
        if due > 0 {
            // Sent from a copy: the broker's answers update the row meanwhile.
            let (compose, device, mut repeat) =
                row.with_untracked(|r| (r.compose.clone(), r.device.clone(), r.repeat.clone()));
            let mut random = js_sys::Math::random;
            let mut error = None;
            for _ in 0..due {
                let mut ctx = Expand {
                    now_ms: js_sys::Date::now() as u64,
                    counter: repeat.counter(),
                    random: &mut random,
                    device: device.as_ref().map(|(pk, dn)| (pk.as_str(), dn.as_str())),
                };
                let sent = compose
                    .build(&mut ctx)
                    .map_err(|e| e.describe())
                    .and_then(|m| {
                        self.conn.publish_with(
                            &compose.topic,
                            m.payload,
                            compose.qos,
                            compose.retain,
                            m.properties,
                        )
                    });
                match sent {
                    Ok(packet_id) => repeat.sent(packet_id),
                    Err(e) => {
                        repeat.failed();
                        error = Some(e);
                    }
                }
            }
            // Answers that came while sending (none can: the socket's events wait for this
            // task) are merged by keeping the model's own counts.
            row.update(|r| {
                r.repeat = repeat;
                if error.is_some() {
                    r.error = error;
                }
            });
            if self.conn.status.get_untracked() != Status::Connected {
                row.update(|r| r.repeat.stop(Ended::Disconnected));
            }
        }
        self.disarm(id);
        let Some(at) = row.with_untracked(|r| r.repeat.next_at()) else {
            return;
        };
        let delay = u32::try_from(at.saturating_sub(mono())).unwrap_or(u32::MAX);
        let this = *self;
        let timeout = Timeout::new(delay, move || this.fire(id));
        self.clocks.update_value(|c| c.push((id, timeout)));
    }
}
