//! The rules of a push: which records a phone may write into an event.
//!
//! The server loads what a push's decisions need (who pushes, each pushed
//! record's stored copy, whether a gate tally's phone has access of its own,
//! how many tallies of other phones the pusher brought in so far), asks
//! [`verdict`] for each record in turn, and stores and logs what it says.
//! Each kind's rule is declared once, in [`verdict`]'s `match`.
//!
//! A verdict is one of three: merge the record (perhaps with what only the
//! event's unit changes kept as stored, the attempt listed to keep as
//! refused), leave the record out of the push (acked, the attempt kept as
//! refused, the rest of the push merged), or reject the whole push.

use super::{decide, Action, Actor};
use crate::error::DomainError;
use crate::history::undo::lost_writes;
use crate::history::{field_changes, FieldChange};
use crate::kinds::headcount::{self, Tally};
use crate::kinds::{Merged, Record};
use crate::merge::clock::DeviceId;
use crate::merge::lww::Tombstone;

/// Who pushes, and what its push has taken so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pusher {
    /// The rule book's actor: the pusher's role on the event.
    pub actor: Actor,
    /// Its phone, if the server knows it.
    pub device: Option<DeviceId>,
    /// Tallies of other phones it has brought into the event: before this
    /// push, and in it so far.
    pub introduced: usize,
    /// Records the event may still take: its record quota less what it
    /// holds, this push's new records so far included.
    pub room: u64,
}

impl Pusher {
    /// Whether it removes or restores the event and sets tallies aside:
    /// the event's unit, or the creator of an event under no unit.
    pub fn may_remove(&self) -> bool {
        decide(self.actor, Action::RemoveEvent).is_ok()
    }

    /// Whether `tally` is another phone's than the pusher's.
    fn others(&self, tally: &Tally) -> bool {
        self.device != Some(tally.device)
    }

    /// The phone whose own claim ([`Pushed::owner_claimed`]) the verdict
    /// on `record` reads: another phone's, for its gate tally.
    pub fn owner_to_check(&self, record: &Record) -> Option<DeviceId> {
        match record {
            Record::Headcount(t) if self.others(t) => Some(t.device),
            _ => None,
        }
    }

    /// The pusher once `verdict` is stored: a new record takes room, a
    /// tally brought in counts.
    pub fn after(self, verdict: &Verdict) -> Pusher {
        match verdict {
            Verdict::Merge(m) => Pusher {
                introduced: self.introduced + usize::from(m.introduces),
                room: self.room.saturating_sub(u64::from(m.new)),
                ..self
            },
            _ => self,
        }
    }
}

/// One pushed record and what the server holds of it.
#[derive(Debug, Clone, Copy)]
pub struct Pushed<'a> {
    /// The record as pushed.
    pub record: &'a Record,
    /// Its stored copy, if the event holds it.
    pub stored: Option<&'a Record>,
    /// For a gate tally of another phone: whether that phone has access of
    /// its own to the event, or was undone on it — its tally is then its
    /// own to write. Not read for other records.
    pub owner_claimed: bool,
}

impl Pushed<'_> {
    /// Whether the record would bring another phone's gate tally into the
    /// event (one the event does not hold, of a phone without its own
    /// claim): only then does [`verdict`] read [`Pusher::introduced`].
    pub fn introduces(&self, pusher: &Pusher) -> bool {
        match self.record {
            Record::Headcount(t) => {
                pusher.others(t) && !self.owner_claimed && self.stored.is_none()
            }
            _ => false,
        }
    }
}

/// What becomes of one pushed record.
#[derive(Debug, Clone, PartialEq, Eq)]
// One verdict a record, used at once: boxing the merge would only add an
// allocation per record.
#[allow(clippy::large_enum_variant)]
pub enum Verdict {
    /// Merge it into the stored copy.
    Merge(Merge),
    /// Leave it out of the push: acked (sent again, it would be left out
    /// alike), the attempt kept in the history as refused; the rest of the
    /// push merges.
    LeaveOut {
        /// What to keep as refused (nothing if it would change nothing).
        refused: Vec<FieldChange>,
    },
    /// Reject the whole push: nothing of it is stored.
    Reject(Rejection),
}

/// A record to merge, and what to keep of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The record merged: the pushed one, with what only the event's unit
    /// changes kept as stored.
    pub pushed: Record,
    /// The record to store.
    pub record: Record,
    /// Whether it differs from the stored copy (always, for a new record).
    pub changed: bool,
    /// Whether the event did not hold it: it takes a place in the record
    /// quota.
    pub new: bool,
    /// Whether it brings another phone's gate tally into the event.
    pub introduces: bool,
    /// The changes the pusher may not make, kept as stored: to keep as
    /// refused, before the rest.
    pub refused: Vec<FieldChange>,
    /// What it changed (a creation marker for a new record): to keep as
    /// applied.
    pub applied: Vec<FieldChange>,
    /// What it wrote that lost to a later write: to keep as lost.
    pub lost: Vec<FieldChange>,
}

/// Why a whole push is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The event would hold more records than its quota.
    EventFull,
    /// A gate tally would gain more than a gate counts between two syncs
    /// ([`headcount::plausible`]), or a unit's year breaks the rule book's
    /// limits ([`crate::rules::movement`]): only `refused` is kept, as
    /// refused.
    Implausible {
        /// The tally's changes, to keep as refused.
        refused: Vec<FieldChange>,
    },
    /// A stored submission would change.
    SubmissionChanged,
}

/// What to do with one pushed record. Errs only when the stored copy is not
/// the pushed record's (another key).
pub fn verdict(pusher: &Pusher, pushed: Pushed) -> Result<Verdict, DomainError> {
    let Pushed { record, stored, .. } = pushed;
    let may_remove = pusher.may_remove();
    match record {
        // A gate tally is its phone's: while that phone has its own access
        // (or was undone), no other phone writes it — a relayed copy
        // changes nothing, and a forged raise is left out, kept as
        // refused; the phone itself sends its taps when it syncs.
        // Another phone's tally new to the event is brought in by the
        // pusher: at most MAX_RELAYED_TALLIES per phone and event, or a
        // phone could make up gates without end; one beyond is left out
        // (sent again, it is left out alike, so the phone stops sending
        // it), kept as refused — that is how the officers learn of it.
        // Only the unit sets a tally aside or counts it again. What is
        // merged must be a count a gate could reach from the stored one,
        // or the whole push is rejected.
        Record::Headcount(tally) => {
            if pusher.others(tally) && pushed.owner_claimed {
                let merged = Record::merge_into(stored.cloned(), record)?;
                return Ok(Verdict::LeaveOut {
                    refused: changes(stored, &merged),
                });
            }
            let introduces = pushed.introduces(pusher);
            if introduces && !headcount::may_introduce_tally(pusher.introduced) {
                return Ok(Verdict::LeaveOut {
                    refused: introduction(record, tally.device),
                });
            }
            let stored_left_out = stored_tally(stored).map(|t| t.left_out);
            let (left_out, refused) =
                unit_only(may_remove, "left_out", stored_left_out, tally.left_out);
            let record = Record::Headcount(Tally { left_out, ..*tally });
            Ok(merge(pusher, stored, record, refused, introduces)?
                .unless(|m| implausible(stored, m)))
        }
        // The event's own fields merge from any phone that writes; only
        // its unit (its creator, for an event under no unit) removes or
        // restores it.
        Record::Event(meta) => {
            let stored_removed = match stored {
                Some(Record::Event(m)) => Some(m.removed),
                _ => None,
            };
            let (removed, refused) = unit_only(may_remove, "removed", stored_removed, meta.removed);
            let record = Record::Event(crate::EventMeta {
                removed,
                ..meta.clone()
            });
            merge(pusher, stored, record, refused, false)
        }
        // A report as submitted is kept as it came: no later push may
        // change it, its date or its officer, nor remove it.
        Record::Submission(_) => Ok(merge(pusher, stored, record.clone(), Vec::new(), false)?
            .unless(|m| (m.changed && !m.new).then_some(Rejection::SubmissionChanged))),
        // A unit's year merges like a list entry, unless the year as
        // pushed is one no phone could save (the rule book's limits,
        // each part within its whole where one phone wrote both): the
        // whole push is rejected, the attempt kept as refused.
        Record::Movement(year) => Ok(merge(pusher, stored, record.clone(), Vec::new(), false)?
            .unless(|m| {
                year.check().err().map(|_| Rejection::Implausible {
                    refused: field_changes(stored, &m.record),
                })
            })),
        // Every other kind merges as pushed.
        Record::Model(_)
        | Record::Review(_)
        | Record::Step(_)
        | Record::Banner(_)
        | Record::Decoration(_)
        | Record::Invitee(_)
        | Record::Outreach(_)
        | Record::Opinion(_)
        | Record::Award(_)
        | Record::Budget(_)
        | Record::Report(_) => merge(pusher, stored, record.clone(), Vec::new(), false),
    }
}

impl Verdict {
    /// The merge rejected for what `check` finds in it, if anything.
    fn unless(self, check: impl FnOnce(&Merge) -> Option<Rejection>) -> Verdict {
        match self {
            Verdict::Merge(m) => match check(&m) {
                Some(rejection) => Verdict::Reject(rejection),
                None => Verdict::Merge(m),
            },
            other => other,
        }
    }
}

/// `pushed` (as the rules let it be) merged into `stored`. A record new to
/// the event takes room in its quota: with none left, the whole push is
/// rejected.
fn merge(
    pusher: &Pusher,
    stored: Option<&Record>,
    pushed: Record,
    refused: Vec<FieldChange>,
    introduces: bool,
) -> Result<Verdict, DomainError> {
    let new = stored.is_none();
    if new && pusher.room == 0 {
        return Ok(Verdict::Reject(Rejection::EventFull));
    }
    let merged = Record::merge_into(stored.cloned(), &pushed)?;
    let applied = changes(stored, &merged);
    let lost = lost_writes(&pushed, &merged.record);
    Ok(Verdict::Merge(Merge {
        pushed,
        record: merged.record,
        changed: merged.changed,
        new,
        introduces,
        refused,
        applied,
        lost,
    }))
}

/// A field only the event's unit changes: from anyone else it stays as
/// stored (blank for a new record), and a change of it is listed to keep
/// as refused.
fn unit_only(
    may_remove: bool,
    field: &str,
    stored: Option<Tombstone>,
    pushed: Tombstone,
) -> (Tombstone, Vec<FieldChange>) {
    let kept = stored.unwrap_or_default();
    if may_remove || pushed == kept {
        return (pushed, Vec::new());
    }
    let refused = FieldChange {
        field: field.into(),
        old: serde_json::to_value(kept).unwrap_or_default(),
        new: serde_json::to_value(pushed).unwrap_or_default(),
        stamp: None,
        old_stamp: None,
    };
    (kept, vec![refused])
}

/// What `merged` changed in `stored`: nothing, or its fields (a creation
/// marker for a new record).
fn changes(stored: Option<&Record>, merged: &Merged) -> Vec<FieldChange> {
    if merged.changed {
        field_changes(stored, &merged.record)
    } else {
        Vec::new()
    }
}

/// The stored tally, if the stored record is one.
fn stored_tally(stored: Option<&Record>) -> Option<&Tally> {
    match stored {
        Some(Record::Headcount(t)) => Some(t),
        _ => None,
    }
}

/// The refusal of a merged tally that no gate could have counted since the
/// stored one (or since zero, for a new one).
fn implausible(stored: Option<&Record>, merged: &Merge) -> Option<Rejection> {
    let Record::Headcount(after) = &merged.record else {
        return None;
    };
    let before = stored_tally(stored)
        .copied()
        .unwrap_or(Tally::zero(after.device));
    (!headcount::plausible(&before, after)).then(|| Rejection::Implausible {
        refused: field_changes(Some(&Record::Headcount(before)), &merged.record),
    })
}

/// What an attempt to bring in one tally too many keeps as refused: its
/// counts (from zero), or its creation if it counts nothing.
fn introduction(record: &Record, device: DeviceId) -> Vec<FieldChange> {
    let zero = Record::Headcount(Tally::zero(device));
    let fields = field_changes(Some(&zero), record);
    if fields.is_empty() {
        field_changes(None, record)
    } else {
        fields
    }
}

#[cfg(test)]
mod tests;
