//! The day's figures, computed in one place so that the phone's summary
//! screen and the district's compilation always agree.

use crate::award::Award;
use crate::budget::{BudgetLine, BudgetTotal, FundSource};
use crate::forum::{Opinion, OpinionStatus};
use crate::invitee::{Category, Invitee};
use crate::items::Item;
use crate::outreach::{self, Outreach, OutreachKind, OutreachTotal};
use crate::program::ProgramProgress;
use crate::state::EventState;
use std::collections::BTreeMap;

/// Invitees of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCount {
    /// On the list (walk-ins included).
    pub listed: usize,
    /// Checked in.
    pub present: usize,
}

/// Everything the report asks of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The program, planned against actual.
    pub program: ProgramProgress,
    /// Invitees per category, in protocol order, only categories in use.
    pub invitees: Vec<(Category, CategoryCount)>,
    /// All categories together.
    pub invitees_total: CategoryCount,
    /// People added at the door (included in the counts above).
    pub walk_ins: usize,
    /// The anonymous crowd counted at the gate.
    pub headcount: u64,
    /// Total attendance: invitees checked in plus the gate headcount.
    pub attendance: u64,
    /// Outreach totals per kind, only kinds with entries.
    pub outreach: BTreeMap<OutreachKind, OutreachTotal>,
    /// Awards on the list.
    pub awards: usize,
    /// Awards ticked as presented.
    pub awards_presented: usize,
    /// Opinions raised at the forum.
    pub opinions: usize,
    /// Opinions answered (on the spot or after follow-up).
    pub opinions_answered: usize,
    /// Opinions still being followed up.
    pub opinions_following: usize,
    /// Budget per source.
    pub budget: BTreeMap<FundSource, BudgetTotal>,
    /// Budget, all sources.
    pub budget_total: BudgetTotal,
}

impl EventState {
    /// The day's figures. `utc_offset_minutes` turns tick times into the
    /// phone's local times of day.
    pub fn summary(&self, utc_offset_minutes: i32) -> Summary {
        let mut per_category: BTreeMap<Category, CategoryCount> = BTreeMap::new();
        let mut invitees_total = CategoryCount::default();
        let mut walk_ins = 0;
        for i in self.entries::<Invitee>() {
            let c = per_category.entry(i.category.value).or_default();
            c.listed += 1;
            invitees_total.listed += 1;
            if i.is_present() {
                c.present += 1;
                invitees_total.present += 1;
            }
            walk_ins += usize::from(i.walk_in.value);
        }

        let awards: Vec<&Award> = self.entries::<Award>().collect();
        let statuses: Vec<OpinionStatus> =
            self.entries::<Opinion>().map(|o| o.status.value).collect();

        let mut budget: BTreeMap<FundSource, BudgetTotal> = BTreeMap::new();
        let mut budget_total = BudgetTotal::default();
        for line in self.entries::<BudgetLine>() {
            let fields = line.fields();
            budget.entry(fields.source).or_default().add(&fields);
            budget_total.add(&fields);
        }

        let headcount = self.headcount();
        Summary {
            program: self.progress(utc_offset_minutes),
            invitees: per_category.into_iter().collect(),
            invitees_total,
            walk_ins,
            headcount,
            attendance: headcount.saturating_add(invitees_total.present as u64),
            outreach: outreach::totals(self.entries::<Outreach>()),
            awards: awards.len(),
            awards_presented: awards
                .iter()
                .filter(|a| a.presented_at.value.is_some())
                .count(),
            opinions: statuses.len(),
            opinions_answered: statuses.iter().filter(|s| s.is_answered()).count(),
            opinions_following: statuses
                .iter()
                .filter(|s| **s == OpinionStatus::FollowUp)
                .count(),
            budget,
            budget_total,
        }
    }
}
