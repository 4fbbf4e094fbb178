//! The app's one error type. Every variant has a Vietnamese message for the officer.

use domain::DomainError;
use thiserror::Error;

/// What can go wrong in the app.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AppError {
    /// The phone's storage is full (IndexedDB quota).
    #[error("storage full")]
    StorageFull,
    /// IndexedDB cannot be opened (private mode, blocked, unsupported).
    #[error("storage unavailable: {0}")]
    StorageUnavailable(String),
    /// A read or write failed for another reason; nothing was written.
    #[error("storage failed: {0}")]
    StorageFailed(String),
    /// Stored data could not be read back.
    #[error("stored data unreadable: {0}")]
    Corrupt(String),
    /// The input does not fit the model.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The event is not on this phone.
    #[error("event not found")]
    EventNotFound,
}

impl AppError {
    /// The message shown to the officer.
    pub fn message_vi(&self) -> String {
        match self {
            AppError::StorageFull => {
                "Bộ nhớ điện thoại đã đầy nên chưa lưu được thao tác vừa rồi. Hãy xóa bớt ảnh, video hoặc ứng dụng không dùng rồi thử lại.".into()
            }
            AppError::StorageUnavailable(_) => {
                "Không mở được kho dữ liệu trên điện thoại (có thể đang ở chế độ ẩn danh). Dữ liệu sẽ không được lưu.".into()
            }
            AppError::StorageFailed(_) => "Chưa lưu được thao tác vừa rồi. Hãy thử lại.".into(),
            AppError::Corrupt(_) => "Dữ liệu đã lưu bị hỏng, không đọc được.".into(),
            AppError::Invalid(e) => e.message_vi(),
            AppError::EventNotFound => "Không tìm thấy Ngày hội này trên điện thoại.".into(),
        }
    }
}
