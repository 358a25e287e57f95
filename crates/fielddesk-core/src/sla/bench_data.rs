//! Synthetic open tickets for the SLA benchmark, the same natively (`examples/sla_bench.rs`) and in
//! the browser. Deterministic: a fixed seed gives the same tickets everywhere.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::calendar::{BusinessCalendar, BusinessCalendarSpec, Calendar, LunchBreak};
use crate::model::Priority;
use crate::sla::{Estimate, PerPriority, PriorityChange, SlaPolicy, TicketTimeline, Waiting};

/// Policies (by index) and open tickets pinned to one of them.
pub struct BenchData {
    pub policies: Vec<SlaPolicy>,
    pub tickets: Vec<(TicketTimeline, usize)>,
}

impl BenchData {
    pub fn pairs(&self) -> impl Iterator<Item = (&TicketTimeline, &SlaPolicy)> {
        self.tickets
            .iter()
            .map(|(timeline, policy)| (timeline, &self.policies[*policy]))
    }
}

/// `count` tickets opened during the 10 days before `now`, mixed priorities, three team calendars
/// (Shanghai with holidays and 调休, New York with lunch and DST, Berlin), random facts.
pub fn generate(count: usize, now: DateTime<Utc>) -> BenchData {
    let policies = vec![
        policy("Asia/Shanghai", false),
        policy("America/New_York", true),
        policy("Europe/Berlin", false),
    ];
    let mut random = Random(0x5EED_F1E1_D0E5_u64);
    let tickets = (0..count)
        .map(|_| {
            let opened = now - Duration::minutes(random.below(10 * 24 * 60) as i64);
            let minutes = |random: &mut Random, max: u64| {
                opened + Duration::minutes(random.below(max) as i64)
            };
            let priority = Priority::ALL[random.below(4) as usize];
            let mut t = TicketTimeline::opened(opened, priority);
            if random.below(4) == 0 {
                t.priority_changes.push(PriorityChange {
                    at: minutes(&mut random, 180),
                    priority: Priority::ALL[random.below(4) as usize],
                });
            }
            if random.below(5) > 0 {
                t.first_response_at = Some(minutes(&mut random, 30));
            }
            if random.below(3) == 0 {
                t.information_incomplete_at = Some(minutes(&mut random, 20));
                t.requester_contacted_at = Some(minutes(&mut random, 40));
            }
            if priority == Priority::P1 && random.below(2) == 0 {
                t.phone_call_at = Some(minutes(&mut random, 30));
            }
            if random.below(2) == 0 {
                t.escalated_at = Some(minutes(&mut random, 120));
            }
            let mut at = opened;
            for _ in 0..random.below(5) {
                at += Duration::minutes(30 + random.below(200) as i64);
                t.progress_updates.push(at);
            }
            if random.below(3) == 0 {
                let set_at = minutes(&mut random, 240);
                t.estimates.push(Estimate {
                    set_at,
                    expected_at: set_at + Duration::hours(random.below(48) as i64),
                });
                t.estimate_told_at
                    .push(set_at + Duration::minutes(random.below(60) as i64));
            }
            let mut wait_from = opened;
            for _ in 0..random.below(3) {
                wait_from += Duration::minutes(60 + random.below(1440) as i64);
                let until = wait_from + Duration::minutes(10 + random.below(600) as i64);
                t.waiting_on_requester.push(Waiting {
                    from: wait_from,
                    until: Some(until),
                });
                wait_from = until;
            }
            (t, random.below(policies.len() as u64) as usize)
        })
        .collect();
    BenchData { policies, tickets }
}

fn policy(zone: &str, lunch: bool) -> SlaPolicy {
    let at = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("a whole hour below 24 is a time");
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    let spec = BusinessCalendarSpec {
        time_zone: zone.to_string(),
        lunch_break: lunch.then(|| LunchBreak {
            starts: at(12),
            ends: at(13),
        }),
        holidays: (1..=8)
            .map(|d| date(2026, 10, d))
            .chain([date(2026, 9, 25), date(2026, 12, 25)])
            .collect(),
        make_up_working_days: vec![date(2026, 9, 27), date(2026, 10, 10)],
        ..BusinessCalendarSpec::default()
    };
    let business = || {
        Calendar::Business(
            BusinessCalendar::new(spec.clone()).expect("the bench calendars are valid"),
        )
    };
    SlaPolicy {
        calendars: PerPriority {
            p1: Calendar::AllHours,
            p2: business(),
            p3: business(),
            p4: business(),
        },
        ..SlaPolicy::default()
    }
}

/// xorshift64: enough randomness for synthetic data, no dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}
