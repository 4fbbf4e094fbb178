//! The change history: every accepted change of a field, append-only, with
//! the phone that pushed it and when the server received it.

use crate::error::ApiError;
use domain::history::FieldChange;
pub use domain::protocol::HistoryEntry as Entry;
use domain::EventId;
use rusqlite::{params, Connection};

/// Schema 5: the history of changes.
pub(super) const SCHEMA_5: &str = "CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        record_key TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        stamp TEXT,
        pushed_by TEXT NOT NULL,
        received_at INTEGER NOT NULL
    );
    CREATE INDEX changes_by_record ON changes (event_id, record_key, id);";

/// Appends a record's changed fields, pushed by the token `pushed_by`
/// (hashed; the phone behind it is in `tokens` or `unit_tokens`).
pub fn append(
    conn: &Connection,
    event: &str,
    record_key: &str,
    changes: &[FieldChange],
    pushed_by: &str,
    received_at: u64,
) -> Result<(), ApiError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO changes (event_id, record_key, field, old, new, stamp, pushed_by, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in changes {
        insert.execute(params![
            event,
            record_key,
            c.field,
            c.old.to_string(),
            c.new.to_string(),
            c.stamp.as_ref().map(|s| s.to_string()),
            pushed_by,
            received_at as i64
        ])?;
    }
    Ok(())
}

/// The most entries one request returns.
pub const MAX_ENTRIES: usize = 500;

/// An event's history, oldest first from `after`, at most `limit`
/// entries; of one record if `record` is given.
pub fn entries(
    conn: &Connection,
    event: EventId,
    record: Option<&str>,
    after: i64,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.record_key, c.field, c.old, c.new, c.stamp, c.received_at,
                COALESCE(t.device, u.device)
         FROM changes c
         LEFT JOIN tokens t ON t.hash = c.pushed_by
         LEFT JOIN unit_tokens u ON u.hash = c.pushed_by
         WHERE c.event_id = ?1 AND (?2 IS NULL OR c.record_key = ?2) AND c.id > ?3
         ORDER BY c.id LIMIT ?4",
    )?;
    let parse = |s: String| serde_json::from_str(&s).unwrap_or(serde_json::Value::Null);
    let rows = stmt.query_map(
        params![
            event.to_string(),
            record,
            after,
            limit.min(MAX_ENTRIES) as i64
        ],
        |r| {
            Ok(Entry {
                id: r.get(0)?,
                record: r.get(1)?,
                field: r.get(2)?,
                old: parse(r.get(3)?),
                new: parse(r.get(4)?),
                stamp: r.get::<_, Option<String>>(5)?.map(parse),
                received_at: r.get::<_, i64>(6)? as u64,
                device: r.get(7)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
