//! The API as declared ([`domain::api`]) is the API the server answers:
//! every declared route is mounted at its path for its method, and every
//! error code the server answers is a declared one.

mod support;

use axum::http::StatusCode;
use domain::api::{self, Code, ROUTES};
use domain::{BundleError, EventId};
use server::ApiError;
use support::*;

/// A value for each path parameter, of the shape the route reads.
fn sample(name: &str) -> String {
    match name {
        "id" | "device" => uuid::Uuid::new_v4().to_string(),
        "code" => "19".into(),
        "submission" => "s-1".into(),
        other => panic!("no sample for {{{other}}}"),
    }
}

#[tokio::test]
async fn every_declared_route_is_mounted_for_its_method() {
    let server = Server::new();
    // What the router answers a path it does not know.
    let (unknown, body) = server.call("GET", "/api/no-such-route", None, None).await;
    assert_eq!(unknown, StatusCode::NOT_FOUND, "{body}");
    for &(method, template) in ROUTES {
        let values: Vec<String> = api::params(template).into_iter().map(sample).collect();
        let refs: Vec<&dyn std::fmt::Display> =
            values.iter().map(|v| v as &dyn std::fmt::Display).collect();
        let path = api::fill(template, &refs);
        // No token and no body: refused by the route itself (401, 400),
        // never the router's 404 or 405.
        let (status, body) = server.call(method.as_str(), &path, None, None).await;
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{} {path}: {status} {body}",
            method.as_str()
        );
    }
}

#[test]
fn every_code_the_server_answers_is_declared() {
    let event = EventId(uuid::Uuid::nil());
    let bundle = [
        BundleError::TooLarge { bytes: 1 },
        BundleError::NotABundle(String::new()),
        BundleError::UnsupportedVersion(9),
        BundleError::Malformed(String::new()),
        BundleError::TooManyRecords(0),
        BundleError::ChecksumMismatch,
        BundleError::ForeignRecord,
        BundleError::InvalidRecord(domain::DomainError::Empty { field: "name" }),
        BundleError::StampAhead { wall: 1, now: 0 },
        BundleError::WrongEvent {
            expected: event,
            found: event,
        },
    ];
    let errors = [
        ApiError::NotFound,
        ApiError::Unauthorized,
        ApiError::Revoked,
        ApiError::Undone,
        ApiError::Implausible(String::new()),
        ApiError::Forbidden,
        ApiError::ReadOnly,
        ApiError::UnitExists,
        ApiError::UnitHasPhones,
        ApiError::LevelNotBelow,
        ApiError::UndoSelf,
        ApiError::EventInUnit,
        ApiError::UnknownCode,
        ApiError::EventExists,
        ApiError::PayloadTooLarge,
        ApiError::EventFull,
        ApiError::HistoryFull,
        ApiError::DeviceTaken(event),
        ApiError::RateLimited { retry_after: 1 },
        ApiError::Busy,
        ApiError::BadHost,
        ApiError::BadRequest(String::new()),
        ApiError::BadPeriod(String::new()),
        ApiError::Database(String::new()),
        ApiError::Internal(String::new()),
    ]
    .into_iter()
    .chain(bundle.into_iter().map(ApiError::Bundle));
    for error in errors {
        assert!(
            Code::ALL.contains(&error.code()),
            "{} is not declared",
            error.code().as_str()
        );
    }
}
