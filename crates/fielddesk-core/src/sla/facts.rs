//! From a folded ticket to the timed facts the clocks read: the one place where the workflow's
//! events meet the SLA engine.

use crate::event::EventKind;
use crate::feedback::Feedback;
use crate::sla::{Estimate, FactSource, PriorityChange, StopFact, TicketTimeline, Waiting};
use crate::ticket::{Ticket, TimelineEntry};

/// The SLA facts of `ticket`, from the events that changed it (in fold order, so in time order
/// for one device; events that no longer applied are left out). Each fact that stops a clock is
/// named with its event in `sources`.
pub fn timeline_of(ticket: &Ticket) -> TicketTimeline {
    let mut facts = TicketTimeline::opened(ticket.created_at, ticket.requested_priority());
    facts.first_response_at = ticket.first_response_at;
    facts.unknown_until = ticket.migrated.as_ref().map(|origin| origin.facts_until);
    let applied = || ticket.timeline.iter().filter(|entry| entry.applied);
    for entry in applied() {
        let at = entry.event.at;
        let source = |fact| source(entry, fact);
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
                facts
                    .sources
                    .retain(|s| s.fact != StopFact::RequesterContacted);
            }
            EventKind::RequesterContacted { .. }
                if facts.information_incomplete_at.is_some()
                    && facts.requester_contacted_at.is_none() =>
            {
                facts.requester_contacted_at = Some(at);
                facts.sources.push(source(StopFact::RequesterContacted));
            }
            EventKind::RequesterPhoned { .. } if facts.phone_call_at.is_none() => {
                facts.phone_call_at = Some(at);
                facts.sources.push(source(StopFact::PhoneCall));
            }
            EventKind::Escalated { .. } if facts.escalated_at.is_none() => {
                facts.escalated_at = Some(at);
                facts.sources.push(source(StopFact::Escalation));
            }
            EventKind::ProgressUpdated { .. } => {
                facts.progress_updates.push(at);
                facts.sources.push(source(StopFact::ProgressUpdate));
            }
            EventKind::ResolutionEstimated { expected_at } => facts.estimates.push(Estimate {
                set_at: at,
                expected_at: *expected_at,
            }),
            EventKind::UserInformedOfEstimate { .. } => {
                facts.estimate_told_at.push(at);
                facts.sources.push(source(StopFact::EstimateTold));
            }
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
            } => {
                facts.resolved_at.push(at);
                facts.sources.push(source(StopFact::Resolution));
            }
            EventKind::Archived { .. } => {
                facts.closed_at = Some(at);
                facts.sources.retain(|s| s.fact != StopFact::Closing);
                facts.sources.push(source(StopFact::Closing));
            }
            _ => {}
        }
    }
    // R7.1: the ticket says when it was first answered; the event is the first applied one then
    // by someone other than the requester that a command made (a merge's renumbering is none).
    if let Some(responded) = ticket.first_response_at {
        let requester = ticket.intake.submitter.person();
        let response = applied().find(|entry| {
            entry.event.at == responded
                && entry.event.actor != requester
                && entry.event.kind.command_kind().is_some()
        });
        facts
            .sources
            .extend(response.map(|entry| source(entry, StopFact::FirstResponse)));
    }
    facts
}

fn source(entry: &TimelineEntry, fact: StopFact) -> FactSource {
    FactSource {
        fact,
        at: entry.event.at,
        event: entry.event.id.clone(),
        command: entry.event.kind.command_kind(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::zhang_san_form;
    use crate::feedback::WorkflowPolicy;
    use crate::model::{default_channels, Person, Priority};
    use crate::roles::Role;
    use crate::sla::{audit, evaluate, ClockState, Outcome, SlaClock, SlaPolicy, StopCause};
    use crate::standard::CategoryStandard;
    use crate::ticket::{open_ticket, Stamp};
    use crate::workflow::{decide, Command, CommandKind};
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
            WorkflowPolicy::default(),
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
        let reading = evaluate(&facts, &SlaPolicy::default(), at(5))
            .get(SlaClock::FirstResponse)
            .clone();
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

    #[test]
    fn each_met_clock_names_the_event_that_met_it() {
        // Opened Fri 10:00 (P2, business time). 10:03 assigned (e2): the first response, 3 of 10
        // min. 10:05 information flagged incomplete (e3); 10:08 the requester contacted (e4): the
        // R1.4 clock met after 3 of 10 min, "由 10:08 的『联系提交人』达成".
        let mut ticket = opened();
        act(&mut ticket, Command::Assign { handler: handler() }, 3);
        act(
            &mut ticket,
            Command::FlagIncomplete {
                missing: "报错截图".into(),
            },
            5,
        );
        act(
            &mut ticket,
            Command::RecordRequesterContacted {
                note: "已联系用户补充截图".into(),
                description: None,
            },
            8,
        );
        let facts = timeline_of(&ticket);
        assert_eq!(facts.check(), Ok(()));
        let report = evaluate(&facts, &SlaPolicy::default(), at(30));
        let first = report.get(SlaClock::FirstResponse);
        assert_eq!(
            first.state,
            ClockState::Met {
                margin: Duration::minutes(7)
            }
        );
        assert_eq!(
            first.stopped_by,
            Some(StopCause {
                fact: StopFact::FirstResponse,
                event: Some(EventId("e2".into())),
                command: Some(CommandKind::Assign),
            })
        );
        let contact = report.get(SlaClock::MissingInfoContact);
        assert_eq!(contact.stopped_at, Some(at(8)));
        let cause = StopCause {
            fact: StopFact::RequesterContacted,
            event: Some(EventId("e4".into())),
            command: Some(CommandKind::RecordRequesterContacted),
        };
        assert_eq!(contact.stopped_by, Some(cause.clone()));
        // The audit says the same, beside the outcome.
        let entry = audit(&facts, &SlaPolicy::default(), at(30))
            .into_iter()
            .find(|e| e.clock == SlaClock::MissingInfoContact)
            .expect("the R1.4 clock ran");
        assert_eq!(
            (entry.outcome, entry.stopped_at, entry.stopped_by),
            (
                Outcome::Met {
                    margin: Duration::minutes(7)
                },
                Some(at(8)),
                Some(cause)
            )
        );
        // A clock still running names nothing.
        assert_eq!(report.get(SlaClock::Resolution).stopped_by, None);
    }

    #[test]
    fn a_new_flag_forgets_the_contact_that_answered_the_old_one() {
        // 10:05 flagged (e2), 10:08 contacted (e3), 10:20 flagged again (e4), 10:26 contacted (e5):
        // the clock that runs from 10:20 is met by e5, and e3 is no longer named as a source.
        let mut ticket = opened();
        let flag = || Command::FlagIncomplete {
            missing: "版本号".into(),
        };
        let contact = || Command::RecordRequesterContacted {
            note: "已联系".into(),
            description: None,
        };
        act(&mut ticket, flag(), 5);
        act(&mut ticket, contact(), 8);
        act(&mut ticket, flag(), 20);
        act(&mut ticket, contact(), 26);
        let facts = timeline_of(&ticket);
        assert_eq!(facts.check(), Ok(()));
        let contacts: Vec<&EventId> = facts
            .sources
            .iter()
            .filter(|s| s.fact == StopFact::RequesterContacted)
            .map(|s| &s.event)
            .collect();
        assert_eq!(contacts, [&EventId("e5".into())]);
        let reading = evaluate(&facts, &SlaPolicy::default(), at(30))
            .get(SlaClock::MissingInfoContact)
            .clone();
        assert_eq!(
            reading.stopped_by.and_then(|c| c.event),
            Some(EventId("e5".into()))
        );
    }

    #[test]
    fn a_timeline_stored_before_sources_reads_with_none_and_round_trips() {
        let mut ticket = opened();
        act(&mut ticket, Command::Assign { handler: handler() }, 3);
        let facts = timeline_of(&ticket);
        let json = serde_json::to_value(&facts).expect("a timeline serialises");
        assert_eq!(
            serde_json::from_value::<TicketTimeline>(json.clone()).expect("and reads back"),
            facts
        );
        // An older summary has no `sources`: it reads, and its clocks name the fact, not the event.
        let mut old = json;
        old.as_object_mut()
            .expect("a timeline is an object")
            .remove("sources");
        let old: TicketTimeline = serde_json::from_value(old).expect("sources default to none");
        assert!(old.sources.is_empty());
        let first = evaluate(&old, &SlaPolicy::default(), at(5))
            .get(SlaClock::FirstResponse)
            .clone();
        assert_eq!(
            first.stopped_by,
            Some(StopCause {
                fact: StopFact::FirstResponse,
                event: None,
                command: None,
            })
        );
    }
}
