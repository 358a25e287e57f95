//! Every visible string, in zh-CN (the default) and English. The strings are in
//! `locales/zh-CN.toml` and `locales/en.toml`; build.rs checks that the two files have the same
//! keys and placeholders and generates what is included here:
//! - `Msg` and `t(lang, Msg::Key)` for plain strings (`[msg]`);
//! - `F` for strings with values, named at the call site:
//!   `F::QueueCount { total: &total, from: &from, to: &to }.text(lang)` (`[fmt]`);
//! - one function per enum shown on screen, named after its section: `step(lang, step)`,
//!   `role`, `command_kind`, `sla_clock`, …, `workflow_error(lang, &error)`, `import_error`,
//!   `storage_error`, … Each is an exhaustive `match` per language, so a core variant without its
//!   line in both files (or a line for a variant that is gone) is a compile error.
//!
//! Values inside strings go through [`Localize`]; `{name:f}` in a template calls one of the
//! helpers below (or another section's function) instead.

use std::fmt::{Display, Write as _};

use fielddesk_core::IntakeField;
use serde::{Deserialize, Serialize};

mod localize;
pub use localize::Localize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// The intake form's label of a field (the same words as the form's own labels).
pub fn field_label(lang: Lang, field: IntakeField) -> &'static str {
    t(
        lang,
        match field {
            IntakeField::SubmitterName => Msg::SubmitterName,
            IntakeField::EmployeeId => Msg::EmployeeId,
            IntakeField::Contact => Msg::Contact,
            IntakeField::Department => Msg::Department,
            IntakeField::Symptom => Msg::Symptom,
            IntakeField::Channel => Msg::Channel,
            IntakeField::RequestedPriority => Msg::RequestedPriority,
        },
    )
}

/// The zone every time is shown in (#15): the team's (`SlaPolicy::team_zone`), named after the
/// time when the browser's own zone is another, so a laptop abroad reads the team's instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownZone {
    pub zone: chrono_tz::Tz,
    pub named: bool,
}

impl ShownZone {
    /// The team's zone `zone` read in a browser whose zone is `browser` (an IANA name).
    pub fn new(zone: chrono_tz::Tz, browser: &str) -> Self {
        ShownZone {
            zone,
            named: zone.name() != browser,
        }
    }

    /// "北京时间" for Shanghai, otherwise the offset at `at` ("UTC+1", "UTC+5:30", "UTC").
    pub fn name(self, lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
        use chrono::Offset as _;
        if self.zone == chrono_tz::Asia::Shanghai {
            return t(lang, Msg::BeijingTime).to_string();
        }
        let seconds = at
            .with_timezone(&self.zone)
            .offset()
            .fix()
            .local_minus_utc();
        let (sign, minutes) = (if seconds < 0 { '-' } else { '+' }, seconds.abs() / 60);
        match (minutes / 60, minutes % 60) {
            (0, 0) => "UTC".to_string(),
            (hours, 0) => format!("UTC{sign}{hours}"),
            (hours, rest) => format!("UTC{sign}{hours}:{rest:02}"),
        }
    }
}

/// A moment in `zone`, in the language's `[msg] DateTimeFormat` (a chrono pattern), followed by
/// the zone's name when the browser is in another zone. A pattern chrono cannot read falls back
/// to ISO order rather than failing.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Utc>, zone: ShownZone) -> String {
    let local = at.with_timezone(&zone.zone);
    let mut text = String::new();
    if write!(text, "{}", local.format(t(lang, Msg::DateTimeFormat))).is_err() {
        text = local.format("%Y-%m-%d %H:%M").to_string();
    }
    if zone.named {
        text.push(' ');
        text.push_str(&zone.name(lang, at));
    }
    text
}

/// A core error's text followed by the rule its message starts with: `R2.3: …` gives
/// `…(R2.3)`. The generated `workflow_error`, `article_error`, … end with it.
fn with_rule(lang: Lang, text: String, error: &dyn Display) -> String {
    let message = error.to_string();
    let rule = message
        .split_once(':')
        .map_or(message.as_str(), |(rule, _)| rule);
    F::WithRule {
        text: &text,
        rule: &rule,
    }
    .text(lang)
}

/// `{size:mib}`: a byte count in whole MiB, as the file size limits are worded.
fn mib(_: Lang, bytes: &usize) -> usize {
    bytes / 1_048_576
}

/// `{opens:hm}`: a time of day as a clock shows it, 09:00.
fn hm(_: Lang, time: &chrono::NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// `{format:format_field}`: what a file's `"format"` field says, or that it has none.
fn format_field(lang: Lang, format: &Option<String>) -> String {
    match format {
        None => t(lang, Msg::NoFormatField).to_string(),
        Some(format) => F::FormatFieldIs { format }.text(lang),
    }
}

// Native tests (`cargo test --workspace`): they need no browser, and the wasm runner would not
// run a plain `#[test]` anyway.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use chrono::{Duration, TimeZone};
    use fielddesk_core::{ImportError, IntakeError, IntakeField, WorkflowError};

    use super::*;
    use crate::vocab::duration;

    #[test]
    fn a_core_error_ends_with_the_rule_its_message_starts_with() {
        // WorkflowError::NoCategory displays as "R2.1: classify the ticket with …".
        assert_eq!(
            workflow_error(Lang::Zh, &WorkflowError::NoCategory),
            "请至少选择一个问题分类(R2.1)"
        );
        assert_eq!(
            workflow_error(Lang::En, &WorkflowError::NoCategory),
            "Choose at least one category(R2.1)"
        );
    }

    #[test]
    fn an_empty_choice_at_intake_asks_to_choose_and_an_empty_text_to_fill_in() {
        let missing = |f| intake_error(Lang::Zh, &IntakeError::Missing(f));
        assert_eq!(missing(IntakeField::Channel), "请选择接收渠道");
        assert_eq!(missing(IntakeField::SubmitterName), "请填写姓名");
        assert_eq!(
            intake_error(Lang::En, &IntakeError::Missing(IntakeField::Channel)),
            "Channel is required"
        );
    }

    #[test]
    fn a_file_without_a_format_field_says_so_and_one_with_another_names_it() {
        let none = ImportError::NotAnExport { format: None };
        let csv = ImportError::NotAnExport {
            format: Some("csv".into()),
        };
        assert_eq!(
            import_error(Lang::En, &none),
            "This is not a Fielddesk export: it has no \"format\" field."
        );
        assert_eq!(
            import_error(Lang::Zh, &csv),
            "这不是 Fielddesk 导出文件：\"format\" 为 \"csv\"。"
        );
    }

    #[test]
    fn a_duration_shows_its_two_largest_units() {
        // 90 061 s = 1 day, 1 hour, 1 minute, 1 second.
        assert_eq!(duration(Lang::Zh, Duration::seconds(90_061)), "1天1小时");
        assert_eq!(duration(Lang::En, Duration::seconds(90_061)), "1d 1h");
        assert_eq!(duration(Lang::En, Duration::seconds(-75)), "1m 15s");
    }

    #[test]
    fn a_moment_is_written_the_way_each_language_writes_it() {
        // 01:05 UTC is 09:05 in Shanghai.
        let at = chrono::Utc.with_ymd_and_hms(2024, 3, 7, 1, 5, 0).unwrap();
        let home = ShownZone::new(chrono_tz::Asia::Shanghai, "Asia/Shanghai");
        assert_eq!(date_time(Lang::Zh, at, home), "2024-03-07 09:05");
        assert_eq!(date_time(Lang::En, at, home), "Mar 7, 2024 09:05");
    }

    #[test]
    fn a_browser_in_another_zone_reads_the_teams_time_with_the_zones_name() {
        let at = chrono::Utc.with_ymd_and_hms(2024, 3, 7, 1, 5, 0).unwrap();
        // A laptop in London reading a Shanghai team's ticket: 09:05 Beijing time, not 01:05.
        let shanghai = ShownZone::new(chrono_tz::Asia::Shanghai, "Europe/London");
        assert_eq!(
            date_time(Lang::Zh, at, shanghai),
            "2024-03-07 09:05 北京时间"
        );
        assert_eq!(
            date_time(Lang::En, at, shanghai),
            "Mar 7, 2024 09:05 Beijing time"
        );
        // Other zones are named by their offset at that instant: Berlin is UTC+1 in March
        // (before its summer time), UTC+2 in July; London in winter is UTC.
        let berlin = ShownZone::new(chrono_tz::Europe::Berlin, "Asia/Shanghai");
        assert_eq!(date_time(Lang::Zh, at, berlin), "2024-03-07 02:05 UTC+1");
        let july = chrono::Utc.with_ymd_and_hms(2024, 7, 7, 1, 5, 0).unwrap();
        assert_eq!(date_time(Lang::Zh, july, berlin), "2024-07-07 03:05 UTC+2");
        let tokyo = ShownZone::new(chrono_tz::Asia::Tokyo, "UTC");
        assert_eq!(tokyo.name(Lang::En, at), "UTC+9");
        let new_york = ShownZone::new(chrono_tz::America::New_York, "UTC");
        assert_eq!(new_york.name(Lang::En, at), "UTC-5");
        let london = ShownZone::new(chrono_tz::Europe::London, "UTC");
        assert_eq!(london.name(Lang::En, at), "UTC");
    }

    #[test]
    fn working_time_reads_as_working_hours_and_days_and_calendar_time_as_days_of_24_hours() {
        use crate::vocab;
        use fielddesk_core::calendar::CalendarKind;
        use fielddesk_core::sla::{HoursMinutes, WorkingAmount};
        let hm = |hours, minutes| HoursMinutes { hours, minutes };
        let amount = |kind, total, days, rest| WorkingAmount {
            kind,
            total,
            days,
            rest,
            working_day: hm(9, 0),
        };
        // 27 working hours on 9-hour days: three working days, never "1天3小时".
        let p3 = amount(CalendarKind::Business, hm(27, 0), 3, hm(0, 0));
        assert_eq!(
            vocab::amount(Lang::Zh, &p3),
            "工作时间 27 小时 / 3 个工作日"
        );
        assert_eq!(
            vocab::amount(Lang::En, &p3),
            "27 h of working time / 3 working days"
        );
        assert_eq!(vocab::amount_short(Lang::Zh, &p3), "27工时");
        // 29 h 30 min: three working days and 2 h 30 min.
        let more = amount(CalendarKind::Business, hm(29, 30), 3, hm(2, 30));
        assert_eq!(
            vocab::amount(Lang::Zh, &more),
            "工作时间 29 小时 30 分 / 3 个工作日又 2 小时 30 分"
        );
        assert_eq!(vocab::amount_short(Lang::Zh, &more), "29工时30分");
        // Less than a working day: hours only; minutes only below an hour.
        let short = amount(CalendarKind::Business, hm(0, 45), 0, hm(0, 45));
        assert_eq!(vocab::amount(Lang::Zh, &short), "工作时间 45 分");
        assert_eq!(vocab::amount_short(Lang::En, &short), "45 work min");
        // Calendar time (P1): 27 h is a day and three hours of the wall clock.
        let p1 = amount(CalendarKind::AllHours, hm(27, 0), 1, hm(3, 0));
        assert_eq!(vocab::amount(Lang::Zh, &p1), "1天3小时");
        assert_eq!(vocab::amount_short(Lang::Zh, &p1), "1天3小时");
    }
}
