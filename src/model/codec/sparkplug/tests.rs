//! The tracker against a session from an independent encoder, and the decoder against any
//! bytes at all.
//!
//! `tests/vectors/sparkplug_vectors.json` comes from `scripts/sparkplug_vectors.py`: Google's
//! protobuf runtime wrote the payloads from Tahu's own `.proto`, and the script worked out
//! what a host application must see (values, types, findings, online state).

use std::sync::LazyLock;

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value as Json;

use super::*;

const VECTORS: &str = include_str!("../../../../tests/vectors/sparkplug_vectors.json");

#[derive(Deserialize)]
struct Document {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    topic: String,
    hex: String,
    #[serde(rename = "type")]
    kind: String,
    findings: Vec<String>,
    metrics: Option<serde_json::Map<String, Json>>,
    types: Option<serde_json::Map<String, Json>>,
    node_online: Option<bool>,
    device_online: Option<bool>,
    state: Option<Json>,
}

fn vectors() -> &'static [Vector] {
    static PARSED: LazyLock<Vec<Vector>> =
        LazyLock::new(|| match serde_json::from_str::<Document>(VECTORS) {
            Ok(document) => document.vectors,
            Err(e) => panic!("tests/vectors/sparkplug_vectors.json: {e}"),
        });
    &PARSED
}

fn payload_of(v: &Vector) -> Vec<u8> {
    hex::decode(&v.hex).unwrap_or_else(|e| panic!("{}: {e}", v.topic))
}

/// A finding as the script writes it.
fn finding_text(f: &Finding) -> String {
    match f {
        Finding::SeqGap { expected, got } => format!("SeqGap {expected} {got}"),
        Finding::MissingSeq => "MissingSeq".into(),
        Finding::UnknownAlias(a) => format!("UnknownAlias {a}"),
        Finding::NoBirth => "NoBirth".into(),
        Finding::StaleDeath {
            birth_bd_seq,
            death_bd_seq,
        } => format!("StaleDeath {birth_bd_seq} {death_bd_seq}"),
        Finding::MissingBdSeq => "MissingBdSeq".into(),
        Finding::DuplicateAlias(a) => format!("DuplicateAlias {a}"),
        Finding::Untracked => "Untracked".into(),
    }
}

#[test]
fn the_session_reads_as_the_independent_encoder_says() {
    let all = vectors();
    assert!(all.len() >= 17, "only {} vectors", all.len());
    let mut state = SparkplugState::new();
    let mut wrong = Vec::new();
    for (i, v) in all.iter().enumerate() {
        let label = format!("#{i} {}", v.topic);
        let message = match state.handle_message(&v.topic, &payload_of(v)) {
            Ok(m) => m,
            Err(e) => {
                wrong.push(format!("{label}: {e:?}"));
                continue;
            }
        };
        let kind = message.message_type().map_or("STATE", MessageType::as_str);
        if kind != v.kind {
            wrong.push(format!("{label}: type {kind}"));
        }
        let findings: Vec<String> = message.findings.iter().map(finding_text).collect();
        if findings != v.findings {
            wrong.push(format!(
                "{label}: findings {findings:?}, expected {:?}",
                v.findings
            ));
        }
        if let Some(expected) = &v.metrics {
            let json = message.to_json();
            let got = json.get("metrics").and_then(Json::as_object);
            if got != Some(expected) {
                wrong.push(format!("{label}: metrics {got:?}\nexpected {expected:?}"));
            }
        }
        if let (Some(types), Some(payload)) = (&v.types, message.payload()) {
            for m in &payload.metrics {
                let got = m.datatype.map(|t| Json::String(t.name().into_owned()));
                let expected = types.get(&m.key()).filter(|t| !t.is_null()).cloned();
                if got != expected {
                    wrong.push(format!("{label}: {} type {got:?}", m.key()));
                }
            }
        }
        if let Some(expected) = &v.state {
            if message.to_json() != *expected {
                wrong.push(format!("{label}: state {}", message.to_json()));
            }
        }
        if let Topic::Edge {
            group,
            edge_node,
            device,
            ..
        } = &message.topic
        {
            let node = state.node_online(group, edge_node);
            if node != v.node_online {
                wrong.push(format!("{label}: node online {node:?}"));
            }
            if let Some(device) = device {
                let online = state.device_online(group, edge_node, device);
                if online != v.device_online {
                    wrong.push(format!("{label}: device online {online:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(state.node_bd_seq("Plant", "Edge1"), Some(8));
    assert_eq!(
        state.host("scada"),
        Some(HostState {
            online: true,
            timestamp: Some(1_700_000_014_000)
        })
    );
    assert_eq!(state.host("scada2").map(|h| h.online), Some(false));
    // Edge1 and Edge3; Edge2 only sent data, and a node is tracked from its birth.
    assert_eq!(state.counts(), (2, 1, 2));
}

#[test]
fn the_birth_reads_as_text() {
    let birth = &vectors()[0];
    let mut state = SparkplugState::new();
    let Ok(message) = state.handle_message(&birth.topic, &payload_of(birth)) else {
        panic!("the birth does not decode");
    };
    let text = message.pretty();
    for line in [
        "  \"timestamp\": 1700000000000 (2023-11-14T22:13:20Z),",
        "  \"seq\": 0,",
        "    \"bdSeq\" (alias 0): 7 UInt64,",
        "    \"Temp\" (alias 1): -5 Int32 {\"engUnit\": \"C\" String},",
        "    \"Count\" (alias 2): 18446744073709551615 UInt64,",
        "    \"Ratio\" (alias 3): 0.1 Float,",
        "    \"When\" (alias 7): 1700000000123 (2023-11-14T22:13:20.123Z) DateTime,",
        "    \"Blob\" (alias 8): h'00ff' Bytes,",
        "    \"Flags\" (alias 11): [true, false, true] BooleanArray,",
        "    \"Table\" (alias 13): DataSet {",
        "      \"columns\": [\"a\" Int32, \"b\" String, \"c\" Double],",
        "        [-1, \"x\", 0.5],",
        "    \"Motor\" (alias 14): Template {",
        "      \"template_ref\": \"MotorType\",",
        "      \"parameters\": {\"rated\": 5 Int32},",
        "        \"Speed\": -3 Int32,",
        "    \"Nothing\" (alias 15): null Int32",
    ] {
        assert!(text.contains(line), "no line {line:?} in\n{text}");
    }
}

#[test]
fn broken_payloads_say_where() {
    let payload = |bytes: &[u8]| decode(bytes).err();
    // A metric (field 2) declaring 5 bytes with 1 left.
    assert_eq!(
        payload(&[0x08, 0x01, 0x12, 0x05, 0x0a]),
        Some(PayloadError {
            offset: Some(2),
            reason: PayloadReason::LengthTooLarge {
                declared: 5,
                remaining: 1
            }
        })
    );
    // Field number 0.
    assert_eq!(
        payload(&[0x08, 0x01, 0x00]).map(|e| (e.offset, e.reason)),
        Some((Some(2), PayloadReason::InvalidTag))
    );
    // A uuid (field 4, a string) sent as a varint.
    assert_eq!(
        payload(&[0x20, 0x01]).map(|e| e.reason),
        Some(PayloadReason::WrongWireType {
            field: 4,
            wire_type: 0
        })
    );
    // A metric name with a bad UTF-8 byte at offset 6.
    assert_eq!(
        payload(&[0x12, 0x04, 0x0a, 0x02, b'a', 0xff]).map(|e| (e.offset, e.reason)),
        Some((Some(5), PayloadReason::InvalidUtf8))
    );
    // A varint cut short, and one of 11 bytes.
    assert_eq!(
        payload(&[0x08, 0x80]).map(|e| (e.offset, e.reason)),
        Some((Some(1), PayloadReason::Truncated))
    );
    let mut long = vec![0x08];
    long.extend([0xff; 10]);
    long.push(0x01);
    assert_eq!(
        payload(&long).map(|e| e.reason),
        Some(PayloadReason::InvalidVarint)
    );
    // Templates nested past the limit.
    let mut nested: Vec<u8> = Vec::new();
    for _ in 0..MAX_NESTING {
        // Metric { template_value: Template { metrics: [<nested>] } }
        let mut template = vec![0x12];
        push_len(&mut template, nested.len());
        template.extend(&nested);
        let mut metric = vec![0x92, 0x01];
        push_len(&mut metric, template.len());
        metric.extend(template);
        nested = metric;
    }
    let mut top = vec![0x12];
    push_len(&mut top, nested.len());
    top.extend(nested);
    assert_eq!(
        payload(&top).map(|e| e.reason),
        Some(PayloadReason::TooDeep)
    );
    // An empty payload is a valid, empty message.
    assert_eq!(decode(&[]).map(|p| p.metrics.len()), Ok(0));
    // Unknown fields, groups included, are skipped as prost skips them.
    assert!(decode(&[0xf8, 0x01, 0x05, 0xfb, 0x01, 0x08, 0x01, 0xfc, 0x01]).is_ok());
}

fn push_len(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[test]
fn too_many_items_fail_before_allocating() {
    // 70,000 empty metrics: 140 kB on the wire.
    let payload: Vec<u8> = std::iter::repeat_n([0x12, 0x00], MAX_ITEMS + 1)
        .flatten()
        .collect();
    assert_eq!(
        decode(&payload).map_err(|e| e.reason),
        Err(PayloadReason::TooManyItems)
    );
}

#[test]
fn the_tracker_stays_within_its_limits() {
    let mut state = SparkplugState::new();
    // An NBIRTH: bdSeq metric only.
    let birth = [
        0x18, 0x00, 0x12, 0x09, 0x0a, 0x05, b'b', b'd', b'S', b'e', b'q', 0x58, 0x01,
    ];
    for i in 0..MAX_NODES + 5 {
        let topic = format!("spBv1.0/g/NBIRTH/e{i}");
        let Ok(message) = state.handle_message(&topic, &birth) else {
            panic!("birth {i} does not decode");
        };
        assert_eq!(
            message.findings.contains(&Finding::Untracked),
            i >= MAX_NODES,
            "{i}"
        );
    }
    assert_eq!(state.counts().0, MAX_NODES);
    for i in 0..MAX_HOSTS + 1 {
        let topic = format!("spBv1.0/STATE/h{i}");
        let found = state
            .handle_message(&topic, b"ONLINE")
            .map(|m| m.findings)
            .unwrap_or_default();
        assert_eq!(found.contains(&Finding::Untracked), i >= MAX_HOSTS);
    }
}

#[test]
fn seq_wraps_and_a_missing_seq_is_flagged() {
    let mut state = SparkplugState::new();
    let birth = [
        0x18, 0xfe, 0x01, 0x12, 0x09, 0x0a, 0x05, b'b', b'd', b'S', b'e', b'q', 0x58, 0x01,
    ];
    let findings = |state: &mut SparkplugState, topic: &str, payload: &[u8]| {
        state
            .handle_message(topic, payload)
            .map(|m| m.findings)
            .unwrap_or_else(|e| panic!("{e:?}"))
    };
    assert_eq!(findings(&mut state, "spBv1.0/g/NBIRTH/e", &birth), vec![]);
    assert_eq!(
        findings(&mut state, "spBv1.0/g/NDATA/e", &[0x18, 0xff, 0x01]),
        vec![]
    );
    assert_eq!(
        findings(&mut state, "spBv1.0/g/NDATA/e", &[0x18, 0x00]),
        vec![]
    );
    assert_eq!(
        findings(&mut state, "spBv1.0/g/NDATA/e", &[]),
        vec![Finding::MissingSeq]
    );
    assert_eq!(
        findings(&mut state, "spBv1.0/g/NDATA/e", &[0x18, 0x05]),
        vec![Finding::SeqGap {
            expected: 1,
            got: 5
        }]
    );
}

#[test]
fn a_birth_that_reuses_an_alias_is_flagged() {
    // NBIRTH seq 0: bdSeq (alias 0), "a" (alias 1), "b" (alias 1).
    let birth = [
        0x18, 0x00, 0x12, 0x09, 0x0a, 0x05, b'b', b'd', b'S', b'e', b'q', 0x58, 0x01, 0x12, 0x05,
        0x0a, 0x01, b'a', 0x10, 0x01, 0x12, 0x05, 0x0a, 0x01, b'b', 0x10, 0x01,
    ];
    let mut state = SparkplugState::new();
    let findings = state
        .handle_message("spBv1.0/g/NBIRTH/e", &birth)
        .map(|m| m.findings);
    assert_eq!(findings, Ok(vec![Finding::DuplicateAlias(1)]));
    // Data by alias 1 reads as "b".
    let data = state
        .handle_message(
            "spBv1.0/g/NDATA/e",
            &[0x18, 0x01, 0x12, 0x04, 0x10, 0x01, 0x58, 0x05],
        )
        .map(|m| m.to_json());
    assert_eq!(
        data.ok().and_then(|j| j.get("metrics").cloned()),
        Some(serde_json::json!({"b": 5}))
    );
}

#[test]
fn errors_name_the_part_that_failed() {
    let mut state = SparkplugState::new();
    assert_eq!(
        state.handle_message("a/b", &[]).err(),
        Some(SparkplugError::Topic(TopicError::NotSparkplug))
    );
    assert!(matches!(
        state.handle_message("spBv1.0/g/NDATA/e", &[0x12, 0x05]),
        Err(SparkplugError::Payload(_))
    ));
    assert_eq!(
        state.handle_message("spBv1.0/STATE/h", b"{}").err(),
        Some(SparkplugError::State(StateError::MissingOnline))
    );
    assert_eq!(state.counts(), (0, 0, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_bytes_decode_or_fail_within_the_payload(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        match decode(&bytes) {
            Ok(p) => {
                let _ = p.pretty();
                let _ = p.to_json();
            }
            // The wire walk finds every fault prost would, so each error has its offset.
            Err(e) => prop_assert!(e.offset.is_some_and(|o| o <= bytes.len()), "{e:?}"),
        }
    }

    #[test]
    fn mutated_vectors_never_panic(
        pick in 0usize..64,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let all = vectors();
        let v = &all[pick % all.len()];
        let mut payload = payload_of(v);
        if !payload.is_empty() {
            for (at, byte) in &edits {
                let i = at.index(payload.len());
                payload[i] = *byte;
            }
            if edits.len() % 2 == 0 {
                payload.truncate(cut.index(payload.len() + 1));
            }
        }
        // Feed the whole session with one message mutated.
        let mut state = SparkplugState::new();
        for other in all {
            let bytes = if std::ptr::eq(other, v) { payload.clone() } else { payload_of(other) };
            match state.handle_message(&other.topic, &bytes) {
                Ok(message) => {
                    let _ = message.pretty();
                    let _ = message.to_json();
                }
                Err(SparkplugError::Payload(e)) => {
                    prop_assert!(e.offset.is_some_and(|o| o <= bytes.len()), "{e:?}");
                }
                Err(_) => {}
            }
        }
    }
}
