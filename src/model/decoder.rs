//! The decoder engine: what shows payloads bound to CBOR, MessagePack, a Protobuf type or
//! Sparkplug B, and encodes what the user publishes in those formats (issue 17).
//!
//! Its code (the binary codecs, protox and prost-reflect, the Sparkplug tracker) is not part of
//! the page's first load: the app builds an [`Engine`] in a chunk fetched when a binding or a
//! `.proto` file first needs one. Until then, and for every other binding, the log shows
//! payloads with [`show_plain`](super::decoding::show_plain).
//!
//! Sparkplug B is stateful: a data message's metrics are named by the aliases of the last
//! birth, and `seq` gaps only show in arrival order. The app feeds every message on a topic
//! bound to Sparkplug B to [`Engine::arrive`] in log order and the engine remembers what each
//! of the last [`KEPT_ARRIVALS`] such messages decoded to. An older message (or one logged
//! before its binding existed) is decoded again without that state, and says so
//! ([`Outcome::without_state`]).
//!
//! Other outcomes depend only on the bytes, the binding and the compiled `.proto` files; the
//! last [`KEPT_RECENT`] are kept so that the rows in view are not decoded again every frame.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::Value;

use super::codec::encode::{encode_json, EncodeError};
use super::codec::protobuf::{ProtoCompileError, ProtoDecodeError, ProtoEncodeError, ProtoSet};
use super::codec::sparkplug::{
    Finding, SparkplugEncodeError, SparkplugError, SparkplugMessage, SparkplugState,
};
use super::codec::Codec;
use super::decoding::{hex_head, show, PayloadCodec, ShowError, Shown};
use super::log_entry::Direction;

/// Sparkplug B messages whose arrival-order decoding is remembered.
pub const KEPT_ARRIVALS: usize = 4096;
/// Other decoded messages kept for the rows in view, the detail and the tree.
pub const KEPT_RECENT: usize = 1024;

/// Why a payload bound to an engine codec was not decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// CBOR or MessagePack.
    Show(ShowError),
    /// A Protobuf type (also: the type is not among the compiled files).
    Protobuf(ProtoDecodeError),
    /// Sparkplug B: its topic, payload or STATE.
    Sparkplug(SparkplugError),
}

/// One payload as the engine shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The binding it was decoded with.
    pub codec: PayloadCodec,
    /// One line for the log row; the payload's first bytes in hex when it failed.
    pub compact: String,
    /// The full text for the detail pane; the same hex when it failed.
    pub pretty: String,
    /// The decoded value as JSON, for charts, diffs and search; `None` when it failed.
    pub json: Option<Arc<Value>>,
    /// What a Sparkplug host application would notice (seq gaps, unknown aliases, …).
    pub findings: Vec<Finding>,
    /// Why it was not decoded.
    pub failure: Option<Failure>,
    /// A Sparkplug B message decoded without the births before it: aliases stay unnamed and
    /// `seq` was not checked.
    pub without_state: bool,
}

impl Outcome {
    fn failed(codec: &PayloadCodec, failure: Failure, payload: &[u8]) -> Outcome {
        let hex = hex_head(payload);
        Outcome {
            codec: codec.clone(),
            compact: hex.clone(),
            pretty: hex,
            json: None,
            findings: Vec::new(),
            failure: Some(failure),
            without_state: false,
        }
    }

    fn decoded(codec: &PayloadCodec, compact: String, pretty: String, json: Value) -> Outcome {
        Outcome {
            codec: codec.clone(),
            compact,
            pretty,
            json: Some(Arc::new(json)),
            findings: Vec::new(),
            failure: None,
            without_state: false,
        }
    }

    fn sparkplug(
        result: Result<SparkplugMessage, SparkplugError>,
        payload: &[u8],
        without_state: bool,
    ) -> Outcome {
        let codec = PayloadCodec::SparkplugB;
        match result {
            Ok(message) => {
                let pretty = message.pretty();
                let mut outcome =
                    Outcome::decoded(&codec, one_line(&pretty), pretty, message.to_json());
                outcome.findings = message.findings;
                if without_state {
                    // Without the births, every alias is unknown and every node unborn: those
                    // findings would say nothing about the message.
                    outcome
                        .findings
                        .retain(|f| !matches!(f, Finding::UnknownAlias(_) | Finding::NoBirth));
                }
                outcome.without_state = without_state;
                outcome
            }
            Err(e) => Outcome::failed(&codec, Failure::Sparkplug(e), payload),
        }
    }
}

/// The pretty text on one line: line breaks and the indentation after them become one space.
fn one_line(pretty: &str) -> String {
    let mut out = String::with_capacity(pretty.len());
    for (i, line) in pretty.lines().enumerate() {
        let line = line.trim_start();
        let joins = i > 0 && !out.ends_with(['[', '{']) && !line.starts_with([']', '}']);
        if joins {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// The format a publish's JSON is sent in (`pub-encode`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// The payload as typed (with the publish format's own parsing).
    #[default]
    None,
    /// CBOR.
    Cbor,
    /// MessagePack.
    MessagePack,
    /// A Protobuf message type, from its JSON form.
    Protobuf(String),
    /// A Sparkplug B NDATA, DDATA, NCMD or DCMD (the publish topic says which) with the
    /// aliases and datatypes of the last birth received.
    SparkplugB,
}

impl Encoding {
    /// `pub-encode`'s values.
    pub const NAMES: [&'static str; 5] = ["none", "cbor", "msgpack", "protobuf", "sparkplugb"];

    /// Its name in [`Encoding::NAMES`].
    pub fn as_str(&self) -> &'static str {
        match self {
            Encoding::None => "none",
            Encoding::Cbor => "cbor",
            Encoding::MessagePack => "msgpack",
            Encoding::Protobuf(_) => "protobuf",
            Encoding::SparkplugB => "sparkplugb",
        }
    }

    /// The encoding named `name`, a Protobuf one with `proto_type`; `None` for an unknown name.
    pub fn parse(name: &str, proto_type: &str) -> Option<Encoding> {
        Some(match name {
            "none" | "" => Encoding::None,
            "cbor" => Encoding::Cbor,
            "msgpack" => Encoding::MessagePack,
            "protobuf" => Encoding::Protobuf(proto_type.trim().to_owned()),
            "sparkplugb" => Encoding::SparkplugB,
            _ => return None,
        })
    }
}

/// Why a publish's JSON could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodeFailure {
    /// CBOR or MessagePack: the JSON did not parse.
    Json(EncodeError),
    /// Protobuf: no type chosen.
    NoType,
    /// Protobuf: the field at fault, or an unknown type.
    Protobuf(ProtoEncodeError),
    /// Sparkplug B: the topic, the birth, or the metric at fault.
    Sparkplug(SparkplugEncodeError),
}

/// The last `capacity` outcomes by log sequence number.
struct Kept {
    by_seq: HashMap<u64, Rc<Outcome>>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl Kept {
    fn new(capacity: usize) -> Kept {
        Kept {
            by_seq: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    fn get(&self, seq: u64, codec: &PayloadCodec) -> Option<Rc<Outcome>> {
        self.by_seq.get(&seq).filter(|o| o.codec == *codec).cloned()
    }

    fn put(&mut self, seq: u64, outcome: Rc<Outcome>) {
        if self.by_seq.insert(seq, outcome).is_none() {
            self.order.push_back(seq);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.by_seq.remove(&old);
            }
        }
    }

    fn clear(&mut self) {
        self.by_seq.clear();
        self.order.clear();
    }

    fn len(&self) -> usize {
        self.by_seq.len()
    }
}

/// The engine: compiled `.proto` files, the Sparkplug B tracker, and what was decoded lately.
pub struct Engine {
    protos: Option<ProtoSet>,
    sparkplug: SparkplugState,
    arrivals: Kept,
    recent: Kept,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            protos: None,
            sparkplug: SparkplugState::new(),
            arrivals: Kept::new(KEPT_ARRIVALS),
            recent: Kept::new(KEPT_RECENT),
        }
    }
}

impl Engine {
    /// Compiles `files` (name, text) for Protobuf bindings and returns their message types;
    /// no files forgets the set. On an error no set is kept, so a binding says its type is not
    /// known rather than decoding with files the user replaced.
    pub fn set_protos(
        &mut self,
        files: &[(String, String)],
    ) -> Result<Vec<String>, ProtoCompileError> {
        self.recent.clear();
        self.protos = None;
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let set = ProtoSet::compile(files)?;
        let types = set.message_types();
        self.protos = Some(set);
        Ok(types)
    }

    /// Call for every message on a topic bound to `codec`, in log order: Sparkplug B messages
    /// are remembered by `seq`, and those received update the tracker (one the console sent is
    /// read with the births seen so far; its echo is what counts). Returns the outcome for a
    /// Sparkplug B binding, `None` for others (they are decoded when shown).
    pub fn arrive(
        &mut self,
        seq: u64,
        direction: Direction,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    ) -> Option<Rc<Outcome>> {
        if *codec != PayloadCodec::SparkplugB {
            return None;
        }
        let result = match direction {
            Direction::In => self.sparkplug.handle_message(topic, payload),
            Direction::Out => self.sparkplug.describe_sent(topic, payload),
        };
        let outcome = Rc::new(Outcome::sparkplug(result, payload, false));
        self.arrivals.put(seq, Rc::clone(&outcome));
        Some(outcome)
    }

    /// The message `seq` (on `topic`, with `payload`) decoded with `codec`.
    pub fn outcome(
        &mut self,
        seq: u64,
        topic: &str,
        payload: &[u8],
        codec: &PayloadCodec,
    ) -> Rc<Outcome> {
        if let Some(kept) = self
            .arrivals
            .get(seq, codec)
            .or_else(|| self.recent.get(seq, codec))
        {
            return kept;
        }
        let outcome = Rc::new(self.decode(topic, payload, codec));
        self.recent.put(seq, Rc::clone(&outcome));
        outcome
    }

    /// A payload decoded with `codec`, kept nowhere: for payloads that are not one logged
    /// message (the topic tree's last payload, a history entry). Sparkplug B is decoded
    /// without state.
    pub fn decode(&self, topic: &str, payload: &[u8], codec: &PayloadCodec) -> Outcome {
        match codec {
            PayloadCodec::Cbor | PayloadCodec::MessagePack => {
                let which = if *codec == PayloadCodec::Cbor {
                    Codec::Cbor
                } else {
                    Codec::MessagePack
                };
                match which.decode(payload) {
                    Ok(d) => Outcome::decoded(codec, d.compact(), d.pretty(), d.to_json()),
                    Err(error) => Outcome::failed(
                        codec,
                        Failure::Show(ShowError::Binary {
                            codec: which,
                            error,
                        }),
                        payload,
                    ),
                }
            }
            PayloadCodec::Protobuf(ty) => {
                let decoded = match &self.protos {
                    Some(set) => set.decode(ty, payload),
                    None => Err(ProtoDecodeError::UnknownType(ty.clone())),
                };
                match decoded {
                    Ok(d) => Outcome::decoded(codec, d.compact(), d.pretty(), d.to_json()),
                    Err(e) => Outcome::failed(codec, Failure::Protobuf(e), payload),
                }
            }
            PayloadCodec::SparkplugB => {
                let result = SparkplugState::new().handle_message(topic, payload);
                Outcome::sparkplug(result, payload, true)
            }
            plain => match show(plain, payload) {
                Some(Shown::Decoded { compact, pretty }) => {
                    let json = serde_json::from_slice(payload).unwrap_or(Value::Null);
                    Outcome::decoded(codec, compact, pretty, json)
                }
                Some(Shown::Failed { error, .. }) => {
                    Outcome::failed(codec, Failure::Show(error), payload)
                }
                None => Outcome::failed(
                    codec,
                    Failure::Protobuf(ProtoDecodeError::UnknownType(String::new())),
                    payload,
                ),
            },
        }
    }

    /// Forgets every kept outcome (the log was cleared). The Sparkplug B tracker keeps the
    /// births it saw: the devices do not send them again because a log was cleared, and data
    /// after the clear still needs their aliases.
    pub fn clear(&mut self) {
        self.arrivals.clear();
        self.recent.clear();
    }

    /// How many outcomes are kept (arrivals, recent).
    pub fn kept(&self) -> (usize, usize) {
        (self.arrivals.len(), self.recent.len())
    }

    /// The payload of a publish on `topic` for `json` in `encoding`; `None` for
    /// [`Encoding::None`] (the caller sends the text as its format says). `now_ms` is a
    /// Sparkplug B payload's timestamp; a Sparkplug B data message counts as sent (the next
    /// one carries the following `seq`).
    pub fn encode(
        &mut self,
        encoding: &Encoding,
        topic: &str,
        json: &str,
        now_ms: u64,
    ) -> Option<Result<Vec<u8>, EncodeFailure>> {
        Some(match encoding {
            Encoding::None => return None,
            Encoding::Cbor => encode_json(Codec::Cbor, json).map_err(EncodeFailure::Json),
            Encoding::MessagePack => {
                encode_json(Codec::MessagePack, json).map_err(EncodeFailure::Json)
            }
            Encoding::Protobuf(ty) if ty.is_empty() => Err(EncodeFailure::NoType),
            Encoding::Protobuf(ty) => match &self.protos {
                Some(set) => set.encode_json(ty, json).map_err(EncodeFailure::Protobuf),
                None => Err(EncodeFailure::Protobuf(ProtoEncodeError::UnknownType(
                    ty.clone(),
                ))),
            },
            Encoding::SparkplugB => self
                .sparkplug
                .encode(topic, json, now_ms)
                .map_err(EncodeFailure::Sparkplug),
        })
    }
}

// Native only: the tests read the committed vectors from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn vectors(name: &str) -> Value {
        let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn one_line_joins_what_pretty_text_spreads() {
        assert_eq!(
            one_line("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"),
            "{\"a\": [1, 2], \"b\": {}}"
        );
    }

    #[test]
    fn cbor_and_msgpack_decode_fail_with_offsets_and_are_kept_by_seq() {
        let mut engine = Engine::default();
        let cbor = encode_json(Codec::Cbor, r#"{"t":21.5}"#).unwrap();
        let o = engine.outcome(7, "t", &cbor, &PayloadCodec::Cbor);
        assert_eq!(o.compact, "{\"t\": 21.5}");
        assert_eq!(o.json.as_ref().unwrap()["t"], 21.5);
        // The same message again is the kept outcome, not a second decode.
        assert!(Rc::ptr_eq(
            &o,
            &engine.outcome(7, "t", &cbor, &PayloadCodec::Cbor)
        ));
        // Read with another binding, it is decoded again.
        let m = engine.outcome(7, "t", &cbor, &PayloadCodec::MessagePack);
        assert!(m.json.is_none());
        assert_eq!(m.compact, hex_head(&cbor));
        match &m.failure {
            Some(Failure::Show(ShowError::Binary { codec, error })) => {
                assert_eq!(*codec, Codec::MessagePack);
                // 0xa1 is a one-byte fixstr in MessagePack: a value, then bytes after it.
                assert_eq!(error.offset, 2);
            }
            other => panic!("{other:?}"),
        }
        for seq in 100..100 + KEPT_RECENT as u64 {
            engine.outcome(seq, "t", &cbor, &PayloadCodec::Cbor);
        }
        assert_eq!(engine.kept(), (0, KEPT_RECENT));
    }

    #[test]
    fn protobuf_from_files_importing_each_other_and_encoding_back() {
        let v = vectors("protobuf_vectors.json");
        let dir = format!("{}/tests/vectors/proto", env!("CARGO_MANIFEST_DIR"));
        let files: Vec<(String, String)> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| {
                let name = name.as_str().unwrap().to_owned();
                let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
                (name, text)
            })
            .collect();
        let mut engine = Engine::default();
        let types = engine.set_protos(&files).unwrap();
        assert!(types.contains(&"sensor.v1.Sensor".to_owned()), "{types:?}");
        let ty = PayloadCodec::Protobuf("sensor.v1.Sensor".into());
        let sensor = Encoding::Protobuf("sensor.v1.Sensor".into());
        let bytes = engine
            .encode(
                &sensor,
                "t",
                r#"{"id":"s-1","ratio":21.5,"room":"hall"}"#,
                0,
            )
            .unwrap()
            .unwrap();
        let o = engine.outcome(1, "t", &bytes, &ty);
        assert_eq!(o.failure, None);
        let json = o.json.as_ref().unwrap();
        assert_eq!(json["ratio"], 21.5, "{}", o.pretty);
        assert_eq!(json["room"], "hall", "{}", o.pretty);
        match engine.encode(
            &sensor,
            "t",
            r#"{"id":"s-1","history":[{"confidance":1}]}"#,
            0,
        ) {
            Some(Err(EncodeFailure::Protobuf(ProtoEncodeError::Json {
                path, message, ..
            }))) => {
                assert_eq!(path, "$.history[0]");
                assert!(message.contains("confidance"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // The files gone, the binding says its type is unknown, with the bytes in hex.
        engine.set_protos(&[]).unwrap();
        let o = engine.outcome(1, "t", &bytes, &ty);
        assert_eq!(
            o.failure,
            Some(Failure::Protobuf(ProtoDecodeError::UnknownType(
                "sensor.v1.Sensor".into()
            )))
        );
        assert_eq!(o.compact, hex_head(&bytes));
    }

    #[test]
    fn sparkplug_in_arrival_order_names_aliases_later_without_state_does_not() {
        let v = vectors("sparkplug_vectors.json");
        let stream = v["vectors"].as_array().unwrap();
        // The first NBIRTH and the NDATA after it, whose aliases it names.
        let stream = &stream[..2];
        let mut engine = Engine::default();
        let mut last = None;
        for (seq, m) in stream.iter().enumerate() {
            let topic = m["topic"].as_str().unwrap();
            let payload = hex(m["hex"].as_str().unwrap());
            last = engine.arrive(
                seq as u64,
                Direction::In,
                topic,
                &payload,
                &PayloadCodec::SparkplugB,
            );
            assert!(last.is_some());
            assert_eq!(
                engine.arrive(
                    seq as u64,
                    Direction::In,
                    topic,
                    &payload,
                    &PayloadCodec::Cbor
                ),
                None
            );
        }
        let last = last.unwrap();
        assert!(!last.without_state);
        assert_eq!(last.failure, None);
        assert_eq!(last.findings, [Finding::UnknownAlias(99)]);
        assert_eq!(last.json.as_ref().unwrap()["metrics"]["Temp"], -7);
        assert!(last.compact.starts_with('{') && !last.compact.contains('\n'));
        let again = engine.outcome(1, "ignored", b"", &PayloadCodec::SparkplugB);
        assert!(Rc::ptr_eq(&last, &again), "the arrival is what is shown");
        engine.clear();
        // The births are still known: the next NDATA names its metrics.
        let again = engine
            .arrive(
                2,
                Direction::In,
                stream[1]["topic"].as_str().unwrap(),
                &hex(stream[1]["hex"].as_str().unwrap()),
                &PayloadCodec::SparkplugB,
            )
            .unwrap();
        assert_eq!(again.json.as_ref().unwrap()["metrics"]["Temp"], -7);
        let cold = engine.outcome(
            1,
            stream[1]["topic"].as_str().unwrap(),
            &hex(stream[1]["hex"].as_str().unwrap()),
            &PayloadCodec::SparkplugB,
        );
        assert!(cold.without_state);
        assert_eq!(
            cold.findings,
            [],
            "unknown aliases say nothing without the birth"
        );
        assert_eq!(cold.json.as_ref().unwrap()["metrics"]["Temp"], Value::Null);
    }

    #[test]
    fn encodings_by_name() {
        for name in Encoding::NAMES {
            assert_eq!(Encoding::parse(name, "a.B").unwrap().as_str(), name);
        }
        assert_eq!(Encoding::parse("xml", ""), None);
        let mut engine = Engine::default();
        assert_eq!(engine.encode(&Encoding::None, "t", "{}", 0), None);
        assert_eq!(
            engine.encode(&Encoding::Protobuf(String::new()), "t", "{}", 0),
            Some(Err(EncodeFailure::NoType))
        );
        assert_eq!(
            engine.encode(&Encoding::Cbor, "t", "[1]", 0),
            Some(Ok(vec![0x81, 0x01]))
        );
    }

    /// Sparkplug B data written with the aliases of the birth the engine was fed, and read back
    /// by the same engine without a finding (its `seq` is the one due).
    #[test]
    fn sparkplug_data_uses_the_last_birth() {
        let mut engine = Engine::default();
        let sp = PayloadCodec::SparkplugB;
        let topic = "spBv1.0/Plant/NDATA/Edge1";
        let refused = engine.encode(&Encoding::SparkplugB, topic, r#"{"Temp": 1}"#, 5);
        assert!(
            matches!(
                refused,
                Some(Err(EncodeFailure::Sparkplug(
                    SparkplugEncodeError::NoBirth { .. }
                )))
            ),
            "{refused:?}"
        );
        let birth = &vectors("sparkplug_vectors.json")["vectors"][0];
        let bytes = hex::decode(birth["hex"].as_str().unwrap()).unwrap();
        engine.arrive(
            1,
            Direction::In,
            birth["topic"].as_str().unwrap(),
            &bytes,
            &sp,
        );
        let data = engine
            .encode(
                &Encoding::SparkplugB,
                topic,
                r#"{"Temp": -7, "On": true}"#,
                5,
            )
            .unwrap()
            .unwrap();
        // Logged as sent, then its echo: both read with the birth's names, neither flagged
        // (the sent one does not count towards the `seq`, or its echo would be a gap).
        for (seq, direction) in [(2, Direction::Out), (3, Direction::In)] {
            engine.arrive(seq, direction, topic, &data, &sp);
            let o = engine.outcome(seq, topic, &data, &sp);
            assert_eq!(
                (o.failure.clone(), o.findings.clone(), o.without_state),
                (None, vec![], false),
                "{direction:?}"
            );
            let json = o.json.as_ref().unwrap();
            assert_eq!(json["metrics"]["Temp"], -7, "{}", o.pretty);
            assert_eq!(json["metrics"]["On"], true, "{}", o.pretty);
            assert_eq!(json["seq"], 1, "{}", o.pretty);
            assert_eq!(json["timestamp"], 5, "{}", o.pretty);
        }
        // The next one follows the echo, and is in order when it comes back.
        let next = engine
            .encode(&Encoding::SparkplugB, topic, r#"{"Temp": 0}"#, 6)
            .unwrap()
            .unwrap();
        engine.arrive(4, Direction::Out, topic, &next, &sp);
        engine.arrive(5, Direction::In, topic, &next, &sp);
        let o = engine.outcome(5, topic, &next, &sp);
        assert_eq!(o.findings, vec![], "{}", o.pretty);
        assert_eq!(o.json.as_ref().unwrap()["seq"], 2, "{}", o.pretty);
    }
}
