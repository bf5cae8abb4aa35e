//! Replaying on other topics: a literal prefix of each recorded topic replaced by another, so
//! a recording of production topics can be played into a test tree.

use super::file::RecordedMessage;
use crate::mqtt::{check_string, check_topic, MqttError, StringField};

/// Why a topic rewrite is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RewriteError {
    /// `from` holds `+` or `#`: it is a literal prefix, and no recorded topic holds those.
    WildcardInFrom,
    /// `to` holds `+` or `#`, which no topic name may hold.
    WildcardInTo,
    /// `from` or `to` breaks the rules of any MQTT string (NUL, too long); the core's reason.
    Invalid(MqttError),
    /// A recorded topic would become this invalid topic name; the core's reason.
    Result {
        /// The rewritten topic.
        topic: String,
        /// Why it cannot be published to.
        reason: MqttError,
    },
}

/// Replaces a literal prefix of each replayed topic: `from` = `factory/` and `to` =
/// `test/factory/` turn `factory/line1` into `test/factory/line1`. Topics not starting with
/// `from` stay as they are; an empty `from` puts `to` before every topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRewrite {
    from: String,
    to: String,
}

impl TopicRewrite {
    /// Reads the two typed prefixes: `None` when both are empty (or equal), an error when they
    /// could not make topic names. Whether each recorded topic still makes a valid topic name
    /// is [`TopicRewrite::check`]'s question.
    pub fn parse(from: &str, to: &str) -> Result<Option<TopicRewrite>, RewriteError> {
        if from == to {
            return Ok(None);
        }
        if from.contains(['+', '#']) {
            return Err(RewriteError::WildcardInFrom);
        }
        if to.contains(['+', '#']) {
            return Err(RewriteError::WildcardInTo);
        }
        check_string(StringField::Topic, from).map_err(RewriteError::Invalid)?;
        check_string(StringField::Topic, to).map_err(RewriteError::Invalid)?;
        Ok(Some(TopicRewrite {
            from: from.to_owned(),
            to: to.to_owned(),
        }))
    }

    /// The topic to publish `topic` on.
    pub fn apply(&self, topic: &str) -> String {
        match topic.strip_prefix(self.from.as_str()) {
            Some(rest) => format!("{}{rest}", self.to),
            None => topic.to_owned(),
        }
    }

    /// Call before replaying: the first message whose rewritten topic is not a valid topic
    /// name (`from` = `a/` and `to` = `` turn `a/` into an empty topic; a long `to` can make
    /// one longer than MQTT allows).
    pub fn check(&self, messages: &[RecordedMessage]) -> Result<(), RewriteError> {
        for m in messages {
            let topic = self.apply(&m.topic);
            check_topic(&topic).map_err(|reason| RewriteError::Result { topic, reason })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(n: usize) -> Vec<RecordedMessage> {
        (0..n)
            .map(|i| RecordedMessage::bare(0, format!("plant/m{i}")))
            .collect()
    }

    #[test]
    fn topics_are_rewritten_by_prefix() {
        let rw = TopicRewrite::parse("plant/", "test/plant/");
        assert_eq!(
            rw.clone().map(|r| r.map(|r| r.apply("plant/m1"))),
            Ok(Some("test/plant/m1".into()))
        );
        assert_eq!(
            rw.clone().map(|r| r.map(|r| r.apply("plantx/m1"))),
            Ok(Some("plantx/m1".into())),
            "not starting with from: unchanged"
        );
        let all = TopicRewrite::parse("", "copy/").ok().flatten();
        assert_eq!(all.map(|r| r.apply("a/b")), Some("copy/a/b".into()));
        assert_eq!(TopicRewrite::parse("", ""), Ok(None));
        assert_eq!(TopicRewrite::parse("a/", "a/"), Ok(None));
        assert_eq!(
            TopicRewrite::parse("a/+", "b"),
            Err(RewriteError::WildcardInFrom)
        );
        assert_eq!(
            TopicRewrite::parse("a/", "b/#"),
            Err(RewriteError::WildcardInTo)
        );
        assert_eq!(
            TopicRewrite::parse("a", "b\0"),
            Err(RewriteError::Invalid(MqttError::NulCharacter {
                field: StringField::Topic
            }))
        );
    }

    #[test]
    fn a_rewrite_that_empties_a_topic_is_caught_before_replaying() {
        let strip = TopicRewrite::parse("plant/m1", "").ok().flatten();
        let ms = messages(3);
        assert_eq!(
            strip.map(|r| r.check(&ms)),
            Some(Err(RewriteError::Result {
                topic: String::new(),
                reason: MqttError::EmptyTopic
            }))
        );
        let fine = TopicRewrite::parse("plant/", "p/").ok().flatten();
        assert_eq!(fine.map(|r| r.check(&ms)), Some(Ok(())));
    }
}
