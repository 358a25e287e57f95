//! Import and export times for 10 000 and 100 000 generated tickets (`bench_data`: 24 months of a
//! help desk, about 14 events and 4 KB of JSON a ticket, with its knowledge-base articles) in
//! headless Chromium, through the real IndexedDB: `scripts/bench-transfer.sh`. Ignored in the
//! normal test run. A file over the import limit (`MAX_FILE_BYTES`, 200 MiB: 100 000 such tickets
//! make twice that) is imported as a person would have to, in parts exported by selection.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use fielddesk::storage::{Change, Store};
use fielddesk_core::bench_data::generate;
use fielddesk_core::exchange::MAX_FILE_BYTES;
use fielddesk_core::sla::{PolicyBook, SlaPolicy};
use fielddesk_core::view::queue;
use fielddesk_core::{
    export, fold_log, parse_export, preview, ticket_doc, SearchIndex, SlaPolicies, TicketId,
};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;
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
    let generated_for: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().unwrap();
    let data = generate(count, generated_for);
    let figures = data.figures();
    let meta = data.export_meta();
    let whole = data.export().into_bytes();
    let size = whole.len();
    let files: Vec<Vec<u8>> = if size <= MAX_FILE_BYTES {
        vec![whole]
    } else {
        drop(whole);
        // Parts of at most 90 % of the limit, by ticket.
        let parts = size.div_ceil(MAX_FILE_BYTES / 10 * 9);
        let ids: Vec<TicketId> = data
            .events
            .chunk_by(|a, b| a.ticket == b.ticket)
            .map(|events| events[0].ticket.clone())
            .collect();
        ids.chunks(ids.len().div_ceil(parts))
            .map(|part| {
                export(&data.events, &data.articles, &[], &[], Some(part), &meta).into_bytes()
            })
            .collect()
    };
    drop(data);
    let store_name = format!("fielddesk-bench-{}-{}", count, now());
    let store = Store::open_named(&store_name).await.unwrap();

    // Import, as the panel does it, file by file: parse and check, preview against the store,
    // one write; then refold.
    let (mut parse, mut plan, mut write) = (0.0, 0.0, 0.0);
    let start = now();
    for file in &files {
        let started = now();
        let parsed = parse_export(file).unwrap();
        let parsed_at = now();
        let local = store.events().await.unwrap();
        let local_articles = store.article_events().await.unwrap();
        let ids = store.attachment_ids().await.unwrap();
        let planned = preview(&local, &local_articles, &ids, &[], &parsed);
        let planned_at = now();
        store
            .write(
                &Change {
                    events: planned.plan.events,
                    articles: planned.plan.articles,
                    files: planned.plan.attachments,
                    ..Change::default()
                },
                |_, _| {},
            )
            .await
            .unwrap();
        parse += parsed_at - started;
        plan += planned_at - parsed_at;
        write += now() - planned_at;
    }
    let written_at = now();
    let folded = fold_log(&store.events().await.unwrap());
    let import_end = now();
    assert_eq!(folded.len(), count);
    let (heap, wasm) = memory_mb();
    console_log!(
        "import {count} tickets ({:.1} MB in {} file(s)): {:.2} s = parse {:.2} + preview {:.2} + write {:.2} + read & fold {:.2}; JS heap {heap:.0} MB, wasm memory {wasm:.0} MB; data: {figures}",
        size as f64 / 1_048_576.0,
        files.len(),
        (import_end - start) / 1000.0,
        parse / 1000.0,
        plan / 1000.0,
        write / 1000.0,
        (import_end - written_at) / 1000.0,
    );
    drop(files);

    // Start-up, as `Desk::open` and the pages it feeds do it, piece by piece, beside the floor:
    // the same records read by one raw `getAll` and their texts parsed by `JSON.parse`.
    let start = now();
    let events = store.events().await.unwrap();
    let read_at = now();
    let tickets = fold_log(&events);
    drop(events);
    let folded_at = now();
    let texts: Vec<String> = tickets.iter().map(queue::search_text).collect();
    let texts_at = now();
    let (book, policy) = (PolicyBook::default(), SlaPolicy::default());
    let policies = SlaPolicies {
        book: &book,
        default: &policy,
    };
    let alerts = fielddesk_core::view::alerts::alerts(&tickets, &policies, generated_for);
    let alerts_at = now();
    let mut index = SearchIndex::new();
    for doc in tickets.iter().filter_map(ticket_doc) {
        index.insert(doc);
    }
    let indexed_at = now();
    let floor = raw_read_floor(&store_name).await;
    let (heap, wasm) = memory_mb();
    console_log!(
        "start-up with {count} tickets: {:.2} s = read & parse {:.2} + fold {:.2} + queue texts {:.2} + alerts {:.2} ({} clocks) + search index {:.2}; floor: raw getAll + JSON.parse of the same records {:.2} s (start-up / floor {:.1}); JS heap {heap:.0} MB, wasm memory {wasm:.0} MB",
        (indexed_at - start) / 1000.0,
        (read_at - start) / 1000.0,
        (folded_at - read_at) / 1000.0,
        (texts_at - folded_at) / 1000.0,
        (alerts_at - texts_at) / 1000.0,
        alerts.clocks.len(),
        (indexed_at - alerts_at) / 1000.0,
        floor / 1000.0,
        (indexed_at - start) / floor,
    );
    drop((tickets, texts, index));

    // Export, as the panel does it: read the store, write the file text.
    let start = now();
    let events = store.events().await.unwrap();
    let articles = store.article_events().await.unwrap();
    let blobs = store.attachments().await.unwrap();
    let read_at = now();
    let text = export(&events, &articles, &blobs, &[], None, &meta);
    let end = now();
    assert_eq!(text.len(), size);
    console_log!(
        "export {count} tickets: {:.2} s = read {:.2} + write {:.2}",
        (end - start) / 1000.0,
        (read_at - start) / 1000.0,
        (end - read_at) / 1000.0,
    );

    // As the panel saves it now: piece by piece into a Blob, then the browser's gzip. The floor
    // is the browser's own JSON.parse of the same text, in the same page.
    let parse_start = now();
    let parsed = js_sys::JSON::parse(&text).unwrap();
    let floor = now() - parse_start;
    drop((parsed, text));
    let start = now();
    let mut parts = fielddesk::files::BlobParts::default();
    fielddesk_core::export_to(&events, &articles, &blobs, &[], None, &meta, &mut parts).unwrap();
    let blob = parts.into_blob("application/json").unwrap();
    let blob_at = now();
    let packed = fielddesk::files::gzip(&blob).await.unwrap();
    let end = now();
    console_log!(
        "export {count} tickets as a Blob: {:.2} s, gzip {:.2} s: {:.1} MB -> {:.1} MB ({:.0} %); floor: JSON.parse of the same file {:.2} s (write / floor {:.1})",
        (blob_at - start) / 1000.0,
        (end - blob_at) / 1000.0,
        blob.size() / 1_048_576.0,
        packed.size() / 1_048_576.0,
        100.0 * packed.size() / blob.size(),
        floor / 1000.0,
        (blob_at - start) / floor,
    );
}

/// The browser's own floor for reading the tickets: one raw `getAll` of the `batches` store and
/// `JSON.parse` of each record's text, in milliseconds.
async fn raw_read_floor(name: &str) -> f64 {
    let start = now();
    let db = Database::open(name).await.unwrap();
    let tx = db.transaction("batches").build().unwrap();
    let records: Vec<JsValue> = tx
        .object_store("batches")
        .unwrap()
        .get_all::<JsValue>()
        .primitive()
        .unwrap()
        .await
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut parsed = 0;
    for record in &records {
        let text = js_sys::Reflect::get(record, &"events".into()).unwrap();
        let events = js_sys::JSON::parse(&text.as_string().unwrap()).unwrap();
        parsed += js_sys::Array::from(&events).length();
    }
    assert!(parsed > 0);
    now() - start
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
