//! This phone's clock, kept in `device` and saved with every change.

use super::change::Stores;
use super::requests::failed;
use super::{Writer, STORE_DEVICE};
use crate::error::AppError;
use domain::{DeviceId, Hlc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;

/// Where the clock is kept in `device`.
const CLOCK_KEY: &str = "clock";

impl Writer {
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
        let tx = self.device_tx()?;
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
}

impl Stores<'_> {
    /// Saves the clock; sent, not waited for (as `put_text`).
    pub(super) async fn save_clock(&self, clock: &Hlc) -> Result<(), AppError> {
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
pub(super) async fn stored_clock(device: &ObjectStore<'_>) -> Result<Option<Hlc>, AppError> {
    device
        .get(CLOCK_KEY)
        .serde()
        .map_err(failed)?
        .await
        .map_err(failed)
}

/// The mark a commit leaves on the records it changed, unique per commit on
/// this phone (its clock reading).
pub(super) fn change_mark(clock: &Hlc) -> String {
    format!("{}.{}", clock.wall, clock.counter)
}
