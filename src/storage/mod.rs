//! IndexedDB: the only module that touches it.
//!
//! Five object stores:
//! - `events`: each event's own record ([`EventMeta`]), keyed by event id, so
//!   the list of events loads without reading every step;
//! - `records`: every other record, keyed `"<event id>/<kind>/<id>"`, so one
//!   key range reads a whole event;
//! - `device`: this phone's clock (which carries its device id), stored as a
//!   structured object, the gate taps counted lately (see [`Db::tap`]) and
//!   the claims of the events it created;
//! - `outbox`: the records changed here that the server has not taken yet;
//! - `sync`: each shared event's link to the server.
//!
//! Records are stored as JSON text (see [`encode`]).
//!
//! Every change goes through `Db::write_change`: one read-write transaction
//! with strict durability that merges the new records into the stored ones
//! and saves the clock, committed before the caller shows anything as done.
//! If any part fails, the transaction is aborted and nothing is written.

use crate::error::AppError;
use domain::state::headcount;
use domain::{DeviceId, EventId, EventMeta, EventState, Hlc, Record, RecordKind, Tally};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use indexed_db_futures::KeyRange;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use uuid::Uuid;
use wasm_bindgen::JsValue;

mod copies;
mod ranges;
mod requests;
mod sync;
pub use sync::{Enrolled, Pending, SyncLink};

use ranges::{decode_joined, kind_range, kinds_records, stored_keys};
use requests::{
    abort_reason, all_entries, all_joined, all_texts, bytes_value, corrupt, failed, finish,
    get_bytes, get_text, put_text, put_value,
};

/// The database's name on the phone.
pub const DB_NAME: &str = "ngayhoi";
/// The schema version; raise it and add a rung to [`upgrade`] to change the schema.
pub const DB_VERSION: u32 = 2;
/// Event records, keyed by event id.
pub const STORE_EVENTS: &str = "events";
/// All other records, keyed `"<event id>/<kind>/<id>"`.
pub const STORE_RECORDS: &str = "records";
/// This phone's clock, under [`CLOCK_KEY`].
pub const STORE_DEVICE: &str = "device";
const CLOCK_KEY: &str = "clock";
/// In `device`, `"done/<tap id>"` marks a gate tap as counted; the value is
/// when, in ms as text.
const DONE_PREFIX: &str = "done/";
/// Records changed here and not yet acknowledged by the server, keyed like
/// `records`; the value marks the commit that last changed each.
pub const STORE_OUTBOX: &str = "outbox";
/// Each shared event's link to the server ([`SyncLink`]), keyed by event id.
pub const STORE_SYNC: &str = "sync";

/// An open database. Clones share one connection.
#[derive(Clone)]
pub struct Db {
    db: Database,
}

impl Db {
    /// Opens (creating or upgrading) the app's database.
    pub async fn open() -> Result<Db, AppError> {
        Db::open_named(DB_NAME).await
    }

    /// Opens a database by name; tests use a fresh name each.
    pub async fn open_named(name: &str) -> Result<Db, AppError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(|event, db| {
                upgrade(event.old_version() as u32, &db)?;
                Ok(())
            })
            .await
            .map_err(|e: OpenDbError| AppError::StorageUnavailable(e.to_string()))?;
        Ok(Db { db })
    }

    /// Deletes a database by name (tests only clean up after themselves).
    pub async fn delete_named(name: &str) -> Result<(), AppError> {
        Database::delete_by_name(name)
            .map_err(|e| AppError::StorageFailed(e.to_string()))?
            .await
            .map_err(failed)
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }

    /// This phone's clock, created with a fresh device id on first use.
    ///
    /// Read in a read-only transaction first: every start reads the clock
    /// before its first screen, and a read-write one waits for its commit
    /// (and for any other writer of the store) where a read does not.
    pub async fn clock(&self) -> Result<Hlc, AppError> {
        {
            let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
            let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
            if let Some(clock) = stored_clock(&store).await? {
                return Ok(clock);
            }
        }
        let tx = self
            .db
            .transaction(STORE_DEVICE)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        // Read again under the write lock: another tab may have created it.
        let clock = match stored_clock(&store).await? {
            Some(clock) => clock,
            None => {
                let clock = Hlc::new(DeviceId::random());
                store
                    .put(&clock)
                    .with_key(CLOCK_KEY.to_string())
                    .serde()
                    .map_err(failed)?
                    .await
                    .map_err(failed)?;
                clock
            }
        };
        tx.commit().await.map_err(failed)?;
        Ok(clock)
    }

    /// The events on this phone, newest date first; deleted ones left out.
    pub async fn events(&self) -> Result<Vec<EventMeta>, AppError> {
        let tx = self.db.transaction(STORE_EVENTS).build().map_err(failed)?;
        let store = tx.object_store(STORE_EVENTS).map_err(failed)?;
        let texts = all_texts(&store, None).await?;
        let mut events = Vec::with_capacity(texts.len());
        for text in texts {
            let EventRecord::Event(meta) = decode_json(&text)?;
            if !meta.removed.is_removed() {
                events.push(meta);
            }
        }
        events.sort_by(|a, b| {
            b.date
                .value
                .cmp(&a.date.value)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(events)
    }

    /// Loads one event with all its records.
    pub async fn load_event(&self, id: EventId) -> Result<EventState, AppError> {
        self.load(id, None).await
    }

    /// Loads one event with only the records of `kinds` (and its own): a
    /// screen reads what it shows, and the rest stays here until another
    /// screen needs it ([`Db::records_of`]). Records are keyed by kind, so
    /// each kind is one key range, all read at once.
    pub async fn load_event_holding(
        &self,
        id: EventId,
        kinds: &[RecordKind],
    ) -> Result<EventState, AppError> {
        self.load(id, Some(kinds)).await
    }

    /// Loads one event: the records of `kinds`, or all.
    async fn load(
        &self,
        id: EventId,
        kinds: Option<&[RecordKind]>,
    ) -> Result<EventState, AppError> {
        let tx = self
            .db
            .transaction([STORE_EVENTS, STORE_RECORDS])
            .build()
            .map_err(failed)?;
        let events = tx.object_store(STORE_EVENTS).map_err(failed)?;
        let records = tx.object_store(STORE_RECORDS).map_err(failed)?;
        let read = async {
            match kinds {
                Some(kinds) => kinds_records(&records, id, kinds).await,
                None => decode_joined(&[all_joined(&records, event_range(id)).await?]),
            }
        };
        let (meta, read) =
            futures::future::try_join(get_text(&events, id.to_string()), read).await?;
        let meta = decode(&meta.ok_or(AppError::EventNotFound)?)?;
        let mut state = match kinds {
            Some(kinds) => EventState::holding(id, kinds),
            None => EventState::empty(id),
        };
        for record in std::iter::once(meta).chain(read) {
            state.apply(record).map_err(corrupt)?;
        }
        Ok(state)
    }

    /// A local change: merges `records` into event `event`, marks them for
    /// the next sync, and saves `clock`, in one transaction. Returns the
    /// records as stored (merged with what was there), which the caller
    /// applies to its in-memory state.
    pub async fn commit(
        &self,
        event: EventId,
        records: &[Record],
        clock: &Hlc,
    ) -> Result<Vec<Record>, AppError> {
        // Which change last touched each record: a sync acknowledges a record
        // only if no later change came meanwhile.
        let mark = change_mark(clock);
        let copy = copies::copy_of_all(event, records);
        self.write_change(clock, copy.as_deref(), async |stores| {
            let records = coalesce(records)?;
            let keys = records.iter().map(|r| record_key(event, r)).collect();
            let (stored, _) = futures::future::try_join(
                stores.merge_coalesced(event, &records),
                mark_all_waiting(&stores.outbox, event, keys, &mark, 1),
            )
            .await?;
            Ok(stored)
        })
        .await
    }

    /// A tap at the gate: the domain command [`headcount::tap`] on this
    /// device's tally *as stored*, in one transaction. Computing it from the
    /// screen instead would lose taps when the app is open twice on one
    /// phone (an installed app and a browser tab), each with its own view
    /// of the count.
    ///
    /// A tap is a delta, so writing it twice would count it twice: the same
    /// transaction marks tap `id` as counted, and a tap already marked is
    /// skipped. Its journal entry (the session's journal) may thus be replayed
    /// whether or not the first write landed: whichever runs first counts.
    /// Returns the tally as stored.
    pub async fn tap(
        &self,
        event: EventId,
        device: DeviceId,
        delta: i64,
        id: Uuid,
        clock: &Hlc,
    ) -> Result<Record, AppError> {
        let key = format!("{event}/{}", headcount::key(device));
        let done_key = format!("{DONE_PREFIX}{id}");
        self.write_change(clock, None, async |stores| {
            let (stored, done) = futures::future::try_join(
                get_text(&stores.rest, key.clone()),
                get_text(&stores.device, done_key.clone()),
            )
            .await?;
            let stored = stored.map(|t| decode(&t)).transpose()?;
            if done.is_some() {
                return Ok(stored.unwrap_or(Record::Headcount(Tally::zero(device))));
            }
            let record = headcount::tap(stored, device, delta)?;
            let merged = stores.merge(event, &record, None).await?;
            mark_waiting(&stores.outbox, key, &change_mark(clock), 1).await?;
            let now = js_sys::Date::now() as u64;
            put_text(&stores.device, done_key, now.to_string()).await?;
            Ok(merged)
        })
        .await
    }

    /// Forgets the marks of taps counted before `before_ms` (see
    /// [`Db::tap`]). A mark is needed only until its tap's journal entry is
    /// gone, which takes moments, or until the next start; a day is ample.
    pub async fn forget_taps(&self, before_ms: u64) -> Result<(), AppError> {
        // Default durability: a forgetting lost to a crash is done next time.
        let tx = self
            .db
            .transaction(STORE_DEVICE)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        // `[DONE_PREFIX, "done0")`: '0' follows '/'.
        let range = || KeyRange::Bound(DONE_PREFIX.to_string(), false, "done0".to_string(), true);
        let marks = all_entries(&store, range).await?;
        for (key, time) in marks {
            if time.parse::<u64>().map_or(true, |t| t < before_ms) {
                // Not awaited one by one: the commit waits for every
                // request, and a failing one aborts the transaction.
                drop(store.delete(key).primitive().map_err(failed)?);
            }
        }
        tx.commit().await.map_err(failed)
    }

    /// One change in one read-write transaction: `work` gets every store a
    /// change touches; then the read copies are kept up to date (`copy`:
    /// the one the change is expected to write to, read alongside `work`), the
    /// clock is saved and the transaction committed. If any part fails, the
    /// transaction is aborted and nothing is written.
    async fn write_change<T>(
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
    async fn put_one(&self, store: &str, key: String, value: JsValue) -> Result<(), AppError> {
        let tx = self.write_tx(&[store])?;
        let raw_tx: JsValue = tx.as_sys().clone().into();
        put_value(&tx.object_store(store).map_err(failed)?, key, value)?;
        finish(tx, &raw_tx).await
    }

    fn write_tx(&self, stores: &[&str]) -> Result<Transaction<'_>, AppError> {
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
struct Stores<'a> {
    events: ObjectStore<'a>,
    rest: ObjectStore<'a>,
    device: ObjectStore<'a>,
    outbox: ObjectStore<'a>,
    sync: ObjectStore<'a>,
    /// Keys of the records this transaction wrote, by the read copy of
    /// their kind (see `copies`).
    written: RefCell<BTreeMap<String, BTreeSet<String>>>,
    /// Set when records are written over with lower stamps ([`Db::replace`]):
    /// merged with the copies' versions, the higher stamps would win, so the
    /// copies of the kinds written are dropped instead.
    overwritten: std::cell::Cell<bool>,
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
            overwritten: std::cell::Cell::new(false),
        })
    }

    /// Merges records into their stored copies; returns them as stored,
    /// one per key. The requests go out together rather than one after
    /// another: an imported list of thousands is one round of requests,
    /// not thousands of round trips.
    async fn merge_all(&self, event: EventId, records: &[Record]) -> Result<Vec<Record>, AppError> {
        self.merge_coalesced(event, &coalesce(records)?).await
    }

    /// [`Stores::merge_all`] for records with distinct keys.
    async fn merge_coalesced(
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
    async fn merge(
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

    /// Saves the clock; sent, not waited for (as [`put_text`]).
    async fn save_clock(&self, clock: &Hlc) -> Result<(), AppError> {
        drop(
            self.device
                .put(clock)
                .with_key(CLOCK_KEY.to_string())
                .serde()
                .map_err(failed)?,
        );
        Ok(())
    }
}

/// The clock as stored in `device`, if any.
async fn stored_clock(device: &ObjectStore<'_>) -> Result<Option<Hlc>, AppError> {
    device
        .get(CLOCK_KEY)
        .serde()
        .map_err(failed)?
        .await
        .map_err(failed)
}

/// A record of the events store read as what it always is, the event's
/// own: the event list (the first screen) then needs no code to read the
/// other kinds of record. Only `Record::Event` is ever written there
/// (`Stores::merge` picks the store by kind), so anything else is corrupt.
#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum EventRecord {
    Event(EventMeta),
}

/// Records with the same key merged into one, in first-seen order: writes
/// that run together must not each read the same stored copy and then
/// overwrite one another.
fn coalesce(records: &[Record]) -> Result<Vec<Record>, AppError> {
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    let mut seen: std::collections::HashMap<domain::RecordKey, usize> =
        std::collections::HashMap::with_capacity(records.len());
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

/// The mark a commit leaves on the records it changed, unique per commit on
/// this phone (its clock reading).
fn change_mark(clock: &Hlc) -> String {
    format!("{}.{}", clock.wall, clock.counter)
}

/// Marks a record as waiting for the server: `"<mark>|<n>"`, `n` the
/// changes the officer made to it since the server last took it (three taps
/// at the gate are three changes waiting, though they are one record).
/// `changes` is how many this write adds: 0 for a restamp, which the
/// officer did not make.
async fn mark_waiting(
    outbox: &ObjectStore<'_>,
    key: String,
    mark: &str,
    changes: u32,
) -> Result<(), AppError> {
    let before = get_text(outbox, key.clone()).await?;
    let n = before.as_deref().map_or(0, waiting_changes) + changes;
    put_text(outbox, key, format!("{mark}|{}", n.max(1))).await
}

/// [`mark_waiting`] for many records of `event` at once: in a big write
/// (an imported list) the entries not waiting yet are written without
/// being read first.
async fn mark_all_waiting(
    outbox: &ObjectStore<'_>,
    event: EventId,
    keys: Vec<String>,
    mark: &str,
    changes: u32,
) -> Result<(), AppError> {
    let waiting = stored_keys(outbox, event, keys.len()).await?;
    futures::future::try_join_all(keys.into_iter().map(|key| async {
        match &waiting {
            Some(w) if !w.contains(&key) => {
                put_text(outbox, key, format!("{mark}|{}", changes.max(1))).await
            }
            _ => mark_waiting(outbox, key, mark, changes).await,
        }
    }))
    .await?;
    Ok(())
}

/// How many changes an outbox entry stands for (entries written before the
/// count was kept stand for one).
fn waiting_changes(entry: &str) -> u32 {
    entry
        .rsplit_once('|')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// Records are stored as their JSON text, the same encoding bundles use:
/// one codec in the app (smaller), and parsing thousands of records from
/// strings is much faster than walking as many JS objects.
fn encode(record: &Record) -> String {
    encode_json(record)
}

fn decode(text: &str) -> Result<Record, AppError> {
    decode_json(text)
}

fn encode_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("stored values always serialise")
}

/// From bytes, like bundles (`Bundle::parse`): every record type is then
/// compiled into the app with one JSON reader, not two.
fn decode_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    decode_json_bytes(text.as_bytes())
}

fn decode_json_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(bytes)
        .map_err(|e| AppError::Corrupt(format!("line {}, column {}", e.line(), e.column())))
}

/// The schema ladder: each rung upgrades from the version before it, so a
/// phone several versions behind climbs every rung in turn.
fn upgrade(old_version: u32, db: &Database) -> Result<(), IdbError> {
    if old_version < 1 {
        db.create_object_store(STORE_EVENTS).build()?;
        db.create_object_store(STORE_RECORDS).build()?;
        db.create_object_store(STORE_DEVICE).build()?;
    }
    if old_version < 2 {
        // Sync. Events made before it are pushed whole when first shared, so
        // nothing needs copying into the outbox here.
        db.create_object_store(STORE_OUTBOX).build()?;
        db.create_object_store(STORE_SYNC).build()?;
    }
    Ok(())
}

/// `"<event id>/<kind>/<id>"`: the key of a record in `records` and `outbox`.
/// (The event's own record lives in `events` under the bare event id.)
fn record_key(event: EventId, record: &Record) -> String {
    format!("{event}/{}", record.key())
}

/// Keys of an event's records (in `records` and `outbox`) lie in
/// `["<id>/", "<id>0")`: '0' follows '/'.
fn event_range(id: EventId) -> KeyRange<String> {
    KeyRange::Bound(format!("{id}/"), false, format!("{id}0"), true)
}
