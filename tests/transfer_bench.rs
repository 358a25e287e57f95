//! Import and export times for 10 000 and 100 000 generated tickets in headless Chromium,
//! through the real IndexedDB: `scripts/bench-transfer.sh`. Ignored in the normal test run.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use fielddesk::storage::{Change, Store};
use fielddesk_core::exchange::bench_data;
use fielddesk_core::{export, fold_log, parse_export, preview, ExportMeta, Person};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    js_sys::Date::now()
}

/// Chromium's JS heap in use plus the wasm linear memory, in MB.
fn memory_mb() -> (f64, f64) {
    let heap = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .and_then(|p| js_sys::Reflect::get(&p, &"memory".into()))
        .and_then(|m| js_sys::Reflect::get(&m, &"usedJSHeapSize".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let wasm = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| b.byte_length())
                .unwrap_or(0)
        })
        .unwrap_or(0) as f64;
    (heap / 1_048_576.0, wasm / 1_048_576.0)
}

use wasm_bindgen::JsCast;

async fn bench(count: usize) {
    let meta = ExportMeta {
        exported_at: Utc.with_ymd_and_hms(2023, 10, 27, 10, 0, 0).unwrap(),
        exported_by: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        settings: None,
    };
    let file = export(&bench_data::tickets(count, "ticket"), &[], &[], None, &meta).into_bytes();
    let store = Store::open_named(&format!("fielddesk-bench-{}-{}", count, now()))
        .await
        .unwrap();

    // Import, as the panel does it: parse and check, preview against the store, one write, refold.
    let start = now();
    let parsed = parse_export(&file).unwrap();
    let parsed_at = now();
    let local = store.events().await.unwrap();
    let ids = store.attachment_ids().await.unwrap();
    let planned = preview(&local, &[], &ids, &parsed);
    let planned_at = now();
    store
        .write(
            &Change {
                events: planned.plan.events.clone(),
                articles: planned.plan.articles.clone(),
                files: planned.plan.attachments.clone(),
            },
            |_, _| {},
        )
        .await
        .unwrap();
    let written_at = now();
    let folded = fold_log(&store.events().await.unwrap());
    let import_end = now();
    assert_eq!(folded.len(), count);
    let (heap, wasm) = memory_mb();
    console_log!(
        "import {count} tickets ({:.1} MB): {:.2} s = parse {:.2} + preview {:.2} + write {:.2} + read & fold {:.2}; JS heap {heap:.0} MB, wasm memory {wasm:.0} MB",
        file.len() as f64 / 1_048_576.0,
        (import_end - start) / 1000.0,
        (parsed_at - start) / 1000.0,
        (planned_at - parsed_at) / 1000.0,
        (written_at - planned_at) / 1000.0,
        (import_end - written_at) / 1000.0,
    );

    // Export, as the panel does it: read the store, write the file text.
    let start = now();
    let events = store.events().await.unwrap();
    let blobs = store.attachments().await.unwrap();
    let read_at = now();
    let text = export(&events, &[], &blobs, None, &meta);
    let end = now();
    assert_eq!(text.len(), file.len());
    console_log!(
        "export {count} tickets: {:.2} s = read {:.2} + write {:.2}",
        (end - start) / 1000.0,
        (read_at - start) / 1000.0,
        (end - read_at) / 1000.0,
    );
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_10_000_tickets() {
    bench(10_000).await;
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_100_000_tickets() {
    bench(100_000).await;
}
