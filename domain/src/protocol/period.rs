//! `GET /api/units/me/period`: what the level above computes the
//! movement's period sheet from, with the domain's
//! [`period_sheet`](crate::movement::sheet::period_sheet), as the
//! dashboard's answer is for the statistics sheet: one model on both
//! sides, and the sheet works offline from the copy kept.

use crate::movement::period::Period;
use crate::movement::sheet::{period_sheet, ModelBelow, MovementBelow, PeriodSheet};
use crate::reporting::dashboard::ReportState;
use crate::reporting::rollup::EventBelow;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};

/// The movement of a unit's subtree over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodData {
    /// The unit asking: the sheet's root.
    pub unit: Unit,
    /// The period asked.
    pub period: Period,
    /// When the server answered (Unix ms): "Số liệu lúc …".
    pub generated_at: u64,
    /// Every unit below, any depth.
    pub units: Vec<Unit>,
    /// Every year of the period the ledgers of the subtree hold (the
    /// unit's own and those below), each with its ledger.
    pub movements: Vec<MovementBelow>,
    /// Every model of those ledgers' registers that stands in the period
    /// (begun by its end, not stopped before its start).
    pub models: Vec<ModelBelow>,
    /// Every event of the subtree held in the period's years, with its
    /// figures and whether its latest report was accepted.
    pub events: Vec<EventBelow>,
    /// The latest review of this period each unit of the subtree sent
    /// up, and where it stands (a copy kept from before reviews were sent
    /// has none).
    #[serde(default)]
    pub reviews: Vec<ReviewBelow>,
}

/// A unit's latest review of the period, as the level above sees it: the
/// document is read from the unit's ledger when opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBelow {
    /// The unit whose ledger sent it.
    pub unit: String,
    /// The submission and where it stands.
    pub latest: ReportState,
}

impl PeriodData {
    /// The period sheet of the unit asking.
    pub fn sheet(&self) -> PeriodSheet {
        period_sheet(
            &self.unit,
            &self.units,
            &self.movements,
            &self.models,
            &self.events,
            self.period,
        )
    }

    /// Whether `other` holds the same units and figures, whenever either
    /// was answered.
    pub fn same_figures(&self, other: &PeriodData) -> bool {
        PeriodData {
            generated_at: other.generated_at,
            ..self.clone()
        } == *other
    }
}
