//! The movement's figures of a unit's year ([`YearFigures`]) and the
//! period sheet over a tree of units ([`period_sheet`]), computed in one
//! place: what the unit typed (from its ledger, or from the ledger of the
//! nearest unit above that imported its past years), the register of
//! models counted by year, and the Ngày hội results of its events
//! ([`EventBelow`], the statistics sheet's figures). The sheet has the
//! shape of [`crate::reporting::rollup::sheet`]'s, with one set of
//! figures per year of the period and the period's value.

use crate::kinds::model::{Model, ModelFields};
use crate::kinds::movement::Movement;
use crate::merge::items::Item;
use crate::movement::figures::{Figure, Measure, Origin, OverYears};
use crate::movement::period::Period;
use crate::reporting::chart::{bars_of, Chart};
use crate::reporting::rollup::EventBelow;
use crate::reporting::tree::{is_reporting_row, Tree};
use crate::unit::Unit;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One year's figures as a unit's ledger holds them, with the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovementBelow {
    /// The unit whose ledger holds it.
    pub ledger: String,
    /// The unit the figures are of.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// The figures stated.
    pub figures: BTreeMap<Figure, u64>,
}

impl MovementBelow {
    /// A year as `ledger`'s ledger holds it (`None` once removed).
    pub fn of(ledger: &str, m: &Movement) -> Option<MovementBelow> {
        (!m.removed.is_removed()).then(|| MovementBelow {
            ledger: ledger.to_string(),
            unit: m.unit.clone(),
            year: m.year,
            figures: m.values(),
        })
    }
}

/// A model of a unit's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelBelow {
    /// The unit whose register holds it.
    pub unit: String,
    /// The model.
    pub model: ModelFields,
}

impl ModelBelow {
    /// A model as `unit`'s register holds it (`None` once removed).
    pub fn of(unit: &str, m: &Model) -> Option<ModelBelow> {
        (!m.is_removed()).then(|| ModelBelow {
            unit: unit.to_string(),
            model: m.fields(),
        })
    }
}

/// The figures of one year (of a unit, or added up over units); a figure
/// not there is 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct YearFigures(BTreeMap<Figure, u64>);

impl YearFigures {
    /// A figure's value.
    pub fn get(&self, figure: Figure) -> u64 {
        self.0.get(&figure).copied().unwrap_or(0)
    }

    /// Adds `value` to a figure.
    pub fn add(&mut self, figure: Figure, value: u64) {
        if value > 0 {
            let at = self.0.entry(figure).or_default();
            *at = at.saturating_add(value);
        }
    }

    /// Adds another year's figures (another unit's).
    pub fn merge(&mut self, other: &YearFigures) {
        for (f, v) in &other.0 {
            self.add(*f, *v);
        }
    }

    /// `unit`'s own figures of `year`: its year as stated (in its own
    /// ledger, else in any given), its models, its events held that year.
    pub fn of(
        unit: &Unit,
        year: i32,
        movements: &[MovementBelow],
        models: &[ModelBelow],
        events: &[EventBelow],
    ) -> YearFigures {
        let stated = movements
            .iter()
            .filter(|m| m.unit == unit.code && m.year == year)
            .min_by_key(|m| m.ledger != unit.code);
        computed(
            unit,
            year,
            stated,
            models.iter().filter(|m| m.unit == unit.code),
            events.iter().filter(|e| e.unit == unit.code),
        )
    }
}

/// The one computation of a unit's year.
fn computed<'a>(
    unit: &Unit,
    year: i32,
    stated: Option<&MovementBelow>,
    models: impl Iterator<Item = &'a ModelBelow>,
    events: impl Iterator<Item = &'a EventBelow>,
) -> YearFigures {
    let mut y = YearFigures::default();
    for (f, v) in stated.iter().flat_map(|m| &m.figures) {
        // A record holds only typed figures; the check is kept so a
        // computed one could never count twice.
        if f.is_entered() {
            y.add(*f, *v);
        }
    }
    for m in models {
        if m.model.exists_at_end_of(year) {
            y.add(Figure::ModelsExisting, 1);
        }
        if m.model.built_in(year) {
            y.add(Figure::ModelsBuilt, 1);
        }
    }
    let held = |e: &&EventBelow| e.figures.held() && e.figures.date.map(|d| d.year()) == Some(year);
    for e in events.filter(held) {
        let level = e.level_in(unit);
        let at = |m| Figure::of_origin(Origin::Events(level, m));
        if let Some(f) = at(Measure::Events) {
            y.add(f, 1);
        }
        if let Some(f) = at(Measure::People) {
            y.add(f, e.figures.attendance);
        }
        for f in Figure::ALL {
            if let Origin::EnteredPlusEvents(kind) = f.spec().origin {
                y.add(*f, e.figures.outreach.get(&kind).map_or(0, |q| q.0));
            }
        }
    }
    y
}

/// A unit's (or a subtree's) figures over a period: each year's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodFigures {
    /// Each year of the period, in order.
    pub years: BTreeMap<i32, YearFigures>,
}

impl PeriodFigures {
    /// A year's figures (none if the year is not in the period).
    pub fn year(&self, year: i32) -> YearFigures {
        self.years.get(&year).cloned().unwrap_or_default()
    }

    /// A figure's value over the period: the sum of its years, or its
    /// last year's for a stock ([`OverYears::LastYear`]).
    pub fn period_value(&self, figure: Figure) -> u64 {
        match figure.spec().over_years {
            OverYears::Sum => self
                .years
                .values()
                .fold(0u64, |n, y| n.saturating_add(y.get(figure))),
            OverYears::LastYear => self
                .years
                .last_key_value()
                .map_or(0, |(_, y)| y.get(figure)),
        }
    }

    /// Adds another unit's figures, year by year.
    pub fn merge(&mut self, other: &PeriodFigures) {
        for (year, y) in &other.years {
            self.years.entry(*year).or_default().merge(y);
        }
    }

    /// Whether every figure of every year is 0.
    pub fn is_empty(&self) -> bool {
        self.years.values().all(|y| y.0.is_empty())
    }
}

/// A row of the period sheet: a unit and the figures of its subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRow {
    /// The unit.
    pub unit: Unit,
    /// 1 for the units directly below the sheet's unit, 2 below those, …
    pub depth: u32,
    /// Whether it has units below it: its row is their subtotal.
    pub subtotal: bool,
    /// Its figures and those of every unit below it.
    pub figures: PeriodFigures,
}

/// The movement's sheet of a unit over a period: its rows, in tree
/// order, its own figures apart, and the grand total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSheet {
    /// The unit the sheet is for.
    pub unit: Unit,
    /// The period.
    pub period: Period,
    /// The unit's own figures (a district's own documents, events, …).
    pub own: PeriodFigures,
    /// One row per unit below, parents before their children.
    pub rows: Vec<PeriodRow>,
    /// Everything.
    pub total: PeriodFigures,
}

impl PeriodSheet {
    /// The rows an office's sheet lists, as the statistics sheet's
    /// ([`is_reporting_row`]).
    pub fn reporting_rows(&self) -> impl Iterator<Item = &PeriodRow> {
        self.rows
            .iter()
            .filter(|r| is_reporting_row(r.depth, r.unit.level))
    }

    /// A chart of one figure of the total, year by year.
    pub fn chart(&self, figure: Figure) -> Chart {
        let rows: Vec<(String, u64)> = self
            .period
            .years()
            .map(|y| (format!("Năm {y}"), self.total.year(y).get(figure)))
            .collect();
        let title = format!("{}, {}", figure.name_vi(), self.period.label_vi());
        bars_of(&title, &rows, figure.decimals())
    }
}

/// The period sheet of `root` over `units` (the units below it, any
/// order): every unit's years computed once, added up the tree as the
/// statistics sheet is. A unit's year is its own ledger's record if it
/// has one, else the record the nearest unit above it imported; records
/// held by a ledger not above the unit, and anything of a unit not below
/// `root`, are left out.
pub fn period_sheet(
    root: &Unit,
    units: &[Unit],
    movements: &[MovementBelow],
    models: &[ModelBelow],
    events: &[EventBelow],
    period: Period,
) -> PeriodSheet {
    let tree = Tree::new(root, units);
    let mut stated: HashMap<(&str, i32), Vec<&MovementBelow>> = HashMap::new();
    for m in movements {
        stated.entry((m.unit.as_str(), m.year)).or_default().push(m);
    }
    let mut models_of: HashMap<&str, Vec<&ModelBelow>> = HashMap::new();
    for m in models {
        models_of.entry(m.unit.as_str()).or_default().push(m);
    }
    let mut events_of: HashMap<&str, Vec<&EventBelow>> = HashMap::new();
    for e in events {
        events_of.entry(e.unit.as_str()).or_default().push(e);
    }
    let mut own: HashMap<&str, PeriodFigures> = HashMap::new();
    for unit in std::iter::once(root).chain(units) {
        let figures = PeriodFigures {
            years: period
                .years()
                .map(|year| {
                    let chosen = stated
                        .get(&(unit.code.as_str(), year))
                        .and_then(|held| nearest(&tree, unit, held));
                    let y = computed(
                        unit,
                        year,
                        chosen,
                        models_of
                            .get(unit.code.as_str())
                            .into_iter()
                            .flatten()
                            .copied(),
                        events_of
                            .get(unit.code.as_str())
                            .into_iter()
                            .flatten()
                            .copied(),
                    );
                    (year, y)
                })
                .collect(),
        };
        own.insert(unit.code.as_str(), figures);
    }
    let rolled = tree.roll(own, PeriodFigures::merge);
    PeriodSheet {
        unit: root.clone(),
        period,
        own: rolled.own,
        rows: rolled
            .rows
            .into_iter()
            .map(|r| PeriodRow {
                unit: r.unit.clone(),
                depth: r.depth,
                subtotal: r.subtotal,
                figures: r.value,
            })
            .collect(),
        total: rolled.total,
    }
}

/// Of the records of one unit's year, the one its own ledger holds, else
/// the one of the nearest unit above it that holds one.
fn nearest<'a>(tree: &Tree, unit: &Unit, held: &[&'a MovementBelow]) -> Option<&'a MovementBelow> {
    let mut at = Some(unit);
    // Bounded by the tree's depth, so a unit listed as its own ancestor
    // (a corrupt file) ends the walk.
    for _ in 0..=tree.len() {
        let u = at?;
        if let Some(m) = held.iter().find(|m| m.ledger == u.code) {
            return Some(m);
        }
        at = tree.parent(u);
    }
    None
}

#[cfg(test)]
mod tests;
