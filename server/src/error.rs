//! The server's one error type: a stable code, a message, an HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::api::Code;
use domain::rules::Refusal;
use domain::BundleError;
use serde::Serialize;

/// Every error a client can see. Internal detail is logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No such route or resource.
    #[error("not found")]
    NotFound,
    /// No valid credentials: a missing or unknown token or key.
    #[error("unauthorized")]
    Unauthorized,
    /// A token that was revoked: the event's code was changed and other
    /// phones locked out, or the phone left.
    #[error("token revoked")]
    Revoked,
    /// A token whose phone the event's unit undid: removed from the event.
    #[error("phone removed from the event")]
    Undone,
    /// A push moving a figure further than people could.
    #[error("implausible: {0}")]
    Implausible(String),
    /// Valid credentials, but for something else (another event's token).
    #[error("forbidden")]
    Forbidden,
    /// A phone of a unit above the event's tried to change it: they read,
    /// never write.
    #[error("read only")]
    ReadOnly,
    /// A unit with that code exists already.
    #[error("unit exists")]
    UnitExists,
    /// The unit has a phone enrolled: its own phones add colleagues, and
    /// its parent withdraws them before giving a code for a new one.
    #[error("unit has phones")]
    UnitHasPhones,
    /// A unit's level must be below its parent's.
    #[error("level not below the parent's")]
    LevelNotBelow,
    /// A phone asked to undo itself.
    #[error("a phone cannot undo itself")]
    UndoSelf,
    /// The event already belongs to a unit.
    #[error("event already in a unit")]
    EventInUnit,
    /// No event has this access code.
    #[error("unknown access code")]
    UnknownCode,
    /// The event was registered by another phone.
    #[error("event already registered")]
    EventExists,
    /// The request body is larger than allowed.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The event holds as many records as it may.
    #[error("event full")]
    EventFull,
    /// The phone has written as many changes to the event's history as one
    /// phone may: a bound on what a hostile phone can make the server keep.
    #[error("history full")]
    HistoryFull,
    /// A phone with this device id still has access to the event (the
    /// one named): a device id is one phone's.
    #[error("device id in use")]
    DeviceTaken(domain::EventId),
    /// Too many requests from this address, for this code or this token.
    #[error("rate limited")]
    RateLimited {
        /// Seconds to wait before trying again.
        retry_after: u64,
    },
    /// Too many request bodies are being read at once.
    #[error("busy")]
    Busy,
    /// The request's `Host` cannot be written into a join link.
    #[error("bad host")]
    BadHost,
    /// The request body is not what the route expects.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A period of years the rule book refuses (backwards, too long, out
    /// of its years): the domain's message.
    #[error("bad period: {0}")]
    BadPeriod(String),
    /// The bundle in the request was refused.
    #[error("invalid bundle: {0}")]
    Bundle(#[from] BundleError),
    /// The database failed; the cause is kept for the log.
    #[error("database: {0}")]
    Database(String),
    /// Something else failed inside the server; the detail stays in the log.
    #[error("internal error: {0}")]
    Internal(String),
}

/// An error's stable code, left on its response for the operator's
/// counters (`metrics`).
#[derive(Clone, Copy, Debug)]
pub struct Refused(pub &'static str);

impl From<domain::rules::Refusal> for ApiError {
    /// The rule book's refusal, under the same stable code.
    fn from(refusal: domain::rules::Refusal) -> Self {
        use domain::rules::Refusal;
        match refusal {
            Refusal::NotFound => ApiError::NotFound,
            Refusal::Forbidden => ApiError::Forbidden,
            Refusal::ReadOnly => ApiError::ReadOnly,
            Refusal::Revoked => ApiError::Revoked,
            Refusal::UnitHasPhones => ApiError::UnitHasPhones,
            Refusal::LevelNotBelow => ApiError::LevelNotBelow,
            Refusal::UndoSelf => ApiError::UndoSelf,
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Database(e.to_string())
    }
}

impl From<postgres::Error> for ApiError {
    fn from(e: postgres::Error) -> Self {
        use postgres::error::SqlState;
        // What passes on its own (a lost connection after a failover, a
        // lock waited for too long, a deadlock the database broke) is the
        // phone's to try again, as for a busy server.
        let transient = e.is_closed()
            || e.code().is_some_and(|c| {
                [
                    SqlState::T_R_DEADLOCK_DETECTED,
                    SqlState::T_R_SERIALIZATION_FAILURE,
                    SqlState::LOCK_NOT_AVAILABLE,
                    SqlState::QUERY_CANCELED,
                    SqlState::IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
                    SqlState::ADMIN_SHUTDOWN,
                    SqlState::CANNOT_CONNECT_NOW,
                ]
                .contains(c)
                    || c.code().starts_with("08")
            });
        if transient {
            tracing::warn!(error = %e, "database busy or gone");
            return ApiError::Busy;
        }
        // The server's message names the cause (the detail of a constraint).
        ApiError::Database(match e.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => e.to_string(),
        })
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        // Every connection is in use (or the database is down): the phone
        // tries again shortly, as for any busy server.
        tracing::warn!(error = %e, "no database connection");
        ApiError::Busy
    }
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    server_time_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<domain::EventId>,
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound | ApiError::UnknownCode => StatusCode::NOT_FOUND,
            ApiError::Unauthorized | ApiError::Revoked | ApiError::Undone => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Implausible(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Forbidden | ApiError::ReadOnly => StatusCode::FORBIDDEN,
            ApiError::UnitExists | ApiError::EventInUnit | ApiError::UnitHasPhones => {
                StatusCode::CONFLICT
            }
            ApiError::LevelNotBelow | ApiError::UndoSelf => StatusCode::BAD_REQUEST,
            ApiError::EventExists | ApiError::DeviceTaken(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge
            | ApiError::EventFull
            | ApiError::HistoryFull
            | ApiError::Bundle(BundleError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::BadRequest(_) | ApiError::BadPeriod(_) | ApiError::BadHost => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Bundle(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) | ApiError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code clients switch on.
    pub fn code(&self) -> Code {
        match self {
            ApiError::NotFound => Code::Rule(Refusal::NotFound),
            ApiError::Unauthorized => Code::Unauthorized,
            ApiError::Revoked => Code::Rule(Refusal::Revoked),
            ApiError::Undone => Code::DeviceRemoved,
            ApiError::Implausible(_) => Code::Implausible,
            ApiError::Forbidden => Code::Rule(Refusal::Forbidden),
            ApiError::ReadOnly => Code::Rule(Refusal::ReadOnly),
            ApiError::UnitExists => Code::UnitExists,
            ApiError::EventInUnit => Code::EventInUnit,
            ApiError::UnitHasPhones => Code::Rule(Refusal::UnitHasPhones),
            ApiError::LevelNotBelow => Code::Rule(Refusal::LevelNotBelow),
            ApiError::UndoSelf => Code::Rule(Refusal::UndoSelf),
            ApiError::UnknownCode => Code::UnknownCode,
            ApiError::EventExists => Code::EventExists,
            ApiError::PayloadTooLarge => Code::PayloadTooLarge,
            ApiError::EventFull => Code::EventFull,
            ApiError::HistoryFull => Code::HistoryFull,
            ApiError::DeviceTaken(_) => Code::DeviceTaken,
            ApiError::RateLimited { .. } => Code::RateLimited,
            ApiError::Busy => Code::Busy,
            ApiError::BadHost => Code::BadHost,
            ApiError::BadRequest(_) => Code::BadRequest,
            ApiError::BadPeriod(_) => Code::BadPeriod,
            ApiError::Bundle(e) => Code::from(e),
            ApiError::Internal(_) | ApiError::Database(_) => Code::Internal,
        }
    }

    fn public_message(&self) -> String {
        match self {
            ApiError::NotFound => "No such resource.".into(),
            ApiError::Unauthorized => "A valid token or registration key is required.".into(),
            ApiError::Forbidden => "This token does not give access to that event.".into(),
            ApiError::ReadOnly => {
                "The level above reads this unit's events; it does not change them.".into()
            }
            ApiError::UnitExists => "A unit with this code exists already.".into(),
            ApiError::EventInUnit => "This event already belongs to a unit.".into(),
            ApiError::UnitHasPhones => {
                "This unit has a phone signed in: a phone of the unit adds its colleagues; \
                 to replace its phones, withdraw them first."
                    .into()
            }
            ApiError::LevelNotBelow => "A unit's level must be below its parent's.".into(),
            ApiError::UndoSelf => "A phone cannot undo itself.".into(),
            ApiError::Revoked => "This token was revoked; join again with the new code.".into(),
            ApiError::Undone => {
                "The event's unit removed this phone from the event and undid its changes.".into()
            }
            ApiError::Implausible(what) => format!("Refused as implausible: {what}."),
            ApiError::UnknownCode => "No event has this access code.".into(),
            ApiError::EventExists => "This event was registered by another device.".into(),
            ApiError::PayloadTooLarge => "The request body is too large.".into(),
            ApiError::EventFull => "The event holds as many records as one event may.".into(),
            ApiError::HistoryFull => {
                "This phone sent as many changes to this event as one phone may.".into()
            }
            ApiError::DeviceTaken(_) => {
                "A phone with this device id has joined this event already.".into()
            }
            ApiError::RateLimited { retry_after } => {
                format!("Too many requests; try again in {retry_after} s.")
            }
            ApiError::Busy => "The server is busy; try again shortly.".into(),
            ApiError::BadHost => {
                "The request's Host header is not a valid address; set NGAYHOI_PUBLIC_URL.".into()
            }
            // Parse errors name a position and a reason, never server internals.
            ApiError::BadRequest(why) => format!("Malformed request: {why}"),
            ApiError::BadPeriod(why) => why.clone(),
            ApiError::Bundle(e) => e.to_string(),
            ApiError::Internal(_) | ApiError::Database(_) => {
                "The server could not complete the request.".into()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiError::Database(cause) => {
                tracing::error!(error = %cause, "database error")
            }
            _ => {}
        }
        let server_time_ms = match &self {
            ApiError::Bundle(BundleError::StampAhead { now, .. }) => Some(*now),
            _ => None,
        };
        let event = match &self {
            ApiError::DeviceTaken(event) => Some(*event),
            _ => None,
        };
        let body = Body {
            code: self.code().as_str(),
            message: self.public_message(),
            server_time_ms,
            event,
        };
        let mut response = (self.status(), Json(body)).into_response();
        response
            .extensions_mut()
            .insert(Refused(self.code().as_str()));
        let retry_after = match self {
            ApiError::RateLimited { retry_after } => Some(retry_after.max(1)),
            ApiError::Busy => Some(2),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        response
    }
}
