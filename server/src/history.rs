//! The change history API: who changed which field of which record, when,
//! from what to what. Read by the event's phones and, under the unit access
//! rule, by its unit and the units above it.

use crate::db::history;
use crate::endpoint::{Mount, Reply};
use crate::error::ApiError;
use crate::extract::EventAccess;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Router;
use domain::api::{self, HistoryQuery};
use domain::RecordKey;

/// The history route.
pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(api::History, entries)
        .endpoint(api::Devices, devices)
        .endpoint(api::UndoDevice, undo_device)
}

/// The entries asked for, at most [`history::MAX_ENTRIES`] of them.
async fn entries(
    State(state): State<AppState>,
    EventAccess { event, .. }: EventAccess,
    Query(query): Query<HistoryQuery>,
) -> Result<Reply<api::History>, ApiError> {
    let record = match query.record {
        Some(r) => Some(
            RecordKey::parse(&r)
                .ok_or_else(|| ApiError::BadRequest("record: kind/id".into()))?
                .to_string(),
        ),
        None => None,
    };
    let limit = query.limit.unwrap_or(history::MAX_ENTRIES);
    let after = query.after.max(0);
    state
        .db
        .call(move |conn| history::entries(conn, event, record.as_deref(), after, limit))
        .await
        .map(Reply)
}

/// "Các máy tham gia": every phone of the event with what it contributed.
async fn devices(
    State(state): State<AppState>,
    EventAccess { event, .. }: EventAccess,
) -> Result<Reply<api::Devices>, ApiError> {
    state
        .db
        .call(move |conn| history::devices(conn, event))
        .await
        .map(Reply)
}

/// Undoes a phone of this event (one that joined it, or one of the event's
/// unit): the rule book says who may ([`domain::rules::Action::Undo`]).
/// The phone loses its access and what it wrote is written back.
async fn undo_device(
    State(state): State<AppState>,
    EventAccess {
        event,
        role,
        token_hash,
        ..
    }: EventAccess,
    headers: axum::http::HeaderMap,
    axum::extract::Path((_, device)): axum::extract::Path<(String, String)>,
) -> Result<Reply<api::UndoDevice>, ApiError> {
    let device = uuid::Uuid::parse_str(&device)
        .map(domain::DeviceId)
        .map_err(|_| ApiError::BadRequest("device: a device id".into()))?;
    // The undone phone knows the access code: a new one keeps it from
    // joining again under another device id. A unit's ledger has no code
    // (its unit's token reaches it), so its answer carries none, nor a
    // join link that would lead nowhere.
    let ledger = state
        .db
        .call(move |conn| crate::db::ledger::is_ledger(conn, event))
        .await?;
    let (code, join_url, qr_svg) = if ledger {
        (String::new(), String::new(), String::new())
    } else {
        let code = crate::secrets::access_code();
        let (join_url, qr_svg) = crate::sync::invitation(&state, &headers, &code)?;
        (code, join_url, qr_svg)
    };
    let code_hash = state.key.hash(&code);
    let undone = state
        .db
        .call(move |conn| {
            history::undo_device(conn, event, device, (&token_hash, role), &code_hash)
        })
        .await?;
    Ok(Reply(domain::protocol::Undone {
        code,
        join_url,
        qr_svg,
        ..undone
    }))
}
