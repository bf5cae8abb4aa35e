//! The message log as the views see it: the bounded store, the panel's filtered view of it, and
//! a version signal bumped at most once per animation frame.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::model::exchanges::Exchanges;
use crate::model::log::{AckOutcome, Direction, LogEntry, Logged, MessageLog};
use crate::model::log_view::{Decoded, LogFilter, LogView};
use crate::model::retained::Retained;
use crate::model::topic_history::TopicHistory;
use crate::model::topic_tree::TopicTree;

/// `Copy` handle to the log; cheap to pass to every view.
#[derive(Clone, Copy)]
pub struct LogStore {
    /// Bumped at most once per animation frame when the log or its view changed; views that
    /// read the log track this instead of the (large, untracked) log itself.
    pub version: RwSignal<u64>,
    log: StoredValue<MessageLog>,
    view: StoredValue<LogView>,
    tree: StoredValue<TopicTree>,
    /// The last values of each topic received, for the topic tree's history and diff.
    history: StoredValue<TopicHistory>,
    /// The topics the broker holds a retained message on, as far as received messages tell.
    retained: StoredValue<Retained>,
    /// Requests waiting for replies, and our publishes waiting for reason codes.
    exchanges: StoredValue<Exchanges>,
    pending: StoredValue<Pending>,
    /// Gives a payload's decoded form to the search (the connection's decoders set it).
    searcher: StoredValue<Rc<Decoded>, LocalStorage>,
    /// Runs before the search looks at new messages: the decoders take them in first, so a
    /// stateful decoder (Sparkplug B) has seen them in order when the search asks.
    before_search: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
    /// While messages pour in, when the next refresh may happen (`performance.now()` ms).
    calm_at: StoredValue<f64>,
    /// `next_seq` of the log at the last refresh.
    refreshed_seq: StoredValue<u64>,
}

/// A refresh that finds more new messages than this switches to [`BUSY_INTERVAL_MS`].
const BUSY_MESSAGES: u64 = 8;
/// The time between refreshes while messages pour in: rendering the log every frame at tens of
/// thousands of messages a second would take most of the main thread (layout and paint) for
/// rows nobody can read at that speed.
const BUSY_INTERVAL_MS: f64 = 100.0;

/// What is waiting for the next animation frame.
#[derive(Clone, Copy, Default)]
struct Pending {
    /// A frame is requested.
    frame: bool,
    /// A received message is among the changes.
    received: bool,
}

impl Default for LogStore {
    fn default() -> Self {
        LogStore {
            version: RwSignal::new(0),
            log: StoredValue::new(MessageLog::default()),
            view: StoredValue::new(LogView::default()),
            tree: StoredValue::new(TopicTree::default()),
            history: StoredValue::new(TopicHistory::default()),
            retained: StoredValue::new(Retained::default()),
            exchanges: StoredValue::new(Exchanges::default()),
            pending: StoredValue::new(Pending::default()),
            searcher: StoredValue::new_local(Rc::new(|_: &LogEntry| None)),
            before_search: StoredValue::new_local(None),
            calm_at: StoredValue::new(0.0),
            refreshed_seq: StoredValue::new(0),
        }
    }
}

impl LogStore {
    /// Reads the log and the panel's view of it. Untracked: call `version.track()` (or `get`)
    /// first in reactive code.
    pub fn with<R>(&self, f: impl FnOnce(&MessageLog, &LogView) -> R) -> R {
        self.log
            .with_value(|log| self.view.with_value(|view| f(log, view)))
    }

    /// Reads the topic tree of everything seen. Untracked, like [`LogStore::with`].
    pub fn with_tree<R>(&self, f: impl FnOnce(&TopicTree) -> R) -> R {
        self.tree.with_value(f)
    }

    /// Reads the received topics' recent values. Untracked, like [`LogStore::with`].
    pub fn with_history<R>(&self, f: impl FnOnce(&TopicHistory) -> R) -> R {
        self.history.with_value(f)
    }

    /// Reads which topics hold a retained message. Untracked, like [`LogStore::with`].
    pub fn with_retained<R>(&self, f: impl FnOnce(&Retained) -> R) -> R {
        self.retained.with_value(f)
    }

    /// Notes that an empty retained message was published to `topic` (its retained message is
    /// gone even if the broker does not echo the deletion back).
    pub fn retained_cleared(&self, topic: &str) {
        self.retained.update_value(|r| {
            r.confirm_cleared(topic);
        });
        self.version.update(|v| *v += 1);
    }

    /// Changes what the log panel lists.
    pub fn set_filter(&self, filter: LogFilter) {
        self.run_before_search();
        let searcher = self.searcher();
        self.log.with_value(|log| {
            self.view
                .update_value(|v| v.set_filter_decoded(filter, log, &*searcher))
        });
        self.version.update(|v| *v += 1);
    }

    /// Lets the search look at payloads' decoded forms through `searcher`; `before` runs
    /// first whenever new messages are to be searched (outside any borrow of the log).
    pub fn set_searcher(&self, searcher: Rc<Decoded>, before: Rc<dyn Fn()>) {
        self.searcher.set_value(searcher);
        self.before_search.set_value(Some(before));
    }

    fn run_before_search(&self) {
        if let Some(before) = self.before_search.try_with_value(Clone::clone).flatten() {
            before();
        }
    }

    /// Searches every held message again with the same filter: what the decoders show has
    /// changed (the engine arrived, `.proto` files compiled, a binding changed). Nothing to do
    /// without a text search.
    pub fn rescan(&self) {
        let filter = self.view.with_value(|v| v.filter().clone());
        if !filter.text.is_empty() {
            self.set_filter(filter);
        }
    }

    fn searcher(&self) -> Rc<Decoded> {
        self.searcher.get_value()
    }

    /// Changes how many messages the log keeps.
    pub fn set_capacity(&self, capacity: usize) {
        self.log.update_value(|log| log.set_capacity(capacity));
        self.refresh();
    }

    /// Forgets every logged message (the received counter stays).
    pub fn clear(&self) {
        self.log.update_value(MessageLog::clear);
        self.tree.update_value(TopicTree::clear);
        self.history.update_value(TopicHistory::clear);
        self.exchanges.update_value(Exchanges::clear);
        self.refresh();
    }

    /// Appends a message; the views learn of it on the next animation frame, so a burst of
    /// thousands of messages costs one render. A publish with a response topic and correlation
    /// data is remembered as a request; a message carrying correlation data is paired with its
    /// request if one waits. Returns the message's sequence number.
    pub fn record(&self, entry: impl Into<Logged>) -> u64 {
        let logged: Logged = entry.into();
        let incoming = logged.direction == Direction::In;
        self.tree.update_value(|tree| {
            tree.insert(&logged.topic, logged.payload.clone(), logged.time_ms);
        });
        if incoming {
            self.history.update_value(|h| {
                h.record(&logged.topic, logged.time_ms, logged.payload.clone());
            });
            self.retained.update_value(|r| {
                r.observe(
                    &logged.topic,
                    logged.retain,
                    logged.payload.len(),
                    logged.time_ms,
                );
            });
        }
        let seq = self
            .log
            .try_update_value(|log| {
                self.exchanges
                    .try_update_value(|ex| ex.record(log, logged))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        self.schedule(incoming);
        seq
    }

    /// Shows the broker's reason code for our publish that used `packet_id` next to it.
    pub fn acknowledged(&self, packet_id: u16, outcome: AckOutcome) {
        let noted = self
            .log
            .try_update_value(|log| {
                self.exchanges
                    .with_value(|ex| ex.acknowledged(log, packet_id, outcome))
            })
            .unwrap_or(false);
        if noted {
            self.schedule(false);
        }
    }

    /// Asks for the views to learn of a change on a coming frame.
    fn schedule(&self, incoming: bool) {
        let pending = self.pending.get_value();
        let first_received = incoming && !pending.received;
        if first_received {
            // When the first message since the last frame arrived, for round-trip
            // measurements (see `probe`); once per frame, not per message.
            crate::platform::probe::mark("receivedAt");
        } else if pending.frame {
            return;
        }
        self.pending.set_value(Pending {
            frame: true,
            received: pending.received || incoming,
        });
        if pending.frame {
            return;
        }
        let this = *self;
        let wait = self.calm_at.get_value() - crate::platform::probe::now();
        let scheduled = web_sys::window().is_some_and(|w| {
            if wait > 0.0 {
                let later = Closure::once_into_js(move || {
                    if !this.request_frame() {
                        this.refresh();
                    }
                });
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    later.unchecked_ref(),
                    wait.ceil() as i32,
                )
                .is_ok()
            } else {
                this.request_frame()
            }
        });
        if !scheduled {
            // No frame will come (no window); show the change now rather than never.
            self.refresh();
        }
    }

    /// Asks for a refresh on the next animation frame; false when there will be none.
    fn request_frame(self) -> bool {
        let on_frame = Closure::once_into_js(move |_: f64| self.refresh());
        let requested =
            web_sys::window().map(|w| w.request_animation_frame(on_frame.unchecked_ref()));
        matches!(requested, Some(Ok(_)))
    }

    fn refresh(&self) {
        self.pending.set_value(Pending::default());
        self.run_before_search();
        let searcher = self.searcher();
        let fresh = self.log.with_value(|log| {
            self.view
                .update_value(|v| v.catch_up_decoded(log, &*searcher));
            crate::platform::probe::set("received", log.received() as f64);
            let fresh = log
                .next_seq()
                .saturating_sub(self.refreshed_seq.get_value());
            self.refreshed_seq.set_value(log.next_seq());
            fresh
        });
        let calm_at = if fresh > BUSY_MESSAGES {
            crate::platform::probe::now() + BUSY_INTERVAL_MS
        } else {
            0.0
        };
        self.calm_at.set_value(calm_at);
        crate::platform::probe::set("wasmMemory", crate::platform::probe::wasm_memory_bytes());
        crate::platform::probe::set("wasmLive", crate::platform::alloc::live_bytes() as f64);
        self.version.update(|v| *v += 1);
    }
}
