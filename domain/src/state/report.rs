//! The commune's báo cáo kết quả, built from the event: the texts the officer writes
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
use crate::kinds::report::{text_id, ReportField, ReportText, ReportTextFields, ReportTexts};
use crate::kinds::submission::{
    submission_of, Block, ReportDoc, ReportFigures, Section, Submission,
};
use crate::kinds::Record;
use crate::merge::items::Choice;
use crate::state::summary::Summary;
use crate::state::EventState;
use crate::text::format::{format_decimal, format_document_date, format_hhmm, format_money};
use crate::text::lines_of;
use crate::Stamp;

/// A count as Vietnamese documents write it: 1.534.
fn n(value: u64) -> String {
    format_decimal(value, 0)
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
            figures: Some(ReportFigures::of(&summary)),
            period: None,
            annexes: Vec::new(),
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
        submission_of(&doc, officer, now_ms, stamp)
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
mod tests;
