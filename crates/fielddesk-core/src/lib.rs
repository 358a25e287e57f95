//! Fielddesk's domain: the support process of `PROCESS.md` (rules R1–R7) as pure Rust.
//!
//! No clock, no storage, no browser: time and ids come in as arguments, state is a fold over
//! events, and every rule violation is a typed error that names its rule.

pub mod calendar;
pub mod event;
#[cfg(test)]
mod fixtures;
pub mod intake;
pub mod model;
pub mod numbering;
pub mod sla;
pub mod ticket;

pub use event::{Event, EventId, EventKind, TicketId};
pub use intake::{Description, Intake, IntakeError, IntakeField, IntakeForm, Submitter};
pub use model::{default_channels, Person, Priority};
pub use numbering::TicketNo;
pub use ticket::{open_ticket, Stamp, Ticket};
