//! The tree of units, phones enrolled in them, the deadlines the level
//! above sets, and the reports submitted.
//!
//! Each unit stores its path from the top (`/79/26734/`): a unit is below
//! another exactly when its path starts with the other's, so the access
//! rule is one string comparison, whatever the depth.

use super::now_ms;
use super::sql::{Conn, Row};
use crate::error::ApiError;
use crate::params;
use domain::unit::{Unit, UnitLevel};
use domain::{Day, DeviceId, EventId};

/// Schema 3: units, their phones and codes, deadlines, submissions, and
/// the unit an event belongs to.
pub(super) const SCHEMA_3: &str = "CREATE TABLE units (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL,
        parent TEXT REFERENCES units(code),
        path TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        added_by TEXT
    );
    CREATE INDEX units_by_parent ON units (parent);
    CREATE TABLE unit_codes (
        unit TEXT PRIMARY KEY REFERENCES units(code),
        code_hash TEXT NOT NULL UNIQUE,
        issued_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE unit_tokens (
        hash TEXT PRIMARY KEY,
        unit TEXT NOT NULL REFERENCES units(code),
        device TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
    );
    CREATE INDEX unit_tokens_by_unit ON unit_tokens (unit);
    CREATE TABLE deadlines (
        unit TEXT NOT NULL REFERENCES units(code),
        year INTEGER NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (unit, year)
    );
    CREATE TABLE submissions (
        id TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id),
        submitted_at INTEGER NOT NULL,
        officer TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'submitted',
        note TEXT NOT NULL DEFAULT '',
        decided_at INTEGER,
        decided_by TEXT,
        PRIMARY KEY (event_id, id)
    );
    ALTER TABLE events ADD COLUMN unit TEXT REFERENCES units(code);
    CREATE INDEX events_by_unit ON events (unit);";

/// The lock every change of the tree takes first ([`Conn::lock`]): a
/// unit's path is its parent's, so two changes must not interleave.
const TREE_LOCK: &str = "units";

/// A phone's unit, from its enrolment token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The unit's code.
    pub unit: String,
    /// Its path from the top.
    pub path: String,
    /// Its level.
    pub level: UnitLevel,
}

/// How a unit stands to something (an event, another unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Its own.
    Own,
    /// Below it: read, never write.
    Below,
}

/// What loading a units file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Units new in the database.
    pub added: usize,
    /// Units whose name, level or parent changed.
    pub updated: usize,
    /// Units already as the file has them.
    pub unchanged: usize,
    /// Lines refused: line number and why.
    pub refused: Vec<(usize, String)>,
}

fn level_of(code: &str) -> UnitLevel {
    UnitLevel::ALL
        .into_iter()
        .find(|l| l.code() == code)
        .unwrap_or(UnitLevel::Thon)
}

pub(super) fn unit_row(r: &Row) -> Result<Unit, ApiError> {
    let level: String = r.get(2)?;
    Ok(Unit {
        code: r.get(0)?,
        name: r.get(1)?,
        level: level_of(&level),
        parent: r.get(3)?,
    })
}

/// A unit and its path.
pub fn unit(conn: &Conn, code: &str) -> Result<Option<(Unit, String)>, ApiError> {
    conn.query_row(
        "SELECT code, name, level, parent, path FROM units WHERE code = ?1",
        params![code],
    )?
    .map(|r| Ok((unit_row(&r)?, r.get::<String>(4)?)))
    .transpose()
}

/// The units directly below `code`, by name.
pub fn children(conn: &Conn, code: &str) -> Result<Vec<Unit>, ApiError> {
    conn.query(
        "SELECT code, name, level, parent FROM units WHERE parent = ?1 ORDER BY name, code",
        params![code],
    )?
    .iter()
    .map(unit_row)
    .collect()
}

/// How `member` stands to the unit at `path`, if it may see it at all.
pub fn relation(member: &Member, path: &str) -> Option<Relation> {
    if path == member.path {
        Some(Relation::Own)
    } else if path.starts_with(&member.path) {
        Some(Relation::Below)
    } else {
        None
    }
}

/// Loads units (from the operator's file), in one transaction: new codes
/// are added, known ones updated; a unit whose parent is neither in the
/// database nor in the file, or that would sit below itself, is refused
/// with its line. Loading the same file again changes nothing.
pub fn load_units(conn: &mut Conn, units: &[(usize, Unit)]) -> Result<Loaded, ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    let mut loaded = Loaded::default();
    let mut pending: Vec<&(usize, Unit)> = units.iter().collect();
    // Parents first, whatever the file's order: each pass places the units
    // whose parent is known; a pass that places none ends it.
    loop {
        let before = pending.len();
        let mut rest = Vec::new();
        for entry in pending {
            let (_, u) = entry;
            let parent_path = match &u.parent {
                None => Some(String::from("/")),
                Some(p) => unit(&tx, p)?.map(|(_, path)| path),
            };
            let Some(parent_path) = parent_path else {
                rest.push(entry);
                continue;
            };
            let path = format!("{parent_path}{}/", u.code);
            let added_by: Option<String> = tx
                .query_row(
                    "SELECT added_by FROM units WHERE code = ?1",
                    params![u.code],
                )?
                .map(|r| r.get::<Option<String>>(0))
                .transpose()?
                .flatten();
            match unit(&tx, &u.code)? {
                // A unit added in the app by the unit above it is that
                // unit's; the operator's file may not move it elsewhere
                // (a unit could otherwise plant a code it expects the
                // operator to load, and keep its phones in it).
                Some((known, _)) if added_by.is_some() && known.parent != u.parent => {
                    loaded.refused.push((
                        entry.0,
                        format!(
                            "Mã {}: đã được đơn vị {} thêm trong ứng dụng; hãy dùng mã khác.",
                            u.code,
                            added_by.unwrap_or_default()
                        ),
                    ));
                    continue;
                }
                None => {
                    tx.execute(
                        "INSERT INTO units (code, name, level, parent, path, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            u.code,
                            u.name,
                            u.level.code(),
                            u.parent,
                            path,
                            now_ms() as i64
                        ],
                    )?;
                    loaded.added += 1;
                }
                Some((known, old_path)) if known == *u && old_path == path => {
                    loaded.unchanged += 1;
                }
                Some((_, old_path)) => {
                    if parent_path.starts_with(&old_path) {
                        loaded.refused.push((
                            entry.0,
                            format!("Mã {}: không thể đặt dưới chính nó.", u.code),
                        ));
                        continue;
                    }
                    tx.execute(
                        "UPDATE units SET name = ?2, level = ?3, parent = ?4 WHERE code = ?1",
                        params![u.code, u.name, u.level.code(), u.parent],
                    )?;
                    // Move the whole subtree with it.
                    tx.execute(
                        "UPDATE units SET path = CAST(?2 AS TEXT) || substr(path, length(?1) + 1)
                         WHERE substr(path, 1, length(?1)) = ?1",
                        params![old_path, path],
                    )?;
                    loaded.updated += 1;
                }
            }
        }
        if rest.is_empty() || rest.len() == before {
            for (line, u) in rest {
                loaded.refused.push((
                    *line,
                    format!(
                        "Mã {}: chưa có đơn vị cấp trên mã {}.",
                        u.code,
                        u.parent.as_deref().unwrap_or("")
                    ),
                ));
            }
            break;
        }
        pending = rest;
    }
    loaded.refused.sort();
    tx.commit()?;
    Ok(loaded)
}

/// Adds a unit directly below `parent`.
pub fn add_child(conn: &mut Conn, parent: &Member, unit: &Unit) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.lock(TREE_LOCK)?;
    if self::unit(&tx, &unit.code)?.is_some() {
        return Err(ApiError::UnitExists);
    }
    // The parent's path as it is now: the operator's file may have moved it.
    let (_, parent_path) = self::unit(&tx, &parent.unit)?.ok_or(ApiError::NotFound)?;
    tx.execute(
        "INSERT INTO units (code, name, level, parent, path, created_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
        params![
            unit.code,
            unit.name,
            unit.level.code(),
            parent.unit,
            format!("{parent_path}{}/", unit.code),
            now_ms() as i64
        ],
    )?;
    tx.commit()?;
    Ok(())
}

/// Renames a unit directly below `parent`.
pub fn rename_child(conn: &Conn, parent: &Member, code: &str, name: &str) -> Result<(), ApiError> {
    let changed = conn.execute(
        "UPDATE units SET name = ?3 WHERE code = ?1 AND parent = ?2",
        params![code, parent.unit, name],
    )?;
    if changed == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// The unit a phone's enrolment token (hashed) acts for.
pub fn member(conn: &Conn, token_hash: &str) -> Result<Member, ApiError> {
    let row: Option<(String, String, String, Option<i64>)> = conn
        .query_row(
            "SELECT u.code, u.path, u.level, t.revoked_at
             FROM unit_tokens t JOIN units u ON u.code = t.unit WHERE t.hash = ?1",
            params![token_hash],
        )?
        .map(|r| Ok::<_, ApiError>((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .transpose()?;
    match row {
        None => Err(ApiError::Unauthorized),
        Some((_, _, _, Some(_))) => Err(ApiError::Revoked),
        Some((unit, path, level, None)) => Ok(Member {
            unit,
            path,
            level: level_of(&level),
        }),
    }
}

/// Whether a token (hashed) is a unit's, revoked or not.
pub fn is_unit_token(conn: &Conn, token_hash: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM unit_tokens WHERE hash = ?1",
        params![token_hash],
    )
}

/// A new enrolment code for `unit` (the old one stops working).
pub fn set_enrolment_code(
    conn: &Conn,
    unit: &str,
    code_hash: &str,
    issued_by: &str,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO unit_codes (unit, code_hash, issued_by, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (unit) DO UPDATE SET code_hash = excluded.code_hash,
             issued_by = excluded.issued_by, created_at = excluded.created_at",
        params![unit, code_hash, issued_by, now_ms() as i64],
    )?;
    Ok(())
}

/// Withdraws `unit`'s enrolment code; with `phones`, also revokes every
/// phone enrolled in it (a phone was lost).
pub fn revoke_enrolment(conn: &mut Conn, unit: &str, phones: bool) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM unit_codes WHERE unit = ?1", params![unit])?;
    if phones {
        tx.execute(
            "UPDATE unit_tokens SET revoked_at = ?2 WHERE unit = ?1 AND revoked_at IS NULL",
            params![unit, now_ms() as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Exchanges an enrolment code (hashed) for a phone's token in its unit.
pub fn enrol(
    conn: &mut Conn,
    code_hash: &str,
    token_hash: &str,
    device: DeviceId,
) -> Result<Unit, ApiError> {
    let tx = conn.transaction()?;
    let unit_code: Option<String> = tx
        .query_row(
            "SELECT unit FROM unit_codes WHERE code_hash = ?1",
            params![code_hash],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    let unit_code = unit_code.ok_or(ApiError::UnknownCode)?;
    let (unit, _) = unit(&tx, &unit_code)?.ok_or(ApiError::UnknownCode)?;
    insert_unit_token(&tx, &unit.code, token_hash, device)?;
    tx.commit()?;
    Ok(unit)
}

/// Enrols a phone in a top unit on the operator's registration key (the
/// first set-up, before any unit can issue codes).
pub fn enrol_top(
    conn: &Conn,
    unit_code: &str,
    token_hash: &str,
    device: DeviceId,
) -> Result<Unit, ApiError> {
    let (unit, _) = unit(conn, unit_code)?.ok_or(ApiError::UnknownCode)?;
    if unit.parent.is_some() {
        // Units below are enrolled by the level above them, not the operator.
        return Err(ApiError::Forbidden);
    }
    insert_unit_token(conn, &unit.code, token_hash, device)?;
    Ok(unit)
}

fn insert_unit_token(
    conn: &Conn,
    unit: &str,
    token_hash: &str,
    device: DeviceId,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO unit_tokens (hash, unit, device, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, unit, device.to_string(), now_ms() as i64],
    )?;
    Ok(())
}

/// The path of the unit an event belongs to, if any.
pub fn event_unit_path(conn: &Conn, event: EventId) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT u.path FROM events e JOIN units u ON u.code = e.unit WHERE e.id = ?1",
        params![event.to_string()],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Attaches an event its creator registered the old way to the creator's
/// unit: `claim_hash` proves the creator.
pub fn attach_event(
    conn: &Conn,
    event: EventId,
    claim_hash: &str,
    unit: &str,
) -> Result<(), ApiError> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT claim_hash, unit FROM events WHERE id = ?1",
            params![event.to_string()],
        )?
        .map(|r| Ok::<_, ApiError>((r.get(0)?, r.get(1)?)))
        .transpose()?;
    match row {
        None => Err(ApiError::NotFound),
        Some((_, Some(u))) if u == unit => Ok(()),
        Some((_, Some(_))) => Err(ApiError::EventInUnit),
        Some((Some(h), None)) if h == claim_hash => {
            conn.execute(
                "UPDATE events SET unit = ?2 WHERE id = ?1",
                params![event.to_string(), unit],
            )?;
            Ok(())
        }
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// The deadline for `unit`'s report of `year`: the one its nearest unit
/// above set, or 25/8 (seed 000's).
pub fn deadline(conn: &Conn, path: &str, year: i32) -> Result<Day, ApiError> {
    for unit in units_above(path) {
        let due: Option<String> = conn
            .query_row(
                "SELECT due FROM deadlines WHERE unit = ?1 AND year = ?2",
                params![unit, year],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        if let Some(day) = due.and_then(|d| Day::parse(&d).ok()) {
            return Ok(day);
        }
    }
    default_deadline(year)
}

/// Every deadline set for `year`, by the unit that set it (a roll-up
/// reads them once, not once per unit).
pub fn deadlines(
    conn: &Conn,
    year: i32,
) -> Result<std::collections::HashMap<String, Day>, ApiError> {
    let mut set = std::collections::HashMap::new();
    for row in conn.query(
        "SELECT unit, due FROM deadlines WHERE year = ?1",
        params![year],
    )? {
        if let Ok(day) = Day::parse(&row.get::<String>(1)?) {
            set.insert(row.get(0)?, day);
        }
    }
    Ok(set)
}

/// The deadline for the unit at `path` among those `set` (by unit): its
/// nearest unit above's, or 25/8.
pub fn nearest_deadline(
    path: &str,
    year: i32,
    set: &std::collections::HashMap<String, Day>,
) -> Result<Day, ApiError> {
    match units_above(path).find_map(|unit| set.get(unit)) {
        Some(day) => Ok(*day),
        None => default_deadline(year),
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

/// Sets the deadline `unit` gives the units below it for `year`.
pub fn set_deadline(conn: &Conn, unit: &str, year: i32, due: Day) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO deadlines (unit, year, due) VALUES (?1, ?2, ?3)
         ON CONFLICT (unit, year) DO UPDATE SET due = excluded.due",
        params![unit, year, due.iso()],
    )?;
    Ok(())
}

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
         WHERE substr(u.path, 1, length(?1)) = ?1
         ORDER BY s.event_id, s.received_at, s.id",
        params![path],
    )? {
        // Oldest first: the last one kept is the latest.
        latest.insert(r.get::<String>(7)?, submission_row(&r)?);
    }
    Ok(latest)
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

/// A submission from a row whose first seven columns are `id,
/// submitted_at, officer, received_at, state, note, decided_at`.
fn submission_row(r: &Row) -> Result<SubmissionRow, ApiError> {
    Ok(SubmissionRow {
        id: r.get(0)?,
        submitted_at: r.get::<i64>(1)? as u64,
        officer: r.get(2)?,
        received_at: r.get::<i64>(3)? as u64,
        state: r.get(4)?,
        note: r.get(5)?,
        decided_at: r.get::<Option<i64>>(6)?.map(|t| t as u64),
    })
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
         FROM events e JOIN units u ON u.code = e.unit
         WHERE substr(u.path, 1, length(?1)) = ?1 AND u.path <> ?1
         ORDER BY u.path, e.id",
        params![member.path],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (unit, event, meta_json) = (
            unit_row(&row)?,
            row.get::<String>(4)?,
            row.get::<Option<String>>(5)?,
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
                .map(|r| r.get(0))
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
