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
    /// ([`headcount::plausible`]): only `refused` is kept, as refused.
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
        // Every other kind merges as pushed.
        Record::Step(_)
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
mod tests {
    use super::*;
    use crate::kinds::invitee::Invitee;
    use crate::kinds::submission::Submission;
    use crate::kinds::Kind;
    use crate::merge::items::{Item, ItemId};
    use crate::rules::Standing;
    use crate::{EventId, EventState, NewEvent, Stamp};
    use uuid::Uuid;

    const PUSHER: u128 = 1;
    const OWNER: u128 = 2;

    fn device(n: u128) -> DeviceId {
        DeviceId(Uuid::from_u128(n))
    }

    fn at(wall: u64) -> Stamp {
        Stamp {
            wall,
            counter: 0,
            device: device(PUSHER),
        }
    }

    fn event(removed: bool) -> Record {
        let mut records =
            EventState::create(EventId(Uuid::from_u128(9)), NewEvent::example(), at(1)).unwrap();
        let Record::Event(mut meta) = records.swap_remove(0) else {
            unreachable!()
        };
        if removed {
            meta.removed.remove(at(5));
        }
        Record::Event(meta)
    }

    fn renamed_event() -> Record {
        let Record::Event(mut meta) = event(false) else {
            unreachable!()
        };
        meta.place = crate::Lww::new("Nhà văn hóa".into(), at(3));
        Record::Event(meta)
    }

    fn restored_event() -> Record {
        let Record::Event(mut meta) = event(true) else {
            unreachable!()
        };
        meta.removed.restore(at(6));
        Record::Event(meta)
    }

    fn tally(owner: u128, increments: u64, aside: bool) -> Record {
        let mut t = Tally::zero(device(owner));
        t.increments = increments;
        if aside {
            t.left_out.remove(at(5));
        }
        Record::Headcount(t)
    }

    fn submission(officer: &str, wall: u64) -> Record {
        let mut s = Submission::blank(ItemId(Uuid::from_u128(7)), at(1));
        s.officer = crate::Lww::new(officer.into(), at(wall));
        s.into_record()
    }

    fn invitee(wall: u64) -> Record {
        Invitee::blank(ItemId(Uuid::from_u128(8)), at(wall)).into_record()
    }

    /// A verdict in a word or two, as the table below reads.
    fn said(verdict: &Verdict) -> String {
        let names = |fields: &[FieldChange]| {
            fields
                .iter()
                .map(|f| f.field.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        match verdict {
            Verdict::Merge(m) => {
                let mut out = String::from("merge");
                if m.new {
                    out += " new";
                } else if !m.changed {
                    out += " unchanged";
                }
                if m.introduces {
                    out += " brought-in";
                }
                if !m.refused.is_empty() {
                    out += &format!(" refused:{}", names(&m.refused));
                }
                out
            }
            Verdict::LeaveOut { refused } => format!("leave out:{}", names(refused)),
            Verdict::Reject(Rejection::EventFull) => "reject full".into(),
            Verdict::Reject(Rejection::SubmissionChanged) => "reject submission".into(),
            Verdict::Reject(Rejection::Implausible { refused }) => {
                format!("reject implausible:{}", names(refused))
            }
        }
    }

    /// One row: what is pushed onto what is stored, and the verdict for a
    /// pusher that answers for the event (its unit, or the creator of an
    /// event under no unit) and for one that does not (a joined phone, a
    /// creator of an event under a unit).
    struct Row {
        case: &'static str,
        pushed: Record,
        stored: Option<Record>,
        owner_claimed: bool,
        introduced: usize,
        room: u64,
        answering: &'static str,
        joined: &'static str,
    }

    fn row(case: &'static str, pushed: Record, stored: Option<Record>) -> Row {
        Row {
            case,
            pushed,
            stored,
            owner_claimed: false,
            introduced: 0,
            room: 10,
            answering: "",
            joined: "",
        }
    }

    impl Row {
        fn says(self, answering: &'static str, joined: &'static str) -> Row {
            Row {
                answering,
                joined,
                ..self
            }
        }
    }

    fn table() -> Vec<Row> {
        let max = headcount::MAX_RELAYED_TALLIES;
        let jump = headcount::MAX_JUMP;
        vec![
            // The event's own fields.
            row("event created", event(false), None).says("merge new", "merge new"),
            row("event edited", renamed_event(), Some(event(false))).says("merge", "merge"),
            row("event again", event(false), Some(event(false)))
                .says("merge unchanged", "merge unchanged"),
            row("event removed", event(true), Some(event(false)))
                .says("merge", "merge unchanged refused:removed"),
            row("event created removed", event(true), None)
                .says("merge new", "merge new refused:removed"),
            row("event restored", restored_event(), Some(event(true)))
                .says("merge", "merge unchanged refused:removed"),
            // A copy from before the removal is listed too: its tombstone
            // is not the stored one.
            row("event, an older copy", event(false), Some(event(true)))
                .says("merge unchanged", "merge unchanged refused:removed"),
            row("event full", event(false), None)
                .room(0)
                .says("reject full", "reject full"),
            // The pusher's own tally.
            row("own tally new", tally(PUSHER, 5, false), None).says("merge new", "merge new"),
            row(
                "own tally raised",
                tally(PUSHER, 9, false),
                Some(tally(PUSHER, 5, false)),
            )
            .says("merge", "merge"),
            row(
                "own tally lowered",
                tally(PUSHER, 3, false),
                Some(tally(PUSHER, 5, false)),
            )
            .says("merge unchanged", "merge unchanged"),
            row(
                "own tally set aside",
                tally(PUSHER, 5, true),
                Some(tally(PUSHER, 5, false)),
            )
            .says("merge", "merge unchanged refused:left_out"),
            row(
                "own tally jumps",
                tally(PUSHER, 5 + jump + 1, false),
                Some(tally(PUSHER, 5, false)),
            )
            .says(
                "reject implausible:increments",
                "reject implausible:increments",
            ),
            row(
                "own tally new, too many",
                tally(PUSHER, jump + 1, false),
                None,
            )
            .says(
                "reject implausible:increments",
                "reject implausible:increments",
            ),
            row(
                "own tally past the relay bound",
                tally(PUSHER, 5, false),
                None,
            )
            .introduced(max)
            .says("merge new", "merge new"),
            row("own tally full", tally(PUSHER, 5, false), None)
                .room(0)
                .says("reject full", "reject full"),
            // Another phone's tally, that phone having access of its own.
            row(
                "claimed tally raised",
                tally(OWNER, 9, false),
                Some(tally(OWNER, 5, false)),
            )
            .claimed()
            .says("leave out:increments", "leave out:increments"),
            row(
                "claimed tally relayed",
                tally(OWNER, 5, false),
                Some(tally(OWNER, 5, false)),
            )
            .claimed()
            .says("leave out:", "leave out:"),
            row("claimed tally new", tally(OWNER, 5, false), None)
                .claimed()
                .says("leave out:*", "leave out:*"),
            row(
                "claimed tally set aside",
                tally(OWNER, 5, true),
                Some(tally(OWNER, 5, false)),
            )
            .claimed()
            .says("leave out:left_out", "leave out:left_out"),
            // Another phone's tally, that phone only exchanging files.
            row("relayed tally new", tally(OWNER, 5, false), None)
                .says("merge new brought-in", "merge new brought-in"),
            row("relayed tally past the bound", tally(OWNER, 5, false), None)
                .introduced(max)
                .says("leave out:increments", "leave out:increments"),
            row(
                "relayed empty tally past the bound",
                tally(OWNER, 0, false),
                None,
            )
            .introduced(max)
            .says("leave out:*", "leave out:*"),
            row(
                "relayed tally raised",
                tally(OWNER, 9, false),
                Some(tally(OWNER, 5, false)),
            )
            .introduced(max)
            .says("merge", "merge"),
            row(
                "relayed tally set aside",
                tally(OWNER, 5, true),
                Some(tally(OWNER, 5, false)),
            )
            .says("merge", "merge unchanged refused:left_out"),
            row(
                "relayed tally jumps",
                tally(OWNER, 5 + jump + 1, false),
                Some(tally(OWNER, 5, false)),
            )
            .says(
                "reject implausible:increments",
                "reject implausible:increments",
            ),
            row("relayed tally full", tally(OWNER, 5, false), None)
                .room(0)
                .says("reject full", "reject full"),
            // A submitted report.
            row("submission new", submission("An", 1), None).says("merge new", "merge new"),
            row(
                "submission again",
                submission("An", 1),
                Some(submission("An", 1)),
            )
            .says("merge unchanged", "merge unchanged"),
            row(
                "submission changed",
                submission("Bình", 2),
                Some(submission("An", 1)),
            )
            .says("reject submission", "reject submission"),
            row(
                "submission older",
                submission("Bình", 0),
                Some(submission("An", 1)),
            )
            .says("merge unchanged", "merge unchanged"),
            // Every other kind.
            row("invitee new", invitee(1), None).says("merge new", "merge new"),
            row("invitee edited", invitee(2), Some(invitee(1))).says("merge", "merge"),
            row("invitee full", invitee(1), None)
                .room(0)
                .says("reject full", "reject full"),
        ]
    }

    impl Row {
        fn claimed(self) -> Row {
            Row {
                owner_claimed: true,
                ..self
            }
        }
        fn introduced(self, introduced: usize) -> Row {
            Row { introduced, ..self }
        }
        fn room(self, room: u64) -> Row {
            Row { room, ..self }
        }
    }

    #[test]
    fn every_kind_by_every_pusher_as_the_table_says() {
        let writers: Vec<Actor> = Actor::all()
            .into_iter()
            .filter(|&a| decide(a, Action::WriteEvent).is_ok())
            .collect();
        // The event's unit, both creators, both joined phones.
        assert_eq!(writers.len(), 5);
        for row in table() {
            for &actor in &writers {
                let pusher = Pusher {
                    actor,
                    device: Some(device(PUSHER)),
                    introduced: row.introduced,
                    room: row.room,
                };
                let expected = if pusher.may_remove() {
                    row.answering
                } else {
                    row.joined
                };
                let verdict = verdict(
                    &pusher,
                    Pushed {
                        record: &row.pushed,
                        stored: row.stored.as_ref(),
                        owner_claimed: row.owner_claimed,
                    },
                )
                .unwrap();
                assert_eq!(said(&verdict), expected, "{}, by {actor:?}", row.case);
            }
        }
    }

    #[test]
    fn who_answers_for_the_event() {
        let may = |actor| {
            Pusher {
                actor,
                device: None,
                introduced: 0,
                room: 0,
            }
            .may_remove()
        };
        assert!(may(Actor::UnitPhone(Standing::Same)));
        assert!(may(Actor::EventPhone {
            creator: true,
            in_unit: false
        }));
        assert!(!may(Actor::EventPhone {
            creator: true,
            in_unit: true
        }));
        assert!(!may(Actor::EventPhone {
            creator: false,
            in_unit: false
        }));
        assert!(!may(Actor::EventPhone {
            creator: false,
            in_unit: true
        }));
    }

    #[test]
    fn what_is_kept_and_counted() {
        let member = Pusher {
            actor: Actor::EventPhone {
                creator: false,
                in_unit: true,
            },
            device: Some(device(PUSHER)),
            introduced: 3,
            room: 2,
        };
        // A removal from a joined phone: the event stays, the attempt is
        // listed with the stored and pushed tombstones.
        let pushed = event(true);
        let stored = event(false);
        let Verdict::Merge(m) = verdict(
            &member,
            Pushed {
                record: &pushed,
                stored: Some(&stored),
                owner_claimed: false,
            },
        )
        .unwrap() else {
            panic!("merged")
        };
        assert_eq!(m.record, stored);
        assert_eq!(m.pushed, stored);
        assert_eq!(m.refused[0].old, serde_json::Value::Null);
        assert!(m.refused[0].new.is_array());
        assert!(m.applied.is_empty() && m.lost.is_empty());
        // A tally brought in takes room and counts; a record merged into
        // its stored copy takes neither.
        let relayed = tally(OWNER, 5, false);
        let asked = Pushed {
            record: &relayed,
            stored: None,
            owner_claimed: false,
        };
        assert!(asked.introduces(&member));
        assert_eq!(member.owner_to_check(&relayed), Some(device(OWNER)));
        assert_eq!(member.owner_to_check(&tally(PUSHER, 1, false)), None);
        assert_eq!(member.owner_to_check(&stored), None);
        let v = verdict(&member, asked).unwrap();
        let after = member.after(&v);
        assert_eq!((after.introduced, after.room), (4, 1));
        let again = member.after(
            &verdict(
                &member,
                Pushed {
                    stored: Some(&relayed),
                    ..asked
                },
            )
            .unwrap(),
        );
        assert_eq!((again.introduced, again.room), (3, 2));
        // A mismatched stored copy is an error, not a verdict.
        assert!(verdict(
            &member,
            Pushed {
                record: &relayed,
                stored: Some(&tally(PUSHER, 1, false)),
                owner_claimed: false,
            }
        )
        .is_err());
    }
}
