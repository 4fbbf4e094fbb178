//! Property tests: the movement's period sheet adds up each unit's years
//! once, on random trees, ledgers, models and events; a period's value
//! is the sum of its years, or the last year's for a stock; importing the
//! years before the app twice changes nothing, and the template reads
//! back as written.

use domain::kinds::event::{Day, Level};
use domain::kinds::model::ModelFields;
use domain::kinds::movement::YearEntry;
use domain::kinds::outreach::OutreachKind;
use domain::movement::figures::{Figure, OverYears};
use domain::movement::import::{parse_past_years_csv, past_years_csv};
use domain::movement::period::Period;
use domain::movement::sheet::{period_sheet, ModelBelow, MovementBelow, YearFigures};
use domain::reporting::rollup::{EventBelow, EventFigures};
use domain::text::month::MonthYear;
use domain::unit::Unit;
use domain::{EventId, EventState, Hlc};
use proptest::prelude::*;
use uuid::Uuid;

mod support;
use support::*;

const CASES: u32 = 500;
const FROM: i32 = 2015;
const TO: i32 = 2018;

/// A unit's stated year: (unit, ledger, year, tips, commune police).
type RawYear = (usize, usize, i32, u64, u64);
/// A model: (unit, year begun, year stopped).
type RawModel = (usize, i32, Option<i32>);
/// An event: (unit, year, people, guns, held).
type RawEvent = (usize, i32, u64, u64, bool);

fn inputs(n: usize) -> impl Strategy<Value = (Vec<RawYear>, Vec<RawModel>, Vec<RawEvent>)> {
    let year = FROM - 1..=TO + 1;
    (
        proptest::collection::vec(
            (0..n + 1, 0..n + 1, year.clone(), 0u64..500, 0u64..50),
            0..40,
        ),
        proptest::collection::vec(
            (0..n, year.clone(), proptest::option::of(year.clone())),
            0..15,
        ),
        proptest::collection::vec((0..n + 1, year, 0u64..2_000, 0u64..5, any::<bool>()), 0..20),
    )
}

fn code(units: &[Unit], i: usize) -> String {
    units.get(i).map_or("elsewhere".into(), |u| u.code.clone())
}

/// The record that counts for a unit's year, found by walking up the
/// list of units (not the sheet's tree): its own ledger's, else the
/// nearest unit above's.
fn chosen<'a>(
    units: &[Unit],
    unit: &Unit,
    year: i32,
    all: &'a [MovementBelow],
) -> Option<&'a MovementBelow> {
    let mut at = Some(unit.code.clone());
    while let Some(c) = at {
        if let Some(m) = all
            .iter()
            .find(|m| m.unit == unit.code && m.year == year && m.ledger == c)
        {
            return Some(m);
        }
        at = units
            .iter()
            .find(|u| u.code == c)
            .and_then(|u| u.parent.clone());
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn every_row_is_its_subtree_and_the_total_is_the_rows_and_the_roots_own(
        (units, (raw_years, raw_models, raw_events)) in tree().prop_flat_map(|u| {
            let n = u.len();
            (Just(u), inputs(n))
        }),
    ) {
        // Duplicates of one unit-year in one ledger are one record there.
        let mut movements: Vec<MovementBelow> = Vec::new();
        for &(u, l, year, tips, cax) in &raw_years {
            let (unit, ledger) = (code(&units, u), code(&units, l));
            if movements.iter().any(|m| m.unit == unit && m.ledger == ledger && m.year == year) {
                continue;
            }
            movements.push(MovementBelow {
                ledger,
                unit,
                year,
                figures: [(Figure::Tips, tips), (Figure::CommunePolice, cax), (Figure::Guns, tips % 7)]
                    .into_iter()
                    .collect(),
            });
        }
        let models: Vec<ModelBelow> = raw_models
            .iter()
            .map(|&(u, since, stopped)| ModelBelow {
                unit: code(&units, u),
                model: ModelFields {
                    since: Some(MonthYear::new(since, 6).unwrap()),
                    stopped: stopped.map(|s| MonthYear::new(s.max(since), 7).unwrap()),
                    ..ModelFields::default()
                },
            })
            .collect();
        let events: Vec<EventBelow> = raw_events
            .iter()
            .enumerate()
            .map(|(n, &(u, year, people, guns, held))| EventBelow {
                event: EventId(Uuid::from_u128(n as u128 + 1)),
                unit: code(&units, u),
                figures: EventFigures {
                    started: held,
                    date: Some(Day::traditional(year).unwrap()),
                    level: Some(Level::ALL[n % 4]),
                    attendance: people,
                    outreach: [(OutreachKind::Guns, (guns, 0))].into_iter().collect(),
                    ..EventFigures::default()
                },
                accepted: false,
            })
            .collect();
        let period = Period::new(FROM, TO).unwrap();
        let root = &units[0];
        let s = period_sheet(root, &units[1..], &movements, &models, &events, period);
        prop_assert_eq!(s.rows.len(), units.len() - 1);
        // Each unit's own year, computed alone from what counts for it.
        let own = |u: &Unit, year: i32| {
            let stated: Vec<MovementBelow> = chosen(&units, u, year, &movements).into_iter().cloned().collect();
            YearFigures::of(u, year, &stated, &models, &events)
        };
        for row in &s.rows {
            for year in period.years() {
                let mut expected = YearFigures::default();
                for u in units.iter().filter(|u| within(&units, &u.code, &row.unit.code)) {
                    expected.merge(&own(u, year));
                }
                prop_assert_eq!(&row.figures.year(year), &expected, "row {} in {}", row.unit.code, year);
            }
        }
        for year in period.years() {
            prop_assert_eq!(&s.own.year(year), &own(root, year));
            let mut top = s.own.year(year);
            for row in s.rows.iter().filter(|r| r.depth == 1) {
                top.merge(&row.figures.year(year));
            }
            prop_assert_eq!(&top, &s.total.year(year));
        }
        // The period's value: the sum of the years, or the last year's.
        for f in domain::movement::figures::Figure::ALL {
            for figures in s.rows.iter().map(|r| &r.figures).chain([&s.own, &s.total]) {
                let expected = match f.spec().over_years {
                    OverYears::Sum => period.years().map(|y| figures.year(y).get(*f)).sum(),
                    OverYears::LastYear => figures.year(TO).get(*f),
                };
                prop_assert_eq!(figures.period_value(*f), expected);
            }
        }
    }

    #[test]
    fn importing_twice_changes_nothing_and_the_template_reads_back(
        raw in proptest::collection::vec((0usize..3, 1990i32..=2100, 0u64..3_000_000, 0u64..100, 0u64..5_000_000), 0..12),
    ) {
        let units: Vec<Unit> = ["164", "05842", "05836"]
            .iter()
            .map(|c| Unit {
                code: (*c).into(),
                name: format!("Đơn vị {c}"),
                level: domain::unit::UnitLevel::Xa,
                parent: None,
            })
            .collect();
        let mut years: Vec<YearEntry> = Vec::new();
        for (u, year, tips, share, grams) in raw {
            let unit = units[u].code.clone();
            if years.iter().any(|y| y.unit == unit && y.year == year) {
                continue;
            }
            years.push(YearEntry {
                unit,
                year,
                values: [
                    (Figure::Tips, tips),
                    (Figure::TipsValuable, tips * share / 100),
                    (Figure::Explosives, grams),
                ]
                .into_iter()
                .collect(),
            });
        }
        let text = past_years_csv(&years, &units);
        prop_assert_eq!(parse_past_years_csv(&text, &units), Ok(years.clone()));
        let mut ledger = EventState::ledger("164");
        let mut clock = Hlc::new(device(0));
        for r in ledger.import_past(&years, clock.tick(1_000)).unwrap() {
            ledger.apply(r).unwrap();
        }
        prop_assert_eq!(ledger.movements().count(), years.len());
        prop_assert!(ledger.import_past(&years, clock.tick(2_000)).unwrap().is_empty());
    }
}
