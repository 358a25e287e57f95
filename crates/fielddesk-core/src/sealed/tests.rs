use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::exchange::tests::meta;
use crate::exchange::{export, parse_export};

const SALT: [u8; SALT_BYTES] = [7; SALT_BYTES];
const IV: [u8; IV_BYTES] = [9; IV_BYTES];

fn envelope() -> Value {
    serde_json::from_str(&seal_envelope(&SALT, &IV, ITERATIONS, &[1; 40])).expect("JSON")
}

/// The envelope with `edit` applied, as the bytes of a file.
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = envelope();
    edit(&mut value);
    serde_json::to_vec(&value).expect("JSON")
}

fn fails(edit: impl FnOnce(&mut Value)) -> SealedError {
    parse_sealed(&edited(edit)).expect_err("the edited envelope is refused")
}

#[test]
fn the_envelope_names_its_format_first_and_says_how_it_was_made() {
    let text = seal_envelope(&SALT, &IV, ITERATIONS, b"0123456789abcdef-ct");
    assert!(text.starts_with(r#"{"format":"fielddesk-export-sealed","version":1,"#));
    let value: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        value,
        json!({
            "format": "fielddesk-export-sealed",
            "version": 1,
            "kdf": { "name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "BwcHBwcHBwcHBwcHBwcHBw==" },
            "cipher": { "name": "AES-GCM", "iv": "CQkJCQkJCQkJCQkJ" },
            "ciphertext": "MDEyMzQ1Njc4OWFiY2RlZi1jdA==",
        })
    );
}

#[test]
fn a_written_envelope_reads_back() {
    let text = seal_envelope(&SALT, &IV, ITERATIONS, &[1; 40]);
    assert_eq!(
        parse_sealed(text.as_bytes()),
        Ok(Sealed {
            version: 1,
            iterations: ITERATIONS,
            salt: SALT,
            iv: IV,
            ciphertext: vec![1; 40],
        })
    );
}

#[test]
fn a_sealed_file_is_told_from_a_plain_one_by_its_format() {
    let sealed = seal_envelope(&SALT, &IV, ITERATIONS, &[1; 40]);
    assert!(is_sealed(sealed.as_bytes()));
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(sealed.as_bytes());
    assert!(is_sealed(&with_bom));
    let pretty = serde_json::to_string_pretty(&envelope()).expect("JSON");
    assert!(is_sealed(pretty.as_bytes()));
    // A hand-edited file with the marker later still counts.
    assert!(is_sealed(
        br#"{"version":1,"kdf":{"a":[1,{"b":2}]},"format":"fielddesk-export-sealed"}"#
    ));

    let plain = export(&[], &[], &[], &[], None, &meta());
    assert!(!is_sealed(plain.as_bytes()));
    let fixture = include_bytes!("../../tests/fixtures/export-v1.json");
    assert!(!is_sealed(fixture));
    for other in [
        &b""[..],
        b"   ",
        b"[1, 2]",
        b"{\"format\": 3}",
        b"{\"format\": \"fielddesk-export-sealed-2\"}",
        b"{\"hello\": \"world\"}",
        b"\xFF\xFEnot json",
    ] {
        assert!(!is_sealed(other), "{other:?}");
    }
}

#[test]
fn telling_sealed_from_plain_reads_only_up_to_the_format() {
    // What follows the marker is not read: a plain export whose rest is broken is still "plain"
    // here (its parse says what is broken), and a cut-off sealed file is still "sealed".
    assert!(!is_sealed(
        br#"{"format":"fielddesk-export","version":1,"tickets":[{ this is not JSON"#
    ));
    assert!(is_sealed(
        br#"{"format":"fielddesk-export-sealed","version":1,"kdf":{"na"#
    ));
    assert!(matches!(
        parse_sealed(br#"{"format":"fielddesk-export-sealed","version":1,"kdf":{"na"#),
        Err(SealedError::Truncated { .. })
    ));
}

#[test]
fn a_plain_export_still_parses_after_the_check() {
    let plain = export(&[], &[], &[], &[], None, &meta());
    // What keeps the check cheap: the writer puts `format` first.
    assert!(plain.starts_with(r#"{"format":"fielddesk-export","#));
    assert!(!is_sealed(plain.as_bytes()));
    assert!(parse_export(plain.as_bytes()).is_ok());
}

#[test]
fn every_missing_field_is_named() {
    for path in [
        "version",
        "kdf",
        "kdf.name",
        "kdf.hash",
        "kdf.iterations",
        "kdf.salt",
        "cipher",
        "cipher.name",
        "cipher.iv",
        "ciphertext",
    ] {
        let error = fails(|v| {
            let (object, key) = match path.split_once('.') {
                Some((outer, key)) => (&mut v[outer], key),
                None => (v, path),
            };
            object.as_object_mut().expect("an object").remove(key);
        });
        assert_eq!(error, SealedError::MissingField { path }, "{path}");
    }
}

#[test]
fn a_field_of_the_wrong_type_is_named() {
    let error = fails(|v| v["kdf"]["iterations"] = json!("600000"));
    assert!(
        matches!(&error, SealedError::InvalidField { path: "kdf.iterations", message } if message.contains("expected u64")),
        "{error:?}"
    );
    assert!(matches!(
        fails(|v| v["kdf"]["iterations"] = json!(-1)),
        SealedError::InvalidField {
            path: "kdf.iterations",
            ..
        }
    ));
    assert!(matches!(
        fails(|v| v["cipher"] = json!("AES-GCM")),
        SealedError::InvalidField { path: "cipher", .. }
    ));
    assert!(matches!(
        fails(|v| v["ciphertext"] = json!(12)),
        SealedError::InvalidField {
            path: "ciphertext",
            ..
        }
    ));
    assert!(matches!(
        fails(|v| v["version"] = json!(0)),
        SealedError::InvalidField {
            path: "version",
            ..
        }
    ));
}

#[test]
fn bad_base64_and_wrong_lengths_are_refused() {
    assert!(matches!(
        fails(|v| v["ciphertext"] = json!("not base64!")),
        SealedError::BadBase64 {
            path: "ciphertext",
            ..
        }
    ));
    assert!(matches!(
        fails(|v| v["kdf"]["salt"] = json!("%%%%")),
        SealedError::BadBase64 {
            path: "kdf.salt",
            ..
        }
    ));
    assert_eq!(
        fails(|v| v["kdf"]["salt"] = json!("AAAA")),
        SealedError::BadLength {
            path: "kdf.salt",
            expected: 16,
            actual: 3
        }
    );
    assert_eq!(
        fails(|v| v["cipher"]["iv"] = json!("AAAAAAAAAAAAAAAAAAAA")),
        SealedError::BadLength {
            path: "cipher.iv",
            expected: 12,
            actual: 15
        }
    );
    // Shorter than AES-GCM's tag: not even an empty file.
    assert_eq!(
        fails(|v| v["ciphertext"] = json!("AAAA")),
        SealedError::BadLength {
            path: "ciphertext",
            expected: 16,
            actual: 3
        }
    );
}

#[test]
fn base64_with_escaped_slashes_reads() {
    // Some JSON writers (PHP's) escape "/" as "\/".
    let ciphertext = [0xFF_u8; 21]; // base64: "////////////////////////////"
    let text = seal_envelope(&SALT, &IV, ITERATIONS, &ciphertext).replace('/', "\\/");
    assert!(text.contains("\\/"));
    assert_eq!(
        parse_sealed(text.as_bytes()).map(|s| s.ciphertext),
        Ok(ciphertext.to_vec())
    );
}

#[test]
fn only_pbkdf2_sha256_and_aes_gcm_are_known() {
    assert_eq!(
        fails(|v| v["kdf"]["name"] = json!("Argon2id")),
        SealedError::UnknownKdf {
            name: "Argon2id".into(),
            hash: "SHA-256".into()
        }
    );
    assert_eq!(
        fails(|v| v["kdf"]["hash"] = json!("SHA-1")),
        SealedError::UnknownKdf {
            name: "PBKDF2".into(),
            hash: "SHA-1".into()
        }
    );
    assert_eq!(
        fails(|v| v["cipher"]["name"] = json!("AES-CBC")),
        SealedError::UnknownCipher {
            name: "AES-CBC".into()
        }
    );
}

#[test]
fn iterations_must_be_between_owasp_and_a_bound_that_keeps_the_browser_usable() {
    assert_eq!(
        fails(|v| v["kdf"]["iterations"] = json!(1000)),
        SealedError::TooFewIterations {
            iterations: 1000,
            minimum: 600_000
        }
    );
    assert_eq!(
        fails(|v| v["kdf"]["iterations"] = json!(599_999)),
        SealedError::TooFewIterations {
            iterations: 599_999,
            minimum: 600_000
        }
    );
    assert_eq!(
        fails(|v| v["kdf"]["iterations"] = json!(10_000_001)),
        SealedError::TooManyIterations {
            iterations: 10_000_001,
            maximum: 10_000_000
        }
    );
    assert_eq!(
        fails(|v| v["kdf"]["iterations"] = json!(u64::MAX)),
        SealedError::TooManyIterations {
            iterations: u64::MAX,
            maximum: 10_000_000
        }
    );
    let most = parse_sealed(&edited(|v| v["kdf"]["iterations"] = json!(MAX_ITERATIONS)));
    assert_eq!(most.map(|s| s.iterations), Ok(MAX_ITERATIONS));
}

#[test]
fn a_newer_envelope_is_refused_before_its_fields_are_read() {
    // Version 2 may have other fields; none of them is checked.
    let error = fails(
        |v| *v = json!({ "format": "fielddesk-export-sealed", "version": 2, "kdf": { "name": "Argon2id" } }),
    );
    assert_eq!(
        error,
        SealedError::NewerVersion {
            version: 2,
            supported: 1
        }
    );
}

#[test]
fn a_file_that_is_no_envelope_says_so() {
    assert_eq!(
        parse_sealed(br#"{"format":"fielddesk-export"}"#),
        Err(SealedError::NotSealed {
            format: Some("fielddesk-export".into())
        })
    );
    assert_eq!(
        parse_sealed(b"[1]"),
        Err(SealedError::NotSealed { format: None })
    );
    assert!(matches!(
        parse_sealed(b"{\"format\": oops}"),
        Err(SealedError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        parse_sealed(b""),
        Err(SealedError::Truncated { .. })
    ));
}

#[test]
fn unknown_fields_are_ignored() {
    let sealed = parse_sealed(&edited(|v| {
        v["note"] = json!("open me in Fielddesk");
        v["cipher"]["tag_length"] = json!(128);
    }));
    assert!(sealed.is_ok(), "{sealed:?}");
}

#[test]
fn the_largest_plain_file_fits_in_the_largest_sealed_file() {
    let envelope_overhead = seal_envelope(&SALT, &IV, MAX_ITERATIONS, &[]).len();
    let ciphertext_b64 = (MAX_FILE_BYTES + TAG_BYTES).div_ceil(3) * 4;
    assert!(envelope_overhead + ciphertext_b64 <= MAX_SEALED_BYTES);
}

#[test]
fn a_new_passphrase_needs_eight_characters_typed_the_same_twice() {
    assert_eq!(
        check_new_passphrase("short", "short"),
        Err(PassphraseError::TooShort {
            chars: 5,
            minimum: 8
        })
    );
    // Characters, not bytes: eight Chinese characters are enough, seven are not.
    assert_eq!(
        check_new_passphrase("工单导出口令安全", "工单导出口令安全"),
        Ok(())
    );
    assert_eq!(
        check_new_passphrase("工单导出口令安", "工单导出口令安"),
        Err(PassphraseError::TooShort {
            chars: 7,
            minimum: 8
        })
    );
    // The spaces around it do not count.
    assert_eq!(
        check_new_passphrase("  1234567  ", "  1234567  "),
        Err(PassphraseError::TooShort {
            chars: 7,
            minimum: 8
        })
    );
    assert_eq!(
        check_new_passphrase("correct horse", "correct h0rse"),
        Err(PassphraseError::Mismatch)
    );
    assert_eq!(
        check_new_passphrase("correct horse ", "correct horse"),
        Ok(())
    );
}

#[test]
fn the_spaces_around_a_pasted_passphrase_are_not_part_of_it() {
    assert_eq!(passphrase_bytes(" 口令 abc\n"), "口令 abc".as_bytes());
    assert_eq!(passphrase_bytes("a b"), b"a b");
}

proptest! {
    #[test]
    fn any_envelope_reads_back_as_written(
        salt in any::<[u8; SALT_BYTES]>(),
        iv in any::<[u8; IV_BYTES]>(),
        iterations in MIN_ITERATIONS..=MAX_ITERATIONS,
        ciphertext in proptest::collection::vec(any::<u8>(), TAG_BYTES..300),
    ) {
        let text = seal_envelope(&salt, &iv, iterations, &ciphertext);
        prop_assert!(is_sealed(text.as_bytes()));
        prop_assert_eq!(
            parse_sealed(text.as_bytes()),
            Ok(Sealed { version: SEALED_VERSION, iterations, salt, iv, ciphertext })
        );
    }

    #[test]
    fn any_bytes_are_read_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = is_sealed(&bytes);
        let _ = parse_sealed(&bytes);
    }
}
