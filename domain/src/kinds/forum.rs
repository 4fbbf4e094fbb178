//! The forum "Công an lắng nghe ý kiến Nhân dân": what citizens raise and
//! how each opinion is answered or followed up.

use crate::error::DomainError;
use crate::merge::items::{self, choice, controls, item};

choice! {
    /// Where an opinion stands.
    pub enum OpinionStatus {
        Open = "chua_tra_loi" / "Chưa trả lời",
        Answered = "da_tra_loi" / "Đã trả lời tại chỗ",
        FollowUp = "dang_xu_ly" / "Ghi nhận, đang xử lý",
        Resolved = "da_xu_ly" / "Đã xử lý xong",
    }
}

impl OpinionStatus {
    /// Whether the citizen has had an answer (on the spot or after follow-up).
    pub fn is_answered(self) -> bool {
        matches!(self, OpinionStatus::Answered | OpinionStatus::Resolved)
    }
}

item! {
    /// One opinion raised at the forum.
    pub struct Opinion / OpinionFields {
        /// Who raised it (optional: citizens may stay anonymous).
        pub who: String,
        /// Its topic ("An ninh trật tự", "Đất đai", …).
        pub topic: String,
        /// What was said.
        pub content: String,
        /// The answer given, or the follow-up decided.
        pub answer: String,
        /// Where it stands.
        pub status: OpinionStatus,
    }
}

impl Opinion {
    fn check_fields(f: &mut OpinionFields) -> Result<(), DomainError> {
        items::optional("who", &mut f.who)?;
        items::optional("topic", &mut f.topic)?;
        items::long_text("content", &mut f.content)?;
        if f.content.is_empty() {
            return Err(DomainError::Empty { field: "content" });
        }
        items::long_text("answer", &mut f.answer)
    }
}

controls! {
    /// A control of the form of an opinion.
    pub enum OpinionControl {
        Who = "who",
        Topic = "topic",
        Content = "content",
        Answer = "answer",
        Status = "status",
    }
}

impl OpinionFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match OpinionControl::read(name)? {
            OpinionControl::Who => self.who = value.to_string(),
            OpinionControl::Topic => self.topic = value.to_string(),
            OpinionControl::Content => self.content = value.to_string(),
            OpinionControl::Answer => self.answer = value.to_string(),
            OpinionControl::Status => self.status = items::chosen(value)?,
        }
        Ok(())
    }
}
