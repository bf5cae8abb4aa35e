//! The MQTT client id Aliyun expects, `${clientId}|key=value,key=value,…|`: read and written by
//! this one type, in the app (credentials, pasted parameters, imported profiles) and in the
//! emulator (authentication).

use std::fmt;

use super::limits::MAX_CLIENT_ID_CHARS;
use super::sign::SignMethod;

/// `securemode` of a registration on an old public instance (registration is TLS only).
pub const SECUREMODE_REGISTRATION: i32 = 2;

/// `securemode` of a registration on a new public or Enterprise instance, and of every
/// `authType=connwl` token login.
pub const SECUREMODE_INSTANCE: i32 = -2;

/// One `key=value` item between the bars, trimmed; `value` is `None` when the item has no `=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIdParam {
    /// The key as written (SDKs write `authType`, the docs `authtype`).
    pub key: String,
    /// The value, or `None` for an item without `=`.
    pub value: Option<String>,
}

/// A client id split into its free-text `${clientId}` part and the parameters between the bars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIdParams {
    /// The free text before the first `|` (a MAC, an SN, `pk.dn`, …).
    pub client_id: String,
    /// The parameters in the order written.
    pub params: Vec<ClientIdParam>,
}

/// Why a client id is not in Aliyun's form (the server answers all of these with CONNACK 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientIdError {
    /// No `|` at all: a plain MQTT client id.
    NoParams,
    /// The parameter list does not end with `|`.
    NotClosed,
    /// Nothing before the first `|`.
    EmptyClientId,
    /// More than [`MAX_CLIENT_ID_CHARS`] characters before the first `|`; the count.
    TooLong(usize),
    /// An item between the bars without `=`, or with an empty key; the item.
    BadParam(String),
    /// A key given twice (case ignored); the key, lower-cased.
    DuplicateParam(String),
}

impl ClientIdParams {
    /// A client id with no parameters yet; add them with [`ClientIdParams::with`].
    pub fn new(client_id: impl Into<String>) -> Self {
        ClientIdParams {
            client_id: client_id.into(),
            params: Vec::new(),
        }
    }

    /// Adds parameter `key=value` at the end.
    pub fn with(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.params.push(ClientIdParam {
            key: key.to_owned(),
            value: Some(value.to_string()),
        });
        self
    }

    /// The client id of a signed device login:
    /// `${clientId}|securemode=…,signmethod=…,timestamp=…|`.
    pub fn login(client_id: &str, securemode: i32, method: SignMethod, timestamp: u64) -> Self {
        Self::new(client_id)
            .with("securemode", securemode)
            .with("signmethod", method.as_str())
            .with("timestamp", timestamp)
    }

    /// The client id of a `regnwl` device's token login: `${clientId}|securemode=-2,authType=connwl|`.
    pub fn token_login(client_id: &str) -> Self {
        Self::new(client_id)
            .with("securemode", SECUREMODE_INSTANCE)
            .with("authType", "connwl")
    }

    /// The client id of a registration connection. The instance decides the form: on an old
    /// public instance (no instance id known)
    /// `${clientId}|securemode=2,authType=${auth_type},random=…,signmethod=…|`; on a new public
    /// or Enterprise instance
    /// `${clientId}|securemode=-2,authType=${auth_type},random=…,signmethod=…,instanceId=${id}|`.
    pub fn registration(
        client_id: &str,
        auth_type: &str,
        random: u64,
        method: SignMethod,
        instance_id: Option<&str>,
    ) -> Self {
        let securemode = match instance_id {
            Some(_) => SECUREMODE_INSTANCE,
            None => SECUREMODE_REGISTRATION,
        };
        let params = Self::new(client_id)
            .with("securemode", securemode)
            .with("authType", auth_type)
            .with("random", random)
            .with("signmethod", method.as_str());
        match instance_id {
            Some(id) => params.with("instanceId", id),
            None => params,
        }
    }

    /// Splits a client id, without judging it: the `${clientId}` part ends at the first `|`;
    /// the parameters run to the final `|`, so a value may itself contain `|` (the official JS
    /// SDK sends `lan=JS|Broswer ` from browsers). Items are split at `,`, empty ones (a
    /// trailing comma) are skipped and whitespace around keys and values is dropped.
    ///
    /// Fails only when the bars are missing; [`ClientIdParams::check`] applies the server's
    /// other rules.
    pub fn parse(raw: &str) -> Result<Self, ClientIdError> {
        let (client_id, rest) = raw.split_once('|').ok_or(ClientIdError::NoParams)?;
        let inner = rest.strip_suffix('|').ok_or(ClientIdError::NotClosed)?;
        let params = inner
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| match item.split_once('=') {
                Some((key, value)) => ClientIdParam {
                    key: key.trim().to_owned(),
                    value: Some(value.trim().to_owned()),
                },
                None => ClientIdParam {
                    key: item.to_owned(),
                    value: None,
                },
            })
            .collect();
        Ok(ClientIdParams {
            client_id: client_id.to_owned(),
            params,
        })
    }

    /// Aliyun's rules on a split client id, first problem first: a `${clientId}` of 1 to
    /// [`MAX_CLIENT_ID_CHARS`] characters, then every item `key=value` with a key, no key twice.
    /// Parameters may come in any order and unknown ones (`_v`, `lan`, `gw`, `ext`, …) are fine.
    pub fn check(&self) -> Result<(), ClientIdError> {
        if self.client_id.is_empty() {
            return Err(ClientIdError::EmptyClientId);
        }
        let chars = self.client_id.chars().count();
        if chars > MAX_CLIENT_ID_CHARS {
            return Err(ClientIdError::TooLong(chars));
        }
        for (i, param) in self.params.iter().enumerate() {
            if param.key.is_empty() || param.value.is_none() {
                return Err(ClientIdError::BadParam(param.to_string()));
            }
            let seen = self.params[..i]
                .iter()
                .any(|earlier| earlier.key.eq_ignore_ascii_case(&param.key));
            if seen {
                return Err(ClientIdError::DuplicateParam(
                    param.key.to_ascii_lowercase(),
                ));
            }
        }
        Ok(())
    }

    /// The value of the first parameter named `key`, case ignored.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case(key))
            .and_then(|p| p.value.as_deref())
    }
}

impl fmt::Display for ClientIdParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => write!(f, "{}={value}", self.key),
            None => f.write_str(&self.key),
        }
    }
}

/// Writes the wire form `${clientId}|key=value,…|`.
impl fmt::Display for ClientIdParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}|", self.client_id)?;
        for (i, param) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{param}")?;
        }
        f.write_str("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> ClientIdParams {
        match ClientIdParams::parse(raw) {
            Ok(p) => p,
            Err(e) => panic!("{raw}: {e:?}"),
        }
    }

    #[test]
    fn written_forms_round_trip() {
        let cases = [
            (
                ClientIdParams::login("12345", 3, SignMethod::HmacSha1, 789),
                "12345|securemode=3,signmethod=hmacsha1,timestamp=789|",
            ),
            (
                ClientIdParams::token_login("reg-1"),
                "reg-1|securemode=-2,authType=connwl|",
            ),
            (
                ClientIdParams::registration("pk.dn", "register", 42, SignMethod::HmacSha256, None),
                "pk.dn|securemode=2,authType=register,random=42,signmethod=hmacsha256|",
            ),
            (
                ClientIdParams::registration(
                    "pk.dn",
                    "register",
                    42,
                    SignMethod::HmacSha256,
                    Some("iot-06z00ax1o4gbb8k"),
                ),
                "pk.dn|securemode=-2,authType=register,random=42,signmethod=hmacsha256,\
                 instanceId=iot-06z00ax1o4gbb8k|",
            ),
            (
                ClientIdParams::registration(
                    "sn-0001",
                    "regnwl",
                    7,
                    SignMethod::HmacMd5,
                    Some("iot-06z00emu1demo"),
                ),
                "sn-0001|securemode=-2,authType=regnwl,random=7,signmethod=hmacmd5,\
                 instanceId=iot-06z00emu1demo|",
            ),
        ];
        for (params, wire) in cases {
            assert_eq!(params.to_string(), wire);
            assert_eq!(parsed(wire), params);
            assert_eq!(params.check(), Ok(()));
        }
    }

    #[test]
    fn values_may_hold_bars_and_keys_ignore_case() {
        let p = parsed("pk&dn|securemode=2,lan=JS|Broswer ,_v=1.2.8|");
        assert_eq!(p.client_id, "pk&dn");
        assert_eq!(p.get("lan"), Some("JS|Broswer"));
        assert_eq!(p.get("SecureMode"), Some("2"));
        assert_eq!(parsed("c|authType=connwl|").get("authtype"), Some("connwl"));
        assert_eq!(parsed("c||").params, Vec::new());
    }

    #[test]
    fn published_and_sdk_forms() {
        let parts = parsed("12345|securemode=3,signmethod=hmacsha1,timestamp=789|");
        assert_eq!(parts.client_id, "12345");
        assert_eq!(parts.get("securemode"), Some("3"));
        assert_eq!(parts.get("signmethod"), Some("hmacsha1"));
        assert_eq!(parts.get("timestamp"), Some("789"));
        assert_eq!(parts.get("random"), None);
        let sdk =
            parsed("pk&dn|securemode=2,signmethod=hmacsha1,timestamp=1,lan=JS|Broswer ,_v=1.2.8|");
        assert_eq!(sdk.get("_v"), Some("1.2.8"));
        let reordered = parsed("c|timestamp=9,gw=0,ext=1,signmethod=hmacmd5,securemode=3,|");
        assert_eq!(reordered.get("securemode"), Some("3"));
        assert_eq!(reordered.get("gw"), Some("0"));
        let spaced = parsed("c|\n  securemode=3 ,\n signmethod = hmacsha1|");
        assert_eq!(spaced.get("signmethod"), Some("hmacsha1"));
        assert_eq!(
            parsed("c|authType=connwl,securemode=-2|").get("authtype"),
            Some("connwl")
        );
        for raw in [
            "12345|securemode=3,signmethod=hmacsha1,timestamp=789|",
            "c|timestamp=9,gw=0,ext=1,signmethod=hmacmd5,securemode=3,|",
        ] {
            assert_eq!(parsed(raw).check(), Ok(()), "{raw}");
        }
    }

    #[test]
    fn the_servers_rules() {
        let long = format!("{}|securemode=3|", "x".repeat(MAX_CLIENT_ID_CHARS + 1));
        let cases = [
            ("plain", ClientIdError::NoParams),
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
        for (raw, want) in cases {
            let got = ClientIdParams::parse(raw).and_then(|p| p.check());
            assert_eq!(got, Err(want), "{raw}");
        }
        let wide = format!("{}|securemode=3|", "\u{e9}".repeat(MAX_CLIENT_ID_CHARS));
        assert_eq!(parsed(&wide).check(), Ok(()), "characters, not bytes");
    }
}
