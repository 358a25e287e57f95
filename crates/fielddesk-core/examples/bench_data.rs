//! The benchmarks' data (`fielddesk_core::bench_data`): how long it takes to generate and what
//! it is like, for 10 000 and 100 000 tickets:
//! `cargo run --release -p fielddesk-core --example bench_data`.
//!
//! With `write <tickets> <file> [now] [parts]` it writes the export file of that many tickets
//! instead, generated for `now` (RFC 3339; default 2026-10-14T07:30:00Z), for the browser's
//! queue benchmark (`scripts/bench.sh`); with `parts`, as that many files by ticket
//! (`<file>.1`, `<file>.2`, …), each under the import's size limit.

use std::time::Instant;

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::generate;
use fielddesk_core::{export, TicketId};

const NOW: &str = "2026-10-14T07:30:00Z";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("write") {
        let (Some(count), Some(file)) = (args.get(1).and_then(|n| n.parse().ok()), args.get(2))
        else {
            eprintln!("usage: bench_data write <tickets> <file> [now]");
            std::process::exit(2);
        };
        let now: DateTime<Utc> = args
            .get(3)
            .map_or(NOW, String::as_str)
            .parse()
            .expect("now is an RFC 3339 instant");
        let parts: usize = args
            .get(4)
            .map_or(1, |n| n.parse().expect("parts is a number"));
        let data = generate(count, now);
        if parts <= 1 {
            let text = data.export();
            std::fs::write(file, &text).expect("the file can be written");
            eprintln!(
                "{}; {:.1} MB written to {file}",
                data.figures(),
                text.len() as f64 / 1e6
            );
            return;
        }
        let ids: Vec<TicketId> = data
            .events
            .chunk_by(|a, b| a.ticket == b.ticket)
            .map(|events| events[0].ticket.clone())
            .collect();
        for (n, part) in ids.chunks(ids.len().div_ceil(parts)).enumerate() {
            let text = export(
                &data.events,
                &data.articles,
                &[],
                &[],
                Some(part),
                &data.export_meta(),
            );
            let name = format!("{file}.{}", n + 1);
            std::fs::write(&name, &text).expect("the file can be written");
            eprintln!(
                "{} tickets, {:.1} MB written to {name}",
                part.len(),
                text.len() as f64 / 1e6
            );
        }
        eprintln!("{}", data.figures());
        return;
    }
    let now: DateTime<Utc> = NOW.parse().expect("a fixed instant");
    for count in [10_000, 100_000] {
        let started = Instant::now();
        let data = generate(count, now);
        let generate_s = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let text = data.export();
        let export_s = started.elapsed().as_secs_f64();
        println!(
            "generate {count:>7} tickets: {generate_s:.2} s (export {export_s:.2} s, {:.1} MB, {:.2} KB per ticket with the articles)",
            text.len() as f64 / 1e6,
            text.len() as f64 / count as f64 / 1000.0,
        );
        println!("  {}", data.figures());
        println!("  steps: {:?}", data.figures().by_step);
    }
}
