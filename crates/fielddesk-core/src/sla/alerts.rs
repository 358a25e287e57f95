//! What needs attention now, across all tickets.

use chrono::{DateTime, Utc};

use crate::calendar::OffsetMemo;
use crate::sla::{evaluate_raw, ClockReading, ClockState, SlaClock, SlaPolicy, TicketTimeline};

/// A live clock at risk or breached on the ticket `ticket`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert<K> {
    pub ticket: K,
    pub reading: ClockReading,
    /// Whether the shell may notify about it now (a browser notification); false in the quiet
    /// hours of its calendar (see [`alerts`]). It is counted and listed either way.
    pub notify: bool,
}

/// R3.2: first line's hour is nearly or wholly used without escalation: bring in second line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationSuggestion<K> {
    pub ticket: K,
    /// When first line's hour ends (or ended).
    pub due: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// As [`Alert::notify`].
    pub notify: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alerts<K> {
    /// Ordered by due instant, earliest first.
    pub clocks: Vec<Alert<K>>,
    /// Ordered by due instant, earliest first.
    pub escalations: Vec<EscalationSuggestion<K>>,
}

/// The live clocks at risk or breached at `now` across `tickets` (each with its key and pinned
/// policy), and the escalations they call for.
///
/// R7, #15: every such clock is listed and counted at any hour, so a breach from yesterday still
/// shows at 02:00 (the ticket says 已超时; the badge must not say 0). Quiet hours only hold back
/// notifications: with `alerts_in_working_hours_only`, an alert whose clock's calendar is outside
/// its working hours at `now` has `notify` false. Calendar-time clocks (P1) are never quiet.
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
            let quiet = policy.alerts_in_working_hours_only
                && !calendar.is_working_ms(now.timestamp_millis(), &mut memo);
            if reading.clock == SlaClock::Escalation {
                alerts.escalations.push(EscalationSuggestion {
                    ticket: ticket.clone(),
                    due: reading.due,
                    overdue: matches!(reading.state, ClockState::Breached { .. }),
                    notify: !quiet,
                });
            }
            alerts.clocks.push(Alert {
                ticket: ticket.clone(),
                reading,
                notify: !quiet,
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

impl<K> Alerts<K> {
    /// The alerts the shell may notify about now (`notify`), in due order.
    pub fn to_notify(&self) -> impl Iterator<Item = &Alert<K>> {
        self.clocks.iter().filter(|alert| alert.notify)
    }
}
