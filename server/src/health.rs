//! [`api::Health`]: whether the server is up, for monitors and the app.

use crate::endpoint::{Mount, Reply};
use crate::{ApiError, AppState};
use axum::Router;
use domain::api::{self, ServerStatus};

/// The health route.
pub fn router() -> Router<AppState> {
    Router::new().endpoint(api::Health, health)
}

async fn health() -> Result<Reply<api::Health>, ApiError> {
    Ok(Reply(ServerStatus {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
