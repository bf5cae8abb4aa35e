//! WebCrypto primitives: random bytes, a key derived from a passphrase with PBKDF2-SHA-256, and
//! AES-GCM sealing and opening of bytes. What is sealed, and how it is stored, is the caller's
//! business; nothing here leaves the browser.

use js_sys::{Array, ArrayBuffer, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// What the browser could not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto here: it needs a secure context (https or localhost).
    Unavailable,
    /// The browser could not produce random bytes.
    NoRandom,
    /// The passphrase could not be imported as key material.
    ImportKey,
    /// PBKDF2 failed.
    DeriveKey,
    /// AES-GCM encryption failed.
    Encrypt,
    /// AES-GCM refused to open the data: the key is wrong or the data was altered (the tag
    /// authenticates both, so a wrong key never yields garbage).
    Open,
}

/// An AES-GCM key derived from a passphrase; it never leaves WebCrypto.
#[derive(Clone, Debug)]
pub struct SealKey(CryptoKey);

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    Ok(crypto.subtle())
}

/// `n` random bytes from the browser's cryptographic generator.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, CryptoError> {
    let crypto = web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    let mut bytes = vec![0u8; n];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| CryptoError::NoRandom)?;
    Ok(bytes)
}

/// Derives a 256-bit AES-GCM key from `passphrase` with `iterations` rounds of
/// PBKDF2-HMAC-SHA-256 over `salt`.
pub async fn derive_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<SealKey, CryptoError> {
    let subtle = subtle()?;
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base = JsFuture::from(
        subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
            .map_err(|_| CryptoError::ImportKey)?,
    )
    .await
    .map_err(|_| CryptoError::ImportKey)?;
    let salt: Object = Uint8Array::from(salt).into();
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt);
    let target = AesDerivedKeyParams::new("AES-GCM", 256);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(
                &params,
                base.unchecked_ref(),
                &target,
                false,
                &usages,
            )
            .map_err(|_| CryptoError::DeriveKey)?,
    )
    .await
    .map_err(|_| CryptoError::DeriveKey)?;
    Ok(SealKey(key.unchecked_into()))
}

/// AES-GCM encryption of `plaintext` under `key` with the nonce `iv` (12 bytes, never reused
/// with the same key); the result carries the 16-byte tag.
pub async fn seal(key: &SealKey, iv: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv).into());
    let promise = subtle
        .encrypt_with_object_and_u8_array(&params, &key.0, plaintext)
        .map_err(|_| CryptoError::Encrypt)?;
    let sealed = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::Encrypt)?;
    Ok(Uint8Array::new(&sealed.unchecked_into::<ArrayBuffer>()).to_vec())
}

/// Opens what [`seal`] produced; [`CryptoError::Open`] when the key is wrong or the data altered.
pub async fn open(key: &SealKey, iv: &[u8], sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv).into());
    let promise = subtle
        .decrypt_with_object_and_u8_array(&params, &key.0, sealed)
        .map_err(|_| CryptoError::Open)?;
    let opened = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::Open)?;
    Ok(Uint8Array::new(&opened.unchecked_into::<ArrayBuffer>()).to_vec())
}
