//! Every visible string, in zh-CN (the default) and English. Keys are an enum, so a missing
//! translation is a compile error, not a blank on screen.

use fielddesk_core::{IntakeError, IntakeField, Priority};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:expr, $en:expr;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        pub fn t(lang: Lang, msg: Msg) -> &'static str {
            match msg {
                $(Msg::$key => match lang { Lang::Zh => $zh, Lang::En => $en }),*
            }
        }
    };
}

// Each line: key => zh-CN, English.
messages! {
    AppName => "Fielddesk 现场工单", "Fielddesk";
    Tagline => "技术支持问题处理流程", "Technical-support problem resolution";
    LanguageSwitch => "English", "中文";
    NewTicket => "问题接收与初步记录", "Intake and initial record";
    IntakeHint => "带 * 的为必填项。保存后系统自动生成问题编号。", "Fields marked * are required. The ticket number is assigned on save.";
    Submitter => "提交人信息", "Submitter";
    Problem => "问题描述", "Problem";
    SubmitterName => "姓名", "Name";
    EmployeeId => "工号", "Employee ID";
    Contact => "联系方式", "Contact";
    Department => "部门/业务线", "Department / business line";
    Symptom => "问题描述", "Description";
    SymptomPlaceholder => "现象、发生时间、操作路径、报错信息", "Symptom, when it happened, operation path, error text";
    Channel => "接收渠道", "Channel";
    ChooseChannel => "请选择渠道", "Choose a channel";
    RequestedPriority => "提交人期望优先级", "Requested priority";
    Save => "保存工单", "Save ticket";
    Saving => "正在保存…", "Saving…";
    Created => "已创建工单", "Ticket created";
    Queue => "工单队列", "Ticket queue";
    QueueEmpty => "暂无工单。填写左侧表单创建第一张工单。", "No tickets yet. Fill in the form to create the first one.";
    Loading => "正在读取本地数据…", "Reading local data…";
    LoadFailed => "无法读取本地数据", "Local data could not be read";
    StorageBlocked => "正在等待:另一个标签页中打开着旧版本的 Fielddesk,数据库需要升级。请关闭或刷新那个标签页,本页会自动继续。", "Waiting: another tab has an older Fielddesk open and the database needs an upgrade. Close or reload that tab and this one carries on by itself.";
    StorageFallback => "此浏览器不允许使用 IndexedDB,数据暂存在 localStorage 中:容量只有约 5 MB,且清除浏览器数据时会一并删除,可能无法长期保存。请定期导出备份。", "This browser refuses IndexedDB, so your data is kept in localStorage: only about 5 MB, erased when the browser's data is cleared, and it may not last. Export a backup regularly.";
    ReloadTab => "刷新本页", "Reload this tab";
    SaveFailed => "保存失败,已填写的内容仍保留在表单中", "Not saved; what you typed is still in the form";
    FixFields => "请补全标出的必填项后再保存", "Complete the marked fields, then save";
    Actions => "可执行操作", "Actions";
    Add => "添加", "Add";
    AddMember => "添加成员", "Add member";
    AlertCount => "预警数量:", "Alerts:";
    Alerts => "预警", "Alerts";
    AlertsHint => "即将超时或已超时的时限,以及建议升级的工单。数据每 30 秒刷新。", "Clocks at risk or breached, and tickets that should be escalated. Refreshed every 30 seconds.";
    AlertsTitle => "时限预警", "SLA alerts";
    All => "全部", "All";
    ApprovalSubject => "需审批的资源协调事项", "Resource coordination to approve";
    Approvals => "经理审批", "Manager approval";
    Approved => "已批准", "Approved";
    ArchiveStatus => "归档状态", "Archive status";
    Article => "知识库文章", "Article";
    ArticleId => "文章编号", "Article id";
    ArticleTitle => "文章标题", "Article title";
    AtRiskPercent => "预警阈值(已用时限百分比)", "At risk at (% of target used)";
    AttemptAction => "尝试的标准解决方案", "Standard solution tried";
    Attempts => "一线处理尝试", "First-line attempts";
    BackToQueue => "返回工单队列", "Back to the queue";
    BadDate => "日期格式应为 YYYY-MM-DD", "Dates are written YYYY-MM-DD";
    BadNumber => "请输入数字(分钟,或天数加 d)", "Enter a number (minutes, or days followed by d)";
    BrowserNotifications => "浏览器通知", "Browser notifications";
    Cancel => "取消", "Cancel";
    Category => "问题分类", "Category";
    CategoryStandard => "问题分类标准(每行一个 大类-小类)", "Category standard (one 大类-小类 per line)";
    ChannelsAndStandard => "接收渠道与分类标准", "Channels and category standard";
    Choose => "请选择", "Choose";
    ChooseFeedback => "请选择反馈结果", "Choose the feedback result";
    ChooseSomeone => "请选择人员", "Choose someone";
    ChooseTime => "请选择日期和时间", "Choose a date and time";
    ClockAlerts => "时限", "Clocks";
    CompletedDescription => "补充后的问题描述", "Completed description";
    ComplianceAudit => "时限合规记录", "Compliance audit";
    Confirm => "确认提交", "Confirm";
    Confirmation => "用户确认(签字)", "Requester's confirmation";
    ConfirmedByRequester => "提交人本人确认", "Confirmed by the requester";
    ConfirmedPriority => "确认优先级", "Confirmed priority";
    Consulted => "参考的知识库文章或历史工单(逗号分隔)", "Articles or past tickets consulted (comma separated)";
    ContactNote => "联系记录", "Contact note";
    CrossDomainNote => "涉及的领域", "Domains involved";
    CurrentPolicy => "新工单使用的时限策略", "Policy for new tickets";
    Due => "截止", "Due";
    DueSoon => "即将到期", "due soon";
    ErrorText => "报错信息", "Error text";
    EscalationReason => "升级原因", "Reason for escalating";
    EscalationSuggested => "建议升级至二线", "Escalation suggested";
    EscalationSuggestions => "建议升级", "Escalation suggestions";
    EventCreated => "接收工单", "Ticket received";
    EventRenumbered => "工单重新编号", "Ticket renumbered";
    EventArticleReferenceRenumbered => "引用的知识库文章重新编号", "Referenced article renumbered";
    ExpectedResolution => "预计解决时间", "Expected resolution";
    FeedbackResult => "反馈结果", "Result";
    FirstLineHandler => "一线处理人", "First-line handler";
    Handler => "处理人", "Handler";
    Holidays => "节假日(每行一个日期)", "Holidays (one date per line)";
    IAm => "我是", "I am";
    KnowledgeBase => "知识库", "Knowledge base";
    LanguageLabel => "界面语言", "Language";
    Left => "剩余", "left";
    MainNav => "主导航", "Main";
    MajorCategory => "大类", "Category";
    MakeUpDays => "调休上班日(每行一个日期)", "Make-up working days, 调休 (one date per line)";
    Met => "达成", "met";
    Mine => "只看我的", "Mine only";
    MinorCategory => "小类", "Subcategory";
    Missed => "超时", "missed by";
    MissingInfo => "缺失的关键信息", "Missing information";
    Next => "下一页", "Next";
    NoActions => "以你当前的角色,此步骤没有可执行的操作。", "Nothing for your role to do at this step.";
    ChooseWhoYouAre => "请先在页面顶部的“我是”中选择你是谁:操作将以所选人员的身份和角色记录。", "First choose who you are in “I am” at the top of the page: actions are recorded under that person and role.";
    ChooseTeamMember => "请选择", "Choose";
    NoAlerts => "目前没有预警。", "No alerts right now.";
    NoArticleReason => "无需更新知识库的原因(未关联文章时必填)", "Why no article is needed (when none is linked)";
    NoLiveClock => "无进行中的时限", "no live clock";
    NoLoginNote => "本应用在单个浏览器中运行,没有登录:请在此选择你是谁,操作将以此身份和角色记录。", "This app runs in one browser and has no login: choose who you are here; actions are recorded under that person and role.";
    NotApplied => "未生效(与并发操作冲突)", "not applied (conflicted with another change)";
    NotConfirmed => "尚未确认", "Not confirmed yet";
    NotInThisVersion => "此版本暂不支持", "Not available in this version";
    Attachments => "附件", "Attachments";
    AttachmentsNone => "暂无附件。", "No attachments yet.";
    AttachFiles => "添加截图或日志", "Add screenshots or logs";
    AttachPasteHint => "也可以在本页直接粘贴(Ctrl+V)截图。", "You can also paste (Ctrl+V) a screenshot on this page.";
    AttachTo => "附于", "Attach to";
    AttachToDescription => "问题描述", "Problem description";
    AttachToSolution => "解决方案", "Solution";
    Attaching => "正在保存附件…", "Saving the attachment…";
    Download => "下载", "Download";
    AttachmentNotHere => "此浏览器中没有该文件的内容", "This browser does not hold this file";
    AttachmentFailed => "附件未保存", "The attachment was not saved";
    Note => "备注", "Note";
    Occurred => "发生时间", "When it happened";
    OperationPath => "操作路径", "Operation path";
    Over => "超出", "over by";
    Overdue => "已超时", "overdue";
    PastTicket => "历史工单", "Past ticket";
    Pending => "进行中", "pending";
    PendingApproval => "待经理审批", "Waiting for the manager";
    Plan => "处理方案", "Plan";
    Previous => "上一页", "Previous";
    Priority => "优先级", "Priority";
    PriorityReason => "调整原因", "Reason for the change";
    ProcessStages => "处理流程", "Process";
    ProgressLog => "处理进度记录", "Progress log";
    ProgressNote => "进度说明", "Progress note";
    Reason => "调整原因", "Reason";
    RecordedOnBehalf => "处理人代为记录", "Recorded on the requester's behalf";
    Rejected => "已驳回", "Rejected";
    RejectionReason => "驳回原因", "Reason for rejecting";
    Remove => "移除", "Remove";
    ResolutionTarget => "解决时限(分钟,或天数加 d)", "resolution (minutes, or days + d)";
    Role => "角色", "Role";
    RootCause => "根本原因", "Root cause";
    RootCauseAndPlan => "根因分析与处理方案", "Root cause and plan";
    SaveSettings => "保存", "Save";
    Search => "搜索", "Search";
    SearchPlaceholder => "编号、描述、提交人、部门…", "Number, description, requester, department…";
    SecondLine => "二线支持人员", "Second-line support";
    Settings => "设置", "Settings";
    SettingsSaved => "设置已保存", "Settings saved";
    SkipToContent => "跳到主要内容", "Skip to content";
    SlaClocks => "时限(SLA)", "Service levels (SLA)";
    SlaPolicy => "时限策略与工作日历", "SLA policy and business calendar";
    SlaPolicyHint => "保存后新工单使用新策略;已有工单保持创建时的策略。", "New tickets use the saved policy; existing tickets keep the one they were opened under.";
    SlaState => "时限状态", "SLA state";
    Solution => "解决方案", "Solution";
    SortBy => "排序", "Sort";
    SortNewest => "最新创建", "Newest first";
    SortSlaDue => "时限截止时间", "SLA due first";
    Speciality => "专业/岗位", "Speciality";
    Step => "处理步骤", "Step";
    TeamMembers => "团队成员与角色", "Team members and roles";
    TicketNotFound => "找不到该工单", "Ticket not found";
    TicketNumber => "问题编号", "Ticket number";
    TrackingForm => "流程跟踪记录表单", "Tracking form";
    UserFeedback => "用户反馈", "User feedback";
    UserInformed => "已告知用户", "User informed";
    Verification => "解决方案验证", "Verification";
    VerificationNote => "验证结果", "Verification result";
    WaitReason => "等待原因", "Reason for waiting";
    WaitingOnRequester => "等待提交人", "Waiting on requester";
    WhoAmITitle => "我是谁", "Who am I";
    // Knowledge base, search, report, review (R3.1, R5).
    AllArticles => "全部文章", "All articles";
    ArticleCause => "问题原因", "Cause";
    ArticleCreated => "已生成知识库文章并归档工单:", "Article created and the ticket archived:";
    ArticleNotFound => "找不到这篇文章", "Article not found";
    ArticleSteps => "解决步骤(每行一步)", "Solution steps (one per line)";
    ArticleSymptoms => "问题现象", "Symptoms";
    SolutionSteps => "解决步骤", "Solution steps";
    BackToKnowledge => "返回知识库", "Back to the knowledge base";
    BadMonth => "请选择月份", "Choose a month";
    BadTicketNumber => "无效的问题编号", "Not a ticket number";
    ByCategory => "按问题分类", "By category";
    ByPriority => "按优先级", "By priority";
    Change => "环比变化", "Change";
    Clock => "时限", "Clock";
    DownloadCsv => "下载 CSV", "Download CSV";
    DraftHint => "已根据工单的根本原因和解决方案预填,可修改后保存。保存后文章关联到工单,工单由待归档变为已归档。", "Prefilled from the ticket's root cause and solution; edit, then save. Saving links the article and archives the ticket.";
    DueDate => "截止日期", "Due date";
    EditArticle => "修订文章", "Edit article";
    EditHistory => "修订记录", "Edit history";
    EditNote => "修订原因", "Why it changed";
    EscalationRate => "升级率", "Escalation rate";
    Figure => "指标", "Figure";
    FirstContactResolution => "一次解决率", "First-contact resolution";
    FirstVersion => "初版", "First version";
    GenerateArticle => "生成知识库文章", "Create knowledge article";
    KnowledgeGaps => "知识盲区", "Knowledge gaps";
    KnowledgeHint => "搜索知识库文章和已解决的历史工单。中文按词组匹配,例如“验证码”。", "Search articles and resolved past tickets. Chinese matches by character pairs, e.g. 验证码.";
    LedBy => "主持人(技术支持主管)", "Led by (support supervisor)";
    MeanHandling => "平均处理时长", "Mean handling time";
    Measure => "预防措施", "Measure";
    MedianHandling => "处理时长中位数", "Median handling time";
    MetCount => "达成", "Met";
    MinSimilarity => "现象相似度(%)", "Symptom similarity (%)";
    MinTickets => "至少工单数", "At least tickets";
    MissedCount => "超时", "Missed";
    Month => "月份", "Month";
    MonthlyReport => "月度报告", "Monthly report";
    MonthlyReportTitle => "问题解决效率分析报告", "Problem-resolution efficiency report";
    NewRetrospective => "复盘会议记录", "Retrospective record";
    NoArticles => "知识库还没有文章。在已解决的工单页点击“生成知识库文章”。", "No articles yet. Open a resolved ticket and create one.";
    NoRecurring => "目前没有反复出现的问题。", "No recurring problems right now.";
    NoRetrospectives => "还没有复盘记录。", "No retrospectives yet.";
    NoTickets => "本月没有工单。", "No tickets this month.";
    Opened => "工单数", "Tickets opened";
    Overview => "总览与环比", "Overview and change";
    Owner => "负责人", "Owner";
    PendingCount => "进行中", "Pending";
    PreventionChecklist => "问题预防措施清单", "Prevention checklist";
    Print => "打印 / 存为 PDF", "Print / save as PDF";
    ProcessGaps => "流程漏洞(每行一条)", "Process gaps (one per line)";
    RecurringHint => "在时间窗口内达到工单数量的同类问题或相似现象,建议召开复盘会议。阈值可调整。", "Categories or similar symptoms reaching the ticket count within the window call for a retrospective. The threshold is editable.";
    RecurringProblems => "反复出现的问题", "Recurring problems";
    ReopenRate => "重开率", "Reopen rate";
    ReportHint => "按工单创建月份统计,时间按团队时区计算;与上月对比。", "Tickets are counted in the month they were opened, in the team's time zone; compared with the previous month.";
    ResolutionRate => "解决率", "Resolution rate";
    ResolvedCount => "已解决", "Resolved";
    ResultsFound => "条结果", "results";
    RetroActions => "改进措施(每行一条)", "Actions (one per line)";
    RetroDate => "复盘日期", "Date";
    RetroTickets => "涉及的工单(问题编号,逗号分隔)", "Tickets discussed (numbers, comma separated)";
    Retrospectives => "复盘会议", "Retrospectives";
    Review => "复盘与预防", "Review";
    SaveArticle => "保存文章", "Save article";
    SaveRetrospective => "保存复盘记录", "Save retrospective";
    KbSearchPlaceholder => "输入现象或报错,例如 验证码", "Type a symptom or error, e.g. 验证码";
    SlaCompliance => "时限达成率", "SLA compliance";
    SlaComplianceByClock => "时限达成率(按时限与优先级)", "SLA compliance by clock and priority";
    SourceTickets => "来源工单", "Source tickets";
    StartRetrospective => "发起复盘", "Start a retrospective";
    Status => "状态", "Status";
    Suggested => "可能相关的知识库文章和历史工单", "Related articles and past tickets";
    TicketsPerCategory => "各分类工单数", "Tickets per category";
    TicketsUnit => "张工单", "tickets";
    TopProblems => "高频问题 Top 5", "Top 5 problems";
    Trend => "近 6 个月趋势", "Last 6 months";
    Unclassified => "未分类", "Unclassified";
    WindowDays => "时间窗口(天)", "Window (days)";
}

/// R1.3's wording of each priority.
pub fn priority_label(lang: Lang, priority: Priority) -> &'static str {
    match (lang, priority) {
        (Lang::Zh, Priority::P1) => "紧急 · 影响核心业务",
        (Lang::Zh, Priority::P2) => "重要 · 影响部分功能",
        (Lang::Zh, Priority::P3) => "一般 · 不影响主要流程",
        (Lang::Zh, Priority::P4) => "咨询类问题",
        (Lang::En, Priority::P1) => "Urgent · core business affected",
        (Lang::En, Priority::P2) => "Important · some functions affected",
        (Lang::En, Priority::P3) => "General · main flow not affected",
        (Lang::En, Priority::P4) => "Consultation",
    }
}

pub fn priority_short(lang: Lang, priority: Priority) -> &'static str {
    match (lang, priority) {
        (Lang::Zh, Priority::P1) => "紧急",
        (Lang::Zh, Priority::P2) => "重要",
        (Lang::Zh, Priority::P3) => "一般",
        (Lang::Zh, Priority::P4) => "咨询",
        (Lang::En, Priority::P1) => "Urgent",
        (Lang::En, Priority::P2) => "Important",
        (Lang::En, Priority::P3) => "General",
        (Lang::En, Priority::P4) => "Question",
    }
}

pub fn field_label(lang: Lang, field: IntakeField) -> &'static str {
    t(
        lang,
        match field {
            IntakeField::SubmitterName => Msg::SubmitterName,
            IntakeField::EmployeeId => Msg::EmployeeId,
            IntakeField::Contact => Msg::Contact,
            IntakeField::Department => Msg::Department,
            IntakeField::Symptom => Msg::Symptom,
            IntakeField::Channel => Msg::Channel,
            IntakeField::RequestedPriority => Msg::RequestedPriority,
        },
    )
}

/// The core's intake errors, in the user's words.
pub fn intake_error(lang: Lang, error: &IntakeError) -> String {
    match (lang, error) {
        (Lang::Zh, IntakeError::Missing(IntakeField::Channel | IntakeField::RequestedPriority)) => {
            format!("请选择{}", field_label(lang, error.field()))
        }
        (Lang::Zh, IntakeError::Missing(field)) => format!("请填写{}", field_label(lang, *field)),
        (Lang::En, IntakeError::Missing(field)) => {
            format!("{} is required", field_label(lang, *field))
        }
        (Lang::Zh, IntakeError::UnknownChannel(channel)) => {
            format!("“{channel}”不是团队设定的接收渠道")
        }
        (Lang::En, IntakeError::UnknownChannel(channel)) => {
            format!("\"{channel}\" is not one of the team's channels")
        }
    }
}

/// A moment in the user's local time, as each language writes it.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Local>) -> String {
    match lang {
        Lang::Zh => at.format("%Y-%m-%d %H:%M").to_string(),
        Lang::En => at.format("%b %-d, %Y %H:%M").to_string(),
    }
}

/// What went wrong with the browser's database, and what the user can do about it. Writes are
/// all-or-nothing, so every message about a write can say that nothing was saved.
pub fn storage_error(lang: Lang, error: &crate::storage::StorageError) -> String {
    use crate::storage::StorageError as E;
    match (lang, error) {
        (Lang::Zh, E::Quota) => "设备存储空间不足,本次内容未保存。请释放磁盘空间(或导出后清理旧数据)后重试;已填写的内容仍保留在页面上。".into(),
        (Lang::En, E::Quota) => "The device has no storage space left for Fielddesk, so nothing was saved. Free some disk space (or export and clear old data) and try again; what you typed is still here.".into(),
        (Lang::Zh, E::Superseded) => "Fielddesk 已在另一个标签页中更新,本页已停止保存。请刷新本页;已保存的数据不会丢失。".into(),
        (Lang::En, E::Superseded) => "Fielddesk was updated in another tab, so this tab has stopped saving. Reload this tab; nothing already saved is lost.".into(),
        (Lang::Zh, E::Newer) => "本地数据由更新版本的 Fielddesk 写入,当前页面版本较旧。请刷新页面以加载新版本。".into(),
        (Lang::En, E::Newer) => "Your data was saved by a newer version of Fielddesk than this page. Reload the page to get the new version.".into(),
        (Lang::Zh, E::Unavailable(_)) => "此浏览器不允许本页使用 IndexedDB 数据库(可能是无痕模式或浏览器设置)。".into(),
        (Lang::En, E::Unavailable(_)) => "This browser does not let the page use its IndexedDB database (a private window or a browser setting).".into(),
        (Lang::Zh, E::NotOpen) => "本机数据库未打开,无法保存或读取;请刷新页面。".into(),
        (Lang::En, E::NotOpen) => "The local database is not open, so nothing can be saved or read; reload the page.".into(),
        (Lang::Zh, E::Open(why)) => format!("无法打开浏览器数据库:{why}"),
        (Lang::En, E::Open(why)) => format!("The browser's database could not be opened: {why}"),
        (Lang::Zh, E::Write(why)) => format!("浏览器数据库拒绝了本次保存,未做任何更改;已填写的内容仍保留在页面上。({why})"),
        (Lang::En, E::Write(why)) => format!("The browser's database refused the change, so nothing was saved; what you typed is still here. ({why})"),
        (Lang::Zh, E::Read(why)) => format!("无法读取浏览器数据库:{why}"),
        (Lang::En, E::Read(why)) => format!("The browser's database could not be read: {why}"),
    }
}
