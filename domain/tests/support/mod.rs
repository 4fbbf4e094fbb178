//! Shared by the property tests: phones that make random edits.

#![allow(dead_code)]

use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::{DeviceId, EventId, EventState, Hlc, ItemId, NewEvent, Record, StepId};
use proptest::prelude::*;
use uuid::Uuid;

pub fn event_id() -> EventId {
    EventId(Uuid::from_u128(0xE))
}

pub fn device(n: u8) -> DeviceId {
    DeviceId(Uuid::from_u128(u128::from(n) + 1))
}

/// The records of a new event, created by device 0.
pub fn created(clock: &mut Hlc) -> Vec<Record> {
    let new = NewEvent::example();
    EventState::create(event_id(), new, clock.tick(1)).unwrap()
}

#[derive(Debug, Clone)]
pub enum Op {
    Tick(usize, bool),
    Rename(usize, usize),
    Move(usize, bool),
    Add(usize),
    Remove(usize),
    Skip(usize, bool),
    Tap(i64),
    EditHost(usize),
    /// Adds one of the invitees (fixed ids: phones may add the same one).
    Invite(u8),
    /// Checks an invitee in, or undoes it.
    CheckIn(u8, bool),
    /// Logs a hand-in of `n` guns under a fresh id.
    HandIn(u64),
    /// The phone receives everything sent so far.
    Receive,
}

pub fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..12, any::<bool>()).prop_map(|(i, d)| Op::Tick(i, d)),
        (0usize..12, 0usize..4).prop_map(|(i, n)| Op::Rename(i, n)),
        (0usize..12, any::<bool>()).prop_map(|(i, up)| Op::Move(i, up)),
        (0usize..4).prop_map(Op::Add),
        (0usize..12).prop_map(Op::Remove),
        (0usize..12, any::<bool>()).prop_map(|(i, s)| Op::Skip(i, s)),
        prop::sample::select(vec![1i64, 5, -1]).prop_map(Op::Tap),
        (0usize..4).prop_map(Op::EditHost),
        (0u8..3).prop_map(Op::Invite),
        (0u8..3, any::<bool>()).prop_map(|(i, c)| Op::CheckIn(i, c)),
        (1u64..4).prop_map(Op::HandIn),
        Just(Op::Receive),
    ]
}

pub const NAMES: [&str; 4] = ["Múa lân", "Trao quà", "Giao lưu", "Kết thúc"];

pub struct Phone {
    pub device: DeviceId,
    pub clock: Hlc,
    pub state: EventState,
    /// How many of the sent records this phone has received.
    pub seen: usize,
}

impl Phone {
    pub fn new(d: u8) -> Phone {
        Phone {
            device: device(d),
            clock: Hlc::new(device(d)),
            state: EventState::empty(event_id()),
            seen: 0,
        }
    }

    pub fn receive(&mut self, record: &Record) {
        if let Some(s) = record.max_stamp() {
            self.clock.observe(&s);
        }
        self.state.apply(record.clone()).unwrap();
    }

    /// Runs one op; returns the records it changed.
    pub fn run(&mut self, op: &Op, now: u64) -> Vec<Record> {
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
            Op::Invite(i) => Some(self.state.save::<Invitee>(
                Some(invitee_id(i)),
                InviteeFields {
                    name: NAMES[usize::from(i)].to_string(),
                    ..Default::default()
                },
                stamp,
            )),
            Op::CheckIn(i, present) => {
                Some(self.state.update::<Invitee>(invitee_id(i), stamp, |f| {
                    f.checked_in = present.then_some(now);
                }))
            }
            Op::HandIn(n) => Some(self.state.save::<Outreach>(
                None,
                OutreachFields {
                    kind: OutreachKind::Guns,
                    quantity: n,
                    at: now,
                    ..Default::default()
                },
                stamp,
            )),
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

pub fn invitee_id(i: u8) -> ItemId {
    ItemId(Uuid::from_u128(0x1000 + u128::from(i)))
}

/// A deterministic shuffle driven by the generated seed.
pub fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
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

/// A tree: unit i's parent is one of the units before it (0 is the root).
pub fn tree() -> impl Strategy<Value = Vec<domain::unit::Unit>> {
    use domain::unit::{Unit, UnitLevel};
    proptest::collection::vec((any::<prop::sample::Index>(), 0usize..5), 1..30).prop_map(|picks| {
        let mut units = vec![Unit {
            code: "u0".into(),
            name: "Gốc".into(),
            level: UnitLevel::Tinh,
            parent: None,
        }];
        for (i, (parent, level)) in picks.into_iter().enumerate() {
            let parent = parent.index(units.len());
            units.push(Unit {
                code: format!("u{}", i + 1),
                name: format!("Đơn vị {}", i + 1),
                level: UnitLevel::ALL[level],
                parent: Some(units[parent].code.clone()),
            });
        }
        units
    })
}

/// Whether `code` is `ancestor` or below it.
pub fn within(units: &[domain::unit::Unit], code: &str, ancestor: &str) -> bool {
    let mut at = Some(code.to_string());
    while let Some(c) = at {
        if c == ancestor {
            return true;
        }
        at = units
            .iter()
            .find(|u| u.code == c)
            .and_then(|u| u.parent.clone());
    }
    false
}
