//! The server's one error type: a stable code, a message, an HTTP status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Every error a client can see. Internal detail is logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No such route or resource.
    #[error("not found")]
    NotFound,
    /// Something failed inside the server; the detail stays in the log.
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::Internal(_) => "internal",
        }
    }

    fn public_message(&self) -> &'static str {
        match self {
            ApiError::NotFound => "No such resource.",
            ApiError::Internal(_) => "The server could not complete the request.",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let body = Body {
            code: self.code(),
            message: self.public_message(),
        };
        (self.status(), Json(body)).into_response()
    }
}
