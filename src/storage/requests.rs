//! The requests every part of storage makes, and what their failures mean
//! for the officer (a full phone is its own error).

use crate::error::AppError;
use indexed_db_futures::error::{DomException, Error as IdbError};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::KeyRange;
use wasm_bindgen::JsValue;

/// Commits `tx`. A full disk shows up only as the transaction's error, not
/// as the commit's: `raw_tx` (taken before any request) is asked why.
pub(super) async fn finish(tx: Transaction<'_>, raw_tx: &JsValue) -> Result<(), AppError> {
    tx.commit()
        .await
        .map_err(|e| abort_reason(raw_tx).unwrap_or_else(|| failed(e)))
}

/// The value (JSON text) under `key`, if any.
pub(super) async fn get_text(
    store: &ObjectStore<'_>,
    key: String,
) -> Result<Option<String>, AppError> {
    store
        .get(key)
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)
}

/// The bytes stored under `key`, if any: stored as bytes, or as text
/// (written by an older version of the app), as its UTF-8 bytes.
pub(super) async fn get_bytes(
    store: &ObjectStore<'_>,
    key: String,
) -> Result<Option<Vec<u8>>, AppError> {
    let value: Option<JsValue> = store
        .get(key)
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    Ok(value.and_then(|v| match v.as_string() {
        Some(text) => Some(text.into_bytes()),
        None => wasm_bindgen::JsCast::dyn_into::<js_sys::Uint8Array>(v)
            .ok()
            .map(|bytes| bytes.to_vec()),
    }))
}

/// `bytes` as a value to store: read back, they need no converting from
/// the browser's UTF-16 text, and take half the room of a string.
pub(super) fn bytes_value(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// Writes `value` under `key`. The request is sent, not waited for: the
/// transaction runs its requests in order (a later read sees this write),
/// and one that fails aborts the whole transaction, which the commit then
/// reports ([`finish`]). Each wait would cost a turn of the phone's main
/// thread, several per change.
pub(super) fn put_value(
    store: &ObjectStore<'_>,
    key: String,
    value: JsValue,
) -> Result<(), AppError> {
    drop(store.put(value).with_key(key).primitive().map_err(failed)?);
    Ok(())
}

/// Writes `text` under `key` (sent, not waited for: see [`put_value`]).
pub(super) async fn put_text(
    store: &ObjectStore<'_>,
    key: String,
    text: String,
) -> Result<(), AppError> {
    put_value(store, key, text.into())
}

/// Every value of `store` (all JSON text), within `range` if given, in key order.
pub(super) async fn all_texts(
    store: &ObjectStore<'_>,
    range: Option<KeyRange<String>>,
) -> Result<Vec<String>, AppError> {
    let texts = match range {
        Some(range) => {
            store
                .get_all()
                .with_query::<String, _>(range)
                .primitive()
                .map_err(failed)?
                .await
        }
        None => store.get_all().primitive().map_err(failed)?.await,
    };
    texts
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(corrupt)
}

/// Every value of `store` within `range` (each a JSON text), joined with
/// commas into one string: the values cross from the browser into the app
/// once, not one by one, and are then parsed as one JSON array.
pub(super) async fn all_joined(
    store: &ObjectStore<'_>,
    range: KeyRange<String>,
) -> Result<String, AppError> {
    let values: js_sys::Array = store
        .get_all::<JsValue>()
        .with_query::<String, _>(range)
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(failed)?;
    Ok(String::from(values.join(",")))
}

/// Every key of `store` within `range`.
pub(super) async fn all_keys<C: FromIterator<String>>(
    store: &ObjectStore<'_>,
    range: KeyRange<String>,
) -> Result<C, AppError> {
    store
        .get_all_keys()
        .with_query::<String, _>(range)
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(failed)
}

/// Every key of `store` within `range`, with its value (text), in key order.
pub(super) async fn all_entries(
    store: &ObjectStore<'_>,
    range: impl Fn() -> KeyRange<String>,
) -> Result<Vec<(String, String)>, AppError> {
    let keys: Vec<String> = all_keys(store, range()).await?;
    // Both requests read the same range in the same transaction, in key order.
    let values = all_texts(store, Some(range())).await?;
    Ok(keys.into_iter().zip(values).collect())
}

pub(super) fn failed(e: impl Into<IdbError>) -> AppError {
    let e: IdbError = e.into();
    if is_quota(&e) {
        AppError::StorageFull
    } else {
        AppError::StorageFailed(e.to_string())
    }
}

/// Why the browser aborted a transaction, when it says so.
pub(super) fn abort_reason(raw_tx: &JsValue) -> Option<AppError> {
    let error = js_sys::Reflect::get(raw_tx, &"error".into()).ok()?;
    let error: &web_sys::DomException = wasm_bindgen::JsCast::dyn_ref(&error)?;
    Some(if error.name() == "QuotaExceededError" {
        AppError::StorageFull
    } else {
        AppError::StorageFailed(format!("{}: {}", error.name(), error.message()))
    })
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> AppError {
    AppError::Corrupt(e.to_string())
}

/// Chrome reports a full disk as a `QuotaExceededError` DOM exception, on a
/// request (here) or as the reason a transaction aborted ([`abort_reason`]).
fn is_quota(e: &IdbError) -> bool {
    matches!(e, IdbError::DomException(DomException::Other(ex)) if ex.name() == "QuotaExceededError")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_quota_error_is_reported_as_storage_full() {
        let full =
            web_sys::DomException::new_with_message_and_name("full", "QuotaExceededError").unwrap();
        assert_eq!(
            failed(IdbError::from(JsValue::from(full))),
            AppError::StorageFull
        );
        assert!(AppError::StorageFull
            .message_vi()
            .contains("Bộ nhớ điện thoại đã đầy"));
        let other = web_sys::DomException::new_with_message_and_name("x", "UnknownError").unwrap();
        assert!(matches!(
            failed(IdbError::from(JsValue::from(other))),
            AppError::StorageFailed(_)
        ));
    }
}
