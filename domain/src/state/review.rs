//! Commands on a unit's period reviews, in its ledger: the parts the unit
//! writes ([`ReviewText`], one record per period and part) and each
//! submission of a review to the level above (a [`Submission`], as the
//! yearly report's, kept for good).

use crate::error::DomainError;
use crate::kinds::review::{review_text_id, ReviewPart, ReviewText, ReviewTextFields, ReviewTexts};
use crate::kinds::submission::{submission_of, ReportDoc, Submission};
use crate::kinds::Record;
use crate::merge::items::Choice;
use crate::movement::period::Period;
use crate::state::EventState;
use crate::Stamp;

impl EventState {
    /// The parts of `period`'s review as written so far.
    pub fn review_texts(&self, period: Period) -> ReviewTexts {
        let mut texts = ReviewTexts::default();
        for part in ReviewPart::all() {
            if let Some(t) = self.entry::<ReviewText>(review_text_id(self.id, period, *part)) {
                texts.texts.insert(part.code(), t.text.value.clone());
            }
        }
        texts
    }

    /// Saves one part of `period`'s review; `name` is a [`ReviewPart`] code.
    pub fn set_review_text(
        &self,
        period: Period,
        name: &str,
        value: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let part =
            ReviewPart::from_code(name).ok_or_else(|| DomainError::UnknownControl(name.into()))?;
        let fields = ReviewTextFields {
            from: period.from(),
            to: period.to(),
            part,
            text: value.to_string(),
        };
        self.save::<ReviewText>(Some(review_text_id(self.id, period, part)), fields, stamp)
    }

    /// A submission of the review `doc` as of now, by `officer`. Only a
    /// review (a document with a period) is sent from a ledger.
    pub fn submit_review(
        &self,
        doc: &ReportDoc,
        officer: &str,
        now_ms: u64,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        if doc.period.is_none() {
            return Err(DomainError::MalformedReport);
        }
        submission_of(doc, officer, now_ms, stamp)
    }

    /// The reviews of `period` submitted from this ledger, oldest first.
    pub fn review_submissions(&self, period: Period) -> Vec<&Submission> {
        self.entries::<Submission>()
            .filter(|s| {
                ReportDoc::from_json(&s.report.value).is_ok_and(|d| d.period == Some(period))
            })
            .collect()
    }
}
