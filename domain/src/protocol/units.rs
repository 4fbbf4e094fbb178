//! The messages between a phone and the server about units: enrolment,
//! the unit's home, its audit list, the units below and their deadlines,
//! and their reports.

use crate::kinds::event::{Day, EventId};
use crate::merge::clock::DeviceId;
use crate::reporting::dashboard::{default_grace_days, ReportState};
use crate::unit::{Unit, UnitLevel};
use serde::{Deserialize, Serialize};

/// `POST /api/units/enrol`: a phone enrols in a unit with the code its
/// level above issued — or, for the operator's first set-up of a top unit,
/// with the server's registration key and that unit's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    /// The one-time sign-in code as typed: from the unit above, from a
    /// colleague's phone, or for a top unit from the server's operator
    /// (`server units issue-code`). No shared key enrols a unit.
    pub code: String,
    /// The phone enrolling.
    pub device: DeviceId,
}

/// The answer to enrolling: the phone now acts for this unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The phone's bearer token for the unit's routes (and its events).
    pub token: String,
    /// The unit.
    pub unit: Unit,
}

/// `GET /api/units/me`: the phone's unit, the units directly below it, and
/// when its report of `year` is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitHome {
    /// The phone's unit.
    pub unit: Unit,
    /// The units directly below it.
    pub children: Vec<Unit>,
    /// The year asked about.
    pub year: i32,
    /// When this unit's report of that year is due.
    pub report_due: Day,
    /// Days after the deadline a report still counts as on time.
    #[serde(default = "default_grace_days")]
    pub grace_days: u32,
}

/// What an entry of a unit's audit list records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A one-time sign-in code was issued for the unit.
    CodeIssued,
    /// A phone signed in with a code.
    Enrolled,
    /// The outstanding code was withdrawn (no phone was signed in).
    CodeWithdrawn,
    /// Every phone of the unit was withdrawn, with what they held.
    PhonesWithdrawn,
}

impl AuditAction {
    /// As the audit list says it.
    pub fn label_vi(self) -> &'static str {
        match self {
            AuditAction::CodeIssued => "Cấp mã đăng nhập",
            AuditAction::Enrolled => "Máy đăng nhập",
            AuditAction::CodeWithdrawn => "Thu hồi mã",
            AuditAction::PhonesWithdrawn => "Thu hồi các máy",
        }
    }
}

/// One entry of a unit's audit list ("Nhật ký đơn vị").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// When (Unix ms, the server's clock).
    pub at: u64,
    /// What happened.
    pub action: AuditAction,
    /// The unit that did it (its code), or the server's operator.
    pub by_unit: String,
    /// That unit's name, as it is now.
    pub by_name: String,
    /// The phone that signed in, for an enrolment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceId>,
}

/// `POST /api/units/{code}/units`: a unit adds one directly below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Its level.
    pub level: UnitLevel,
}

/// `PATCH /api/units/{code}`: renames a unit directly below the caller's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameUnit {
    /// The new name.
    pub name: String,
}

/// `POST /api/units/{code}/enrolment`: a code for a unit below the
/// caller's, shown once (the old one stops working).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentCode {
    /// The unit it enrols phones in.
    pub unit: String,
    /// The code, e.g. `7K3M-Q9XH-2D4P`.
    pub code: String,
    /// The link a camera scan of the QR code opens.
    pub link: String,
    /// The QR code of `link`, as SVG.
    pub qr_svg: String,
}

/// `PUT /api/units/{code}/deadline`: when the units below must report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The year of the reports.
    pub year: i32,
    /// The day they are due.
    pub due: Day,
    /// Days after it a report still counts as on time.
    #[serde(default = "default_grace_days")]
    pub grace_days: u32,
}

/// `POST /api/events/{id}/unit`: the creator attaches an event shared the
/// old way to its phone's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachRequest {
    /// The creator's claim on the event.
    pub claim: String,
}

/// `GET /api/units/me/reports?year=`: for the level above, every event of
/// the units below it in that year, with its latest submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitReport {
    /// The unit holding the event.
    pub unit: Unit,
    /// The event.
    pub event: EventId,
    /// Its host's name as the commune typed it.
    pub host_name: String,
    /// Its day.
    pub date: Day,
    /// The latest submission, if any.
    pub latest: Option<ReportState>,
    /// That submission's document ([`crate::state::report::ReportDoc`] as JSON).
    pub report: Option<String>,
}
