//! The ticket page: where the ticket stands in the five stages of the process, which actions the
//! person acting is offered (and which a rule holds back, with the rule), and whether the
//! knowledge base's suggestions apply.

use crate::article::{draft_from_ticket, ArticleContent};
use crate::roles::Role;
use crate::team::Member;
use crate::ticket::Ticket;
use crate::workflow::{check_state, CommandKind, Step, WorkflowError};

/// The five stages of PROCESS.md, R1 to R5, that the eight steps fall into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// R1 问题接收与初步记录.
    Intake,
    /// R2 问题分类与优先级确认.
    Classification,
    /// R3 问题分析与处理执行.
    Handling,
    /// R4 解决方案验证与用户反馈.
    Verification,
    /// R5 问题归档与知识沉淀.
    Archive,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Intake,
        Stage::Classification,
        Stage::Handling,
        Stage::Verification,
        Stage::Archive,
    ];

    pub fn of(step: Step) -> Stage {
        match step {
            Step::Intake => Stage::Intake,
            Step::Classification => Stage::Classification,
            Step::FirstLineHandling | Step::SecondLineHandling => Stage::Handling,
            Step::Verification | Step::Feedback => Stage::Verification,
            Step::Resolved | Step::Archived => Stage::Archive,
        }
    }
}

/// How far a stage is, for the stage bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Current,
    Ahead,
}

/// Each stage and how far it is: those before the ticket's are done, its own is current — and
/// all five are done once the ticket is archived (R5.4: nothing is left to do).
pub fn stages(step: Step) -> [(Stage, Progress); 5] {
    let current = Stage::of(step);
    Stage::ALL.map(|stage| {
        let progress = if stage < current || step == Step::Archived {
            Progress::Done
        } else if stage == current {
            Progress::Current
        } else {
            Progress::Ahead
        };
        (stage, progress)
    })
}

/// Where an action sits: the actions that move the ticket through its step, or the ones that
/// can be taken at any open step (contacts, progress, estimates, waiting, reassigning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Main,
    More,
}

pub fn placement(kind: CommandKind) -> Placement {
    use CommandKind::*;
    match kind {
        Respond
        | RecordPhoneCall
        | FlagIncomplete
        | RecordRequesterContacted
        | UpdateProgress
        | EstimateResolution
        | RecordUserInformed
        | WaitOnRequester
        | Assign
        | LinkArticle
        | AttachFile => Placement::More,
        Classify | ConfirmPriority | ReportCrossDomain | ConfirmJointly | RecordAttempt
        | Escalate | AddSupporter | RecordRootCause | RequestApproval | Approve | Reject
        | Resume | ApplyFix | Verify | RecordFeedback | Archive => Placement::Main,
    }
}

/// One action on the ticket page. `blocked` is the rule that holds it back now, shown beside a
/// disabled button, so an action never just vanishes when the process is waiting for something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub kind: CommandKind,
    pub placement: Placement,
    pub blocked: Option<WorkflowError>,
}

/// What the person acting may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actions {
    /// Nobody is chosen in "who am I" on this browser (or the one chosen left the team): no
    /// action is offered until someone is, rather than acting in somebody else's role.
    ChooseWhoYouAre,
    /// The main actions first, then the others, each group in the process's order. Files are
    /// added in the attachments section, not here (see [`may_attach`]).
    Offers(Vec<Offer>),
}

/// The actions `me` is offered on `ticket`: what their role may do at this step, and what it
/// would do next if a rule did not hold it back.
pub fn actions(ticket: &Ticket, me: Option<&Member>) -> Actions {
    let Some(me) = me else {
        return Actions::ChooseWhoYouAre;
    };
    let mut offers: Vec<Offer> = CommandKind::ALL
        .into_iter()
        .filter(|kind| *kind != CommandKind::AttachFile && kind.allowed_roles().contains(&me.role))
        .filter_map(|kind| {
            let blocked = match check_state(ticket, kind) {
                Ok(()) => None,
                Err(error) if worth_showing(&error, ticket.step) => Some(error),
                Err(_) => return None,
            };
            Some(Offer {
                kind,
                placement: placement(kind),
                blocked,
            })
        })
        .collect();
    offers.sort_by_key(|offer| offer.placement == Placement::More);
    Actions::Offers(offers)
}

/// A refusal worth showing on a disabled button: the ticket is at the action's step but waits
/// for something (an approval, the root cause, the requester, an attempt first…), or the
/// action is the next one but its step is not reached yet. An action of another step, or the
/// other half of a pair (resume while not waiting), is simply not offered.
fn worth_showing(error: &WorkflowError, step: Step) -> bool {
    use WorkflowError::*;
    match error {
        FeedbackBeforeVerification => step == Step::Verification,
        ArchiveBeforeResolution => step == Step::Feedback,
        CrossDomainPending
        | EscalationBeforeAttempt
        | ApprovalAlreadyPending
        | FixBeforeApproval
        | FixWithoutRootCause
        | NoEstimate
        | WaitingOnRequester { .. }
        | InformationIncomplete { .. } => true,
        _ => false,
    }
}

/// R1.7: whether `role` may add files to the ticket now.
pub fn may_attach(ticket: &Ticket, role: Option<Role>) -> bool {
    role.is_some_and(|role| {
        CommandKind::AttachFile.allowed_roles().contains(&role)
            && check_state(ticket, CommandKind::AttachFile).is_ok()
    })
}

/// R5.1, R5.4: the article a resolved ticket offers to write ("生成知识库文章"), prefilled from its
/// root cause and solution — when `role` may link an article to it now.
pub fn article_draft(ticket: &Ticket, role: Option<Role>) -> Option<ArticleContent> {
    let role = role?;
    let may_link = CommandKind::LinkArticle.allowed_roles().contains(&role)
        && check_state(ticket, CommandKind::LinkArticle).is_ok();
    may_link.then(|| draft_from_ticket(ticket).ok()).flatten()
}

/// R3.1: while the problem is being worked on (before the fix is verified), the knowledge base
/// and past tickets like this one are suggested.
pub fn suggests_knowledge(ticket: &Ticket) -> bool {
    ticket.step < Step::Verification
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, Case, Casebook};
    use crate::model::Priority;
    use crate::team::{member, sample_team};
    use crate::workflow::Command;

    fn at() -> chrono::DateTime<chrono::Utc> {
        beijing(2023, 10, 27, 10, 0)
    }

    fn case() -> Case {
        Casebook::default().open("登录时提示验证码错误", Priority::P2, at())
    }

    fn offered(ticket: &Ticket, employee_id: &str) -> Vec<(CommandKind, bool)> {
        let team = sample_team();
        match actions(ticket, member(&team, employee_id)) {
            Actions::ChooseWhoYouAre => Vec::new(),
            Actions::Offers(offers) => offers
                .iter()
                .map(|o| (o.kind, o.blocked.is_some()))
                .collect(),
        }
    }

    #[test]
    fn every_stage_before_the_current_one_is_done_and_archiving_finishes_all_five() {
        use Progress::*;
        let progress = |step| stages(step).map(|(_, p)| p);
        assert_eq!(
            progress(Step::Intake),
            [Current, Ahead, Ahead, Ahead, Ahead]
        );
        assert_eq!(
            progress(Step::SecondLineHandling),
            [Done, Done, Current, Ahead, Ahead]
        );
        assert_eq!(progress(Step::Feedback), [Done, Done, Done, Current, Ahead]);
        assert_eq!(progress(Step::Resolved), [Done, Done, Done, Done, Current]);
        assert_eq!(progress(Step::Archived), [Done; 5]);
    }

    #[test]
    fn nobody_chosen_means_no_action_rather_than_someone_elses_role() {
        let ticket = case().ticket;
        assert_eq!(actions(&ticket, None), Actions::ChooseWhoYouAre);
        let team = sample_team();
        assert_eq!(
            actions(&ticket, member(&team, "TS999")),
            Actions::ChooseWhoYouAre
        );
    }

    #[test]
    fn the_steps_own_actions_come_before_the_contacts_and_notes() {
        let mut case = case();
        case.act(
            Role::FirstLine,
            Command::Assign {
                handler: crate::casework::person("李四", "TS100"),
            },
            at(),
        );
        let offered = offered(&case.ticket, "TS100");
        let first_more = offered
            .iter()
            .position(|(k, _)| placement(*k) == Placement::More)
            .expect("contacts are offered");
        assert!(first_more > 0);
        assert!(offered[..first_more]
            .iter()
            .all(|(k, _)| placement(*k) == Placement::Main));
        assert!(offered[first_more..]
            .iter()
            .all(|(k, _)| placement(*k) == Placement::More));
        assert!(offered.contains(&(CommandKind::Classify, false)));
        assert!(!offered.iter().any(|(k, _)| *k == CommandKind::AttachFile));
    }

    #[test]
    fn a_fix_waiting_for_the_managers_approval_is_shown_blocked_with_its_rule() {
        let team = sample_team();
        let mut case = case();
        case.classify("系统故障-登录异常", at());
        case.act(
            Role::FirstLine,
            Command::RecordRootCause {
                root_cause: "缓存异常".into(),
                plan: "扩容缓存服务器".into(),
            },
            at(),
        );
        case.act(
            Role::Supervisor,
            Command::RequestApproval {
                subject: "服务器扩容".into(),
            },
            at(),
        );
        let Actions::Offers(offers) = actions(&case.ticket, member(&team, "TS100")) else {
            panic!("李四 is chosen");
        };
        let fix = offers
            .iter()
            .find(|o| o.kind == CommandKind::ApplyFix)
            .expect("the fix stays on the page");
        assert_eq!(fix.blocked, Some(WorkflowError::FixBeforeApproval));
        // The manager decides; 李四 is not offered to.
        assert!(!offers.iter().any(|o| o.kind == CommandKind::Approve));
        assert!(offered(&case.ticket, "TS400").contains(&(CommandKind::Approve, false)));
    }

    #[test]
    fn feedback_is_shown_blocked_until_the_fix_is_verified_but_not_earlier() {
        let mut case = case();
        case.classify("系统故障-登录异常", at());
        assert!(!offered(&case.ticket, "TS100")
            .iter()
            .any(|(k, _)| *k == CommandKind::RecordFeedback));
        case.act(
            Role::FirstLine,
            Command::RecordRootCause {
                root_cause: "缓存异常".into(),
                plan: "清理缓存".into(),
            },
            at(),
        )
        .act(
            Role::FirstLine,
            Command::ApplyFix {
                solution: "清理浏览器缓存".into(),
            },
            at(),
        );
        assert_eq!(case.ticket.step, Step::Verification);
        let at_verification = offered(&case.ticket, "TS100");
        assert!(at_verification.contains(&(CommandKind::RecordFeedback, true)));
        assert!(at_verification.contains(&(CommandKind::Verify, false)));
    }

    #[test]
    fn knowledge_is_suggested_while_handling_and_not_after_the_fix() {
        let mut case = case();
        case.classify("系统故障-登录异常", at());
        assert!(suggests_knowledge(&case.ticket));
        case.fix("缓存异常", "清理浏览器缓存", at());
        assert!(!suggests_knowledge(&case.ticket));
    }

    #[test]
    fn a_resolved_ticket_offers_an_article_to_its_handlers_only() {
        let mut case = case();
        case.classify("系统故障-登录异常", at());
        assert_eq!(article_draft(&case.ticket, Some(Role::FirstLine)), None);
        case.resolve(at());
        assert!(article_draft(&case.ticket, Some(Role::FirstLine)).is_some());
        assert_eq!(article_draft(&case.ticket, Some(Role::Requester)), None);
        assert_eq!(article_draft(&case.ticket, None), None);
    }

    #[test]
    fn the_requester_may_attach_files_but_not_the_manager_nor_nobody() {
        let ticket = case().ticket;
        assert!(may_attach(&ticket, Some(Role::Requester)));
        assert!(!may_attach(&ticket, Some(Role::Manager)));
        assert!(!may_attach(&ticket, None));
    }
}
