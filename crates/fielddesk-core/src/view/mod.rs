//! The view models: plain data that the pages render, and the choices behind it (the "view" of
//! MVC, as rust-analyzer's `ide` crate is for its editors). Every decision a screen shows — a
//! ticket's stage, the clock a queue row leads with, which actions are offered and in what order,
//! which inputs an action's form has, whether knowledge suggestions apply, which months the
//! report's trend covers — is made here, so the shell only lays it out and translates it.
//!
//! - [`ticket`]: the ticket page (stages, actions offered or blocked, suggestions).
//! - [`form`]: an action's form: its typed inputs, their choices and first values, and the
//!   `Command` they make.
//! - [`queue`]: the queue's filters, search text, order and each row's headline clock.
//! - [`alerts`]: the alerts page and badge over every open ticket.
//! - [`month`]: the report page's months.

pub mod alerts;
pub mod form;
pub mod month;
pub mod queue;
pub mod ticket;

use chrono::{DateTime, Utc};

use crate::report::SlaPolicies;
use crate::sla::{self, SlaPolicy, SlaReport};
use crate::ticket::Ticket;

impl SlaPolicies<'_> {
    /// R7: the policy `ticket` was opened under; editing the policy never rewrites history.
    pub fn for_ticket(&self, ticket: &Ticket) -> &SlaPolicy {
        self.book.for_ticket(ticket, self.default)
    }
}

/// Every clock of `ticket` at `now`, under its pinned policy.
pub fn clocks(ticket: &Ticket, policies: &SlaPolicies<'_>, now: DateTime<Utc>) -> SlaReport {
    sla::evaluate(&sla::timeline_of(ticket), policies.for_ticket(ticket), now)
}
