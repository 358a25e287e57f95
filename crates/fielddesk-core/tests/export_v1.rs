//! The export format as a public contract: files written by format version 1 keep reading, and
//! what this build writes matches `docs/export.schema.json`.

use chrono::{DateTime, TimeZone, Utc};
use fielddesk_core::merge::renumbering_step;
use fielddesk_core::{
    export, fold_log, parse_export, AttachedTo, Attachment, AttachmentBlob, AttachmentId, Category,
    ConfirmedBy, Description, Event, EventId, EventKind, ExportMeta, Feedback, Intake,
    KnowledgeLink, Person, Priority, Reference, Step, Supporter, Ticket, TicketId,
};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export-v1.json");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export.schema.json");

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    // 2023-10-27, Beijing time (UTC+8).
    Utc.with_ymd_and_hms(2023, 10, 27, hour - 8, minute, 0)
        .single()
        .expect("valid time")
}

fn person(name: &str, employee_id: &str) -> Person {
    Person {
        name: name.into(),
        employee_id: employee_id.into(),
    }
}

fn template_intake() -> Intake {
    fielddesk_core::example::zhang_san_intake()
}

/// One event of `ticket` with id `{ticket}-{seq}`.
fn event(ticket: &str, seq: u64, time: DateTime<Utc>, actor: &Person, kind: EventKind) -> Event {
    Event {
        id: EventId(format!("{ticket}-{seq:02}")),
        ticket: TicketId(ticket.into()),
        seq,
        actor: actor.clone(),
        at: time,
        kind,
    }
}

fn screenshot() -> AttachmentBlob {
    AttachmentBlob {
        id: AttachmentId("shot-1".into()),
        bytes: b"\x89PNG\r\n\x1a\n(screenshot of the error)".to_vec(),
    }
}

/// The template's ticket (PROCESS.md R6) from intake to 已归档, with a screenshot.
fn template_ticket() -> Vec<Event> {
    let t = "0190a3c2-7b1e-7cc0-9a11-000000000001";
    let li_si = person("李四", "TS100");
    let wang_wu = person("王五", "TS200");
    let zhang_san = template_intake().submitter.person();
    let kinds = [
        EventKind::TicketCreated {
            number: "TS20231027001".parse().expect("valid number"),
            intake: template_intake(),
            sla_policy: None,
        },
        EventKind::Assigned {
            handler: li_si.clone(),
        },
        EventKind::Classified {
            categories: vec![Category::new("系统故障", "登录异常").expect("valid category")],
        },
        EventKind::PriorityConfirmed {
            priority: Priority::P1,
            reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
        },
        EventKind::FileAttached {
            attachment: Attachment {
                id: screenshot().id,
                file_name: "验证码错误.png".into(),
                media_type: "image/png".into(),
                size: screenshot().bytes.len() as u64,
                to: AttachedTo::Description,
            },
        },
        EventKind::ProgressUpdated {
            note: "10:30接收工单,11:00联系用户补充信息,14:00定位为缓存异常".into(),
        },
        EventKind::AttemptRecorded {
            action: "重启验证码服务".into(),
            consulted: vec![Reference::Article {
                id: "KB-001".into(),
            }],
        },
        EventKind::Escalated {
            reason: "一线重启后仍失败".into(),
            supporters: vec![Supporter {
                person: wang_wu.clone(),
                role: "开发工程师".into(),
            }],
        },
        EventKind::RootCauseRecorded {
            root_cause: "缓存异常".into(),
            plan: "清理缓存并重启Tomcat".into(),
        },
        EventKind::FixApplied {
            solution: "清理浏览器缓存,重启Tomcat服务,验证码恢复正常".into(),
        },
        EventKind::Verified {
            note: "预生产环境验证通过".into(),
        },
        EventKind::FeedbackRecorded {
            result: Feedback::Resolved,
            confirmation: "已解决,确认可正常登录".into(),
            confirmed_by: ConfirmedBy::Requester,
            taken: None,
        },
        EventKind::ArticleLinked {
            article: KnowledgeLink {
                id: "KB-042".into(),
                title: "OA验证码错误的处理".into(),
            },
        },
        EventKind::Archived {
            no_article_reason: None,
        },
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let actor = match &kind {
                EventKind::RootCauseRecorded { .. } | EventKind::FixApplied { .. } => &wang_wu,
                EventKind::FeedbackRecorded { .. } => &zhang_san,
                _ => &li_si,
            }
            .clone();
            event(t, i as u64 + 1, at(10, 30 + i as u32), &actor, kind)
        })
        .collect()
}

/// A ticket from a second device that got the same number and was moved on by a merge.
fn renumbered_ticket() -> Vec<Event> {
    let created = event(
        "0190a3c2-7b1e-7cc0-9a11-000000000002",
        1,
        at(10, 5),
        &person("赵六", "TS300"),
        EventKind::TicketCreated {
            number: "TS20231027001".parse().expect("valid number"),
            intake: template_intake(),
            sla_policy: None,
        },
    );
    let step = renumbering_step(&created, 1).expect("a first step exists");
    vec![created, step]
}

/// One event of every kind the fixture lacks, so the schema sees them all.
fn every_other_kind() -> Vec<Event> {
    let li_si = person("李四", "TS100");
    let supporter = Supporter {
        person: person("王五", "TS200"),
        role: "系统运维".into(),
    };
    let category = Category::new("操作咨询", "流程审批").expect("valid category");
    let kinds = [
        EventKind::TicketCreated {
            number: "TS20231028001".parse().expect("valid number"),
            intake: template_intake(),
            sla_policy: None,
        },
        EventKind::InformationFlaggedIncomplete {
            missing: "操作路径".into(),
        },
        EventKind::RequesterContacted {
            note: "电话补充".into(),
            description: Some(Description {
                symptom: "提示验证码错误".into(),
                occurred: "10:00".into(),
                operation_path: "OA > 登录".into(),
                error_text: "验证码错误".into(),
            }),
        },
        EventKind::Responded {
            note: "已收到".into(),
        },
        EventKind::RequesterPhoned {
            note: "已电话联系".into(),
        },
        EventKind::CrossDomainReported {
            note: "涉及网络".into(),
        },
        EventKind::JointlyConfirmed {
            experts: vec![supporter.clone()],
            categories: vec![category],
            priority: Priority::P1,
            reason: None,
        },
        EventKind::AttemptRecorded {
            action: "对照历史工单".into(),
            consulted: vec![Reference::PastTicket {
                number: "TS20231027001".parse().expect("valid number"),
            }],
        },
        EventKind::SupporterJoined { supporter },
        EventKind::ApprovalRequested {
            subject: "服务器扩容".into(),
        },
        EventKind::Approved {
            note: "同意".into(),
        },
        EventKind::Rejected {
            reason: "预算不足".into(),
        },
        EventKind::ResolutionEstimated {
            expected_at: at(20, 0),
        },
        EventKind::UserInformedOfEstimate {
            note: "已告知".into(),
        },
        EventKind::WaitingOnRequester {
            reason: "等待用户回复".into(),
        },
        EventKind::Resumed {
            note: "用户已回复".into(),
        },
        EventKind::FeedbackRecorded {
            result: Feedback::PartlyResolved,
            confirmation: "部分解决".into(),
            confirmed_by: ConfirmedBy::HandlerOnBehalf,
            taken: None,
        },
        EventKind::Archived {
            no_article_reason: Some("重复问题".into()),
        },
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| event("every-kind", i as u64 + 1, at(11, i as u32), &li_si, kind))
        .collect()
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: at(18, 0),
        exported_by: person("李四", "TS100"),
        settings: None,
    }
}

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE).expect("the v1 fixture is committed")
}

#[test]
fn a_version_1_file_still_reads_as_the_templates_ticket() {
    let file = parse_export(&fixture()).expect("a v1 file reads");
    assert_eq!(file.version, 1);
    assert_eq!(file.meta.exported_by, person("李四", "TS100"));
    let mut tickets = fold_log(&file.events);
    tickets.sort_by_key(|t| t.number);
    let [template, other] = &tickets[..] else {
        panic!("two tickets, got {}", tickets.len());
    };
    assert_eq!(template.number.to_string(), "TS20231027001");
    assert_eq!(template.intake.submitter.name, "张三");
    assert_eq!(template.intake.submitter.department, "研发部");
    assert!(template.intake.description.symptom.contains("验证码错误"));
    assert_eq!(template.requested_priority(), Priority::P2);
    assert_eq!(template.priority(), Priority::P1);
    assert_eq!(
        template.solution(),
        Some("清理浏览器缓存,重启Tomcat服务,验证码恢复正常")
    );
    assert_eq!(template.step, Step::Archived);
    assert!(template.timeline.iter().all(|e| e.applied));
    assert_eq!(file.attachments, [screenshot()]);
    assert_eq!(template.attachments[0].id, screenshot().id);
    // The second device's ticket keeps its renumbering.
    assert_eq!(other.number.to_string(), "TS20231027002");
}

#[test]
fn the_fixture_is_what_this_build_would_write() {
    let events: Vec<Event> = template_ticket()
        .into_iter()
        .chain(renumbered_ticket())
        .collect();
    let written: serde_json::Value =
        serde_json::from_str(&export(&events, &[], &[screenshot()], &[], None, &meta()))
            .expect("JSON");
    let committed: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    assert_eq!(written, committed);
    let fixture_ticket = Ticket::fold(&template_ticket()).expect("created");
    assert_eq!(fixture_ticket.step, Step::Archived);
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
fn exported_files_validate_against_the_schema() {
    let validator = schema();
    let committed: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    assert_valid(&validator, &committed);

    let events: Vec<Event> = template_ticket()
        .into_iter()
        .chain(renumbered_ticket())
        .chain(every_other_kind())
        .collect();
    let mut meta = meta();
    meta.settings = serde_json::json!({"channels": ["工单系统"]})
        .as_object()
        .cloned();
    let text = export(&events, &[], &[screenshot()], &[], None, &meta);
    assert_valid(&validator, &serde_json::from_str(&text).expect("JSON"));
}

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let validator = schema();
    let mut document: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    document["version"] = 7.into();
    assert!(!validator.is_valid(&document));
    let mut document: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    document["tickets"][0]["events"][0]["seq"] = "one".into();
    assert!(!validator.is_valid(&document));
    let mut document: serde_json::Value = serde_json::from_slice(&fixture()).expect("JSON");
    document["tickets"][0]["events"][0]["kind"]["type"] = "Deleted".into();
    assert!(!validator.is_valid(&document));
}
