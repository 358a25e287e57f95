//! The event log as a whole: many tickets' events, in any order.

use std::collections::HashMap;

use crate::event::{Event, TicketId};
use crate::ticket::Ticket;

/// Every ticket that `events` describe (in no particular order); events of a ticket whose
/// creation is missing are left out.
pub fn fold_log(events: &[Event]) -> Vec<Ticket> {
    let mut by_ticket: HashMap<&TicketId, Vec<&Event>> = HashMap::new();
    for event in events {
        by_ticket.entry(&event.ticket).or_default().push(event);
    }
    by_ticket.into_values().filter_map(Ticket::fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::zhang_san_form;
    use crate::model::{default_channels, Person};
    use crate::ticket::{open_ticket, Stamp};
    use chrono::{TimeZone, Utc};

    fn opened(ticket: &str, serial_day: u32) -> Event {
        let stamp = Stamp {
            event_id: crate::EventId(format!("e-{ticket}")),
            actor: Person {
                name: "李四".into(),
                employee_id: "TS100".into(),
            },
            at: Utc.with_ymd_and_hms(2023, 10, serial_day, 2, 0, 0).unwrap(),
        };
        open_ticket(
            &zhang_san_form(),
            &default_channels(),
            TicketId(ticket.into()),
            stamp,
            &[],
            &crate::sla::SlaPolicy::default(),
        )
        .unwrap()
    }

    #[test]
    fn folds_each_ticket_once_whatever_the_order_of_the_log() {
        let log = [opened("b", 28), opened("a", 27)];
        let mut numbers: Vec<String> = fold_log(&log)
            .iter()
            .map(|t| t.number.to_string())
            .collect();
        numbers.sort();
        assert_eq!(numbers, ["TS20231027001", "TS20231028001"]);
    }
}
