//! Rate limits kept in the database, for servers of several processes
//! (PostgreSQL): a limit counted in each process's memory would let a
//! client guessing codes make as many guesses as there are processes.
//!
//! The generic cell rate algorithm, as the governor crate runs it in one
//! process: each key stores the theoretical arrival time (`tat`, in µs) of its
//! next request; a request is allowed when, moved on by one interval, it
//! stays within a burst of the limit. One statement decides and records,
//! so concurrent requests through any process are counted exactly.

use super::sql::Conn;
use crate::error::ApiError;
use crate::params;

/// One request under `key` at `now_ms`, at most `per_minute` a minute in
/// a burst: `None` when allowed, or the seconds until it would be. Times
/// are kept in microseconds, so that a limit of more than one a
/// millisecond still has an interval. The processes' clocks are the
/// servers' (kept in step by NTP, as the phones' stamps already need).
pub fn take(conn: &Conn, key: &str, per_minute: u32, now_ms: u64) -> Result<Option<u64>, ApiError> {
    let per_minute = i64::from(per_minute.max(1));
    let interval = (60_000_000 / per_minute).max(1);
    let burst = interval * per_minute;
    let now = now_ms as i64 * 1000;
    let allowed = conn.exists(
        "INSERT INTO rate_limits (key, tat) VALUES (?1, CAST(?2 AS BIGINT) + CAST(?3 AS BIGINT))
         ON CONFLICT (key) DO UPDATE
             SET tat = CASE WHEN rate_limits.tat > ?2 THEN rate_limits.tat ELSE ?2 END + ?3
             WHERE (CASE WHEN rate_limits.tat > ?2 THEN rate_limits.tat ELSE ?2 END) + ?3 - ?2 <= ?4
         RETURNING tat",
        params![key, now, interval, burst],
    )?;
    if allowed {
        return Ok(None);
    }
    let tat: i64 = conn
        .query_row("SELECT tat FROM rate_limits WHERE key = ?1", params![key])?
        .map_or(Ok(now), |r| r.get(0))?;
    // Allowed again once the next request would fit in the burst.
    let wait_us = (tat + interval - now - burst).max(0);
    Ok(Some((wait_us as u64).div_ceil(1_000_000).max(1)))
}

/// Forgets keys whose time has passed: they allow a whole burst, as an
/// absent key does, so the table holds only clients active lately.
pub fn forget_idle(conn: &Conn, now_ms: u64) -> Result<u64, ApiError> {
    conn.execute(
        "DELETE FROM rate_limits WHERE tat < ?1",
        params![now_ms as i64 * 1000],
    )
}
