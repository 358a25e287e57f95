//! The report page's months (R5.3), counted in the team's zone.

use chrono::{DateTime, Datelike, Utc};

use crate::report::YearMonth;
use crate::sla::SlaPolicy;

/// How many months the trend chart shows, ending with the chosen one.
pub const TREND_MONTHS: usize = 6;

/// The month the report opens on: the team's current month, so a ticket resolved just now is in
/// it (the previous month is one click back).
pub fn current(policy: &SlaPolicy, now: DateTime<Utc>) -> YearMonth {
    let today = crate::team::date_at(policy, now);
    YearMonth::new(today.year(), today.month()).expect("a calendar date's month is a month")
}

/// The trend's months, oldest first, ending with `month`.
pub fn trend(month: YearMonth) -> Vec<YearMonth> {
    let mut months = vec![month];
    while months.len() < TREND_MONTHS {
        let before = months[months.len() - 1].previous();
        months.push(before);
    }
    months.reverse();
    months
}

/// A month as `<input type="month">` gives it: `2023-10`.
pub fn parse(text: &str) -> Option<YearMonth> {
    let (y, m) = text.trim().split_once('-')?;
    YearMonth::new(y.parse().ok()?, m.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_report_opens_on_the_teams_current_month() {
        // 2023-10-31 16:30 UTC is already 2023-11-01 00:30 in Shanghai.
        let now = Utc.with_ymd_and_hms(2023, 10, 31, 16, 30, 0).unwrap();
        assert_eq!(current(&SlaPolicy::default(), now).to_string(), "2023-11");
    }

    #[test]
    fn the_trend_is_six_months_across_a_new_year() {
        let months: Vec<String> = trend(parse("2024-02").unwrap())
            .into_iter()
            .map(|m| m.to_string())
            .collect();
        assert_eq!(
            months,
            ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(parse("2024-13"), None);
        assert_eq!(parse("abc"), None);
    }
}
