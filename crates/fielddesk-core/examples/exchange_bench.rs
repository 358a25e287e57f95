//! Times export, parse and import planning for 10 000 and 100 000 generated tickets (four events
//! each) and one knowledge-base article per 100 tickets, natively:
//! `cargo run --release -p fielddesk-core --example exchange_bench`.
//!
//! Two devices are simulated: "here" holds the first half of the tickets plus 50 tickets on one
//! day that collide with "there"'s numbers, and 50 articles of its own whose ids collide with
//! "there"'s, so the plan also renumbers tickets and articles.

use std::time::Instant;

use chrono::{TimeZone, Utc};
use fielddesk_core::exchange::bench_data;
use fielddesk_core::{
    export, parse_export, plan_import, ArticleEventKind, Event, EventKind, ExportMeta, Person,
};

fn main() {
    let meta = ExportMeta {
        exported_at: Utc
            .with_ymd_and_hms(2023, 10, 27, 10, 0, 0)
            .single()
            .expect("valid time"),
        exported_by: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        settings: None,
    };
    println!("tickets  events   size MB  export s  parse s  plan(empty) s  plan(half known + 50 collisions) s");
    for count in [10_000, 100_000] {
        let there = bench_data::tickets(count, "there");
        let there_articles = bench_data::articles(count / 100, "there");

        let clock = Instant::now();
        let text = export(&there, &there_articles, &[], None, &meta);
        let export_s = clock.elapsed().as_secs_f64();

        let clock = Instant::now();
        let file = parse_export(text.as_bytes()).expect("the export reads back");
        let parse_s = clock.elapsed().as_secs_f64();

        let clock = Instant::now();
        let plan = plan_import(&[], &[], &[], &file);
        let plan_empty_s = clock.elapsed().as_secs_f64();
        assert_eq!(plan.events.len(), there.len());
        assert_eq!(plan.articles.len(), there_articles.len());

        // Here knows the first half of there's tickets and made 50 of its own on the first day,
        // and wrote 50 articles of its own.
        let mut here: Vec<Event> = there[..there.len() / 2].to_vec();
        here.extend(bench_data::tickets(50, "here"));
        let here_articles = bench_data::articles(50, "here");
        let clock = Instant::now();
        let plan = plan_import(&here, &here_articles, &[], &file);
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
            "{count:>7}  {:>6}  {:>8.1}  {export_s:>8.2}  {parse_s:>7.2}  {plan_empty_s:>13.2}  {plan_half_s:>8.2} ({renumbered} renumbering steps, {article_moves} article moves)",
            there.len(),
            text.len() as f64 / 1e6,
        );
    }
}
