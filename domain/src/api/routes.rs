//! Every route of the API, declared once.

use super::codes::{EVENT_TOKEN, UNIT_TOKEN};
use super::{Code, Endpoint, HistoryQuery, Method, PeriodQuery, ServerStatus, YearQuery};
use crate::protocol as p;
use crate::rules::Refusal;
use crate::EventId;

/// Declares each route: a unit type and its [`Endpoint`], and [`ROUTES`].
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $method:ident $path:literal $status:literal
            params $params:ty, query $query:ty, sends $request:ty, answers $answer:ty,
            errors [$($errors:tt)*];
    )*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, Copy, Default)]
            pub struct $name;

            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                const STATUS: u16 = $status;
                const ERRORS: &'static [Code] = &codes!($($errors)*);
                type Params = $params;
                type Query = $query;
                type Request = $request;
                type Answer = $answer;
            }
        )*

        /// Every route, as (method, path): the server mounts each of them.
        pub const ROUTES: &[(Method, &str)] = &[$((Method::$method, $path)),*];
    };
}

/// A list of codes: `EVENT_TOKEN` and `UNIT_TOKEN` spread, the rule book's
/// refusals by name, the others by their [`Code`] name.
macro_rules! codes {
    (@ [$($out:expr),*]) => { [$($out),*] };
    (@ [$($out:expr),*] event_token $(, $($rest:tt)*)?) => {
        codes!(@ [$($out,)* EVENT_TOKEN[0], EVENT_TOKEN[1], EVENT_TOKEN[2], EVENT_TOKEN[3]] $($($rest)*)?)
    };
    (@ [$($out:expr),*] unit_token $(, $($rest:tt)*)?) => {
        codes!(@ [$($out,)* UNIT_TOKEN[0], UNIT_TOKEN[1]] $($($rest)*)?)
    };
    (@ [$($out:expr),*] rule $refusal:ident $(, $($rest:tt)*)?) => {
        codes!(@ [$($out,)* Code::Rule(Refusal::$refusal)] $($($rest)*)?)
    };
    (@ [$($out:expr),*] $code:ident $(, $($rest:tt)*)?) => {
        codes!(@ [$($out,)* Code::$code] $($($rest)*)?)
    };
    ($($rest:tt)*) => { codes!(@ [] $($rest)*) };
}

endpoints! {
    /// Whether the server is up, for monitors and the app.
    Health = Get "/api/health" 200
        params (), query (), sends (), answers ServerStatus,
        errors [];

    /// The phone that created an event shares it: under its unit with the
    /// unit's token, or on the server's registration key.
    Register = Post "/api/events" 201
        params (), query (), sends p::RegisterRequest, answers p::AccessGrant,
        errors [Unauthorized, EventExists, BadHost, rule NotFound, rule Revoked];

    /// Another phone joins an event with its access code.
    Join = Post "/api/join" 200
        params (), query (), sends p::JoinRequest, answers p::AccessGrant,
        errors [UnknownCode, DeviceTaken, BadHost];

    /// One round trip: the phone's records pushed, the server's pulled.
    Sync = Post "/api/events/{id}/sync" 200
        params (EventId,), query (), sends p::SyncRequest, answers p::SyncResponse,
        errors [event_token, rule ReadOnly, rule Forbidden, EventFull, HistoryFull, Implausible,
            BundleTooLarge, NotABundle, UnsupportedVersion, MalformedBundle, TooManyRecords,
            ChecksumMismatch, ForeignRecord, InvalidRecord, ClockAhead, WrongEvent];

    /// A new access code, for the phone that shared the event.
    Rotate = Post "/api/events/{id}/code" 200
        params (EventId,), query (), sends p::RotateRequest, answers p::AccessGrant,
        errors [event_token, rule Forbidden, BadHost];

    /// The phone gives its token of the event back.
    Leave = Delete "/api/events/{id}/token" 204
        params (EventId,), query (), sends (), answers (),
        errors [event_token, rule Forbidden];

    /// A phone signs in to a unit with a one-time code.
    Enrol = Post "/api/units/enrol" 201
        params (), query (), sends p::EnrolRequest, answers p::Enrolment,
        errors [UnknownCode];

    /// The phone's own unit, the units below it and its deadline.
    Home = Get "/api/units/me" 200
        params (), query YearQuery, sends (), answers p::UnitHome,
        errors [unit_token, rule NotFound];

    /// The events of the units below in a year, each with its latest report.
    ReportsBelow = Get "/api/units/me/reports" 200
        params (), query YearQuery, sends (), answers Vec<p::UnitReport>,
        errors [unit_token];

    /// The level above's dashboard for a year.
    Dashboard = Get "/api/units/me/dashboard" 200
        params (), query YearQuery, sends (), answers p::Dashboard,
        errors [unit_token, rule NotFound];

    /// What the level above computes the movement's period sheet from:
    /// the units below, their ledgers' years and models, their events.
    Period = Get "/api/units/me/period" 200
        params (), query PeriodQuery, sends (), answers p::PeriodData,
        errors [unit_token, rule NotFound, BadPeriod];

    /// A unit the phone may see, with the units below it and its deadline.
    UnitHome = Get "/api/units/{code}" 200
        params (String,), query YearQuery, sends (), answers p::UnitHome,
        errors [unit_token, rule NotFound];

    /// Renames a unit directly below.
    Rename = Patch "/api/units/{code}" 204
        params (String,), query (), sends p::RenameUnit, answers (),
        errors [unit_token, rule NotFound, rule Forbidden];

    /// Adds a unit directly below the phone's.
    AddUnit = Post "/api/units/{code}/units" 201
        params (String,), query (), sends p::NewUnit, answers crate::unit::Unit,
        errors [unit_token, rule NotFound, rule Forbidden, rule LevelNotBelow, UnitExists];

    /// "Nhật ký đơn vị": a unit's audit list.
    Audit = Get "/api/units/{code}/audit" 200
        params (String,), query (), sends (), answers Vec<p::AuditEntry>,
        errors [unit_token, rule NotFound, rule Forbidden];

    /// A one-time sign-in code for a unit below, or for a colleague.
    IssueCode = Post "/api/units/{code}/enrolment" 201
        params (String,), query (), sends (), answers p::EnrolmentCode,
        errors [unit_token, rule NotFound, rule Forbidden, rule UnitHasPhones, BadHost];

    /// Withdraws a unit's outstanding codes and every phone signed in to it.
    WithdrawCode = Delete "/api/units/{code}/enrolment" 204
        params (String,), query (), sends (), answers (),
        errors [unit_token, rule NotFound, rule Forbidden];

    /// The deadline a unit set for the units below for a year, if any.
    OwnDeadline = Get "/api/units/{code}/deadline" 200
        params (String,), query YearQuery, sends (), answers Option<p::Deadline>,
        errors [unit_token, rule NotFound];

    /// Sets when the units below report for a year.
    SetDeadline = Put "/api/units/{code}/deadline" 204
        params (String,), query (), sends p::Deadline, answers (),
        errors [unit_token, rule NotFound, rule Forbidden];

    /// Attaches an event shared before enrolling to the phone's unit.
    Attach = Post "/api/events/{id}/unit" 204
        params (EventId,), query (), sends p::AttachRequest, answers (),
        errors [unit_token, rule NotFound, rule Forbidden, EventInUnit];

    /// Where an event's submissions stand with the level above.
    Reports = Get "/api/events/{id}/reports" 200
        params (EventId,), query (), sends (), answers Vec<p::ReportState>,
        errors [event_token];

    /// The level above accepts or returns a report.
    Decide = Post "/api/events/{id}/reports/{submission}/decision" 204
        params (EventId, String), query (), sends p::Decision, answers (),
        errors [event_token, rule Forbidden];

    /// Who changed which field of which record, when, from what to what.
    History = Get "/api/events/{id}/history" 200
        params (EventId,), query HistoryQuery, sends (), answers Vec<p::HistoryEntry>,
        errors [event_token];

    /// "Các máy tham gia": the event's phones and what each contributed.
    Devices = Get "/api/events/{id}/devices" 200
        params (EventId,), query (), sends (), answers Vec<p::EventDevice>,
        errors [event_token];

    /// Undoes a phone of the event: its access revoked, what it wrote
    /// written back, a new access code.
    UndoDevice = Post "/api/events/{id}/devices/{device}/undo" 200
        params (EventId, String), query (), sends (), answers p::Undone,
        errors [event_token, rule Forbidden, rule UndoSelf, BadHost];
}
