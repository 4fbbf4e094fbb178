use super::*;
use crate::kinds::{Kind, Record};
use crate::merge::clock::{DeviceId, Hlc};
use crate::state::EventState;

fn clock(n: u128) -> Hlc {
    Hlc::new(DeviceId(Uuid::from_u128(n)))
}

fn values(pairs: &[(Figure, u64)]) -> BTreeMap<Figure, u64> {
    pairs.iter().copied().collect()
}

fn saved(state: &EventState, pairs: &[(Figure, u64)], stamp: Stamp) -> Movement {
    let records = state
        .save_movement("05836", 2020, &values(pairs), Source::Entered, stamp)
        .unwrap();
    Movement::from_record(&records[0]).unwrap().clone()
}

#[test]
fn two_phones_entering_the_same_year_make_one_record_and_keep_both_figures() {
    let ledger = EventState::ledger("05836");
    let (mut a, mut b) = (clock(1), clock(2));
    let from_a = saved(&ledger, &[(Figure::Tips, 100)], a.tick(1_000));
    let from_b = saved(&ledger, &[(Figure::Documents, 3)], b.tick(1_000));
    assert_eq!(from_a.id, from_b.id);
    assert_eq!(from_a.id, movement_id("05836", 2020));
    assert_ne!(from_a.id, movement_id("05836", 2021));
    let mut merged = from_a.clone();
    merged.merge(&from_b);
    let mut other_way = from_b.clone();
    other_way.merge(&from_a);
    assert_eq!(merged, other_way);
    assert_eq!(
        merged.values(),
        values(&[(Figure::Documents, 3), (Figure::Tips, 100)])
    );
}

#[test]
fn saving_restamps_only_the_figures_that_changed() {
    let mut ledger = EventState::ledger("05836");
    let mut c = clock(1);
    let first = saved(
        &ledger,
        &[(Figure::Tips, 100), (Figure::TipsValuable, 60)],
        c.tick(1_000),
    );
    ledger.apply(first.clone().into_record()).unwrap();
    // The same values: nothing to write.
    let again = ledger
        .save_movement(
            "05836",
            2020,
            &values(&[(Figure::Tips, 100), (Figure::TipsValuable, 60)]),
            Source::Entered,
            c.tick(2_000),
        )
        .unwrap();
    assert!(again.is_empty());
    // One figure changed: only its register is restamped.
    let later = c.tick(3_000);
    let second = saved(
        &ledger,
        &[(Figure::Tips, 120), (Figure::TipsValuable, 60)],
        later,
    );
    assert_eq!(second.figures[&Figure::Tips].stamp, later);
    assert_eq!(
        second.figures[&Figure::TipsValuable].stamp,
        first.figures[&Figure::TipsValuable].stamp
    );
    // The source did not change: its register stays as written.
    assert_eq!(second.source.stamp, first.source.stamp);
}

#[test]
fn a_save_the_rule_book_refuses_writes_nothing() {
    let ledger = EventState::ledger("05836");
    let refused = ledger.save_movement(
        "05836",
        2020,
        &values(&[(Figure::Tips, 100), (Figure::TipsValuable, 120)]),
        Source::Entered,
        clock(1).tick(1),
    );
    assert_eq!(
        refused.unwrap_err().message_vi(),
        "Tin có giá trị (120) lớn hơn Tổng số tin (100)."
    );
    let computed = ledger.save_movement(
        "05836",
        2020,
        &values(&[(Figure::EventsXa, 3)]),
        Source::Entered,
        clock(1).tick(1),
    );
    assert!(computed.is_err());
    assert!(ledger
        .save_movement(
            "x y",
            2020,
            &BTreeMap::new(),
            Source::Entered,
            clock(1).tick(1)
        )
        .is_err());
}

#[test]
fn figures_are_stored_beside_the_fields_by_key_and_read_strictly() {
    let ledger = EventState::ledger("05836");
    let m = saved(&ledger, &[(Figure::Explosives, 1_500)], clock(1).tick(7));
    let json = serde_json::to_value(m.clone().into_record()).unwrap();
    let fields = &json["movement"];
    assert_eq!(fields["unit"], "05836");
    assert_eq!(fields["year"], 2020);
    assert_eq!(fields["explosives"][0], 1_500);
    assert_eq!(fields["source"][0], "entered");
    let read: Record = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(read, m.clone().into_record());
    // A key no figure has is refused; a computed figure reads but does not
    // pass the model's limits.
    let mut unknown = json.clone();
    unknown["movement"]["colour"] = serde_json::json!([1, [7, 0, Uuid::from_u128(1)]]);
    assert!(serde_json::from_value::<Record>(unknown).is_err());
    let mut computed = json.clone();
    computed["movement"]["events_xa"] = computed["movement"]["explosives"].clone();
    let computed: Record = serde_json::from_value(computed).unwrap();
    assert!(computed.validate().is_err());
    assert_eq!(m.into_record().min_version(), 3);
}

#[test]
fn a_part_over_its_whole_from_two_phones_merges_and_waits_for_a_correction() {
    let ledger = EventState::ledger("05836");
    let (mut a, mut b) = (clock(1), clock(2));
    let both = saved(
        &ledger,
        &[(Figure::Tips, 100), (Figure::TipsValuable, 90)],
        a.tick(1),
    );
    // Phone b has not seen a's save: it lowers the whole alone.
    let lowered = saved(&ledger, &[(Figure::Tips, 50)], b.tick(2));
    let mut merged = both.clone();
    merged.merge(&lowered);
    assert_eq!(merged.values()[&Figure::Tips], 50);
    // Written by two phones: stored and passed on as it stands.
    assert!(merged.check().is_ok());
    // Written by one: refused.
    let mut forged = merged.clone();
    forged
        .figures
        .get_mut(&Figure::TipsValuable)
        .unwrap()
        .stamp
        .device = b.device;
    assert!(forged.check().is_err());
}

#[test]
fn a_removed_year_comes_back_when_saved_again() {
    let mut ledger = EventState::ledger("05836");
    let mut c = clock(1);
    let m = saved(&ledger, &[(Figure::Tips, 10)], c.tick(1));
    ledger.apply(m.into_record()).unwrap();
    let removed = ledger.remove_movement("05836", 2020, c.tick(2)).unwrap();
    ledger.apply(removed).unwrap();
    assert_eq!(ledger.movements().count(), 0);
    let back = ledger
        .save_movement(
            "05836",
            2020,
            &values(&[(Figure::Tips, 10)]),
            Source::Entered,
            c.tick(3),
        )
        .unwrap();
    ledger.apply(back[0].clone()).unwrap();
    assert_eq!(ledger.movements().count(), 1);
}
