//! The ticket as the tracking form shows it (R6), folded from its events.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::attachment::Attachment;
use crate::event::{in_fold_order, Event, EventId, EventKind, TicketId};
use crate::feedback::{ConfirmedBy, Feedback, Taken};
use crate::intake::{Intake, IntakeError, IntakeForm};
use crate::knowledge::{KnowledgeLink, Reference};
use crate::model::{Person, Priority};
use crate::numbering::TicketNo;
use crate::roles::Supporter;
use crate::sla::{PolicyId, SlaPolicy};
use crate::standard::Category;
use crate::workflow::{check_state, ArchiveStatus, Step};

/// The tracking form (R6) of one ticket: every field, as its events left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    /// R1.5: 问题编号.
    pub number: TicketNo,
    /// R1.2: 提交人信息, 问题描述 (as completed under R1.4), channel (R1.1), requested priority.
    pub intake: Intake,
    /// R7: the SLA policy the ticket was opened under (see `sla::PolicyBook`).
    pub sla_policy: Option<PolicyId>,
    pub created_at: DateTime<Utc>,
    pub created_by: Person,
    /// The highest `seq` folded so far; the next event of this ticket gets one more.
    pub last_seq: u64,
    /// Where the ticket is in the process (the crate docs draw the diagram).
    pub step: Step,
    /// R1.7, R5.1: attachment metadata.
    pub attachments: Vec<Attachment>,
    /// R1.4: what is missing from the description, until the requester is contacted.
    pub missing_information: Option<LogEntry>,
    /// R1.4: each contact with the requester to complete the description.
    pub requester_contacts: Vec<LogEntry>,
    /// R1.6: 一线处理人.
    pub first_line: Option<Person>,
    /// R2.1: 问题分类, tags from the standard.
    pub categories: Vec<Category>,
    /// R2.2, R2.3: the confirmed priority; the requested one stays in `intake`.
    pub priority_review: Option<PriorityReview>,
    /// R2.4: the cross-domain report and its joint confirmation.
    pub cross_domain: Option<CrossDomain>,
    /// R3.1: first line's attempts.
    pub attempts: Vec<Attempt>,
    /// R3.2: the escalation to second line (its text is the reason).
    pub escalation: Option<LogEntry>,
    /// R3.2, R6: 二线支持人员 with their roles.
    pub second_line: Vec<Supporter>,
    /// R3.3: the root cause and plan (the latest, after R4.3 loops).
    pub root_cause: Option<RootCause>,
    /// R3.4: every approval request and its decision.
    pub approvals: Vec<Approval>,
    /// R3.5: 处理进度记录.
    pub progress: Vec<LogEntry>,
    /// R3.6: the expected resolution time and whether the user was told.
    pub estimate: Option<Estimate>,
    /// R7.1: when a handler first acted on the ticket after it was created (see `Ticket::apply`).
    pub first_response_at: Option<DateTime<Utc>>,
    /// R7.3: telephone calls to the requester.
    pub phone_calls: Vec<LogEntry>,
    /// R7: the periods spent waiting on the requester.
    pub waits: Vec<Wait>,
    /// R5.1: every fix marked done (its text is the solution); the last is the current one.
    pub fixes: Vec<LogEntry>,
    /// R4.1: every verification.
    pub verifications: Vec<LogEntry>,
    /// R4.2: 用户反馈, every round of it (R4.3 keeps the history).
    pub feedback: Vec<FeedbackRecord>,
    /// R5.1: when the requester confirmed 已解决.
    pub resolved_at: Option<DateTime<Utc>>,
    /// R5.4: 知识库, the linked articles.
    pub knowledge: Vec<KnowledgeLink>,
    /// R5.4: the archiving, once 已归档.
    pub archive: Option<ArchiveRecord>,
    /// Where the ticket came from when it was migrated from a tracking sheet.
    #[serde(default)]
    pub migrated: Option<SheetOrigin>,
    /// Every event folded, in order, including those that no longer applied (`applied: false`),
    /// e.g. the loser of two devices acting at once.
    pub timeline: Vec<TimelineEntry>,
}

/// The sheet row a migrated ticket came from (`EventKind::MigratedFromSheet`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetOrigin {
    pub file: String,
    pub row: u64,
    /// The events up to this seq are the sheet's facts.
    pub through: u64,
    /// When the sheet's last fact is dated: no clock can be judged from the sheet up to here.
    pub facts_until: DateTime<Utc>,
}

/// Who wrote something, when, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub by: Person,
    pub text: String,
}

/// R2.2, R2.3: the confirmed priority, and why it differs from the requested one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityReview {
    pub priority: Priority,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
    pub by: Person,
}

/// R2.4: the report to the supervisor; `joint` once category and priority were confirmed with
/// second-line experts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossDomain {
    pub report: LogEntry,
    pub joint: Option<JointConfirmation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointConfirmation {
    pub experts: Vec<Supporter>,
    pub at: DateTime<Utc>,
    pub by: Person,
}

/// R3.1: what first line tried, and what it consulted first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub action: String,
    pub consulted: Vec<Reference>,
    pub at: DateTime<Utc>,
    pub by: Person,
}

/// R3.3
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCause {
    pub root_cause: String,
    pub plan: String,
    pub at: DateTime<Utc>,
    pub by: Person,
}

/// R3.4: a request for the manager's approval (its text is the subject), and the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub request: LogEntry,
    pub decision: Option<Decision>,
}

/// R3.4: the manager's decision; the text is the note or the rejection's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub approved: bool,
    pub entry: LogEntry,
}

/// R3.6: the expected resolution time, as set at `set_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub expected_at: DateTime<Utc>,
    pub set_at: DateTime<Utc>,
    /// The record of telling the user this estimate.
    pub user_informed: Option<LogEntry>,
}

impl Estimate {
    /// R3.6: an estimate more than this far ahead must be told to the user.
    pub const TELL_USER_BEYOND: TimeDelta = TimeDelta::hours(4);

    /// R3.6: the estimate is more than four hours away and the user has not been told it.
    pub fn user_must_be_told(&self) -> bool {
        self.expected_at - self.set_at > Self::TELL_USER_BEYOND && self.user_informed.is_none()
    }
}

/// R7: a period of waiting on the requester; `resumed` is `None` while it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wait {
    pub since: LogEntry,
    pub resumed: Option<LogEntry>,
}

/// R4.2: one round of feedback; `confirmed_by` marks feedback a handler recorded for the requester.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRecord {
    pub result: Feedback,
    pub confirmation: String,
    pub confirmed_by: ConfirmedBy,
    /// Where it was taken and the signature given there; `None` when not recorded (older events).
    pub taken: Option<Taken>,
    pub at: DateTime<Utc>,
    pub by: Person,
}

/// R5.4
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveRecord {
    pub at: DateTime<Utc>,
    pub by: Person,
    pub no_article_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub event: Event,
    /// Whether the event changed the ticket; `false` when it no longer applied when folded.
    pub applied: bool,
}

impl Ticket {
    /// The ticket that `events` describe, folded in (seq, id) order; `None` without its creation.
    ///
    /// Folding never fails: an event that does not apply to the state reached so far (a second
    /// creation, another ticket's event, an action a concurrent event made impossible) is kept in
    /// the timeline and changes nothing. The same events in any input order give the same ticket.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Ticket> {
        let ordered = in_fold_order(events, Event::order_key);
        let created = ordered
            .iter()
            .position(|e| matches!(e.kind, EventKind::TicketCreated { .. }))?;
        let mut ticket = Ticket::created(ordered[created])?;
        for (index, event) in ordered.into_iter().enumerate() {
            match index.cmp(&created) {
                // Nothing applies to a ticket before it exists.
                std::cmp::Ordering::Less => ticket.keep(event, false),
                std::cmp::Ordering::Equal => ticket.keep(event, true),
                std::cmp::Ordering::Greater => ticket.apply(event),
            }
        }
        Some(ticket)
    }

    fn created(event: &Event) -> Option<Ticket> {
        let EventKind::TicketCreated {
            number,
            intake,
            sla_policy,
        } = &event.kind
        else {
            return None;
        };
        Some(Ticket {
            id: event.ticket.clone(),
            number: *number,
            intake: intake.clone(),
            sla_policy: sla_policy.clone(),
            created_at: event.at,
            created_by: event.actor.clone(),
            last_seq: event.seq,
            step: Step::Intake,
            attachments: Vec::new(),
            missing_information: None,
            requester_contacts: Vec::new(),
            first_line: None,
            categories: Vec::new(),
            priority_review: None,
            cross_domain: None,
            attempts: Vec::new(),
            escalation: None,
            second_line: Vec::new(),
            root_cause: None,
            approvals: Vec::new(),
            progress: Vec::new(),
            estimate: None,
            first_response_at: None,
            phone_calls: Vec::new(),
            waits: Vec::new(),
            fixes: Vec::new(),
            verifications: Vec::new(),
            feedback: Vec::new(),
            resolved_at: None,
            knowledge: Vec::new(),
            archive: None,
            migrated: None,
            timeline: Vec::new(),
        })
    }

    /// Folds in one more event that sorts after all folded so far, as the one `decide` returns
    /// does. For events from elsewhere (a merge), fold the whole log again.
    pub fn apply(&mut self, event: &Event) {
        if self.timeline.iter().any(|e| e.event.id == event.id) {
            return;
        }
        let applied = event.ticket == self.id && self.change(event);
        self.keep(event, applied);
    }

    fn keep(&mut self, event: &Event, applied: bool) {
        self.last_seq = self.last_seq.max(event.seq);
        self.timeline.push(TimelineEntry {
            event: event.clone(),
            applied,
        });
    }

    /// The event's effect, if its command's state guards still hold.
    fn change(&mut self, event: &Event) -> bool {
        // A sheet's facts land where its cells put them: it shows no steps to check.
        let from_sheet = self.is_sheet_fact(event);
        if let Some(kind) = event.kind.command_kind() {
            if !from_sheet && check_state(self, kind).is_err() {
                return false;
            }
        }
        let entry = |text: &str| LogEntry {
            at: event.at,
            by: event.actor.clone(),
            text: text.to_string(),
        };
        match &event.kind {
            EventKind::TicketCreated { .. } => return false,
            EventKind::Renumbered { from, to } => {
                if self.number != *from {
                    return false;
                }
                self.number = *to;
                // A merge is not a response to the requester.
                return true;
            }
            EventKind::ArticleReferenceRenumbered {
                event: referring,
                reference,
                from,
                to,
            } => return self.renumber_reference(referring, reference, from, to),
            EventKind::MigratedFromSheet {
                file, row, through, ..
            } => {
                if self.migrated.is_some() || self.last_seq + 1 != event.seq {
                    return false;
                }
                self.migrated = Some(SheetOrigin {
                    file: file.clone(),
                    row: *row,
                    through: *through,
                    facts_until: event.at,
                });
                return true;
            }
            EventKind::Assigned { handler } => {
                self.first_line = Some(handler.clone());
                if self.step == Step::Intake {
                    self.step = Step::Classification;
                }
            }
            EventKind::InformationFlaggedIncomplete { missing } => {
                self.missing_information = Some(entry(missing));
            }
            EventKind::RequesterContacted { note, description } => {
                self.missing_information = None;
                self.requester_contacts.push(entry(note));
                if let Some(description) = description {
                    self.intake.description = description.clone();
                }
            }
            EventKind::Responded { .. } => {}
            EventKind::RequesterPhoned { note } => self.phone_calls.push(entry(note)),
            EventKind::FileAttached { attachment } => self.attachments.push(attachment.clone()),
            EventKind::Classified { categories } => {
                self.categories = categories.clone();
                self.finish_classification();
            }
            EventKind::PriorityConfirmed { priority, reason } => {
                self.priority_review = Some(PriorityReview {
                    priority: *priority,
                    reason: reason.clone(),
                    at: event.at,
                    by: event.actor.clone(),
                });
                self.finish_classification();
            }
            EventKind::CrossDomainReported { note } => {
                self.cross_domain = Some(CrossDomain {
                    report: entry(note),
                    joint: None,
                });
                self.step = Step::Classification;
            }
            EventKind::JointlyConfirmed {
                experts,
                categories,
                priority,
                reason,
            } => {
                if let Some(cross_domain) = &mut self.cross_domain {
                    cross_domain.joint = Some(JointConfirmation {
                        experts: experts.clone(),
                        at: event.at,
                        by: event.actor.clone(),
                    });
                }
                self.categories = categories.clone();
                self.priority_review = Some(PriorityReview {
                    priority: *priority,
                    reason: reason.clone(),
                    at: event.at,
                    by: event.actor.clone(),
                });
                self.finish_classification();
            }
            EventKind::AttemptRecorded { action, consulted } => self.attempts.push(Attempt {
                action: action.clone(),
                consulted: consulted.clone(),
                at: event.at,
                by: event.actor.clone(),
            }),
            EventKind::Escalated { reason, supporters } => {
                self.escalation = Some(entry(reason));
                for supporter in supporters {
                    self.join(supporter);
                }
                self.step = Step::SecondLineHandling;
            }
            EventKind::SupporterJoined { supporter } => self.join(supporter),
            EventKind::RootCauseRecorded { root_cause, plan } => {
                self.root_cause = Some(RootCause {
                    root_cause: root_cause.clone(),
                    plan: plan.clone(),
                    at: event.at,
                    by: event.actor.clone(),
                });
            }
            EventKind::ApprovalRequested { subject } => self.approvals.push(Approval {
                request: entry(subject),
                decision: None,
            }),
            EventKind::Approved { note } => self.decide_approval(true, entry(note)),
            EventKind::Rejected { reason } => self.decide_approval(false, entry(reason)),
            EventKind::ProgressUpdated { note } => self.progress.push(entry(note)),
            EventKind::ResolutionEstimated { expected_at } => {
                self.estimate = Some(Estimate {
                    expected_at: *expected_at,
                    set_at: event.at,
                    user_informed: None,
                });
            }
            EventKind::UserInformedOfEstimate { note } => {
                if let Some(estimate) = &mut self.estimate {
                    estimate.user_informed = Some(entry(note));
                }
            }
            EventKind::WaitingOnRequester { reason } => self.waits.push(Wait {
                since: entry(reason),
                resumed: None,
            }),
            EventKind::Resumed { note } => {
                if let Some(wait) = self.waits.last_mut() {
                    wait.resumed = Some(entry(note));
                }
            }
            EventKind::FixApplied { solution } => {
                self.fixes.push(entry(solution));
                self.step = Step::Verification;
            }
            EventKind::Verified { note } => {
                self.verifications.push(entry(note));
                self.step = Step::Feedback;
            }
            EventKind::FeedbackRecorded {
                result,
                confirmation,
                confirmed_by,
                taken,
            } => {
                self.feedback.push(FeedbackRecord {
                    result: *result,
                    confirmation: confirmation.clone(),
                    confirmed_by: *confirmed_by,
                    taken: taken.clone(),
                    at: event.at,
                    by: event.actor.clone(),
                });
                self.step = match result {
                    Feedback::Resolved => {
                        self.resolved_at = Some(event.at);
                        Step::Resolved
                    }
                    // R4.3: back to analysis, where the ticket was before the fix.
                    Feedback::PartlyResolved | Feedback::NotResolved => {
                        if self.escalation.is_some() {
                            Step::SecondLineHandling
                        } else {
                            Step::FirstLineHandling
                        }
                    }
                };
            }
            EventKind::ArticleLinked { article } => self.knowledge.push(article.clone()),
            EventKind::Archived { no_article_reason } => {
                self.archive = Some(ArchiveRecord {
                    at: event.at,
                    by: event.actor.clone(),
                    no_article_reason: no_article_reason.clone(),
                });
                self.step = Step::Archived;
            }
        }
        if from_sheet {
            if let Some(origin) = &mut self.migrated {
                origin.facts_until = origin.facts_until.max(event.at);
            }
            // R7.1: a sheet does not show when the ticket was first answered.
            return true;
        }
        // R7.1: any handler action after creation is a response; the requester's own are not.
        if self.first_response_at.is_none() && event.actor != self.intake.submitter.person() {
            self.first_response_at = Some(event.at);
        }
        true
    }

    /// The event is one of the facts a `MigratedFromSheet` covers.
    fn is_sheet_fact(&self, event: &Event) -> bool {
        self.migrated
            .as_ref()
            .is_some_and(|origin| event.seq <= origin.through)
    }

    /// R5.4: the reference `reference` of the folded event `referring` reads `to` from now on, if
    /// it reads `from` now. The n-th applied `ArticleLinked` made `knowledge[n]`, the n-th applied
    /// `AttemptRecorded` made `attempts[n]`, so the event finds its entry by counting.
    fn renumber_reference(
        &mut self,
        referring: &EventId,
        reference: &str,
        from: &str,
        to: &str,
    ) -> bool {
        let applied = || self.timeline.iter().filter(|e| e.applied);
        let Some(entry) = applied().find(|e| e.event.id == *referring) else {
            return false;
        };
        let before = |kind: fn(&EventKind) -> bool| {
            applied()
                .take_while(|e| e.event.id != *referring)
                .filter(|e| kind(&e.event.kind))
                .count()
        };
        match &entry.event.kind {
            EventKind::ArticleLinked { article } if article.id == reference => {
                let index = before(|k| matches!(k, EventKind::ArticleLinked { .. }));
                match self.knowledge.get_mut(index) {
                    Some(link) if link.id == from => {
                        link.id = to.to_string();
                        true
                    }
                    _ => false,
                }
            }
            EventKind::AttemptRecorded { consulted, .. } => {
                let Some(position) = consulted
                    .iter()
                    .position(|r| matches!(r, Reference::Article { id } if id == reference))
                else {
                    return false;
                };
                let index = before(|k| matches!(k, EventKind::AttemptRecorded { .. }));
                match self
                    .attempts
                    .get_mut(index)
                    .and_then(|a| a.consulted.get_mut(position))
                {
                    Some(Reference::Article { id }) if id == from => {
                        *id = to.to_string();
                        true
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// R2.1–R2.4: classification is done once the ticket is tagged, its priority confirmed and
    /// any cross-domain report jointly confirmed; first line takes over.
    fn finish_classification(&mut self) {
        if self.step == Step::Classification
            && !self.categories.is_empty()
            && self.priority_review.is_some()
            && !self.cross_domain_pending()
        {
            self.step = Step::FirstLineHandling;
        }
    }

    fn join(&mut self, supporter: &Supporter) {
        if !self
            .second_line
            .iter()
            .any(|s| s.person == supporter.person)
        {
            self.second_line.push(supporter.clone());
        }
    }

    fn decide_approval(&mut self, approved: bool, entry: LogEntry) {
        if let Some(approval) = self.approvals.last_mut() {
            approval.decision = Some(Decision { approved, entry });
        }
    }

    pub fn requested_priority(&self) -> Priority {
        self.intake.requested_priority
    }

    /// R2.2: the priority the ticket is handled at: the confirmed one, else the requested one.
    pub fn priority(&self) -> Priority {
        self.priority_review
            .as_ref()
            .map_or(self.intake.requested_priority, |review| review.priority)
    }

    /// R2.4: reported cross-domain and not yet jointly confirmed.
    pub fn cross_domain_pending(&self) -> bool {
        self.cross_domain
            .as_ref()
            .is_some_and(|cross_domain| cross_domain.joint.is_none())
    }

    /// R3.4: a request is with the manager.
    pub fn approval_pending(&self) -> bool {
        self.approvals
            .last()
            .is_some_and(|approval| approval.decision.is_none())
    }

    /// R7: the wait in progress, if the ticket is waiting on the requester.
    pub fn waiting(&self) -> Option<&Wait> {
        self.waits.last().filter(|wait| wait.resumed.is_none())
    }

    /// R5.1: the current solution, the last fix marked done.
    pub fn solution(&self) -> Option<&str> {
        self.fixes.last().map(|fix| fix.text.as_str())
    }

    /// R5.4: 待归档 once resolved, 已归档 once archived.
    pub fn archive_status(&self) -> Option<ArchiveStatus> {
        match self.step {
            Step::Resolved => Some(ArchiveStatus::Pending),
            Step::Archived => Some(ArchiveStatus::Archived),
            _ => None,
        }
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
/// numbers already `used`, dated the team's day at the stamp's time (`team::date_at`), under the
/// team's current SLA `policy` (R7), which stays the ticket's for good.
pub fn open_ticket<'a>(
    form: &IntakeForm,
    channels: &[String],
    ticket: TicketId,
    stamp: Stamp,
    used: impl IntoIterator<Item = &'a TicketNo>,
    policy: &SlaPolicy,
) -> Result<Event, Vec<IntakeError>> {
    let intake = form.check(channels)?;
    Ok(Event {
        id: stamp.event_id,
        ticket,
        seq: 1,
        actor: stamp.actor,
        at: stamp.at,
        kind: EventKind::TicketCreated {
            number: TicketNo::next(crate::team::date_at(policy, stamp.at), used),
            intake,
            sla_policy: Some(policy.id()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::zhang_san_form as form;
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
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t1".into()),
            stamp("e1"),
            &[],
            &crate::sla::SlaPolicy::default(),
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
        let first: TicketNo = "TS20231027001".parse().unwrap();
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t2".into()),
            stamp("e2"),
            [&first],
            &crate::sla::SlaPolicy::default(),
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
        let errors = open_ticket(
            &incomplete,
            &default_channels(),
            TicketId("t".into()),
            stamp("e"),
            &[],
            &crate::sla::SlaPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(errors, [IntakeError::Missing(IntakeField::Contact)]);
    }

    #[test]
    fn events_survive_a_json_round_trip() {
        let event = open_ticket(
            &form(),
            &default_channels(),
            TicketId("t1".into()),
            stamp("e1"),
            &[],
            &crate::sla::SlaPolicy::default(),
        )
        .unwrap();
        let json = serde_json::to_string(&event).unwrap();
        assert!(json.contains("\"type\":\"TicketCreated\""));
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    }
}
