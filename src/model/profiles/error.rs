//! Why a file cannot be imported at all (problems with single entries are reported, not fatal).

/// Largest file accepted for import: real profile files are kilobytes; this bounds the memory
/// a hostile file can make the tab spend.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Why a file cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not JSON (line and column 1-based).
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// Not well-formed XML (line and column 1-based).
    NotXml {
        /// Line of the error.
        line: u32,
        /// Column of the error.
        column: u32,
    },
    /// The XML declares a DTD, which MQTT.fx never writes and entity-expansion attacks need.
    XmlDtd,
    /// A JSON file that names another format in its `format` field.
    WrongFormat(String),
    /// A profile file from a newer version of this console.
    UnsupportedVersion(u64),
    /// `version` is not a whole number.
    BadVersion,
    /// No list of profiles or connections where one was expected.
    NoProfileList,
    /// The file holds no profiles.
    NoProfiles,
    /// Neither an MQTT Console, MQTTX nor MQTT.fx file.
    UnknownFile,
}

/// Cuts text echoed into an error so a hostile file cannot make the message itself huge.
pub(super) fn clip(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_text_is_clipped() {
        // The words of every error are checked in `crate::i18n::profiles`.
        assert_eq!(clip(&"é".repeat(100)).chars().count(), 61);
    }
}
