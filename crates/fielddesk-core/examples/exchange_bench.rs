//! Times export, parse and import planning for 10 000, 50 000 and 100 000 generated tickets
//! (`bench_data`: 24 months of a help desk, about 14 events and 4 KB of JSON a ticket) and their
//! knowledge-base articles, natively:
//! `cargo run --release -p fielddesk-core --example exchange_bench`.
//!
//! Two devices are simulated: "here" holds the first half of "there"'s tickets plus 50 tickets of
//! its own spread over the same two years, whose numbers collide with "there"'s, and the articles
//! those link, whose ids (`KB-0001` upwards) collide with "there"'s, so the plan also renumbers
//! tickets and articles. A file over the import limit (`MAX_FILE_BYTES`, 200 MiB) is refused by
//! `parse_export`; its plan is then timed on the events as generated.

use std::time::Instant;

use chrono::{DateTime, Utc};
use fielddesk_core::bench_data::{generate_with, Options};
use fielddesk_core::exchange::MAX_FILE_BYTES;
use fielddesk_core::{parse_export, plan_import, ArticleEventKind, EventKind, Export, ImportError};

// "there" and "here" in ASCII.
const THERE: u64 = 0x0074_6865_7265;
const HERE: u64 = 0x6865_7265;

fn main() {
    let now: DateTime<Utc> = "2026-10-14T07:30:00Z".parse().expect("a fixed instant");
    let seed = |seed| Options {
        seed,
        ..Options::default()
    };
    println!("tickets  events   size MB  export s  parse s  plan(empty) s  plan(half known + 50 collisions) s");
    for count in [10_000, 50_000, 100_000] {
        let there = generate_with(count, now, &seed(THERE));
        let figures = there.figures();

        let clock = Instant::now();
        let text = there.export();
        let export_s = clock.elapsed().as_secs_f64();

        let clock = Instant::now();
        let parsed = parse_export(text.as_bytes());
        let parse_s = clock.elapsed().as_secs_f64();
        let (file, parse) = match parsed {
            Ok(file) => (file, format!("{parse_s:>7.2}")),
            Err(ImportError::TooLarge { .. }) => (
                Export {
                    version: 2,
                    meta: there.export_meta(),
                    events: there.events.clone(),
                    articles: there.articles.clone(),
                    attachments: Vec::new(),
                    settings: Vec::new(),
                },
                format!("refused: over {} MiB", MAX_FILE_BYTES >> 20),
            ),
            Err(error) => panic!("the export reads back: {error}"),
        };

        let clock = Instant::now();
        let plan = plan_import(&[], &[], &[], &[], &file);
        let plan_empty_s = clock.elapsed().as_secs_f64();
        assert_eq!(plan.events.len(), there.events.len());
        assert_eq!(plan.articles.len(), there.articles.len());

        // Here knows the first half of there's tickets and made 50 of its own, with the
        // articles they link.
        let half = there
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, EventKind::TicketCreated { .. }))
            .nth(count / 2)
            .map(|(at, _)| at)
            .expect("more than half");
        let own = generate_with(50, now, &seed(HERE));
        let mut here = there.events[..half].to_vec();
        here.extend(own.events);
        let clock = Instant::now();
        let plan = plan_import(&here, &own.articles, &[], &[], &file);
        let plan_half_s = clock.elapsed().as_secs_f64();
        let renumbered = plan
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Renumbered { .. }))
            .count();
        assert!(renumbered > 0);
        let article_moves = plan
            .articles
            .iter()
            .filter(|e| matches!(e.kind, ArticleEventKind::ArticleRenumbered { .. }))
            .count();
        assert!(article_moves > 0);

        println!(
            "{count:>7}  {:>7}  {:>8.1}  {export_s:>8.2}  {parse}  {plan_empty_s:>13.2}  {plan_half_s:>8.2} ({renumbered} renumbering steps, {article_moves} article moves)",
            there.events.len(),
            text.len() as f64 / 1e6,
        );
        println!(
            "         data: {:.1} events and {:.1} KB per ticket ({} articles)",
            figures.events_per_ticket(),
            text.len() as f64 / count as f64 / 1000.0,
            figures.articles,
        );
    }
}
