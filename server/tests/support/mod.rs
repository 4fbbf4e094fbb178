//! Shared by the server's tests: an in-process server on a real database,
//! and phones with their own replica of an event.
//!
//! The database is a SQLite file, or, when `NGAYHOI_TEST_POSTGRES` names a
//! PostgreSQL server (`postgres://user@host:port`, as `scripts/test.sh`
//! starts one), a new database on it for each server: every test runs on
//! either backend unchanged.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use domain::protocol::SyncResponse;
use domain::{Bundle, DeviceId, EventId, EventState, Hlc, NewEvent, Record};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub mod units;

pub const KEY: &str = "registration-key-for-tests";

/// A fresh database for one test: a SQLite file in `dir`, or a new
/// PostgreSQL database when `NGAYHOI_TEST_POSTGRES` is set.
pub fn database(dir: &std::path::Path) -> server::db::Location {
    match std::env::var("NGAYHOI_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => {
            let name = format!("t_{}", uuid::Uuid::new_v4().simple());
            let admin = format!("{base}/postgres");
            let create = format!("CREATE DATABASE {name}");
            // The client blocks on a runtime of its own: not on a test's.
            std::thread::spawn(move || {
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("{admin}: {e}"));
                client.batch_execute(&create).unwrap();
            })
            .join()
            .unwrap();
            server::db::Location::Postgres(format!("{base}/{name}"))
        }
        _ => server::db::Location::Sqlite(dir.join("ngayhoi.sqlite")),
    }
}

/// A configuration on a fresh database, with its key files in `dir`
/// whatever the database (no registration key given).
pub fn config(dir: &std::path::Path) -> server::Config {
    let mut config = server::Config::new(dir.to_path_buf(), database(dir));
    config.key_file = dir.join("server-key");
    config.registration_key_file = dir.join("registration-key.txt");
    config
}

pub struct Server {
    pub dir: tempfile::TempDir,
    pub app: Router,
    config: server::Config,
}

impl Server {
    pub fn new() -> Server {
        Server::with(|_| {})
    }

    /// A server with its configuration changed by `f`.
    pub fn with(f: impl FnOnce(&mut server::Config)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut config = config(dir.path());
        config.registration_key = Some(KEY.into());
        config.public_url = Some("https://ngayhoi.example.vn".into());
        f(&mut config);
        let (state, _) = server::AppState::open(&config).unwrap();
        Server {
            app: server::app(state, &config),
            dir,
            config,
        }
    }

    /// A fresh router on the same database and key files, as after a restart.
    pub fn restart(&mut self) {
        let (state, _) = server::AppState::open(&self.config).unwrap();
        self.app = server::app(state, &self.config);
    }

    /// A second server process on the same database and key (its own
    /// connections, rate limiters and body budget), as behind a load
    /// balancer.
    pub fn twin(&self) -> Server {
        self.try_twin(|_| {}).unwrap()
    }

    /// A second process on the same database with its configuration
    /// changed by `f`, or why it would not start.
    pub fn try_twin(&self, f: impl FnOnce(&mut server::Config)) -> Result<Server, String> {
        let mut config = self.config.clone();
        f(&mut config);
        let (state, _) = server::AppState::open(&config).map_err(|e| e.to_string())?;
        Ok(Server {
            app: server::app(state, &config),
            dir: tempfile::tempdir().unwrap(),
            config,
        })
    }

    /// The server's key file.
    pub fn key_file(&self) -> std::path::PathBuf {
        self.config.key_file.clone()
    }

    /// Where the server's database is.
    pub fn location(&self) -> server::db::Location {
        self.config.database.clone()
    }

    /// The server's database, opened again (as a tool beside it would).
    pub fn db(&self) -> server::db::Db {
        let key = server::secrets::ServerKey::load_or_create(&self.config.key_file).unwrap();
        server::db::Db::open(&self.config.database, &key).unwrap()
    }

    /// The text column of every row `sql` returns.
    pub fn texts(&self, sql: &'static str) -> Vec<String> {
        self.db()
            .call_now(|conn| {
                conn.query(sql, server::params![])?
                    .iter()
                    .map(|r| r.get(0))
                    .collect()
            })
            .unwrap()
    }

    /// The integer `sql` returns.
    pub fn number(&self, sql: &'static str) -> i64 {
        self.db()
            .call_now(|conn| conn.query_row(sql, server::params![])?.unwrap().get(0))
            .unwrap()
    }

    /// Loads units from CSV text, as `server units import` does; returns
    /// the lines refused.
    pub fn try_load_units(&self, csv: &str) -> Vec<(usize, String)> {
        let db = self.db();
        let parsed = domain::unit::parse_units(csv);
        db.call_now(|conn| server::db::units::load_units(conn, &parsed.units))
            .unwrap()
            .refused
    }

    /// Loads units from CSV text, as `server units import` does.
    pub fn load_units(&self, csv: &str) {
        let db = self.db();
        let parsed = domain::unit::parse_units(csv);
        assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
        let loaded = db
            .call_now(|conn| server::db::units::load_units(conn, &parsed.units))
            .unwrap();
        assert!(loaded.refused.is_empty(), "{:?}", loaded.refused);
    }

    /// Any request: its status and JSON answer.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
        let (status, _, json) = self.send(req.body(body).unwrap()).await;
        (status, json)
    }

    /// Route `E`, sent no body, asked with `token`: its answer, which
    /// must come with the route's declared status.
    pub async fn read<E: domain::api::Endpoint<Request = ()>>(
        &self,
        params: &E::Params,
        query: &E::Query,
        token: &str,
    ) -> E::Answer {
        let path = E::url(params, query);
        let (status, res) = self
            .call(E::METHOD.as_str(), &path, Some(token), None)
            .await;
        assert_eq!(status.as_u16(), E::STATUS, "{path}: {res}");
        serde_json::from_value(res).unwrap()
    }

    pub async fn send(&self, req: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let res = self.app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, headers, json)
    }

    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: impl Into<Body>,
    ) -> (StatusCode, Value) {
        let mut req = Request::post(path).header("content-type", "application/json");
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let (status, _, json) = self.send(req.body(body.into()).unwrap()).await;
        (status, json)
    }
}

/// A phone with its own replica of the event.
pub struct Phone {
    pub clock: Hlc,
    pub state: EventState,
    pub token: String,
    pub cursor: u64,
    /// The creator's claim (empty for a phone that joined).
    pub claim: String,
}

impl Phone {
    pub fn device(&self) -> DeviceId {
        self.clock.device
    }

    pub async fn sync(&mut self, server: &Server, records: Vec<Record>) -> (StatusCode, Value) {
        let bundle = Bundle::new(self.state.id, self.device(), records);
        let body = json!({ "cursor": self.cursor, "bundle": serde_json::to_value(&bundle).unwrap(), "protocol": domain::protocol::PROTOCOL });
        let path = format!("/api/events/{}/sync", self.state.id);
        let (status, res) = server
            .post(&path, Some(&self.token), body.to_string())
            .await;
        if status == StatusCode::OK {
            // The answer is exactly the app's type.
            serde_json::from_value::<SyncResponse>(res.clone()).unwrap();
            let back = Bundle::parse(res["bundle"].to_string().as_bytes()).unwrap();
            for r in back.records {
                self.state.apply(r).unwrap();
            }
            self.cursor = res["cursor"].as_u64().unwrap();
        }
        (status, res)
    }
}

impl Phone {
    /// Syncs until the server has no more pages; returns the pages read.
    pub async fn pull_all(&mut self, server: &Server) -> usize {
        let mut pages = 0;
        loop {
            let (status, res) = self.sync(server, vec![]).await;
            assert_eq!(status, StatusCode::OK, "{res}");
            pages += 1;
            if res["more"] != json!(true) {
                return pages;
            }
        }
    }
}

pub fn new_event() -> (EventState, Hlc, String) {
    let mut clock = Hlc::new(DeviceId::random());
    let (id, claim) = EventId::new_claimed();
    let new = NewEvent::example();
    let records = EventState::create(id, new, clock.tick(1_000)).unwrap();
    (EventState::from_records(id, records).unwrap(), clock, claim)
}

pub async fn register(server: &Server) -> (Phone, String) {
    let (state, clock, claim) = new_event();
    let body = json!({ "registration_key": KEY, "event": state.id, "device": clock.device, "claim": claim });
    let (status, res) = server.post("/api/events", None, body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    let code = res["code"].as_str().unwrap().to_string();
    let phone = Phone {
        clock,
        state,
        token: res["token"].as_str().unwrap().into(),
        cursor: 0,
        claim,
    };
    (phone, code)
}

pub async fn join(server: &Server, code: &str) -> Phone {
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
        claim: String::new(),
    }
}
