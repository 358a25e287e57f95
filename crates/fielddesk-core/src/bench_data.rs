//! Benchmark data that looks like real use, the same natively (`examples/*_bench.rs`) and in the
//! browser (the app's `tests/bench_*.rs` and `tests/transfer_bench.rs`, and the export file the
//! queue benchmark imports): tickets driven through the real workflow, from intake to archive,
//! and the knowledge-base articles they consult and link.
//!
//! Every event comes from [`open_ticket`], [`decide`] or the article functions
//! ([`create_article`], [`draft_from_ticket`], [`link_article`], [`edit_article`]) with the role
//! the process gives the command, so every event applies when folded. Deterministic: the same
//! count, instant and [`Options`] give the same bytes on every platform (a seeded xorshift, no
//! clock, no hash-map order).
//!
//! # What a generated help desk looks like
//!
//! - Tickets are opened over the 24 months before `now`, mostly in Beijing office hours and on
//!   weekdays, numbered per day in opening order (R1.5). About 80 % are archived; the rest are
//!   spread over the open steps (intake, classification, first line, second line, verification,
//!   feedback) and 待归档, waiting for hours to weeks.
//! - The problems (about 370: a system or device and a symptom, with its error text, root causes
//!   and fixes) follow a Zipf law, so a few come back all the time (R5.2) and search finds many
//!   tickets for them. Requesters (800 people in a dozen departments) write in Chinese, with the
//!   time, an error text and an operation path; 15 % leave the path and error out and are asked
//!   for them (R1.4).
//! - A typical archived ticket: created, assigned, answered, classified, its priority confirmed
//!   (15 % changed, with the reason), a P1 telephoned, a screenshot attached, a first-line attempt
//!   that consulted an article or a past ticket, for a third an escalation to second line with
//!   progress updates, an estimate told to the user and sometimes the manager's approval; root
//!   cause, fix, verification, feedback (10 % 部分解决 or 未解决 first, and another round, R4.3),
//!   and archiving with the problem's article linked — about 14 events, 4 KB of export JSON.
//! - Articles are written from the first archived ticket of a problem (for about 70 % of the
//!   problems: a few hundred), with the problem's name as title; a third are revised later.
//! - The team's SLA policy changed twice: tickets are pinned to the one in force when they opened.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc};

use crate::article::{
    create_article, draft_from_ticket, edit_article, fold_articles, link_article, Article,
    ArticleEvent, ArticleId,
};
use crate::attachment::{AttachedTo, Attachment, AttachmentId};
use crate::calendar::{BusinessCalendar, BusinessCalendarSpec, Calendar, LunchBreak};
use crate::event::{Event, EventId, TicketId};
use crate::exchange::{export, AttachmentBlob, ExportMeta};
use crate::feedback::{Feedback, Taken, WorkflowPolicy};
use crate::intake::{Description, Submitter};
use crate::knowledge::Reference;
use crate::model::{default_channels, Person, Priority};
use crate::numbering::TicketNo;
use crate::roles::{Role, Supporter};
use crate::search::{article_doc, ticket_doc, SearchDoc};
use crate::sla::{timeline_of, PolicyBook, PolicyId, SlaPolicy, SlaTarget, TicketTimeline};
use crate::standard::{Category, CategoryStandard};
use crate::ticket::{open_ticket, Stamp, Ticket};
use crate::workflow::{decide, Command, Step};

/// The search benchmark's typing: each query is typed one character at a time, and every prefix
/// is a keystroke's search.
pub const QUERIES: [&str; 7] = [
    "验证码",
    "登录时提示验证码错误",
    "OA系统无法连接服务器",
    "tomcat",
    "nginx timeout",
    "VPN 证书过期",
    "系",
];

/// The template's intake text, for `suggest` (R3.1).
pub const INTAKE: &str = crate::example::SYMPTOM;

/// The seed [`generate`] uses.
pub const SEED: u64 = 0x5EED_F1E1_D0E5_2024;

/// How to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Another seed is another help desk: other ids (so two seeds' tickets are different tickets,
    /// like two devices'), other people and texts; the same article ids `KB-0001` upwards.
    pub seed: u64,
    /// Also make the bytes of every attached file ([`BenchData::attachments`]), as large as their
    /// metadata says: screenshots are 40 KB–1 MB, so only for a few hundred tickets.
    pub attachment_bytes: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: SEED,
            attachment_bytes: false,
        }
    }
}

/// A generated help desk.
#[derive(Debug, Clone)]
pub struct BenchData {
    /// The instant the data was generated for: every event is at or before it.
    pub now: DateTime<Utc>,
    /// Every ticket's events, ticket by ticket in opening order, each ticket's in `seq` order.
    pub events: Vec<Event>,
    /// Every article event, article by article in id order.
    pub articles: Vec<ArticleEvent>,
    /// The attached files' bytes; empty unless [`Options::attachment_bytes`].
    pub attachments: Vec<AttachmentBlob>,
    /// The team's SLA policies, oldest first; every ticket is pinned to one (R7).
    pub policies: Vec<SlaPolicy>,
    /// The category standard the tickets were classified against (the default one).
    pub standard: CategoryStandard,
    /// Each ticket's step, in opening order.
    steps: Vec<Step>,
}

/// `count` tickets opened in the 24 months before `now`, with [`Options::default`].
pub fn generate(count: usize, now: DateTime<Utc>) -> BenchData {
    generate_with(count, now, &Options::default())
}

/// `count` tickets opened in the 24 months before `now`.
pub fn generate_with(count: usize, now: DateTime<Utc>, options: &Options) -> BenchData {
    Generator::new(now, options).run(count)
}

/// The SLA engine's input: each ticket's timed facts under its pinned policy.
#[derive(Debug, Clone)]
pub struct SlaData {
    pub policies: Vec<SlaPolicy>,
    pub tickets: Vec<SlaTicket>,
}

#[derive(Debug, Clone)]
pub struct SlaTicket {
    pub timeline: TicketTimeline,
    /// The index of its policy in [`SlaData::policies`].
    pub policy: usize,
    /// Still being worked on ([`Step::is_open`]): what the alerts look at.
    pub open: bool,
}

impl SlaData {
    /// Every ticket with its policy, as the queue evaluates them to sort by SLA due.
    pub fn pairs(&self) -> impl Iterator<Item = (&TicketTimeline, &SlaPolicy)> {
        self.tickets
            .iter()
            .map(|t| (&t.timeline, &self.policies[t.policy]))
    }

    /// The open tickets, keyed by their index, as the alerts page reads them.
    pub fn open(&self) -> impl Iterator<Item = (usize, &TicketTimeline, &SlaPolicy)> {
        self.tickets
            .iter()
            .enumerate()
            .filter(|(_, t)| t.open)
            .map(|(i, t)| (i, &t.timeline, &self.policies[t.policy]))
    }
}

/// What the data is like, for a benchmark to print beside its timings.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub tickets: usize,
    pub events: usize,
    pub archived: usize,
    /// Resolved, 待归档.
    pub pending_archive: usize,
    pub open: usize,
    pub articles: usize,
    pub article_events: usize,
    /// Export JSON per ticket (the tickets' part of the file, without articles), measured on up to
    /// 1 000 tickets spread over the data.
    pub export_bytes_per_ticket: f64,
    /// How many tickets are at each step.
    pub by_step: Vec<(Step, usize)>,
}

impl Figures {
    pub fn events_per_ticket(&self) -> f64 {
        self.events as f64 / self.tickets.max(1) as f64
    }

    pub fn archived_share(&self) -> f64 {
        self.archived as f64 / self.tickets.max(1) as f64
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} tickets: {:.1} events and {:.1} KB of export JSON per ticket, {:.1} % archived, {:.1} % 待归档, {:.1} % open; {} articles ({} events)",
            self.tickets,
            self.events_per_ticket(),
            self.export_bytes_per_ticket / 1000.0,
            100.0 * self.archived_share(),
            100.0 * self.pending_archive as f64 / self.tickets.max(1) as f64,
            100.0 * self.open as f64 / self.tickets.max(1) as f64,
            self.articles,
            self.article_events,
        )
    }
}

impl BenchData {
    pub fn ticket_count(&self) -> usize {
        self.steps.len()
    }

    /// Every ticket folded from its events, in opening order.
    pub fn tickets(&self) -> Vec<Ticket> {
        self.folded().collect()
    }

    /// The tickets one by one, so a caller that keeps only a part of each (a timeline, a search
    /// document) never holds them all.
    fn folded(&self) -> impl Iterator<Item = Ticket> + '_ {
        self.events
            .chunk_by(|a, b| a.ticket == b.ticket)
            .map(|events| Ticket::fold(events).expect("every generated ticket has its creation"))
    }

    /// Every article folded from its events, by id.
    pub fn folded_articles(&self) -> Vec<Article> {
        fold_articles(&self.articles)
    }

    /// The policies by id, as the app keeps them.
    pub fn policy_book(&self) -> PolicyBook {
        let mut book = PolicyBook::default();
        for policy in &self.policies {
            book.add(policy.clone());
        }
        book
    }

    /// Each ticket's SLA facts ([`timeline_of`]) and pinned policy.
    pub fn sla(&self) -> SlaData {
        let ids: Vec<PolicyId> = self.policies.iter().map(SlaPolicy::id).collect();
        let tickets = self
            .folded()
            .map(|ticket| SlaTicket {
                timeline: timeline_of(&ticket),
                policy: ticket
                    .sla_policy
                    .as_ref()
                    .and_then(|id| ids.iter().position(|p| p == id))
                    .expect("every generated ticket is pinned to one of the policies"),
                open: ticket.step.is_open(),
            })
            .collect();
        SlaData {
            policies: self.policies.clone(),
            tickets,
        }
    }

    /// What search indexes: every resolved or archived ticket ([`ticket_doc`]) and every article
    /// ([`article_doc`]).
    pub fn search_docs(&self) -> Vec<SearchDoc> {
        let mut docs: Vec<SearchDoc> = self.folded().filter_map(|t| ticket_doc(&t)).collect();
        docs.extend(self.folded_articles().iter().map(article_doc));
        docs
    }

    /// Who exports, and when: 李四 at `now`, without settings.
    pub fn export_meta(&self) -> ExportMeta {
        ExportMeta {
            exported_at: self.now,
            exported_by: person(FIRST_LINE[0]),
            settings: None,
        }
    }

    /// The export file of everything ([`export`]).
    pub fn export(&self) -> String {
        export(
            &self.events,
            &self.articles,
            &self.attachments,
            &[],
            None,
            &self.export_meta(),
        )
    }

    /// What the data is like.
    pub fn figures(&self) -> Figures {
        let count = |step: Step| self.steps.iter().filter(|s| **s == step).count();
        let by_step: Vec<(Step, usize)> = ALL_STEPS.iter().map(|s| (*s, count(*s))).collect();
        let tickets = self.ticket_count();
        let stride = tickets.div_ceil(1000).max(1);
        let mut sampled = 0;
        let sample: Vec<Event> = self
            .events
            .chunk_by(|a, b| a.ticket == b.ticket)
            .step_by(stride)
            .flat_map(|events| {
                sampled += 1;
                events.iter().cloned()
            })
            .collect();
        let header = export(&[], &[], &[], &[], None, &self.export_meta()).len();
        let bytes = export(&sample, &[], &[], &[], None, &self.export_meta()).len() - header;
        Figures {
            tickets,
            events: self.events.len(),
            archived: count(Step::Archived),
            pending_archive: count(Step::Resolved),
            open: self.steps.iter().filter(|s| s.is_open()).count(),
            articles: self.folded_articles().len(),
            article_events: self.articles.len(),
            export_bytes_per_ticket: bytes as f64 / sampled.max(1) as f64,
            by_step,
        }
    }
}

const ALL_STEPS: [Step; 8] = [
    Step::Intake,
    Step::Classification,
    Step::FirstLineHandling,
    Step::SecondLineHandling,
    Step::Verification,
    Step::Feedback,
    Step::Resolved,
    Step::Archived,
];

// ---------------------------------------------------------------------------------------------
// The problems people report.

/// One root cause of a problem, the plan for it and the fix (steps split by `;`, as
/// `draft_from_ticket` reads them). `{t}` is the system or device.
struct Cause {
    cause: &'static str,
    plan: &'static str,
    fix: &'static str,
}

/// A symptom of some system or device (`{t}`).
struct Problem {
    symptom: &'static str,
    category: &'static str,
    /// The error texts shown ("" for none).
    errors: &'static [&'static str],
    causes: &'static [Cause],
    /// Who in second line takes it (an index into `SECOND_LINE`).
    expert: usize,
    /// What first line tries first (R3.1).
    attempt: &'static str,
}

/// Systems or devices that share their problems.
struct Group {
    targets: &'static [&'static str],
    /// Where in the system (after the target's name) the requester was.
    paths: &'static [&'static str],
    /// What the requester confirms when it works again.
    works: &'static str,
    problems: &'static [Problem],
    /// The requested priorities P1–P4, in percent.
    priorities: [u64; 4],
    /// Percent escalated to second line.
    escalated: u64,
}

const DEV: usize = 0;
const OPS: usize = 1;
const NET: usize = 2;
const DBA: usize = 3;
const DESK: usize = 4;

const fn cause(cause: &'static str, plan: &'static str, fix: &'static str) -> Cause {
    Cause { cause, plan, fix }
}

const SOFTWARE: Group = Group {
    targets: &[
        "OA系统",
        "ERP系统",
        "CRM系统",
        "财务系统",
        "邮箱",
        "考勤系统",
        "报销平台",
        "合同管理系统",
        "HR系统",
        "项目管理平台",
        "GitLab",
        "Jira",
        "Wiki",
        "企业微信",
        "钉钉",
        "BI报表平台",
        "供应链系统",
        "客服工单系统",
    ],
    paths: &[
        "首页 > 我的工作台",
        "流程中心 > 我的申请",
        "报表中心 > 导出",
        "系统设置 > 个人信息",
        "单据管理 > 新建单据",
        "消息中心 > 待办事项",
    ],
    works: "可正常使用",
    priorities: [8, 32, 45, 15],
    escalated: 35,
    problems: &[
        Problem {
            symptom: "登录{t}时提示'验证码错误'",
            category: "系统故障-登录异常",
            errors: &["验证码错误", "验证码已失效,请刷新后重试"],
            causes: &[
                cause(
                    "缓存异常",
                    "清理会话缓存并重启应用服务",
                    "清理浏览器缓存;重启Tomcat服务;确认验证码恢复正常",
                ),
                cause(
                    "Redis会话服务内存已满,验证码无法写入",
                    "清理过期会话并扩容Redis内存",
                    "清理Redis过期键;扩容Redis内存至8G;重启登录服务",
                ),
                cause(
                    "服务器时间与NTP不同步,验证码提前失效",
                    "校准服务器时间并开启自动校时",
                    "同步服务器时间;开启chronyd自动校时;重启验证码服务",
                ),
            ],
            expert: OPS,
            attempt: "指导用户清理浏览器缓存后重试",
        },
        Problem {
            symptom: "打开{t}时页面一直转圈,提示无法连接服务器",
            category: "系统故障-服务不可用",
            errors: &["ERR_CONNECTION_TIMED_OUT", "502 Bad Gateway"],
            causes: &[
                cause(
                    "nginx 反向代理 upstream 配置错误",
                    "修正 nginx 配置并灰度验证",
                    "修正 nginx upstream 配置;nginx -s reload;确认页面恢复访问",
                ),
                cause(
                    "应用服务器 Tomcat 进程异常退出",
                    "重启服务并增加进程守护",
                    "重启Tomcat服务;配置 systemd 自动拉起;增加存活监控",
                ),
                cause(
                    "数据库连接池耗尽",
                    "扩容连接池并排查慢查询",
                    "连接池上限由50调整为200;优化慢查询;重启应用",
                ),
            ],
            expert: OPS,
            attempt: "请用户重启浏览器并切换网络后重试",
        },
        Problem {
            symptom: "{t}页面加载缓慢,打开列表要等一分钟以上",
            category: "系统故障-性能缓慢",
            errors: &[
                "nginx 504 Gateway Time-out",
                "request timeout after 60000ms",
            ],
            causes: &[
                cause(
                    "慢查询未走索引",
                    "为查询条件补建索引",
                    "为单据表 create_time 字段补建索引;清理三年前历史数据;验证列表秒开",
                ),
                cause(
                    "JVM 内存不足频繁 Full GC",
                    "调整 JVM 参数",
                    "调整 JVM 参数 -Xmx8g;开启 G1 回收器;重启应用",
                ),
                cause(
                    "服务器磁盘空间不足",
                    "清理磁盘并配置日志轮转",
                    "清理日志释放磁盘;配置 logrotate 日志轮转;增加磁盘告警",
                ),
            ],
            expert: DBA,
            attempt: "建议用户缩小查询时间范围",
        },
        Problem {
            symptom: "在{t}提交单据后报错500",
            category: "软件Bug-功能缺陷",
            errors: &[
                "HTTP 500 Internal Server Error",
                "java.lang.NullPointerException",
            ],
            causes: &[
                cause(
                    "新版本发布引入的空指针缺陷",
                    "回滚版本并修复代码",
                    "回滚到上一版本;修复空指针缺陷;重新发布并回归测试",
                ),
                cause(
                    "配置文件中数据源地址错误",
                    "修正数据源配置",
                    "修正 application.yml 数据源配置;重启服务",
                ),
            ],
            expert: DEV,
            attempt: "请用户更换浏览器重新提交",
        },
        Problem {
            symptom: "{t}导出Excel后中文乱码",
            category: "软件Bug-功能缺陷",
            errors: &["导出文件打开后显示乱码", ""],
            causes: &[cause(
                "导出编码未设置为UTF-8 BOM",
                "修改导出编码",
                "导出编码改为 UTF-8 BOM;重新导出验证",
            )],
            expert: DEV,
            attempt: "指导用户用记事本另存为UTF-8",
        },
        Problem {
            symptom: "{t}界面显示错位,按钮被遮挡无法点击",
            category: "软件Bug-界面显示",
            errors: &[""],
            causes: &[
                cause(
                    "浏览器版本过旧,不兼容新版前端",
                    "升级浏览器",
                    "升级 Chrome 浏览器到最新版本;清理浏览器缓存",
                ),
                cause(
                    "前端静态资源缓存未更新",
                    "刷新CDN缓存",
                    "CDN 刷新静态资源缓存;用户强制刷新页面 Ctrl+F5",
                ),
            ],
            expert: DEV,
            attempt: "请用户调整浏览器缩放比例为100%",
        },
        Problem {
            symptom: "在{t}上传附件失败,提示文件过大",
            category: "软件Bug-接口异常",
            errors: &["413 Request Entity Too Large"],
            causes: &[cause(
                "nginx client_max_body_size 限制过小",
                "调大上传限制",
                "调大 nginx client_max_body_size 至 100m;nginx -s reload;重新上传验证",
            )],
            expert: OPS,
            attempt: "建议用户压缩附件后上传",
        },
        Problem {
            symptom: "{t}数据同步失败,昨天的单据没有同步过来",
            category: "系统故障-数据异常",
            errors: &["sync job failed: connection timeout"],
            causes: &[
                cause(
                    "接口调用超时",
                    "调大超时并补跑任务",
                    "接口 timeout 调整为 30s;补跑同步任务;核对数据一致",
                ),
                cause(
                    "定时任务调度服务停止",
                    "恢复调度服务",
                    "重启调度服务;补跑同步任务;增加任务失败告警",
                ),
            ],
            expert: DEV,
            attempt: "手动触发一次数据同步",
        },
        Problem {
            symptom: "{t}调用第三方接口超时,回调失败",
            category: "软件Bug-接口异常",
            errors: &[
                "Read timed out",
                "upstream timed out (110: Connection timed out)",
            ],
            causes: &[
                cause(
                    "防火墙拦截出站端口",
                    "放行出站端口",
                    "防火墙放行出站端口 443;验证回调成功",
                ),
                cause(
                    "SSL证书过期",
                    "更新证书",
                    "更新 SSL 证书;重启 nginx;验证 HTTPS 握手正常",
                ),
            ],
            expert: NET,
            attempt: "重试接口调用",
        },
        Problem {
            symptom: "{t}审批流程卡住不动,一直显示审批中",
            category: "操作咨询-流程审批",
            errors: &["当前节点处理人不存在", ""],
            causes: &[
                cause(
                    "审批人离职未转交待办",
                    "转交审批任务",
                    "管理员转交审批任务;更新流程审批人配置",
                ),
                cause(
                    "流程引擎任务队列阻塞",
                    "清理阻塞任务",
                    "清理阻塞任务;重启流程引擎;补发待办通知",
                ),
            ],
            expert: DEV,
            attempt: "请用户联系审批人确认待办",
        },
        Problem {
            symptom: "{t}账号被锁定,无法登录",
            category: "权限配置-密码重置",
            errors: &["账号已锁定,请30分钟后再试"],
            causes: &[cause(
                "连续输错密码触发账号锁定",
                "解锁并重置密码",
                "解锁账号;协助用户重置密码;提醒开启密码找回",
            )],
            expert: OPS,
            attempt: "核实用户身份后解锁",
        },
        Problem {
            symptom: "{t}提示权限不足,看不到部门报表菜单",
            category: "权限配置-权限申请",
            errors: &["403 Forbidden"],
            causes: &[cause(
                "角色权限配置遗漏",
                "补充角色权限",
                "按审批单补充角色权限;用户重新登录验证",
            )],
            expert: OPS,
            attempt: "确认用户的权限申请单",
        },
        Problem {
            symptom: "新员工入职需要开通{t}账号",
            category: "权限配置-账号开通",
            errors: &[""],
            causes: &[cause(
                "新员工入职未开通账号",
                "按入职单开通账号",
                "按入职单开通账号;分配部门默认角色;发送初始密码",
            )],
            expert: OPS,
            attempt: "核对入职单信息",
        },
        Problem {
            symptom: "不清楚如何在{t}里提交申请和查看进度",
            category: "操作指导-功能使用",
            errors: &[""],
            causes: &[cause(
                "用户不熟悉操作流程",
                "发送操作指南",
                "发送{t}操作指南;远程演示提交步骤",
            )],
            expert: DEV,
            attempt: "发送操作指南",
        },
        Problem {
            symptom: "密码重置后仍无法登录{t}",
            category: "系统故障-登录异常",
            errors: &["用户名或密码错误"],
            causes: &[cause(
                "LDAP 同步延迟,新密码未生效",
                "手动同步LDAP",
                "手动触发 LDAP 同步;再次重置密码;确认登录正常",
            )],
            expert: OPS,
            attempt: "请用户等待10分钟后重试",
        },
        Problem {
            symptom: "{t}客户端打开后闪退",
            category: "软件Bug-功能缺陷",
            errors: &["应用程序无响应,已停止工作"],
            causes: &[cause(
                "客户端版本与系统不兼容",
                "重装最新版客户端",
                "卸载旧版客户端;清理本地缓存目录;安装最新版客户端",
            )],
            expert: DESK,
            attempt: "请用户重启电脑后重试",
        },
    ],
};

const PRINTERS: Group = Group {
    targets: &["打印机", "复印机", "标签打印机"],
    paths: &["三楼打印间", "财务部办公室", "仓库发货区"],
    works: "可正常打印",
    priorities: [3, 25, 57, 15],
    escalated: 25,
    problems: &[
        Problem {
            symptom: "{t}脱机,无法打印",
            category: "硬件故障-打印设备",
            errors: &["打印机状态:脱机"],
            causes: &[
                cause(
                    "打印机驱动程序异常",
                    "重装驱动",
                    "重新安装打印机驱动;重启 Print Spooler 服务;打印测试页",
                ),
                cause(
                    "打印机网线松动,IP地址变化",
                    "固定IP并重新添加",
                    "重新插拔网线;为打印机绑定固定IP;重新添加打印机",
                ),
            ],
            expert: DESK,
            attempt: "请用户重启打印机",
        },
        Problem {
            symptom: "{t}卡纸,取出后仍提示卡纸",
            category: "硬件故障-打印设备",
            errors: &["错误代码 13.20"],
            causes: &[cause(
                "进纸辊磨损",
                "更换进纸辊",
                "更换进纸辊;清洁纸道传感器;打印测试页",
            )],
            expert: DESK,
            attempt: "指导用户打开后盖检查纸道",
        },
        Problem {
            symptom: "{t}打印出来有黑色条纹",
            category: "硬件故障-打印设备",
            errors: &[""],
            causes: &[cause("硒鼓老化", "更换硒鼓", "更换硒鼓;打印测试页确认")],
            expert: DESK,
            attempt: "请用户清洁扫描玻璃",
        },
    ],
};

const TERMINALS: Group = Group {
    targets: &["笔记本电脑", "台式机", "显示器", "瘦客户机"],
    paths: &["工位", "会议室"],
    works: "可正常使用",
    priorities: [3, 30, 55, 12],
    escalated: 30,
    problems: &[
        Problem {
            symptom: "{t}无法开机,指示灯不亮",
            category: "硬件故障-终端设备",
            errors: &[""],
            causes: &[cause(
                "电源适配器故障",
                "更换电源适配器",
                "更换电源适配器;开机自检正常",
            )],
            expert: DESK,
            attempt: "请用户更换插座再试",
        },
        Problem {
            symptom: "{t}显示花屏,偶尔黑屏",
            category: "硬件故障-终端设备",
            errors: &[""],
            causes: &[
                cause(
                    "显卡驱动异常",
                    "更新显卡驱动",
                    "更新显卡驱动;更换视频线;确认显示正常",
                ),
                cause(
                    "视频线接口松动",
                    "更换视频线",
                    "更换 HDMI 视频线;确认显示正常",
                ),
            ],
            expert: DESK,
            attempt: "请用户重新插拔视频线",
        },
        Problem {
            symptom: "{t}运行缓慢,经常卡死",
            category: "硬件故障-终端设备",
            errors: &["磁盘占用100%"],
            causes: &[
                cause(
                    "机械硬盘老化",
                    "更换固态硬盘",
                    "更换固态硬盘;迁移用户数据;重装系统",
                ),
                cause("内存不足", "加装内存", "加装 8G 内存条;确认运行流畅"),
            ],
            expert: DESK,
            attempt: "清理开机启动项",
        },
    ],
};

const PERIPHERALS: Group = Group {
    targets: &["投影仪", "会议室大屏", "扫码枪", "IP电话"],
    paths: &["3号会议室", "前台", "仓库"],
    works: "可正常使用",
    priorities: [2, 28, 55, 15],
    escalated: 20,
    problems: &[
        Problem {
            symptom: "{t}无法识别信号,显示无输入",
            category: "硬件故障-外设",
            errors: &[""],
            causes: &[cause(
                "信号源切换错误",
                "指导切换信号源",
                "切换到 HDMI1 信号源;更换转接头",
            )],
            expert: DESK,
            attempt: "请用户切换信号源",
        },
        Problem {
            symptom: "{t}连接电脑后没有反应",
            category: "硬件故障-外设",
            errors: &["USB设备无法识别"],
            causes: &[cause(
                "USB接口供电不足",
                "更换接口",
                "更换主机后置 USB 接口;更新设备驱动",
            )],
            expert: DESK,
            attempt: "请用户更换USB接口",
        },
    ],
};

const SERVERS: Group = Group {
    targets: &["应用服务器", "数据库服务器", "文件服务器"],
    paths: &["机房A区", "机房B区"],
    works: "服务已恢复",
    priorities: [35, 45, 20, 0],
    escalated: 70,
    problems: &[
        Problem {
            symptom: "{t}告警:磁盘使用率超过95%",
            category: "硬件故障-服务器",
            errors: &["disk usage 96%"],
            causes: &[cause(
                "日志未轮转占满磁盘",
                "清理并配置轮转",
                "清理历史日志;配置 logrotate;扩容数据盘",
            )],
            expert: OPS,
            attempt: "清理临时文件",
        },
        Problem {
            symptom: "{t}风扇告警,机箱温度过高",
            category: "硬件故障-服务器",
            errors: &["fan failure"],
            causes: &[cause(
                "风扇故障",
                "更换风扇",
                "申请备件更换风扇;检查机房空调",
            )],
            expert: OPS,
            attempt: "检查机房温度",
        },
    ],
};

const NETWORK: Group = Group {
    targets: &[
        "办公室Wi-Fi",
        "有线网络",
        "内网DNS",
        "代理服务器",
        "视频会议",
    ],
    paths: &["办公区", "会议室", "研发楼"],
    works: "网络正常",
    priorities: [10, 40, 40, 10],
    escalated: 40,
    problems: &[
        Problem {
            symptom: "{t}频繁断开,每隔几分钟掉线一次",
            category: "网络异常-无法连接",
            errors: &[""],
            causes: &[
                cause("无线AP信道干扰", "调整信道", "调整 AP 信道;升级 AP 固件"),
                cause(
                    "DHCP地址池耗尽",
                    "扩大地址池",
                    "扩大 DHCP 地址池;缩短租期为4小时",
                ),
            ],
            expert: NET,
            attempt: "请用户重新连接网络",
        },
        Problem {
            symptom: "通过{t}访问内网系统网速很慢",
            category: "网络异常-网速缓慢",
            errors: &[""],
            causes: &[cause(
                "出口带宽被大流量下载占满",
                "限速并扩容",
                "限制 P2P 大流量下载;出口带宽扩容到 500M",
            )],
            expert: NET,
            attempt: "请用户测速",
        },
        Problem {
            symptom: "{t}无法连接,提示DNS解析失败",
            category: "网络异常-无法连接",
            errors: &["DNS_PROBE_FINISHED_NXDOMAIN"],
            causes: &[cause(
                "内网DNS服务宕机,DNS解析失败",
                "恢复DNS服务",
                "重启内网 DNS 服务;修改 DNS 服务器地址为备用;ipconfig /flushdns",
            )],
            expert: NET,
            attempt: "请用户刷新DNS缓存",
        },
    ],
};

const VPN: Group = Group {
    targets: &["VPN", "SSL VPN客户端"],
    paths: &["居家办公", "出差酒店"],
    works: "可正常访问内网",
    priorities: [5, 45, 40, 10],
    escalated: 35,
    problems: &[
        Problem {
            symptom: "连接{t}时提示证书过期",
            category: "网络异常-VPN",
            errors: &["certificate has expired"],
            causes: &[cause(
                "客户端证书过期",
                "重新签发证书",
                "重新签发客户端证书;导入新证书后重连 VPN",
            )],
            expert: NET,
            attempt: "检查电脑系统时间",
        },
        Problem {
            symptom: "连接{t}后无法访问内网系统",
            category: "网络异常-VPN",
            errors: &[""],
            causes: &[cause(
                "VPN 路由未下发内网网段",
                "补充路由",
                "VPN 网关补充内网网段路由;客户端重连验证",
            )],
            expert: NET,
            attempt: "请用户断开重连",
        },
        Problem {
            symptom: "{t}频繁掉线",
            category: "网络异常-VPN",
            errors: &["connection reset by peer"],
            causes: &[cause(
                "VPN 网关并发连接数达到上限",
                "扩容授权",
                "扩容 VPN 并发授权;调整空闲超时",
            )],
            expert: NET,
            attempt: "请用户切换网络",
        },
    ],
};

const CONSULTATIONS: Group = Group {
    targets: &[
        "差旅报销",
        "软件采购",
        "电脑领用",
        "数据备份",
        "访客网络",
        "离职交接",
    ],
    paths: &[""],
    works: "已了解",
    priorities: [0, 0, 20, 80],
    escalated: 3,
    problems: &[
        Problem {
            symptom: "咨询{t}的办理流程",
            category: "操作咨询-规章制度",
            errors: &[""],
            causes: &[cause(
                "用户不了解制度流程",
                "发送制度说明",
                "发送{t}制度说明;告知审批路径",
            )],
            expert: OPS,
            attempt: "查阅制度文件",
        },
        Problem {
            symptom: "{t}申请应该走哪个审批流程",
            category: "操作咨询-流程审批",
            errors: &[""],
            causes: &[cause(
                "用户不了解审批路径",
                "告知审批流程",
                "告知{t}审批流程;发送申请模板",
            )],
            expert: OPS,
            attempt: "查阅审批流程配置",
        },
    ],
};

const INSTALLS: Group = Group {
    targets: &[
        "VPN客户端",
        "Office",
        "财务系统插件",
        "打印机驱动",
        "开发环境",
        "杀毒软件",
    ],
    paths: &["工位"],
    works: "已安装可用",
    priorities: [0, 10, 50, 40],
    escalated: 10,
    problems: &[
        Problem {
            symptom: "需要在新电脑上安装{t}",
            category: "操作指导-安装配置",
            errors: &[""],
            causes: &[cause(
                "新电脑未安装所需软件",
                "远程安装",
                "远程协助安装{t};完成配置并验证",
            )],
            expert: DESK,
            attempt: "发送安装指南",
        },
        Problem {
            symptom: "{t}安装时报错,提示缺少组件",
            category: "操作指导-安装配置",
            errors: &["缺少 .NET Framework 4.8"],
            causes: &[cause(
                "系统缺少运行库",
                "安装运行库",
                "安装所需运行库;重新安装{t}",
            )],
            expert: DESK,
            attempt: "请用户以管理员身份运行安装程序",
        },
    ],
};

const GROUPS: [&Group; 9] = [
    &SOFTWARE,
    &PRINTERS,
    &TERMINALS,
    &PERIPHERALS,
    &SERVERS,
    &NETWORK,
    &VPN,
    &CONSULTATIONS,
    &INSTALLS,
];

/// A problem of one target, and its usual cause.
struct Kind {
    group: usize,
    target: usize,
    problem: usize,
    cause: usize,
}

impl Kind {
    fn group(&self) -> &'static Group {
        GROUPS[self.group]
    }
    fn problem(&self) -> &'static Problem {
        &self.group().problems[self.problem]
    }
    fn target(&self) -> &'static str {
        self.group().targets[self.target]
    }
    fn symptom(&self) -> String {
        self.problem().symptom.replace("{t}", self.target())
    }
    fn cause(&self, index: usize) -> &'static Cause {
        &self.problem().causes[index]
    }
}

/// Every problem, the most frequent first, and their Zipf weights.
struct Catalog {
    kinds: Vec<Kind>,
    /// Cumulative weights, for sampling.
    cumulative: Vec<f64>,
}

impl Catalog {
    fn new() -> Catalog {
        let mut kinds = Vec::new();
        for (g, group) in GROUPS.iter().enumerate() {
            for (p, problem) in group.problems.iter().enumerate() {
                for t in 0..group.targets.len() {
                    kinds.push(Kind {
                        group: g,
                        target: t,
                        problem: p,
                        cause: (t + p) % problem.causes.len(),
                    });
                }
            }
        }
        // Popularity is one fixed order for every seed (so two devices share their frequent
        // problems), with the template's OA login first.
        let mut random = Random::new(0x0CA7_A10C, STREAM_CATALOG, 0);
        for i in (2..kinds.len()).rev() {
            let j = 1 + random.index(i);
            kinds.swap(i, j);
        }
        let mut total = 0.0;
        let cumulative = (0..kinds.len())
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(0.9);
                total
            })
            .collect();
        Catalog { kinds, cumulative }
    }

    fn sample(&self, random: &mut Random) -> usize {
        let total = *self.cumulative.last().expect("the catalog has problems");
        let x = random.unit() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.kinds.len() - 1)
    }

    /// R5.4: most problems get an article, the frequent ones always.
    fn has_article(&self, kind: usize) -> bool {
        kind < 40 || Random::new(0xA271_C1E5, STREAM_CATALOG, kind as u64).percent(65)
    }
}

// ---------------------------------------------------------------------------------------------
// People.

const FIRST_LINE: [(&str, &str); 6] = [
    ("李四", "TS100"),
    ("周八", "TS101"),
    ("吴九", "TS102"),
    ("郑十", "TS103"),
    ("孙丽", "TS104"),
    ("陈晨", "TS105"),
];
const SECOND_LINE: [(&str, &str, &str); 6] = [
    ("王五", "TS200", "开发工程师"),
    ("冯涛", "TS201", "系统运维"),
    ("褚明", "TS202", "网络工程师"),
    ("卫强", "TS203", "数据库管理员"),
    ("蒋华", "TS204", "桌面运维"),
    ("沈阳", "TS205", "开发工程师"),
];
const SUPERVISOR: (&str, &str) = ("赵六", "TS300");
const MANAGER: (&str, &str) = ("钱七", "TS400");

const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: [&str; 37] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "鹏", "宇", "婷", "晨", "浩然",
    "欣怡", "子涵", "思远", "雨轩", "志强", "海燕", "俊杰",
];
const DEPARTMENTS: [&str; 12] = [
    "研发部",
    "财务部",
    "人力资源部",
    "市场部",
    "销售部",
    "行政部",
    "采购部",
    "法务部",
    "客服中心",
    "生产部",
    "质量部",
    "仓储物流部",
];
const REQUESTERS: usize = 800;

fn person((name, employee_id): (&str, &str)) -> Person {
    Person {
        name: name.into(),
        employee_id: employee_id.into(),
    }
}

fn expert(index: usize) -> Supporter {
    let (name, id, role) = SECOND_LINE[index];
    Supporter {
        person: person((name, id)),
        role: role.into(),
    }
}

/// Requester `index`: 张三 of the template first, then 800 colleagues.
fn requester(index: usize) -> Submitter {
    if index == 0 {
        return crate::example::submitter();
    }
    Submitter {
        name: format!(
            "{}{}",
            SURNAMES[index % SURNAMES.len()],
            GIVEN[(index * 7 + index / SURNAMES.len()) % GIVEN.len()]
        ),
        employee_id: format!("TS{}", 1000 + index),
        contact: format!(
            "13{}{:08}",
            index % 10,
            (index as u64 * 7919 * 104_729) % 100_000_000
        ),
        department: DEPARTMENTS[(index * 13) % DEPARTMENTS.len()].into(),
    }
}

// ---------------------------------------------------------------------------------------------
// One ticket's script: what happens, when (seconds after it was opened) and by whom. Made twice
// from the same per-ticket seed: once to plan the dates, once to drive the workflow.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Requester,
    FirstLine,
    Expert,
    Supervisor,
    Manager,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum File {
    Screenshot,
    Photo,
    Log,
}

enum What {
    Command(Command),
    /// R1.4: the requester completed the description.
    Completed,
    /// R1.7, R5.1: a file.
    Attach(File, AttachedTo),
    /// R3.1: an attempt, after consulting the problem's article or a past ticket if there is one.
    Attempt(&'static str),
    /// R3.6: the resolution is expected this many seconds later.
    Estimate(i64),
    /// R5.4: link the problem's article and archive, or archive saying why there is none.
    Archive,
}

struct Act {
    at: i64,
    who: Who,
    what: What,
}

struct Script {
    kind: usize,
    requester: usize,
    handler: usize,
    expert: usize,
    requested: Priority,
    channel: &'static str,
    /// R1.4: the path and error text are missing at intake.
    incomplete: bool,
    fate: Step,
    acts: Vec<Act>,
    resolved: Option<i64>,
    archived: Option<i64>,
}

const CHANNELS: [(&str, u64); 6] = [
    ("工单系统", 40),
    ("服务热线", 20),
    ("企业微信群", 20),
    ("钉钉群", 8),
    ("邮件", 8),
    ("现场", 4),
];

/// Where the tickets are, in percent: 80 archived, 20 spread over the rest.
const FATES: [(Step, u64); 8] = [
    (Step::Archived, 800),
    (Step::Resolved, 60),
    (Step::Feedback, 25),
    (Step::Verification, 15),
    (Step::SecondLineHandling, 40),
    (Step::FirstLineHandling, 30),
    (Step::Classification, 15),
    (Step::Intake, 15),
];

const PROGRESS: [&str; 8] = [
    "已排查数据库连接,确认网络链路正常,正在分析应用日志",
    "已远程协助用户复现问题,收集了报错截图",
    "已定位为{c},正在制定处理方案",
    "正在{t}测试环境复现问题",
    "已联系厂商技术支持,等待回复",
    "修复方案已在测试环境验证,等待变更窗口",
    "已查看{t}服务器日志,发现大量超时记录",
    "已与用户确认影响范围,仅{d}部分同事受影响",
];
const RAISED: [&str; 4] = [
    "该故障导致全部门无法登录系统",
    "影响月底结账,多名财务人员无法操作",
    "影响客户下单,业务中断",
    "同一问题已有10余人反馈",
];
const LOWERED: [&str; 3] = [
    "仅单个用户受影响,且有替代方案",
    "属于咨询类问题,不影响主要流程",
    "问题可绕过,不影响业务",
];
const EXTRAS: [&str; 8] = [
    "已尝试{n}次均失败",
    "重启电脑后依旧",
    "同部门其他同事也有同样情况",
    "今天上午开始出现",
    "影响今天的工作进度,请尽快处理",
    "昨天还正常",
    "已尝试{n}次均失败",
    "",
];
const NO_ARTICLE: [&str; 3] = [
    "一次性问题,无需沉淀知识库",
    "知识库已有同类说明",
    "用户操作问题,已口头指导",
];
const VERIFIED: [&str; 3] = [
    "测试环境验证通过,未发现新问题",
    "已在预发布环境复现并验证修复",
    "用户授权后在预生产环境验证通过",
];

struct Builder<'r> {
    random: &'r mut Random,
    at: i64,
    acts: Vec<Act>,
}

impl Builder<'_> {
    /// Something `who` did `min`–`max` minutes after the previous act.
    fn after(&mut self, (min, max): (i64, i64), who: Who, what: What) {
        self.at += self.random.between(min * 60, max * 60);
        self.acts.push(Act {
            at: self.at,
            who,
            what,
        });
    }

    fn command(&mut self, minutes: (i64, i64), who: Who, command: Command) {
        self.after(minutes, who, What::Command(command));
    }

    /// R3.5: `n` progress updates about an hour and a half apart.
    fn progress(&mut self, n: u64, who: Who, kind: &Kind, cause: &Cause, department: &str) {
        for _ in 0..n {
            let note = self
                .random
                .pick(&PROGRESS)
                .replace("{c}", cause.cause)
                .replace("{t}", kind.target())
                .replace("{d}", department);
            self.command((40, 115), who, Command::UpdateProgress { note });
        }
    }
}

fn script(random: &mut Random, catalog: &Catalog) -> Script {
    let fate = pick_weighted(random, &FATES);
    let kind_index = catalog.sample(random);
    let kind = &catalog.kinds[kind_index];
    let (group, problem) = (kind.group(), kind.problem());
    let cause_index = if random.percent(85) {
        kind.cause
    } else {
        random.index(problem.causes.len())
    };
    let cause = kind.cause(cause_index);
    // A few people report a lot; 张三 is one of them.
    let requester_index = (random.unit().powi(2) * REQUESTERS as f64) as usize;
    let department = requester(requester_index).department;
    let requested =
        Priority::ALL[pick_weighted(random, &[0, 1, 2, 3].map(|i| (i, group.priorities[i])))];
    let mut s = Script {
        kind: kind_index,
        requester: requester_index,
        handler: random.index(FIRST_LINE.len()),
        expert: if random.percent(75) {
            problem.expert
        } else {
            random.index(SECOND_LINE.len())
        },
        requested,
        channel: pick_weighted(random, &CHANNELS),
        incomplete: random.percent(15),
        fate,
        acts: Vec::new(),
        resolved: None,
        archived: None,
    };
    let mut b = Builder {
        random,
        at: 0,
        acts: Vec::new(),
    };

    // R1: intake.
    if b.random.percent(40) {
        let file = if b.random.percent(25) {
            File::Photo
        } else {
            File::Screenshot
        };
        b.after(
            (0, 4),
            Who::Requester,
            What::Attach(file, AttachedTo::Description),
        );
    }
    if fate == Step::Intake {
        if b.random.percent(50) {
            respond(&mut b, (2, 15));
        }
        return s.finish(b);
    }
    let assigner = if b.random.percent(10) {
        Who::Supervisor
    } else {
        Who::FirstLine
    };
    b.command(
        (1, 12),
        assigner,
        Command::Assign {
            handler: person(FIRST_LINE[s.handler]),
        },
    );
    if b.random.percent(50) {
        respond(&mut b, (0, 3));
    }
    if s.incomplete {
        b.command(
            (1, 5),
            Who::FirstLine,
            Command::FlagIncomplete {
                missing: "缺少操作路径和报错信息".into(),
            },
        );
        if fate == Step::Classification && b.random.percent(50) {
            return s.finish(b);
        }
        b.after((3, 16), Who::FirstLine, What::Completed);
    }
    if fate == Step::Classification {
        return s.finish(b);
    }

    // R2: classification and priority.
    let category: Category = problem
        .category
        .parse()
        .expect("the problems use categories of the default standard");
    let (confirmed, reason) = confirmed_priority(&mut b, requested);
    if b.random.percent(3) {
        // R2.4: also a network (or a service) problem, confirmed with the experts.
        let other = if group.problems[0].category.starts_with("网络异常") {
            "系统故障-服务不可用"
        } else {
            "网络异常-无法连接"
        };
        b.command(
            (2, 10),
            Who::FirstLine,
            Command::ReportCrossDomain {
                note: format!("问题涉及{}和网络环境,需跨领域确认", kind.target()),
            },
        );
        b.command(
            (20, 90),
            Who::Supervisor,
            Command::ConfirmJointly {
                experts: vec![expert(s.expert), expert(NET)],
                categories: vec![category, other.parse().expect("a default category")],
                priority: confirmed,
                reason,
            },
        );
    } else {
        b.command(
            (1, 10),
            Who::FirstLine,
            Command::Classify {
                categories: vec![category],
            },
        );
        b.command(
            (0, 3),
            Who::FirstLine,
            Command::ConfirmPriority {
                priority: confirmed,
                reason,
            },
        );
    }
    if confirmed == Priority::P1 && b.random.percent(92) {
        b.command(
            (2, 14),
            Who::FirstLine,
            Command::RecordPhoneCall {
                note: "已电话联系用户,确认影响范围并告知处理进展".into(),
            },
        );
    }

    // R3.1: first line tries the standard solution.
    b.after((5, 40), Who::FirstLine, What::Attempt(problem.attempt));
    let escalated = match fate {
        Step::SecondLineHandling => true,
        Step::FirstLineHandling => false,
        _ => b.random.percent(group.escalated),
    };
    if escalated {
        b.command(
            (30, 80),
            Who::FirstLine,
            Command::Escalate {
                reason: "一线1小时未解决,需要二线排查日志".into(),
                supporters: vec![expert(s.expert)],
            },
        );
        if b.random.percent(15) {
            let other = (s.expert + 1 + b.random.index(SECOND_LINE.len() - 1)) % SECOND_LINE.len();
            b.command(
                (20, 120),
                Who::Expert,
                Command::AddSupporter {
                    supporter: expert(other),
                },
            );
        }
        if b.random.percent(30) {
            b.after(
                (10, 90),
                Who::Expert,
                What::Attach(File::Log, AttachedTo::Description),
            );
        }
    }
    let handler = if escalated {
        Who::Expert
    } else {
        Who::FirstLine
    };

    // R3.3–R3.5, R4: rounds of analysis, fix, verification and feedback (R4.3).
    let rounds = if b.random.percent(10) { 2 } else { 1 };
    for round in 0..rounds {
        let last = round + 1 == rounds;
        // R3.5: second line writes every couple of hours; first line, often done within two
        // hours, not always.
        let updates = match (escalated, round) {
            (true, 0) => b.random.between(2, 3) as u64,
            (true, _) => 1,
            (false, _) => b.random.between(0, 2) as u64,
        };
        b.progress(updates.min(1), handler, kind, cause, &department);
        if escalated && round == 0 && b.random.percent(50) {
            // R3.6: a far estimate, told to the user.
            let ahead = b.random.between(5 * 3600, 48 * 3600);
            b.after((5, 20), handler, What::Estimate(ahead));
            b.command(
                (5, 25),
                handler,
                Command::RecordUserInformed {
                    note: "已电话告知用户预计解决时间".into(),
                },
            );
        }
        b.progress(updates.saturating_sub(1), handler, kind, cause, &department);
        let stop_here = last && matches!(fate, Step::FirstLineHandling | Step::SecondLineHandling);
        if b.random.percent(if stop_here { 25 } else { 10 }) {
            b.command(
                (10, 60),
                handler,
                Command::WaitOnRequester {
                    reason: "等待用户提供完整的报错日志".into(),
                },
            );
            if stop_here {
                return s.finish(b);
            }
            b.command(
                (60, 1440),
                handler,
                Command::Resume {
                    note: "用户已提供日志".into(),
                },
            );
        }
        if stop_here {
            return s.finish(b);
        }
        let this_cause = if round == 0 {
            cause
        } else {
            kind.cause(b.random.index(problem.causes.len()))
        };
        b.command(
            (10, 90),
            handler,
            Command::RecordRootCause {
                root_cause: this_cause.cause.into(),
                plan: this_cause.plan.replace("{t}", kind.target()),
            },
        );
        if escalated && round == 0 && b.random.percent(20) {
            // R3.4: major resource coordination goes to the manager.
            let subject = if problem.expert == DEV {
                format!("紧急代码修复上线:{}热修复补丁", kind.target())
            } else {
                format!("资源协调:为{}扩容或更换备件", kind.target())
            };
            b.command(
                (10, 60),
                Who::Expert,
                Command::RequestApproval {
                    subject: subject.clone(),
                },
            );
            if b.random.percent(10) {
                b.command(
                    (30, 240),
                    Who::Manager,
                    Command::Reject {
                        reason: "请先在测试环境验证".into(),
                    },
                );
                b.command((60, 600), Who::Expert, Command::RequestApproval { subject });
            }
            b.command(
                (30, 240),
                Who::Manager,
                Command::Approve {
                    note: "同意,请在今晚变更窗口执行".into(),
                },
            );
        }
        if requested >= Priority::P3 && b.random.percent(30) {
            // The next working day.
            b.at += b.random.between(12 * 3600, 20 * 3600);
        }
        b.command(
            (10, 180),
            handler,
            Command::ApplyFix {
                solution: this_cause.fix.replace("{t}", kind.target()),
            },
        );
        if b.random.percent(10) {
            b.after(
                (1, 10),
                handler,
                What::Attach(File::Screenshot, AttachedTo::Solution),
            );
        }
        if last && fate == Step::Verification {
            return s.finish(b);
        }
        let note = b.random.pick(&VERIFIED).to_string();
        b.command((10, 60), handler, Command::Verify { note });
        if last && fate == Step::Feedback {
            return s.finish(b);
        }
        // R4.2: the requester's word, or a handler's for them.
        let name = requester(s.requester).name;
        let (result, confirmation) = if last {
            (
                Feedback::Resolved,
                format!("已解决,{name}确认{}", group.works),
            )
        } else if b.random.percent(75) {
            (
                Feedback::PartlyResolved,
                format!("部分解决,{name}反馈偶尔仍会出现"),
            )
        } else {
            (Feedback::NotResolved, format!("未解决,{name}反馈问题依旧"))
        };
        let who = if b.random.percent(55) {
            Who::Requester
        } else {
            handler
        };
        b.command(
            (30, 1440),
            who,
            Command::RecordFeedback {
                result,
                confirmation,
                taken: Taken::Remotely,
            },
        );
    }
    s.resolved = Some(b.at);
    if fate == Step::Resolved {
        return s.finish(b);
    }

    // R5.4
    let archiver = if b.random.percent(20) {
        Who::Supervisor
    } else {
        handler
    };
    b.after((10, 3 * 1440), archiver, What::Archive);
    s.archived = Some(b.at);
    s.finish(b)
}

fn respond(b: &mut Builder<'_>, minutes: (i64, i64)) {
    b.command(
        minutes,
        Who::FirstLine,
        Command::Respond {
            note: "已收到您的问题,正在处理".into(),
        },
    );
}

/// R2.2, R2.3: mostly the requested priority; 15 % raised or lowered, with the reason.
fn confirmed_priority(b: &mut Builder<'_>, requested: Priority) -> (Priority, Option<String>) {
    if !b.random.percent(15) {
        return (requested, None);
    }
    let raise = requested != Priority::P1 && (requested == Priority::P4 || b.random.percent(60));
    let index = Priority::ALL
        .iter()
        .position(|p| *p == requested)
        .expect("a priority");
    let (to, why) = if raise {
        (Priority::ALL[index - 1], b.random.pick(&RAISED))
    } else {
        (Priority::ALL[index + 1], b.random.pick(&LOWERED))
    };
    (to, Some(format!("{requested}调整为{to},因{why}")))
}

impl Script {
    fn finish(mut self, b: Builder<'_>) -> Script {
        self.acts = b.acts;
        self
    }

    fn end(&self) -> i64 {
        self.acts.last().map_or(0, |a| a.at)
    }
}

// ---------------------------------------------------------------------------------------------
// The generator: plan every ticket, write the articles' sources, then drive the workflow.

const STREAM_SCRIPT: u64 = 1;
const STREAM_DATE: u64 = 2;
const STREAM_TEXT: u64 = 3;
const STREAM_ARTICLE: u64 = 4;
const STREAM_CATALOG: u64 = 5;
const STREAM_IDS: u64 = 6;
const STREAM_ARTICLE_IDS: u64 = 7;

/// What the planning pass keeps of each ticket.
struct Plan {
    kind: usize,
    fate: Step,
    opened: DateTime<Utc>,
    number: TicketNo,
    resolved: Option<DateTime<Utc>>,
    archived: Option<DateTime<Utc>>,
}

/// An article as the tickets see it: folded, and when it was written.
struct Written {
    article: Article,
    at: DateTime<Utc>,
}

struct Generator {
    now: DateTime<Utc>,
    options: Options,
    catalog: Catalog,
    standard: CategoryStandard,
    channels: Vec<String>,
    policies: Vec<SlaPolicy>,
    /// From when each policy is in force (the first from the beginning).
    policy_from: Vec<DateTime<Utc>>,
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is an offset")
}

impl Generator {
    fn new(now: DateTime<Utc>, options: &Options) -> Generator {
        let policies = team_policies(now);
        Generator {
            now,
            options: options.clone(),
            catalog: Catalog::new(),
            standard: CategoryStandard::default(),
            channels: default_channels(),
            policy_from: vec![
                now - Duration::days(3650),
                now - Duration::days(455),
                now - Duration::days(150),
            ],
            policies,
        }
    }

    fn random(&self, stream: u64, index: usize) -> Random {
        Random::new(self.options.seed, stream, index as u64)
    }

    fn script(&self, index: usize) -> Script {
        script(&mut self.random(STREAM_SCRIPT, index), &self.catalog)
    }

    fn run(&self, count: usize) -> BenchData {
        let plans = self.plan(count);
        let order = {
            let mut order: Vec<usize> = (0..count).collect();
            order.sort_by_key(|i| (plans[*i].opened, *i));
            order
        };

        // R5.4: each problem's article is written from its first archived ticket, at its
        // archiving; ids go up in the order they were written.
        let mut sources: Vec<(DateTime<Utc>, usize)> = Vec::new();
        for (kind, _) in self.catalog.kinds.iter().enumerate() {
            if !self.catalog.has_article(kind) {
                continue;
            }
            let first = plans
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind == kind && p.fate == Step::Archived)
                .filter_map(|(i, p)| Some((p.archived?, i)))
                .min();
            sources.extend(first);
        }
        sources.sort();
        let mut source_of: Vec<Option<ArticleId>> = vec![None; count];
        let mut ids: Vec<ArticleId> = Vec::new();
        for (_, ticket) in &sources {
            let id = ArticleId::first_free(&ids);
            ids.push(id.clone());
            source_of[*ticket] = Some(id);
        }

        // Tickets resolved per problem, for R3.1's "past tickets".
        let mut resolved: Vec<Vec<(DateTime<Utc>, TicketNo)>> =
            vec![Vec::new(); self.catalog.kinds.len()];
        for plan in &plans {
            if let Some(at) = plan.resolved {
                resolved[plan.kind].push((at, plan.number));
            }
        }
        for list in &mut resolved {
            list.sort();
        }

        let mut written: Vec<Option<Written>> =
            (0..self.catalog.kinds.len()).map(|_| None).collect();
        let mut article_events: Vec<ArticleEvent> = Vec::new();
        let mut tickets: Vec<Option<Drive>> = (0..count).map(|_| None).collect();
        // The articles' sources first, so every other ticket can consult and link them.
        for (_, index) in &sources {
            let drive = self.drive(
                *index,
                &plans,
                &written,
                &resolved,
                source_of[*index].clone(),
            );
            let article = drive.article.clone().expect("a source writes its article");
            written[plans[*index].kind] = Some(Written {
                at: article.at,
                article: Article::fold([&article]).expect("a created article"),
            });
            article_events.push(article);
            tickets[*index] = Some(drive);
        }
        for index in &order {
            if tickets[*index].is_none() {
                tickets[*index] = Some(self.drive(*index, &plans, &written, &resolved, None));
            }
        }
        article_events.extend(self.revisions(&written, &resolved));
        article_events.sort_by(|a, b| (&a.article, a.seq).cmp(&(&b.article, b.seq)));

        let total = tickets.iter().flatten().map(|d| d.events.len()).sum();
        let mut events = Vec::with_capacity(total);
        let mut attachments = Vec::new();
        let mut steps = Vec::with_capacity(count);
        for index in order {
            let drive = tickets[index].take().expect("every ticket was driven");
            steps.push(drive.step);
            events.extend(drive.events);
            attachments.extend(drive.blobs);
        }
        BenchData {
            now: self.now,
            events,
            articles: article_events,
            attachments,
            policies: self.policies.clone(),
            standard: self.standard.clone(),
            steps,
        }
    }

    /// Each ticket's problem, step and dates, and its number (R1.5: per Beijing day, in
    /// opening order).
    fn plan(&self, count: usize) -> Vec<Plan> {
        let mut plans: Vec<Plan> = (0..count)
            .map(|index| {
                let script = self.script(index);
                let opened = self.opened(&script, &mut self.random(STREAM_DATE, index));
                let at = |offset: Option<i64>| offset.map(|s| opened + Duration::seconds(s));
                Plan {
                    kind: script.kind,
                    fate: script.fate,
                    opened,
                    number: TicketNo::new(opened.date_naive(), 1).expect("serial 1"),
                    resolved: at(script.resolved),
                    archived: at(script.archived),
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|i| (plans[*i].opened, *i));
        let mut day = None;
        let mut serial = 0;
        for index in order {
            let date = plans[index].opened.with_timezone(&beijing()).date_naive();
            if day != Some(date) {
                day = Some(date);
                serial = 0;
            }
            serial += 1;
            plans[index].number = TicketNo::new(date, serial).expect("serials from 1");
        }
        plans
    }

    /// When the ticket was opened: closed tickets any day of the two years, mostly in office
    /// hours on weekdays; open ones so that their last act was a while before `now` (minutes
    /// for a new ticket, weeks for a forgotten 待归档).
    fn opened(&self, script: &Script, random: &mut Random) -> DateTime<Utc> {
        let end = Duration::seconds(script.end());
        let idle_hours: (i64, i64) = match script.fate {
            Step::Intake => (0, 48),
            Step::Classification => (0, 72),
            Step::FirstLineHandling => (1, 120),
            Step::SecondLineHandling => (1, 240),
            Step::Verification => (1, 96),
            Step::Feedback => (2, 240),
            Step::Resolved | Step::Archived => (1, 24 * 120),
        };
        let idle = Duration::minutes(random.between(idle_hours.0 * 60 + 5, idle_hours.1 * 60 + 5));
        let latest = self.now - end - idle;
        if script.fate.is_open() {
            return latest;
        }
        for _ in 0..20 {
            let days = random.between(0, 729);
            let date = (self.now.with_timezone(&beijing()) - Duration::days(days)).date_naive();
            if date.weekday().number_from_monday() > 5 && random.percent(75) {
                continue;
            }
            let minute = if random.percent(88) {
                random.between(8 * 60 + 30, 18 * 60 + 30)
            } else {
                random.between(0, 24 * 60 - 1)
            };
            let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minute);
            let at = local
                .and_local_timezone(beijing())
                .single()
                .expect("a fixed offset has every local time")
                .with_timezone(&Utc)
                + Duration::seconds(random.between(0, 59));
            if at <= latest {
                return at;
            }
        }
        latest
    }

    fn policy(&self, opened: DateTime<Utc>) -> &SlaPolicy {
        let index = self
            .policy_from
            .iter()
            .rposition(|from| *from <= opened)
            .unwrap_or(0);
        &self.policies[index]
    }

    /// Drives ticket `index` through the workflow as its script says.
    fn drive(
        &self,
        index: usize,
        plans: &[Plan],
        written: &[Option<Written>],
        resolved: &[Vec<(DateTime<Utc>, TicketNo)>],
        source_of: Option<ArticleId>,
    ) -> Drive {
        let script = self.script(index);
        let plan = &plans[index];
        let kind = &self.catalog.kinds[script.kind];
        let problem = kind.problem();
        let mut text = self.random(STREAM_TEXT, index);
        let opened = plan.opened;
        let local = opened.with_timezone(&beijing());
        let submitter = requester(script.requester);

        // R1.2: the description as the requester wrote it (complete, or completed under R1.4).
        let seen = local - Duration::minutes(text.between(0, 90));
        let extra = text
            .pick(&EXTRAS)
            .replace("{n}", &text.between(2, 5).to_string());
        let symptom = format!(
            "{:02}:{:02}{}{}{}",
            seen.hour(),
            seen.minute() / 5 * 5,
            kind.symptom(),
            if extra.is_empty() { "" } else { "," },
            extra
        );
        let path = text.pick(kind.group().paths);
        let complete = Description {
            symptom,
            occurred: format!(
                "{}月{}日 {:02}:{:02}",
                seen.month(),
                seen.day(),
                seen.hour(),
                seen.minute()
            ),
            operation_path: if path.is_empty() {
                String::new()
            } else {
                format!("{} > {path}", kind.target())
            },
            error_text: text.pick(problem.errors).to_string(),
        };
        let mut form = crate::example::zhang_san_form();
        form.submitter = submitter.clone();
        form.description = if script.incomplete {
            Description {
                operation_path: String::new(),
                error_text: String::new(),
                ..complete.clone()
            }
        } else {
            complete.clone()
        };
        form.channel = script.channel.into();
        form.requested_priority = Some(script.requested);

        let mut ids = Ids(self.random(STREAM_IDS, index));
        let creator = if script.channel == "工单系统" {
            submitter.person()
        } else {
            person(FIRST_LINE[script.handler])
        };
        let date = local.date_naive();
        let same_day: Vec<TicketNo> = (1..plan.number.serial())
            .map(|s| TicketNo::new(date, s).expect("serials from 1"))
            .collect();
        let created = open_ticket(
            &form,
            &self.channels,
            TicketId(ids.uuid(opened)),
            Stamp {
                event_id: EventId(ids.uuid(opened)),
                actor: creator,
                at: opened,
            },
            &same_day,
            self.policy(opened),
        )
        .expect("the generated intake form is complete");
        let mut ticket = Ticket::fold([&created]).expect("a created ticket");
        assert_eq!(ticket.number, plan.number, "open_ticket numbers as planned");

        let mut drive = Drive {
            events: Vec::new(),
            blobs: Vec::new(),
            article: None,
            step: Step::Intake,
        };
        let act_as = |who: Who| -> (Role, Person) {
            match who {
                Who::Requester => (Role::Requester, submitter.person()),
                Who::FirstLine => (Role::FirstLine, person(FIRST_LINE[script.handler])),
                Who::Expert => {
                    let (name, id, _) = SECOND_LINE[script.expert];
                    (Role::SecondLine, person((name, id)))
                }
                Who::Supervisor => (Role::Supervisor, person(SUPERVISOR)),
                Who::Manager => (Role::Manager, person(MANAGER)),
            }
        };
        for act in &script.acts {
            let at = opened + Duration::seconds(act.at);
            let (role, actor) = act_as(act.who);
            let command = match &act.what {
                What::Command(command) => command.clone(),
                What::Completed => Command::RecordRequesterContacted {
                    note: "已电话联系用户补充操作路径和报错信息".into(),
                    description: Some(complete.clone()),
                },
                What::Estimate(ahead) => Command::EstimateResolution {
                    expected_at: at + Duration::seconds(*ahead),
                },
                What::Attach(file, to) => {
                    let (attachment, seed) =
                        attachment(*file, *to, at, kind, &mut text, ids.uuid(at));
                    if self.options.attachment_bytes {
                        drive.blobs.push(AttachmentBlob {
                            id: attachment.id.clone(),
                            bytes: file_bytes(*file, attachment.size as usize, seed),
                        });
                    }
                    Command::AttachFile { attachment }
                }
                What::Attempt(action) => Command::RecordAttempt {
                    action: action.to_string(),
                    consulted: consulted(
                        written[script.kind].as_ref(),
                        &resolved[script.kind],
                        at,
                        &mut text,
                    ),
                },
                What::Archive => {
                    let article = match &source_of {
                        Some(id) => {
                            let event = create_article(
                                id.clone(),
                                article_content(&ticket, kind),
                                ids.stamp(&actor, at - Duration::seconds(60)),
                                &self.standard,
                            )
                            .expect("a draft from a resolved ticket is a valid article");
                            let article = Article::fold([&event]).expect("a created article");
                            drive.article = Some(event);
                            Some(article)
                        }
                        None => written[script.kind]
                            .as_ref()
                            .filter(|w| w.at < at)
                            .map(|w| w.article.clone()),
                    };
                    let Some(article) = article else {
                        let reason = text.pick(&NO_ARTICLE).to_string();
                        let event = decide(
                            &ticket,
                            Command::Archive {
                                no_article_reason: Some(reason),
                            },
                            role,
                            ids.stamp(&actor, at),
                            &self.standard,
                            WorkflowPolicy::default(),
                        )
                        .unwrap_or_else(|e| panic!("the workflow refused the archive: {e}"));
                        ticket.apply(&event);
                        continue;
                    };
                    let events = link_article(
                        &ticket,
                        &article,
                        role,
                        ids.stamp(&actor, at),
                        ids.stamp(&actor, at + Duration::seconds(30)),
                        &self.standard,
                    )
                    .unwrap_or_else(|e| panic!("the workflow refused the link: {e}"));
                    for event in &events {
                        ticket.apply(event);
                    }
                    continue;
                }
            };
            let kind_of = command.kind();
            let event = decide(
                &ticket,
                command,
                role,
                ids.stamp(&actor, at),
                &self.standard,
                WorkflowPolicy::default(),
            )
            .unwrap_or_else(|e| panic!("the workflow refused {kind_of} as {role}: {e}"));
            ticket.apply(&event);
        }
        debug_assert!(ticket.timeline.iter().all(|e| e.applied));
        drive.step = ticket.step;
        drive.events = ticket.timeline.into_iter().map(|e| e.event).collect();
        drive
    }

    /// R5.2: a third of the articles are revised after a retrospective, adding a step and a
    /// later ticket as a source.
    fn revisions(
        &self,
        written: &[Option<Written>],
        resolved: &[Vec<(DateTime<Utc>, TicketNo)>],
    ) -> Vec<ArticleEvent> {
        let mut ids = Ids(self.random(STREAM_ARTICLE_IDS, 0));
        let mut edits = Vec::new();
        for (kind, w) in written.iter().enumerate() {
            let Some(w) = w else { continue };
            let mut random = self.random(STREAM_ARTICLE, kind);
            let room = (self.now - w.at).num_minutes() - 24 * 60;
            if room <= 60 || !random.percent(33) {
                continue;
            }
            let at = w.at + Duration::minutes(24 * 60 + random.between(0, room));
            let mut content = w.article.current().clone();
            content.steps.push("验证问题不再复现,并告知用户".into());
            let past = &resolved[kind];
            let before = past.partition_point(|(r, _)| *r < at);
            if let Some((_, number)) = past[..before]
                .iter()
                .rev()
                .find(|(_, n)| !content.sources.contains(n))
            {
                content.sources.push(*number);
            }
            let note = random.pick(&[
                "复盘后补充验证步骤",
                "补充常见报错说明",
                "根据新版本更新操作步骤",
            ]);
            let event = edit_article(
                &w.article,
                content,
                note,
                Stamp {
                    event_id: EventId(ids.uuid(at)),
                    actor: person(SUPERVISOR),
                    at,
                },
                &self.standard,
            )
            .expect("the revision changes the article and says why");
            edits.push(event);
        }
        edits
    }
}

/// One ticket driven through the workflow.
struct Drive {
    events: Vec<Event>,
    blobs: Vec<AttachmentBlob>,
    /// The article it was the source of.
    article: Option<ArticleEvent>,
    step: Step,
}

/// R3.1: what first line consults before an attempt at `at`: the problem's article if it was
/// written by then, and (mostly when there is none) the last ticket with the problem resolved.
fn consulted(
    written: Option<&Written>,
    resolved: &[(DateTime<Utc>, TicketNo)],
    at: DateTime<Utc>,
    random: &mut Random,
) -> Vec<Reference> {
    let mut consulted = Vec::new();
    if let Some(w) = written.filter(|w| w.at < at) {
        consulted.push(Reference::Article {
            id: w.article.id.0.clone(),
        });
    }
    let before = resolved.partition_point(|(r, _)| *r < at);
    if before > 0 && random.percent(if consulted.is_empty() { 70 } else { 30 }) {
        consulted.push(Reference::PastTicket {
            number: resolved[before - 1].1,
        });
    }
    consulted
}

/// R1.7, R5.1: a plausible file's metadata, and the seed of its bytes.
fn attachment(
    file: File,
    to: AttachedTo,
    at: DateTime<Utc>,
    kind: &Kind,
    random: &mut Random,
    id: String,
) -> (Attachment, u64) {
    let local = at.with_timezone(&beijing());
    let (file_name, media_type, size) = match file {
        File::Screenshot => (
            match random.below(3) {
                0 => format!("屏幕截图 {}.png", local.format("%Y-%m-%d %H%M%S")),
                1 => format!("{}报错截图.png", kind.target()),
                _ => format!("截图_{}.png", local.format("%Y%m%d%H%M%S")),
            },
            "image/png",
            random.between(40_000, 900_000),
        ),
        File::Photo => (
            format!("微信图片_{}.jpg", local.format("%Y%m%d%H%M%S")),
            "image/jpeg",
            random.between(80_000, 1_000_000),
        ),
        File::Log => (
            format!("app-{}.log", local.format("%Y-%m-%d")),
            "text/plain",
            random.between(5_000, 400_000),
        ),
    };
    let attachment = Attachment {
        id: AttachmentId(id),
        file_name,
        media_type: media_type.into(),
        size: size as u64,
        to,
    };
    (attachment, random.next())
}

/// R5.1: the article the way a supervisor saves the prefilled draft, with the problem's name as
/// its title.
fn article_content(ticket: &Ticket, kind: &Kind) -> crate::article::ArticleContent {
    let mut content = draft_from_ticket(ticket)
        .unwrap_or_else(|e| panic!("a source ticket is resolved with a solution: {e}"));
    content.title = kind.symptom();
    content
}

/// The bytes of a generated file: the format's signature, then filler (log lines for a log).
fn file_bytes(file: File, size: usize, seed: u64) -> Vec<u8> {
    let mut random = Random::new(seed, STREAM_TEXT, 0);
    let mut bytes: Vec<u8> = match file {
        File::Screenshot => b"\x89PNG\r\n\x1a\n".to_vec(),
        File::Photo => vec![0xFF, 0xD8, 0xFF, 0xE0],
        File::Log => Vec::new(),
    };
    while bytes.len() < size {
        match file {
            File::Log => bytes.extend_from_slice(
                format!(
                    "2024-03-05 10:{:02}:{:02} ERROR [http-nio-8080-exec-{}] request timeout\n",
                    random.below(60),
                    random.below(60),
                    random.below(200)
                )
                .as_bytes(),
            ),
            _ => bytes.extend_from_slice(&random.next().to_le_bytes()),
        }
    }
    bytes.truncate(size);
    bytes
}

/// UUID v7-shaped ids, as the shell makes them: the time in milliseconds, then random bits.
struct Ids(Random);

impl Ids {
    fn uuid(&mut self, at: DateTime<Utc>) -> String {
        let ms = at.timestamp_millis() as u64;
        let a = self.0.next();
        let b = self.0.next();
        format!(
            "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
            ms >> 16,
            ms & 0xFFFF,
            a & 0xFFF,
            0x8000 | ((a >> 16) & 0x3FFF),
            b & 0xFFFF_FFFF_FFFF
        )
    }

    fn stamp(&mut self, actor: &Person, at: DateTime<Utc>) -> Stamp {
        Stamp {
            event_id: EventId(self.uuid(at)),
            actor: actor.clone(),
            at,
        }
    }
}

/// The team's SLA policies (R7): the default one at first; from 15 months before `now` Chinese
/// public holidays and 调休 on the business calendar; from 5 months before a lunch break and P2
/// in 6 hours.
fn team_policies(now: DateTime<Utc>) -> Vec<SlaPolicy> {
    let year = now.year();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    let mut holidays = Vec::new();
    let mut make_up = Vec::new();
    for y in year - 3..=year + 1 {
        holidays.push(date(y, 1, 1));
        holidays.extend((1..=5).map(|d| date(y, 5, d)));
        holidays.extend((1..=7).map(|d| date(y, 10, d)));
        if let Some(&(_, m, d)) = SPRING_FESTIVAL.iter().find(|(sy, _, _)| *sy == y) {
            let eve = date(y, m, d) - Duration::days(1);
            holidays.extend((0..8).map(|i| eve + Duration::days(i)));
        }
        // 调休: the weekend days just before 1 May and just after 7 October are worked.
        make_up.push(weekend_day(date(y, 4, 30), -1));
        make_up.push(weekend_day(date(y, 10, 8), 1));
    }
    make_up.retain(|d| !holidays.contains(d));
    let holiday_spec = BusinessCalendarSpec {
        holidays,
        make_up_working_days: make_up,
        ..BusinessCalendarSpec::default()
    };
    let lunch_spec = BusinessCalendarSpec {
        lunch_break: Some(LunchBreak {
            starts: NaiveTime::from_hms_opt(12, 0, 0).expect("noon"),
            ends: NaiveTime::from_hms_opt(13, 30, 0).expect("half past one"),
        }),
        ..holiday_spec.clone()
    };
    let with = |spec: &BusinessCalendarSpec| {
        let business = || {
            Calendar::Business(
                BusinessCalendar::new(spec.clone()).expect("the team's calendars are valid"),
            )
        };
        let mut policy = SlaPolicy::default();
        policy.calendars.p2 = business();
        policy.calendars.p3 = business();
        policy.calendars.p4 = business();
        policy
    };
    let mut latest = with(&lunch_spec);
    latest.resolution.p2 = SlaTarget::Minutes(6 * 60);
    vec![SlaPolicy::default(), with(&holiday_spec), latest]
}

/// 春节 (Chinese New Year's day) of the years a benchmark may be run around.
const SPRING_FESTIVAL: [(i32, u32, u32); 10] = [
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
    (2031, 1, 23),
];

/// The nearest Saturday or Sunday from `from`, going `step` days at a time.
fn weekend_day(from: NaiveDate, step: i64) -> NaiveDate {
    let mut day = from;
    while day.weekday().number_from_monday() <= 5 {
        day += Duration::days(step);
    }
    day
}

fn pick_weighted<T: Copy>(random: &mut Random, items: &[(T, u64)]) -> T {
    let total: u64 = items.iter().map(|(_, w)| w).sum();
    let mut x = random.below(total);
    for (item, weight) in items {
        if x < *weight {
            return *item;
        }
        x -= weight;
    }
    items.last().expect("weighted items").0
}

/// xorshift64*, seeded through splitmix64 per (seed, stream, index): enough randomness for
/// synthetic data, the same on every platform, no dependency.
struct Random(u64);

impl Random {
    fn new(seed: u64, stream: u64, index: u64) -> Random {
        let mut z = seed
            ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ index.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Random((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// From `low` to `high`, both included.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1).max(1) as u64) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// In [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::parse_export;

    fn now() -> DateTime<Utc> {
        "2026-10-14T07:30:00Z".parse().expect("an instant")
    }

    fn data() -> &'static BenchData {
        static DATA: std::sync::OnceLock<BenchData> = std::sync::OnceLock::new();
        DATA.get_or_init(|| generate(500, now()))
    }

    #[test]
    fn every_generated_event_applies_when_folded() {
        let data = data();
        let tickets = data.tickets();
        assert_eq!(tickets.len(), 500);
        for ticket in &tickets {
            let unapplied: Vec<_> = ticket.timeline.iter().filter(|e| !e.applied).collect();
            assert!(unapplied.is_empty(), "{}: {unapplied:?}", ticket.number);
        }
    }

    #[test]
    fn about_four_in_five_tickets_are_archived_and_the_rest_are_spread_over_the_steps() {
        let figures = data().figures();
        eprintln!("{figures}");
        eprintln!("{:?}", figures.by_step);
        assert!(
            (0.76..=0.84).contains(&figures.archived_share()),
            "{figures}"
        );
        for (step, count) in &figures.by_step {
            assert!(*count > 0, "no ticket at {step}");
        }
    }

    #[test]
    fn a_ticket_has_12_to_16_events_and_3_to_5_kb_of_export_json_on_average() {
        let data = data();
        let figures = data.figures();
        let per_ticket = figures.events_per_ticket();
        assert!((12.0..=16.0).contains(&per_ticket), "{figures}");
        // The whole file's tickets, measured exactly.
        let header = export(&[], &[], &[], &[], None, &data.export_meta()).len();
        let tickets = export(&data.events, &[], &[], &[], None, &data.export_meta()).len() - header;
        let kb = tickets as f64 / data.ticket_count() as f64 / 1000.0;
        eprintln!("{per_ticket:.1} events and {kb:.2} KB per ticket");
        assert!((3.0..=5.0).contains(&kb), "{kb:.2} KB per ticket");
        assert!((figures.export_bytes_per_ticket / 1000.0 - kb).abs() < 0.01);
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_other_tickets() {
        let once = generate(120, now()).export();
        assert_eq!(once, generate(120, now()).export());
        let other = generate_with(
            120,
            now(),
            &Options {
                seed: 7,
                ..Options::default()
            },
        );
        let ids: std::collections::HashSet<&EventId> =
            data().events.iter().map(|e| &e.id).collect();
        assert!(other.events.iter().all(|e| !ids.contains(&e.id)));
    }

    #[test]
    fn tickets_are_numbered_per_day_in_opening_order_over_two_years() {
        let data = data();
        let tickets = data.tickets();
        let mut numbers: Vec<TicketNo> = tickets.iter().map(|t| t.number).collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), tickets.len(), "numbers are unique");
        assert!(tickets
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at));
        let first = tickets.first().expect("tickets").created_at;
        assert!(first < now() - Duration::days(600) && first > now() - Duration::days(731));
        assert!(data.events.iter().all(|e| e.at <= now()));
        assert!(data.articles.iter().all(|e| e.at <= now()));
    }

    #[test]
    fn most_archived_tickets_link_an_article_and_articles_are_written_before_they_are_linked() {
        let data = data();
        let articles = data.folded_articles();
        let created: std::collections::HashMap<String, DateTime<Utc>> = articles
            .iter()
            .map(|a| (a.id.0.clone(), a.history()[0].at))
            .collect();
        let archived: Vec<Ticket> = data
            .tickets()
            .into_iter()
            .filter(|t| t.step == Step::Archived)
            .collect();
        let linked = archived.iter().filter(|t| !t.knowledge.is_empty()).count();
        assert!(
            linked * 10 > archived.len() * 7,
            "{linked} of {}",
            archived.len()
        );
        for ticket in data.tickets() {
            for entry in &ticket.timeline {
                let at = entry.event.at;
                let ids: Vec<&str> = match &entry.event.kind {
                    crate::EventKind::ArticleLinked { article } => vec![&article.id],
                    crate::EventKind::AttemptRecorded { consulted, .. } => consulted
                        .iter()
                        .filter_map(|r| match r {
                            Reference::Article { id } => Some(id.as_str()),
                            Reference::PastTicket { .. } => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                for id in ids {
                    assert!(
                        created[id] < at,
                        "{id} used by {} before it was written",
                        ticket.number
                    );
                }
            }
        }
        // Article ids go up in the order they were written.
        let mut by_time: Vec<(DateTime<Utc>, &ArticleId)> = articles
            .iter()
            .map(|a| (a.history()[0].at, &a.id))
            .collect();
        by_time.sort();
        assert!(by_time.windows(2).all(|w| w[0].1 < w[1].1));
        assert!(
            articles.iter().any(|a| a.history().len() > 1),
            "some are revised"
        );
    }

    #[test]
    fn the_export_reads_back_and_carries_the_articles() {
        let data = data();
        let file = parse_export(data.export().as_bytes()).expect("the export reads back");
        assert_eq!(file.events.len(), data.events.len());
        assert_eq!(file.articles.len(), data.articles.len());
    }

    #[test]
    fn sla_timelines_are_ordered_and_pinned_to_the_team_policies() {
        let sla = data().sla();
        assert_eq!(sla.tickets.len(), 500);
        for ticket in &sla.tickets {
            ticket.timeline.check().expect("ordered facts");
        }
        let used: std::collections::BTreeSet<usize> =
            sla.tickets.iter().map(|t| t.policy).collect();
        assert_eq!(used.len(), 3, "tickets under each of the three policies");
        assert_eq!(sla.open().count(), data().figures().open);
    }

    #[test]
    fn search_finds_the_frequent_problems() {
        let data = data();
        let index = crate::SearchIndex::build(data.search_docs());
        for query in ["验证码", "打印机脱机", "VPN 证书过期", "tomcat"] {
            assert!(!index.search(query, 10).is_empty(), "{query}");
        }
    }

    #[test]
    fn attachment_bytes_are_made_only_when_asked_and_match_their_metadata() {
        assert!(data().attachments.is_empty());
        let with = generate_with(
            40,
            now(),
            &Options {
                attachment_bytes: true,
                ..Options::default()
            },
        );
        assert!(!with.attachments.is_empty());
        let file = parse_export(with.export().as_bytes()).expect("sizes and checksums match");
        assert_eq!(file.attachments.len(), with.attachments.len());
    }
}
