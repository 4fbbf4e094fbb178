//! The forum "Công an lắng nghe ý kiến Nhân dân": what citizens raise and
//! how each opinion is answered or followed up.

use crate::error::DomainError;
use crate::merge::items::{self, choice, item};

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

impl OpinionFields {
    /// Sets the field a form control names; unknown names are ignored.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match name {
            "who" => self.who = value.to_string(),
            "topic" => self.topic = value.to_string(),
            "content" => self.content = value.to_string(),
            "answer" => self.answer = value.to_string(),
            "status" => self.status = items::chosen(value)?,
            _ => {}
        }
        Ok(())
    }
}
