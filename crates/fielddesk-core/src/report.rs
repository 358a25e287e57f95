//! R5.3: the monthly efficiency report (问题解决效率分析报告), computed from folded tickets.
//!
//! # Definitions
//!
//! - **Month of a ticket**: the month in which it was *opened* (`created_at`), in the team's time
//!   zone. A month runs from local midnight on its first day to local midnight on the next
//!   month's first day.
//! - **As of**: the report reads every later fact (resolution, escalation, feedback, SLA clocks)
//!   at the instant `as_of`; a ticket opened in the month and resolved after `as_of` is unresolved
//!   in the report.
//! - **Handling time**: from opening to the requester's 已解决 (`resolved_at`), wall-clock time,
//!   for resolved tickets. Means are to the second, rounded down; the median of an even count is
//!   the mean of the middle two.
//! - **Resolution rate**: resolved / opened.
//! - **First-contact resolution**: resolved without escalation to second line (R3.2) and without
//!   a 部分解决/未解决 feedback round (R4.3); the rate is over resolved tickets.
//! - **Escalation rate**, **reopen rate**: tickets escalated / opened, tickets with at least one
//!   部分解决/未解决 feedback (R4.3, the fix did not hold) / opened.
//! - **Categories**: a ticket counts once under each of its category tags (R2.1), so category
//!   counts may add up to more than the tickets; an unclassified ticket counts under `None`.
//! - **SLA compliance**: every run of every clock of the month's tickets, from `sla::audit` under
//!   each ticket's pinned policy at `as_of`, grouped by clock and by the ticket's confirmed priority:
//!   met / (met + missed); pending runs are listed but not in the rate.
//! - **Top problems**: the five categories with most tickets; ties go to the category first in
//!   `大类-小类` order, so every device shows the same list.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::feedback::Feedback;
use crate::model::Priority;
use crate::sla::{audit, timeline_of, Outcome, PolicyBook, SlaClock, SlaPolicy};
use crate::standard::Category;
use crate::ticket::Ticket;

/// A calendar month, e.g. 2023-10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("R5.3: {year}-{month} is not a month")]
    InvalidMonth { year: i32, month: u32 },
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Result<Self, ReportError> {
        match NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        {
            Some(_) => Ok(YearMonth { year, month }),
            None => Err(ReportError::InvalidMonth { year, month }),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn previous(self) -> YearMonth {
        match self.month {
            1 => YearMonth {
                year: self.year - 1,
                month: 12,
            },
            m => YearMonth {
                year: self.year,
                month: m - 1,
            },
        }
    }

    fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("checked in YearMonth::new")
    }

    /// `[start, end)` of the month in `zone`.
    pub fn bounds(self, zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let first = self.first_day();
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .expect("checked in YearMonth::new");
        (local_midnight(first, zone), local_midnight(next, zone))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The first instant of `date` in `zone`; where a time-zone change skips midnight, the first
/// local hour that exists.
fn local_midnight(date: NaiveDate, zone: Tz) -> DateTime<Utc> {
    (0..3)
        .find_map(|hour| {
            let local = date.and_hms_opt(hour, 0, 0)?;
            zone.from_local_datetime(&local).earliest()
        })
        .map_or_else(
            || date.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// A share, kept as its two counts so it can be shown exactly and compared without rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub part: u32,
    pub whole: u32,
}

impl Ratio {
    /// `None` when there is nothing to divide by.
    pub fn percent(self) -> Option<f64> {
        (self.whole > 0).then(|| f64::from(self.part) * 100.0 / f64::from(self.whole))
    }
}

/// The figures compared month to month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Headline {
    pub opened: u32,
    pub resolved: u32,
    pub resolution_rate: Ratio,
    pub first_contact_resolution: Ratio,
    pub escalation_rate: Ratio,
    pub reopen_rate: Ratio,
    pub mean_handling: Option<Duration>,
    pub median_handling: Option<Duration>,
    pub sla_compliance: Ratio,
}

/// This month minus the previous one; rates in percentage points. `None` where either month has
/// no figure.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeadlineChange {
    pub opened: i64,
    pub resolved: i64,
    pub resolution_rate_points: Option<f64>,
    pub first_contact_resolution_points: Option<f64>,
    pub escalation_rate_points: Option<f64>,
    pub reopen_rate_points: Option<f64>,
    pub mean_handling: Option<Duration>,
    pub median_handling: Option<Duration>,
    pub sla_compliance_points: Option<f64>,
}

impl HeadlineChange {
    fn between(now: &Headline, before: &Headline) -> Self {
        let points = |a: Ratio, b: Ratio| Some(a.percent()? - b.percent()?);
        let minus = |a: Option<Duration>, b: Option<Duration>| Some(a? - b?);
        HeadlineChange {
            opened: i64::from(now.opened) - i64::from(before.opened),
            resolved: i64::from(now.resolved) - i64::from(before.resolved),
            resolution_rate_points: points(now.resolution_rate, before.resolution_rate),
            first_contact_resolution_points: points(
                now.first_contact_resolution,
                before.first_contact_resolution,
            ),
            escalation_rate_points: points(now.escalation_rate, before.escalation_rate),
            reopen_rate_points: points(now.reopen_rate, before.reopen_rate),
            mean_handling: minus(now.mean_handling, before.mean_handling),
            median_handling: minus(now.median_handling, before.median_handling),
            sla_compliance_points: points(now.sla_compliance, before.sla_compliance),
        }
    }
}

/// One category's tickets; `category` is `None` for unclassified tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRow {
    pub category: Option<Category>,
    pub tickets: u32,
    pub resolved: u32,
    pub mean_handling: Option<Duration>,
    pub median_handling: Option<Duration>,
}

/// The runs of one clock for tickets of one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaRow {
    pub clock: SlaClock,
    pub priority: Priority,
    pub met: u32,
    pub missed: u32,
    pub pending: u32,
}

impl SlaRow {
    pub fn compliance(&self) -> Ratio {
        Ratio {
            part: self.met,
            whole: self.met + self.missed,
        }
    }
}

/// R5.3: the monthly efficiency report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub month: YearMonth,
    pub as_of: DateTime<Utc>,
    pub headline: Headline,
    pub previous: Headline,
    pub change: HeadlineChange,
    /// Most tickets first, ties in category order; unclassified last.
    pub by_category: Vec<CategoryRow>,
    /// Tickets per confirmed priority, P1 to P4.
    pub by_priority: [(Priority, u32); 4],
    /// Clock by clock (`SlaClock::ALL` order), P1 to P4; only combinations with a run.
    pub sla: Vec<SlaRow>,
    /// Up to five categories with most tickets, with their counts.
    pub top_problems: Vec<(Category, u32)>,
}

/// What the SLA engine needs to audit a ticket: the pinned policies and the default for tickets
/// opened before pinning.
pub struct SlaPolicies<'a> {
    pub book: &'a PolicyBook,
    pub default: &'a SlaPolicy,
}

/// R5.3: the report of `month` in the team's zone (`SlaPolicy::team_zone` of the current policy, the zone
/// tickets are numbered in), read at `as_of`, with the previous month for comparison. `tickets`
/// may hold any months; only the two months' tickets are read.
pub fn monthly_report(
    tickets: &[Ticket],
    month: YearMonth,
    as_of: DateTime<Utc>,
    policies: &SlaPolicies<'_>,
) -> Report {
    let zone = policies.default.team_zone();
    let current = opened_in(tickets, month, zone);
    let before = opened_in(tickets, month.previous(), zone);
    let facts: Vec<Facts> = current.iter().map(|t| Facts::of(t, as_of)).collect();
    let sla = sla_rows(&current, as_of, policies);
    let headline = headline(&facts, &sla);
    let previous_facts: Vec<Facts> = before.iter().map(|t| Facts::of(t, as_of)).collect();
    let previous = self::headline(&previous_facts, &sla_rows(&before, as_of, policies));
    let by_category = category_rows(&current, &facts);
    let top_problems = by_category
        .iter()
        .filter_map(|row| Some((row.category.clone()?, row.tickets)))
        .take(5)
        .collect();
    let mut by_priority = Priority::ALL.map(|p| (p, 0));
    for ticket in &current {
        by_priority[ticket.priority() as usize].1 += 1;
    }
    Report {
        month,
        as_of,
        change: HeadlineChange::between(&headline, &previous),
        headline,
        previous,
        by_category,
        by_priority,
        sla,
        top_problems,
    }
}

fn opened_in(tickets: &[Ticket], month: YearMonth, zone: Tz) -> Vec<&Ticket> {
    let (start, end) = month.bounds(zone);
    tickets
        .iter()
        .filter(|t| t.created_at >= start && t.created_at < end)
        .collect()
}

/// What the report needs of one ticket, read at `as_of`.
struct Facts {
    handling: Option<Duration>,
    escalated: bool,
    reopened: bool,
}

impl Facts {
    fn of(ticket: &Ticket, as_of: DateTime<Utc>) -> Facts {
        Facts {
            handling: ticket
                .resolved_at
                .filter(|at| *at <= as_of)
                .map(|at| at - ticket.created_at),
            escalated: ticket.escalation.as_ref().is_some_and(|e| e.at <= as_of),
            reopened: ticket
                .feedback
                .iter()
                .any(|f| f.at <= as_of && f.result != Feedback::Resolved),
        }
    }

    fn first_contact(&self) -> bool {
        self.handling.is_some() && !self.escalated && !self.reopened
    }
}

fn headline(facts: &[Facts], sla: &[SlaRow]) -> Headline {
    let count = |f: &dyn Fn(&Facts) -> bool| facts.iter().filter(|x| f(x)).count() as u32;
    let opened = facts.len() as u32;
    let resolved = count(&|f| f.handling.is_some());
    let times: Vec<Duration> = facts.iter().filter_map(|f| f.handling).collect();
    let (mean_handling, median_handling) = mean_and_median(times);
    Headline {
        opened,
        resolved,
        resolution_rate: Ratio {
            part: resolved,
            whole: opened,
        },
        first_contact_resolution: Ratio {
            part: count(&Facts::first_contact),
            whole: resolved,
        },
        escalation_rate: Ratio {
            part: count(&|f| f.escalated),
            whole: opened,
        },
        reopen_rate: Ratio {
            part: count(&|f| f.reopened),
            whole: opened,
        },
        mean_handling,
        median_handling,
        sla_compliance: sla.iter().fold(Ratio::default(), |sum, row| Ratio {
            part: sum.part + row.met,
            whole: sum.whole + row.met + row.missed,
        }),
    }
}

fn mean_and_median(mut times: Vec<Duration>) -> (Option<Duration>, Option<Duration>) {
    if times.is_empty() {
        return (None, None);
    }
    times.sort_unstable();
    let n = times.len();
    let seconds: i64 = times.iter().map(|t| t.num_seconds()).sum();
    let mean = Duration::seconds(seconds / n as i64);
    let median = match n % 2 {
        1 => times[n / 2],
        _ => Duration::seconds((times[n / 2 - 1].num_seconds() + times[n / 2].num_seconds()) / 2),
    };
    (Some(mean), Some(median))
}

fn category_rows(tickets: &[&Ticket], facts: &[Facts]) -> Vec<CategoryRow> {
    let mut groups: BTreeMap<Option<&Category>, Vec<&Facts>> = BTreeMap::new();
    for (ticket, facts) in tickets.iter().zip(facts) {
        if ticket.categories.is_empty() {
            groups.entry(None).or_default().push(facts);
        }
        for category in &ticket.categories {
            groups.entry(Some(category)).or_default().push(facts);
        }
    }
    let mut rows: Vec<CategoryRow> = groups
        .into_iter()
        .map(|(category, group)| {
            let times: Vec<Duration> = group.iter().filter_map(|f| f.handling).collect();
            let resolved = times.len() as u32;
            let (mean_handling, median_handling) = mean_and_median(times);
            CategoryRow {
                category: category.cloned(),
                tickets: group.len() as u32,
                resolved,
                mean_handling,
                median_handling,
            }
        })
        .collect();
    // Unclassified last, then most tickets first, then category order.
    rows.sort_by(|a, b| {
        a.category
            .is_none()
            .cmp(&b.category.is_none())
            .then(b.tickets.cmp(&a.tickets))
            .then_with(|| a.category.cmp(&b.category))
    });
    rows
}

fn sla_rows(tickets: &[&Ticket], as_of: DateTime<Utc>, policies: &SlaPolicies<'_>) -> Vec<SlaRow> {
    let mut tally: BTreeMap<(SlaClock, Priority), SlaRow> = BTreeMap::new();
    for ticket in tickets {
        let policy = policies.book.for_ticket(ticket, policies.default);
        let priority = ticket.priority();
        for entry in audit(&timeline_of(ticket), policy, as_of) {
            let row = tally.entry((entry.clock, priority)).or_insert(SlaRow {
                clock: entry.clock,
                priority,
                met: 0,
                missed: 0,
                pending: 0,
            });
            match entry.outcome {
                Outcome::Met { .. } => row.met += 1,
                Outcome::Missed { .. } => row.missed += 1,
                Outcome::Pending => row.pending += 1,
                // A migrated ticket's clocks: neither met nor missed.
                Outcome::Unknown => {}
            }
        }
    }
    tally.into_values().collect()
}

/// R5.3: the report as CSV for spreadsheets, one figure per row, with language-neutral column
/// names and measure keys (the shell translates them if it wants); category names stay as the
/// team wrote them. The text starts with the UTF-8 byte-order mark, so Excel reads the Chinese
/// correctly: write it out as it is. Lines end in CRLF (RFC 4180).
///
/// Columns: `section,category,priority,clock,measure,value`. Rates are percent and changes of
/// rates percentage points, both with two decimals; times are minutes with one decimal; a figure
/// without a value (no ticket to divide by) is empty. An empty category in the `category`
/// section means unclassified.
pub fn report_csv(report: &Report) -> String {
    let mut out = String::from("\u{FEFF}section,category,priority,clock,measure,value\r\n");
    let mut row = |section: &str,
                   category: &str,
                   priority: &str,
                   clock: &str,
                   measure: &str,
                   value: String| {
        let cells = [
            section,
            &text_cell(category),
            priority,
            clock,
            measure,
            &value,
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    row("report", "", "", "", "month", report.month.to_string());
    row(
        "report",
        "",
        "",
        "",
        "previous_month",
        report.month.previous().to_string(),
    );
    row("report", "", "", "", "as_of", report.as_of.to_rfc3339());
    for (section, headline) in [
        ("headline", &report.headline),
        ("previous_month", &report.previous),
    ] {
        row(section, "", "", "", "opened", headline.opened.to_string());
        row(
            section,
            "",
            "",
            "",
            "resolved",
            headline.resolved.to_string(),
        );
        row(
            section,
            "",
            "",
            "",
            "resolution_rate_percent",
            percent(headline.resolution_rate),
        );
        row(
            section,
            "",
            "",
            "",
            "first_contact_resolution_percent",
            percent(headline.first_contact_resolution),
        );
        row(
            section,
            "",
            "",
            "",
            "escalation_rate_percent",
            percent(headline.escalation_rate),
        );
        row(
            section,
            "",
            "",
            "",
            "reopen_rate_percent",
            percent(headline.reopen_rate),
        );
        row(
            section,
            "",
            "",
            "",
            "mean_handling_minutes",
            minutes(headline.mean_handling),
        );
        row(
            section,
            "",
            "",
            "",
            "median_handling_minutes",
            minutes(headline.median_handling),
        );
        row(
            section,
            "",
            "",
            "",
            "sla_compliance_percent",
            percent(headline.sla_compliance),
        );
    }
    let change = &report.change;
    let points = |p: Option<f64>| p.map_or_else(String::new, |p| format!("{p:.2}"));
    row("change", "", "", "", "opened", change.opened.to_string());
    row(
        "change",
        "",
        "",
        "",
        "resolved",
        change.resolved.to_string(),
    );
    row(
        "change",
        "",
        "",
        "",
        "resolution_rate_points",
        points(change.resolution_rate_points),
    );
    row(
        "change",
        "",
        "",
        "",
        "first_contact_resolution_points",
        points(change.first_contact_resolution_points),
    );
    row(
        "change",
        "",
        "",
        "",
        "escalation_rate_points",
        points(change.escalation_rate_points),
    );
    row(
        "change",
        "",
        "",
        "",
        "reopen_rate_points",
        points(change.reopen_rate_points),
    );
    row(
        "change",
        "",
        "",
        "",
        "mean_handling_minutes",
        minutes(change.mean_handling),
    );
    row(
        "change",
        "",
        "",
        "",
        "median_handling_minutes",
        minutes(change.median_handling),
    );
    row(
        "change",
        "",
        "",
        "",
        "sla_compliance_points",
        points(change.sla_compliance_points),
    );
    for r in &report.by_category {
        let name = r
            .category
            .as_ref()
            .map(Category::to_string)
            .unwrap_or_default();
        row("category", &name, "", "", "tickets", r.tickets.to_string());
        row(
            "category",
            &name,
            "",
            "",
            "resolved",
            r.resolved.to_string(),
        );
        row(
            "category",
            &name,
            "",
            "",
            "mean_handling_minutes",
            minutes(r.mean_handling),
        );
        row(
            "category",
            &name,
            "",
            "",
            "median_handling_minutes",
            minutes(r.median_handling),
        );
    }
    for (priority, tickets) in &report.by_priority {
        row(
            "priority",
            "",
            &priority.to_string(),
            "",
            "tickets",
            tickets.to_string(),
        );
    }
    for r in &report.sla {
        let (p, c) = (r.priority.to_string(), format!("{:?}", r.clock));
        row("sla", "", &p, &c, "met", r.met.to_string());
        row("sla", "", &p, &c, "missed", r.missed.to_string());
        row("sla", "", &p, &c, "pending", r.pending.to_string());
        row(
            "sla",
            "",
            &p,
            &c,
            "compliance_percent",
            percent(r.compliance()),
        );
    }
    for (rank, (category, tickets)) in report.top_problems.iter().enumerate() {
        let name = category.to_string();
        row("top_problem", &name, "", "", "rank", (rank + 1).to_string());
        row("top_problem", &name, "", "", "tickets", tickets.to_string());
    }
    out
}

fn percent(ratio: Ratio) -> String {
    ratio
        .percent()
        .map_or_else(String::new, |p| format!("{p:.2}"))
}

fn minutes(duration: Option<Duration>) -> String {
    duration.map_or_else(String::new, |d| {
        format!("{:.1}", d.num_seconds() as f64 / 60.0)
    })
}

/// A text cell: quoted when it holds a comma, quote or line break (RFC 4180), and prefixed with
/// `'` when it starts like a formula, so a spreadsheet shows it instead of running it.
fn text_cell(text: &str) -> String {
    let text = match text.starts_with(['=', '+', '-', '@']) {
        true => format!("'{text}"),
        false => text.to_string(),
    };
    match text.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, Case, Casebook};
    use crate::roles::Role;
    use crate::workflow::Command;

    fn minutes(m: i64) -> Option<Duration> {
        Some(Duration::minutes(m))
    }

    fn ratio(part: u32, whole: u32) -> Ratio {
        Ratio { part, whole }
    }

    fn note(text: &str) -> String {
        text.to_string()
    }

    /// The hand-made month: October 2023 in Asia/Shanghai, read on Mon 2023-11-06 12:00, with two
    /// September tickets to compare and one November ticket that must be left out. Times are
    /// Beijing time; P2–P4 clocks count Mon–Fri 09:00–18:00 (the default calendar), P1 all hours.
    /// Each ticket notes its handling time and each clock's outcome (FR first response 10 min,
    /// Ph P1 call 15 min, Esc escalation 60 min, PU progress update 120 min, Res resolution
    /// P1 4 h, P2 8 h, P3 27 h, P4 45 h).
    fn month() -> Vec<Ticket> {
        let mut book = Casebook::default();
        let mut all: Vec<Case> = Vec::new();

        // S1 (September): P1 打印设备, opened Sat 09-30 23:30, resolved 10-01 00:30: 60 min,
        // first contact. FR 5 min met; Ph never called, lapsed at 60 min > 15: missed; Esc
        // lapsed at exactly 60, not over: no run; PU 60 met; Res 60 met.
        let mut s1 = book.open("打印机卡纸", Priority::P1, beijing(2023, 9, 30, 23, 30));
        s1.classify("硬件故障-打印设备", beijing(2023, 9, 30, 23, 35))
            .resolve(beijing(2023, 10, 1, 0, 30));
        all.push(s1);

        // S2 (September): P3 打印设备, Thu 09-28 10:00, classified 10:20, resolved 10:40: 40 min,
        // first contact. FR 20 missed; Esc lapsed at 40: no run; PU 40 met; Res 40 met.
        let mut s2 = book.open("打印机卡纸", Priority::P3, beijing(2023, 9, 28, 10, 0));
        s2.classify("硬件故障-打印设备", beijing(2023, 9, 28, 10, 20))
            .resolve(beijing(2023, 9, 28, 10, 40));
        all.push(s2);

        // T1: P2 登录异常, Mon 10-09 10:00, classified 10:05, resolved 10:50: 50 min, first
        // contact. FR 5 met; Esc lapsed at 50: no run; PU 50 met; Res 50 met.
        let mut t1 = book.open(
            "登录时提示验证码错误",
            Priority::P2,
            beijing(2023, 10, 9, 10, 0),
        );
        t1.classify("系统故障-登录异常", beijing(2023, 10, 9, 10, 5))
            .resolve(beijing(2023, 10, 9, 10, 50));
        all.push(t1);

        // T2: P2 登录异常, Tue 10-10 09:30, classified 09:50, escalated 10:00, fix 12:00 未解决
        // 12:10 (reopened), fixed again 13:00, 已解决 13:30: 240 min, escalated and reopened.
        // FR 20 missed; Esc 30 met; PU 240 with no update missed; Res 240 met.
        let mut t2 = book.open(
            "登录提示验证码错误",
            Priority::P2,
            beijing(2023, 10, 10, 9, 30),
        );
        t2.classify("系统故障-登录异常", beijing(2023, 10, 10, 9, 50))
            .escalate(beijing(2023, 10, 10, 10, 0))
            .fix("缓存异常", "清理缓存", beijing(2023, 10, 10, 12, 0))
            .feedback(Feedback::NotResolved, beijing(2023, 10, 10, 12, 10))
            .fix(
                "Tomcat 缓存未清",
                "重启Tomcat服务",
                beijing(2023, 10, 10, 13, 0),
            )
            .feedback(Feedback::Resolved, beijing(2023, 10, 10, 13, 30));
        all.push(t2);

        // T3: P3 打印设备, Wed 10-11 14:00, classified 14:05, resolved 15:30: 90 min, first
        // contact. FR 5 met; Esc lapsed at 90 > 60: missed; PU 90 met; Res 90 met.
        let mut t3 = book.open("打印机卡纸", Priority::P3, beijing(2023, 10, 11, 14, 0));
        t3.classify("硬件故障-打印设备", beijing(2023, 10, 11, 14, 5))
            .resolve(beijing(2023, 10, 11, 15, 30));
        all.push(t3);

        // T4: P1 VPN, Sun 10-01 00:30 (October in Beijing, still 09-30 in UTC), classified
        // 00:35, phoned 00:40, escalated 01:00, progress 02:00, resolved 03:30: 180 min,
        // escalated. FR 5 met; Ph 10 met; Esc 30 met; PU 90 (00:30–02:00) met and 90 (02:00–
        // 03:30) met; Res 180 met.
        let mut t4 = book.open("VPN无法连接", Priority::P1, beijing(2023, 10, 1, 0, 30));
        t4.classify("网络异常-VPN", beijing(2023, 10, 1, 0, 35))
            .act(
                Role::FirstLine,
                Command::RecordPhoneCall {
                    note: note("已电话联系"),
                },
                beijing(2023, 10, 1, 0, 40),
            )
            .escalate(beijing(2023, 10, 1, 1, 0))
            .act(
                Role::SecondLine,
                Command::UpdateProgress {
                    note: note("已排查网络链路"),
                },
                beijing(2023, 10, 1, 2, 0),
            )
            .resolve(beijing(2023, 10, 1, 3, 30));
        all.push(t4);

        // T5: P2 登录异常, Tue 10-31 17:00, classified 17:05, still open on 11-06 12:00: by then
        // 17:00–18:00 + Wed–Fri 3 × 9 h + Mon 09:00–12:00 = 31 working hours. FR 5 met; Esc,
        // PU (no update) and Res (> 8 h) missed.
        let mut t5 = book.open("OA登录后白屏", Priority::P2, beijing(2023, 10, 31, 17, 0));
        t5.classify("系统故障-登录异常", beijing(2023, 10, 31, 17, 5));
        all.push(t5);

        // T6: P4, Thu 10-12 10:00, never assigned: unclassified, no response. FR, Esc, PU and
        // Res (45 h: more than 5 working days pass before 11-06) all missed.
        all.push(book.open(
            "邮箱无法接收邮件",
            Priority::P4,
            beijing(2023, 10, 12, 10, 0),
        ));

        // T7: P2 登录异常, Fri 10-13 09:00, classified 09:05, resolved 09:45: 45 min, first
        // contact. FR 5 met; Esc lapsed at 45: no run; PU 45 met; Res 45 met.
        let mut t7 = book.open(
            "登录时提示验证码错误",
            Priority::P2,
            beijing(2023, 10, 13, 9, 0),
        );
        t7.classify("系统故障-登录异常", beijing(2023, 10, 13, 9, 5))
            .resolve(beijing(2023, 10, 13, 9, 45));
        all.push(t7);

        // N1: Wed 11-01 00:10 in Beijing (10-31 16:10 UTC): November, left out.
        all.push(book.open("打印机卡纸", Priority::P3, beijing(2023, 11, 1, 0, 10)));

        all.into_iter().map(|case| case.ticket).collect()
    }

    fn october() -> Report {
        let book = PolicyBook::default();
        let default = SlaPolicy::default();
        monthly_report(
            &month(),
            YearMonth::new(2023, 10).unwrap(),
            beijing(2023, 11, 6, 12, 0),
            &SlaPolicies {
                book: &book,
                default: &default,
            },
        )
    }

    #[test]
    fn tickets_belong_to_the_month_they_were_opened_in_the_teams_time_zone() {
        // October: T1–T7 (T4 at 10-01 00:30 Beijing, not N1 at 11-01 00:10 Beijing).
        assert_eq!(october().headline.opened, 7);
        let (start, end) = YearMonth::new(2023, 10)
            .unwrap()
            .bounds(chrono_tz::Asia::Shanghai);
        assert_eq!(start.to_rfc3339(), "2023-09-30T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2023-10-31T16:00:00+00:00");
    }

    #[test]
    fn counts_per_category_and_priority() {
        let report = october();
        // 登录异常 T1 T2 T5 T7; 打印设备 T3; VPN T4; unclassified T6. 硬件故障 sorts before
        // 网络异常 (硬 U+786C < 网 U+7F51).
        let counts: Vec<(Option<String>, u32, u32)> = report
            .by_category
            .iter()
            .map(|r| {
                (
                    r.category.as_ref().map(|c| c.to_string()),
                    r.tickets,
                    r.resolved,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                (Some("系统故障-登录异常".into()), 4, 3),
                (Some("硬件故障-打印设备".into()), 1, 1),
                (Some("网络异常-VPN".into()), 1, 1),
                (None, 1, 0),
            ]
        );
        // P1 T4; P2 T1 T2 T5 T7; P3 T3; P4 T6.
        assert_eq!(
            report.by_priority,
            [
                (Priority::P1, 1),
                (Priority::P2, 4),
                (Priority::P3, 1),
                (Priority::P4, 1)
            ]
        );
    }

    #[test]
    fn mean_and_median_handling_time_per_category() {
        let report = october();
        let login = &report.by_category[0];
        // T1 50, T2 240, T7 45: mean 335 / 3 = 111 min 40 s; median 50.
        assert_eq!(login.mean_handling, Some(Duration::seconds(6700)));
        assert_eq!(login.median_handling, minutes(50));
        assert_eq!(report.by_category[1].mean_handling, minutes(90));
        assert_eq!(report.by_category[2].median_handling, minutes(180));
        assert_eq!(report.by_category[3].mean_handling, None);
        // All resolved: 45, 50, 90, 180, 240: mean 605 / 5 = 121; median 90.
        assert_eq!(report.headline.mean_handling, minutes(121));
        assert_eq!(report.headline.median_handling, minutes(90));
    }

    #[test]
    fn resolution_first_contact_escalation_and_reopen_rates() {
        let h = october().headline;
        // Resolved T1 T2 T3 T4 T7 of 7.
        assert_eq!((h.resolved, h.resolution_rate), (5, ratio(5, 7)));
        // First contact: T1 T3 T7 of the 5 resolved (T2 escalated and reopened, T4 escalated).
        assert_eq!(h.first_contact_resolution, ratio(3, 5));
        assert_eq!(h.first_contact_resolution.percent(), Some(60.0));
        // Escalated T2 T4 of 7; reopened T2 of 7.
        assert_eq!(h.escalation_rate, ratio(2, 7));
        assert_eq!(h.reopen_rate, ratio(1, 7));
    }

    #[test]
    fn sla_compliance_per_clock_and_priority() {
        let report = october();
        let rows: Vec<(SlaClock, Priority, u32, u32, u32)> = report
            .sla
            .iter()
            .map(|r| (r.clock, r.priority, r.met, r.missed, r.pending))
            .collect();
        use Priority::*;
        use SlaClock::*;
        assert_eq!(
            rows,
            [
                // FR: P1 T4 met; P2 T1 T5 T7 met, T2 missed; P3 T3 met; P4 T6 missed.
                (FirstResponse, P1, 1, 0, 0),
                (FirstResponse, P2, 3, 1, 0),
                (FirstResponse, P3, 1, 0, 0),
                (FirstResponse, P4, 0, 1, 0),
                // Ph: T4 called after 10 min.
                (P1PhoneCall, P1, 1, 0, 0),
                // Esc: T4 met; P2 T2 met, T5 missed (T1, T7 resolved within the hour: no run);
                // P3 T3 resolved after 90 min without escalating: missed; P4 T6 missed.
                (Escalation, P1, 1, 0, 0),
                (Escalation, P2, 1, 1, 0),
                (Escalation, P3, 0, 1, 0),
                (Escalation, P4, 0, 1, 0),
                // PU: T4 two runs met; P2 T1 T7 met, T2 T5 missed; P3 T3 met; P4 T6 missed.
                (ProgressUpdate, P1, 2, 0, 0),
                (ProgressUpdate, P2, 2, 2, 0),
                (ProgressUpdate, P3, 1, 0, 0),
                (ProgressUpdate, P4, 0, 1, 0),
                // Res: T4 met; P2 T1 T2 T7 met, T5 missed; P3 T3 met; P4 T6 missed.
                (Resolution, P1, 1, 0, 0),
                (Resolution, P2, 3, 1, 0),
                (Resolution, P3, 1, 0, 0),
                (Resolution, P4, 0, 1, 0),
            ]
        );
        // Met 5 + 1 + 2 + 5 + 5 = 18, missed 2 + 0 + 3 + 3 + 2 = 10.
        assert_eq!(report.headline.sla_compliance, ratio(18, 28));
    }

    #[test]
    fn the_top_problems_are_the_most_frequent_categories_ties_in_category_order() {
        let top: Vec<(String, u32)> = october()
            .top_problems
            .iter()
            .map(|(c, n)| (c.to_string(), *n))
            .collect();
        assert_eq!(
            top,
            [
                ("系统故障-登录异常".into(), 4),
                ("硬件故障-打印设备".into(), 1),
                ("网络异常-VPN".into(), 1),
            ]
        );
    }

    #[test]
    fn the_top_problems_stop_at_five() {
        let mut book = Casebook::default();
        let tags = [
            "系统故障-登录异常",
            "系统故障-服务不可用",
            "系统故障-性能缓慢",
            "系统故障-数据异常",
            "硬件故障-终端设备",
            "硬件故障-打印设备",
        ];
        let tickets: Vec<Ticket> = tags
            .iter()
            .map(|tag| {
                let at = beijing(2023, 10, 9, 10, 0);
                let mut case = book.open("问题", Priority::P3, at);
                case.classify(tag, at);
                case.ticket
            })
            .collect();
        let (policies, default) = (PolicyBook::default(), SlaPolicy::default());
        let report = monthly_report(
            &tickets,
            YearMonth::new(2023, 10).unwrap(),
            beijing(2023, 10, 9, 11, 0),
            &SlaPolicies {
                book: &policies,
                default: &default,
            },
        );
        // All tied at 1: the first five in category order, by code point: 硬 U+786C before
        // 系 U+7CFB; then the 小类 打 U+6253 < 终 U+7EC8 and 性 U+6027 < 数 U+6570 < 服 U+670D
        // < 登 U+767B, so 系统故障-登录异常 is the one left out.
        let top: Vec<String> = report
            .top_problems
            .iter()
            .map(|(c, _)| c.to_string())
            .collect();
        assert_eq!(
            top,
            [
                "硬件故障-打印设备",
                "硬件故障-终端设备",
                "系统故障-性能缓慢",
                "系统故障-数据异常",
                "系统故障-服务不可用",
            ]
        );
    }

    #[test]
    fn the_change_from_the_previous_month() {
        let report = october();
        // September: S1 60 min, S2 40 min; both resolved at first contact, none escalated or
        // reopened. SLA: S1 FR, PU, Res met, Ph missed; S2 PU, Res met, FR missed: 5 of 7.
        let september = report.previous;
        assert_eq!((september.opened, september.resolved), (2, 2));
        assert_eq!(september.first_contact_resolution, ratio(2, 2));
        assert_eq!(september.mean_handling, minutes(50));
        assert_eq!(september.median_handling, minutes(50));
        assert_eq!(september.sla_compliance, ratio(5, 7));

        let change = report.change;
        assert_eq!((change.opened, change.resolved), (5, 3));
        let close = |a: Option<f64>, b: f64| (a.expect("a figure") - b).abs() < 1e-9;
        // 5/7 − 2/2 = 71.43 − 100 = −28.57 points.
        assert!(close(change.resolution_rate_points, 500.0 / 7.0 - 100.0));
        // 3/5 − 2/2 = −40 points.
        assert!(close(change.first_contact_resolution_points, -40.0));
        // 2/7 − 0/2 and 1/7 − 0/2.
        assert!(close(change.escalation_rate_points, 200.0 / 7.0));
        assert!(close(change.reopen_rate_points, 100.0 / 7.0));
        // 121 − 50 = +71 min; 90 − 50 = +40 min.
        assert_eq!(change.mean_handling, minutes(71));
        assert_eq!(change.median_handling, minutes(40));
        // 18/28 − 5/7 = 18/28 − 20/28 = −2/28 = −7.14 points.
        assert!(close(change.sla_compliance_points, -200.0 / 28.0));
    }

    #[test]
    fn a_month_without_tickets_has_no_rates() {
        let (policies, default) = (PolicyBook::default(), SlaPolicy::default());
        let report = monthly_report(
            &[],
            YearMonth::new(2024, 1).unwrap(),
            beijing(2024, 2, 1, 0, 0),
            &SlaPolicies {
                book: &policies,
                default: &default,
            },
        );
        assert_eq!(report.headline.resolution_rate.percent(), None);
        assert_eq!(report.change.resolution_rate_points, None);
        assert_eq!(report.month.previous().to_string(), "2023-12");
        assert_eq!(
            YearMonth::new(2024, 13),
            Err(ReportError::InvalidMonth {
                year: 2024,
                month: 13
            })
        );
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_keeps_chinese_intact() {
        let csv = report_csv(&october());
        assert!(csv.starts_with("\u{FEFF}section,category,priority,clock,measure,value\r\n"));
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines.contains(&"report,,,,month,2023-10"));
        assert!(lines.contains(&"headline,,,,opened,7"));
        // 5/7 = 71.428…%.
        assert!(lines.contains(&"headline,,,,resolution_rate_percent,71.43"));
        assert!(lines.contains(&"headline,,,,mean_handling_minutes,121.0"));
        assert!(lines.contains(&"change,,,,first_contact_resolution_points,-40.00"));
        assert!(lines.contains(&"category,系统故障-登录异常,,,mean_handling_minutes,111.7"));
        assert!(lines.contains(&"category,,,,tickets,1"));
        assert!(lines.contains(&"priority,,P2,,tickets,4"));
        assert!(lines.contains(&"sla,,P2,FirstResponse,compliance_percent,75.00"));
        assert!(lines.contains(&"top_problem,系统故障-登录异常,,,rank,1"));
    }

    #[test]
    fn csv_text_cells_are_quoted_and_never_formulas() {
        assert_eq!(text_cell("a,b"), "\"a,b\"");
        assert_eq!(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(text_cell("系统故障-登录异常"), "系统故障-登录异常");
    }
}
