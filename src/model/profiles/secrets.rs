//! The secret fields of a connect form, and their encrypted form for storage.
//!
//! Profiles live in localStorage, which any script on the origin and anyone with the disk can
//! read, so DeviceSecret and password are kept out of it unless the user opts in. Opted-in
//! secrets are sealed by the browser (WebCrypto: PBKDF2-SHA-256 from a passphrase, AES-GCM);
//! this module only models the sealed data and checks it is sane before the browser is asked
//! to open it, and shapes what goes in and out of the browser's cipher. When a ProductSecret field joins the form, add it to [`Secrets`] and the three
//! functions below; nothing else needs to know which fields are secret.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::form::ConnectForm;
use crate::model::payload::{parse, to_base64, PayloadFormat};

/// OWASP's 2023 floor for PBKDF2-HMAC-SHA256; fewer makes a stolen store cheap to brute-force.
pub const MIN_PBKDF2_ITERATIONS: u32 = 600_000;

/// A store edited to ask for billions of iterations would freeze the tab on unlock; 10 million
/// is ~10 s in a browser, more than anyone would choose.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// The secret fields of a [`ConnectForm`], in clear.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Secrets {
    /// Aliyun DeviceSecret.
    pub device_secret: String,
    /// Generic broker password.
    pub password: String,
}

// Hand-written so a `{:?}` in a log or panic message never prints a secret.
impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secrets")
            .field(
                "device_secret",
                &format_args!("<{} chars>", self.device_secret.chars().count()),
            )
            .field(
                "password",
                &format_args!("<{} chars>", self.password.chars().count()),
            )
            .finish()
    }
}

impl Secrets {
    /// Whether there is nothing to protect.
    pub fn is_empty(&self) -> bool {
        self.device_secret.is_empty() && self.password.is_empty()
    }

    /// The text the browser encrypts (JSON, so fields can be added later).
    pub fn to_plaintext(&self) -> String {
        // Two strings cannot fail to serialize; an empty result would only mean "no secrets".
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what [`Secrets::to_plaintext`] wrote, after the browser decrypted it.
    pub fn from_plaintext(text: &str) -> Result<Secrets, SecretsError> {
        serde_json::from_str(text).map_err(|_| SecretsError::Malformed)
    }

    /// Reads the bytes the browser's cipher opened: UTF-8 of [`Secrets::to_plaintext`].
    pub fn from_opened(bytes: Vec<u8>) -> Result<Secrets, SecretsError> {
        let text = String::from_utf8(bytes).map_err(|_| SecretsError::NotText)?;
        Secrets::from_plaintext(&text)
    }
}

/// Bytes of salt the browser draws for each sealing (PBKDF2).
pub const SALT_BYTES: usize = 16;

/// Bytes of AES-GCM nonce the browser draws for each sealing.
pub const IV_BYTES: usize = 12;

/// Sealed secrets as raw bytes, as the browser's cipher takes and gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedParts {
    /// PBKDF2 salt.
    pub salt: Vec<u8>,
    /// AES-GCM nonce.
    pub iv: Vec<u8>,
    /// AES-GCM output: ciphertext and tag.
    pub ciphertext: Vec<u8>,
    /// PBKDF2 iteration count.
    pub iterations: u32,
}

/// The secret fields of `form`.
pub fn secrets_of(form: &ConnectForm) -> Secrets {
    Secrets {
        device_secret: form.device_secret.clone(),
        password: form.password.clone(),
    }
}

/// `form` with its secret fields set from `secrets`.
pub fn with_secrets(mut form: ConnectForm, secrets: Secrets) -> ConnectForm {
    form.device_secret = secrets.device_secret;
    form.password = secrets.password;
    form
}

/// `form` with its secret fields blanked.
pub fn without_secrets(form: ConnectForm) -> ConnectForm {
    with_secrets(form, Secrets::default())
}

/// Secrets encrypted by the browser: AES-GCM under a key derived with PBKDF2-SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedSecrets {
    /// PBKDF2 salt, base64 (at least 16 bytes).
    pub salt_b64: String,
    /// AES-GCM nonce, base64 (12 bytes).
    pub iv_b64: String,
    /// AES-GCM output (ciphertext and 16-byte tag) of [`Secrets::to_plaintext`], base64.
    pub ciphertext_b64: String,
    /// PBKDF2 iteration count.
    pub iterations: u32,
}

/// Longest ciphertext accepted: two secrets are a few hundred bytes.
const MAX_CIPHERTEXT_BYTES: usize = 64 * 1024;

impl SealedSecrets {
    /// The stored form of what the browser sealed: each byte string in base64.
    pub fn from_parts(parts: &SealedParts) -> SealedSecrets {
        SealedSecrets {
            salt_b64: to_base64(&parts.salt),
            iv_b64: to_base64(&parts.iv),
            ciphertext_b64: to_base64(&parts.ciphertext),
            iterations: parts.iterations,
        }
    }

    /// The bytes to hand the browser's cipher, after [`SealedSecrets::validate`] accepted them.
    pub fn parts(&self) -> Result<SealedParts, SecretsError> {
        self.validate()?;
        let bytes = |field: &'static str, b64: &str| {
            parse(b64, PayloadFormat::Base64).map_err(|_| SecretsError::BadField(field))
        };
        Ok(SealedParts {
            salt: bytes("salt_b64", &self.salt_b64)?,
            iv: bytes("iv_b64", &self.iv_b64)?,
            ciphertext: bytes("ciphertext_b64", &self.ciphertext_b64)?,
            iterations: self.iterations,
        })
    }

    /// Checks the parameters before the browser spends seconds deriving a key from them.
    pub fn validate(&self) -> Result<(), SecretsError> {
        if self.iterations < MIN_PBKDF2_ITERATIONS {
            return Err(SecretsError::TooFewIterations(self.iterations));
        }
        if self.iterations > MAX_PBKDF2_ITERATIONS {
            return Err(SecretsError::TooManyIterations(self.iterations));
        }
        let len = |field: &'static str, b64: &str| {
            if b64.len() > MAX_CIPHERTEXT_BYTES * 2 {
                return Err(SecretsError::BadField(field));
            }
            parse(b64, PayloadFormat::Base64)
                .map(|bytes| bytes.len())
                .map_err(|_| SecretsError::BadField(field))
        };
        if len("salt_b64", &self.salt_b64)? < SALT_BYTES {
            return Err(SecretsError::BadField("salt_b64"));
        }
        if len("iv_b64", &self.iv_b64)? != IV_BYTES {
            return Err(SecretsError::BadField("iv_b64"));
        }
        let ct = len("ciphertext_b64", &self.ciphertext_b64)?;
        if !(16..=MAX_CIPHERTEXT_BYTES).contains(&ct) {
            return Err(SecretsError::BadField("ciphertext_b64"));
        }
        Ok(())
    }
}

/// Why sealed secrets cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretsError {
    /// PBKDF2 iterations below [`MIN_PBKDF2_ITERATIONS`].
    TooFewIterations(u32),
    /// PBKDF2 iterations above [`MAX_PBKDF2_ITERATIONS`].
    TooManyIterations(u32),
    /// A field is not base64 of the right length (salt ≥ 16 bytes, IV 12, ciphertext ≥ 16).
    BadField(&'static str),
    /// Not the expected object, or the decrypted text is not what was sealed.
    Malformed,
    /// The decrypted bytes are not text.
    NotText,
    /// The passphrase does not open them (AES-GCM refused: wrong key or altered data).
    WrongPassphrase,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Well-formed sealed secrets, for tests here and in the store.
    pub(crate) fn sealed(iterations: u32) -> SealedSecrets {
        SealedSecrets {
            salt_b64: to_base64(&[1; 16]),
            iv_b64: to_base64(&[2; 12]),
            ciphertext_b64: to_base64(&[3; 40]),
            iterations,
        }
    }

    #[test]
    fn secrets_move_in_and_out_of_forms() {
        let form = ConnectForm {
            device_secret: "ds".into(),
            password: "pw".into(),
            username: "u".into(),
            ..ConnectForm::default()
        };
        let s = secrets_of(&form);
        let blank = without_secrets(form.clone());
        assert!(secrets_of(&blank).is_empty());
        assert_eq!(blank.username, "u");
        assert_eq!(with_secrets(blank, s.clone()), form);
        assert_eq!(Secrets::from_plaintext(&s.to_plaintext()), Ok(s.clone()));
        assert_eq!(Secrets::from_plaintext("[1]"), Err(SecretsError::Malformed));
        let debug = format!("{s:?}");
        assert!(!debug.contains("ds") && !debug.contains("pw"), "{debug}");
    }

    #[test]
    fn sealed_parameters_are_checked() {
        assert_eq!(sealed(600_000).validate(), Ok(()));
        assert_eq!(
            sealed(599_999).validate(),
            Err(SecretsError::TooFewIterations(599_999))
        );
        assert_eq!(
            sealed(u32::MAX).validate(),
            Err(SecretsError::TooManyIterations(u32::MAX))
        );
        let mut s = sealed(600_000);
        s.iv_b64 = to_base64(&[0; 16]);
        assert_eq!(s.validate(), Err(SecretsError::BadField("iv_b64")));
        s = sealed(600_000);
        s.salt_b64 = "not base64!".into();
        assert_eq!(s.validate(), Err(SecretsError::BadField("salt_b64")));
        s = sealed(600_000);
        s.ciphertext_b64 = "A".repeat(1 << 20);
        assert_eq!(s.validate(), Err(SecretsError::BadField("ciphertext_b64")));
    }

    #[test]
    fn sealed_parts_round_trip_through_storage() {
        let parts = SealedParts {
            salt: vec![7; SALT_BYTES],
            iv: vec![8; IV_BYTES],
            ciphertext: (0..=40).collect(),
            iterations: MIN_PBKDF2_ITERATIONS,
        };
        let stored = SealedSecrets::from_parts(&parts);
        assert_eq!(stored.validate(), Ok(()));
        let json = serde_json::to_string(&stored).unwrap();
        for key in ["salt_b64", "iv_b64", "ciphertext_b64", "iterations"] {
            assert!(json.contains(key), "{json}");
        }
        let back: SealedSecrets = serde_json::from_str(&json).unwrap();
        assert_eq!(back.parts(), Ok(parts));
        assert_eq!(sealed(10).parts(), Err(SecretsError::TooFewIterations(10)));
    }

    #[test]
    fn opened_bytes_become_secrets_or_a_reason() {
        let s = Secrets {
            device_secret: "ds".into(),
            password: "pw".into(),
        };
        assert_eq!(Secrets::from_opened(s.to_plaintext().into_bytes()), Ok(s));
        assert_eq!(
            Secrets::from_opened(vec![0xff, 0xfe]),
            Err(SecretsError::NotText)
        );
        assert_eq!(
            Secrets::from_opened(b"nope".to_vec()),
            Err(SecretsError::Malformed)
        );
    }
}
