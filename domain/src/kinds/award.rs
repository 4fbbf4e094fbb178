//! Awards read out and presented at step 7 of the program.

use crate::error::DomainError;
use crate::merge::items::{self, choice, controls, item};

choice! {
    /// The form of an award.
    pub enum AwardForm {
        BangKhen = "bang_khen" / "Bằng khen",
        GiayKhen = "giay_khen" / "Giấy khen",
        CoThiDua = "co_thi_dua" / "Cờ thi đua",
        KyNiemChuong = "ky_niem_chuong" / "Kỷ niệm chương",
    }
}

item! {
    /// One award: who receives what, from whom, under which decision.
    pub struct Award / AwardFields {
        /// The collective or person receiving it.
        pub recipient: String,
        /// A collective (tập thể) rather than an individual (cá nhân).
        pub collective: bool,
        /// Bằng khen, Giấy khen, …
        pub form: AwardForm,
        /// Who grants it ("Chủ tịch UBND tỉnh", "Giám đốc Công an tỉnh", …).
        pub issuer: String,
        /// The decision's number ("123/QĐ-UBND").
        pub decision: String,
        /// When it was presented on stage (Unix ms), `None` until then.
        pub presented_at: Option<u64>,
    }
}

impl Award {
    fn check_fields(f: &mut AwardFields) -> Result<(), DomainError> {
        items::required("recipient", &mut f.recipient)?;
        items::optional("issuer", &mut f.issuer)?;
        items::optional("decision", &mut f.decision)
    }
}

controls! {
    /// A control of the form of an award.
    pub enum AwardControl {
        Recipient = "recipient",
        Collective = "collective",
        Form = "form",
        Issuer = "issuer",
        Decision = "decision",
    }
}

impl AwardFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match AwardControl::read(name)? {
            AwardControl::Recipient => self.recipient = value.to_string(),
            AwardControl::Collective => self.collective = items::flag(value),
            AwardControl::Form => self.form = items::chosen(value)?,
            AwardControl::Issuer => self.issuer = value.to_string(),
            AwardControl::Decision => self.decision = value.to_string(),
        }
        Ok(())
    }
}
