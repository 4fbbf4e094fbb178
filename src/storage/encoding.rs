//! Records are stored as their JSON text, the same encoding bundles use:
//! one codec in the app (smaller), and parsing thousands of records from
//! strings is much faster than walking as many JS objects.

use crate::error::AppError;
use domain::Record;

pub(super) fn encode(record: &Record) -> String {
    encode_json(record)
}

pub(super) fn decode(text: &str) -> Result<Record, AppError> {
    decode_json(text)
}

pub(super) fn encode_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("stored values always serialise")
}

/// From bytes, like bundles (`Bundle::parse`): every record type is then
/// compiled into the app with one JSON reader, not two.
pub(super) fn decode_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    decode_json_bytes(text.as_bytes())
}

pub(super) fn decode_json_bytes<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, AppError> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::Corrupt(format!("line {}, column {}", e.line(), e.column())))
}
