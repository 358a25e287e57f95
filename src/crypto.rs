//! Sealing and opening export files with the browser's WebCrypto: PBKDF2-HMAC-SHA-256 from the
//! passphrase to an AES-256-GCM key, then AES-GCM over the whole plain file. The envelope, its
//! bounds and what a passphrase must be are the core's (`fielddesk_core::sealed`); this module
//! only calls `crypto.subtle`, whose key derivation runs off the page's thread (70–110 ms for
//! 600 000 iterations in headless Chromium on a 2-core machine), so the page stays responsive.

use fielddesk_core::sealed::{self, Sealed, ITERATIONS, IV_BYTES, SALT_BYTES};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// Why sealing or opening failed. Nothing was saved or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// `crypto.subtle` exists only in a secure context: a page opened over https, or from this
    /// computer (localhost). A plain-http address on the office network has none.
    #[error(
        "this page cannot encrypt or decrypt: open Fielddesk over https (or on this computer)"
    )]
    Unavailable,
    /// AES-GCM's tag did not match: the key (so the passphrase) is not the one that sealed the
    /// file, or the file's bytes were changed since. The two cannot be told apart, by design.
    #[error("wrong passphrase, or the file was changed")]
    WrongPassphrase,
    /// Anything else the browser refused, in its own words.
    #[error("the browser could not encrypt or decrypt: {0}")]
    Browser(String),
}

fn browser_error(value: JsValue) -> CryptoError {
    let text = value
        .dyn_ref::<web_sys::DomException>()
        .map(|e| format!("{}: {}", e.name(), e.message()))
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
    CryptoError::Browser(text)
}

/// The page's `crypto` and `crypto.subtle`, if it has them.
fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), CryptoError> {
    let crypto = web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    // In an insecure context the property is missing; web-sys would wrap `undefined` as is.
    let subtle = js_sys::Reflect::get(&crypto, &JsValue::from_str("subtle"))
        .ok()
        .filter(|s| s.is_object())
        .ok_or(CryptoError::Unavailable)?;
    Ok((crypto, subtle.unchecked_into()))
}

/// Whether this page can seal and open files at all, so the UI can say so before anyone types
/// a passphrase.
pub fn available() -> bool {
    subtle().is_ok()
}

async fn call(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The AES-256-GCM key PBKDF2 derives from `passphrase` (trimmed, as the core says) and `salt`,
/// usable for `usage` only and never extractable.
async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
    usage: &str,
) -> Result<CryptoKey, CryptoError> {
    let secret = Uint8Array::from(sealed::passphrase_bytes(passphrase));
    let base = call(subtle.import_key_with_str(
        "raw",
        &secret,
        "PBKDF2",
        false,
        &Array::of1(&JsValue::from_str("deriveKey")),
    ))
    .await
    .map_err(browser_error)?;
    let params = Pbkdf2Params::new_with_str(
        sealed::KDF,
        sealed::KDF_HASH,
        iterations,
        &Uint8Array::from(salt),
    );
    let key = call(subtle.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &AesKeyGenParams::new(sealed::CIPHER, 256),
        false,
        &Array::of1(&JsValue::from_str(usage)),
    ))
    .await
    .map_err(browser_error)?;
    Ok(key.unchecked_into())
}

/// Encrypts a plain export file under `passphrase` with a fresh random salt and IV, and returns
/// the sealed file's text. The caller has checked the passphrase
/// (`fielddesk_core::check_new_passphrase`).
pub async fn seal(plain: &[u8], passphrase: &str) -> Result<String, CryptoError> {
    let (crypto, subtle) = subtle()?;
    let mut salt = [0u8; SALT_BYTES];
    let mut iv = [0u8; IV_BYTES];
    crypto
        .get_random_values_with_u8_array(&mut salt)
        .map_err(browser_error)?;
    crypto
        .get_random_values_with_u8_array(&mut iv)
        .map_err(browser_error)?;
    let key = derive_key(&subtle, passphrase, &salt, ITERATIONS, "encrypt").await?;
    let params = AesGcmParams::new(sealed::CIPHER, &Uint8Array::from(&iv[..]));
    // WebCrypto copies `plain` before it returns the promise, so a view of wasm memory is safe.
    let ciphertext = call(subtle.encrypt_with_object_and_u8_array(&params, &key, plain))
        .await
        .map_err(browser_error)?;
    let ciphertext = Uint8Array::new(&ciphertext).to_vec();
    Ok(sealed::seal_envelope(&salt, &iv, ITERATIONS, &ciphertext))
}

/// Decrypts a parsed sealed file with `passphrase`: the plain export file's bytes, for
/// `parse_export`. A wrong passphrase (or a changed file) is [`CryptoError::WrongPassphrase`].
pub async fn open(sealed: &Sealed, passphrase: &str) -> Result<Vec<u8>, CryptoError> {
    let (_, subtle) = subtle()?;
    let key = derive_key(
        &subtle,
        passphrase,
        &sealed.salt,
        sealed.iterations,
        "decrypt",
    )
    .await?;
    let params = AesGcmParams::new(sealed::CIPHER, &Uint8Array::from(&sealed.iv[..]));
    let plain = call(subtle.decrypt_with_object_and_u8_array(&params, &key, &sealed.ciphertext))
        .await
        .map_err(|error| {
            let tag_mismatch = error
                .dyn_ref::<web_sys::DomException>()
                .is_some_and(|e| e.name() == "OperationError");
            if tag_mismatch {
                CryptoError::WrongPassphrase
            } else {
                browser_error(error)
            }
        })?;
    Ok(Uint8Array::new(&plain).to_vec())
}
