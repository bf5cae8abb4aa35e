//! The subscriptions the user asked for, and what the broker answered.

/// Where one subscription stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SubState {
    /// SUBSCRIBE sent (or waiting for a connection), no SUBACK yet.
    Pending,
    /// Granted with this QoS.
    Active(u8),
    /// SUBACK 0x80: the broker refused the filter.
    Refused,
}

impl SubState {
    /// The `data-state` value of the UI contract.
    pub fn as_str(&self) -> &'static str {
        match self {
            SubState::Pending => "pending",
            SubState::Active(_) => "active",
            SubState::Refused => "refused",
        }
    }
}

/// One topic filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// The filter, wildcards allowed.
    pub filter: String,
    /// The QoS asked for.
    pub qos: u8,
    /// Broker's answer so far.
    pub state: SubState,
    /// Packet id of the SUBSCRIBE awaiting its SUBACK on the current link.
    pub packet_id: Option<u16>,
}

/// The list shown in the subscriptions panel, in the order the user added them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscriptions {
    items: Vec<Subscription>,
}

impl Subscriptions {
    /// All subscriptions.
    pub fn items(&self) -> &[Subscription] {
        &self.items
    }

    /// Adds `filter` (or updates its QoS) as pending; returns false when it was already there
    /// with the same QoS and active, so there is nothing to send.
    pub fn add(&mut self, filter: &str, qos: u8) -> bool {
        if let Some(existing) = self.items.iter_mut().find(|s| s.filter == filter) {
            if existing.qos == qos && matches!(existing.state, SubState::Active(_)) {
                return false;
            }
            existing.qos = qos;
            existing.state = SubState::Pending;
            existing.packet_id = None;
            return true;
        }
        self.items.push(Subscription {
            filter: filter.to_owned(),
            qos,
            state: SubState::Pending,
            packet_id: None,
        });
        true
    }

    /// Records the packet id of the SUBSCRIBE just sent for `filter`.
    pub fn sent(&mut self, filter: &str, packet_id: u16) {
        if let Some(s) = self.items.iter_mut().find(|s| s.filter == filter) {
            s.packet_id = Some(packet_id);
            s.state = SubState::Pending;
        }
    }

    /// Applies a SUBACK outcome; `granted` is None for 0x80.
    pub fn acknowledged(&mut self, packet_id: u16, granted: Option<u8>) {
        if let Some(s) = self
            .items
            .iter_mut()
            .find(|s| s.packet_id == Some(packet_id))
        {
            s.packet_id = None;
            s.state = match granted {
                Some(q) => SubState::Active(q),
                None => SubState::Refused,
            };
        }
    }

    /// Forgets `filter`; returns whether it was there.
    pub fn remove(&mut self, filter: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|s| s.filter != filter);
        before != self.items.len()
    }

    /// The link is gone: every subscription must be sent again on the next connection.
    pub fn link_lost(&mut self) {
        for s in &mut self.items {
            s.packet_id = None;
            if s.state != SubState::Refused {
                s.state = SubState::Pending;
            }
        }
    }

    /// Filters to (re)send on a fresh connection, with their QoS (refused ones are not retried).
    pub fn to_resend(&self) -> Vec<(String, u8)> {
        self.items
            .iter()
            .filter(|s| s.state == SubState::Pending)
            .map(|s| (s.filter.clone(), s.qos))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suback_moves_pending_to_active_or_refused() {
        let mut subs = Subscriptions::default();
        assert!(subs.add("demo/#", 1));
        assert!(subs.add("$SYS/#", 0));
        subs.sent("demo/#", 7);
        subs.sent("$SYS/#", 8);
        subs.acknowledged(7, Some(1));
        subs.acknowledged(8, None);
        assert_eq!(subs.items()[0].state, SubState::Active(1));
        assert_eq!(subs.items()[1].state.as_str(), "refused");
    }

    #[test]
    fn link_loss_makes_active_pending_again() {
        let mut subs = Subscriptions::default();
        subs.add("a", 0);
        subs.sent("a", 1);
        subs.acknowledged(1, Some(0));
        subs.link_lost();
        assert_eq!(subs.to_resend(), vec![("a".to_string(), 0)]);
    }

    #[test]
    fn adding_an_active_filter_again_is_a_no_op_but_a_new_qos_is_not() {
        let mut subs = Subscriptions::default();
        subs.add("a", 0);
        subs.sent("a", 1);
        subs.acknowledged(1, Some(0));
        assert!(!subs.add("a", 0));
        assert!(subs.add("a", 1));
        assert_eq!(subs.items().len(), 1);
        assert!(subs.remove("a"));
        assert!(!subs.remove("a"));
    }
}
