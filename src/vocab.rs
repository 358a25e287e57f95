//! What the shell shows of the core's vocabulary besides words (the words are the locale
//! files', through `i18n`): a clock state's icon and colour, and durations as people say them.

use chrono::Duration;
use fielddesk_core::sla::ClockState;

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
