//! Several server processes on one database (PostgreSQL behind a load
//! balancer) give phones the same answers as one: pushes through either
//! are counted exactly, sequence numbers stay unique and in order, and the
//! rate limits count every process's requests together.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::invitee::{Invitee, InviteeFields};
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
