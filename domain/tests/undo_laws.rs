//! Property test: undoing a phone gives, for every field, the latest value
//! any other phone wrote — whatever order the writes reached the server in.

use domain::history::field_changes;
use domain::history::undo::{lost_writes, undo, Created, Logged, Outcome};
use domain::{Lww, OrderKey, Record, Stamp, Step, StepId, Tombstone};
use proptest::prelude::*;
use serde_json::Value;
use uuid::Uuid;

mod support;
use support::device;

/// One phone's write of every field of one step: values, and the wall
/// time of each field's stamp.
#[derive(Debug, Clone)]
struct Push {
    phone: u8,
    title: &'static str,
    performer: &'static str,
    planned: Option<u16>,
    skipped: bool,
    done_at: Option<u64>,
    walls: [u64; 6],
}

fn push() -> impl Strategy<Value = Push> {
    let text = || prop::sample::select(vec!["Lễ chào cờ", "Chào cờ", "", "Diễn văn"]);
    (
        0u8..3,
        text(),
        text(),
        proptest::option::of(0u16..1440),
        any::<bool>(),
        proptest::option::of(0u64..10),
        [0u64..20, 0u64..20, 0u64..20, 0u64..20, 0u64..20, 0u64..20],
    )
        .prop_map(
            |(phone, title, performer, planned, skipped, done_at, walls)| Push {
                phone,
                title,
                performer,
                planned,
                skipped,
                done_at,
                walls,
            },
        )
}

impl Push {
    /// The step as this phone pushes it; the push's position makes every
    /// stamp distinct (its counter).
    fn record(&self, n: u32) -> Record {
        let at = |i: usize| Stamp {
            wall: self.walls[i],
            counter: n,
            device: device(self.phone),
        };
        Record::Step(Step {
            id: StepId(Uuid::from_u128(7)),
            optional: false,
            title: Lww::new(self.title.to_string(), at(0)),
            performer: Lww::new(self.performer.to_string(), at(1)),
            planned: Lww::new(self.planned, at(2)),
            order: Lww::new(OrderKey::parse("V").unwrap(), at(3)),
            skipped: Lww::new(self.skipped, at(4)),
            done_at: Lww::new(self.done_at, at(5)),
            removed: Tombstone::default(),
        })
    }
}

/// The server: merges each push, keeping every write it saw (applied or
/// lost) with the phone that pushed it.
fn serve(pushes: &[Push]) -> (Record, Vec<(u8, Logged)>) {
    let mut stored: Option<Record> = None;
    let mut log: Vec<(u8, Logged)> = Vec::new();
    for (n, p) in pushes.iter().enumerate() {
        let record = p.record(n as u32);
        let merged = Record::merge_into(stored.clone(), &record).unwrap().record;
        for (changes, outcome) in [
            (field_changes(stored.as_ref(), &merged), Outcome::Applied),
            (lost_writes(&record, &merged), Outcome::Lost),
        ] {
            for c in changes {
                log.push((
                    p.phone,
                    Logged {
                        field: c.field,
                        new: c.new,
                        stamp: c.stamp,
                        old: c.old,
                        old_stamp: c.old_stamp,
                        outcome,
                        undone: false,
                    },
                ));
            }
        }
        stored = Some(merged);
    }
    (stored.unwrap(), log)
}

fn step(r: &Record) -> &Step {
    match r {
        Record::Step(s) => s,
        _ => unreachable!(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn undoing_a_phone_leaves_the_latest_write_of_every_other(
        pushes in prop::collection::vec(push(), 1..7),
        undone in 0u8..3,
    ) {
        let (stored, log) = serve(&pushes);
        let log: Vec<Logged> = log
            .into_iter()
            .map(|(phone, l)| Logged { undone: phone == undone, ..l })
            .collect();
        let later = Stamp { wall: 1_000, counter: 0, device: device(9) };
        let after = match undo(&stored, &log, later, Created::Remove) {
            Some(patch) => Record::merge_into(Some(stored.clone()), &patch).unwrap().record,
            None => stored.clone(),
        };
        let others: Vec<(usize, &Push)> = pushes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.phone != undone)
            .collect();
        let s = step(&after);
        if others.is_empty() {
            // Only the undone phone wrote the step: it is removed.
            prop_assert!(s.removed.is_removed());
            return Ok(());
        }
        prop_assert!(!s.removed.is_removed());
        // Each field: the greatest (stamp, value) among the others' writes.
        let latest = |i: usize| {
            others
                .iter()
                .map(|(n, p)| {
                    let r = p.record(*n as u32);
                    let s = step(&r).clone();
                    let stamp = match i {
                        0 => s.title.stamp,
                        1 => s.performer.stamp,
                        2 => s.planned.stamp,
                        4 => s.skipped.stamp,
                        _ => s.done_at.stamp,
                    };
                    (stamp, s)
                })
                .max_by_key(|(stamp, _)| *stamp)
                .map(|(_, s)| s)
                .unwrap()
        };
        prop_assert_eq!(&s.title.value, &latest(0).title.value);
        prop_assert_eq!(&s.performer.value, &latest(1).performer.value);
        prop_assert_eq!(s.planned.value, latest(2).planned.value);
        prop_assert_eq!(s.skipped.value, latest(4).skipped.value);
        prop_assert_eq!(s.done_at.value, latest(5).done_at.value);
    }
}

#[test]
fn a_removal_only_the_undone_phone_made_is_reversed_and_one_by_another_is_not() {
    let honest = Push {
        phone: 1,
        title: "Chào cờ",
        performer: "",
        planned: None,
        skipped: false,
        done_at: None,
        walls: [1; 6],
    };
    let (stored, _) = serve(std::slice::from_ref(&honest));
    let mut removed = stored.clone();
    let Record::Step(s) = &mut removed else {
        unreachable!()
    };
    s.removed.remove(Stamp {
        wall: 5,
        counter: 0,
        device: device(0),
    });
    let merged = Record::merge_into(Some(stored.clone()), &removed)
        .unwrap()
        .record;
    let created = field_changes(None, &stored).remove(0);
    let removal = field_changes(Some(&stored), &merged).remove(0);
    let log = |removal_undone: bool| {
        vec![
            Logged {
                field: created.field.clone(),
                new: created.new.clone(),
                stamp: None,
                old: Value::Null,
                old_stamp: None,
                outcome: Outcome::Applied,
                undone: false,
            },
            Logged {
                field: removal.field.clone(),
                new: removal.new.clone(),
                stamp: None,
                old: removal.old.clone(),
                old_stamp: None,
                outcome: Outcome::Applied,
                undone: removal_undone,
            },
        ]
    };
    let later = Stamp {
        wall: 1_000,
        counter: 0,
        device: device(9),
    };
    let patch = undo(&merged, &log(true), later, Created::Remove).expect("the removal is reversed");
    let back = Record::merge_into(Some(merged.clone()), &patch)
        .unwrap()
        .record;
    assert!(!step(&back).removed.is_removed());
    assert_eq!(step(&back).title.value, "Chào cờ");
    // Undoing a phone that did not remove it leaves the removal.
    assert_eq!(undo(&merged, &log(false), later, Created::Remove), None);
}
