//! Values the pages derive from each ticket (its search text, its live SLA timeline), kept
//! between changes and made again only for a ticket that changed: a write, here or in another
//! tab, costs the pages the tickets it changed, not the history.

use std::collections::HashMap;

use fielddesk_core::{Ticket, TicketId};

/// One value per ticket, remembered with the ticket's revision when it was made.
pub struct PerTicket<V> {
    made: HashMap<TicketId, (Revision, V)>,
}

/// What moves whenever a ticket changes: every event, a merged one or a renumbering too, adds
/// an entry to its timeline (a merge can leave `last_seq` where it was).
pub type Revision = (u64, usize);

pub fn revision(ticket: &Ticket) -> Revision {
    (ticket.last_seq, ticket.timeline.len())
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
                Some((made_at, value)) if *made_at == revision(ticket) => value.clone(),
                Some(slot) => {
                    *slot = (revision(ticket), make(ticket));
                    slot.1.clone()
                }
                None => {
                    let value = make(ticket);
                    self.made
                        .insert(ticket.id.clone(), (revision(ticket), value.clone()));
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
