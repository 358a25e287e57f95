//! The alerts page and the header's badge: every open ticket's clocks read at one instant.

use chrono::{DateTime, Utc};

use crate::event::TicketId;
use crate::report::SlaPolicies;
use std::borrow::Borrow;

use crate::sla::{self, Alerts, TicketTimeline};
use crate::ticket::Ticket;

/// R7: the alerts of every open ticket at `now`, each ticket under its pinned policy, keyed by
/// ticket id. Resolved and archived tickets have no live clock and are not read.
pub fn alerts(
    tickets: &[Ticket],
    policies: &SlaPolicies<'_>,
    now: DateTime<Utc>,
) -> Alerts<TicketId> {
    let timelines: Vec<_> = tickets.iter().map(live_timeline).collect();
    alerts_of(tickets.iter().zip(&timelines), policies, now)
}

/// The timeline a ticket's live clocks run on; none once it is resolved or archived.
pub fn live_timeline(ticket: &Ticket) -> Option<TicketTimeline> {
    ticket.step.is_open().then(|| sla::timeline_of(ticket))
}

/// [`alerts`] from each ticket's [`live_timeline`] made earlier: a page keeps them between
/// changes and makes again only a changed ticket's.
pub fn alerts_of<'a, T: Borrow<TicketTimeline> + 'a>(
    tickets: impl IntoIterator<Item = (&'a Ticket, &'a Option<T>)>,
    policies: &SlaPolicies<'_>,
    now: DateTime<Utc>,
) -> Alerts<TicketId> {
    let live = tickets.into_iter().filter_map(|(ticket, timeline)| {
        let timeline = timeline.as_ref()?.borrow();
        Some((ticket.id.clone(), timeline, policies.for_ticket(ticket)))
    });
    sla::alerts(live, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, Casebook};
    use crate::model::Priority;
    use crate::sla::{PolicyBook, SlaPolicy};

    #[test]
    fn an_open_ticket_past_its_first_response_alerts_and_a_resolved_one_does_not() {
        let mut book = Casebook::default();
        let at = beijing(2023, 10, 27, 10, 0);
        let open = book.open("登录时提示验证码错误", Priority::P2, at);
        let mut done = book.open("打印机卡纸", Priority::P2, at);
        done.classify("系统故障-登录异常", at).resolve(at);
        assert!(live_timeline(&open.ticket).is_some());
        assert!(live_timeline(&done.ticket).is_none());
        let (b, d) = (PolicyBook::default(), SlaPolicy::default());
        // Friday 10:30, working hours: the open ticket's 10-minute first response is breached.
        let found = alerts(
            &[open.ticket.clone(), done.ticket],
            &SlaPolicies {
                book: &b,
                default: &d,
            },
            beijing(2023, 10, 27, 10, 30),
        );
        assert!(!found.clocks.is_empty());
        assert!(found.clocks.iter().all(|a| a.ticket == open.ticket.id));
    }
}
