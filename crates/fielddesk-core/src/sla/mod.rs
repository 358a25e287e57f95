//! The SLA engine: every time rule of the process (R7 with R1.4, R3.2, R3.5, R3.6) as a clock on a
//! calendar, read at an instant given as an argument. Pure: the same facts, policy and instant
//! always give the same readings.
//!
//! - [`TicketTimeline`]: the timed facts of one ticket (the input).
//! - [`SlaPolicy`]: targets and calendars; each ticket is evaluated with the policy it was opened
//!   under, so editing the team's policy never rewrites history.
//! - [`evaluate`]: each clock's state now; [`alerts`]: what needs attention across tickets;
//!   [`audit`]: met / missed / pending per rule, for the ticket page and the monthly report (R5.3).
//!
//! What a person can rely on (#15): a clock's `due` is the instant its target is reached and stays
//! put while it runs; its amounts come in its calendar's units ([`WorkingAmount`]: working hours and
//! working days on a business calendar); a stopped clock names what stopped it ([`StopCause`]);
//! and a breach is listed at any hour, quiet hours only holding back notifications.

mod alerts;
mod amount;
mod audit;
mod clocks;
mod facts;
mod pinning;
mod policy;
mod timeline;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod scenarios;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarKind, OffsetMemo};
use crate::event::EventId;
use crate::model::Priority;
use crate::sla::clocks::RawReading;
use crate::workflow::CommandKind;

pub use alerts::{alerts, Alert, Alerts, EscalationSuggestion};
pub use amount::{Balance, HoursMinutes, WorkingAmount};
pub use audit::{audit, AuditEntry, Outcome};
pub use facts::timeline_of;
pub use pinning::{PolicyBook, PolicyId};
pub use policy::{ClockCalendar, PerPriority, SlaPolicy, SlaTarget};
pub use timeline::{
    Estimate, FactSource, PriorityChange, StopFact, TicketTimeline, TimelineError, Waiting,
};

/// One timed rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SlaClock {
    /// R7.1: respond within 10 minutes of opening. Stops at the first response or resolution.
    FirstResponse,
    /// R1.4: contact the requester within 10 minutes of finding the information incomplete.
    MissingInfoContact,
    /// R7.3: telephone the user within 15 minutes of the ticket becoming P1.
    P1PhoneCall,
    /// R3.2: escalate to second line if first line has not solved it within 1 hour.
    Escalation,
    /// R3.5, R7.2: a progress update every 2 hours while open, restarting at each update.
    ProgressUpdate,
    /// R3.6: tell the user the estimate when the expected resolution is more than 4 hours away.
    EtaNotice,
    /// R7 (default): resolve within the priority's target; pauses while waiting on the requester.
    Resolution,
}

impl SlaClock {
    pub const ALL: [SlaClock; 7] = [
        SlaClock::FirstResponse,
        SlaClock::MissingInfoContact,
        SlaClock::P1PhoneCall,
        SlaClock::Escalation,
        SlaClock::ProgressUpdate,
        SlaClock::EtaNotice,
        SlaClock::Resolution,
    ];

    /// The PROCESS.md rule the clock keeps.
    pub fn rule(self) -> &'static str {
        match self {
            SlaClock::FirstResponse => "R7.1",
            SlaClock::MissingInfoContact => "R1.4",
            SlaClock::P1PhoneCall => "R7.3",
            SlaClock::Escalation => "R3.2",
            SlaClock::ProgressUpdate => "R3.5",
            SlaClock::EtaNotice => "R3.6",
            SlaClock::Resolution => "R7",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    /// The rule does not apply (never started, or its obligation ended before the target).
    NotApplicable,
    Running,
    /// Running with at least the policy's `at_risk_percent` of the target used.
    AtRisk,
    /// Stopped while the ticket waits on the requester.
    Paused,
    /// More than the target used, whether still running or stopped late.
    Breached {
        by: Duration,
    },
    /// Stopped by its rule's action within the target.
    Met {
        margin: Duration,
    },
}

/// What stopped a clock, so the UI can say "由 09:08 的『联系提交人』达成" (#15): the fact, and
/// the event that recorded it when the timeline names it ([`TicketTimeline::sources`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopCause {
    pub fact: StopFact,
    pub event: Option<EventId>,
    /// The event's command: the one that records `fact`, or for a first response the handler's
    /// action that was it (`None` when the timeline does not say which).
    pub command: Option<CommandKind>,
}

/// A clock read at an instant. Times are working time of the clock's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReading {
    pub clock: SlaClock,
    pub state: ClockState,
    /// The priority whose target and calendar apply: the one in force when the clock stopped, or now.
    pub priority: Priority,
    /// The kind of time that calendar counts (R7: calendar time for P1, working hours for P2–P4
    /// by default); `target_amount` and `balance` are in its units.
    pub calendar: CalendarKind,
    pub started_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// What stopped it at `stopped_at`: its rule's action (met, or breached and done late), or
    /// the resolution or closing that ended the obligation.
    pub stopped_by: Option<StopCause>,
    pub target: Duration,
    /// Counted towards the target.
    pub used: Duration,
    /// Set aside while waiting on the requester: `used + paused` is all working time since the start.
    pub paused: Duration,
    /// `target - used`; negative once breached.
    pub remaining: Duration,
    /// `target` in the calendar's units: 3 working days of 9 h for P3 on the default calendar.
    pub target_amount: WorkingAmount,
    /// `remaining` in the calendar's units: left, or over once breached.
    pub balance: Balance,
    /// When the target is (or was) reached: the end of its last working minute, the same instant
    /// whenever the clock is read (#15). For a clock still short of it, projected from now on the
    /// current calendar; `None` while paused.
    pub due: Option<DateTime<Utc>>,
}

impl ClockReading {
    fn not_applicable(clock: SlaClock, priority: Priority, calendar: &Calendar) -> Self {
        let (kind, day) = (calendar.kind(), calendar.working_day_ms());
        ClockReading {
            clock,
            state: ClockState::NotApplicable,
            priority,
            calendar: kind,
            started_at: None,
            stopped_at: None,
            stopped_by: None,
            target: Duration::zero(),
            used: Duration::zero(),
            paused: Duration::zero(),
            remaining: Duration::zero(),
            target_amount: WorkingAmount::new(kind, 0, day),
            balance: Balance::new(kind, 0, day),
            due: None,
        }
    }

    /// Whether the clock still runs (or is paused): the reading can still change.
    pub fn is_live(&self) -> bool {
        self.started_at.is_some() && self.stopped_at.is_none()
    }
}

/// Every clock of one ticket at one instant, in [`SlaClock::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaReport {
    pub readings: [ClockReading; 7],
}

impl SlaReport {
    pub fn get(&self, clock: SlaClock) -> &ClockReading {
        &self.readings[clock as usize]
    }
}

/// Each clock of the ticket at `now`, under the ticket's own pinned `policy`. Clocks that run more
/// than once (progress update, estimate notice) show their latest run.
pub fn evaluate(timeline: &TicketTimeline, policy: &SlaPolicy, now: DateTime<Utc>) -> SlaReport {
    let priority = timeline.priority_at(now.timestamp_millis());
    let raw = evaluate_raw(timeline, policy, now, &mut OffsetMemo::default());
    SlaReport {
        readings: SlaClock::ALL.map(|clock| {
            raw[clock as usize].map_or_else(
                || ClockReading::not_applicable(clock, priority, policy.calendar(priority, clock)),
                |r| r.reading(timeline),
            )
        }),
    }
}

/// The latest run of each clock, by `SlaClock as usize`; `None` for a clock that never started,
/// or whose latest run started while the facts came from a tracking sheet (`unknown_until`):
/// neither met nor breached, so no alert and no badge claims either.
fn evaluate_raw(
    timeline: &TicketTimeline,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
    memo: &mut OffsetMemo,
) -> [Option<RawReading>; 7] {
    let mut latest = [None; 7];
    clocks::each_reading(
        timeline,
        policy,
        now,
        clocks::Runs::Latest,
        memo,
        |reading| latest[reading.clock as usize] = Some(reading),
    );
    if let Some(until) = timeline.unknown_until {
        for slot in &mut latest {
            if slot.is_some_and(|r| r.start <= until.timestamp_millis()) {
                *slot = None;
            }
        }
    }
    latest
}

/// How many clocks are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaTally {
    pub not_applicable: u32,
    pub running: u32,
    pub at_risk: u32,
    pub paused: u32,
    pub breached: u32,
    pub met: u32,
}

/// Evaluates every clock of every ticket at `now` and counts the states: the dashboard's summary,
/// and the workload of the SLA benchmark (native and wasm).
pub fn evaluate_all<'a>(
    tickets: impl IntoIterator<Item = (&'a TicketTimeline, &'a SlaPolicy)>,
    now: DateTime<Utc>,
) -> SlaTally {
    let mut tally = SlaTally::default();
    // One memo for all tickets: they mostly share a few zones and weeks.
    let mut memo = OffsetMemo::default();
    for (timeline, policy) in tickets {
        for reading in evaluate_raw(timeline, policy, now, &mut memo) {
            let count = match reading.map_or(ClockState::NotApplicable, |r| r.state) {
                ClockState::NotApplicable => &mut tally.not_applicable,
                ClockState::Running => &mut tally.running,
                ClockState::AtRisk => &mut tally.at_risk,
                ClockState::Paused => &mut tally.paused,
                ClockState::Breached { .. } => &mut tally.breached,
                ClockState::Met { .. } => &mut tally.met,
            };
            *count += 1;
        }
    }
    tally
}
