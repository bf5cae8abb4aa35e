//! Fuzzes the CBOR and MessagePack decoders (`src/model/codec/`) with arbitrary payloads.
//!
//! The input is the payload itself, decoded as both formats. For each, besides "no panic":
//! - an error points inside the payload (its offset is at most the payload's length);
//! - a decoded value renders, pretty and compact, and converts to JSON; the compact text has no
//!   line break;
//! - both formats are self-delimiting, so the payload less its last byte fails as cut short,
//!   and the payload plus one byte fails with trailing bytes at exactly the old length.
//!
//! The model layer (and with it `mqtt_console::model::codec`) is built only with the `ui`
//! feature, which would bring Leptos into every fuzz build. The codec files use nothing else of
//! the crate, so this target compiles them directly as its own module instead.
//!
//! Run it like `session` (see ../README.md); the vectors make a good seed corpus:
//!
//! ```sh
//! mkdir -p corpus/codecs && python3 -c "import json; [open(f'corpus/codecs/v{i}', 'wb')
//!   .write(bytes.fromhex(v['hex'])) for i, v in enumerate(json.load(
//!   open('../tests/vectors/codec_vectors.json'))['vectors'])]"
//! cargo +nightly fuzz run -s none codecs --target-dir /tmp/target-fuzz -- -max_len=4096
//! ```
//!
//! First run, 2026-12-02, on the codec as first committed (built by hand with cargo-fuzz's
//! flags and `-s none`'s choice of no sanitizer): 11,972,919 executions in 541 s from the 192
//! vectors, no crash and no failed check (`cov: 857 ft: 5516`, corpus 1,644 inputs).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../src/model/codec/mod.rs"]
#[allow(dead_code, unused_imports)]
mod codec;

use codec::{Codec, DecodeReason, Decoded};

fn shown(value: &Decoded) {
    let compact = value.compact();
    assert!(!compact.contains('\n'), "{compact}");
    assert!(!value.pretty().is_empty());
    let _ = value.to_json();
}

fuzz_target!(|data: &[u8]| {
    for codec in Codec::ALL {
        let value = match codec.decode(data) {
            Ok(value) => value,
            Err(e) => {
                assert!(e.offset <= data.len(), "{codec:?}: {e:?}");
                continue;
            }
        };
        shown(&value);

        let shorter = &data[..data.len() - 1];
        let cut = codec.decode(shorter).expect_err("a strict prefix of a value decoded");
        assert!(
            matches!(
                cut.reason,
                DecodeReason::Empty | DecodeReason::Truncated | DecodeReason::LengthTooLarge { .. }
            ),
            "{codec:?} cut: {cut:?}"
        );

        let mut longer = data.to_vec();
        longer.push(0);
        let extra = codec.decode(&longer).expect_err("a value with a byte after it decoded");
        assert_eq!(
            (extra.offset, extra.reason),
            (data.len(), DecodeReason::TrailingBytes),
            "{codec:?}"
        );
    }
});
