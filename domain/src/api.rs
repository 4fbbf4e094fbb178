//! The contract between the phone and the server: every API route, declared
//! once. Each route is a type implementing [`Endpoint`]: its method, its
//! path, the parameters the path holds, its query, the JSON it is sent and
//! answers, its status and the error codes it may answer. The server mounts
//! its handlers from these declarations and the app builds its requests from
//! them, so a path, a method or a message type cannot differ between the two.
//!
//! The declarations are zero-sized types with constants: the app pays for
//! the paths it calls and nothing more.

use crate::protocol as p;
use crate::rules::Refusal;
use crate::EventId;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::{Display, Write};

/// Where every API path starts: what is not under it is the app's files.
pub const PREFIX: &str = "/api/";

/// An HTTP method a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: reads, changes nothing.
    Get,
    /// `POST`.
    Post,
    /// `PUT`: sets a whole value.
    Put,
    /// `PATCH`: changes part of a value.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method as HTTP writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

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

/// The app's addresses that carry a code, which the server writes into
/// links (the join link a QR code holds, a unit's sign-in link) and the
/// app's router matches: one spelling for both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppLink {
    /// Joining an event (`/tham-gia#ma=CODE`).
    Join,
    /// A unit's screen, where a phone signs in for the unit (`/don-vi#ma=CODE`).
    UnitSignIn,
}

impl AppLink {
    /// The name the code goes under in the link's fragment.
    pub const CODE_KEY: &'static str = "ma";

    /// The first part of the address's path.
    pub fn segment(self) -> &'static str {
        match self {
            AppLink::Join => "tham-gia",
            AppLink::UnitSignIn => "don-vi",
        }
    }

    /// The link on the server at `base` (scheme and host) that opens this
    /// address with `code`.
    pub fn to(self, base: &str, code: &str) -> String {
        format!("{base}/{}#{}={code}", self.segment(), Self::CODE_KEY)
    }
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
    pub const ALL: [Code; 33] = [
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
const EVENT_TOKEN: [Code; 4] = [
    Code::Rule(Refusal::NotFound),
    Code::Unauthorized,
    Code::Rule(Refusal::Revoked),
    Code::DeviceRemoved,
];

/// What a route behind a unit phone's token may answer.
const UNIT_TOKEN: [Code; 2] = [Code::Unauthorized, Code::Rule(Refusal::Revoked)];

/// A route of the API: one method on one path.
pub trait Endpoint {
    /// The method.
    const METHOD: Method;
    /// The path, each parameter written `{name}` (as the server's router
    /// reads it).
    const PATH: &'static str;
    /// The status of a success: 200, 201, or 204 with no body.
    const STATUS: u16;
    /// The error codes it may answer beside [`ANY_ROUTE`]'s.
    const ERRORS: &'static [Code];
    /// The values of the path's parameters, in order.
    type Params: Params;
    /// The query string.
    type Query: Query;
    /// The JSON body sent; `()` for none.
    type Request: Serialize + DeserializeOwned;
    /// The JSON answer; `()` for none.
    type Answer: Serialize + DeserializeOwned;

    /// The address of this route for `params` and `query`.
    fn url(params: &Self::Params, query: &Self::Query) -> String {
        let mut url = params.fill(Self::PATH);
        query.write(&mut url);
        url
    }
}

/// The values of a path's parameters: `()`, or a tuple, one value each.
pub trait Params {
    /// `template` with each `{name}` replaced by its value, in order.
    fn fill(&self, template: &str) -> String;
}

impl Params for () {
    fn fill(&self, template: &str) -> String {
        fill(template, &[])
    }
}

impl<A: Display> Params for (A,) {
    fn fill(&self, template: &str) -> String {
        fill(template, &[&self.0])
    }
}

impl<A: Display, B: Display> Params for (A, B) {
    fn fill(&self, template: &str) -> String {
        fill(template, &[&self.0, &self.1])
    }
}

/// `template` with each `{name}` replaced by the next of `values`.
pub fn fill(template: &str, values: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        if let Some(value) = values.next() {
            let _ = write!(out, "{value}");
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The names of a path's parameters, in order.
pub fn params(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// A route's query string, as the server reads it.
pub trait Query: DeserializeOwned {
    /// Appends `?name=value&…` to `url` (nothing if every field is absent).
    fn write(&self, url: &mut String);
}

impl Query for () {
    fn write(&self, _: &mut String) {}
}

/// Appends one `name=value` pair, the first after `?`.
fn pair(url: &mut String, name: &str, value: impl Display) {
    url.push(if url.contains('?') { '&' } else { '?' });
    let _ = write!(url, "{name}=");
    let start = url.len();
    let _ = write!(url, "{value}");
    // What a value may hold unescaped: record keys (`kind/id`) and numbers.
    let written = url.split_off(start);
    for c in written.chars() {
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) {
            url.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(url, "%{b:02X}");
            }
        }
    }
}

/// The year a unit's reads are about: this year if none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct YearQuery {
    /// The year, 2000 to 2199.
    pub year: Option<i32>,
}

impl Query for YearQuery {
    fn write(&self, url: &mut String) {
        if let Some(year) = self.year {
            pair(url, "year", year);
        }
    }
}

impl From<i32> for YearQuery {
    fn from(year: i32) -> Self {
        YearQuery { year: Some(year) }
    }
}

/// Which entries of an event's history to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct HistoryQuery {
    /// One record (`kind/id`), or all.
    pub record: Option<String>,
    /// Entries after this one (paging).
    #[serde(default)]
    pub after: i64,
    /// At most this many (the server caps it).
    pub limit: Option<usize>,
}

impl Query for HistoryQuery {
    fn write(&self, url: &mut String) {
        if let Some(record) = &self.record {
            pair(url, "record", record);
        }
        if self.after != 0 {
            pair(url, "after", self.after);
        }
        if let Some(limit) = self.limit {
            pair(url, "limit", limit);
        }
    }
}

/// [`Health`]'s answer: the server is up, and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerStatus {
    /// `ok`.
    pub status: String,
    /// The server's version.
    pub version: String,
}

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

#[cfg(test)]
mod tests {
    /// The links the server writes are read back as the code they carry.
    #[test]
    fn app_links_carry_their_code() {
        let join = AppLink::Join.to("https://ngayhoi.example.vn", "7K3M-Q9XH-2D4P");
        assert_eq!(
            join,
            "https://ngayhoi.example.vn/tham-gia#ma=7K3M-Q9XH-2D4P"
        );
        assert_eq!(
            crate::protocol::code_from_scan(&join).as_deref(),
            Some("7K3M-Q9XH-2D4P")
        );
        let unit = AppLink::UnitSignIn.to("https://a.vn", "ABCD");
        assert_eq!(unit, "https://a.vn/don-vi#ma=ABCD");
    }

    /// A refused bundle is answered under the code the bundle itself gives.
    #[test]
    fn bundle_errors_answer_their_own_codes() {
        use crate::{BundleError as B, DomainError};
        let errors = [
            B::TooLarge { bytes: 1 },
            B::NotABundle(String::new()),
            B::UnsupportedVersion(9),
            B::Malformed(String::new()),
            B::TooManyRecords(1),
            B::ChecksumMismatch,
            B::ForeignRecord,
            B::InvalidRecord(DomainError::NotFound("step")),
            B::StampAhead { wall: 2, now: 1 },
            B::WrongEvent {
                expected: crate::EventId::random(),
                found: crate::EventId::random(),
            },
        ];
        for e in &errors {
            assert_eq!(Code::from(e).as_str(), e.code());
        }
    }

    use super::*;
    use std::collections::HashSet;

    #[test]
    fn routes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for &(method, path) in ROUTES {
            assert!(
                seen.insert((method, path)),
                "{} {path} twice",
                method.as_str()
            );
            assert!(path.starts_with(PREFIX), "{path}");
            assert!(!path.ends_with('/'), "{path}");
            let mut names = HashSet::new();
            for segment in path.split('/').skip(1) {
                assert!(!segment.is_empty(), "{path}: an empty segment");
                let param = segment.starts_with('{') || segment.ends_with('}');
                if param {
                    let name = segment
                        .strip_prefix('{')
                        .and_then(|s| s.strip_suffix('}'))
                        .unwrap_or_else(|| panic!("{path}: {segment}"));
                    assert!(
                        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()),
                        "{path}: {segment}"
                    );
                    assert!(names.insert(name), "{path}: {name} twice");
                } else {
                    assert!(
                        segment
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                        "{path}: {segment}"
                    );
                }
            }
        }
        // Two paths the router could not tell apart: the same segments with
        // parameters in the same places (their names aside) under the same
        // method.
        let shapes: HashSet<_> = ROUTES
            .iter()
            .map(|(m, p)| {
                let shape: Vec<_> = p
                    .split('/')
                    .map(|s| if s.starts_with('{') { "{}" } else { s })
                    .collect();
                (*m, shape)
            })
            .collect();
        assert_eq!(shapes.len(), ROUTES.len());
    }

    /// Each declaration's parameters are as many as its path has.
    fn arity<E: Endpoint>(values: E::Params) {
        let filled = values.fill(E::PATH);
        assert!(!filled.contains('{') && !filled.contains('}'), "{filled}");
        assert_eq!(
            filled.split('/').count(),
            E::PATH.split('/').count(),
            "{}",
            E::PATH
        );
    }

    #[test]
    fn every_parameter_is_filled() {
        let event = EventId(uuid::Uuid::nil());
        let s = || "x".to_string();
        arity::<Health>(());
        arity::<Register>(());
        arity::<Join>(());
        arity::<Sync>((event,));
        arity::<Rotate>((event,));
        arity::<Leave>((event,));
        arity::<Enrol>(());
        arity::<Home>(());
        arity::<ReportsBelow>(());
        arity::<Dashboard>(());
        arity::<UnitHome>((s(),));
        arity::<Rename>((s(),));
        arity::<AddUnit>((s(),));
        arity::<Audit>((s(),));
        arity::<IssueCode>((s(),));
        arity::<WithdrawCode>((s(),));
        arity::<OwnDeadline>((s(),));
        arity::<SetDeadline>((s(),));
        arity::<Attach>((event,));
        arity::<Reports>((event,));
        arity::<Decide>((event, s()));
        arity::<History>((event,));
        arity::<Devices>((event,));
        arity::<UndoDevice>((event, s()));
        assert_eq!(ROUTES.len(), 24);
    }

    #[test]
    fn params_fill_in_order() {
        let event = EventId(uuid::Uuid::nil());
        assert_eq!(
            Decide::url(&(event, "s-1".into()), &()),
            "/api/events/00000000-0000-0000-0000-000000000000/reports/s-1/decision"
        );
        assert_eq!(
            UnitHome::url(&("05836".into(),), &2026.into()),
            "/api/units/05836?year=2026"
        );
        assert_eq!(Home::url(&(), &YearQuery::default()), "/api/units/me");
        assert_eq!(Register::url(&(), &()), "/api/events");
        assert_eq!(params(UndoDevice::PATH), ["id", "device"]);
    }

    #[test]
    fn queries_write_what_the_server_reads() {
        let event = EventId(uuid::Uuid::nil());
        let query = HistoryQuery {
            record: Some("step/a b".into()),
            ..Default::default()
        };
        assert_eq!(
            History::url(&(event,), &query),
            "/api/events/00000000-0000-0000-0000-000000000000/history?record=step/a%20b"
        );
        let query = HistoryQuery {
            record: None,
            after: 5,
            limit: Some(10),
        };
        let url = History::url(&(event,), &query);
        assert!(url.ends_with("/history?after=5&limit=10"), "{url}");
    }

    #[test]
    fn codes_are_unique_and_keep_the_rule_books() {
        let strings: HashSet<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(strings.len(), Code::ALL.len());
        let refusals = [
            Refusal::NotFound,
            Refusal::Forbidden,
            Refusal::ReadOnly,
            Refusal::Revoked,
            Refusal::UnitHasPhones,
            Refusal::LevelNotBelow,
            Refusal::UndoSelf,
        ];
        for refusal in refusals {
            assert!(Code::ALL.contains(&Code::Rule(refusal)));
            assert_eq!(Code::Rule(refusal).as_str(), refusal.code());
        }
        // Every bundle refusal's code is declared.
        let bundle = [
            crate::BundleError::ChecksumMismatch,
            crate::BundleError::ForeignRecord,
        ];
        for e in bundle {
            assert!(strings.contains(e.code()), "{}", e.code());
        }
    }

    #[test]
    fn no_route_declares_a_code_twice() {
        fn check<E: Endpoint>() {
            let all: Vec<_> = E::ERRORS.iter().chain(ANY_ROUTE).collect();
            let unique: HashSet<_> = all.iter().collect();
            assert_eq!(unique.len(), all.len(), "{}", E::PATH);
        }
        check::<Register>();
        check::<Sync>();
        check::<Rotate>();
        check::<Leave>();
        check::<AddUnit>();
        check::<IssueCode>();
        check::<Attach>();
        check::<Decide>();
        check::<UndoDevice>();
    }
}
