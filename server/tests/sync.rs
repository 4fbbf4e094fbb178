//! The sync API in-process, against a real SQLite file.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use domain::{Bundle, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const KEY: &str = "registration-key-for-tests";

struct Server {
    dir: tempfile::TempDir,
}

impl Server {
    fn new() -> Server {
        Server {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh router on the same database file, as after a restart.
    fn app(&self) -> Router {
        let config = server::Config {
            dist: self.dir.path().to_path_buf(),
            database: self.dir.path().join("ngayhoi.sqlite"),
            registration_key: Some(KEY.into()),
            public_url: Some("https://ngayhoi.example.vn".into()),
        };
        let (state, _) = server::AppState::open(&config).unwrap();
        server::app(state, &config)
    }

    async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: impl Into<Body>,
    ) -> (StatusCode, Value) {
        let mut req = Request::post(path).header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let res = self
            .app()
            .oneshot(req.body(body.into()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, json)
    }
}

/// A phone with its own replica of the event.
struct Phone {
    clock: Hlc,
    state: EventState,
    token: String,
    cursor: u64,
}

impl Phone {
    fn device(&self) -> DeviceId {
        self.clock.device
    }

    async fn sync(&mut self, server: &Server, records: Vec<Record>) -> (StatusCode, Value) {
        let bundle = Bundle::new(self.state.id, self.device(), records);
        let body =
            json!({ "cursor": self.cursor, "bundle": serde_json::to_value(&bundle).unwrap() });
        let path = format!("/api/events/{}/sync", self.state.id);
        let (status, res) = server
            .post(&path, Some(&self.token), body.to_string())
            .await;
        if status == StatusCode::OK {
            let back = Bundle::parse(res["bundle"].to_string().as_bytes()).unwrap();
            for r in back.records {
                self.state.apply(r).unwrap();
            }
            self.cursor = res["cursor"].as_u64().unwrap();
        }
        (status, res)
    }
}

fn new_event() -> (EventState, Hlc) {
    let mut clock = Hlc::new(DeviceId::random());
    let id = EventId::random();
    let new = NewEvent::example();
    let records = EventState::create(id, new, clock.tick(1_000)).unwrap();
    (EventState::from_records(id, records).unwrap(), clock)
}

async fn register(server: &Server) -> (Phone, String) {
    let (state, clock) = new_event();
    let body = json!({ "registration_key": KEY, "event": state.id, "device": clock.device });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let code = res["code"].as_str().unwrap().to_string();
    let phone = Phone {
        clock,
        state,
        token: res["token"].as_str().unwrap().into(),
        cursor: 0,
    };
    (phone, code)
}

async fn join(server: &Server, code: &str) -> Phone {
    let device = DeviceId::random();
    let body = json!({ "code": code, "device": device });
    let (status, res) = server.post("/api/join", None, body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    let event = EventId::parse(res["event"].as_str().unwrap()).unwrap();
    Phone {
        clock: Hlc::new(device),
        state: EventState::empty(event),
        token: res["token"].as_str().unwrap().into(),
        cursor: 0,
    }
}

#[tokio::test]
async fn registering_needs_the_key_and_gives_a_readable_code_and_a_qr() {
    let server = Server::new();
    let (state, clock) = new_event();
    let wrong = json!({ "registration_key": "guess", "event": state.id, "device": clock.device });
    let (status, res) = server.post("/api/events", None, wrong.to_string()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(res["code"], "unauthorized");

    let (_, code) = register(&server).await;
    assert!(regex_like_code(&code), "{code}");
    let (phone, _) = register(&server).await;
    let body =
        json!({ "registration_key": KEY, "event": phone.state.id, "device": DeviceId::random() });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "another phone cannot take over an event"
    );
    assert_eq!(res["code"], "event_exists");

    let body =
        json!({ "registration_key": KEY, "event": phone.state.id, "device": phone.device() });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the same phone may register again (a lost answer)"
    );
    assert!(res["qr_svg"].as_str().unwrap().starts_with("<?xml"));
    assert_eq!(
        res["join_url"].as_str().unwrap(),
        format!(
            "https://ngayhoi.example.vn/tham-gia?ma={}",
            res["code"].as_str().unwrap()
        )
    );
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
    let (_, code) = {
        let body = json!({ "registration_key": KEY, "event": a.state.id, "device": a.device() });
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
    v2["version"] = 2.into();
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
