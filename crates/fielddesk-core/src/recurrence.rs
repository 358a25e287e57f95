//! R5.2: problems that keep coming back, and the retrospective (复盘会议) they call for.
//!
//! A problem recurs when at least `min_tickets` tickets opened within the last `window_days`
//! (up to and including `now`) share a category tag (R2.1), or have similar symptoms. Two
//! symptoms are similar when the Dice coefficient of their term sets (the search terms: CJK
//! bigrams, Latin words) is at least `min_similarity_percent`: 2·|A∩B| / (|A| + |B|). Similarity
//! links tickets into groups (a chain of similar pairs is one group). A symptom group already
//! contained in a recurring category is not reported again, and a recurrence whose every ticket a
//! retrospective has already discussed is not suggested again.
//!
//! Cost: the symptom comparison is quadratic in the tickets of the window (a month's tickets, not
//! the whole history); run it when tickets change, not per keystroke.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::numbering::TicketNo;
use crate::retrospective::Retrospective;
use crate::search::term_set;
use crate::standard::Category;
use crate::ticket::Ticket;

/// R5.2: when a problem counts as recurring; editable by the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurrenceThreshold {
    pub min_tickets: usize,
    pub window_days: u32,
    pub min_similarity_percent: u8,
}

/// (default) 3 tickets within 30 days; symptoms 60% alike.
impl Default for RecurrenceThreshold {
    fn default() -> Self {
        RecurrenceThreshold {
            min_tickets: 3,
            window_days: 30,
            min_similarity_percent: 60,
        }
    }
}

/// What keeps coming back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pattern {
    Category(Category),
    /// Similar symptoms; `sample` is the earliest ticket's.
    Symptom {
        sample: String,
    },
}

/// R5.2: a recurring problem: a retrospective is suggested for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub pattern: Pattern,
    /// In opening order.
    pub tickets: Vec<TicketNo>,
    pub first_opened: DateTime<Utc>,
    pub last_opened: DateTime<Utc>,
}

/// R5.2: the recurring problems at `now` not yet covered by a retrospective: categories first
/// (in category order), then symptom groups (by their earliest ticket).
pub fn recurring(
    tickets: &[Ticket],
    retrospectives: &[Retrospective],
    now: DateTime<Utc>,
    threshold: &RecurrenceThreshold,
) -> Vec<Recurrence> {
    let since = now - Duration::days(i64::from(threshold.window_days));
    let mut recent: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.created_at > since && t.created_at <= now)
        .collect();
    recent.sort_by_key(|t| (t.created_at, t.number));
    let min = threshold.min_tickets.max(1);

    let mut by_category: BTreeMap<&Category, Vec<&Ticket>> = BTreeMap::new();
    for ticket in &recent {
        for category in &ticket.categories {
            by_category.entry(category).or_default().push(ticket);
        }
    }
    let mut found: Vec<Recurrence> = by_category
        .into_iter()
        .filter(|(_, group)| group.len() >= min)
        .map(|(category, group)| recurrence(Pattern::Category(category.clone()), &group))
        .collect();

    for group in similar_groups(&recent, threshold.min_similarity_percent) {
        if group.len() < min {
            continue;
        }
        let numbers: Vec<TicketNo> = group.iter().map(|t| t.number).collect();
        let within_category = found.iter().any(|r| {
            matches!(r.pattern, Pattern::Category(_))
                && numbers.iter().all(|n| r.tickets.contains(n))
        });
        if !within_category {
            let sample = group[0].intake.description.symptom.clone();
            found.push(recurrence(Pattern::Symptom { sample }, &group));
        }
    }
    found.retain(|r| {
        !r.tickets
            .iter()
            .all(|n| retrospectives.iter().any(|retro| retro.tickets.contains(n)))
    });
    found
}

fn recurrence(pattern: Pattern, group: &[&Ticket]) -> Recurrence {
    Recurrence {
        pattern,
        tickets: group.iter().map(|t| t.number).collect(),
        first_opened: group.first().expect("a group has a ticket").created_at,
        last_opened: group.last().expect("a group has a ticket").created_at,
    }
}

/// Groups of tickets linked by similar symptoms, each in the order of `tickets`, ordered by their
/// first ticket.
fn similar_groups<'a>(tickets: &[&'a Ticket], min_percent: u8) -> Vec<Vec<&'a Ticket>> {
    let terms: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| term_set(&t.intake.description.symptom))
        .collect();
    // Union-find over ticket positions; the root of a group is its first ticket.
    let mut parent: Vec<usize> = (0..tickets.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..tickets.len() {
        for j in i + 1..tickets.len() {
            if similar(&terms[i], &terms[j], min_percent) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&Ticket>> = BTreeMap::new();
    for (i, ticket) in tickets.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(ticket);
    }
    groups.into_values().collect()
}

/// Dice coefficient of two sorted term sets, at least `min_percent`.
fn similar(a: &[String], b: &[String], min_percent: u8) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    200 * common >= usize::from(min_percent) * (a.len() + b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{beijing, category, person, Casebook};
    use crate::model::Priority;
    use crate::retrospective::{RetrospectiveForm, RetrospectiveId};
    use crate::roles::Role;

    /// Three 登录异常 tickets on 10-05, 10-20 and 11-01, one 打印设备 ticket on 10-21.
    fn tickets() -> Vec<Ticket> {
        let mut book = Casebook::default();
        let mut all = Vec::new();
        for (symptom, tag, day) in [
            ("登录时提示验证码错误", "系统故障-登录异常", (10, 5)),
            ("登录提示验证码错误", "系统故障-登录异常", (10, 20)),
            ("打印机卡纸", "硬件故障-打印设备", (10, 21)),
            ("OA登录后白屏", "系统故障-登录异常", (11, 1)),
        ] {
            let at = beijing(2023, day.0, day.1, 9, 0);
            let mut case = book.open(symptom, Priority::P3, at);
            case.classify(tag, at);
            all.push(case.ticket.clone());
        }
        all
    }

    #[test]
    fn three_tickets_of_one_category_within_30_days_recur() {
        let tickets = tickets();
        // On 11-02 the window is (10-03, 11-02]: all three 登录异常 tickets are in it.
        let found = recurring(
            &tickets,
            &[],
            beijing(2023, 11, 2, 9, 0),
            &RecurrenceThreshold::default(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].pattern,
            Pattern::Category(category("系统故障-登录异常"))
        );
        assert_eq!(found[0].tickets.len(), 3);
        assert_eq!(found[0].first_opened, beijing(2023, 10, 5, 9, 0));
    }

    #[test]
    fn tickets_older_than_the_window_do_not_count() {
        // On 11-05 the window is (10-06, 11-05]: the 10-05 ticket has left it; two remain.
        let found = recurring(
            &tickets(),
            &[],
            beijing(2023, 11, 5, 9, 0),
            &RecurrenceThreshold::default(),
        );
        assert!(found.is_empty());
        // A 40-day window takes it back in.
        let wider = RecurrenceThreshold {
            window_days: 40,
            ..RecurrenceThreshold::default()
        };
        assert_eq!(
            recurring(&tickets(), &[], beijing(2023, 11, 5, 9, 0), &wider).len(),
            1
        );
    }

    #[test]
    fn the_threshold_is_editable() {
        let four = RecurrenceThreshold {
            min_tickets: 4,
            ..RecurrenceThreshold::default()
        };
        assert!(recurring(&tickets(), &[], beijing(2023, 11, 2, 9, 0), &four).is_empty());
    }

    #[test]
    fn similar_symptoms_recur_across_categories() {
        // 登录时提示验证码错误 and 登录提示验证码错误: 9 and 8 bigrams, 7 shared (登录 提示 示验
        // 验证 证码 码错 错误): Dice = 2·7 / 17 = 82% ≥ 60%. The third differs only by 时 too.
        let mut book = Casebook::default();
        let mut tickets = Vec::new();
        for (i, (symptom, tag)) in [
            ("登录时提示验证码错误", "系统故障-登录异常"),
            ("登录提示验证码错误", "权限配置-密码重置"),
            ("登录时提示验证码错误!", "软件Bug-功能缺陷"),
        ]
        .into_iter()
        .enumerate()
        {
            let at = beijing(2023, 10, 10 + i as u32, 9, 0);
            let mut case = book.open(symptom, Priority::P3, at);
            case.classify(tag, at);
            tickets.push(case.ticket.clone());
        }
        let found = recurring(
            &tickets,
            &[],
            beijing(2023, 10, 20, 9, 0),
            &RecurrenceThreshold::default(),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].pattern,
            Pattern::Symptom {
                sample: "登录时提示验证码错误".into()
            }
        );
        assert_eq!(found[0].tickets.len(), 3);
    }

    #[test]
    fn a_retrospective_of_the_tickets_stops_the_suggestion() {
        let tickets = tickets();
        let now = beijing(2023, 11, 2, 9, 0);
        let threshold = RecurrenceThreshold::default();
        let found = recurring(&tickets, &[], now, &threshold);
        let retro = RetrospectiveForm {
            date: chrono::NaiveDate::from_ymd_opt(2023, 11, 2),
            led_by: person("赵六", "TS300"),
            led_by_role: Some(Role::Supervisor),
            tickets: found[0].tickets.clone(),
            process_gaps: vec!["验证码服务升级未通知一线".into()],
            knowledge_gaps: vec![],
            actions: vec!["更新知识库".into()],
        }
        .check(RetrospectiveId("R-1".into()))
        .unwrap();
        assert!(recurring(&tickets, &[retro], now, &threshold).is_empty());
    }
}
