//! What the screens read from the SLA engine: each ticket evaluated under its pinned policy.

use chrono::{DateTime, Utc};
use fielddesk_core::sla::{self, ClockReading, ClockState, SlaPolicy, SlaReport};
use fielddesk_core::Ticket;

use crate::team::TeamSettings;

/// The policy `ticket` was opened under (R7: editing the policy never rewrites history).
pub fn policy_of<'a>(settings: &'a TeamSettings, ticket: &Ticket) -> &'a SlaPolicy {
    settings.book.for_ticket(ticket, &settings.policy)
}

pub fn report(settings: &TeamSettings, ticket: &Ticket, now: DateTime<Utc>) -> SlaReport {
    sla::evaluate(&sla::timeline_of(ticket), policy_of(settings, ticket), now)
}

/// The clock a queue row shows: the live one that needs attention first (breached, then at risk,
/// then the nearest due).
pub fn headline(report: &SlaReport) -> Option<ClockReading> {
    let attention = |state: ClockState| match state {
        ClockState::Breached { .. } => 0,
        ClockState::AtRisk => 1,
        ClockState::Running => 2,
        ClockState::Paused => 3,
        ClockState::Met { .. } | ClockState::NotApplicable => 4,
    };
    report
        .readings
        .iter()
        .filter(|r| r.is_live() && attention(r.state) < 4)
        .min_by_key(|r| (attention(r.state), r.due.is_none(), r.due))
        .copied()
}
