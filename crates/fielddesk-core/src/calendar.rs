//! R7: the calendars SLA clocks count on. A 24×7 calendar counts every instant ("calendar time");
//! a business calendar counts its working hours in its own time zone, skips holidays and works
//! make-up days (调休: a rest day that is a working day).
//!
//! How business time is measured: a span is cut into pieces of constant UTC offset, so that within a
//! piece the local wall clock is UTC plus a fixed offset, and working hours are measured on that wall
//! clock. Local times skipped by a DST change therefore count nothing, and a repeated hour counts
//! twice: both are the time that really passed. Arithmetic walks whole days, never minutes.

use std::str::FromStr;

use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;
/// Offsets are looked up a week apart at most. Sound because no zone compiled in changes its offset
/// twice within 8 days (tested below): equal offsets at both ends of a week mean no change between.
const WEEK_MS: i64 = 7 * DAY_MS;
/// How far `add_working_time` looks ahead before it gives up (a calendar with almost no working days).
const HORIZON_MS: i64 = 20 * 366 * DAY_MS;
/// `NaiveDate::num_days_from_ce` of 1970-01-01, so that day numbers count from the Unix epoch.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Which instants count towards a clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Calendar {
    /// 24×7: every instant counts. Needs no time zone: an hour is an hour everywhere.
    AllHours,
    /// Working hours in a time zone, with holidays and make-up working days.
    Business(BusinessCalendar),
}

/// A business calendar as plain data: what a team edits, exports and imports. Turned into a
/// [`BusinessCalendar`] by [`BusinessCalendar::new`], which checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCalendarSpec {
    /// IANA zone name, e.g. `Asia/Shanghai`; one of [`available_time_zones`].
    pub time_zone: String,
    /// The weekdays worked, unless a holiday.
    pub working_days: Vec<Weekday>,
    /// Local time the working day starts.
    pub opens: NaiveTime,
    /// Local time the working day ends; after `opens`, the same day.
    pub closes: NaiveTime,
    pub lunch_break: Option<LunchBreak>,
    /// Local dates not worked although their weekday is.
    pub holidays: Vec<NaiveDate>,
    /// 调休: local dates worked although their weekday is not, e.g. the Saturday before a holiday.
    pub make_up_working_days: Vec<NaiveDate>,
}

/// A daily pause inside the working hours, e.g. 12:00–13:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LunchBreak {
    pub starts: NaiveTime,
    pub ends: NaiveTime,
}

/// R7 (default): Mon–Fri 09:00–18:00 in Asia/Shanghai, no lunch break, no holidays yet.
impl Default for BusinessCalendarSpec {
    fn default() -> Self {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("a whole hour below 24 is a time");
        BusinessCalendarSpec {
            time_zone: "Asia/Shanghai".to_string(),
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            opens: at(9),
            closes: at(18),
            lunch_break: None,
            holidays: Vec::new(),
            make_up_working_days: Vec::new(),
        }
    }
}

/// Which kind of time a calendar counts: what the UI says beside a clock's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    /// R7 (default for P1): 24×7 calendar time, every instant counts.
    AllHours,
    /// R7 (default for P2–P4): the working hours of a business calendar.
    Business,
}

/// R7: a business calendar's settings, checked by [`BusinessCalendarSpec::problems`] and
/// [`BusinessCalendar::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("R7: unknown time zone \"{0}\": choose one of the zones this build offers")]
    UnknownTimeZone(String),
    #[error("R7: working hours must end after they start, the same day ({opens}–{closes})")]
    HoursEndBeforeStart { opens: NaiveTime, closes: NaiveTime },
    #[error("R7: the lunch break {starts}–{ends} must end after it starts and lie inside the working hours")]
    LunchOutsideHours { starts: NaiveTime, ends: NaiveTime },
    #[error("R7: a business calendar needs at least one working weekday")]
    NoWorkingDays,
    #[error("R7: {0} cannot be both a holiday and a make-up working day")]
    HolidayAndMakeUpDay(NaiveDate),
}

/// The setting a [`CalendarError`] is about, so that a settings form can show the error beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarField {
    TimeZone,
    /// Opening and closing time.
    WorkingHours,
    LunchBreak,
    WorkingDays,
    /// Holidays and make-up working days.
    SpecialDays,
}

impl CalendarError {
    pub fn field(&self) -> CalendarField {
        match self {
            CalendarError::UnknownTimeZone(_) => CalendarField::TimeZone,
            CalendarError::HoursEndBeforeStart { .. } => CalendarField::WorkingHours,
            CalendarError::LunchOutsideHours { .. } => CalendarField::LunchBreak,
            CalendarError::NoWorkingDays => CalendarField::WorkingDays,
            CalendarError::HolidayAndMakeUpDay(_) => CalendarField::SpecialDays,
        }
    }
}

impl BusinessCalendarSpec {
    /// R7: everything wrong with these settings, in field order (zone, hours, lunch, days, special
    /// days), so a settings form can show every error at once; empty when
    /// [`BusinessCalendar::new`] accepts them. The rules: the zone is one this build compiles in
    /// ([`available_time_zones`]); the day closes after it opens, the same day; a lunch break ends
    /// after it starts and lies strictly inside the working hours; at least one weekday is worked;
    /// no date is both a holiday and a make-up working day.
    pub fn problems(&self) -> Vec<CalendarError> {
        let mut problems = Vec::new();
        if Tz::from_str(&self.time_zone).is_err() {
            problems.push(CalendarError::UnknownTimeZone(self.time_zone.clone()));
        }
        let (opens, closes) = (ms_of_day(self.opens), ms_of_day(self.closes));
        if closes <= opens {
            problems.push(CalendarError::HoursEndBeforeStart {
                opens: self.opens,
                closes: self.closes,
            });
        }
        if let Some(lunch) = self.lunch_break {
            let (starts, ends) = (ms_of_day(lunch.starts), ms_of_day(lunch.ends));
            if !(opens < starts && starts < ends && ends < closes) {
                problems.push(CalendarError::LunchOutsideHours {
                    starts: lunch.starts,
                    ends: lunch.ends,
                });
            }
        }
        if self.working_days.is_empty() {
            problems.push(CalendarError::NoWorkingDays);
        }
        let make_up_days = day_numbers(&self.make_up_working_days);
        problems.extend(
            day_numbers(&self.holidays)
                .into_iter()
                .filter(|d| make_up_days.binary_search(d).is_ok())
                .map(|d| CalendarError::HolidayAndMakeUpDay(date_of(d))),
        );
        problems
    }
}

/// A checked business calendar. Built only through [`BusinessCalendar::new`] (also when read from
/// JSON), so every value has working time each week and a known zone. It keeps the spec in the form
/// the arithmetic needs; [`BusinessCalendar::spec`] gives it back with its dates sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BusinessCalendarSpec", into = "BusinessCalendarSpec")]
pub struct BusinessCalendar {
    zone: Tz,
    /// Indexed by days from Monday.
    week: [bool; 7],
    /// Working hours and lunch break in ms after local midnight.
    opens: i64,
    closes: i64,
    lunch: Option<(i64, i64)>,
    /// Day numbers (days since 1970-01-01), sorted.
    holidays: Vec<i64>,
    make_up_days: Vec<i64>,
    /// Derived, for counting working days without walking them: `week_before[k]` working weekdays
    /// among the first `k` days of a week from Monday.
    week_before: [u8; 8],
    /// Whether any special day changes something.
    special: bool,
    /// Derived too, when the special days that change something (holidays on working weekdays,
    /// make-up days on rest weekdays) lie within `SHIFT_TABLE_DAYS`: `shift[i]` is those make-up
    /// days less those holidays before day `shift_from + i` (constant before and after the table).
    /// Empty without such days, or when they are too far apart.
    shift_from: i64,
    shift: Vec<i32>,
}

/// The longest stretch of special days kept as a table (about 180 years, at most 256 KiB).
const SHIFT_TABLE_DAYS: i64 = 1 << 16;

impl BusinessCalendar {
    /// R7: the checked calendar, or the first of [`BusinessCalendarSpec::problems`].
    pub fn new(spec: BusinessCalendarSpec) -> Result<Self, CalendarError> {
        if let Some(problem) = spec.problems().into_iter().next() {
            return Err(problem);
        }
        let zone = Tz::from_str(&spec.time_zone)
            .map_err(|_| CalendarError::UnknownTimeZone(spec.time_zone.clone()))?;
        let (opens, closes) = (ms_of_day(spec.opens), ms_of_day(spec.closes));
        let lunch = spec
            .lunch_break
            .map(|l| (ms_of_day(l.starts), ms_of_day(l.ends)));
        let mut week = [false; 7];
        for day in &spec.working_days {
            week[day.num_days_from_monday() as usize] = true;
        }
        let holidays = day_numbers(&spec.holidays);
        let make_up_days = day_numbers(&spec.make_up_working_days);
        let mut week_before = [0; 8];
        for k in 0..7 {
            week_before[k + 1] = week_before[k] + u8::from(week[k]);
        }
        let on_week = |day: &&i64| week[weekday_index(**day)];
        let days_off: Vec<i64> = holidays.iter().filter(on_week).copied().collect();
        let extra_days: Vec<i64> = make_up_days
            .iter()
            .filter(|d| !on_week(d))
            .copied()
            .collect();
        let (shift_from, shift) = shift_table(&days_off, &extra_days);
        let special = !(days_off.is_empty() && extra_days.is_empty());
        Ok(BusinessCalendar {
            zone,
            week,
            opens,
            closes,
            lunch,
            holidays,
            make_up_days,
            week_before,
            special,
            shift_from,
            shift,
        })
    }

    /// The calendar as plain data again.
    pub fn spec(&self) -> BusinessCalendarSpec {
        let time = |ms: i64| {
            NaiveTime::from_num_seconds_from_midnight_opt((ms / 1000) as u32, 0)
                .expect("came from a time of day")
        };
        BusinessCalendarSpec {
            time_zone: self.zone.name().to_string(),
            working_days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
                .into_iter()
                .filter(|d| self.week[d.num_days_from_monday() as usize])
                .collect(),
            opens: time(self.opens),
            closes: time(self.closes),
            lunch_break: self.lunch.map(|(starts, ends)| LunchBreak {
                starts: time(starts),
                ends: time(ends),
            }),
            holidays: self.holidays.iter().map(|d| date_of(*d)).collect(),
            make_up_working_days: self.make_up_days.iter().map(|d| date_of(*d)).collect(),
        }
    }

    /// The working periods of a day in ms after local midnight; the second is empty without lunch.
    fn periods(&self) -> [(i64, i64); 2] {
        match self.lunch {
            None => [(self.opens, self.closes), (self.closes, self.closes)],
            Some((starts, ends)) => [(self.opens, starts), (ends, self.closes)],
        }
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Make-up days win over the weekday; holidays lose to nothing else.
    fn is_working_day(&self, day: i64) -> bool {
        let on_week = self.week[weekday_index(day)];
        match self.shift_at(day) {
            Some(before) => {
                let after = self.shift_at(day + 1).unwrap_or(before);
                i64::from(on_week) + (after - before) == 1
            }
            None => {
                self.make_up_days.binary_search(&day).is_ok()
                    || (on_week && self.holidays.binary_search(&day).is_err())
            }
        }
    }

    /// Make-up days on rest weekdays less holidays on working weekdays before `day`, from the
    /// table; `None` without one (too long a stretch of special days).
    fn shift_at(&self, day: i64) -> Option<i64> {
        if self.shift.is_empty() {
            return (!self.special).then_some(0);
        }
        let last = self.shift.len() as i64 - 1;
        let index = (day.saturating_sub(self.shift_from)).clamp(0, last);
        Some(i64::from(self.shift[index as usize]))
    }

    /// How many working days in the day numbers `[first, end)`, without walking them: whole weeks
    /// of the weekly pattern, less the holidays on working weekdays, plus the make-up days on rest
    /// weekdays, both counted by binary search.
    fn working_days(&self, first: i64, end: i64) -> i64 {
        // Days from the Monday before 1970-01-01 (a Thursday), and the pattern days before `day`.
        let pattern = |day: i64| {
            let from_monday = day + 3;
            from_monday.div_euclid(7) * i64::from(self.week_before[7])
                + i64::from(self.week_before[from_monday.rem_euclid(7) as usize])
        };
        let special = match (self.shift_at(first), self.shift_at(end)) {
            (Some(before), Some(after)) => after - before,
            _ => {
                let within = |days: &[i64], on_week: bool| {
                    let range =
                        days.partition_point(|d| *d < first)..days.partition_point(|d| *d < end);
                    days[range]
                        .iter()
                        .filter(|d| self.week[weekday_index(**d)] == on_week)
                        .count() as i64
                };
                within(&self.make_up_days, false) - within(&self.holidays, true)
            }
        };
        pattern(end) - pattern(first) + special
    }

    fn offset_ms(&self, utc_ms: i64) -> i64 {
        let at = DateTime::from_timestamp_millis(utc_ms).unwrap_or(DateTime::<Utc>::MAX_UTC);
        let offset = self.zone.offset_from_utc_datetime(&at.naive_utc()).fix();
        i64::from(offset.local_minus_utc()) * 1000
    }

    /// A span of constant offset around `at`, from the memo when it holds one. Looks at the
    /// offsets at both ends of a week around it: equal, the whole week has that offset (see `WEEK_MS`);
    /// different, it bisects to the change and keeps the side `at` is on.
    fn span_at(&self, at: i64, memo: &mut OffsetMemo) -> OffsetSpan {
        if let Some(span) = memo.find(self.zone, at) {
            return span;
        }
        // Clocks mostly walk forward: look a day back and six ahead.
        let (from, to) = (
            at.saturating_sub(DAY_MS),
            at.saturating_add(WEEK_MS - DAY_MS),
        );
        let (before, after) = (self.offset_ms(from), self.offset_ms(to - 1));
        let span = if before == after {
            OffsetSpan {
                from,
                to,
                offset: before,
            }
        } else {
            // offset(lo) is `before`, offset(hi) is not: hi ends as the first ms of the new offset.
            let (mut lo, mut hi) = (from, to - 1);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if self.offset_ms(mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            match at < hi {
                true => OffsetSpan {
                    from,
                    to: hi,
                    offset: before,
                },
                false => OffsetSpan {
                    from: hi,
                    to,
                    offset: after,
                },
            }
        };
        memo.keep(self.zone, span);
        span
    }

    /// Walks the working periods between two local wall-clock instants (ms since the local epoch):
    /// `Ok(instant)` where `need` working ms have passed, else `Err(worked)`. The first and last
    /// days are walked period by period; the whole days between are counted with
    /// [`Self::working_days`] and only walked (a week at a time, then day by day) when `need` is
    /// reached among them.
    fn walk_local(&self, from: i64, to: i64, need: i64) -> Result<i64, i64> {
        let (first, last) = (from.div_euclid(DAY_MS), (to - 1).div_euclid(DAY_MS));
        let mut worked = 0;
        if let Some(reached) = self.walk_day(first, from, to, need, &mut worked) {
            return Ok(reached);
        }
        if last <= first {
            return Err(worked);
        }
        let full_day = self.periods().iter().map(|(s, e)| e - s).sum::<i64>();
        let mut day = first + 1;
        let between = self.working_days(day, last) * full_day;
        if worked + between < need {
            worked += between;
            day = last;
        }
        while day + 7 <= last {
            let week = self.working_days(day, day + 7) * full_day;
            if worked + week >= need {
                break;
            }
            worked += week;
            day += 7;
        }
        while day <= last {
            if let Some(reached) = self.walk_day(day, from, to, need, &mut worked) {
                return Ok(reached);
            }
            day += 1;
        }
        Err(worked)
    }

    /// The working periods of local day `day` within `[from, to)`: the instant where `need`
    /// working ms have passed counting `worked` before (the walk stops there), else `None` with
    /// `worked` grown by the day's working time.
    fn walk_day(&self, day: i64, from: i64, to: i64, need: i64, worked: &mut i64) -> Option<i64> {
        if !self.is_working_day(day) {
            return None;
        }
        let midnight = day * DAY_MS;
        for (starts, ends) in self.periods() {
            let (starts, ends) = ((midnight + starts).max(from), (midnight + ends).min(to));
            if ends > starts {
                if *worked + (ends - starts) >= need {
                    return Some(starts + need - *worked);
                }
                *worked += ends - starts;
            }
        }
        None
    }

    fn working_ms(&self, from: i64, to: i64, memo: &mut OffsetMemo) -> i64 {
        let mut total = 0;
        let mut start = from;
        while start < to {
            let span = self.span_at(start, memo);
            let end = span.to.min(to);
            let (local_from, local_to) = (start + span.offset, end + span.offset);
            total += self
                .walk_local(local_from, local_to, i64::MAX)
                .unwrap_or_else(|worked| worked);
            start = end;
        }
        total
    }

    fn add_working_ms(&self, from: i64, mut need: i64, memo: &mut OffsetMemo) -> Option<i64> {
        let horizon = from.saturating_add(HORIZON_MS);
        let mut start = from;
        while need > 0 && start < horizon {
            let span = self.span_at(start, memo);
            match self.walk_local(start + span.offset, span.to + span.offset, need) {
                Ok(local) => return Some(local - span.offset),
                Err(worked) => need -= worked,
            }
            start = span.to;
        }
        (need <= 0).then_some(start)
    }

    fn is_working_ms(&self, at: i64, memo: &mut OffsetMemo) -> bool {
        let local = at + self.span_at(at, memo).offset;
        let time = local.rem_euclid(DAY_MS);
        self.is_working_day(local.div_euclid(DAY_MS))
            && self.periods().iter().any(|&(s, e)| s <= time && time < e)
    }
}

/// UTC instants `[from, to)` (ms) during which a zone has `offset`.
#[derive(Debug, Clone, Copy)]
struct OffsetSpan {
    from: i64,
    to: i64,
    offset: i64,
}

/// The offset spans looked up, so that evaluations asking about nearby instants again and again
/// look the zone up once. A span that meets or overlaps a kept one of the same zone and offset
/// widens it (the offset is constant on both, so on their union), so a memo shared by many
/// evaluations ends up with a few long spans per zone. Only a cache: results never depend on it,
/// since counting working time is additive over the pieces a span cuts.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OffsetMemo {
    spans: [Option<(Tz, OffsetSpan)>; 8],
    next: usize,
}

impl OffsetMemo {
    fn find(&self, zone: Tz, at: i64) -> Option<OffsetSpan> {
        self.spans
            .iter()
            .flatten()
            .find(|(z, s)| *z == zone && s.from <= at && at < s.to)
            .map(|(_, s)| *s)
    }

    fn keep(&mut self, zone: Tz, span: OffsetSpan) {
        for (z, kept) in self.spans.iter_mut().flatten() {
            if *z == zone
                && kept.offset == span.offset
                && kept.from <= span.to
                && span.from <= kept.to
            {
                kept.from = kept.from.min(span.from);
                kept.to = kept.to.max(span.to);
                return;
            }
        }
        self.spans[self.next] = Some((zone, span));
        self.next = (self.next + 1) % self.spans.len();
    }
}

impl TryFrom<BusinessCalendarSpec> for BusinessCalendar {
    type Error = CalendarError;
    fn try_from(spec: BusinessCalendarSpec) -> Result<Self, Self::Error> {
        BusinessCalendar::new(spec)
    }
}

impl From<BusinessCalendar> for BusinessCalendarSpec {
    fn from(calendar: BusinessCalendar) -> Self {
        calendar.spec()
    }
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        BusinessCalendar::new(BusinessCalendarSpec::default())
            .expect("the default calendar is valid")
    }
}

impl Calendar {
    /// Working time in `[from, to)`; zero when `to` is not after `from`.
    pub fn working_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        let (from, to) = (from.timestamp_millis(), to.timestamp_millis());
        Duration::milliseconds(self.working_ms(from, to, &mut OffsetMemo::default()))
    }

    /// The instant at which `amount` of working time has passed since `from` (`from` itself for a
    /// zero amount). `None` beyond 20 years of calendar time.
    pub fn add_working_time(&self, from: DateTime<Utc>, amount: Duration) -> Option<DateTime<Utc>> {
        let memo = &mut OffsetMemo::default();
        self.add_working_ms(from.timestamp_millis(), amount.num_milliseconds(), memo)
            .and_then(DateTime::from_timestamp_millis)
    }

    /// Which kind of time the calendar counts.
    pub fn kind(&self) -> CalendarKind {
        match self {
            Calendar::AllHours => CalendarKind::AllHours,
            Calendar::Business(_) => CalendarKind::Business,
        }
    }

    /// Whether `at` lies in working hours.
    pub fn is_working(&self, at: DateTime<Utc>) -> bool {
        self.is_working_ms(at.timestamp_millis(), &mut OffsetMemo::default())
    }

    /// The working length of one full working day: 24 h on calendar time; opening hours less lunch
    /// on a business calendar. Targets given in working days are multiples of it (see `sla`).
    pub fn working_day(&self) -> Duration {
        Duration::milliseconds(self.working_day_ms())
    }

    pub(crate) fn working_day_ms(&self) -> i64 {
        match self {
            Calendar::AllHours => DAY_MS,
            Calendar::Business(c) => c.periods().iter().map(|(s, e)| e - s).sum(),
        }
    }

    pub(crate) fn working_ms(&self, from: i64, to: i64, memo: &mut OffsetMemo) -> i64 {
        match self {
            Calendar::AllHours => (to - from).max(0),
            Calendar::Business(c) => c.working_ms(from, to, memo),
        }
    }

    pub(crate) fn add_working_ms(
        &self,
        from: i64,
        amount: i64,
        memo: &mut OffsetMemo,
    ) -> Option<i64> {
        match self {
            Calendar::AllHours => from.checked_add(amount.max(0)),
            Calendar::Business(c) => c.add_working_ms(from, amount, memo),
        }
    }

    pub(crate) fn is_working_ms(&self, at: i64, memo: &mut OffsetMemo) -> bool {
        match self {
            Calendar::AllHours => true,
            Calendar::Business(c) => c.is_working_ms(at, memo),
        }
    }
}

/// The zones a team chooses from: the canonical names `.cargo/config.toml`'s filter compiles in,
/// for the settings' zone picker. (The build also knows their aliases and the fixed `Etc/` zones,
/// which [`available_time_zones`] lists and a calendar accepts.) A test checks each is compiled in.
pub const TEAM_TIME_ZONES: [&str; 10] = [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
];

/// The IANA zones this build can use (see the workspace's `.cargo/config.toml`).
pub fn available_time_zones() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name())
}

/// `BusinessCalendar::shift` and where it starts: empty without special days or when they are
/// spread over more than `SHIFT_TABLE_DAYS`.
fn shift_table(days_off: &[i64], extra_days: &[i64]) -> (i64, Vec<i32>) {
    let ends = |days: &[i64]| days.first().copied().zip(days.last().copied());
    let (from, last) = match (ends(days_off), ends(extra_days)) {
        (Some((a, b)), Some((c, d))) => (a.min(c), b.max(d)),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => return (0, Vec::new()),
    };
    if last - from >= SHIFT_TABLE_DAYS {
        return (0, Vec::new());
    }
    let (mut off, mut extra) = (days_off.iter().peekable(), extra_days.iter().peekable());
    let mut shift = Vec::with_capacity((last - from + 2) as usize);
    let mut before = 0;
    for day in from..=last + 1 {
        shift.push(before);
        if off.next_if(|d| **d == day).is_some() {
            before -= 1;
        }
        if extra.next_if(|d| **d == day).is_some() {
            before += 1;
        }
    }
    (from, shift)
}

/// Days from Monday of the day number `day` (1970-01-01, day 0, was a Thursday).
fn weekday_index(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

fn ms_of_day(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight()) * 1000
}

fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

fn date_of(day: i64) -> NaiveDate {
    i32::try_from(day + EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .expect("came from a date")
}

fn day_numbers(dates: &[NaiveDate]) -> Vec<i64> {
    let mut days: Vec<i64> = dates.iter().map(|d| day_number(*d)).collect();
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An instant written with its local offset, e.g. `2026-09-25T17:30:00+08:00`.
    pub(crate) fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("test instants are RFC 3339")
            .with_timezone(&Utc)
    }

    pub(crate) fn date(iso: &str) -> NaiveDate {
        iso.parse().expect("test dates are ISO 8601")
    }

    fn time(hh_mm: &str) -> NaiveTime {
        NaiveTime::parse_from_str(hh_mm, "%H:%M").expect("test times are HH:MM")
    }

    fn business(spec: BusinessCalendarSpec) -> Calendar {
        Calendar::Business(BusinessCalendar::new(spec).expect("test calendars are valid"))
    }

    /// Shanghai Mon–Fri 09:00–18:00 with Monday 2026-09-28 a holiday and Saturday 2026-09-26 worked (调休).
    pub(crate) fn shanghai_with_holiday() -> Calendar {
        business(BusinessCalendarSpec {
            holidays: vec![date("2026-09-28")],
            make_up_working_days: vec![date("2026-09-26")],
            ..BusinessCalendarSpec::default()
        })
    }

    fn new_york() -> BusinessCalendarSpec {
        BusinessCalendarSpec {
            time_zone: "America/New_York".into(),
            ..BusinessCalendarSpec::default()
        }
    }

    #[test]
    fn business_time_skips_the_night_and_the_weekend() {
        // Fri 17:30–18:00 = 30 min, weekend 0, Mon 09:00–10:00 = 60 min: 90 min.
        let calendar = business(BusinessCalendarSpec::default());
        let worked = calendar.working_time(
            at("2026-10-09T17:30:00+08:00"),
            at("2026-10-12T10:00:00+08:00"),
        );
        assert_eq!(worked, Duration::minutes(90));
    }

    #[test]
    fn a_holiday_is_skipped_and_a_make_up_saturday_is_worked() {
        // Fri 25th 17:30–18:00 = 0.5 h, Sat 26th (调休) 9 h, Mon 28th holiday 0, Tue 29th 09:00–12:00 = 3 h:
        // 12.5 h.
        let calendar = shanghai_with_holiday();
        let from = at("2026-09-25T17:30:00+08:00");
        assert_eq!(
            calendar.working_time(from, at("2026-09-29T12:00:00+08:00")),
            Duration::minutes(750)
        );
        // Adding 1 h: 0.5 h on Friday, the other 0.5 h on the make-up Saturday: Sat 09:30.
        assert_eq!(
            calendar.add_working_time(from, Duration::hours(1)),
            Some(at("2026-09-26T09:30:00+08:00"))
        );
    }

    /// Special days too far apart for the table are counted by binary search, with the same result.
    #[test]
    fn special_days_centuries_apart_count_the_same() {
        let far = business(BusinessCalendarSpec {
            holidays: vec![date("1890-01-01"), date("2026-09-28")],
            make_up_working_days: vec![date("2026-09-26")],
            ..BusinessCalendarSpec::default()
        });
        let near = shanghai_with_holiday();
        let from = at("2026-09-24T10:00:00+08:00");
        for hours in [1, 9, 20, 40, 80, 400] {
            let to = from + Duration::hours(hours);
            assert_eq!(far.working_time(from, to), near.working_time(from, to));
            let amount = Duration::hours(hours);
            assert_eq!(
                far.add_working_time(from, amount),
                near.add_working_time(from, amount)
            );
        }
        // Fri 25th 8 h, Sat 26th (调休) 9 h, Mon 28th holiday, Tue 29th 9 h: 26 h from Thu 10:00 + 8 h.
        assert_eq!(
            far.working_time(from, at("2026-09-30T09:00:00+08:00")),
            Duration::hours(8 + 9 + 9 + 9)
        );
    }

    #[test]
    fn the_lunch_break_does_not_count() {
        // 11:00–12:00 = 1 h, lunch 12:00–13:00 = 0, 13:00–14:00 = 1 h: 2 h; a working day is 8 h.
        let calendar = business(BusinessCalendarSpec {
            lunch_break: Some(LunchBreak {
                starts: time("12:00"),
                ends: time("13:00"),
            }),
            ..BusinessCalendarSpec::default()
        });
        let worked = calendar.working_time(
            at("2026-10-12T11:00:00+08:00"),
            at("2026-10-12T14:00:00+08:00"),
        );
        assert_eq!(worked, Duration::hours(2));
        assert_eq!(calendar.working_day(), Duration::hours(8));
        // 1 h from 11:30: 30 min before lunch, 30 min after: 13:30.
        let due = calendar.add_working_time(at("2026-10-12T11:30:00+08:00"), Duration::hours(1));
        assert_eq!(due, Some(at("2026-10-12T13:30:00+08:00")));
        assert!(!calendar.is_working(at("2026-10-12T12:30:00+08:00")));
    }

    #[test]
    fn new_york_business_hours_follow_the_march_dst_change() {
        // DST starts Sun 2026-03-08. Fri 17:00 EST (-05:00) to 18:00 = 1 h; Mon 09:00–10:00 EDT (-04:00) = 1 h.
        // Mon 10:00 EDT is 14:00 UTC; a fixed -05:00 offset would wrongly give 15:00 UTC.
        let calendar = business(new_york());
        let from = at("2026-03-06T17:00:00-05:00");
        assert_eq!(
            calendar.add_working_time(from, Duration::hours(2)),
            Some(at("2026-03-09T14:00:00Z"))
        );
        assert_eq!(
            calendar.working_time(from, at("2026-03-09T10:00:00-04:00")),
            Duration::hours(2)
        );
    }

    #[test]
    fn skipped_local_hours_count_nothing_and_repeated_ones_count_twice() {
        // Every day 00:00–23:00 in New York. On 2026-03-08 02:00–03:00 never happens: 23 h − 1 h = 22 h.
        // On 2026-11-01 01:00–02:00 happens twice: 23 h + 1 h = 24 h.
        let calendar = business(BusinessCalendarSpec {
            working_days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun,
            ],
            opens: time("00:00"),
            closes: time("23:00"),
            ..new_york()
        });
        let spring = calendar.working_time(
            at("2026-03-08T00:00:00-05:00"),
            at("2026-03-08T23:00:00-04:00"),
        );
        assert_eq!(spring, Duration::hours(22));
        let autumn = calendar.working_time(
            at("2026-11-01T00:00:00-04:00"),
            at("2026-11-01T23:00:00-05:00"),
        );
        assert_eq!(autumn, Duration::hours(24));
    }

    #[test]
    fn calendar_time_counts_every_instant() {
        let from = at("2026-10-09T23:00:00+08:00");
        assert_eq!(
            Calendar::AllHours.working_time(from, at("2026-10-10T01:30:00+08:00")),
            Duration::minutes(150)
        );
        assert_eq!(
            Calendar::AllHours.add_working_time(from, Duration::hours(4)),
            Some(at("2026-10-10T03:00:00+08:00"))
        );
        assert_eq!(Calendar::AllHours.working_day(), Duration::hours(24));
    }

    #[test]
    fn working_time_backwards_is_zero() {
        let calendar = business(BusinessCalendarSpec::default());
        let later = at("2026-10-12T11:00:00+08:00");
        assert_eq!(
            calendar.working_time(later, later - Duration::hours(1)),
            Duration::zero()
        );
    }

    #[test]
    fn invalid_calendar_data_is_a_typed_error() {
        let check = |spec| BusinessCalendar::new(spec).err();
        let base = BusinessCalendarSpec::default;
        assert_eq!(
            check(BusinessCalendarSpec {
                opens: time("18:00"),
                closes: time("09:00"),
                ..base()
            }),
            Some(CalendarError::HoursEndBeforeStart {
                opens: time("18:00"),
                closes: time("09:00")
            })
        );
        let lunch = LunchBreak {
            starts: time("08:00"),
            ends: time("09:30"),
        };
        assert_eq!(
            check(BusinessCalendarSpec {
                lunch_break: Some(lunch),
                ..base()
            }),
            Some(CalendarError::LunchOutsideHours {
                starts: time("08:00"),
                ends: time("09:30")
            })
        );
        assert_eq!(
            check(BusinessCalendarSpec {
                time_zone: "Mars/Olympus".into(),
                ..base()
            }),
            Some(CalendarError::UnknownTimeZone("Mars/Olympus".into()))
        );
        assert_eq!(
            check(BusinessCalendarSpec {
                working_days: vec![],
                ..base()
            }),
            Some(CalendarError::NoWorkingDays)
        );
        let both = BusinessCalendarSpec {
            holidays: vec![date("2026-10-01")],
            make_up_working_days: vec![date("2026-10-01")],
            ..base()
        };
        assert_eq!(
            check(both),
            Some(CalendarError::HolidayAndMakeUpDay(date("2026-10-01")))
        );
    }

    #[test]
    fn a_settings_form_gets_every_problem_with_the_field_it_is_about() {
        // Closes 08:00 before it opens 09:00; lunch 12:00–13:00 is then outside the hours too; no
        // weekday worked; 10-01 both a holiday and a make-up day; a zone this build leaves out.
        let spec = BusinessCalendarSpec {
            time_zone: "Europe/Paris".into(),
            working_days: vec![],
            opens: time("09:00"),
            closes: time("08:00"),
            lunch_break: Some(LunchBreak {
                starts: time("12:00"),
                ends: time("13:00"),
            }),
            holidays: vec![date("2026-10-01")],
            make_up_working_days: vec![date("2026-10-01")],
        };
        let problems = spec.problems();
        let fields: Vec<CalendarField> = problems.iter().map(CalendarError::field).collect();
        assert_eq!(
            fields,
            vec![
                CalendarField::TimeZone,
                CalendarField::WorkingHours,
                CalendarField::LunchBreak,
                CalendarField::WorkingDays,
                CalendarField::SpecialDays,
            ]
        );
        // The constructor refuses with the first of them.
        assert_eq!(BusinessCalendar::new(spec).err(), problems.first().cloned());
        assert_eq!(BusinessCalendarSpec::default().problems(), vec![]);
    }

    #[test]
    fn a_lunch_break_must_lie_strictly_inside_the_working_hours() {
        // 09:00–18:00. 12:00–13:30 is inside; 09:00–10:00 starts at opening (a later opening, not a
        // break), 17:00–18:00 ends at closing, 13:00–12:00 ends before it starts, 12:00–12:00 is empty.
        let with_lunch = |starts: &str, ends: &str| BusinessCalendarSpec {
            lunch_break: Some(LunchBreak {
                starts: time(starts),
                ends: time(ends),
            }),
            ..BusinessCalendarSpec::default()
        };
        assert_eq!(with_lunch("12:00", "13:30").problems(), vec![]);
        for (starts, ends) in [
            ("09:00", "10:00"),
            ("17:00", "18:00"),
            ("13:00", "12:00"),
            ("12:00", "12:00"),
        ] {
            assert_eq!(
                with_lunch(starts, ends).problems(),
                vec![CalendarError::LunchOutsideHours {
                    starts: time(starts),
                    ends: time(ends),
                }],
                "{starts}–{ends}"
            );
        }
    }

    #[test]
    fn hours_that_end_when_they_start_are_refused() {
        // 09:00–09:00 has no working time at all.
        let spec = BusinessCalendarSpec {
            closes: time("09:00"),
            ..BusinessCalendarSpec::default()
        };
        assert_eq!(
            spec.problems(),
            vec![CalendarError::HoursEndBeforeStart {
                opens: time("09:00"),
                closes: time("09:00"),
            }]
        );
    }

    #[test]
    fn every_zone_a_team_may_choose_makes_a_valid_calendar() {
        for zone in TEAM_TIME_ZONES {
            let spec = BusinessCalendarSpec {
                time_zone: zone.into(),
                ..BusinessCalendarSpec::default()
            };
            assert_eq!(spec.problems(), vec![], "{zone}");
            assert!(available_time_zones().any(|z| z == zone), "{zone}");
        }
    }

    #[test]
    fn a_calendar_says_which_kind_of_time_it_counts() {
        assert_eq!(Calendar::AllHours.kind(), CalendarKind::AllHours);
        assert_eq!(
            business(BusinessCalendarSpec::default()).kind(),
            CalendarKind::Business
        );
    }

    #[test]
    fn calendars_round_trip_through_json() {
        let calendar = shanghai_with_holiday();
        let json = serde_json::to_string(&calendar).expect("calendars serialise");
        assert_eq!(
            serde_json::from_str::<Calendar>(&json).expect("and read back"),
            calendar
        );
        let all_hours = serde_json::to_string(&Calendar::AllHours).expect("calendars serialise");
        assert_eq!(all_hours, r#"{"kind":"all_hours"}"#);
    }

    #[test]
    fn invalid_calendar_json_is_an_error_not_a_panic() {
        let json = r#"{"kind":"business","time_zone":"Asia/Shanghai","working_days":["Mon"],
            "opens":"18:00:00","closes":"09:00:00","lunch_break":null,"holidays":[],"make_up_working_days":[]}"#;
        let error =
            serde_json::from_str::<Calendar>(json).expect_err("hours end before they start");
        assert!(
            error
                .to_string()
                .contains("working hours must end after they start"),
            "{error}"
        );
    }

    #[test]
    fn the_zones_a_team_may_choose_are_compiled_in_and_others_are_not() {
        for zone in TEAM_TIME_ZONES {
            let spec = BusinessCalendarSpec {
                time_zone: zone.into(),
                ..BusinessCalendarSpec::default()
            };
            assert!(BusinessCalendar::new(spec).is_ok(), "{zone} missing");
        }
        // The filter in .cargo/config.toml keeps the wasm small; the full database has ~600 names,
        // the filtered one ~80 (the chosen zones, their aliases and the fixed Etc/ zones).
        assert!(
            available_time_zones().count() < 100,
            "the time zone filter is not in effect"
        );
    }

    /// `span_at` relies on this: no compiled zone changes its offset twice within 8 days.
    #[test]
    fn no_zone_changes_offset_twice_within_eight_days() {
        let (start, end) = (
            at("1970-01-01T00:00:00Z").timestamp(),
            at("2100-01-01T00:00:00Z").timestamp(),
        );
        for zone in chrono_tz::TZ_VARIANTS {
            let offset_at = |secs: i64| {
                let instant = DateTime::from_timestamp(secs, 0)
                    .expect("in range")
                    .naive_utc();
                zone.offset_from_utc_datetime(&instant).fix()
            };
            let mut last_change: Option<i64> = None;
            let mut previous = offset_at(start);
            for secs in (start..end).step_by(6 * 3600) {
                let offset = offset_at(secs);
                if offset != previous {
                    if let Some(last) = last_change {
                        assert!(
                            secs - last > 8 * 86_400,
                            "{} changes twice near {secs}",
                            zone.name()
                        );
                    }
                    last_change = Some(secs);
                    previous = offset;
                }
            }
        }
    }

    /// The straightforward computation the fast paths must agree with: minute by minute in UTC,
    /// each minute read on the local wall clock (chrono-tz) and checked against the plain spec.
    mod reference {
        use super::*;
        use proptest::prelude::*;

        fn minute_works(spec: &BusinessCalendarSpec, zone: Tz, at: DateTime<Utc>) -> bool {
            let local = at.with_timezone(&zone).naive_local();
            let (day, time) = (local.date(), local.time());
            let working_day = spec.make_up_working_days.contains(&day)
                || (spec.working_days.contains(&day.weekday()) && !spec.holidays.contains(&day));
            let in_lunch = spec
                .lunch_break
                .is_some_and(|l| l.starts <= time && time < l.ends);
            working_day && spec.opens <= time && time < spec.closes && !in_lunch
        }

        /// Working minutes from `from` for `minutes` minutes, and the instant the `need`-th working
        /// minute ends (`from` for none).
        fn step(
            spec: &BusinessCalendarSpec,
            from: DateTime<Utc>,
            minutes: i64,
            need: i64,
        ) -> (i64, Option<DateTime<Utc>>) {
            let zone = Tz::from_str(&spec.time_zone).expect("a compiled zone");
            let (mut worked, mut due) = (0, (need == 0).then_some(from));
            for m in 0..minutes {
                let at = from + Duration::minutes(m);
                if minute_works(spec, zone, at) {
                    worked += 1;
                    if worked == need {
                        due = Some(at + Duration::minutes(1));
                    }
                }
            }
            (worked, due)
        }

        /// Calendars over DST zones, with random hours, lunch, holidays and make-up days in the
        /// weeks around the 2026 DST changes; spans from minutes to two weeks there.
        fn case() -> impl Strategy<Value = (BusinessCalendarSpec, DateTime<Utc>, i64, i64)> {
            let zones = prop::sample::select(vec![
                "America/New_York",
                "Europe/London",
                "Asia/Shanghai",
                "Europe/Berlin",
            ]);
            let days = prop::sample::subsequence(vec![Mon, Tue, Wed, Thu, Fri, Sat, Sun], 1..=7);
            let hours = (0u32..12, 1u32..12, prop::option::of((0u32..4, 1u32..3)));
            let season = prop::sample::select(vec!["2026-03-01", "2026-10-18"]);
            let special = prop::collection::vec((0i64..21, any::<bool>()), 0..8);
            (
                zones,
                days,
                hours,
                season,
                special,
                0i64..(14 * 1440),
                0i64..(14 * 1440),
                0i64..(3 * 1440),
            )
                .prop_map(
                    |(zone, days, (opens, hours, lunch), season, special, start, length, need)| {
                        let first = date(season);
                        let at = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).expect("an hour");
                        let closes = (opens + hours).min(23);
                        let lunch_break = lunch
                            .map(|(after, long)| (opens + 1 + after, opens + 1 + after + long))
                            .filter(|(s, e)| *e < closes && *s > opens)
                            .map(|(s, e)| LunchBreak {
                                starts: at(s),
                                ends: at(e),
                            });
                        let (mut holidays, mut make_up_working_days) = (Vec::new(), Vec::new());
                        for (day, make_up) in special {
                            let day = first + Duration::days(day);
                            match make_up {
                                true if !holidays.contains(&day) => make_up_working_days.push(day),
                                false if !make_up_working_days.contains(&day) => holidays.push(day),
                                _ => {}
                            }
                        }
                        let spec = BusinessCalendarSpec {
                            time_zone: zone.into(),
                            working_days: days,
                            opens: at(opens),
                            closes: at(closes),
                            lunch_break,
                            holidays,
                            make_up_working_days,
                        };
                        let from = first.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
                            + Duration::minutes(start);
                        (spec, from, length, need)
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn working_time_equals_minute_by_minute((spec, from, minutes, _) in case()) {
                let calendar = business(spec.clone());
                let (worked, _) = step(&spec, from, minutes, -1);
                let to = from + Duration::minutes(minutes);
                prop_assert_eq!(calendar.working_time(from, to), Duration::minutes(worked));
            }

            #[test]
            fn add_working_time_equals_minute_by_minute((spec, from, _, need) in case()) {
                let calendar = business(spec.clone());
                // Look far enough ahead: the need, plus rest days, holidays and nights.
                let (worked, due) = step(&spec, from, 40 * 1440, need);
                prop_assume!(worked >= need);
                prop_assert_eq!(calendar.add_working_time(from, Duration::minutes(need)), due);
            }
        }
    }
}
