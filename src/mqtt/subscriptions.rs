//! The subscriptions this session wants the broker to hold, so that a broker that lost our
//! session (CONNACK with session present = 0) can be told them again.

use super::{QoS, SubscribeOptions};

/// One remembered subscription: what a resubscription sends again, options included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Subscription {
    pub(crate) filter: String,
    pub(crate) options: SubscribeOptions,
    /// The MQTT 5 subscription identifier it was made with.
    pub(crate) identifier: Option<u32>,
}

/// Filters in the order the user first asked for them, each with the options asked for.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    filters: Vec<Subscription>,
}

impl Subscriptions {
    /// Subscribing again to a filter replaces it, as it does at the broker [MQTT-3.8.4-3].
    pub(crate) fn add(&mut self, filter: &str, options: SubscribeOptions, identifier: Option<u32>) {
        match self.filters.iter_mut().find(|s| s.filter == filter) {
            Some(s) => {
                s.options = options;
                s.identifier = identifier;
            }
            None => self.filters.push(Subscription {
                filter: filter.to_string(),
                options,
                identifier,
            }),
        }
    }

    pub(crate) fn remove(&mut self, filter: &str) {
        self.filters.retain(|s| s.filter != filter);
    }

    /// A SUBACK refused `filter`; asking again on every reconnect would only be refused again.
    /// Only a request for the same QoS is forgotten: a newer one for another QoS still stands.
    pub(crate) fn refused(&mut self, filter: &str, qos: QoS) {
        self.filters
            .retain(|s| !(s.filter == filter && s.options.qos == qos));
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, QoS)> + '_ {
        self.filters
            .iter()
            .map(|s| (s.filter.as_str(), s.options.qos))
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = &Subscription> + '_ {
        self.filters.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_replace_remove_refuse() {
        let mut subs = Subscriptions::default();
        let add =
            |subs: &mut Subscriptions, f: &str, q| subs.add(f, SubscribeOptions::qos(q), None);
        add(&mut subs, "b", QoS::AtMostOnce);
        add(&mut subs, "a", QoS::AtLeastOnce);
        add(&mut subs, "b", QoS::ExactlyOnce);
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
