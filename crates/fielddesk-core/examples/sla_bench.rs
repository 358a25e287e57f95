//! The SLA benchmark: evaluates every clock of 100 000 generated tickets (`bench_data`: 24 months
//! of a help desk, a fifth of it open) and prints figures. Run with
//! `cargo run --release -p fielddesk-core --example sla_bench`. The goal is ≤ 100 ms in wasm
//! (1.5–3× slower than native), so native should stay well under 50 ms.

use std::time::Instant;

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::generate;
use fielddesk_core::sla::{alerts, evaluate_all};

const ROUNDS: usize = 5;

fn main() {
    // The ticket count may be given, e.g. a smaller one under a profiler.
    let tickets: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let now: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().expect("a fixed instant");
    let data = generate(tickets, now);
    println!("data:         {}", data.figures());
    let sla = data.sla();
    drop(data);

    // Every ticket, as the queue evaluates them to sort by SLA due.
    let mut best = f64::MAX;
    let mut tally = None;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        tally = Some(evaluate_all(sla.pairs(), now));
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    // The open ones, as the alerts page reads them.
    let open = sla.open().count();
    let started = Instant::now();
    let found = alerts(sla.open(), now);
    let alerts_ms = started.elapsed().as_secs_f64() * 1000.0;

    println!("evaluate_all: {tickets} tickets × 7 clocks, best of {ROUNDS}: {best:.1} ms total, {:.3} µs per ticket", best * 1000.0 / tickets as f64);
    println!(
        "alerts:       {alerts_ms:.1} ms for the {open} open tickets ({} clock alerts, {} escalation suggestions)",
        found.clocks.len(),
        found.escalations.len()
    );
    println!("states:       {:?}", tally.expect("at least one round"));
}
