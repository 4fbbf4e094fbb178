//! The period review's texts as the unit writes them ([`ReviewText`]):
//! one record per part of one period's review, in the unit's ledger, so
//! two officers writing different parts never overwrite each other and a
//! review of 2015–2020 keeps its words when 2020–2025 is written.

use crate::error::DomainError;
use crate::kinds::event::EventId;
use crate::merge::items::{self, choice, item, ItemId};
use crate::movement::period::Period;

choice! {
    /// The parts of a period review the unit writes (seed 000's outline);
    /// the figures and the models cited are computed.
    pub enum ReviewPart {
        Number = "number" / "Số, ký hiệu",
        Superior = "superior" / "Cơ quan chủ quản",
        Issuer = "issuer" / "Cơ quan ban hành",
        PlaceName = "place_name" / "Địa danh",
        Situation = "situation" / "I. Đặc điểm, tình hình chung",
        Direction = "direction" / "II. Công tác chỉ đạo, triển khai thực hiện",
        Results = "results" / "III. Kết quả — đánh giá chung (phần số liệu tự điền)",
        Strengths = "strengths" / "IV.1. Ưu điểm",
        Shortcomings = "shortcomings" / "IV.2. Tồn tại, hạn chế",
        Causes = "causes" / "IV.3. Nguyên nhân",
        Lessons = "lessons" / "IV.4. Bài học kinh nghiệm",
        Directions = "directions" / "V.1. Phương hướng, nhiệm vụ",
        Proposals = "proposals" / "V.2. Kiến nghị, đề xuất",
        Recipients = "recipients" / "Nơi nhận",
        SignerTitle = "signer_title" / "Quyền hạn, chức vụ người ký",
        SignerName = "signer_name" / "Họ tên người ký",
    }
}

impl ReviewPart {
    /// Whether it is a long text (a paragraph or a list) rather than a line.
    pub fn is_long(self) -> bool {
        !matches!(
            self,
            ReviewPart::Number
                | ReviewPart::Superior
                | ReviewPart::Issuer
                | ReviewPart::PlaceName
                | ReviewPart::SignerName
        )
    }
}

item! {
    /// One part of one period's review as the unit wrote it. Its id is
    /// derived from the ledger's, the period's and the part's
    /// ([`review_text_id`]).
    pub struct ReviewText / ReviewTextFields {
        /// The period's first year.
        pub from: i32,
        /// The period's last year.
        pub to: i32,
        /// Which part.
        pub part: ReviewPart,
        /// What was written.
        pub text: String,
    }
}

impl ReviewText {
    fn check_fields(f: &mut ReviewTextFields) -> Result<(), DomainError> {
        Period::new(f.from, f.to)?;
        if f.part.is_long() {
            items::long_text("entry", &mut f.text)
        } else {
            items::optional("entry", &mut f.text)
        }
    }
}

impl ReviewTextFields {
    /// Texts are saved by [`crate::EventState::set_review_text`], which
    /// names the period and the part; no form sets a field by name.
    pub fn set(&mut self, name: &str, _value: &str) -> Result<(), DomainError> {
        Err(DomainError::UnknownControl(name.to_string()))
    }
}

/// The id of `ledger`'s record of `part` of the review of `period`.
pub fn review_text_id(ledger: EventId, period: Period, part: ReviewPart) -> ItemId {
    let name = format!("{}-{}/{}", period.from(), period.to(), part.code());
    ItemId::derived(ledger, b"review", name.as_bytes())
}

/// Every part of one period's review, as written so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewTexts {
    pub(crate) texts: std::collections::BTreeMap<&'static str, String>,
}

impl ReviewTexts {
    /// What was written for `part` ("" if nothing).
    pub fn get(&self, part: ReviewPart) -> &str {
        self.texts.get(part.code()).map_or("", String::as_str)
    }

    /// Sets a part (for documents built from texts not stored).
    pub fn with(mut self, part: ReviewPart, text: &str) -> ReviewTexts {
        self.texts.insert(part.code(), text.to_string());
        self
    }
}
