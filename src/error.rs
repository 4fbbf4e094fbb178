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
    /// The server could not be reached (no data, weak signal, timeout).
    #[error("server unreachable: {0}")]
    Offline(String),
    /// The server answered with an error.
    #[error("server error {status}: {code}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The API's error code, e.g. `unknown_code`.
        code: String,
    },
    /// A phone with this device id is in the event already (`device_taken`).
    #[error("device already in event {0}")]
    AlreadyIn(domain::EventId),
    /// A picked file could not be read.
    #[error("file unreadable: {0}")]
    FileUnreadable(String),
    /// The browser could not make a file or an image to hand out.
    #[error("browser could not: {0}")]
    Browser(String),
    /// The camera could not be used to read a QR code.
    #[error("camera: {0}")]
    Camera(String),
    /// A part of the app loaded on first use could not be fetched (no
    /// connection before the service worker stored it).
    #[error("app module unavailable")]
    ModuleUnavailable,
    /// The server refused changes stamped ahead of its clock: this phone's
    /// clock runs fast (or did when they were made).
    #[error("clock ahead of the server's ({server_ms})")]
    ClockAhead {
        /// The server's time when it refused (Unix ms).
        server_ms: u64,
    },
    /// The event is not shared through a server (what only the server
    /// keeps, like the history, cannot be read).
    #[error("not shared")]
    NotShared,
    /// The phone is not enrolled in a unit.
    #[error("not enrolled")]
    NotEnrolled,
    /// Only the phone that created an event may share it.
    #[error("not the event's creator")]
    NotCreator,
    /// A bundle (file or server answer) was refused.
    #[error("bundle refused: {0}")]
    Bundle(#[from] domain::BundleError),
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
            AppError::Offline(_) => {
                "Chưa kết nối được máy chủ. Dữ liệu vẫn an toàn trên máy và sẽ tự đồng bộ khi có mạng.".into()
            }
            AppError::Server { status, code } => server_message_vi(*status, code).into(),
            AppError::AlreadyIn(_) => server_message_vi(409, "device_taken").into(),
            AppError::Bundle(e) => e.message_vi(),
            AppError::ClockAhead { server_ms } => format!(
                "Đồng hồ điện thoại đang chạy nhanh hơn giờ chuẩn (giờ chuẩn: {}). Hãy chỉnh lại ngày giờ của điện thoại (Cài đặt → Ngày và giờ → tự động). Các thay đổi vẫn được giữ trên máy và sẽ tự gửi khi đồng hồ đúng.",
                domain::text::format::format_date_time(*server_ms, crate::time::utc_offset_minutes())
            ),
            AppError::NotShared => {
                "Ngày hội chưa được chia sẻ qua máy chủ: lịch sử thay đổi được máy chủ ghi lại sau khi chia sẻ.".into()
            }
            AppError::NotEnrolled => {
                "Máy này chưa đăng nhập đơn vị. Vào “Đơn vị” và nhập mã do cấp trên cấp.".into()
            }
            AppError::NotCreator => {
                "Chỉ điện thoại đã tạo Ngày hội này mới chia sẻ được lên máy chủ. Hãy chia sẻ từ máy đó, rồi tham gia bằng mã.".into()
            }
            AppError::ModuleUnavailable => {
                "Chưa tải được phần này của ứng dụng. Hãy tải lại trang; nếu vẫn chưa được, hãy bật mạng rồi thử lại (sau lần đầu, ứng dụng dùng được cả khi không có mạng).".into()
            }
            AppError::FileUnreadable(_) => {
                "Không đọc được tệp đã chọn. Hãy chọn lại tệp.".into()
            }
            AppError::Browser(_) => {
                "Trình duyệt trên điện thoại chưa làm được việc này (tạo tệp hoặc ảnh). Hãy thử lại; nếu vẫn không được, hãy mở bằng Chrome bản mới.".into()
            }
            AppError::Camera(_) => {
                "Không mở được camera để quét mã. Hãy cho phép dùng camera, hoặc nhập mã bằng tay.".into()
            }
        }
    }
}

impl From<leptos::wasm_split::SplitLoaderError> for AppError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        AppError::ModuleUnavailable
    }
}

fn server_message_vi(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (_, "unknown_code") => "Mã tham gia không đúng. Hãy kiểm tra lại từng ký tự.",
        (_, "read_only") => "Cấp trên chỉ xem được số liệu của đơn vị dưới, không sửa.",
        (_, "unit_exists") => "Đã có đơn vị mang mã này.",
        (_, "unit_has_phones") => {
            "Đơn vị này đang có máy đăng nhập. Máy của đơn vị tự cấp mã cho máy đồng nghiệp; muốn thay máy, cấp trên thu hồi các máy của đơn vị trước."
        }
        (_, "level_not_below") => "Cấp của đơn vị trực thuộc phải thấp hơn cấp của đơn vị mình.",
        (_, "undo_self") => "Máy này không thể tự gỡ chính mình.",
        (_, "event_in_unit") => "Ngày hội này đã thuộc một đơn vị khác.",
        (_, "device_removed") => {
            "Đơn vị đã gỡ máy này khỏi Ngày hội và hoàn tác những gì máy này gửi lên. Dữ liệu trên máy vẫn còn; hãy liên hệ cán bộ của đơn vị."
        }
        (_, "implausible") => {
            "Máy chủ không nhận: số liệu tăng quá mức có thể giữa hai lần đồng bộ (ví dụ số người đếm ở cổng). Hãy kiểm tra lại."
        }
        (_, "device_taken") => {
            "Một máy khác đang dùng mã máy này trong Ngày hội này. Hãy liên hệ cán bộ của đơn vị."
        }
        (_, "history_full") => {
            "Máy này đã gửi quá nhiều thay đổi cho Ngày hội này; máy chủ không nhận thêm. Hãy liên hệ cán bộ của đơn vị."
        }
        (_, "token_revoked") => {
            "Máy này không còn quyền đồng bộ Ngày hội này (mã tham gia đã được đổi). Dữ liệu trên máy vẫn còn: hãy hỏi mã mới rồi tham gia lại."
        }
        (401, _) if code == "unauthorized" => {
            "Máy chủ không chấp nhận: mã đăng ký hoặc quyền truy cập không đúng."
        }
        (403, _) => "Máy này không có quyền đồng bộ Ngày hội này.",
        (409, _) => "Ngày hội này đã được một điện thoại khác chia sẻ lên máy chủ.",
        (_, "event_full") => "Ngày hội này đã có quá nhiều dữ liệu, máy chủ không nhận thêm.",
        (413, _) => "Dữ liệu quá lớn, máy chủ không nhận.",
        (429, _) => "Thử quá nhiều lần. Hãy đợi một phút rồi thử lại.",
        (503, _) => "Máy chủ đang bận. Ứng dụng sẽ tự thử lại.",
        (400 | 422, _) => "Máy chủ không nhận dữ liệu vì không hợp lệ.",
        (500.., _) => "Máy chủ đang gặp sự cố. Ứng dụng sẽ tự thử lại.",
        _ => "Máy chủ trả lời không như mong đợi. Ứng dụng sẽ tự thử lại.",
    }
}

/// The text of a JS exception, for logs (not `Debug`: that pulls the whole
/// float formatter into the app for the odd numeric exception).
pub fn js_message(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
