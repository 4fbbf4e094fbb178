//! The Ngày hội sync server: serves the built app and, under `/api/`, the
//! sync API. [`app`] builds the whole router so tests drive it in-process.

pub mod app_files;
pub mod db;
pub mod error;
pub mod health;
pub mod secrets;
pub mod sync;

pub use error::ApiError;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap};
use axum::Router;
use std::path::PathBuf;
use tower_http::trace::TraceLayer;

/// The largest request body: a full bundle plus its envelope.
pub const MAX_BODY_BYTES: usize = domain::bundle::MAX_BYTES + 64 * 1024;

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The SQLite database file.
    pub database: PathBuf,
    /// The registration key; `None` keeps the stored one, or makes one.
    pub registration_key: Option<String>,
    /// The address phones reach the server at, for join links and QR codes;
    /// `None` uses the request's `Host`.
    pub public_url: Option<String>,
}

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: db::Db,
    public_url: Option<String>,
}

impl AppState {
    /// Opens the database (migrating it) and settles the registration key.
    /// Returns a key created just now, for the operator to read once.
    pub fn open(config: &Config) -> Result<(AppState, Option<String>), ApiError> {
        let db = db::Db::open(&config.database)?;
        let made = db.ensure_registration_key(config.registration_key.as_deref())?;
        let public_url = config
            .public_url
            .as_ref()
            .map(|u| u.trim_end_matches('/').to_string());
        Ok((AppState { db, public_url }, made))
    }

    /// The server's address as phones see it.
    pub fn public_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        format!("http://{host}")
    }
}

/// The whole router: the API first, the app's files for everything else.
pub fn app(state: AppState, config: &Config) -> Router {
    Router::new()
        .merge(health::router())
        .merge(sync::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
        .merge(app_files::router(&config.dist))
        .layer(TraceLayer::new_for_http())
}
