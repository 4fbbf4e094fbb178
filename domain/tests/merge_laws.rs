//! Property tests: merge is a join, and replicas converge.
//!
//! 2,500 cases for each of five properties: 12,500 generated cases in all.

use domain::kinds::invitee::{Category, Invitee};
use domain::kinds::movement::{Movement, Source};
use domain::kinds::outreach::{Outreach, OutreachKind};
use domain::movement::figures::Figure;
use domain::{
    Day, EventMeta, EventState, Item, ItemId, Level, Lww, OrderKey, Record, RecordKind, Stamp,
    Step, StepId, Tally, Tombstone,
};
use proptest::prelude::*;
use uuid::Uuid;

mod support;
use support::*;

const CASES: u32 = 2_500;

// Small ranges on purpose: equal stamps and equal ids must happen often.
fn stamp() -> impl Strategy<Value = Stamp> {
    (0u64..4, 0u32..3, 0u8..3).prop_map(|(wall, counter, d)| Stamp {
        wall,
        counter,
        device: device(d),
    })
}

fn lww<T: Ord + Clone + std::fmt::Debug>(
    values: impl Strategy<Value = T>,
) -> impl Strategy<Value = Lww<T>> {
    (values, stamp()).prop_map(|(value, stamp)| Lww { value, stamp })
}

fn tombstone() -> impl Strategy<Value = Tombstone> {
    (proptest::option::of(stamp()), proptest::option::of(stamp())).prop_map(
        |(removed, restored)| {
            let mut t = Tombstone::default();
            if let Some(s) = removed {
                t.remove(s);
            }
            if let Some(s) = restored {
                t.restore(s);
            }
            t
        },
    )
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["Lễ chào cờ", "Văn nghệ", "", "Diễn văn"]).prop_map(String::from)
}

fn order_key() -> impl Strategy<Value = OrderKey> {
    prop::sample::select(vec!["1", "V", "k", "kV"]).prop_map(|k| OrderKey::parse(k).unwrap())
}

fn meta() -> impl Strategy<Value = EventMeta> {
    let day =
        prop::sample::select(vec!["2026-08-19", "2026-08-18"]).prop_map(|d| Day::parse(d).unwrap());
    (
        lww(text()),
        lww(prop::sample::select(Level::ALL.to_vec())),
        lww(text()),
        lww(day),
        lww(any::<bool>()),
        tombstone(),
    )
        .prop_map(
            |(host_name, level, place, date, showcase, removed)| EventMeta {
                id: event_id(),
                host_name,
                level,
                place,
                date,
                showcase,
                removed,
            },
        )
}

fn step() -> impl Strategy<Value = Step> {
    (
        (0u128..4, any::<bool>(), lww(text()), lww(text())),
        (
            lww(proptest::option::of(0u16..1440)),
            lww(order_key()),
            lww(any::<bool>()),
            lww(proptest::option::of(0u64..10)),
            tombstone(),
        ),
    )
        .prop_map(
            |((id, optional, title, performer), (planned, order, skipped, done_at, removed))| {
                Step {
                    id: StepId(Uuid::from_u128(id)),
                    optional,
                    title,
                    performer,
                    planned,
                    order,
                    skipped,
                    done_at,
                    removed,
                }
            },
        )
}

fn tally() -> impl Strategy<Value = Tally> {
    (0u8..3, 0u64..20, 0u64..5, tombstone()).prop_map(|(d, increments, corrections, left_out)| {
        Tally {
            device: device(d),
            increments,
            corrections,
            left_out,
        }
    })
}

/// A person on the named list, one of four, with conflicting check-ins.
fn invitee() -> impl Strategy<Value = Invitee> {
    (
        0u128..4,
        lww(text()),
        lww(prop::sample::select(Category::ALL.to_vec())),
        lww(prop::option::of(0u64..10)),
        tombstone(),
    )
        .prop_map(|(id, name, category, checked_in, removed)| {
            let mut i = Invitee::blank(ItemId(Uuid::from_u128(id)), name.stamp);
            i.name = name;
            i.category = category;
            i.checked_in = checked_in;
            i.removed = removed;
            i
        })
}

/// An outreach entry, one of four, with conflicting quantities and kinds.
fn outreach() -> impl Strategy<Value = Outreach> {
    (
        0u128..4,
        lww(prop::sample::select(OutreachKind::ALL.to_vec())),
        lww(1u64..100),
        tombstone(),
    )
        .prop_map(|(id, kind, quantity, removed)| {
            let mut o = Outreach::blank(ItemId(Uuid::from_u128(id)), kind.stamp);
            o.kind = kind;
            o.quantity = quantity;
            o.removed = removed;
            o
        })
}

/// A unit's year, one of four (two units, two years), each figure of
/// three present or not, with conflicting values and stamps.
fn movement() -> impl Strategy<Value = Movement> {
    let figure = || proptest::option::of(lww(0u64..4));
    (
        0usize..2,
        2019i32..2021,
        lww(prop::sample::select(vec![
            Source::Entered,
            Source::Imported,
        ])),
        [figure(), figure(), figure()],
        tombstone(),
    )
        .prop_map(|(unit, year, source, figures, removed)| {
            let mut m = Movement::blank(["05842", "05836"][unit], year, source.stamp);
            m.source = source;
            m.removed = removed;
            for (f, v) in [Figure::Tips, Figure::TipsValuable, Figure::Documents]
                .into_iter()
                .zip(figures)
            {
                if let Some(v) = v {
                    m.figures.insert(f, v);
                }
            }
            m
        })
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![
        meta().prop_map(Record::Event),
        step().prop_map(Record::Step),
        tally().prop_map(Record::Headcount),
        invitee().prop_map(Record::Invitee),
        outreach().prop_map(Record::Outreach),
        movement().prop_map(Record::Movement),
    ]
}

fn state() -> impl Strategy<Value = EventState> {
    proptest::collection::vec(record(), 0..12)
        .prop_map(|records| EventState::from_records(event_id(), records).unwrap())
}

fn merged(a: &EventState, b: &EventState) -> EventState {
    let mut out = a.clone();
    out.merge(b).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn merge_is_commutative(a in state(), b in state()) {
        prop_assert_eq!(merged(&a, &b), merged(&b, &a));
    }

    #[test]
    fn merge_is_associative(a in state(), b in state(), c in state()) {
        prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
    }

    #[test]
    fn merge_is_idempotent(a in state(), b in state()) {
        prop_assert_eq!(merged(&a, &a), a.clone());
        // Receiving the same replica twice changes nothing more than once.
        let once = merged(&a, &b);
        prop_assert_eq!(merged(&once, &b), once);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// A screen that holds only some kinds (the gate, with the invitees
    /// left in storage) and reads the rest later ends equal to a replica
    /// that read everything, whatever arrived meanwhile: storage has every
    /// record, the screen skips what it does not hold.
    #[test]
    fn a_replica_reading_kinds_later_ends_equal_to_one_that_read_all(
        stored in proptest::collection::vec(record(), 0..12),
        arriving in proptest::collection::vec(record(), 0..12),
        held in proptest::sample::subsequence(
            vec![RecordKind::Step, RecordKind::Headcount, RecordKind::Invitee, RecordKind::Outreach],
            0..=4,
        ),
    ) {
        let mut full = EventState::from_records(event_id(), stored.clone()).unwrap();
        let mut partial = EventState::holding(event_id(), &held);
        for r in &stored {
            partial.apply(r.clone()).unwrap();
        }
        prop_assert!(partial.holds(&held));
        // What arrives is stored and shown: the partial replica takes only
        // the kinds it holds.
        for r in &arriving {
            full.apply(r.clone()).unwrap();
            partial.apply(r.clone()).unwrap();
        }
        for kind in partial.left_in_storage.clone() {
            prop_assert!(partial.items.keys().all(|k| k.kind != kind));
        }
        // The rest read from storage, which holds both.
        let rest: Vec<RecordKind> = partial.left_in_storage.iter().copied().collect();
        let on_disk = stored.iter().chain(&arriving).cloned();
        partial.read_kinds(&rest, on_disk).unwrap();
        prop_assert!(partial.left_in_storage.is_empty());
        prop_assert_eq!(partial, full);
    }

    #[test]
    fn three_phones_converge_whatever_the_delivery_order(
        ops in proptest::collection::vec((0u8..3, op()), 0..40),
        seeds in [any::<u64>(), any::<u64>(), any::<u64>()],
        duplicates in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
    ) {
        let mut phones: Vec<Phone> = (0..3)
            .map(Phone::new)
            .collect();
        let created = created(&mut phones[0].clock);
        let mut sent: Vec<Record> = created.clone();
        for phone in &mut phones {
            for r in &created { phone.receive(r); }
            phone.seen = sent.len();
        }

        for (now, (d, op)) in ops.iter().enumerate() {
            let phone = &mut phones[*d as usize];
            if let Op::Receive = op {
                for r in &sent[phone.seen..] { phone.receive(r); }
                phone.seen = sent.len();
            }
            sent.extend(phone.run(op, 10 + now as u64));
        }

        // Every phone gets every record, in its own order, some twice.
        let mut with_dups = sent.clone();
        for idx in &duplicates {
            if !sent.is_empty() { with_dups.push(sent[idx.index(sent.len())].clone()); }
        }
        for (phone, seed) in phones.iter_mut().zip(seeds) {
            for r in shuffled(&with_dups, seed) { phone.receive(&r); }
        }
        prop_assert_eq!(&phones[0].state, &phones[1].state);
        prop_assert_eq!(&phones[1].state, &phones[2].state);
        // And the headcount is exactly the sum of every tap made.
        let taps: i64 = ops.iter().filter_map(|(_, op)| match op { Op::Tap(d) => Some(*d), _ => None }).sum();
        prop_assert_eq!(phones[0].state.tallies.values().map(|t| t.net()).sum::<i64>(), taps);
        // Every hand-in counts once, whoever logged it; a person checked
        // in on two phones counts once.
        let guns: u64 = ops.iter().filter_map(|(_, op)| match op { Op::HandIn(n) => Some(*n), _ => None }).sum();
        let summary = phones[0].state.summary(0);
        prop_assert_eq!(summary.outreach.get(&OutreachKind::Guns).map_or(0, |t| t.quantity), guns);
        prop_assert!(summary.invitees_total.present <= 3);
    }
}
