//! The editable SLA policy (R7): targets, calendars and thresholds. A ticket keeps the policy it was
//! opened under; every evaluation takes that pinned policy as an argument.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::calendar::{BusinessCalendar, Calendar};
use crate::model::Priority;
use crate::sla::SlaClock;

/// How long a clock may run before it is breached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    /// Minutes of the clock's calendar: working minutes on a business calendar.
    Minutes(u32),
    /// Working days of the clock's calendar. The process says "3 days" without saying which; we read
    /// it as that many times the calendar's working day: 3 × 9 h = 27 working hours on the default
    /// business calendar, 3 × 24 h on calendar time.
    WorkingDays(u32),
}

impl SlaTarget {
    pub(crate) fn ms(self, calendar: &Calendar) -> i64 {
        match self {
            SlaTarget::Minutes(minutes) => i64::from(minutes) * 60_000,
            SlaTarget::WorkingDays(days) => i64::from(days) * calendar.working_day_ms(),
        }
    }
}

/// One value per priority (R1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerPriority<T> {
    pub p1: T,
    pub p2: T,
    pub p3: T,
    pub p4: T,
}

impl<T> PerPriority<T> {
    pub fn get(&self, priority: Priority) -> &T {
        match priority {
            Priority::P1 => &self.p1,
            Priority::P2 => &self.p2,
            Priority::P3 => &self.p3,
            Priority::P4 => &self.p4,
        }
    }
}

/// A calendar for one clock at one priority, instead of the priority's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockCalendar {
    pub priority: Priority,
    pub clock: SlaClock,
    pub calendar: Calendar,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// R7.1: from opening to the first response.
    pub first_response: SlaTarget,
    /// R1.4: from "information incomplete" to contacting the requester.
    pub missing_info_contact: SlaTarget,
    /// R7.3: from the ticket becoming P1 to the telephone call.
    pub p1_phone_call: SlaTarget,
    /// R3.2: from opening to second-line escalation, unless first line solves it before.
    pub escalation: SlaTarget,
    /// R3.5, R7.2: between progress updates.
    pub progress_update: SlaTarget,
    /// R3.6 (default 30 min, the process gives none): from setting a far estimate to telling the user.
    pub eta_notice: SlaTarget,
    /// R3.6: an estimate further away than this many minutes (calendar time: what the user waits)
    /// must be told to the user.
    pub eta_notice_beyond_minutes: u32,
    /// R7 (default): from opening to resolution, per the priority in force.
    pub resolution: PerPriority<SlaTarget>,
    /// A running clock is at risk once it has used this share of its target.
    pub at_risk_percent: u8,
    /// The calendar each priority's clocks count on.
    pub calendars: PerPriority<Calendar>,
    /// Exceptions to `calendars` for single clocks.
    pub clock_calendars: Vec<ClockCalendar>,
    /// The clocks that stop while the ticket waits on the requester.
    pub paused_clocks: Vec<SlaClock>,
    /// Whether notifications of at-risk and breached clocks wait until the clock's calendar's
    /// working hours (quiet hours). The alerts are listed and counted at any hour (`alerts`).
    pub alerts_in_working_hours_only: bool,
}

/// PROCESS.md R7 and the related rules, with the defaults it names: P1 on calendar time, P2–P4 on
/// the default business calendar; waiting on the requester stops the resolution clock and the
/// progress-update clock (nothing to report while the requester has the ball).
impl Default for SlaPolicy {
    fn default() -> Self {
        let business = || Calendar::Business(BusinessCalendar::default());
        SlaPolicy {
            first_response: SlaTarget::Minutes(10),
            missing_info_contact: SlaTarget::Minutes(10),
            p1_phone_call: SlaTarget::Minutes(15),
            escalation: SlaTarget::Minutes(60),
            progress_update: SlaTarget::Minutes(120),
            eta_notice: SlaTarget::Minutes(30),
            eta_notice_beyond_minutes: 240,
            resolution: PerPriority {
                p1: SlaTarget::Minutes(4 * 60),
                p2: SlaTarget::Minutes(8 * 60),
                p3: SlaTarget::WorkingDays(3),
                p4: SlaTarget::WorkingDays(5),
            },
            at_risk_percent: 80,
            calendars: PerPriority {
                p1: Calendar::AllHours,
                p2: business(),
                p3: business(),
                p4: business(),
            },
            clock_calendars: Vec::new(),
            paused_clocks: vec![SlaClock::Resolution, SlaClock::ProgressUpdate],
            alerts_in_working_hours_only: true,
        }
    }
}

impl SlaPolicy {
    /// The calendar `clock` counts on while the ticket has `priority`.
    pub fn calendar(&self, priority: Priority, clock: SlaClock) -> &Calendar {
        self.clock_calendars
            .iter()
            .find(|c| c.priority == priority && c.clock == clock)
            .map_or_else(|| self.calendars.get(priority), |c| &c.calendar)
    }

    /// The target of `clock` while the ticket has `priority`.
    pub fn target(&self, clock: SlaClock, priority: Priority) -> SlaTarget {
        match clock {
            SlaClock::FirstResponse => self.first_response,
            SlaClock::MissingInfoContact => self.missing_info_contact,
            SlaClock::P1PhoneCall => self.p1_phone_call,
            SlaClock::Escalation => self.escalation,
            SlaClock::ProgressUpdate => self.progress_update,
            SlaClock::EtaNotice => self.eta_notice,
            SlaClock::Resolution => *self.resolution.get(priority),
        }
    }

    pub fn pauses(&self, clock: SlaClock) -> bool {
        self.paused_clocks.contains(&clock)
    }

    /// The team's time zone, which days and months are counted in (dates shown, the monthly
    /// report R5.3): the zone of its business calendar, P2's (the default priority) first, then
    /// P3's, P4's and P1's; without any business calendar, Asia/Shanghai (China Standard Time,
    /// the process's own). Single-clock exceptions (`clock_calendars`) do not count.
    pub fn team_zone(&self) -> Tz {
        let calendars = &self.calendars;
        [&calendars.p2, &calendars.p3, &calendars.p4, &calendars.p1]
            .into_iter()
            .find_map(|calendar| match calendar {
                Calendar::Business(business) => Some(business.zone()),
                Calendar::AllHours => None,
            })
            .unwrap_or(chrono_tz::Asia::Shanghai)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::BusinessCalendarSpec;

    fn business(zone: &str) -> Calendar {
        let spec = BusinessCalendarSpec {
            time_zone: zone.into(),
            ..BusinessCalendarSpec::default()
        };
        Calendar::Business(BusinessCalendar::new(spec).expect("a compiled zone"))
    }

    #[test]
    fn the_team_zone_is_p2s_business_calendar_then_p3_p4_and_p1_else_shanghai() {
        let with = |p1, p2, p3, p4| SlaPolicy {
            calendars: PerPriority { p1, p2, p3, p4 },
            ..SlaPolicy::default()
        };
        let all = || Calendar::AllHours;
        // The default: P2 on Mon–Fri 09:00–18:00 Shanghai.
        assert_eq!(SlaPolicy::default().team_zone(), chrono_tz::Asia::Shanghai);
        // P2's zone wins over the others.
        let p2_new_york = with(
            business("Asia/Tokyo"),
            business("America/New_York"),
            business("Europe/Berlin"),
            business("Europe/London"),
        );
        assert_eq!(p2_new_york.team_zone(), chrono_tz::America::New_York);
        // P2 on calendar time: P3's, then P4's, then P1's.
        let p3_berlin = with(
            all(),
            all(),
            business("Europe/Berlin"),
            business("Europe/London"),
        );
        assert_eq!(p3_berlin.team_zone(), chrono_tz::Europe::Berlin);
        let p4_london = with(
            business("Asia/Tokyo"),
            all(),
            all(),
            business("Europe/London"),
        );
        assert_eq!(p4_london.team_zone(), chrono_tz::Europe::London);
        let p1_tokyo = with(business("Asia/Tokyo"), all(), all(), all());
        assert_eq!(p1_tokyo.team_zone(), chrono_tz::Asia::Tokyo);
        // All on calendar time: China Standard Time, even with a single-clock exception elsewhere.
        let none = SlaPolicy {
            clock_calendars: vec![ClockCalendar {
                priority: Priority::P2,
                clock: SlaClock::FirstResponse,
                calendar: business("America/Los_Angeles"),
            }],
            ..with(all(), all(), all(), all())
        };
        assert_eq!(none.team_zone(), chrono_tz::Asia::Shanghai);
    }
}
