//! Rate limits kept in the database, for servers of several processes
//! (PostgreSQL): a limit counted in each process's memory would let a
//! client guessing codes make as many guesses as there are processes.
//!
//! The generic cell rate algorithm, as the governor crate runs it in one
//! process: each key stores the theoretical arrival time (`tat`, in µs) of its
//! next request; a request is allowed when, moved on by one interval, it
//! stays within a burst of the limit. One statement decides and records,
//! so concurrent requests through any process are counted exactly. The SQL
//! is PostgreSQL's (`GREATEST`, `clock_timestamp`), and so it is here, in
//! the query layer: on SQLite, one process counts in its memory instead.

use super::conn::Conn;
use crate::error::ApiError;
use crate::params;

/// Now, in µs, by the database's clock: every process counts by the same
/// clock, whatever its own says. (A macro, so that `concat!` takes it.)
macro_rules! now_us {
    () => {
        "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)"
    };
}

/// One request under `key`, at most `per_minute` a minute in a burst:
/// `None` when allowed, or the seconds until it would be. Times are in
/// microseconds, by the database's clock (`now_us!`), so that a limit of
/// more than one a millisecond still has an interval. The statement
/// inserts `now + interval`; on a conflict, `excluded.tat - interval` is
/// that same `now`.
pub fn take(conn: &Conn, key: &str, per_minute: u32) -> Result<Option<u64>, ApiError> {
    let per_minute = i64::from(per_minute.max(1));
    let interval = (60_000_000 / per_minute).max(1);
    let burst = interval * per_minute;
    let allowed = conn.exists(
        concat!(
            "INSERT INTO rate_limits (key, tat) VALUES (?1, ",
            now_us!(),
            " + CAST(?2 AS BIGINT))
             ON CONFLICT (key) DO UPDATE
                 SET tat = GREATEST(rate_limits.tat, excluded.tat - ?2) + ?2
                 WHERE GREATEST(rate_limits.tat, excluded.tat - ?2) + ?2
                       - (excluded.tat - ?2) <= ?3
             RETURNING tat"
        ),
        params![key, interval, burst],
    )?;
    if allowed {
        return Ok(None);
    }
    let Some(row) = conn.query_row(
        concat!(
            "SELECT tat, ",
            now_us!(),
            " AS now FROM rate_limits WHERE key = ?1"
        ),
        params![key],
    )?
    else {
        return Ok(Some(1));
    };
    let (tat, now): (i64, i64) = (row.get("tat")?, row.get("now")?);
    // Allowed again once the next request would fit in the burst.
    let wait_us = (tat + interval - now - burst).max(0);
    Ok(Some((wait_us as u64).div_ceil(1_000_000).max(1)))
}

/// Forgets keys whose time has passed: they allow a whole burst, as an
/// absent key does, so the table holds only clients active lately.
pub fn forget_idle(conn: &Conn) -> Result<u64, ApiError> {
    conn.execute(
        concat!("DELETE FROM rate_limits WHERE tat < ", now_us!()),
        params![],
    )
}
