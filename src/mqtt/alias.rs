//! MQTT 5 topic aliases, both ways [MQTT-3.3.2.3.4]. Both maps belong to one link: a new link
//! starts with none [MQTT-3.3.2-7], which is why resends after a reconnect carry full topics.
//!
//! Outgoing: the first publish of a topic sends the topic and a new alias, later ones an empty
//! topic and the alias. When every alias the server allows is taken, further topics go out
//! without one: no least-recently-used replacement, because re-pointing an alias costs a full
//! topic anyway and a console's busy topics are usually its first ones.

use std::collections::HashMap;

use super::MqttError;

/// How an outgoing PUBLISH names its topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OutgoingTopic {
    /// The full topic, no alias.
    Plain,
    /// The full topic and this new alias, which the server learns from it.
    Define(u16),
    /// An empty topic and this alias, defined earlier on this link.
    Use(u16),
}

#[derive(Debug)]
pub(crate) struct Aliases {
    /// Whether outgoing aliases are used at all ([`Session::set_topic_aliases`](super::Session::set_topic_aliases)).
    enabled: bool,
    outgoing: HashMap<String, u16>,
    incoming: HashMap<u16, String>,
}

impl Default for Aliases {
    fn default() -> Self {
        Aliases {
            enabled: true,
            outgoing: HashMap::new(),
            incoming: HashMap::new(),
        }
    }
}

impl Aliases {
    pub(crate) fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        if !on {
            // The server keeps what it learnt, but we stop using it; a later "on" starts over
            // with new definitions, which simply replace the server's.
            self.outgoing.clear();
        }
    }

    /// A new link: neither side knows any alias.
    pub(crate) fn clear(&mut self) {
        self.outgoing.clear();
        self.incoming.clear();
    }

    /// How to name `topic` on the next PUBLISH, given the server's topic alias maximum.
    /// `define_fits`: whether a packet carrying both the full topic and an alias stays within
    /// the server's maximum packet size (if not, no alias is defined for it now).
    pub(crate) fn outgoing(
        &mut self,
        topic: &str,
        maximum: u16,
        define_fits: bool,
    ) -> OutgoingTopic {
        if !self.enabled || maximum == 0 {
            return OutgoingTopic::Plain;
        }
        if let Some(alias) = self.outgoing.get(topic) {
            return OutgoingTopic::Use(*alias);
        }
        let next = self.outgoing.len() + 1;
        match u16::try_from(next) {
            Ok(alias) if alias <= maximum && define_fits => {
                self.outgoing.insert(topic.to_string(), alias);
                OutgoingTopic::Define(alias)
            }
            _ => OutgoingTopic::Plain,
        }
    }

    /// Resolves the topic of an incoming PUBLISH. `maximum` is the topic alias maximum we sent in
    /// CONNECT. A topic with an alias (re)defines it; an empty topic must use a defined alias.
    pub(crate) fn incoming(
        &mut self,
        topic: String,
        alias: Option<u16>,
        maximum: u16,
    ) -> Result<String, MqttError> {
        let Some(alias) = alias else {
            return Ok(topic);
        };
        if alias == 0 || alias > maximum {
            return Err(MqttError::TopicAliasInvalid { alias, maximum });
        }
        if topic.is_empty() {
            return self
                .incoming
                .get(&alias)
                .cloned()
                .ok_or(MqttError::TopicAliasInvalid { alias, maximum });
        }
        match self.incoming.get_mut(&alias) {
            Some(known) if *known == topic => {}
            Some(known) => known.clone_from(&topic),
            None => {
                self.incoming.insert(alias, topic.clone());
            }
        }
        Ok(topic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outgoing_aliases_are_defined_once_then_used_until_full() {
        let mut a = Aliases::default();
        assert_eq!(a.outgoing("x", 2, true), OutgoingTopic::Define(1));
        assert_eq!(a.outgoing("x", 2, true), OutgoingTopic::Use(1));
        assert_eq!(a.outgoing("y", 2, false), OutgoingTopic::Plain, "too big");
        assert_eq!(a.outgoing("y", 2, true), OutgoingTopic::Define(2));
        assert_eq!(a.outgoing("z", 2, true), OutgoingTopic::Plain, "full");
        assert_eq!(a.outgoing("y", 2, true), OutgoingTopic::Use(2));
        a.clear();
        assert_eq!(a.outgoing("y", 2, true), OutgoingTopic::Define(1));
        a.set_enabled(false);
        assert_eq!(a.outgoing("y", 2, true), OutgoingTopic::Plain);
        a.set_enabled(true);
        assert_eq!(
            a.outgoing("y", 0, true),
            OutgoingTopic::Plain,
            "server allows none"
        );
    }

    #[test]
    fn incoming_aliases_resolve_and_refuse() {
        let mut a = Aliases::default();
        assert_eq!(a.incoming("t".into(), None, 0), Ok("t".into()));
        assert_eq!(a.incoming("t".into(), Some(1), 5), Ok("t".into()));
        assert_eq!(a.incoming(String::new(), Some(1), 5), Ok("t".into()));
        assert_eq!(a.incoming("u".into(), Some(1), 5), Ok("u".into()));
        assert_eq!(a.incoming(String::new(), Some(1), 5), Ok("u".into()));
        let invalid = |alias, maximum| Err(MqttError::TopicAliasInvalid { alias, maximum });
        assert_eq!(a.incoming("t".into(), Some(0), 5), invalid(0, 5));
        assert_eq!(a.incoming("t".into(), Some(6), 5), invalid(6, 5));
        assert_eq!(a.incoming(String::new(), Some(2), 5), invalid(2, 5));
        a.clear();
        assert_eq!(a.incoming(String::new(), Some(1), 5), invalid(1, 5));
    }
}
