//! Each submission of the report to the level above ([`Submission`], a
//! snapshot of the document as sent, kept for good), and the document's
//! shape ([`ReportDoc`], laid out as Decree 30/2020/NĐ-CP sets an
//! administrative document), which a snapshot must have.

use crate::error::DomainError;
use crate::merge::items::{self, item};
use serde::{Deserialize, Serialize};

/// The largest report snapshot a submission carries, in bytes of JSON.
/// A period review with every part written at length, its models cited
/// and its two tables over 31 years stays under it.
pub const MAX_SNAPSHOT: usize = 160 * 1024;

item! {
    /// The report as sent to the level above, at one moment. Never edited:
    /// a correction is a new submission.
    pub struct Submission / SubmissionFields {
        /// When the officer sent it (Unix ms).
        pub submitted_at: u64,
        /// Who sent it (the officer's name on the sending phone).
        pub officer: String,
        /// The document as sent: [`ReportDoc`] as JSON.
        pub report: String,
    }
}

impl Submission {
    fn check_fields(f: &mut SubmissionFields) -> Result<(), DomainError> {
        items::optional("officer", &mut f.officer)?;
        items::at_most(
            "submitted_at",
            f.submitted_at,
            crate::merge::clock::MAX_WALL_MS,
        )?;
        if f.report.len() > MAX_SNAPSHOT {
            return Err(DomainError::TooLong {
                field: "report",
                max: MAX_SNAPSHOT,
            });
        }
        ReportDoc::from_json(&f.report).map(drop)
    }
}

impl SubmissionFields {
    /// Submissions are made by [`crate::EventState::submit_report`], not typed.
    pub fn set(&mut self, name: &str, _value: &str) -> Result<(), DomainError> {
        Err(DomainError::UnknownControl(name.to_string()))
    }
}

/// The figures the report states, each as [`crate::EventState::summary`] has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFigures {
    /// Steps of the ceremony held, and to hold.
    pub steps_done: u64,
    /// Steps to hold (not skipped).
    pub steps_total: u64,
    /// Invitees on the list, walk-ins included.
    pub invitees_listed: u64,
    /// Invitees checked in.
    pub invitees_present: u64,
    /// People added at the door.
    pub walk_ins: u64,
    /// The gate headcount.
    pub headcount: u64,
    /// Everyone who attended: invitees present plus the headcount.
    pub attendance: u64,
    /// Phần hội per kind (its code), in stored units.
    pub outreach: Vec<(String, u64)>,
    /// Gifts' value in đồng.
    pub gifts_value: u64,
    /// Awards on the list, and presented.
    pub awards: u64,
    /// Awards presented on the day.
    pub awards_presented: u64,
    /// Opinions raised at the forum.
    pub opinions: u64,
    /// Opinions answered.
    pub opinions_answered: u64,
    /// Budget spent, đồng: the sum of the lines' costs (each its actual
    /// amount, or planned where not known).
    pub budget_total: u64,
}

impl ReportFigures {
    /// The figures of a summary.
    pub fn of(s: &impl StatesFigures) -> ReportFigures {
        s.report_figures()
    }
}

/// What the report's figures are read from: the event's summary
/// ([`crate::state::summary::Summary`]), which every screen shows too.
pub trait StatesFigures {
    /// The figures, as the report states them.
    fn report_figures(&self) -> ReportFigures;
}

/// One piece of a section's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A numbered sub-heading ("1. Phần lễ").
    Heading(String),
    /// A paragraph, first line indented.
    Para(String),
    /// A table: header cells, then rows.
    Table {
        /// Column headings.
        head: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
}

/// A section: its Roman-numbered heading and its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// "I. CÔNG TÁC CHUẨN BỊ".
    pub heading: String,
    /// Its body.
    pub blocks: Vec<Block>,
}

/// The report as a document: what the preview draws, the print lays out on
/// A4, the .docx holds and a submission keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportDoc {
    /// Top left, first line: the issuing body's superior (may be empty).
    pub superior: String,
    /// Top left, bold: the issuing body.
    pub issuer: String,
    /// "Số: 25/BC-UBND".
    pub number: String,
    /// "Tân Phú, ngày 20 tháng 8 năm 2026".
    pub place_date: String,
    /// "BÁO CÁO".
    pub kind: String,
    /// "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026".
    pub title: String,
    /// The body.
    pub sections: Vec<Section>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// The signer's capacity, line by line.
    pub signer_title: Vec<String>,
    /// The signer's name.
    pub signer_name: String,
    /// The figures stated, for the level above to add up: a yearly
    /// report's. A period review states none here (the level above reads
    /// the period's figures from the ledgers themselves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<ReportFigures>,
    /// The period a review covers; none for a yearly report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<crate::movement::period::Period>,
    /// Statistics tables appended on landscape pages (a review's two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annexes: Vec<Annex>,
}

/// A header cell of an appended table: its text and the columns and rows
/// it spans. A cell covered by one above it is not listed (as in HTML).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadCell {
    /// Its text.
    pub text: String,
    /// Columns it spans (at least 1).
    pub cols: u16,
    /// Rows it spans (at least 1).
    pub rows: u16,
}

/// A statistics table appended on a landscape page ("THỐNG KÊ"), as seed
/// 004 appends its two to the district's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    /// "Biểu 1. Số liệu cơ bản về … giai đoạn 2015–2020".
    pub title: String,
    /// Header rows, top down.
    pub head: Vec<Vec<HeadCell>>,
    /// Rows of cells; the first names the row.
    pub rows: Vec<Vec<String>>,
}

impl Annex {
    /// How many columns it has.
    pub fn width(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }
}

/// A submission of `doc` as of now, by `officer`: the record to save.
pub fn submission_of(
    doc: &ReportDoc,
    officer: &str,
    now_ms: u64,
    stamp: crate::Stamp,
) -> Result<crate::kinds::Record, DomainError> {
    use crate::kinds::Kind;
    use crate::merge::items::{Item, ItemId};
    let mut fields = SubmissionFields {
        submitted_at: now_ms,
        officer: officer.to_string(),
        report: doc.to_json(),
    };
    Submission::check(&mut fields)?;
    let mut entry = Submission::blank(ItemId::new(now_ms), stamp);
    entry.write(fields, stamp);
    Ok(entry.into_record())
}

impl ReportDoc {
    /// Reads a snapshot back.
    pub fn from_json(text: &str) -> Result<ReportDoc, DomainError> {
        serde_json::from_str(text).map_err(|_| DomainError::MalformedReport)
    }

    /// As JSON, for a submission.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }

    /// Every line of text in the document, in reading order (for search,
    /// tests and the plain-text fallback).
    pub fn text_lines(&self) -> Vec<String> {
        let mut out = vec![
            self.superior.clone(),
            self.issuer.clone(),
            self.number.clone(),
            NATION.to_string(),
            MOTTO.to_string(),
            self.place_date.clone(),
            self.kind.clone(),
            self.title.clone(),
        ];
        for s in &self.sections {
            out.push(s.heading.clone());
            for b in &s.blocks {
                match b {
                    Block::Heading(t) | Block::Para(t) => out.push(t.clone()),
                    Block::Table { head, rows } => {
                        out.push(head.join(" | "));
                        out.extend(rows.iter().map(|r| r.join(" | ")));
                    }
                }
            }
        }
        for a in &self.annexes {
            out.push(a.title.clone());
            for row in &a.head {
                out.push(
                    row.iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
            }
            out.extend(a.rows.iter().map(|r| r.join(" | ")));
        }
        out.push("Nơi nhận:".to_string());
        out.extend(self.recipients.iter().cloned());
        out.extend(self.signer_title.iter().cloned());
        out.push(self.signer_name.clone());
        out
    }
}

/// Quốc hiệu.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
