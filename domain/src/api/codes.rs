//! The error codes a route may answer, one spelling for both sides.

use crate::rules::Refusal;

/// A stable error code a route may answer ([`crate::protocol::ApiErrorBody::code`]),
/// the app switches on. The rule book's refusals keep their own codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A refusal of the rule book ([`crate::rules::decide`]), under its code.
    Rule(Refusal),
    /// No valid credential: a missing or unknown token or key.
    Unauthorized,
    /// The event's unit removed this phone from the event.
    DeviceRemoved,
    /// A push moving a figure further than people could.
    Implausible,
    /// A unit with that code exists already.
    UnitExists,
    /// The event already belongs to a unit.
    EventInUnit,
    /// No event or unit has this code.
    UnknownCode,
    /// The event was registered by another phone.
    EventExists,
    /// The request body is larger than allowed.
    PayloadTooLarge,
    /// The event holds as many records as it may.
    EventFull,
    /// The phone wrote as many changes to the event's history as it may.
    HistoryFull,
    /// A phone with this device id has access to the event already.
    DeviceTaken,
    /// Too many requests; try again after `Retry-After`.
    RateLimited,
    /// The server is busy; try again shortly.
    Busy,
    /// The request's `Host` cannot be written into a link.
    BadHost,
    /// The request is not what the route expects.
    BadRequest,
    /// A period of years backwards, too long or out of the rule book's
    /// years ([`crate::movement::period::Period::new`]).
    BadPeriod,
    /// A bundle larger than allowed.
    BundleTooLarge,
    /// Not a bundle at all.
    NotABundle,
    /// A bundle of a version this side does not read.
    UnsupportedVersion,
    /// A bundle that does not parse.
    MalformedBundle,
    /// A bundle with more records than allowed.
    TooManyRecords,
    /// A bundle whose checksum does not match.
    ChecksumMismatch,
    /// A bundle holding a record of another event.
    ForeignRecord,
    /// A bundle holding a record that breaks the model's rules.
    InvalidRecord,
    /// Changes stamped ahead of the server's clock (the answer carries it).
    ClockAhead,
    /// A bundle of another event than the route's.
    WrongEvent,
    /// The server failed; the detail stays in its log.
    Internal,
}

impl From<&crate::BundleError> for Code {
    /// The code a refused bundle is answered with.
    fn from(error: &crate::BundleError) -> Self {
        use crate::BundleError as B;
        match error {
            B::TooLarge { .. } => Code::BundleTooLarge,
            B::NotABundle(_) => Code::NotABundle,
            B::UnsupportedVersion(_) => Code::UnsupportedVersion,
            B::Malformed(_) => Code::MalformedBundle,
            B::TooManyRecords(_) => Code::TooManyRecords,
            B::ChecksumMismatch => Code::ChecksumMismatch,
            B::ForeignRecord => Code::ForeignRecord,
            B::InvalidRecord(_) => Code::InvalidRecord,
            B::StampAhead { .. } => Code::ClockAhead,
            B::WrongEvent { .. } => Code::WrongEvent,
        }
    }
}

impl Code {
    /// The code as the server writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Rule(refusal) => refusal.code(),
            Code::Unauthorized => "unauthorized",
            Code::DeviceRemoved => "device_removed",
            Code::Implausible => "implausible",
            Code::UnitExists => "unit_exists",
            Code::EventInUnit => "event_in_unit",
            Code::UnknownCode => "unknown_code",
            Code::EventExists => "event_exists",
            Code::PayloadTooLarge => "payload_too_large",
            Code::EventFull => "event_full",
            Code::HistoryFull => "history_full",
            Code::DeviceTaken => "device_taken",
            Code::RateLimited => "rate_limited",
            Code::Busy => "busy",
            Code::BadHost => "bad_host",
            Code::BadRequest => "bad_request",
            Code::BadPeriod => "bad_period",
            Code::BundleTooLarge => "bundle_too_large",
            Code::NotABundle => "not_a_bundle",
            Code::UnsupportedVersion => "unsupported_version",
            Code::MalformedBundle => "malformed_bundle",
            Code::TooManyRecords => "too_many_records",
            Code::ChecksumMismatch => "checksum_mismatch",
            Code::ForeignRecord => "foreign_record",
            Code::InvalidRecord => "invalid_record",
            Code::ClockAhead => "clock_ahead",
            Code::WrongEvent => "wrong_event",
            Code::Internal => "internal",
        }
    }

    /// Every code, for tests and tables.
    pub const ALL: [Code; 34] = [
        Code::Rule(Refusal::NotFound),
        Code::Rule(Refusal::Forbidden),
        Code::Rule(Refusal::ReadOnly),
        Code::Rule(Refusal::Revoked),
        Code::Rule(Refusal::UnitHasPhones),
        Code::Rule(Refusal::LevelNotBelow),
        Code::Rule(Refusal::UndoSelf),
        Code::Unauthorized,
        Code::DeviceRemoved,
        Code::Implausible,
        Code::UnitExists,
        Code::EventInUnit,
        Code::UnknownCode,
        Code::EventExists,
        Code::PayloadTooLarge,
        Code::EventFull,
        Code::HistoryFull,
        Code::DeviceTaken,
        Code::RateLimited,
        Code::Busy,
        Code::BadHost,
        Code::BadRequest,
        Code::BadPeriod,
        Code::BundleTooLarge,
        Code::NotABundle,
        Code::UnsupportedVersion,
        Code::MalformedBundle,
        Code::TooManyRecords,
        Code::ChecksumMismatch,
        Code::ForeignRecord,
        Code::InvalidRecord,
        Code::ClockAhead,
        Code::WrongEvent,
        Code::Internal,
    ];
}

/// What any route may answer, beside the codes it declares: a body it
/// cannot read, too many requests, a busy or failing server.
pub const ANY_ROUTE: &[Code] = &[
    Code::BadRequest,
    Code::PayloadTooLarge,
    Code::RateLimited,
    Code::Busy,
    Code::Internal,
];

/// What a route behind an event's token may answer: the event unknown
/// (or out of reach), no valid token, one revoked or removed.
pub(super) const EVENT_TOKEN: [Code; 4] = [
    Code::Rule(Refusal::NotFound),
    Code::Unauthorized,
    Code::Rule(Refusal::Revoked),
    Code::DeviceRemoved,
];

/// What a route behind a unit phone's token may answer.
pub(super) const UNIT_TOKEN: [Code; 2] = [Code::Unauthorized, Code::Rule(Refusal::Revoked)];
