//! The one error type of the domain crate.

use thiserror::Error;

/// What can go wrong when an input does not fit the model.
///
/// Each variant carries enough to tell the user precisely what is wrong; the
/// app turns them into Vietnamese messages with [`DomainError::message_vi`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A required text field is empty after trimming.
    #[error("{field} must not be empty")]
    Empty {
        /// The field's name, in English, for logs.
        field: &'static str,
    },
    /// A text field is longer than the model allows.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// The field's name, in English, for logs.
        field: &'static str,
        /// The maximum number of characters.
        max: usize,
    },
    /// A text holds a NUL character, which no database column keeps.
    #[error("{field} holds a NUL character")]
    NulInText {
        /// The field's name, in English, for logs.
        field: &'static str,
    },
    /// A date that does not exist or is outside the supported range.
    #[error("invalid date: {0}")]
    InvalidDate(String),
    /// A time of day that is not `HH:MM`.
    #[error("invalid time of day: {0}")]
    InvalidTime(String),
    /// A record was looked up but is not in the event.
    #[error("no such {0}")]
    NotFound(&'static str),
    /// A form's control that no field answers to (a fault in the app, not
    /// in what the officer typed).
    #[error("no field named {0}")]
    UnknownControl(String),
    /// Two records with the same key but different kinds were merged.
    #[error("records of different kinds cannot be merged")]
    KindMismatch,
    /// A record belongs to another event.
    #[error("record belongs to another event")]
    ForeignRecord,
    /// A number outside the range the model allows.
    #[error("{0} is out of range")]
    OutOfRange(&'static str),
    /// More than one entry could count (the most it may, with its unit).
    #[error("more than one entry could count (at most {0})")]
    Implausible(String),
    /// A number that could not be read.
    #[error("invalid number: {0}")]
    InvalidNumber(String),
    /// A phone number that could not be read.
    #[error("invalid phone number: {0}")]
    InvalidPhone(String),
    /// A unit code that is not 1 to 32 letters, digits, `-`, `_` or `.`.
    #[error("invalid unit code")]
    InvalidUnitCode,
    /// A submitted report that is not a report document.
    #[error("malformed report snapshot")]
    MalformedReport,
    /// A step cannot move further in that direction.
    #[error("the step is already at that end of the program")]
    CannotMove,
    /// A value a rule refuses, with the rule's stable code and the
    /// message naming the value, written where the rule is (a figure of
    /// the movement, [`crate::rules::movement`]; a model's dates).
    #[error("{code}: {message}")]
    Refused {
        /// The rule's stable code ("part_over_whole", …).
        code: &'static str,
        /// What is wrong, in Vietnamese, naming what it is about.
        message: String,
    },
}

impl DomainError {
    /// The message shown to an officer, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            DomainError::Empty { field } => format!("Chưa nhập {}.", field_vi(field)),
            DomainError::TooLong { field, max } => {
                format!("{} dài quá {max} ký tự.", capitalise(field_vi(field)))
            }
            DomainError::NulInText { field } => {
                format!("{} có ký tự không hợp lệ.", capitalise(field_vi(field)))
            }
            DomainError::InvalidDate(_) => "Ngày không hợp lệ.".to_string(),
            DomainError::InvalidTime(_) => "Giờ không hợp lệ (cần dạng GG:PP).".to_string(),
            DomainError::NotFound(what) => format!("Không tìm thấy {}.", field_vi(what)),
            DomainError::UnknownControl(_) => {
                "Ứng dụng gặp lỗi với ô nhập này. Hãy tải lại trang rồi thử lại.".to_string()
            }
            DomainError::KindMismatch | DomainError::ForeignRecord => {
                "Dữ liệu không khớp với Ngày hội này.".to_string()
            }
            DomainError::OutOfRange(_) => "Số liệu vượt quá giới hạn cho phép.".to_string(),
            DomainError::Implausible(max) => format!(
                "Số lượng vượt quá mức có thể trong một lần ghi nhận (tối đa {max}). Hãy kiểm tra lại."
            ),
            DomainError::InvalidNumber(n) => format!("Số “{n}” không hợp lệ."),
            DomainError::InvalidPhone(p) => format!("Số điện thoại “{p}” không hợp lệ."),
            DomainError::InvalidUnitCode => {
                "Mã đơn vị chỉ gồm chữ, số, dấu gạch (tối đa 32 ký tự).".to_string()
            }
            DomainError::MalformedReport => "Báo cáo đã gửi không đọc được.".to_string(),
            DomainError::CannotMove => "Bước này đã ở đầu hoặc cuối chương trình.".to_string(),
            DomainError::Refused { message, .. } => message.clone(),
        }
    }
}

fn field_vi(field: &str) -> &'static str {
    match field {
        "host_name" => "tên đơn vị tổ chức",
        "place" => "địa điểm",
        "title" => "tên bước",
        "performer" => "người thực hiện",
        "step" => "bước trong chương trình",
        "event" => "Ngày hội",
        "job" => "công việc",
        "position" => "chức vụ, đơn vị",
        "assignee" => "người phụ trách",
        "name" => "họ tên",
        "phone" => "số điện thoại",
        "recipient" => "người hoặc tập thể được khen",
        "issuer" => "cấp khen",
        "decision" => "số quyết định",
        "item" => "nội dung chi",
        "quantity" => "số lượng",
        "who" => "người nêu ý kiến",
        "topic" => "chủ đề",
        "content" => "nội dung ý kiến",
        "answer" => "nội dung trả lời",
        "note" => "ghi chú",
        "line" => "dòng chữ",
        "entry" => "mục",
        "unit_name" => "tên đơn vị",
        "since" => "thời điểm bắt đầu",
        "results" => "kết quả",
        _ => "thông tin",
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_control_is_the_apps_fault_not_the_officers() {
        let e = DomainError::UnknownControl("titel".into());
        assert_eq!(e.to_string(), "no field named titel");
        assert!(e.message_vi().contains("tải lại trang"));
        assert!(!e.message_vi().contains("Không tìm thấy"));
    }

    #[test]
    fn messages_are_vietnamese() {
        assert_eq!(
            DomainError::Empty { field: "host_name" }.message_vi(),
            "Chưa nhập tên đơn vị tổ chức."
        );
        assert_eq!(
            DomainError::TooLong {
                field: "title",
                max: 200
            }
            .message_vi(),
            "Tên bước dài quá 200 ký tự."
        );
    }
}
