//! Format version 2 as a public contract: knowledge-base articles travel with the tickets, files
//! written by version 2 keep reading, what this build writes matches `docs/export.schema.json`,
//! and version 1 files still import.

use std::collections::HashSet;

use chrono::{DateTime, TimeZone, Utc};
use fielddesk_core::merge::articles::{article_renumbering_step, reference_renumbering_step};
use fielddesk_core::{
    export, fold_articles, fold_log, parse_export, plan_import, preview, ArticleContent,
    ArticleEvent, ArticleEventKind, ArticleId, Category, Event, EventId, EventKind, ExportMeta,
    KnowledgeLink, Person, Priority, Reference, Step, TicketId,
};

const FIXTURE_V2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export-v2.json");
const FIXTURE_V1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export-v1.json");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export.schema.json");

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    // Beijing time (UTC+8).
    Utc.with_ymd_and_hms(2023, 10, day, hour - 8, minute, 0)
        .single()
        .expect("valid time")
}

fn person(name: &str, employee_id: &str) -> Person {
    Person {
        name: name.into(),
        employee_id: employee_id.into(),
    }
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: at(30, 18, 0),
        exported_by: person("李四", "TS100"),
        settings: None,
    }
}

fn content(title: &str, symptoms: &str, cause: &str, steps: &[&str]) -> ArticleContent {
    ArticleContent {
        title: title.into(),
        symptoms: symptoms.into(),
        cause: cause.into(),
        steps: steps.iter().map(|s| s.to_string()).collect(),
        categories: vec![Category::new("系统故障", "登录异常").expect("valid category")],
        sources: vec!["TS20231027001".parse().expect("valid number")],
    }
}

/// The knowledge base after two devices met: KB-0001 written and revised on this one; the other
/// device's article, also written as KB-0001 but later, moved on to KB-0002 by the merge.
fn articles() -> Vec<ArticleEvent> {
    let zhao_liu = person("赵六", "TS300");
    let kept = ArticleEvent {
        id: EventId("0190a3c2-7b1e-7cc0-9a11-0000000000a1".into()),
        article: ArticleId("KB-0001".into()),
        seq: 1,
        actor: zhao_liu.clone(),
        at: at(27, 15, 0),
        kind: ArticleEventKind::ArticleCreated {
            content: content(
                "OA登录提示验证码错误",
                "10:00登录OA系统时提示'验证码错误'",
                "缓存异常",
                &["清理浏览器缓存", "重启Tomcat服务"],
            ),
        },
    };
    let revised = ArticleEvent {
        id: EventId("0190a3c2-7b1e-7cc0-9a11-0000000000a2".into()),
        seq: 2,
        at: at(28, 9, 0),
        kind: ArticleEventKind::ArticleEdited {
            content: content(
                "OA登录提示验证码错误",
                "10:00登录OA系统时提示'验证码错误'",
                "缓存异常",
                &["清理浏览器缓存", "重启Tomcat服务", "确认验证码恢复正常"],
            ),
            note: "复盘后补充验证步骤".into(),
        },
        ..kept.clone()
    };
    let moved = ArticleEvent {
        id: EventId("0190a3c2-7b1e-7cc0-9a11-0000000000b1".into()),
        article: ArticleId("KB-0002".into()),
        seq: 1,
        actor: person("王五", "TS200"),
        at: at(27, 16, 0),
        kind: ArticleEventKind::ArticleCreated {
            content: content(
                "VPN连接提示错误809",
                "在家连接VPN时提示错误809",
                "防火墙拦截L2TP",
                &["放行UDP 500/4500"],
            ),
        },
    };
    let step = article_renumbering_step(&moved, &ArticleId("KB-0001".into()), 1)
        .expect("a first step exists");
    let step = ArticleEvent {
        article: ArticleId("KB-0002".into()),
        ..step
    };
    vec![kept, revised, moved, step]
}

/// A ticket of the other device: first line consulted its KB-0001 (the moved article) before the
/// merge, then linked this device's KB-0001 after it.
fn ticket() -> Vec<Event> {
    let t = "0190a3c2-7b1e-7cc0-9a11-000000000003";
    let li_si = person("李四", "TS100");
    let kinds = [
        EventKind::TicketCreated {
            number: "TS20231028001".parse().expect("valid number"),
            intake: fielddesk_core::example::zhang_san_intake(),
            sla_policy: None,
        },
        EventKind::Assigned {
            handler: li_si.clone(),
        },
        EventKind::Classified {
            categories: vec![Category::new("系统故障", "登录异常").expect("valid category")],
        },
        EventKind::PriorityConfirmed {
            priority: Priority::P2,
            reason: None,
        },
        EventKind::AttemptRecorded {
            action: "按知识库清理缓存".into(),
            consulted: vec![Reference::Article {
                id: "KB-0001".into(),
            }],
        },
    ];
    let mut events: Vec<Event> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Event {
            id: EventId(format!("{t}-{:02}", i + 1)),
            ticket: TicketId(t.into()),
            seq: i as u64 + 1,
            actor: li_si.clone(),
            at: at(28, 10, i as u32),
            kind,
        })
        .collect();
    let step =
        reference_renumbering_step(&events[4], "KB-0001", 1).expect("the attempt refers to it");
    events.push(step);
    events.push(Event {
        id: EventId(format!("{t}-07")),
        ticket: TicketId(t.into()),
        seq: 7,
        actor: li_si,
        at: at(30, 11, 0),
        kind: EventKind::ArticleLinked {
            article: KnowledgeLink {
                id: "KB-0001".into(),
                title: "OA登录提示验证码错误".into(),
            },
        },
    });
    events
}

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE_V2).expect("the v2 fixture is committed")
}

fn schema() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).expect("schema is committed"))
            .expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

fn assert_valid(validator: &jsonschema::Validator, document: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_v2_fixture_is_what_this_build_would_write() {
    let written: serde_json::Value =
        serde_json::from_str(&export(&ticket(), &articles(), &[], &[], None, &meta()))
            .expect("JSON");
    let committed: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    assert_eq!(written, committed);
}

#[test]
fn a_version_2_file_still_reads_with_its_articles_and_references() {
    let file = parse_export(&fixture()).expect("a v2 file reads");
    assert_eq!(file.version, 2);
    let knowledge = fold_articles(&file.articles);
    let ids: Vec<&str> = knowledge.iter().map(|a| a.id.0.as_str()).collect();
    assert_eq!(ids, ["KB-0001", "KB-0002"]);
    assert_eq!(knowledge[0].history().len(), 2);
    assert_eq!(knowledge[0].history()[1].note, "复盘后补充验证步骤");
    assert_eq!(knowledge[1].current().title, "VPN连接提示错误809");
    assert_eq!(knowledge[1].renumberings()[0].from.0, "KB-0001");

    let tickets = fold_log(&file.events);
    let [ticket] = &tickets[..] else {
        panic!("one ticket, got {}", tickets.len());
    };
    assert_eq!(ticket.step, Step::FirstLineHandling);
    assert_eq!(ticket.knowledge[0].id, "KB-0001");
    assert_eq!(
        ticket.attempts[0].consulted,
        [Reference::Article {
            id: "KB-0002".into()
        }]
    );
}

#[test]
fn exported_v2_files_validate_against_the_schema() {
    let validator = schema();
    let committed: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    assert_valid(&validator, &committed);
    let text = export(&ticket(), &articles(), &[], &[], None, &meta());
    assert_valid(&validator, &serde_json::from_str(&text).expect("JSON"));
    // A selection carries the articles its tickets refer to, and still validates.
    let selection = [TicketId("0190a3c2-7b1e-7cc0-9a11-000000000003".into())];
    let text = export(&ticket(), &articles(), &[], &[], Some(&selection), &meta());
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_valid(&validator, &value);
    assert_eq!(value["articles"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_schema_rejects_what_the_reader_rejects_in_articles() {
    let validator = schema();
    let both_reject = |edit: fn(&mut serde_json::Value)| {
        let mut document: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
        edit(&mut document);
        let bytes = serde_json::to_vec(&document).expect("JSON");
        parse_export(&bytes).is_err() && !validator.is_valid(&document)
    };
    assert!(both_reject(|d| d["version"] = 7.into()));
    assert!(both_reject(
        |d| d["articles"][0]["events"][0]["seq"] = "one".into()
    ));
    assert!(both_reject(
        |d| d["articles"][0]["events"][0]["kind"]["type"] = "Deleted".into()
    ));
    assert!(both_reject(|d| {
        d["articles"][0]["events"][0]["kind"]["content"]
            .as_object_mut()
            .expect("object")
            .remove("cause");
    }));
    assert!(both_reject(
        |d| d["articles"][0]["events"] = serde_json::json!([])
    ));
    // Version 1 had neither articles nor article renumberings in tickets.
    assert!(both_reject(|d| d["version"] = 1.into()));
    // Writers of version 2 always write `articles`; the reader, tolerant, takes none as empty.
    let mut document: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    document.as_object_mut().expect("object").remove("articles");
    assert!(!validator.is_valid(&document));
}

#[test]
fn the_v1_fixture_still_imports_next_to_a_knowledge_base() {
    let v1 = parse_export(&std::fs::read(FIXTURE_V1).expect("the v1 fixture is committed"))
        .expect("a v1 file reads");
    assert_eq!(v1.version, 1);
    assert!(v1.articles.is_empty());
    // A device holding the v2 fixture's knowledge base imports the v1 file: its tickets come in,
    // no article changes, and the v1 ticket's references are left as they were written.
    let v2 = parse_export(&fixture()).expect("a v2 file reads");
    let plan = plan_import(&v2.events, &v2.articles, &[], &[], &v1);
    assert!(plan.articles.is_empty());
    assert!(plan
        .events
        .iter()
        .all(|e| !matches!(e.kind, EventKind::ArticleReferenceRenumbered { .. })));
    let tickets: HashSet<&TicketId> = plan.events.iter().map(|e| &e.ticket).collect();
    assert_eq!(tickets.len(), 2);
    let shown = preview(&v2.events, &v2.articles, &[], &[], &v1);
    assert_eq!(shown.new.len(), 2);
    assert!(shown.new_articles.is_empty() && shown.article_renumberings.is_empty());
}

#[test]
fn importing_the_v2_fixture_into_an_empty_device_gives_its_knowledge_base() {
    let file = parse_export(&fixture()).expect("a v2 file reads");
    let shown = preview(&[], &[], &[], &[], &file);
    let new: Vec<&str> = shown
        .new_articles
        .iter()
        .map(|a| a.article.0.as_str())
        .collect();
    assert_eq!(new, ["KB-0001", "KB-0002"]);
    assert!(shown.article_renumberings.is_empty());
    assert_eq!(shown.plan.articles.len(), articles().len());
    assert_eq!(
        fold_articles(&shown.plan.articles),
        fold_articles(&articles())
    );
}
