//! The Ngày hội sync server: serves the built app and, under
//! [`domain::api::PREFIX`], the sync API, each route mounted from its
//! declaration in [`domain::api`]. [`app`] builds the whole router so tests
//! drive it in-process.

pub mod app_files;
pub mod db;
pub mod endpoint;
pub mod error;
pub mod extract;
pub mod health;
pub mod history;
pub mod limits;
pub mod metrics;
pub mod secrets;
pub mod security;
pub mod serve;
pub mod sync;
pub mod units;

pub use error::ApiError;

use axum::http::{header, HeaderMap};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

/// The largest sync request body: a page of pushed records and its envelope.
/// The app pushes at most [`domain::protocol::PUSH_RECORDS`] records a
/// request, far below it.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The database: a SQLite file, or PostgreSQL.
    pub database: db::Location,
    /// The file holding the server's secret key (made at first start), which
    /// keys the hashes of codes and tokens. Outside the database on purpose.
    pub key_file: PathBuf,
    /// The registration key; `None` keeps the stored one, or makes one and
    /// writes it to [`Config::registration_key_file`].
    pub registration_key: Option<String>,
    /// Where a registration key made at first start is written (owner-only).
    pub registration_key_file: PathBuf,
    /// The address phones reach the server at, for join links and QR codes;
    /// `None` uses the request's `Host`, if it is a plain host name.
    pub public_url: Option<String>,
    /// Rate limits, page sizes and quotas.
    pub limits: limits::Limits,
    /// How long a client may take to send a request and its body.
    pub timeouts: serve::Timeouts,
    /// The operator's token for `/metrics` from another address; it opens
    /// nothing else.
    pub metrics_token: Option<String>,
}

impl Config {
    /// A configuration with the key files beside the database.
    pub fn new(dist: PathBuf, database: impl Into<db::Location>) -> Config {
        let database = database.into();
        let dir = database.dir();
        Config {
            dist,
            key_file: dir.join("server-key"),
            registration_key_file: dir.join("registration-key.txt"),
            database,
            registration_key: None,
            public_url: None,
            limits: limits::Limits::default(),
            timeouts: serve::Timeouts::default(),
            metrics_token: None,
        }
    }
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: db::Db,
    /// Hashes secrets before they reach the database.
    pub key: secrets::ServerKey,
    public_url: Option<String>,
    /// Rate limiters and the body budget.
    pub limits: Arc<limits::Limiters>,
    /// The operator's counters.
    pub metrics: Arc<metrics::Metrics>,
    /// Each event's turn for pushes, waited for before a connection is taken.
    pub turns: Arc<limits::EventTurns>,
    /// The keyed hash of the operator's metrics token, if one is set.
    pub metrics_token_hash: Option<String>,
}

impl AppState {
    /// Opens the database (migrating it) and settles the registration key.
    /// Returns the file a key made just now was written to, for the operator.
    pub fn open(config: &Config) -> Result<(AppState, Option<PathBuf>), ApiError> {
        let public_url = config
            .public_url
            .as_deref()
            .map(security::check_public_url)
            .transpose()?;
        if let Some(key) = &config.registration_key {
            if key.trim().chars().count() < secrets::MIN_KEY_LEN {
                return Err(ApiError::Internal(format!(
                    "the registration key must have at least {} characters",
                    secrets::MIN_KEY_LEN
                )));
            }
        }
        let key = secrets::ServerKey::load_or_create(&config.key_file)?;
        let db = db::Db::open(&config.database, &key)?;
        let made = settle_registration_key(&db, &key, config)?;
        let limits = Arc::new(limits::Limiters::for_db(&config.limits, &db));
        let metrics_token_hash = config.metrics_token.as_deref().map(|t| key.hash(t.trim()));
        let state = AppState {
            db,
            key,
            public_url,
            limits,
            metrics: Arc::new(metrics::Metrics::default()),
            turns: Arc::default(),
            metrics_token_hash,
        };
        Ok((state, made))
    }

    /// The server's address as phones see it: the configured one, or the
    /// request's `Host` if it is a plain host name (anything else could put
    /// a stranger's address, or garbage, into a join link).
    pub fn public_url(&self, headers: &HeaderMap) -> Result<String, ApiError> {
        if let Some(url) = &self.public_url {
            return Ok(url.clone());
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        if !security::is_plain_host(host) {
            return Err(ApiError::BadHost);
        }
        Ok(format!("http://{host}"))
    }
}

/// The registration key: the operator's (checked for length), the stored
/// one, or a new one written to an owner-only file, never to the log.
fn settle_registration_key(
    db: &db::Db,
    key: &secrets::ServerKey,
    config: &Config,
) -> Result<Option<PathBuf>, ApiError> {
    db.call_now(|conn| {
        db::check_server_key(conn, &key.check())?;
        let stored = db::registration_key_hash(conn)?;
        match (&config.registration_key, stored) {
            (Some(given), _) => {
                db::set_registration_key_hash(conn, &key.hash(given.trim()))?;
                Ok(None)
            }
            (None, Some(_)) => Ok(None),
            (None, None) => {
                let made = secrets::registration_key();
                let path = &config.registration_key_file;
                let io = |e: std::io::Error| ApiError::Internal(format!("{}: {e}", path.display()));
                // Written before it is stored: a key whose hash is stored
                // must be readable by someone. The draft's name is this
                // process's own: processes starting at once on one database
                // must not write or move each other's drafts, or the file
                // could end up holding a key that is not the stored one.
                let draft = path.with_extension(format!("new-{}", secrets::random_suffix()));
                secrets::write_private(&draft, &made).map_err(io)?;
                // Another process starting on the same database may have
                // made one meanwhile: then its key stands, and its file.
                if !db::init_registration_key_hash(conn, &key.hash(&made))? {
                    let _ = std::fs::remove_file(&draft);
                    return Ok(None);
                }
                std::fs::rename(&draft, path).map_err(io)?;
                Ok(Some(path.clone()))
            }
        }
    })
}

/// Every route of the API ([`domain::api::ROUTES`]).
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(sync::router())
        .merge(units::router())
        .merge(history::router())
}

/// The whole router: the API first, the app's files for everything else,
/// every answer with the security headers.
pub fn app(state: AppState, config: &Config) -> Router {
    let counters = state.metrics.clone();
    let routes = Router::new()
        .route("/metrics", axum::routing::get(metrics::page))
        .merge(api())
        .with_state(state)
        .merge(app_files::router(&config.dist))
        .layer(axum::middleware::from_fn_with_state(
            counters,
            metrics::count,
        ));
    serve::with_timeouts(routes, config.timeouts)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(security::Csp::new(config.dist.join("index.html"))),
            security::headers,
        ))
        .layer(TraceLayer::new_for_http())
}
