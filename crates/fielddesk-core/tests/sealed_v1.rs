//! Sealed files, envelope version 1: the committed fixture (sealed by Node's WebCrypto, not by
//! Fielddesk) keeps reading, and what this build writes matches `docs/export-sealed.schema.json`.
//! Decrypting it is the browser's part: `tests/crypto.rs` at the workspace root opens the same
//! fixture in headless Chromium.

use fielddesk_core::sealed::{
    is_sealed, parse_sealed, seal_envelope, ITERATIONS, IV_BYTES, SALT_BYTES, TAG_BYTES,
};

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/export-sealed.schema.json"
);
const FIXTURE: &[u8] = include_bytes!("fixtures/export-v1.sealed.json");

fn schema() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).expect("schema is committed"))
            .expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

fn assert_valid(validator: &jsonschema::Validator, document: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_sealed_fixture_reads() {
    assert!(is_sealed(FIXTURE));
    let sealed = parse_sealed(FIXTURE).expect("the fixture is a valid envelope");
    assert_eq!(sealed.version, 1);
    assert_eq!(sealed.iterations, 600_000);
    // The plain fixture is 8566 bytes; AES-GCM adds only its tag.
    assert_eq!(sealed.ciphertext.len(), 8566 + TAG_BYTES);
}

#[test]
fn sealed_files_validate_against_their_schema() {
    let validator = schema();
    assert_valid(
        &validator,
        &serde_json::from_slice(FIXTURE).expect("the fixture is JSON"),
    );
    for length in [TAG_BYTES, TAG_BYTES + 1, TAG_BYTES + 2, 1000] {
        let text = seal_envelope(
            &[0xAB; SALT_BYTES],
            &[0xFB; IV_BYTES],
            ITERATIONS,
            &vec![0xFF; length],
        );
        assert_valid(&validator, &serde_json::from_str(&text).expect("JSON"));
    }
}

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let validator = schema();
    let edits: [(&str, serde_json::Value); 7] = [
        ("/version", 2.into()),
        ("/kdf/iterations", 1000.into()),
        ("/kdf/iterations", 20_000_000.into()),
        ("/kdf/name", "Argon2id".into()),
        ("/kdf/salt", "AAAA".into()),
        ("/cipher/iv", "not base64!!!!!!".into()),
        ("/ciphertext", "AAAA".into()),
    ];
    for (pointer, value) in edits {
        let mut document: serde_json::Value = serde_json::from_slice(FIXTURE).expect("JSON");
        *document.pointer_mut(pointer).expect("the field exists") = value.clone();
        assert!(!validator.is_valid(&document), "{pointer} = {value}");
        let bytes = serde_json::to_vec(&document).expect("JSON");
        assert!(parse_sealed(&bytes).is_err(), "{pointer} = {value}");
    }
}
