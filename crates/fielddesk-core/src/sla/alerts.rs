//! What needs attention now, across all tickets.

use chrono::{DateTime, Utc};

use crate::calendar::OffsetMemo;
use crate::sla::{evaluate_raw, ClockReading, ClockState, SlaClock, SlaPolicy, TicketTimeline};

/// A live clock at risk or breached on the ticket `ticket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert<K> {
    pub ticket: K,
    pub reading: ClockReading,
}

/// R3.2: first line's hour is nearly or wholly used without escalation: bring in second line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationSuggestion<K> {
    pub ticket: K,
    /// When first line's hour ends (or ended).
    pub due: Option<DateTime<Utc>>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alerts<K> {
    /// Ordered by due instant, earliest first.
    pub clocks: Vec<Alert<K>>,
    /// Ordered by due instant, earliest first.
    pub escalations: Vec<EscalationSuggestion<K>>,
}

/// The live clocks at risk or breached at `now` across `tickets` (each with its key and pinned
/// policy), and the escalations they call for. A clock on a business calendar stays quiet outside
/// that calendar's working hours when the policy says so.
pub fn alerts<'a, K: Clone>(
    tickets: impl IntoIterator<Item = (K, &'a TicketTimeline, &'a SlaPolicy)>,
    now: DateTime<Utc>,
) -> Alerts<K> {
    let mut alerts = Alerts {
        clocks: Vec::new(),
        escalations: Vec::new(),
    };
    let mut memo = OffsetMemo::default();
    for (ticket, timeline, policy) in tickets {
        for raw in evaluate_raw(timeline, policy, now, &mut memo)
            .into_iter()
            .flatten()
        {
            let urgent = matches!(raw.state, ClockState::AtRisk | ClockState::Breached { .. });
            if !urgent || raw.stop.is_some() {
                continue;
            }
            let reading = raw.reading(timeline);
            let calendar = policy.calendar(reading.priority, reading.clock);
            if policy.alerts_in_working_hours_only && !calendar.is_working(now) {
                continue;
            }
            if reading.clock == SlaClock::Escalation {
                alerts.escalations.push(EscalationSuggestion {
                    ticket: ticket.clone(),
                    due: reading.due,
                    overdue: matches!(reading.state, ClockState::Breached { .. }),
                });
            }
            alerts.clocks.push(Alert {
                ticket: ticket.clone(),
                reading,
            });
        }
    }
    // `None` (paused) sorts after every instant.
    let key = |due: Option<DateTime<Utc>>| (due.is_none(), due);
    alerts
        .clocks
        .sort_by_key(|a| (key(a.reading.due), a.reading.clock));
    alerts.escalations.sort_by_key(|e| key(e.due));
    alerts
}
