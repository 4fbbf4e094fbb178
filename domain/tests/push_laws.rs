//! Property tests: what a joined phone may write into an event, whatever it
//! pushes. Random pushes (gate tallies of random phones raised and lowered,
//! set aside and counted again, the event removed and restored, other
//! kinds) by a phone that does not answer for the event go through the rule
//! book's verdict ([`domain::rules::push::verdict`]) into a model of what
//! the server stores, applied as the server applies them: a merge stored, a
//! record left out of the push skipped, a rejected push not stored at all.
//!
//! Whatever the pushes: (a) no tally of a phone with access of its own
//! changes; (b) the event is never removed nor restored, and no tally set
//! aside nor counted again; (c) every stored tally is plausible from the
//! one stored before each push; (d) at most MAX_RELAYED_TALLIES tallies of
//! other phones are ever brought in by the phone.

use domain::kinds::headcount::{plausible, MAX_JUMP, MAX_RELAYED_TALLIES};
use domain::kinds::invitee::Invitee;
use domain::kinds::submission::Submission;
use domain::merge::items::{Item, ItemId};
use domain::rules::push::{verdict, Pushed, Pusher, Verdict};
use domain::rules::Actor;
use domain::Kind;
use domain::{DeviceId, EventState, Lww, NewEvent, Record, RecordKey, Stamp, Tally, Tombstone};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

mod support;
use support::{device, event_id};

/// The pushing phone.
const PUSHER: u8 = 0;
/// Phones with access of their own (a token, or undone on the event): 1–3.
const CLAIMED: std::ops::RangeInclusive<u8> = 1..=3;
/// Phones in all: the rest only exchange files.
const PHONES: u8 = 16;

/// A tombstone flip a phone may push.
#[derive(Debug, Clone, Copy)]
enum Flip {
    Keep,
    Remove,
    Restore,
}

fn flip() -> impl Strategy<Value = Flip> {
    prop_oneof![Just(Flip::Keep), Just(Flip::Remove), Just(Flip::Restore)]
}

/// How a pushed count stands to the stored one.
fn delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => -20i64..20,
        1 => Just(MAX_JUMP as i64),
        1 => Just(MAX_JUMP as i64 + 1),
        1 => (MAX_JUMP as i64)..(3 * MAX_JUMP as i64),
        1 => Just(-(MAX_JUMP as i64) - 5),
    ]
}

/// One record the phone pushes, relative to what the server holds when it
/// is pushed (a phone pushes from what it saw).
#[derive(Debug, Clone)]
enum Op {
    /// A gate tally of phone `phone`: counts moved by the deltas, perhaps
    /// set aside or counted again.
    Tally {
        phone: u8,
        increments: i64,
        corrections: i64,
        left_out: Flip,
    },
    /// The event's own record: perhaps removed or restored, perhaps its
    /// place renamed.
    Event { removed: Flip, rename: bool },
    /// An invitee, new or edited.
    Invitee { id: u8 },
    /// A submitted report, perhaps with another officer's name.
    Submission { id: u8, officer: bool },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..PHONES, delta(), delta(), flip()).prop_map(|(phone, increments, corrections, left_out)| {
            Op::Tally { phone, increments, corrections, left_out }
        }),
        2 => (flip(), any::<bool>()).prop_map(|(removed, rename)| Op::Event { removed, rename }),
        1 => (0u8..3).prop_map(|id| Op::Invitee { id }),
        1 => (0u8..2, any::<bool>()).prop_map(|(id, officer)| Op::Submission { id, officer }),
    ]
}

/// What the event holds when the phone starts pushing.
#[derive(Debug, Clone)]
struct Start {
    /// The event removed by its unit.
    removed: bool,
    /// Stored tallies: phone, increments, set aside.
    tallies: Vec<(u8, u64, bool)>,
    /// Tallies of other phones the phone brought in before.
    introduced: usize,
    /// Records the event may hold.
    quota_room: u64,
    /// The pusher is a joined phone of an event under a unit (or not).
    in_unit: bool,
}

fn start() -> impl Strategy<Value = Start> {
    (
        any::<bool>(),
        prop::collection::vec((0..PHONES, 0u64..50, any::<bool>()), 0..8),
        0..=MAX_RELAYED_TALLIES,
        prop_oneof![Just(1_000u64), 0u64..12],
        any::<bool>(),
    )
        .prop_map(
            |(removed, tallies, introduced, quota_room, in_unit)| Start {
                removed,
                tallies,
                introduced,
                quota_room,
                in_unit,
            },
        )
}

/// The server's store of one event, as the model keeps it.
#[derive(Debug, Clone, PartialEq)]
struct Server {
    records: BTreeMap<RecordKey, Record>,
    /// Records the event may still take.
    room: u64,
    /// Tallies of other phones the pusher brought in (the history's
    /// creation markers by it), before the pushes here and by them.
    introduced: usize,
}

/// A stamp of the unit's phone or of the pusher, `n`-th of the run.
fn stamp(phone: u8, n: u32) -> Stamp {
    Stamp {
        wall: 1_000 + u64::from(n),
        counter: n,
        device: device(phone),
    }
}

fn flipped(mut t: Tombstone, flip: Flip, at: Stamp) -> Tombstone {
    match flip {
        Flip::Keep => {}
        Flip::Remove => t.remove(at),
        Flip::Restore => t.restore(at),
    }
    t
}

fn moved(count: u64, delta: i64) -> u64 {
    count
        .saturating_add_signed(delta)
        .min(domain::kinds::headcount::MAX_TALLY)
}

impl Server {
    fn new(start: &Start) -> Server {
        let mut records = BTreeMap::new();
        let created = EventState::create(event_id(), NewEvent::example(), stamp(99, 0)).unwrap();
        for mut r in created {
            if let (Record::Event(meta), true) = (&mut r, start.removed) {
                meta.removed.remove(stamp(99, 1));
            }
            records.insert(r.key(), r);
        }
        for &(phone, increments, aside) in &start.tallies {
            let mut t = Tally::zero(device(phone));
            t.increments = increments;
            if aside {
                t.left_out.remove(stamp(99, 2));
            }
            records.insert(Record::Headcount(t).key(), Record::Headcount(t));
        }
        Server {
            records,
            room: start.quota_room,
            introduced: start.introduced,
        }
    }

    fn tally(&self, phone: u8) -> Option<Tally> {
        match self
            .records
            .get(&domain::state::headcount::key(device(phone)))
        {
            Some(Record::Headcount(t)) => Some(*t),
            _ => None,
        }
    }

    /// The record `op` pushes, from what the server holds now.
    fn pushed(&self, op: &Op, n: u32) -> Record {
        let at = stamp(PUSHER, n);
        match *op {
            Op::Tally {
                phone,
                increments,
                corrections,
                left_out,
            } => {
                let t = self.tally(phone).unwrap_or(Tally::zero(device(phone)));
                Record::Headcount(Tally {
                    increments: moved(t.increments, increments),
                    corrections: moved(t.corrections, corrections),
                    left_out: flipped(t.left_out, left_out, at),
                    ..t
                })
            }
            Op::Event { removed, rename } => {
                let key = RecordKey {
                    kind: domain::RecordKind::Event,
                    id: event_id().0,
                };
                let Some(Record::Event(meta)) = self.records.get(&key) else {
                    unreachable!("the event is stored")
                };
                let mut meta = meta.clone();
                meta.removed = flipped(meta.removed, removed, at);
                if rename {
                    meta.place = Lww::new(format!("Sân {n}"), at);
                }
                Record::Event(meta)
            }
            Op::Invitee { id } => {
                Invitee::blank(ItemId(Uuid::from_u128(0x100 + u128::from(id))), at).into_record()
            }
            Op::Submission { id, officer } => {
                let id = ItemId(Uuid::from_u128(0x200 + u128::from(id)));
                let mut s = Submission::blank(id, stamp(PUSHER, 0));
                if officer {
                    s.officer = Lww::new("Nguyễn Văn An".into(), at);
                }
                s.into_record()
            }
        }
    }

    /// One push, as the server takes it: each record judged in turn, a
    /// merge stored, a record left out skipped, and a rejection leaving the
    /// event as it was.
    fn push(&mut self, actor: Actor, records: &[Record]) {
        let claimed: BTreeSet<DeviceId> = CLAIMED.map(device).collect();
        let mut pusher = Pusher {
            actor,
            device: Some(device(PUSHER)),
            introduced: self.introduced,
            room: self.room,
        };
        let mut next = self.records.clone();
        for record in records {
            let stored = next.get(&record.key()).cloned();
            let owner_claimed = pusher
                .owner_to_check(record)
                .is_some_and(|d| claimed.contains(&d));
            let asked = Pushed {
                record,
                stored: stored.as_ref(),
                owner_claimed,
            };
            let v = verdict(&pusher, asked).unwrap();
            pusher = pusher.after(&v);
            match v {
                Verdict::Merge(m) => {
                    next.insert(record.key(), m.record);
                }
                Verdict::LeaveOut { .. } => {}
                Verdict::Reject(_) => return,
            }
        }
        self.records = next;
        self.room = pusher.room;
        self.introduced = pusher.introduced;
    }
}

/// A push: the records of `ops` from what the server holds, each key once
/// (the server refuses a push with a key twice).
fn push_of(server: &Server, ops: &[Op], n: &mut u32) -> Vec<Record> {
    let mut keys = BTreeSet::new();
    let mut out = Vec::new();
    for op in ops {
        *n += 1;
        let record = server.pushed(op, *n);
        if keys.insert(record.key()) {
            out.push(record);
        }
    }
    out
}

fn joined(in_unit: bool) -> Actor {
    Actor::EventPhone {
        creator: false,
        in_unit,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_joined_phone_writes_only_what_is_its_own(
        start in start(),
        pushes in prop::collection::vec(prop::collection::vec(op(), 1..5), 1..12),
    ) {
        let actor = joined(start.in_unit);
        let first = Server::new(&start);
        let mut server = first.clone();
        let mut n = 0;
        for ops in &pushes {
            let records = push_of(&server, ops, &mut n);
            let before = server.clone();
            server.push(actor, &records);

            // (c) Every tally stored is a plausible count from the one
            // stored before the push (from zero, for a new one).
            for phone in 0..PHONES {
                if let Some(after) = server.tally(phone) {
                    let was = before.tally(phone).unwrap_or(Tally::zero(device(phone)));
                    prop_assert!(
                        plausible(&was, &after),
                        "phone {phone}'s tally went from {was:?} to {after:?}"
                    );
                }
            }
        }

        for (key, record) in &server.records {
            let was = first.records.get(key);
            match record {
                // (a) A tally of a phone with access of its own is as it
                // was (or still absent).
                Record::Headcount(t) if CLAIMED.map(device).any(|d| d == t.device) => {
                    prop_assert_eq!(Some(record), was, "a claimed phone's tally changed");
                }
                // (b) No tally set aside or counted again: its tombstone as
                // stored (blank for a tally brought in).
                Record::Headcount(t) => {
                    let kept = match was {
                        Some(Record::Headcount(w)) => w.left_out,
                        _ => Tombstone::default(),
                    };
                    prop_assert_eq!(t.left_out, kept, "a tally set aside or counted again");
                }
                // (b) The event neither removed nor restored.
                Record::Event(meta) => {
                    let Some(Record::Event(w)) = was else { unreachable!() };
                    prop_assert_eq!(meta.removed, w.removed, "the event removed or restored");
                }
                _ => {}
            }
        }
        for phone in CLAIMED {
            prop_assert_eq!(server.tally(phone), first.tally(phone));
        }

        // (d) At most MAX_RELAYED_TALLIES tallies of other phones brought
        // in, over this run and before it.
        let brought: Vec<_> = (0..PHONES)
            .filter(|&p| p != PUSHER && first.tally(p).is_none() && server.tally(p).is_some())
            .collect();
        prop_assert!(
            start.introduced + brought.len() <= MAX_RELAYED_TALLIES,
            "{} brought in before, {brought:?} now",
            start.introduced
        );
        prop_assert_eq!(server.introduced, start.introduced + brought.len());
    }
}

/// The laws are not empty: a run that tries each forbidden thing exercises
/// every rule (pushes are judged as the properties assume).
#[test]
fn each_rule_bites() {
    let start = Start {
        removed: false,
        tallies: vec![(1, 10, false), (9, 10, false)],
        introduced: MAX_RELAYED_TALLIES - 1,
        quota_room: 1_000,
        in_unit: true,
    };
    let mut server = Server::new(&start);
    let first = server.clone();
    let mut n = 0;
    let tally = |phone, increments, left_out| Op::Tally {
        phone,
        increments,
        corrections: 0,
        left_out,
    };
    let pushes = [
        // Raising a claimed phone's tally, setting another aside, removing
        // the event: each left out or kept as stored, the rest merged.
        vec![tally(1, 5, Flip::Keep)],
        vec![tally(9, 0, Flip::Remove)],
        vec![Op::Event {
            removed: Flip::Remove,
            rename: true,
        }],
        // Two new tallies of file-only phones: one under the bound, one past it.
        vec![tally(10, 3, Flip::Keep)],
        vec![tally(11, 3, Flip::Keep)],
        // A jump no gate counts: the whole push rejected.
        vec![
            tally(0, 1, Flip::Keep),
            tally(9, MAX_JUMP as i64 + 1, Flip::Keep),
        ],
    ];
    for ops in &pushes {
        let records = push_of(&server, ops, &mut n);
        server.push(joined(true), &records);
    }
    assert_eq!(server.tally(1), first.tally(1));
    assert_eq!(server.tally(9), first.tally(9));
    assert_eq!(server.tally(10).map(|t| t.increments), Some(3));
    assert_eq!(server.tally(11), None);
    assert_eq!(server.tally(0), None, "the rejected push stored nothing");
    assert_eq!(server.introduced, MAX_RELAYED_TALLIES);
    let event = |s: &Server| {
        s.records
            .values()
            .find_map(|r| match r {
                Record::Event(m) => Some(m.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(event(&server).removed, event(&first).removed);
    assert_ne!(event(&server).place, event(&first).place, "the rest merged");
}
