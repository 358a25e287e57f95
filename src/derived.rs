//! Values the pages derive from each ticket (its search text, its live SLA timeline), kept
//! between changes and made again only for a ticket whose events moved on: a write, here or in
//! another tab, costs the pages the tickets it changed, not the history.

use std::collections::HashMap;

use fielddesk_core::{Ticket, TicketId};

/// One value per ticket, remembered with the `last_seq` it was made at.
pub struct PerTicket<V> {
    made: HashMap<TicketId, (u64, V)>,
}

impl<V> Default for PerTicket<V> {
    fn default() -> Self {
        PerTicket {
            made: HashMap::new(),
        }
    }
}

impl<V: Clone> PerTicket<V> {
    /// `make(ticket)` for every ticket, in their order; a ticket unchanged since the last call
    /// gets the value made then.
    pub fn refresh(&mut self, tickets: &[Ticket], make: impl Fn(&Ticket) -> V) -> Vec<V> {
        let values = tickets
            .iter()
            .map(|ticket| match self.made.get_mut(&ticket.id) {
                Some((seq, value)) if *seq == ticket.last_seq => value.clone(),
                Some(slot) => {
                    *slot = (ticket.last_seq, make(ticket));
                    slot.1.clone()
                }
                None => {
                    let value = make(ticket);
                    self.made
                        .insert(ticket.id.clone(), (ticket.last_seq, value.clone()));
                    value
                }
            })
            .collect();
        // Tickets gone (the store was cleared) are forgotten.
        if self.made.len() > tickets.len() {
            let kept: std::collections::HashSet<&TicketId> =
                tickets.iter().map(|t| &t.id).collect();
            self.made.retain(|id, _| kept.contains(id));
        }
        values
    }
}
