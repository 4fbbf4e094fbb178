//! The commune's báo cáo kết quả: the texts the officer writes
//! ([`ReportText`], one record per part, shared by the event's phones like any record), the
//! document built from them and the event's figures ([`ReportDoc`], laid out
//! as Decree 30/2020/NĐ-CP sets an administrative document), and each
//! submission to the level above ([`Submission`], a snapshot of the document
//! as sent, kept for good).
//!
//! Every figure in the document comes from [`EventState::summary`], the
//! function the "Tổng kết" screen shows: the two cannot disagree. The
//! document reads the event's records only for words (step titles, award
//! decisions), never to count them.

use crate::error::DomainError;
use crate::kinds::award::{Award, AwardForm};
use crate::kinds::budget::FundSource;
use crate::kinds::event::Day;
use crate::kinds::event::EventId;
use crate::kinds::outreach::OutreachKind;
use crate::kinds::Record;
use crate::merge::items::{self, choice, item, Choice, Item, ItemId};
use crate::reporting::summary::Summary;
use crate::state::EventState;
use crate::text::format::{format_decimal, format_document_date, format_hhmm, format_money};
use crate::Stamp;
use serde::{Deserialize, Serialize};

/// The largest report snapshot a submission carries, in bytes of JSON.
pub const MAX_SNAPSHOT: usize = 64 * 1024;

choice! {
    /// The parts of the report the officer writes; the rest is computed.
    pub enum ReportField {
        Number = "number" / "Số, ký hiệu",
        Superior = "superior" / "Cơ quan chủ quản",
        Issuer = "issuer" / "Cơ quan ban hành",
        PlaceName = "place_name" / "Địa danh",
        Assessment = "assessment" / "Đánh giá chung",
        Lessons = "lessons" / "Bài học kinh nghiệm",
        Proposals = "proposals" / "Đề xuất, kiến nghị",
        Recipients = "recipients" / "Nơi nhận",
        SignerTitle = "signer_title" / "Quyền hạn, chức vụ người ký",
        SignerName = "signer_name" / "Họ tên người ký",
    }
}

impl ReportField {
    /// Whether it is a long text (a paragraph or a list) rather than a line.
    pub fn is_long(self) -> bool {
        matches!(
            self,
            ReportField::Assessment
                | ReportField::Lessons
                | ReportField::Proposals
                | ReportField::Recipients
                | ReportField::SignerTitle
        )
    }
}

item! {
    /// One part of the report as the officer wrote it. One record per part,
    /// its id derived from the event's and the part's (see [`text_id`]): two
    /// officers writing different parts never overwrite each other, and a
    /// record stays small.
    pub struct ReportText / ReportTextFields as Report {
        /// Which part.
        pub field: ReportField,
        /// What was written.
        pub text: String,
    }
}

impl ReportText {
    fn check_fields(f: &mut ReportTextFields) -> Result<(), DomainError> {
        if f.field.is_long() {
            items::long_text("entry", &mut f.text)
        } else {
            items::optional("entry", &mut f.text)
        }
    }
}

impl ReportTextFields {
    /// Sets the field a form control names.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match name {
            "field" => self.field = items::chosen(value)?,
            "text" => self.text = value.to_string(),
            _ => return Err(DomainError::UnknownControl(name.to_string())),
        }
        Ok(())
    }
}

/// The id of `event`'s record for `field`.
pub fn text_id(event: EventId, field: ReportField) -> ItemId {
    ItemId::derived(event, b"report", field.code().as_bytes())
}

/// Every part the officer writes, as written so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportTexts {
    texts: std::collections::BTreeMap<&'static str, String>,
}

impl ReportTexts {
    /// What was written for `field` ("" if nothing).
    pub fn get(&self, field: ReportField) -> &str {
        self.texts.get(field.code()).map_or("", String::as_str)
    }
}

item! {
    /// The report as sent to the level above, at one moment. Never edited:
    /// a correction is a new submission.
    pub struct Submission / SubmissionFields as Submission {
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
    /// Submissions are made by [`EventState::submit_report`], not typed.
    pub fn set(&mut self, name: &str, _value: &str) -> Result<(), DomainError> {
        Err(DomainError::UnknownControl(name.to_string()))
    }
}

/// The figures the report states, each as [`EventState::summary`] has it.
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
    pub fn of(s: &Summary) -> ReportFigures {
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
    /// The figures stated, for the level above to add up.
    pub figures: ReportFigures,
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

/// A count as Vietnamese documents write it: 1.534.
fn n(value: u64) -> String {
    format_decimal(value, 0)
}

/// Non-empty lines of a multi-line text.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A free text, or the dotted line a document leaves to fill by hand.
fn or_blank(text: &str) -> String {
    if text.trim().is_empty() {
        "……………………………………………………………………".to_string()
    } else {
        text.trim().to_string()
    }
}

impl EventState {
    /// The report's texts as written so far.
    pub fn report_texts(&self) -> ReportTexts {
        let mut texts = ReportTexts::default();
        for field in ReportField::all() {
            if let Some(t) = self.entry::<ReportText>(text_id(self.id, *field)) {
                texts.texts.insert(field.code(), t.text.value.clone());
            }
        }
        texts
    }

    /// Saves one part of the report's texts; `name` is a [`ReportField`] code.
    pub fn set_report_text(
        &self,
        name: &str,
        value: &str,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let field =
            ReportField::from_code(name).ok_or_else(|| DomainError::UnknownControl(name.into()))?;
        let fields = ReportTextFields {
            field,
            text: value.to_string(),
        };
        self.save::<ReportText>(Some(text_id(self.id, field)), fields, stamp)
    }

    /// The submissions made, oldest first.
    pub fn submissions(&self) -> Vec<&Submission> {
        self.entries::<Submission>().collect()
    }

    /// The report as of now: `today` is its date, `utc_offset_minutes` the
    /// phone's, for the times steps were held.
    pub fn report(&self, today: Day, utc_offset_minutes: i32) -> Result<ReportDoc, DomainError> {
        let meta = self.meta.as_ref().ok_or(DomainError::NotFound("event"))?;
        let summary = self.summary(utc_offset_minutes);
        let texts = self.report_texts();
        let year = meta.year();
        let issuer = if texts.get(ReportField::Issuer).trim().is_empty() {
            meta.host_name.value.to_uppercase()
        } else {
            texts.get(ReportField::Issuer).trim().to_string()
        };
        let place = if texts.get(ReportField::PlaceName).trim().is_empty() {
            "……"
        } else {
            texts.get(ReportField::PlaceName).trim()
        };
        let number = if texts.get(ReportField::Number).trim().is_empty() {
            "Số:       /BC-…".to_string()
        } else {
            format!("Số: {}", texts.get(ReportField::Number).trim())
        };
        let recipients = if texts.get(ReportField::Recipients).trim().is_empty() {
            vec![
                "- Ban Chỉ đạo phong trào toàn dân BVANTQ cấp trên;".to_string(),
                "- Công an cấp trên;".to_string(),
                "- Lưu: VT.".to_string(),
            ]
        } else {
            lines_of(texts.get(ReportField::Recipients))
        };
        let signer_title = if texts.get(ReportField::SignerTitle).trim().is_empty() {
            vec!["TM. ỦY BAN NHÂN DÂN".to_string(), "CHỦ TỊCH".to_string()]
        } else {
            lines_of(texts.get(ReportField::SignerTitle))
        };
        Ok(ReportDoc {
            superior: texts.get(ReportField::Superior).trim().to_uppercase(),
            issuer,
            number,
            place_date: format!("{place}, {}", format_document_date(today)),
            kind: "BÁO CÁO".to_string(),
            title: format!("Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}"),
            sections: vec![
                self.preparation_section(&summary),
                self.results_section(&summary, utc_offset_minutes),
                Section {
                    heading: "III. ĐÁNH GIÁ CHUNG".to_string(),
                    blocks: vec![Block::Para(or_blank(texts.get(ReportField::Assessment)))],
                },
                Section {
                    heading: "IV. BÀI HỌC KINH NGHIỆM".to_string(),
                    blocks: vec![Block::Para(or_blank(texts.get(ReportField::Lessons)))],
                },
                Section {
                    heading: "V. ĐỀ XUẤT, KIẾN NGHỊ".to_string(),
                    blocks: vec![Block::Para(or_blank(texts.get(ReportField::Proposals)))],
                },
            ],
            recipients,
            signer_title,
            signer_name: texts.get(ReportField::SignerName).trim().to_string(),
            figures: ReportFigures::of(&summary),
        })
    }

    /// A submission of the report as of now, by `officer`.
    pub fn submit_report(
        &self,
        officer: &str,
        today: Day,
        utc_offset_minutes: i32,
        now_ms: u64,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let doc = self.report(today, utc_offset_minutes)?;
        let fields = SubmissionFields {
            submitted_at: now_ms,
            officer: officer.to_string(),
            report: doc.to_json(),
        };
        let mut entry = Submission::blank(ItemId::new(now_ms), stamp);
        let mut checked = fields;
        Submission::check(&mut checked)?;
        entry.write(checked, stamp);
        Ok(entry.into_record())
    }

    fn preparation_section(&self, s: &Summary) -> Section {
        let meta_place = self
            .meta
            .as_ref()
            .map(|m| m.place.value.trim().to_string())
            .unwrap_or_default();
        let mut blocks = vec![Block::Para(format!(
            "Công tác khánh tiết, trang trí: đã hoàn thành {}/{} việc (treo cờ, băng rôn, khẩu hiệu, sân khấu).",
            n(s.decorations_done as u64),
            n(s.decorations as u64)
        ))];
        blocks.push(Block::Para(format!(
            "Giấy mời: đã mời {} đại biểu theo danh sách{}.",
            n(s.invitees_total.listed.saturating_sub(s.walk_ins) as u64),
            if meta_place.is_empty() {
                String::new()
            } else {
                format!("; địa điểm tổ chức: {meta_place}")
            }
        )));
        Section {
            heading: "I. CÔNG TÁC CHUẨN BỊ".to_string(),
            blocks,
        }
    }

    fn results_section(&self, s: &Summary, _utc_offset_minutes: i32) -> Section {
        let mut blocks = Vec::new();
        // 1. The ceremony, step by step.
        blocks.push(Block::Heading("1. Phần lễ".to_string()));
        blocks.push(Block::Para(format!(
            "Đã thực hiện {}/{} nội dung của chương trình phần lễ.",
            n(s.program.done as u64),
            n(s.program.total as u64)
        )));
        let steps = self.program();
        let rows: Vec<Vec<String>> = s
            .program
            .steps
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let title = steps
                    .iter()
                    .find(|st| st.id == p.id)
                    .map(|st| st.title.value.clone())
                    .unwrap_or_default();
                let when = p
                    .actual
                    .map_or_else(|| "Chưa thực hiện".to_string(), format_hhmm);
                vec![(i + 1).to_string(), title, when]
            })
            .collect();
        blocks.push(Block::Table {
            head: vec!["TT".into(), "Nội dung".into(), "Thời gian thực hiện".into()],
            rows,
        });
        // 2. Who came.
        blocks.push(Block::Heading("2. Thành phần tham dự".to_string()));
        let mut rows: Vec<Vec<String>> = s
            .invitees
            .iter()
            .map(|(c, count)| {
                vec![
                    c.label_vi().to_string(),
                    n(count.listed as u64),
                    n(count.present as u64),
                ]
            })
            .collect();
        rows.push(vec![
            "Cộng đại biểu".to_string(),
            n(s.invitees_total.listed as u64),
            n(s.invitees_total.present as u64),
        ]);
        blocks.push(Block::Table {
            head: vec!["Thành phần".into(), "Được mời".into(), "Có mặt".into()],
            rows,
        });
        blocks.push(Block::Para(format!(
            "Đại biểu có mặt: {} người (trong đó {} người đăng ký tại chỗ); quần chúng nhân dân dự (đếm tại cổng): {} người. Tổng số người tham dự: {} người.",
            n(s.invitees_total.present as u64),
            n(s.walk_ins as u64),
            n(s.headcount),
            n(s.attendance)
        )));
        // 3. Phần hội.
        blocks.push(Block::Heading("3. Phần hội".to_string()));
        if s.outreach.is_empty() {
            blocks.push(Block::Para(
                "Không có kết quả phần hội được ghi nhận.".to_string(),
            ));
        } else {
            let rows = s
                .outreach
                .iter()
                .map(|(k, t)| {
                    let mut quantity = k.format_quantity(t.quantity);
                    if k.has_value() && t.value > 0 {
                        quantity = format!("{quantity} (trị giá {})", format_money(t.value));
                    }
                    vec![k.label_vi().to_string(), quantity]
                })
                .collect();
            blocks.push(Block::Table {
                head: vec!["Nội dung".into(), "Kết quả".into()],
                rows,
            });
        }
        // 4. Awards, by form, with their decisions.
        blocks.push(Block::Heading("4. Công tác khen thưởng".to_string()));
        blocks.push(Block::Para(format!(
            "Khen thưởng {} tập thể, cá nhân; đã trao tại Ngày hội {}.",
            n(s.awards as u64),
            n(s.awards_presented as u64)
        )));
        if !s.awards_by_form.is_empty() {
            // The counts from the summary; the records only for the words
            // of their decisions.
            let rows = AwardForm::all()
                .iter()
                .filter_map(|form| {
                    let count = s.awards_by_form.get(form).copied().unwrap_or(0);
                    (count > 0).then(|| {
                        let decisions: Vec<String> = self
                            .entries::<Award>()
                            .filter(|a| a.form.value == *form)
                            .map(|a| a.decision.value.trim().to_string())
                            .filter(|d| !d.is_empty())
                            .collect::<std::collections::BTreeSet<_>>()
                            .into_iter()
                            .collect();
                        vec![
                            form.label_vi().to_string(),
                            n(count as u64),
                            decisions.join("; "),
                        ]
                    })
                })
                .collect();
            blocks.push(Block::Table {
                head: vec!["Hình thức".into(), "Số lượng".into(), "Quyết định".into()],
                rows,
            });
        }
        // 5. The forum.
        blocks.push(Block::Heading("5. Diễn đàn lắng nghe ý kiến".to_string()));
        blocks.push(Block::Para(format!(
            "Tiếp nhận {} ý kiến của nhân dân; đã trả lời {} ý kiến; đang tiếp tục theo dõi, giải quyết {} ý kiến.",
            n(s.opinions as u64),
            n(s.opinions_answered as u64),
            n(s.opinions_following as u64)
        )));
        // 6. The budget.
        blocks.push(Block::Heading("6. Kinh phí".to_string()));
        let mut parts: Vec<String> = FundSource::all()
            .iter()
            .filter_map(|src| {
                s.budget
                    .get(src)
                    .map(|t| format!("{}: {}", src.label_vi(), format_money(t.spent)))
            })
            .collect();
        if parts.is_empty() {
            parts.push("chưa ghi nhận".to_string());
        }
        blocks.push(Block::Para(format!(
            "Tổng kinh phí tổ chức: {} ({}).",
            format_money(s.budget_total.spent),
            parts.join("; ")
        )));
        Section {
            heading: "II. KẾT QUẢ TỔ CHỨC NGÀY HỘI".to_string(),
            blocks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::event::{EventId, Level, NewEvent};
    use crate::merge::clock::{DeviceId, Hlc};
    use uuid::Uuid;

    fn event() -> (EventState, Hlc) {
        let id = EventId(Uuid::from_u128(5));
        let mut clock = Hlc::new(DeviceId(Uuid::from_u128(1)));
        let stamp = clock.tick(1_787_099_400_000);
        let new = NewEvent {
            host_name: "UBND xã Tân Phú".into(),
            level: Level::Xa,
            place: "Nhà văn hóa xã".into(),
            date: Day::traditional(2026).unwrap(),
            showcase: false,
        };
        let records = EventState::create(id, new, stamp).unwrap();
        (EventState::from_records(id, records).unwrap(), clock)
    }

    #[test]
    fn the_report_is_laid_out_as_an_administrative_document() {
        let (state, _) = event();
        let doc = state
            .report(Day::parse("2026-08-20").unwrap(), 420)
            .unwrap();
        assert_eq!(doc.issuer, "UBND XÃ TÂN PHÚ");
        assert_eq!(doc.kind, "BÁO CÁO");
        assert_eq!(
            doc.title,
            "Kết quả tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
        );
        assert_eq!(doc.place_date, "……, ngày 20 tháng 8 năm 2026");
        let headings: Vec<&str> = doc.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "I. CÔNG TÁC CHUẨN BỊ",
                "II. KẾT QUẢ TỔ CHỨC NGÀY HỘI",
                "III. ĐÁNH GIÁ CHUNG",
                "IV. BÀI HỌC KINH NGHIỆM",
                "V. ĐỀ XUẤT, KIẾN NGHỊ"
            ]
        );
        assert_eq!(
            doc.recipients.last().map(String::as_str),
            Some("- Lưu: VT.")
        );
        assert_eq!(ReportDoc::from_json(&doc.to_json()), Ok(doc));
    }

    #[test]
    fn written_texts_replace_the_blanks() {
        let (state, mut clock) = event();
        let mut state = state;
        for (name, value) in [
            ("number", "25/BC-UBND"),
            ("place_name", "Tân Phú"),
            ("assessment", "Ngày hội diễn ra trang trọng."),
            ("recipients", "- Công an huyện;\n\n- Lưu: VT."),
        ] {
            let r = state
                .set_report_text(name, value, clock.tick(1_787_099_500_000))
                .unwrap();
            state.apply(r).unwrap();
        }
        assert!(state
            .set_report_text("nope", "x", clock.tick(1_787_099_600_000))
            .is_err());
        let doc = state
            .report(Day::parse("2026-08-21").unwrap(), 420)
            .unwrap();
        assert_eq!(doc.number, "Số: 25/BC-UBND");
        assert_eq!(doc.place_date, "Tân Phú, ngày 21 tháng 8 năm 2026");
        assert_eq!(
            doc.sections[2].blocks,
            [Block::Para("Ngày hội diễn ra trang trọng.".into())]
        );
        assert_eq!(doc.recipients, ["- Công an huyện;", "- Lưu: VT."]);
    }

    #[test]
    fn the_date_line_writes_days_and_months_as_decree_30_does() {
        let (state, _) = event();
        let on = |date: &str| state.report(Day::parse(date).unwrap(), 420).unwrap();
        assert_eq!(on("2026-12-07").place_date, "……, ngày 07 tháng 12 năm 2026");
        assert_eq!(on("2026-02-15").place_date, "……, ngày 15 tháng 02 năm 2026");
        assert_eq!(on("2027-01-05").place_date, "……, ngày 05 tháng 01 năm 2027");
        assert_eq!(on("2026-03-09").place_date, "……, ngày 09 tháng 3 năm 2026");
    }

    #[test]
    fn the_budget_total_is_the_sum_of_its_lines_costs() {
        use crate::kinds::budget::{BudgetFields, BudgetLine};
        let (mut state, mut clock) = event();
        for (i, (item, source, planned, actual)) in [
            ("Âm thanh", FundSource::NganSach, 5_000_000, Some(4_750_000)),
            ("Quà tặng", FundSource::XaHoiHoa, 12_500_000, None),
            ("Nước uống", FundSource::NganSach, 1_000_000, None),
        ]
        .into_iter()
        .enumerate()
        {
            let fields = BudgetFields {
                item: item.into(),
                source,
                planned,
                actual,
            };
            let stamp = clock.tick(1_787_099_500_000 + i as u64);
            let r = state.save::<BudgetLine>(None, fields, stamp).unwrap();
            state.apply(r).unwrap();
        }
        let doc = state
            .report(Day::parse("2026-08-20").unwrap(), 420)
            .unwrap();
        assert!(doc.text_lines().contains(
            &"Tổng kinh phí tổ chức: 18.250.000 đ (Ngân sách: 5.750.000 đ; Xã hội hóa: 12.500.000 đ)."
                .to_string()
        ));
        assert_eq!(doc.figures.budget_total, 18_250_000);
    }

    #[test]
    fn a_submission_keeps_the_document_as_sent() {
        let (state, mut clock) = event();
        let record = state
            .submit_report(
                "Nguyễn Văn An",
                Day::parse("2026-08-20").unwrap(),
                420,
                1_787_200_000_000,
                clock.tick(1_787_200_000_000),
            )
            .unwrap();
        record.validate().unwrap();
        let Record::Submission(s) = &record else {
            panic!("not a submission");
        };
        let doc = ReportDoc::from_json(&s.report.value).unwrap();
        assert_eq!(doc.issuer, "UBND XÃ TÂN PHÚ");
        assert_eq!(s.officer.value, "Nguyễn Văn An");
        let mut forged = s.clone();
        forged.report.value = "{}".into();
        assert!(Record::Submission(forged).validate().is_err());
    }
}
