//! The search benchmark in the browser: what 100 000 generated tickets (`bench_data`: 24 months of
//! a help desk) give search — the resolved tickets and the articles — indexed in wasm in headless
//! Chromium, queries timed as they are typed, one search per keystroke (issue 7: ≤ 50 ms). Not a
//! test (it asserts nothing about speed): `scripts/bench.sh` runs it and prints the figures. The
//! data and queries are `bench_data`'s, as in the native `examples/search_bench.rs`.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::{generate, INTAKE, QUERIES};
use fielddesk_core::SearchIndex;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a browser page has performance.now()")
        .now()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by scripts/bench.sh"]
fn search_100_000_tickets_per_keystroke() {
    let count = 100_000;
    let now: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().expect("a fixed instant");
    let data = generate(count, now);
    let figures = data.figures();
    let docs = data.search_docs();
    drop(data);
    let documents = docs.len();
    let started = now_ms();
    let index = SearchIndex::build(docs);
    let build_ms = now_ms() - started;
    let mut worst = 0f64;
    let mut keystrokes = 0;
    for query in QUERIES {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let started = now_ms();
            let hits = index.search(&typed, 10);
            worst = worst.max(now_ms() - started);
            keystrokes += 1;
            assert!(hits.len() <= 10);
        }
    }
    let started = now_ms();
    let suggested = index.suggest(INTAKE, 5);
    let suggest_ms = now_ms() - started;
    let line = format!(
        "wasm (headless Chromium): search index of {count} tickets ({documents} documents) built in {build_ms:.0} ms; worst of {keystrokes} keystrokes {worst:.1} ms (goal ≤ 50 ms); intake suggestion {suggest_ms:.1} ms ({} tickets); data: {figures}",
        suggested.tickets.len()
    );
    web_sys::console::log_1(&line.into());
}
