//! Each unit's ledger ("Sổ phong trào", [`EventId::ledger`]): stored as an
//! event is, under its unit, so sync, history and undo serve it unchanged,
//! but marked `kind = 'ledger'`, so no listing of events shows it. It
//! comes into being on its unit's first sync, and no access code opens
//! it: its unit's phones reach it with their unit token, the units above
//! read it under the one access rule. The period sheet reads the years
//! and models of a subtree's ledgers here, in one query.

use super::access::device_of_token;
use super::clock::now_ms;
use super::sql::Conn;
use super::units::{event_unit_path, Member};
use crate::error::ApiError;
use crate::params;
use domain::kinds::submission::ReportDoc;
use domain::movement::period::Period;
use domain::movement::sheet::{ModelBelow, MovementBelow};
use domain::protocol::ReviewBelow;
use domain::rules::{self, Action, Actor, Standing};
use domain::{EventId, Record};

/// What a ledger stores for its access code. Codes are stored as keyed
/// hashes, 64 hex digits: no code a phone sends can match this.
fn no_code(ledger: EventId) -> String {
    format!("ledger:{ledger}")
}

/// The path of the unit `event` belongs to, opening it first if it is the
/// ledger of `member`'s own unit and not registered yet (its unit's first
/// sync). Any other id unknown here stays unknown (`None`). Two phones
/// opening it at once (on PostgreSQL, in two processes) make one.
pub fn open_ledger(
    conn: &Conn,
    member: &Member,
    token_hash: &str,
    event: EventId,
) -> Result<Option<String>, ApiError> {
    if let Some(path) = event_unit_path(conn, event)? {
        return Ok(Some(path));
    }
    // The only ledger a phone can name here is its own unit's: the rule
    // book says whether that unit opens it.
    if !event.is_ledger_of(&member.unit)
        || rules::decide(Actor::UnitPhone(Standing::Same), Action::OpenLedger).is_err()
    {
        return Ok(None);
    }
    let device = device_of_token(conn, token_hash)?.unwrap_or_default();
    conn.execute(
        "INSERT INTO events (id, code_hash, registered_by, created_at, unit, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, 'ledger')
         ON CONFLICT (id) DO NOTHING",
        params![
            event.to_string(),
            no_code(event),
            device,
            now_ms() as i64,
            member.unit
        ],
    )?;
    event_unit_path(conn, event)
}

/// Whether `event` is a unit's ledger.
pub fn is_ledger(conn: &Conn, event: EventId) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM events WHERE id = ?1 AND kind = 'ledger'",
        params![event.to_string()],
    )
}

/// The years of `period` and the models standing in it (begun by its end,
/// not stopped before its start) that the ledgers of the unit at `path`
/// and of every unit below it hold, in one query.
pub fn ledgers_below(
    conn: &Conn,
    path: &str,
    period: Period,
) -> Result<(Vec<MovementBelow>, Vec<ModelBelow>), ApiError> {
    let rows = conn.query(
        "SELECT u.code, r.key, r.body FROM events e JOIN units u ON u.code = e.unit
             JOIN records r ON r.event_id = e.id
         WHERE e.kind = 'ledger' AND substr(u.path, 1, length(?1)) = ?1
           AND (substr(r.key, 1, 9) = 'movement/' OR substr(r.key, 1, 6) = 'model/')
         ORDER BY u.path, r.key",
        params![path],
    )?;
    let (mut movements, mut models) = (Vec::new(), Vec::new());
    for row in rows {
        let (ledger, key, body): (String, String, String) =
            (row.get("code")?, row.get("key")?, row.get("body")?);
        let record: Record = serde_json::from_str(&body)
            .map_err(|e| ApiError::Internal(format!("stored record {key}: {e}")))?;
        match record {
            Record::Movement(m) if (period.from()..=period.to()).contains(&m.year) => {
                movements.extend(MovementBelow::of(&ledger, &m));
            }
            Record::Model(m) => {
                models.extend(ModelBelow::of(&ledger, &m).filter(|below| {
                    period
                        .years()
                        .any(|y| below.model.exists_at_end_of(y) || below.model.built_in(y))
                }));
            }
            _ => {}
        }
    }
    Ok((movements, models))
}

/// The latest review of `period` that each ledger of the unit at `path`
/// and of every unit below it sent up, with where it stands. A review is
/// a submission whose document names the period.
pub fn reviews_below(
    conn: &Conn,
    path: &str,
    period: Period,
) -> Result<Vec<ReviewBelow>, ApiError> {
    let rows = conn.query(
        "SELECT u.code, s.id, s.submitted_at, s.officer, s.received_at, s.state, s.note,
                s.decided_at, r.body
         FROM submissions s JOIN events e ON e.id = s.event_id
             JOIN units u ON u.code = e.unit
             JOIN records r ON r.event_id = e.id AND r.key = 'submission/' || s.id
         WHERE e.kind = 'ledger' AND substr(u.path, 1, length(?1)) = ?1
         ORDER BY u.path, s.received_at, s.id",
        params![path],
    )?;
    let mut latest: Vec<ReviewBelow> = Vec::new();
    for row in rows {
        let unit: String = row.get("code")?;
        let body: String = row.get("body")?;
        let of_period = match serde_json::from_str(&body) {
            Ok(Record::Submission(s)) => {
                ReportDoc::from_json(&s.report.value).is_ok_and(|d| d.period == Some(period))
            }
            _ => false,
        };
        if !of_period {
            continue;
        }
        let state = super::units::report_state(super::units::submission_row(&row)?);
        // Rows come oldest first within a unit: the last one stays.
        match latest.last_mut() {
            Some(last) if last.unit == unit => last.latest = state,
            _ => latest.push(ReviewBelow {
                unit,
                latest: state,
            }),
        }
    }
    Ok(latest)
}

/// A ledger holds a unit's years, its models, its period reviews' texts
/// and their submissions, nothing else.
pub fn belongs_in_ledger(record: &Record) -> bool {
    matches!(
        record,
        Record::Movement(_) | Record::Model(_) | Record::Review(_) | Record::Submission(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_keyed_hash_is_a_ledgers_code() {
        let stored = no_code(EventId::ledger("05836"));
        assert!(!stored.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(stored.len(), 64);
    }
}
