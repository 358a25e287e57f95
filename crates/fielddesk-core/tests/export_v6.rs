//! Format version 6: a retrospective or a checklist item saved as its own record, and team
//! sync's file limit. A file
//! with either is version 6, fits the schema and reads back; one without them stays version 5;
//! a limit no settings page saves is refused with its own error.

use chrono::{NaiveDate, TimeZone, Utc};
use fielddesk_core::replication::SyncPolicy;
use fielddesk_core::{
    default_channels, export, EventId, ExportMeta, ImportError, PreventionItem, PreventionItemId,
    PreventionStatus, Retrospective, RetrospectiveId, Setting, SettingChanged,
};
use serde_json::{json, Value};

mod common;
use common::{li_si, opened_ticket, read, schema_errors};

fn saved(id: &str, minute: u32, change: Setting) -> SettingChanged {
    SettingChanged {
        id: EventId(id.into()),
        actor: li_si(),
        at: Utc.with_ymd_and_hms(2023, 10, 30, 1, minute, 0).unwrap(),
        change,
    }
}

fn settings() -> Vec<SettingChanged> {
    let retrospective = Retrospective {
        id: RetrospectiveId("R-1".into()),
        date: NaiveDate::from_ymd_opt(2023, 10, 30).unwrap(),
        led_by: li_si(),
        tickets: vec!["TS20231027001".parse().unwrap()],
        process_gaps: vec!["升级前未通知一线".into()],
        knowledge_gaps: vec![],
        actions: vec!["补充知识库文章".into()],
    };
    vec![
        saved("s0", 0, Setting::Channels(default_channels())),
        saved("s1", 1, Setting::Retrospective(retrospective)),
        saved(
            "s2",
            2,
            Setting::Sync(SyncPolicy {
                max_attachment_mib: 25,
            }),
        ),
        saved(
            "s3",
            3,
            Setting::PreventionItem(PreventionItem {
                id: PreventionItemId("P-1".into()),
                measure: "升级前清理验证码缓存".into(),
                owner: li_si(),
                due: NaiveDate::from_ymd_opt(2023, 11, 30).unwrap(),
                status: PreventionStatus::InProgress,
                retrospective: Some(RetrospectiveId("R-1".into())),
            }),
        ),
    ]
}

fn written(settings: &[SettingChanged]) -> Value {
    let meta = ExportMeta {
        exported_at: Utc.with_ymd_and_hms(2023, 10, 30, 10, 0, 0).unwrap(),
        exported_by: li_si(),
        settings: None,
    };
    serde_json::from_str(&export(&[opened_ticket()], &[], &[], settings, None, &meta))
        .expect("JSON")
}

#[test]
fn a_file_with_a_single_record_or_a_file_limit_is_version_6_and_reads_back() {
    let document = written(&settings());
    assert_eq!(document["version"], 6);
    assert_eq!(schema_errors(&document), Vec::<String>::new());
    assert_eq!(
        document["team_settings"][2]["change"],
        json!({ "sync": { "max_attachment_mib": 25 } })
    );
    let file = read(&document).expect("reads back");
    assert_eq!(file.version, 6);
    assert_eq!(file.settings, settings());
}

#[test]
fn a_file_without_them_stays_version_5() {
    let document = written(&settings()[..1]);
    assert_eq!(document["version"], 5);
}

#[test]
fn a_file_limit_no_settings_page_saves_is_refused_with_its_own_error() {
    let mut document = written(&settings());
    document["team_settings"][2]["change"]["sync"]["max_attachment_mib"] = json!(0);
    assert!(!schema_errors(&document).is_empty());
    assert_eq!(
        read(&document).err(),
        Some(ImportError::AttachmentLimit {
            index: 2,
            event: EventId("s2".into())
        })
    );
}
