//! Property tests: the statistics sheet adds up exactly the events below
//! the unit, each once, on random trees of any depth.

use domain::kinds::outreach::OutreachKind;
use domain::reporting::rollup::{sheet, EventBelow, EventFigures};
use domain::unit::{Unit, UnitLevel};
use domain::EventId;
use proptest::prelude::*;
use uuid::Uuid;

mod support;
use support::*;

const CASES: u32 = 1_000;

fn events(units: usize) -> impl Strategy<Value = Vec<(usize, u64, u64, bool, bool)>> {
    proptest::collection::vec(
        (
            0..units + 2,
            0u64..5_000,
            0u64..20,
            any::<bool>(),
            any::<bool>(),
        ),
        0..40,
    )
}

fn event(unit: String, people: u64, guns: u64, held: bool, accepted: bool, n: usize) -> EventBelow {
    EventBelow {
        event: EventId(Uuid::from_u128(n as u128 + 1)),
        unit,
        figures: EventFigures {
            started: held,
            attendance: people,
            outreach: [(OutreachKind::Guns, (guns, 0))].into_iter().collect(),
            ..Default::default()
        },
        accepted,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_sheet_adds_every_event_below_once(
        (units, raw) in tree().prop_flat_map(|u| { let n = u.len(); (Just(u), events(n)) }),
        accepted_only in any::<bool>(),
    ) {
        // Indices past the tree are events of units elsewhere.
        let list: Vec<EventBelow> = raw
            .iter()
            .enumerate()
            .map(|(n, &(u, p, g, held, acc))| {
                let code = units.get(u).map_or(format!("elsewhere{u}"), |x| x.code.clone());
                event(code, p, g, held, acc, n)
            })
            .collect();
        let root = &units[0];
        let s = sheet(root, &units[1..], &list, accepted_only);
        let counted = |e: &EventBelow| {
            e.figures.started && (!accepted_only || e.accepted) && units.iter().any(|u| u.code == e.unit)
        };
        // The grand total is the sum over the events counted, each once.
        let people: u64 = list.iter().filter(|e| counted(e)).map(|e| e.figures.attendance).sum();
        let held = list.iter().filter(|e| counted(e)).count() as u64;
        prop_assert_eq!(s.total.people(), people);
        prop_assert_eq!(s.total.events(), held);
        let guns: u64 = list.iter().filter(|e| counted(e)).map(|e| e.figures.outreach[&OutreachKind::Guns].0).sum();
        prop_assert_eq!(s.total.outreach.get(&OutreachKind::Guns).map_or(0, |t| t.0), guns);
        // Every row is its own subtree, and the top rows with the unit's own
        // events add up to the total: no double count across levels.
        for row in &s.rows {
            let expected: u64 = list
                .iter()
                .filter(|e| counted(e) && within(&units, &e.unit, &row.unit.code))
                .map(|e| e.figures.attendance)
                .sum();
            prop_assert_eq!(row.totals.people(), expected, "row {}", row.unit.code);
        }
        let mut top = s.own.clone();
        for row in s.rows.iter().filter(|r| r.depth == 1) {
            top.merge(&row.totals);
        }
        prop_assert_eq!(&top, &s.total);
        // Accepted only is the same as the sheet of the accepted events.
        if accepted_only {
            let only: Vec<EventBelow> = list.iter().filter(|e| e.accepted).cloned().collect();
            prop_assert_eq!(&sheet(root, &units[1..], &only, false).total, &s.total);
        }
        prop_assert_eq!(s.rows.len(), units.len() - 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Events built by phones (steps ticked, gate taps, invitees checked in,
    /// hand-ins): the sheet's total is the sum of their summaries.
    #[test]
    fn the_sheet_adds_up_the_events_own_summaries(
        runs in proptest::collection::vec(proptest::collection::vec(op(), 0..25), 1..6),
    ) {
        let root = Unit { code: "r".into(), name: "Huyện".into(), level: UnitLevel::Huyen, parent: None };
        let mut units = Vec::new();
        let mut list = Vec::new();
        let (mut attendance, mut guns, mut held) = (0u64, 0u64, 0u64);
        for (n, ops) in runs.iter().enumerate() {
            let mut phone = Phone::new(0);
            for r in created(&mut phone.clock) {
                phone.receive(&r);
            }
            for (i, op) in ops.iter().enumerate() {
                phone.run(op, 1_787_099_400_000 + i as u64 * 60_000);
            }
            let summary = phone.state.summary(420);
            let figures = EventFigures::of(&phone.state).unwrap();
            prop_assert_eq!(figures.attendance, summary.attendance);
            if summary.program.done > 0 {
                held += 1;
                attendance += summary.attendance;
                guns += summary.outreach.get(&OutreachKind::Guns).map_or(0, |t| t.quantity);
            }
            let code = format!("x{n}");
            units.push(Unit { code: code.clone(), name: code.clone(), level: UnitLevel::Xa, parent: Some("r".into()) });
            list.push(EventBelow { event: EventId(Uuid::from_u128(n as u128 + 1)), unit: code, figures, accepted: true });
        }
        let s = sheet(&root, &units, &list, false);
        prop_assert_eq!(s.total.events(), held);
        prop_assert_eq!(s.total.people(), attendance);
        prop_assert_eq!(s.total.outreach.get(&OutreachKind::Guns).map_or(0, |t| t.0), guns);
    }
}
