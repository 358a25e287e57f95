//! Format version 5: the team's settings travel as events (`team_settings`). A file with them is
//! version 5, fits the schema and reads back; a file without them is written and read as before;
//! a settings value no settings page could have saved is refused with its own error, and then
//! nothing of the file is imported.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use fielddesk_core::calendar::{
    BusinessCalendar, BusinessCalendarSpec, Calendar, CalendarError, LunchBreak,
};
use fielddesk_core::sla::{ClockCalendar, SlaClock, SlaPolicy};
use fielddesk_core::{
    default_channels, export, sample_team, CategoryStandard, Event, EventId, ExportMeta,
    ImportError, PreventionChecklist, RecurrenceThreshold, Retrospective, RetrospectiveId, Setting,
    SettingChanged, TicketNo, WorkflowPolicy,
};
use serde_json::{json, Value};

mod common;
use common::{li_si, opened_ticket, read, schema_errors};

fn ticket() -> Vec<Event> {
    vec![opened_ticket()]
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
}

/// The default policy with a lunch break on its business calendars.
fn policy_with_lunch() -> SlaPolicy {
    let spec = BusinessCalendarSpec {
        lunch_break: Some(LunchBreak {
            starts: time(12, 0),
            ends: time(13, 30),
        }),
        holidays: vec![NaiveDate::from_ymd_opt(2023, 10, 2).unwrap()],
        make_up_working_days: vec![NaiveDate::from_ymd_opt(2023, 10, 7).unwrap()],
        ..BusinessCalendarSpec::default()
    };
    let business = Calendar::Business(BusinessCalendar::new(spec).expect("a valid calendar"));
    let mut policy = SlaPolicy::default();
    policy.calendars.p2 = business.clone();
    policy.calendars.p3 = business.clone();
    policy.calendars.p4 = business.clone();
    policy.clock_calendars.push(ClockCalendar {
        priority: fielddesk_core::Priority::P1,
        clock: SlaClock::ProgressUpdate,
        calendar: business,
    });
    policy
}

fn prevention() -> PreventionChecklist {
    serde_json::from_value(json!({"items": [{
        "id": "P-1",
        "measure": "升级前清理验证码缓存",
        "owner": {"name": "王五", "employee_id": "TS200"},
        "due": "2023-11-10",
        "status": "Open",
        "retrospective": "R-1"
    }]}))
    .expect("a checklist")
}

/// One save of every team setting.
fn settings() -> Vec<SettingChanged> {
    let retrospective = Retrospective {
        id: RetrospectiveId("R-1".into()),
        date: NaiveDate::from_ymd_opt(2023, 10, 30).unwrap(),
        led_by: li_si(),
        tickets: vec!["TS20231027001".parse::<TicketNo>().unwrap()],
        process_gaps: vec!["升级前未通知一线".into()],
        knowledge_gaps: vec![],
        actions: vec!["补充知识库文章".into()],
    };
    let changes = [
        Setting::Team(sample_team()),
        Setting::Standard(CategoryStandard::default()),
        Setting::Channels(default_channels()),
        Setting::Policy(policy_with_lunch()),
        Setting::Workflow(WorkflowPolicy::default()),
        Setting::Prevention(prevention()),
        Setting::Recurrence(RecurrenceThreshold::default()),
        Setting::Retrospectives(vec![retrospective]),
    ];
    changes
        .into_iter()
        .enumerate()
        .map(|(i, change)| SettingChanged {
            id: EventId(format!("s{i}")),
            actor: li_si(),
            at: Utc.with_ymd_and_hms(2023, 10, 27, 1, i as u32, 0).unwrap(),
            change,
        })
        .collect()
}

fn meta() -> ExportMeta {
    ExportMeta {
        exported_at: Utc.with_ymd_and_hms(2023, 10, 27, 10, 0, 0).unwrap(),
        exported_by: li_si(),
        settings: None,
    }
}

fn written(settings: &[SettingChanged]) -> Value {
    serde_json::from_str(&export(&ticket(), &[], &[], settings, None, &meta())).expect("JSON")
}

#[test]
fn a_file_with_settings_is_version_5_fits_the_schema_and_reads_back() {
    let document = written(&settings());
    assert_eq!(document["version"], 5);
    assert_eq!(schema_errors(&document), Vec::<String>::new());
    assert!(document["team_settings"][2]["change"]["channels"].is_array());
    let file = read(&document).expect("reads back");
    assert_eq!(file.version, 5);
    assert_eq!(file.settings, settings());
    assert_eq!(file.events, ticket());
}

#[test]
fn settings_are_written_once_each_in_fold_order() {
    let mut given = settings();
    given.reverse();
    given.push(given[0].clone());
    let file = read(&written(&given)).expect("reads back");
    assert_eq!(file.settings, settings());
}

#[test]
fn a_file_without_settings_is_written_and_read_as_before() {
    let document = written(&[]);
    assert_eq!(document["version"], 1);
    assert!(document.get("team_settings").is_none());
    assert_eq!(read(&document).expect("reads").settings, []);
}

#[test]
fn a_version_4_file_reads_with_no_settings_whatever_it_holds_beside() {
    // A version 4 Fielddesk never read `team_settings`; this one reads the file as it did.
    let mut document = written(&settings());
    document["version"] = json!(4);
    document["team_settings"] = json!("not for version 4");
    let file = read(&document).expect("a version 4 file reads");
    assert_eq!(file.version, 4);
    assert_eq!(file.settings, []);
    assert_eq!(file.events, ticket());
}

/// The file with its first settings event's value replaced.
fn with_first_value(value: Value) -> Value {
    let mut document = written(&settings());
    document["team_settings"][0]["change"]["team"] = value;
    document
}

#[test]
fn a_settings_event_of_the_wrong_shape_is_refused_at_its_path() {
    let document = with_first_value(json!("张三, 李四"));
    assert!(!schema_errors(&document).is_empty());
    match read(&document) {
        Err(ImportError::InvalidField { path, .. }) => {
            assert_eq!(path, "team_settings[0].change.team");
        }
        other => panic!("expected InvalidField, got {other:?}"),
    }
}

#[test]
fn an_empty_team_or_no_channel_is_refused_as_no_settings_page_saves_it() {
    let document = with_first_value(json!([]));
    assert!(!schema_errors(&document).is_empty());
    assert_eq!(
        read(&document).err(),
        Some(ImportError::EmptyTeam {
            index: 0,
            event: EventId("s0".into())
        })
    );
    let mut document = written(&settings());
    document["team_settings"][2]["change"]["channels"] = json!(["  "]);
    assert_eq!(
        read(&document).err(),
        Some(ImportError::NoChannels {
            index: 2,
            event: EventId("s2".into())
        })
    );
}

#[test]
fn a_policy_with_its_lunch_break_reversed_is_refused_with_the_calendars_own_error() {
    let mut document = written(&settings());
    document["team_settings"][3]["change"]["policy"]["calendars"]["p3"]["lunch_break"] =
        json!({"starts": "13:30:00", "ends": "12:00:00"});
    assert_eq!(
        read(&document).err(),
        Some(ImportError::InvalidPolicy {
            index: 3,
            event: EventId("s3".into()),
            problem: CalendarError::LunchOutsideHours {
                starts: time(13, 30),
                ends: time(12, 0),
            },
        })
    );
    // The same in a single clock's exception.
    let mut document = written(&settings());
    document["team_settings"][3]["change"]["policy"]["clock_calendars"][0]["calendar"]["closes"] =
        json!("08:00:00");
    assert_eq!(
        read(&document).err(),
        Some(ImportError::InvalidPolicy {
            index: 3,
            event: EventId("s3".into()),
            problem: CalendarError::HoursEndBeforeStart {
                opens: time(9, 0),
                closes: time(8, 0),
            },
        })
    );
}

#[test]
fn one_settings_event_id_with_two_contents_is_refused_and_an_identical_one_kept_once() {
    let mut document = written(&settings());
    let first = document["team_settings"][2].clone();
    let list = document["team_settings"].as_array_mut().unwrap();
    list.push(first.clone());
    assert_eq!(read(&document).expect("reads").settings, settings());
    let mut other = first;
    other["change"]["channels"] = json!(["邮件"]);
    document["team_settings"]
        .as_array_mut()
        .unwrap()
        .push(other);
    assert_eq!(
        read(&document).err(),
        Some(ImportError::ConflictingSettings {
            event: EventId("s2".into()),
            first: 2,
            second: 9,
        })
    );
}
