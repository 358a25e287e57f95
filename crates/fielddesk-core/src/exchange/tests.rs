use std::collections::HashSet;

use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::article::{fold_articles, Article};
use crate::attachment::{AttachedTo, Attachment};
use crate::feedback::{ConfirmedBy, Feedback, Signature, Taken};
use crate::log::fold_log;
use crate::merge::articles::reference_renumbering_step;
use crate::merge::articles::tests::{consulted, linked, merged_store, revised, written, Store};
use crate::merge::renumbering_step;
use crate::merge::tests::{noted, opened, stores};
use crate::model::Priority;
use crate::standard::Category;
use crate::ticket::Ticket;

pub(crate) fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: Utc
            .with_ymd_and_hms(2023, 10, 27, 10, 0, 0)
            .single()
            .expect("valid time"),
        exported_by: Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        },
        settings: None,
    }
}

fn event(ticket: &str, id: &str, seq: u64, kind: EventKind) -> Event {
    Event {
        kind,
        ..noted(ticket, id, seq, "")
    }
}

/// A screenshot attached to `ticket`'s description, and its bytes.
pub(crate) fn screenshot(
    ticket: &str,
    id: &str,
    seq: u64,
    bytes: &[u8],
) -> (Event, AttachmentBlob) {
    let attachment = Attachment {
        id: AttachmentId(id.into()),
        file_name: "验证码错误.png".into(),
        media_type: "image/png".into(),
        size: bytes.len() as u64,
        to: AttachedTo::Description,
    };
    (
        event(
            ticket,
            &format!("{id}-attached"),
            seq,
            EventKind::FileAttached { attachment },
        ),
        AttachmentBlob {
            id: AttachmentId(id.into()),
            bytes: bytes.to_vec(),
        },
    )
}

/// The template's ticket (PROCESS.md R6): TS20231027001, 张三/TS001-研发部, "验证码错误",
/// requested P2, confirmed P1 because the whole department cannot log in, with a screenshot.
pub(crate) fn template_ticket() -> (Vec<Event>, Vec<AttachmentBlob>) {
    let (attached, blob) = screenshot("ts001", "shot-1", 5, b"\x89PNG\r\n\x1a\n not really a png");
    let events = vec![
        opened("ts001", "TS20231027001"),
        event(
            "ts001",
            "ts001-assigned",
            2,
            EventKind::Assigned {
                handler: meta().exported_by,
            },
        ),
        event(
            "ts001",
            "ts001-classified",
            3,
            EventKind::Classified {
                categories: vec![Category::new("系统故障", "登录异常").expect("valid category")],
            },
        ),
        event(
            "ts001",
            "ts001-priority",
            4,
            EventKind::PriorityConfirmed {
                priority: Priority::P1,
                reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
            },
        ),
        attached,
    ];
    (events, vec![blob])
}

fn exported(events: &[Event], blobs: &[AttachmentBlob]) -> String {
    export(events, &[], blobs, &[], None, &meta())
}

fn template_file() -> String {
    let (events, blobs) = template_ticket();
    exported(&events, &blobs)
}

/// The template's file with its JSON changed by `edit`.
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(&template_file()).expect("export is JSON");
    edit(&mut value);
    serde_json::to_vec(&value).expect("JSON")
}

fn sorted_by_id(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

#[test]
fn the_templates_ticket_reads_back_as_it_was_written() {
    let (events, blobs) = template_ticket();
    let file = parse_export(exported(&events, &blobs).as_bytes()).unwrap();
    assert_eq!(
        sorted_by_id(file.events.clone()),
        sorted_by_id(events.clone())
    );
    assert_eq!(file.attachments, blobs);
    assert_eq!(file.meta, meta());
    assert_eq!(file.version, 1);
    let ticket = Ticket::fold(&file.events).unwrap();
    assert_eq!(ticket.number.to_string(), "TS20231027001");
    assert_eq!(ticket.priority(), Priority::P1);
    assert_eq!(ticket.requested_priority(), Priority::P2);
    assert_eq!(ticket.attachments.len(), 1);
}

#[test]
fn the_file_names_its_format_and_version_and_groups_events_by_ticket() {
    let value: Value = serde_json::from_str(&template_file()).unwrap();
    assert_eq!(value["format"], "fielddesk-export");
    assert_eq!(value["version"], 1);
    assert_eq!(value["tickets"][0]["number"], "TS20231027001");
    assert_eq!(
        value["tickets"][0]["events"][0]["kind"]["type"],
        "TicketCreated"
    );
    assert!(value["tickets"][0]["events"][0].get("ticket").is_none());
    let blob = &value["attachments"][0];
    assert_eq!(blob["size"], 25);
    assert_eq!(blob["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn a_selection_exports_only_those_tickets_and_their_attachments() {
    let (mut events, mut blobs) = template_ticket();
    let (attached, blob) = screenshot("other", "shot-2", 2, b"other");
    events.extend([opened("other", "TS20231027002"), attached]);
    blobs.push(blob);
    let text = export(
        &events,
        &[],
        &blobs,
        &[],
        Some(&[TicketId("other".into())]),
        &meta(),
    );
    let file = parse_export(text.as_bytes()).unwrap();
    assert!(file.events.iter().all(|e| e.ticket.0 == "other"));
    assert_eq!(file.events.len(), 2);
    assert_eq!(file.attachments.len(), 1);
    assert_eq!(file.attachments[0].id.0, "shot-2");
}

#[test]
fn export_leaves_out_what_would_make_the_file_unreadable() {
    let (mut events, mut blobs) = template_ticket();
    // An orphan event (no creation) and bytes no ticket refers to.
    events.push(noted("ghost", "ghost-1", 2, "?"));
    blobs.push(AttachmentBlob {
        id: AttachmentId("stray".into()),
        bytes: vec![1, 2, 3],
    });
    let file = parse_export(exported(&events, &blobs).as_bytes()).unwrap();
    assert!(file.events.iter().all(|e| e.ticket.0 == "ts001"));
    assert_eq!(file.attachments.len(), 1);
}

#[test]
fn html_and_script_in_text_fields_are_kept_verbatim() {
    let html = r#"<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" '单引号'"#;
    let mut creation = opened("t", "TS20231027001");
    if let EventKind::TicketCreated { intake, .. } = &mut creation.kind {
        intake.submitter.name = html.into();
        intake.submitter.department = html.into();
        intake.description.symptom = html.into();
        intake.description.error_text = html.into();
        intake.channel = html.into();
    }
    creation.actor.name = html.into();
    let note = noted("t", html, 2, html);
    let events = vec![creation, note];
    let file = parse_export(exported(&events, &[]).as_bytes()).unwrap();
    assert_eq!(file.events, events);
}

#[test]
fn an_identical_duplicate_event_is_kept_once() {
    let bytes = edited(|v| {
        let events = v["tickets"][0]["events"].as_array_mut().unwrap();
        let copy = events[1].clone();
        events.push(copy);
    });
    let file = parse_export(&bytes).unwrap();
    assert_eq!(file.events.len(), template_ticket().0.len());
}

#[test]
fn a_utf8_bom_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(template_file().as_bytes());
    assert!(parse_export(&bytes).is_ok());
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let bom = bom.then_some('\u{FEFF}');
    bom.into_iter()
        .chain(text.chars())
        .collect::<String>()
        .encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_files_are_decoded_with_or_without_a_bom() {
    let text = template_file();
    let expected = parse_export(text.as_bytes()).unwrap();
    for (big_endian, bom) in [(false, true), (true, true), (false, false), (true, false)] {
        let file = parse_export(&utf16(&text, big_endian, bom));
        assert_eq!(
            file.as_ref(),
            Ok(&expected),
            "big endian {big_endian}, bom {bom}"
        );
    }
}

#[test]
fn broken_utf16_says_at_which_byte() {
    let mut odd = utf16("{}", false, true);
    odd.push(b' ');
    assert_eq!(parse_export(&odd), Err(ImportError::BadUtf16 { offset: 6 }));
    // A lone high surrogate as the second character, after the BOM.
    let lone = [0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'}', 0];
    assert_eq!(
        parse_export(&lone),
        Err(ImportError::BadUtf16 { offset: 4 })
    );
}

#[test]
fn invalid_json_says_where() {
    let err =
        parse_export(b"{\n  \"format\": \"fielddesk-export\",\n  \"version\": 1,, }").unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Syntax {
                line: 3,
                column: 16,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_cut_off_file_is_truncated_not_just_invalid() {
    let text = template_file();
    let err = parse_export(&text.as_bytes()[..text.len() / 2]).unwrap_err();
    assert!(
        matches!(err, ImportError::Truncated { line: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn an_empty_file_says_so() {
    assert_eq!(parse_export(b""), Err(ImportError::Empty));
    assert_eq!(parse_export(b" \n\t"), Err(ImportError::Empty));
    assert_eq!(parse_export(b"\xEF\xBB\xBF"), Err(ImportError::Empty));
}

#[test]
fn json_that_is_not_an_export_is_refused_with_its_format() {
    assert_eq!(
        parse_export(br#"{"tickets": []}"#),
        Err(ImportError::NotAnExport { format: None })
    );
    assert_eq!(
        parse_export(br#"{"format": "trello-board", "version": 1}"#),
        Err(ImportError::NotAnExport {
            format: Some("trello-board".into())
        })
    );
    assert_eq!(
        parse_export(br#"[{"format": "fielddesk-export"}]"#),
        Err(ImportError::NotAnExport { format: None })
    );
    assert_eq!(
        parse_export(br#""fielddesk-export""#),
        Err(ImportError::NotAnExport { format: None })
    );
}

#[test]
fn a_newer_version_is_refused_before_its_fields_are_checked() {
    let bytes = br#"{"format": "fielddesk-export", "version": 7, "tickets": "a new shape"}"#;
    let err = parse_export(bytes).unwrap_err();
    assert_eq!(
        err,
        ImportError::NewerVersion {
            version: 7,
            supported: 6
        }
    );
    assert_eq!(
        err.to_string(),
        "the file was made by a newer Fielddesk (format version 7); this one reads up to version 6: update Fielddesk"
    );
}

fn invalid_field_path(bytes: &[u8]) -> String {
    match parse_export(bytes) {
        Err(ImportError::InvalidField { path, .. }) => path,
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn a_field_of_the_wrong_type_is_named_with_its_path() {
    let bytes = edited(|v| v["tickets"][0]["events"][1]["seq"] = "two".into());
    let err = parse_export(&bytes).unwrap_err();
    let ImportError::InvalidField { path, message, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(path, "tickets[0].events[1].seq");
    assert!(
        message.contains("invalid type: string \"two\""),
        "{message}"
    );

    let bytes = edited(|v| v["tickets"][0]["number"] = "TS2023".into());
    assert_eq!(invalid_field_path(&bytes), "tickets[0].number");
    let bytes = edited(|v| v["exported_at"] = "yesterday".into());
    assert_eq!(invalid_field_path(&bytes), "exported_at");
    let bytes = edited(|v| v["version"] = 0.into());
    assert_eq!(invalid_field_path(&bytes), "version");
    let bytes = edited(|v| v["version"] = "1".into());
    assert_eq!(invalid_field_path(&bytes), "version");
    let bytes = edited(|v| {
        v["tickets"][0]["events"][3]["kind"]["priority"] = "P9".into();
    });
    assert_eq!(invalid_field_path(&bytes), "tickets[0].events[3].kind");
    let bytes = edited(|v| {
        v.as_object_mut().unwrap().remove("tickets");
    });
    assert_eq!(invalid_field_path(&bytes), ".");
}

#[test]
fn an_event_id_used_twice_with_different_content_is_refused_with_both_places() {
    let bytes = edited(|v| {
        let events = v["tickets"][0]["events"].as_array_mut().unwrap();
        let mut changed = events[1].clone();
        changed["seq"] = 9.into();
        events.push(changed);
    });
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::ConflictingEvents {
            event: EventId("ts001-assigned".into()),
            first: EventAt {
                ticket: 0,
                event: 1
            },
            second: EventAt {
                ticket: 0,
                event: 5
            },
        })
    );
}

#[test]
fn a_ticket_without_its_creation_is_refused() {
    let bytes = edited(|v| {
        v["tickets"][0]["events"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::MissingCreation {
            index: 0,
            ticket: TicketId("ts001".into())
        })
    );
}

#[test]
fn a_ticket_created_twice_is_refused() {
    let bytes = edited(|v| {
        let events = v["tickets"][0]["events"].as_array_mut().unwrap();
        let mut again = events[0].clone();
        again["id"] = "again".into();
        events.push(again);
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::SecondCreation { index: 0, .. })
    ));
}

#[test]
fn a_ticket_listed_twice_is_refused() {
    let bytes = edited(|v| {
        let tickets = v["tickets"].as_array_mut().unwrap();
        let copy = tickets[0].clone();
        tickets.push(copy);
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::DuplicateTicket {
            first: 0,
            second: 1,
            ..
        })
    ));
}

#[test]
fn only_the_merges_own_renumberings_are_accepted() {
    let creation = opened("b", "TS20231027001");
    let step = renumbering_step(&creation, 1).unwrap();
    let events = vec![creation.clone(), step.clone()];
    assert!(parse_export(exported(&events, &[]).as_bytes()).is_ok());

    let mut forged = step;
    forged.kind = EventKind::Renumbered {
        from: "TS20231027001".parse().unwrap(),
        to: "TS20231027009".parse().unwrap(),
    };
    let events = vec![creation, forged];
    assert_eq!(
        parse_export(exported(&events, &[]).as_bytes()),
        Err(ImportError::UnexpectedRenumbering {
            at: EventAt {
                ticket: 0,
                event: 1
            },
            event: EventId("b/renumbered/TS20231027001-TS20231027002".into()),
        })
    );
}

#[test]
fn damaged_attachments_are_refused() {
    let bytes = edited(|v| v["attachments"][0]["size"] = 3.into());
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::AttachmentSize {
            index: 0,
            declared: 3,
            actual: 25,
            ..
        })
    ));
    let bytes = edited(|v| v["attachments"][0]["data_base64"] = "AAAA".into());
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::AttachmentSize { .. })
    ));
    let bytes = edited(|v| {
        let blob = &mut v["attachments"][0];
        let text = blob["data_base64"].as_str().unwrap().replace('i', "j");
        blob["data_base64"] = text.into();
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::AttachmentChecksum { index: 0, .. })
    ));
    let bytes = edited(|v| v["attachments"][0]["data_base64"] = "not base64!".into());
    assert_eq!(invalid_field_path(&bytes), "attachments[0].data_base64");
}

#[test]
fn attachments_must_belong_to_a_ticket_and_have_one_content_per_id() {
    let bytes = edited(|v| v["attachments"][0]["id"] = "stray".into());
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::UnreferencedAttachment { index: 0, .. })
    ));
    let bytes = edited(|v| {
        let blobs = v["attachments"].as_array_mut().unwrap();
        let copy = blobs[0].clone();
        blobs.push(copy);
    });
    assert_eq!(parse_export(&bytes).unwrap().attachments.len(), 1);
    let (_, other) = screenshot("ts001", "shot-1", 5, b"different bytes");
    let bytes = edited(|v| {
        let blobs = v["attachments"].as_array_mut().unwrap();
        blobs.push(serde_json::json!({
            "id": "shot-1",
            "size": other.bytes.len(),
            "sha256": sha256_hex(&other.bytes),
            "data_base64": base64::engine::general_purpose::STANDARD.encode(&other.bytes),
        }));
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::ConflictingAttachments {
            first: 0,
            second: 1,
            ..
        })
    ));
}

#[test]
fn a_file_over_the_limit_is_refused_with_the_limit() {
    let bytes = vec![b' '; MAX_FILE_BYTES + 1];
    let err = parse_export(&bytes).unwrap_err();
    assert_eq!(
        err,
        ImportError::TooLarge {
            size: MAX_FILE_BYTES + 1,
            limit: MAX_FILE_BYTES
        }
    );
    assert!(err.to_string().contains("209715200 bytes (200 MiB)"));
}

#[test]
fn a_file_over_50_mb_within_the_limit_is_imported() {
    let (mut events, mut blobs) = template_ticket();
    let big: Vec<u8> = (0..40 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let (attached, blob) = screenshot("ts001", "video", 6, &big);
    events.push(attached);
    blobs.push(blob);
    let text = exported(&events, &blobs);
    assert!(text.len() > 50 * 1024 * 1024, "{} bytes", text.len());
    let file = parse_export(text.as_bytes()).unwrap();
    assert_eq!(file.attachments[1].bytes.len(), big.len());
}

/// The knowledge base of a second device that met the template's: KB-0001 written and edited
/// there, and KB-0002, written as KB-0001 on another device and moved on by a merge; the
/// template's ticket linked KB-0001 and consulted the moved article when it was still KB-0001.
pub(crate) fn knowledge_base() -> (Vec<Event>, Vec<ArticleEvent>) {
    let (mut events, _) = template_ticket();
    let tried = consulted("ts001", "ts001-tried", 6, &["KB-0001"]);
    let step = reference_renumbering_step(&tried, "KB-0001", 1).expect("a first step");
    events.extend([tried, step, linked("ts001", "ts001-link", 8, "KB-0001")]);
    let moved = written("KB-0002", "0190-b", "打印机脱机");
    let record =
        crate::merge::articles::article_renumbering_step(&moved, &ArticleId("KB-0001".into()), 1)
            .expect("a first step");
    let articles = vec![
        written("KB-0001", "0190-a", "VPN 无法连接"),
        revised("KB-0001", "0190-a-2", 2, "VPN 809 错误"),
        moved,
        record,
    ];
    (events, articles)
}

fn knowledge_file() -> String {
    let (events, articles) = knowledge_base();
    let (_, blobs) = template_ticket();
    export(&events, &articles, &blobs, &[], None, &meta())
}

/// The knowledge base's file with its JSON changed by `edit`.
fn kb_edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_str(&knowledge_file()).expect("export is JSON");
    edit(&mut value);
    serde_json::to_vec(&value).expect("JSON")
}

#[test]
fn articles_travel_in_a_version_2_file_and_read_back_as_written() {
    let (events, articles) = knowledge_base();
    let file = parse_export(knowledge_file().as_bytes()).unwrap();
    assert_eq!(file.version, 2);
    assert_eq!(sorted_by_id(file.events.clone()), sorted_by_id(events));
    assert_eq!(
        sorted_articles(file.articles.clone()),
        sorted_articles(articles.clone())
    );
    let read = fold_articles(&file.articles);
    assert_eq!(read, fold_articles(&articles));
    assert_eq!(read[0].current().title, "VPN 809 错误");
    assert_eq!(read[1].renumberings()[0].from.0, "KB-0001");
    // The consulted reference follows the moved article; the link is the other one.
    let ticket = Ticket::fold(&file.events).unwrap();
    assert_eq!(ticket.knowledge[0].id, "KB-0001");
    let consulted: Vec<&Reference> = ticket.attempts.iter().flat_map(|a| &a.consulted).collect();
    assert_eq!(
        consulted,
        [&Reference::Article {
            id: "KB-0002".into()
        }]
    );
}

#[test]
fn the_file_lists_articles_by_id_with_their_events_inside() {
    let value: Value = serde_json::from_str(&knowledge_file()).unwrap();
    assert_eq!(value["version"], 2);
    let articles = value["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["id"], "KB-0001");
    assert_eq!(articles[0]["events"][0]["kind"]["type"], "ArticleCreated");
    assert_eq!(articles[0]["events"][1]["kind"]["type"], "ArticleEdited");
    assert!(articles[0]["events"][0].get("article").is_none());
    assert_eq!(
        articles[1]["events"][1]["kind"]["type"],
        "ArticleRenumbered"
    );
}

#[test]
fn a_file_without_articles_is_still_version_1_for_older_fielddesks() {
    let value: Value = serde_json::from_str(&template_file()).unwrap();
    assert_eq!(value["version"], 1);
    assert!(value.get("articles").is_none());
}

#[test]
fn a_version_1_file_reads_as_version_1_fielddesks_read_it() {
    // They ignored fields they did not know, whatever they held.
    let bytes = edited(|v| v["articles"] = "not articles".into());
    let file = parse_export(&bytes).unwrap();
    assert!(file.articles.is_empty());
    assert_eq!(file.version, 1);
    // And they never made an article renumbering.
    let bytes = kb_edited(|v| {
        v["version"] = 1.into();
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::UnexpectedRenumbering {
            at: EventAt {
                ticket: 0,
                event: 6
            },
            ..
        })
    ));
}

#[test]
fn a_selection_carries_the_articles_its_tickets_link_or_consulted() {
    let (mut events, mut articles) = knowledge_base();
    events.push(opened("other", "TS20231027002"));
    articles.push(written("KB-0003", "0190-c", "邮箱满"));
    let text = export(
        &events,
        &articles,
        &[],
        &[],
        Some(&[TicketId("ts001".into())]),
        &meta(),
    );
    let file = parse_export(text.as_bytes()).unwrap();
    let ids: HashSet<&str> = file.articles.iter().map(|a| a.article.0.as_str()).collect();
    assert_eq!(ids, HashSet::from(["KB-0001", "KB-0002"]));
    let text = export(
        &events,
        &articles,
        &[],
        &[],
        Some(&[TicketId("other".into())]),
        &meta(),
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
}

#[test]
fn html_and_script_in_article_text_are_kept_verbatim() {
    let html = r#"<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" '单引号'"#;
    let mut creation = written("KB-0001", "a", html);
    if let ArticleEventKind::ArticleCreated { content } = &mut creation.kind {
        content.symptoms = html.into();
        content.cause = html.into();
        content.steps = vec![html.into()];
    }
    creation.actor.name = html.into();
    let mut edit = revised("KB-0001", html, 2, html);
    if let ArticleEventKind::ArticleEdited { note, .. } = &mut edit.kind {
        *note = html.into();
    }
    let articles = vec![creation, edit];
    let file = parse_export(export(&[], &articles, &[], &[], None, &meta()).as_bytes()).unwrap();
    assert_eq!(file.articles, articles);
    assert_eq!(Article::fold(&file.articles).unwrap().current().title, html);
}

#[test]
fn an_article_field_of_the_wrong_type_is_named_with_its_path() {
    let bytes = kb_edited(|v| v["articles"][0]["events"][1]["seq"] = "two".into());
    assert_eq!(invalid_field_path(&bytes), "articles[0].events[1].seq");
    let bytes = kb_edited(|v| v["articles"][0]["events"][0]["kind"]["type"] = "Deleted".into());
    assert_eq!(
        invalid_field_path(&bytes),
        "articles[0].events[0].kind.type"
    );
    let bytes = kb_edited(|v| v["articles"][1]["id"] = 2.into());
    assert_eq!(invalid_field_path(&bytes), "articles[1].id");
    let bytes = kb_edited(|v| v["articles"] = "none".into());
    assert_eq!(invalid_field_path(&bytes), "articles");
}

#[test]
fn an_article_listed_twice_is_refused() {
    let bytes = kb_edited(|v| {
        let articles = v["articles"].as_array_mut().unwrap();
        let copy = articles[0].clone();
        articles.push(copy);
    });
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::DuplicateArticle {
            first: 0,
            second: 2,
            article: ArticleId("KB-0001".into()),
        })
    );
}

#[test]
fn an_article_must_be_created_once_and_first() {
    let bytes = kb_edited(|v| {
        v["articles"][0]["events"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::MissingArticleCreation {
            index: 0,
            article: ArticleId("KB-0001".into()),
        })
    );
    let bytes = kb_edited(|v| {
        let events = v["articles"][0]["events"].as_array_mut().unwrap();
        let mut again = events[0].clone();
        again["id"] = "again".into();
        events.push(again);
    });
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::SecondArticleCreation { index: 0, .. })
    ));
    let bytes = kb_edited(|v| v["articles"][0]["events"][1]["seq"] = 0.into());
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::ArticleEventBeforeCreation {
            at: ArticleEventAt {
                article: 0,
                event: 1
            },
            event: EventId("0190-a-2".into()),
        })
    );
}

#[test]
fn an_article_event_id_used_twice_with_different_content_is_refused() {
    let bytes = kb_edited(|v| {
        let edit = v["articles"][0]["events"][1].clone();
        v["articles"][1]["events"]
            .as_array_mut()
            .unwrap()
            .push(edit);
    });
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::ConflictingArticleEvents {
            event: EventId("0190-a-2".into()),
            first: ArticleEventAt {
                article: 0,
                event: 1
            },
            second: ArticleEventAt {
                article: 1,
                event: 2
            },
        })
    );
    // The same event twice in one article is the same fact twice.
    let bytes = kb_edited(|v| {
        let events = v["articles"][0]["events"].as_array_mut().unwrap();
        let copy = events[1].clone();
        events.push(copy);
    });
    assert_eq!(parse_export(&bytes).unwrap().articles.len(), 4);
}

#[test]
fn only_the_merges_own_article_renumberings_are_accepted() {
    let forged = |edit: fn(&mut Value)| {
        let bytes = kb_edited(|v| edit(&mut v["articles"][1]["events"][1]));
        parse_export(&bytes)
    };
    let expected = Err(ImportError::UnexpectedArticleRenumbering {
        at: ArticleEventAt {
            article: 1,
            event: 1,
        },
        event: EventId("0190-b/renumbered/KB-0001-KB-0002".into()),
    });
    assert_eq!(forged(|e| e["kind"]["to"] = "KB-0009".into()), expected);
    assert_eq!(forged(|e| e["actor"]["name"] = "张三".into()), expected);
    assert!(matches!(
        forged(|e| e["id"] = "made-up".into()),
        Err(ImportError::UnexpectedArticleRenumbering { .. })
    ));
    // A renumbering that does not lead to the id the article is listed under.
    let bytes = kb_edited(|v| v["articles"][1]["id"] = "KB-0007".into());
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::UnexpectedArticleRenumbering {
            at: ArticleEventAt {
                article: 1,
                event: 1
            },
            event: EventId("0190-b/renumbered/KB-0001-KB-0002".into()),
        })
    );
}

#[test]
fn only_the_merges_own_reference_renumberings_are_accepted() {
    let bytes = kb_edited(|v| v["tickets"][0]["events"][6]["kind"]["to"] = "KB-0001".into());
    assert_eq!(
        parse_export(&bytes),
        Err(ImportError::UnexpectedRenumbering {
            at: EventAt {
                ticket: 0,
                event: 6
            },
            event: EventId("ts001-tried/article/KB-0001/KB-0001-KB-0002".into()),
        })
    );
    let bytes =
        kb_edited(|v| v["tickets"][0]["events"][6]["kind"]["event"] = "ts001-assigned".into());
    assert!(matches!(
        parse_export(&bytes),
        Err(ImportError::UnexpectedRenumbering { .. })
    ));
}

/// Stores with arbitrary text, of the devices the merge tests draw: one device's as it is, or
/// after it merged another's (with renumbered tickets and articles and followed references).
fn logs() -> impl Strategy<Value = Store> {
    (
        stores(),
        any::<bool>(),
        proptest::collection::vec(any::<String>(), 1..4),
    )
        .prop_map(|(stores, merge, texts)| {
            let mut store = if merge {
                merged_store(&stores[0], &stores[1])
            } else {
                stores[0].clone()
            };
            for (index, text) in texts.iter().enumerate() {
                if let Some(first) = store.events.first().map(|e| e.ticket.0.clone()) {
                    let id = format!("{first}-text{index}");
                    store.events.push(noted(&first, &id, 3, text));
                }
                if let Some(first) = store.articles.values().next().cloned() {
                    let id = format!("{}-text{index}", first.id.0);
                    let mut edit = revised(&first.article.0, &id, 3, text);
                    if let ArticleEventKind::ArticleEdited { content, .. } = &mut edit.kind {
                        content.steps.push(text.clone());
                    }
                    store.articles.insert(edit.id.clone(), edit);
                }
            }
            store
        })
}

fn sorted_articles(mut events: Vec<ArticleEvent>) -> Vec<ArticleEvent> {
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

proptest! {
    #[test]
    fn export_then_import_is_the_identity(store in logs()) {
        let articles = store.article_events();
        let text = export(&store.events, &articles, &[], &[], None, &meta());
        let file = parse_export(text.as_bytes()).unwrap();
        prop_assert_eq!(sorted_by_id(file.events.clone()), sorted_by_id(store.events.clone()));
        prop_assert_eq!(sorted_articles(file.articles.clone()), sorted_articles(articles.clone()));
        let mut before = fold_log(&store.events);
        let mut after = fold_log(&file.events);
        before.sort_by(|a, b| a.id.cmp(&b.id));
        after.sort_by(|a, b| a.id.cmp(&b.id));
        prop_assert_eq!(before, after);
        prop_assert_eq!(fold_articles(&articles), fold_articles(&file.articles));
        prop_assert_eq!(file.version, if articles.is_empty() { 1 } else { 2 });
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_export(&bytes);
    }

    #[test]
    fn damaged_exports_never_panic(
        cut in any::<proptest::sample::Index>(),
        flips in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 0..8),
        utf16 in any::<bool>(),
    ) {
        let mut bytes = template_file().into_bytes();
        for (at, byte) in flips {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        if utf16 {
            bytes.splice(0..0, [0xFF, 0xFE]);
        }
        let _ = parse_export(&bytes);
    }
}

/// The template's ticket with 张三's feedback signed on site, and the signature's bytes.
fn signed_ticket() -> (Vec<Event>, Vec<AttachmentBlob>) {
    let (mut events, mut blobs) = template_ticket();
    let signature = AttachmentBlob {
        id: AttachmentId("sig-1".into()),
        bytes: b"\x89PNG\r\n\x1a\n a signature".to_vec(),
    };
    events.push(event(
        "ts001",
        "ts001-feedback",
        6,
        EventKind::FeedbackRecorded {
            result: Feedback::Resolved,
            confirmation: "已解决,确认可正常登录".into(),
            confirmed_by: ConfirmedBy::HandlerOnBehalf,
            taken: Some(Taken::OnSite {
                signature: Some(Signature {
                    signer: "张三".into(),
                    image: Attachment {
                        id: signature.id.clone(),
                        file_name: "签名-张三.png".into(),
                        media_type: "image/png".into(),
                        size: signature.bytes.len() as u64,
                        to: AttachedTo::Feedback,
                    },
                }),
            }),
        },
    ));
    blobs.push(signature);
    (events, blobs)
}

#[test]
fn a_signature_travels_with_its_bytes_in_a_version_4_file() {
    let (events, blobs) = signed_ticket();
    let text = exported(&events, &blobs);
    let file = parse_export(text.as_bytes()).unwrap();
    assert_eq!(file.version, 4);
    assert_eq!(
        file.attachments, blobs,
        "the signature's bytes are in the file"
    );
    let signed = events.last().unwrap();
    assert_eq!(
        file.events.iter().find(|e| e.id == signed.id),
        Some(signed),
        "the feedback reads back with its signer and image"
    );
}

#[test]
fn importing_a_signed_ticket_stores_the_signatures_bytes() {
    let (events, blobs) = signed_ticket();
    let file = parse_export(exported(&events, &blobs).as_bytes()).unwrap();
    let preview = crate::import::preview(&[], &[], &[], &[], &file);
    assert_eq!(preview.plan.attachments, blobs);
    // A device that already holds the screenshot is sent only the signature.
    let preview = crate::import::preview(&[], &[], &[AttachmentId("shot-1".into())], &[], &file);
    assert_eq!(preview.plan.attachments, blobs[1..]);
}

/// A writer that takes at most `limit` bytes per call, as a sink of pieces would.
struct Pieces {
    pieces: Vec<Vec<u8>>,
    limit: usize,
}

impl std::io::Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.limit);
        self.pieces.push(buf[..n].to_vec());
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_export_written_in_pieces_is_the_same_file() {
    let (events, blobs) = signed_ticket();
    let whole = exported(&events, &blobs);
    let mut out = Pieces {
        pieces: Vec::new(),
        limit: 7,
    };
    export_to(&events, &[], &blobs, &[], None, &meta(), &mut out).unwrap();
    assert!(out.pieces.len() > 10, "written piece by piece");
    assert_eq!(out.pieces.concat(), whole.as_bytes());
    assert!(!is_gzip(whole.as_bytes()));
    assert!(is_gzip(&[0x1f, 0x8b, 8, 0]));
}

#[test]
fn files_past_20_mb_are_compressed_unless_the_person_says_otherwise() {
    assert!(!Compression::default().applies(COMPRESS_PAST_BYTES));
    assert!(Compression::default().applies(COMPRESS_PAST_BYTES + 1));
    assert!(Compression::Always.applies(10));
    assert!(!Compression::Never.applies(u64::MAX));
}
