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
    CREATE INDEX changes_by_record ON changes (event_id, record_key, id);
    CREATE INDEX changes_by_pusher ON changes (event_id, pushed_by);
    ALTER TABLE tokens ADD COLUMN officer TEXT NOT NULL DEFAULT '';
    ALTER TABLE tokens ADD COLUMN last_sync_at INTEGER;";

/// Notes a sync by an event token: when, and the officer's name it sent.
pub fn synced(conn: &Connection, token_hash: &str, officer: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET last_sync_at = ?2, officer = CASE WHEN ?3 = '' THEN officer ELSE ?3 END
         WHERE hash = ?1",
        params![token_hash, super::now_ms() as i64, officer],
    )?;
    Ok(())
}

/// The phones of an event (its tokens), with what each contributed.
pub fn devices(
    conn: &Connection,
    event: EventId,
) -> Result<Vec<domain::protocol::EventDevice>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.device, t.officer, t.created_at, t.last_sync_at, t.revoked_at,
                (SELECT COUNT(*) FROM changes c WHERE c.event_id = t.event_id AND c.pushed_by = t.hash),
                (SELECT body FROM records r WHERE r.event_id = t.event_id AND r.key = 'headcount/' || t.device)
         FROM tokens t WHERE t.event_id = ?1 ORDER BY t.created_at",
    )?;
    let rows = stmt.query_map([event.to_string()], |r| {
        let tally: Option<String> = r.get(6)?;
        let taps = tally
            .and_then(|b| serde_json::from_str::<domain::Record>(&b).ok())
            .map_or(0, |rec| match rec {
                domain::Record::Headcount(t) => t.net(),
                _ => 0,
            });
        Ok(domain::protocol::EventDevice {
            device: r.get(0)?,
            officer: r.get(1)?,
            joined_at: r.get::<_, i64>(2)? as u64,
            last_sync_at: r.get::<_, Option<i64>>(3)?.map(|t| t as u64),
            revoked: r.get::<_, Option<i64>>(4)?.is_some(),
            changes: r.get::<_, i64>(5)? as u64,
            taps,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

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
