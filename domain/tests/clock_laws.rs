//! Property tests for the clock: whatever stamps a phone receives (any that
//! the parser accepts) and whatever its own clock says, every stamp it issues
//! reads back, and each is at least the one before.

use domain::merge::clock::{Hlc, Stamp, MAX_WALL_MS};
use proptest::prelude::*;

mod support;
use support::device;

#[derive(Debug, Clone)]
enum Step {
    Tick(u64),
    Observe(Stamp),
    Rebase(u64),
}

/// Wall times bunched at both ends: the cap is where the trouble was.
fn wall() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..10,
        (MAX_WALL_MS - 3)..=MAX_WALL_MS,
        Just(1_787_099_400_000u64),
        any::<u64>(),
    ]
}

fn counter() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..3, (u32::MAX - 2)..=u32::MAX]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        wall().prop_map(Step::Tick),
        (wall(), counter(), 0u8..3).prop_filter_map("parseable stamps only", |(w, c, d)| {
            let stamp = Stamp {
                wall: w,
                counter: c,
                device: device(d),
            };
            let json = serde_json::to_string(&stamp).unwrap();
            serde_json::from_str::<Stamp>(&json).ok().map(Step::Observe)
        }),
        wall().prop_map(Step::Rebase),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_500))]

    #[test]
    fn no_sequence_of_accepted_stamps_makes_an_unreadable_stamp(steps in prop::collection::vec(step(), 1..40)) {
        let mut clock = Hlc::new(device(0));
        let mut last: Option<Stamp> = None;
        for step in steps {
            match step {
                Step::Tick(now) => {
                    let s = clock.tick(now);
                    let json = serde_json::to_string(&s).unwrap();
                    let back: Stamp = serde_json::from_str(&json)
                        .map_err(|e| TestCaseError::fail(format!("{json}: {e}")))?;
                    prop_assert_eq!(back, s);
                    if let Some(prev) = last {
                        prop_assert!(s >= prev, "{:?} after {:?}", s, prev);
                    }
                    last = Some(s);
                }
                Step::Observe(s) => clock.observe(&s),
                // After a rebase the clock may go back, on purpose.
                Step::Rebase(limit) => {
                    clock.rebase(limit);
                    last = None;
                }
            }
            prop_assert!(clock.wall <= MAX_WALL_MS);
        }
    }
}
