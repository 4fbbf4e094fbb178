//! Shared by the roll-up benchmarks (`rollup`, `period`): units of a
//! made-up province, a unit read back as its phone's member, a commune's
//! event with its records, and pushes with no quota.

#![allow(dead_code)]

use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::kinds::outreach::{Outreach, OutreachFields, OutreachKind};
use domain::rules::Standing;
use domain::unit::{Unit, UnitLevel};
use domain::{DeviceId, EventId, EventState, Hlc, Item, ItemId, Kind, NewEvent, Record};
use server::db::units::{self, Member};
use server::db::{self, Page};
use server::secrets::ServerKey;
use std::path::Path;

/// The benches load their data unbounded: they measure reads, not quotas.
pub const UNBOUNDED: db::Quota = db::Quota {
    records: u64::MAX,
    history: u64::MAX,
};

/// A small page: the benches push and read nothing back.
pub const PAGE: Page = Page {
    records: 10,
    bytes: 1 << 20,
};

/// The database a bench builds: a SQLite file in `dir` named `name`, or
/// the (empty) database `arg` names; with the server key kept in `dir`.
pub fn open(arg: Option<String>, dir: &Path, name: &str) -> (db::Db, ServerKey) {
    let location = arg.map_or_else(
        || db::Location::Sqlite(dir.join(name)),
        |a| db::Location::parse(&a),
    );
    let key = ServerKey::load_or_create(&dir.join("key")).unwrap();
    let db = db::Db::open(&location, &key).unwrap();
    (db, key)
}

/// A province `P` with `districts` districts `D…` and `communes` communes
/// `C…` spread over them, each commune with a unit below it for each of
/// `below` (its code's suffix and level): as `load_units` takes them.
pub fn province(
    districts: usize,
    communes: usize,
    below: &[(&str, UnitLevel)],
) -> Vec<(usize, Unit)> {
    let mut tree = vec![(
        0,
        Unit {
            code: "P".into(),
            name: "Tỉnh".into(),
            level: UnitLevel::Tinh,
            parent: None,
        },
    )];
    for d in 0..districts {
        tree.push((0, unit(&format!("D{d}"), UnitLevel::Huyen, "P")));
    }
    for c in 0..communes {
        let code = format!("C{c}");
        let district = format!("D{}", c % districts);
        tree.push((0, unit(&code, UnitLevel::Xa, &district)));
        for (suffix, level) in below {
            tree.push((0, unit(&format!("{code}-{suffix}"), *level, &code)));
        }
    }
    tree
}

/// The unit `code` of `level` directly below `parent`.
pub fn unit(code: &str, level: UnitLevel, parent: &str) -> Unit {
    Unit {
        code: code.into(),
        name: format!("Đơn vị {code}"),
        level,
        parent: Some(parent.into()),
    }
}

/// The unit `code` as a phone enrolled in it acts.
pub fn member(db: &db::Db, code: &str) -> Member {
    let path = db
        .call_now(|conn| Ok(units::unit(conn, code)?.unwrap().1))
        .unwrap();
    Member {
        unit: code.into(),
        path,
        level: UnitLevel::Xa,
    }
}

/// Pushes `records` into `event` with `token_hash`, as its own unit's
/// phone.
pub fn push(db: &db::Db, event: EventId, token_hash: &str, records: &[Record]) {
    db.call_now(|conn| {
        db::sync(
            conn,
            event,
            0,
            records,
            PAGE,
            UNBOUNDED,
            db::Pusher {
                token_hash,
                role: db::Role::Unit(Standing::Same),
                officer: "",
            },
        )
    })
    .unwrap();
}

/// An event held as `new` says, with `invitees` invitees, 150 at the gate
/// and 2 guns handed in.
pub fn event_records(id: EventId, device: DeviceId, new: NewEvent, invitees: usize) -> Vec<Record> {
    let mut clock = Hlc::new(device);
    let created = EventState::create(id, new, clock.tick(1_000)).unwrap();
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
