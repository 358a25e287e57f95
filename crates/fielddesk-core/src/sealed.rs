//! The sealed export file (`docs/export-format.md`, *Sealed files*; `docs/export-sealed.schema.json`):
//! an export file encrypted with a passphrase, so it can travel through a chat group that more
//! people read than should see the tickets.
//!
//! The envelope is a small JSON document around the ciphertext:
//!
//! ```json
//! { "format": "fielddesk-export-sealed", "version": 1,
//!   "kdf": { "name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "<16 bytes, base64>" },
//!   "cipher": { "name": "AES-GCM", "iv": "<12 bytes, base64>" },
//!   "ciphertext": "<base64>" }
//! ```
//!
//! The key is PBKDF2-HMAC-SHA-256 of the passphrase's UTF-8 bytes ([`passphrase_bytes`]) and the
//! salt, 256 bits; the ciphertext is AES-256-GCM of the whole plain export file with the IV and
//! no additional data, its 128-bit tag appended (WebCrypto's layout). This module does no
//! cryptography: it reads and writes the envelope and holds the rules (iteration bounds, what a
//! passphrase must be); the shell does the crypto with the browser's WebCrypto.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use base64::Engine;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::exchange::{message_of, top_level, Outer, MAX_FILE_BYTES};

/// The value of the envelope's `format` field.
pub const SEALED_FORMAT: &str = "fielddesk-export-sealed";
/// The envelope version this build writes and the newest it reads.
pub const SEALED_VERSION: u32 = 1;
/// The only key-derivation function of version 1, with its hash, as WebCrypto names them.
pub const KDF: &str = "PBKDF2";
pub const KDF_HASH: &str = "SHA-256";
/// The only cipher of version 1, as WebCrypto names it.
pub const CIPHER: &str = "AES-GCM";
/// PBKDF2 iterations written: OWASP's 2023 figure for PBKDF2-HMAC-SHA-256 (about half a second
/// in Chromium on a laptop).
pub const ITERATIONS: u32 = 600_000;
/// Fewer iterations than this is refused: a file claiming fewer was not made by Fielddesk, and
/// opening it would test passphrases too cheaply.
pub const MIN_ITERATIONS: u32 = ITERATIONS;
/// More than this is refused: a file could otherwise keep a browser busy for minutes.
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;
/// AES-GCM's tag, at the end of the ciphertext.
pub const TAG_BYTES: usize = 16;
/// The fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The largest sealed file read: the largest plain file, in base64, plus room for the envelope.
pub const MAX_SEALED_BYTES: usize = (MAX_FILE_BYTES + TAG_BYTES).div_ceil(3) * 4 + 4096;

/// A parsed envelope: everything the shell needs to derive the key and decrypt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub version: u32,
    pub iterations: u32,
    pub salt: [u8; SALT_BYTES],
    pub iv: [u8; IV_BYTES],
    /// AES-GCM output: the encrypted export file with its tag at the end.
    pub ciphertext: Vec<u8>,
}

/// Why a sealed file cannot be opened. Nothing of it has been applied. Like
/// [`crate::ImportError`], each variant carries what the UI needs to say it in its own words; the
/// English text is the fallback.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealedError {
    #[error("the sealed file is {size} bytes; Fielddesk opens sealed files of up to {limit} bytes: export fewer tickets per file")]
    TooLarge { size: usize, limit: usize },
    #[error("the sealed file ends too early (line {line}, column {column}): it was cut off while being copied or sent; ask for it again")]
    Truncated { line: usize, column: usize },
    #[error("the sealed file is not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("this is not a sealed Fielddesk export: its \"format\" is {}", format.as_deref().map_or("missing".to_string(), |f| format!("\"{f}\"")))]
    NotSealed { format: Option<String> },
    #[error("the sealed file was made by a newer Fielddesk (envelope version {version}); this one reads up to version {supported}: update Fielddesk")]
    NewerVersion { version: u64, supported: u32 },
    #[error("the sealed file has no \"{path}\" field")]
    MissingField { path: &'static str },
    #[error("the sealed file's \"{path}\" is wrong: {message}")]
    InvalidField { path: &'static str, message: String },
    #[error("the sealed file's \"{path}\" is not base64: {message}")]
    BadBase64 { path: &'static str, message: String },
    #[error("the sealed file's \"{path}\" is {actual} bytes; it must be {expected}")]
    BadLength {
        path: &'static str,
        expected: usize,
        actual: usize,
    },
    #[error("the sealed file uses key derivation {name} with {hash}; Fielddesk knows only PBKDF2 with SHA-256")]
    UnknownKdf { name: String, hash: String },
    #[error("the sealed file uses cipher {name}; Fielddesk knows only AES-GCM")]
    UnknownCipher { name: String },
    #[error("the sealed file asks for {iterations} PBKDF2 iterations; fewer than {minimum} is too weak: it was not made by Fielddesk")]
    TooFewIterations { iterations: u64, minimum: u32 },
    #[error("the sealed file asks for {iterations} PBKDF2 iterations; more than {maximum} would keep the browser busy for minutes")]
    TooManyIterations { iterations: u64, maximum: u32 },
}

/// Why a new passphrase is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    #[error("the passphrase has {chars} characters; it needs at least {minimum}")]
    TooShort { chars: usize, minimum: usize },
    #[error("the two passphrases differ")]
    Mismatch,
}

/// What is encrypted with: the passphrase without the spaces and line breaks around it, which
/// come along when a passphrase is copied out of a chat message. Sealing and opening both use
/// it, so "口令 " opens what "口令" sealed.
pub fn passphrase_bytes(passphrase: &str) -> &[u8] {
    passphrase.trim().as_bytes()
}

/// Checks a passphrase chosen for a new sealed file, typed twice.
pub fn check_new_passphrase(passphrase: &str, again: &str) -> Result<(), PassphraseError> {
    let chars = passphrase.trim().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseError::TooShort {
            chars,
            minimum: MIN_PASSPHRASE_CHARS,
        });
    }
    if passphrase.trim() != again.trim() {
        return Err(PassphraseError::Mismatch);
    }
    Ok(())
}

/// Whether `bytes` are a sealed envelope, by its `format` field alone: cheap on a plain export,
/// whose `format` Fielddesk writes first, so only its first few dozen bytes are read. Anything
/// that is not a JSON object with that marker is not sealed, and goes to
/// [`crate::parse_export`], which says what is wrong with it.
pub fn is_sealed(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    // The probe stops the parse with an error as soon as it has the format.
    let _ = FormatProbe(&mut found).deserialize(&mut deserializer);
    found.as_deref() == Some(SEALED_FORMAT)
}

struct FormatProbe<'a>(&'a mut Option<String>);

impl<'de> DeserializeSeed<'de> for FormatProbe<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FormatProbe<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "format" {
                *self.0 = map.next_value::<String>().ok();
                return Err(serde::de::Error::custom("format found"));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Writes the envelope around `ciphertext` (AES-GCM output, tag included).
pub fn seal_envelope(
    salt: &[u8; SALT_BYTES],
    iv: &[u8; IV_BYTES],
    iterations: u32,
    ciphertext: &[u8],
) -> String {
    let engine = &base64::engine::general_purpose::STANDARD;
    let head = EnvelopeHead {
        format: SEALED_FORMAT,
        version: SEALED_VERSION,
        kdf: KdfOut {
            name: KDF,
            hash: KDF_HASH,
            iterations,
            salt: engine.encode(salt),
        },
        cipher: CipherOut {
            name: CIPHER,
            iv: engine.encode(iv),
        },
    };
    let head = serde_json::to_string(&head).expect("plain data with string keys always serialises");
    // The ciphertext is base64-encoded straight into the file's text: it is nearly all of a file
    // that may be hundreds of megabytes, and base64 needs no JSON escaping.
    let mut text = String::with_capacity(head.len() + ciphertext.len().div_ceil(3) * 4 + 20);
    text.push_str(head.strip_suffix('}').expect("a JSON object ends with }"));
    text.push_str(r#","ciphertext":""#);
    engine.encode_string(ciphertext, &mut text);
    text.push_str(r#""}"#);
    text
}

/// Reads an envelope, checking all of it: size, JSON, marker and version first (a newer version
/// may have other fields), then each field. Unknown fields are ignored. Never panics, whatever
/// the bytes. Whether the passphrase is right only decrypting can tell.
pub fn parse_sealed(bytes: &[u8]) -> Result<Sealed, SealedError> {
    if bytes.len() > MAX_SEALED_BYTES {
        return Err(SealedError::TooLarge {
            size: bytes.len(),
            limit: MAX_SEALED_BYTES,
        });
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let top = top_level(text, SEALED_FORMAT).map_err(|outer| match outer {
        Outer::Truncated { line, column } => SealedError::Truncated { line, column },
        Outer::Syntax {
            line,
            column,
            message,
        } => SealedError::Syntax {
            line,
            column,
            message,
        },
        Outer::OtherFormat { format } => SealedError::NotSealed { format },
    })?;
    let version: u64 = field(&top, "version", "version")?;
    if version > u64::from(SEALED_VERSION) {
        return Err(SealedError::NewerVersion {
            version,
            supported: SEALED_VERSION,
        });
    }
    if version == 0 {
        return Err(SealedError::InvalidField {
            path: "version",
            message: format!(
                "envelope version 0 does not exist; this Fielddesk reads 1 to {SEALED_VERSION}"
            ),
        });
    }

    let kdf: HashMap<Cow<'_, str>, &RawValue> = field(&top, "kdf", "kdf")?;
    let name: String = field(&kdf, "name", "kdf.name")?;
    let hash: String = field(&kdf, "hash", "kdf.hash")?;
    if name != KDF || hash != KDF_HASH {
        return Err(SealedError::UnknownKdf { name, hash });
    }
    let iterations: u64 = field(&kdf, "iterations", "kdf.iterations")?;
    if iterations < u64::from(MIN_ITERATIONS) {
        return Err(SealedError::TooFewIterations {
            iterations,
            minimum: MIN_ITERATIONS,
        });
    }
    if iterations > u64::from(MAX_ITERATIONS) {
        return Err(SealedError::TooManyIterations {
            iterations,
            maximum: MAX_ITERATIONS,
        });
    }
    let salt = fixed(&kdf, "salt", "kdf.salt")?;

    let cipher: HashMap<Cow<'_, str>, &RawValue> = field(&top, "cipher", "cipher")?;
    let name: String = field(&cipher, "name", "cipher.name")?;
    if name != CIPHER {
        return Err(SealedError::UnknownCipher { name });
    }
    let iv = fixed(&cipher, "iv", "cipher.iv")?;

    let ciphertext = bytes_of(&top, "ciphertext", "ciphertext")?;
    if ciphertext.len() < TAG_BYTES {
        return Err(SealedError::BadLength {
            path: "ciphertext",
            expected: TAG_BYTES,
            actual: ciphertext.len(),
        });
    }
    Ok(Sealed {
        version: u32::try_from(version).expect("checked against SEALED_VERSION"),
        iterations: u32::try_from(iterations).expect("checked against MAX_ITERATIONS"),
        salt,
        iv,
        ciphertext,
    })
}

fn raw<'a>(
    object: &HashMap<Cow<'_, str>, &'a RawValue>,
    key: &str,
    path: &'static str,
) -> Result<&'a RawValue, SealedError> {
    object
        .get(key)
        .copied()
        .ok_or(SealedError::MissingField { path })
}

fn field<'a, T: serde::Deserialize<'a>>(
    object: &HashMap<Cow<'_, str>, &'a RawValue>,
    key: &str,
    path: &'static str,
) -> Result<T, SealedError> {
    serde_json::from_str(raw(object, key, path)?.get()).map_err(|e| SealedError::InvalidField {
        path,
        message: message_of(&e),
    })
}

fn bytes_of(
    object: &HashMap<Cow<'_, str>, &RawValue>,
    key: &str,
    path: &'static str,
) -> Result<Vec<u8>, SealedError> {
    // Borrowed unless the writer escaped something (`\/`), as most JSON writers do not.
    let text: Cow<'_, str> = match serde_json::from_str::<&str>(raw(object, key, path)?.get()) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(field::<String>(object, key, path)?),
    };
    base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|e| SealedError::BadBase64 {
            path,
            message: e.to_string(),
        })
}

fn fixed<const N: usize>(
    object: &HashMap<Cow<'_, str>, &RawValue>,
    key: &str,
    path: &'static str,
) -> Result<[u8; N], SealedError> {
    let bytes = bytes_of(object, key, path)?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| SealedError::BadLength {
        path,
        expected: N,
        actual: bytes.len(),
    })
}

/// The envelope without its `ciphertext`, which `seal_envelope` appends.
#[derive(Serialize)]
struct EnvelopeHead {
    format: &'static str,
    version: u32,
    kdf: KdfOut,
    cipher: CipherOut,
}

#[derive(Serialize)]
struct KdfOut {
    name: &'static str,
    hash: &'static str,
    iterations: u32,
    salt: String,
}

#[derive(Serialize)]
struct CipherOut {
    name: &'static str,
    iv: String,
}

#[cfg(test)]
mod tests;
