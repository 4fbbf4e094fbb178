//! The sync API in-process, against a real SQLite file.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{Bundle, DeviceId, Record};
use serde_json::json;

mod support;
use support::*;

#[tokio::test]
async fn registering_needs_the_key_and_the_claim_and_gives_a_code_and_a_qr() {
    let server = Server::new();
    let (state, clock, claim) = new_event();
    let wrong = json!({ "registration_key": "guess", "event": state.id, "device": clock.device, "claim": claim });
    let (status, res) = server.post("/api/events", None, wrong.to_string()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "unauthorized");

    let (_, code) = register(&server).await;
    assert!(regex_like_code(&code), "{code}");
    let (phone, _) = register(&server).await;
    // Someone who knows the id and the creator's device id, but not the claim.
    let (_, _, other_claim) = new_event();
    let body = json!({ "registration_key": KEY, "event": phone.state.id, "device": phone.device(), "claim": other_claim });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::CONFLICT, Some("event_exists")),
        "the device id is no proof: nobody else can re-register the event"
    );

    let body = json!({ "registration_key": KEY, "event": phone.state.id, "device": phone.device(), "claim": phone.claim });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the creator may register again (a lost answer)"
    );
    assert!(res["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    assert_eq!(
        res["join_url"].as_str().unwrap(),
        format!(
            "https://ngayhoi.example.vn/tham-gia#ma={}",
            res["code"].as_str().unwrap()
        ),
        "the code travels in the fragment, never sent to a server"
    );
}

#[tokio::test]
async fn an_event_id_not_yet_shared_cannot_be_squatted() {
    let server = Server::new();
    let (state, clock, claim) = new_event();
    // A squatter saw the id in an exported file and registers it first.
    let (_, _, squatter_claim) = new_event();
    let body = json!({ "registration_key": KEY, "event": state.id, "device": DeviceId::random(), "claim": squatter_claim });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::CONFLICT, Some("event_exists"))
    );
    // The real creator then registers it.
    let body = json!({ "registration_key": KEY, "event": state.id, "device": clock.device, "claim": claim });
    let (status, _) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn only_the_creator_rotates_the_code_and_revoked_tokens_stop_working() {
    let server = Server::new();
    let (mut a, code) = register(&server).await;
    a.sync(&server, a.state.records().collect()).await;
    let mut b = join(&server, &code).await;
    let mut c = join(&server, &code).await;
    let path = format!("/api/events/{}/code", a.state.id);
    let (status, _) = server.post(&path, Some(&b.token), "{}").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a joined phone cannot rotate the code"
    );
    let (status, _) = server.post(&path, None, "{}").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, res) = server
        .post(&path, Some(&a.token), r#"{"revoke_others":true}"#)
        .await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let new_code = res["code"].as_str().unwrap().to_string();
    assert_ne!(new_code, code);
    let (status, res) = server
        .post(
            "/api/join",
            None,
            json!({ "code": code, "device": DeviceId::random() }).to_string(),
        )
        .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_code")),
        "the old code is dead"
    );
    let (status, res) = b.sync(&server, vec![]).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_revoked")),
        "other phones were revoked"
    );
    let (status, _) = a.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::OK, "the creator keeps its access");

    // A phone leaving revokes its own token.
    let mut d = join(&server, &new_code).await;
    let leave = Request::delete(format!("/api/events/{}/token", d.state.id))
        .header("authorization", format!("Bearer {}", d.token))
        .body(Body::empty())
        .unwrap();
    assert_eq!(server.send(leave).await.0, StatusCode::NO_CONTENT);
    assert_eq!(d.sync(&server, vec![]).await.0, StatusCode::UNAUTHORIZED);
    let _ = c.sync(&server, vec![]).await;
}

fn regex_like_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[tokio::test]
async fn two_phones_push_and_pull_through_the_server() {
    let server = Server::new();
    let (mut a, code) = register(&server).await;
    let all: Vec<Record> = a.state.records().collect();
    let (status, res) = a.sync(&server, all.clone()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res["acked"].as_array().unwrap().len(), all.len());

    // A second phone joins with the code read out, lowercase and all.
    let mut b = join(&server, &code.to_lowercase()).await;
    assert_eq!(b.state.id, a.state.id);
    b.sync(&server, vec![]).await;
    assert_eq!(b.state, a.state, "the joining phone gets everything");

    // A ticks the flag salute and counts 30; B counts 20.
    let flag = a.state.program()[1].id;
    let tick = a
        .state
        .tick_step(flag, true, 5_000, a.clock.tick(5_000))
        .unwrap();
    a.state.apply(tick.clone()).unwrap();
    let tap_a = a.state.tap(a.device(), 30);
    a.state.apply(tap_a.clone()).unwrap();
    let tap_b = b.state.tap(b.device(), 20);
    b.state.apply(tap_b.clone()).unwrap();
    a.sync(&server, vec![tick, tap_a]).await;
    b.sync(&server, vec![tap_b]).await;
    let (_, res) = a.sync(&server, vec![]).await;
    assert_eq!(
        res["bundle"]["records"].as_array().unwrap().len(),
        1,
        "A only gets what it lacks"
    );
    assert_eq!(a.state, b.state);
    assert_eq!(a.state.headcount(), 50);
    assert!(a.state.steps[&flag].is_done() && b.state.steps[&flag].is_done());
}

#[tokio::test]
async fn pushing_the_same_bundle_twice_changes_nothing() {
    let server = Server::new();
    let (mut a, _) = register(&server).await;
    let tap = a.state.tap(a.device(), 7);
    a.state.apply(tap).unwrap();
    let all: Vec<Record> = a.state.records().collect();
    a.sync(&server, all.clone()).await;
    let cursor = a.cursor;
    let (status, res) = a.sync(&server, all.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(a.cursor, cursor, "no new sequence number");
    assert_eq!(res["bundle"]["records"].as_array().unwrap().len(), 0);
    assert_eq!(
        res["acked"].as_array().unwrap().len(),
        all.len(),
        "but everything acknowledged"
    );

    // And it all survives a restart: a new phone on a new router sees 7.
    let mut server = server;
    server.restart();
    let (_, code) = {
        let body = json!({ "registration_key": KEY, "event": a.state.id, "device": a.device(), "claim": a.claim });
        let (_, res) = server.post("/api/events", None, body.to_string()).await;
        ((), res["code"].as_str().unwrap().to_string())
    };
    let mut c = join(&server, &code).await;
    c.sync(&server, vec![]).await;
    assert_eq!(c.state.headcount(), 7);
}

#[tokio::test]
async fn tokens_open_only_their_own_event() {
    let server = Server::new();
    let (mut a, _) = register(&server).await;
    let (b, _) = register(&server).await;
    let path = format!("/api/events/{}/sync", a.state.id);
    let empty =
        json!({ "cursor": 0, "bundle": Bundle::new(a.state.id, a.device(), vec![]) }).to_string();

    let (status, res) = server.post(&path, None, empty.clone()).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    let (status, _) = server.post(&path, Some("not-a-token"), empty.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, res) = server.post(&path, Some(&b.token), empty.clone()).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    // A's token with B's bundle on A's path: the bundle must be for the path's event.
    let other =
        json!({ "cursor": 0, "bundle": Bundle::new(b.state.id, a.device(), vec![]) }).to_string();
    let (status, res) = server.post(&path, Some(&a.token), other).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("wrong_event"))
    );
    let (status, _) = a.sync(&server, vec![]).await;
    assert_eq!(status, StatusCode::OK);

    let (status, res) = server
        .post(
            "/api/join",
            None,
            json!({ "code": "AAAA-BBBB-CCCC", "device": a.device() }).to_string(),
        )
        .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_code"))
    );
}

#[tokio::test]
async fn oversized_malformed_and_tampered_bodies_are_refused() {
    let server = Server::new();
    let (mut a, _) = register(&server).await;
    let path = format!("/api/events/{}/sync", a.state.id);

    let huge = vec![b' '; server::MAX_BODY_BYTES + 1];
    let (status, res) = server.post(&path, Some(&a.token), huge).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );

    let (status, res) = server.post(&path, Some(&a.token), "{not json").await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    let (status, _) = server.post("/api/join", None, "[]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let tap = a.state.tap(a.device(), 5);
    let bundle = Bundle::new(a.state.id, a.device(), vec![tap]);
    let tampered = serde_json::to_string(&bundle)
        .unwrap()
        .replace("\"increments\":5", "\"increments\":500");
    let body = format!(r#"{{"cursor":0,"bundle":{tampered}}}"#);
    let (status, res) = server.post(&path, Some(&a.token), body).await;
    assert_eq!(
        (status, res["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("checksum_mismatch"))
    );

    let mut v2 = serde_json::to_value(&bundle).unwrap();
    v2["version"] = (domain::protocol::bundle::VERSION + 1).into();
    let (status, res) = server
        .post(
            &path,
            Some(&a.token),
            json!({ "cursor": 0, "bundle": v2 }).to_string(),
        )
        .await;
    assert_eq!(
        (status, res["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("unsupported_version")
        )
    );

    // Nothing of the refused bodies was stored.
    a.sync(&server, vec![]).await;
    assert_eq!(a.state.headcount(), 0);
    // Error messages name no internals.
    assert!(!res["message"].as_str().unwrap().contains("sqlite"));
}
