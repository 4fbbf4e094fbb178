//! The deadlines each unit sets the units below it, and the grace days
//! after them.

use super::super::sql::Conn;
use crate::error::ApiError;
use crate::params;
use domain::protocol::DEFAULT_GRACE_DAYS;
use domain::Day;

/// The deadline for `unit`'s report of `year` and the grace days after
/// it: as its nearest unit above set them, or 25/8 (seed 000's) and
/// [`DEFAULT_GRACE_DAYS`].
pub fn deadline(conn: &Conn, path: &str, year: i32) -> Result<(Day, u32), ApiError> {
    for unit in units_above(path) {
        if let Some(due) = set_by(conn, unit, year)? {
            return Ok(due);
        }
    }
    Ok((default_deadline(year)?, DEFAULT_GRACE_DAYS))
}

/// The deadline `unit` itself set for the units below it for `year`.
pub fn own_deadline(
    conn: &Conn,
    unit: &str,
    year: i32,
) -> Result<Option<domain::protocol::Deadline>, ApiError> {
    Ok(
        set_by(conn, unit, year)?.map(|(due, grace_days)| domain::protocol::Deadline {
            year,
            due,
            grace_days,
        }),
    )
}

/// The deadline and grace days `unit` set for `year`, if it set a day
/// that reads.
fn set_by(conn: &Conn, unit: &str, year: i32) -> Result<Option<(Day, u32)>, ApiError> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT due, grace_days FROM deadlines WHERE unit = ?1 AND year = ?2",
            params![unit, year],
        )?
        .map(|r| Ok::<_, ApiError>((r.get("due")?, r.get("grace_days")?)))
        .transpose()?;
    Ok(row.and_then(|(due, grace)| Some((Day::parse(&due).ok()?, grace_days(grace)))))
}

/// Grace days as stored, within what a day count holds.
fn grace_days(stored: i64) -> u32 {
    stored.clamp(0, u32::MAX as i64) as u32
}

/// Every deadline set for `year`, with its grace days, by the unit that
/// set it (a roll-up reads them once, not once per unit).
pub fn deadlines(
    conn: &Conn,
    year: i32,
) -> Result<std::collections::HashMap<String, (Day, u32)>, ApiError> {
    let mut set = std::collections::HashMap::new();
    for row in conn.query(
        "SELECT unit, due, grace_days FROM deadlines WHERE year = ?1",
        params![year],
    )? {
        if let Ok(day) = Day::parse(&row.get::<String>("due")?) {
            let grace = grace_days(row.get("grace_days")?);
            set.insert(row.get("unit")?, (day, grace));
        }
    }
    Ok(set)
}

/// The deadline and grace days for the unit at `path` among those `set`
/// (by unit): its nearest unit above's, or 25/8 and the default grace.
pub fn nearest_deadline(
    path: &str,
    year: i32,
    set: &std::collections::HashMap<String, (Day, u32)>,
) -> Result<(Day, u32), ApiError> {
    match units_above(path).find_map(|unit| set.get(unit)) {
        Some(due) => Ok(*due),
        None => Ok((default_deadline(year)?, DEFAULT_GRACE_DAYS)),
    }
}

/// 25/8 of `year`, seed 000's deadline, where no unit above set one.
fn default_deadline(year: i32) -> Result<Day, ApiError> {
    Day::parse(&format!("{year:04}-08-25")).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// The units above the one at `path`, nearest first: every proper prefix.
fn units_above(path: &str) -> impl Iterator<Item = &str> {
    let mut parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    parts.pop();
    parts.into_iter().rev()
}

/// Sets the deadline `unit` gives the units below it for `year`, and the
/// grace days after it.
pub fn set_deadline(
    conn: &Conn,
    unit: &str,
    year: i32,
    due: Day,
    grace_days: u32,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO deadlines (unit, year, due, grace_days) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (unit, year) DO UPDATE SET due = excluded.due,
             grace_days = excluded.grace_days",
        params![unit, year, due.iso(), i64::from(grace_days)],
    )?;
    Ok(())
}
