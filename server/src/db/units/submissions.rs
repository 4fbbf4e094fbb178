//! Reports submitted by the units' events, and the level above's decision
//! on each.

use super::super::clock::now_ms;
use super::super::sql::{Conn, Row};
use crate::error::ApiError;
use crate::params;
use domain::EventId;

/// A submission as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionRow {
    /// The submission's id (its record's).
    pub id: String,
    /// When the officer sent it.
    pub submitted_at: u64,
    /// Who sent it.
    pub officer: String,
    /// When it reached the server.
    pub received_at: u64,
    /// `submitted`, `accepted` or `returned`.
    pub state: String,
    /// The level above's note.
    pub note: String,
    /// When the level above decided.
    pub decided_at: Option<u64>,
}

/// A submission as the API shows it.
pub fn report_state(r: SubmissionRow) -> domain::protocol::ReportState {
    use domain::protocol::{ReportState, ReportStatus};
    ReportState {
        id: r.id,
        submitted_at: r.submitted_at,
        officer: r.officer,
        received_at: r.received_at,
        status: match r.state.as_str() {
            "accepted" => ReportStatus::Accepted,
            "returned" => ReportStatus::Returned,
            _ => ReportStatus::Submitted,
        },
        note: r.note,
        decided_at: r.decided_at,
    }
}

/// Records a submission pushed in a sync (once: the same record again,
/// from another phone, changes nothing).
pub fn record_submission(
    conn: &Conn,
    event: &str,
    id: &str,
    submitted_at: u64,
    officer: &str,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO submissions (id, event_id, submitted_at, officer, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (event_id, id) DO NOTHING",
        params![id, event, submitted_at as i64, officer, now_ms() as i64],
    )?;
    Ok(())
}

/// An event's submissions, oldest first.
pub fn submissions(conn: &Conn, event: EventId) -> Result<Vec<SubmissionRow>, ApiError> {
    conn.query(
        "SELECT id, submitted_at, officer, received_at, state, note, decided_at
         FROM submissions WHERE event_id = ?1 ORDER BY received_at, id",
        params![event.to_string()],
    )?
    .iter()
    .map(submission_row)
    .collect()
}

/// A submission from a row with the columns `id, submitted_at, officer,
/// received_at, state, note, decided_at`.
pub fn submission_row(r: &Row) -> Result<SubmissionRow, ApiError> {
    Ok(SubmissionRow {
        id: r.get("id")?,
        submitted_at: r.get::<i64>("submitted_at")? as u64,
        officer: r.get("officer")?,
        received_at: r.get::<i64>("received_at")? as u64,
        state: r.get("state")?,
        note: r.get("note")?,
        decided_at: r.get::<Option<i64>>("decided_at")?.map(|t| t as u64),
    })
}

/// The level above accepts or returns a submission of `event`.
pub fn decide(
    conn: &Conn,
    event: EventId,
    id: &str,
    accept: bool,
    note: &str,
    by: &str,
) -> Result<(), ApiError> {
    let changed = conn.execute(
        "UPDATE submissions SET state = ?3, note = ?4, decided_at = ?5, decided_by = ?6
         WHERE id = ?2 AND event_id = ?1",
        params![
            event.to_string(),
            id,
            if accept { "accepted" } else { "returned" },
            note,
            now_ms() as i64,
            by
        ],
    )?;
    if changed == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}
