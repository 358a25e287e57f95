use std::collections::{BTreeMap, HashSet};

use chrono::{TimeZone, Utc};

use super::*;
use crate::article::{fold_articles, ArticleContent};
use crate::knowledge::KnowledgeLink;
use crate::log::fold_log;
use crate::merge::tests::{noted, opened};
use crate::model::Person;
use crate::ticket::Ticket;

fn author() -> Person {
    Person {
        name: "赵六".into(),
        employee_id: "TS300".into(),
    }
}

fn content(title: &str) -> ArticleContent {
    ArticleContent {
        title: title.into(),
        symptoms: "登录时提示验证码错误".into(),
        cause: "缓存异常".into(),
        steps: vec!["清理浏览器缓存".into(), "重启Tomcat服务".into()],
        categories: vec![],
        sources: vec![],
    }
}

/// The creation of article `article` by event `id`, titled `title`.
pub(crate) fn written(article: &str, id: &str, title: &str) -> ArticleEvent {
    ArticleEvent {
        id: EventId(id.into()),
        article: ArticleId(article.into()),
        seq: 1,
        actor: author(),
        at: Utc
            .with_ymd_and_hms(2023, 10, 27, 7, 0, 0)
            .single()
            .expect("valid time"),
        kind: ArticleEventKind::ArticleCreated {
            content: content(title),
        },
    }
}

/// An edit of article `article` by event `id` at `seq`, retitling it `title`.
pub(crate) fn revised(article: &str, id: &str, seq: u64, title: &str) -> ArticleEvent {
    ArticleEvent {
        id: EventId(id.into()),
        article: ArticleId(article.into()),
        seq,
        actor: author(),
        at: Utc
            .with_ymd_and_hms(2023, 10, 28, 7, 0, seq as u32 % 60)
            .single()
            .expect("valid time"),
        kind: ArticleEventKind::ArticleEdited {
            content: content(title),
            note: format!("改为{title}"),
        },
    }
}

/// `ticket` links article `article` (event `id`, at `seq`).
pub(crate) fn linked(ticket: &str, id: &str, seq: u64, article: &str) -> Event {
    Event {
        kind: EventKind::ArticleLinked {
            article: KnowledgeLink {
                id: article.into(),
                title: format!("{article} 的标题"),
            },
        },
        ..noted(ticket, id, seq, "")
    }
}

/// `ticket` records an attempt after consulting `articles` (event `id`, at `seq`).
pub(crate) fn consulted(ticket: &str, id: &str, seq: u64, articles: &[&str]) -> Event {
    Event {
        kind: EventKind::AttemptRecorded {
            action: "按知识库操作".into(),
            consulted: articles
                .iter()
                .map(|a| Reference::Article { id: (*a).into() })
                .collect(),
        },
        ..noted(ticket, id, seq, "")
    }
}

/// A device's store: ticket events, and article events by id (a write replaces, as `put` does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Store {
    pub events: Vec<Event>,
    pub articles: BTreeMap<EventId, ArticleEvent>,
}

impl Store {
    pub(crate) fn new(events: Vec<Event>, articles: Vec<ArticleEvent>) -> Store {
        Store {
            events,
            articles: articles.into_iter().map(|a| (a.id.clone(), a)).collect(),
        }
    }

    pub(crate) fn article_events(&self) -> Vec<ArticleEvent> {
        self.articles.values().cloned().collect()
    }

    /// Every article's id by its creation event.
    pub(crate) fn ids(&self) -> BTreeMap<String, String> {
        fold_articles(&self.article_events())
            .into_iter()
            .map(|a| (a.created.0, a.id.0))
            .collect()
    }

    /// The ids every ticket's knowledge links show, by ticket id.
    pub(crate) fn links(&self) -> BTreeMap<String, Vec<String>> {
        fold_log(&self.events)
            .into_iter()
            .map(|t| (t.id.0, t.knowledge.into_iter().map(|k| k.id).collect()))
            .collect()
    }
}

/// What `local` holds once the merge of `incoming` is written: the ticket merge, then the
/// article merge, as `import::preview` does them (without a file in between).
pub(crate) fn merged_store(local: &Store, incoming: &Store) -> Store {
    let tickets = crate::merge::merge(&local.events, &incoming.events);
    assert!(tickets.conflicts.is_empty(), "{:?}", tickets.conflicts);
    let (local_articles, incoming_articles) = (local.article_events(), incoming.article_events());
    let articles = merge_articles(
        Holdings {
            articles: &local_articles,
            tickets: &local.events,
        },
        Holdings {
            articles: &incoming_articles,
            tickets: &incoming.events,
        },
        &HashSet::new(),
    );
    assert!(articles.conflicts.is_empty(), "{:?}", articles.conflicts);
    let mut events: BTreeMap<EventId, Event> = local
        .events
        .iter()
        .map(|e| (e.id.clone(), e.clone()))
        .collect();
    for event in tickets.events().chain(&articles.reference_events) {
        events.insert(event.id.clone(), event.clone());
    }
    let mut store = Store {
        events: events.into_values().collect(),
        articles: local.articles.clone(),
    };
    for event in articles.events() {
        store.articles.insert(event.id.clone(), event.clone());
    }
    store
}

fn merge_of(local: &Store, incoming: &Store) -> ArticleMerge {
    let (local_articles, incoming_articles) = (local.article_events(), incoming.article_events());
    merge_articles(
        Holdings {
            articles: &local_articles,
            tickets: &local.events,
        },
        Holdings {
            articles: &incoming_articles,
            tickets: &incoming.events,
        },
        &HashSet::new(),
    )
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn two_articles_with_one_id_both_survive_and_the_later_creation_moves_on() {
    let here = Store::new(vec![], vec![written("KB-0001", "a", "VPN 无法连接")]);
    let there = Store::new(vec![], vec![written("KB-0001", "b", "打印机脱机")]);
    let merge = merge_of(&here, &there);
    assert_eq!(
        merge.renumberings,
        [ArticleRenumbering {
            created: EventId("b".into()),
            title: "打印机脱机".into(),
            from: ArticleId("KB-0001".into()),
            to: ArticleId("KB-0002".into()),
        }]
    );
    let step = &merge.renumber_events[0];
    assert_eq!(step.id.0, "b/renumbered/KB-0001-KB-0002");
    assert_eq!(
        (step.seq, &step.actor, &step.article),
        (2, &merge_actor(), &ArticleId("KB-0002".into()))
    );
    let all = merged_store(&here, &there);
    assert_eq!(all.ids(), map(&[("a", "KB-0001"), ("b", "KB-0002")]));
    let moved = fold_articles(&all.article_events())
        .into_iter()
        .find(|a| a.created.0 == "b")
        .unwrap();
    assert_eq!(moved.current().title, "打印机脱机");
    assert_eq!(moved.renumberings().len(), 1);
    assert_eq!(moved.renumberings()[0].from.0, "KB-0001");
}

#[test]
fn both_devices_end_the_same_whichever_imports_first() {
    // Here's article moves when there's, created first, arrives: the local one is the loser.
    let here = Store::new(
        vec![
            opened("t1", "TS20231027001"),
            linked("t1", "t1-link", 2, "KB-0001"),
        ],
        vec![
            written("KB-0001", "b", "打印机脱机"),
            revised("KB-0001", "b-2", 2, "打印机脱机怎么办"),
        ],
    );
    let there = Store::new(
        vec![
            opened("t2", "TS20231027002"),
            linked("t2", "t2-link", 2, "KB-0001"),
        ],
        vec![written("KB-0001", "a", "VPN 无法连接")],
    );
    let here_after = merged_store(&here, &there);
    let there_after = merged_store(&there, &here);
    assert_eq!(here_after, there_after);
    assert_eq!(here_after.ids(), map(&[("a", "KB-0001"), ("b", "KB-0002")]));
    // Each ticket still shows the article it linked.
    let links = here_after.links();
    assert_eq!(links["t1"], ["KB-0002"]);
    assert_eq!(links["t2"], ["KB-0001"]);
    // The edit went with its article.
    let b = fold_articles(&here_after.article_events())
        .into_iter()
        .find(|a| a.id.0 == "KB-0002")
        .unwrap();
    assert_eq!(b.history().len(), 2);
    // Exchanging again adds nothing on either side.
    let again = merge_of(&here_after, &there_after);
    assert!(again.events().next().is_none());
    assert!(again.reference_events.is_empty());
}

#[test]
fn the_local_loser_is_relabelled_with_the_same_events() {
    let here = Store::new(
        vec![],
        vec![
            written("KB-0001", "b", "打印机脱机"),
            revised("KB-0001", "b-2", 2, "打印机脱机怎么办"),
        ],
    );
    let there = Store::new(vec![], vec![written("KB-0001", "a", "VPN 无法连接")]);
    let merge = merge_of(&here, &there);
    let relabelled: Vec<(&str, &str)> = merge
        .relabelled
        .iter()
        .map(|e| (e.id.0.as_str(), e.article.0.as_str()))
        .collect();
    assert_eq!(relabelled, [("b", "KB-0002"), ("b-2", "KB-0002")]);
    for event in &merge.relabelled {
        assert!(here.articles[&event.id].same_fact(event));
    }
    assert_eq!(merge.renumberings[0].from.0, "KB-0001");
    assert_eq!(merge.renumberings[0].to.0, "KB-0002");
}

#[test]
fn a_reference_in_the_file_follows_its_article_and_keeps_what_was_linked() {
    let here = Store::new(vec![], vec![written("KB-0001", "a", "VPN 无法连接")]);
    let there = Store::new(
        vec![
            opened("t1", "TS20231027001"),
            linked("t1", "t1-link", 2, "KB-0001"),
            consulted("t1", "t1-tried", 3, &["KB-0001"]),
        ],
        vec![written("KB-0001", "b", "打印机脱机")],
    );
    let merge = merge_of(&here, &there);
    let steps: Vec<&str> = merge
        .reference_events
        .iter()
        .map(|e| e.id.0.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "t1-link/article/KB-0001/KB-0001-KB-0002",
            "t1-tried/article/KB-0001/KB-0001-KB-0002"
        ]
    );
    let all = merged_store(&here, &there);
    let ticket = Ticket::fold(&all.events).unwrap();
    assert_eq!(ticket.knowledge[0].id, "KB-0002");
    // The linking event still says what was linked then; the renumbering says what it is now.
    assert!(ticket.timeline.iter().any(|e| e.applied
        && matches!(&e.event.kind, EventKind::ArticleReferenceRenumbered { to, .. } if to == "KB-0002")));
    assert!(ticket.timeline.iter().any(
        |e| matches!(&e.event.kind, EventKind::ArticleLinked { article } if article.id == "KB-0001")
    ));
}

#[test]
fn an_article_moves_past_every_id_already_taken() {
    let here = Store::new(
        vec![],
        vec![
            written("KB-0001", "a", "VPN 无法连接"),
            written("KB-0002", "c", "邮箱满"),
        ],
    );
    let there = Store::new(
        vec![
            opened("t1", "TS20231027001"),
            linked("t1", "t1-link", 2, "KB-0001"),
        ],
        vec![written("KB-0001", "b", "打印机脱机")],
    );
    let merge = merge_of(&here, &there);
    let steps: Vec<&str> = merge
        .renumber_events
        .iter()
        .map(|e| e.id.0.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "b/renumbered/KB-0001-KB-0002",
            "b/renumbered/KB-0002-KB-0003"
        ]
    );
    assert_eq!(merge.reference_events.len(), 2);
    let all = merged_store(&here, &there);
    assert_eq!(
        all.ids(),
        map(&[("a", "KB-0001"), ("b", "KB-0003"), ("c", "KB-0002")])
    );
    assert_eq!(all.links()["t1"], ["KB-0003"]);
}

#[test]
fn a_reference_made_after_a_move_follows_a_later_move_too() {
    // b was moved to KB-0002 on a device, which then linked it there; c, created before b with
    // KB-0002, arrives and moves b on again.
    let first = merged_store(
        &Store::new(vec![], vec![written("KB-0001", "a", "VPN 无法连接")]),
        &Store::new(vec![], vec![written("KB-0001", "b", "打印机脱机")]),
    );
    let mut here = first.clone();
    here.events.extend([
        opened("t1", "TS20231027001"),
        linked("t1", "t1-link", 2, "KB-0002"),
    ]);
    let there = Store::new(vec![], vec![written("KB-0002", "Ab", "邮箱满")]);
    let all = merged_store(&here, &there);
    assert_eq!(
        all.ids(),
        map(&[("Ab", "KB-0002"), ("a", "KB-0001"), ("b", "KB-0003")])
    );
    assert_eq!(all.links()["t1"], ["KB-0003"]);
    assert_eq!(all, merged_store(&there, &here));
}

#[test]
fn concurrent_edits_of_one_article_both_stay_in_its_history() {
    let base = written("KB-0001", "a", "VPN 无法连接");
    let here = Store::new(
        vec![],
        vec![
            base.clone(),
            revised("KB-0001", "a-here", 2, "VPN 809 错误"),
        ],
    );
    let there = Store::new(
        vec![],
        vec![base, revised("KB-0001", "a-there", 2, "VPN L2TP 被拦截")],
    );
    let all = merged_store(&here, &there);
    assert_eq!(all, merged_store(&there, &here));
    let article = Article::fold(all.articles.values()).unwrap();
    let notes: Vec<&str> = article.history().iter().map(|r| r.note.as_str()).collect();
    assert_eq!(notes, ["", "改为VPN 809 错误", "改为VPN L2TP 被拦截"]);
    // The later in (seq, id) order is current on both devices.
    assert_eq!(article.current().title, "VPN L2TP 被拦截");
}

#[test]
fn a_second_creation_of_one_id_on_one_device_gets_its_own_id() {
    // Two tabs created KB-0005 at once; the first in (seq, id) order keeps it and its edits.
    let here = Store::new(
        vec![],
        vec![
            written("KB-0005", "x", "VPN 无法连接"),
            written("KB-0005", "y", "打印机脱机"),
            revised("KB-0005", "x-2", 2, "VPN 809 错误"),
        ],
    );
    let merge = merge_of(&here, &Store::default());
    assert_eq!(merge.renumberings.len(), 1);
    assert_eq!(merge.renumberings[0].created.0, "y");
    let all = merged_store(&here, &Store::default());
    assert_eq!(all.ids(), map(&[("x", "KB-0005"), ("y", "KB-0006")]));
    let x = Article::fold(all.articles.values().filter(|e| e.article.0 == "KB-0005")).unwrap();
    assert_eq!(x.current().title, "VPN 809 错误");
}

#[test]
fn an_article_event_changed_elsewhere_is_a_conflict_and_that_article_is_not_imported() {
    let here = Store::new(
        vec![],
        vec![
            written("KB-0001", "a", "VPN 无法连接"),
            revised("KB-0001", "a-2", 2, "VPN 809 错误"),
        ],
    );
    let there = Store::new(
        vec![],
        vec![
            written("KB-0001", "a", "VPN 无法连接"),
            revised("KB-0001", "a-2", 2, "被改过"),
            revised("KB-0001", "a-3", 3, "新的"),
            written("KB-0002", "c", "邮箱满"),
        ],
    );
    let merge = merge_of(&here, &there);
    assert_eq!(
        merge.conflicts,
        [ImportConflict::ChangedArticleEvent {
            article: ArticleId("KB-0001".into()),
            event: EventId("a-2".into()),
        }]
    );
    let added: Vec<&str> = merge.events().map(|e| e.id.0.as_str()).collect();
    assert_eq!(added, ["c"]);
}

#[test]
fn a_reference_from_a_file_without_the_article_is_left_as_it_is() {
    // A version 1 file carries no articles: its ticket's KB-0001 means this device's KB-0001.
    let here = Store::new(
        vec![],
        vec![
            written("KB-0001", "b", "打印机脱机"),
            written("KB-0001", "a", "VPN 无法连接"),
        ],
    );
    let there = Store::new(
        vec![
            opened("t1", "TS20231027001"),
            linked("t1", "t1-link", 2, "KB-0001"),
        ],
        vec![],
    );
    let merge = merge_of(&here, &there);
    assert!(merge.reference_events.is_empty());
}

#[test]
fn a_renumbering_step_is_the_same_event_on_every_device() {
    let creation = written("KB-0009", "b", "打印机脱机");
    let claimed = ArticleId("KB-0009".into());
    let first = article_renumbering_step(&creation, &claimed, 1).unwrap();
    let second = article_renumbering_step(&creation, &claimed, 2).unwrap();
    assert_eq!(first.id.0, "b/renumbered/KB-0009-KB-0010");
    assert_eq!(second.id.0, "b/renumbered/KB-0010-KB-0011");
    assert_eq!((first.seq, second.seq), (2, 3));
    assert!(article_renumbering_step(&creation, &claimed, 0).is_none());
    assert!(article_renumbering_step(&revised("KB-0009", "e", 2, "x"), &claimed, 1).is_none());

    let link = linked("t1", "t1-link", 4, "KB-0009");
    let step = reference_renumbering_step(&link, "KB-0009", 2).unwrap();
    assert_eq!(step.seq, 6);
    assert_eq!(reference_step_index(&step, &link), Some(2));
    assert!(reference_renumbering_step(&link, "KB-0001", 1).is_none());
}

#[test]
fn a_reference_renumbering_applies_only_to_the_reference_it_names() {
    let link = linked("t1", "t1-link", 2, "KB-0001");
    let tried = consulted("t1", "t1-tried", 3, &["KB-0003", "KB-0001"]);
    let mut events = vec![opened("t1", "TS20231027001"), link.clone(), tried.clone()];
    events.push(reference_renumbering_step(&tried, "KB-0001", 1).unwrap());
    // A second step before the first is in: its `from` is not what the reference reads.
    let second = reference_renumbering_step(&link, "KB-0001", 2).unwrap();
    events.push(second.clone());
    let applied = |ticket: &Ticket, id: &EventId| {
        ticket
            .timeline
            .iter()
            .find(|e| e.event.id == *id)
            .map(|e| e.applied)
    };
    let ticket = Ticket::fold(&events).unwrap();
    assert_eq!(ticket.knowledge[0].id, "KB-0001");
    assert_eq!(applied(&ticket, &second.id), Some(false));
    // The attempt was not applied (the ticket is not in first-line handling): nothing to move.
    assert!(ticket.attempts.is_empty());
    // With the first step in, both apply, in order.
    let first = reference_renumbering_step(&link, "KB-0001", 1).unwrap();
    events.push(first.clone());
    let ticket = Ticket::fold(&events).unwrap();
    assert_eq!(ticket.knowledge[0].id, "KB-0003");
    assert_eq!(applied(&ticket, &first.id), Some(true));
    assert_eq!(applied(&ticket, &second.id), Some(true));
    // A merge's step is no response to the requester.
    assert_eq!(ticket.first_response_at, Some(link.at));
}

#[test]
fn articles_whose_ids_run_out_stay_at_the_last_id() {
    // 19 digits: no next id. Only a forged file gets here; the merge must still end.
    let last = "KB-1000000000000000000";
    assert_eq!(ArticleId(last.into()).next(), None);
    let here = Store::new(vec![], vec![written(last, "a", "VPN 无法连接")]);
    let there = Store::new(vec![], vec![written(last, "b", "打印机脱机")]);
    let merge = merge_of(&here, &there);
    assert!(merge.renumber_events.is_empty() && merge.renumberings.is_empty());
    assert_eq!(merge_of(&here, &there).ids, merge.ids);
    assert_eq!(merge.ids[&EventId("b".into())].0, last);

    // One id left: the later creation takes it, the third stays at it too.
    let one_left = "KB-999999999999999999";
    let here = Store::new(vec![], vec![written(one_left, "a", "VPN 无法连接")]);
    let there = Store::new(
        vec![],
        vec![
            written(one_left, "b", "打印机脱机"),
            written(one_left, "c", "邮件退信"),
        ],
    );
    let merge = merge_of(&here, &there);
    assert_eq!(merge.ids[&EventId("a".into())].0, one_left);
    assert_eq!(merge.ids[&EventId("b".into())].0, last);
    assert_eq!(merge.ids[&EventId("c".into())].0, last);
}
