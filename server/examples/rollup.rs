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

use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::reporting::rollup::{sheet, EventBelow};
use domain::rules::Standing;
use domain::unit::{Unit, UnitLevel};
use domain::Kind;
use domain::{DeviceId, EventId, EventState, Hlc, Item, ItemId, NewEvent, Record};
use server::db::units::{self, Member};
use server::db::{self, NewAccess, Page};
use std::time::Instant;

/// The bench loads its data unbounded: it measures the roll-up, not quotas.
const UNBOUNDED: db::Quota = db::Quota {
    records: u64::MAX,
    history: u64::MAX,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let communes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let per_event: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().unwrap();
    let location = args.next().map_or_else(
        || db::Location::Sqlite(dir.path().join("rollup.sqlite")),
        |a| db::Location::parse(&a),
    );
    let key = server::secrets::ServerKey::load_or_create(&dir.path().join("key")).unwrap();
    let db = db::Db::open(&location, &key).unwrap();

    // The tree.
    let mut tree = vec![(
        0,
        Unit {
            code: "P".into(),
            name: "Tỉnh".into(),
            level: UnitLevel::Tinh,
            parent: None,
        },
    )];
    for d in 0..20 {
        tree.push((0, unit(&format!("D{d}"), UnitLevel::Huyen, "P")));
    }
    for c in 0..communes {
        let code = format!("C{c}");
        tree.push((0, unit(&code, UnitLevel::Xa, &format!("D{}", c % 20))));
        tree.push((0, unit(&format!("{code}-1"), UnitLevel::Thon, &code)));
        tree.push((0, unit(&format!("{code}-2"), UnitLevel::Thon, &code)));
        tree.push((0, unit(&format!("{code}-S"), UnitLevel::Cqdnnt, &code)));
    }
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
        let records = event_records(id, device, per_event);
        let page = Page {
            records: 10,
            bytes: 1 << 20,
        };
        db.call_now(|conn| {
            db::sync(
                conn,
                id,
                0,
                &records,
                page,
                UNBOUNDED,
                db::Pusher {
                    token_hash: &access.token_hash,
                    role: db::Role::Unit(Standing::Same),
                    officer: "",
                },
            )
        })
        .unwrap();
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
    let page = Page {
        records: 10,
        bytes: 1 << 20,
    };
    db.call_now(|conn| {
        db::sync(
            conn,
            id,
            0,
            &[tap],
            page,
            UNBOUNDED,
            db::Pusher {
                // The phone that registered the event counts its own gate.
                token_hash: &key.hash("token0"),
                role: db::Role::Unit(Standing::Same),
                officer: "",
            },
        )
    })
    .unwrap();
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

fn unit(code: &str, level: UnitLevel, parent: &str) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: Some(parent.into()),
    }
}

fn member(db: &db::Db, code: &str) -> Member {
    let path = db
        .call_now(|conn| Ok(units::unit(conn, code)?.unwrap().1))
        .unwrap();
    Member {
        unit: code.into(),
        path,
        level: UnitLevel::Xa,
    }
}

/// An event held, with `invitees` invitees, 150 at the gate and 2 guns.
fn event_records(id: EventId, device: DeviceId, invitees: usize) -> Vec<Record> {
    let mut clock = Hlc::new(device);
    let created = EventState::create(id, NewEvent::example(), clock.tick(1_000)).unwrap();
    let mut state = EventState::from_records(id, created).unwrap();
    let step = state.program()[1].id;
    let ticked = state
        .tick_step(step, true, 1_787_099_400_000, clock.tick(2_000))
        .unwrap();
    state.apply(ticked).unwrap();
    // Each record once: a push holding one twice is refused.
    let mut records: Vec<Record> = state.records().collect();
    records.push(Record::Headcount(domain::Tally::zero(device).tapped(150)));
    for i in 0..invitees {
        let stamp = clock.tick(3_000);
        let mut person = Invitee::blank(ItemId::new(3_000 + i as u64), stamp);
        person.write(
            InviteeFields {
                name: format!("Người {i}"),
                ..Default::default()
            },
            stamp,
        );
        records.push(person.into_record());
    }
    let stamp = clock.tick(4_000);
    let mut guns = Outreach::blank(ItemId::new(4_000), stamp);
    guns.write(
        OutreachFields {
            kind: OutreachKind::Guns,
            quantity: 2,
            at: 4_000,
            ..Default::default()
        },
        stamp,
    );
    records.push(guns.into_record());
    records
}
