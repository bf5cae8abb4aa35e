//! One change to the subscription list, as the connection decides it and hands it on (it is
//! applied by `Subscriptions`, in the parent file).

use super::options::SubOptions;
use crate::mqtt::ReasonCode;

/// One change to the list, as the connection decides it. The connection keeps its own list and
/// hands each change on, so a copy that starts empty and applies the same changes stays equal to
/// it (the view-only `muted` flag aside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubChange {
    /// [`Subscriptions::add_with`](crate::model::subscriptions::Subscriptions::add_with).
    Added {
        /// The filter.
        filter: String,
        /// The QoS asked for.
        qos: u8,
        /// The MQTT 5 options asked for.
        options: SubOptions,
    },
    /// [`Subscriptions::remove`](crate::model::subscriptions::Subscriptions::remove).
    Removed {
        /// The filter.
        filter: String,
    },
    /// [`Subscriptions::sent`](crate::model::subscriptions::Subscriptions::sent).
    Sent {
        /// The filter.
        filter: String,
        /// The SUBSCRIBE's packet id.
        packet_id: u16,
    },
    /// [`Subscriptions::answered`](crate::model::subscriptions::Subscriptions::answered).
    Acknowledged {
        /// The SUBACK's packet id.
        packet_id: u16,
        /// The SUBACK's code for the filter (granted QoS, or why it was refused).
        reason: ReasonCode,
    },
    /// [`Subscriptions::resubscribed_with`](crate::model::subscriptions::Subscriptions::resubscribed_with).
    Resubscribed {
        /// The filter.
        filter: String,
        /// The SUBACK's code for the filter.
        reason: ReasonCode,
    },
    /// [`Subscriptions::link_lost`](crate::model::subscriptions::Subscriptions::link_lost).
    LinkLost,
    /// [`Subscriptions::restored`](crate::model::subscriptions::Subscriptions::restored).
    Restored,
}
