//! Fielddesk's domain: the support process of `PROCESS.md` (rules R1–R7) as pure Rust.
//!
//! No clock, no storage, no browser: time and ids come in as arguments, state is a fold over
//! events, and every rule violation is a typed error that names its rule. To find a rule's code,
//! search for its number (`R3.4`): doc comments, guards and error messages all carry it.
//!
//! # The model
//!
//! - [`open_ticket`] checks the intake form (R1.1, R1.2), numbers the ticket (R1.5, [`numbering`])
//!   and returns its first event, `TicketCreated`.
//! - [`decide`] takes the folded [`Ticket`], a [`Command`], the [`Role`] the actor acts in and a
//!   [`Stamp`] (event id, actor, time, all supplied by the shell) and returns one [`Event`] with the
//!   next `seq`, or a [`WorkflowError`] naming the rule that refuses it. [`allowed_commands`] lists
//!   what a role may do now, so the UI offers only that.
//! - [`Ticket::fold`] replays a ticket's events in (seq, id) order; [`Ticket::apply`] adds the one
//!   `decide` just returned. Folding never fails: an event that no longer applies (two devices
//!   acted at once) stays in [`Ticket::timeline`] with `applied: false` and changes nothing.
//! - The ticket holds every field of the R6 tracking form; the category standard (R2.1) is
//!   [`CategoryStandard`], the channels (R1.1) [`default_channels`].
//!
//! # The steps ([`Step`])
//!
//! ```text
//!                   open_ticket (R1.1, R1.2, R1.5)
//!                            │
//!                            ▼
//!                         Intake
//!                            │ Assign (R1.6)
//!                            ▼
//!                     Classification ◀──────── ReportCrossDomain (R2.4), also from FirstLineHandling
//!                            │ Classify (R2.1) + ConfirmPriority (R2.2, R2.3),
//!                            │ or after a cross-domain report ConfirmJointly (R2.4)
//!                            ▼
//!                   FirstLineHandling ◀──────────────┐ 部分解决/未解决 (R4.3), never escalated
//!     RecordAttempt (R3.1)   │      │ Escalate       │
//!                            │      ▼ (R3.1, R3.2)   │
//!                            │  SecondLineHandling ◀─┤ 部分解决/未解决 (R4.3), escalated
//!                            │      │ AddSupporter   │
//!                            │      │ (R3.2)         │
//!     in either: RecordRootCause (R3.3), RequestApproval → Approve | Reject (R3.4)
//!                            │      │                │
//!                            ▼      ▼ ApplyFix (R5.1: root cause recorded; R3.4: none pending)
//!                      Verification                  │
//!                            │ Verify (R4.1)         │
//!                            ▼                       │
//!                         Feedback ── RecordFeedback ┘
//!                            │ RecordFeedback 已解决 (R4.2)
//!                            ▼
//!                    Resolved, 待归档 (R5.1, R5.4)
//!                            │ Archive (R5.4: a linked article, or the reason none is needed)
//!                            ▼
//!                    Archived, 已归档
//! ```
//!
//! At any open step (Intake to Feedback): RecordRequesterContacted (R1.4), Respond (R7.1),
//! RecordPhoneCall (R7.3), UpdateProgress (R3.5), EstimateResolution and RecordUserInformed
//! (R3.6), WaitOnRequester and Resume (R7: the resolution clock pauses). Up to
//! SecondLineHandling: Assign again (R1.6) and FlagIncomplete (R1.4). Until archived: AttachFile
//! (R1.7) and LinkArticle (R5.4). While the ticket waits on the requester (R7) or information is
//! flagged missing (R1.4), nothing moves it to the next step.
//!
//! # Who may do what
//!
//! [`CommandKind::allowed_roles`] names the roles of each command: only the manager approves or
//! rejects (R3.4); the supervisor confirms cross-domain problems jointly (R2.4); feedback comes from
//! the requester themself or from a handler on their behalf, marked [`ConfirmedBy`] (R4.2).
//!
//! # Facts for the SLA engine (R7)
//!
//! Every event has its time. First response (R7.1) is [`Ticket::first_response_at`]: the first
//! applied event after creation whose actor is not the requester (`Respond` records one that
//! changes nothing else). P1 calls (R7.3) are `RequesterPhoned`, progress (R3.5)
//! `ProgressUpdated`, escalation (R3.2) `Escalated`, waiting `WaitingOnRequester`/`Resumed`
//! ([`Ticket::waits`]), resolution `FeedbackRecorded` with 已解决 ([`Ticket::resolved_at`]).

pub mod article;
pub mod attachment;
#[doc(hidden)]
pub mod bench_data;
pub mod calendar;
#[cfg(test)]
mod casework;
pub mod csv_export;
pub mod event;
pub mod example;
pub mod exchange;
pub mod feedback;
pub mod import;
pub mod intake;
pub mod knowledge;
pub mod log;
pub mod merge;
pub mod migration;
pub mod model;
pub mod numbering;
pub mod prevention;
pub mod recurrence;
pub mod replication;
pub mod report;
pub mod retrospective;
pub mod roles;
pub mod sealed;
pub mod search;
pub mod sla;
pub mod standard;
pub mod team;
pub mod team_settings;
pub mod ticket;
pub mod view;
pub mod workflow;

pub use article::{
    article_from_ticket, create_article, draft_from_ticket, edit_article, fold_articles,
    link_article, Article, ArticleContent, ArticleError, ArticleEvent, ArticleEventKind,
    ArticleField, ArticleId, IdChange, Revision,
};
pub use attachment::{next_quality, photo_plan, AttachedTo, Attachment, AttachmentId, PhotoPlan};
pub use csv_export::{ticket_list_csv, CsvLabels};
pub use event::{Event, EventId, EventKind, TicketId};
pub use exchange::{
    export, export_to, is_gzip, parse_export, ArticleEventAt, AttachmentBlob, EventAt, Export,
    ExportMeta, ImportError,
};
pub use feedback::{ConfirmedBy, Feedback, Signature, Taken, WorkflowPolicy};
pub use import::{
    plan_import, preview, ArticleSummary, ImportPlan, ImportPreview, SettingChangeSummary,
    TicketSummary,
};
pub use intake::{Description, Intake, IntakeError, IntakeField, IntakeForm, Submitter};
pub use knowledge::{KnowledgeLink, Reference};
pub use log::fold_log;
pub use merge::articles::{merge_articles, ArticleMerge, ArticleRenumbering, Holdings};
pub use merge::{merge, ImportConflict, Merge, Renumbering};
pub use model::{default_channels, list_items, Person, Priority};
pub use numbering::TicketNo;
pub use prevention::{
    PreventionChecklist, PreventionError, PreventionItem, PreventionItemId, PreventionStatus,
};
pub use recurrence::{recurring, Pattern, Recurrence, RecurrenceThreshold};
pub use report::{
    monthly_report, report_csv, CategoryRow, Headline, HeadlineChange, Ratio, Report, ReportError,
    SlaPolicies, SlaRow, YearMonth,
};
pub use retrospective::{Retrospective, RetrospectiveError, RetrospectiveForm, RetrospectiveId};
pub use roles::{Role, Supporter};
pub use sealed::{
    check_new_passphrase, is_sealed, parse_sealed, seal_envelope, PassphraseError, Sealed,
    SealedError,
};
pub use search::{
    article_doc, ticket_doc, DocKey, Hit, IndexStats, SearchDoc, SearchIndex, Suggestions,
};
pub use standard::{Category, CategoryStandard, StandardError};
pub use team::{sample_team, Member};
pub use team_settings::{
    InForce, Setting, SettingChanged, SettingKey, SettingProblem, SettingsLog,
};
pub use ticket::{open_ticket, SheetOrigin, Stamp, Ticket};
pub use workflow::{
    allowed_commands, decide, ArchiveStatus, Command, CommandKind, Field, Step, WorkflowError,
};
