//! Every state change is an event: a fact in the past tense, with a globally unique id, the actor
//! and the time. A ticket's state is the fold of its events (see `ticket`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::model::Person;
use crate::numbering::TicketNo;

/// A globally unique event id. The shell makes them (UUID v7, so they also sort by time); the core
/// only compares them, which keeps it free of clocks and randomness.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

/// A ticket's identity, stable for its whole life and across devices. The number (R1.5) is what
/// people read; it can change when two devices' tickets collide on a merge, this id never does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub ticket: TicketId,
    /// Per-ticket causal order: one more than the highest `seq` the author had seen for this
    /// ticket. Two devices acting concurrently may produce equal values; `id` breaks the tie.
    pub seq: u64,
    pub actor: Person,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
}

impl Event {
    /// The order in which a ticket's events are folded: causal order, then id for concurrent ones.
    pub fn order_key(&self) -> (u64, &EventId) {
        (self.seq, &self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventKind {
    /// R1.2, R1.5: the intake record was saved and the ticket numbered.
    TicketCreated { number: TicketNo, intake: Intake },
}
