//! The keys of records, and reading an event's records by key range: each
//! kind is one range, read in one piece and parsed at once; and, for a big
//! write, which keys are stored already.

use super::encoding::decode_json_bytes;
use super::requests::{all_joined, all_keys};
use crate::error::AppError;
use domain::{EventId, Record, RecordKind};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::KeyRange;
use std::collections::HashSet;

/// Writes of at least this many records first read which keys exist, in
/// one request, instead of reading every record before writing it.
const BULK: usize = 64;

/// The keys `store` holds for `event`, read when a write of `count`
/// records is big enough ([`BULK`]) to be worth it.
pub(super) async fn stored_keys(
    store: &ObjectStore<'_>,
    event: EventId,
    count: usize,
) -> Result<Option<HashSet<String>>, AppError> {
    if count < BULK {
        return Ok(None);
    }
    Ok(Some(all_keys(store, event_range(event)).await?))
}

/// The stored records of `kinds` in event `id`, every range asked for at
/// once and all parsed in one go.
pub(super) async fn kinds_records(
    store: &ObjectStore<'_>,
    id: EventId,
    kinds: &[RecordKind],
) -> Result<Vec<Record>, AppError> {
    let ranges = kinds
        .iter()
        .filter(|k| **k != RecordKind::Event)
        .map(|k| all_joined(store, kind_range(id, *k)));
    decode_joined(&futures::future::try_join_all(ranges).await?)
}

/// Every key of one kind in event `id`: "<id>/<kind>/…", up to "<id>/<kind>0".
pub(super) fn kind_range(id: EventId, kind: RecordKind) -> KeyRange<String> {
    let kind = kind.as_str();
    KeyRange::Bound(
        format!("{id}/{kind}/"),
        false,
        format!("{id}/{kind}0"),
        true,
    )
}

/// Records from [`all_joined`] texts (or the bytes of a read copy): one
/// JSON array, parsed at once.
pub(super) fn decode_joined(parts: &[impl AsRef<[u8]>]) -> Result<Vec<Record>, AppError> {
    let parts = || parts.iter().map(AsRef::as_ref).filter(|p| !p.is_empty());
    let mut json = Vec::with_capacity(parts().map(|p| p.len() + 1).sum::<usize>() + 2);
    json.push(b'[');
    for part in parts() {
        if json.len() > 1 {
            json.push(b',');
        }
        json.extend_from_slice(part);
    }
    json.push(b']');
    decode_json_bytes(&json)
}

/// `"<event id>/<kind>/<id>"`: the key of a record in `records` and `outbox`.
/// (The event's own record lives in `events` under the bare event id.)
pub(super) fn record_key(event: EventId, record: &Record) -> String {
    format!("{event}/{}", record.key())
}

/// Keys of an event's records (in `records` and `outbox`) lie in
/// `["<id>/", "<id>0")`: '0' follows '/'.
pub(super) fn event_range(id: EventId) -> KeyRange<String> {
    KeyRange::Bound(format!("{id}/"), false, format!("{id}0"), true)
}
