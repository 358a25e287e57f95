//! The search benchmark: indexes what 100 000 generated tickets (`bench_data`: 24 months of a
//! help desk) give search — the resolved tickets and the knowledge-base articles — and times
//! queries as they are typed. Run with
//! `cargo run --release -p fielddesk-core --example search_bench [tickets]`.
//! The goal is ≤ 50 ms per keystroke in wasm (about 2× slower than native), so native should stay
//! under 25 ms for every query.

use std::time::Instant;

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::{generate, INTAKE, QUERIES};
use fielddesk_core::SearchIndex;

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let now: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().expect("a fixed instant");
    let data = generate(count, now);
    println!("data:   {}", data.figures());
    let docs = data.search_docs();
    drop(data);
    let documents = docs.len();

    let started = Instant::now();
    let index = SearchIndex::build(docs);
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    let stats = index.stats();
    println!(
        "build:  {count} tickets in {build_ms:.0} ms ({documents} documents: the resolved tickets and the articles); {} terms, {} postings, ~{:.1} MB",
        stats.terms,
        stats.postings,
        stats.approx_bytes as f64 / 1e6
    );

    let mut worst_overall = 0f64;
    for query in QUERIES {
        let mut worst = 0f64;
        let mut total = 0f64;
        let mut keystrokes = 0;
        let mut found = 0;
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let started = Instant::now();
            let hits = index.search(&typed, 10);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            worst = worst.max(ms);
            total += ms;
            keystrokes += 1;
            found = hits.len();
        }
        worst_overall = worst_overall.max(worst);
        println!(
            "query:  {query:<24} {keystrokes:>2} keystrokes, mean {:>6.2} ms, worst {worst:>6.2} ms, {found} hits",
            total / keystrokes as f64
        );
    }
    let started = Instant::now();
    let suggestions = index.suggest(INTAKE, 5);
    println!(
        "suggest: intake text in {:.2} ms ({} tickets)",
        started.elapsed().as_secs_f64() * 1000.0,
        suggestions.tickets.len()
    );
    println!("worst keystroke: {worst_overall:.2} ms native (goal: ≤ 25 ms native, 50 ms in wasm)");
}
