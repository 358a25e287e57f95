//! Laws of the clocks, checked on generated tickets over March 2026 (which holds the New York and
//! Berlin DST changes).

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use crate::calendar::{BusinessCalendar, BusinessCalendarSpec, Calendar};
use crate::model::Priority;
use crate::sla::{
    evaluate, ClockState, PerPriority, PriorityChange, SlaClock, SlaPolicy, TicketTimeline, Waiting,
};

fn start() -> DateTime<Utc> {
    "2026-03-02T00:00:00Z".parse().expect("a fixed instant")
}

fn policy(zone: &str) -> SlaPolicy {
    let business = || {
        let spec = BusinessCalendarSpec {
            time_zone: zone.into(),
            ..BusinessCalendarSpec::default()
        };
        Calendar::Business(BusinessCalendar::new(spec).expect("a valid calendar"))
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

/// A ticket opened in the first days of March with waits, updates and maybe a first response,
/// and its policy; times in minutes after `start()`.
fn ticket() -> impl Strategy<Value = (TicketTimeline, SlaPolicy)> {
    let zones = prop::sample::select(vec!["Asia/Shanghai", "America/New_York", "Europe/Berlin"]);
    let priority = prop::sample::select(Priority::ALL.to_vec());
    let gaps = prop::collection::vec((1i64..3000, 1i64..3000), 0..4);
    let updates = prop::collection::vec(1i64..2000, 0..4);
    (
        zones,
        priority,
        0i64..20_000,
        gaps,
        updates,
        prop::option::of(0i64..600),
    )
        .prop_map(|(zone, priority, opened, gaps, updates, response)| {
            let opened_at = start() + Duration::minutes(opened);
            let mut ticket = TicketTimeline::opened(opened_at, priority);
            let mut at = opened_at;
            for (gap, length) in gaps {
                let from = at + Duration::minutes(gap);
                at = from + Duration::minutes(length);
                ticket.waiting_on_requester.push(Waiting {
                    from,
                    until: Some(at),
                });
            }
            let mut at = opened_at;
            for gap in updates {
                at += Duration::minutes(gap);
                ticket.progress_updates.push(at);
            }
            ticket.first_response_at = response.map(|m| opened_at + Duration::minutes(m));
            (ticket, policy(zone))
        })
}

/// `ticket()` with what else moves clocks: maybe a priority change, an escalation, a phone call, a
/// resolution and a closing, in minutes after opening.
fn timeline() -> impl Strategy<Value = (TicketTimeline, SlaPolicy)> {
    let priority = prop::sample::select(Priority::ALL.to_vec());
    let later = || prop::option::of(0i64..8000);
    (
        ticket(),
        prop::option::of((0i64..4000, priority)),
        later(),
        later(),
        later(),
        later(),
    )
        .prop_map(
            |((mut ticket, policy), change, escalated, called, resolved, closed)| {
                let after = |m: i64| ticket.opened_at + Duration::minutes(m);
                if let Some((m, priority)) = change {
                    ticket.priority_changes.push(PriorityChange {
                        at: after(m),
                        priority,
                    });
                }
                ticket.escalated_at = escalated.map(after);
                ticket.phone_call_at = called.map(after);
                ticket.resolved_at.extend(resolved.map(after));
                ticket.closed_at = closed.map(after);
                (ticket, policy)
            },
        )
}

fn instants() -> impl Strategy<Value = (DateTime<Utc>, DateTime<Utc>)> {
    (0i64..40_000, 0i64..10_000).prop_map(|(a, b)| {
        (
            start() + Duration::minutes(a),
            start() + Duration::minutes(a + b),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Later, the same run of a clock never has more time left.
    #[test]
    fn remaining_time_never_grows_while_a_clock_runs((ticket, policy) in ticket(), (t, later) in instants()) {
        let (before, after) = (evaluate(&ticket, &policy, t), evaluate(&ticket, &policy, later));
        for clock in SlaClock::ALL {
            let (b, a) = (before.get(clock), after.get(clock));
            if b.started_at.is_some() && b.started_at == a.started_at {
                prop_assert!(a.remaining <= b.remaining, "{clock:?}: {} then {}", b.remaining, a.remaining);
            }
        }
    }

    /// Time spent waiting on the requester is set aside: with the waits the resolution clock has
    /// used exactly the time it had without them, less what it reports as paused.
    #[test]
    fn paused_time_never_counts((ticket, policy) in ticket(), (t, _) in instants()) {
        let no_waits = TicketTimeline { waiting_on_requester: Vec::new(), ..ticket.clone() };
        let with = evaluate(&ticket, &policy, t).get(SlaClock::Resolution).clone();
        let without = evaluate(&no_waits, &policy, t).get(SlaClock::Resolution).clone();
        prop_assert_eq!(with.used + with.paused, without.used);
        prop_assert_eq!(without.paused, Duration::zero());
    }

    /// Evaluation is a pure function of facts and instant: the order of reading does not matter,
    /// and facts after the instant change nothing.
    #[test]
    fn evaluating_at_t_then_t_prime_equals_the_other_order((ticket, policy) in ticket(), (t, later) in instants()) {
        let forwards = (evaluate(&ticket, &policy, t), evaluate(&ticket, &policy, later));
        let backwards_later = evaluate(&ticket, &policy, later);
        let backwards = (evaluate(&ticket, &policy, t), backwards_later);
        prop_assert_eq!(&forwards, &backwards);

        let mut with_future = ticket.clone();
        with_future.resolved_at.push(t + Duration::minutes(1));
        with_future.escalated_at = Some(t + Duration::minutes(1));
        prop_assert_eq!(evaluate(&with_future, &policy, t), forwards.0);
    }

    /// #15: a due instant never moves while its clock runs: read at `t` and at any later instant,
    /// the same run of a clock is due at the same instant, unless in between it stopped, paused
    /// (a wait on the requester overlaps the two readings) or the priority changed (a new target).
    /// Half the second readings fall just after the first reading's due instant, where a target
    /// reached at the end of a working day used to make the due time follow the reading.
    #[test]
    fn the_due_instant_stays_put_until_the_clock_stops_or_pauses(
        (ticket, policy) in timeline(),
        (t, later) in instants(),
        past_due in any::<bool>(),
        after_due in 0i64..(3 * 1440),
    ) {
        let first = evaluate(&ticket, &policy, t);
        for clock in SlaClock::ALL {
            let a = first.get(clock);
            let Some(due) = a.due.filter(|_| a.is_live()) else { continue };
            let t2 = match past_due {
                true => due.max(t) + Duration::minutes(after_due),
                false => later,
            };
            let b = evaluate(&ticket, &policy, t2).get(clock).clone();
            let waited = policy.pauses(clock) && ticket.waiting_on_requester.iter().any(|w| {
                w.from <= t2 && w.until.is_none_or(|until| until > t)
            });
            let changed = ticket.priority_changes.iter().any(|c| t < c.at && c.at <= t2);
            if b.started_at != a.started_at || !b.is_live() || b.state == ClockState::Paused
                || waited || changed
            {
                continue;
            }
            prop_assert_eq!(b.due, a.due, "{:?} read at {} and {}", clock, t, t2);
        }
    }
}
