//! The report's texts as the officer writes them ([`ReportText`]): one
//! record per part, shared by the event's phones like any record.

use crate::error::DomainError;
use crate::kinds::event::EventId;
use crate::merge::items::{self, choice, controls, item, ItemId};

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
    pub struct ReportText / ReportTextFields {
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

controls! {
    /// A control of the form of a part of the report.
    pub enum ReportTextControl {
        Field = "field",
        Text = "text",
    }
}

impl ReportTextFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match ReportTextControl::read(name)? {
            ReportTextControl::Field => self.field = items::chosen(value)?,
            ReportTextControl::Text => self.text = value.to_string(),
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
    pub(crate) texts: std::collections::BTreeMap<&'static str, String>,
}

impl ReportTexts {
    /// What was written for `field` ("" if nothing).
    pub fn get(&self, field: ReportField) -> &str {
        self.texts.get(field.code()).map_or("", String::as_str)
    }
}
