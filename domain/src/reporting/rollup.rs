//! What the level above adds up: each event's figures ([`EventFigures`],
//! computed once per change of the event, from the same summary the
//! commune's "Tổng kết" and report show) and the statistics sheet of seed
//! 004 over a tree of units ([`Sheet`]): per level of event, số lượt and số
//! người tham dự, beside every phần hội figure, awards by form, opinions and
//! the budget — one row per unit below, subtotals for the units that have
//! units below them, and a grand total. An event counts once, in its own
//! unit's row, at the level the event states ("Cấp tổ chức"). The sheet's
//! columns and CSV are in
//! [`crate::reporting::sheet_columns`]; where each report stands, in [`crate::reporting::status`].

use crate::kinds::award::AwardForm;
use crate::kinds::budget::FundSource;
use crate::kinds::event::{Day, EventId, Level};
use crate::kinds::outreach::OutreachKind;
use crate::reporting::tree::{is_reporting_row, Tree};
use crate::state::EventState;
use crate::unit::Unit;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One event's figures, as the level above adds them up: a projection of
/// [`EventState::summary`] (the one source of an event's figures, see
/// [`crate::state::summary`]) with the event's own fields. Nothing here is counted
/// from the records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFigures {
    /// The host's name as typed.
    pub host_name: String,
    /// The day it is (or was) held.
    pub date: Option<Day>,
    /// Where.
    pub place: String,
    /// The district's showcase site.
    pub showcase: bool,
    /// The level the event is held at, as the event states it ("Cấp tổ
    /// chức"): the sheet's columns it counts in. `None` in figures stored
    /// before they carried it; the sheet then takes its unit's level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// A step of the ceremony has been ticked.
    pub started: bool,
    /// Every step to hold has been ticked.
    pub finished: bool,
    /// Everyone who attended (invitees present and the gate headcount).
    pub attendance: u64,
    /// Phần hội per kind: quantity (stored units) and value (đồng).
    pub outreach: BTreeMap<OutreachKind, (u64, u64)>,
    /// Awards per form.
    pub awards: BTreeMap<AwardForm, u64>,
    /// Opinions received.
    pub opinions: u64,
    /// Opinions answered.
    pub opinions_answered: u64,
    /// Spent per source, đồng: the summary's figure, the sum of the lines'
    /// costs (each its actual amount, or planned where not known).
    pub budget: BTreeMap<FundSource, u64>,
}

impl EventFigures {
    /// The figures of an event as it stands (`None` if its own record has
    /// not arrived).
    pub fn of(state: &EventState) -> Option<EventFigures> {
        let meta = state.meta.as_ref()?;
        if meta.removed.is_removed() {
            return None;
        }
        // Minutes matter for the report, not here: UTC is as good as any.
        let s = state.summary(0);
        Some(EventFigures {
            host_name: meta.host_name.value.clone(),
            date: Some(meta.date.value),
            place: meta.place.value.clone(),
            showcase: meta.showcase.value,
            level: Some(meta.level.value),
            started: s.program.started(),
            finished: s.program.finished(),
            attendance: s.attendance,
            outreach: s
                .outreach
                .iter()
                .map(|(k, t)| (*k, (t.quantity, t.value)))
                .collect(),
            awards: s
                .awards_by_form
                .iter()
                .map(|(form, n)| (*form, *n as u64))
                .collect(),
            opinions: s.opinions as u64,
            opinions_answered: s.opinions_answered as u64,
            budget: s.budget.iter().map(|(src, t)| (*src, t.spent)).collect(),
        })
    }

    /// Whether the day has been held (its ceremony begun).
    pub fn held(&self) -> bool {
        self.started
    }
}

/// Sums over a set of events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Per level of event: số lượt (events held) and số người tham dự.
    pub by_level: BTreeMap<Level, (u64, u64)>,
    /// Phần hội per kind: quantity and value.
    pub outreach: BTreeMap<OutreachKind, (u64, u64)>,
    /// Awards per form.
    pub awards: BTreeMap<AwardForm, u64>,
    /// Opinions received.
    pub opinions: u64,
    /// Opinions answered.
    pub opinions_answered: u64,
    /// Spent per source, đồng.
    pub budget: BTreeMap<FundSource, u64>,
}

impl Totals {
    /// Adds one event held at `level`.
    pub fn add(&mut self, level: Level, f: &EventFigures) {
        let at = self.by_level.entry(level).or_default();
        at.0 += 1;
        at.1 += f.attendance;
        self.add_figures(&f.outreach, &f.awards, &f.budget);
        self.opinions += f.opinions;
        self.opinions_answered += f.opinions_answered;
    }

    /// Adds another set of totals.
    pub fn merge(&mut self, other: &Totals) {
        for (l, (n, p)) in &other.by_level {
            let at = self.by_level.entry(*l).or_default();
            at.0 += n;
            at.1 += p;
        }
        self.add_figures(&other.outreach, &other.awards, &other.budget);
        self.opinions += other.opinions;
        self.opinions_answered += other.opinions_answered;
    }

    /// Adds the figures kept per kind, per form and per source.
    fn add_figures(
        &mut self,
        outreach: &BTreeMap<OutreachKind, (u64, u64)>,
        awards: &BTreeMap<AwardForm, u64>,
        budget: &BTreeMap<FundSource, u64>,
    ) {
        for (k, (q, v)) in outreach {
            let t = self.outreach.entry(*k).or_default();
            t.0 += q;
            t.1 += v;
        }
        for (form, n) in awards {
            *self.awards.entry(*form).or_default() += n;
        }
        for (src, amount) in budget {
            *self.budget.entry(*src).or_default() += amount;
        }
    }

    /// Events held, all levels.
    pub fn events(&self) -> u64 {
        self.by_level.values().map(|(n, _)| n).sum()
    }

    /// People who took part, all levels.
    pub fn people(&self) -> u64 {
        self.by_level.values().map(|(_, p)| p).sum()
    }
}

/// One event below, as the roll-up sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBelow {
    /// The event.
    pub event: EventId,
    /// Its unit's code.
    pub unit: String,
    /// Its figures.
    pub figures: EventFigures,
    /// Its latest report was accepted by the level above.
    pub accepted: bool,
}

impl Sheet {
    /// The rows an office's sheet lists: the units directly below, and the
    /// districts and communes further down (hamlets, agencies and schools
    /// count in their commune's row, as seed 004's sheet has them).
    pub fn reporting_rows(&self) -> impl Iterator<Item = &SheetRow> {
        self.rows
            .iter()
            .filter(|r| is_reporting_row(r.depth, r.unit.level))
    }

    /// People who took part per unit directly below, in the sheet's order:
    /// what the dashboard's chart of participation draws.
    pub fn people_below(&self) -> Vec<(String, u64)> {
        self.rows
            .iter()
            .filter(|r| r.depth == 1)
            .map(|r| (r.unit.name.clone(), r.totals.people()))
            .collect()
    }
}

/// A row of the sheet: a unit and the totals of its events and of every
/// unit below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetRow {
    /// The unit.
    pub unit: Unit,
    /// 1 for the units directly below the sheet's unit, 2 below those, …
    pub depth: u32,
    /// Whether it has units below it: its row is their subtotal.
    pub subtotal: bool,
    /// Its totals.
    pub totals: Totals,
}

/// The statistics sheet of a unit: its rows, in tree order, and the grand
/// total (the unit's own events included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The unit the sheet is for.
    pub unit: Unit,
    /// Its own events (a district's own Ngày hội), if any.
    pub own: Totals,
    /// One row per unit below, parents before their children.
    pub rows: Vec<SheetRow>,
    /// Everything.
    pub total: Totals,
}

/// The sheet of `root` over `units` (the units below it, any order) and
/// their `events` (figures with their unit). With `accepted_only`, only
/// events whose report was accepted count; otherwise every event held (its
/// ceremony begun). Events of units not below `root` are left out: nothing
/// counts twice, nothing from elsewhere. Each event counts in its unit's
/// row at its own level ([`EventFigures::level`]): a commune's phone may
/// hold a hamlet's day, and that is a cấp thôn event, not a second cấp xã.
pub fn sheet(root: &Unit, units: &[Unit], events: &[EventBelow], accepted_only: bool) -> Sheet {
    let tree = Tree::new(root, units);
    // Each unit's own totals.
    let mut own: HashMap<&str, Totals> = HashMap::new();
    for e in events {
        if accepted_only && !e.accepted || !e.figures.held() {
            continue;
        }
        let Some(unit) = tree.unit(&e.unit) else {
            continue;
        };
        own.entry(unit.code.as_str())
            .or_default()
            .add(e.level_in(unit), &e.figures);
    }
    let rolled = tree.roll(own, Totals::merge);
    Sheet {
        unit: root.clone(),
        own: rolled.own,
        rows: rolled
            .rows
            .into_iter()
            .map(|r| SheetRow {
                unit: r.unit.clone(),
                depth: r.depth,
                subtotal: r.subtotal,
                totals: r.value,
            })
            .collect(),
        total: rolled.total,
    }
}

impl EventBelow {
    /// The level the event counts at: its own ("Cấp tổ chức"); for
    /// figures stored before they carried it, its unit's. A province
    /// holds no event of its own level: its own count as district-level,
    /// the nearest of seed 004's columns.
    pub fn level_in(&self, unit: &Unit) -> Level {
        self.figures
            .level
            .or(unit.level.event_level())
            .unwrap_or(Level::Huyen)
    }
}

#[cfg(test)]
pub(crate) mod tests;
