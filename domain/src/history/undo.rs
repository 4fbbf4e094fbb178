//! Undoing a phone: what a record would hold without the writes one phone
//! pushed, written as a new change that every phone merges like any other.
//!
//! The server keeps every write that reached it (the history): the ones
//! that changed a record, and the ones that lost to a later write
//! ([`lost_writes`]). Without the undone phone, each register holds the
//! latest write by any other phone; a removal only that phone made is
//! reversed; a record only it created is removed; a gate tally only it
//! wrote is left out of the count (a tally never goes down, so one that
//! others also wrote is kept whole).

use crate::history::{fields, split, FieldChange, CREATED};
use crate::kinds::Record;
use crate::merge::clock::Stamp;
use crate::merge::lww::Tombstone;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What became of a write that reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It changed the record.
    Applied,
    /// Another phone's later write of the same field kept its place.
    Lost,
    /// Written by the unit to undo a phone.
    Undo,
    /// Refused as implausible; nothing stored.
    Refused,
}

impl Outcome {
    /// Its name in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Lost => "lost",
            Outcome::Undo => "undo",
            Outcome::Refused => "refused",
        }
    }

    /// From its name in storage (anything else reads as applied).
    pub fn parse(s: &str) -> Outcome {
        match s {
            "lost" => Outcome::Lost,
            "undo" => Outcome::Undo,
            "refused" => Outcome::Refused,
            _ => Outcome::Applied,
        }
    }
}

/// The writes of `pushed` that lost to what `merged` holds: fields it
/// wrote with another stamp than the one that stayed (with the same value
/// too: undoing the winner may need it).
pub fn lost_writes(pushed: &Record, merged: &Record) -> Vec<FieldChange> {
    let kept = fields(merged);
    let mut out = Vec::new();
    for (name, value) in fields(pushed) {
        let (value, Some(stamp)) = split(value) else {
            continue;
        };
        let (winner, winner_stamp) = split(kept.get(&name).cloned().unwrap_or(Value::Null));
        if winner_stamp.as_ref() != Some(&stamp) {
            out.push(FieldChange {
                field: name,
                old: winner,
                new: value,
                stamp: Some(stamp),
                old_stamp: winner_stamp,
            });
        }
    }
    out
}

/// One write of a record, as the history keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    /// The field ([`CREATED`] for the record's creation).
    pub field: String,
    /// Its value.
    pub new: Value,
    /// Its stamp, for a register.
    pub stamp: Option<Value>,
    /// The value it replaced, and that value's stamp.
    pub old: Value,
    /// See `old`.
    pub old_stamp: Option<Value>,
    /// What became of it.
    pub outcome: Outcome,
    /// Whether the phone being undone pushed it.
    pub undone: bool,
}

/// What undoing a phone does with the records only it created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// Removes them: a phone that joined and went wrong.
    Remove,
    /// Keeps them as they were created: the phone that created the event
    /// wrote the event, its program and its lists; undoing it (lost,
    /// stolen) must not empty the event. What it changed after is undone,
    /// and its gate tally is still left out.
    Keep,
}

impl Logged {
    /// Whether it is a write that reached a record (a refused attempt is not).
    fn is_write(&self) -> bool {
        self.outcome != Outcome::Refused
    }
}

/// `current` without the undone phone's writes (`log` is the record's
/// history), as a record to merge, written at `stamp` — later than every
/// stamp in the record, so it wins everywhere. `None` when nothing of that
/// phone's is left in the record.
pub fn undo(current: &Record, log: &[Logged], stamp: Stamp, created: Created) -> Option<Record> {
    let mut tagged = match serde_json::to_value(current) {
        Ok(Value::Object(tagged)) => tagged,
        _ => return None,
    };
    let (kind, Some(Value::Object(fields))) = tagged
        .iter_mut()
        .next()
        .map(|(k, v)| (k.clone(), Some(v)))
        .unwrap_or_default()
    else {
        return None;
    };
    let stamp_json = serde_json::to_value(stamp).ok()?;
    let touched = log.iter().any(|l| l.undone && l.is_write());
    if !touched {
        return None;
    }
    let created_by_undone = log.iter().any(|l| l.undone && l.field == CREATED);
    let others_wrote = log.iter().any(|l| !l.undone && l.is_write());
    let mut changed = false;

    let tally = !fields.contains_key("removed");
    if created_by_undone && !others_wrote && (tally || created == Created::Remove) {
        // Only that phone ever wrote this record: it goes (a tally, out of
        // the count).
        let slot = if tally { "left_out" } else { "removed" };
        let mut t: Tombstone = fields
            .get(slot)
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .ok()?
            .unwrap_or_default();
        if t.is_removed() {
            return None;
        }
        t.remove(stamp);
        fields.insert(slot.to_string(), serde_json::to_value(t).ok()?);
        return reparse(kind, tagged);
    }

    let names: Vec<String> = fields.keys().cloned().collect();
    for name in names {
        if name == "removed" {
            changed |= restore_removal(fields, log, stamp)?;
            continue;
        }
        let (_, Some(current_stamp)) = split(fields[&name].clone()) else {
            continue;
        };
        // Under `Keep`, the record's first values stand: only what the
        // phone did after creating it is undone.
        let creation_undone = created_by_undone && created == Created::Remove;
        let writes = writes_of(log, &name, creation_undone);
        let undone_wins = writes
            .iter()
            .any(|w| w.undone && w.stamp_json == current_stamp);
        if !undone_wins {
            continue;
        }
        let best = writes.iter().filter(|w| !w.undone).max_by(|a, b| {
            a.stamp
                .cmp(&b.stamp)
                .then_with(|| a.value.to_string().cmp(&b.value.to_string()))
        });
        if let Some(w) = best {
            fields.insert(
                name,
                Value::Array(vec![w.value.clone(), stamp_json.clone()]),
            );
            changed = true;
        }
    }
    if changed {
        reparse(kind, tagged)
    } else {
        None
    }
}

/// Reverses a removal that only the undone phone made; whether it did.
fn restore_removal(fields: &mut Map<String, Value>, log: &[Logged], stamp: Stamp) -> Option<bool> {
    let mut t: Tombstone = serde_json::from_value(fields.get("removed")?.clone()).ok()?;
    if !t.is_removed() {
        return Some(false);
    }
    let at = t.removed_at();
    let by_undone = log.iter().any(|l| l.undone && removal_in(l) == at);
    let by_others = log.iter().any(|l| !l.undone && removal_in(l) == at);
    if !by_undone || by_others {
        return Some(false);
    }
    t.restore(stamp);
    fields.insert("removed".into(), serde_json::to_value(t).ok()?);
    Some(true)
}

/// One write of a field, as the history knows it.
struct Write {
    stamp: Stamp,
    stamp_json: Value,
    value: Value,
    undone: bool,
}

/// Every write of `field` the history knows: each entry's new value, and
/// each value an entry replaced that no entry wrote — the record's first
/// value, written by whoever created it.
fn writes_of(log: &[Logged], field: &str, created_by_undone: bool) -> Vec<Write> {
    let write = |stamp: &Value, value: &Value, undone: bool| {
        Some(Write {
            stamp: serde_json::from_value(stamp.clone()).ok()?,
            stamp_json: stamp.clone(),
            value: value.clone(),
            undone,
        })
    };
    let mut out: Vec<Write> = log
        .iter()
        .filter(|l| l.field == field && l.is_write())
        .filter_map(|l| write(l.stamp.as_ref()?, &l.new, l.undone))
        .collect();
    let first: Vec<Write> = log
        .iter()
        .filter(|l| l.field == field && l.is_write())
        .filter_map(|l| {
            let s = l.old_stamp.as_ref()?;
            if out.iter().any(|w| &w.stamp_json == s) {
                return None;
            }
            write(s, &l.old, created_by_undone)
        })
        .collect();
    out.extend(first);
    out
}

/// A tombstone an entry wrote to `removed`.
fn removal_in(l: &Logged) -> Option<Stamp> {
    if l.field != "removed" {
        return None;
    }
    serde_json::from_value::<Tombstone>(l.new.clone())
        .ok()?
        .removed_at()
}

fn reparse(kind: String, mut tagged: Map<String, Value>) -> Option<Record> {
    let fields = tagged.remove(&kind)?;
    let mut one = Map::new();
    one.insert(kind, fields);
    serde_json::from_value(Value::Object(one)).ok()
}

/// The undone phone's own gate tally, set aside at `stamp` (`None` if it
/// already is, or `current` is not a tally): its taps leave the count even
/// if another phone wrote to the same tally to shield it.
pub fn set_aside(current: &Record, stamp: Stamp) -> Option<Record> {
    let Record::Headcount(tally) = current else {
        return None;
    };
    if tally.left_out.is_removed() {
        return None;
    }
    let mut aside = *tally;
    aside.left_out.remove(stamp);
    aside
        .left_out
        .is_removed()
        .then_some(Record::Headcount(aside))
}
