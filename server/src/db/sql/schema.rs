//! Each engine's schema, one versioned `.sql` file a step, embedded in the
//! binary from `server/migrations/sqlite/` and `server/migrations/postgres/`
//! and applied in order: file `NNNN_name.sql` brings a database to version
//! `NNNN`. SQLite counts its version in `PRAGMA user_version`, PostgreSQL
//! in a `schema_version` table; a database newer than this server is
//! refused.
//!
//! Processes starting at once migrate once: SQLite's transaction takes the
//! write lock before it reads the version, PostgreSQL's takes an advisory
//! lock (its DDL is transactional); the others wait and find the work done,
//! and a failing step leaves the database as it was.

use super::conn::Conn;
use crate::error::ApiError;
use crate::params;
use crate::secrets::ServerKey;
use rusqlite::{Connection, TransactionBehavior};

/// One step of a schema: its file's name and text.
struct Migration {
    name: &'static str,
    sql: &'static str,
}

/// The steps in `migrations/$engine/`, in order: the `i`th brings a
/// database to version `i + 1`.
macro_rules! migrations {
    ($engine:literal: $($name:literal),+ $(,)?) => {
        &[$(Migration {
            name: $name,
            sql: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"), "/migrations/", $engine, "/", $name, ".sql"
            )),
        }),+]
    };
}

const SQLITE: &[Migration] = migrations!("sqlite":
    "0001_events",
    "0002_claims_roles_quota",
    "0003_units",
    "0004_figures",
    "0005_history",
    "0006_outcomes_undo",
    "0007_history_quota",
    "0008_trust",
    "0009_ledgers",
);

const POSTGRES: &[Migration] = migrations!("postgres":
    "0001_tables",
    "0002_rate_limits",
    "0003_trust",
    "0004_ledgers",
);

/// The version a database at `version` may be brought to, or why not.
fn latest(steps: &[Migration], version: i64) -> Result<i64, ApiError> {
    let latest = steps.len() as i64;
    if version > latest {
        return Err(ApiError::Internal(format!(
            "database schema {version} is newer than this server ({latest})"
        )));
    }
    Ok(latest)
}

/// The steps after `version`, each with the version it brings.
fn after(steps: &[Migration], version: i64) -> impl Iterator<Item = (i64, &Migration)> {
    let done = usize::try_from(version).unwrap_or(0);
    steps
        .iter()
        .enumerate()
        .skip(done)
        .map(|(i, step)| (i as i64 + 1, step))
}

/// Brings a SQLite database to the latest version. Version 2 also turns
/// the plain SHA-256 hashes version 1 stored into keyed ones (`key`).
pub(super) fn migrate_sqlite(conn: &mut Connection, key: &ServerKey) -> Result<(), ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get("user_version"))?;
    let latest = latest(SQLITE, version)?;
    for (to, step) in after(SQLITE, version) {
        tracing::debug!(migration = step.name, "migrating the database");
        tx.execute_batch(step.sql)?;
        if to == 2 {
            rehash(&tx, key)?;
        }
    }
    if version < latest {
        tx.pragma_update(None, "user_version", latest)?;
    }
    tx.commit()?;
    Ok(())
}

/// Schema 1 stored plain SHA-256; each becomes its keyed form.
fn rehash(tx: &Connection, key: &ServerKey) -> Result<(), ApiError> {
    for (table, column) in [
        ("events", "code_hash"),
        ("tokens", "hash"),
        ("settings", "value"),
    ] {
        let old: Vec<String> = tx
            .prepare(&format!("SELECT {column} FROM {table}"))?
            .query_map([], |r| r.get(column))?
            .collect::<Result<_, _>>()?;
        let mut update = tx.prepare(&format!(
            "UPDATE {table} SET {column} = ?2 WHERE {column} = ?1"
        ))?;
        for hash in old {
            update.execute(rusqlite::params![hash, key.upgrade(&hash)])?;
        }
    }
    Ok(())
}

/// Brings a PostgreSQL database to the latest version.
pub(super) fn migrate_postgres(conn: &mut Conn) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.lock("schema")?;
    tx.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let version: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) AS version FROM schema_version",
            params![],
        )?
        .map(|r| r.get("version"))
        .transpose()?
        .unwrap_or(0);
    latest(POSTGRES, version)?;
    for (to, step) in after(POSTGRES, version) {
        tracing::debug!(migration = step.name, "migrating the database");
        tx.batch(step.sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            params![to],
        )?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's tables, columns and indexes, as its catalog holds them.
    fn sqlite_catalog(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            .unwrap()
            .query_map([], |r| Ok((r.get("type")?, r.get("name")?, r.get("sql")?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// A database left at any older version is brought to the schema a new
    /// one gets, and says it is at the latest.
    #[test]
    fn every_older_sqlite_version_upgrades_to_the_new_schema() {
        let key = ServerKey::from_bytes([7; 32]);
        let mut new = Connection::open_in_memory().unwrap();
        migrate_sqlite(&mut new, &key).unwrap();
        let expected = sqlite_catalog(&new);
        for version in 1..=SQLITE.len() {
            let mut old = Connection::open_in_memory().unwrap();
            for step in &SQLITE[..version] {
                old.execute_batch(step.sql).unwrap();
            }
            old.pragma_update(None, "user_version", version as i64)
                .unwrap();
            migrate_sqlite(&mut old, &key).unwrap();
            assert_eq!(sqlite_catalog(&old), expected, "from version {version}");
            let at: i64 = old
                .query_row("PRAGMA user_version", [], |r| r.get("user_version"))
                .unwrap();
            assert_eq!(at, SQLITE.len() as i64);
        }
    }

    /// A file's number is the version it brings: none missing, none twice.
    #[test]
    fn files_are_numbered_in_order() {
        for steps in [SQLITE, POSTGRES] {
            for (to, step) in after(steps, 0) {
                assert_eq!(
                    step.name[..4].parse::<i64>().ok(),
                    Some(to),
                    "{}",
                    step.name
                );
            }
        }
    }
}
