//! The sync API: registering an event, joining it with an access code, and
//! the sync round trip. Every route here but registration and joining needs a
//! bearer token for the event in its path.

use crate::db::{self, Access};
use crate::error::ApiError;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use domain::protocol::{AccessGrant, JoinRequest, RegisterRequest, SyncResponse};
use domain::{Bundle, DeviceId, EventId};
use serde::Deserialize;
use serde_json::value::RawValue;
use uuid::Uuid;

/// The sync routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/events", post(register))
        .route("/api/join", post(join))
        .route("/api/events/{id}/sync", post(sync))
}

/// The device id the server signs its bundles with.
pub const SERVER_DEVICE: DeviceId = DeviceId(Uuid::nil());

/// [`domain::protocol::SyncRequest`], with the bundle kept raw so that
/// [`Bundle::parse`] reads it (it names an unknown version precisely).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncRequest<'a> {
    cursor: u64,
    #[serde(borrow)]
    bundle: &'a RawValue,
}

/// Reads a JSON body, turning every failure into a JSON error.
fn json_body<'a, T: Deserialize<'a>>(
    body: &'a Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let bytes = body.as_ref().map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest("unreadable body".into())
        }
    })?;
    serde_json::from_slice(bytes).map_err(|e| ApiError::BadRequest(e.to_string()))
}

fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized)
}

fn access_response(
    state: &AppState,
    headers: &HeaderMap,
    access: Access,
) -> Result<AccessGrant, ApiError> {
    let code = access.code;
    let join_url = format!("{}/tham-gia?ma={code}", state.public_url(headers));
    let qr_svg = qrcode::QrCode::new(join_url.as_bytes())
        .map_err(|e| ApiError::Internal(format!("qr code: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(AccessGrant {
        event: access.event,
        code,
        token: access.token,
        join_url,
        qr_svg,
    })
}

async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<AccessGrant>), ApiError> {
    let request: RegisterRequest = json_body(&body)?;
    let access = state
        .db
        .call(move |conn| {
            if !db::registration_key_matches(conn, &request.registration_key)? {
                return Err(ApiError::Unauthorized);
            }
            db::register_event(conn, request.event, request.device)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(access_response(&state, &headers, access)?),
    ))
}

async fn join(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AccessGrant>, ApiError> {
    let request: JoinRequest = json_body(&body)?;
    let access = state
        .db
        .call(move |conn| db::join(conn, &request.code, request.device))
        .await?;
    Ok(Json(access_response(&state, &headers, access)?))
}

async fn sync(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SyncResponse>, ApiError> {
    let event = EventId::parse(&id).ok_or(ApiError::NotFound)?;
    let token = bearer(&headers)?;
    // Credentials first: nothing of the body is read for a stranger.
    state
        .db
        .call(move |conn| db::authorize(conn, &token, event))
        .await?;
    let request: SyncRequest = json_body(&body)?;
    let bundle = Bundle::parse(request.bundle.get().as_bytes())?;
    bundle.expect_event(event)?;
    let cursor = request.cursor;
    let synced = state
        .db
        .call(move |conn| db::sync(conn, event, cursor, &bundle.records))
        .await?;
    tracing::debug!(%event, pushed = synced.acked.len(), changed = synced.changed, "sync");
    Ok(Json(SyncResponse {
        cursor: synced.cursor,
        acked: synced.acked,
        bundle: Bundle::new(event, SERVER_DEVICE, synced.records),
    }))
}
