//! An event's whole state, its merge, and the changes officers make to it.
//!
//! Changes are computed, not applied: each command returns the records it
//! changed, the app writes them to storage, and only once they are committed
//! applies them with [`EventState::apply`]. So nothing shows as done before
//! it is saved.

pub mod entries;
pub mod headcount;
pub mod ledger;
pub mod program;
pub mod report;
pub mod review;
pub mod summary;

use crate::error::DomainError;
use crate::kinds::decoration;
use crate::kinds::event::{Day, EventId, EventMeta, Level, NewEvent};
use crate::kinds::headcount::Tally;
use crate::kinds::program::{Step, StepId, STANDARD_PROGRAM};
use crate::kinds::{Kind, Record, RecordKey, RecordKind};
use crate::merge::clock::{DeviceId, Stamp};
use crate::merge::items::{Item, ItemId};
use crate::merge::order::OrderKey;
use crate::text;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// What importing a file would do to an event on this phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// The event is not on this phone yet.
    pub new_event: bool,
    /// The host unit's name, after the import.
    pub host_name: String,
    /// Records the phone does not have.
    pub added: usize,
    /// Records the file makes newer.
    pub changed: usize,
    /// Steps in the program before and after.
    pub steps_before: usize,
    /// See `steps_before`.
    pub steps_after: usize,
    /// Steps done before and after.
    pub done_before: usize,
    /// See `done_before`.
    pub done_after: usize,
    /// The gate headcount before and after.
    pub headcount_before: u64,
    /// See `headcount_before`.
    pub headcount_after: u64,
}

impl ImportPreview {
    /// Whether the file brings anything new.
    pub fn changes_anything(&self) -> bool {
        self.added + self.changed > 0
    }
}

/// Everything known about one event on one replica.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventState {
    /// The event's id.
    pub id: EventId,
    /// The event's fields; `None` until its record arrives (a sync may bring
    /// steps first).
    pub meta: Option<EventMeta>,
    /// Every step ever created, removed ones included (tombstones).
    pub steps: BTreeMap<StepId, Step>,
    /// The headcount, one tally per counting device.
    pub tallies: BTreeMap<DeviceId, Tally>,
    /// The list entries (banner, decorations, invitees, outreach, forum,
    /// awards, budget), removed ones included, ordered by kind then id so
    /// each list is one range.
    pub items: BTreeMap<RecordKey, Record>,
    /// Kinds whose records this replica left in storage: a phone reads an
    /// event's lists only when a screen shows them, so 5,000 invitees do
    /// not slow the gate. Records of these kinds are not applied (they are
    /// on disk, and read from there with the rest). Empty: everything.
    pub left_in_storage: BTreeSet<RecordKind>,
}

impl EventState {
    /// An empty replica of event `id`.
    pub fn empty(id: EventId) -> Self {
        EventState {
            id,
            meta: None,
            steps: BTreeMap::new(),
            tallies: BTreeMap::new(),
            items: BTreeMap::new(),
            left_in_storage: BTreeSet::new(),
        }
    }

    /// An empty replica that holds only the records of `kinds` (and the
    /// event's own): the others stay in storage until [`Self::read_kinds`].
    pub fn holding(id: EventId, kinds: &[RecordKind]) -> Self {
        EventState {
            left_in_storage: RecordKind::ALL
                .iter()
                .copied()
                .filter(|k| *k != RecordKind::Event && !kinds.contains(k))
                .collect(),
            ..EventState::empty(id)
        }
    }

    /// Whether every record of `kinds` is here.
    pub fn holds(&self, kinds: &[RecordKind]) -> bool {
        kinds.iter().all(|&k| self.holds_kind(k))
    }

    /// Whether the records of `kind` are here (not left in storage).
    pub fn holds_kind(&self, kind: RecordKind) -> bool {
        self.left_in_storage.is_empty() || !self.left_in_storage.contains(&kind)
    }

    /// Takes in the records of `kinds`, read from storage: from now on this
    /// replica holds them.
    pub fn read_kinds(
        &mut self,
        kinds: &[RecordKind],
        records: impl IntoIterator<Item = Record>,
    ) -> Result<(), DomainError> {
        for k in kinds {
            self.left_in_storage.remove(k);
        }
        for r in records {
            if kinds.contains(&r.key().kind) {
                self.apply(r)?;
            }
        }
        Ok(())
    }

    /// The records of a new event with the standard program and the
    /// standard decoration jobs, written at `stamp`.
    pub fn create(id: EventId, new: NewEvent, stamp: Stamp) -> Result<Vec<Record>, DomainError> {
        let new = new.validated()?;
        let year = new.date.year();
        let keys = OrderKey::spread(STANDARD_PROGRAM.len());
        let mut records = vec![Record::Event(EventMeta::create(id, new, stamp))];
        records.extend(STANDARD_PROGRAM.iter().zip(keys).map(|(t, key)| {
            Record::Step(Step::create(t.title.to_string(), t.optional, key, stamp))
        }));
        records.extend(Self::standard_decorations(id, year, stamp));
        Ok(records)
    }

    pub(crate) fn standard_decorations(id: EventId, year: i32, stamp: Stamp) -> Vec<Record> {
        decoration::standard_jobs(id, year)
            .into_iter()
            .map(|(job_id, fields)| {
                let mut job = decoration::Decoration::blank(job_id, stamp);
                job.write(fields, stamp);
                job.into_record()
            })
            .collect()
    }

    /// A replica built from records, e.g. as loaded from storage.
    pub fn from_records(
        id: EventId,
        records: impl IntoIterator<Item = Record>,
    ) -> Result<Self, DomainError> {
        let mut state = EventState::empty(id);
        for r in records {
            state.apply(r)?;
        }
        Ok(state)
    }

    /// Merges one record into this replica.
    pub fn apply(&mut self, record: Record) -> Result<(), DomainError> {
        if !self.holds_kind(record.key().kind) {
            return Ok(());
        }
        match record {
            Record::Event(meta) => {
                if meta.id != self.id {
                    return Err(DomainError::ForeignRecord);
                }
                match &mut self.meta {
                    Some(mine) => mine.merge(&meta),
                    None => self.meta = Some(meta),
                }
            }
            Record::Step(step) => match self.steps.get_mut(&step.id) {
                Some(mine) => mine.merge(&step),
                None => {
                    self.steps.insert(step.id, step);
                }
            },
            Record::Headcount(tally) => match self.tallies.get_mut(&tally.device) {
                Some(mine) => mine.merge(&tally),
                None => {
                    self.tallies.insert(tally.device, tally);
                }
            },
            entry => match self.items.get_mut(&entry.key()) {
                Some(mine) => mine.merge(&entry)?,
                None => {
                    self.items.insert(entry.key(), entry);
                }
            },
        }
        Ok(())
    }

    /// Merges one record and returns the record as it now stands if that
    /// changed anything (`None` for a record already known): what a server
    /// must store and pass on, and what it can acknowledge without storing.
    pub fn apply_changed(&mut self, record: Record) -> Result<Option<Record>, DomainError> {
        let key = record.key();
        let before = self.record(&key);
        self.apply(record)?;
        let after = self.record(&key);
        Ok(if after != before { after } else { None })
    }

    /// The record with this key, as this replica has it.
    pub fn record(&self, key: &RecordKey) -> Option<Record> {
        match key.kind {
            RecordKind::Event => self
                .meta
                .clone()
                .filter(|m| m.id.0 == key.id)
                .map(Record::Event),
            RecordKind::Step => self.steps.get(&StepId(key.id)).cloned().map(Record::Step),
            RecordKind::Headcount => self
                .tallies
                .get(&DeviceId(key.id))
                .copied()
                .map(Record::Headcount),
            _ => self.items.get(key).cloned(),
        }
    }

    /// What merging `records` here would change, for the officer to see
    /// before importing a file. Changes nothing.
    pub fn preview(&self, records: &[Record]) -> ImportPreview {
        let mut after = self.clone();
        let (mut added, mut changed) = (0, 0);
        for r in records {
            let existed = after.record(&r.key()).is_some();
            if let Ok(Some(_)) = after.apply_changed(r.clone()) {
                if existed {
                    changed += 1;
                } else {
                    added += 1;
                }
            }
        }
        ImportPreview {
            new_event: self.meta.is_none(),
            host_name: after
                .meta
                .as_ref()
                .map(|m| m.host_name.value.clone())
                .unwrap_or_default(),
            added,
            changed,
            steps_before: self.program().len(),
            steps_after: after.program().len(),
            done_before: self.progress(0).done,
            done_after: after.progress(0).done,
            headcount_before: self.headcount(),
            headcount_after: after.headcount(),
        }
    }

    /// Joins another replica of the same event into this one.
    pub fn merge(&mut self, other: &EventState) -> Result<(), DomainError> {
        if other.id != self.id {
            return Err(DomainError::ForeignRecord);
        }
        for r in other.records() {
            self.apply(r)?;
        }
        Ok(())
    }

    /// Every record of this replica.
    pub fn records(&self) -> impl Iterator<Item = Record> + '_ {
        self.meta
            .iter()
            .cloned()
            .map(Record::Event)
            .chain(self.steps.values().cloned().map(Record::Step))
            .chain(self.tallies.values().copied().map(Record::Headcount))
            .chain(self.items.values().cloned())
    }

    /// The records with a stamp later than `limit`, each of those stamps
    /// given a new one from `next` ([`Record::restamp_ahead`]): what a
    /// phone whose clock ran ahead writes over its records once the clock
    /// is right again.
    pub fn restamped_ahead(&self, limit: u64, mut next: impl FnMut() -> Stamp) -> Vec<Record> {
        self.records()
            .filter_map(|mut r| r.restamp_ahead(limit, &mut next).then_some(r))
            .collect()
    }

    /// The entries of one list, removed ones left out, oldest first.
    pub fn entries<T: Item + Kind>(&self) -> impl Iterator<Item = &T> + '_ {
        let key = |id| RecordKey { kind: T::KIND, id };
        self.items
            .range(key(Uuid::nil())..=key(Uuid::max()))
            .filter_map(|(_, r)| T::from_record(r))
            .filter(|e| !e.is_removed())
    }

    /// One entry, if it is in the list (removed or not).
    pub fn entry<T: Item + Kind>(&self, id: ItemId) -> Option<&T> {
        self.items
            .get(&RecordKey {
                kind: T::KIND,
                id: id.0,
            })
            .and_then(T::from_record)
    }

    /// The gate headcount, over every device.
    pub fn headcount(&self) -> u64 {
        crate::kinds::headcount::total(self.tallies.values())
    }

    /// This device's tally (zero before its first tap).
    pub fn tally_of(&self, device: DeviceId) -> Tally {
        self.tallies
            .get(&device)
            .copied()
            .unwrap_or_else(|| Tally::zero(device))
    }

    // ---- Commands: each returns the changed records, unapplied. ----

    /// Changes the event's own fields.
    pub fn edit_event(
        &self,
        stamp: Stamp,
        edit: impl FnOnce(&mut EventMeta, Stamp),
    ) -> Result<Record, DomainError> {
        let mut meta = self.meta.clone().ok_or(DomainError::NotFound("event"))?;
        edit(&mut meta, stamp);
        Ok(Record::Event(meta))
    }

    /// Renames the host unit.
    pub fn set_host_name(&self, name: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let name = text::required("host_name", name)?;
        self.edit_event(stamp, |m, st| m.host_name.set(name, st))
    }

    /// Changes where the event is held.
    pub fn set_place(&self, place: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let place = text::optional("place", place)?;
        self.edit_event(stamp, |m, st| m.place.set(place, st))
    }

    /// Changes the day (`YYYY-MM-DD`); the year follows.
    pub fn set_date(&self, iso: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let day = Day::parse(iso)?;
        self.edit_event(stamp, |m, st| m.date.set(day, st))
    }

    /// Changes the level of the host unit.
    pub fn set_level(&self, level: Level, stamp: Stamp) -> Result<Record, DomainError> {
        self.edit_event(stamp, |m, st| m.level.set(level, st))
    }

    /// Marks the event as the district's showcase site, or not.
    pub fn set_showcase(&self, showcase: bool, stamp: Stamp) -> Result<Record, DomainError> {
        self.edit_event(stamp, |m, st| m.showcase.set(showcase, st))
    }

    /// A tap at the gate by `device`: `delta` people (−1 for a correction).
    pub fn tap(&self, device: DeviceId, delta: i64) -> Record {
        Record::Headcount(self.tally_of(device).tapped(delta))
    }
}

#[cfg(test)]
mod tests;
