//! R7: a clock's amounts in the units a person reads them in (#15: "working time reads as working
//! time"). A business-calendar clock counts working hours, so 27 h left means 27 working hours —
//! three working days of Mon–Fri 09:00–18:00 — not a day and three hours of the wall clock. A
//! calendar-time clock (P1 by default) counts every hour, and its days are 24 h. Plain numbers: the
//! shell words them ("工作时间 27 小时", "3 个工作日", "2 小时 5 分").

use crate::calendar::CalendarKind;

const MINUTE_MS: i64 = 60_000;

/// Whole hours and the minutes after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HoursMinutes {
    pub hours: i64,
    /// 0 to 59.
    pub minutes: u8,
}

impl HoursMinutes {
    fn of_minutes(minutes: i64) -> Self {
        HoursMinutes {
            hours: minutes / 60,
            minutes: u8::try_from(minutes % 60).expect("a remainder of 60 fits a byte"),
        }
    }

    pub fn is_zero(self) -> bool {
        self.hours == 0 && self.minutes == 0
    }
}

/// A non-negative amount of one clock's time, in whole minutes (seconds are dropped), and the same
/// amount as working days of the clock's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingAmount {
    /// Which time is counted: working time of a business calendar, or calendar time.
    pub kind: CalendarKind,
    /// The whole amount: 27 h 0 min.
    pub total: HoursMinutes,
    /// Whole working days in it: 27 h on 9 h days is 3. A day is the calendar's working day
    /// (`working_day`): opening hours less lunch on a business calendar, 24 h on calendar time.
    pub days: i64,
    /// What is left beyond the whole days: 29 h 30 min on 9 h days is 3 days and 2 h 30 min.
    pub rest: HoursMinutes,
    /// The length of one working day the days are counted in.
    pub working_day: HoursMinutes,
}

impl WorkingAmount {
    /// `ms` of working time (negative counts as its size) on a calendar of `kind` whose working day
    /// is `working_day_ms` long.
    pub(crate) fn new(kind: CalendarKind, ms: i64, working_day_ms: i64) -> Self {
        let minutes = ms.saturating_abs() / MINUTE_MS;
        // Every calendar has a working day of at least a minute (`BusinessCalendar::new` checks
        // that the hours end after they start); the floor only keeps the division defined.
        let day = (working_day_ms / MINUTE_MS).max(1);
        WorkingAmount {
            kind,
            total: HoursMinutes::of_minutes(minutes),
            days: minutes / day,
            rest: HoursMinutes::of_minutes(minutes % day),
            working_day: HoursMinutes::of_minutes(day),
        }
    }

    /// Whether the amount is a whole number of working days (3 个工作日 rather than 27 小时).
    pub fn is_whole_days(&self) -> bool {
        self.rest.is_zero()
    }
}

/// What a clock has left of its target, or how far over it is, in its calendar's units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Within the target: this much is left (for a met clock, the margin it was met by).
    Remaining(WorkingAmount),
    /// More than the target used: over by this much (the clock is breached).
    Overdue(WorkingAmount),
}

impl Balance {
    /// From `target - used` in ms: negative is over.
    pub(crate) fn new(kind: CalendarKind, remaining_ms: i64, working_day_ms: i64) -> Self {
        let amount = WorkingAmount::new(kind, remaining_ms, working_day_ms);
        match remaining_ms < 0 {
            true => Balance::Overdue(amount),
            false => Balance::Remaining(amount),
        }
    }

    pub fn amount(&self) -> &WorkingAmount {
        match self {
            Balance::Remaining(amount) | Balance::Overdue(amount) => amount,
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, Balance::Overdue(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR_MS: i64 = 60 * MINUTE_MS;
    const NINE_HOURS: i64 = 9 * HOUR_MS;

    fn hm(hours: i64, minutes: u8) -> HoursMinutes {
        HoursMinutes { hours, minutes }
    }

    #[test]
    fn twenty_seven_working_hours_are_three_working_days_of_nine_hours() {
        let amount = WorkingAmount::new(CalendarKind::Business, 27 * HOUR_MS, NINE_HOURS);
        assert_eq!(
            (amount.total, amount.days, amount.rest),
            (hm(27, 0), 3, hm(0, 0))
        );
        assert_eq!(amount.working_day, hm(9, 0));
        assert!(amount.is_whole_days());
    }

    #[test]
    fn a_part_day_keeps_its_hours_and_minutes_and_drops_seconds() {
        // 29 h 30 min 59 s on 9 h days: 29 h 30 min, 3 days (27 h) and 2 h 30 min.
        let ms = 29 * HOUR_MS + 30 * MINUTE_MS + 59_000;
        let amount = WorkingAmount::new(CalendarKind::Business, ms, NINE_HOURS);
        assert_eq!(
            (amount.total, amount.days, amount.rest),
            (hm(29, 30), 3, hm(2, 30))
        );
        assert!(!amount.is_whole_days());
    }

    #[test]
    fn a_lunch_break_shortens_the_working_day_the_days_are_counted_in() {
        // 09:00–18:00 less 12:00–13:00 is an 8 h day: 27 h are 3 days and 3 h.
        let amount = WorkingAmount::new(CalendarKind::Business, 27 * HOUR_MS, 8 * HOUR_MS);
        assert_eq!(
            (amount.days, amount.rest, amount.working_day),
            (3, hm(3, 0), hm(8, 0))
        );
    }

    #[test]
    fn calendar_time_counts_days_of_twenty_four_hours() {
        // 27 h of calendar time: one day and 3 h.
        let amount = WorkingAmount::new(CalendarKind::AllHours, 27 * HOUR_MS, 24 * HOUR_MS);
        assert_eq!(
            (amount.kind, amount.days, amount.rest),
            (CalendarKind::AllHours, 1, hm(3, 0))
        );
    }

    #[test]
    fn a_negative_balance_is_overdue_by_its_size() {
        // Target 27 h, used 28 h 15 min: over by 1 h 15 min.
        let balance = Balance::new(CalendarKind::Business, -(75 * MINUTE_MS), NINE_HOURS);
        assert!(balance.is_overdue());
        assert_eq!(balance.amount().total, hm(1, 15));
        let on_time = Balance::new(CalendarKind::Business, 0, NINE_HOURS);
        assert_eq!(
            on_time,
            Balance::Remaining(WorkingAmount::new(CalendarKind::Business, 0, NINE_HOURS))
        );
    }
}
