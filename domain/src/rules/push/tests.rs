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

/// A unit's 2020 with these figures, each written at `wall`.
fn year(figures: &[(crate::movement::figures::Figure, u64)], wall: u64) -> Record {
    let mut m = crate::kinds::movement::Movement::blank("05836", 2020, at(1));
    for (f, v) in figures {
        m.figures.insert(*f, crate::Lww::new(*v, at(wall)));
    }
    m.into_record()
}

fn model(wall: u64) -> Record {
    crate::kinds::model::Model::blank(ItemId(Uuid::from_u128(6)), at(wall)).into_record()
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
    use crate::movement::figures::Figure::{Tips, TipsValuable};
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
        // A unit's year in its ledger.
        row(
            "year new",
            year(&[(Tips, 100), (TipsValuable, 60)], 2),
            None,
        )
        .says("merge new", "merge new"),
        row(
            "year edited",
            year(&[(Tips, 120)], 3),
            Some(year(&[(Tips, 100), (TipsValuable, 60)], 2)),
        )
        .says("merge", "merge"),
        row(
            "year with a part over its whole",
            year(&[(Tips, 100), (TipsValuable, 120)], 2),
            None,
        )
        .says("reject implausible:*", "reject implausible:*"),
        row(
            "year with a part over its whole, onto a stored year",
            year(&[(Tips, 100), (TipsValuable, 120)], 3),
            Some(year(&[(Tips, 100), (TipsValuable, 60)], 2)),
        )
        .says(
            "reject implausible:tips,tips_valuable",
            "reject implausible:tips,tips_valuable",
        ),
        row("year full", year(&[(Tips, 1)], 2), None)
            .room(0)
            .says("reject full", "reject full"),
        // A model in a unit's register.
        row("model new", model(1), None).says("merge new", "merge new"),
        row("model edited", model(2), Some(model(1))).says("merge", "merge"),
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
