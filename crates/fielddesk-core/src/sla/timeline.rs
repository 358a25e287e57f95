//! The timed facts of one ticket that the SLA clocks need: plain instants, no events. The workflow
//! turns a ticket's events into a `TicketTimeline`; the SLA engine never sees the events.
//!
//! Facts after the instant a clock is read at are ignored, so a timeline can be read at any past
//! instant and gives what was true then.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::event::EventId;
use crate::model::Priority;
use crate::sla::StopCause;
use crate::workflow::CommandKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketTimeline {
    /// R1.6: when the ticket was recorded. First response, escalation, progress update and
    /// resolution clocks start here.
    pub opened_at: DateTime<Utc>,
    /// R1.2: the requester's priority, in force from `opened_at`.
    pub requested_priority: Priority,
    /// R2.2, R2.3: each confirmation or change of priority, in time order.
    pub priority_changes: Vec<PriorityChange>,
    /// R7.1: the first response to the requester.
    pub first_response_at: Option<DateTime<Utc>>,
    /// R1.4: when the handler found the information incomplete (starts the contact clock).
    pub information_incomplete_at: Option<DateTime<Utc>>,
    /// R1.4: the first contact with the requester for the missing details after that.
    pub requester_contacted_at: Option<DateTime<Utc>>,
    /// R7.3: the first telephone call to the user of a P1 ticket.
    pub phone_call_at: Option<DateTime<Utc>>,
    /// R3.2: the escalation to second-line support.
    pub escalated_at: Option<DateTime<Utc>>,
    /// R3.5: each progress update written into the ticket, in time order.
    pub progress_updates: Vec<DateTime<Utc>>,
    /// R3.6: each expected resolution time set, in time order.
    pub estimates: Vec<Estimate>,
    /// R3.6: each time the user was told the estimate, in time order.
    pub estimate_told_at: Vec<DateTime<Utc>>,
    /// Each wait on the requester, in time order, not overlapping; only the last may be open.
    pub waiting_on_requester: Vec<Waiting>,
    /// R4.2: each time the ticket was marked resolved, in time order.
    pub resolved_at: Vec<DateTime<Utc>>,
    /// R4.3: each time feedback sent a resolved ticket back to analysis, in time order.
    pub reopened_at: Vec<DateTime<Utc>>,
    /// R5.4: closed or archived; every clock still running stops here.
    pub closed_at: Option<DateTime<Utc>>,
    /// The events behind the facts above that stop clocks, so a reading can name what stopped it
    /// (`timeline_of` fills it; a timeline built by hand may leave it empty, and stored ones from
    /// before it read as empty).
    #[serde(default)]
    pub sources: Vec<FactSource>,
    /// Up to here the facts were read from a tracking sheet (`migration`), which shows neither
    /// every action nor its minute: a clock that started by then is unknown, neither met nor
    /// missed.
    #[serde(default)]
    pub unknown_until: Option<DateTime<Utc>>,
}

/// A fact of the timeline that stops a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopFact {
    /// R7.1: `first_response_at`, any handler action after creation.
    FirstResponse,
    /// R1.4: `requester_contacted_at`.
    RequesterContacted,
    /// R7.3: `phone_call_at`.
    PhoneCall,
    /// R3.2: `escalated_at`.
    Escalation,
    /// R3.5: one of `progress_updates`.
    ProgressUpdate,
    /// R3.6: one of `estimate_told_at`.
    EstimateTold,
    /// R4.2: one of `resolved_at`, feedback 已解决.
    Resolution,
    /// R5.4: `closed_at`, archived.
    Closing,
}

impl StopFact {
    /// The command that records this fact; `None` for the first response, which any handler's
    /// action is.
    pub fn command(self) -> Option<CommandKind> {
        Some(match self {
            StopFact::FirstResponse => return None,
            StopFact::RequesterContacted => CommandKind::RecordRequesterContacted,
            StopFact::PhoneCall => CommandKind::RecordPhoneCall,
            StopFact::Escalation => CommandKind::Escalate,
            StopFact::ProgressUpdate => CommandKind::UpdateProgress,
            StopFact::EstimateTold => CommandKind::RecordUserInformed,
            StopFact::Resolution => CommandKind::RecordFeedback,
            StopFact::Closing => CommandKind::Archive,
        })
    }
}

/// The event that recorded the fact `fact` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactSource {
    pub fact: StopFact,
    pub at: DateTime<Utc>,
    pub event: EventId,
    /// The command that made the event (`EventKind::command_kind`).
    pub command: Option<CommandKind>,
}

/// R2.3: from `at` on the ticket has `priority`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityChange {
    pub at: DateTime<Utc>,
    pub priority: Priority,
}

/// R3.6: at `set_at` the handler expected the problem to be resolved at `expected_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub set_at: DateTime<Utc>,
    pub expected_at: DateTime<Utc>,
}

/// The ticket waits on the requester from `from` until `until` (still waiting when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    #[error("SLA facts: {0} must be in time order")]
    OutOfOrder(&'static str),
    #[error("SLA facts: the wait on the requester from {0} ends before it starts")]
    WaitEndsBeforeItStarts(DateTime<Utc>),
    #[error("SLA facts: waits on the requester overlap, or one but the last is open")]
    WaitsOverlap,
    #[error("SLA facts: an event is named for {0:?} at {1}, but the timeline has no such fact")]
    SourceWithoutFact(StopFact, DateTime<Utc>),
}

impl TicketTimeline {
    /// A ticket just opened with the requester's priority and nothing else yet.
    pub fn opened(at: DateTime<Utc>, requested_priority: Priority) -> Self {
        TicketTimeline {
            opened_at: at,
            requested_priority,
            priority_changes: Vec::new(),
            first_response_at: None,
            information_incomplete_at: None,
            requester_contacted_at: None,
            phone_call_at: None,
            escalated_at: None,
            progress_updates: Vec::new(),
            estimates: Vec::new(),
            estimate_told_at: Vec::new(),
            waiting_on_requester: Vec::new(),
            resolved_at: Vec::new(),
            reopened_at: Vec::new(),
            closed_at: None,
            sources: Vec::new(),
            unknown_until: None,
        }
    }

    /// Checks the ordering the clocks rely on. Evaluating unordered facts never panics, but its
    /// results mean little: an adapter should call this in its tests.
    pub fn check(&self) -> Result<(), TimelineError> {
        let ordered = |times: &mut dyn Iterator<Item = DateTime<Utc>>, name| {
            let times: Vec<_> = times.collect();
            match times.windows(2).all(|w| w[0] <= w[1]) {
                true => Ok(()),
                false => Err(TimelineError::OutOfOrder(name)),
            }
        };
        ordered(
            &mut self.priority_changes.iter().map(|c| c.at),
            "priority changes",
        )?;
        ordered(
            &mut self.progress_updates.iter().copied(),
            "progress updates",
        )?;
        ordered(&mut self.estimates.iter().map(|e| e.set_at), "estimates")?;
        ordered(
            &mut self.estimate_told_at.iter().copied(),
            "estimate notices",
        )?;
        ordered(&mut self.resolved_at.iter().copied(), "resolutions")?;
        ordered(&mut self.reopened_at.iter().copied(), "reopenings")?;
        for wait in &self.waiting_on_requester {
            if wait.until.is_some_and(|until| until < wait.from) {
                return Err(TimelineError::WaitEndsBeforeItStarts(wait.from));
            }
        }
        for pair in self.waiting_on_requester.windows(2) {
            if pair[0].until.is_none_or(|until| until > pair[1].from) {
                return Err(TimelineError::WaitsOverlap);
            }
        }
        if let Some(orphan) = self.sources.iter().find(|s| !self.has_fact(s.fact, s.at)) {
            return Err(TimelineError::SourceWithoutFact(orphan.fact, orphan.at));
        }
        Ok(())
    }

    /// Whether the timeline holds `fact` at `at`.
    fn has_fact(&self, fact: StopFact, at: DateTime<Utc>) -> bool {
        match fact {
            StopFact::FirstResponse => self.first_response_at == Some(at),
            StopFact::RequesterContacted => self.requester_contacted_at == Some(at),
            StopFact::PhoneCall => self.phone_call_at == Some(at),
            StopFact::Escalation => self.escalated_at == Some(at),
            StopFact::ProgressUpdate => self.progress_updates.contains(&at),
            StopFact::EstimateTold => self.estimate_told_at.contains(&at),
            StopFact::Resolution => self.resolved_at.contains(&at),
            StopFact::Closing => self.closed_at == Some(at),
        }
    }

    /// What stopped a clock: `fact` at `at` (ms), with its event when `sources` names one.
    pub(crate) fn stop_cause(&self, fact: StopFact, at: i64) -> StopCause {
        let source = self
            .sources
            .iter()
            .find(|s| s.fact == fact && ms(s.at) == at);
        StopCause {
            fact,
            event: source.map(|s| s.event.clone()),
            command: source.and_then(|s| s.command).or(fact.command()),
        }
    }

    /// The priority in force at `at` (ms).
    pub(crate) fn priority_at(&self, at: i64) -> Priority {
        self.priority_changes
            .iter()
            .take_while(|c| ms(c.at) <= at)
            .last()
            .map_or(self.requested_priority, |c| c.priority)
    }

    /// The first instant at or before `now` from which the ticket is P1.
    pub(crate) fn first_p1(&self, now: i64) -> Option<i64> {
        if self.requested_priority == Priority::P1 {
            return Some(ms(self.opened_at)).filter(|at| *at <= now);
        }
        self.priority_changes
            .iter()
            .map(|c| (ms(c.at), c.priority))
            .take_while(|(at, _)| *at <= now)
            .find(|(_, priority)| *priority == Priority::P1)
            .map(|(at, _)| at)
    }

    /// Whether the ticket waits on the requester at `at`.
    pub(crate) fn waiting_at(&self, at: i64) -> bool {
        self.waiting_on_requester
            .iter()
            .any(|w| ms(w.from) <= at && w.until.is_none_or(|until| at < ms(until)))
    }

    /// The resolution that stands at `now`: the last one, unless a reopening followed it.
    pub(crate) fn standing_resolution(&self, now: i64) -> Option<i64> {
        let last =
            |times: &[DateTime<Utc>]| times.iter().map(|t| ms(*t)).filter(|t| *t <= now).max();
        let resolved = last(&self.resolved_at)?;
        match last(&self.reopened_at) {
            Some(reopened) if reopened >= resolved => None,
            _ => Some(resolved),
        }
    }

    /// The earliest instant in `[from, now]` at which a clock without its own stop lapses, and
    /// why: the first resolution or the closing (the resolution when both are at once).
    pub(crate) fn lapse(&self, from: i64, now: i64) -> Option<(i64, StopFact)> {
        let resolved = self.resolved_at.iter().map(|t| ms(*t)).find(|t| *t >= from);
        let closed = self.closed_at.map(ms).filter(|t| *t >= from);
        [
            resolved.map(|t| (t, StopFact::Resolution)),
            closed.map(|t| (t, StopFact::Closing)),
        ]
        .into_iter()
        .flatten()
        .filter(|(t, _)| *t <= now)
        .min_by_key(|(t, _)| *t)
    }

    /// Calls `piece(from, to, priority, paused)` for consecutive pieces of `[from, to)` in which
    /// priority and waiting do not change. `pausable` false: never paused.
    pub(crate) fn for_each_piece(
        &self,
        from: i64,
        to: i64,
        pausable: bool,
        mut piece: impl FnMut(i64, i64, Priority, bool),
    ) {
        let changes = &self.priority_changes;
        let waits: &[Waiting] = if pausable {
            &self.waiting_on_requester
        } else {
            &[]
        };
        let (mut next_change, mut next_wait) = (0, 0);
        let mut priority = self.requested_priority;
        let mut at = from;
        while at < to {
            while let Some(change) = changes.get(next_change).filter(|c| ms(c.at) <= at) {
                priority = change.priority;
                next_change += 1;
            }
            while waits
                .get(next_wait)
                .is_some_and(|w| w.until.is_some_and(|u| ms(u) <= at))
            {
                next_wait += 1;
            }
            let (paused, wait_edge) = match waits.get(next_wait) {
                Some(w) if ms(w.from) <= at => (true, w.until.map_or(i64::MAX, ms)),
                Some(w) => (false, ms(w.from)),
                None => (false, i64::MAX),
            };
            let change_edge = changes.get(next_change).map_or(i64::MAX, |c| ms(c.at));
            let end = to.min(wait_edge).min(change_edge);
            piece(at, end, priority, paused);
            at = end;
        }
    }
}

pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}
