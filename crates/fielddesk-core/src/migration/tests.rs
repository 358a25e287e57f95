use super::*;
use crate::import::preview;
use crate::log::fold_log;
use crate::ticket::Ticket;
use crate::workflow::{ArchiveStatus, Step};
use chrono::TimeZone;

fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

const R6: [&str; 12] = [
    "问题编号",
    "提交人信息",
    "问题描述",
    "问题分类",
    "优先级",
    "一线处理人",
    "二线支持人员",
    "处理进度记录",
    "解决方案",
    "用户反馈",
    "归档状态",
    "知识库",
];

/// The template's example row (PROCESS.md R6).
const EXAMPLE: [&str; 12] = [
    "TS20231027001",
    "张三/TS001-研发部-13800000000",
    "10:00登录OA系统时提示'验证码错误',已尝试3次均失败",
    "系统故障-登录异常",
    "P1(影响全部门登录)",
    "李四/TS100",
    "王五/TS200(开发工程师)",
    "10:30接收工单,11:00联系用户补充信息,14:00定位为缓存异常",
    "清理浏览器缓存,重启Tomcat服务,验证码恢复正常",
    "已解决,确认可正常登录",
    "已归档",
    "KB-0012 OA验证码错误",
];

fn importer() -> Person {
    Person {
        name: "陈主管".into(),
        employee_id: "TS900".into(),
    }
}

fn run(sheet: &[Vec<String>]) -> Migration {
    let mapping = recognise(sheet);
    let by = importer();
    let policy = SlaPolicy::default();
    migrate(
        sheet,
        &mapping,
        &Origin {
            file: "跟踪表.xlsx",
            by: &by,
            at: Utc.with_ymd_and_hms(2024, 1, 5, 8, 0, 0).unwrap(),
            policy: &policy,
        },
    )
}

fn tickets(migration: &Migration) -> Vec<Ticket> {
    fold_log(&migration.export.events)
}

#[test]
fn the_r6_headers_and_their_variants_are_recognised_below_a_title_row() {
    let sheet = rows(&[
        &["流程跟踪记录表单", "", ""],
        &[
            "编号",
            "提交人",
            "联系方式",
            "部门",
            "描述",
            "优先级 (P1-P4)",
            "处理人",
            "进度",
            "状态",
            "备注",
        ],
    ]);
    let mapping = recognise(&sheet);
    assert_eq!(mapping.header_row, 1);
    assert_eq!(
        mapping.columns,
        [
            Some(Column::Number),
            Some(Column::SubmitterName),
            Some(Column::Contact),
            Some(Column::Department),
            Some(Column::Description),
            Some(Column::Priority),
            Some(Column::FirstLine),
            Some(Column::Progress),
            Some(Column::Status),
            None,
        ]
    );
    let r6 = recognise(&rows(&[&R6]));
    assert_eq!(r6.header_row, 0);
    assert!(r6.columns.iter().all(Option::is_some), "{r6:?}");
}

#[test]
fn correcting_the_mapping_moves_a_field_to_one_column() {
    let mut mapping = recognise(&rows(&[&["编号", "描述", "备注"]]));
    mapping.set(2, Some(Column::Description));
    assert_eq!(
        mapping.columns,
        [Some(Column::Number), None, Some(Column::Description)]
    );
}

#[test]
fn composite_cells_split_as_the_template_writes_them() {
    let sheet = rows(&[&R6, &EXAMPLE]);
    let migration = run(&sheet);
    assert_eq!(migration.refused, []);
    let ticket = &tickets(&migration)[0];
    assert_eq!(ticket.number.to_string(), "TS20231027001");
    let s = &ticket.intake.submitter;
    assert_eq!(
        (&*s.name, &*s.employee_id, &*s.department, &*s.contact),
        ("张三", "TS001", "研发部", "13800000000")
    );
    assert_eq!(ticket.categories[0].to_string(), "系统故障-登录异常");
    let review = ticket.priority_review.as_ref().unwrap();
    assert_eq!(review.priority, Priority::P1);
    assert_eq!(review.reason.as_deref(), Some("影响全部门登录"));
    assert_eq!(ticket.first_line.as_ref().unwrap().employee_id, "TS100");
    assert_eq!(ticket.second_line[0].person.name, "王五");
    assert_eq!(ticket.second_line[0].role, "开发工程师");
    // 10:30, 11:00 and 14:00 in Shanghai (UTC+8) on 2023-10-27 are 02:30, 03:00, 06:00 UTC.
    let progress: Vec<(String, &str)> = ticket
        .progress
        .iter()
        .map(|p| (p.at.format("%H:%M").to_string(), p.text.as_str()))
        .collect();
    assert_eq!(
        progress,
        [
            ("02:30".to_string(), "接收工单"),
            ("03:00".to_string(), "联系用户补充信息"),
            ("06:00".to_string(), "定位为缓存异常"),
        ]
    );
    assert_eq!(
        ticket.created_at,
        Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0).unwrap()
    );
}

#[test]
fn an_archived_row_lands_archived_and_resolved_with_no_step_invented() {
    let migration = run(&rows(&[&R6, &EXAMPLE]));
    let ticket = &tickets(&migration)[0];
    assert_eq!(ticket.step, Step::Archived);
    assert_eq!(ticket.archive_status(), Some(ArchiveStatus::Archived));
    // Resolved at the last time the row shows, 14:00 Shanghai: the monthly report counts it.
    assert_eq!(
        ticket.resolved_at,
        Some(Utc.with_ymd_and_hms(2023, 10, 27, 6, 0, 0).unwrap())
    );
    assert_eq!(
        ticket.solution(),
        Some("清理浏览器缓存,重启Tomcat服务,验证码恢复正常")
    );
    assert!(ticket.verifications.is_empty() && ticket.attempts.is_empty());
    assert!(ticket.root_cause.is_none());
    assert!(ticket.timeline.iter().all(|e| e.applied));
    // R7.1: the sheet shows no first response.
    assert_eq!(ticket.first_response_at, None);
    let origin = ticket.migrated.as_ref().unwrap();
    assert_eq!((origin.file.as_str(), origin.row), ("跟踪表.xlsx", 2));
    let EventKind::MigratedFromSheet { cells, .. } = &ticket.timeline[1].event.kind else {
        panic!("the marker follows the creation");
    };
    assert!(cells.contains(&("知识库".to_string(), "KB-0012 OA验证码错误".to_string())));
    assert_eq!(ticket.timeline[1].event.actor, importer());
}

#[test]
fn an_open_row_stays_open_in_the_step_its_cells_imply() {
    let mut open = EXAMPLE;
    open[8] = "";
    open[9] = "";
    open[10] = "处理中";
    let migration = run(&rows(&[&R6, &open]));
    let ticket = &tickets(&migration)[0];
    assert_eq!(ticket.step, Step::SecondLineHandling);
    assert_eq!(ticket.resolved_at, None);

    let mut pending = EXAMPLE;
    pending[10] = "待归档";
    let migration = run(&rows(&[&R6, &pending]));
    assert_eq!(tickets(&migration)[0].step, Step::Resolved);
}

#[test]
fn a_later_command_on_a_migrated_ticket_is_checked_as_usual() {
    let mut open = EXAMPLE;
    open[6] = "";
    open[8] = "";
    open[9] = "";
    open[10] = "";
    let migration = run(&rows(&[&R6, &open]));
    let ticket = tickets(&migration).remove(0);
    assert_eq!(ticket.step, Step::FirstLineHandling);
    // Escalating needs an attempt (R3.1) once the sheet's facts are folded.
    let stamp = crate::ticket::Stamp {
        event_id: EventId("later".into()),
        actor: importer(),
        at: Utc.with_ymd_and_hms(2024, 1, 5, 9, 0, 0).unwrap(),
    };
    let refused = crate::workflow::decide(
        &ticket,
        crate::workflow::Command::Escalate {
            reason: "超时".into(),
            supporters: vec![],
        },
        crate::roles::Role::FirstLine,
        stamp,
        &crate::standard::CategoryStandard::default(),
        crate::feedback::WorkflowPolicy::default(),
    );
    assert!(refused.is_err());
}

#[test]
fn bad_cells_refuse_their_row_with_the_row_the_column_and_why() {
    let mut p5 = EXAMPLE;
    p5[0] = "TS20231027014";
    p5[4] = "P5";
    let mut no_symptom = EXAMPLE;
    no_symptom[0] = "TS20231027015";
    no_symptom[2] = "";
    let mut unresolved_archived = EXAMPLE;
    unresolved_archived[0] = "TS20231027016";
    unresolved_archived[9] = "部分解决,仍偶发";
    let mut bad_number = EXAMPLE;
    bad_number[0] = "#17";
    let mut bad_category = EXAMPLE;
    bad_category[0] = "TS20231027018";
    bad_category[3] = "登录异常";
    let sheet = rows(&[
        &R6,
        &EXAMPLE,
        &["", "", ""],
        &p5,
        &no_symptom,
        &unresolved_archived,
        &bad_number,
        &bad_category,
        &EXAMPLE,
    ]);
    let migration = run(&sheet);
    assert_eq!(migration.tickets, 1);
    let refused: Vec<(usize, Option<Column>, RowProblem)> = migration
        .refused
        .into_iter()
        .map(|r| (r.row, r.column, r.problem))
        .collect();
    let number: TicketNo = "TS20231027001".parse().unwrap();
    assert_eq!(
        refused,
        [
            (
                4,
                Some(Column::Priority),
                RowProblem::BadPriority("P5".into())
            ),
            (5, Some(Column::Description), RowProblem::Missing),
            (
                6,
                Some(Column::Feedback),
                RowProblem::SolvedWithoutResolution
            ),
            (7, Some(Column::Number), RowProblem::BadNumber("#17".into())),
            (
                8,
                Some(Column::Category),
                RowProblem::BadCategory("登录异常".into())
            ),
            (9, Some(Column::Number), RowProblem::DuplicateNumber(number)),
        ]
    );
}

#[test]
fn a_row_without_a_number_is_numbered_on_its_date_around_the_sheets_numbers() {
    let sheet = rows(&[
        &["编号", "日期", "提交人", "描述", "优先级"],
        &["", "45226", "张三", "打印机卡纸", "P3"],
        &["TS20231027001", "", "李四", "无法登录", "P2"],
    ]);
    let migration = run(&sheet);
    assert_eq!(migration.refused, []);
    let mut numbers: Vec<String> = tickets(&migration)
        .iter()
        .map(|t| t.number.to_string())
        .collect();
    numbers.sort();
    // Serial 45226 is 2023-10-27; 001 is the sheet's, so the unnumbered row gets 002.
    assert_eq!(numbers, ["TS20231027001", "TS20231027002"]);
}

#[test]
fn importing_the_same_sheet_twice_changes_nothing_and_a_collision_is_renumbered() {
    let sheet = rows(&[&R6, &EXAMPLE]);
    let first = run(&sheet);
    let once = preview(&[], &[], &[], &[], &first.export);
    assert_eq!(once.new.len(), 1);
    let stored = once.plan.events.clone();
    let again = preview(&stored, &[], &[], &[], &run(&sheet).export);
    assert!(again.plan.is_empty());
    assert_eq!(again.unchanged.len(), 1);

    // Another row with the same number, already on this device: one of them moves on.
    let mut other = EXAMPLE;
    other[2] = "打印机无法连接";
    let clash = run(&rows(&[&R6, &other]));
    let renumbered = preview(&stored, &[], &[], &[], &clash.export);
    assert_eq!(renumbered.new.len(), 1);
    assert_eq!(renumbered.renumberings.len(), 1);
}

#[test]
fn the_audit_says_unknown_for_clocks_the_sheet_cannot_show() {
    let ticket = &tickets(&run(&rows(&[&R6, &EXAMPLE])))[0];
    let now = Utc.with_ymd_and_hms(2024, 1, 5, 8, 0, 0).unwrap();
    let entries = crate::sla::audit(&crate::sla::timeline_of(ticket), &SlaPolicy::default(), now);
    assert!(!entries.is_empty());
    assert!(
        entries
            .iter()
            .all(|e| e.outcome == crate::sla::Outcome::Unknown),
        "{entries:?}"
    );
}

#[test]
fn closed_rows_count_in_their_months_report() {
    let migrated = tickets(&run(&rows(&[&R6, &EXAMPLE])));
    let policy = SlaPolicy::default();
    let mut book = crate::sla::PolicyBook::default();
    book.add(policy.clone());
    let report = crate::report::monthly_report(
        &migrated,
        crate::report::YearMonth::new(2023, 10).unwrap(),
        Utc.with_ymd_and_hms(2024, 1, 5, 8, 0, 0).unwrap(),
        &crate::report::SlaPolicies {
            book: &book,
            default: &policy,
        },
    );
    assert_eq!((report.headline.opened, report.headline.resolved), (1, 1));
    // 10:30 to 14:00 Shanghai: three and a half hours of handling.
    assert_eq!(report.headline.mean_handling, Some(Duration::minutes(210)));
}

#[test]
fn a_corrected_mapping_is_remembered_for_the_next_sheet() {
    let sheet = rows(&[&["编号", "报修内容", "描述"]]);
    let mut mapping = recognise(&sheet);
    mapping.set(1, Some(Column::Description));
    let remembered = mapping.remember(&sheet, &[]);
    assert_eq!(
        remembered,
        [
            Remembered {
                header: "报修内容".into(),
                column: Some(Column::Description)
            },
            Remembered {
                header: "描述".into(),
                column: None
            },
        ]
    );
    let next = rows(&[&["报修内容", "描述", "编号"]]);
    let mut again = recognise(&next);
    again.recall(&next, &remembered);
    assert_eq!(
        again.columns,
        [Some(Column::Description), None, Some(Column::Number)]
    );
}

#[test]
fn no_live_clock_of_a_migrated_ticket_claims_met_or_breached() {
    let mut open = EXAMPLE;
    open[8] = "";
    open[9] = "";
    open[10] = "处理中";
    let ticket = &tickets(&run(&rows(&[&R6, &open])))[0];
    let now = Utc.with_ymd_and_hms(2024, 1, 5, 8, 0, 0).unwrap();
    let report = crate::sla::evaluate(&crate::sla::timeline_of(ticket), &SlaPolicy::default(), now);
    assert!(
        report
            .readings
            .iter()
            .all(|r| r.state == crate::sla::ClockState::NotApplicable),
        "{report:?}"
    );
}
