//! Moving a province's SQLite database into PostgreSQL (`server copy-to`):
//! every table, row for row, in one PostgreSQL transaction, so a copy that
//! fails leaves the target empty. The source is only read.

use super::pool::Db;
use super::{BatchInsert, Conn};
use crate::error::ApiError;
use crate::params;

/// One table: how to read a page of it from SQLite (after a rowid, the
/// rowid first, as `copy_rowid`) and how to write a row of it.
struct Table {
    name: &'static str,
    select: &'static str,
    insert: &'static str,
}

macro_rules! table {
    ($name:literal, $cols:literal, $values:literal) => {
        Table {
            name: $name,
            select: concat!(
                "SELECT rowid AS copy_rowid, ",
                $cols,
                " FROM ",
                $name,
                " WHERE rowid > ?1 ORDER BY rowid LIMIT 2000"
            ),
            insert: concat!(
                "INSERT INTO ",
                $name,
                " (",
                $cols,
                ") VALUES (",
                $values,
                ")"
            ),
        }
    };
}

/// Every table, each after those it refers to. Units come first, parents
/// before children (a path sorts after its prefix), read whole: a tree
/// of a country's units is a few thousand rows.
const TABLES: &[Table] = &[
    table!("settings", "key, value", "?1, ?2"),
    table!(
        "events",
        "id, code_hash, registered_by, created_at, seq, claim_hash, record_count, unit, kind",
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
    ),
    table!(
        "tokens",
        "hash, event_id, device, created_at, role, revoked_at, officer, last_sync_at, unit_token",
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
    ),
    table!("records", "event_id, key, body, seq", "?1, ?2, ?3, ?4"),
    table!(
        "unit_codes",
        "unit, code_hash, issued_by, created_at, expires_at",
        "?1, ?2, ?3, ?4, ?5"
    ),
    table!(
        "unit_tokens",
        "hash, unit, device, created_at, revoked_at",
        "?1, ?2, ?3, ?4, ?5"
    ),
    table!(
        "deadlines",
        "unit, year, due, grace_days",
        "?1, ?2, ?3, ?4"
    ),
    table!(
        "unit_audit",
        "id, unit, at, action, by_unit, device",
        "?1, ?2, ?3, ?4, ?5, ?6"
    ),
    table!(
        "submissions",
        "id, event_id, submitted_at, officer, received_at, state, note, decided_at, decided_by",
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
    ),
    table!(
        "event_figures",
        "event_id, seq, year, figures, computed_at",
        "?1, ?2, ?3, ?4, ?5"
    ),
    table!(
        "changes",
        "id, event_id, record_key, field, old, new, stamp, pushed_by, received_at, outcome, old_stamp, officer",
        "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12"
    ),
    table!(
        "undone_devices",
        "event_id, device, undone_at, undone_by",
        "?1, ?2, ?3, ?4"
    ),
    table!(
        "history_use",
        "event_id, pushed_by, entries",
        "?1, ?2, ?3"
    ),
];

/// Copies every row of `from` (SQLite) into `into` (an empty PostgreSQL
/// database); returns each table's row count. `same_key` refuses a
/// database served with another server key than the copying one (asked of
/// the source first, then of the target once the settings are copied).
pub fn copy(
    from: &Db,
    into: &Db,
    same_key: impl Fn(&Conn) -> Result<(), ApiError> + Send + Sync,
) -> Result<Vec<(&'static str, u64)>, ApiError> {
    from.copy_into(into, |source, tx| {
        same_key(source)?;
        let rows = |sql: &'static str| -> Result<i64, ApiError> {
            tx.query_row(sql, params![])?.map_or(Ok(0), |r| r.get("n"))
        };
        if rows("SELECT COUNT(*) AS n FROM events")? + rows("SELECT COUNT(*) AS n FROM units")? > 0
        {
            return Err(ApiError::Internal(
                "the PostgreSQL database is not empty: copy into a new one".into(),
            ));
        }
        // The registration key is stored by the server at start: the
        // copied one replaces it.
        tx.execute("DELETE FROM settings", params![])?;
        let mut counts = vec![("units", copy_units(source, &tx)?)];
        for (table, insert) in TABLES.iter().zip(INSERTS.iter()) {
            counts.push((table.name, copy_table(source, &tx, table, insert)?));
        }
        same_key(&tx)?;
        // New history entries number on from the copied ones.
        tx.execute(
            "SELECT setval(pg_get_serial_sequence('changes', 'id'),
                       COALESCE(MAX(id), 0) + 1, false) FROM changes",
            params![],
        )?;
        tx.execute(
            "SELECT setval(pg_get_serial_sequence('unit_audit', 'id'),
                       COALESCE(MAX(id), 0) + 1, false) FROM unit_audit",
            params![],
        )?;
        tx.commit()?;
        Ok(counts)
    })
}

fn copy_units(source: &Conn, tx: &Conn) -> Result<u64, ApiError> {
    let rows = source.query(
        "SELECT code, name, level, parent, path, created_at, added_by FROM units ORDER BY path",
        params![],
    )?;
    for row in &rows {
        tx.execute(
            "INSERT INTO units (code, name, level, parent, path, created_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &row.params(),
        )?;
    }
    Ok(rows.len() as u64)
}

/// Rows one insert writes: a province's millions of records go in
/// thousands of statements, not millions of round trips.
const BATCH: usize = 200;

/// Each table's insert, [`BATCH`] rows a statement.
static INSERTS: std::sync::LazyLock<Vec<BatchInsert>> = std::sync::LazyLock::new(|| {
    TABLES
        .iter()
        .map(|table| {
            let (head, _) = table.insert.split_once(" VALUES ").expect("an insert");
            let columns = table.insert.matches('?').count();
            BatchInsert::new(&format!("{head} VALUES"), columns, "", BATCH)
        })
        .collect()
});

fn copy_table(
    source: &Conn,
    tx: &Conn,
    table: &Table,
    insert: &'static BatchInsert,
) -> Result<u64, ApiError> {
    let (mut after, mut copied) = (0i64, 0u64);
    loop {
        let rows = source.query(table.select, params![after])?;
        let Some(last) = rows.last() else {
            return Ok(copied);
        };
        after = last.get("copy_rowid")?;
        // Column 0 is SQLite's rowid, which PostgreSQL has no use for.
        insert.write(tx, &rows, |row, values| {
            values.extend(row.params().into_iter().skip(1))
        })?;
        copied += rows.len() as u64;
    }
}
