//! The subscriptions this session wants the broker to hold, so that a broker that lost our
//! session (CONNACK with session present = 0) can be told them again.

use super::QoS;

/// Filters in the order the user first asked for them, each with the QoS asked for.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    filters: Vec<(String, QoS)>,
}

impl Subscriptions {
    /// Subscribing again to a filter replaces it, as it does at the broker [MQTT-3.8.4-3].
    pub(crate) fn add(&mut self, filter: &str, qos: QoS) {
        match self.filters.iter_mut().find(|(f, _)| f == filter) {
            Some((_, q)) => *q = qos,
            None => self.filters.push((filter.to_string(), qos)),
        }
    }

    pub(crate) fn remove(&mut self, filter: &str) {
        self.filters.retain(|(f, _)| f != filter);
    }

    /// A SUBACK refused `filter`; asking again on every reconnect would only be refused again.
    /// Only a request for the same QoS is forgotten: a newer one for another QoS still stands.
    pub(crate) fn refused(&mut self, filter: &str, qos: QoS) {
        self.filters.retain(|(f, q)| !(f == filter && *q == qos));
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, QoS)> + '_ {
        self.filters.iter().map(|(f, q)| (f.as_str(), *q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_replace_remove_refuse() {
        let mut subs = Subscriptions::default();
        subs.add("b", QoS::AtMostOnce);
        subs.add("a", QoS::AtLeastOnce);
        subs.add("b", QoS::ExactlyOnce);
        assert_eq!(
            subs.iter().collect::<Vec<_>>(),
            [("b", QoS::ExactlyOnce), ("a", QoS::AtLeastOnce)]
        );
        subs.refused("b", QoS::AtMostOnce);
        assert_eq!(subs.iter().count(), 2, "an older request's refusal");
        subs.refused("b", QoS::ExactlyOnce);
        subs.remove("a");
        assert_eq!(subs.iter().count(), 0);
    }
}
