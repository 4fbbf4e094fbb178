//! Property tests: merge is a join, and replicas converge.
//!
//! 2,500 cases for each of four properties: 10,000 generated cases in all.

use domain::{
    Day, DeviceId, EventId, EventMeta, EventState, Hlc, Level, Lww, NewEvent, OrderKey, Record,
    Stamp, Step, StepId, Tally, Tombstone,
};
use proptest::prelude::*;
use uuid::Uuid;

const CASES: u32 = 2_500;

fn event_id() -> EventId {
    EventId(Uuid::from_u128(0xE))
}

fn device(n: u8) -> DeviceId {
    DeviceId(Uuid::from_u128(u128::from(n) + 1))
}

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
    proptest::option::of(stamp()).prop_map(Tombstone)
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
    (0u8..3, 0u64..20, 0u64..5).prop_map(|(d, increments, corrections)| Tally {
        device: device(d),
        increments,
        corrections,
    })
}

fn record() -> impl Strategy<Value = Record> {
    prop_oneof![
        meta().prop_map(Record::Event),
        step().prop_map(Record::Step),
        tally().prop_map(Record::Headcount),
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

// ---- Convergence: three phones, random edits, random delivery. ----

#[derive(Debug, Clone)]
enum Op {
    Tick(usize, bool),
    Rename(usize, usize),
    Move(usize, bool),
    Add(usize),
    Remove(usize),
    Skip(usize, bool),
    Tap(i64),
    EditHost(usize),
    /// The phone receives everything sent so far.
    Receive,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..12, any::<bool>()).prop_map(|(i, d)| Op::Tick(i, d)),
        (0usize..12, 0usize..4).prop_map(|(i, n)| Op::Rename(i, n)),
        (0usize..12, any::<bool>()).prop_map(|(i, up)| Op::Move(i, up)),
        (0usize..4).prop_map(Op::Add),
        (0usize..12).prop_map(Op::Remove),
        (0usize..12, any::<bool>()).prop_map(|(i, s)| Op::Skip(i, s)),
        prop::sample::select(vec![1i64, 5, -1]).prop_map(Op::Tap),
        (0usize..4).prop_map(Op::EditHost),
        Just(Op::Receive),
    ]
}

const NAMES: [&str; 4] = ["Múa lân", "Trao quà", "Giao lưu", "Kết thúc"];

struct Phone {
    device: DeviceId,
    clock: Hlc,
    state: EventState,
    /// How many of the sent records this phone has received.
    seen: usize,
}

impl Phone {
    fn receive(&mut self, record: &Record) {
        if let Some(s) = record.max_stamp() {
            self.clock.observe(&s);
        }
        self.state.apply(record.clone()).unwrap();
    }

    /// Runs one op; returns the records it changed.
    fn run(&mut self, op: &Op, now: u64) -> Vec<Record> {
        let stamp = self.clock.tick(now);
        let program: Vec<StepId> = self.state.program().iter().map(|s| s.id).collect();
        let pick = |i: usize| program.get(i % program.len().max(1)).copied();
        let result = match *op {
            Op::Tick(i, done) => pick(i).map(|id| self.state.tick_step(id, done, now, stamp)),
            Op::Rename(i, n) => pick(i).map(|id| self.state.rename_step(id, NAMES[n], stamp)),
            Op::Move(i, up) => pick(i).map(|id| self.state.move_step(id, up, stamp)),
            Op::Add(n) => Some(self.state.add_step(NAMES[n], stamp)),
            Op::Remove(i) => pick(i).map(|id| self.state.remove_step(id, stamp)),
            Op::Skip(i, s) => pick(i).map(|id| self.state.set_skipped(id, s, stamp)),
            Op::Tap(delta) => Some(Ok(self.state.tap(self.device, delta))),
            Op::EditHost(n) => Some(self.state.edit_event(stamp, |m, st| {
                m.host_name.set(NAMES[n].to_string(), st);
            })),
            Op::Receive => None,
        };
        // Refused commands (a step already at the top, say) change nothing.
        match result {
            Some(Ok(record)) => {
                self.state.apply(record.clone()).unwrap();
                vec![record]
            }
            _ => vec![],
        }
    }
}

/// A deterministic shuffle driven by the generated seed.
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        out.swap(i, j);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn three_phones_converge_whatever_the_delivery_order(
        ops in proptest::collection::vec((0u8..3, op()), 0..40),
        seeds in [any::<u64>(), any::<u64>(), any::<u64>()],
        duplicates in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
    ) {
        let mut phones: Vec<Phone> = (0..3)
            .map(|d| Phone { device: device(d), clock: Hlc::new(device(d)), state: EventState::empty(event_id()), seen: 0 })
            .collect();
        let new = NewEvent {
            host_name: "UBND xã Tân Lập".into(),
            level: Level::Xa,
            place: "Sân vận động xã".into(),
            date: Day::traditional(2026).unwrap(),
            showcase: false,
        };
        let created = EventState::create(event_id(), new, phones[0].clock.tick(1)).unwrap();
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
    }
}
