//! A journal of taps in LocalStorage, so that a tap survives the app closing
//! right after it.
//!
//! An IndexedDB write is asynchronous: a tab closed a few milliseconds after
//! a tap takes the transaction down with it. A LocalStorage write is
//! synchronous: made in the tap's own event handler, it is done before the
//! handler returns and kept even if the page dies next. So each tap first
//! writes here what it is about to commit (a change's records, or a gate
//! tap's delta), and removes it once IndexedDB has it; whatever is left is
//! written again at the next start ([`super::Session::replay_journal`]).
//! Writing again is harmless: records merge as joins, and a gate tap carries
//! an id that [`crate::storage::Writer::tap`] counts once.
//!
//! Entries are JSON, records in the encoding of storage and bundles.

use domain::{EventId, Hlc, Record};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Every entry's key starts with this, followed by its id.
const PREFIX: &str = "ngayhoi.journal.";

/// A change, computed: its records, and the clock that stamped them.
#[derive(Serialize, Deserialize)]
pub struct Change {
    /// The entry's id.
    pub id: Uuid,
    /// The event the records belong to.
    pub event: EventId,
    /// The records to commit.
    pub records: Vec<Record>,
    /// The clock just after stamping them.
    pub clock: Hlc,
}

/// A tap at the gate.
#[derive(Serialize, Deserialize)]
pub struct Tap {
    /// The entry's id, which `Writer::tap` marks as counted.
    pub id: Uuid,
    /// The event counted.
    pub event: EventId,
    /// People added (−1 to correct).
    pub delta: i64,
}

/// An entry as written: tagged like records, `{"tap": {…}}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Written<'a> {
    /// A change.
    Change(&'a Change),
    /// A gate tap.
    Tap(&'a Tap),
}

/// An entry as read back.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// A change.
    Change(Change),
    /// A gate tap.
    Tap(Tap),
}

/// Writes an entry, synchronously. A LocalStorage that refuses (full,
/// disabled) costs only this safety net: the tap still goes to IndexedDB.
pub fn write(id: Uuid, entry: Written) {
    let text = serde_json::to_string(&entry).expect("entries always serialise");
    if LocalStorage::raw().set_item(&key(id), &text).is_err() {
        leptos::logging::warn!("journal: LocalStorage refused an entry");
    }
}

/// Removes entry `id` (once committed, or refused).
pub fn remove(id: Uuid) {
    remove_key(&key(id));
}

/// Removes the entry under `key`.
pub fn remove_key(key: &str) {
    let _ = LocalStorage::raw().remove_item(key);
}

/// The keys of the entries present.
pub fn keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect()
}

/// The entry under `key`: `None` if gone (another tab of the app replayed
/// it meanwhile), `Some(None)` if unreadable.
pub fn read(key: &str) -> Option<Option<Entry>> {
    let text = LocalStorage::raw().get_item(key).ok().flatten()?;
    // From bytes, the one JSON reader the app carries (see storage).
    Some(serde_json::from_slice(text.as_bytes()).ok())
}

fn key(id: Uuid) -> String {
    format!("{PREFIX}{id}")
}
