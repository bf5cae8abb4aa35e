//! WebCrypto sealing of profile secrets: PBKDF2-SHA-256 turns the passphrase into an AES-GCM
//! key; the salt and IV are fresh random bytes each time. Nothing here leaves the browser.

use js_sys::{Array, ArrayBuffer, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::model::payload::{encode, to_base64, PayloadFormat};
use crate::model::profiles::SealedSecrets;

fn crypto() -> Result<web_sys::Crypto, String> {
    web_sys::window().ok_or("no window")?.crypto().map_err(|_| {
        "this browser offers no WebCrypto here (it needs https or localhost)".to_owned()
    })
}

fn random_bytes(n: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "the browser could not produce random bytes".to_owned())?;
    Ok(bytes)
}

async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, String> {
    let fail = |what: &str| format!("the browser could not {what}");
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base = JsFuture::from(
        subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
            .map_err(|_| fail("import the passphrase"))?,
    )
    .await
    .map_err(|_| fail("import the passphrase"))?;
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
            .map_err(|_| fail("derive a key"))?,
    )
    .await
    .map_err(|_| fail("derive a key"))?;
    Ok(key.unchecked_into())
}

/// Encrypts `plaintext` with a key derived from `passphrase` (`iterations` rounds of PBKDF2).
pub async fn seal(
    plaintext: &str,
    passphrase: &str,
    iterations: u32,
) -> Result<SealedSecrets, String> {
    let subtle = crypto()?.subtle();
    let salt = random_bytes(16)?;
    let iv = random_bytes(12)?;
    let key = derive_key(&subtle, passphrase, &salt, iterations).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()).into());
    let promise = subtle
        .encrypt_with_object_and_u8_array(&params, &key, plaintext.as_bytes())
        .map_err(|_| "the browser could not encrypt".to_owned())?;
    let sealed = JsFuture::from(promise)
        .await
        .map_err(|_| "the browser could not encrypt".to_owned())?;
    let bytes = Uint8Array::new(&sealed.unchecked_into::<ArrayBuffer>()).to_vec();
    Ok(SealedSecrets {
        salt_b64: to_base64(&salt),
        iv_b64: to_base64(&iv),
        ciphertext_b64: to_base64(&bytes),
        iterations,
    })
}

/// Decrypts what [`seal`] produced; a wrong passphrase is reported as such, never as garbage.
pub async fn open(sealed: &SealedSecrets, passphrase: &str) -> Result<String, String> {
    sealed.validate().map_err(|e| e.to_string())?;
    let bad = |_| "the stored secrets are damaged (not base64)".to_owned();
    let salt = encode(&sealed.salt_b64, PayloadFormat::Base64).map_err(bad)?;
    let iv = encode(&sealed.iv_b64, PayloadFormat::Base64).map_err(bad)?;
    let data = encode(&sealed.ciphertext_b64, PayloadFormat::Base64).map_err(bad)?;
    let subtle = crypto()?.subtle();
    let key = derive_key(&subtle, passphrase, &salt, sealed.iterations).await?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()).into());
    let wrong = "wrong passphrase: the saved secrets could not be unlocked (nothing was changed)"
        .to_owned();
    let promise = subtle
        .decrypt_with_object_and_u8_array(&params, &key, &data)
        .map_err(|_| wrong.clone())?;
    // AES-GCM authenticates: a wrong key fails here instead of yielding garbage.
    let opened = JsFuture::from(promise).await.map_err(|_| wrong)?;
    let bytes = Uint8Array::new(&opened.unchecked_into::<ArrayBuffer>()).to_vec();
    String::from_utf8(bytes).map_err(|_| "the stored secrets are damaged (not text)".to_owned())
}
