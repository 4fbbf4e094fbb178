//! An event's whole state, its merge, and the changes officers make to it.
//!
//! Changes are computed, not applied: each command returns the records it
//! changed, the app writes them to storage, and only once they are committed
//! applies them with [`EventState::apply`]. So nothing shows as done before
//! it is saved.

use crate::clock::{DeviceId, Stamp};
use crate::decoration;
use crate::error::DomainError;
use crate::event::{Day, EventId, EventMeta, Level, NewEvent};
use crate::headcount::{self, Tally};
use crate::items::{Item, ItemId};
use crate::order::OrderKey;
use crate::program::{ProgramProgress, Step, StepId, StepProgress, STANDARD_PROGRAM};
use crate::record::{Record, RecordKey, RecordKind};
use crate::text;
use std::collections::BTreeMap;
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
        }
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

    /// The entries of one list, removed ones left out, oldest first.
    pub fn entries<T: Item>(&self) -> impl Iterator<Item = &T> + '_ {
        let key = |id| RecordKey { kind: T::KIND, id };
        self.items
            .range(key(Uuid::nil())..=key(Uuid::max()))
            .filter_map(|(_, r)| T::from_record(r))
            .filter(|e| !e.is_removed())
    }

    /// One entry, if it is in the list (removed or not).
    pub fn entry<T: Item>(&self, id: ItemId) -> Option<&T> {
        self.items
            .get(&RecordKey {
                kind: T::KIND,
                id: id.0,
            })
            .and_then(T::from_record)
    }

    /// The banner's values (the template's, until someone edits it).
    pub fn banner(&self) -> crate::banner::BannerFields {
        self.entry::<crate::banner::Banner>(ItemId(self.id.0))
            .map(Item::fields)
            .unwrap_or_default()
    }

    /// The steps still in the program, in order.
    pub fn program(&self) -> Vec<&Step> {
        let mut steps: Vec<&Step> = self
            .steps
            .values()
            .filter(|s| !s.removed.is_removed())
            .collect();
        steps.sort_by(|a, b| (&a.order.value, a.id).cmp(&(&b.order.value, b.id)));
        steps
    }

    /// The step happening now: the first one neither done nor skipped.
    pub fn current_step(&self) -> Option<&Step> {
        self.program().into_iter().find(|s| s.is_pending())
    }

    /// The gate headcount, over every device.
    pub fn headcount(&self) -> u64 {
        headcount::total(self.tallies.values())
    }

    /// This device's tally (zero before its first tap).
    pub fn tally_of(&self, device: DeviceId) -> Tally {
        self.tallies
            .get(&device)
            .copied()
            .unwrap_or_else(|| Tally::zero(device))
    }

    /// Planned against actual times, for a phone at `utc_offset_minutes`.
    pub fn progress(&self, utc_offset_minutes: i32) -> ProgramProgress {
        let mut latest_delay = None;
        let mut latest_done = 0;
        let mut done = 0;
        let mut total = 0;
        let steps = self
            .program()
            .into_iter()
            .map(|s| {
                let actual = s
                    .done_at
                    .value
                    .map(|ms| text::local_minutes(ms, utc_offset_minutes));
                let planned = s.planned.value;
                let delay = planned
                    .zip(actual)
                    .map(|(p, a)| i32::from(a) - i32::from(p));
                if !s.skipped.value {
                    total += 1;
                }
                if let Some(at) = s.done_at.value {
                    done += 1;
                    if delay.is_some() && at >= latest_done {
                        latest_done = at;
                        latest_delay = delay;
                    }
                }
                StepProgress {
                    id: s.id,
                    planned,
                    actual,
                    delay,
                }
            })
            .collect();
        ProgramProgress {
            done,
            total,
            steps,
            latest_delay,
            current: self.current_step().map(|s| s.id),
        }
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

    /// Changes one step.
    pub fn edit_step(
        &self,
        id: StepId,
        stamp: Stamp,
        edit: impl FnOnce(&mut Step, Stamp),
    ) -> Result<Record, DomainError> {
        let mut step = self
            .steps
            .get(&id)
            .cloned()
            .ok_or(DomainError::NotFound("step"))?;
        edit(&mut step, stamp);
        Ok(Record::Step(step))
    }

    /// Ticks a step as done at `now_ms`, or unticks it.
    pub fn tick_step(
        &self,
        id: StepId,
        done: bool,
        now_ms: u64,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| {
            s.done_at.set(done.then_some(now_ms), st);
            if done {
                // Ticking a skipped step means it happened after all.
                s.skipped.set(false, st);
            }
        })
    }

    /// Renames a step.
    pub fn rename_step(
        &self,
        id: StepId,
        title: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let title = text::required("title", title)?;
        self.edit_step(id, stamp, |s, st| s.title.set(title, st))
    }

    /// Sets who performs a step.
    pub fn set_performer(
        &self,
        id: StepId,
        performer: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let performer = text::optional("performer", performer)?;
        self.edit_step(id, stamp, |s, st| s.performer.set(performer, st))
    }

    /// Sets a step's planned time (`""` clears it).
    pub fn set_planned(&self, id: StepId, hhmm: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let planned = match hhmm.trim() {
            "" => None,
            t => Some(text::parse_hhmm(t)?),
        };
        self.edit_step(id, stamp, |s, st| s.planned.set(planned, st))
    }

    /// Marks a step skipped for this year, or brings it back.
    pub fn set_skipped(
        &self,
        id: StepId,
        skipped: bool,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| {
            s.skipped.set(skipped, st);
            if skipped {
                s.done_at.set(None, st);
            }
        })
    }

    /// Removes a step from the program (a tombstone: it merges, but no longer shows).
    pub fn remove_step(&self, id: StepId, stamp: Stamp) -> Result<Record, DomainError> {
        self.edit_step(id, stamp, |s, st| s.removed.remove(st))
    }

    /// Adds a local step at the end of the program.
    pub fn add_step(&self, title: &str, stamp: Stamp) -> Result<Record, DomainError> {
        let title = text::required("title", title)?;
        let program = self.program();
        let last = program.last().map(|s| &s.order.value);
        Ok(Record::Step(Step::create(
            title,
            false,
            OrderKey::between(last, None),
            stamp,
        )))
    }

    /// Moves a step one place up (`up`) or down. Only the moved step changes.
    pub fn move_step(&self, id: StepId, up: bool, stamp: Stamp) -> Result<Record, DomainError> {
        let program = self.program();
        let pos = program
            .iter()
            .position(|s| s.id == id)
            .ok_or(DomainError::NotFound("step"))?;
        // The two neighbours the step lands between.
        let (before, after) = if up {
            if pos == 0 {
                return Err(DomainError::CannotMove);
            }
            (
                pos.checked_sub(2).map(|i| program[i]),
                Some(program[pos - 1]),
            )
        } else {
            if pos + 1 >= program.len() {
                return Err(DomainError::CannotMove);
            }
            (Some(program[pos + 1]), program.get(pos + 2).copied())
        };
        let key = OrderKey::between_sorted(
            before.map(|s| &s.order.value),
            after.map(|s| &s.order.value),
        );
        self.edit_step(id, stamp, |s, st| s.order.set(key, st))
    }

    /// A tap at the gate by `device`: `delta` people (−1 for a correction).
    pub fn tap(&self, device: DeviceId, delta: i64) -> Record {
        Record::Headcount(self.tally_of(device).tapped(delta))
    }
}
