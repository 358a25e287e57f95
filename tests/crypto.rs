//! Sealing and opening export files with the real WebCrypto of headless Chromium.
#![cfg(target_arch = "wasm32")]

use fielddesk::crypto::{open, seal, CryptoError};
use fielddesk_core::sealed::{is_sealed, parse_sealed, ITERATIONS};
use fielddesk_core::{export, parse_export, ExportMeta, Person};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The committed fixture, sealed by Node's WebCrypto (not by this code) with this passphrase.
const NODE_SEALED: &[u8] =
    include_bytes!("../crates/fielddesk-core/tests/fixtures/export-v1.sealed.json");
const NODE_PASSPHRASE: &str = "工单 correct horse 2023";

fn plain_export() -> String {
    let fixture = include_bytes!("../crates/fielddesk-core/tests/fixtures/export-v1.json");
    let events = parse_export(fixture).expect("the fixture reads").events;
    let meta = ExportMeta {
        exported_at: chrono::DateTime::parse_from_rfc3339("2023-10-27T10:00:00Z")
            .expect("RFC 3339")
            .into(),
        exported_by: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        settings: None,
    };
    export(&events, &[], &[], &[], None, &meta)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

#[wasm_bindgen_test]
async fn a_sealed_file_opens_with_its_passphrase_and_hides_its_tickets() {
    let plain = plain_export();
    assert!(plain.contains("验证码错误"));
    let sealed = seal(plain.as_bytes(), "打印机 卡纸 2023")
        .await
        .expect("sealed");
    assert!(is_sealed(sealed.as_bytes()));
    assert!(!sealed.contains("验证码错误") && !sealed.contains("张三"));
    let envelope = parse_sealed(sealed.as_bytes()).expect("a valid envelope");
    assert_eq!(envelope.iterations, ITERATIONS);

    let started = now_ms();
    let opened = open(&envelope, "打印机 卡纸 2023").await.expect("opened");
    let took = now_ms() - started;
    console_log!("PBKDF2 ({ITERATIONS} iterations) + AES-GCM open: {took:.0} ms");
    assert_eq!(opened, plain.as_bytes());
    assert_eq!(
        parse_export(&opened).expect("a plain export").events.len(),
        parse_export(plain.as_bytes()).expect("plain").events.len()
    );
}

#[wasm_bindgen_test]
async fn a_wrong_passphrase_is_told_apart_and_the_right_one_still_opens() {
    let plain = plain_export();
    let sealed = seal(plain.as_bytes(), "right passphrase")
        .await
        .expect("sealed");
    let envelope = parse_sealed(sealed.as_bytes()).expect("a valid envelope");
    assert_eq!(
        open(&envelope, "wrong passphrase").await,
        Err(CryptoError::WrongPassphrase)
    );
    assert_eq!(open(&envelope, "").await, Err(CryptoError::WrongPassphrase));
    // Retrying with the right one works; spaces pasted around it do not matter.
    assert_eq!(
        open(&envelope, "  right passphrase\n").await.as_deref(),
        Ok(plain.as_bytes())
    );
}

#[wasm_bindgen_test]
async fn a_changed_byte_is_caught_like_a_wrong_passphrase() {
    let sealed = seal(b"{\"format\":\"fielddesk-export\"}", "right passphrase")
        .await
        .expect("sealed");
    let mut envelope = parse_sealed(sealed.as_bytes()).expect("a valid envelope");
    envelope.ciphertext[3] ^= 1;
    assert_eq!(
        open(&envelope, "right passphrase").await,
        Err(CryptoError::WrongPassphrase)
    );
}

#[wasm_bindgen_test]
async fn two_seals_of_one_file_share_no_salt_or_iv() {
    let one = parse_sealed(
        seal(b"same", "same passphrase")
            .await
            .expect("sealed")
            .as_bytes(),
    )
    .expect("valid");
    let two = parse_sealed(
        seal(b"same", "same passphrase")
            .await
            .expect("sealed")
            .as_bytes(),
    )
    .expect("valid");
    assert_ne!(one.salt, two.salt);
    assert_ne!(one.iv, two.iv);
    assert_ne!(one.ciphertext, two.ciphertext);
}

#[wasm_bindgen_test]
async fn a_file_sealed_by_another_webcrypto_opens() {
    let envelope = parse_sealed(NODE_SEALED).expect("the fixture is a valid envelope");
    let plain = open(&envelope, NODE_PASSPHRASE).await.expect("opened");
    let export = parse_export(&plain).expect("the plain fixture");
    assert_eq!(
        export
            .events
            .iter()
            .filter(|e| matches!(e.kind, fielddesk_core::EventKind::TicketCreated { .. }))
            .count(),
        2
    );
    assert_eq!(
        open(&envelope, "工单 correct horse 2024").await,
        Err(CryptoError::WrongPassphrase)
    );
}
