//! Why pasted text is not the IoT Platform console's connection parameters. The messages live in
//! the i18n layer (`src/i18n`).

/// Why the pasted text is not the IoT Platform console's connection parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectParamsError {
    /// Longer than [`MAX_CONNECT_PARAMS_BYTES`].
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// Not JSON; line and column are 1-based.
    NotJson {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
    },
    /// JSON, but not an object `{…}`.
    NotObject,
    /// A required field is absent.
    MissingField(&'static str),
    /// A field holds a number, list, … where text is expected.
    NotText(&'static str),
    /// The username is not `DeviceName&ProductKey`.
    UsernameNotDnPk(String),
    /// The client id lacks the `|securemode=…|` parameters.
    ClientIdWithoutParams(String),
    /// The client id parameters have no `securemode=`, or it is not a number.
    BadSecuremode(String),
    /// `signmethod=` names none of hmacmd5, hmacsha1, hmacsha256.
    UnknownSignMethod(String),
    /// `timestamp=` is not a whole number of milliseconds.
    TimestampNotDigits(String),
    /// `port` is not a number from 1 to 65535.
    BadPort(String),
}

impl std::error::Error for ConnectParamsError {}
