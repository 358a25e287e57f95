//! R1.5: every problem gets a unique number, `TS` + date `YYYYMMDD` + a serial that restarts each day.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A ticket number such as `TS20231027001`.
///
/// The serial has at least three digits; past 999 it widens (`TS202310271000`) rather than failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNo {
    date: NaiveDate,
    serial: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketNoError {
    #[error("R1.5: a ticket number starts with \"TS\", e.g. TS20231027001")]
    MissingPrefix,
    #[error("R1.5: a ticket number has the date as YYYYMMDD after \"TS\", e.g. TS20231027001")]
    BadDate,
    #[error("R1.5: a ticket number ends with a serial of at least 3 digits, from 001, e.g. TS20231027001")]
    BadSerial,
}

impl TicketNo {
    /// The number `serial` of day `date`; serials start at 1.
    pub fn new(date: NaiveDate, serial: u32) -> Result<Self, TicketNoError> {
        if serial == 0 {
            return Err(TicketNoError::BadSerial);
        }
        Ok(Self { date, serial })
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }

    /// R1.5: the next free number of `date`, given every number already used (any day).
    ///
    /// Allocation is one past the highest serial used that day, so it is deterministic for a given
    /// set of numbers and never collides with one of them.
    pub fn next<'a>(date: NaiveDate, used: impl IntoIterator<Item = &'a TicketNo>) -> TicketNo {
        let highest = used
            .into_iter()
            .filter(|no| no.date == date)
            .map(|no| no.serial)
            .max()
            .unwrap_or(0);
        TicketNo {
            date,
            serial: highest + 1,
        }
    }
}

impl TicketNo {
    /// The numbers in a typed list ("TS20231020003，TS20231020004"), or the first item that is
    /// not a ticket number.
    pub fn parse_list(text: &str) -> Result<Vec<TicketNo>, String> {
        crate::model::list_items(text)
            .map(|item| item.parse().map_err(|_| item.to_string()))
            .collect()
    }
}

impl fmt::Display for TicketNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TS{}{:03}", self.date.format("%Y%m%d"), self.serial)
    }
}

impl FromStr for TicketNo {
    type Err = TicketNoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s.strip_prefix("TS").ok_or(TicketNoError::MissingPrefix)?;
        let (date, serial) = rest.split_at_checked(8).ok_or(TicketNoError::BadDate)?;
        if !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNoError::BadDate);
        }
        let date = NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| TicketNoError::BadDate)?;
        if serial.len() < 3 || !serial.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNoError::BadSerial);
        }
        // A widened serial never has a leading zero, so each number has one spelling only.
        if serial.len() > 3 && serial.starts_with('0') {
            return Err(TicketNoError::BadSerial);
        }
        let serial = serial.parse().map_err(|_| TicketNoError::BadSerial)?;
        TicketNo::new(date, serial)
    }
}

impl Serialize for TicketNo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TicketNo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn a_typed_list_of_numbers_takes_full_width_commas_and_names_the_bad_item() {
        assert_eq!(
            TicketNo::parse_list("TS20231020003，TS20231020004, TS20231020005"),
            Ok(vec![
                TicketNo::new(day(2023, 10, 20), 3).unwrap(),
                TicketNo::new(day(2023, 10, 20), 4).unwrap(),
                TicketNo::new(day(2023, 10, 20), 5).unwrap(),
            ])
        );
        assert_eq!(
            TicketNo::parse_list("TS20231020003、TS2023"),
            Err("TS2023".to_string())
        );
    }

    #[test]
    fn displays_the_templates_example_number() {
        let no = TicketNo::new(day(2023, 10, 27), 1).unwrap();
        assert_eq!(no.to_string(), "TS20231027001");
    }

    #[test]
    fn parses_what_it_displays() {
        for text in [
            "TS20231027001",
            "TS20231027999",
            "TS202310271000",
            "TS20240229042",
        ] {
            let no: TicketNo = text.parse().unwrap();
            assert_eq!(no.to_string(), text);
        }
    }

    #[test]
    fn rejects_malformed_numbers_with_the_part_that_is_wrong() {
        assert_eq!(
            "XX20231027001".parse::<TicketNo>(),
            Err(TicketNoError::MissingPrefix)
        );
        assert_eq!("TS2023102".parse::<TicketNo>(), Err(TicketNoError::BadDate));
        assert_eq!(
            "TS20231327001".parse::<TicketNo>(),
            Err(TicketNoError::BadDate)
        );
        assert_eq!(
            "TS2023-027001".parse::<TicketNo>(),
            Err(TicketNoError::BadDate)
        );
        assert_eq!(
            "TS2023102701".parse::<TicketNo>(),
            Err(TicketNoError::BadSerial)
        );
        assert_eq!(
            "TS20231027000".parse::<TicketNo>(),
            Err(TicketNoError::BadSerial)
        );
        assert_eq!(
            "TS202310270012".parse::<TicketNo>(),
            Err(TicketNoError::BadSerial)
        );
        assert_eq!(
            "TS20231027+01".parse::<TicketNo>(),
            Err(TicketNoError::BadSerial)
        );
        assert_eq!(
            "TS２０２31027001".parse::<TicketNo>(),
            Err(TicketNoError::BadDate)
        );
    }

    #[test]
    fn first_number_of_a_day_is_001() {
        let no = TicketNo::next(day(2026, 11, 25), &[]);
        assert_eq!(no.to_string(), "TS20261125001");
    }

    #[test]
    fn serial_follows_the_highest_used_that_day_and_restarts_the_next_day() {
        let used: Vec<TicketNo> = ["TS20261125001", "TS20261125007", "TS20261124042"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(
            TicketNo::next(day(2026, 11, 25), &used).to_string(),
            "TS20261125008"
        );
        assert_eq!(
            TicketNo::next(day(2026, 11, 26), &used).to_string(),
            "TS20261126001"
        );
    }

    #[test]
    fn serial_widens_past_999_instead_of_failing() {
        let used = [TicketNo::new(day(2026, 11, 25), 999).unwrap()];
        let next = TicketNo::next(day(2026, 11, 25), &used);
        assert_eq!(next.to_string(), "TS202611251000");
        assert_eq!(next.to_string().parse::<TicketNo>().unwrap(), next);
    }

    #[test]
    fn serializes_as_its_text() {
        let no: TicketNo = "TS20231027001".parse().unwrap();
        assert_eq!(serde_json::to_string(&no).unwrap(), "\"TS20231027001\"");
        let back: TicketNo = serde_json::from_str("\"TS20231027001\"").unwrap();
        assert_eq!(back, no);
        assert!(serde_json::from_str::<TicketNo>("\"TS1\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn next_never_collides_with_a_used_number(serials in proptest::collection::vec(1u32..3000, 0..50)) {
            let date = day(2026, 11, 25);
            let used: Vec<TicketNo> = serials.iter().map(|s| TicketNo::new(date, *s).unwrap()).collect();
            let next = TicketNo::next(date, &used);
            proptest::prop_assert!(!used.contains(&next));
            proptest::prop_assert_eq!(next.to_string().parse::<TicketNo>().unwrap(), next);
        }
    }
}
