//! An action's form: the inputs its `Command` needs, typed, with the choices and first values
//! they offer; the `Command` the values make; and beside which input each refusal belongs.
//!
//! The form only reads what was typed: every rule is `decide`'s. Reading can fail only where a
//! value is not there at all (nobody chosen, no feedback picked, no time given).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::attachment::Attachment;
use crate::feedback::{Feedback, Signature, Taken};
use crate::intake::Description;
use crate::knowledge::{KnowledgeLink, Reference};
use crate::model::Priority;
use crate::standard::Category;
use crate::team::{self, Member};
use crate::ticket::Ticket;
use crate::workflow::{Command, CommandKind, Field, WorkflowError};

/// A text box of a form, named for what goes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Text {
    MissingInformation,
    ContactNote,
    Note,
    PriorityReason,
    CrossDomainNote,
    AttemptAction,
    Consulted,
    EscalationReason,
    RootCause,
    Plan,
    ApprovalSubject,
    RejectionReason,
    ProgressNote,
    WaitReason,
    Solution,
    VerificationNote,
    Confirmation,
    /// R4.2: the name the requester signs as.
    Signer,
    ArticleId,
    ArticleTitle,
    NoArticleReason,
}

impl Text {
    /// The command's field this text fills, when the workflow may call it blank.
    fn field(self) -> Option<Field> {
        use Text::*;
        Some(match self {
            MissingInformation => Field::MissingInformation,
            ContactNote => Field::ContactNote,
            CrossDomainNote => Field::CrossDomainNote,
            AttemptAction => Field::AttemptAction,
            EscalationReason => Field::EscalationReason,
            RootCause => Field::RootCause,
            Plan => Field::Plan,
            ApprovalSubject => Field::ApprovalSubject,
            RejectionReason => Field::RejectionReason,
            ProgressNote => Field::ProgressNote,
            WaitReason => Field::WaitReason,
            Solution => Field::Solution,
            VerificationNote => Field::VerificationNote,
            Confirmation => Field::Confirmation,
            Signer => Field::Signer,
            ArticleId => Field::ArticleId,
            Note | PriorityReason | Consulted | ArticleTitle | NoArticleReason => return None,
        })
    }
}

/// One input of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text {
        text: Text,
        long: bool,
    },
    /// R2.2: the confirmed priority.
    Priority,
    /// R2.1: categories from the standard.
    Categories,
    /// R3.2, R2.4: second-line experts who join, several; only second line is offered.
    Experts {
        choices: Vec<Member>,
    },
    /// R1.6: the handler a ticket is assigned to.
    Handler {
        choices: Vec<Member>,
    },
    /// R3.2: one more second-line expert.
    Supporter {
        choices: Vec<Member>,
    },
    /// R4.2: 已解决 / 部分解决 / 未解决.
    Feedback,
    /// R4.2: on site (the requester signs here) or remotely (the typed confirmation stands).
    Taken,
    /// R4.2: the requester's signature, drawn on this device; shown only on site.
    Signature,
    /// R3.6: the expected resolution time, in the team's zone.
    When,
    /// R1.4: the description as completed with the requester.
    Description,
}

/// Where a problem is shown: beside one input, or above the buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Text(Text),
    Priority,
    Categories,
    Experts,
    Member,
    Feedback,
    Signature,
    When,
    Symptom,
    Form,
}

/// What the inputs hold. Texts are kept as typed; people by employee id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values {
    pub texts: BTreeMap<Text, String>,
    pub priority: Option<Priority>,
    pub categories: Vec<Category>,
    pub experts: Vec<String>,
    pub member: String,
    pub feedback: Option<Feedback>,
    /// R4.2: the feedback is taken face to face.
    pub on_site: bool,
    /// The drawn signature's metadata; the shell keeps its bytes and stores them with the event.
    pub signature: Option<Attachment>,
    /// As an `<input type="datetime-local">` gives it: `2023-10-27T15:30`.
    pub when: String,
    pub description: Description,
}

impl Values {
    pub fn text(&self, text: Text) -> &str {
        self.texts.get(&text).map_or("", String::as_str)
    }
}

/// A value the form could not read before asking the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Nobody picked where one person is needed.
    Someone,
    /// No feedback result picked.
    FeedbackResult,
    /// No (or no real) date and time.
    Time,
    /// Files are added with their bytes, in the attachments section.
    Files,
}

/// Why the form did not make a command, and where to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing(Missing),
    Refused(WorkflowError),
}

/// The form of one action on one ticket, for the person acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionForm {
    pub kind: CommandKind,
    pub inputs: Vec<Input>,
    /// What the inputs start with: the ticket's priority and categories, its description, the
    /// person acting as the handler when they are one.
    pub initial: Values,
}

/// The form of `kind` on `ticket` for `me`, offering people from `team`.
pub fn action_form(kind: CommandKind, ticket: &Ticket, team: &[Member], me: &Member) -> ActionForm {
    use CommandKind::*;
    let text = |text| Input::Text { text, long: false };
    let long = |text| Input::Text { text, long: true };
    let experts = || Input::Experts {
        choices: team::second_line_experts(team, &me.employee_id)
            .into_iter()
            .cloned()
            .collect(),
    };
    let inputs = match kind {
        Assign => vec![Input::Handler {
            choices: team::handlers(team).into_iter().cloned().collect(),
        }],
        FlagIncomplete => vec![long(Text::MissingInformation)],
        RecordRequesterContacted => vec![long(Text::ContactNote), Input::Description],
        Respond | RecordPhoneCall | Approve | Resume | RecordUserInformed => vec![text(Text::Note)],
        AttachFile => Vec::new(),
        Classify => vec![Input::Categories],
        ConfirmPriority => vec![Input::Priority, text(Text::PriorityReason)],
        ReportCrossDomain => vec![long(Text::CrossDomainNote)],
        ConfirmJointly => vec![
            experts(),
            Input::Categories,
            Input::Priority,
            text(Text::PriorityReason),
        ],
        RecordAttempt => vec![long(Text::AttemptAction), text(Text::Consulted)],
        Escalate => vec![long(Text::EscalationReason), experts()],
        AddSupporter => vec![Input::Supporter {
            choices: team::second_line_experts(team, &me.employee_id)
                .into_iter()
                .filter(|m| {
                    !ticket
                        .second_line
                        .iter()
                        .any(|s| s.person.employee_id == m.employee_id)
                })
                .cloned()
                .collect(),
        }],
        RecordRootCause => vec![long(Text::RootCause), long(Text::Plan)],
        RequestApproval => vec![long(Text::ApprovalSubject)],
        Reject => vec![long(Text::RejectionReason)],
        UpdateProgress => vec![long(Text::ProgressNote)],
        EstimateResolution => vec![Input::When],
        WaitOnRequester => vec![text(Text::WaitReason)],
        ApplyFix => vec![long(Text::Solution)],
        Verify => vec![long(Text::VerificationNote)],
        RecordFeedback => vec![
            Input::Feedback,
            text(Text::Confirmation),
            Input::Taken,
            text(Text::Signer),
            Input::Signature,
        ],
        LinkArticle => vec![text(Text::ArticleId), text(Text::ArticleTitle)],
        Archive => vec![text(Text::NoArticleReason)],
    };
    let member = inputs
        .iter()
        .find_map(|input| match input {
            Input::Handler { choices } => Some(
                choices
                    .iter()
                    .find(|m| m.employee_id == me.employee_id)
                    .or(choices.first()),
            ),
            Input::Supporter { choices } => Some(choices.first()),
            _ => None,
        })
        .flatten()
        .map(|m| m.employee_id.clone())
        .unwrap_or_default();
    ActionForm {
        kind,
        inputs,
        initial: Values {
            priority: Some(ticket.priority()),
            categories: ticket.categories.clone(),
            member,
            description: ticket.intake.description.clone(),
            texts: match kind {
                RecordFeedback => {
                    BTreeMap::from([(Text::Signer, ticket.intake.submitter.name.clone())])
                }
                _ => BTreeMap::new(),
            },
            ..Values::default()
        },
    }
}

impl ActionForm {
    /// The command the values make, read in the team's `zone` (the expected resolution time is
    /// typed as the team's wall clock). The workflow's own checks come after, in `decide`.
    pub fn command(
        &self,
        values: &Values,
        ticket: &Ticket,
        team: &[Member],
        zone: Tz,
    ) -> Result<Command, Missing> {
        use CommandKind::*;
        let text = |t: Text| values.text(t).to_string();
        let optional = |t: Text| Some(text(t)).filter(|s| !s.trim().is_empty());
        let chosen = || team::member(team, &values.member);
        let experts = || {
            values
                .experts
                .iter()
                .filter_map(|id| team::member(team, id))
                .map(Member::supporter)
                .collect::<Vec<_>>()
        };
        let priority = || values.priority.unwrap_or_else(|| ticket.priority());
        Ok(match self.kind {
            Assign => Command::Assign {
                handler: chosen().map(Member::person).ok_or(Missing::Someone)?,
            },
            FlagIncomplete => Command::FlagIncomplete {
                missing: text(Text::MissingInformation),
            },
            RecordRequesterContacted => Command::RecordRequesterContacted {
                note: text(Text::ContactNote),
                description: (values.description != ticket.intake.description)
                    .then(|| values.description.clone()),
            },
            Respond => Command::Respond {
                note: text(Text::Note),
            },
            RecordPhoneCall => Command::RecordPhoneCall {
                note: text(Text::Note),
            },
            AttachFile => return Err(Missing::Files),
            Classify => Command::Classify {
                categories: values.categories.clone(),
            },
            ConfirmPriority => Command::ConfirmPriority {
                priority: priority(),
                reason: optional(Text::PriorityReason),
            },
            ReportCrossDomain => Command::ReportCrossDomain {
                note: text(Text::CrossDomainNote),
            },
            ConfirmJointly => Command::ConfirmJointly {
                experts: experts(),
                categories: values.categories.clone(),
                priority: priority(),
                reason: optional(Text::PriorityReason),
            },
            RecordAttempt => Command::RecordAttempt {
                action: text(Text::AttemptAction),
                consulted: Reference::parse_list(values.text(Text::Consulted)),
            },
            Escalate => Command::Escalate {
                reason: text(Text::EscalationReason),
                supporters: experts(),
            },
            AddSupporter => Command::AddSupporter {
                supporter: chosen().map(Member::supporter).ok_or(Missing::Someone)?,
            },
            RecordRootCause => Command::RecordRootCause {
                root_cause: text(Text::RootCause),
                plan: text(Text::Plan),
            },
            RequestApproval => Command::RequestApproval {
                subject: text(Text::ApprovalSubject),
            },
            Approve => Command::Approve {
                note: text(Text::Note),
            },
            Reject => Command::Reject {
                reason: text(Text::RejectionReason),
            },
            UpdateProgress => Command::UpdateProgress {
                note: text(Text::ProgressNote),
            },
            EstimateResolution => Command::EstimateResolution {
                expected_at: wall_clock(&values.when, zone).ok_or(Missing::Time)?,
            },
            RecordUserInformed => Command::RecordUserInformed {
                note: text(Text::Note),
            },
            WaitOnRequester => Command::WaitOnRequester {
                reason: text(Text::WaitReason),
            },
            Resume => Command::Resume {
                note: text(Text::Note),
            },
            ApplyFix => Command::ApplyFix {
                solution: text(Text::Solution),
            },
            Verify => Command::Verify {
                note: text(Text::VerificationNote),
            },
            RecordFeedback => Command::RecordFeedback {
                result: values.feedback.ok_or(Missing::FeedbackResult)?,
                confirmation: text(Text::Confirmation),
                taken: if values.on_site {
                    Taken::OnSite {
                        signature: values.signature.clone().map(|image| Signature {
                            signer: text(Text::Signer),
                            image,
                        }),
                    }
                } else {
                    Taken::Remotely
                },
            },
            LinkArticle => Command::LinkArticle {
                article: KnowledgeLink {
                    id: text(Text::ArticleId).trim().to_string(),
                    title: text(Text::ArticleTitle),
                },
            },
            Archive => Command::Archive {
                no_article_reason: optional(Text::NoArticleReason),
            },
        })
    }

    /// Whether `input` is shown with these values: the signer and the signature only on site.
    pub fn shows(&self, input: &Input, values: &Values) -> bool {
        match input {
            Input::Signature
            | Input::Text {
                text: Text::Signer, ..
            } => values.on_site,
            _ => true,
        }
    }

    /// Beside which of this form's inputs `problem` is shown; above the buttons when it is about
    /// the ticket as a whole, or about an input this form does not have.
    pub fn anchor(&self, problem: &Problem) -> Anchor {
        let wanted = match problem {
            Problem::Missing(Missing::Someone) => Anchor::Member,
            Problem::Missing(Missing::FeedbackResult) => Anchor::Feedback,
            Problem::Missing(Missing::Time) => Anchor::When,
            Problem::Missing(Missing::Files) => Anchor::Form,
            Problem::Refused(error) => refusal_anchor(self.kind, error),
        };
        if self.inputs.iter().any(|input| anchors(input, wanted)) {
            wanted
        } else {
            Anchor::Form
        }
    }
}

fn anchors(input: &Input, anchor: Anchor) -> bool {
    match (input, anchor) {
        (Input::Text { text, .. }, Anchor::Text(t)) => *text == t,
        (Input::Priority, Anchor::Priority)
        | (Input::Categories, Anchor::Categories)
        | (Input::Experts { .. }, Anchor::Experts)
        | (Input::Handler { .. } | Input::Supporter { .. }, Anchor::Member)
        | (Input::Feedback, Anchor::Feedback)
        | (Input::Signature, Anchor::Signature)
        | (Input::When, Anchor::When)
        | (Input::Description, Anchor::Symptom) => true,
        _ => false,
    }
}

fn refusal_anchor(kind: CommandKind, error: &WorkflowError) -> Anchor {
    use WorkflowError::*;
    match error {
        Blank(Field::Symptom) => Anchor::Symptom,
        Blank(Field::HandlerName | Field::SupporterName) | SupporterAlreadyJoined(_) => {
            Anchor::Member
        }
        // A supporter without a speciality: the one picked, or one of the experts ticked.
        Blank(Field::SupporterRole) if kind == CommandKind::AddSupporter => Anchor::Member,
        Blank(Field::SupporterRole)
        | EscalationWithoutSupporter
        | JointConfirmationWithoutExperts => Anchor::Experts,
        Blank(field) => [
            Text::MissingInformation,
            Text::ContactNote,
            Text::CrossDomainNote,
            Text::AttemptAction,
            Text::EscalationReason,
            Text::RootCause,
            Text::Plan,
            Text::ApprovalSubject,
            Text::RejectionReason,
            Text::ProgressNote,
            Text::WaitReason,
            Text::Solution,
            Text::VerificationNote,
            Text::Confirmation,
            Text::Signer,
            Text::ArticleId,
        ]
        .into_iter()
        .find(|t| t.field() == Some(*field))
        .map_or(Anchor::Form, Anchor::Text),
        PriorityChangeWithoutReason { .. } => Anchor::Text(Text::PriorityReason),
        NoCategory | UnknownCategory(_) => Anchor::Categories,
        EstimateInPast { .. } => Anchor::When,
        SignatureRequired => Anchor::Signature,
        ArchiveWithoutKnowledge => Anchor::Text(Text::NoArticleReason),
        ArticleAlreadyLinked(_) => Anchor::Text(Text::ArticleId),
        _ => Anchor::Form,
    }
}

/// R3.6: a wall-clock time typed as the team reads its clocks (`2023-10-27T15:30` in `zone`),
/// as an instant. A time that does not exist there (skipped by a DST change) is no time; one
/// that exists twice is the earlier.
pub fn wall_clock(text: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
    local
        .and_local_timezone(zone)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, Casebook};
    use crate::team::sample_team;

    fn ticket() -> Ticket {
        Casebook::default()
            .open(
                "登录时提示验证码错误",
                Priority::P2,
                beijing(2023, 10, 27, 10, 0),
            )
            .ticket
    }

    fn me(id: &str) -> Member {
        team::member(&sample_team(), id)
            .cloned()
            .expect("on the sample team")
    }

    fn choices(form: &ActionForm) -> Vec<String> {
        form.inputs
            .iter()
            .find_map(|i| match i {
                Input::Experts { choices }
                | Input::Handler { choices }
                | Input::Supporter { choices } => Some(choices.clone()),
                _ => None,
            })
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.employee_id)
            .collect()
    }

    #[test]
    fn escalating_offers_second_line_experts_only_not_the_requester_or_the_manager() {
        let form = action_form(
            CommandKind::Escalate,
            &ticket(),
            &sample_team(),
            &me("TS100"),
        );
        assert_eq!(choices(&form), ["TS200", "TS201"]);
        let joint = action_form(
            CommandKind::ConfirmJointly,
            &ticket(),
            &sample_team(),
            &me("TS300"),
        );
        assert_eq!(choices(&joint), ["TS200", "TS201"]);
    }

    #[test]
    fn assigning_offers_handlers_and_starts_with_me_when_i_am_one() {
        let team = sample_team();
        let form = action_form(CommandKind::Assign, &ticket(), &team, &me("TS300"));
        assert_eq!(choices(&form), ["TS100", "TS200", "TS201", "TS300"]);
        assert_eq!(form.initial.member, "TS300");
        let by_manager = action_form(CommandKind::Assign, &ticket(), &team, &me("TS400"));
        assert_eq!(by_manager.initial.member, "TS100");
    }

    #[test]
    fn the_values_make_the_command_with_texts_by_name_not_by_slot() {
        let ticket = ticket();
        let team = sample_team();
        let form = action_form(CommandKind::RecordRootCause, &ticket, &team, &me("TS100"));
        let mut values = form.initial.clone();
        values.texts.insert(Text::RootCause, "缓存异常".into());
        values.texts.insert(Text::Plan, "清理缓存".into());
        assert_eq!(
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai),
            Ok(Command::RecordRootCause {
                root_cause: "缓存异常".into(),
                plan: "清理缓存".into(),
            })
        );
    }

    #[test]
    fn consulted_items_split_on_full_width_commas() {
        let ticket = ticket();
        let team = sample_team();
        let form = action_form(CommandKind::RecordAttempt, &ticket, &team, &me("TS100"));
        let mut values = form.initial.clone();
        values.texts.insert(Text::AttemptAction, "重启服务".into());
        values
            .texts
            .insert(Text::Consulted, "KB-0012，TS20231020003".into());
        let Ok(Command::RecordAttempt { consulted, .. }) =
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai)
        else {
            panic!("an attempt");
        };
        assert_eq!(consulted.len(), 2);
    }

    #[test]
    fn the_expected_time_is_read_on_the_teams_clock() {
        let ticket = ticket();
        let team = sample_team();
        let form = action_form(
            CommandKind::EstimateResolution,
            &ticket,
            &team,
            &me("TS100"),
        );
        let mut values = form.initial.clone();
        values.when = "2023-10-27T15:30".into();
        // 15:30 in Shanghai is 07:30 UTC, whatever zone the browser is in.
        assert_eq!(
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai),
            Ok(Command::EstimateResolution {
                expected_at: beijing(2023, 10, 27, 15, 30)
            })
        );
        values.when = String::new();
        assert_eq!(
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai),
            Err(Missing::Time)
        );
    }

    #[test]
    fn a_refusal_is_shown_beside_the_input_it_is_about() {
        let ticket = ticket();
        let team = sample_team();
        let fix = action_form(CommandKind::ApplyFix, &ticket, &team, &me("TS100"));
        assert_eq!(
            fix.anchor(&Problem::Refused(WorkflowError::Blank(Field::Solution))),
            Anchor::Text(Text::Solution)
        );
        assert_eq!(
            fix.anchor(&Problem::Refused(WorkflowError::FixBeforeApproval)),
            Anchor::Form
        );
        let add = action_form(CommandKind::AddSupporter, &ticket, &team, &me("TS200"));
        assert_eq!(
            add.anchor(&Problem::Refused(WorkflowError::Blank(
                Field::SupporterRole
            ))),
            Anchor::Member
        );
        let escalate = action_form(CommandKind::Escalate, &ticket, &team, &me("TS100"));
        assert_eq!(
            escalate.anchor(&Problem::Refused(WorkflowError::EscalationWithoutSupporter)),
            Anchor::Experts
        );
        // An anchor this form lacks falls back to the form.
        assert_eq!(
            fix.anchor(&Problem::Missing(Missing::FeedbackResult)),
            Anchor::Form
        );
    }

    #[test]
    fn feedback_on_site_carries_the_signature_and_the_requesters_name() {
        let ticket = ticket();
        let team = sample_team();
        let form = action_form(CommandKind::RecordFeedback, &ticket, &team, &me("TS100"));
        let signer = Input::Text {
            text: Text::Signer,
            long: false,
        };
        let mut values = form.initial.clone();
        values.feedback = Some(Feedback::Resolved);
        values.texts.insert(Text::Confirmation, "可以登录了".into());
        // By phone (the default) the signer and the pad are not shown, and no signature is made.
        assert!(!form.shows(&Input::Signature, &values) && !form.shows(&signer, &values));
        let Ok(Command::RecordFeedback { taken, .. }) =
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai)
        else {
            panic!("feedback");
        };
        assert_eq!(taken, Taken::Remotely);

        values.on_site = true;
        assert!(form.shows(&Input::Signature, &values) && form.shows(&signer, &values));
        assert_eq!(values.text(Text::Signer), "张三", "the requester signs");
        let image = Attachment {
            id: crate::attachment::AttachmentId("sig".into()),
            file_name: "签名.png".into(),
            media_type: "image/png".into(),
            size: 900,
            to: crate::attachment::AttachedTo::Feedback,
        };
        values.signature = Some(image.clone());
        let Ok(Command::RecordFeedback { taken, .. }) =
            form.command(&values, &ticket, &team, chrono_tz::Asia::Shanghai)
        else {
            panic!("feedback");
        };
        assert_eq!(
            taken,
            Taken::OnSite {
                signature: Some(Signature {
                    signer: "张三".into(),
                    image
                })
            }
        );
        assert_eq!(
            form.anchor(&Problem::Refused(WorkflowError::SignatureRequired)),
            Anchor::Signature
        );
        assert_eq!(
            form.anchor(&Problem::Refused(WorkflowError::Blank(Field::Signer))),
            Anchor::Text(Text::Signer)
        );
    }
}
