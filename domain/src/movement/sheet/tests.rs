use super::*;
use crate::kinds::event::{Day, EventId, Level};
use crate::kinds::outreach::OutreachKind;
use crate::reporting::rollup::EventFigures;
use crate::text::month::MonthYear;
use crate::unit::UnitLevel;

fn unit(code: &str, level: UnitLevel, parent: Option<&str>) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: parent.map(Into::into),
    }
}

fn stated(ledger: &str, unit: &str, year: i32, pairs: &[(Figure, u64)]) -> MovementBelow {
    MovementBelow {
        ledger: ledger.into(),
        unit: unit.into(),
        year,
        figures: pairs.iter().copied().collect(),
    }
}

fn model(unit: &str, since: &str, stopped: Option<&str>) -> ModelBelow {
    ModelBelow {
        unit: unit.into(),
        model: ModelFields {
            name: "Tổ liên gia tự quản".into(),
            since: Some(MonthYear::parse(since).unwrap()),
            stopped: stopped.map(|s| MonthYear::parse(s).unwrap()),
            ..ModelFields::default()
        },
    }
}

fn event(unit: &str, level: Level, year: i32, people: u64, guns: u64) -> EventBelow {
    EventBelow {
        event: EventId::random(),
        unit: unit.into(),
        figures: EventFigures {
            started: true,
            level: Some(level),
            date: Some(Day::traditional(year).unwrap()),
            attendance: people,
            outreach: [(OutreachKind::Guns, (guns, 0))].into_iter().collect(),
            ..EventFigures::default()
        },
        accepted: false,
    }
}

/// Seed 004's district, 2015–2020: its own figures and two communes'
/// imported by the district, adding up to the figures its review states.
#[test]
fn seed_004s_five_years_add_up_to_its_review() {
    use Figure::*;
    let district = unit("164", UnitLevel::Huyen, None);
    let communes = vec![
        unit("05842", UnitLevel::Xa, Some("164")),
        unit("05836", UnitLevel::Xa, Some("164")),
    ];
    let period = Period::parse("2015-2020").unwrap();
    let mut movements = Vec::new();
    for (i, year) in period.years().enumerate() {
        let last = year == 2020;
        // 2015 carries the remainders, so the six years sum to the review.
        let share = |total: u64| total / 6 + if i == 0 { total % 6 } else { 0 };
        movements.push(stated(
            "164",
            "164",
            year,
            &[
                (Documents, share(18)),
                (XdptOfficers, if last { 10 } else { 9 }),
            ],
        ));
        for (c, code) in ["05842", "05836"].into_iter().enumerate() {
            let half = |total: u64| {
                let s = share(total);
                if c == 0 {
                    s / 2 + s % 2
                } else {
                    s / 2
                }
            };
            movements.push(stated(
                "164",
                code,
                year,
                &[
                    (Tips, half(1_753)),
                    (TipsValuable, half(986)),
                    (TipsCleared, half(387)),
                    (TipsArrests, half(927)),
                    (ComplexAreas, half(22)),
                    (ComplexProposed, half(22)),
                    (Conflicts, half(284)),
                    (ConflictsSettled, half(284)),
                    (Reintegration, half(410)),
                    (ReintegrationHelped, half(410)),
                    (NotReoffending, half(403)),
                    (PropagandaSessions, half(185)),
                    (PropagandaPeople, half(42_250)),
                    (CommunePolice, 168),
                    (Guns, half(190)),
                ],
            ));
        }
    }
    // Seven models built in the period, one stopped in 2019: six remain.
    let models: Vec<ModelBelow> = [
        ("05842", "2015-03", None),
        ("05842", "2016-11", Some("2019-06")),
        ("05842", "2017-01", None),
        ("05836", "2018-05", None),
        ("05836", "2019-09", None),
        ("164", "2020-01", None),
        ("164", "2020-08", None),
    ]
    .into_iter()
    .map(|(u, since, stopped)| model(u, since, stopped))
    .collect();
    // Five district-level days with 1,534 people; five guns handed in.
    let events: Vec<EventBelow> = (0..5)
        .map(|i| {
            event(
                "164",
                Level::Huyen,
                2016 + i,
                if i == 0 { 310 } else { 306 },
                1,
            )
        })
        .collect();
    let sheet = period_sheet(&district, &communes, &movements, &models, &events, period);
    let t = &sheet.total;
    for (figure, review) in [
        (Tips, 1_753),
        (TipsValuable, 986),
        (TipsCleared, 387),
        (TipsArrests, 927),
        (ComplexAreas, 22),
        (ComplexProposed, 22),
        (Conflicts, 284),
        (ConflictsSettled, 284),
        (ReintegrationHelped, 410),
        (NotReoffending, 403),
        (Documents, 18),
        (PropagandaSessions, 185),
        (PropagandaPeople, 42_250),
        (ModelsExisting, 6),
        (ModelsBuilt, 7),
        (CommunePolice, 336),
        (XdptOfficers, 10),
        (EventsHuyen, 5),
        (PeopleHuyen, 1_534),
        (Guns, 195),
    ] {
        assert_eq!(t.period_value(figure), review, "{figure:?}");
    }
    // The district's own figures apart; each commune's row its own.
    assert_eq!(sheet.own.period_value(Documents), 18);
    assert_eq!(sheet.own.period_value(EventsHuyen), 5);
    assert_eq!(sheet.rows.len(), 2);
    let by_code = |c: &str| sheet.rows.iter().find(|r| r.unit.code == c).unwrap();
    assert_eq!(by_code("05836").figures.period_value(CommunePolice), 168);
    assert_eq!(by_code("05842").figures.period_value(ModelsExisting), 2);
    // Every part within its whole, and each year's stock as it stood.
    assert_eq!(t.year(2018).get(ModelsExisting), 4);
    assert_eq!(t.year(2019).get(ModelsExisting), 4);
    let chart = sheet.chart(Tips);
    assert!(chart.svg.contains("Tổng số tin, giai đoạn 2015–2020"));
    assert!(chart.svg.contains("Năm 2020"));
}

#[test]
fn a_units_own_ledger_wins_over_what_the_level_above_imported() {
    let province = unit("19", UnitLevel::Tinh, None);
    let units = vec![
        unit("164", UnitLevel::Huyen, Some("19")),
        unit("05842", UnitLevel::Xa, Some("164")),
        unit("05836", UnitLevel::Xa, Some("19")),
    ];
    let period = Period::parse("2019-2020").unwrap();
    let movements = vec![
        // The province imported the commune's years; the district did
        // too (nearer); the commune typed 2020 itself.
        stated("19", "05842", 2019, &[(Figure::Tips, 1)]),
        stated("164", "05842", 2019, &[(Figure::Tips, 2)]),
        stated("164", "05842", 2020, &[(Figure::Tips, 3)]),
        stated("05842", "05842", 2020, &[(Figure::Tips, 4)]),
        // A sibling's import of a unit not below it counts nowhere.
        stated("05836", "05842", 2019, &[(Figure::Tips, 100)]),
        // A unit not in the tree counts nowhere.
        stated("19", "99999", 2019, &[(Figure::Tips, 100)]),
    ];
    let s = period_sheet(&province, &units, &movements, &[], &[], period);
    assert_eq!(s.total.year(2019).get(Figure::Tips), 2);
    assert_eq!(s.total.year(2020).get(Figure::Tips), 4);
    assert_eq!(s.total.period_value(Figure::Tips), 6);
    // The same choice for one unit's year alone, from its own ledger.
    let commune = &units[1];
    let y = YearFigures::of(commune, 2020, &movements, &[], &[]);
    assert_eq!(y.get(Figure::Tips), 4);
    // The district's row holds the commune's; reporting rows skip none here.
    assert_eq!(s.reporting_rows().count(), 3);
}

#[test]
fn events_count_in_their_year_at_their_level_with_their_hand_ins() {
    let commune = unit("05842", UnitLevel::Xa, None);
    let events = vec![
        event("05842", Level::Xa, 2024, 150, 2),
        event("05842", Level::Thon, 2024, 40, 0),
        event("05842", Level::Xa, 2023, 999, 9),
    ];
    let movements = vec![stated("05842", "05842", 2024, &[(Figure::Guns, 3)])];
    let y = YearFigures::of(&commune, 2024, &movements, &[], &events);
    assert_eq!(y.get(Figure::EventsXa), 1);
    assert_eq!(y.get(Figure::PeopleXa), 150);
    assert_eq!(y.get(Figure::EventsThon), 1);
    assert_eq!(y.get(Figure::Guns), 5);
    let mut not_held = event("05842", Level::Xa, 2024, 1, 1);
    not_held.figures.started = false;
    let y = YearFigures::of(&commune, 2024, &[], &[], &[not_held]);
    assert_eq!(y, YearFigures::default());
}
