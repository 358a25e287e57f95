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

/// A moment in the user's local time, in the language's `[msg] DateTimeFormat` (a chrono
/// pattern). A pattern chrono cannot read falls back to ISO order rather than failing.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Local>) -> String {
    let mut text = String::new();
    if write!(text, "{}", at.format(t(lang, Msg::DateTimeFormat))).is_err() {
        text = at.format("%Y-%m-%d %H:%M").to_string();
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
        let at = chrono::Local
            .with_ymd_and_hms(2024, 3, 7, 9, 5, 0)
            .single()
            .expect("a plain local time");
        assert_eq!(date_time(Lang::Zh, at), "2024-03-07 09:05");
        assert_eq!(date_time(Lang::En, at), "Mar 7, 2024 09:05");
    }
}
