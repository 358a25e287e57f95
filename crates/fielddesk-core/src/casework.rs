//! Test tickets driven through the real `open_ticket` and `decide`, at hand-picked instants, for
//! the knowledge, search, recurrence and report tests.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

use crate::event::{Event, EventId, TicketId};
use crate::feedback::{Feedback, Taken, WorkflowPolicy};
use crate::intake::{Description, IntakeForm};
use crate::knowledge::Reference;
use crate::model::{default_channels, Person, Priority};
use crate::numbering::TicketNo;
use crate::roles::{Role, Supporter};
use crate::sla::SlaPolicy;
use crate::standard::{Category, CategoryStandard};
use crate::ticket::{open_ticket, Stamp, Ticket};
use crate::workflow::{decide, Command};

/// Beijing time, for writing test instants as the team reads them.
pub(crate) fn beijing(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(8 * 3600)
        .expect("a valid offset")
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("a valid test time")
        .with_timezone(&Utc)
}

pub(crate) fn person(name: &str, id: &str) -> Person {
    Person {
        name: name.into(),
        employee_id: id.into(),
    }
}

pub(crate) fn category(text: &str) -> Category {
    text.parse().expect("a category from the default standard")
}

fn zhang_san() -> Person {
    person("张三", "TS001")
}

/// Who acts in each role.
fn actor(role: Role) -> Person {
    match role {
        Role::Requester => zhang_san(),
        Role::FirstLine => person("李四", "TS100"),
        Role::SecondLine => person("王五", "TS200"),
        Role::Supervisor => person("赵六", "TS300"),
        Role::Manager => person("钱七", "TS400"),
    }
}

/// Opens tickets with distinct numbers.
#[derive(Default)]
pub(crate) struct Casebook {
    numbers: Vec<TicketNo>,
}

impl Casebook {
    /// A ticket from 张三 with `symptom`, requested at `priority`, opened at `at` by 李四.
    pub(crate) fn open(&mut self, symptom: &str, priority: Priority, at: DateTime<Utc>) -> Case {
        let form = IntakeForm {
            submitter: crate::example::submitter(),
            description: Description {
                symptom: symptom.into(),
                ..Description::default()
            },
            channel: "工单系统".into(),
            requested_priority: Some(priority),
        };
        let id = self.numbers.len();
        let created = open_ticket(
            &form,
            &default_channels(),
            TicketId(format!("t{id}")),
            Stamp {
                event_id: EventId(format!("t{id}-e0")),
                actor: actor(Role::FirstLine),
                at,
            },
            &self.numbers,
            &SlaPolicy::default(),
        )
        .expect("a complete form");
        let ticket = Ticket::fold([&created]).expect("a created ticket");
        self.numbers.push(ticket.number);
        Case {
            events: vec![created],
            ticket,
            standard: CategoryStandard::default(),
        }
    }
}

/// One ticket's log and its folded state.
pub(crate) struct Case {
    pub(crate) events: Vec<Event>,
    pub(crate) ticket: Ticket,
    standard: CategoryStandard,
}

impl Case {
    pub(crate) fn act(&mut self, role: Role, command: Command, at: DateTime<Utc>) -> &mut Case {
        let stamp = Stamp {
            event_id: EventId(format!("{}-e{}", self.ticket.id.0, self.events.len())),
            actor: actor(role),
            at,
        };
        let event = match decide(
            &self.ticket,
            command,
            role,
            stamp,
            &self.standard,
            WorkflowPolicy::default(),
        ) {
            Ok(event) => event,
            Err(error) => panic!("refused: {error}"),
        };
        self.ticket.apply(&event);
        self.events.push(event);
        self
    }

    /// R1.6, R2.1, R2.2: 李四 takes the ticket at `at` (the first response), tags it with
    /// `category` and confirms the requested priority, all at `at`.
    pub(crate) fn classify(&mut self, category_text: &str, at: DateTime<Utc>) -> &mut Case {
        let priority = self.ticket.requested_priority();
        self.act(
            Role::FirstLine,
            Command::Assign {
                handler: actor(Role::FirstLine),
            },
            at,
        )
        .act(
            Role::FirstLine,
            Command::Classify {
                categories: vec![category(category_text)],
            },
            at,
        )
        .act(
            Role::FirstLine,
            Command::ConfirmPriority {
                priority,
                reason: None,
            },
            at,
        )
    }

    /// R3.1, R3.2: first line tries something and escalates to 王五, both at `at`.
    pub(crate) fn escalate(&mut self, at: DateTime<Utc>) -> &mut Case {
        self.act(
            Role::FirstLine,
            Command::RecordAttempt {
                action: "重启服务".into(),
                consulted: vec![Reference::Article {
                    id: "KB-0001".into(),
                }],
            },
            at,
        )
        .act(
            Role::FirstLine,
            Command::Escalate {
                reason: "一线1小时未解决".into(),
                supporters: vec![Supporter {
                    person: actor(Role::SecondLine),
                    role: "开发工程师".into(),
                }],
            },
            at,
        )
    }

    /// R3.3, R5.1, R4.1: root cause, fix and verification, all at `at`, by whoever handles it.
    pub(crate) fn fix(&mut self, cause: &str, solution: &str, at: DateTime<Utc>) -> &mut Case {
        let role = if self.ticket.escalation.is_some() {
            Role::SecondLine
        } else {
            Role::FirstLine
        };
        self.act(
            role,
            Command::RecordRootCause {
                root_cause: cause.into(),
                plan: "按步骤处理".into(),
            },
            at,
        )
        .act(
            role,
            Command::ApplyFix {
                solution: solution.into(),
            },
            at,
        )
        .act(
            role,
            Command::Verify {
                note: "测试环境验证通过".into(),
            },
            at,
        )
    }

    /// R4.2: the requester's feedback at `at`.
    pub(crate) fn feedback(&mut self, result: Feedback, at: DateTime<Utc>) -> &mut Case {
        self.act(
            Role::Requester,
            Command::RecordFeedback {
                result,
                confirmation: "张三确认".into(),
                taken: Taken::Remotely,
            },
            at,
        )
    }

    /// Fixed and confirmed 已解决 at `at`.
    pub(crate) fn resolve(&mut self, at: DateTime<Utc>) -> &mut Case {
        self.fix("缓存异常", "清理浏览器缓存\n重启Tomcat服务", at)
            .feedback(Feedback::Resolved, at)
    }
}
