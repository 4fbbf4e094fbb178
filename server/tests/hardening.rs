//! What a hostile phone, file or client can try, each refused: stamps from
//! the far future, unpaged answers, re-registration, floods, bad hosts,
//! bodies read before credentials, and secrets stored in a guessable form.

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use domain::kinds::invitee::{Invitee, InviteeFields};
use domain::merge::clock::{MAX_AHEAD_MS, MAX_WALL_MS};
use domain::Kind;
use domain::{Bundle, DeviceId, Item, ItemId, Record, Stamp};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use uuid::Uuid;

mod support;
use support::*;

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

fn invitee(n: u128, stamp: Stamp) -> Record {
    let mut person = Invitee::blank(ItemId(Uuid::from_u128(n + 1)), stamp);
    person.write(
        InviteeFields {
            name: format!("Nguyễn Văn {n}"),
            ..Default::default()
        },
        stamp,
    );
    person.into_record()
}

#[tokio::test]
async fn a_stamp_from_the_far_future_is_refused_with_the_servers_time() {
    let server = Server::new();
    let (mut a, _) = register(&server).await;
    a.sync(&server, a.state.records().collect()).await;
    let poison = Stamp {
        wall: MAX_WALL_MS,
        counter: u32::MAX,
        device: DeviceId(Uuid::from_u128(u128::MAX)),
    };
    let before = now_ms();
    let (status, res) = a.sync(&server, vec![invitee(1, poison)]).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("clock_ahead"))
    );
    let server_time = res["server_time_ms"].as_u64().unwrap();
    assert!(server_time >= before && server_time <= now_ms());

    // A phone a little ahead (within the bound) is accepted; one a month
    // ahead is not, and nothing of its push is stored.
    let near = Stamp {
        wall: now_ms() + MAX_AHEAD_MS / 2,
        counter: 0,
        device: a.device(),
    };
    let month = Stamp {
        wall: now_ms() + 30 * 86_400_000,
        counter: 0,
        device: a.device(),
    };
    let (status, _) = a
        .sync(&server, vec![invitee(2, near), invitee(3, month)])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = a.sync(&server, vec![invitee(2, near)]).await;
    assert_eq!(status, StatusCode::OK);
    let mut b = join(&server, &register_code(&server, &a).await).await;
    b.pull_all(&server).await;
    assert_eq!(
        b.state.entries::<Invitee>().count(),
        1,
        "only the accepted invitee"
    );

    // A phone a year behind is not refused: its changes are simply older.
    let behind = Stamp {
        wall: now_ms() - 365 * 86_400_000,
        counter: 0,
        device: a.device(),
    };
    assert_eq!(
        a.sync(&server, vec![invitee(4, behind)]).await.0,
        StatusCode::OK
    );
}

/// A fresh code for `a`'s event (the creator registers again).
async fn register_code(server: &Server, a: &Phone) -> String {
    let body = json!({ "registration_key": KEY, "event": a.state.id, "device": a.device(), "claim": a.claim });
    let (_, res) = server.post("/api/events", None, body.to_string()).await;
    res["code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_phone_joining_an_event_of_200_000_records_pulls_it_in_pages_and_ends_equal() {
    let server = Server::new();
    let (mut a, code) = register(&server).await;
    let mut records: Vec<Record> = a.state.records().collect();
    let stamp = a.clock.tick(now_ms());
    records.extend((0..200_000u128).map(|n| invitee(n, stamp)));
    for chunk in records.chunks(domain::protocol::PUSH_RECORDS * 4) {
        let (status, res) = a.sync(&server, chunk.to_vec()).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        for r in chunk {
            a.state.apply(r.clone()).unwrap();
        }
    }
    let mut b = join(&server, &code).await;
    let pages = b.pull_all(&server).await;
    let page = server::limits::Limits::default().page.records;
    assert!(pages >= 200_000 / page, "{pages} pages");
    assert_eq!(b.state, a.state);
}

#[tokio::test]
async fn answers_are_bounded_and_a_pull_resumes_where_it_stopped() {
    let server = Server::with(|c| c.limits.page.records = 7);
    let (mut a, code) = register(&server).await;
    let all: Vec<Record> = a.state.records().collect();
    a.sync(&server, all).await;
    let mut b = join(&server, &code).await;
    let (_, res) = b.sync(&server, vec![]).await;
    assert_eq!(res["bundle"]["records"].as_array().unwrap().len(), 7);
    assert_eq!(res["more"], json!(true));
    // The connection drops here; the next sync goes on from the cursor.
    let cursor = b.cursor;
    b.pull_all(&server).await;
    assert!(b.cursor > cursor);
    assert_eq!(b.state, a.state);

    // A version-1 phone gets the version-1 shape, paged by its cursor alone.
    let path = format!("/api/events/{}/sync", a.state.id);
    let old = json!({ "cursor": 0, "bundle": Bundle::new(a.state.id, b.device(), vec![]) });
    let (status, res) = server.post(&path, Some(&b.token), old.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        res.get("more").is_none() && res.get("server_time_ms").is_none(),
        "{res}"
    );
    assert_eq!(res["bundle"]["records"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn an_event_has_a_record_quota_and_a_token_a_rate() {
    let server = Server::with(|c| {
        c.limits.records_per_event = 20;
        c.limits.syncs_per_minute = 5;
    });
    let (mut a, _) = register(&server).await;
    let stamp = a.clock.tick(now_ms());
    let many: Vec<Record> = (0..21).map(|n| invitee(n, stamp)).collect();
    let (status, res) = a.sync(&server, many).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("event_full"))
    );
    let (status, res) = a.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        res["bundle"]["records"].as_array().unwrap().len(),
        0,
        "the refused push left nothing"
    );
    let mut refused = 0;
    for _ in 0..10 {
        if a.sync(&server, vec![]).await.0 == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused >= 5, "{refused}");
}

fn from(addr: &str, req: axum::http::request::Builder) -> axum::http::request::Builder {
    req.extension(ConnectInfo(addr.parse::<SocketAddr>().unwrap()))
}

#[tokio::test]
async fn joins_and_registrations_are_rate_limited_per_address() {
    let server = Server::new();
    let limits = server::limits::Limits::default();
    let wrong = json!({ "code": "AAAA-BBBB-CCCC", "device": DeviceId::random() }).to_string();
    let mut statuses = Vec::new();
    for _ in 0..limits.joins_per_minute + 5 {
        let req = from(
            "203.0.113.7:5000",
            Request::post("/api/join").header("content-type", "application/json"),
        );
        let (status, headers, _) = server
            .send(req.body(Body::from(wrong.clone())).unwrap())
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(headers.get(header::RETRY_AFTER).is_some());
        }
        statuses.push(status);
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::NOT_FOUND)
            .count(),
        limits.joins_per_minute as usize
    );
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
    // Another address is not held up.
    let req = from("198.51.100.2:5000", Request::post("/api/join"));
    assert_eq!(
        server.send(req.body(Body::from(wrong)).unwrap()).await.0,
        StatusCode::NOT_FOUND
    );

    let guess = json!({ "registration_key": "guess-guess-guess", "event": uuid::Uuid::new_v4(), "device": DeviceId::random(), "claim": "c".repeat(64) }).to_string();
    let mut last = StatusCode::OK;
    for _ in 0..limits.registers_per_minute + 1 {
        let req = from("203.0.113.9:5000", Request::post("/api/events"));
        last = server
            .send(req.body(Body::from(guess.clone())).unwrap())
            .await
            .0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_bad_host_is_refused_before_anything_is_written() {
    let server = Server::with(|c| c.public_url = None);
    let (mut a, code) = register(&server).await;
    a.sync(&server, vec![]).await;
    let tokens = || server.number("SELECT COUNT(*) FROM tokens");
    let before = tokens();
    let body = json!({ "code": code, "device": DeviceId::random() }).to_string();
    let long = "h".repeat(4_000);
    for host in [long.as_str(), "evil.example/phish?x=", "a b"] {
        let req = Request::post("/api/join").header(header::HOST, host);
        let (status, _, res) = server
            .send(req.body(Body::from(body.clone())).unwrap())
            .await;
        assert_eq!(
            (status, res["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_host")),
            "{host}"
        );
    }
    assert_eq!(tokens(), before, "no token row for a refused join");
    let req = Request::post("/api/join").header(header::HOST, "192.168.1.10:8080");
    let (status, _, res) = server.send(req.body(Body::from(body)).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(res["join_url"]
        .as_str()
        .unwrap()
        .starts_with("http://192.168.1.10:8080/tham-gia#ma="));
}

#[tokio::test]
async fn a_strangers_body_is_never_read_and_bodies_share_a_budget() {
    let server = Server::with(|c| c.limits.body_budget = 64 * 1024);
    let (a, _) = register(&server).await;
    let path = format!("/api/events/{}/sync", a.state.id);
    let polled = Arc::new(AtomicBool::new(false));
    let flag = polled.clone();
    let body = Body::from_stream(futures_stream(move || flag.store(true, Ordering::SeqCst)));
    let req = Request::post(&path).header(header::CONTENT_LENGTH, "8000000");
    let (status, _, _) = server.send(req.body(body).unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!polled.load(Ordering::SeqCst), "the body was not touched");

    // A body that never finishes holds the whole budget; the next waits, then is told to retry.
    let stalled = Body::from_stream(futures::stream::pending::<Result<Vec<u8>, std::io::Error>>());
    let req = Request::post(&path)
        .header("authorization", format!("Bearer {}", a.token))
        .header(header::CONTENT_LENGTH, "3000000");
    let app = server.app.clone();
    let hold = tokio::spawn(tower::ServiceExt::oneshot(app, req.body(stalled).unwrap()));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let req = Request::post(&path).header("authorization", format!("Bearer {}", a.token));
    let empty =
        json!({ "cursor": 0, "bundle": Bundle::new(a.state.id, a.device(), vec![]) }).to_string();
    let (status, headers, res) = server.send(req.body(Body::from(empty)).unwrap()).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("busy"))
    );
    assert!(headers.get(header::RETRY_AFTER).is_some());
    hold.abort();
}

/// A body stream that calls `on_poll` when first read.
fn futures_stream(
    on_poll: impl Fn() + Send + 'static,
) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send {
    futures::stream::once(async move {
        on_poll();
        Ok(vec![b'{'; 10])
    })
}

#[test]
fn short_registration_keys_are_refused_and_a_made_key_goes_to_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = support::config(dir.path());
    config.registration_key = Some("abc".into());
    assert!(server::AppState::open(&config).is_err());
    config.registration_key = None;
    let (_, made) = server::AppState::open(&config).unwrap();
    let path = made.expect("a key was made");
    let key = std::fs::read_to_string(&path).unwrap();
    assert!(key.trim().len() >= server::secrets::MIN_KEY_LEN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let (_, again) = server::AppState::open(&config).unwrap();
    assert!(again.is_none(), "made once");
}

#[test]
fn processes_starting_at_once_on_a_new_database_write_the_stored_registration_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = support::config(dir.path());
    let start = std::sync::Barrier::new(8);
    let opened: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    server::AppState::open(&config).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let made: Vec<_> = opened.iter().filter_map(|(_, made)| made.clone()).collect();
    assert_eq!(
        made,
        std::slice::from_ref(&config.registration_key_file),
        "one key made"
    );
    let key = std::fs::read_to_string(&made[0]).unwrap();
    let (state, _) = &opened[0];
    let stored = state
        .db
        .call_now(|conn| server::db::registration_key_hash(conn))
        .unwrap();
    assert_eq!(
        stored,
        Some(state.key.hash(key.trim())),
        "the file holds the stored key"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.contains(".new"))
        .collect();
    assert!(left.is_empty(), "drafts left: {left:?}");
}

#[tokio::test]
async fn codes_and_tokens_are_stored_as_keyed_hashes() {
    use sha2::{Digest, Sha256};
    let server = Server::new();
    let (a, code) = register(&server).await;
    let stored = server.texts("SELECT code_hash FROM events UNION ALL SELECT hash FROM tokens");
    let plain = |s: &str| {
        Sha256::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    for secret in [code.as_str(), a.token.as_str()] {
        assert!(
            !stored.contains(&plain(secret)),
            "no plain SHA-256 of a secret"
        );
        assert!(!stored.iter().any(|s| s.contains(secret)));
    }
    assert!(
        server.dir.path().join("server-key").is_file(),
        "the key lives outside the database"
    );
}

#[tokio::test]
async fn changing_the_code_and_leaving_refuse_every_stranger() {
    let server = Server::new();
    let (mut a, code) = register(&server).await;
    a.sync(&server, a.state.records().collect()).await;
    let (other, _) = register(&server).await;
    let b = join(&server, &code).await;
    let path = format!("/api/events/{}/code", a.state.id);
    let leave = |token: Option<&str>| {
        let mut req = Request::delete(format!("/api/events/{}/token", a.state.id));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        req.body(Body::empty()).unwrap()
    };
    // No token, an unknown one, another event's.
    assert_eq!(
        server.post(&path, None, "{}").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.post(&path, Some("nope"), "{}").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.post(&path, Some(&other.token), "{}").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(server.send(leave(None)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.send(leave(Some(&other.token))).await.0,
        StatusCode::FORBIDDEN
    );
    // Malformed and oversized bodies from the creator.
    let (status, res) = server.post(&path, Some(&a.token), "{not json").await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    let (status, res) = server
        .post(&path, Some(&a.token), r#"{"revoke_others":"yes"}"#)
        .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    let huge = format!(
        r#"{{"revoke_others":false,"x":"{}"}}"#,
        "a".repeat(8 * 1024)
    );
    let (status, res) = server.post(&path, Some(&a.token), huge).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );
    // A revoked token can neither change the code nor leave again.
    assert_eq!(
        server.send(leave(Some(&b.token))).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, res) = server.post(&path, Some(&b.token), "{}").await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_revoked"))
    );
    assert_eq!(
        server.send(leave(Some(&b.token))).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Nothing refused changed the code.
    let (status, _) = server
        .post(
            "/api/join",
            None,
            json!({ "code": code, "device": DeviceId::random() }).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
