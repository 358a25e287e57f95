//! The support process (R1–R5) as a state machine: `decide` checks a `Command` against the ticket
//! and the acting `Role` and turns it into one `Event`; `Ticket::apply` folds it in.
//!
//! Guards come in two kinds. The state guards (`check_state`: the step, waiting, missing
//! information, pending approvals…) hold for the command whatever its payload; `allowed_commands`
//! offers exactly the commands that pass them, and the fold re-checks them so that an event which
//! no longer applies (two devices acting at once) is kept but changes nothing. The payload guards
//! (blank texts, categories outside the standard, a priority change without a reason…) are checked
//! once, in `decide`.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attachment::{Attachment, AttachmentId};
use crate::event::{Event, EventKind};
use crate::feedback::{ConfirmedBy, Feedback, Taken, WorkflowPolicy};
use crate::intake::Description;
use crate::knowledge::{KnowledgeLink, Reference};
use crate::model::{Person, Priority};
use crate::roles::{Role, Supporter};
use crate::standard::{Category, CategoryStandard};
use crate::ticket::{Stamp, Ticket};

#[cfg(test)]
mod tests;

/// Where a ticket is in the process. The crate docs draw the transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// R1: recorded, waiting to be assigned (R1.6).
    Intake,
    /// R2: assigned; to be classified (R2.1) and its priority confirmed (R2.2–R2.4).
    Classification,
    /// R3.1: first line searches the knowledge base and tries standard solutions.
    FirstLineHandling,
    /// R3.2–R3.4: escalated; second line finds the root cause and carries out the plan.
    SecondLineHandling,
    /// R4.1: a fix was applied; to be verified.
    Verification,
    /// R4.2: verified; waiting for the requester's feedback.
    Feedback,
    /// R5.1, R5.4: resolved, 待归档 (knowledge base not yet updated).
    Resolved,
    /// R5.4: 已归档. Nothing changes any more.
    Archived,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Intake,
        Step::Classification,
        Step::FirstLineHandling,
        Step::SecondLineHandling,
        Step::Verification,
        Step::Feedback,
        Step::Resolved,
        Step::Archived,
    ];

    /// The steps in which the problem is still being worked on (R7's clocks run).
    pub fn is_open(self) -> bool {
        self < Step::Resolved
    }

    pub fn rule(self) -> &'static str {
        match self {
            Step::Intake => "R1",
            Step::Classification => "R2",
            Step::FirstLineHandling => "R3.1",
            Step::SecondLineHandling => "R3.2",
            Step::Verification => "R4.1",
            Step::Feedback => "R4.2",
            Step::Resolved | Step::Archived => "R5.4",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({})", self, self.rule())
    }
}

/// R5.4: 待归档 or 已归档, once the ticket is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArchiveStatus {
    /// 待归档: solved, knowledge base not yet updated.
    Pending,
    /// 已归档: solved and knowledge updated (or no update needed, with the reason).
    Archived,
}

/// Everything anyone can do to a ticket after it is opened (`open_ticket` opens it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// R1.6: assign (or reassign) the first-line handler.
    Assign { handler: Person },
    /// R1.4: say which key information is missing.
    FlagIncomplete { missing: String },
    /// R1.4: record contacting the requester, with the completed description if it changed.
    RecordRequesterContacted {
        note: String,
        description: Option<Description>,
    },
    /// R7.1: answer the requester without changing anything else.
    Respond { note: String },
    /// R7.3: record a telephone call to the requester.
    RecordPhoneCall { note: String },
    /// R1.7, R5.1: attach a file (its bytes are stored by the shell).
    AttachFile { attachment: Attachment },
    /// R2.1: tag the ticket with categories from the standard.
    Classify { categories: Vec<Category> },
    /// R2.2, R2.3: confirm the priority; a reason is required when it differs from the requested.
    ConfirmPriority {
        priority: Priority,
        reason: Option<String>,
    },
    /// R2.4: report a cross-domain problem to the supervisor.
    ReportCrossDomain { note: String },
    /// R2.4: the supervisor confirms category and priority jointly with second-line experts.
    ConfirmJointly {
        experts: Vec<Supporter>,
        categories: Vec<Category>,
        priority: Priority,
        reason: Option<String>,
    },
    /// R3.1: record a first-line attempt and what was consulted.
    RecordAttempt {
        action: String,
        consulted: Vec<Reference>,
    },
    /// R3.2: escalate to second line, naming who joins.
    Escalate {
        reason: String,
        supporters: Vec<Supporter>,
    },
    /// R3.2: another second-line supporter joins.
    AddSupporter { supporter: Supporter },
    /// R3.3: record the root cause and the handling plan.
    RecordRootCause { root_cause: String, plan: String },
    /// R3.4: ask the manager to approve major resource coordination.
    RequestApproval { subject: String },
    /// R3.4: approve the pending request.
    Approve { note: String },
    /// R3.4: reject the pending request, with the reason.
    Reject { reason: String },
    /// R3.5: write progress into the ticket.
    UpdateProgress { note: String },
    /// R3.6: set the expected resolution time.
    EstimateResolution { expected_at: DateTime<Utc> },
    /// R3.6: record telling the user the expected resolution time.
    RecordUserInformed { note: String },
    /// R7: the ticket waits on the requester (the resolution clock pauses).
    WaitOnRequester { reason: String },
    /// R7: the requester is back (the resolution clock runs again).
    Resume { note: String },
    /// R5.1: mark the fix done, with the solution.
    ApplyFix { solution: String },
    /// R4.1: record the verification of the fix.
    Verify { note: String },
    /// R4.2: record the requester's feedback and confirmation.
    RecordFeedback {
        result: Feedback,
        confirmation: String,
        taken: Taken,
    },
    /// R5.4: link a knowledge-base article.
    LinkArticle { article: KnowledgeLink },
    /// R5.4: archive (已归档); without a linked article, say why none is needed.
    Archive { no_article_reason: Option<String> },
}

/// A `Command` without its payload: what the UI offers as an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommandKind {
    Assign,
    FlagIncomplete,
    RecordRequesterContacted,
    Respond,
    RecordPhoneCall,
    AttachFile,
    Classify,
    ConfirmPriority,
    ReportCrossDomain,
    ConfirmJointly,
    RecordAttempt,
    Escalate,
    AddSupporter,
    RecordRootCause,
    RequestApproval,
    Approve,
    Reject,
    UpdateProgress,
    EstimateResolution,
    RecordUserInformed,
    WaitOnRequester,
    Resume,
    ApplyFix,
    Verify,
    RecordFeedback,
    LinkArticle,
    Archive,
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

const HANDLERS: &[Role] = &[Role::FirstLine, Role::SecondLine, Role::Supervisor];

impl CommandKind {
    pub const ALL: [CommandKind; 27] = [
        CommandKind::Assign,
        CommandKind::FlagIncomplete,
        CommandKind::RecordRequesterContacted,
        CommandKind::Respond,
        CommandKind::RecordPhoneCall,
        CommandKind::AttachFile,
        CommandKind::Classify,
        CommandKind::ConfirmPriority,
        CommandKind::ReportCrossDomain,
        CommandKind::ConfirmJointly,
        CommandKind::RecordAttempt,
        CommandKind::Escalate,
        CommandKind::AddSupporter,
        CommandKind::RecordRootCause,
        CommandKind::RequestApproval,
        CommandKind::Approve,
        CommandKind::Reject,
        CommandKind::UpdateProgress,
        CommandKind::EstimateResolution,
        CommandKind::RecordUserInformed,
        CommandKind::WaitOnRequester,
        CommandKind::Resume,
        CommandKind::ApplyFix,
        CommandKind::Verify,
        CommandKind::RecordFeedback,
        CommandKind::LinkArticle,
        CommandKind::Archive,
    ];

    /// Who may take this action (PROCESS.md "Roles").
    pub fn allowed_roles(self) -> &'static [Role] {
        use CommandKind::*;
        match self {
            // R1.6: first line takes a ticket, or the supervisor hands it out.
            Assign => &[Role::FirstLine, Role::Supervisor],
            // R2.1, R2.2: the first-line handler classifies and reviews priority.
            Classify | ConfirmPriority => &[Role::FirstLine, Role::Supervisor],
            // R2.4: first line reports; the supervisor confirms with the experts.
            ReportCrossDomain => &[Role::FirstLine],
            ConfirmJointly => &[Role::Supervisor],
            // R3.1
            RecordAttempt => &[Role::FirstLine],
            // R3.2
            Escalate => &[Role::FirstLine, Role::Supervisor],
            AddSupporter => &[Role::SecondLine, Role::Supervisor],
            // R3.3: whoever handles the ticket finds the root cause and applies the fix.
            RecordRootCause | ApplyFix | Verify => &[Role::FirstLine, Role::SecondLine],
            // R3.4: only the manager decides.
            RequestApproval => &[Role::SecondLine, Role::Supervisor],
            Approve | Reject => &[Role::Manager],
            // R1.7: the requester may add screenshots and logs too.
            AttachFile => &[
                Role::Requester,
                Role::FirstLine,
                Role::SecondLine,
                Role::Supervisor,
            ],
            // R4.2: the requester, or a handler on their behalf (marked as such).
            RecordFeedback => &[
                Role::Requester,
                Role::FirstLine,
                Role::SecondLine,
                Role::Supervisor,
            ],
            FlagIncomplete
            | RecordRequesterContacted
            | Respond
            | RecordPhoneCall
            | UpdateProgress
            | EstimateResolution
            | RecordUserInformed
            | WaitOnRequester
            | Resume
            | LinkArticle
            | Archive => HANDLERS,
        }
    }

    /// Commands that move the ticket on through the process, which wait while the requester is
    /// awaited (R7) or key information is missing (R1.4).
    fn advances(self) -> bool {
        use CommandKind::*;
        matches!(
            self,
            Classify
                | ConfirmPriority
                | ConfirmJointly
                | Escalate
                | ApplyFix
                | Verify
                | RecordFeedback
                | Archive
        )
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Assign { .. } => CommandKind::Assign,
            Command::FlagIncomplete { .. } => CommandKind::FlagIncomplete,
            Command::RecordRequesterContacted { .. } => CommandKind::RecordRequesterContacted,
            Command::Respond { .. } => CommandKind::Respond,
            Command::RecordPhoneCall { .. } => CommandKind::RecordPhoneCall,
            Command::AttachFile { .. } => CommandKind::AttachFile,
            Command::Classify { .. } => CommandKind::Classify,
            Command::ConfirmPriority { .. } => CommandKind::ConfirmPriority,
            Command::ReportCrossDomain { .. } => CommandKind::ReportCrossDomain,
            Command::ConfirmJointly { .. } => CommandKind::ConfirmJointly,
            Command::RecordAttempt { .. } => CommandKind::RecordAttempt,
            Command::Escalate { .. } => CommandKind::Escalate,
            Command::AddSupporter { .. } => CommandKind::AddSupporter,
            Command::RecordRootCause { .. } => CommandKind::RecordRootCause,
            Command::RequestApproval { .. } => CommandKind::RequestApproval,
            Command::Approve { .. } => CommandKind::Approve,
            Command::Reject { .. } => CommandKind::Reject,
            Command::UpdateProgress { .. } => CommandKind::UpdateProgress,
            Command::EstimateResolution { .. } => CommandKind::EstimateResolution,
            Command::RecordUserInformed { .. } => CommandKind::RecordUserInformed,
            Command::WaitOnRequester { .. } => CommandKind::WaitOnRequester,
            Command::Resume { .. } => CommandKind::Resume,
            Command::ApplyFix { .. } => CommandKind::ApplyFix,
            Command::Verify { .. } => CommandKind::Verify,
            Command::RecordFeedback { .. } => CommandKind::RecordFeedback,
            Command::LinkArticle { .. } => CommandKind::LinkArticle,
            Command::Archive { .. } => CommandKind::Archive,
        }
    }
}

/// A text a command must carry, named so the error can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Symptom,
    MissingInformation,
    ContactNote,
    HandlerName,
    AttachmentId,
    AttachmentFileName,
    CrossDomainNote,
    AttemptAction,
    EscalationReason,
    SupporterName,
    SupporterRole,
    RootCause,
    Plan,
    ApprovalSubject,
    RejectionReason,
    ProgressNote,
    WaitReason,
    Solution,
    VerificationNote,
    Confirmation,
    Signer,
    ArticleId,
}

impl Field {
    /// The rule that asks for this field.
    pub fn rule(self) -> &'static str {
        use Field::*;
        match self {
            Symptom => "R1.2",
            MissingInformation | ContactNote => "R1.4",
            HandlerName => "R1.6",
            AttachmentId | AttachmentFileName => "R1.7",
            CrossDomainNote => "R2.4",
            AttemptAction => "R3.1",
            EscalationReason | SupporterName | SupporterRole => "R3.2",
            RootCause | Plan => "R3.3",
            ApprovalSubject | RejectionReason => "R3.4",
            ProgressNote => "R3.5",
            VerificationNote => "R4.1",
            Confirmation | Signer => "R4.2",
            Solution => "R5.1",
            ArticleId => "R5.4",
            WaitReason => "R7",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Field::*;
        f.write_str(match self {
            Symptom => "problem description",
            MissingInformation => "note of the missing information",
            ContactNote => "note of the contact with the requester",
            HandlerName => "handler's name",
            AttachmentId => "attachment id",
            AttachmentFileName => "attachment's file name",
            CrossDomainNote => "note of the domains involved",
            AttemptAction => "action tried",
            EscalationReason => "reason for escalating",
            SupporterName => "supporter's name",
            SupporterRole => "supporter's role",
            RootCause => "root cause",
            Plan => "handling plan",
            ApprovalSubject => "resource coordination to approve",
            RejectionReason => "reason for the rejection",
            ProgressNote => "progress note",
            WaitReason => "reason for waiting on the requester",
            Solution => "solution",
            VerificationNote => "verification result",
            Confirmation => "requester's confirmation",
            Signer => "name of the requester who signed",
            ArticleId => "article id",
        })
    }
}

/// Why a command was refused; each names the rule it enforces. The UI translates variants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("Roles: a {role} may not {command}")]
    RoleNotAllowed { command: CommandKind, role: Role },
    #[error(
        "R4.2: only the ticket's requester acts as requester; a handler records on their behalf"
    )]
    NotTheRequester,
    #[error("{}: {command} is not possible at step {step}", .step.rule())]
    WrongStep { command: CommandKind, step: Step },
    #[error("{}: the {} is required", .0.rule(), .0)]
    Blank(Field),
    #[error("R1.4: key information is missing; contact the requester before {command}")]
    InformationIncomplete { command: CommandKind },
    #[error("R1.7: attachment {} is already on the ticket", .0.0)]
    DuplicateAttachment(AttachmentId),
    #[error("R2.1: classify the ticket with at least one category")]
    NoCategory,
    #[error("R2.1: {0} is not in the category standard")]
    UnknownCategory(Category),
    #[error("R2.3: confirming {confirmed} instead of the requested {requested} needs a reason")]
    PriorityChangeWithoutReason {
        requested: Priority,
        confirmed: Priority,
    },
    #[error("R2.4: the problem was reported cross-domain; the supervisor confirms category and priority with second-line experts")]
    CrossDomainPending,
    #[error("R2.4: the cross-domain report is already with the supervisor")]
    CrossDomainAlreadyReported,
    #[error("R2.4: a joint confirmation follows a cross-domain report")]
    NoCrossDomainReport,
    #[error("R2.4: a joint confirmation names the second-line experts who took part")]
    JointConfirmationWithoutExperts,
    #[error("R3.1: record a first-line attempt (knowledge base, past tickets, standard solutions) before escalating")]
    EscalationBeforeAttempt,
    #[error("R3.2: an escalation names who joins from second line")]
    EscalationWithoutSupporter,
    #[error("R3.2: {} has already joined", .0.name)]
    SupporterAlreadyJoined(Person),
    #[error("R3.4: an approval is already pending with the manager")]
    ApprovalAlreadyPending,
    #[error("R3.4: no approval is pending")]
    NoApprovalPending,
    #[error(
        "R3.4: work that needs the manager's approval cannot be marked done before it is approved"
    )]
    FixBeforeApproval,
    #[error("R3.6: the expected resolution time {expected_at} is not in the future")]
    EstimateInPast { expected_at: DateTime<Utc> },
    #[error("R3.6: set the expected resolution time before recording that the user was told")]
    NoEstimate,
    #[error("R4.1: feedback is recorded only after the fix is verified")]
    FeedbackBeforeVerification,
    #[error("R4.2: the team resolves a ticket on site only with the requester's signature")]
    SignatureRequired,
    #[error("R5.1: record the root cause (R3.3) before marking the fix done, so the resolution record is complete")]
    FixWithoutRootCause,
    #[error("R5.4: only a resolved ticket is archived")]
    ArchiveBeforeResolution,
    #[error("R5.4: archiving needs a linked knowledge article or the reason why none is needed")]
    ArchiveWithoutKnowledge,
    #[error("R5.4: article {0} is already linked")]
    ArticleAlreadyLinked(String),
    #[error("R7: the ticket is waiting on the requester; resume it before {command}")]
    WaitingOnRequester { command: CommandKind },
    #[error("R7: the ticket is already waiting on the requester")]
    AlreadyWaiting,
    #[error("R7: the ticket is not waiting on the requester")]
    NotWaiting,
}

/// Checks `command`, taken by `stamp.actor` acting as `role`, against the ticket and turns it into
/// the one event that records it: the next `seq`, the stamp's id, actor and time. Classification
/// is checked against `standard` (R2.1), feedback against the team's `workflow` policy (R4.2).
pub fn decide(
    ticket: &Ticket,
    command: Command,
    role: Role,
    stamp: Stamp,
    standard: &CategoryStandard,
    workflow: WorkflowPolicy,
) -> Result<Event, WorkflowError> {
    let kind = command.kind();
    if !kind.allowed_roles().contains(&role) {
        return Err(WorkflowError::RoleNotAllowed {
            command: kind,
            role,
        });
    }
    if role == Role::Requester && stamp.actor != ticket.intake.submitter.person() {
        return Err(WorkflowError::NotTheRequester);
    }
    check_state(ticket, kind)?;
    let event = event_for(ticket, command, role, stamp.at, standard, workflow)?;
    Ok(Event {
        id: stamp.event_id,
        ticket: ticket.id.clone(),
        seq: ticket.last_seq.saturating_add(1),
        actor: stamp.actor,
        at: stamp.at,
        kind: event,
    })
}

/// The actions `role` may take on the ticket now, in `CommandKind::ALL` order, so the UI shows
/// only those. Payload checks (blank texts, reasons) still happen in `decide`.
pub fn allowed_commands(ticket: &Ticket, role: Role) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| kind.allowed_roles().contains(&role))
        .filter(|kind| check_state(ticket, *kind).is_ok())
        .collect()
}

/// The guards that hold whatever the payload; the fold re-checks them (see the module docs).
pub(crate) fn check_state(ticket: &Ticket, kind: CommandKind) -> Result<(), WorkflowError> {
    use CommandKind::*;
    use Step::*;
    let step = ticket.step;
    let in_step = match kind {
        Assign | FlagIncomplete => step <= SecondLineHandling,
        RecordRequesterContacted
        | Respond
        | RecordPhoneCall
        | UpdateProgress
        | EstimateResolution
        | RecordUserInformed
        | WaitOnRequester
        | Resume => step.is_open(),
        AttachFile | LinkArticle => step != Archived,
        Classify | ConfirmPriority => {
            matches!(
                step,
                Classification | FirstLineHandling | SecondLineHandling
            )
        }
        ReportCrossDomain => matches!(step, Classification | FirstLineHandling),
        ConfirmJointly => step == Classification,
        RecordAttempt | Escalate => step == FirstLineHandling,
        AddSupporter => step == SecondLineHandling,
        RecordRootCause | RequestApproval | Approve | Reject | ApplyFix => {
            matches!(step, FirstLineHandling | SecondLineHandling)
        }
        Verify => step == Verification,
        RecordFeedback => step == Step::Feedback,
        Archive => step == Resolved,
    };
    if !in_step {
        return Err(match kind {
            RecordFeedback if step < Step::Feedback => WorkflowError::FeedbackBeforeVerification,
            Archive if step.is_open() => WorkflowError::ArchiveBeforeResolution,
            _ => WorkflowError::WrongStep {
                command: kind,
                step,
            },
        });
    }
    if kind.advances() && ticket.waiting().is_some() {
        return Err(WorkflowError::WaitingOnRequester { command: kind });
    }
    if kind.advances() && ticket.missing_information.is_some() {
        return Err(WorkflowError::InformationIncomplete { command: kind });
    }
    let cross_domain_pending = ticket.cross_domain_pending();
    let approval_pending = ticket.approval_pending();
    match kind {
        Classify | ConfirmPriority if cross_domain_pending => {
            Err(WorkflowError::CrossDomainPending)
        }
        ReportCrossDomain if cross_domain_pending => Err(WorkflowError::CrossDomainAlreadyReported),
        ConfirmJointly if !cross_domain_pending => Err(WorkflowError::NoCrossDomainReport),
        Escalate if ticket.attempts.is_empty() => Err(WorkflowError::EscalationBeforeAttempt),
        RequestApproval if approval_pending => Err(WorkflowError::ApprovalAlreadyPending),
        Approve | Reject if !approval_pending => Err(WorkflowError::NoApprovalPending),
        ApplyFix if approval_pending => Err(WorkflowError::FixBeforeApproval),
        ApplyFix if ticket.root_cause.is_none() => Err(WorkflowError::FixWithoutRootCause),
        RecordUserInformed if ticket.estimate.is_none() => Err(WorkflowError::NoEstimate),
        WaitOnRequester if ticket.waiting().is_some() => Err(WorkflowError::AlreadyWaiting),
        Resume if ticket.waiting().is_none() => Err(WorkflowError::NotWaiting),
        _ => Ok(()),
    }
}

/// The payload guards, and the event that records the command.
fn event_for(
    ticket: &Ticket,
    command: Command,
    role: Role,
    at: DateTime<Utc>,
    standard: &CategoryStandard,
    workflow: WorkflowPolicy,
) -> Result<EventKind, WorkflowError> {
    Ok(match command {
        Command::Assign { handler } => EventKind::Assigned {
            handler: person(handler, Field::HandlerName)?,
        },
        Command::FlagIncomplete { missing } => EventKind::InformationFlaggedIncomplete {
            missing: required(missing, Field::MissingInformation)?,
        },
        Command::RecordRequesterContacted { note, description } => EventKind::RequesterContacted {
            note: required(note, Field::ContactNote)?,
            description: description.map(completed_description).transpose()?,
        },
        Command::Respond { note } => EventKind::Responded {
            note: trimmed(note),
        },
        Command::RecordPhoneCall { note } => EventKind::RequesterPhoned {
            note: trimmed(note),
        },
        Command::AttachFile { attachment } => EventKind::FileAttached {
            attachment: checked_attachment(ticket, attachment)?,
        },
        Command::Classify { categories } => EventKind::Classified {
            categories: checked_categories(categories, standard)?,
        },
        Command::ConfirmPriority { priority, reason } => EventKind::PriorityConfirmed {
            priority,
            reason: checked_priority_reason(ticket, priority, reason)?,
        },
        Command::ReportCrossDomain { note } => EventKind::CrossDomainReported {
            note: required(note, Field::CrossDomainNote)?,
        },
        Command::ConfirmJointly {
            experts,
            categories,
            priority,
            reason,
        } => {
            let experts = supporters(experts)?;
            if experts.is_empty() {
                return Err(WorkflowError::JointConfirmationWithoutExperts);
            }
            EventKind::JointlyConfirmed {
                experts,
                categories: checked_categories(categories, standard)?,
                priority,
                reason: checked_priority_reason(ticket, priority, reason)?,
            }
        }
        Command::RecordAttempt { action, consulted } => {
            let mut unique = Vec::with_capacity(consulted.len());
            for reference in consulted {
                if !unique.contains(&reference) {
                    unique.push(reference);
                }
            }
            EventKind::AttemptRecorded {
                action: required(action, Field::AttemptAction)?,
                consulted: unique,
            }
        }
        Command::Escalate {
            reason,
            supporters: joined,
        } => {
            let reason = required(reason, Field::EscalationReason)?;
            let joined = supporters(joined)?;
            if joined.is_empty() {
                return Err(WorkflowError::EscalationWithoutSupporter);
            }
            EventKind::Escalated {
                reason,
                supporters: joined,
            }
        }
        Command::AddSupporter { supporter } => {
            let supporter = checked_supporter(supporter)?;
            if ticket
                .second_line
                .iter()
                .any(|s| s.person == supporter.person)
            {
                return Err(WorkflowError::SupporterAlreadyJoined(supporter.person));
            }
            EventKind::SupporterJoined { supporter }
        }
        Command::RecordRootCause { root_cause, plan } => EventKind::RootCauseRecorded {
            root_cause: required(root_cause, Field::RootCause)?,
            plan: required(plan, Field::Plan)?,
        },
        Command::RequestApproval { subject } => EventKind::ApprovalRequested {
            subject: required(subject, Field::ApprovalSubject)?,
        },
        Command::Approve { note } => EventKind::Approved {
            note: trimmed(note),
        },
        Command::Reject { reason } => EventKind::Rejected {
            reason: required(reason, Field::RejectionReason)?,
        },
        Command::UpdateProgress { note } => EventKind::ProgressUpdated {
            note: required(note, Field::ProgressNote)?,
        },
        Command::EstimateResolution { expected_at } => {
            if expected_at <= at {
                return Err(WorkflowError::EstimateInPast { expected_at });
            }
            EventKind::ResolutionEstimated { expected_at }
        }
        Command::RecordUserInformed { note } => EventKind::UserInformedOfEstimate {
            note: trimmed(note),
        },
        Command::WaitOnRequester { reason } => EventKind::WaitingOnRequester {
            reason: required(reason, Field::WaitReason)?,
        },
        Command::Resume { note } => EventKind::Resumed {
            note: trimmed(note),
        },
        Command::ApplyFix { solution } => EventKind::FixApplied {
            solution: required(solution, Field::Solution)?,
        },
        Command::Verify { note } => EventKind::Verified {
            note: required(note, Field::VerificationNote)?,
        },
        Command::RecordFeedback {
            result,
            confirmation,
            taken,
        } => EventKind::FeedbackRecorded {
            result,
            confirmation: required(confirmation, Field::Confirmation)?,
            confirmed_by: if role == Role::Requester {
                ConfirmedBy::Requester
            } else {
                ConfirmedBy::HandlerOnBehalf
            },
            taken: Some(taken_checked(taken, result, workflow)?),
        },
        Command::LinkArticle { article } => {
            let article = KnowledgeLink {
                id: required(article.id, Field::ArticleId)?,
                title: trimmed(article.title),
            };
            if ticket.knowledge.iter().any(|k| k.id == article.id) {
                return Err(WorkflowError::ArticleAlreadyLinked(article.id));
            }
            EventKind::ArticleLinked { article }
        }
        Command::Archive { no_article_reason } => {
            let no_article_reason = no_article_reason.map(trimmed).filter(|r| !r.is_empty());
            if ticket.knowledge.is_empty() && no_article_reason.is_none() {
                return Err(WorkflowError::ArchiveWithoutKnowledge);
            }
            EventKind::Archived { no_article_reason }
        }
    })
}

fn trimmed(text: String) -> String {
    text.trim().to_string()
}

/// R4.2: a signature names its signer; a team may require one to resolve on site.
fn taken_checked(
    taken: Taken,
    result: Feedback,
    workflow: WorkflowPolicy,
) -> Result<Taken, WorkflowError> {
    match taken {
        Taken::OnSite {
            signature: Some(mut signature),
        } => {
            signature.signer = required(signature.signer, Field::Signer)?;
            Ok(Taken::OnSite {
                signature: Some(signature),
            })
        }
        Taken::OnSite { signature: None }
            if result == Feedback::Resolved && workflow.require_signature_on_site =>
        {
            Err(WorkflowError::SignatureRequired)
        }
        taken => Ok(taken),
    }
}

fn required(text: String, field: Field) -> Result<String, WorkflowError> {
    let text = trimmed(text);
    if text.is_empty() {
        return Err(WorkflowError::Blank(field));
    }
    Ok(text)
}

fn person(person: Person, name: Field) -> Result<Person, WorkflowError> {
    Ok(Person {
        name: required(person.name, name)?,
        employee_id: trimmed(person.employee_id),
    })
}

fn checked_supporter(supporter: Supporter) -> Result<Supporter, WorkflowError> {
    Ok(Supporter {
        person: person(supporter.person, Field::SupporterName)?,
        role: required(supporter.role, Field::SupporterRole)?,
    })
}

/// R3.2: checked supporters, each person once.
fn supporters(list: Vec<Supporter>) -> Result<Vec<Supporter>, WorkflowError> {
    let mut unique: Vec<Supporter> = Vec::with_capacity(list.len());
    for supporter in list {
        let supporter = checked_supporter(supporter)?;
        if !unique.iter().any(|s| s.person == supporter.person) {
            unique.push(supporter);
        }
    }
    Ok(unique)
}

/// R1.2, R1.4: the completed description still has its symptom.
fn completed_description(description: Description) -> Result<Description, WorkflowError> {
    Ok(Description {
        symptom: required(description.symptom, Field::Symptom)?,
        occurred: trimmed(description.occurred),
        operation_path: trimmed(description.operation_path),
        error_text: trimmed(description.error_text),
    })
}

/// R1.7: an attachment has an id and a file name, and is attached once.
fn checked_attachment(
    ticket: &Ticket,
    attachment: Attachment,
) -> Result<Attachment, WorkflowError> {
    let attachment = Attachment {
        id: AttachmentId(required(attachment.id.0, Field::AttachmentId)?),
        file_name: required(attachment.file_name, Field::AttachmentFileName)?,
        media_type: trimmed(attachment.media_type),
        size: attachment.size,
        to: attachment.to,
    };
    if ticket.attachments.iter().any(|a| a.id == attachment.id) {
        return Err(WorkflowError::DuplicateAttachment(attachment.id));
    }
    Ok(attachment)
}

/// R2.1: at least one category, all from the standard, each once.
fn checked_categories(
    categories: Vec<Category>,
    standard: &CategoryStandard,
) -> Result<Vec<Category>, WorkflowError> {
    let mut unique: Vec<Category> = Vec::with_capacity(categories.len());
    for category in categories {
        if !standard.contains(&category) {
            return Err(WorkflowError::UnknownCategory(category));
        }
        if !unique.contains(&category) {
            unique.push(category);
        }
    }
    if unique.is_empty() {
        return Err(WorkflowError::NoCategory);
    }
    Ok(unique)
}

/// R2.3: a confirmed priority that differs from the requested one carries its reason.
fn checked_priority_reason(
    ticket: &Ticket,
    confirmed: Priority,
    reason: Option<String>,
) -> Result<Option<String>, WorkflowError> {
    let reason = reason.map(trimmed).filter(|r| !r.is_empty());
    let requested = ticket.intake.requested_priority;
    if confirmed != requested && reason.is_none() {
        return Err(WorkflowError::PriorityChangeWithoutReason {
            requested,
            confirmed,
        });
    }
    Ok(reason)
}
