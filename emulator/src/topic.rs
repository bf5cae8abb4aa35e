//! MQTT topic matching, plus the one question authorization needs: does every topic a filter
//! can match also match a given pattern?

/// Whether `topic` (no wildcards) matches `filter` by MQTT 3.1.1 rules [MQTT-4.7]; the
/// console's own matcher, so the emulator and the console never disagree.
pub use mqtt_console::mqtt::topic_matches as matches;

/// Whether every topic that `filter` can match is also matched by `pattern`; both are valid
/// filters. Used to grant a SUBSCRIBE only when the whole filter lies inside what a topic class
/// allows, so `/pk/dn/user/#` passes under the class `/pk/dn/user/#` but not under
/// `/pk/dn/user/get`.
pub fn covered_by(filter: &str, pattern: &str) -> bool {
    let filter: Vec<&str> = filter.split('/').collect();
    let pattern: Vec<&str> = pattern.split('/').collect();
    for (i, p) in pattern.iter().enumerate() {
        if *p == "#" {
            return true;
        }
        let Some(f) = filter.get(i) else {
            // The filter stops here; it matches only the topic ending here, which the pattern
            // matches only through a trailing `#`, e.g. `a` under `a/#`.
            return pattern.get(i) == Some(&"#");
        };
        let level_ok = match *f {
            "#" => false,
            "+" => *p == "+",
            literal => *p == "+" || *p == literal,
        };
        if !level_ok {
            return false;
        }
    }
    filter.len() == pattern.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_mqtt_rules() {
        assert!(matches("a/b", "a/b"));
        assert!(!matches("a/b", "a/c"));
        assert!(matches("a/+", "a/b"));
        assert!(!matches("a/+", "a/b/c"));
        assert!(!matches("a/+", "a"));
        assert!(matches("a/#", "a"));
        assert!(matches("a/#", "a/b/c"));
        assert!(matches("#", "/x"));
        assert!(matches("/pk/dn/user/#", "/pk/dn/user/get"));
        assert!(!matches("/pk/dn/user/get", "/pk/dn/user/get/x"));
        assert!(matches("+/+", "/x"));
        assert!(!matches("a/b/c", "a/b"));
    }

    #[test]
    fn coverage_is_subset_of_matched_topics() {
        assert!(covered_by("/pk/dn/user/get", "/pk/dn/user/get"));
        assert!(covered_by("/pk/dn/user/get", "/pk/dn/user/+"));
        assert!(covered_by("/pk/dn/user/get", "/pk/dn/user/#"));
        assert!(covered_by("/pk/dn/user/#", "/pk/dn/user/#"));
        assert!(covered_by("/pk/dn/user/+/x", "/pk/dn/user/#"));
        assert!(covered_by("/pk/dn/user", "/pk/dn/user/#"));
        assert!(covered_by("/pk/dn/user/+", "/pk/dn/user/+"));
        assert!(!covered_by("/pk/dn/user/#", "/pk/dn/user/get"));
        assert!(!covered_by("/pk/dn/user/+", "/pk/dn/user/get"));
        assert!(!covered_by("/pk/dn/user/#", "/pk/dn/user/+"));
        assert!(!covered_by("/pk/dn/#", "/pk/dn/user/#"));
        assert!(!covered_by("#", "/pk/dn/user/#"));
        assert!(!covered_by("/pk/dn/user/get/x", "/pk/dn/user/get"));
        assert!(!covered_by("/pk/dn/user", "/pk/dn/user/get"));
        assert!(!covered_by("/pk/dn/user", "/pk/dn/user/+"));
        assert!(!covered_by("/pk/other/user/get", "/pk/dn/user/#"));
    }
}
