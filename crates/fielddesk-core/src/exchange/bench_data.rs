//! Generated tickets and knowledge-base articles for the exchange benchmarks (native
//! `examples/exchange_bench.rs` and the app's in-browser `tests/transfer_bench.rs`), so both
//! measure the same workload.

use chrono::{Days, NaiveDate, TimeZone, Utc};

use crate::{
    ArticleContent, ArticleEvent, ArticleEventKind, ArticleId, Event, EventId, EventKind, Person,
    Priority, TicketId, TicketNo,
};

/// `count` articles `KB-0001` upwards, each written and revised once (two events); event ids
/// start with `device`, so two devices' sets are different articles with the same ids.
pub fn articles(count: usize, device: &str) -> Vec<ArticleEvent> {
    let author = Person {
        name: "赵六".into(),
        employee_id: "TS300".into(),
    };
    let at = Utc
        .with_ymd_and_hms(2023, 1, 1, 2, 0, 0)
        .single()
        .expect("valid time");
    let content = |i: usize, steps: usize| ArticleContent {
        title: format!("OA登录提示验证码错误 {i}"),
        symptoms: "10:00登录OA系统时提示'验证码错误',已尝试3次均失败".into(),
        cause: "缓存异常".into(),
        steps: ["清理浏览器缓存", "重启Tomcat服务", "确认验证码恢复正常"][..steps]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        categories: vec![],
        sources: vec![],
    };
    let mut events = Vec::with_capacity(count * 2);
    for i in 0..count {
        let article = ArticleId(format!("KB-{:04}", i + 1));
        events.push(ArticleEvent {
            id: EventId(format!("{device}-article-{i:06}-1")),
            article: article.clone(),
            seq: 1,
            actor: author.clone(),
            at,
            kind: ArticleEventKind::ArticleCreated {
                content: content(i, 2),
            },
        });
        events.push(ArticleEvent {
            id: EventId(format!("{device}-article-{i:06}-2")),
            article,
            seq: 2,
            actor: author.clone(),
            at,
            kind: ArticleEventKind::ArticleEdited {
                content: content(i, 3),
                note: "复盘后补充验证步骤".into(),
            },
        });
    }
    events
}

/// `count` open tickets of four events each (created, assigned, priority raised, progress), 50 a
/// day from 2023-01-01; ids start with `device`, so two devices' sets differ.
pub fn tickets(count: usize, device: &str) -> Vec<Event> {
    let clerk = Person {
        name: "李四".into(),
        employee_id: "TS100".into(),
    };
    let intake = crate::example::zhang_san_intake();
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date");
    let at = Utc
        .with_ymd_and_hms(2023, 1, 1, 2, 0, 0)
        .single()
        .expect("valid time");
    let mut events = Vec::with_capacity(count * 4);
    for i in 0..count {
        // 50 tickets a day, as a busy team.
        let day = start + Days::new((i / 50) as u64);
        let number = TicketNo::new(day, (i % 50) as u32 + 1).expect("serial from 1");
        let ticket = TicketId(format!("{device}-ticket-{i:06}"));
        let kinds = [
            EventKind::TicketCreated {
                number,
                intake: intake.clone(),
                sla_policy: None,
            },
            EventKind::Assigned {
                handler: clerk.clone(),
            },
            EventKind::PriorityConfirmed {
                priority: Priority::P1,
                reason: Some("P2调整为P1,因该故障导致全部门无法登录系统".into()),
            },
            EventKind::ProgressUpdated {
                note: "已排查数据库连接,确认网络链路正常,正在分析应用日志".into(),
            },
        ];
        for (seq, kind) in kinds.into_iter().enumerate() {
            events.push(Event {
                id: EventId(format!("{}-{seq}", ticket.0)),
                ticket: ticket.clone(),
                seq: seq as u64 + 1,
                actor: clerk.clone(),
                at,
                kind,
            });
        }
    }
    events
}
