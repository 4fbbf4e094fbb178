//! One unit's figures of one year ([`Movement`]), kept in a unit's ledger
//! ("Sổ phong trào"): what the unit types of the movement's statistics
//! (seed 004), year by year, or imported from the years before the app.

use crate::error::DomainError;
use crate::kinds::event::EventId;
use crate::merge::clock::Stamp;
use crate::merge::items::ItemId;
use crate::merge::lww::{Lww, Tombstone};
use crate::merge::replica::{tombstoned_registers, Replica};
use crate::movement::figures::Figure;
use crate::rules::movement as rules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Where a year's figures came from, for the history and the sheet.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Typed by the unit's officers.
    #[default]
    Entered,
    /// Read from a file of the years before the app.
    Imported,
}

/// One unit's year as stated: the figures a form or an imported line
/// gives (only those it gives; the others stay as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEntry {
    /// The unit the figures are of.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// The figures stated, in stored units (explosives in grams).
    pub values: BTreeMap<Figure, u64>,
}

/// One unit's figures of one year. Each figure is its own register, so
/// two officers typing different figures of the same year never
/// overwrite each other; its id derives from the unit and the year, so
/// two phones entering the same year make one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    /// Its id ([`movement_id`]).
    pub id: ItemId,
    /// The unit the figures are of: the ledger's own unit, or a unit
    /// below whose past years it imported. Fixed at creation.
    pub unit: String,
    /// The year. Fixed at creation.
    pub year: i32,
    /// Typed or imported: the latest change's.
    pub source: Lww<Source>,
    /// Set when the year's figures are removed.
    #[serde(default)]
    pub removed: Tombstone,
    /// The figures stated, each a register, stored under its key beside
    /// the fields above (so the history lists each figure as a field). A
    /// key no figure has is refused.
    #[serde(flatten)]
    pub figures: BTreeMap<Figure, Lww<u64>>,
}

/// The id of the record of `unit`'s figures of `year`, whichever ledger
/// holds it.
pub fn movement_id(unit: &str, year: i32) -> ItemId {
    ItemId::derived(EventId::ledger(unit), b"movement", &year.to_be_bytes())
}

impl Movement {
    /// `unit`'s year with no figure yet, typed at `stamp`.
    pub fn blank(unit: &str, year: i32, stamp: Stamp) -> Movement {
        Movement {
            id: movement_id(unit, year),
            unit: unit.to_string(),
            year,
            source: Lww::new(Source::Entered, stamp),
            removed: Tombstone::default(),
            figures: BTreeMap::new(),
        }
    }

    /// The figures as they stand.
    pub fn values(&self) -> BTreeMap<Figure, u64> {
        self.figures.iter().map(|(f, v)| (*f, v.value)).collect()
    }

    /// Writes the figures of `values` that differ from the record's (and
    /// `source`, if any did) at `stamp`, bringing a removed year back;
    /// whether anything changed. Saving the same values again changes
    /// nothing and restamps nothing.
    pub fn write(&mut self, values: &BTreeMap<Figure, u64>, source: Source, stamp: Stamp) -> bool {
        let restoring = self.removed.is_removed() && !values.is_empty();
        let mut changed = restoring;
        for (&figure, &value) in values {
            match self.figures.get_mut(&figure) {
                Some(register) if register.value == value => {}
                Some(register) => {
                    register.set(value, stamp);
                    changed = true;
                }
                None => {
                    self.figures.insert(figure, Lww::new(value, stamp));
                    changed = true;
                }
            }
        }
        if changed {
            self.source.update(source, stamp);
        }
        if restoring {
            self.removed.restore(stamp);
        }
        changed
    }

    /// Joins another replica of the same year: each figure's register
    /// merges, a figure only one side has is taken from it.
    pub fn merge(&mut self, other: &Movement) {
        // Fixed at creation: max keeps merge a join should two copies ever
        // disagree (a hostile file), as `Step::optional` does.
        self.unit = self.unit.clone().max(other.unit.clone());
        self.year = self.year.max(other.year);
        self.source.merge(&other.source);
        self.removed.merge(&other.removed);
        for (figure, theirs) in &other.figures {
            match self.figures.get_mut(figure) {
                Some(mine) => mine.merge(theirs),
                None => {
                    self.figures.insert(*figure, theirs.clone());
                }
            }
        }
    }

    /// Checks a stored or received record against the rule book: its
    /// unit's code, its year, every figure typed and within bounds, and
    /// each part within its whole where one phone wrote both — two phones
    /// lowering a whole and raising its part at once make a year no one
    /// typed, which merges and waits for an officer to correct it (their
    /// next save is judged whole), rather than stopping every phone's sync.
    pub fn check(&self) -> Result<(), DomainError> {
        crate::unit::check_code(&self.unit)?;
        rules::check_year(self.year)?;
        for (figure, register) in &self.figures {
            rules::check_value(*figure, register.value)?;
        }
        let writer = |f: Figure| self.figures.get(&f).map(|r| r.stamp.device);
        rules::check_parts(&self.values(), |part, whole| writer(part) == writer(whole))
    }

    fn stamps(&self) -> impl Iterator<Item = &Stamp> {
        std::iter::once(&self.source.stamp)
            .chain(self.figures.values().map(|r| &r.stamp))
            .chain(self.removed.stamps())
    }

    fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        std::iter::once(&mut self.source.stamp)
            .chain(self.figures.values_mut().map(|r| &mut r.stamp))
            .chain(self.removed.stamps_mut())
    }
}

impl Replica for Movement {
    fn uuid(&self) -> Uuid {
        self.id.0
    }

    fn join(&mut self, other: &Self) {
        self.merge(other)
    }

    fn validate(&self) -> Result<(), DomainError> {
        self.check()
    }

    tombstoned_registers!();
}

#[cfg(test)]
mod tests;
