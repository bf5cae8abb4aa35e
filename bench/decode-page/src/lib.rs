//! The decode-cost page of the benchmark (issue 17, `bench/pages/decode.html`): the console's
//! decoder engine ([`Engine`]) on each codec, in the browser, timed by the page with
//! `performance.now()` around [`decode`] calls of many messages each.
//!
//! Two sets of payloads. The committed vectors (`tests/vectors/`): for CBOR and MessagePack those
//! of independent encoders (cbor2, msgpack-python); for JSON the same values as JSON text, and
//! that text again for text and hex, so that the formats decode the same data; every Protobuf
//! vector with its message type and the committed `.proto` files; the Sparkplug B sequence in
//! order, through the stateful tracker ([`Engine::arrive`]), as the console's log feeds it. Most
//! vectors are a few bytes (one number, one edge case), so the five formats without a schema
//! also decode three telemetry documents ([`DOCUMENTS`], 40 B to 1 KB of JSON), in CBOR and
//! MessagePack as the console's own encoder writes them.
//!
//! Harness code: a vector that does not parse is a broken checkout, and stops the page.

use std::cell::RefCell;
use std::hint::black_box;

use mqtt_console::model::decoder::{Encoding, Engine};
use mqtt_console::model::decoding::PayloadCodec;
use mqtt_console::model::Direction;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

const CODEC_VECTORS: &str = include_str!("../../../tests/vectors/codec_vectors.json");
const PROTOBUF_VECTORS: &str = include_str!("../../../tests/vectors/protobuf_vectors.json");
const SPARKPLUG_VECTORS: &str = include_str!("../../../tests/vectors/sparkplug_vectors.json");
const PROTO_FILES: [(&str, &str); 3] = [
    (
        "common/units.proto",
        include_str!("../../../tests/vectors/proto/common/units.proto"),
    ),
    (
        "sensor.proto",
        include_str!("../../../tests/vectors/proto/sensor.proto"),
    ),
    (
        "legacy.proto",
        include_str!("../../../tests/vectors/proto/legacy.proto"),
    ),
];

/// The topic of every payload but Sparkplug B's (which carry their own).
const TOPIC: &str = "bench/decode";

/// Telemetry as devices send it: one reading, a device's report, a batch of readings.
const DOCUMENTS: [&str; 3] = [
    r#"{"temp":21.5,"humidity":48,"ok":true}"#,
    r#"{"device":"pump-07","ts":1764750000123,"status":"running","temp":61.25,"pressure":2.375,"rpm":1480,"flow":[12.5,12.75,13.0,12.875],"alarms":[],"site":{"plant":"north","line":3},"firmware":{"version":"2.4.1","build":1187}}"#,
    r#"{"device":"meter-3","unit":"kWh","readings":[{"t":1764750000,"v":1021.5},{"t":1764750060,"v":1021.75},{"t":1764750120,"v":1022.0},{"t":1764750180,"v":1022.25},{"t":1764750240,"v":1022.625},{"t":1764750300,"v":1022.875},{"t":1764750360,"v":1023.125},{"t":1764750420,"v":1023.5},{"t":1764750480,"v":1023.75},{"t":1764750540,"v":1024.0},{"t":1764750600,"v":1024.375},{"t":1764750660,"v":1024.625},{"t":1764750720,"v":1024.875},{"t":1764750780,"v":1025.25},{"t":1764750840,"v":1025.5},{"t":1764750900,"v":1025.75},{"t":1764750960,"v":1026.125},{"t":1764751020,"v":1026.375},{"t":1764751080,"v":1026.625},{"t":1764751140,"v":1027.0}],"ok":true}"#,
];

/// [`DOCUMENTS`] in `encoding`, by the console's encoder (the publish form's `pub-encode`).
fn documents(encoding: Option<Encoding>) -> Vec<Vec<u8>> {
    DOCUMENTS
        .iter()
        .map(|doc| match &encoding {
            None => doc.as_bytes().to_vec(),
            Some(e) => match Engine::default().encode(e, TOPIC, doc, 0) {
                Some(Ok(bytes)) => bytes,
                other => panic!("the console cannot encode a telemetry document: {other:?}"),
            },
        })
        .collect()
}

struct Message {
    topic: String,
    payload: Vec<u8>,
    codec: PayloadCodec,
}

/// One codec's payloads and the engine that decodes them.
struct Set {
    name: &'static str,
    /// `vectors` or `documents`.
    kind: &'static str,
    messages: Vec<Message>,
    /// Sparkplug B: every message goes through [`Engine::arrive`] in order.
    stateful: bool,
    engine: Engine,
    /// Messages dropped from the set because they did not decode (for Sparkplug B: kept, since
    /// the sequence is the point, and counted).
    failed: usize,
    failure: Option<String>,
    seq: u64,
    next: usize,
}

impl Set {
    fn new(
        name: &'static str,
        kind: &'static str,
        messages: Vec<Message>,
        engine: Engine,
        stateful: bool,
    ) -> Set {
        let mut set = Set {
            name,
            kind,
            messages,
            stateful,
            engine,
            failed: 0,
            failure: None,
            seq: 0,
            next: 0,
        };
        set.check();
        set
    }

    /// Decodes every message once: the timed loop then decodes only payloads that decode (a
    /// failure costs less than a success and would flatter the figure).
    fn check(&mut self) {
        let mut kept = Vec::new();
        for m in std::mem::take(&mut self.messages) {
            let failure = if self.stateful {
                self.seq += 1;
                self.engine
                    .arrive(self.seq, Direction::In, &m.topic, &m.payload, &m.codec)
                    .and_then(|o| o.failure.clone())
            } else {
                self.engine.decode(&m.topic, &m.payload, &m.codec).failure
            };
            if let Some(f) = failure {
                self.failed += 1;
                self.failure.get_or_insert_with(|| format!("{f:?}"));
                if !self.stateful {
                    continue;
                }
            }
            kept.push(m);
        }
        self.messages = kept;
    }

    /// Decodes the next message; returns the length of its log line, so that nothing is
    /// optimised away.
    fn decode_next(&mut self) -> usize {
        let Some(m) = self.messages.get(self.next) else {
            return 0;
        };
        self.next = (self.next + 1) % self.messages.len();
        if self.stateful {
            self.seq += 1;
            self.engine
                .arrive(self.seq, Direction::In, &m.topic, &m.payload, &m.codec)
                .map_or(0, |o| o.compact.len())
        } else {
            self.engine
                .decode(&m.topic, &m.payload, &m.codec)
                .compact
                .len()
        }
    }

    fn describe(&self) -> Value {
        let bytes: usize = self.messages.iter().map(|m| m.payload.len()).sum();
        json!({
            "codec": self.name,
            "set": self.kind,
            "payloads": self.messages.len(),
            "meanBytes": bytes as f64 / self.messages.len().max(1) as f64,
            "failed": self.failed,
            "failure": self.failure,
        })
    }
}

thread_local! {
    static SETS: RefCell<Vec<Set>> = const { RefCell::new(Vec::new()) };
}

fn parse(text: &str, file: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
}

fn bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| {
            u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or(""), 16)
                .unwrap_or_else(|e| panic!("a vector's hex {hex:?} is not hex: {e}"))
        })
        .collect()
}

fn list<'a>(v: &'a Value, file: &str) -> &'a [Value] {
    v["vectors"]
        .as_array()
        .unwrap_or_else(|| panic!("{file} has no vectors"))
}

fn messages(codec: &PayloadCodec, payloads: Vec<Vec<u8>>) -> Vec<Message> {
    payloads
        .into_iter()
        .map(|payload| Message {
            topic: TOPIC.to_owned(),
            payload,
            codec: codec.clone(),
        })
        .collect()
}

fn sets() -> Vec<Set> {
    let codec = parse(CODEC_VECTORS, "codec_vectors.json");
    let codec = list(&codec, "codec_vectors.json");
    let of = |name: &str| -> Vec<Vec<u8>> {
        codec
            .iter()
            .filter(|v| v["codec"] == name)
            .map(|v| bytes(v["hex"].as_str().unwrap_or_default()))
            .collect()
    };
    let json_text = || -> Vec<Vec<u8>> {
        codec
            .iter()
            .map(|v| v["json"].to_string().into_bytes())
            .collect()
    };
    let plain = |name, kind, c: PayloadCodec, m: Vec<Vec<u8>>| {
        Set::new(name, kind, messages(&c, m), Engine::default(), false)
    };

    let protobuf = parse(PROTOBUF_VECTORS, "protobuf_vectors.json");
    let mut proto_engine = Engine::default();
    let files: Vec<(String, String)> = PROTO_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    proto_engine
        .set_protos(&files)
        .unwrap_or_else(|e| panic!("the committed .proto files do not compile: {e:?}"));
    let proto_messages = list(&protobuf, "protobuf_vectors.json")
        .iter()
        .map(|v| Message {
            topic: TOPIC.to_owned(),
            payload: bytes(v["hex"].as_str().unwrap_or_default()),
            codec: PayloadCodec::Protobuf(v["type"].as_str().unwrap_or_default().to_owned()),
        })
        .collect();

    let sparkplug = parse(SPARKPLUG_VECTORS, "sparkplug_vectors.json");
    let sparkplug_messages = list(&sparkplug, "sparkplug_vectors.json")
        .iter()
        .map(|v| Message {
            topic: v["topic"].as_str().unwrap_or_default().to_owned(),
            payload: bytes(v["hex"].as_str().unwrap_or_default()),
            codec: PayloadCodec::SparkplugB,
        })
        .collect();

    vec![
        plain("text", "vectors", PayloadCodec::Text, json_text()),
        plain("text", "documents", PayloadCodec::Text, documents(None)),
        plain("hex", "vectors", PayloadCodec::Hex, json_text()),
        plain("hex", "documents", PayloadCodec::Hex, documents(None)),
        plain("JSON", "vectors", PayloadCodec::Json, json_text()),
        plain("JSON", "documents", PayloadCodec::Json, documents(None)),
        plain("CBOR", "vectors", PayloadCodec::Cbor, of("cbor")),
        plain(
            "CBOR",
            "documents",
            PayloadCodec::Cbor,
            documents(Some(Encoding::Cbor)),
        ),
        plain(
            "MessagePack",
            "vectors",
            PayloadCodec::MessagePack,
            of("msgpack"),
        ),
        plain(
            "MessagePack",
            "documents",
            PayloadCodec::MessagePack,
            documents(Some(Encoding::MessagePack)),
        ),
        Set::new("Protobuf", "vectors", proto_messages, proto_engine, false),
        Set::new(
            "Sparkplug B",
            "vectors",
            sparkplug_messages,
            Engine::default(),
            true,
        ),
    ]
}

/// Builds every codec's sets, decoding each payload once; returns what each set holds as JSON
/// (`codec`, `set`, `payloads`, `meanBytes`, `failed`, `failure`), in the order [`decode`]
/// numbers them.
#[wasm_bindgen]
pub fn prepare() -> String {
    let sets = sets();
    let described: Vec<Value> = sets.iter().map(Set::describe).collect();
    SETS.with(|s| *s.borrow_mut() = sets);
    Value::Array(described).to_string()
}

/// Decodes `n` messages of set `codec` (round robin over its payloads); returns a checksum.
#[wasm_bindgen]
pub fn decode(codec: usize, n: u32) -> u32 {
    SETS.with(|s| {
        let mut sets = s.borrow_mut();
        let Some(set) = sets.get_mut(codec) else {
            return 0;
        };
        let mut sum = 0usize;
        for _ in 0..n {
            sum = sum.wrapping_add(black_box(set.decode_next()));
        }
        sum as u32
    })
}
