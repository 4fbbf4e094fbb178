use super::*;
use crate::unit::UnitLevel;

pub(crate) fn unit(code: &str, level: UnitLevel, parent: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: parent.map(Into::into),
    }
}

pub(crate) fn figures(people: u64, guns: u64, held: bool) -> EventFigures {
    EventFigures {
        started: held,
        attendance: people,
        outreach: [(OutreachKind::Guns, (guns, 0))].into_iter().collect(),
        ..Default::default()
    }
}

pub(crate) fn below(unit: &str, f: EventFigures, accepted: bool) -> EventBelow {
    EventBelow {
        event: EventId::random(),
        unit: unit.into(),
        figures: f,
        accepted,
    }
}

/// An event held, as phones make it: created at `level`, its first
/// step ticked, 40 people at the gate.
fn held_at(level: Level) -> EventState {
    use crate::kinds::event::NewEvent;
    use crate::merge::clock::{DeviceId, Hlc};
    let id = EventId::random();
    let mut clock = Hlc::new(DeviceId::random());
    let new = NewEvent {
        level,
        ..NewEvent::example()
    };
    let records = EventState::create(id, new, clock.tick(1_787_099_400_000)).unwrap();
    let mut state = EventState::from_records(id, records).unwrap();
    let first = state.program()[0].id;
    let tick = state
        .tick_step(
            first,
            true,
            1_787_099_500_000,
            clock.tick(1_787_099_500_000),
        )
        .unwrap();
    state.apply(tick).unwrap();
    let tap = state.tap(clock.device, 40);
    state.apply(tap).unwrap();
    state
}

#[test]
fn an_event_counts_at_the_level_it_states_not_at_its_units() {
    let district = unit("164", UnitLevel::Huyen, None);
    let commune = unit("05842", UnitLevel::Xa, Some("164"));
    // The commune's own day, and a hamlet's day its phone also holds.
    let own = EventFigures::of(&held_at(Level::Xa)).unwrap();
    let hamlet = EventFigures::of(&held_at(Level::Thon)).unwrap();
    let events = [below("05842", own, true), below("05842", hamlet, true)];
    let s = sheet(&district, &[commune], &events, false);
    let row = &s.rows[0].totals;
    assert_eq!(row.by_level.get(&Level::Xa), Some(&(1, 40)));
    assert_eq!(row.by_level.get(&Level::Thon), Some(&(1, 40)));
    assert_eq!(s.total.events(), 2);
}

#[test]
fn figures_stored_before_they_carried_a_level_count_at_their_units() {
    let mut f = EventFigures::of(&held_at(Level::Thon)).unwrap();
    f.level = None;
    let json = serde_json::to_string(&f).unwrap();
    assert!(!json.contains("\"level\""));
    let read: EventFigures = serde_json::from_str(&json).unwrap();
    assert_eq!(read, f);
    let district = unit("164", UnitLevel::Huyen, None);
    let commune = unit("05842", UnitLevel::Xa, Some("164"));
    let s = sheet(&district, &[commune], &[below("05842", read, true)], false);
    assert_eq!(s.total.by_level.get(&Level::Xa), Some(&(1, 40)));
}

#[test]
fn each_event_counts_once_in_its_own_units_level_with_subtotals() {
    let province = unit("19", UnitLevel::Tinh, None);
    let units = vec![
        unit("164", UnitLevel::Huyen, Some("19")),
        unit("05842", UnitLevel::Xa, Some("164")),
        unit("05842-01", UnitLevel::Thon, Some("05842")),
        unit("05836", UnitLevel::Xa, Some("19")),
        unit("99001", UnitLevel::Xa, Some("99")),
    ];
    let events = vec![
        below("164", figures(1_534, 0, true), true),
        below("05842", figures(150, 2, true), false),
        below("05842-01", figures(80, 1, true), true),
        below("05836", figures(120, 3, true), true),
        // Not held: not counted.
        below("05836", figures(0, 0, false), true),
        // Another province's commune: not below, not counted.
        below("99001", figures(999, 9, true), true),
    ];
    let s = sheet(&province, &units, &events, false);
    let codes: Vec<&str> = s.rows.iter().map(|r| r.unit.code.as_str()).collect();
    assert_eq!(codes, ["05836", "164", "05842", "05842-01"]);
    let district = &s.rows[1];
    assert!(district.subtotal);
    assert_eq!(district.totals.by_level[&Level::Huyen], (1, 1_534));
    assert_eq!(district.totals.by_level[&Level::Xa], (1, 150));
    assert_eq!(district.totals.by_level[&Level::Thon], (1, 80));
    assert_eq!(s.total.events(), 4);
    assert_eq!(s.total.people(), 1_534 + 150 + 80 + 120);
    assert_eq!(s.total.outreach[&OutreachKind::Guns], (6, 0));
    assert_eq!(
        s.people_below(),
        [
            ("Đơn vị 05836".to_string(), 120),
            ("Đơn vị 164".to_string(), 1_534 + 150 + 80)
        ]
    );
    // Accepted reports only: the district's commune's own falls out.
    let accepted = sheet(&province, &units, &events, true);
    assert_eq!(accepted.total.events(), 3);
    assert_eq!(accepted.total.by_level.get(&Level::Xa), Some(&(1, 120)));
}
