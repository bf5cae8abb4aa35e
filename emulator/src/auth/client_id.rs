//! The MQTT client id Aliyun expects: `${clientId}|key=value,key=value,...|`.

use std::fmt;

/// Aliyun's limit on the `${clientId}` part.
pub const MAX_CLIENT_ID_CHARS: usize = 64;

/// A client id split into its `${clientId}` part and the parameters between the bars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIdParts {
    /// The free text before the first `|` (a MAC, an SN, `pk.dn`, …).
    pub client_id: String,
    /// Parameters in the order given, keys lower-cased (SDKs write `authType`, docs `authtype`).
    pub params: Vec<(String, String)>,
}

impl ClientIdParts {
    /// The value of parameter `key` (lower-case), if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a client id is not in Aliyun's form; all of these are CONNACK 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientIdError {
    /// No `|` at all: a plain MQTT client id.
    NoParams,
    /// The parameter list does not end with `|`.
    NotClosed,
    EmptyClientId,
    TooLong(usize),
    /// An item between the bars without `=`, or with an empty key.
    BadParam(String),
    DuplicateParam(String),
}

impl fmt::Display for ClientIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientIdError::NoParams => {
                f.write_str("the client id has no |securemode=...,signmethod=...| part")
            }
            ClientIdError::NotClosed => f.write_str("the client id must end with |"),
            ClientIdError::EmptyClientId => f.write_str("the clientId before | is empty"),
            ClientIdError::TooLong(n) => write!(
                f,
                "the clientId before | has {n} characters, more than {MAX_CLIENT_ID_CHARS}"
            ),
            ClientIdError::BadParam(p) => write!(f, "parameter {p:?} is not key=value"),
            ClientIdError::DuplicateParam(k) => write!(f, "parameter {k:?} is given twice"),
        }
    }
}

/// Splits a client id. The `${clientId}` part ends at the first `|`; the parameters run to the
/// final `|`, so a value may itself contain `|` — the official JS SDK sends `lan=JS|Broswer `
/// from browsers. Parameters may come in any order, unknown ones (`_v`, `lan`, `gw`, `ext`, …)
/// are kept, empty items (a trailing comma) are skipped and whitespace around keys and values
/// is ignored.
pub fn parse_client_id(raw: &str) -> Result<ClientIdParts, ClientIdError> {
    let (client_id, rest) = raw.split_once('|').ok_or(ClientIdError::NoParams)?;
    let inner = rest.strip_suffix('|').ok_or(ClientIdError::NotClosed)?;
    if client_id.is_empty() {
        return Err(ClientIdError::EmptyClientId);
    }
    let chars = client_id.chars().count();
    if chars > MAX_CLIENT_ID_CHARS {
        return Err(ClientIdError::TooLong(chars));
    }
    let mut params: Vec<(String, String)> = Vec::new();
    for item in inner.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (key, value) = item
            .split_once('=')
            .ok_or_else(|| ClientIdError::BadParam(item.to_string()))?;
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(ClientIdError::BadParam(item.to_string()));
        }
        if params.iter().any(|(k, _)| *k == key) {
            return Err(ClientIdError::DuplicateParam(key));
        }
        params.push((key, value.trim().to_string()));
    }
    Ok(ClientIdParts {
        client_id: client_id.to_string(),
        params,
    })
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
}
