use std::collections::{BTreeMap, HashSet};

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::article::{fold_articles, ArticleEventKind};
use crate::example::zhang_san_form;
use crate::log::fold_log;
use crate::merge::articles::tests::{consulted, linked, merged_store, revised, written, Store};
use crate::model::default_channels;
use crate::ticket::Ticket;

fn clerk() -> Person {
    Person {
        name: "李四".into(),
        employee_id: "TS100".into(),
    }
}

/// The creation of ticket `ticket`, numbered `number`, as `open_ticket` makes it.
pub(crate) fn opened(ticket: &str, number: &str) -> Event {
    let intake = zhang_san_form()
        .check(&default_channels())
        .expect("the template's form is complete");
    Event {
        id: EventId(format!("{ticket}-created")),
        ticket: TicketId(ticket.into()),
        seq: 1,
        actor: clerk(),
        at: Utc
            .with_ymd_and_hms(2023, 10, 27, 2, 0, 0)
            .single()
            .expect("valid time"),
        kind: EventKind::TicketCreated {
            number: number.parse().expect("valid test number"),
            intake,
            sla_policy: None,
        },
    }
}

/// A progress note (R3.5) on `ticket`, with event id `id`.
pub(crate) fn noted(ticket: &str, id: &str, seq: u64, note: &str) -> Event {
    Event {
        id: EventId(id.into()),
        ticket: TicketId(ticket.into()),
        seq,
        actor: clerk(),
        at: Utc
            .with_ymd_and_hms(2023, 10, 27, 3, 0, seq as u32 % 60)
            .single()
            .expect("valid time"),
        kind: EventKind::ProgressUpdated { note: note.into() },
    }
}

/// What `local` holds once the merge of `incoming` is applied, as a set (sorted by id).
pub(crate) fn merged(local: &[Event], incoming: &[Event]) -> Vec<Event> {
    let merge = merge(local, incoming);
    assert!(merge.conflicts.is_empty(), "{:?}", merge.conflicts);
    sorted(local.iter().chain(merge.events()).cloned().collect())
}

fn sorted(events: Vec<Event>) -> Vec<Event> {
    let by_id: BTreeMap<EventId, Event> = events.into_iter().map(|e| (e.id.clone(), e)).collect();
    by_id.into_values().collect()
}

/// Every ticket's number, by ticket id, as the fold shows it.
fn numbers(events: &[Event]) -> BTreeMap<String, String> {
    fold_log(events)
        .into_iter()
        .map(|t| (t.id.0, t.number.to_string()))
        .collect()
}

#[test]
fn an_event_on_both_sides_is_kept_once() {
    let a = [opened("a", "TS20231027001"), noted("a", "n1", 2, "查日志")];
    let merge = merge(&a, &a[1..]);
    assert_eq!(merge, Merge::default_for(&a));
    assert_eq!(merged(&a, &a), sorted(a.to_vec()));
}

impl Merge {
    fn default_for(events: &[Event]) -> Merge {
        Merge {
            numbers: fold_log(events)
                .into_iter()
                .map(|t| (t.id, t.number))
                .collect(),
            ..Merge::default()
        }
    }
}

#[test]
fn concurrent_edits_to_one_ticket_both_stay_in_its_timeline() {
    let base = opened("a", "TS20231027001");
    let here = [base.clone(), noted("a", "n-here", 2, "已排查数据库连接")];
    let there = [base, noted("a", "n-there", 2, "确认网络链路正常")];
    let all = merged(&here, &there);
    let ticket = Ticket::fold(&all).expect("created");
    let ids: Vec<&str> = ticket
        .timeline
        .iter()
        .map(|e| e.event.id.0.as_str())
        .collect();
    assert_eq!(ids, ["a-created", "n-here", "n-there"]);
    assert_eq!(all, merged(&there, &here));
}

#[test]
fn two_tickets_with_one_number_both_survive_and_the_later_id_moves_on() {
    let here = [opened("a", "TS20231027001")];
    let there = [opened("b", "TS20231027001")];
    let merge = merge(&here, &there);
    assert_eq!(
        merge.renumberings,
        [Renumbering {
            ticket: TicketId("b".into()),
            from: "TS20231027001".parse().unwrap(),
            to: "TS20231027002".parse().unwrap(),
        }]
    );
    let step = &merge.renumber_events[0];
    assert_eq!(step.id.0, "b/renumbered/TS20231027001-TS20231027002");
    assert_eq!((step.seq, &step.actor), (2, &merge_actor()));
    let all = merged(&here, &there);
    assert_eq!(
        numbers(&all),
        BTreeMap::from([
            ("a".into(), "TS20231027001".into()),
            ("b".into(), "TS20231027002".into())
        ])
    );
    let b = Ticket::fold(all.iter().filter(|e| e.ticket.0 == "b")).unwrap();
    assert!(b
        .timeline
        .iter()
        .any(|e| e.applied && matches!(e.event.kind, EventKind::Renumbered { .. })));
}

#[test]
fn both_devices_make_the_same_renumbering_whichever_imports_first() {
    let here = [opened("a", "TS20231027001")];
    let there = [opened("b", "TS20231027001")];
    let here_after = merged(&here, &there);
    let there_after = merged(&there, &here);
    assert_eq!(here_after, there_after);
    // Exchanging files again adds nothing on either side.
    assert!(merge(&here_after, &there_after).events().next().is_none());
}

#[test]
fn a_moved_ticket_passes_over_numbers_taken_by_others() {
    let here = [opened("a", "TS20231027001"), opened("c", "TS20231027002")];
    let there = [opened("b", "TS20231027001")];
    let merge = merge(&here, &there);
    let steps: Vec<String> = merge
        .renumber_events
        .iter()
        .map(|e| e.id.0.clone())
        .collect();
    assert_eq!(
        steps,
        [
            "b/renumbered/TS20231027001-TS20231027002",
            "b/renumbered/TS20231027002-TS20231027003"
        ]
    );
    assert_eq!(merge.renumberings[0].to.to_string(), "TS20231027003");
}

#[test]
fn a_local_ticket_moves_when_an_earlier_ticket_with_its_number_arrives() {
    let here = [opened("b", "TS20231027001")];
    let there = [opened("a", "TS20231027001")];
    let merge = merge(&here, &there);
    assert_eq!(merge.renumberings[0].ticket.0, "b");
    assert_eq!(
        merge.numbers[&TicketId("b".into())].to_string(),
        "TS20231027002"
    );
}

#[test]
fn an_event_changed_elsewhere_is_a_conflict_and_its_ticket_is_not_imported() {
    let here = [opened("a", "TS20231027001"), noted("a", "n1", 2, "查日志")];
    let there = [
        here[0].clone(),
        noted("a", "n1", 2, "查日志 (edited)"),
        noted("a", "n2", 3, "new"),
        opened("c", "TS20231027002"),
    ];
    let merge = merge(&here, &there);
    assert_eq!(
        merge.conflicts,
        [ImportConflict::ChangedEvent {
            ticket: TicketId("a".into()),
            event: EventId("n1".into())
        }]
    );
    let added: Vec<&str> = merge.events().map(|e| e.id.0.as_str()).collect();
    assert_eq!(added, ["c-created"]);
}

#[test]
fn a_second_creation_of_a_known_ticket_is_a_conflict() {
    let here = [opened("a", "TS20231027001")];
    let mut other = opened("a", "TS20231027005");
    other.id = EventId("a-created-elsewhere".into());
    let merge = merge(&here, &[other]);
    assert!(matches!(
        merge.conflicts[..],
        [ImportConflict::OtherCreation { .. }]
    ));
    assert!(merge.events().next().is_none());
}

#[test]
fn number_of_agrees_with_the_fold() {
    let here = [opened("a", "TS20231027001"), opened("c", "TS20231027002")];
    let there = [opened("b", "TS20231027001")];
    let all = merged(&here, &there);
    let b: Vec<&Event> = all.iter().filter(|e| e.ticket.0 == "b").collect();
    assert_eq!(
        number_of(b.iter().copied()),
        Ticket::fold(b).map(|t| t.number)
    );
}

/// Three devices' logs drawn from one world of tickets: each ticket is created once (so its
/// creation event is the same wherever it is), numbered from a few serials of two days so that
/// numbers collide often, and each device holds some tickets with some of their notes.
pub(crate) fn devices() -> impl Strategy<Value = Vec<Vec<Event>>> {
    let ticket = (
        0u32..2,
        1u32..5,
        proptest::collection::vec(any::<bool>(), 3),
    );
    (
        proptest::collection::vec(ticket, 1..9),
        proptest::collection::vec(proptest::collection::vec(any::<bool>(), 8), 3),
    )
        .prop_map(|(tickets, holdings)| {
            holdings
                .iter()
                .enumerate()
                .map(|(device, holds)| {
                    let mut events = Vec::new();
                    for (index, (day, serial, notes)) in tickets.iter().enumerate() {
                        if !holds[index % holds.len()] {
                            continue;
                        }
                        let ticket = format!("t{index}");
                        let number = format!("TS2023102{}{serial:03}", 7 + day);
                        events.push(opened(&ticket, &number));
                        for (n, kept) in notes.iter().enumerate() {
                            if *kept && (n + device) % 2 == 0 {
                                let id = format!("{ticket}-n{n}");
                                events.push(noted(&ticket, &id, 2 + n as u64 % 2, &id));
                            }
                        }
                    }
                    events
                })
                .collect()
        })
}

/// The devices of [`devices`] with knowledge-base articles as well: a few articles, each written
/// on one device and perhaps shared with others before, with ids from `KB-0001` to `KB-0003` so
/// that two devices often gave one id to different articles (a device never holds two articles
/// with one id), some edits each, and tickets that link (and consulted) an article their device
/// holds. A link's title is its article's creation id, so a test can tell which article it meant.
pub(crate) fn stores() -> impl Strategy<Value = Vec<Store>> {
    let article = (
        1u32..4,
        any::<u8>(),
        0usize..3,
        proptest::collection::vec(any::<bool>(), 3),
        proptest::collection::vec(proptest::collection::vec(any::<bool>(), 3), 0..3),
    );
    (
        devices(),
        proptest::collection::vec(article, 0..6),
        proptest::collection::vec(proptest::option::weighted(0.8, 0usize..3), 8),
    )
        .prop_map(|(devices, articles, links)| {
            devices
                .into_iter()
                .enumerate()
                .map(|(device, mut events)| {
                    let mut held: BTreeMap<usize, String> = BTreeMap::new();
                    let mut article_events = Vec::new();
                    for (index, (serial, rank, origin, shared, edits)) in
                        articles.iter().enumerate()
                    {
                        let label = format!("KB-{serial:04}");
                        if (*origin != device && !shared[device])
                            || held.values().any(|l| *l == label)
                        {
                            continue;
                        }
                        let created = format!("{rank:03}-{index}");
                        article_events.push(written(&label, &created, &created));
                        for (n, holders) in edits.iter().enumerate() {
                            if holders[device] {
                                let id = format!("{created}-e{n}");
                                article_events.push(revised(&label, &id, 2 + n as u64 / 2, &id));
                            }
                        }
                        held.insert(index, label);
                    }
                    let tickets: Vec<String> = events
                        .iter()
                        .filter(|e| matches!(e.kind, EventKind::TicketCreated { .. }))
                        .map(|e| e.ticket.0.clone())
                        .collect();
                    for ticket in tickets {
                        let index: usize = ticket[1..].parse().expect("tickets are t<index>");
                        let Some(article) = links[index % links.len()] else {
                            continue;
                        };
                        let Some(label) = held.get(&article) else {
                            continue;
                        };
                        let (rank, created) = (articles[article].1, article);
                        let mut link = linked(&ticket, &format!("{ticket}-link"), 4, label);
                        if let EventKind::ArticleLinked { article } = &mut link.kind {
                            article.title = format!("{rank:03}-{created}");
                        }
                        events.push(link);
                        events.push(consulted(&ticket, &format!("{ticket}-tried"), 5, &[label]));
                    }
                    Store::new(events, article_events)
                })
                .collect()
        })
}

/// Every article has an id of its own, and every ticket's link shows the id its article has.
fn assert_articles_consistent(store: &Store) -> Result<(), TestCaseError> {
    let ids = store.ids();
    let created: HashSet<&EventId> = store
        .articles
        .values()
        .filter(|e| matches!(e.kind, ArticleEventKind::ArticleCreated { .. }))
        .map(|e| &e.id)
        .collect();
    prop_assert_eq!(ids.len(), created.len(), "{:?}", ids);
    for ticket in fold_log(&store.events) {
        for link in &ticket.knowledge {
            prop_assert_eq!(ids.get(&link.title), Some(&link.id), "{:?}", ticket.id);
        }
    }
    Ok(())
}

fn assert_unique_numbers(events: &[Event]) -> Result<(), TestCaseError> {
    let numbers = numbers(events);
    let distinct: HashSet<&String> = numbers.values().collect();
    prop_assert_eq!(distinct.len(), numbers.len(), "{:?}", numbers);
    Ok(())
}

proptest! {
    #[test]
    fn merging_is_commutative(stores in stores()) {
        let (a, b) = (&stores[0], &stores[1]);
        let ab = merged_store(a, b);
        let ba = merged_store(b, a);
        prop_assert_eq!(&ab, &ba);
        prop_assert_eq!(fold_log_sorted(&ab.events), fold_log_sorted(&ba.events));
        prop_assert_eq!(fold_articles(&ab.article_events()), fold_articles(&ba.article_events()));
        assert_unique_numbers(&ab.events)?;
        assert_articles_consistent(&ab)?;
    }

    #[test]
    fn merging_is_associative(stores in stores()) {
        let (a, b, c) = (&stores[0], &stores[1], &stores[2]);
        let left = merged_store(&merged_store(a, b), c);
        let right = merged_store(a, &merged_store(b, c));
        prop_assert_eq!(&left, &right);
        prop_assert_eq!(fold_log_sorted(&left.events), fold_log_sorted(&right.events));
        prop_assert_eq!(
            fold_articles(&left.article_events()),
            fold_articles(&right.article_events())
        );
        assert_unique_numbers(&left.events)?;
        assert_articles_consistent(&left)?;
    }

    #[test]
    fn merging_is_idempotent(stores in stores()) {
        let (a, b) = (&stores[0], &stores[1]);
        let ab = merged_store(a, b);
        prop_assert_eq!(&merged_store(&ab, &ab), &ab);
        prop_assert_eq!(&merged_store(&ab, b), &ab);
        prop_assert!(merge(&ab.events, &b.events).events().next().is_none());
        prop_assert!(merge(&ab.events, &ab.events).events().next().is_none());
    }

    #[test]
    fn merging_loses_no_article_event(stores in stores()) {
        let (a, b) = (&stores[0], &stores[1]);
        let ab = merged_store(a, b);
        for (id, event) in a.articles.iter().chain(&b.articles) {
            prop_assert!(ab.articles.get(id).is_some_and(|kept| kept.same_fact(event)), "{:?}", id);
        }
    }

    #[test]
    fn the_numbers_merge_promises_are_the_folded_ones(devices in devices()) {
        let (a, b) = (&devices[0], &devices[1]);
        let merge = merge(a, b);
        let all: Vec<Event> = a.iter().chain(merge.events()).cloned().collect();
        for ticket in fold_log(&all) {
            prop_assert_eq!(merge.numbers.get(&ticket.id), Some(&ticket.number));
        }
    }
}

fn fold_log_sorted(events: &[Event]) -> Vec<Ticket> {
    let mut tickets = fold_log(events);
    tickets.sort_by(|a, b| a.id.cmp(&b.id));
    tickets
}

/// `settle` over plain claims: `(key, claimed serial, moves already recorded)`.
fn settled(claims: &[(&str, u32, u32)]) -> Vec<u32> {
    let keys: Vec<String> = claims.iter().map(|(key, ..)| key.to_string()).collect();
    let claimants: Vec<Claimant<String, (), u32>> = claims
        .iter()
        .zip(&keys)
        .map(|(&(_, claimed, moved), key)| Claimant {
            key,
            creation: &(),
            claimed,
            moved,
        })
        .collect();
    settle(&claimants, |claimed, moved| claimed.checked_add(moved))
}

#[test]
fn claims_are_settled_by_moves_so_far_then_key() {
    // b already moved once (to 2), so a and c, still at their first claim, go first: a keeps 1,
    // c moves on past 2 (b's) to 3 although it sorts after b.
    assert_eq!(settled(&[("c", 1, 0), ("b", 1, 1), ("a", 1, 0)]), [2, 1, 0]);
    // A claimant never claims below its recorded moves, even when the number there is free.
    assert_eq!(settled(&[("a", 1, 2)]), [2]);
}

#[test]
fn a_claimant_with_no_further_slot_stays_where_it_is() {
    assert_eq!(settled(&[("a", u32::MAX, 0), ("b", u32::MAX, 0)]), [0, 1]);
    assert_eq!(
        settled(&[
            ("a", u32::MAX - 1, 0),
            ("b", u32::MAX - 1, 0),
            ("c", u32::MAX - 1, 0)
        ]),
        [0, 1, 2]
    );
}

#[test]
fn tickets_of_different_days_keep_the_same_serial() {
    let here = [opened("a", "TS20231027001")];
    let there = [opened("b", "TS20231028001")];
    let merge = merge(&here, &there);
    assert!(merge.renumber_events.is_empty());
    assert_eq!(
        numbers(&merged(&here, &there)),
        BTreeMap::from([
            ("a".to_string(), "TS20231027001".to_string()),
            ("b".to_string(), "TS20231028001".to_string()),
        ])
    );
}
