//! Several server processes on one database (PostgreSQL behind a load
//! balancer) give phones the same answers as one: pushes through either
//! are counted exactly, sequence numbers stay unique and in order, and the
//! rate limits count every process's requests together.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::Kind;
use domain::{Bundle, DeviceId, Item, ItemId, Record};
use serde_json::json;
use std::sync::Arc;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn phones_pushing_through_two_processes_at_once_converge_with_exact_counts() {
    let one = Arc::new(Server::new());
    let two = Arc::new(one.twin());
    let (mut creator, code) = register(&one).await;
    let all: Vec<Record> = creator.state.records().collect();
    assert_eq!(creator.sync(&one, all).await.0, StatusCode::OK);

    let mut tasks = Vec::new();
    for n in 0..8u64 {
        let mut phone = join(if n % 2 == 0 { &one } else { &two }, &code).await;
        let (one, two) = (one.clone(), two.clone());
        tasks.push(tokio::spawn(async move {
            let mut tapped = 0;
            for round in 0..15u64 {
                let taps = 1 + (n + round) % 3;
                tapped += taps;
                let tally = phone.state.tap(phone.device(), taps as i64);
                // Each round through the other process.
                let server = if (n + round) % 2 == 0 { &one } else { &two };
                let (status, res) = phone.sync(server, vec![tally]).await;
                assert_eq!(status, StatusCode::OK, "{res}");
            }
            (phone, tapped)
        }));
    }
    let mut phones = Vec::new();
    let mut expected = 0;
    for task in tasks {
        let (phone, tapped) = task.await.unwrap();
        expected += tapped;
        phones.push(phone);
    }
    creator.pull_all(&two).await;
    assert_eq!(creator.state.headcount(), expected);
    for phone in &mut phones {
        phone.pull_all(&one).await;
        assert_eq!(phone.state, creator.state);
    }
    // A phone reading from scratch through either process reads the same.
    let mut late = join(&two, &code).await;
    late.pull_all(&two).await;
    assert_eq!(late.state, creator.state);
    let mut later = join(&one, &code).await;
    later.pull_all(&one).await;
    assert_eq!(later.state, creator.state);
    assert_eq!(
        one.number("SELECT COUNT(*) - COUNT(DISTINCT seq) FROM records"),
        0,
        "every change has its own sequence number"
    );
    assert_eq!(
        one.number("SELECT MAX(seq) FROM records"),
        one.number("SELECT MAX(seq) FROM events"),
        "the event's sequence is its records' last"
    );
}

#[tokio::test]
async fn the_join_limit_counts_every_processs_attempts_together() {
    if std::env::var("NGAYHOI_TEST_POSTGRES").is_err() {
        eprintln!("one process on SQLite: its limits are its own (tested in hardening.rs)");
        return;
    }
    let one = Server::with(|c| c.limits.joins_per_minute = 6);
    let two = one.twin();
    let body = json!({ "code": "ABCD-EFGH", "device": DeviceId::random() }).to_string();
    let mut statuses = Vec::new();
    for attempt in 0..8 {
        let server = if attempt % 2 == 0 { &one } else { &two };
        let req = Request::post("/api/join").header("content-type", "application/json");
        statuses.push(
            server
                .send(req.body(Body::from(body.clone())).unwrap())
                .await
                .0,
        );
    }
    // Six wrong codes across both processes, then refused by either.
    assert_eq!(statuses[..6], [StatusCode::NOT_FOUND; 6]);
    assert_eq!(statuses[6..], [StatusCode::TOO_MANY_REQUESTS; 2]);
    // The table holds the code's keyed hash, never the code.
    let keys = one.texts("SELECT key FROM rate_limits");
    assert!(keys.iter().any(|k| k.starts_with("join-code/")), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("ABCD")), "{keys:?}");
    // Tidying forgets only keys whose time has passed: these still count.
    let forgotten = one
        .db()
        .call_now(|conn| server::db::rate::forget_idle(conn))
        .unwrap();
    assert_eq!(forgotten, 0);
    assert_eq!(one.texts("SELECT key FROM rate_limits").len(), keys.len());
    let req = Request::post("/api/join").header("content-type", "application/json");
    let status = two.send(req.body(Body::from(body)).unwrap()).await.0;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_process_with_another_server_key_is_refused_at_start() {
    let one = Server::new();
    let (mut phone, _) = register(&one).await;
    let other_key = one.dir.path().join("another-server-key");
    let refused = one.try_twin(|c| c.key_file = other_key).err();
    let refused = refused.expect("a second key on the same database is refused");
    assert!(refused.contains("server key"), "{refused}");
    // The same key starts, and serves the same phones.
    let two = one.twin();
    let (status, res) = phone.sync(&two, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{res}");
}

#[tokio::test]
async fn a_nul_character_is_refused_in_a_record_and_dropped_from_an_officers_name() {
    // PostgreSQL holds no NUL in text; SQLite would. Both answer alike.
    let server = Server::new();
    let (mut phone, _) = register(&server).await;
    let all: Vec<Record> = phone.state.records().collect();
    assert_eq!(phone.sync(&server, all).await.0, StatusCode::OK);
    let stamp = phone.clock.tick(server::db::now_ms());
    let mut person = Invitee::blank(ItemId::new(stamp.wall), stamp);
    let fields = InviteeFields {
        name: "Trần\0Văn".into(),
        ..Default::default()
    };
    person.write(fields, stamp);
    let (status, res) = phone.sync(&server, vec![person.into_record()]).await;
    assert!(status.is_client_error(), "{status} {res}");
    assert_eq!(
        server.number("SELECT COUNT(*) FROM records WHERE key LIKE 'invitee/%'"),
        0
    );
    // A name sent with the sync is a label: cleaned, and the sync goes on.
    let body = json!({ "cursor": 0, "officer": "Lê\0Thị\u{7}Hoa",
        "bundle": Bundle::new(phone.state.id, phone.device(), vec![]), "protocol": domain::protocol::PROTOCOL });
    let path = format!("/api/events/{}/sync", phone.state.id);
    let (status, res) = server
        .post(&path, Some(&phone.token), body.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(server.texts("SELECT officer FROM tokens"), ["LêThịHoa"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_waiting_on_the_events_lock_behind_an_undo_is_refused() {
    if std::env::var("NGAYHOI_TEST_POSTGRES").is_err() {
        eprintln!("SQLite: one writer at a time, the push cannot wait inside (see undo.rs)");
        return;
    }
    let server = Server::new();
    let server::db::Location::Postgres(url) = server.location() else {
        panic!("a PostgreSQL database")
    };
    let (mut creator, code) = register(&server).await;
    let all: Vec<Record> = creator.state.records().collect();
    assert_eq!(creator.sync(&server, all).await.0, StatusCode::OK);
    let mut rogue = join(&server, &code).await;
    rogue.pull_all(&server).await;
    let event = creator.state.id.to_string();
    let device = rogue.device().to_string();

    // Another process's undo holds the event's lock...
    let (held_tx, held_rx) = std::sync::mpsc::channel::<()>();
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let undo = std::thread::spawn({
        let (url, event, device) = (url.clone(), event.clone(), device.clone());
        move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut tx = client.transaction().unwrap();
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                &[&format!("event/{event}")],
            )
            .unwrap();
            held_tx.send(()).unwrap();
            go_rx.recv().unwrap();
            // ...and commits what an undo writes, once the push waits.
            tx.execute(
                "INSERT INTO undone_devices (event_id, device, undone_at, undone_by)
                 VALUES ($1, $2, 1, 'test')",
                &[&event, &device],
            )
            .unwrap();
            tx.commit().unwrap();
        }
    });
    held_rx.recv().unwrap();
    // The rogue's push passes the first check, then waits for the lock.
    let tally = rogue.state.tap(rogue.device(), 7);
    let push = tokio::spawn(async move {
        let result = rogue.sync(&server, vec![tally]).await;
        (result, server)
    });
    let watcher = postgres_waiters(&url);
    for _ in 0..200 {
        if watcher() > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(watcher() > 0, "the push waits for the event's lock");
    go_tx.send(()).unwrap();
    undo.join().unwrap();
    let ((status, res), server) = push.await.unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{res}");
    assert_eq!(res["code"], "device_removed");
    let own = format!("headcount/{device}");
    assert!(
        !server.texts("SELECT key FROM records").contains(&own),
        "nothing of the push is stored"
    );
}

/// How many sessions wait for an advisory lock on the database at `url`.
fn postgres_waiters(url: &str) -> impl Fn() -> i64 {
    let url = url.to_string();
    move || {
        let url = url.clone();
        std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            client
                .query_one(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                    &[],
                )
                .unwrap()
                .get::<_, i64>(0)
        })
        .join()
        .unwrap()
    }
}
