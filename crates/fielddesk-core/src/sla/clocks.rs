//! When each clock starts, stops and pauses, and how a clock is read at an instant.

use chrono::{DateTime, Duration, Utc};

use crate::calendar::{CalendarKind, OffsetMemo};
use crate::model::Priority;
use crate::sla::timeline::{ms, StopFact, TicketTimeline};
use crate::sla::{Balance, ClockReading, ClockState, SlaClock, SlaPolicy, WorkingAmount};

/// A clock read at an instant, in ms; turned into a [`ClockReading`] only when shown, since most
/// readings are only counted or filtered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawReading {
    pub(crate) clock: SlaClock,
    pub(crate) state: ClockState,
    pub(crate) priority: Priority,
    /// The calendar of `priority`: its kind and working day.
    kind: CalendarKind,
    working_day: i64,
    pub(crate) start: i64,
    pub(crate) stop: Option<i64>,
    /// The fact that stopped it, and that fact's own instant (a call made before the ticket
    /// became P1 stops its clock at once, but was made earlier).
    stopped_by: Option<(StopFact, i64)>,
    target: i64,
    used: i64,
    paused: i64,
    due: Option<i64>,
}

impl RawReading {
    /// The reading to show; `timeline` is the one it was read from, which names the events.
    pub(crate) fn reading(&self, timeline: &TicketTimeline) -> ClockReading {
        let instant = DateTime::from_timestamp_millis;
        ClockReading {
            clock: self.clock,
            state: self.state,
            priority: self.priority,
            calendar: self.kind,
            started_at: instant(self.start),
            stopped_at: self.stop.and_then(instant),
            stopped_by: self
                .stopped_by
                .map(|(fact, at)| timeline.stop_cause(fact, at)),
            target: Duration::milliseconds(self.target),
            used: Duration::milliseconds(self.used),
            paused: Duration::milliseconds(self.paused),
            remaining: Duration::milliseconds(self.target - self.used),
            target_amount: WorkingAmount::new(self.kind, self.target, self.working_day),
            balance: Balance::new(self.kind, self.target - self.used, self.working_day),
            due: self.due.and_then(instant),
        }
    }
}

/// How a clock stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopKind {
    /// The rule's action happened (response, call, escalation, update, notice, resolution).
    Done,
    /// The obligation ended without it (the ticket was resolved or closed first).
    Lapsed,
}

/// One run of a clock: from `start` until `stop`, or still running.
#[derive(Debug, Clone, Copy)]
struct Run {
    clock: SlaClock,
    start: i64,
    stop: Option<Stop>,
}

/// Where and why a run stopped.
#[derive(Debug, Clone, Copy)]
struct Stop {
    at: i64,
    kind: StopKind,
    fact: StopFact,
    /// The fact's own instant: `at`, or before it for a fact that came before the run started.
    fact_at: i64,
}

/// A fact that may stop a clock: when it counts from, which fact, and its own instant.
type Candidate = (i64, StopFact, i64);

/// The earlier of the rule's own stop and a lapse; the rule's own wins a tie.
fn stop(done: Option<Candidate>, lapse: Option<(i64, StopFact)>) -> Option<Stop> {
    let lapsed = |(at, fact)| Stop {
        at,
        kind: StopKind::Lapsed,
        fact,
        fact_at: at,
    };
    match (done, lapse) {
        (Some((d, _, _)), Some(l)) if l.0 < d => Some(lapsed(l)),
        (Some((at, fact, fact_at)), _) => Some(Stop {
            at,
            kind: StopKind::Done,
            fact,
            fact_at,
        }),
        (None, Some(l)) => Some(lapsed(l)),
        (None, None) => None,
    }
}

/// The first of `facts` at or before `now`, counted from `from` on when earlier; the earlier
/// listed wins a tie.
fn first_from(
    facts: impl IntoIterator<Item = (DateTime<Utc>, StopFact)>,
    from: i64,
    now: i64,
) -> Option<Candidate> {
    facts
        .into_iter()
        .map(|(at, fact)| (ms(at), fact))
        .filter(|(t, _)| *t <= now)
        .map(|(t, fact)| (t.max(from), fact, t))
        .min_by_key(|(t, _, _)| *t)
}

/// `at` as the fact `fact`.
fn as_fact(fact: StopFact) -> impl Fn(DateTime<Utc>) -> (DateTime<Utc>, StopFact) {
    move |at| (at, fact)
}

/// Which runs of a clock to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runs {
    /// Every run, for the audit.
    All,
    /// The latest run of each clock, for its state now.
    Latest,
}

/// Reads the runs of every clock of the ticket at `now`, each clock's runs in time order, and
/// gives them to `emit`. A clock that never started is not emitted. `memo` may be shared by many
/// evaluations (it only caches zone offsets).
pub(crate) fn each_reading(
    timeline: &TicketTimeline,
    policy: &SlaPolicy,
    now: DateTime<Utc>,
    runs: Runs,
    memo: &mut OffsetMemo,
    mut emit: impl FnMut(RawReading),
) {
    let now = ms(now);
    let mut held: Option<Run> = None;
    each_run(timeline, policy, now, |run| match runs {
        Runs::All => emit(read_run(timeline, policy, run, now, memo)),
        Runs::Latest => {
            if let Some(previous) = held.replace(run).filter(|p| p.clock != run.clock) {
                emit(read_run(timeline, policy, previous, now, memo));
            }
        }
    });
    if let Some(last) = held {
        emit(read_run(timeline, policy, last, now, memo));
    }
}

/// Every run of every clock up to `now`, clock by clock, each clock's in time order.
fn each_run(t: &TicketTimeline, policy: &SlaPolicy, now: i64, mut read: impl FnMut(Run)) {
    let opened = ms(t.opened_at);
    if opened > now {
        return;
    }

    // R7.1: a resolution answers the requester too.
    let responded = first_from(
        t.first_response_at
            .map(as_fact(StopFact::FirstResponse))
            .into_iter()
            .chain(
                t.resolved_at
                    .first()
                    .copied()
                    .map(as_fact(StopFact::Resolution)),
            ),
        opened,
        now,
    );
    let closed = t.closed_at.map(ms).filter(|c| *c <= now);
    read(Run {
        clock: SlaClock::FirstResponse,
        start: opened,
        stop: stop(responded, closed.map(|c| (c, StopFact::Closing))),
    });

    // R1.4
    if let Some(flagged) = t.information_incomplete_at.map(ms).filter(|f| *f <= now) {
        let contacted = first_from(
            t.requester_contacted_at
                .map(as_fact(StopFact::RequesterContacted)),
            flagged,
            now,
        );
        read(Run {
            clock: SlaClock::MissingInfoContact,
            start: flagged,
            stop: stop(contacted, t.lapse(flagged, now)),
        });
    }

    // R7.3: owed from the first instant the ticket is P1, even if lowered later.
    if let Some(p1) = t.first_p1(now) {
        let called = first_from(t.phone_call_at.map(as_fact(StopFact::PhoneCall)), p1, now);
        read(Run {
            clock: SlaClock::P1PhoneCall,
            start: p1,
            stop: stop(called, t.lapse(p1, now)),
        });
    }

    // R3.2: first line's hour; a resolution before it means no escalation is needed.
    let escalated = first_from(
        t.escalated_at.map(as_fact(StopFact::Escalation)),
        opened,
        now,
    );
    read(Run {
        clock: SlaClock::Escalation,
        start: opened,
        stop: stop(escalated, t.lapse(opened, now)),
    });

    progress_update_runs(t, opened, now, &mut read);

    // R3.6: each estimate further away than the threshold must be told.
    let beyond = i64::from(policy.eta_notice_beyond_minutes) * 60_000;
    for estimate in &t.estimates {
        let set = ms(estimate.set_at);
        if set > now || ms(estimate.expected_at) - set <= beyond {
            continue;
        }
        let told = t
            .estimate_told_at
            .iter()
            .map(|at| ms(*at))
            .find(|at| *at >= set)
            .filter(|at| *at <= now)
            .map(|at| (at, StopFact::EstimateTold, at));
        read(Run {
            clock: SlaClock::EtaNotice,
            start: set,
            stop: stop(told, t.lapse(set, now)),
        });
    }

    // R7: the time between a resolution and its reopening counts: the problem was not solved.
    let resolved = t.standing_resolution(now);
    read(Run {
        clock: SlaClock::Resolution,
        start: opened,
        stop: stop(
            resolved.map(|r| (r, StopFact::Resolution, r)),
            closed.map(|c| (c, StopFact::Closing)),
        ),
    });
}

/// R3.5, R7.2: a run from opening (or a reopening) to each update, each update starting the next;
/// a resolution ends the current run as done, a closing as lapsed.
fn progress_update_runs(t: &TicketTimeline, opened: i64, now: i64, read: &mut impl FnMut(Run)) {
    // Ranks order simultaneous facts: an update, then a resolution, then a reopening.
    let updates = t.progress_updates.iter().map(|at| (ms(*at), 0));
    let resolutions = t.resolved_at.iter().map(|at| (ms(*at), 1));
    let reopenings = t.reopened_at.iter().map(|at| (ms(*at), 2));
    let mut facts = merge(merge(updates, resolutions), reopenings)
        .filter(|(at, _)| *at <= now && *at >= opened);
    let closed = t.closed_at.map(ms).filter(|c| *c <= now && *c >= opened);
    let run = |start, stop| Run {
        clock: SlaClock::ProgressUpdate,
        start,
        stop,
    };
    let mut open_since = Some(opened);
    for (at, rank) in facts.by_ref() {
        if closed.is_some_and(|c| at > c) {
            break;
        }
        match (rank, open_since) {
            (0, Some(start)) => {
                read(run(
                    start,
                    stop(Some((at, StopFact::ProgressUpdate, at)), None),
                ));
                open_since = Some(at);
            }
            (1, Some(start)) => {
                read(run(start, stop(Some((at, StopFact::Resolution, at)), None)));
                open_since = None;
            }
            (2, None) => open_since = Some(at),
            _ => {}
        }
    }
    if let Some(start) = open_since {
        read(run(
            start,
            stop(None, closed.map(|c| (c, StopFact::Closing))),
        ));
    }
}

/// Merges two iterators sorted by their first field.
fn merge<I, J>(a: I, b: J) -> impl Iterator<Item = (i64, u8)>
where
    I: Iterator<Item = (i64, u8)>,
    J: Iterator<Item = (i64, u8)>,
{
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Reads one run at `now`: counts its working time piece by piece (each piece on the calendar of
/// the priority then in force; waits on the requester set aside as paused), against the target of
/// the priority in force at its end.
fn read_run(
    t: &TicketTimeline,
    policy: &SlaPolicy,
    run: Run,
    now: i64,
    memo: &mut OffsetMemo,
) -> RawReading {
    let clock = run.clock;
    let end = run.stop.map_or(now, |s| s.at).max(run.start);
    let priority = t.priority_at(end);
    let calendar = policy.calendar(priority, clock);
    let target = policy.target(clock, priority).ms(calendar);

    let (mut used, mut paused, mut due) = (0, 0, None);
    t.for_each_piece(
        run.start,
        end,
        policy.pauses(clock),
        |from, to, piece_priority, waiting| {
            let piece_calendar = policy.calendar(piece_priority, clock);
            let worked = piece_calendar.working_ms(from, to, memo);
            if waiting {
                paused += worked;
                return;
            }
            // Reached within this piece, possibly at its very end (the end of a working day):
            // the due instant is the end of the last working minute, wherever the piece ends.
            // (With `>` a target reached exactly at a piece's end was projected from the reading
            // instant instead, so the due time followed "now" through the night.)
            if due.is_none() && used + worked >= target {
                due = piece_calendar.add_working_ms(from, target - used, memo);
            }
            used += worked;
        },
    );
    let running = run.stop.is_none();
    let waiting_now = running && policy.pauses(clock) && t.waiting_at(now);
    if due.is_none() && !waiting_now {
        // Not reached yet: project from the end on the current calendar.
        due = calendar.add_working_ms(end, target - used, memo);
    }

    let state = match run.stop {
        _ if used > target => ClockState::Breached {
            by: Duration::milliseconds(used - target),
        },
        Some(Stop {
            kind: StopKind::Done,
            ..
        }) => ClockState::Met {
            margin: Duration::milliseconds(target - used),
        },
        Some(Stop {
            kind: StopKind::Lapsed,
            ..
        }) => ClockState::NotApplicable,
        None if waiting_now => ClockState::Paused,
        None if used * 100 >= i64::from(policy.at_risk_percent) * target => ClockState::AtRisk,
        None => ClockState::Running,
    };
    RawReading {
        clock,
        state,
        priority,
        kind: calendar.kind(),
        working_day: calendar.working_day_ms(),
        start: run.start,
        stop: run.stop.map(|s| s.at),
        stopped_by: run.stop.map(|s| (s.fact, s.fact_at)),
        target,
        used,
        paused,
        due,
    }
}
