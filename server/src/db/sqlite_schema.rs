//! SQLite's schema and its migrations, by `PRAGMA user_version`: schemas 1
//! and 2 here, 3 to 8 beside the queries that use them (`units.rs`,
//! `rollup.rs`, `history.rs`). PostgreSQL's are in `postgres_schema.rs`.

use super::{history, rollup, units};
use crate::error::ApiError;
use crate::secrets::ServerKey;
use rusqlite::{Connection, TransactionBehavior};

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
const SCHEMA_VERSION: i64 = 8;

/// Brings the schema up to [`SCHEMA_VERSION`], in one transaction that
/// takes the write lock before it reads the version: processes starting at
/// once on a new file migrate it once, the others waiting and then finding
/// it done; and a failing step leaves the file as it was.
pub(super) fn migrate(conn: &mut Connection, key: &ServerKey) -> Result<(), ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(ApiError::Internal(format!(
            "database schema {version} is newer than this server ({SCHEMA_VERSION})"
        )));
    }
    if version < 1 {
        tx.execute_batch(SCHEMA_1)?;
    }
    if version < 2 {
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
                update.execute(rusqlite::params![hash, key.upgrade(&hash)])?;
            }
        }
    }
    // The rest are schema text only.
    let rest = [
        (3, units::SCHEMA_3),
        (4, rollup::SCHEMA_4),
        (5, history::SCHEMA_5),
        (6, history::SCHEMA_6),
        (7, history::SCHEMA_7),
        (8, units::SCHEMA_8),
    ];
    for (_, schema) in rest.into_iter().filter(|(to, _)| version < *to) {
        tx.execute_batch(schema)?;
    }
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}
