//! The server's SQLite database: migrations at start-up, and every query.
//!
//! One connection behind a mutex, used from blocking threads: SQLite
//! serialises writes anyway, and a sync is a handful of statements in one
//! transaction. `synchronous = FULL`: a phone forgets a change once the server
//! acknowledges it, so an acknowledged write must already be on disk.
//!
//! Secrets arrive here already hashed with the server key
//! ([`crate::secrets::ServerKey`]); this module never sees a code or a token.

use crate::error::ApiError;
use crate::secrets::ServerKey;
use domain::{DeviceId, EventId};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Schema 1: events, their access codes and tokens, and their records.
const SCHEMA_1: &str = "CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        code_hash TEXT NOT NULL UNIQUE,
        registered_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        device TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE records (
        event_id TEXT NOT NULL REFERENCES events(id),
        key TEXT NOT NULL,
        body TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (event_id, key)
    );
    CREATE INDEX records_by_seq ON records (event_id, seq);";

/// Schema 2: the creator's claim, roles and revocation of tokens, a record
/// count per event (its quota), and keyed hashes (see [`migrate`]).
const SCHEMA_2: &str = "ALTER TABLE events ADD COLUMN claim_hash TEXT;
    ALTER TABLE events ADD COLUMN record_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
    ALTER TABLE tokens ADD COLUMN revoked_at INTEGER;
    UPDATE tokens SET role = 'creator'
        WHERE device = (SELECT registered_by FROM events WHERE events.id = tokens.event_id);
    UPDATE events SET record_count = (SELECT COUNT(*) FROM records WHERE records.event_id = events.id);";

/// The schema version this server writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 7;

pub mod history;
pub mod rollup;
mod sync;
pub mod units;

pub use sync::{sync, Page, Pusher, Quota, Synced};

/// The database, shared by all requests.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

/// What a token may do on an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The phone that registered the event: may also rotate its code.
    Creator,
    /// A phone that joined with the code.
    Member,
    /// A phone enrolled in the event's unit.
    Unit,
    /// A phone enrolled in a unit above the event's: reads, never writes.
    Above,
}

impl Role {
    /// Whether it may change the event.
    pub fn writes(self) -> bool {
        self != Role::Above
    }
}

/// Hashes of a new access: the code for other phones and this phone's token.
#[derive(Debug, Clone)]
pub struct NewAccess {
    /// The event.
    pub event: EventId,
    /// The phone.
    pub device: DeviceId,
    /// Keyed hash of the access code.
    pub code_hash: String,
    /// Keyed hash of the phone's token.
    pub token_hash: String,
}

/// Unix time in ms.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Db {
    /// Opens (creating if needed) the database at `path` and migrates it;
    /// `key` rehashes what schema 1 stored.
    pub fn open(path: &Path, key: &ServerKey) -> Result<Db, ApiError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn, key)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection on a blocking thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic in another request must not lock everyone out: every write
            // is a transaction, so the connection is still consistent.
            let mut conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }

    /// Runs `f` on the connection here (start-up, before serving).
    pub fn call_now<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }
}

fn migrate(conn: &mut Connection, key: &ServerKey) -> Result<(), ApiError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(ApiError::Internal(format!(
            "database schema {version} is newer than this server ({SCHEMA_VERSION})"
        )));
    }
    if version < 1 {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA_1)?;
        tx.pragma_update(None, "user_version", 1)?;
        tx.commit()?;
    }
    if version < 2 {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA_2)?;
        // Schema 1 stored plain SHA-256; each becomes its keyed form.
        for (table, column) in [
            ("events", "code_hash"),
            ("tokens", "hash"),
            ("settings", "value"),
        ] {
            let old: Vec<String> = tx
                .prepare(&format!("SELECT {column} FROM {table}"))?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut update = tx.prepare(&format!(
                "UPDATE {table} SET {column} = ?2 WHERE {column} = ?1"
            ))?;
            for hash in old {
                update.execute(params![hash, key.upgrade(&hash)])?;
            }
        }
        tx.pragma_update(None, "user_version", 2)?;
        tx.commit()?;
    }
    if version < 3 {
        let tx = conn.transaction()?;
        tx.execute_batch(units::SCHEMA_3)?;
        tx.pragma_update(None, "user_version", 3)?;
        tx.commit()?;
    }
    if version < 4 {
        let tx = conn.transaction()?;
        tx.execute_batch(rollup::SCHEMA_4)?;
        tx.pragma_update(None, "user_version", 4)?;
        tx.commit()?;
    }
    if version < 5 {
        let tx = conn.transaction()?;
        tx.execute_batch(history::SCHEMA_5)?;
        tx.pragma_update(None, "user_version", 5)?;
        tx.commit()?;
    }
    if version < 6 {
        let tx = conn.transaction()?;
        tx.execute_batch(history::SCHEMA_6)?;
        tx.pragma_update(None, "user_version", 6)?;
        tx.commit()?;
    }
    if version < 7 {
        let tx = conn.transaction()?;
        tx.execute_batch(history::SCHEMA_7)?;
        tx.pragma_update(None, "user_version", 7)?;
        tx.commit()?;
    }
    Ok(())
}

/// The stored (hashed) registration key, if any.
pub fn registration_key_hash(conn: &Connection) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'registration_key'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the (hashed) registration key.
pub fn set_registration_key_hash(conn: &Connection, hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [hash],
    )?;
    Ok(())
}

/// Registers an event for the phone that proves it created it
/// (`claim_hash`). The creator registering again (its answer was lost) gets
/// a new code and token; anyone else is refused, whatever device id they
/// send.
pub fn register_event(
    conn: &mut Connection,
    access: &NewAccess,
    claim_hash: &str,
    unit: Option<&str>,
) -> Result<(), ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event = access.event.to_string();
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT claim_hash FROM events WHERE id = ?1",
            [&event],
            |r| r.get(0),
        )
        .optional()?;
    match stored {
        Some(Some(hash)) if hash == claim_hash => {
            tx.execute(
                "UPDATE events SET code_hash = ?2 WHERE id = ?1",
                params![event, access.code_hash],
            )?;
            if let Some(unit) = unit {
                units::attach_event(&tx, access.event, claim_hash, unit)?;
            }
        }
        // Registered by another claim, or before claims existed: only a
        // token of the event may change it now (`rotate_code`).
        Some(_) => return Err(ApiError::EventExists),
        None => {
            tx.execute(
                "INSERT INTO events (id, code_hash, registered_by, created_at, claim_hash, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    event,
                    access.code_hash,
                    access.device.to_string(),
                    now_ms() as i64,
                    claim_hash,
                    unit
                ],
            )?;
        }
    }
    insert_token(&tx, access, Role::Creator)?;
    tx.commit()?;
    Ok(())
}

/// Exchanges an access code (hashed) for a token on its event.
pub fn join(
    conn: &mut Connection,
    code_hash: &str,
    access: NewAccess,
) -> Result<EventId, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event: Option<String> = tx
        .query_row(
            "SELECT id FROM events WHERE code_hash = ?1",
            [code_hash],
            |r| r.get(0),
        )
        .optional()?;
    let event = event
        .and_then(|e| EventId::parse(&e))
        .ok_or(ApiError::UnknownCode)?;
    if history::undone(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::Undone);
    }
    // A device id is whatever a phone says: one already working the event
    // (its gate tally is its own) is not given to a second phone.
    if sync::device_has_access(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::DeviceTaken(event));
    }
    let access = NewAccess { event, ..access };
    insert_token(&tx, &access, Role::Member)?;
    tx.commit()?;
    Ok(event)
}

fn insert_token(conn: &Connection, access: &NewAccess, role: Role) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO tokens (hash, event_id, device, created_at, role) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            access.token_hash,
            access.event.to_string(),
            access.device.to_string(),
            now_ms() as i64,
            match role {
                Role::Creator => "creator",
                _ => "member",
            }
        ],
    )?;
    Ok(())
}

/// Checks a token (hashed) is valid for `event`: unknown or revoked tokens
/// are unauthorised, a token of another event is forbidden.
pub fn authorize(conn: &Connection, token_hash: &str, event: EventId) -> Result<Role, ApiError> {
    let owner: Option<(String, String, Option<i64>, String)> = conn
        .query_row(
            "SELECT event_id, role, revoked_at, device FROM tokens WHERE hash = ?1",
            [token_hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match owner {
        None => {
            // Not an event's token: a unit's, under the one access rule.
            let member = units::member(conn, token_hash)?;
            let role = match units::event_unit_path(conn, event)?
                .and_then(|path| units::relation(&member, &path))
            {
                Some(units::Relation::Own) => Role::Unit,
                Some(units::Relation::Below) => Role::Above,
                None => return Err(ApiError::Forbidden),
            };
            // A phone the unit undid on this event stays out of it, even
            // with its unit's token.
            let device = sync::device_of_token(conn, token_hash)?.unwrap_or_default();
            if history::undone(conn, &event.to_string(), &device)? {
                return Err(ApiError::Undone);
            }
            Ok(role)
        }
        Some((e, _, Some(_), device))
            if e == event.to_string() && history::undone(conn, &e, &device)? =>
        {
            Err(ApiError::Undone)
        }
        Some((_, _, Some(_), _)) => Err(ApiError::Revoked),
        Some((e, _, None, device))
            if e == event.to_string() && history::undone(conn, &e, &device)? =>
        {
            Err(ApiError::Undone)
        }
        Some((e, role, None, _)) if e == event.to_string() => Ok(if role == "creator" {
            Role::Creator
        } else {
            Role::Member
        }),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// Whether the pusher acts for the event's unit: a phone of that unit by
/// its unit token (a secret the unit issued, where a device id is whatever
/// a phone says it is); for an event under no unit, the phone that shared
/// it. Only such a phone removes or restores the event, sets a gate tally
/// aside, or undoes another phone.
pub fn acts_for_unit(role: Role, event_unit: Option<&str>) -> bool {
    matches!((role, event_unit), (Role::Unit, _) | (Role::Creator, None))
}

/// The unit an event belongs to, if any.
pub fn event_unit(conn: &Connection, event: EventId) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT unit FROM events WHERE id = ?1",
            [event.to_string()],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// A new access code for `event` (the old one stops working); with
/// `revoke_others`, every token of the event but `keep` is revoked.
pub fn rotate_code(
    conn: &mut Connection,
    event: EventId,
    code_hash: &str,
    keep: &str,
    revoke_others: bool,
) -> Result<(), ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE events SET code_hash = ?2 WHERE id = ?1",
        params![event.to_string(), code_hash],
    )?;
    if revoke_others {
        tx.execute(
            "UPDATE tokens SET revoked_at = ?3
             WHERE event_id = ?1 AND hash <> ?2 AND revoked_at IS NULL",
            params![event.to_string(), keep, now_ms() as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Revokes one token (its phone leaves the event).
pub fn revoke_token(conn: &Connection, token_hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE hash = ?1 AND revoked_at IS NULL",
        params![token_hash, now_ms() as i64],
    )?;
    Ok(())
}
