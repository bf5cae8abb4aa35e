//! Every reason code has its words on every packet that may carry it, in both languages, and no
//! two codes on one packet read alike.

use std::collections::BTreeMap;

use super::{describe, short};
use crate::mqtt::{ReasonCode, ReasonPacket, ALL_REASON_CODES};

const PACKETS: [ReasonPacket; 8] = [
    ReasonPacket::ConnAck,
    ReasonPacket::PubAck,
    ReasonPacket::PubRec,
    ReasonPacket::PubRel,
    ReasonPacket::PubComp,
    ReasonPacket::SubAck,
    ReasonPacket::UnsubAck,
    ReasonPacket::Disconnect,
];

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_allowed_code_has_distinct_words_in_both_languages() {
    for packet in PACKETS {
        let mut seen_en: BTreeMap<String, ReasonCode> = BTreeMap::new();
        let mut seen_zh: BTreeMap<String, ReasonCode> = BTreeMap::new();
        for code in ALL_REASON_CODES {
            if !code.allowed_on(packet) {
                continue;
            }
            let text = describe(packet, code);
            assert!(
                !text.en.trim().is_empty(),
                "{packet:?} {code:?}: no English"
            );
            assert!(
                !text.zh.trim().is_empty(),
                "{packet:?} {code:?}: no Chinese"
            );
            assert_ne!(text.en, text.zh, "{packet:?} {code:?}: not translated");
            assert!(
                !has_han(&text.en),
                "{packet:?} {code:?}: Chinese in English"
            );
            assert!(has_han(&text.zh), "{packet:?} {code:?}: Chinese is English");
            if let Some(other) = seen_en.insert(text.en.clone(), code) {
                panic!("{packet:?}: {code:?} and {other:?} read alike: {}", text.en);
            }
            if let Some(other) = seen_zh.insert(text.zh.clone(), code) {
                panic!("{packet:?}: {code:?} and {other:?} read alike: {}", text.zh);
            }
        }
    }
}

#[test]
fn codes_outside_their_packets_still_have_words() {
    for packet in PACKETS {
        for code in ALL_REASON_CODES {
            let text = describe(packet, code);
            assert!(!text.en.is_empty() && !has_han(&text.en));
            assert!(has_han(&text.zh));
        }
    }
}

#[test]
fn one_code_is_worded_for_its_packet() {
    let ok = |p| describe(p, ReasonCode::Success).en;
    assert_eq!(ok(ReasonPacket::ConnAck), "connection accepted");
    assert!(ok(ReasonPacket::SubAck).starts_with("granted QoS 0"));
    assert_eq!(ok(ReasonPacket::Disconnect), "normal disconnection");
    let refused = |p| describe(p, ReasonCode::NotAuthorized).en;
    assert!(refused(ReasonPacket::PubAck).contains("not authorized for this topic"));
    assert!(refused(ReasonPacket::SubAck).contains("subscribe to this filter"));
    assert!(refused(ReasonPacket::ConnAck).contains("not authorized to connect"));
    let moved = describe(ReasonPacket::ConnAck, ReasonCode::ServerMoved);
    assert!(moved.en.contains("server reference"));
    let taken = describe(ReasonPacket::Disconnect, ReasonCode::SessionTakenOver);
    assert!(taken.en.contains("same client id") && taken.zh.contains("会话被接管"));
}

#[test]
fn short_names_carry_the_hex() {
    for code in ALL_REASON_CODES {
        let text = short(code);
        let hex = format!("(0x{:02X})", code.as_u8());
        assert!(text.en.ends_with(&hex), "{}", text.en);
        assert!(text.zh.ends_with(&hex), "{}", text.zh);
        assert!(!has_han(&text.en) && has_han(&text.zh), "{code:?}");
    }
    assert_eq!(short(ReasonCode::NotAuthorized).en, "Not authorized (0x87)");
    assert_eq!(short(ReasonCode::NotAuthorized).zh, "未授权 (0x87)");
}
