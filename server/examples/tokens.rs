//! Benchmark: one push of many gate tallies into an event of a server
//! holding many tokens, with and without the indexes a push looks tokens
//! up by (SQLite's schema 8 added them; schema 7 lacked them).
//!
//!   cargo run --profile server -p server --example tokens -- [tokens] [tallies]
//!
//! Shares `tokens / 10` events in a temporary SQLite file, each with nine
//! phones joined (default 30,000 tokens in all), then times one push of
//! `tallies` gate tallies of other phones (default 10,000) into one event:
//! first with the two indexes dropped (as before schema 8), then with them.

use domain::{DeviceId, EventId, EventState};
use server::db::{self, NewAccess, Page};
use std::time::Instant;

const UNBOUNDED: db::Quota = db::Quota {
    records: u64::MAX,
    history: u64::MAX,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let tokens: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let tallies: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let location = db::Location::Sqlite(dir.path().join("tokens.sqlite"));
    let key = server::secrets::ServerKey::load_or_create(&dir.path().join("key")).unwrap();
    let db = db::Db::open(&location, &key).unwrap();

    let started = Instant::now();
    let mut events = Vec::new();
    for e in 0..tokens / 10 {
        let (id, claim) = EventId::new_claimed();
        let creator = DeviceId::random();
        let access = NewAccess {
            event: id,
            device: creator,
            code_hash: key.hash(&format!("code{e}")),
            token_hash: key.hash(&format!("token{e}")),
        };
        db.call_now(|conn| db::register_event(conn, &access, &key.hash(&claim), None, None))
            .unwrap();
        for j in 0..9 {
            let joined = NewAccess {
                event: EventId(uuid::Uuid::nil()),
                device: DeviceId::random(),
                code_hash: String::new(),
                token_hash: key.hash(&format!("token{e}-{j}")),
            };
            db.call_now(|conn| db::join(conn, &key.hash(&format!("code{e}")), joined))
                .unwrap();
        }
        events.push((id, creator, key.hash(&format!("token{e}"))));
    }
    println!(
        "{} events, {} tokens in {:.1} s",
        events.len(),
        events.len() * 10,
        started.elapsed().as_secs_f64()
    );

    let push = |(id, creator, token): &(EventId, DeviceId, String)| {
        let state = EventState::empty(*id);
        let records: Vec<_> = (0..tallies)
            .map(|_| state.tap(DeviceId::random(), 1))
            .chain(std::iter::once(state.tap(*creator, 1)))
            .collect();
        let started = Instant::now();
        db.call_now(|conn| {
            db::sync(
                conn,
                *id,
                0,
                &records,
                Page {
                    records: 10,
                    bytes: 1 << 20,
                },
                UNBOUNDED,
                db::Pusher {
                    token_hash: token,
                    role: db::Role::Creator,
                    officer: "",
                },
            )
        })
        .unwrap();
        started.elapsed().as_secs_f64()
    };
    let index = |sql: &'static str| {
        db.call_now(|conn| conn.batch(sql)).unwrap();
    };
    index("DROP INDEX tokens_by_event; DROP INDEX unit_tokens_by_device;");
    let before = push(&events[0]);
    println!("push of {tallies} tallies without the indexes (schema 7): {before:.2} s");
    index(
        "CREATE INDEX tokens_by_event ON tokens (event_id, device);
         CREATE INDEX unit_tokens_by_device ON unit_tokens (device);",
    );
    let after = push(&events[1]);
    println!("push of {tallies} tallies with the indexes (schema 8): {after:.2} s");
}
