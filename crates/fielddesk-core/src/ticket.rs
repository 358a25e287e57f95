//! The ticket as the tracking form shows it (R6), folded from its events.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::event::{Event, EventId, EventKind, TicketId};
use crate::intake::{Intake, IntakeError, IntakeForm};
use crate::model::{Person, Priority};
use crate::numbering::TicketNo;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub number: TicketNo,
    pub intake: Intake,
    pub created_at: DateTime<Utc>,
    pub created_by: Person,
    /// The highest `seq` folded so far; the next event of this ticket gets one more.
    pub last_seq: u64,
}

impl Ticket {
    /// The ticket that `events` describe, folded in causal order; `None` without its creation.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Ticket> {
        let mut ordered: Vec<&Event> = events.into_iter().collect();
        ordered.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
        let mut ticket: Option<Ticket> = None;
        for event in ordered {
            match &event.kind {
                EventKind::TicketCreated { number, intake } if ticket.is_none() => {
                    ticket = Some(Ticket {
                        id: event.ticket.clone(),
                        number: *number,
                        intake: intake.clone(),
                        created_at: event.at,
                        created_by: event.actor.clone(),
                        last_seq: event.seq,
                    });
                }
                // A second creation of the same ticket carries nothing new.
                EventKind::TicketCreated { .. } => {}
            }
        }
        ticket
    }

    pub fn requested_priority(&self) -> Priority {
        self.intake.requested_priority
    }
}

/// What the shell supplies to record anything: fresh ids, who, and when.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub event_id: EventId,
    pub actor: Person,
    pub at: DateTime<Utc>,
}

/// R1.2, R1.5: checks the intake form and, if it is complete, opens a ticket numbered after the
/// numbers already `used`, dated `today` (the team's local date).
pub fn open_ticket<'a>(
    form: &IntakeForm,
    channels: &[String],
    ticket: TicketId,
    stamp: Stamp,
    today: NaiveDate,
    used: impl IntoIterator<Item = &'a TicketNo>,
) -> Result<Event, Vec<IntakeError>> {
    let intake = form.check(channels)?;
    Ok(Event {
        id: stamp.event_id,
        ticket,
        seq: 1,
        actor: stamp.actor,
        at: stamp.at,
        kind: EventKind::TicketCreated {
            number: TicketNo::next(today, used),
            intake,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::zhang_san_form as form;
    use crate::intake::IntakeField;
    use crate::model::default_channels;
    use chrono::TimeZone;

    fn stamp(id: &str) -> Stamp {
        Stamp {
            event_id: EventId(id.into()),
            actor: Person {
                name: "李四".into(),
                employee_id: "TS100".into(),
            },
            at: Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0).unwrap(),
        }
    }

    #[test]
    fn opening_the_templates_ticket_numbers_it_ts20231027001() {
        let today = NaiveDate::from_ymd_opt(2023, 10, 27).unwrap();
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t1".into()),
            stamp("e1"),
            today,
            &[],
        )
        .unwrap();
        let ticket = Ticket::fold([&event]).unwrap();
        assert_eq!(ticket.number.to_string(), "TS20231027001");
        assert_eq!(ticket.intake.submitter.name, "张三");
        assert_eq!(ticket.requested_priority(), Priority::P2);
        assert_eq!(ticket.created_by.name, "李四");
    }

    #[test]
    fn the_second_ticket_of_the_day_gets_002() {
        let today = NaiveDate::from_ymd_opt(2023, 10, 27).unwrap();
        let first: TicketNo = "TS20231027001".parse().unwrap();
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t2".into()),
            stamp("e2"),
            today,
            [&first],
        )
        .unwrap();
        assert_eq!(
            Ticket::fold([&event]).unwrap().number.to_string(),
            "TS20231027002"
        );
    }

    #[test]
    fn an_incomplete_form_opens_nothing_and_says_which_field() {
        let mut incomplete = form();
        incomplete.submitter.contact.clear();
        let today = NaiveDate::from_ymd_opt(2023, 10, 27).unwrap();
        let errors = open_ticket(
            &incomplete,
            &default_channels(),
            TicketId("t".into()),
            stamp("e"),
            today,
            &[],
        )
        .unwrap_err();
        assert_eq!(errors, [IntakeError::Missing(IntakeField::Contact)]);
    }

    #[test]
    fn events_survive_a_json_round_trip() {
        let today = NaiveDate::from_ymd_opt(2023, 10, 27).unwrap();
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t1".into()),
            stamp("e1"),
            today,
            &[],
        )
        .unwrap();
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.contains("\"type\":\"TicketCreated\""));
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}
