//! Per-ticket compliance: each timed rule met, missed or pending, with the instants that decided it.

use chrono::{DateTime, Duration, Utc};

use crate::calendar::{CalendarKind, OffsetMemo};
use crate::sla::clocks::{each_reading, Runs};
use crate::sla::{Balance, ClockState, SlaClock, SlaPolicy, StopCause, TicketTimeline};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Met {
        margin: Duration,
    },
    Missed {
        by: Duration,
    },
    /// Still running (or paused) within its target.
    Pending,
    /// The clock started while the ticket's facts came from a tracking sheet, which does not
    /// show whether the rule was kept (`TicketTimeline::unknown_until`).
    Unknown,
}

/// One run of one clock. Progress updates have one entry per interval between updates, estimate
/// notices one per estimate that had to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub clock: SlaClock,
    pub outcome: Outcome,
    pub started_at: DateTime<Utc>,
    /// The deadline: when the target was (or will be) reached; `None` while paused.
    pub due: Option<DateTime<Utc>>,
    /// The instant that settled it: the rule's action for a met clock, the deadline passing for a
    /// missed one; `None` while pending.
    pub decided_at: Option<DateTime<Utc>>,
    /// When the run stopped, and the fact that stopped it: the rule's action (on time or late),
    /// or the resolution or closing that ended the obligation; `None` while it runs.
    pub stopped_at: Option<DateTime<Utc>>,
    pub stopped_by: Option<StopCause>,
    pub used: Duration,
    pub paused: Duration,
    pub target: Duration,
    /// The kind of time counted, and the margin or the miss in its units (see `ClockReading`).
    pub calendar: CalendarKind,
    pub balance: Balance,
}

/// Every run of every clock that applied to the ticket up to `now`, clock by clock, each in time
/// order, under the ticket's pinned `policy`.
pub fn audit(timeline: &TicketTimeline, policy: &SlaPolicy, now: DateTime<Utc>) -> Vec<AuditEntry> {
    let mut entries = Vec::new();
    each_reading(
        timeline,
        policy,
        now,
        Runs::All,
        &mut OffsetMemo::default(),
        |raw| {
            let reading = raw.reading(timeline);
            let (outcome, decided_at) = match reading.state {
                ClockState::NotApplicable => return,
                ClockState::Met { margin } => (Outcome::Met { margin }, reading.stopped_at),
                ClockState::Breached { by } => (Outcome::Missed { by }, reading.due),
                ClockState::Running | ClockState::AtRisk | ClockState::Paused => {
                    (Outcome::Pending, None)
                }
            };
            if let Some(started_at) = reading.started_at {
                let (outcome, decided_at) = match timeline.unknown_until {
                    Some(until) if started_at <= until => (Outcome::Unknown, None),
                    _ => (outcome, decided_at),
                };
                entries.push(AuditEntry {
                    clock: reading.clock,
                    outcome,
                    started_at,
                    due: reading.due,
                    decided_at,
                    stopped_at: reading.stopped_at,
                    stopped_by: reading.stopped_by,
                    used: reading.used,
                    paused: reading.paused,
                    target: reading.target,
                    calendar: reading.calendar,
                    balance: reading.balance,
                });
            }
        },
    );
    entries
}
