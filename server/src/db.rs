//! The server's SQLite database: migrations at start-up, and every query.
//!
//! One connection behind a mutex, used from blocking threads: SQLite
//! serialises writes anyway, and a sync is a handful of statements in one
//! transaction. `synchronous = FULL`: a phone forgets a change once the server
//! acknowledges it, so an acknowledged write must already be on disk.

use crate::error::ApiError;
use crate::secrets;
use domain::{DeviceId, EventId, Record};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Each entry upgrades the schema by one version (`PRAGMA user_version`).
const MIGRATIONS: &[&str] = &[
    // 1: events, their access codes and tokens, and their records.
    "CREATE TABLE settings (
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
    CREATE INDEX records_by_seq ON records (event_id, seq);",
];

/// The database, shared by all requests.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

/// What a phone gets for registering or joining an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The event.
    pub event: EventId,
    /// The access code for other phones.
    pub code: String,
    /// This phone's bearer token for the event.
    pub token: String,
}

/// The result of one sync round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The phone's next cursor.
    pub cursor: u64,
    /// Keys of the pushed records, all now stored.
    pub acked: Vec<String>,
    /// Records changed on the server after the phone's cursor.
    pub records: Vec<Record>,
    /// How many pushed records changed something here.
    pub changed: usize,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Db {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Db, ApiError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
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

    /// Sets the registration key from `given`, or creates one on first start.
    /// Returns a key made just now, for the operator to read once.
    pub fn ensure_registration_key(&self, given: Option<&str>) -> Result<Option<String>, ApiError> {
        let conn = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let stored: Option<String> = conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'registration_key'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let (hash, made) = match (given, stored) {
            (Some(key), _) => (secrets::hash(key), None),
            (None, Some(_)) => return Ok(None),
            (None, None) => {
                let key = secrets::registration_key();
                (secrets::hash(&key), Some(key))
            }
        };
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [hash],
        )?;
        Ok(made)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), ApiError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(ApiError::Internal(format!(
            "database schema {version} is newer than this server ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Whether `key` is the server's registration key.
pub fn registration_key_matches(conn: &Connection, key: &str) -> Result<bool, ApiError> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'registration_key'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.is_some_and(|h| h == secrets::hash(key)))
}

/// Registers `event`, created on `device`: a new access code and a token.
/// The same phone registering again (its answer was lost) gets a new code
/// and token; any other phone is refused.
pub fn register_event(
    conn: &mut Connection,
    event: EventId,
    device: DeviceId,
) -> Result<Access, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let registered_by: Option<String> = tx
        .query_row(
            "SELECT registered_by FROM events WHERE id = ?1",
            [event.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let code = secrets::access_code();
    match registered_by {
        Some(by) if by != device.to_string() => return Err(ApiError::EventExists),
        Some(_) => {
            tx.execute(
                "UPDATE events SET code_hash = ?2 WHERE id = ?1",
                params![event.to_string(), secrets::hash(&code)],
            )?;
        }
        None => {
            tx.execute(
                "INSERT INTO events (id, code_hash, registered_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![event.to_string(), secrets::hash(&code), device.to_string(), now_ms()],
            )?;
        }
    }
    let token = issue_token(&tx, event, device)?;
    tx.commit()?;
    Ok(Access { event, code, token })
}

/// Exchanges an access code for a token on its event.
pub fn join(conn: &mut Connection, code: &str, device: DeviceId) -> Result<Access, ApiError> {
    let code = secrets::normalise_code(code).ok_or(ApiError::UnknownCode)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event: Option<String> = tx
        .query_row(
            "SELECT id FROM events WHERE code_hash = ?1",
            [secrets::hash(&code)],
            |r| r.get(0),
        )
        .optional()?;
    let event = event
        .and_then(|e| EventId::parse(&e))
        .ok_or(ApiError::UnknownCode)?;
    let token = issue_token(&tx, event, device)?;
    tx.commit()?;
    Ok(Access { event, code, token })
}

fn issue_token(conn: &Connection, event: EventId, device: DeviceId) -> Result<String, ApiError> {
    let token = secrets::token();
    conn.execute(
        "INSERT INTO tokens (hash, event_id, device, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            secrets::hash(&token),
            event.to_string(),
            device.to_string(),
            now_ms()
        ],
    )?;
    Ok(token)
}

/// Checks `token` is valid for `event`: unknown tokens are unauthorised, a
/// token of another event is forbidden.
pub fn authorize(conn: &Connection, token: &str, event: EventId) -> Result<(), ApiError> {
    let owner: Option<String> = conn
        .query_row(
            "SELECT event_id FROM tokens WHERE hash = ?1",
            [secrets::hash(token)],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        None => Err(ApiError::Unauthorized),
        Some(e) if e == event.to_string() => Ok(()),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// One sync round trip: merges `pushed` into the event, then returns what
/// changed after `cursor`. Records that change nothing get no new sequence
/// number, so pushing the same bundle twice changes nothing.
pub fn sync(
    conn: &mut Connection,
    event: EventId,
    cursor: u64,
    pushed: &[Record],
) -> Result<Synced, ApiError> {
    let event_key = event.to_string();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // SQLite integers are i64; sequence numbers never come near the limit.
    let mut seq: i64 = tx.query_row("SELECT seq FROM events WHERE id = ?1", [&event_key], |r| {
        r.get(0)
    })?;
    let mut acked = Vec::with_capacity(pushed.len());
    let mut changed = 0;
    {
        let mut select =
            tx.prepare_cached("SELECT body FROM records WHERE event_id = ?1 AND key = ?2")?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO records (event_id, key, body, seq) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (event_id, key) DO UPDATE SET body = excluded.body, seq = excluded.seq",
        )?;
        for record in pushed {
            let key = record.key().to_string();
            let stored: Option<String> = select
                .query_row(params![event_key, key], |r| r.get(0))
                .optional()?;
            let merged = match stored {
                Some(body) => {
                    let before: Record = serde_json::from_str(&body)
                        .map_err(|e| ApiError::Internal(format!("stored record {key}: {e}")))?;
                    let mut after = before.clone();
                    after
                        .merge(record)
                        .map_err(|_| ApiError::Internal(format!("record {key} changed kind")))?;
                    (after != before).then_some(after)
                }
                None => Some(record.clone()),
            };
            if let Some(merged) = merged {
                seq += 1;
                changed += 1;
                let body = serde_json::to_string(&merged)
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                upsert.execute(params![event_key, key, body, seq])?;
            }
            acked.push(key);
        }
    }
    tx.execute(
        "UPDATE events SET seq = ?2 WHERE id = ?1",
        params![event_key, seq],
    )?;
    // A cursor from the future (the server was restored from a backup) would
    // hide records from this phone for good: send it everything instead.
    let cursor = i64::try_from(cursor)
        .ok()
        .filter(|&c| c <= seq)
        .unwrap_or(0);
    let records = {
        let mut stmt = tx.prepare_cached(
            "SELECT body FROM records WHERE event_id = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![event_key, cursor], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for body in rows {
            out.push(
                serde_json::from_str(&body?)
                    .map_err(|e| ApiError::Internal(format!("stored record: {e}")))?,
            );
        }
        out
    };
    tx.commit()?;
    Ok(Synced {
        cursor: seq as u64,
        acked,
        records,
        changed,
    })
}
