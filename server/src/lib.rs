//! The Ngày hội sync server: serves the built app and, under `/api/`, the
//! sync API. [`app`] builds the whole router so tests drive it in-process.

pub mod app_files;
pub mod error;
pub mod health;

pub use error::ApiError;

use axum::Router;
use std::path::PathBuf;
use tower_http::trace::TraceLayer;

/// What the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
}

/// The whole router: the API first, the app's files for everything else.
pub fn app(config: &Config) -> Router {
    Router::new()
        .merge(health::router())
        .merge(app_files::router(&config.dist))
        .layer(TraceLayer::new_for_http())
}
