//! One change, one transaction: the stores a change touches, merging
//! records into their stored copies, and the commit that keeps the read
//! copies and the clock with it.

use super::encoding::{decode, encode};
use super::ranges::{record_key, stored_keys};
use super::requests::{abort_reason, failed, finish, get_text, put_text, put_value};
use super::{Writer, STORE_DEVICE, STORE_EVENTS, STORE_OUTBOX, STORE_RECORDS, STORE_SYNC};
use crate::error::AppError;
use domain::{EventId, Hlc, Record};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use wasm_bindgen::JsValue;

impl Writer {
    /// One change in one read-write transaction: `work` gets every store a
    /// change touches; then the read copies are kept up to date (`copy`:
    /// the one the change is expected to write to, read alongside `work`), the
    /// clock is saved and the transaction committed. If any part fails, the
    /// transaction is aborted and nothing is written.
    pub(super) async fn write_change<T>(
        &self,
        clock: &Hlc,
        copy: Option<&str>,
        work: impl AsyncFnOnce(&Stores<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let tx = self.write_tx(&[
            STORE_EVENTS,
            STORE_RECORDS,
            STORE_DEVICE,
            STORE_OUTBOX,
            STORE_SYNC,
        ])?;
        let raw_tx: JsValue = tx.as_sys().clone().into();
        let stores = Stores::of(&tx)?;
        // A request that fails aborts the transaction, and the requests
        // after it fail as aborted: the transaction says why (a full phone).
        let why = |e: AppError| abort_reason(&raw_tx).unwrap_or(e);
        let (out, ahead) = futures::future::try_join(work(&stores), stores.read_ahead(copy))
            .await
            .map_err(why)?;
        stores.keep_copies(clock, ahead).await.map_err(why)?;
        stores.save_clock(clock).await?;
        finish(tx, &raw_tx).await?;
        Ok(out)
    }

    /// Writes one value in a transaction of its own (a link, a claim).
    pub(super) async fn put_one(
        &self,
        store: &str,
        key: String,
        value: JsValue,
    ) -> Result<(), AppError> {
        let tx = self.write_tx(&[store])?;
        let raw_tx: JsValue = tx.as_sys().clone().into();
        put_value(&tx.object_store(store).map_err(failed)?, key, value)?;
        finish(tx, &raw_tx).await
    }

    /// A read-write transaction over `device` alone, with the default
    /// durability: what it writes may be lost to a crash and written again
    /// (the clock made on first use, forgetting old marks).
    pub(super) fn device_tx(&self) -> Result<Transaction<'_>, AppError> {
        self.db
            .transaction(STORE_DEVICE)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)
    }

    pub(super) fn write_tx(&self, stores: &[&str]) -> Result<Transaction<'_>, AppError> {
        self.db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            // Strict: the write is on disk, not just in a cache, before we say it is saved.
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()
            .map_err(failed)
    }
}

/// The stores a change touches, in its transaction.
pub(super) struct Stores<'a> {
    pub(super) events: ObjectStore<'a>,
    pub(super) rest: ObjectStore<'a>,
    pub(super) device: ObjectStore<'a>,
    pub(super) outbox: ObjectStore<'a>,
    pub(super) sync: ObjectStore<'a>,
    /// Keys of the records this transaction wrote, by the read copy of
    /// their kind (see `copies`).
    pub(super) written: RefCell<BTreeMap<String, BTreeSet<String>>>,
    /// Set when records are written over with lower stamps ([`Writer::replace`]):
    /// merged with the copies' versions, the higher stamps would win, so the
    /// copies of the kinds written are dropped instead.
    pub(super) overwritten: Cell<bool>,
}

impl<'a> Stores<'a> {
    fn of(tx: &'a Transaction<'_>) -> Result<Stores<'a>, AppError> {
        Ok(Stores {
            events: tx.object_store(STORE_EVENTS).map_err(failed)?,
            rest: tx.object_store(STORE_RECORDS).map_err(failed)?,
            device: tx.object_store(STORE_DEVICE).map_err(failed)?,
            outbox: tx.object_store(STORE_OUTBOX).map_err(failed)?,
            sync: tx.object_store(STORE_SYNC).map_err(failed)?,
            written: RefCell::new(BTreeMap::new()),
            overwritten: Cell::new(false),
        })
    }

    /// Merges records into their stored copies; returns them as stored,
    /// one per key. The requests go out together rather than one after
    /// another: an imported list of thousands is one round of requests,
    /// not thousands of round trips.
    pub(super) async fn merge_all(
        &self,
        event: EventId,
        records: &[Record],
    ) -> Result<Vec<Record>, AppError> {
        self.merge_coalesced(event, &coalesce(records)?).await
    }

    /// [`Stores::merge_all`] for records with distinct keys.
    pub(super) async fn merge_coalesced(
        &self,
        event: EventId,
        records: &[Record],
    ) -> Result<Vec<Record>, AppError> {
        let stored = stored_keys(&self.rest, event, records.len()).await?;
        let stored = stored.as_ref();
        futures::future::try_join_all(records.iter().map(|r| self.merge(event, r, stored))).await
    }

    /// Merges one record into its stored copy; returns it as stored.
    /// `stored`, when known, holds the keys of the event's stored records:
    /// a record not among them is new and not read first.
    pub(super) async fn merge(
        &self,
        event: EventId,
        record: &Record,
        stored: Option<&HashSet<String>>,
    ) -> Result<Record, AppError> {
        let (store, key) = match record {
            Record::Event(meta) if meta.id != event => {
                return Err(AppError::Invalid(domain::DomainError::ForeignRecord));
            }
            Record::Event(_) => (&self.events, event.to_string()),
            _ => (&self.rest, record_key(event, record)),
        };
        let own = matches!(record, Record::Event(_));
        let new = !own && stored.is_some_and(|s| !s.contains(&key));
        let existing: Option<String> = if new {
            None
        } else {
            get_text(store, key.clone()).await?
        };
        let stored = existing.map(|text| decode(&text)).transpose()?;
        let merged = Record::merge_into(stored, record)?;
        // A record that changes nothing is not written again.
        if merged.changed {
            let text = encode(&merged.record);
            if own {
                put_text(store, key, text).await?;
            } else {
                self.put_record(key, text).await?;
            }
        }
        Ok(merged.record)
    }
}

/// Records with the same key merged into one, in first-seen order: writes
/// that run together must not each read the same stored copy and then
/// overwrite one another.
pub(super) fn coalesce(records: &[Record]) -> Result<Vec<Record>, AppError> {
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    let mut seen: HashMap<domain::RecordKey, usize> = HashMap::with_capacity(records.len());
    for r in records {
        match seen.get(&r.key()) {
            Some(&i) => out[i].merge(r)?,
            None => {
                seen.insert(r.key(), out.len());
                out.push(r.clone());
            }
        }
    }
    Ok(out)
}
