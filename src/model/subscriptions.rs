//! The subscriptions the user asked for, and what the broker answered.

mod change;
mod options;

pub use change::SubChange;
pub use options::{SubOptions, SubscribeDraft, SubscribeProblem, MAX_SUBSCRIPTION_IDENTIFIER};

use crate::mqtt::{topic_matches, ReasonCode};

/// Where one subscription stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SubState {
    /// SUBSCRIBE sent (or waiting for a connection), no SUBACK yet.
    Pending,
    /// Granted with this QoS.
    Active(u8),
    /// SUBACK 0x80 (MQTT 5: any code from 0x80 up): the broker refused the filter.
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
    /// The MQTT 5 options asked for (defaults on 3.1.1).
    pub options: SubOptions,
    /// The SUBACK's code for this filter once it came (3.1.1: 0, 1, 2 or 0x80).
    pub reason: Option<ReasonCode>,
    /// Packet id of the SUBSCRIBE awaiting its SUBACK on the current link.
    pub packet_id: Option<u16>,
    /// What the broker granted on the last link, kept while a new link is being made so a
    /// resumed session (session present) can show it active again.
    pub last_granted: Option<u8>,
    /// Index into the UI's palette; fixed for the subscription's life so colours never shuffle.
    pub color: usize,
    /// Hidden from the log view (messages are still received, kept and counted).
    pub muted: bool,
}

/// How many colours the UI's palette has; subscriptions cycle through them.
pub const PALETTE_SIZE: usize = 8;

/// The list shown in the subscriptions panel, in the order the user added them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscriptions {
    items: Vec<Subscription>,
    next_color: usize,
}

impl Subscriptions {
    /// All subscriptions.
    pub fn items(&self) -> &[Subscription] {
        &self.items
    }

    /// Adds `filter` (or updates its QoS) as pending; returns false when it was already there
    /// with the same QoS and active, so there is nothing to send.
    pub fn add(&mut self, filter: &str, qos: u8) -> bool {
        self.add_with(filter, qos, SubOptions::default())
    }

    /// [`Subscriptions::add`] with MQTT 5 options: the same filter with other options is
    /// subscribed again.
    pub fn add_with(&mut self, filter: &str, qos: u8, options: SubOptions) -> bool {
        if let Some(existing) = self.items.iter_mut().find(|s| s.filter == filter) {
            if existing.qos == qos
                && existing.options == options
                && matches!(existing.state, SubState::Active(_))
            {
                return false;
            }
            existing.qos = qos;
            existing.options = options;
            existing.state = SubState::Pending;
            existing.packet_id = None;
            existing.reason = None;
            return true;
        }
        let color = self.next_color % PALETTE_SIZE;
        self.next_color += 1;
        self.items.push(Subscription {
            filter: filter.to_owned(),
            qos,
            state: SubState::Pending,
            options,
            reason: None,
            packet_id: None,
            last_granted: None,
            color,
            muted: false,
        });
        true
    }

    /// Mutes or unmutes `filter` in the log view.
    pub fn toggle_mute(&mut self, filter: &str) {
        if let Some(s) = self.items.iter_mut().find(|s| s.filter == filter) {
            s.muted = !s.muted;
        }
    }

    /// The colour of the first subscription whose filter matches `topic`.
    pub fn color_for(&self, topic: &str) -> Option<usize> {
        self.items
            .iter()
            .find(|s| topic_matches(&s.filter, topic))
            .map(|s| s.color)
    }

    /// Filters that are muted, and filters that are not (the log hides a topic only when a
    /// muted filter matches it and no unmuted one does).
    pub fn mute_lists(&self) -> (Vec<String>, Vec<String>) {
        let (muted, shown): (Vec<&Subscription>, Vec<&Subscription>) =
            self.items.iter().partition(|s| s.muted);
        let names = |v: Vec<&Subscription>| v.into_iter().map(|s| s.filter.clone()).collect();
        (names(muted), names(shown))
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
        self.answered(packet_id, reason_of(granted));
    }

    /// Applies the SUBACK code of the SUBSCRIBE `packet_id`: granted QoS 0, 1 or 2, or a refusal.
    pub fn answered(&mut self, packet_id: u16, reason: ReasonCode) {
        if let Some(s) = self
            .items
            .iter_mut()
            .find(|s| s.packet_id == Some(packet_id))
        {
            s.packet_id = None;
            s.state = state_of(reason);
            s.reason = Some(reason);
        }
    }

    /// Forgets `filter`; returns whether it was there.
    pub fn remove(&mut self, filter: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|s| s.filter != filter);
        before != self.items.len()
    }

    /// The link is gone: every subscription is pending until the next link confirms it.
    pub fn link_lost(&mut self) {
        for s in &mut self.items {
            s.packet_id = None;
            if let SubState::Active(q) = s.state {
                s.last_granted = Some(q);
            }
            if s.state != SubState::Refused {
                s.state = SubState::Pending;
            }
        }
    }

    /// The broker resumed our session (session present): what it granted before still holds.
    pub fn restored(&mut self) {
        for s in &mut self.items {
            if let (SubState::Pending, None, Some(q)) = (&s.state, s.packet_id, s.last_granted) {
                s.state = SubState::Active(q);
            }
        }
    }

    /// The session subscribed `filter` again by itself after the broker lost our session;
    /// `granted` is None for a refusal.
    pub fn resubscribed(&mut self, filter: &str, granted: Option<u8>) {
        self.resubscribed_with(filter, reason_of(granted));
    }

    /// [`Subscriptions::resubscribed`] with the SUBACK's code.
    pub fn resubscribed_with(&mut self, filter: &str, reason: ReasonCode) {
        if let Some(s) = self.items.iter_mut().find(|s| s.filter == filter) {
            s.packet_id = None;
            s.state = state_of(reason);
            s.reason = Some(reason);
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

    /// [`Subscriptions::to_resend`] with each subscription's MQTT 5 options.
    pub fn to_resend_with_options(&self) -> Vec<(String, u8, SubOptions)> {
        self.items
            .iter()
            .filter(|s| s.state == SubState::Pending)
            .map(|s| (s.filter.clone(), s.qos, s.options))
            .collect()
    }
}

impl SubChange {
    /// Applies the change to `subs`; returns what [`Subscriptions::add`] or
    /// [`Subscriptions::remove`] return, and true for the other changes.
    pub fn apply(&self, subs: &mut Subscriptions) -> bool {
        match self {
            SubChange::Added {
                filter,
                qos,
                options,
            } => subs.add_with(filter, *qos, *options),
            SubChange::Removed { filter } => subs.remove(filter),
            SubChange::Sent { filter, packet_id } => {
                subs.sent(filter, *packet_id);
                true
            }
            SubChange::Acknowledged { packet_id, reason } => {
                subs.answered(*packet_id, *reason);
                true
            }
            SubChange::Resubscribed { filter, reason } => {
                subs.resubscribed_with(filter, *reason);
                true
            }
            SubChange::LinkLost => {
                subs.link_lost();
                true
            }
            SubChange::Restored => {
                subs.restored();
                true
            }
        }
    }
}

/// The SUBACK code of a 3.1.1 outcome: the granted QoS, or 0x80.
fn reason_of(granted: Option<u8>) -> ReasonCode {
    match granted {
        Some(0) => ReasonCode::Success,
        Some(1) => ReasonCode::GrantedQoS1,
        Some(2) => ReasonCode::GrantedQoS2,
        _ => ReasonCode::UnspecifiedError,
    }
}

/// Where a SUBACK code leaves a subscription.
fn state_of(reason: ReasonCode) -> SubState {
    match reason {
        ReasonCode::Success => SubState::Active(0),
        ReasonCode::GrantedQoS1 => SubState::Active(1),
        ReasonCode::GrantedQoS2 => SubState::Active(2),
        _ => SubState::Refused,
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
    fn a_resumed_session_restores_grants_and_a_fresh_one_is_resubscribed() {
        let mut subs = Subscriptions::default();
        subs.add("a", 1);
        subs.add("b", 0);
        subs.sent("a", 1);
        subs.sent("b", 2);
        subs.acknowledged(1, Some(1));
        subs.acknowledged(2, Some(0));
        subs.link_lost();
        subs.restored();
        assert_eq!(subs.items()[0].state, SubState::Active(1));
        subs.link_lost();
        subs.resubscribed("a", Some(0));
        subs.resubscribed("b", None);
        assert_eq!(subs.items()[0].state, SubState::Active(0));
        assert_eq!(subs.items()[1].state, SubState::Refused);
    }

    #[test]
    fn colours_stay_put_and_mute_splits_the_filters() {
        let mut subs = Subscriptions::default();
        subs.add("a/#", 0);
        subs.add("b/+", 0);
        subs.remove("a/#");
        subs.add("c", 0);
        assert_eq!(subs.color_for("b/x"), Some(1));
        assert_eq!(subs.color_for("c"), Some(2));
        assert_eq!(subs.color_for("z"), None);
        subs.toggle_mute("b/+");
        assert_eq!(
            subs.mute_lists(),
            (vec!["b/+".to_string()], vec!["c".to_string()])
        );
    }

    #[test]
    fn suback_codes_are_kept_per_filter_and_options_travel() {
        let mut subs = Subscriptions::default();
        let options = SubOptions {
            no_local: true,
            identifier: Some(9),
            ..SubOptions::default()
        };
        assert!(subs.add_with("a/#", 1, options));
        subs.add("b", 0);
        assert_eq!(subs.items()[0].reason, None);
        subs.sent("a/#", 1);
        subs.sent("b", 2);
        subs.answered(1, ReasonCode::GrantedQoS1);
        subs.answered(2, ReasonCode::NotAuthorized);
        assert_eq!(subs.items()[0].state, SubState::Active(1));
        assert_eq!(subs.items()[0].reason.map(ReasonCode::as_u8), Some(1));
        assert_eq!(subs.items()[1].state, SubState::Refused);
        assert_eq!(subs.items()[1].reason.map(ReasonCode::as_u8), Some(135));
        // The same filter with other options is subscribed again; the same options are not.
        assert!(!subs.add_with("a/#", 1, options));
        assert!(subs.add_with("a/#", 1, SubOptions::default()));
        assert_eq!(subs.items()[0].reason, None);
        subs.link_lost();
        assert_eq!(
            subs.to_resend_with_options(),
            vec![("a/#".to_string(), 1, SubOptions::default())]
        );
        // 3.1.1's answers map onto the same codes.
        subs.sent("a/#", 3);
        subs.acknowledged(3, None);
        assert_eq!(subs.items()[0].reason, Some(ReasonCode::UnspecifiedError));
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
