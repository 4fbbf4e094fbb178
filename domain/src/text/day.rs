//! A calendar day, as officers write and read it.

use crate::error::DomainError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

/// A calendar day, serialised as `YYYY-MM-DD` (the form an `<input type=date>` uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub(crate) Date);

impl Day {
    /// The traditional day, 19 August, of `year` (Decision 521/QĐ-TTg).
    pub fn traditional(year: i32) -> Result<Day, DomainError> {
        Date::from_calendar_date(year, Month::August, 19)
            .map(Day)
            .map_err(|_| DomainError::InvalidDate(format!("{year}-08-19")))
    }

    /// The day a Unix time (ms) falls on at a UTC offset (minutes).
    pub fn from_unix_ms(unix_ms: u64, utc_offset_minutes: i32) -> Day {
        let local = (unix_ms / 1000) as i64 + i64::from(utc_offset_minutes) * 60;
        let date = time::OffsetDateTime::from_unix_timestamp(local)
            .map(|t| t.date())
            .unwrap_or(Date::MIN);
        Day(date)
    }

    /// The last millisecond of this day at a UTC offset (minutes): a
    /// report sent up to then is on time.
    pub fn end_ms(self, utc_offset_minutes: i32) -> u64 {
        let midnight =
            self.0.midnight().assume_utc().unix_timestamp() - i64::from(utc_offset_minutes) * 60;
        ((midnight + 24 * 60 * 60) * 1000 - 1).max(0) as u64
    }

    /// The day `days` after this one (before it, if negative).
    pub fn plus_days(self, days: i64) -> Day {
        Day(self.0.saturating_add(time::Duration::days(days)))
    }

    /// Days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Day) -> i64 {
        (other.0 - self.0).whole_days()
    }

    /// Parses `YYYY-MM-DD`, years 1900 to 2199.
    pub fn parse(s: &str) -> Result<Day, DomainError> {
        let bad = || DomainError::InvalidDate(s.to_string());
        let mut parts = s.trim().splitn(3, '-');
        let mut next = |len: usize| -> Result<u32, DomainError> {
            let p = parts.next().ok_or_else(bad)?;
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let (y, m, d) = (next(4)?, next(2)?, next(2)?);
        if !(1900..2200).contains(&y) {
            return Err(bad());
        }
        let month = Month::try_from(m as u8).map_err(|_| bad())?;
        Date::from_calendar_date(y as i32, month, d as u8)
            .map(Day)
            .map_err(|_| bad())
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1-12.
    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }

    /// `dd/mm/yyyy`, as Vietnamese documents write dates.
    pub fn display_vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day(), self.month(), self.year())
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Day::parse(&s).map_err(serde::de::Error::custom)
    }
}
