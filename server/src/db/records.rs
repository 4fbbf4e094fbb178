//! An event's stored records: a page of those changed after a cursor, some
//! by key, and a push's changes written in batches.

use super::sql::{BatchInsert, Conn, Param};
use crate::error::ApiError;
use crate::params;
use domain::Record;

/// How much one sync answer may carry.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Records at most.
    pub records: usize,
    /// Bytes of record JSON at most (a single larger record still goes alone).
    pub bytes: usize,
}

/// Records after `cursor`, in sequence order, up to a page: their JSON, the
/// last one's sequence number, and whether more follow.
pub(super) fn read_page(
    conn: &Conn,
    event_key: &str,
    cursor: i64,
    page: Page,
) -> Result<(Vec<String>, i64, bool), ApiError> {
    let limit = i64::try_from(page.records.max(1)).unwrap_or(i64::MAX);
    let rows = conn.query(
        "SELECT seq, body FROM records WHERE event_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        params![event_key, cursor, limit + 1],
    )?;
    let (mut out, mut bytes, mut last) = (Vec::new(), 0usize, cursor);
    for row in rows {
        let body: String = row.get("body")?;
        let full = out.len() >= page.records.max(1) || bytes + body.len() > page.bytes;
        if full && !out.is_empty() {
            return Ok((out, last, true));
        }
        bytes += body.len();
        last = row.get("seq")?;
        out.push(body);
    }
    Ok((out, last, false))
}

/// The stored JSON of every record in `pushed` that the event holds.
pub(super) fn stored(
    conn: &Conn,
    event_key: &str,
    pushed: &[Record],
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    if pushed.is_empty() {
        return Ok(Default::default());
    }
    let keys: Vec<String> = pushed.iter().map(|r| r.key().to_string()).collect();
    let keys = serde_json::to_string(&keys).map_err(|e| ApiError::Internal(e.to_string()))?;
    // The keys go as one JSON array, read as rows.
    conn.query(
        "SELECT key, body FROM records
         WHERE event_id = ?1 AND key IN (SELECT value FROM json_each(?2))",
        params![event_key, keys],
    )?
    .iter()
    .map(|r| Ok((r.get("key")?, r.get("body")?)))
    .collect()
}

/// The push's upsert of records, 64 a statement.
static UPSERT: std::sync::LazyLock<BatchInsert> = std::sync::LazyLock::new(|| {
    BatchInsert::new(
        "INSERT INTO records (event_id, key, body, seq) VALUES",
        4,
        "ON CONFLICT (event_id, key) DO UPDATE SET body = excluded.body, seq = excluded.seq",
        64,
    )
});

/// Writes the push's changed records (key, JSON, sequence number), in
/// batches.
pub(super) fn write_records(
    conn: &Conn,
    event_key: &str,
    writes: &[(String, String, i64)],
) -> Result<(), ApiError> {
    UPSERT.write(conn, writes, |(key, body, seq), values| {
        values.extend([
            Param::Text(event_key),
            Param::Text(key),
            Param::Text(body),
            Param::Int(*seq),
        ])
    })
}
