//! A connection's decoders as the views see them: the bindings and `.proto` files (saved with
//! the profile), the decoder engine once its code is fetched, and what a logged message looks
//! like through its binding.
//!
//! The engine's code is a chunk the app registers with [`set_loader`]; it is fetched the
//! first time a binding or a `.proto` file needs it (a profile bringing such bindings fetches it
//! on load). Messages that arrive meanwhile stay in the log and are fed to the engine, in
//! order, once it is there.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::log_store::LogStore;
use crate::i18n::{Describe, Text};
use crate::model::decoder::{Encoding, Engine, Outcome};
use crate::model::decoding::{needs_engine, show_plain, DecoderSettings, PayloadCodec, Shown};
use crate::model::{Direction, LogEntry};

/// The engine as the store uses it. Its implementation lives in the chunk that builds it, so
/// the codecs' code is not part of the page's first load.
pub trait DecodeEngine {
    /// Compiles the `.proto` files; their message types, or why not.
    fn set_protos(&mut self, files: &[(String, String)]) -> Result<Vec<String>, Text>;
    /// Feeds a message in log order (Sparkplug B keeps state from those received).
    fn arrive(
        &mut self,
        seq: u64,
        direction: Direction,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    );
    /// A message through its binding.
    fn outcome(
        &mut self,
        seq: u64,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    ) -> Rc<Outcome>;
    /// A payload that is not one logged message, decoded and kept nowhere.
    fn decode(&self, topic: &str, payload: &[u8], codec: &PayloadCodec) -> Outcome;
    /// Why an outcome failed, and its findings and notes, in words.
    fn words(&self, outcome: &Outcome) -> (Option<Text>, Vec<Text>);
    /// JSON encoded for a publish on `topic`; `None` for [`Encoding::None`]. `now_ms` is a
    /// Sparkplug B payload's timestamp.
    fn encode(
        &mut self,
        encoding: &Encoding,
        topic: &str,
        json: &str,
        now_ms: u64,
    ) -> Option<Result<Vec<u8>, Text>>;
    /// Forgets the decoded messages it keeps (the log was cleared).
    fn clear(&mut self);
}

/// The model's [`Engine`] behind [`DecodeEngine`]; built by the app's engine chunk.
#[derive(Default)]
pub struct EngineHandle(Engine);

impl DecodeEngine for EngineHandle {
    fn set_protos(&mut self, files: &[(String, String)]) -> Result<Vec<String>, Text> {
        self.0.set_protos(files).map_err(|e| e.describe())
    }

    fn arrive(
        &mut self,
        seq: u64,
        direction: Direction,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    ) {
        self.0.arrive(seq, direction, topic, payload, codec);
    }

    fn outcome(
        &mut self,
        seq: u64,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    ) -> Rc<Outcome> {
        self.0.outcome(seq, topic, payload, codec)
    }

    fn decode(&self, topic: &str, payload: &[u8], codec: &PayloadCodec) -> Outcome {
        self.0.decode(topic, payload, codec)
    }

    fn words(&self, outcome: &Outcome) -> (Option<Text>, Vec<Text>) {
        let error = outcome.failure.as_ref().map(Describe::describe);
        let mut notes: Vec<Text> = outcome.findings.iter().map(Describe::describe).collect();
        if outcome.without_state {
            notes.push(crate::i18n::decoding::without_state());
        }
        (error, notes)
    }

    fn encode(
        &mut self,
        encoding: &Encoding,
        topic: &str,
        json: &str,
        now_ms: u64,
    ) -> Option<Result<Vec<u8>, Text>> {
        self.0
            .encode(encoding, topic, json, now_ms)
            .map(|r| r.map_err(|e| e.describe()))
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// Fetches the engine's chunk and builds an engine; `None` when the chunk could not be fetched.
pub type EngineLoader = fn() -> Pin<Box<dyn Future<Output = Option<Box<dyn DecodeEngine>>>>>;

thread_local! {
    static LOADER: Cell<Option<EngineLoader>> = const { Cell::new(None) };
}

/// Registers how the engine is fetched (the app does, at start).
pub fn set_loader(loader: EngineLoader) {
    LOADER.with(|l| l.set(Some(loader)));
}

/// What follows decoded messages as they arrive (the live charts, whose code is a chunk that
/// registers one).
pub trait Sink {
    /// Whether messages on `topic` are wanted (cheap: called for every message).
    fn wants(&self, topic: &str) -> bool;
    /// A wanted message's decoded value (see [`Decoding::value_of`]) with its arrival time
    /// (Unix ms); how many points it gave.
    fn offer(&mut self, topic: &str, value: &serde_json::Value, time_ms: f64) -> usize;
    /// For the chunk that registered it, to reach its own type.
    fn as_any(&self) -> &dyn std::any::Any;
    /// For the chunk that registered it, to reach its own type.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

/// The sink, shared by the store and the view that registered it.
pub type SharedSink = Rc<RefCell<dyn Sink>>;

/// The engine, shared by the store's effects and calls.
type Shared = Rc<RefCell<Box<dyn DecodeEngine>>>;

/// Where the engine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EngineState {
    /// Not needed yet.
    #[default]
    Absent,
    /// Being fetched.
    Loading,
    /// Here.
    Ready,
    /// Its code could not be fetched (offline before it was cached); a retry fetches again.
    Missing,
}

impl EngineState {
    /// Its name for tests (`sub-codec`'s `data-engine`): `absent`, `loading`, `ready`,
    /// `missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            EngineState::Absent => "absent",
            EngineState::Loading => "loading",
            EngineState::Ready => "ready",
            EngineState::Missing => "missing",
        }
    }
}

/// A payload as its binding shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// One line for the row.
    pub compact: String,
    /// The detail's text.
    pub pretty: String,
    /// Why it did not decode (then `compact` and `pretty` are its first bytes in hex).
    pub error: Option<Text>,
    /// What else to know: Sparkplug findings, a decode without state.
    pub notes: Vec<Text>,
    /// The engine's decoded value (shared, so showing a row copies no JSON tree).
    decoded: Option<Arc<serde_json::Value>>,
    /// Shown by a built-in decoder (text, JSON, hex, Base64) without error: the value is the
    /// payload read as JSON.
    plain: bool,
}

impl Seen {
    /// The decoded value as JSON, when there is one: the engine's, or the payload read as JSON
    /// for a built-in decoder. Not computed while showing rows: only the views that use values
    /// (charts, the topic detail, the export), all chunks, call it, so the first load carries
    /// no JSON value reader.
    pub fn value(&self, payload: &[u8]) -> Option<serde_json::Value> {
        match &self.decoded {
            Some(value) => Some(serde_json::Value::clone(value)),
            None if self.plain => json_of(payload),
            None => None,
        }
    }
}

/// `Copy` handle to one connection's decoders.
#[derive(Clone, Copy)]
pub struct Decoding {
    /// The bindings and `.proto` files; a profile fills and saves them.
    pub settings: RwSignal<DecoderSettings>,
    /// Where the engine is.
    pub state: RwSignal<EngineState>,
    /// Bumped when what rows show may have changed (the engine came, files compiled).
    pub version: RwSignal<u64>,
    /// The message types of the compiled `.proto` files.
    pub types: RwSignal<Vec<String>>,
    /// Why the `.proto` files did not compile.
    pub proto_error: RwSignal<Option<Text>>,
    engine: StoredValue<Option<Shared>, LocalStorage>,
    /// The `.proto` files the engine compiled last.
    compiled: StoredValue<Option<Vec<(String, String)>>>,
    /// The next log sequence number to feed the engine.
    fed: StoredValue<u64>,
    sink: StoredValue<Option<SharedSink>, LocalStorage>,
    /// Bumped when the sink took points.
    pub sink_version: RwSignal<u64>,
}

impl Decoding {
    /// The decoders of the connection whose log is `log`, with the effects that fetch the
    /// engine when needed and feed it arriving messages. Call inside the connection's owner.
    pub fn new(log: LogStore) -> Decoding {
        let this = Decoding {
            settings: RwSignal::new(DecoderSettings::default()),
            state: RwSignal::new(EngineState::Absent),
            version: RwSignal::new(0),
            types: RwSignal::new(Vec::new()),
            proto_error: RwSignal::new(None),
            engine: StoredValue::new_local(None),
            compiled: StoredValue::new(None),
            fed: StoredValue::new(0),
            sink: StoredValue::new_local(None),
            sink_version: RwSignal::new(0),
        };
        Effect::new(move |_| {
            let needed = this.settings.with(DecoderSettings::needs_engine);
            if needed && this.state.get() == EngineState::Absent {
                this.load(log);
            }
        });
        Effect::new(move |_| {
            this.state.track();
            let files = this.settings.with(DecoderSettings::compile_inputs);
            this.compile(files);
        });
        Effect::new(move |_| {
            log.version.track();
            this.settings.track();
            this.feed(log);
        });
        // The search looks at what a decoder shows, not only at the raw bytes: after the
        // engine took in the new messages (a Sparkplug data message is searched with its
        // birth's names), and again whenever what the decoders show changes.
        log.set_searcher(
            Rc::new(move |e: &LogEntry| this.seen(e, crate::i18n::Lang::En).map(|s| s.compact)),
            Rc::new(move || this.feed(log)),
        );
        Effect::new(move |first: Option<()>| {
            this.version.track();
            this.settings.track();
            if first.is_some() {
                log.rescan();
            }
        });
        this
    }

    /// Fetches the engine (again, after a failure).
    pub fn load(&self, log: LogStore) {
        let Some(loader) = LOADER.with(Cell::get) else {
            return;
        };
        let this = *self;
        this.state.set(EngineState::Loading);
        leptos::task::spawn_local(async move {
            let loaded = loader().await;
            // The connection may have been closed while the chunk was fetched.
            if this.state.try_get_untracked().is_none() {
                return;
            }
            match loaded {
                Some(engine) => {
                    this.engine.set_value(Some(Rc::new(RefCell::new(engine))));
                    this.compiled.set_value(None);
                    // The files first, so the messages waiting in the log decode with them.
                    this.compile(
                        this.settings
                            .with_untracked(DecoderSettings::compile_inputs),
                    );
                    this.state.set(EngineState::Ready);
                    this.feed(log);
                    this.version.update(|v| *v += 1);
                }
                None => {
                    this.state.set(EngineState::Missing);
                    // What waited for the engine goes on without it (shown with the reason).
                    this.feed(log);
                    this.version.update(|v| *v += 1);
                }
            }
        });
    }

    fn engine(&self) -> Option<Shared> {
        self.engine.try_with_value(Clone::clone).flatten()
    }

    fn compile(&self, files: Vec<(String, String)>) {
        let Some(engine) = self.engine() else { return };
        if self.compiled.with_value(|c| c.as_ref() == Some(&files)) {
            return;
        }
        let result = engine.borrow_mut().set_protos(&files);
        self.compiled.set_value(Some(files));
        match result {
            Ok(types) => {
                self.types.set(types);
                self.proto_error.set(None);
            }
            Err(e) => {
                self.types.set(Vec::new());
                self.proto_error.set(Some(e));
            }
        }
        self.version.update(|v| *v += 1);
    }

    /// Registers what follows decoded messages (the charts); it sees messages from now on.
    pub fn set_sink(&self, sink: SharedSink) {
        self.sink.set_value(Some(sink));
    }

    /// The registered sink.
    pub fn sink(&self) -> Option<SharedSink> {
        self.sink.try_with_value(Clone::clone).flatten()
    }

    /// Feeds the messages logged since the last feed, in order: the engine those on topics
    /// bound to Sparkplug B (the one stateful decoder), the sink those it wants, decoded.
    fn feed(&self, log: LogStore) {
        let engine = self.engine();
        // While the engine is on its way, a message that needs it waits (with every message
        // after it, to keep the order); once its fetch failed, such messages are passed over.
        let waiting = engine.is_none() && self.state.get_untracked() != EngineState::Missing;
        let sink = self.sink();
        let from = self.fed.get_value();
        let mut added = 0;
        let next = log.with(|log, _| {
            let sparkplug = self.settings.with_untracked(|s| {
                s.bindings
                    .items()
                    .iter()
                    .any(|b| b.codec == PayloadCodec::SparkplugB)
            });
            for e in log.since(from) {
                if waiting || sparkplug {
                    let codec = self.codec_for(&e.topic);
                    if waiting && needs_engine(&codec) {
                        return e.seq;
                    }
                    if let (PayloadCodec::SparkplugB, Some(engine)) = (&codec, &engine) {
                        engine.borrow_mut().arrive(
                            e.seq,
                            e.direction,
                            &e.topic,
                            &e.payload,
                            &codec,
                        );
                    }
                }
                if let Some(sink) = &sink {
                    if sink.borrow().wants(&e.topic) {
                        if let Some(value) = self.value_of(e) {
                            added += sink.borrow_mut().offer(&e.topic, &value, e.time_ms);
                        }
                    }
                }
            }
            log.next_seq()
        });
        self.fed.set_value(next);
        if added > 0 {
            self.sink_version.update(|v| *v += 1);
        }
    }

    /// Fetches the engine if it is not here or on its way (a publish encoding needs it).
    pub fn ensure(&self, log: LogStore) {
        if matches!(
            self.state.get_untracked(),
            EngineState::Absent | EngineState::Missing
        ) {
            self.load(log);
        }
    }

    /// Forgets the decoded messages the engine keeps; call when the log is cleared.
    pub fn clear(&self) {
        if let Some(engine) = self.engine() {
            engine.borrow_mut().clear();
        }
    }

    /// The binding of a topic.
    pub fn codec_for(&self, topic: &str) -> PayloadCodec {
        self.settings
            .with_untracked(|s| s.bindings.codec_for(topic).clone())
    }

    /// How `e` looks through its binding; `None` when its topic has none (the log's own
    /// format then decides). Untracked: track `settings` and `version` first.
    pub fn seen(&self, e: &LogEntry, lang: crate::i18n::Lang) -> Option<Seen> {
        self.seen_at(Some(e.seq), &e.topic, &e.payload, lang)
    }

    /// A logged message's decoded value, without the text a row shows (the charts read one per
    /// message): the engine's, shared, for a binding that needs it (`None` while it is away or
    /// when the payload did not decode); for a built-in binding or none, the payload read as
    /// JSON (a bare number is JSON too; text that is not JSON has no value).
    pub fn value_of(&self, e: &LogEntry) -> Option<Arc<serde_json::Value>> {
        let codec = self.codec_for(&e.topic);
        if !needs_engine(&codec) {
            return json_of(&e.payload).map(Arc::new);
        }
        let engine = self.engine()?;
        let outcome = engine
            .borrow_mut()
            .outcome(e.seq, &e.topic, &e.payload, &codec);
        outcome.json.clone()
    }

    /// How a payload on `topic` looks through its binding: the logged message `seq`, or (with
    /// `None`) bytes from elsewhere (the topic tree, a topic's history).
    pub fn seen_at(
        &self,
        seq: Option<u64>,
        topic: &str,
        payload: &[u8],
        lang: crate::i18n::Lang,
    ) -> Option<Seen> {
        let codec = self.codec_for(topic);
        if codec == PayloadCodec::Auto {
            return None;
        }
        if !needs_engine(&codec) {
            return show_plain(&codec, payload).map(|shown| match shown {
                Shown::Decoded { compact, pretty } => Seen {
                    compact,
                    pretty,
                    error: None,
                    notes: Vec::new(),
                    decoded: None,
                    plain: true,
                },
                Shown::Failed { error, hex } => Seen {
                    compact: hex.clone(),
                    pretty: hex,
                    error: Some(error.describe()),
                    notes: Vec::new(),
                    decoded: None,
                    plain: false,
                },
            });
        }
        let Some(engine) = self.engine() else {
            let hex = crate::model::decoding::hex_head(payload);
            let words = match self.state.get_untracked() {
                EngineState::Missing => crate::i18n::chunk::failed(
                    lang,
                    crate::i18n::decoding::codec_label(codec.as_str(), lang),
                ),
                _ => crate::i18n::decoding::engine_loading(lang).to_owned(),
            };
            return Some(Seen {
                compact: format!("{words} {hex}"),
                pretty: hex,
                error: None,
                notes: Vec::new(),
                decoded: None,
                plain: false,
            });
        };
        let mut engine = engine.borrow_mut();
        let outcome = match seq {
            Some(seq) => engine.outcome(seq, topic, payload, &codec),
            None => Rc::new(engine.decode(topic, payload, &codec)),
        };
        let (error, notes) =
            if outcome.failure.is_some() || !outcome.findings.is_empty() || outcome.without_state {
                engine.words(&outcome)
            } else {
                (None, Vec::new())
            };
        Some(Seen {
            compact: outcome.compact.clone(),
            pretty: outcome.pretty.clone(),
            error,
            notes,
            decoded: outcome.json.clone(),
            plain: false,
        })
    }

    /// `json` encoded as `encoding` for a publish on `topic`: `None` for [`Encoding::None`];
    /// the engine not fetched yet is an error that says so. Sparkplug B messages are stamped
    /// with the browser's clock.
    pub fn encode(
        &self,
        encoding: &Encoding,
        topic: &str,
        json: &str,
    ) -> Option<Result<Vec<u8>, Text>> {
        if *encoding == Encoding::None {
            return None;
        }
        match self.engine() {
            Some(engine) => {
                let now = js_sys::Date::now() as u64;
                engine.borrow_mut().encode(encoding, topic, json, now)
            }
            None if self.state.get_untracked() == EngineState::Missing => {
                Some(Err(crate::i18n::chunk::failed_text(|t| t.pub_encode)))
            }
            None => Some(Err(crate::i18n::decoding::encoder_loading())),
        }
    }
}

/// A payload read as JSON. Through `from_str`, which the page already carries for its JSON
/// checks: `from_slice` would add a second copy of the whole JSON reader to the first load.
fn json_of(payload: &[u8]) -> Option<serde_json::Value> {
    std::str::from_utf8(payload)
        .ok()
        .and_then(|text| serde_json::from_str(text).ok())
}
