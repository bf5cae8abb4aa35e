//! The MQTT client id Aliyun expects, `${clientId}|key=value,key=value,...|`: read by the
//! core's [`ClientIdParams`], judged by its `check`; this file only words the refusal for the
//! emulator's log.

use mqtt_console::aliyun::MAX_CLIENT_ID_CHARS;
pub use mqtt_console::aliyun::{ClientIdError, ClientIdParams};

/// Splits a client id and applies Aliyun's rules to it (all failures are CONNACK 2).
pub fn parse_client_id(raw: &str) -> Result<ClientIdParams, ClientIdError> {
    let parts = ClientIdParams::parse(raw)?;
    parts.check()?;
    Ok(parts)
}

/// Why a client id was refused, for the log and the CONNACK reason.
pub fn reason(error: &ClientIdError) -> String {
    match error {
        ClientIdError::NoParams => {
            "the client id has no |securemode=...,signmethod=...| part".to_owned()
        }
        ClientIdError::NotClosed => "the client id must end with |".to_owned(),
        ClientIdError::EmptyClientId => "the clientId before | is empty".to_owned(),
        ClientIdError::TooLong(n) => {
            format!("the clientId before | has {n} characters, more than {MAX_CLIENT_ID_CHARS}")
        }
        ClientIdError::BadParam(p) => format!("parameter {p:?} is not key=value"),
        ClientIdError::DuplicateParam(k) => format!("parameter {k:?} is given twice"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The rule's cases (published form, SDK quirks, every malformed id) are tested where the
    // rule lives, in the core's `aliyun/client_id.rs`; here only that this reads and judges.
    #[test]
    fn reads_and_judges_with_the_cores_rule() {
        let parts =
            parse_client_id("12345|securemode=3,signmethod=hmacsha1,timestamp=789|").unwrap();
        assert_eq!(parts.get("signmethod"), Some("hmacsha1"));
        assert_eq!(
            parse_client_id("|securemode=3|"),
            Err(ClientIdError::EmptyClientId),
            "the server's rules apply, not only the syntax"
        );
    }

    #[test]
    fn every_refusal_is_worded() {
        assert!(reason(&ClientIdError::TooLong(65)).contains("65 characters, more than 64"));
        assert!(reason(&ClientIdError::NoParams).contains("|securemode="));
    }
}
