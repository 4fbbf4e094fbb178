//! The roll-up's reads of the units below one: their events with the
//! latest report of each.

use super::super::sql::Conn;
use super::submissions::{submission_row, submissions, SubmissionRow};
use super::tree::{unit_row, Member};
use crate::error::ApiError;
use crate::params;
use domain::unit::Unit;
use domain::EventId;

/// The latest submission of every event of the unit at `path` and the
/// units below it, by event (one query for a whole roll-up).
pub fn latest_submissions_below(
    conn: &Conn,
    path: &str,
) -> Result<std::collections::HashMap<String, SubmissionRow>, ApiError> {
    let mut latest = std::collections::HashMap::new();
    for r in conn.query(
        "SELECT s.id, s.submitted_at, s.officer, s.received_at, s.state, s.note, s.decided_at,
                s.event_id
         FROM submissions s JOIN events e ON e.id = s.event_id JOIN units u ON u.code = e.unit
         WHERE substr(u.path, 1, length(?1)) = ?1 AND e.kind = 'event'
         ORDER BY s.event_id, s.received_at, s.id",
        params![path],
    )? {
        // Oldest first: the last one kept is the latest.
        latest.insert(r.get::<String>("event_id")?, submission_row(&r)?);
    }
    Ok(latest)
}

/// An event below a unit, with its latest submission and that
/// submission's document.
#[derive(Debug, Clone)]
pub struct EventBelow {
    /// The unit holding it.
    pub unit: Unit,
    /// The event.
    pub event: EventId,
    /// The event's own record, as stored.
    pub meta_json: Option<String>,
    /// Its latest submission.
    pub latest: Option<SubmissionRow>,
    /// That submission's record, as stored.
    pub report_json: Option<String>,
}

/// Every event of the units strictly below `member`'s.
pub fn events_below(conn: &Conn, member: &Member) -> Result<Vec<EventBelow>, ApiError> {
    let rows = conn.query(
        "SELECT u.code, u.name, u.level, u.parent, e.id,
                (SELECT body FROM records r WHERE r.event_id = e.id AND r.key = 'event/' || e.id)
                    AS meta
         FROM events e JOIN units u ON u.code = e.unit
         WHERE substr(u.path, 1, length(?1)) = ?1 AND u.path <> ?1 AND e.kind = 'event'
         ORDER BY u.path, e.id",
        params![member.path],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (unit, event, meta_json) = (
            unit_row(&row)?,
            row.get::<String>("id")?,
            row.get::<Option<String>>("meta")?,
        );
        let Some(event) = EventId::parse(&event) else {
            continue;
        };
        let latest = submissions(conn, event)?.pop();
        let report_json = match &latest {
            Some(s) => conn
                .query_row(
                    "SELECT body FROM records WHERE event_id = ?1 AND key = ?2",
                    params![event.to_string(), format!("submission/{}", s.id)],
                )?
                .map(|r| r.get("body"))
                .transpose()?,
            None => None,
        };
        out.push(EventBelow {
            unit,
            event,
            meta_json,
            latest,
            report_json,
        });
    }
    Ok(out)
}
