//! Which publish controls the current server does not offer, from its CONNACK capabilities:
//! the QoS options above its maximum and the retain flag when it keeps no retained messages.
//! The session refuses such a publish anyway; the panel disables the control and says why.

use crate::mqtt::{QoS, ServerCapabilities};

/// Why a publish control is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishLimit {
    /// The server accepts no QoS above `maximum`.
    QoSAbove {
        /// The server's maximum QoS.
        maximum: QoS,
    },
    /// The server keeps no retained messages.
    RetainNotAvailable,
}

/// Why `qos` cannot be chosen on this server, if it cannot.
pub fn qos_limit(caps: &ServerCapabilities, qos: QoS) -> Option<PublishLimit> {
    (qos.as_u8() > caps.maximum_qos.as_u8()).then_some(PublishLimit::QoSAbove {
        maximum: caps.maximum_qos,
    })
}

/// Why the retain flag cannot be set on this server, if it cannot.
pub fn retain_limit(caps: &ServerCapabilities) -> Option<PublishLimit> {
    (!caps.retain_available).then_some(PublishLimit::RetainNotAvailable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mqtt_311_offers_everything() {
        let caps = ServerCapabilities::default();
        for q in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            assert_eq!(qos_limit(&caps, q), None);
        }
        assert_eq!(retain_limit(&caps), None);
    }

    #[test]
    fn a_server_with_qos_1_and_no_retain_turns_those_off() {
        let caps = ServerCapabilities {
            maximum_qos: QoS::AtLeastOnce,
            retain_available: false,
            ..ServerCapabilities::default()
        };
        assert_eq!(qos_limit(&caps, QoS::AtLeastOnce), None);
        assert_eq!(
            qos_limit(&caps, QoS::ExactlyOnce),
            Some(PublishLimit::QoSAbove {
                maximum: QoS::AtLeastOnce
            })
        );
        assert_eq!(retain_limit(&caps), Some(PublishLimit::RetainNotAvailable));
    }
}
