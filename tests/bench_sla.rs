//! The SLA benchmark in the browser: every clock of 100 000 generated tickets (`bench_data`: 24
//! months of a help desk, a fifth of it open), in wasm, in headless Chromium. Not a test (it
//! asserts nothing about speed): `scripts/bench.sh` runs it and prints the figures next to the
//! native ones (`examples/sla_bench.rs`, the same data).
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::generate;
use fielddesk_core::sla::{alerts, evaluate_all};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROUNDS: usize = 5;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a browser page has performance.now()")
        .now()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by scripts/bench.sh"]
fn sla_clocks_of_100_000_tickets() {
    let tickets = 100_000;
    let now: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().expect("a fixed instant");
    let started = now_ms();
    let data = generate(tickets, now);
    let generate_ms = now_ms() - started;
    let figures = data.figures();
    let sla = data.sla();
    drop(data);
    let mut best = f64::MAX;
    for _ in 0..ROUNDS {
        let started = now_ms();
        let tally = evaluate_all(sla.pairs(), now);
        best = best.min(now_ms() - started);
        assert!(format!("{tally:?}").len() > 1);
    }
    let open = sla.open().count();
    let started = now_ms();
    let found = alerts(sla.open(), now);
    let alerts_ms = now_ms() - started;
    let line = format!(
        "wasm (headless Chromium): evaluate_all {tickets} tickets × 7 clocks, best of {ROUNDS}: {best:.1} ms, {:.3} µs per ticket; alerts: {alerts_ms:.1} ms ({} clock alerts, {open} open tickets); data: {figures}, generated in {generate_ms:.0} ms",
        best * 1000.0 / tickets as f64,
        found.clocks.len()
    );
    web_sys::console::log_1(&line.into());
}
