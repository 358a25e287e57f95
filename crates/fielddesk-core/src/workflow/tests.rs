use chrono::{TimeDelta, TimeZone};

use super::*;
use crate::attachment::{AttachedTo, Attachment, AttachmentId};
use crate::event::{EventId, TicketId};
use crate::example::zhang_san_form;
use crate::feedback::Signature;
use crate::model::default_channels;
use crate::numbering::TicketNo;
use crate::ticket::open_ticket;

/// 10:30 Beijing time on the template's day, when 李四 receives the ticket.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 10, 27, 2, 30, 0)
        .single()
        .expect("a valid test time")
}

fn person(name: &str, id: &str) -> Person {
    Person {
        name: name.into(),
        employee_id: id.into(),
    }
}

fn zhang_san() -> Person {
    person("张三", "TS001")
}
fn li_si() -> Person {
    person("李四", "TS100")
}
fn wang_wu() -> Person {
    person("王五", "TS200")
}
fn zhao_liu() -> Person {
    person("赵六", "TS300")
}
fn qian_qi() -> Person {
    person("钱七", "TS400")
}

/// Who acts in each role in these tests.
fn actor(role: Role) -> Person {
    match role {
        Role::Requester => zhang_san(),
        Role::FirstLine => li_si(),
        Role::SecondLine => wang_wu(),
        Role::Supervisor => zhao_liu(),
        Role::Manager => qian_qi(),
    }
}

fn developer() -> Supporter {
    Supporter {
        person: wang_wu(),
        role: "开发工程师".into(),
    }
}

fn category(text: &str) -> Category {
    text.parse().expect("a category from the default standard")
}

/// A device's view of one ticket: its log and the state built from it event by event.
struct Desk {
    events: Vec<Event>,
    ticket: Ticket,
    standard: CategoryStandard,
    workflow: WorkflowPolicy,
    minutes: i64,
}

impl Desk {
    /// The template's ticket, TS20231027001, opened at 10:30 by 李四.
    fn open() -> Desk {
        let created = open_ticket(
            &zhang_san_form(),
            &default_channels(),
            TicketId("t1".into()),
            Stamp {
                event_id: EventId("e000".into()),
                actor: li_si(),
                at: start(),
            },
            &[],
            &crate::sla::SlaPolicy::default(),
        )
        .expect("the template's form is complete");
        let ticket = Ticket::fold([&created]).expect("a created ticket");
        Desk {
            events: vec![created],
            ticket,
            standard: CategoryStandard::default(),
            workflow: WorkflowPolicy::default(),
            minutes: 0,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        start() + TimeDelta::minutes(self.minutes)
    }

    /// `role`'s usual actor takes `command` five minutes after the previous one.
    fn act(&mut self, role: Role, command: Command) -> Result<&Event, WorkflowError> {
        self.act_as(actor(role), role, command)
    }

    fn act_as(
        &mut self,
        who: Person,
        role: Role,
        command: Command,
    ) -> Result<&Event, WorkflowError> {
        self.minutes += 5;
        let stamp = Stamp {
            event_id: EventId(format!("e{:03}", self.events.len())),
            actor: who,
            at: self.now(),
        };
        let event = decide(
            &self.ticket,
            command,
            role,
            stamp,
            &self.standard,
            self.workflow,
        )?;
        self.ticket.apply(&event);
        self.events.push(event);
        Ok(self.events.last().expect("just pushed"))
    }

    fn ok(&mut self, role: Role, command: Command) {
        if let Err(error) = self.act(role, command) {
            panic!("refused: {error}");
        }
    }

    /// R1.6, R2.1–R2.3: assigned to 李四, 系统故障-登录异常, P2 confirmed as P1.
    fn classified() -> Desk {
        let mut desk = Desk::open();
        desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
        desk.ok(
            Role::FirstLine,
            Command::Classify {
                categories: vec![category("系统故障-登录异常")],
            },
        );
        desk.ok(
            Role::FirstLine,
            Command::ConfirmPriority {
                priority: Priority::P1,
                reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
            },
        );
        desk
    }

    /// R3.1–R3.3: first line tried, escalated to 王五 (开发工程师), who found the root cause.
    fn analysed() -> Desk {
        let mut desk = Desk::classified();
        desk.ok(Role::FirstLine, attempt());
        desk.ok(
            Role::FirstLine,
            Command::Escalate {
                reason: "一线1小时未解决".into(),
                supporters: vec![developer()],
            },
        );
        desk.ok(Role::SecondLine, root_cause());
        desk
    }

    /// R4.1: a fix applied and verified, so feedback can be recorded.
    fn verified() -> Desk {
        let mut desk = Desk::analysed();
        desk.ok(Role::SecondLine, fix());
        desk.ok(Role::SecondLine, verify());
        desk
    }

    fn resolved() -> Desk {
        let mut desk = Desk::verified();
        desk.ok(Role::Requester, feedback(Feedback::Resolved));
        desk
    }

    fn refused(&mut self, role: Role, command: Command) -> WorkflowError {
        let before = self.ticket.clone();
        let error = match self.act(role, command) {
            Ok(event) => panic!("accepted: {:?}", event.kind),
            Err(error) => error,
        };
        assert_eq!(self.ticket, before, "a refused command changes nothing");
        error
    }

    fn folded(&self) -> Ticket {
        Ticket::fold(&self.events).expect("the log has its creation")
    }
}

fn attempt() -> Command {
    Command::RecordAttempt {
        action: "清理浏览器缓存".into(),
        consulted: vec![Reference::Article {
            id: "KB-0042".into(),
        }],
    }
}

fn root_cause() -> Command {
    Command::RecordRootCause {
        root_cause: "验证码缓存异常".into(),
        plan: "清理浏览器缓存,重启Tomcat服务".into(),
    }
}

fn fix() -> Command {
    Command::ApplyFix {
        solution: "清理浏览器缓存,重启Tomcat服务,验证码恢复正常".into(),
    }
}

fn verify() -> Command {
    Command::Verify {
        note: "预发布环境登录3次均成功,其他功能正常".into(),
    }
}

fn feedback(result: Feedback) -> Command {
    Command::RecordFeedback {
        result,
        confirmation: "已解决,确认可正常登录".into(),
        taken: Taken::Remotely,
    }
}

fn article() -> KnowledgeLink {
    KnowledgeLink {
        id: "KB-0101".into(),
        title: "OA验证码错误的处理".into(),
    }
}

#[test]
fn the_templates_example_ticket_walks_from_intake_to_archive() {
    let mut desk = Desk::open();
    assert_eq!(desk.ticket.number.to_string(), "TS20231027001");
    assert_eq!(desk.ticket.step, Step::Intake);

    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    desk.ok(
        Role::FirstLine,
        Command::RecordPhoneCall {
            note: "P1: 电话联系张三确认影响范围".into(),
        },
    );
    desk.ok(
        Role::FirstLine,
        Command::Classify {
            categories: vec![category("系统故障-登录异常")],
        },
    );
    desk.ok(
        Role::FirstLine,
        Command::ConfirmPriority {
            priority: Priority::P1,
            reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
        },
    );
    assert_eq!(desk.ticket.step, Step::FirstLineHandling);
    desk.ok(Role::FirstLine, attempt());
    desk.ok(
        Role::FirstLine,
        Command::UpdateProgress {
            note: "已排查数据库连接,确认网络链路正常,正在分析应用日志".into(),
        },
    );
    desk.ok(
        Role::FirstLine,
        Command::RecordRootCause {
            root_cause: "定位为缓存异常".into(),
            plan: "清理浏览器缓存,重启Tomcat服务".into(),
        },
    );
    desk.ok(Role::FirstLine, fix());
    assert_eq!(desk.ticket.step, Step::Verification);
    desk.ok(Role::FirstLine, verify());
    desk.ok(Role::Requester, feedback(Feedback::Resolved));
    assert_eq!(desk.ticket.archive_status(), Some(ArchiveStatus::Pending));
    desk.ok(
        Role::Supervisor,
        Command::LinkArticle { article: article() },
    );
    desk.ok(
        Role::Supervisor,
        Command::Archive {
            no_article_reason: None,
        },
    );

    let t = &desk.ticket;
    assert_eq!(t.step, Step::Archived);
    assert_eq!(t.archive_status(), Some(ArchiveStatus::Archived));
    assert_eq!(t.intake.submitter.department, "研发部");
    assert!(t.intake.description.symptom.contains("验证码错误"));
    assert_eq!(t.requested_priority(), Priority::P2);
    assert_eq!(t.priority(), Priority::P1);
    assert_eq!(t.categories[0].to_string(), "系统故障-登录异常");
    assert_eq!(t.first_line, Some(li_si()));
    assert_eq!(
        t.solution(),
        Some("清理浏览器缓存,重启Tomcat服务,验证码恢复正常")
    );
    assert_eq!(t.feedback[0].confirmation, "已解决,确认可正常登录");
    assert_eq!(t.feedback[0].confirmed_by, ConfirmedBy::Requester);
    assert_eq!(t.knowledge, [article()]);
    assert_eq!(t.first_response_at, Some(start() + TimeDelta::minutes(5)));
    assert!(t.timeline.iter().all(|entry| entry.applied));
    assert_eq!(desk.folded(), desk.ticket);
}

#[test]
fn events_of_the_whole_walk_survive_a_json_round_trip() {
    let mut desk = Desk::resolved();
    desk.ok(
        Role::FirstLine,
        Command::Archive {
            no_article_reason: Some("已有知识库文章覆盖".into()),
        },
    );
    let json = serde_json::to_string(&desk.events).expect("events serialize");
    let back: Vec<Event> = serde_json::from_str(&json).expect("events deserialize");
    assert_eq!(back, desk.events);
    assert!(json.contains("\"type\":\"PriorityConfirmed\""));
}

#[test]
fn a_changed_description_must_keep_its_symptom() {
    // R1.2
    let mut desk = Desk::open();
    let error = desk.refused(
        Role::FirstLine,
        Command::RecordRequesterContacted {
            note: "电话补充信息".into(),
            description: Some(Description::default()),
        },
    );
    assert_eq!(error, WorkflowError::Blank(Field::Symptom));
    assert_eq!(
        error.to_string(),
        "R1.2: the problem description is required"
    );
}

#[test]
fn missing_information_holds_classification_until_the_requester_is_contacted() {
    // R1.4
    let mut desk = Desk::open();
    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    desk.ok(
        Role::FirstLine,
        Command::FlagIncomplete {
            missing: "缺少操作路径和报错截图".into(),
        },
    );
    let error = desk.refused(
        Role::FirstLine,
        Command::Classify {
            categories: vec![category("系统故障-登录异常")],
        },
    );
    assert_eq!(
        error,
        WorkflowError::InformationIncomplete {
            command: CommandKind::Classify
        }
    );
    let completed = Description {
        symptom: "登录OA系统时提示'验证码错误'".into(),
        occurred: "10:00".into(),
        operation_path: "OA首页 → 登录".into(),
        error_text: "验证码错误".into(),
    };
    desk.ok(
        Role::FirstLine,
        Command::RecordRequesterContacted {
            note: "11:00联系用户补充信息".into(),
            description: Some(completed.clone()),
        },
    );
    assert_eq!(desk.ticket.missing_information, None);
    assert_eq!(desk.ticket.intake.description, completed);
    assert_eq!(desk.ticket.requester_contacts.len(), 1);
    assert!(allowed_commands(&desk.ticket, Role::FirstLine).contains(&CommandKind::Classify));
}

#[test]
fn a_merge_renumbering_applies_and_a_stale_one_changes_nothing() {
    // R1.5
    let desk = Desk::open();
    let no = |text: &str| -> TicketNo { text.parse().expect("a valid number") };
    let renumber = |id: &str, from: &str, to: &str| Event {
        id: EventId(id.into()),
        ticket: TicketId("t1".into()),
        seq: 2,
        actor: li_si(),
        at: start(),
        kind: EventKind::Renumbered {
            from: no(from),
            to: no(to),
        },
    };
    let mut events = desk.events.clone();
    events.push(renumber("m1", "TS20231027001", "TS20231027002"));
    events.push(renumber("m2", "TS20231027001", "TS20231027003"));
    let ticket = Ticket::fold(&events).expect("created");
    assert_eq!(ticket.number.to_string(), "TS20231027002");
    assert!(!ticket.timeline[2].applied);
    assert_eq!(ticket.first_response_at, None, "a merge is not a response");
}

#[test]
fn assigning_a_first_line_handler_starts_classification() {
    // R1.6
    let mut desk = Desk::open();
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::Assign {
                handler: person(" ", "TS100")
            }
        ),
        WorkflowError::Blank(Field::HandlerName)
    );
    desk.ok(Role::Supervisor, Command::Assign { handler: li_si() });
    assert_eq!(desk.ticket.step, Step::Classification);
    assert_eq!(desk.ticket.first_line, Some(li_si()));
}

#[test]
fn an_attachment_is_recorded_once_with_its_metadata() {
    // R1.7
    let mut desk = Desk::open();
    let screenshot = Attachment {
        id: AttachmentId("a1".into()),
        file_name: "验证码错误.png".into(),
        media_type: "image/png".into(),
        size: 48_213,
        to: AttachedTo::Description,
    };
    desk.ok(
        Role::Requester,
        Command::AttachFile {
            attachment: screenshot.clone(),
        },
    );
    assert_eq!(desk.ticket.attachments, std::slice::from_ref(&screenshot));
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::AttachFile {
                attachment: screenshot
            }
        ),
        WorkflowError::DuplicateAttachment(AttachmentId("a1".into()))
    );
}

#[test]
fn classification_takes_only_categories_from_the_standard() {
    // R2.1
    let mut desk = Desk::open();
    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    let unknown = category("天气-下雨");
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::Classify {
                categories: vec![category("系统故障-登录异常"), unknown.clone()]
            }
        ),
        WorkflowError::UnknownCategory(unknown)
    );
    assert_eq!(
        desk.refused(Role::FirstLine, Command::Classify { categories: vec![] }),
        WorkflowError::NoCategory
    );
    desk.standard.add(category("天气-下雨")).expect("new");
    desk.ok(
        Role::FirstLine,
        Command::Classify {
            categories: vec![category("天气-下雨"), category("天气-下雨")],
        },
    );
    assert_eq!(desk.ticket.categories, [category("天气-下雨")]);
}

#[test]
fn a_changed_priority_needs_a_reason_and_both_stay_visible() {
    // R2.2, R2.3
    let mut desk = Desk::open();
    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    let error = desk.refused(
        Role::FirstLine,
        Command::ConfirmPriority {
            priority: Priority::P1,
            reason: Some("  ".into()),
        },
    );
    assert_eq!(
        error,
        WorkflowError::PriorityChangeWithoutReason {
            requested: Priority::P2,
            confirmed: Priority::P1
        }
    );
    assert_eq!(
        error.to_string(),
        "R2.3: confirming P1 instead of the requested P2 needs a reason"
    );
    desk.ok(
        Role::FirstLine,
        Command::ConfirmPriority {
            priority: Priority::P1,
            reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
        },
    );
    assert_eq!(desk.ticket.requested_priority(), Priority::P2);
    assert_eq!(desk.ticket.priority(), Priority::P1);
}

#[test]
fn confirming_the_requested_priority_needs_no_reason() {
    // R2.2
    let mut desk = Desk::open();
    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    desk.ok(
        Role::FirstLine,
        Command::ConfirmPriority {
            priority: Priority::P2,
            reason: None,
        },
    );
    assert_eq!(
        desk.ticket
            .priority_review
            .as_ref()
            .map(|r| r.reason.clone()),
        Some(None)
    );
}

#[test]
fn a_cross_domain_problem_is_confirmed_by_the_supervisor_with_experts() {
    // R2.4
    let mut desk = Desk::open();
    desk.ok(Role::FirstLine, Command::Assign { handler: li_si() });
    desk.ok(
        Role::FirstLine,
        Command::ReportCrossDomain {
            note: "涉及应用开发与网络环境".into(),
        },
    );
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::Classify {
                categories: vec![category("网络异常-无法连接")]
            }
        ),
        WorkflowError::CrossDomainPending
    );
    let joint = |experts: Vec<Supporter>| Command::ConfirmJointly {
        experts,
        categories: vec![category("系统故障-登录异常"), category("网络异常-无法连接")],
        priority: Priority::P1,
        reason: Some("影响全部门登录".into()),
    };
    assert_eq!(
        desk.refused(Role::FirstLine, joint(vec![developer()])),
        WorkflowError::RoleNotAllowed {
            command: CommandKind::ConfirmJointly,
            role: Role::FirstLine
        }
    );
    assert_eq!(
        desk.refused(Role::Supervisor, joint(vec![])),
        WorkflowError::JointConfirmationWithoutExperts
    );
    desk.ok(Role::Supervisor, joint(vec![developer()]));
    assert_eq!(desk.ticket.step, Step::FirstLineHandling);
    assert_eq!(desk.ticket.categories.len(), 2);
    let joint = desk
        .ticket
        .cross_domain
        .as_ref()
        .and_then(|c| c.joint.as_ref())
        .expect("jointly confirmed");
    assert_eq!(joint.experts, [developer()]);
}

#[test]
fn first_line_records_an_attempt_before_escalating() {
    // R3.1
    let mut desk = Desk::classified();
    let escalate = Command::Escalate {
        reason: "一线1小时未解决".into(),
        supporters: vec![developer()],
    };
    assert_eq!(
        desk.refused(Role::FirstLine, escalate.clone()),
        WorkflowError::EscalationBeforeAttempt
    );
    desk.ok(Role::FirstLine, attempt());
    assert_eq!(
        desk.ticket.attempts[0].consulted,
        [Reference::Article {
            id: "KB-0042".into()
        }]
    );
    desk.ok(Role::FirstLine, escalate);
}

#[test]
fn an_escalation_names_who_joins_and_in_which_role() {
    // R3.2
    let mut desk = Desk::classified();
    desk.ok(Role::FirstLine, attempt());
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::Escalate {
                reason: "一线1小时未解决".into(),
                supporters: vec![]
            }
        ),
        WorkflowError::EscalationWithoutSupporter
    );
    desk.ok(
        Role::FirstLine,
        Command::Escalate {
            reason: "一线1小时未解决".into(),
            supporters: vec![developer()],
        },
    );
    assert_eq!(desk.ticket.step, Step::SecondLineHandling);
    let ops = Supporter {
        person: person("孙八", "TS201"),
        role: "系统运维".into(),
    };
    desk.ok(
        Role::SecondLine,
        Command::AddSupporter {
            supporter: ops.clone(),
        },
    );
    assert_eq!(desk.ticket.second_line, [developer(), ops]);
    assert_eq!(
        desk.refused(
            Role::Supervisor,
            Command::AddSupporter {
                supporter: developer()
            }
        ),
        WorkflowError::SupporterAlreadyJoined(wang_wu())
    );
}

#[test]
fn the_fix_waits_for_the_root_cause_and_plan() {
    // R3.3, R5.1
    let mut desk = Desk::classified();
    assert_eq!(
        desk.refused(Role::FirstLine, fix()),
        WorkflowError::FixWithoutRootCause
    );
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::RecordRootCause {
                root_cause: "缓存异常".into(),
                plan: "".into()
            }
        ),
        WorkflowError::Blank(Field::Plan)
    );
    desk.ok(Role::FirstLine, root_cause());
    desk.ok(Role::FirstLine, fix());
}

#[test]
fn only_the_manager_approves_and_pending_work_cannot_be_marked_done() {
    // R3.4
    let mut desk = Desk::analysed();
    desk.ok(
        Role::SecondLine,
        Command::RequestApproval {
            subject: "紧急代码修复上线".into(),
        },
    );
    assert_eq!(
        desk.refused(Role::SecondLine, fix()),
        WorkflowError::FixBeforeApproval
    );
    assert_eq!(
        desk.refused(Role::Supervisor, Command::Approve { note: "".into() }),
        WorkflowError::RoleNotAllowed {
            command: CommandKind::Approve,
            role: Role::Supervisor
        }
    );
    assert_eq!(
        allowed_commands(&desk.ticket, Role::Manager),
        [CommandKind::Approve, CommandKind::Reject]
    );
    assert_eq!(
        desk.refused(Role::Manager, Command::Reject { reason: " ".into() }),
        WorkflowError::Blank(Field::RejectionReason)
    );
    desk.ok(
        Role::Manager,
        Command::Reject {
            reason: "先评估回滚方案".into(),
        },
    );
    desk.ok(
        Role::SecondLine,
        Command::RequestApproval {
            subject: "紧急代码修复上线(含回滚方案)".into(),
        },
    );
    desk.ok(
        Role::Manager,
        Command::Approve {
            note: "同意".into(),
        },
    );
    desk.ok(Role::SecondLine, fix());
    let decisions: Vec<bool> = desk
        .ticket
        .approvals
        .iter()
        .filter_map(|a| a.decision.as_ref().map(|d| d.approved))
        .collect();
    assert_eq!(decisions, [false, true]);
    assert_eq!(
        desk.ticket.approvals[1]
            .decision
            .as_ref()
            .map(|d| d.entry.by.clone()),
        Some(qian_qi())
    );
}

#[test]
fn progress_is_written_into_the_ticket_in_order() {
    // R3.5
    let mut desk = Desk::classified();
    assert_eq!(
        desk.refused(Role::FirstLine, Command::UpdateProgress { note: "".into() }),
        WorkflowError::Blank(Field::ProgressNote)
    );
    for note in ["已排查数据库连接", "确认网络链路正常,正在分析应用日志"] {
        desk.ok(
            Role::FirstLine,
            Command::UpdateProgress { note: note.into() },
        );
    }
    let notes: Vec<&str> = desk
        .ticket
        .progress
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        notes,
        ["已排查数据库连接", "确认网络链路正常,正在分析应用日志"]
    );
    assert!(desk.ticket.progress[0].at < desk.ticket.progress[1].at);
}

#[test]
fn an_estimate_more_than_four_hours_away_must_be_told_to_the_user() {
    // R3.6
    let mut desk = Desk::classified();
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::RecordUserInformed { note: "".into() }
        ),
        WorkflowError::NoEstimate
    );
    let past = desk.now();
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            Command::EstimateResolution { expected_at: past }
        ),
        WorkflowError::EstimateInPast { expected_at: past }
    );
    let far = desk.now() + TimeDelta::hours(6);
    desk.ok(
        Role::FirstLine,
        Command::EstimateResolution { expected_at: far },
    );
    let estimate = desk.ticket.estimate.clone().expect("estimated");
    assert!(estimate.user_must_be_told());
    desk.ok(
        Role::FirstLine,
        Command::RecordUserInformed {
            note: "电话告知预计16:40前解决".into(),
        },
    );
    let estimate = desk.ticket.estimate.clone().expect("estimated");
    assert!(!estimate.user_must_be_told());
    assert_eq!(estimate.user_informed.map(|e| e.by), Some(li_si()));

    let near = desk.now() + TimeDelta::hours(2);
    desk.ok(
        Role::FirstLine,
        Command::EstimateResolution { expected_at: near },
    );
    assert!(!desk
        .ticket
        .estimate
        .as_ref()
        .is_some_and(|e| e.user_must_be_told()));
}

#[test]
fn no_feedback_before_the_fix_is_verified() {
    // R4.1
    let mut desk = Desk::analysed();
    assert_eq!(
        desk.refused(Role::Requester, feedback(Feedback::Resolved)),
        WorkflowError::FeedbackBeforeVerification
    );
    desk.ok(Role::SecondLine, fix());
    assert_eq!(
        desk.refused(Role::FirstLine, feedback(Feedback::Resolved)),
        WorkflowError::FeedbackBeforeVerification
    );
    assert_eq!(
        desk.refused(Role::SecondLine, Command::Verify { note: " ".into() }),
        WorkflowError::Blank(Field::VerificationNote)
    );
    desk.ok(Role::SecondLine, verify());
    assert_eq!(desk.ticket.step, Step::Feedback);
}

#[test]
fn feedback_recorded_by_a_handler_is_marked_as_on_the_requesters_behalf() {
    // R4.2
    let mut desk = Desk::verified();
    assert_eq!(
        desk.refused(
            Role::Requester,
            Command::RecordFeedback {
                result: Feedback::Resolved,
                confirmation: "".into(),
                taken: Taken::Remotely,
            }
        ),
        WorkflowError::Blank(Field::Confirmation)
    );
    desk.ok(Role::FirstLine, feedback(Feedback::Resolved));
    let record = &desk.ticket.feedback[0];
    assert_eq!(record.confirmed_by, ConfirmedBy::HandlerOnBehalf);
    assert_eq!(record.by, li_si());
}

#[test]
fn only_the_tickets_requester_acts_as_requester() {
    // R4.2
    let mut desk = Desk::verified();
    let error = desk
        .act_as(li_si(), Role::Requester, feedback(Feedback::Resolved))
        .map(|e| e.id.clone())
        .unwrap_err();
    assert_eq!(error, WorkflowError::NotTheRequester);
    assert_eq!(
        desk.refused(Role::Manager, feedback(Feedback::Resolved)),
        WorkflowError::RoleNotAllowed {
            command: CommandKind::RecordFeedback,
            role: Role::Manager
        }
    );
}

#[test]
fn partly_resolved_goes_back_to_analysis_and_loops_until_resolved() {
    // R4.3
    let mut desk = Desk::verified();
    desk.ok(
        Role::Requester,
        Command::RecordFeedback {
            result: Feedback::PartlyResolved,
            confirmation: "能登录,但偶尔仍提示验证码错误".into(),
            taken: Taken::Remotely,
        },
    );
    assert_eq!(
        desk.ticket.step,
        Step::SecondLineHandling,
        "it was escalated"
    );
    desk.ok(
        Role::SecondLine,
        Command::RecordRootCause {
            root_cause: "负载均衡下两台Tomcat的验证码会话未共享".into(),
            plan: "配置会话共享".into(),
        },
    );
    desk.ok(
        Role::SecondLine,
        Command::ApplyFix {
            solution: "配置Redis会话共享,重启Tomcat集群".into(),
        },
    );
    desk.ok(Role::SecondLine, verify());
    desk.ok(Role::Requester, feedback(Feedback::Resolved));

    let t = &desk.ticket;
    assert_eq!(t.step, Step::Resolved);
    let results: Vec<Feedback> = t.feedback.iter().map(|f| f.result).collect();
    assert_eq!(results, [Feedback::PartlyResolved, Feedback::Resolved]);
    assert_eq!(t.fixes.len(), 2, "the first fix stays in the history");
    assert_eq!(t.verifications.len(), 2);
    assert_eq!(t.solution(), Some("配置Redis会话共享,重启Tomcat集群"));
    assert_eq!(desk.folded(), desk.ticket);
}

#[test]
fn not_resolved_without_escalation_goes_back_to_first_line() {
    // R4.3
    let mut desk = Desk::classified();
    desk.ok(Role::FirstLine, root_cause());
    desk.ok(Role::FirstLine, fix());
    desk.ok(Role::FirstLine, verify());
    desk.ok(Role::FirstLine, feedback(Feedback::NotResolved));
    assert_eq!(desk.ticket.step, Step::FirstLineHandling);
    assert!(allowed_commands(&desk.ticket, Role::FirstLine).contains(&CommandKind::RecordAttempt));
}

#[test]
fn resolution_records_the_solution_root_cause_and_time() {
    // R5.1
    let desk = Desk::resolved();
    let t = &desk.ticket;
    assert!(t.solution().is_some());
    assert!(t.root_cause.is_some());
    assert_eq!(t.resolved_at, t.feedback.last().map(|f| f.at));
}

#[test]
fn archiving_needs_a_linked_article_or_a_reason() {
    // R5.4
    let mut desk = Desk::verified();
    assert_eq!(
        desk.refused(
            Role::Supervisor,
            Command::Archive {
                no_article_reason: Some("无需".into())
            }
        ),
        WorkflowError::ArchiveBeforeResolution
    );
    desk.ok(Role::Requester, feedback(Feedback::Resolved));
    let error = desk.refused(
        Role::Supervisor,
        Command::Archive {
            no_article_reason: Some(" ".into()),
        },
    );
    assert_eq!(error, WorkflowError::ArchiveWithoutKnowledge);
    assert_eq!(desk.ticket.archive_status(), Some(ArchiveStatus::Pending));
    desk.ok(
        Role::Supervisor,
        Command::Archive {
            no_article_reason: Some("同类问题已有知识库文章KB-0101".into()),
        },
    );
    assert_eq!(desk.ticket.archive_status(), Some(ArchiveStatus::Archived));
}

#[test]
fn an_archived_ticket_accepts_nothing() {
    // R5.4
    let mut desk = Desk::resolved();
    desk.ok(
        Role::Supervisor,
        Command::LinkArticle { article: article() },
    );
    assert_eq!(
        desk.refused(
            Role::Supervisor,
            Command::LinkArticle { article: article() }
        ),
        WorkflowError::ArticleAlreadyLinked("KB-0101".into())
    );
    desk.ok(
        Role::Supervisor,
        Command::Archive {
            no_article_reason: None,
        },
    );
    for role in Role::ALL {
        assert_eq!(allowed_commands(&desk.ticket, role), [], "{role}");
    }
}

#[test]
fn waiting_on_the_requester_holds_the_process_and_records_both_times() {
    // R7 (the resolution clock pauses while waiting)
    let mut desk = Desk::verified();
    assert_eq!(
        desk.refused(Role::FirstLine, Command::Resume { note: "".into() }),
        WorkflowError::NotWaiting
    );
    desk.ok(
        Role::FirstLine,
        Command::WaitOnRequester {
            reason: "等待用户明早上班后复测".into(),
        },
    );
    let since = desk.now();
    assert_eq!(
        desk.refused(
            Role::SecondLine,
            Command::WaitOnRequester {
                reason: "again".into()
            }
        ),
        WorkflowError::AlreadyWaiting
    );
    assert_eq!(
        desk.refused(Role::FirstLine, feedback(Feedback::Resolved)),
        WorkflowError::WaitingOnRequester {
            command: CommandKind::RecordFeedback
        }
    );
    desk.ok(
        Role::FirstLine,
        Command::Resume {
            note: "用户已复测".into(),
        },
    );
    let wait = &desk.ticket.waits[0];
    assert_eq!(wait.since.at, since);
    assert_eq!(wait.resumed.as_ref().map(|r| r.at), Some(desk.now()));
    assert!(desk.ticket.waiting().is_none());
    desk.ok(Role::Requester, feedback(Feedback::Resolved));
}

#[test]
fn the_first_response_is_the_first_handler_action_not_the_requesters() {
    // R7.1
    let mut desk = Desk::open();
    let screenshot = Attachment {
        id: AttachmentId("a1".into()),
        file_name: "error.png".into(),
        media_type: "image/png".into(),
        size: 1,
        to: AttachedTo::Description,
    };
    desk.ok(
        Role::Requester,
        Command::AttachFile {
            attachment: screenshot,
        },
    );
    assert_eq!(desk.ticket.first_response_at, None);
    desk.ok(
        Role::FirstLine,
        Command::Respond {
            note: "已收到,正在处理".into(),
        },
    );
    assert_eq!(desk.ticket.first_response_at, Some(desk.now()));
    assert_eq!(
        desk.ticket.step,
        Step::Intake,
        "a response changes nothing else"
    );
}

#[test]
fn a_p1_telephone_call_is_recorded_with_its_time() {
    // R7.3
    let mut desk = Desk::classified();
    desk.ok(
        Role::FirstLine,
        Command::RecordPhoneCall {
            note: "已电话联系张三".into(),
        },
    );
    assert_eq!(desk.ticket.phone_calls[0].at, desk.now());
    assert_eq!(desk.ticket.phone_calls[0].by, li_si());
}

#[test]
fn each_role_is_offered_only_what_it_may_do_now() {
    // Roles: the UI shows allowed_commands and holds no rules.
    let desk = Desk::verified();
    assert_eq!(
        allowed_commands(&desk.ticket, Role::Requester),
        [CommandKind::AttachFile, CommandKind::RecordFeedback]
    );
    assert_eq!(allowed_commands(&desk.ticket, Role::Manager), []);
    let open = Desk::open();
    assert_eq!(
        allowed_commands(&open.ticket, Role::FirstLine),
        [
            CommandKind::Assign,
            CommandKind::FlagIncomplete,
            CommandKind::RecordRequesterContacted,
            CommandKind::Respond,
            CommandKind::RecordPhoneCall,
            CommandKind::AttachFile,
            CommandKind::UpdateProgress,
            CommandKind::EstimateResolution,
            CommandKind::WaitOnRequester,
            CommandKind::LinkArticle,
        ]
    );
}

#[test]
fn events_from_two_devices_with_the_same_seq_both_stay_in_the_timeline() {
    let desk = Desk::analysed();
    let stamp = |id: &str, who: Person| Stamp {
        event_id: EventId(id.into()),
        actor: who,
        at: desk.now() + TimeDelta::minutes(1),
    };
    // Offline, 王五 marks the fix done while 赵六 asks the manager for approval.
    let fixed = decide(
        &desk.ticket,
        fix(),
        Role::SecondLine,
        stamp("dev-a", wang_wu()),
        &desk.standard,
        desk.workflow,
    )
    .expect("allowed");
    let requested = decide(
        &desk.ticket,
        Command::RequestApproval {
            subject: "服务器扩容".into(),
        },
        Role::Supervisor,
        stamp("dev-b", zhao_liu()),
        &desk.standard,
        desk.workflow,
    )
    .expect("allowed");
    assert_eq!(fixed.seq, requested.seq);

    let mut one_way = desk.events.clone();
    one_way.extend([fixed.clone(), requested.clone()]);
    let mut other_way = vec![requested.clone(), fixed.clone()];
    other_way.extend(desk.events.iter().rev().cloned());
    let ticket = Ticket::fold(&one_way).expect("created");
    assert_eq!(Ticket::fold(&other_way), Some(ticket.clone()));

    // "dev-a" sorts first: the fix applies, and the approval request no longer can.
    assert_eq!(ticket.step, Step::Verification);
    let last: Vec<(&str, bool)> = ticket.timeline[ticket.timeline.len() - 2..]
        .iter()
        .map(|e| (e.event.id.0.as_str(), e.applied))
        .collect();
    assert_eq!(last, [("dev-a", true), ("dev-b", false)]);
    assert_eq!(ticket.last_seq, fixed.seq);
}

#[test]
fn the_same_event_twice_folds_once() {
    let desk = Desk::classified();
    let mut twice = desk.events.clone();
    twice.extend(desk.events.iter().cloned());
    assert_eq!(Ticket::fold(&twice), Some(desk.ticket.clone()));
    let mut ticket = desk.ticket.clone();
    ticket.apply(&desk.events[1]);
    assert_eq!(ticket, desk.ticket);
}

#[test]
fn events_without_their_creation_fold_to_nothing() {
    let desk = Desk::classified();
    assert_eq!(Ticket::fold(&desk.events[1..]), None);
}

mod laws {
    use proptest::prelude::*;

    use super::*;

    /// A command of `kind` whose payload `variant` makes sometimes valid, sometimes not.
    fn command(kind: CommandKind, variant: u8, desk: &Desk) -> Command {
        let text = |valid: &str| {
            if variant.is_multiple_of(5) {
                " ".to_string()
            } else {
                valid.to_string()
            }
        };
        let priority = Priority::ALL[usize::from(variant) % 4];
        let categories = match variant % 4 {
            0 => vec![],
            1 => vec![category("天气-下雨")],
            _ => vec![category("系统故障-登录异常")],
        };
        let supporter = Supporter {
            person: person(["王五", "孙八", ""][usize::from(variant) % 3], "TS2"),
            role: text("开发工程师"),
        };
        let minutes = i64::from(variant) * 37 - 600;
        match kind {
            CommandKind::Assign => Command::Assign {
                handler: person(&text("李四"), "TS100"),
            },
            CommandKind::FlagIncomplete => Command::FlagIncomplete {
                missing: text("缺少报错截图"),
            },
            CommandKind::RecordRequesterContacted => Command::RecordRequesterContacted {
                note: text("已联系"),
                description: variant.is_multiple_of(3).then(|| Description {
                    symptom: text("验证码错误"),
                    ..Description::default()
                }),
            },
            CommandKind::Respond => Command::Respond {
                note: text("收到")
            },
            CommandKind::RecordPhoneCall => Command::RecordPhoneCall {
                note: text("已致电"),
            },
            CommandKind::AttachFile => Command::AttachFile {
                attachment: Attachment {
                    id: AttachmentId(format!("a{}", variant % 3)),
                    file_name: text("log.txt"),
                    media_type: "text/plain".into(),
                    size: u64::from(variant),
                    to: AttachedTo::Solution,
                },
            },
            CommandKind::Classify => Command::Classify { categories },
            CommandKind::ConfirmPriority => Command::ConfirmPriority {
                priority,
                reason: variant.is_multiple_of(2).then(|| text("影响全部门")),
            },
            CommandKind::ReportCrossDomain => Command::ReportCrossDomain {
                note: text("应用与网络"),
            },
            CommandKind::ConfirmJointly => Command::ConfirmJointly {
                experts: if variant % 6 == 1 {
                    vec![]
                } else {
                    vec![supporter]
                },
                categories,
                priority,
                reason: variant.is_multiple_of(2).then(|| text("影响全部门")),
            },
            CommandKind::RecordAttempt => Command::RecordAttempt {
                action: text("重启服务"),
                consulted: vec![Reference::Article { id: "KB-1".into() }],
            },
            CommandKind::Escalate => Command::Escalate {
                reason: text("超过1小时"),
                supporters: if variant % 6 == 1 {
                    vec![]
                } else {
                    vec![supporter]
                },
            },
            CommandKind::AddSupporter => Command::AddSupporter { supporter },
            CommandKind::RecordRootCause => Command::RecordRootCause {
                root_cause: text("缓存异常"),
                plan: text("重启"),
            },
            CommandKind::RequestApproval => Command::RequestApproval {
                subject: text("服务器扩容"),
            },
            CommandKind::Approve => Command::Approve {
                note: text("同意")
            },
            CommandKind::Reject => Command::Reject {
                reason: text("不必要"),
            },
            CommandKind::UpdateProgress => Command::UpdateProgress {
                note: text("排查中"),
            },
            CommandKind::EstimateResolution => Command::EstimateResolution {
                expected_at: desk.now() + TimeDelta::minutes(minutes),
            },
            CommandKind::RecordUserInformed => Command::RecordUserInformed {
                note: text("已告知"),
            },
            CommandKind::WaitOnRequester => Command::WaitOnRequester {
                reason: text("等用户复测"),
            },
            CommandKind::Resume => Command::Resume {
                note: text("用户回复"),
            },
            CommandKind::ApplyFix => Command::ApplyFix {
                solution: text("重启Tomcat"),
            },
            CommandKind::Verify => Command::Verify {
                note: text("验证通过"),
            },
            CommandKind::RecordFeedback => Command::RecordFeedback {
                result: [
                    Feedback::Resolved,
                    Feedback::PartlyResolved,
                    Feedback::NotResolved,
                ][usize::from(variant) % 3],
                confirmation: text("确认"),
                taken: Taken::Remotely,
            },
            CommandKind::LinkArticle => Command::LinkArticle {
                article: KnowledgeLink {
                    id: text(&format!("KB-{}", variant % 3)),
                    title: "文章".into(),
                },
            },
            CommandKind::Archive => Command::Archive {
                no_article_reason: variant.is_multiple_of(2).then(|| text("无需")),
            },
        }
    }

    /// Commands that move a ticket along, so random walks reach the late steps too.
    const ONWARD: [CommandKind; 15] = [
        CommandKind::Assign,
        CommandKind::RecordRequesterContacted,
        CommandKind::Classify,
        CommandKind::ConfirmPriority,
        CommandKind::ConfirmJointly,
        CommandKind::RecordAttempt,
        CommandKind::Escalate,
        CommandKind::RecordRootCause,
        CommandKind::Approve,
        CommandKind::Resume,
        CommandKind::ApplyFix,
        CommandKind::Verify,
        CommandKind::RecordFeedback,
        CommandKind::LinkArticle,
        CommandKind::Archive,
    ];

    /// Picks who does what: a quarter of the time anything by anyone, a quarter something the
    /// role is offered, half the time something offered that moves the ticket along.
    fn choose(desk: &Desk, mode: u8, pick: u8, role: u8) -> (Role, CommandKind) {
        let role = Role::ALL[usize::from(role) % Role::ALL.len()];
        let offered = allowed_commands(&desk.ticket, role);
        let onward: Vec<(Role, CommandKind)> = Role::ALL
            .into_iter()
            .flat_map(|r| {
                allowed_commands(&desk.ticket, r)
                    .into_iter()
                    .map(move |k| (r, k))
            })
            .filter(|(_, k)| ONWARD.contains(k))
            .collect();
        let pick = usize::from(pick);
        match mode {
            128.. if !onward.is_empty() => onward[pick % onward.len()],
            64.. if !offered.is_empty() => (role, offered[pick % offered.len()]),
            _ => (role, CommandKind::ALL[pick % CommandKind::ALL.len()]),
        }
    }

    /// Steps of (mode, kind selector, role selector, payload variant); see `choose`.
    fn steps() -> impl Strategy<Value = Vec<(u8, u8, u8, u8)>> {
        proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 0..100)
    }

    proptest! {
        #[test]
        fn random_commands_never_panic_and_accepted_ones_replay_to_the_same_state(steps in steps()) {
            let mut desk = Desk::open();
            let mut accepted = 0;
            for (mode, pick, role, variant) in steps {
                let (role, kind) = choose(&desk, mode, pick, role);
                let offered = allowed_commands(&desk.ticket, role);
                let command = command(kind, variant, &desk);
                let before = desk.ticket.clone();
                let last_seq = desk.ticket.last_seq;
                match desk.act(role, command) {
                    Ok(event) => {
                        prop_assert_eq!(event.seq, last_seq + 1);
                        prop_assert!(offered.contains(&kind), "{} accepted but not offered", kind);
                        accepted += 1;
                    }
                    Err(_) => {
                        prop_assert_eq!(&desk.ticket, &before);
                        prop_assert_eq!(&desk.folded(), &before);
                    }
                }
            }
            prop_assert_eq!(desk.folded(), desk.ticket.clone());
            prop_assert!(desk.ticket.timeline.iter().all(|e| e.applied));
            prop_assert_eq!(desk.ticket.timeline.len(), accepted + 1);
        }

        #[test]
        fn any_order_of_a_log_with_concurrent_copies_folds_the_same(
            steps in steps(),
            rotate in any::<usize>(),
        ) {
            let mut desk = Desk::open();
            for (mode, pick, role, variant) in steps {
                let (role, kind) = choose(&desk, mode, pick, role);
                let command = command(kind, variant, &desk);
                let _ = desk.act(role, command);
            }
            // A second device replays the same log with fresh ids: every seq now has two events.
            let mut log = desk.events.clone();
            log.extend(desk.events.iter().skip(1).map(|e| Event {
                id: EventId(format!("z{}", e.id.0)),
                ..e.clone()
            }));
            let folded = Ticket::fold(&log);
            let len = log.len();
            log.rotate_left(rotate % len);
            prop_assert_eq!(Ticket::fold(&log), folded.clone());
            let folded = folded.expect("created");
            prop_assert_eq!(folded.timeline.len(), len);
        }
    }
}

fn signed_by(signer: &str) -> Taken {
    Taken::OnSite {
        signature: Some(Signature {
            signer: signer.into(),
            image: Attachment {
                id: AttachmentId("sig-1".into()),
                file_name: "签名.png".into(),
                media_type: "image/png".into(),
                size: 2048,
                to: AttachedTo::Feedback,
            },
        }),
    }
}

fn feedback_taken(result: Feedback, taken: Taken) -> Command {
    Command::RecordFeedback {
        result,
        confirmation: "已解决,确认可正常登录".into(),
        taken,
    }
}

#[test]
fn a_team_that_requires_a_signature_resolves_on_site_only_with_one() {
    let mut desk = Desk::verified();
    desk.workflow.require_signature_on_site = true;
    let unsigned = Taken::OnSite { signature: None };
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            feedback_taken(Feedback::Resolved, unsigned.clone())
        ),
        WorkflowError::SignatureRequired
    );
    assert!(WorkflowError::SignatureRequired
        .to_string()
        .starts_with("R4.2"));
    // Only the resolution needs it: 部分解决 sends the ticket back without one.
    desk.ok(
        Role::FirstLine,
        feedback_taken(Feedback::PartlyResolved, unsigned),
    );
    assert_ne!(desk.ticket.step, Step::Resolved);
}

#[test]
fn a_signed_resolution_keeps_its_signer_and_image() {
    let mut desk = Desk::verified();
    desk.workflow.require_signature_on_site = true;
    desk.ok(
        Role::FirstLine,
        feedback_taken(Feedback::Resolved, signed_by("  张三 ")),
    );
    assert_eq!(desk.ticket.step, Step::Resolved);
    let record = &desk.ticket.feedback[0];
    assert_eq!(record.confirmed_by, ConfirmedBy::HandlerOnBehalf);
    let Some(Taken::OnSite {
        signature: Some(signature),
    }) = &record.taken
    else {
        panic!("no signature: {record:?}");
    };
    assert_eq!(signature.signer, "张三", "the name is trimmed");
    assert_eq!(
        desk.events
            .last()
            .unwrap()
            .kind
            .attachment()
            .map(|a| &a.id.0),
        Some(&"sig-1".to_string()),
        "the signature's bytes travel like an attachment's"
    );
}

#[test]
fn a_signature_without_a_name_is_refused() {
    let mut desk = Desk::verified();
    assert_eq!(
        desk.refused(
            Role::FirstLine,
            feedback_taken(Feedback::Resolved, signed_by(" "))
        ),
        WorkflowError::Blank(Field::Signer)
    );
}

#[test]
fn feedback_by_phone_needs_no_signature_even_when_the_team_requires_one_on_site() {
    let mut desk = Desk::verified();
    desk.workflow.require_signature_on_site = true;
    desk.ok(
        Role::FirstLine,
        feedback_taken(Feedback::Resolved, Taken::Remotely),
    );
    assert_eq!(desk.ticket.step, Step::Resolved);
    assert_eq!(desk.ticket.feedback[0].taken, Some(Taken::Remotely));
}
