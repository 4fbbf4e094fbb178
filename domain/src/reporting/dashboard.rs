//! The level above's view of the units below: each event with its figures
//! and where its report stands, as the server answers and the phone keeps.

use crate::kinds::event::{Day, EventId};
use crate::reporting::rollup::EventFigures;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The grace days when the unit above set none (as DHIS2's "days after
/// period end to qualify for timely submission").
pub const DEFAULT_GRACE_DAYS: u32 = 3;

pub(crate) fn default_grace_days() -> u32 {
    DEFAULT_GRACE_DAYS
}

/// Where a submitted report stands with the level above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Sent, not yet looked at.
    Submitted,
    /// Accepted (đã tiếp nhận).
    Accepted,
    /// Returned with a note (bị trả lại).
    Returned,
}

/// `GET /api/events/{id}/reports`: one submission as the server has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportState {
    /// The submission (its record's id).
    pub id: String,
    /// When the officer sent it.
    pub submitted_at: u64,
    /// Who sent it.
    pub officer: String,
    /// When it reached the server.
    pub received_at: u64,
    /// Where it stands.
    pub status: ReportStatus,
    /// The level above's note.
    pub note: String,
    /// When the level above decided.
    pub decided_at: Option<u64>,
}

/// One event below, for the level above's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventStatus {
    /// The event.
    pub event: EventId,
    /// Its unit's code.
    pub unit: String,
    /// Its figures as of its latest change.
    pub figures: EventFigures,
    /// Its latest report, if any.
    pub latest: Option<ReportState>,
    /// When its unit's report is due.
    pub due: Day,
    /// Days after `due` a report still counts as on time.
    #[serde(default = "default_grace_days")]
    pub grace_days: u32,
}

/// `GET /api/units/me/dashboard?year=`: everything the level above's
/// dashboard shows, for one year — the units below and their events with
/// figures and report state. The app computes the sheet and the counts
/// from it with the same domain code, so it works offline from the copy
/// it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dashboard {
    /// The unit asking.
    pub unit: Unit,
    /// The year.
    pub year: i32,
    /// When the server answered (Unix ms): "Số liệu lúc …".
    pub generated_at: u64,
    /// Every unit below, any depth.
    pub units: Vec<Unit>,
    /// Every event of the unit and of the units below in that year.
    pub events: Vec<EventStatus>,
}

impl Dashboard {
    /// Whether `other` holds the same units, events and figures, whenever
    /// either was answered.
    pub fn same_figures(&self, other: &Dashboard) -> bool {
        self.unit == other.unit
            && self.year == other.year
            && self.units == other.units
            && self.events == other.events
    }
}

/// The units below `root` in a dashboard (any depth), and the events of
/// `root` and of those units: what a drill-down into `root` shows.
pub fn subtree(d: &Dashboard, root: &str) -> (Vec<Unit>, Vec<EventStatus>) {
    let parents: HashMap<&str, Option<&str>> = d
        .units
        .iter()
        .map(|u| (u.code.as_str(), u.parent.as_deref()))
        .collect();
    let below = |code: &str| {
        let mut at = parents.get(code).copied().flatten();
        while let Some(p) = at {
            if p == root {
                return true;
            }
            at = parents.get(p).copied().flatten();
        }
        false
    };
    let units: Vec<Unit> = d.units.iter().filter(|u| below(&u.code)).cloned().collect();
    let events = d
        .events
        .iter()
        .filter(|e| e.unit == root || below(&e.unit))
        .cloned()
        .collect();
    (units, events)
}
