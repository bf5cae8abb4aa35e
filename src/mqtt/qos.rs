//! Quality of service, as the user picks it and as the wire carries it.

/// MQTT quality of service: how hard the two ends try to deliver a PUBLISH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QoS {
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}

impl QoS {
    /// Use when reading a QoS chosen by the user (e.g. from a select box); `None` for 3 and up.
    pub fn from_u8(v: u8) -> Option<QoS> {
        match v {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }

    /// Use when showing or storing a QoS as its wire number.
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    pub(crate) fn to_wire(self) -> mqttbytes::QoS {
        match self {
            QoS::AtMostOnce => mqttbytes::QoS::AtMostOnce,
            QoS::AtLeastOnce => mqttbytes::QoS::AtLeastOnce,
            QoS::ExactlyOnce => mqttbytes::QoS::ExactlyOnce,
        }
    }

    pub(crate) fn from_wire(q: mqttbytes::QoS) -> QoS {
        match q {
            mqttbytes::QoS::AtMostOnce => QoS::AtMostOnce,
            mqttbytes::QoS::AtLeastOnce => QoS::AtLeastOnce,
            mqttbytes::QoS::ExactlyOnce => QoS::ExactlyOnce,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qos_round_trips_through_its_number() {
        for v in 0..=2u8 {
            let q = QoS::from_u8(v).unwrap();
            assert_eq!(q.as_u8(), v);
            assert_eq!(QoS::from_wire(q.to_wire()), q);
        }
        assert_eq!(QoS::from_u8(3), None);
        assert_eq!(QoS::from_u8(255), None);
    }
}
