//! Benchmark: the movement's period answer over a province.
//!
//!   cargo run --profile server -p server --example period -- [communes] [years] [database]
//!
//! Builds, in a temporary SQLite file, a province of `communes` communes
//! (default 100) under 5 districts, each commune with two hamlets; each
//! commune's ledger holds `years` years (default 10, from 2015) with every
//! typed figure of seed 004's two tables, and 4 models (one stopped); each
//! commune holds two events (2017 and 2022) of 50 invitees and a gun
//! hand-in. Then times the period answer for 2015 to the last year, for
//! the province and for a district (the reads and the JSON the server
//! writes; median of 9 runs after a first one that computes the events'
//! figures), and the sheet the app computes from it. With a third
//! argument, the database is that (empty) PostgreSQL database.

mod support;

use domain::kinds::model::{Model, ModelFields};
use domain::kinds::movement::Source;
use domain::movement::figures::Figure;
use domain::movement::period::Period;
use domain::protocol::PeriodData;
use domain::text::month::MonthYear;
use domain::unit::UnitLevel;
use domain::{Day, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use server::db::units::{self, Member};
use server::db::{self, NewAccess};
use std::collections::BTreeMap;
use std::time::Instant;
use support::{event_records, member, push};

const RUNS: usize = 9;

fn main() {
    let mut args = std::env::args().skip(1);
    let communes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let years: i32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = support::open(args.next(), dir.path(), "period.sqlite");
    let tree = support::province(
        5,
        communes,
        &[("1", UnitLevel::Thon), ("2", UnitLevel::Thon)],
    );
    db.call_now(|conn| units::load_units(conn, &tree)).unwrap();

    let started = Instant::now();
    let (mut movements, mut models) = (0, 0);
    for c in 0..communes {
        let code = format!("C{c}");
        let member = member(&db, &code);
        // The commune's phone, enrolled on the operator's code, opens its
        // ledger.
        let token_hash = key.hash(&format!("unit-token{c}"));
        let code_hash = key.hash(&format!("sign-in{c}"));
        db.call_now(|conn| {
            units::operator_issue_code(conn, &code, &code_hash)?;
            units::enrol(conn, &code_hash, &token_hash, DeviceId::random())
        })
        .unwrap();
        let ledger = EventId::ledger(&code);
        db.call_now(|conn| db::ledger::open_ledger(conn, &member, &token_hash, ledger))
            .unwrap();
        let records = ledger_records(&code, years);
        movements += records
            .iter()
            .filter(|r| matches!(r, Record::Movement(_)))
            .count();
        models += records
            .iter()
            .filter(|r| matches!(r, Record::Model(_)))
            .count();
        push(&db, ledger, &token_hash, &records);
        for (e, year) in [2017, 2022].into_iter().enumerate() {
            let (id, claim) = EventId::new_claimed();
            let device = DeviceId::random();
            let access = NewAccess {
                event: id,
                device,
                code_hash: key.hash(&format!("code{c}-{e}")),
                token_hash: key.hash(&format!("token{c}-{e}")),
            };
            db.call_now(|conn| {
                db::register_event(conn, &access, &key.hash(&claim), Some(&code), None)
            })
            .unwrap();
            let new = NewEvent {
                date: Day::parse(&format!("{year}-08-19")).unwrap(),
                ..NewEvent::example()
            };
            push(
                &db,
                id,
                &access.token_hash,
                &event_records(id, device, new, 50),
            );
        }
    }
    println!(
        "ledgers: {communes} × ({} years + 4 models) = {movements} years and {models} models, \
         {} events, stored in {:.1} s",
        years,
        communes * 2,
        started.elapsed().as_secs_f64()
    );

    let period = Period::new(2015, 2015 + years - 1).unwrap();
    let province = member(&db, "P");
    let district = member(&db, "D0");
    let answer = |m: &Member| -> (PeriodData, usize, f64) {
        let started = Instant::now();
        let data = db
            .call_now(|conn| {
                let (unit, _) = units::unit(conn, &m.unit)?.unwrap();
                let (movements, models) = db::ledger::ledgers_below(conn, &m.path, period)?;
                Ok(PeriodData {
                    unit,
                    period,
                    generated_at: db::now_ms(),
                    units: db::rollup::units_below(conn, m)?,
                    movements,
                    models,
                    events: db::rollup::events_in(conn, m, period)?,
                    reviews: db::ledger::reviews_below(conn, &m.path, period)?,
                })
            })
            .unwrap();
        let bytes = serde_json::to_string(&data).unwrap().len();
        (data, bytes, started.elapsed().as_secs_f64() * 1000.0)
    };
    let (_, _, first) = answer(&province);
    println!("province, first request (events' figures computed): {first:.1} ms");
    for (label, m) in [("province", &province), ("district", &district)] {
        let mut times = Vec::with_capacity(RUNS);
        let mut last = None;
        for _ in 0..RUNS {
            let (data, bytes, ms) = answer(m);
            times.push(ms);
            last = Some((data, bytes));
        }
        times.sort_by(f64::total_cmp);
        let (data, bytes) = last.unwrap();
        println!(
            "{label}, {}: {} units, {} years, {} models, {} events, answer {} KB, \
             median {:.1} ms (min {:.1}, max {:.1})",
            period.label_vi(),
            data.units.len(),
            data.movements.len(),
            data.models.len(),
            data.events.len(),
            bytes / 1024,
            times[RUNS / 2],
            times[0],
            times[RUNS - 1]
        );
        let started = Instant::now();
        let sheet = data.sheet();
        println!(
            "  sheet: {} rows, {} tips over the period, built in {:.1} ms",
            sheet.rows.len(),
            sheet.total.period_value(Figure::Tips),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// A commune's ledger: `years` years from 2015, every typed figure given
/// (each part within its whole), and 4 models.
fn ledger_records(code: &str, years: i32) -> Vec<Record> {
    let mut clock = Hlc::new(DeviceId::random());
    let mut state = EventState::ledger(code);
    let mut records = Vec::new();
    for year in 2015..2015 + years {
        let mut values: BTreeMap<Figure, u64> = Figure::ALL
            .iter()
            .filter(|f| f.is_entered())
            .enumerate()
            .map(|(i, f)| (*f, 20 + (i as u64 * 7 + year as u64) % 90))
            .collect();
        for (part, whole) in domain::rules::movement::PARTS {
            let w = values[&whole];
            values.entry(part).and_modify(|p| *p = (*p).min(w));
        }
        for r in state
            .save_movement(code, year, &values, Source::Entered, clock.tick(1_000))
            .unwrap()
        {
            state.apply(r.clone()).unwrap();
            records.push(r);
        }
    }
    for (m, since) in [(2012, 3), (2016, 5), (2019, 1), (2021, 9)]
        .into_iter()
        .enumerate()
    {
        let fields = ModelFields {
            name: format!("Mô hình {m} của {code}"),
            since: Some(MonthYear::new(since.0, since.1).unwrap()),
            stopped: (m == 1).then(|| MonthYear::new(2020, 6).unwrap()),
            households: 30 + m as u64,
            people: 120 + m as u64,
            ..Default::default()
        };
        let r = state
            .save::<Model>(None, fields, clock.tick(2_000))
            .unwrap();
        state.apply(r.clone()).unwrap();
        records.push(r);
    }
    records
}
