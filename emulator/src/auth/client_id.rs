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

    #[test]
    fn published_form_parses() {
        let parts =
            parse_client_id("12345|securemode=3,signmethod=hmacsha1,timestamp=789|").unwrap();
        assert_eq!(parts.client_id, "12345");
        assert_eq!(parts.get("securemode"), Some("3"));
        assert_eq!(parts.get("signmethod"), Some("hmacsha1"));
        assert_eq!(parts.get("timestamp"), Some("789"));
        assert_eq!(parts.get("random"), None);
    }

    #[test]
    fn any_order_extras_and_sdk_quirks() {
        let sdk = "pk&dn|securemode=2,signmethod=hmacsha1,timestamp=1,lan=JS|Broswer ,_v=1.2.8|";
        let parts = parse_client_id(sdk).unwrap();
        assert_eq!(parts.client_id, "pk&dn");
        assert_eq!(parts.get("lan"), Some("JS|Broswer"));
        assert_eq!(parts.get("_v"), Some("1.2.8"));
        let reordered =
            parse_client_id("c|timestamp=9,gw=0,ext=1,signmethod=hmacmd5,securemode=3,|").unwrap();
        assert_eq!(reordered.get("securemode"), Some("3"));
        assert_eq!(reordered.get("gw"), Some("0"));
        let spaced = parse_client_id("c|\n  securemode=3 ,\n signmethod = hmacsha1|").unwrap();
        assert_eq!(spaced.get("signmethod"), Some("hmacsha1"));
        let cased = parse_client_id("c|authType=connwl,securemode=-2|").unwrap();
        assert_eq!(cased.get("authtype"), Some("connwl"));
        assert_eq!(parse_client_id("c||").unwrap().params, vec![]);
    }

    #[test]
    fn malformed_ids_are_refused() {
        let long = format!("{}|securemode=3|", "x".repeat(65));
        let cases = [
            ("plain-mqtt-client", ClientIdError::NoParams),
            ("c|securemode=3", ClientIdError::NotClosed),
            ("|securemode=3|", ClientIdError::EmptyClientId),
            (long.as_str(), ClientIdError::TooLong(65)),
            (
                "c|securemode|",
                ClientIdError::BadParam("securemode".into()),
            ),
            ("c|=3|", ClientIdError::BadParam("=3".into())),
            (
                "c|securemode=3,SecureMode=2|",
                ClientIdError::DuplicateParam("securemode".into()),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_client_id(raw), Err(expected), "{raw}");
        }
        let sixty_four = format!("{}|securemode=3|", "é".repeat(64));
        assert!(
            parse_client_id(&sixty_four).is_ok(),
            "64 characters, not bytes"
        );
    }

    #[test]
    fn every_refusal_is_worded() {
        assert!(reason(&ClientIdError::TooLong(65)).contains("65 characters, more than 64"));
        assert!(reason(&ClientIdError::NoParams).contains("|securemode="));
    }
}
