//! What handlers take from a request, as axum extractors that refuse with
//! [`ApiError`]: the client's address, a token's access to the event in the
//! path, and a JSON body read within the server's budget.
//!
//! axum runs the extractors that read only the request's head before the
//! one that reads its body, so a handler taking [`EventAccess`] and then a
//! [`JsonBody`] never reads a byte of a stranger's body.

use crate::db::{self, Role};
use crate::{ApiError, AppState};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use domain::EventId;
use serde::de::DeserializeOwned;
use std::net::IpAddr;

/// The client's address (for rate limits): the connection's, or a trusted
/// proxy's `X-Forwarded-For`.
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(ClientAddr(
            state.limits.client_addr(&parts.headers, &parts.extensions),
        ))
    }
}

/// A registration attempt, its rate counted per address before the body
/// is read (registration-key guesses are limited).
pub struct RegisterAttempt;

impl FromRequestParts<AppState> for RegisterAttempt {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ClientAddr(addr) = ClientAddr::from_request_parts(parts, state).await?;
        state.limits.register(addr).await?;
        Ok(RegisterAttempt)
    }
}

/// The bearer token, as sent.
pub fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .ok_or(ApiError::Unauthorized)
}

/// A valid token for the event in the path (`/api/events/{id}/…`), its
/// rate counted.
pub struct EventAccess {
    /// The event.
    pub event: EventId,
    /// The token as sent (a code rotation hands it back).
    pub token: String,
    /// Its keyed hash, as stored.
    pub token_hash: String,
    /// What it may do.
    pub role: Role,
}

impl FromRequestParts<AppState> for EventAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        let event = params
            .iter()
            .find(|(name, _)| *name == "id")
            .and_then(|(_, id)| EventId::parse(id))
            .ok_or(ApiError::NotFound)?;
        let ClientAddr(addr) = ClientAddr::from_request_parts(parts, state).await?;
        state.limits.auth_allowed(addr)?;
        let token = bearer(&parts.headers)?;
        let token_hash = state.key.hash(&token);
        let hash = token_hash.clone();
        let role = counted(
            state,
            addr,
            state
                .db
                .call(move |conn| db::authorize(conn, &hash, event))
                .await,
        )?;
        state.limits.sync(&token_hash).await?;
        Ok(EventAccess {
            event,
            token,
            token_hash,
            role,
        })
    }
}

/// A credential's lookup, its failure counted against the address.
fn counted<T>(
    state: &AppState,
    addr: IpAddr,
    looked_up: Result<T, ApiError>,
) -> Result<T, ApiError> {
    if let Err(ApiError::Unauthorized | ApiError::Revoked) = &looked_up {
        state.limits.auth_failed(addr);
    }
    looked_up
}

/// The largest registration, join or code-rotation body: a few short fields.
pub const SMALL: usize = 4 * 1024;

/// A JSON body of at most `MAX` bytes, read once there is room for it in
/// the budget of bodies held at once.
pub struct JsonBody<T, const MAX: usize = SMALL>(pub T);

impl<T: DeserializeOwned, const MAX: usize> FromRequest<AppState> for JsonBody<T, MAX> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let (bytes, _permit) = state.limits.read_body(&parts.headers, body, MAX).await?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::BadRequest(e.to_string()))
    }
}

/// A phone enrolled in a unit: its enrolment token, valid and not revoked,
/// its rate counted.
pub struct UnitAccess {
    /// The phone's unit.
    pub member: db::units::Member,
    /// The token's keyed hash, as stored.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for UnitAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ClientAddr(addr) = ClientAddr::from_request_parts(parts, state).await?;
        state.limits.auth_allowed(addr)?;
        let token_hash = state.key.hash(&bearer(&parts.headers)?);
        let hash = token_hash.clone();
        let member = counted(
            state,
            addr,
            state
                .db
                .call(move |conn| db::units::member(conn, &hash))
                .await,
        )?;
        state.limits.sync(&token_hash).await?;
        Ok(UnitAccess { member, token_hash })
    }
}
