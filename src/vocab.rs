//! What the shell shows of the core's vocabulary besides words (the words are the locale
//! files', through `i18n`): a clock state's icon and colour, and durations as people say them.

use chrono::Duration;
use fielddesk_core::calendar::CalendarKind;
use fielddesk_core::sla::{ClockState, HoursMinutes, WorkingAmount};

use crate::i18n::{Lang, F};

/// The badge's icon (the same in every language): state is never shown by colour alone; its
/// word is `i18n::clock_state`.
pub fn clock_state_icon(state: ClockState) -> &'static str {
    match state {
        ClockState::NotApplicable => "–",
        ClockState::Running => "◷",
        ClockState::AtRisk => "⚠",
        ClockState::Paused => "⏸",
        ClockState::Breached { .. } => "✕",
        ClockState::Met { .. } => "✓",
    }
}

/// A CSS class per state (the colour; the word and icon carry the meaning).
pub fn clock_state_class(state: ClockState) -> &'static str {
    match state {
        ClockState::NotApplicable => "sla-na",
        ClockState::Running => "sla-running",
        ClockState::AtRisk => "sla-risk",
        ClockState::Paused => "sla-paused",
        ClockState::Breached { .. } => "sla-breached",
        ClockState::Met { .. } => "sla-met",
    }
}

/// A duration as people say it, to its two largest units: `1天2小时`, `35分12秒` / `1d 2h`,
/// `35m 12s`.
pub fn duration(lang: Lang, d: Duration) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, minutes, seconds) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let text = if days > 0 {
        F::DurationDays {
            days: &days,
            hours: &hours,
        }
    } else if hours > 0 {
        F::DurationHours {
            hours: &hours,
            minutes: &minutes,
        }
    } else {
        F::DurationMinutes {
            minutes: &minutes,
            seconds: &seconds,
        }
    };
    text.text(lang)
}

/// A clock's amount in its own units (#15): working time as working hours and working days
/// ("工作时间 27 小时 / 3 个工作日"), calendar time as days of 24 h ("1天3小时").
pub fn amount(lang: Lang, amount: &WorkingAmount) -> String {
    match amount.kind {
        CalendarKind::AllHours => calendar_time(lang, amount.total),
        CalendarKind::Business => {
            let total = F::WorkingTotal {
                amount: &hours_minutes(lang, amount.total),
            }
            .text(lang);
            if amount.days == 0 {
                return total;
            }
            let days = if amount.is_whole_days() {
                F::WorkingDays { days: &amount.days }.text(lang)
            } else {
                F::WorkingDaysAndRest {
                    days: &amount.days,
                    rest: &hours_minutes(lang, amount.rest),
                }
                .text(lang)
            };
            format!("{total} / {days}")
        }
    }
}

/// The badge's short form of an amount: working hours never become days there ("27工时").
pub fn amount_short(lang: Lang, amount: &WorkingAmount) -> String {
    let HoursMinutes { hours, minutes } = amount.total;
    match (amount.kind, hours, minutes) {
        (CalendarKind::AllHours, ..) => calendar_time(lang, amount.total),
        (CalendarKind::Business, 0, _) => F::WorkMinutesShort { minutes: &minutes }.text(lang),
        (CalendarKind::Business, _, 0) => F::WorkHoursOnly { hours: &hours }.text(lang),
        (CalendarKind::Business, ..) => F::WorkHoursShort {
            hours: &hours,
            minutes: &minutes,
        }
        .text(lang),
    }
}

/// Calendar time reads as any duration does, in days of 24 h.
fn calendar_time(lang: Lang, HoursMinutes { hours, minutes }: HoursMinutes) -> String {
    duration(
        lang,
        Duration::hours(hours) + Duration::minutes(minutes.into()),
    )
}

fn hours_minutes(lang: Lang, HoursMinutes { hours, minutes }: HoursMinutes) -> String {
    match (hours, minutes) {
        (0, _) => F::MinutesOnly { minutes: &minutes }.text(lang),
        (_, 0) => F::HoursOnly { hours: &hours }.text(lang),
        _ => F::HoursAndMinutes {
            hours: &hours,
            minutes: &minutes,
        }
        .text(lang),
    }
}
