//! Every state change is an event: a fact in the past tense, with a globally unique id, the actor
//! and the time. A ticket's state is the fold of its events (see `ticket`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attachment::Attachment;
use crate::feedback::{ConfirmedBy, Feedback, Taken};
use crate::intake::{Description, Intake};
use crate::knowledge::{KnowledgeLink, Reference};
use crate::model::{Person, Priority};
use crate::numbering::TicketNo;
use crate::roles::Supporter;
use crate::sla::PolicyId;
use crate::standard::Category;
use crate::workflow::CommandKind;

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

/// A stream's events (a ticket's or an article's) in the order they are folded in, by `key`
/// (their `order_key`: causal order, then id for concurrent ones). Ids are globally unique: an
/// id listed twice is one event stored twice, kept once.
pub(crate) fn in_fold_order<'a, E>(
    events: impl IntoIterator<Item = &'a E>,
    key: impl Fn(&E) -> (u64, &EventId),
) -> Vec<&'a E> {
    let mut ordered: Vec<&E> = events.into_iter().collect();
    ordered.sort_by(|a, b| key(a).cmp(&key(b)));
    ordered.dedup_by(|a, b| key(a).1 == key(b).1);
    ordered
}

/// What happened. Each kind but `TicketCreated` and the two renumberings a merge makes is made by
/// one `Command` (see `workflow::decide`); the doc comment names the rule it records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventKind {
    /// R1.2, R1.5: the intake record was saved and the ticket numbered.
    TicketCreated {
        number: TicketNo,
        intake: Intake,
        /// R7: the SLA policy the ticket was opened under, for good (`None`: opened before
        /// policies were pinned; such tickets are read under the default policy).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sla_policy: Option<PolicyId>,
    },
    /// R1.5: a merge found two tickets with one number and gave this one the next free number.
    Renumbered { from: TicketNo, to: TicketNo },
    /// R1.6: the ticket was assigned to a first-line handler.
    Assigned { handler: Person },
    /// R1.4: key information is missing from the description.
    InformationFlaggedIncomplete { missing: String },
    /// R1.4: the requester was contacted; `description` is the completed one, if it changed.
    RequesterContacted {
        note: String,
        description: Option<Description>,
    },
    /// R7.1: a handler answered without changing anything else.
    Responded { note: String },
    /// R7.3: a handler telephoned the requester.
    RequesterPhoned { note: String },
    /// R1.7, R5.1: a file was attached.
    FileAttached { attachment: Attachment },
    /// R2.1: the ticket was tagged with categories from the standard.
    Classified { categories: Vec<Category> },
    /// R2.2, R2.3: the handler confirmed the priority; `reason` says why it differs from the
    /// requested one.
    PriorityConfirmed {
        priority: Priority,
        reason: Option<String>,
    },
    /// R2.4: the problem spans domains and was reported to the supervisor.
    CrossDomainReported { note: String },
    /// R2.4: the supervisor and second-line experts confirmed category and priority together.
    JointlyConfirmed {
        experts: Vec<Supporter>,
        categories: Vec<Category>,
        priority: Priority,
        reason: Option<String>,
    },
    /// R3.1: first line tried something, after consulting the knowledge base or past tickets.
    AttemptRecorded {
        action: String,
        consulted: Vec<Reference>,
    },
    /// R3.2: second line was brought in.
    Escalated {
        reason: String,
        supporters: Vec<Supporter>,
    },
    /// R3.2: another second-line supporter joined.
    SupporterJoined { supporter: Supporter },
    /// R3.3: the root cause was found and a plan made.
    RootCauseRecorded { root_cause: String, plan: String },
    /// R3.4: major resource coordination needs the manager's approval.
    ApprovalRequested { subject: String },
    /// R3.4: the manager approved the pending request.
    Approved { note: String },
    /// R3.4: the manager rejected the pending request.
    Rejected { reason: String },
    /// R3.5: progress was written into the ticket.
    ProgressUpdated { note: String },
    /// R3.6: the expected resolution time was set.
    ResolutionEstimated { expected_at: DateTime<Utc> },
    /// R3.6: the user was told the expected resolution time.
    UserInformedOfEstimate { note: String },
    /// R7: the ticket waits on the requester; the resolution clock pauses from here.
    WaitingOnRequester { reason: String },
    /// R7: the requester came back; the resolution clock runs again.
    Resumed { note: String },
    /// R5.1: the fix was carried out; `solution` is the steps, configuration and scripts.
    FixApplied { solution: String },
    /// R4.1: the fix was verified in a test or authorised pre-production environment.
    Verified { note: String },
    /// R4.2, R4.3: the requester's feedback. `Feedback::Resolved` is the resolution (R5.1).
    FeedbackRecorded {
        result: Feedback,
        confirmation: String,
        confirmed_by: ConfirmedBy,
        /// Where it was taken, with the signature given on site. `None` in events recorded
        /// before Fielddesk asked (format version 4 added it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        taken: Option<Taken>,
    },
    /// R5.4: a knowledge-base article was linked.
    ArticleLinked { article: KnowledgeLink },
    /// R5.4: 已归档; `no_article_reason` says why no article is needed, when none is linked.
    Archived { no_article_reason: Option<String> },
    /// The ticket came from row `row` (from 1) of the team's tracking sheet `file`
    /// (`migration`): the events up to seq `through` say what its cells say, and were not
    /// checked against the workflow's steps, which a sheet does not show. `cells` keeps the row
    /// as it was, header and value, so nothing in it is lost. Made by Fielddesk only, once per
    /// ticket, right after its creation.
    MigratedFromSheet {
        file: String,
        row: u64,
        through: u64,
        cells: Vec<(String, String)>,
    },
    /// R5.4: a merge moved an article this ticket refers to on to another id, because another
    /// device had a different article with its id: the reference `reference` in this ticket's
    /// event `event` (an `ArticleLinked`, or an `AttemptRecorded`'s `consulted`) now reads `to`
    /// instead of `from`. Made by Fielddesk only, one event per id passed (see `merge::articles`).
    ArticleReferenceRenumbered {
        event: EventId,
        reference: String,
        from: String,
        to: String,
    },
}

impl EventKind {
    /// The command that makes this kind of event, whose state guards it must still pass when
    /// folded; `None` for the kinds no command makes.
    pub fn command_kind(&self) -> Option<CommandKind> {
        Some(match self {
            EventKind::TicketCreated { .. }
            | EventKind::Renumbered { .. }
            | EventKind::ArticleReferenceRenumbered { .. }
            | EventKind::MigratedFromSheet { .. } => return None,
            EventKind::Assigned { .. } => CommandKind::Assign,
            EventKind::InformationFlaggedIncomplete { .. } => CommandKind::FlagIncomplete,
            EventKind::RequesterContacted { .. } => CommandKind::RecordRequesterContacted,
            EventKind::Responded { .. } => CommandKind::Respond,
            EventKind::RequesterPhoned { .. } => CommandKind::RecordPhoneCall,
            EventKind::FileAttached { .. } => CommandKind::AttachFile,
            EventKind::Classified { .. } => CommandKind::Classify,
            EventKind::PriorityConfirmed { .. } => CommandKind::ConfirmPriority,
            EventKind::CrossDomainReported { .. } => CommandKind::ReportCrossDomain,
            EventKind::JointlyConfirmed { .. } => CommandKind::ConfirmJointly,
            EventKind::AttemptRecorded { .. } => CommandKind::RecordAttempt,
            EventKind::Escalated { .. } => CommandKind::Escalate,
            EventKind::SupporterJoined { .. } => CommandKind::AddSupporter,
            EventKind::RootCauseRecorded { .. } => CommandKind::RecordRootCause,
            EventKind::ApprovalRequested { .. } => CommandKind::RequestApproval,
            EventKind::Approved { .. } => CommandKind::Approve,
            EventKind::Rejected { .. } => CommandKind::Reject,
            EventKind::ProgressUpdated { .. } => CommandKind::UpdateProgress,
            EventKind::ResolutionEstimated { .. } => CommandKind::EstimateResolution,
            EventKind::UserInformedOfEstimate { .. } => CommandKind::RecordUserInformed,
            EventKind::WaitingOnRequester { .. } => CommandKind::WaitOnRequester,
            EventKind::Resumed { .. } => CommandKind::Resume,
            EventKind::FixApplied { .. } => CommandKind::ApplyFix,
            EventKind::Verified { .. } => CommandKind::Verify,
            EventKind::FeedbackRecorded { .. } => CommandKind::RecordFeedback,
            EventKind::ArticleLinked { .. } => CommandKind::LinkArticle,
            EventKind::Archived { .. } => CommandKind::Archive,
        })
    }

    /// The file this event makes part of the ticket, whose bytes travel with it (export,
    /// import, replication): an attached file, or the requester's signature.
    pub fn attachment(&self) -> Option<&Attachment> {
        match self {
            EventKind::FileAttached { attachment } => Some(attachment),
            EventKind::FeedbackRecorded {
                taken:
                    Some(Taken::OnSite {
                        signature: Some(signature),
                    }),
                ..
            } => Some(&signature.image),
            _ => None,
        }
    }
}
