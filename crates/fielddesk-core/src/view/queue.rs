//! The queue: which tickets a query keeps, in which order, and the clock each row leads with.

use chrono::{DateTime, Utc};

use crate::model::Priority;
use crate::report::SlaPolicies;
use crate::sla::{ClockReading, ClockState, SlaReport};
use crate::standard::Category;
use crate::ticket::Ticket;
use crate::workflow::Step;

/// The clock a queue row shows: the live one that needs attention first — breached, then at
/// risk, then running, then paused — and among equals the one due first. `None` when no clock
/// is live (a resolved ticket, or every clock met).
pub fn headline(report: &SlaReport) -> Option<ClockReading> {
    let attention = |state: ClockState| match state {
        ClockState::Breached { .. } => Some(0),
        ClockState::AtRisk => Some(1),
        ClockState::Running => Some(2),
        ClockState::Paused => Some(3),
        ClockState::Met { .. } | ClockState::NotApplicable => None,
    };
    report
        .readings
        .iter()
        .filter(|r| r.is_live())
        .filter_map(|r| Some((attention(r.state)?, r)))
        .min_by_key(|(rank, r)| (*rank, r.due.is_none(), r.due))
        .map(|(_, r)| r.clone())
}

/// Which clocks a query keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlaFilter {
    #[default]
    Any,
    AtRisk,
    Breached,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first (the order tickets are kept in).
    #[default]
    Newest,
    /// The headline clock's due instant, earliest first; tickets with none last.
    SlaDue,
}

/// What the queue's search box and filters ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Matched, lower-cased, against [`search_text`].
    pub text: String,
    pub step: Option<Step>,
    pub priority: Option<Priority>,
    pub category: Option<Category>,
    /// Tickets this person handles or supports (employee id).
    pub person: Option<String>,
    /// Only the tickets of the person acting on this browser; none while nobody is chosen.
    pub mine: bool,
    pub sla: SlaFilter,
    pub sort: Sort,
}

/// What the search box looks in: number, symptom, requester, department, channel, categories
/// and handler, lower-cased (made once per ticket change, not per keystroke).
pub fn search_text(ticket: &Ticket) -> String {
    let s = &ticket.intake.submitter;
    let mut text = format!(
        "{} {} {} {} {} {}",
        ticket.number,
        ticket.intake.description.symptom,
        s.name,
        s.employee_id,
        s.department,
        ticket.intake.channel
    );
    for c in &ticket.categories {
        text.push(' ');
        text.push_str(&c.to_string());
    }
    if let Some(h) = &ticket.first_line {
        text.push(' ');
        text.push_str(&h.name);
    }
    text.to_lowercase()
}

/// The ticket's handler or one of its second-line supporters is `employee_id`.
pub fn involves(ticket: &Ticket, employee_id: &str) -> bool {
    ticket
        .first_line
        .as_ref()
        .is_some_and(|p| p.employee_id == employee_id)
        || ticket
            .second_line
            .iter()
            .any(|s| s.person.employee_id == employee_id)
}

/// The indexes of the `tickets` the query keeps, in display order. `texts[i]` is
/// `search_text(&tickets[i])`; `me` is the person acting, if chosen; clocks are read at `now`.
pub fn select(
    tickets: &[Ticket],
    texts: &[impl AsRef<str>],
    query: &Query,
    me: Option<&str>,
    policies: &SlaPolicies<'_>,
    now: DateTime<Utc>,
) -> Vec<usize> {
    let needle = query.text.trim().to_lowercase();
    let needs_clocks = query.sla != SlaFilter::Any || query.sort == Sort::SlaDue;
    if query.mine && me.is_none() {
        return Vec::new();
    }
    let mut rows: Vec<(usize, Option<DateTime<Utc>>)> = tickets
        .iter()
        .enumerate()
        .filter(|(_, t)| query.step.is_none_or(|s| t.step == s))
        .filter(|(_, t)| query.priority.is_none_or(|p| t.priority() == p))
        .filter(|(_, t)| {
            query
                .category
                .as_ref()
                .is_none_or(|c| t.categories.contains(c))
        })
        .filter(|(_, t)| query.person.as_deref().is_none_or(|p| involves(t, p)))
        .filter(|(_, t)| !query.mine || me.is_some_and(|me| involves(t, me)))
        .filter(|(i, _)| {
            needle.is_empty() || texts.get(*i).is_some_and(|h| h.as_ref().contains(&needle))
        })
        .filter_map(|(i, t)| {
            if !needs_clocks {
                return Some((i, None));
            }
            let head = headline(&super::clocks(t, policies, now));
            let keep = match query.sla {
                SlaFilter::Any => true,
                SlaFilter::AtRisk => head.as_ref().is_some_and(|h| h.state == ClockState::AtRisk),
                SlaFilter::Breached => head
                    .as_ref()
                    .is_some_and(|h| matches!(h.state, ClockState::Breached { .. })),
            };
            keep.then(|| (i, head.and_then(|h| h.due)))
        })
        .collect();
    if query.sort == Sort::SlaDue {
        rows.sort_by_key(|(_, due)| (due.is_none(), *due));
    }
    rows.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, Casebook};
    use crate::sla::{PolicyBook, SlaPolicy};

    fn policies<'a>(book: &'a PolicyBook, default: &'a SlaPolicy) -> SlaPolicies<'a> {
        SlaPolicies { book, default }
    }

    #[test]
    fn a_breached_clock_leads_the_row_before_one_due_sooner() {
        let mut book = Casebook::default();
        // Opened Friday 2023-10-27 10:00 (Beijing), P2. At 10:30 first response (10 minutes,
        // due 10:10) is breached; resolution (8 working hours, due Monday 10:00) still runs.
        let ticket = book
            .open(
                "登录时提示验证码错误",
                Priority::P2,
                beijing(2023, 10, 27, 10, 0),
            )
            .ticket;
        let (b, d) = (PolicyBook::default(), SlaPolicy::default());
        let report =
            super::super::clocks(&ticket, &policies(&b, &d), beijing(2023, 10, 27, 10, 30));
        let head = headline(&report).expect("clocks run");
        assert_eq!(head.clock, crate::sla::SlaClock::FirstResponse);
        assert!(matches!(head.state, ClockState::Breached { .. }));
    }

    #[test]
    fn filters_search_and_mine_keep_what_they_say() {
        let mut book = Casebook::default();
        let at = beijing(2023, 10, 27, 10, 0);
        let mut first = book.open("登录时提示验证码错误", Priority::P2, at);
        first.classify("系统故障-登录异常", at);
        let second = book.open("打印机卡纸", Priority::P4, at);
        let tickets = vec![first.ticket, second.ticket];
        let texts: Vec<String> = tickets.iter().map(search_text).collect();
        let (b, d) = (PolicyBook::default(), SlaPolicy::default());
        let p = policies(&b, &d);
        let run = |query: &Query, me| select(&tickets, &texts, query, me, &p, at);

        assert_eq!(run(&Query::default(), None), [0, 1]);
        let text = Query {
            text: "验证码".into(),
            ..Query::default()
        };
        assert_eq!(run(&text, None), [0]);
        let p4 = Query {
            priority: Some(Priority::P4),
            ..Query::default()
        };
        assert_eq!(run(&p4, None), [1]);
        let mine = Query {
            mine: true,
            ..Query::default()
        };
        // 李四 TS100 took the first ticket; with nobody chosen, "mine" keeps nothing.
        assert_eq!(run(&mine, Some("TS100")), [0]);
        assert_eq!(run(&mine, None), Vec::<usize>::new());
    }
}
