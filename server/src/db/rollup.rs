//! Each event's figures for the level above, computed once per change of
//! the event (not on every request): stored with the event's sequence
//! number, and computed again only when the event has changed since.

use super::sql::Conn;
use super::units::{self, Member};
use crate::error::ApiError;
use crate::params;
use domain::movement::period::Period;
use domain::protocol::{EventStatus, ReportStatus};
use domain::reporting::rollup::{EventBelow, EventFigures};
use domain::unit::Unit;
use domain::{EventId, EventState, Record};

/// A big event that changed is computed again at most this often (ms): a
/// phone pushing and asking in a loop cannot keep the database busy
/// parsing hundreds of thousands of records. Events under [`SMALL_EVENT`]
/// records (a commune's, a few milliseconds) are always current.
const RECOMPUTE_MS: i64 = 10_000;
const SMALL_EVENT: i64 = 5_000;

/// Every unit strictly below `member`'s.
pub fn units_below(conn: &Conn, member: &Member) -> Result<Vec<Unit>, ApiError> {
    conn.query(
        "SELECT code, name, level, parent FROM units
         WHERE substr(path, 1, length(?1)) = ?1 AND path <> ?1 ORDER BY path",
        params![member.path],
    )?
    .iter()
    .map(units::unit_row)
    .collect()
}

/// The figures of every event of `member`'s unit and the units below it,
/// in `year`, each with its latest report and its unit's deadline. Events
/// changed since their figures were computed are computed again (once).
pub fn events_below(conn: &Conn, member: &Member, year: i32) -> Result<Vec<EventStatus>, ApiError> {
    refresh_below(conn, &member.path)?;
    let rows: Vec<(String, String, String, String)> = conn
        .query(
            "SELECT e.id, u.code, u.path, f.figures FROM events e
             JOIN units u ON u.code = e.unit JOIN event_figures f ON f.event_id = e.id
             WHERE substr(u.path, 1, length(?1)) = ?1 AND f.year = ?2 AND f.figures IS NOT NULL
               AND e.kind = 'event'
             ORDER BY u.path, e.id",
            params![member.path, year],
        )?
        .iter()
        .map(|r| {
            Ok((
                r.get("id")?,
                r.get("code")?,
                r.get("path")?,
                r.get("figures")?,
            ))
        })
        .collect::<Result<_, ApiError>>()?;
    let mut out = Vec::with_capacity(rows.len());
    // Deadlines and reports read once for the whole subtree: a query per
    // event would cost a round trip each on a database across the network.
    let deadlines = units::deadlines(conn, year)?;
    let mut latest = units::latest_submissions_below(conn, &member.path)?;
    for (event_key, unit, path, figures) in rows {
        let Some(event) = EventId::parse(&event_key) else {
            continue;
        };
        let figures: EventFigures = serde_json::from_str(&figures)
            .map_err(|e| ApiError::Internal(format!("figures of {event}: {e}")))?;
        let (due, grace_days) = units::nearest_deadline(&path, year, &deadlines)?;
        let latest = latest.remove(&event_key).map(units::report_state);
        out.push(EventStatus {
            event,
            unit,
            figures,
            latest,
            due,
            grace_days,
        });
    }
    Ok(out)
}

/// The figures of every event of `member`'s unit and the units below it
/// held in the years of `period`, each with whether its latest report was
/// accepted: what the period sheet counts of the Ngày hội.
pub fn events_in(
    conn: &Conn,
    member: &Member,
    period: Period,
) -> Result<Vec<EventBelow>, ApiError> {
    refresh_below(conn, &member.path)?;
    let rows = conn.query(
        "SELECT e.id, u.code, f.figures FROM events e
         JOIN units u ON u.code = e.unit JOIN event_figures f ON f.event_id = e.id
         WHERE substr(u.path, 1, length(?1)) = ?1 AND f.year >= ?2 AND f.year <= ?3
           AND f.figures IS NOT NULL AND e.kind = 'event'
         ORDER BY u.path, e.id",
        params![member.path, period.from(), period.to()],
    )?;
    let mut latest = units::latest_submissions_below(conn, &member.path)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (event_key, unit, figures): (String, String, String) =
            (row.get("id")?, row.get("code")?, row.get("figures")?);
        let Some(event) = EventId::parse(&event_key) else {
            continue;
        };
        let figures: EventFigures = serde_json::from_str(&figures)
            .map_err(|e| ApiError::Internal(format!("figures of {event}: {e}")))?;
        let accepted = latest
            .remove(&event_key)
            .is_some_and(|s| units::report_state(s).status == ReportStatus::Accepted);
        out.push(EventBelow {
            event,
            unit,
            figures,
            accepted,
        });
    }
    Ok(out)
}

/// Computes again the figures of the events of the unit at `path` and the
/// units below it that changed since they were computed (once).
fn refresh_below(conn: &Conn, path: &str) -> Result<(), ApiError> {
    let due = super::now_ms() as i64 - RECOMPUTE_MS;
    let stale: Vec<(String, i64)> = conn
        .query(
            "SELECT e.id, e.seq FROM events e JOIN units u ON u.code = e.unit
             LEFT JOIN event_figures f ON f.event_id = e.id
             WHERE substr(u.path, 1, length(?1)) = ?1 AND e.kind = 'event'
               AND (f.seq IS NULL OR (f.seq <> e.seq
                    AND (e.record_count < ?3 OR f.computed_at < ?2)))",
            params![path, due, SMALL_EVENT],
        )?
        .iter()
        .map(|r| Ok((r.get("id")?, r.get("seq")?)))
        .collect::<Result<_, ApiError>>()?;
    for (event, seq) in stale {
        refresh(conn, &event, seq)?;
    }
    Ok(())
}

/// Computes one event's figures from its stored records.
fn refresh(conn: &Conn, event: &str, seq: i64) -> Result<(), ApiError> {
    let Some(id) = EventId::parse(event) else {
        return Ok(());
    };
    let bodies = conn.query(
        "SELECT body FROM records WHERE event_id = ?1",
        params![event],
    )?;
    let mut state = EventState::empty(id);
    for body in bodies {
        let record: Record = serde_json::from_str(&body.get::<String>("body")?)
            .map_err(|e| ApiError::Internal(format!("stored record of {event}: {e}")))?;
        // Stored records were checked when pushed; one that no longer
        // applies is left out rather than hiding the whole event.
        let _ = state.apply(record);
    }
    let figures = EventFigures::of(&state);
    let year = figures.as_ref().and_then(|f| f.date).map(|d| d.year());
    let json = figures
        .map(|f| serde_json::to_string(&f))
        .transpose()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO event_figures (event_id, seq, year, figures, computed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (event_id) DO UPDATE SET seq = excluded.seq, year = excluded.year,
             figures = excluded.figures, computed_at = excluded.computed_at",
        params![event, seq, year, json, super::now_ms() as i64],
    )?;
    Ok(())
}

/// Whether `event` has figures stored (tests).
pub fn has_figures(conn: &Conn, event: EventId) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM event_figures WHERE event_id = ?1",
        params![event.to_string()],
    )
}
