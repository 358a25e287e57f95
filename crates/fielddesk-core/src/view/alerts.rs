//! The alerts page and the header's badge: every open ticket's clocks read at one instant.

use chrono::{DateTime, Utc};

use crate::event::TicketId;
use crate::report::SlaPolicies;
use crate::sla::{self, Alerts};
use crate::ticket::Ticket;

/// R7: the alerts of every open ticket at `now`, each ticket under its pinned policy, keyed by
/// ticket id. Resolved and archived tickets have no live clock and are not read.
pub fn alerts(
    tickets: &[Ticket],
    policies: &SlaPolicies<'_>,
    now: DateTime<Utc>,
) -> Alerts<TicketId> {
    let open: Vec<_> = tickets
        .iter()
        .filter(|t| t.step.is_open())
        .map(|t| (t.id.clone(), sla::timeline_of(t), policies.for_ticket(t)))
        .collect();
    sla::alerts(open.iter().map(|(id, tl, p)| (id.clone(), tl, *p)), now)
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
