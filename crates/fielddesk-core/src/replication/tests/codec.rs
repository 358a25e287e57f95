//! The documents: what is written, what is read back, and what is refused.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::fixtures::*;
use super::recorded::*;
use crate::article::ArticleId;
use crate::event::EventId;
use crate::replication::{
    canonical_json, decode, encode, Doc, DocError, DocId, DocKind, Limits, Refusal, Revision,
};

fn read(raw: &str, id: &DocId) -> Result<TestDoc, DocError> {
    decode::<TeamSettingChanged>(raw, id, &Limits::default())
}

fn refusal(raw: &str, id: &DocId) -> Refusal {
    read(raw, id).expect_err("refused").refusal
}

fn every_kind() -> Vec<TestDoc> {
    vec![
        Doc::Ticket(created("ev-0")),
        Doc::Ticket(progress("ev-1", 2, "已排查数据库连接")),
        Doc::Article(article("ev-kb-1", "KB-0001")),
        Doc::Settings(setting("ev-set-1")),
        Doc::Attachment(file("shot-1", b"\x89PNG\r\n\x1a\n not really a png")),
    ]
}

#[test]
fn every_kind_reads_back_as_written() {
    for doc in every_kind() {
        let encoded = encode(&doc, &Limits::default()).expect("encodes");
        assert_eq!(encoded.id, doc.id());
        assert_eq!(read(&encoded.json, &doc.id()), Ok(doc));
    }
}

#[test]
fn ids_carry_their_kind() {
    let ids: Vec<String> = every_kind().iter().map(|d| d.id().to_string()).collect();
    assert_eq!(
        ids,
        ["t:ev-0", "t:ev-1", "a:ev-kb-1", "s:ev-set-1", "f:shot-1"]
    );
    assert_eq!(
        DocId::parse("a:ev-kb-1"),
        Ok(DocId::Article(EventId("ev-kb-1".into())))
    );
    assert!(matches!(DocId::parse("x:ev-1"), Err(Refusal::BadId(_))));
    assert!(matches!(DocId::parse("t:"), Err(Refusal::BadId(_))));
    assert!(matches!(
        DocId::parse(&format!("t:{}", "e".repeat(2000))),
        Err(Refusal::BadId(_))
    ));
}

/// The revision is a contract between devices: if this changes, devices of two versions make
/// two revisions of one event. Checked by hand: Python's
/// `json.dumps({"event": …, "fielddesk": 1}, sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)`, SHA-256, first 32 hex digits.
#[test]
fn revision_is_the_first_half_of_the_sha256_of_the_canonical_content() {
    let doc: TestDoc = Doc::Ticket(progress(
        "ev-1",
        2,
        "已排查数据库连接,确认网络链路正常,正在分析应用日志",
    ));
    let encoded = encode(&doc, &Limits::default()).expect("encodes");
    assert_eq!(encoded.rev.as_str(), "1-5e85168c490027d1044f43ef186a08e1");
    let written: Value = serde_json::from_str(&encoded.json).expect("JSON");
    assert_eq!(
        written["_revisions"],
        json!({"start": 1, "ids": ["5e85168c490027d1044f43ef186a08e1"]})
    );
}

#[test]
fn a_document_in_couchdbs_key_order_and_spacing_reads() {
    let results: Value = serde_json::from_str(COUCH_BULK_GET_EVENTS).expect("JSON");
    let served = results["results"][0]["docs"][0]["ok"].to_string();
    let pretty =
        serde_json::to_string_pretty(&results["results"][0]["docs"][0]["ok"]).expect("JSON");
    for raw in [served, pretty] {
        assert_eq!(
            read(&raw, &ticket_id("ev-1")),
            Ok(Doc::Ticket(progress(
                "ev-1",
                2,
                "已排查数据库连接,确认网络链路正常,正在分析应用日志"
            )))
        );
    }
}

/// A merge that moves an article on relabels its events (`merge::articles`): the same fact,
/// which must keep its revision, or pushing it would make a conflict.
#[test]
fn an_articles_label_is_not_part_of_its_revision() {
    let first = article("ev-kb-1", "KB-0001");
    let moved = crate::article::ArticleEvent {
        article: ArticleId("KB-0002".into()),
        ..first.clone()
    };
    let rev = |event| {
        encode::<TeamSettingChanged>(&Doc::Article(event), &Limits::default())
            .expect("encodes")
            .rev
    };
    assert_eq!(rev(first.clone()), rev(moved.clone()));
    let mut edited = first;
    edited.seq = 2;
    assert_ne!(rev(edited), rev(moved));
}

#[test]
fn a_changed_body_under_the_old_revision_is_refused() {
    let raw = served(&Doc::Ticket(progress("ev-1", 2, "重启Tomcat服务")))
        .replace("重启Tomcat服务", "重启Nginx服务");
    assert!(matches!(
        refusal(&raw, &ticket_id("ev-1")),
        Refusal::RevMismatch { .. }
    ));
}

#[test]
fn a_document_under_another_id_is_refused() {
    let raw = served(&Doc::Ticket(progress("ev-1", 2, "note")));
    assert!(matches!(
        refusal(&raw, &ticket_id("ev-9")),
        Refusal::IdMismatch { .. }
    ));
    // The right _id with a body about another event, its revision made to match.
    let event = serde_json::to_value(progress("ev-2", 2, "note")).expect("JSON");
    let raw = forged("t:ev-1", json!({"fielddesk": 1, "event": event}));
    assert!(matches!(
        refusal(&raw, &ticket_id("ev-1")),
        Refusal::IdMismatch { .. }
    ));
}

#[test]
fn content_fielddesk_would_not_write_is_refused_even_with_a_matching_revision() {
    let mut event = serde_json::to_value(progress("ev-1", 2, "note")).expect("JSON");
    event["extra"] = json!("a field this version does not know");
    let raw = forged("t:ev-1", json!({"fielddesk": 1, "event": event}));
    assert_eq!(refusal(&raw, &ticket_id("ev-1")), Refusal::NotCanonical);
}

#[test]
fn a_wrong_shape_is_refused_with_where() {
    let raw = forged(
        "t:ev-1",
        json!({"fielddesk": 1, "event": {"id": "ev-1", "seq": "two"}}),
    );
    let Refusal::Shape(why) = refusal(&raw, &ticket_id("ev-1")) else {
        panic!("a shape refusal");
    };
    assert!(why.starts_with("event."), "{why}");
    assert!(matches!(
        refusal("[1, 2]", &ticket_id("ev-1")),
        Refusal::Shape(_)
    ));
    assert!(matches!(
        refusal("not json", &ticket_id("ev-1")),
        Refusal::Shape(_)
    ));
    let raw = forged(
        "s:ev-set-1",
        json!({"fielddesk": 1, "event": {"id": "ev-set-1"}}),
    );
    assert!(matches!(
        refusal(&raw, &DocId::Settings(EventId("ev-set-1".into()))),
        Refusal::Shape(_)
    ));
}

#[test]
fn a_newer_format_asks_for_an_update() {
    let event = serde_json::to_value(progress("ev-1", 2, "note")).expect("JSON");
    let raw = forged("t:ev-1", json!({"fielddesk": 2, "event": event}));
    assert_eq!(refusal(&raw, &ticket_id("ev-1")), Refusal::NewerFormat(2));
}

#[test]
fn a_deleted_document_is_refused() {
    let raw = r#"{"_id":"t:ev-1","_rev":"2-0a1b2c3d4e5f60718293a4b5c6d7e8f9","_deleted":true}"#;
    assert_eq!(refusal(raw, &ticket_id("ev-1")), Refusal::Deleted);
}

#[test]
fn a_20_mb_field_is_refused_by_size_without_being_read() {
    let raw = format!(
        r#"{{"_id":"t:ev-1","_rev":"1-00000000000000000000000000000000","fielddesk":1,"event":{{"note":"{}"}}}}"#,
        "A".repeat(20 * 1024 * 1024)
    );
    assert_eq!(
        refusal(&raw, &ticket_id("ev-1")),
        Refusal::TooLarge {
            size: raw.len(),
            limit: 1024 * 1024,
            kind: DocKind::Ticket
        }
    );
}

#[test]
fn script_text_is_only_text() {
    let script = "<script>alert(document.cookie)</script>\"'><img src=x onerror=alert(1)>";
    let mut event = progress(&format!("ev-{script}"), 2, script);
    event.ticket.0 = script.into();
    event.actor.name = script.into();
    event.actor.employee_id = script.into();
    let doc: TestDoc = Doc::Ticket(event);
    assert_eq!(read(&served(&doc), &doc.id()), Ok(doc));
}

#[test]
fn an_event_document_carries_no_files() {
    let mut value: Value =
        serde_json::from_str(&served(&Doc::Ticket(progress("ev-1", 2, "n")))).expect("JSON");
    value["_attachments"] = json!({"x": {"content_type": "text/plain", "data": "aGk="}});
    assert!(matches!(
        refusal(&value.to_string(), &ticket_id("ev-1")),
        Refusal::Shape(_)
    ));
}

#[test]
fn files_are_checked_against_their_hash_and_the_teams_limit() {
    let id = DocId::Attachment(crate::attachment::AttachmentId("shot-1".into()));
    let doc: TestDoc = Doc::Attachment(file("shot-1", b"\x89PNG\r\n\x1a\n not really a png"));
    // Other bytes under the same content and revision.
    let swapped = served(&doc).replace(
        "iVBORw0KGgogbm90IHJlYWxseSBhIHBuZw==",
        "iVBORw0KGgogbm90IHJlYWxseSBhIGdpZg==",
    );
    assert_eq!(refusal(&swapped, &id), Refusal::AttachmentDamaged);
    // Fetched without attachments=true: a stub.
    let stub = served(&doc).replace(
        r#""data":"iVBORw0KGgogbm90IHJlYWxseSBhIHBuZw==""#,
        r#""stub":true,"length":25"#,
    );
    assert!(matches!(refusal(&stub, &id), Refusal::Shape(_)));
    // The team's limit, on the way out and on the way in.
    let small = Limits {
        max_attachment_bytes: 10,
        ..Limits::default()
    };
    assert_eq!(
        encode(&doc, &small).map(|_| ()),
        Err(DocError {
            id: "f:shot-1".into(),
            refusal: Refusal::AttachmentTooLarge {
                size: 25,
                limit: 10
            }
        })
    );
    assert_eq!(
        decode::<TeamSettingChanged>(&served(&doc), &id, &small).map_err(|e| e.refusal),
        Err(Refusal::AttachmentTooLarge {
            size: 25,
            limit: 10
        })
    );
}

#[test]
fn an_event_over_the_limit_is_not_pushed() {
    let doc: TestDoc = Doc::Ticket(progress("ev-1", 2, &"很".repeat(400_000)));
    let refused = encode(&doc, &Limits::default()).expect_err("too large");
    assert!(matches!(
        refused.refusal,
        Refusal::TooLarge {
            kind: DocKind::Ticket,
            ..
        }
    ));
}

/// JSON values with objects nested a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9 \"\\\\/<>é中\u{1F600}\n]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z_é中]{0,6}", inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `value` as JSON text with every object's keys in reverse order and spaces between tokens.
fn reordered(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{} : {}", Value::String(k.clone()), reordered(v)))
                .collect();
            format!("{{ {} }}", entries.join(" ,\n "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reordered).collect();
            format!("[ {} ]", items.join(" , "))
        }
        scalar => scalar.to_string(),
    }
}

proptest! {
    /// Rev derivation is deterministic and independent of key order and spacing: any text of
    /// one JSON value gives one revision.
    #[test]
    fn revision_is_independent_of_key_order(value in json_value()) {
        let reparsed: Value = serde_json::from_str(&reordered(&value)).expect("valid JSON");
        prop_assert_eq!(canonical_json(&reparsed), canonical_json(&value));
        prop_assert_eq!(Revision::of(&reparsed), Revision::of(&value));
        let rev = Revision::of(&value);
        prop_assert_eq!(rev.as_str().len(), 34);
        prop_assert!(rev.digest().bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }

    /// Canonical JSON is JSON, and reads back as the same value.
    #[test]
    fn canonical_json_reads_back(value in json_value()) {
        let text = canonical_json(&value);
        prop_assert_eq!(serde_json::from_str::<Value>(&text).expect("valid JSON"), value);
    }
}

#[test]
fn a_sequence_tells_about_how_many_changes_for_the_progress_bar_only() {
    use crate::replication::Seq;
    assert_eq!(
        Seq(json!("5-g1AAAAB3eJzLYWBg")).approximate_count(),
        Some(5)
    );
    assert_eq!(Seq(json!(29061)).approximate_count(), Some(29061));
    assert_eq!(Seq(json!(["opaque", 3])).approximate_count(), None);
    assert_eq!(Seq(json!("g1AAAA")).approximate_count(), None);
}
