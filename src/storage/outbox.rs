//! The outbox: the records changed here that the server has not taken yet,
//! each marked with the commit that last changed it and how many of the
//! officer's changes it stands for.

use super::ranges::{event_range, stored_keys};
use super::requests::{all_entries, all_texts, failed, get_text, put_text};
use super::{Db, STORE_OUTBOX};
use crate::error::AppError;
use domain::EventId;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;

/// One unacknowledged change: its outbox key and the mark of the commit that made it.
pub type Pending = (String, String);

impl Db {
    /// The event's unacknowledged changes, with their commit marks.
    pub async fn outbox(&self, event: EventId) -> Result<Vec<Pending>, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        all_entries(&store, || event_range(event)).await
    }

    /// This phone's changes of one record (`kind/id`) that wait for the
    /// server: when the latest was made (Unix ms) and how many — what
    /// "Lịch sử" can say with no connection.
    pub async fn pending_of(
        &self,
        event: EventId,
        record: &str,
    ) -> Result<Option<(u64, u32)>, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        let entry = get_text(&store, format!("{event}/{record}")).await?;
        Ok(entry.map(|e| {
            // "<wall>.<counter>|<n>": the commit mark is the phone's clock.
            let wall = e.split(['.', '|']).next().and_then(|w| w.parse().ok());
            (wall.unwrap_or(0), waiting_changes(&e))
        }))
    }

    /// How many changes the officer made that wait for the server (not how
    /// many records they touched).
    pub async fn pending_count(&self, event: EventId) -> Result<u32, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        let entries = all_texts(&store, Some(event_range(event))).await?;
        Ok(entries.iter().map(|e| waiting_changes(e)).sum())
    }
}

/// Marks a record as waiting for the server: `"<mark>|<n>"`, `n` the
/// changes the officer made to it since the server last took it (three taps
/// at the gate are three changes waiting, though they are one record).
/// `changes` is how many this write adds: 0 for a restamp, which the
/// officer did not make.
pub(super) async fn mark_waiting(
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
pub(super) async fn mark_all_waiting(
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
