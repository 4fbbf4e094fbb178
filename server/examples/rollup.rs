//! Benchmark: the level above's dashboard over a big province.
//!
//!   cargo run --profile server -p server --example rollup -- [communes] [records per event] [database]
//!
//! Builds, in a temporary SQLite file, a province of `communes` communes
//! (default 1,000) under 20 districts, each commune with two hamlets and a
//! school, and one event per commune holding `records` invitees (default
//! 2,000) with a gate count and a gun hand-in; then times the dashboard's
//! query for the province and for a district: the first request (every
//! event's figures computed once), then the steady state (figures kept,
//! nothing changed), then after one commune's change. Also times building
//! the sheet from the answer (what the app does) and prints the answer's
//! size and the process's peak memory. With a third argument, the database
//! is kept there (a SQLite path, for the browser benchmark
//! end2end/bench/dashboard.mjs), or is that (empty) PostgreSQL database.

mod support;

use domain::reporting::rollup::{sheet, EventBelow};
use domain::unit::UnitLevel;
use domain::{DeviceId, EventId, NewEvent, Record};
use server::db::units::{self, Member};
use server::db::{self, NewAccess};
use std::time::Instant;
use support::{event_records, member, push};

fn main() {
    let mut args = std::env::args().skip(1);
    let communes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let per_event: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().unwrap();
    let (db, key) = support::open(args.next(), dir.path(), "rollup.sqlite");
    // The tree.
    let tree = support::province(
        20,
        communes,
        &[
            ("1", UnitLevel::Thon),
            ("2", UnitLevel::Thon),
            ("S", UnitLevel::Cqdnnt),
        ],
    );
    let started = Instant::now();
    db.call_now(|conn| units::load_units(conn, &tree)).unwrap();
    println!(
        "units: {} loaded in {:.1} s",
        tree.len(),
        started.elapsed().as_secs_f64()
    );

    // One event per commune.
    let started = Instant::now();
    let mut ids = Vec::new();
    for c in 0..communes {
        let (id, claim) = EventId::new_claimed();
        let device = DeviceId::random();
        let access = NewAccess {
            event: id,
            device,
            code_hash: key.hash(&format!("code{c}")),
            token_hash: key.hash(&format!("token{c}")),
        };
        let unit = format!("C{c}");
        db.call_now(|conn| db::register_event(conn, &access, &key.hash(&claim), Some(&unit), None))
            .unwrap();
        let records = event_records(id, device, NewEvent::example(), per_event);
        push(&db, id, &access.token_hash, &records);
        ids.push((id, device));
    }
    println!(
        "events: {communes} × {} records stored in {:.1} s",
        per_event + 14,
        started.elapsed().as_secs_f64()
    );

    let province = member(&db, "P");
    let district = member(&db, "D0");
    let time = |label: &str, m: &Member| {
        let started = Instant::now();
        let (below, events) = db
            .call_now(|conn| {
                Ok((
                    db::rollup::units_below(conn, m)?,
                    db::rollup::events_below(conn, m, 2026)?,
                ))
            })
            .unwrap();
        let answer = serde_json::to_string(&events).unwrap();
        let took = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{label}: {} units, {} events, answer {} KB, {took:.1} ms",
            below.len(),
            events.len(),
            answer.len() / 1024
        );
        (below, events)
    };
    time("province, first request (figures computed)", &province);
    time("province, steady", &province);
    let (below, events) = time("province, steady again", &province);
    time("district, steady", &district);
    // One commune counts more people: only its event is computed again.
    let (id, device) = ids[0];
    let tap = Record::Headcount(domain::Tally::zero(device).tapped(7));
    // The phone that registered the event counts its own gate.
    push(&db, id, &key.hash("token0"), &[tap]);
    time("province, after one change", &province);

    let root = &tree[0].1;
    let list: Vec<EventBelow> = events
        .iter()
        .map(|e| EventBelow {
            event: e.event,
            unit: e.unit.clone(),
            figures: e.figures.clone(),
            accepted: false,
        })
        .collect();
    let started = Instant::now();
    let s = sheet(root, &below, &list, false);
    println!(
        "sheet: {} rows, {} events, {} people, built in {:.1} ms",
        s.rows.len(),
        s.total.events(),
        s.total.people(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(peak) = status.lines().find(|l| l.starts_with("VmHWM")) {
        println!("peak memory: {}", peak.trim_start_matches("VmHWM:").trim());
    }
}
