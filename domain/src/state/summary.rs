//! The day's figures, computed in one place so that the phone's summary
//! screen and the district's compilation always agree.
//!
//! [`EventState::summary`] is the one source of every figure of an event.
//! Each output is a reading of it, never a count of its own:
//!
//! - the "Tổng kết" screen shows the [`Summary`];
//! - the report ([`crate::state::report`]) writes its tables and sentences from it
//!   and sends up [`crate::kinds::submission::ReportFigures::of`] it;
//! - the level above's roll-up, [`crate::reporting::rollup::EventFigures::of`], is the
//!   summary with the event's own fields (host, day, place, level), and the
//!   statistics sheet ([`crate::reporting::rollup::sheet`]), its CSV and its markup
//!   ([`crate::reporting::sheet_columns`]) and the app's XLSX add those up.
//!
//! Why the summary and not `EventFigures`: the summary is the fuller of the
//! two (per category of invitee, the gate apart from the invitees, each
//! step's time, planned against actual money), and the report needs all of
//! it; `EventFigures` is what the server stores and the dashboard carries
//! (its shape is a stored format), a projection the summary can always
//! give and never the other way round. The screens that show one part
//! ([`EventState::outreach_totals`], [`EventState::budget_totals`], …) call
//! the same functions the summary is made of.

use crate::kinds::award::{Award, AwardForm};
use crate::kinds::budget::{BudgetLine, BudgetTotal, FundSource};
use crate::kinds::decoration::Decoration;
use crate::kinds::forum::{Opinion, OpinionStatus};
use crate::kinds::invitee::{Category, Invitee};
use crate::kinds::outreach::{self, Outreach, OutreachKind, OutreachTotal};
use crate::kinds::program::ProgramProgress;
use crate::kinds::submission::{ReportFigures, StatesFigures};
use crate::merge::items::Item;
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
    /// Awards on the list per form, only forms in use.
    pub awards_by_form: BTreeMap<AwardForm, usize>,
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
    /// Decoration jobs (khánh tiết) on the list.
    pub decorations: usize,
    /// Decoration jobs done.
    pub decorations_done: usize,
}

/// The named list's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteeCounts {
    /// Per category, in protocol order, only categories in use.
    pub by_category: Vec<(Category, CategoryCount)>,
    /// All categories together.
    pub total: CategoryCount,
    /// People added at the door.
    pub walk_ins: usize,
}

/// The named list's counts, and what its search depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteeOverview {
    /// The counts.
    pub counts: InviteeCounts,
    /// Changes when anyone's name, title or phone changes, or someone is
    /// added or removed; not when someone is checked in. The search index
    /// ([`crate::kinds::invitee::index`]) is built again only when it changes.
    pub search_key: u64,
}

/// The awards' counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwardCounts {
    /// Awards on the list.
    pub listed: usize,
    /// Ticked as presented.
    pub presented: usize,
    /// On the list per form, only forms in use.
    pub by_form: BTreeMap<AwardForm, usize>,
}

/// The forum's counts: raised, answered, being followed up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpinionCounts {
    /// Opinions raised.
    pub raised: usize,
    /// Answered on the spot or after follow-up.
    pub answered: usize,
    /// Still being followed up.
    pub following: usize,
}

/// Each part of the summary on its own, for the screens that show one part
/// and must not compute the rest on every change (a check-in, say).
impl EventState {
    /// Invitees listed and present, per category and in all.
    pub fn invitee_counts(&self) -> InviteeCounts {
        self.invitee_overview().counts
    }

    /// The invitees' counts and a fingerprint of what their search reads,
    /// from one pass over the list: the invitee screen needs both after
    /// every check-in, with thousands of people on the list.
    pub fn invitee_overview(&self) -> InviteeOverview {
        let mut per_category: BTreeMap<Category, CategoryCount> = BTreeMap::new();
        let mut counts = InviteeCounts::default();
        // A plain multiply-add over ids and stamps, not a keyed hash: it
        // only has to change when a name, title or phone does, or the list.
        let mut key = 0u64;
        let mut add = |x: u64| key = key.wrapping_mul(0x100_0000_01b3).wrapping_add(x);
        for i in self.entries::<Invitee>() {
            let (hi, lo) = i.id.0.as_u64_pair();
            add(hi ^ lo);
            for st in [i.name.stamp, i.title.stamp, i.phone.stamp] {
                add(st.wall ^ (u64::from(st.counter) << 48) ^ st.device.0.as_u64_pair().1);
            }
            let c = per_category.entry(i.category.value).or_default();
            c.listed += 1;
            counts.total.listed += 1;
            if i.is_present() {
                c.present += 1;
                counts.total.present += 1;
            }
            counts.walk_ins += usize::from(i.walk_in.value);
        }
        counts.by_category = per_category.into_iter().collect();
        InviteeOverview {
            counts,
            search_key: key,
        }
    }

    /// Outreach totals per kind, only kinds with entries.
    pub fn outreach_totals(&self) -> BTreeMap<OutreachKind, OutreachTotal> {
        outreach::totals(self.entries::<Outreach>())
    }

    /// Awards listed, and presented.
    pub fn award_counts(&self) -> (usize, usize) {
        let c = self.award_totals();
        (c.listed, c.presented)
    }

    /// Awards listed, presented, and listed per form.
    pub fn award_totals(&self) -> AwardCounts {
        let mut c = AwardCounts::default();
        for a in self.entries::<Award>() {
            c.listed += 1;
            c.presented += usize::from(a.presented_at.value.is_some());
            *c.by_form.entry(a.form.value).or_default() += 1;
        }
        c
    }

    /// Decoration jobs listed, and done.
    pub fn decoration_counts(&self) -> (usize, usize) {
        self.entries::<Decoration>().fold((0, 0), |(all, done), d| {
            (all + 1, done + usize::from(d.done.value))
        })
    }

    /// The forum's counts.
    pub fn opinion_counts(&self) -> OpinionCounts {
        let mut counts = OpinionCounts::default();
        for o in self.entries::<Opinion>() {
            counts.raised += 1;
            counts.answered += usize::from(o.status.value.is_answered());
            counts.following += usize::from(o.status.value == OpinionStatus::FollowUp);
        }
        counts
    }

    /// Budget per source, and for all sources.
    pub fn budget_totals(&self) -> (BTreeMap<FundSource, BudgetTotal>, BudgetTotal) {
        let mut by_source: BTreeMap<FundSource, BudgetTotal> = BTreeMap::new();
        let mut total = BudgetTotal::default();
        for line in self.entries::<BudgetLine>() {
            let fields = line.fields();
            by_source.entry(fields.source).or_default().add(&fields);
            total.add(&fields);
        }
        (by_source, total)
    }

    /// The day's figures. `utc_offset_minutes` turns tick times into the
    /// phone's local times of day.
    pub fn summary(&self, utc_offset_minutes: i32) -> Summary {
        let invitees = self.invitee_counts();
        let awards = self.award_totals();
        let (decorations, decorations_done) = self.decoration_counts();
        let opinions = self.opinion_counts();
        let (budget, budget_total) = self.budget_totals();
        let headcount = self.headcount();
        Summary {
            program: self.progress(utc_offset_minutes),
            invitees: invitees.by_category,
            invitees_total: invitees.total,
            walk_ins: invitees.walk_ins,
            headcount,
            attendance: headcount.saturating_add(invitees.total.present as u64),
            outreach: self.outreach_totals(),
            awards: awards.listed,
            awards_presented: awards.presented,
            awards_by_form: awards.by_form,
            opinions: opinions.raised,
            opinions_answered: opinions.answered,
            opinions_following: opinions.following,
            budget,
            budget_total,
            decorations,
            decorations_done,
        }
    }
}

impl StatesFigures for Summary {
    fn report_figures(&self) -> ReportFigures {
        let s = self;
        ReportFigures {
            steps_done: s.program.done as u64,
            steps_total: s.program.total as u64,
            invitees_listed: s.invitees_total.listed as u64,
            invitees_present: s.invitees_total.present as u64,
            walk_ins: s.walk_ins as u64,
            headcount: s.headcount,
            attendance: s.attendance,
            outreach: s
                .outreach
                .iter()
                .map(|(k, t)| (k.code().to_string(), t.quantity))
                .collect(),
            gifts_value: s.outreach.get(&OutreachKind::Gifts).map_or(0, |t| t.value),
            awards: s.awards as u64,
            awards_presented: s.awards_presented as u64,
            opinions: s.opinions as u64,
            opinions_answered: s.opinions_answered as u64,
            budget_total: s.budget_total.spent,
        }
    }
}
