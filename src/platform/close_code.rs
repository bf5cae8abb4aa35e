//! WebSocket close codes sorted into what they mean (RFC 6455 §7.4 and the IANA registry). The
//! words for each kind live in the i18n layer (`i18n/connection.rs`).

/// What a WebSocket close code says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CloseKind {
    /// 1000.
    Normal,
    /// 1001.
    GoingAway,
    /// 1002.
    ProtocolError,
    /// 1003.
    UnsupportedData,
    /// 1005.
    NoStatus,
    /// 1006: the TCP connection ended without a closing handshake (or never opened).
    Abnormal,
    /// 1007.
    InconsistentData,
    /// 1008.
    PolicyViolation,
    /// 1009.
    MessageTooBig,
    /// 1010.
    MissingExtension,
    /// 1011.
    InternalError,
    /// 1012.
    Restarting,
    /// 1013.
    TryAgainLater,
    /// 1015.
    TlsHandshake,
    /// 3000..=3999.
    Library,
    /// 4000..=4999.
    Application,
    /// Any other code.
    Unknown,
}

impl CloseKind {
    /// Sorts `code` into its kind.
    pub fn of(code: u16) -> CloseKind {
        match code {
            1000 => CloseKind::Normal,
            1001 => CloseKind::GoingAway,
            1002 => CloseKind::ProtocolError,
            1003 => CloseKind::UnsupportedData,
            1005 => CloseKind::NoStatus,
            1006 => CloseKind::Abnormal,
            1007 => CloseKind::InconsistentData,
            1008 => CloseKind::PolicyViolation,
            1009 => CloseKind::MessageTooBig,
            1010 => CloseKind::MissingExtension,
            1011 => CloseKind::InternalError,
            1012 => CloseKind::Restarting,
            1013 => CloseKind::TryAgainLater,
            1015 => CloseKind::TlsHandshake,
            3000..=3999 => CloseKind::Library,
            4000..=4999 => CloseKind::Application,
            _ => CloseKind::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CloseKind;

    #[test]
    fn ranges_and_single_codes_are_sorted() {
        assert_eq!(CloseKind::of(1006), CloseKind::Abnormal);
        assert_eq!(CloseKind::of(1004), CloseKind::Unknown);
        assert_eq!(CloseKind::of(3000), CloseKind::Library);
        assert_eq!(CloseKind::of(4999), CloseKind::Application);
        assert_eq!(CloseKind::of(5000), CloseKind::Unknown);
    }
}
