//! The change history: every accepted change of a field, append-only, with
//! the phone that pushed it and when the server received it ([`Log`]
//! writes it); what each phone added, and undoing a phone from it.

use super::access::{event_unit, lock_event, Role};
use super::clock::{now_ms, SERVER_DEVICE};
pub use super::log::Log;
use super::sql::Conn;
use crate::error::ApiError;
use crate::params;
use domain::history::undo::{Logged, Outcome};
pub use domain::protocol::HistoryEntry as Entry;
use domain::EventId;
use domain::{Record, Stamp};

/// How many history entries the phone `pushed_by` added to `event` (its
/// device id: a phone that joins again, with a new token, shares one
/// quota; counts kept by token before schema 8 start again at nought).
pub fn used(conn: &Conn, event: &str, pushed_by: &str) -> Result<u64, ApiError> {
    Ok(conn
        .query_row(
            "SELECT entries FROM history_use WHERE event_id = ?1 AND pushed_by = ?2",
            params![event, pushed_by],
        )?
        .map(|r| r.get::<i64>("entries"))
        .transpose()?
        .unwrap_or(0) as u64)
}

/// Counts `added` more entries against the token's quota on `event`.
pub fn note_use(conn: &Conn, event: &str, pushed_by: &str, added: u64) -> Result<(), ApiError> {
    if added > 0 {
        conn.execute(
            "INSERT INTO history_use (event_id, pushed_by, entries) VALUES (?1, ?2, ?3)
             ON CONFLICT (event_id, pushed_by)
             DO UPDATE SET entries = history_use.entries + excluded.entries",
            params![event, pushed_by, added as i64],
        )?;
    }
    Ok(())
}

/// Notes a sync by an event token: when, and the officer's name it sent.
pub fn synced(conn: &Conn, token_hash: &str, officer: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET last_sync_at = ?2,
             officer = CASE WHEN CAST(?3 AS TEXT) = '' THEN officer ELSE CAST(?3 AS TEXT) END
         WHERE hash = ?1",
        params![token_hash, now_ms() as i64, officer],
    )?;
    Ok(())
}

/// The phones of an event (its tokens), with what each contributed.
pub fn devices(
    conn: &Conn,
    event: EventId,
) -> Result<Vec<domain::protocol::EventDevice>, ApiError> {
    let rows = conn.query(
        "SELECT t.device, t.officer, t.created_at, t.last_sync_at, t.revoked_at,
                (SELECT COUNT(*) FROM changes c WHERE c.event_id = t.event_id AND c.pushed_by = t.hash
                    AND c.outcome = 'applied') AS changes,
                (SELECT body FROM records r WHERE r.event_id = t.event_id AND r.key = 'headcount/' || t.device) AS tally,
                (SELECT n.name FROM unit_tokens u JOIN units n ON n.code = u.unit
                    WHERE u.device = t.device AND u.revoked_at IS NULL
                    ORDER BY u.created_at DESC LIMIT 1) AS unit
         FROM tokens t WHERE t.event_id = ?1 ORDER BY t.created_at",
        params![event.to_string()],
    )?;
    rows.into_iter()
        .map(|r| {
            let tally: Option<String> = r.get("tally")?;
            let taps = tally
                .and_then(|b| serde_json::from_str::<domain::Record>(&b).ok())
                .map_or(0, |rec| match rec {
                    domain::Record::Headcount(t) => t.net(),
                    _ => 0,
                });
            Ok(domain::protocol::EventDevice {
                device: r.get("device")?,
                officer: r.get("officer")?,
                unit: r.get::<Option<String>>("unit")?.unwrap_or_default(),
                joined_at: r.get::<i64>("created_at")? as u64,
                last_sync_at: r.get::<Option<i64>>("last_sync_at")?.map(|t| t as u64),
                revoked: r.get::<Option<i64>>("revoked_at")?.is_some(),
                changes: r.get::<i64>("changes")? as u64,
                taps,
            })
        })
        .collect()
}

/// How many gate tallies of other phones the phone `device` (pushing with
/// the token `token_hash`) brought into `event`: the tallies it created,
/// read from their creation markers in the history, by any of its tokens.
/// Its own tally is not one of them.
pub(super) fn tallies_introduced(
    conn: &Conn,
    event: &str,
    device: Option<&str>,
    token_hash: &str,
) -> Result<usize, ApiError> {
    let kind = domain::RecordKind::Headcount.as_str();
    let own = format!("{kind}/{}", device.unwrap_or(""));
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(DISTINCT record_key) AS n FROM changes
             WHERE event_id = ?1 AND field = ?2 AND outcome = 'applied'
               AND record_key LIKE ?3 AND record_key <> ?4
               AND (pushed_by = ?5 OR pushed_by IN
                    (SELECT hash FROM tokens WHERE device = ?6
                     UNION ALL SELECT hash FROM unit_tokens WHERE device = ?6))",
            params![
                event,
                domain::history::CREATED,
                format!("{kind}/%"),
                own,
                token_hash,
                device.unwrap_or("")
            ],
        )?
        .map(|r| r.get("n"))
        .transpose()?
        .unwrap_or(0);
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Undoes a phone on an event, for the unit (`by`, the officer's token,
/// hashed): every access of that phone to the event is revoked, and each
/// record it wrote is written back to what it would hold without it
/// ([`domain::history::undo`]), as new changes every phone merges. Returns what it
/// did; a phone that never had access is not found. The event's access
/// code becomes `code_hash`'s: the undone phone knew the old one.
pub fn undo_device(
    conn: &mut Conn,
    event: EventId,
    device: domain::DeviceId,
    by: (&str, Role),
    code_hash: &str,
) -> Result<domain::protocol::Undone, ApiError> {
    use domain::rules::{decide, Action, UndoTarget};
    let (by, role) = by;
    let now = now_ms();
    let event_key = event.to_string();
    let tx = conn.transaction()?;
    lock_event(&tx, &event_key)?;
    // Every token the phone wrote this event with: the event's own, and
    // those of the event's unit. A phone of any other unit is out of this
    // event's reach, and answered as unknown.
    let event_tokens: Vec<String> = tx
        .query(
            "SELECT hash FROM tokens WHERE event_id = ?1 AND device = ?2",
            params![event_key, device.to_string()],
        )?
        .iter()
        .map(|r| r.get("hash"))
        .collect::<Result<_, _>>()?;
    let unit_tokens: Vec<String> = tx
        .query(
            "SELECT u.hash FROM unit_tokens u JOIN events e ON e.unit = u.unit
             WHERE e.id = ?1 AND u.device = ?2",
            params![event_key, device.to_string()],
        )?
        .iter()
        .map(|r| r.get("hash"))
        .collect::<Result<_, _>>()?;
    let hashes: Vec<String> = event_tokens.iter().chain(&unit_tokens).cloned().collect();
    let target = if hashes.iter().any(|h| h == by) {
        UndoTarget::Itself
    } else if !event_tokens.is_empty() {
        UndoTarget::EventPhone
    } else if !unit_tokens.is_empty() {
        UndoTarget::OwnUnitPhone
    } else {
        UndoTarget::Elsewhere
    };
    let in_unit = event_unit(&tx, event)?.is_some();
    decide(role.actor(in_unit), Action::Undo(target))?;
    let revoked = tx.execute(
        "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?3) WHERE event_id = ?1 AND device = ?2",
        params![event_key, device.to_string(), now as i64],
    )?;
    tx.execute(
        "INSERT INTO undone_devices (event_id, device, undone_at, undone_by)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (event_id, device)
         DO UPDATE SET undone_at = excluded.undone_at, undone_by = excluded.undone_by",
        params![event_key, device.to_string(), now as i64, by],
    )?;
    let by_undone = |h: &str| hashes.iter().any(|x| x == h);
    let keys: Vec<String> = tx
        .query(
            "SELECT DISTINCT record_key FROM changes
             WHERE event_id = ?1 AND outcome IN ('applied', 'lost', 'undo') AND pushed_by IN
               (SELECT hash FROM tokens WHERE event_id = ?1 AND device = ?2
                UNION SELECT u.hash FROM unit_tokens u JOIN events e ON e.unit = u.unit
                   WHERE e.id = ?1 AND u.device = ?2)",
            params![event_key, device.to_string()],
        )?
        .iter()
        .map(|r| r.get("record_key"))
        .collect::<Result<_, _>>()?;
    let row = tx
        .query_row(
            "SELECT seq, registered_by FROM events WHERE id = ?1",
            params![event_key],
        )?
        .ok_or(ApiError::NotFound)?;
    let (mut seq, registered_by): (i64, String) = (row.get("seq")?, row.get("registered_by")?);
    // The phone that created the event wrote its program and lists: undoing
    // it keeps them (its edits and removals are still undone).
    let created = if registered_by == device.to_string() {
        domain::history::undo::Created::Keep
    } else {
        domain::history::undo::Created::Remove
    };
    let mut records = 0;
    let mut entries = Log::default();
    for key in keys {
        let body: Option<String> = tx
            .query_row(
                "SELECT body FROM records WHERE event_id = ?1 AND key = ?2",
                params![event_key, key],
            )?
            .map(|r| r.get("body"))
            .transpose()?;
        let Some(body) = body else { continue };
        let stored: Record = serde_json::from_str(&body)
            .map_err(|e| ApiError::Internal(format!("stored record {key}: {e}")))?;
        let parse = |s: String| serde_json::from_str(&s).unwrap_or(serde_json::Value::Null);
        let log: Vec<Logged> = tx
            .query(
                "SELECT field, new, stamp, outcome, pushed_by, old, old_stamp FROM changes
                 WHERE event_id = ?1 AND record_key = ?2 ORDER BY id",
                params![event_key, key],
            )?
            .iter()
            .map(|r| {
                Ok(Logged {
                    field: r.get("field")?,
                    new: parse(r.get("new")?),
                    stamp: r.get::<Option<String>>("stamp")?.map(parse),
                    outcome: Outcome::parse(&r.get::<String>("outcome")?),
                    undone: by_undone(&r.get::<String>("pushed_by")?),
                    old: parse(r.get("old")?),
                    old_stamp: r.get::<Option<String>>("old_stamp")?.map(parse),
                })
            })
            .collect::<Result<_, ApiError>>()?;
        // Later than anything in the record, so the undo wins on every phone.
        let wall = stored
            .max_stamp()
            .map_or(now, |s| s.wall.saturating_add(1).max(now));
        let stamp = Stamp {
            wall,
            counter: 0,
            device: SERVER_DEVICE,
        };
        let own_tally = key == domain::state::headcount::key(device).to_string();
        let patch = if own_tally {
            domain::history::undo::set_aside(&stored, stamp)
        } else {
            domain::history::undo::undo(&stored, &log, stamp, created)
        };
        let Some(patch) = patch else {
            continue;
        };
        let merged = Record::merge_into(Some(stored.clone()), &patch)
            .map_err(|_| ApiError::Internal(format!("record {key} changed kind")))?;
        if !merged.changed {
            continue;
        }
        seq += 1;
        records += 1;
        let body =
            serde_json::to_string(&merged.record).map_err(|e| ApiError::Internal(e.to_string()))?;
        tx.execute(
            "UPDATE records SET body = ?3, seq = ?4 WHERE event_id = ?1 AND key = ?2",
            params![event_key, key, body, seq],
        )?;
        let fields = domain::history::field_changes(Some(&stored), &merged.record);
        entries.add(&tx, &event_key, &key, &fields, Outcome::Undo, by, now)?;
    }
    entries.flush(&tx)?;
    tx.execute(
        // A ledger keeps its code that opens nothing.
        "UPDATE events SET seq = ?2,
             code_hash = CASE WHEN kind = 'ledger' THEN code_hash ELSE ?3 END
         WHERE id = ?1",
        params![event_key, seq, code_hash],
    )?;
    tx.commit()?;
    Ok(domain::protocol::Undone {
        records,
        revoked,
        code: String::new(),
        join_url: String::new(),
        qr_svg: String::new(),
    })
}

/// The most entries one request returns.
pub const MAX_ENTRIES: usize = 500;

/// An event's history, oldest first from `after`, at most `limit`
/// entries; of one record if `record` is given.
pub fn entries(
    conn: &Conn,
    event: EventId,
    record: Option<&str>,
    after: i64,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let parse = |s: String| serde_json::from_str(&s).unwrap_or(serde_json::Value::Null);
    conn.query(
        "SELECT c.id, c.record_key, c.field, c.old, c.new, c.stamp, c.received_at,
                COALESCE(t.device, u.device) AS device,
                CASE WHEN c.officer <> '' THEN c.officer ELSE COALESCE(t.officer, '') END
                    AS officer,
                c.outcome
         FROM changes c
         LEFT JOIN tokens t ON t.hash = c.pushed_by
         LEFT JOIN unit_tokens u ON u.hash = c.pushed_by
         WHERE c.event_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR c.record_key = CAST(?2 AS TEXT))
           AND c.id > ?3
         ORDER BY c.id LIMIT ?4",
        params![
            event.to_string(),
            record,
            after,
            limit.min(MAX_ENTRIES) as i64
        ],
    )?
    .iter()
    .map(|r| {
        Ok(Entry {
            id: r.get("id")?,
            record: r.get("record_key")?,
            field: r.get("field")?,
            old: parse(r.get("old")?),
            new: parse(r.get("new")?),
            stamp: r.get::<Option<String>>("stamp")?.map(parse),
            received_at: r.get::<i64>("received_at")? as u64,
            device: r.get("device")?,
            officer: r.get("officer")?,
            outcome: Outcome::parse(&r.get::<String>("outcome")?),
        })
    })
    .collect()
}
