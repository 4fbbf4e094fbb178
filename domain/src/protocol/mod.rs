//! The sync API's messages, shared by the server and the app so the two can
//! never disagree on a field. The bundle inside is checked with
//! [`Bundle::check`](crate::Bundle::check) by whoever receives it.

pub mod bundle;
pub mod period;
pub mod units;

pub use period::{PeriodData, ReviewBelow};

pub use units::{
    AttachRequest, AuditAction, AuditEntry, Deadline, EnrolRequest, Enrolment, EnrolmentCode,
    NewUnit, RenameUnit, UnitHome, UnitReport,
};

use crate::kinds::event::EventId;
use crate::merge::clock::DeviceId;
use crate::protocol::bundle::Bundle;
pub use crate::reporting::dashboard::{
    Dashboard, EventStatus, ReportState, ReportStatus, DEFAULT_GRACE_DAYS,
};
use serde::{Deserialize, Serialize};

/// The sync protocol this code speaks. 2 added paged answers (`more`) and
/// the server's time; a request without `protocol` is from a version-1 app,
/// which gets version-1 answers (still paged: it reads the rest at its next
/// sync, since its cursor only moves as far as the page went). 3: the app
/// reads bundle version 2; an older one gets each record in the shape
/// version 1 holds ([`crate::Record::as_version_1`]).
pub const PROTOCOL: u32 = 3;

/// The most records a phone pushes in one sync request; more go in the
/// requests after it. Keeps every request small on a weak connection and
/// far below the server's body limit.
pub const PUSH_RECORDS: usize = 1_000;

fn protocol_1() -> u32 {
    1
}

/// `POST /api/events`: the phone that created an event shares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The server's registration key, from whoever runs the server.
    pub registration_key: String,
    /// The event to share.
    pub event: EventId,
    /// The phone sharing it.
    pub device: DeviceId,
    /// The creator's proof ([`EventId::new_claimed`]); the same claim again
    /// (an answer lost on the way) gets a new token.
    #[serde(default)]
    pub claim: String,
}

/// `POST /api/events/{id}/code`, with the creating phone's token: a new
/// access code (the old one stops working), and optionally every other
/// phone's token revoked (a phone was lost).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotateRequest {
    /// Revoke every token of the event but the caller's.
    #[serde(default)]
    pub revoke_others: bool,
}

/// `POST /api/join`: another phone joins with the access code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    /// The access code, as typed (case, spaces and dashes do not matter).
    pub code: String,
    /// The joining phone.
    pub device: DeviceId,
}

/// The answer to registering or joining: access to one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessGrant {
    /// The event.
    pub event: EventId,
    /// The access code other phones join with, e.g. `7K3M-Q9XH-2D4P`.
    pub code: String,
    /// This phone's bearer token for the event's sync route.
    pub token: String,
    /// The link a camera scan of the QR code opens.
    pub join_url: String,
    /// The QR code of `join_url`, as SVG.
    pub qr_svg: String,
}

/// `GET /api/events/{id}/history`: one accepted change of one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Its place in the history (increasing).
    pub id: i64,
    /// The record (`kind/id`).
    pub record: String,
    /// The field (`*` for the record's creation).
    pub field: String,
    /// Before.
    pub old: serde_json::Value,
    /// After.
    pub new: serde_json::Value,
    /// The new value's stamp, if a register.
    pub stamp: Option<serde_json::Value>,
    /// The device that pushed it.
    pub device: Option<String>,
    /// The officer's name that phone last sent (empty if none).
    #[serde(default)]
    pub officer: String,
    /// When the server received it (Unix ms).
    pub received_at: u64,
    /// What became of it: applied, lost (another phone's later write kept
    /// its place), undo (the unit undid a phone), refused (implausible).
    #[serde(default = "applied")]
    pub outcome: crate::history::undo::Outcome,
}

fn applied() -> crate::history::undo::Outcome {
    crate::history::undo::Outcome::Applied
}

/// `POST /api/events/{id}/devices/{device}/undo`: what undoing a phone did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Undone {
    /// Records written back.
    pub records: u64,
    /// The phone's accesses revoked.
    pub revoked: u64,
    /// The event's new access code: the undone phone knew the old one, so
    /// it no longer lets anyone join. Phones already in the event keep
    /// working; new ones join with this.
    #[serde(default)]
    pub code: String,
    /// The join link of the new code.
    #[serde(default)]
    pub join_url: String,
    /// The QR code of `join_url`, as SVG.
    #[serde(default)]
    pub qr_svg: String,
}

/// `GET /api/events/{id}/devices`: a phone that works the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDevice {
    /// The phone's device id.
    pub device: String,
    /// The officer's name it last sent.
    pub officer: String,
    /// The unit the phone is signed in to, if any (its name).
    #[serde(default)]
    pub unit: String,
    /// When it joined (Unix ms).
    pub joined_at: u64,
    /// When it last synced (Unix ms), if it has.
    pub last_sync_at: Option<u64>,
    /// Field changes it pushed that the server kept.
    pub changes: u64,
    /// Its gate taps: people counted, less its corrections.
    pub taps: i64,
    /// Whether its access was revoked.
    pub revoked: bool,
}

/// `POST /api/events/{id}/reports/{submission}/decision`, by a unit above
/// the event's: accept the report, or return it with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Accept (true) or return (false).
    pub accept: bool,
    /// Why it is returned, or anything to say.
    #[serde(default)]
    pub note: String,
}

/// `POST /api/events/{id}/sync`: what the phone has that the server has not
/// acknowledged, and how far it has read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// The cursor the server gave last time (0 at first).
    pub cursor: u64,
    /// The phone's unacknowledged records.
    pub bundle: Bundle,
    /// The protocol the phone speaks ([`PROTOCOL`]); 1 when absent.
    #[serde(default = "protocol_1")]
    pub protocol: u32,
    /// The officer's name on this phone (its preferences), so the other
    /// phones' history can say who did what. At most 200 characters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub officer: String,
}

/// The server's answer to a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncResponse {
    /// The cursor to send next time.
    pub cursor: u64,
    /// Keys (`kind/id`) of the pushed records, all now stored.
    pub acked: Vec<String>,
    /// The records changed on the server since the phone's cursor, up to a
    /// page's worth.
    pub bundle: Bundle,
    /// More records follow this page: sync again from `cursor` (protocol 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<bool>,
    /// The server's clock (Unix ms) when it answered (protocol 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time_ms: Option<u64>,
}

/// Every API error's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// A stable machine-readable code, e.g. `unknown_code`.
    pub code: String,
    /// A message for logs and developers (the app shows its own text).
    pub message: String,
    /// The server's clock (Unix ms), sent with `clock_ahead`: the app tells
    /// the officer the right time and knows when its clock is fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_time_ms: Option<u64>,
    /// The event the code opens, sent with `device_taken`: the phone that
    /// typed the code may be in it already (its own link holds an older
    /// code), and then simply opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<EventId>,
}

/// The symbols of access and enrolment codes: Crockford's base 32, with no
/// I, L, O or U to misread.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A code as typed: case, spaces and dashes ignored, and the letters people
/// confuse with digits read as those digits (Crockford's rule). The server
/// looks a code up in this form; a phone compares codes in it.
pub fn normalise_code(input: &str) -> Option<String> {
    if input.len() > 64 {
        return None;
    }
    let symbols: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = symbols.len() == 12 && symbols.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}-{}", &symbols[0..4], &symbols[4..8], &symbols[8..12]))
}

/// The access code in what a QR scan read: the join link (`…/tham-gia#ma=CODE`,
/// or `?ma=CODE` from older servers) or a bare code. The server normalises
/// and checks it.
pub fn code_from_scan(text: &str) -> Option<String> {
    let text = text.trim();
    let code = match text.split_once("ma=") {
        Some((_, rest)) => rest.split(['&', '#']).next().unwrap_or(""),
        None if !text.contains('/') => text,
        None => "",
    };
    let code = code.trim();
    (!code.is_empty() && code.len() <= 32).then(|| code.to_string())
}

#[cfg(test)]
mod tests;
