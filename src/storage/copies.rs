//! Read copies of long lists, kept beside the records.
//!
//! In `device`, `"copy/<event>/<kind>"` holds a read copy of one kind's
//! records: their stored texts joined with commas (UTF-8 bytes), as
//! [`Db::records_of`] last read them whole, and `"copy/<event>/<kind>/changed"`
//! the keys of that kind's records written since (a JSON list). A screen
//! that shows a long list (5,000 invitees) then reads one value and the few
//! records changed since, instead of thousands of values: the browser's cost
//! is per value as much as per byte. The list of changed keys is kept in
//! the same transaction as every write of the kind, so a copy with its
//! changes is never older than the records; past [`COPY_CHANGES_MAX`]
//! changes the copy is dropped and made again at the next read. The records
//! stay the truth: a lost or broken copy is made again from them. (In
//! `device`, which every change's transaction holds: no new store, no new
//! schema version.)

use super::change::Stores;
use super::clock::{change_mark, stored_clock};
use super::encoding::{decode_json, encode_json};
use super::ranges::{decode_joined, kind_range};
use super::requests::{
    all_joined, bytes_value, failed, finish, get_bytes, get_text, put_text, put_value,
};
use super::{Db, STORE_DEVICE, STORE_RECORDS};
use crate::error::AppError;
use domain::{EventId, Hlc, Record, RecordKind};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::KeyRange;
use std::collections::BTreeSet;
use wasm_bindgen::JsValue;

const COPY_PREFIX: &str = "copy/";
/// In `device`, the clock (its [`change_mark`]) as of the last write that
/// kept the copies up to date: every change this app writes saves it with
/// the clock. A change written by an older version of the app, still open
/// in another tab, saves the clock and not this, so the two then differ and
/// every copy is dropped before one is read.
const COPIES_CLOCK_KEY: &str = "copy/clock";
/// Changes a read copy carries before it is dropped and made again: a check-in
/// adds one; an import of hundreds drops it.
const COPY_CHANGES_MAX: usize = 200;

/// `"copy/<event>/<kind>"`.
fn copy_key(event: EventId, kind: RecordKind) -> String {
    format!("{COPY_PREFIX}{event}/{}", kind.as_str())
}

/// The copy a record's key (`"<event>/<kind>/<id…>"`) belongs to.
fn copy_of(record_key: &str) -> String {
    let mut parts = record_key.splitn(3, '/');
    let (event, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    format!("{COPY_PREFIX}{event}/{kind}")
}

/// `"copy/<event>/<kind>/changed"` for a copy key.
fn changed_key(copy: &str) -> String {
    format!("{copy}/changed")
}

/// Deletes every read copy, their lists of changes and their clock (not
/// awaited: the commit waits for it).
fn drop_all_copies(device: &ObjectStore<'_>) -> Result<(), AppError> {
    // `["copy/", "copy0")`: '0' follows '/'.
    let all = KeyRange::Bound(COPY_PREFIX.to_string(), false, "copy0".to_string(), true);
    drop(
        device
            .delete::<String, _>(all)
            .primitive()
            .map_err(failed)?,
    );
    Ok(())
}

/// Whether the copies can be trusted ([`COPIES_CLOCK_KEY`]).
enum Vouched {
    /// No clock yet: nothing has been written.
    NoClock,
    /// The copies were kept with every change up to the stored clock.
    Yes,
    /// A change was written without keeping them; the stored clock's mark.
    No(String),
}

async fn vouched(device: &ObjectStore<'_>) -> Result<Vouched, AppError> {
    let (clock, mark) = futures::future::try_join(
        stored_clock(device),
        get_text(device, COPIES_CLOCK_KEY.into()),
    )
    .await?;
    Ok(match clock.map(|c| change_mark(&c)) {
        None => Vouched::NoClock,
        Some(clock) if mark.as_ref() == Some(&clock) => Vouched::Yes,
        Some(clock) => Vouched::No(clock),
    })
}

impl Db {
    /// The stored records of `kinds` in event `id`: from their read copies
    /// and the records changed since when every kind has one, else read
    /// whole, a copy of each kind kept as it is read. A record may come
    /// twice (in the copy and changed since): the state merges them, and
    /// the later one wins, as records always do.
    pub async fn records_of(
        &self,
        id: EventId,
        kinds: &[RecordKind],
    ) -> Result<Vec<Record>, AppError> {
        let kinds: Vec<RecordKind> = kinds
            .iter()
            .copied()
            .filter(|k| *k != RecordKind::Event)
            .collect();
        if let Some(records) = self.read_copies(id, &kinds).await? {
            return Ok(records);
        }
        // Read and copied in one read-write transaction: no write can come
        // between the read and its copy. Default durability: it is a copy.
        let tx = self
            .db
            .transaction([STORE_RECORDS, STORE_DEVICE])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        let raw_tx: JsValue = tx.as_sys().clone().into();
        let records = tx.object_store(STORE_RECORDS).map_err(failed)?;
        let device = tx.object_store(STORE_DEVICE).map_err(failed)?;
        // Copies only with the clock that vouches for them: if a change was
        // written without keeping the copies (by an older app in another
        // tab), every copy goes, and this one starts them again.
        let keep = match vouched(&device).await? {
            Vouched::NoClock => false,
            Vouched::Yes => true,
            Vouched::No(clock) => {
                drop_all_copies(&device)?;
                put_text(&device, COPIES_CLOCK_KEY.into(), clock).await?;
                true
            }
        };
        let texts = futures::future::try_join_all(kinds.iter().map(|k| async {
            let joined = all_joined(&records, kind_range(id, *k)).await?;
            if keep {
                // As UTF-8 bytes ([`bytes_value`]), with no changes yet.
                let copy = copy_key(id, *k);
                put_text(&device, changed_key(&copy), "[]".into()).await?;
                put_value(&device, copy, bytes_value(joined.as_bytes()))?;
            }
            Ok::<_, AppError>(joined)
        }))
        .await?;
        // Parsed while the copy is written.
        let read = decode_joined(&texts);
        // A copy that cannot be kept (a full phone) costs only time next read.
        let _ = finish(tx, &raw_tx).await;
        read
    }

    /// The records of `kinds` from their read copies and the records
    /// changed since, if every kind has a copy that parses.
    async fn read_copies(
        &self,
        id: EventId,
        kinds: &[RecordKind],
    ) -> Result<Option<Vec<Record>>, AppError> {
        let tx = self
            .db
            .transaction([STORE_DEVICE, STORE_RECORDS])
            .build()
            .map_err(failed)?;
        let device = tx.object_store(STORE_DEVICE).map_err(failed)?;
        let records = tx.object_store(STORE_RECORDS).map_err(failed)?;
        if !matches!(vouched(&device).await?, Vouched::Yes) {
            return Ok(None);
        }
        let copies = futures::future::try_join_all(kinds.iter().map(|k| async {
            let copy = copy_key(id, *k);
            let changed = changed_key(&copy);
            let (bytes, list) =
                futures::future::try_join(get_bytes(&device, copy), get_text(&device, changed))
                    .await?;
            let list: Option<Vec<String>> = list.and_then(|l| decode_json(&l).ok());
            Ok::<_, AppError>(bytes.zip(list))
        }))
        .await?;
        let Some(copies) = copies.into_iter().collect::<Option<Vec<_>>>() else {
            return Ok(None);
        };
        let changed = copies.iter().flat_map(|(_, list)| list.iter().cloned());
        let texts =
            futures::future::try_join_all(changed.map(|key| get_text(&records, key))).await?;
        let parts: Vec<Vec<u8>> = copies
            .into_iter()
            .map(|(bytes, _)| bytes)
            .chain(texts.into_iter().flatten().map(String::into_bytes))
            .collect();
        // A copy that does not parse is read again from the records.
        Ok(decode_joined(&parts).ok())
    }
}

impl Stores<'_> {
    /// Writes a record (not the event's own) under `key`, noting it for
    /// the read copy of its kind ([`Stores::keep_copies`]).
    pub(super) async fn put_record(&self, key: String, text: String) -> Result<(), AppError> {
        self.written
            .borrow_mut()
            .entry(copy_of(&key))
            .or_default()
            .insert(key.clone());
        put_text(&self.rest, key, text).await
    }

    /// Keeps the read copies true to this transaction's writes, which then
    /// saves `clock`: the keys written go into each copy's changes, and the
    /// copies' clock moves with the clock. A copy past [`COPY_CHANGES_MAX`]
    /// changes, or whose records were written over
    /// ([`Stores::overwritten`]), is dropped; all are dropped if a change
    /// was written without keeping them.
    pub(super) async fn keep_copies(&self, clock: &Hlc, ahead: Ahead) -> Result<(), AppError> {
        let Ahead { vouched, changed } = ahead;
        self.note_changes(changed).await?;
        if let Vouched::No(_) = vouched {
            drop_all_copies(&self.device)?;
        }
        put_text(&self.device, COPIES_CLOCK_KEY.into(), change_mark(clock)).await
    }

    /// What [`Stores::keep_copies`] reads, asked while the change's own
    /// requests run (one round trip less for a check-in): whether the
    /// copies are vouched for, and the list of changes of `copy`, the one
    /// copy the change is expected to write to. The change writes neither
    /// the clocks nor that list, so they read the same before it as after.
    pub(super) async fn read_ahead(&self, copy: Option<&str>) -> Result<Ahead, AppError> {
        let list = async {
            match copy {
                Some(copy) => {
                    let list = get_text(&self.device, changed_key(copy)).await?;
                    Ok(Some((copy.to_string(), list)))
                }
                None => Ok(None),
            }
        };
        let (vouched, changed) = futures::future::try_join(vouched(&self.device), list).await?;
        Ok(Ahead { vouched, changed })
    }

    /// Adds the keys this transaction wrote to the changes of each read
    /// copy of their kinds, or drops the copy (see [`Stores::keep_copies`]).
    /// A kind with no copy has no list of changes, and nothing is done for
    /// it. `ahead` is a list already read (see [`Stores::read_ahead`]).
    async fn note_changes(&self, ahead: Option<(String, Option<String>)>) -> Result<(), AppError> {
        let written = std::mem::take(&mut *self.written.borrow_mut());
        let ahead = &ahead;
        futures::future::try_join_all(written.into_iter().map(|(copy, keys)| async move {
            let changed = changed_key(&copy);
            let list = match ahead {
                Some((read, list)) if *read == copy => list.clone(),
                _ => get_text(&self.device, changed.clone()).await?,
            };
            let Some(list) = list else {
                return Ok(());
            };
            let mut all: BTreeSet<String> = decode_json(&list).unwrap_or_default();
            let known = !all.is_empty() || list == "[]";
            all.extend(keys);
            if known && all.len() <= COPY_CHANGES_MAX && !self.overwritten.get() {
                put_text(&self.device, changed, encode_json(&all)).await
            } else {
                // Not awaited: the commit waits for them.
                drop(self.device.delete(copy).primitive().map_err(failed)?);
                drop(self.device.delete(changed).primitive().map_err(failed)?);
                Ok(())
            }
        }))
        .await?;
        Ok(())
    }
}

/// What a change's transaction read of the copies before its own writes
/// ([`Stores::read_ahead`]).
pub(super) struct Ahead {
    vouched: Vouched,
    /// A copy's key and its list of changes (`None`: it has none, so there
    /// is no copy).
    changed: Option<(String, Option<String>)>,
}

/// The read copy every one of `records` of `event` goes to, if they all go
/// to one (a check-in, an edit; not a new event's many kinds).
pub(super) fn copy_of_all(event: EventId, records: &[Record]) -> Option<String> {
    let kind = records.first()?.key().kind;
    (kind != RecordKind::Event && records.iter().all(|r| r.key().kind == kind))
        .then(|| copy_key(event, kind))
}
