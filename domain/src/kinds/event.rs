//! The event itself: who hosts it, where, when, at which level.

use crate::error::DomainError;
use crate::merge::clock::Stamp;
pub use crate::merge::ids::EventId;
use crate::merge::lww::{Lww, Tombstone};
use crate::merge::replica::{tombstoned_registers, Replica};
use crate::text;
pub use crate::text::day::Day;
use serde::{Deserialize, Serialize};
use time::{Date, Month};
use uuid::Uuid;

/// The level at which a Ngày hội is held (seed 004 reports per level).
///
/// A commune's by default: the level most models and events are held at.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Khu dân cư, thôn, xóm, ấp, bản, tổ dân phố.
    Thon,
    /// Xã, phường, thị trấn.
    #[default]
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
