//! Topic filter matching [MQTT-4.7].

/// Whether `topic` (a topic name, no wildcards) matches `filter`: `+` is exactly one level, a
/// trailing `#` is any number of levels including none (`a/#` matches `a`), and a wildcard in
/// the first level never matches a topic starting with `$` [MQTT-4.7.2-1].
pub fn topic_matches(filter: &str, topic: &str) -> bool {
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut levels = topic.split('/');
    for f in filter.split('/') {
        if f == "#" {
            return true;
        }
        match levels.next() {
            Some(t) if f == "+" || f == t => {}
            _ => return false,
        }
    }
    levels.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::topic_matches;

    #[test]
    fn wildcards_follow_the_specification() {
        assert!(topic_matches("a/b", "a/b"));
        assert!(!topic_matches("a/b", "a/c"));
        assert!(topic_matches("a/+", "a/b"));
        assert!(!topic_matches("a/+", "a/b/c"));
        assert!(!topic_matches("a/+", "a"));
        assert!(topic_matches("a/+", "a/"));
        assert!(topic_matches("a/#", "a"));
        assert!(topic_matches("a/#", "a/b/c"));
        assert!(topic_matches("#", "/x"));
        assert!(topic_matches("+/+", "/x"));
        assert!(!topic_matches("a/b/c", "a/b"));
        assert!(topic_matches("/pk/dn/user/#", "/pk/dn/user/get"));
    }

    #[test]
    fn wildcards_skip_dollar_topics_at_the_first_level() {
        assert!(!topic_matches("#", "$SYS/broker/uptime"));
        assert!(!topic_matches("+/broker/uptime", "$SYS/broker/uptime"));
        assert!(topic_matches("$SYS/#", "$SYS/broker/uptime"));
    }
}
