//! From a folded ticket to the timed facts the clocks read: the one place where the workflow's
//! events meet the SLA engine.

use crate::event::EventKind;
use crate::feedback::Feedback;
use crate::sla::{Estimate, PriorityChange, TicketTimeline, Waiting};
use crate::ticket::Ticket;

/// The SLA facts of `ticket`, from the events that changed it (in fold order, so in time order
/// for one device; events that no longer applied are left out).
pub fn timeline_of(ticket: &Ticket) -> TicketTimeline {
    let mut facts = TicketTimeline::opened(ticket.created_at, ticket.requested_priority());
    facts.first_response_at = ticket.first_response_at;
    for entry in ticket.timeline.iter().filter(|entry| entry.applied) {
        let at = entry.event.at;
        match &entry.event.kind {
            EventKind::PriorityConfirmed { priority, .. }
            | EventKind::JointlyConfirmed { priority, .. } => {
                facts.priority_changes.push(PriorityChange {
                    at,
                    priority: *priority,
                })
            }
            // R1.4: the latest flag restarts the contact clock; the first contact after it stops it.
            EventKind::InformationFlaggedIncomplete { .. } => {
                facts.information_incomplete_at = Some(at);
                facts.requester_contacted_at = None;
            }
            EventKind::RequesterContacted { .. }
                if facts.information_incomplete_at.is_some()
                    && facts.requester_contacted_at.is_none() =>
            {
                facts.requester_contacted_at = Some(at);
            }
            EventKind::RequesterPhoned { .. } => {
                facts.phone_call_at.get_or_insert(at);
            }
            EventKind::Escalated { .. } => {
                facts.escalated_at.get_or_insert(at);
            }
            EventKind::ProgressUpdated { .. } => facts.progress_updates.push(at),
            EventKind::ResolutionEstimated { expected_at } => facts.estimates.push(Estimate {
                set_at: at,
                expected_at: *expected_at,
            }),
            EventKind::UserInformedOfEstimate { .. } => facts.estimate_told_at.push(at),
            EventKind::WaitingOnRequester { .. } => facts.waiting_on_requester.push(Waiting {
                from: at,
                until: None,
            }),
            EventKind::Resumed { .. } => {
                if let Some(wait) = facts
                    .waiting_on_requester
                    .last_mut()
                    .filter(|w| w.until.is_none())
                {
                    wait.until = Some(at);
                }
            }
            EventKind::FeedbackRecorded {
                result: Feedback::Resolved,
                ..
            } => facts.resolved_at.push(at),
            EventKind::Archived { .. } => facts.closed_at = Some(at),
            _ => {}
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::zhang_san_form;
    use crate::model::{default_channels, Person, Priority};
    use crate::roles::Role;
    use crate::sla::{evaluate, ClockState, SlaClock, SlaPolicy};
    use crate::standard::CategoryStandard;
    use crate::ticket::{open_ticket, Stamp};
    use crate::workflow::{decide, Command};
    use crate::{EventId, TicketId};
    use chrono::{DateTime, Duration, TimeZone, Utc};

    fn handler() -> Person {
        Person {
            name: "李四".into(),
            employee_id: "TS100".into(),
        }
    }

    /// 2023-10-27 10:00 in Shanghai is 02:00 UTC; `minutes` after that.
    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2023, 10, 27, 2, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn act(ticket: &mut Ticket, command: Command, minutes: i64) {
        let stamp = Stamp {
            event_id: EventId(format!("e{}", ticket.last_seq + 1)),
            actor: handler(),
            at: at(minutes),
        };
        let event = decide(
            ticket,
            command,
            Role::FirstLine,
            stamp,
            &CategoryStandard::default(),
        )
        .unwrap();
        ticket.apply(&event);
    }

    fn opened() -> Ticket {
        let stamp = Stamp {
            event_id: EventId("e1".into()),
            actor: handler(),
            at: at(0),
        };
        let event = open_ticket(
            &zhang_san_form(),
            &default_channels(),
            TicketId("t1".into()),
            stamp,
            &[],
            &SlaPolicy::default(),
        )
        .unwrap();
        Ticket::fold([&event]).unwrap()
    }

    #[test]
    fn a_new_ticket_pins_the_policy_and_runs_its_first_response_clock() {
        let ticket = opened();
        assert_eq!(ticket.sla_policy, Some(SlaPolicy::default().id()));
        let facts = timeline_of(&ticket);
        assert_eq!(facts.opened_at, at(0));
        assert_eq!(facts.requested_priority, Priority::P2);
        assert_eq!(facts.check(), Ok(()));
        // P2 runs on the business calendar: Friday 10:00 Shanghai is inside working hours, so
        // 5 minutes later the 10-minute first-response clock has 5 minutes left.
        let reading = *evaluate(&facts, &SlaPolicy::default(), at(5)).get(SlaClock::FirstResponse);
        assert_eq!(reading.state, ClockState::Running);
        assert_eq!(reading.remaining, Duration::minutes(5));
    }

    #[test]
    fn the_templates_priority_raise_and_a_wait_become_timed_facts() {
        let mut ticket = opened();
        act(&mut ticket, Command::Assign { handler: handler() }, 3);
        act(
            &mut ticket,
            Command::WaitOnRequester {
                reason: "等待用户截图".into(),
            },
            20,
        );
        act(
            &mut ticket,
            Command::Resume {
                note: "用户已提供截图".into(),
            },
            50,
        );
        act(
            &mut ticket,
            Command::UpdateProgress {
                note: "已排查数据库连接".into(),
            },
            60,
        );
        let facts = timeline_of(&ticket);
        assert_eq!(facts.first_response_at, Some(at(3)));
        assert_eq!(
            facts.waiting_on_requester,
            [Waiting {
                from: at(20),
                until: Some(at(50))
            }]
        );
        assert_eq!(facts.progress_updates, [at(60)]);
        assert_eq!(facts.check(), Ok(()));
    }
}
