//! Format version 3: a ticket migrated from a tracking sheet (`MigratedFromSheet`). The fixture
//! is the template's example row migrated and exported; this build must write it byte for byte
//! (as JSON), the schema must take it, and reading it back must give the same events.

use chrono::{TimeZone, Utc};
use fielddesk_core::migration::{migrate, recognise, Origin};
use fielddesk_core::sla::SlaPolicy;
use fielddesk_core::{export, parse_export, ExportMeta, Person};

const FIXTURE_V3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export-v3.json");
const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/export.schema.json");

fn sheet() -> Vec<Vec<String>> {
    [
        [
            "问题编号",
            "提交人信息",
            "问题描述",
            "问题分类",
            "优先级",
            "一线处理人",
            "处理进度记录",
            "解决方案",
            "用户反馈",
            "归档状态",
            "知识库",
        ],
        [
            "TS20231027001",
            "张三/TS001-研发部-13800000000",
            "10:00登录OA系统时提示'验证码错误',已尝试3次均失败",
            "系统故障-登录异常",
            "P1(影响全部门登录)",
            "李四/TS100",
            "10:30接收工单,11:00联系用户补充信息,14:00定位为缓存异常",
            "清理浏览器缓存,重启Tomcat服务,验证码恢复正常",
            "已解决,确认可正常登录",
            "已归档",
            "KB-0012",
        ],
    ]
    .iter()
    .map(|row| row.iter().map(|c| c.to_string()).collect())
    .collect()
}

fn written() -> String {
    let by = Person {
        name: "陈主管".into(),
        employee_id: "TS300".into(),
    };
    let at = Utc.with_ymd_and_hms(2024, 1, 5, 8, 0, 0).unwrap();
    let policy = SlaPolicy::default();
    let sheet = sheet();
    let migration = migrate(
        &sheet,
        &recognise(&sheet),
        &Origin {
            file: "2023年问题跟踪表.xlsx",
            by: &by,
            at,
            policy: &policy,
        },
    );
    assert_eq!(migration.tickets, 1);
    let meta = ExportMeta {
        exported_at: at,
        exported_by: by,
        settings: None,
    };
    export(&migration.export.events, &[], &[], &[], None, &meta)
}

#[test]
fn a_migrated_ticket_is_written_as_version_3_the_fixture_shows() {
    let written: serde_json::Value = serde_json::from_str(&written()).expect("JSON");
    assert_eq!(written["version"], 3);
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(FIXTURE_V3).expect("the v3 fixture is committed"),
    )
    .expect("JSON");
    assert_eq!(written, fixture);
}

#[test]
fn the_v3_fixture_fits_the_schema_and_reads_back() {
    let fixture = std::fs::read(FIXTURE_V3).expect("the v3 fixture is committed");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).expect("schema")).expect("JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("a valid schema");
    let document: serde_json::Value = serde_json::from_slice(&fixture).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let read = parse_export(&fixture).expect("the fixture reads");
    assert_eq!(read.version, 3);
    let tickets = fielddesk_core::fold_log(&read.events);
    assert_eq!(tickets[0].step, fielddesk_core::Step::Archived);
    assert_eq!(tickets[0].migrated.as_ref().map(|m| m.row), Some(2));
}
