//! Both decoders against payloads from independent encoders, and against any bytes at all.
//!
//! `tests/vectors/codec_vectors.json` comes from `scripts/codec_vectors.py`: Python's `cbor2` and
//! `msgpack` wrote the payloads, and a renderer of its own (no code shared with ours) wrote the
//! texts and JSON each must show.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Codec, DecodeReason};

const VECTORS: &str = include_str!("../../../tests/vectors/codec_vectors.json");

#[derive(Deserialize)]
struct Document {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    codec: String,
    name: String,
    hex: String,
    pretty: String,
    compact: String,
    json: serde_json::Value,
}

impl Vector {
    fn codec(&self) -> Codec {
        match self.codec.as_str() {
            "cbor" => Codec::Cbor,
            "msgpack" => Codec::MessagePack,
            other => panic!("{}: unknown codec {other}", self.name),
        }
    }

    fn payload(&self) -> Vec<u8> {
        hex::decode(&self.hex).unwrap_or_else(|e| panic!("{}: {e}", self.name))
    }
}

/// The vectors, parsed once for all tests (the property tests draw from them thousands of times).
fn vectors() -> &'static [Vector] {
    static PARSED: LazyLock<Vec<Vector>> =
        LazyLock::new(|| match serde_json::from_str::<Document>(VECTORS) {
            Ok(document) => document.vectors,
            Err(e) => panic!("tests/vectors/codec_vectors.json: {e}"),
        });
    &PARSED
}

#[test]
fn every_vector_renders_as_the_independent_renderer_says() {
    let all = vectors();
    assert!(all.len() > 150, "only {} vectors", all.len());
    for codec in Codec::ALL {
        assert!(
            all.iter().any(|v| v.codec() == codec),
            "{codec:?} has no vectors"
        );
    }
    let mut wrong = Vec::new();
    for v in all {
        let label = format!("{} {}", v.codec, v.name);
        match v.codec().decode(&v.payload()) {
            Err(e) => wrong.push(format!("{label}: {e:?}")),
            Ok(value) => {
                if value.pretty() != v.pretty {
                    wrong.push(format!(
                        "{label}: pretty\n{}\nexpected\n{}",
                        value.pretty(),
                        v.pretty
                    ));
                }
                if value.compact() != v.compact {
                    wrong.push(format!(
                        "{label}: compact {} expected {}",
                        value.compact(),
                        v.compact
                    ));
                }
                if value.to_json() != v.json {
                    wrong.push(format!(
                        "{label}: json {} expected {}",
                        value.to_json(),
                        v.json
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Both formats are self-delimiting, so no strict prefix of a value is a value: each one must
/// fail as cut short, at an offset inside it.
#[test]
fn every_prefix_of_a_vector_is_cut_short() {
    for v in vectors() {
        let payload = v.payload();
        for len in 0..payload.len() {
            let prefix = payload.get(..len).unwrap_or_default();
            match v.codec().decode(prefix) {
                Ok(value) => panic!("{} cut to {len} bytes decoded to {value:?}", v.name),
                Err(e) => {
                    assert!(
                        matches!(
                            e.reason,
                            DecodeReason::Empty
                                | DecodeReason::Truncated
                                | DecodeReason::LengthTooLarge { .. }
                        ),
                        "{} cut to {len}: {e:?}",
                        v.name
                    );
                    assert!(e.offset <= len, "{} cut to {len}: {e:?}", v.name);
                }
            }
        }
    }
}

#[test]
fn a_byte_after_any_vector_is_trailing() {
    for v in vectors() {
        let mut payload = v.payload();
        let end = payload.len();
        payload.push(0);
        let error = v.codec().decode(&payload).err();
        assert_eq!(
            error.map(|e| (e.offset, e.reason)),
            Some((end, DecodeReason::TrailingBytes)),
            "{}",
            v.name
        );
    }
}

/// Random and damaged payloads: nothing panics, errors point inside the payload, and whatever
/// decodes renders (on one line when compact).
#[cfg(not(target_arch = "wasm32"))]
mod props {
    use proptest::prelude::*;

    use super::super::{Codec, Decoded};
    use super::vectors;

    fn check(codec: Codec, payload: &[u8]) {
        match codec.decode(payload) {
            Ok(value) => shown(&value),
            Err(e) => assert!(e.offset <= payload.len(), "{codec:?} {payload:02x?}: {e:?}"),
        }
    }

    fn shown(value: &Decoded) {
        let compact = value.compact();
        assert!(!compact.contains('\n'), "{compact}");
        let pretty = value.pretty();
        assert!(!pretty.is_empty());
        let _ = value.to_json();
    }

    #[derive(Clone, Debug)]
    enum Damage {
        Set(usize, u8),
        Insert(usize, u8),
        Remove(usize),
        Cut(usize),
    }

    fn damage() -> impl Strategy<Value = Damage> {
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Set(at, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Insert(at, b)),
            any::<usize>().prop_map(Damage::Remove),
            any::<usize>().prop_map(Damage::Cut),
        ]
    }

    fn apply(payload: &mut Vec<u8>, damage: &Damage) {
        let len = payload.len();
        match *damage {
            Damage::Set(at, b) if len > 0 => {
                if let Some(byte) = payload.get_mut(at % len) {
                    *byte = b;
                }
            }
            Damage::Insert(at, b) => payload.insert(at % (len + 1), b),
            Damage::Remove(at) if len > 0 => {
                payload.remove(at % len);
            }
            Damage::Cut(at) => payload.truncate(at % (len + 1)),
            _ => {}
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_bytes_are_safe(payload in proptest::collection::vec(any::<u8>(), 0..256)) {
            for codec in Codec::ALL {
                check(codec, &payload);
            }
        }

        /// Bytes that mostly start valid items (small heads, lengths and nesting markers), so
        /// random inputs reach deep into both decoders rather than failing at the first byte.
        #[test]
        fn plausible_bytes_are_safe(
            payload in proptest::collection::vec(
                prop_oneof![
                    0u8..0x20, 0x40u8..0x48, 0x60u8..0x68, 0x80u8..0x88, 0xa0u8..0xa4,
                    Just(0x9f), Just(0xbf), Just(0x5f), Just(0x7f), Just(0xff), 0xc0u8..0xe0,
                    0xf4u8..0xfc, 0x90u8..0x94, 0xd4u8..0xd9,
                ],
                0..64,
            )
        ) {
            for codec in Codec::ALL {
                check(codec, &payload);
            }
        }

        #[test]
        fn damaged_vectors_are_safe(
            which in any::<usize>(),
            damages in proptest::collection::vec(damage(), 1..4),
        ) {
            let all = vectors();
            let v = &all[which % all.len()];
            let mut payload = v.payload();
            for d in &damages {
                apply(&mut payload, d);
            }
            check(v.codec(), &payload);
        }
    }
}
