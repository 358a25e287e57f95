//! The core's vocabulary in the user's language: steps, roles, actions, clocks, feedback and the
//! workflow's typed errors. zh-CN uses PROCESS.md's own terms. Every `match` here is exhaustive,
//! so a new core variant without a translation is a compile error.

use chrono::Duration;
use fielddesk_core::sla::{ClockState, SlaClock};
use fielddesk_core::view::ticket::Stage;
use fielddesk_core::{
    ArchiveStatus, ArticleError, ArticleField, CommandKind, Feedback, Field, PreventionError,
    PreventionStatus, RetrospectiveError, Role, Step, WorkflowError,
};

use crate::i18n::Lang;

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn step(lang: Lang, step: Step) -> &'static str {
    match step {
        Step::Intake => pick(lang, "问题接收", "Intake"),
        Step::Classification => pick(lang, "分类与优先级确认", "Classification"),
        Step::FirstLineHandling => pick(lang, "一线处理", "First-line handling"),
        Step::SecondLineHandling => pick(lang, "二线处理", "Second-line handling"),
        Step::Verification => pick(lang, "解决方案验证", "Verification"),
        Step::Feedback => pick(lang, "用户反馈", "User feedback"),
        Step::Resolved => pick(lang, "已解决 · 待归档", "Resolved · pending archive"),
        Step::Archived => pick(lang, "已归档", "Archived"),
    }
}

/// The five stages of the process (R1–R5), for the stage bar.
pub fn stage(lang: Lang, stage: Stage) -> &'static str {
    match stage {
        Stage::Intake => pick(lang, "接收与记录", "Intake"),
        Stage::Classification => pick(lang, "分类与优先级", "Classify"),
        Stage::Handling => pick(lang, "分析与处理", "Handle"),
        Stage::Verification => pick(lang, "验证与反馈", "Verify"),
        Stage::Archive => pick(lang, "归档与知识", "Archive"),
    }
}

pub fn role(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Requester => pick(lang, "提交人", "Requester"),
        Role::FirstLine => pick(lang, "一线处理人", "First-line handler"),
        Role::SecondLine => pick(lang, "二线专家", "Second-line expert"),
        Role::Supervisor => pick(lang, "技术支持主管", "Support supervisor"),
        Role::Manager => pick(lang, "技术支持经理", "Support manager"),
    }
}

pub fn command(lang: Lang, kind: CommandKind) -> &'static str {
    use CommandKind::*;
    match kind {
        Assign => pick(lang, "指派一线处理人", "Assign handler"),
        FlagIncomplete => pick(lang, "标记信息不完整", "Flag missing information"),
        RecordRequesterContacted => pick(lang, "记录联系提交人", "Record requester contact"),
        Respond => pick(lang, "响应提交人", "Respond"),
        RecordPhoneCall => pick(lang, "记录电话联系", "Record phone call"),
        AttachFile => pick(lang, "添加附件", "Attach file"),
        Classify => pick(lang, "问题分类", "Classify"),
        ConfirmPriority => pick(lang, "确认优先级", "Confirm priority"),
        ReportCrossDomain => pick(lang, "上报跨领域问题", "Report cross-domain"),
        ConfirmJointly => pick(lang, "联合确认分类与优先级", "Confirm jointly"),
        RecordAttempt => pick(lang, "记录一线处理尝试", "Record attempt"),
        Escalate => pick(lang, "升级至二线", "Escalate"),
        AddSupporter => pick(lang, "增加二线专家", "Add second-line expert"),
        RecordRootCause => pick(lang, "记录根因与方案", "Root cause and plan"),
        RequestApproval => pick(lang, "申请经理审批", "Request approval"),
        Approve => pick(lang, "批准", "Approve"),
        Reject => pick(lang, "驳回", "Reject"),
        UpdateProgress => pick(lang, "更新处理进度", "Update progress"),
        EstimateResolution => pick(lang, "预计解决时间", "Expected resolution"),
        RecordUserInformed => pick(lang, "已告知用户预计时间", "User informed of estimate"),
        WaitOnRequester => pick(lang, "等待提交人", "Wait on requester"),
        Resume => pick(lang, "恢复处理", "Resume"),
        ApplyFix => pick(lang, "记录解决方案", "Record solution"),
        Verify => pick(lang, "验证解决方案", "Verify fix"),
        RecordFeedback => pick(lang, "记录用户反馈", "Record feedback"),
        LinkArticle => pick(lang, "关联知识库文章", "Link knowledge article"),
        Archive => pick(lang, "归档", "Archive"),
    }
}

pub fn feedback(lang: Lang, result: Feedback) -> &'static str {
    match result {
        Feedback::Resolved => pick(lang, "已解决", "Resolved"),
        Feedback::PartlyResolved => pick(lang, "部分解决", "Partly resolved"),
        Feedback::NotResolved => pick(lang, "未解决", "Not resolved"),
    }
}

pub fn archive_status(lang: Lang, status: Option<ArchiveStatus>) -> &'static str {
    match status {
        Some(ArchiveStatus::Archived) => pick(lang, "已归档", "Archived"),
        Some(ArchiveStatus::Pending) => pick(lang, "待归档", "Pending archive"),
        None => pick(lang, "处理中(未解决)", "Open (not resolved yet)"),
    }
}

pub fn clock(lang: Lang, clock: SlaClock) -> &'static str {
    match clock {
        SlaClock::FirstResponse => pick(lang, "首次响应(10分钟)", "First response"),
        SlaClock::MissingInfoContact => pick(lang, "补充信息联系", "Missing-info contact"),
        SlaClock::P1PhoneCall => pick(lang, "P1 电话联系", "P1 phone call"),
        SlaClock::Escalation => pick(lang, "一线升级时限", "Escalation"),
        SlaClock::ProgressUpdate => pick(lang, "进度更新", "Progress update"),
        SlaClock::EtaNotice => pick(lang, "告知预计时间", "Estimate notice"),
        SlaClock::Resolution => pick(lang, "解决时限", "Resolution"),
    }
}

/// The badge word and its icon: state is never shown by colour alone.
pub fn clock_state(lang: Lang, state: ClockState) -> (&'static str, &'static str) {
    match state {
        ClockState::NotApplicable => ("–", pick(lang, "不适用", "n/a")),
        ClockState::Running => ("◷", pick(lang, "计时中", "Running")),
        ClockState::AtRisk => ("⚠", pick(lang, "即将超时", "At risk")),
        ClockState::Paused => ("⏸", pick(lang, "已暂停", "Paused")),
        ClockState::Breached { .. } => ("✕", pick(lang, "已超时", "Breached")),
        ClockState::Met { .. } => ("✓", pick(lang, "已达成", "Met")),
    }
}

/// A CSS class per state (the colour; the text above carries the meaning).
pub fn clock_state_class(state: ClockState) -> &'static str {
    match state {
        ClockState::NotApplicable => "sla-na",
        ClockState::Running => "sla-running",
        ClockState::AtRisk => "sla-risk",
        ClockState::Paused => "sla-paused",
        ClockState::Breached { .. } => "sla-breached",
        ClockState::Met { .. } => "sla-met",
    }
}

/// A duration as people say it: `1天2小时`, `35分12秒` / `1d 2h`, `35m 12s`.
pub fn duration(lang: Lang, d: Duration) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, mins, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let (ud, uh, um, us) = match lang {
        Lang::Zh => ("天", "小时", "分", "秒"),
        Lang::En => ("d ", "h ", "m ", "s"),
    };
    let text = if days > 0 {
        format!("{days}{ud}{hours}{uh}")
    } else if hours > 0 {
        format!("{hours}{uh}{mins}{um}")
    } else {
        format!("{mins}{um}{s}{us}")
    };
    text.trim().to_string()
}

pub fn field(lang: Lang, field: Field) -> &'static str {
    use Field::*;
    match field {
        Symptom => pick(lang, "问题描述", "problem description"),
        MissingInformation => pick(lang, "缺失信息说明", "missing information"),
        ContactNote => pick(lang, "联系记录", "contact note"),
        HandlerName => pick(lang, "处理人", "handler"),
        AttachmentId => pick(lang, "附件编号", "attachment id"),
        AttachmentFileName => pick(lang, "附件文件名", "file name"),
        CrossDomainNote => pick(lang, "涉及领域说明", "domains involved"),
        AttemptAction => pick(lang, "尝试的处理措施", "action tried"),
        EscalationReason => pick(lang, "升级原因", "escalation reason"),
        SupporterName => pick(lang, "支持人员姓名", "supporter's name"),
        SupporterRole => pick(lang, "支持人员角色", "supporter's role"),
        RootCause => pick(lang, "根本原因", "root cause"),
        Plan => pick(lang, "处理方案", "handling plan"),
        ApprovalSubject => pick(lang, "申请审批的资源协调事项", "what needs approval"),
        RejectionReason => pick(lang, "驳回原因", "reason for rejecting"),
        ProgressNote => pick(lang, "进度说明", "progress note"),
        WaitReason => pick(lang, "等待原因", "reason for waiting"),
        Solution => pick(lang, "解决方案", "solution"),
        VerificationNote => pick(lang, "验证结果", "verification result"),
        Confirmation => pick(lang, "用户确认", "requester's confirmation"),
        ArticleId => pick(lang, "文章编号", "article id"),
    }
}

/// The core's refusal in the user's words, with the rule it names.
pub fn workflow_error(lang: Lang, error: &WorkflowError) -> String {
    use WorkflowError::*;
    let zh = lang == Lang::Zh;
    let text = match error {
        RoleNotAllowed { command: c, role: r } => {
            if zh {
                format!("{}不能执行“{}”", role(lang, *r), command(lang, *c))
            } else {
                format!("A {} may not {}", role(lang, *r), command(lang, *c))
            }
        }
        NotTheRequester => pick(
            lang,
            "只有本工单的提交人本人能以提交人身份操作;处理人可代为记录",
            "Only the ticket's requester acts as requester; a handler records on their behalf",
        )
        .into(),
        WrongStep { command: c, step: s } => {
            if zh {
                format!("当前步骤“{}”不能执行“{}”", step(lang, *s), command(lang, *c))
            } else {
                format!("{} is not possible at step “{}”", command(lang, *c), step(lang, *s))
            }
        }
        Blank(f) => {
            if zh {
                format!("请填写{}", field(lang, *f))
            } else {
                let name = field(lang, *f);
                let mut chars = name.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
                format!("{first}{} is required", chars.as_str())
            }
        }
        InformationIncomplete { command: c } => {
            if zh {
                format!("关键信息缺失:请先联系提交人补充信息,再{}", command(lang, *c))
            } else {
                format!(
                    "Key information is missing: contact the requester before “{}”",
                    command(lang, *c)
                )
            }
        }
        DuplicateAttachment(id) => {
            if zh {
                format!("附件 {} 已在工单中", id.0)
            } else {
                format!("Attachment {} is already on the ticket", id.0)
            }
        }
        NoCategory => pick(lang, "请至少选择一个问题分类", "Choose at least one category").into(),
        UnknownCategory(c) => {
            if zh {
                format!("“{c}”不在问题分类标准中")
            } else {
                format!("“{c}” is not in the category standard")
            }
        }
        PriorityChangeWithoutReason {
            requested,
            confirmed,
        } => {
            if zh {
                format!("将 {requested} 调整为 {confirmed} 需要填写调整原因")
            } else {
                format!("Confirming {confirmed} instead of the requested {requested} needs a reason")
            }
        }
        CrossDomainPending => pick(
            lang,
            "已上报跨领域问题:由技术支持主管与二线专家共同确认分类和优先级",
            "Reported cross-domain: the supervisor confirms category and priority with second-line experts",
        )
        .into(),
        CrossDomainAlreadyReported => {
            pick(lang, "跨领域问题已上报主管", "The cross-domain report is already with the supervisor").into()
        }
        NoCrossDomainReport => pick(
            lang,
            "联合确认需先上报跨领域问题",
            "A joint confirmation follows a cross-domain report",
        )
        .into(),
        JointConfirmationWithoutExperts => pick(
            lang,
            "请选择参与联合确认的二线专家",
            "Name the second-line experts who took part",
        )
        .into(),
        EscalationBeforeAttempt => pick(
            lang,
            "升级前请先记录一线处理尝试(知识库、历史工单、标准解决方案)",
            "Record a first-line attempt (knowledge base, past tickets, standard solutions) before escalating",
        )
        .into(),
        EscalationWithoutSupporter => pick(
            lang,
            "升级时请选择加入的二线支持人员",
            "An escalation names who joins from second line",
        )
        .into(),
        SupporterAlreadyJoined(p) => {
            if zh {
                format!("{} 已加入本工单", p.name)
            } else {
                format!("{} has already joined", p.name)
            }
        }
        ApprovalAlreadyPending => {
            pick(lang, "已有待经理审批的申请", "An approval is already pending with the manager").into()
        }
        NoApprovalPending => pick(lang, "当前没有待审批的申请", "No approval is pending").into(),
        FixBeforeApproval => pick(
            lang,
            "需经理审批的工作在批准前不能标记完成",
            "Work that needs the manager's approval cannot be marked done before it is approved",
        )
        .into(),
        EstimateInPast { .. } => pick(
            lang,
            "预计解决时间必须晚于现在",
            "The expected resolution time must be in the future",
        )
        .into(),
        NoEstimate => pick(
            lang,
            "请先设置预计解决时间,再记录已告知用户",
            "Set the expected resolution time before recording that the user was told",
        )
        .into(),
        FeedbackBeforeVerification => pick(
            lang,
            "解决方案验证后才能记录用户反馈",
            "Feedback is recorded only after the fix is verified",
        )
        .into(),
        FixWithoutRootCause => pick(
            lang,
            "请先记录根本原因和处理方案,再记录解决方案",
            "Record the root cause and plan before the solution",
        )
        .into(),
        ArchiveBeforeResolution => {
            pick(lang, "只有已解决的工单才能归档", "Only a resolved ticket is archived").into()
        }
        ArchiveWithoutKnowledge => pick(
            lang,
            "归档需关联知识库文章,或说明无需更新知识库的原因",
            "Archiving needs a linked knowledge article or the reason none is needed",
        )
        .into(),
        ArticleAlreadyLinked(id) => {
            if zh {
                format!("文章 {id} 已关联")
            } else {
                format!("Article {id} is already linked")
            }
        }
        WaitingOnRequester { command: c } => {
            if zh {
                format!("工单正在等待提交人:请先恢复处理,再{}", command(lang, *c))
            } else {
                format!(
                    "The ticket is waiting on the requester: resume it before “{}”",
                    command(lang, *c)
                )
            }
        }
        AlreadyWaiting => pick(lang, "工单已在等待提交人", "The ticket is already waiting on the requester").into(),
        NotWaiting => pick(lang, "工单未在等待提交人", "The ticket is not waiting on the requester").into(),
    };
    format!("{text}({})", rule_of(error))
}

/// The rule number the core's message starts with, e.g. `R2.3`.
fn rule_of(error: &WorkflowError) -> String {
    let message = error.to_string();
    message
        .split_once(':')
        .map_or(message.clone(), |(rule, _)| rule.to_string())
}

/// The rule number a core error's message starts with, e.g. `R5.2`.
fn rule_in(message: String) -> String {
    message
        .split_once(':')
        .map_or(message.clone(), |(rule, _)| rule.to_string())
}

/// R5.1, R5.2, R5.4: the knowledge base's refusals in the user's words.
pub fn article_error(lang: Lang, error: &ArticleError) -> String {
    let zh = lang == Lang::Zh;
    let text = match error {
        ArticleError::TicketNotResolved(no) => {
            if zh {
                format!("工单 {no} 尚未解决:知识库文章来自已解决的工单")
            } else {
                format!("Ticket {no} is not resolved yet; articles come from resolved tickets")
            }
        }
        ArticleError::TicketWithoutSolution(no) => {
            if zh {
                format!("工单 {no} 没有根本原因或解决方案,无法生成文章")
            } else {
                format!("Ticket {no} has no root cause or solution to write an article from")
            }
        }
        ArticleError::Blank(field) => {
            let name = article_field(lang, *field);
            if zh {
                format!("请填写{name}")
            } else {
                format!("The article needs {name}")
            }
        }
        ArticleError::UnknownCategory(c) => {
            if zh {
                format!("“{c}”不在问题分类标准中")
            } else {
                format!("“{c}” is not in the category standard")
            }
        }
        ArticleError::NothingChanged => pick(
            lang,
            "内容没有变化,无需保存修订",
            "Nothing in the article changed",
        )
        .into(),
        ArticleError::EditWithoutNote => {
            pick(lang, "请说明本次修订的原因", "Say why the article changed").into()
        }
    };
    format!("{text}({})", rule_in(error.to_string()))
}

pub fn article_field(lang: Lang, field: ArticleField) -> &'static str {
    match field {
        ArticleField::Title => pick(lang, "文章标题", "a title"),
        ArticleField::Symptoms => pick(lang, "问题现象", "the symptoms"),
        ArticleField::Cause => pick(lang, "问题原因", "the cause"),
        ArticleField::Steps => pick(lang, "至少一个解决步骤", "at least one solution step"),
    }
}

/// R5.2: the retrospective's refusals.
pub fn retrospective_error(lang: Lang, error: &RetrospectiveError) -> String {
    let text = match error {
        RetrospectiveError::NoDate => pick(lang, "请填写复盘日期", "Enter the date").to_string(),
        RetrospectiveError::NotLedBySupervisor(r) => match lang {
            Lang::Zh => format!("复盘会议由技术支持主管主持,不能由{}主持", role(lang, *r)),
            Lang::En => format!(
                "A retrospective is led by the support supervisor, not a {}",
                role(lang, *r)
            ),
        },
        RetrospectiveError::LeaderUnnamed => pick(
            lang,
            "请选择主持复盘的技术支持主管",
            "Choose the supervisor who leads it",
        )
        .into(),
        RetrospectiveError::NoTickets => pick(
            lang,
            "请至少列出一张涉及的工单",
            "List at least one ticket discussed",
        )
        .into(),
        RetrospectiveError::NoGaps => pick(
            lang,
            "请记录发现的流程漏洞或知识盲区",
            "Record the process or knowledge gaps found",
        )
        .into(),
        RetrospectiveError::NoActions => pick(
            lang,
            "请记录改进措施(更新知识库或预防措施清单)",
            "Record what will change (knowledge base or prevention checklist)",
        )
        .into(),
    };
    format!("{text}({})", rule_in(error.to_string()))
}

/// R5.2: the prevention checklist's refusals.
pub fn prevention_error(lang: Lang, error: &PreventionError) -> String {
    let text = match error {
        PreventionError::BlankMeasure => {
            pick(lang, "请填写预防措施", "Say what is to be done").to_string()
        }
        PreventionError::NoOwner => pick(lang, "请填写负责人", "Name the owner").into(),
        PreventionError::DueInPast { due } => match lang {
            Lang::Zh => format!("截止日期 {due} 已过"),
            Lang::En => format!("The due date {due} is already past"),
        },
        PreventionError::DuplicateItem(id) | PreventionError::UnknownItem(id) => id.0.clone(),
    };
    format!("{text}({})", rule_in(error.to_string()))
}

pub fn prevention_status(lang: Lang, status: PreventionStatus) -> &'static str {
    match status {
        PreventionStatus::Open => pick(lang, "未开始", "Not started"),
        PreventionStatus::InProgress => pick(lang, "进行中", "In progress"),
        PreventionStatus::Done => pick(lang, "已完成", "Done"),
    }
}
