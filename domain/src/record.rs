//! Records: the unit of storage and of exchange between phones.
//!
//! An event is a set of records, each identified by its kind and id. Storing,
//! syncing and importing all come down to merging records one by one.

use crate::event::EventMeta;
use crate::headcount::{Tally, MAX_TALLY};
use crate::program::Step;
use crate::text;
use crate::{clock::Stamp, error::DomainError};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// The event's own fields.
    Event,
    /// A step of the program.
    Step,
    /// One device's share of the gate headcount.
    Headcount,
}

impl RecordKind {
    /// The name used in storage keys and bundles.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Event => "event",
            RecordKind::Step => "step",
            RecordKind::Headcount => "headcount",
        }
    }
}

/// A record's identity within its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    /// What it describes.
    pub kind: RecordKind,
    /// Its id: the event's, the step's, or the counting device's.
    pub id: Uuid,
}

impl RecordKey {
    /// Parses the `kind/id` form [`RecordKey`] displays as.
    pub fn parse(s: &str) -> Option<RecordKey> {
        let (kind, id) = s.split_once('/')?;
        let kind = [RecordKind::Event, RecordKind::Step, RecordKind::Headcount]
            .into_iter()
            .find(|k| k.as_str() == kind)?;
        Some(RecordKey {
            kind,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.id)
    }
}

/// One record, tagged by kind: `{"step": {...fields}}`.
///
/// Externally tagged on purpose: serde reads it in one pass, where an
/// internal `"kind"` tag would buffer every record and double the parsing
/// code shipped to phones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Record {
    /// The event's own fields.
    Event(EventMeta),
    /// A program step.
    Step(Step),
    /// A device's headcount tally.
    Headcount(Tally),
}

impl Record {
    /// The record's identity.
    pub fn key(&self) -> RecordKey {
        match self {
            Record::Event(e) => RecordKey {
                kind: RecordKind::Event,
                id: e.id.0,
            },
            Record::Step(s) => RecordKey {
                kind: RecordKind::Step,
                id: s.id.0,
            },
            Record::Headcount(t) => RecordKey {
                kind: RecordKind::Headcount,
                id: t.device.0,
            },
        }
    }

    /// Joins another replica of the same record into this one.
    pub fn merge(&mut self, other: &Record) -> Result<(), DomainError> {
        if self.key() != other.key() {
            return Err(DomainError::KindMismatch);
        }
        match (self, other) {
            (Record::Event(a), Record::Event(b)) => a.merge(b),
            (Record::Step(a), Record::Step(b)) => a.merge(b),
            (Record::Headcount(a), Record::Headcount(b)) => a.merge(b),
            _ => return Err(DomainError::KindMismatch),
        }
        Ok(())
    }

    /// Checks the content against the model's limits (texts, times, counts):
    /// records from outside (bundles) must not carry what the app could not.
    pub fn validate(&self) -> Result<(), DomainError> {
        match self {
            Record::Event(e) => {
                text::check_len("host_name", &e.host_name.value)?;
                text::check_len("place", &e.place.value)
            }
            Record::Step(s) => {
                text::check_len("title", &s.title.value)?;
                text::check_len("performer", &s.performer.value)?;
                if s.planned.value.is_some_and(|m| m >= 24 * 60) {
                    return Err(DomainError::OutOfRange("planned"));
                }
                Ok(())
            }
            Record::Headcount(t) => {
                if t.increments > MAX_TALLY || t.corrections > MAX_TALLY {
                    return Err(DomainError::OutOfRange("headcount"));
                }
                Ok(())
            }
        }
    }

    /// The greatest stamp in the record, if it has any; clocks observe it.
    pub fn max_stamp(&self) -> Option<Stamp> {
        match self {
            Record::Event(e) => e.stamps().max().copied(),
            Record::Step(s) => s.stamps().max().copied(),
            Record::Headcount(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_text() {
        let key = RecordKey {
            kind: RecordKind::Step,
            id: Uuid::from_u128(7),
        };
        assert_eq!(RecordKey::parse(&key.to_string()), Some(key));
        assert_eq!(
            RecordKey::parse("nothing/00000000-0000-0000-0000-000000000007"),
            None
        );
        assert_eq!(RecordKey::parse("step/7"), None);
        assert_eq!(RecordKey::parse("step"), None);
    }
}
