//! A tap at the gate: computed from the tally as stored, and counted once
//! however often it is written.

use super::clock::change_mark;
use super::encoding::decode;
use super::outbox::mark_waiting;
use super::requests::{all_entries, failed, get_text, put_text};
use super::{Writer, STORE_DEVICE};
use crate::error::AppError;
use domain::state::headcount;
use domain::{DeviceId, EventId, Hlc, Record, Tally};
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyRange;
use uuid::Uuid;

/// In `device`, `"done/<tap id>"` marks a gate tap as counted; the value is
/// when, in ms as text.
const DONE_PREFIX: &str = "done/";

impl Writer {
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
    /// [`Writer::tap`]). A mark is needed only until its tap's journal entry is
    /// gone, which takes moments, or until the next start; a day is ample.
    pub async fn forget_taps(&self, before_ms: u64) -> Result<(), AppError> {
        // Default durability: a forgetting lost to a crash is done next time.
        let tx = self.device_tx()?;
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
}
