//! The event itself: who hosts it, where, when, at which level.

use crate::error::DomainError;
use crate::merge::clock::Stamp;
use crate::merge::lww::{Lww, Tombstone};
use crate::merge::replica::{tombstoned_registers, Replica};
use crate::text;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::{Date, Month};
use uuid::Uuid;

/// The identity of one Ngày hội, chosen at random by the phone that created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub Uuid);

impl EventId {
    /// A fresh random event id.
    pub fn random() -> Self {
        EventId(Uuid::new_v4())
    }

    /// Parses the text form used in URLs.
    pub fn parse(s: &str) -> Option<EventId> {
        Uuid::parse_str(s).ok().map(EventId)
    }

    /// A new event's id and its claim: the id is derived from the claim (a
    /// UUID v8 of its SHA-256), and the claim stays on the creating phone.
    /// Showing the claim to the server proves a phone created the event, so
    /// nobody who only saw the id (in a file, a link) can register it first.
    pub fn new_claimed() -> (EventId, String) {
        let claim = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        (EventId::from_claim(&claim), claim)
    }

    /// The id a claim stands for.
    pub fn from_claim(claim: &str) -> EventId {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("ngayhoi-event:{claim}").as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        EventId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }

    /// Whether the id was derived from a claim (events created before claims
    /// have random ids, which any claim may register first).
    pub fn is_claimed(&self) -> bool {
        self.0.get_version_num() == 8
    }

    /// Whether `claim` proves this event's creation: the id derives from it,
    /// or the id predates claims.
    pub fn accepts_claim(&self, claim: &str) -> bool {
        !self.is_claimed() || *self == EventId::from_claim(claim)
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod claim_tests {
    use super::EventId;

    #[test]
    fn an_id_is_claimed_only_by_its_own_claim() {
        let (id, claim) = EventId::new_claimed();
        assert!(id.is_claimed());
        assert!(id.accepts_claim(&claim));
        let (_, other) = EventId::new_claimed();
        assert!(!id.accepts_claim(&other));
        assert_eq!(id, EventId::from_claim(&claim));
        let legacy = EventId::random();
        assert!(!legacy.is_claimed() && legacy.accepts_claim(&other));
    }
}

/// The level at which a Ngày hội is held (seed 004 reports per level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Khu dân cư, thôn, xóm, ấp, bản, tổ dân phố.
    Thon,
    /// Xã, phường, thị trấn.
    Xa,
    /// Huyện, quận, thị xã, thành phố thuộc tỉnh.
    Huyen,
    /// Cơ quan, doanh nghiệp, nhà trường.
    Cqdnnt,
}

impl Level {
    /// Every level, in the order forms list them.
    pub const ALL: [Level; 4] = [Level::Thon, Level::Xa, Level::Huyen, Level::Cqdnnt];

    /// The label officers know.
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Thon => "Khu dân cư, thôn, tổ dân phố",
            Level::Xa => "Xã, phường, thị trấn",
            Level::Huyen => "Huyện, quận, thị xã",
            Level::Cqdnnt => "Cơ quan, doanh nghiệp, nhà trường",
        }
    }

    /// The short code used in forms and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Level::Thon => "thon",
            Level::Xa => "xa",
            Level::Huyen => "huyen",
            Level::Cqdnnt => "cqdnnt",
        }
    }

    /// The level for a [`Level::code`].
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// A calendar day, serialised as `YYYY-MM-DD` (the form an `<input type=date>` uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

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

/// What an officer fills in to create a Ngày hội.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The host unit's name, as the officer types it.
    pub host_name: String,
    /// The level of the host unit.
    pub level: Level,
    /// Where it is held.
    pub place: String,
    /// The day it is held.
    pub date: Day,
    /// Whether it is the district's showcase site ("điểm chỉ đạo").
    pub showcase: bool,
}

impl NewEvent {
    /// A realistic commune event on the traditional day of 2026, for tests,
    /// examples and benchmarks.
    pub fn example() -> NewEvent {
        NewEvent {
            host_name: "UBND xã Tân Lập".into(),
            level: Level::Xa,
            place: "Sân vận động xã".into(),
            date: Day(Date::from_calendar_date(2026, Month::August, 19).expect("a real day")),
            showcase: false,
        }
    }

    /// Trims and checks the fields.
    pub fn validated(self) -> Result<NewEvent, DomainError> {
        Ok(NewEvent {
            host_name: text::required("host_name", &self.host_name)?,
            place: text::optional("place", &self.place)?,
            ..self
        })
    }
}

/// The event record: every field is its own last-writer-wins register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    /// The event's id (immutable).
    pub id: EventId,
    /// The host unit's name ("tên cơ quan, đơn vị tổ chức"), as typed.
    pub host_name: Lww<String>,
    /// The host unit's level.
    pub level: Lww<Level>,
    /// Where it is held.
    pub place: Lww<String>,
    /// The day it is held. The event's year is this day's year.
    pub date: Lww<Day>,
    /// Whether it is the district's showcase site.
    pub showcase: Lww<bool>,
    /// Set when the event is deleted.
    #[serde(default)]
    pub removed: Tombstone,
}

impl EventMeta {
    /// A new event record, every field written at `stamp`.
    pub fn create(id: EventId, new: NewEvent, stamp: Stamp) -> EventMeta {
        EventMeta {
            id,
            host_name: Lww::new(new.host_name, stamp),
            level: Lww::new(new.level, stamp),
            place: Lww::new(new.place, stamp),
            date: Lww::new(new.date, stamp),
            showcase: Lww::new(new.showcase, stamp),
            removed: Tombstone::default(),
        }
    }

    /// The year of the Ngày hội, used in its title ("… NĂM 2026"). Derived from
    /// the date rather than stored, so the two can never disagree.
    pub fn year(&self) -> i32 {
        self.date.value.year()
    }

    /// Joins another replica of the same event.
    pub fn merge(&mut self, other: &EventMeta) {
        self.host_name.merge(&other.host_name);
        self.level.merge(&other.level);
        self.place.merge(&other.place);
        self.date.merge(&other.date);
        self.showcase.merge(&other.showcase);
        self.removed.merge(&other.removed);
    }

    /// Every stamp in the record, for clocks and validation.
    pub fn stamps(&self) -> impl Iterator<Item = &Stamp> {
        [
            &self.host_name.stamp,
            &self.level.stamp,
            &self.place.stamp,
            &self.date.stamp,
            &self.showcase.stamp,
        ]
        .into_iter()
        .chain(self.removed.stamps())
    }

    /// Every stamp in the record, to restamp ([`crate::Record::restamp_ahead`]).
    pub fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        [
            &mut self.host_name.stamp,
            &mut self.level.stamp,
            &mut self.place.stamp,
            &mut self.date.stamp,
            &mut self.showcase.stamp,
        ]
        .into_iter()
        .chain(self.removed.stamps_mut())
    }
}

impl Replica for EventMeta {
    fn uuid(&self) -> Uuid {
        self.id.0
    }

    fn join(&mut self, other: &Self) {
        self.merge(other)
    }

    fn validate(&self) -> Result<(), DomainError> {
        text::check_len("host_name", &self.host_name.value)?;
        text::check_len("place", &self.place.value)
    }

    tombstoned_registers!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_of_a_moment_is_the_phones_local_day() {
        // 2026-08-18 18:00 UTC is 01:00 on the 19th in Việt Nam.
        let ms = 1_787_076_000_000;
        assert_eq!(Day::from_unix_ms(ms, 0).iso(), "2026-08-18");
        assert_eq!(Day::from_unix_ms(ms, 420).iso(), "2026-08-19");
        let due = Day::parse("2026-08-25").unwrap();
        assert_eq!(Day::from_unix_ms(ms, 420).days_until(due), 6);
        assert_eq!(due.days_until(Day::from_unix_ms(ms, 420)), -6);
    }

    #[test]
    fn traditional_day_is_19_august() {
        let d = Day::traditional(2026).unwrap();
        assert_eq!(d.iso(), "2026-08-19");
        assert_eq!(d.display_vi(), "19/08/2026");
    }

    #[test]
    fn day_parse_is_strict() {
        assert!(Day::parse("2026-02-29").is_err());
        assert!(Day::parse("2024-02-29").is_ok());
        assert!(Day::parse("2026-8-19").is_err());
        assert!(Day::parse("20260819").is_err());
        assert!(Day::parse("1800-01-01").is_err());
        assert!(Day::parse("+2026-08-19").is_err());
    }

    #[test]
    fn new_event_requires_a_host_name() {
        let new = NewEvent {
            host_name: "  ".into(),
            level: Level::Xa,
            place: String::new(),
            date: Day::traditional(2026).unwrap(),
            showcase: false,
        };
        assert_eq!(
            new.validated(),
            Err(DomainError::Empty { field: "host_name" })
        );
    }

    #[test]
    fn level_codes_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(l));
        }
    }
}
