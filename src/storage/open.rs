//! Opening the database, and the schema's ladder of upgrades.

use super::requests::failed;
use super::{Db, Writer, STORE_DEVICE, STORE_EVENTS, STORE_OUTBOX, STORE_RECORDS, STORE_SYNC};
use crate::error::AppError;
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::prelude::*;

/// The database's name on the phone.
pub const DB_NAME: &str = "ngayhoi";
/// The schema version; raise it and add a rung to [`upgrade`] to change the schema.
pub const DB_VERSION: u32 = 2;

impl Db {
    /// Opens (creating or upgrading) the app's database: its read half and
    /// its one write half.
    pub async fn open() -> Result<(Db, Writer), AppError> {
        Db::open_named(DB_NAME).await
    }

    /// Opens a database by name; tests use a fresh name each.
    pub async fn open_named(name: &str) -> Result<(Db, Writer), AppError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(|event, db| {
                upgrade(event.old_version() as u32, &db)?;
                Ok(())
            })
            .await
            .map_err(|e: OpenDbError| AppError::StorageUnavailable(e.to_string()))?;
        Ok((Db { db: db.clone() }, Writer { db }))
    }

    /// Deletes a database by name (tests only clean up after themselves).
    pub async fn delete_named(name: &str) -> Result<(), AppError> {
        Database::delete_by_name(name)
            .map_err(|e| AppError::StorageFailed(e.to_string()))?
            .await
            .map_err(failed)
    }

    /// Closes the connection (its write half's too).
    pub fn close(self) {
        self.db.close();
    }
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
