//! The named list: invitees (giấy mời) and walk-ins, checked in at the door.

pub mod index;
pub mod list;

use crate::error::DomainError;
use crate::merge::items::{self, choice, controls, item};
use crate::text::search;

choice! {
    /// Who an invitee is, in the order protocol seats them.
    pub enum Category {
        Superior = "cap_tren" / "Đại biểu cấp trên",
        Leaders = "lanh_dao" / "Lãnh đạo Đảng ủy, chính quyền, MTTQ, đoàn thể",
        Committee = "bcd138" / "Thành viên BCĐ 138",
        Agencies = "co_quan" / "Cơ quan, đơn vị đóng trên địa bàn",
        Exemplary = "dien_hinh" / "Tập thể, cá nhân điển hình",
        Prestige = "uy_tin" / "Người có uy tín",
        Public = "nhan_dan" / "Đại diện Nhân dân",
        Other = "khac" / "Khác",
    }
}

impl Category {
    /// Reads a category as officers write it in a spreadsheet: its number
    /// (1–8), its code, its label, or a telling part of the label, with or
    /// without diacritics ("uy tin", "BCĐ 138", "Cấp trên").
    pub fn recognise(input: &str) -> Option<Category> {
        let folded = search::fold(input.trim());
        let folded = folded.trim();
        if folded.is_empty() {
            return None;
        }
        if let Ok(n) = folded.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| Self::ALL.get(i)).copied();
        }
        const KEYWORDS: [(&str, Category); 10] = [
            ("cap tren", Category::Superior),
            ("lanh dao", Category::Leaders),
            ("138", Category::Committee),
            ("ban chi dao", Category::Committee),
            ("co quan", Category::Agencies),
            ("dien hinh", Category::Exemplary),
            ("uy tin", Category::Prestige),
            ("nhan dan", Category::Public),
            ("nguoi dan", Category::Public),
            ("khac", Category::Other),
        ];
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.code() == folded || search::fold(c.label_vi()) == folded)
            .or_else(|| {
                // Whole words only: "khách" must not read as "khác".
                let padded = format!(" {} ", search::words(folded).join(" "));
                KEYWORDS
                    .iter()
                    .find(|(k, _)| padded.contains(&format!(" {k} ")))
                    .map(|(_, c)| *c)
            })
    }
}

item! {
    /// A person (or a collective's delegate) on the named list.
    pub struct Invitee / InviteeFields {
        /// Full name, as on the invitation.
        pub name: String,
        /// Title and organisation ("Chủ tịch UBND xã").
        pub title: String,
        /// Which group of invitees.
        pub category: Category,
        /// Phone number, optional.
        pub phone: String,
        /// Came without an invitation and was added at the door.
        pub walk_in: bool,
        /// When they checked in (Unix ms), `None` until they arrive.
        pub checked_in: Option<u64>,
    }
}

impl Invitee {
    fn check_fields(f: &mut InviteeFields) -> Result<(), DomainError> {
        items::required("name", &mut f.name)?;
        items::optional("position", &mut f.title)?;
        items::optional("phone", &mut f.phone)?;
        if !f.phone.is_empty() && !is_phone(&f.phone) {
            return Err(DomainError::InvalidPhone(f.phone.clone()));
        }
        Ok(())
    }

    /// Whether the person has checked in.
    pub fn is_present(&self) -> bool {
        self.checked_in.value.is_some()
    }
}

controls! {
    /// A control of the form of an invitee.
    pub enum InviteeControl {
        Name = "name",
        Title = "title",
        Category = "category",
        Phone = "phone",
        WalkIn = "walk_in",
    }
}

impl InviteeFields {
    /// Sets the field a form control names; a name no control has is refused.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), DomainError> {
        match InviteeControl::read(name)? {
            InviteeControl::Name => self.name = value.to_string(),
            InviteeControl::Title => self.title = value.to_string(),
            InviteeControl::Category => self.category = items::chosen(value)?,
            InviteeControl::Phone => self.phone = value.to_string(),
            InviteeControl::WalkIn => self.walk_in = items::flag(value),
        }
        Ok(())
    }
}

/// A phone number as people write them: 8 to 15 digits, maybe a leading
/// `+`, grouped by spaces, dots or dashes.
fn is_phone(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'))
}

/// The digits of a phone number, to compare numbers however they are written.
pub fn phone_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Who a person is for spotting duplicates: folded name and phone digits.
pub fn identity(fields: &InviteeFields) -> (String, String) {
    (
        search::fold(fields.name.trim()),
        phone_digits(&fields.phone),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_recognised_as_people_write_them() {
        assert_eq!(
            Category::recognise("Người có uy tín"),
            Some(Category::Prestige)
        );
        assert_eq!(
            Category::recognise("nguoi co uy tin"),
            Some(Category::Prestige)
        );
        assert_eq!(Category::recognise("BCĐ 138"), Some(Category::Committee));
        assert_eq!(Category::recognise("cap_tren"), Some(Category::Superior));
        assert_eq!(
            Category::recognise("Đại biểu cấp trên"),
            Some(Category::Superior)
        );
        assert_eq!(Category::recognise("7"), Some(Category::Public));
        assert_eq!(Category::recognise("9"), None);
        assert_eq!(Category::recognise("0"), None);
        assert_eq!(Category::recognise("khách VIP"), None);
        assert_eq!(Category::recognise(""), None);
    }

    #[test]
    fn phones_are_checked_loosely() {
        assert!(is_phone("0912 345 678"));
        assert!(is_phone("+84 912.345.678"));
        assert!(!is_phone("0912"));
        assert!(!is_phone("09123abc78"));
        assert_eq!(phone_digits("0912.345-678"), "0912345678");
    }
}
