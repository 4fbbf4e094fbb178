//! A month of a year ("tháng 5/2019"): when a model began or stopped.

use crate::error::DomainError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A month of a year, serialised as `YYYY-MM` (the form an `<input
/// type=month>` uses). Orders by year, then month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthYear {
    year: i32,
    month: u8,
}

impl MonthYear {
    /// The month `month` (1-12) of `year` (1900 to 2199).
    pub fn new(year: i32, month: u8) -> Result<MonthYear, DomainError> {
        if !(1900..2200).contains(&year) || !(1..=12).contains(&month) {
            return Err(DomainError::InvalidDate(format!("{year:04}-{month:02}")));
        }
        Ok(MonthYear { year, month })
    }

    /// Reads `YYYY-MM` (a form's month) or `MM/YYYY` (as officers write it).
    pub fn parse(s: &str) -> Result<MonthYear, DomainError> {
        let s = s.trim();
        let bad = || DomainError::InvalidDate(s.to_string());
        let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<i32>().ok())
                .flatten()
                .ok_or_else(bad)
        };
        let (year, month) = match (s.split_once('-'), s.split_once('/')) {
            (Some((y, m)), None) => (digits(y, 4..=4)?, digits(m, 2..=2)?),
            (None, Some((m, y))) => (digits(y, 4..=4)?, digits(m, 1..=2)?),
            _ => return Err(bad()),
        };
        MonthYear::new(year, u8::try_from(month).map_err(|_| bad())?).map_err(|_| bad())
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// `YYYY-MM`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `mm/yyyy`, as Vietnamese documents write it.
    pub fn display_vi(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }
}

impl Serialize for MonthYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for MonthYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        // Stored and exchanged only as `YYYY-MM`.
        if s.contains('/') {
            return Err(serde::de::Error::custom("a month is written YYYY-MM"));
        }
        MonthYear::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_read_as_forms_and_officers_write_it() {
        let may = MonthYear::parse("2019-05").unwrap();
        assert_eq!((may.year(), may.month()), (2019, 5));
        assert_eq!(MonthYear::parse("5/2019"), Ok(may));
        assert_eq!(MonthYear::parse(" 05/2019 "), Ok(may));
        assert_eq!(may.display_vi(), "05/2019");
        for bad in [
            "2019-13", "2019-5", "19-05", "2019", "", "13/2019", "2019/05", "1800-01",
        ] {
            assert!(MonthYear::parse(bad).is_err(), "{bad}");
        }
        assert!(MonthYear::parse("2018-12").unwrap() < may);
        let json = serde_json::to_string(&may).unwrap();
        assert_eq!(json, "\"2019-05\"");
        assert_eq!(serde_json::from_str::<MonthYear>(&json).unwrap(), may);
        assert!(serde_json::from_str::<MonthYear>("\"05/2019\"").is_err());
    }
}
