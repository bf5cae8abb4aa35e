//! ProtoSet against payloads and JSON from an independent protobuf implementation, against
//! broken `.proto` files and payloads, and against any bytes at all.
//!
//! `tests/vectors/protobuf_vectors.json` comes from `scripts/protobuf_vectors.py`: protoc
//! (grpcio-tools) compiled the `.proto` files of `tests/vectors/proto/`, Python's protobuf
//! runtime built and serialized each message and wrote its canonical JSON; the script's own
//! normaliser turned that JSON into what our tree's JSON must be (its docstring lists the
//! differences).

use std::sync::LazyLock;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::{ProtoCompileError, ProtoDecodeError, ProtoEncodeError, ProtoSet, WireFault};

const VECTORS: &str = include_str!("../../../../tests/vectors/protobuf_vectors.json");

/// The committed `.proto` files, by the names they import each other with.
const FILES: [(&str, &str); 3] = [
    (
        "common/units.proto",
        include_str!("../../../../tests/vectors/proto/common/units.proto"),
    ),
    (
        "sensor.proto",
        include_str!("../../../../tests/vectors/proto/sensor.proto"),
    ),
    (
        "legacy.proto",
        include_str!("../../../../tests/vectors/proto/legacy.proto"),
    ),
];

#[derive(Deserialize)]
struct Document {
    files: Vec<String>,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    #[serde(rename = "type")]
    type_name: String,
    hex: String,
    proto_json: Value,
    json: Value,
}

impl Vector {
    fn payload(&self) -> Vec<u8> {
        hex::decode(&self.hex).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

fn document() -> &'static Document {
    static PARSED: LazyLock<Document> = LazyLock::new(|| {
        serde_json::from_str(VECTORS)
            .unwrap_or_else(|e| panic!("tests/vectors/protobuf_vectors.json: {e}"))
    });
    &PARSED
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, source)| ((*name).to_owned(), (*source).to_owned()))
        .collect()
}

fn set() -> &'static ProtoSet {
    static SET: LazyLock<ProtoSet> = LazyLock::new(|| match ProtoSet::compile(&files(&FILES)) {
        Ok(set) => set,
        Err(e) => panic!("the vector .proto files do not compile: {e:?}"),
    });
    &SET
}

/// JSON equality where numbers compare by value (Python writes `3` where we hold `3.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn the_vector_files_compile_and_list_their_types() {
    let names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
    assert_eq!(document().files, names);
    let types = set().message_types();
    for expected in [
        "common.units.Quantity",
        "google.protobuf.Timestamp",
        "legacy.Frame",
        "legacy.Frame.Extra",
        "sensor.v1.Batch",
        "sensor.v1.Reading",
        "sensor.v1.Sensor",
        "sensor.v1.Sensor.GeoPoint",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} in {types:?}"
        );
    }
    assert!(!types.iter().any(|t| t.ends_with("Entry")), "{types:?}");
    let mut sorted = types.clone();
    sorted.sort();
    assert_eq!(types, sorted);
}

#[test]
fn every_vector_decodes_to_the_json_python_wrote() {
    let vectors = &document().vectors;
    assert!(vectors.len() >= 25, "only {} vectors", vectors.len());
    let mut wrong = Vec::new();
    for v in vectors {
        match set().decode(&v.type_name, &v.payload()) {
            Err(e) => wrong.push(format!("{}: {e:?}", v.name)),
            Ok(decoded) => {
                let json = decoded.to_json();
                if !same(&json, &v.json) {
                    wrong.push(format!("{}: {json}\nexpected {}", v.name, v.json));
                }
                // Rendering never fails either.
                assert!(!decoded.pretty().is_empty() && !decoded.compact().contains('\n'));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn python_json_encodes_back_to_the_same_message() {
    let mut wrong = Vec::new();
    for v in &document().vectors {
        let text = v.proto_json.to_string();
        let expected = match set().decode(&v.type_name, &v.payload()) {
            Ok(d) => d.to_json(),
            Err(e) => panic!("{}: {e:?}", v.name),
        };
        match set().encode_json(&v.type_name, &text) {
            Err(e) => wrong.push(format!("{}: {e:?}", v.name)),
            Ok(bytes) => match set().decode(&v.type_name, &bytes) {
                Err(e) => wrong.push(format!("{}: re-decode {e:?}", v.name)),
                Ok(back) => {
                    let mut expected = expected.clone();
                    // JSON carries no unknown fields.
                    if let Value::Object(map) = &mut expected {
                        map.retain(|k, _| !k.starts_with(|c: char| c.is_ascii_digit()));
                    }
                    if !same(&back.to_json(), &expected) {
                        wrong.push(format!(
                            "{}: {} expected {expected}",
                            v.name,
                            back.to_json()
                        ));
                    }
                }
            },
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let bad = "syntax = \"proto3\";\nmessage A {\n  int32 x = ;\n}\n";
    match ProtoSet::compile(&files(&[("bad.proto", bad)])) {
        Err(ProtoCompileError::Invalid {
            file: Some(file),
            at: Some(at),
            message,
        }) => {
            assert_eq!(file, "bad.proto");
            assert_eq!((at.line, at.column), (3, 13), "{message}");
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_type_names_where_it_is_used() {
    let bad = "syntax = \"proto3\";\n\nmessage A {\n  Missing m = 1;\n}\n";
    match ProtoSet::compile(&files(&[("dir/a.proto", bad)])) {
        Err(ProtoCompileError::Invalid {
            file: Some(file),
            at: Some(at),
            message,
        }) => {
            assert_eq!(file, "dir/a.proto");
            assert_eq!(at.line, 4, "{message}");
            assert!(message.contains("Missing"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_import_is_named() {
    let a = "syntax = \"proto3\";\nimport \"common/units.proto\";\nimport \"nope/gone.proto\";\n";
    let units = FILES[0];
    match ProtoSet::compile(&files(&[("a.proto", a), units])) {
        Err(ProtoCompileError::MissingImport { file, import, at }) => {
            assert_eq!(
                (file.as_str(), import.as_str()),
                ("a.proto", "nope/gone.proto")
            );
            assert_eq!(at.map(|p| (p.line, p.column)), Some((3, 1)));
        }
        other => panic!("{other:?}"),
    }
    // Without units.proto, the first import is the missing one.
    assert!(matches!(
        ProtoSet::compile(&files(&[("a.proto", a)])),
        Err(ProtoCompileError::MissingImport { import, .. }) if import == "common/units.proto"
    ));
}

#[test]
fn duplicates_and_cycles_are_errors_not_panics() {
    let a = ("a.proto", "syntax = \"proto3\";\nmessage A {}\n");
    assert_eq!(
        ProtoSet::compile(&files(&[a, a])).err(),
        Some(ProtoCompileError::DuplicateFile {
            file: "a.proto".into()
        })
    );
    let x = ("x.proto", "syntax = \"proto3\";\nimport \"y.proto\";\n");
    let y = ("y.proto", "syntax = \"proto3\";\nimport \"x.proto\";\n");
    assert!(matches!(
        ProtoSet::compile(&files(&[x, y])),
        Err(ProtoCompileError::Invalid { .. })
    ));
    // No files at all is an empty set.
    assert!(ProtoSet::compile(&[]).is_ok_and(|s| s.message_types().is_empty()));
}

fn malformed(type_name: &str, payload: &[u8]) -> (usize, WireFault) {
    match set().decode(type_name, payload) {
        Err(ProtoDecodeError::Malformed { offset, fault }) => (offset, fault),
        other => panic!("{payload:02x?} as {type_name}: {other:?}"),
    }
}

#[test]
fn wire_faults_have_their_offsets() {
    let sensor = "sensor.v1.Sensor";
    assert_eq!(
        malformed(sensor, &[0x0e]),
        (0, WireFault::InvalidWireType(6))
    );
    assert_eq!(
        malformed(sensor, &[0x00, 0x00]),
        (0, WireFault::FieldNumberZero)
    );
    assert_eq!(malformed(sensor, &[0x10]), (1, WireFault::Truncated));
    assert_eq!(malformed(sensor, &[0x10, 0x80]), (1, WireFault::Truncated));
    assert_eq!(
        malformed(
            sensor,
            &[0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        ),
        (1, WireFault::VarintTooLong)
    );
    assert_eq!(
        malformed(sensor, &[0x0a, 0x05, b'a']),
        (
            1,
            WireFault::LengthTooLarge {
                declared: 5,
                remaining: 1
            }
        )
    );
    assert_eq!(
        malformed(sensor, &[0x0a, 0x02, b'a', 0xff]),
        (3, WireFault::InvalidUtf8 { field: "id".into() })
    );
    assert_eq!(
        malformed(sensor, &[0x08, 0x01]),
        (
            0,
            WireFault::WrongWireType {
                field: "id".into(),
                found: 0
            }
        )
    );
    // history[0].quantity arrives as a varint: the offset is inside the nested message.
    assert_eq!(
        malformed(sensor, &[0x2a, 0x02, 0x08, 0x01]),
        (
            2,
            WireFault::WrongWireType {
                field: "quantity".into(),
                found: 0
            }
        )
    );
    let eleven = [
        0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
    ];
    assert_eq!(malformed(sensor, &eleven), (1, WireFault::VarintTooLong));
    assert_eq!(
        malformed(sensor, &[0x0c]),
        (0, WireFault::UnexpectedEndGroup { field: 1 })
    );
    let frame = "legacy.Frame";
    assert_eq!(
        malformed(frame, &[0x08, 0x01, 0x1a, 0x03, 1, 2, 3]),
        (
            4,
            WireFault::PackedLength {
                field: "words".into()
            }
        )
    );
    assert_eq!(
        malformed(frame, &[0x08, 0x01, 0x2b, 0x30, 0x01]),
        (2, WireFault::UnclosedGroup { field: 5 })
    );
    // An unknown group is skipped field by field, and must close too.
    assert_eq!(
        malformed(sensor, &[0xc3, 0x06, 0x08]),
        (3, WireFault::Truncated)
    );
}

/// `Sensor.anything` holding a Value nested `levels` deep through list values.
fn nested_values(levels: usize) -> Vec<u8> {
    // Value { list_value (6): ListValue { values (1): Value { … } } }
    let mut inner: Vec<u8> = vec![0x08, 0x00]; // Value { null_value: NULL_VALUE }
    for _ in 0..levels {
        let mut list = vec![0x0a];
        push_len(&mut list, inner.len());
        list.extend(&inner);
        let mut value = vec![0x32];
        push_len(&mut value, list.len());
        value.extend(&list);
        inner = value;
    }
    let mut sensor = vec![0x9a, 0x01]; // field 19, LEN
    push_len(&mut sensor, inner.len());
    sensor.extend(&inner);
    sensor
}

fn push_len(out: &mut Vec<u8>, mut len: usize) {
    while len >= 0x80 {
        out.push((len as u8) | 0x80);
        len >>= 7;
    }
    out.push(len as u8);
}

#[test]
fn nesting_is_bounded_with_an_offset() {
    assert!(set().decode("sensor.v1.Sensor", &nested_values(10)).is_ok());
    let (offset, fault) = malformed("sensor.v1.Sensor", &nested_values(80));
    assert_eq!(fault, WireFault::TooDeep);
    assert!(offset > 0);
}

#[test]
fn an_unknown_type_is_its_own_error() {
    assert_eq!(
        set().decode("sensor.v1.Nope", &[]),
        Err(ProtoDecodeError::UnknownType("sensor.v1.Nope".into()))
    );
    assert!(set().decode(".sensor.v1.Sensor", &[]).is_ok());
    assert!(matches!(
        set().encode_json("Nope", "{}"),
        Err(ProtoEncodeError::UnknownType(_))
    ));
}

fn json_error(type_name: &str, json: &str) -> (String, usize, usize, String) {
    match set().encode_json(type_name, json) {
        Err(ProtoEncodeError::Json {
            path,
            line,
            column,
            message,
        }) => (path, line, column, message),
        other => panic!("{json}: {other:?}"),
    }
}

#[test]
fn json_errors_point_at_the_field() {
    let (path, ..) = json_error(
        "sensor.v1.Sensor",
        r#"{"history": [{}, {}, {"delta": "x"}]}"#,
    );
    assert_eq!(path, "$.history[2].delta");
    let (path, ..) = json_error(
        "sensor.v1.Sensor",
        r#"{"readings": {"a": {"status": "NOPE"}}}"#,
    );
    assert_eq!(path, "$.readings.a.status");
    let (_, line, column, message) = json_error("sensor.v1.Sensor", "{\n  \"id\": \"a\",\n  }");
    assert_eq!((line, column), (3, 3), "{message}");
    assert!(!message.contains(" at line "), "{message}");
    let (path, _, _, message) = json_error("sensor.v1.Sensor", r#"{"idd": 1}"#);
    assert!(message.contains("idd"), "{path} {message}");
    json_error("sensor.v1.Sensor", "{} x");
    json_error("sensor.v1.Sensor", "");
    // lowerCamelCase names and numbers for 64-bit fields are accepted.
    let bytes = set()
        .encode_json(
            "sensor.v1.Sensor",
            r#"{"takenAt": "1970-01-01T00:00:01Z", "counter": 5}"#,
        )
        .unwrap_or_default();
    assert_eq!(bytes, [0x10, 0x05, 0x5a, 0x02, 0x08, 0x01]);
}

const TYPES: [&str; 6] = [
    "sensor.v1.Sensor",
    "sensor.v1.Reading",
    "sensor.v1.Batch",
    "legacy.Frame",
    "google.protobuf.Struct",
    "google.protobuf.Any",
];

/// A payload that does not decode always has a fault the walk can place (never
/// `Rejected`), inside the payload.
fn check_any_bytes(payload: &[u8]) {
    for type_name in TYPES {
        match set().decode(type_name, payload) {
            Ok(decoded) => {
                let _ = (decoded.pretty(), decoded.to_json());
            }
            Err(ProtoDecodeError::Malformed { offset, .. }) => {
                assert!(offset <= payload.len(), "{payload:02x?}: {offset}");
            }
            Err(e) => panic!("{type_name} {payload:02x?}: {e:?}"),
        }
    }
}

#[test]
fn every_prefix_of_a_vector_decodes_or_says_where() {
    for v in &document().vectors {
        let payload = v.payload();
        for len in 0..payload.len() {
            check_any_bytes(payload.get(..len).unwrap_or_default());
        }
    }
}

proptest! {
    #[test]
    fn any_bytes_decode_or_say_where(payload in proptest::collection::vec(any::<u8>(), 0..64)) {
        check_any_bytes(&payload);
    }

    /// Vector payloads with one byte changed: closer to valid, so deeper into the walk.
    #[test]
    fn mutated_vectors_decode_or_say_where(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let vectors = &document().vectors;
        let v = which.get(vectors);
        let mut payload = v.payload();
        if !payload.is_empty() {
            let i = at.index(payload.len());
            if let Some(slot) = payload.get_mut(i) {
                *slot = byte;
            }
        }
        check_any_bytes(&payload);
    }

    #[test]
    fn any_json_text_encodes_or_errs(text in "[{}\\[\\]\",:0-9a-zA-Z_. -]{0,40}") {
        for type_name in TYPES {
            let _ = set().encode_json(type_name, &text);
        }
    }

    #[test]
    fn any_proto_text_compiles_or_errs(
        text in "(syntax = \"proto[23]\";|edition = \"2023\";|package [a-z.]{1,4};|message |enum |oneof |map<|>|extend |extensions |reserved |optional |required |repeated |group |option |service |rpc |returns |stream |\\(|\\)|\\[|\\]|default|packed|json_name|[{};=,.\"]|-|int32 |int64 |string |bytes |double |google\\.protobuf\\.Any |[a-zA-Z]{1,3}|[0-9]{1,10}|import \"[a-z./]{1,5}\";|import \"google/protobuf/(any|descriptor)\\.proto\";| |\n){0,60}"
    ) {
        let _ = ProtoSet::compile(&[("p.proto".to_owned(), text)]);
    }

    /// The vector files with a piece cut out and something else put in: past the parser more
    /// often than random text, into name resolution and the checks.
    #[test]
    fn edited_proto_files_compile_or_err(
        which in 0..FILES.len(),
        at in any::<prop::sample::Index>(),
        cut in 0..12usize,
        insert in "(|[0-9]{1,3}|[a-z]{1,4}|[{};=<>\\[\\]\"]|repeated |optional |Reading|Unit|\\.|-)",
    ) {
        let mut edited = files(&FILES);
        if let Some((_, source)) = edited.get_mut(which) {
            let mut start = at.index(source.len() + 1);
            while !source.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(source.len());
            while !source.is_char_boundary(end) {
                end -= 1;
            }
            source.replace_range(start..end, &insert);
        }
        if let Ok(set) = ProtoSet::compile(&edited) {
            for type_name in set.message_types() {
                let _ = set.decode(&type_name, &[0x08, 0x01, 0x12, 0x00]);
                let _ = set.encode_json(&type_name, "{}");
            }
        }
    }
}
