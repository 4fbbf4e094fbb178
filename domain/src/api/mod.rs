//! The contract between the phone and the server: every API route, declared
//! once. Each route is a type implementing [`Endpoint`]: its method, its
//! path, the parameters the path holds, its query, the JSON it is sent and
//! answers, its status and the error codes it may answer. The server mounts
//! its handlers from these declarations and the app builds its requests from
//! them, so a path, a method or a message type cannot differ between the two.
//!
//! The declarations are zero-sized types with constants: the app pays for
//! the paths it calls and nothing more.

mod codes;
mod links;
mod routes;

pub use codes::{Code, ANY_ROUTE};
pub use links::AppLink;
pub use routes::*;

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

/// The years a period read covers, both ends included: checked by
/// [`Period::new`](crate::movement::period::Period::new) (in order, at most
/// [`MAX_SPAN`](crate::movement::period::MAX_SPAN) apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct PeriodQuery {
    /// The first year.
    pub from: i32,
    /// The last year.
    pub to: i32,
}

impl PeriodQuery {
    /// The period asked, or why it is refused (`bad_period`).
    pub fn period(self) -> Result<crate::movement::period::Period, crate::DomainError> {
        crate::movement::period::Period::new(self.from, self.to)
    }
}

impl Query for PeriodQuery {
    fn write(&self, url: &mut String) {
        pair(url, "from", self.from);
        pair(url, "to", self.to);
    }
}

impl From<crate::movement::period::Period> for PeriodQuery {
    fn from(period: crate::movement::period::Period) -> Self {
        PeriodQuery {
            from: period.from(),
            to: period.to(),
        }
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

#[cfg(test)]
mod tests;
