//! Commands on a unit's ledger ("Sổ phong trào"): the document holding
//! the unit's figures year by year ([`Movement`]) and its register of
//! models. A ledger is an [`EventState`] with no event record: storage,
//! sync, history and undo serve it as they serve an event.

use crate::error::DomainError;
use crate::kinds::movement::{movement_id, Movement, Source, YearEntry};
use crate::kinds::{Kind, Record, RecordKey, RecordKind};
use crate::merge::clock::Stamp;
use crate::merge::lww::Tombstone;
use crate::rules::movement as rules;
use crate::state::EventState;
use std::collections::BTreeMap;
use uuid::Uuid;

impl EventState {
    /// An empty replica of the ledger of the unit `code`.
    pub fn ledger(code: &str) -> EventState {
        EventState::empty(crate::kinds::event::EventId::ledger(code))
    }

    /// The record of `unit`'s `year`, removed or not.
    pub fn movement(&self, unit: &str, year: i32) -> Option<&Movement> {
        let key = RecordKey {
            kind: RecordKind::Movement,
            id: movement_id(unit, year).0,
        };
        self.items.get(&key).and_then(Movement::from_record)
    }

    /// Every year's figures this ledger holds, removed ones left out, by id.
    pub fn movements(&self) -> impl Iterator<Item = &Movement> + '_ {
        let key = |id| RecordKey {
            kind: RecordKind::Movement,
            id,
        };
        self.items
            .range(key(Uuid::nil())..=key(Uuid::max()))
            .filter_map(|(_, r)| Movement::from_record(r))
            .filter(|m| !m.removed.is_removed())
    }

    /// Saves `unit`'s figures of `year` as a form or a file states them:
    /// the record changed, or none if every value is already there.
    /// Only the figures whose value changed are restamped, so saving the
    /// same values changes nothing, and an officer's save never
    /// overrides another's figure left alone. The year as it would stand
    /// is judged whole by the rule book.
    pub fn save_movement(
        &self,
        unit: &str,
        year: i32,
        values: &BTreeMap<crate::movement::figures::Figure, u64>,
        source: Source,
        stamp: Stamp,
    ) -> Result<Vec<Record>, DomainError> {
        let unit = crate::unit::check_code(unit)?;
        let mut record = match self.movement(&unit, year) {
            Some(m) => m.clone(),
            None => Movement::blank(&unit, year, stamp),
        };
        let mut after = record.values();
        after.extend(values.iter().map(|(f, v)| (*f, *v)));
        rules::check(year, &after)?;
        let changed = record.write(values, source, stamp);
        Ok(if changed {
            vec![record.into_record()]
        } else {
            Vec::new()
        })
    }

    /// Removes `unit`'s figures of `year` (a tombstone: saving the year
    /// again brings it back).
    pub fn remove_movement(
        &self,
        unit: &str,
        year: i32,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let mut record = self
            .movement(unit, year)
            .cloned()
            .ok_or(DomainError::NotFound("entry"))?;
        let mut removed = Tombstone::default();
        removed.remove(stamp);
        record.removed.merge(&removed);
        Ok(record.into_record())
    }

    /// Saves the years of a file of the years before the app, marked as
    /// imported: the records changed. Importing the same rows again
    /// changes nothing.
    pub fn import_past(
        &self,
        years: &[YearEntry],
        stamp: Stamp,
    ) -> Result<Vec<Record>, DomainError> {
        let mut out = Vec::new();
        for y in years {
            out.extend(self.save_movement(&y.unit, y.year, &y.values, Source::Imported, stamp)?);
        }
        Ok(out)
    }
}
