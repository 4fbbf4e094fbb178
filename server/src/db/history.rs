//! The change history: every accepted change of a field, append-only, with
//! the phone that pushed it and when the server received it.

use super::sql::{BatchInsert, Conn, Param};
use crate::error::ApiError;
use crate::params;
use domain::history::undo::{Logged, Outcome};
use domain::history::FieldChange;
pub use domain::protocol::HistoryEntry as Entry;
use domain::EventId;
use domain::{Record, Stamp};

/// Schema 5: the history of changes.
pub(super) const SCHEMA_5: &str = "CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id),
        record_key TEXT NOT NULL,
        field TEXT NOT NULL,
        old TEXT NOT NULL,
        new TEXT NOT NULL,
        stamp TEXT,
        pushed_by TEXT NOT NULL,
        received_at INTEGER NOT NULL
    );
    CREATE INDEX changes_by_record ON changes (event_id, record_key, id);
    CREATE INDEX changes_by_pusher ON changes (event_id, pushed_by);
    ALTER TABLE tokens ADD COLUMN officer TEXT NOT NULL DEFAULT '';
    ALTER TABLE tokens ADD COLUMN last_sync_at INTEGER;";

/// Schema 6: what became of each write (see [`Outcome`]) with the stamp of
/// the value it replaced, and the phones the unit undid on each event.
pub(super) const SCHEMA_6: &str =
    "ALTER TABLE changes ADD COLUMN outcome TEXT NOT NULL DEFAULT 'applied';
    ALTER TABLE changes ADD COLUMN old_stamp TEXT;
    CREATE INDEX changes_by_stamp ON changes (event_id, record_key, field, stamp)
        WHERE stamp IS NOT NULL;
    CREATE TABLE undone_devices (
        event_id TEXT NOT NULL REFERENCES events(id),
        device TEXT NOT NULL,
        undone_at INTEGER NOT NULL,
        undone_by TEXT NOT NULL,
        PRIMARY KEY (event_id, device)
    );";

/// Schema 7: how many history entries each token added to each event (its
/// quota, [`crate::limits::Limits::history_per_phone`]), counted from what
/// is kept already, as the sync counts them: a creation's marker does not
/// count (the record quota bounds those), nor an undo (the unit's doing).
pub(super) const SCHEMA_7: &str = "CREATE TABLE history_use (
        event_id TEXT NOT NULL REFERENCES events(id),
        pushed_by TEXT NOT NULL,
        entries INTEGER NOT NULL,
        PRIMARY KEY (event_id, pushed_by)
    );
    INSERT INTO history_use (event_id, pushed_by, entries)
        SELECT event_id, pushed_by, COUNT(*) FROM changes
        WHERE outcome <> 'undo' AND NOT (field = '*' AND outcome = 'applied')
        GROUP BY event_id, pushed_by;";

/// How many history entries the phone `pushed_by` added to `event` (its
/// device id: a phone that joins again, with a new token, shares one
/// quota; counts kept by token before schema 8 start again at nought).
pub fn used(conn: &Conn, event: &str, pushed_by: &str) -> Result<u64, ApiError> {
    Ok(conn
        .query_row(
            "SELECT entries FROM history_use WHERE event_id = ?1 AND pushed_by = ?2",
            params![event, pushed_by],
        )?
        .map(|r| r.get::<i64>(0))
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

/// Whether the event's unit undid `device` on `event`: it may no longer
/// read or write the event, with whatever token.
pub fn undone(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM undone_devices WHERE event_id = ?1 AND device = ?2",
        params![event, device],
    )
}

/// Notes a sync by an event token: when, and the officer's name it sent.
pub fn synced(conn: &Conn, token_hash: &str, officer: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET last_sync_at = ?2,
             officer = CASE WHEN CAST(?3 AS TEXT) = '' THEN officer ELSE CAST(?3 AS TEXT) END
         WHERE hash = ?1",
        params![token_hash, super::now_ms() as i64, officer],
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
                    AND c.outcome = 'applied'),
                (SELECT body FROM records r WHERE r.event_id = t.event_id AND r.key = 'headcount/' || t.device),
                (SELECT n.name FROM unit_tokens u JOIN units n ON n.code = u.unit
                    WHERE u.device = t.device AND u.revoked_at IS NULL
                    ORDER BY u.created_at DESC LIMIT 1)
         FROM tokens t WHERE t.event_id = ?1 ORDER BY t.created_at",
        params![event.to_string()],
    )?;
    rows.into_iter()
        .map(|r| {
            let tally: Option<String> = r.get(6)?;
            let taps = tally
                .and_then(|b| serde_json::from_str::<domain::Record>(&b).ok())
                .map_or(0, |rec| match rec {
                    domain::Record::Headcount(t) => t.net(),
                    _ => 0,
                });
            Ok(domain::protocol::EventDevice {
                device: r.get(0)?,
                officer: r.get(1)?,
                unit: r.get::<Option<String>>(7)?.unwrap_or_default(),
                joined_at: r.get::<i64>(2)? as u64,
                last_sync_at: r.get::<Option<i64>>(3)?.map(|t| t as u64),
                revoked: r.get::<Option<i64>>(4)?.is_some(),
                changes: r.get::<i64>(5)? as u64,
                taps,
            })
        })
        .collect()
}

/// History entries of one write (a push, an undo), kept here and written
/// in batches ([`Log::flush`]): a push of thousands of records is a few
/// statements, not one round trip to the database per entry.
#[derive(Default)]
pub struct Log {
    /// The officer's name the changes are made under, as the phone sent
    /// it with this write: kept with each entry, so a phone renaming
    /// itself later does not rewrite its past.
    officer: String,
    rows: Vec<Change>,
    /// Lost writes kept by this write so far: (record, field, stamp).
    lost: std::collections::HashSet<(String, String, String)>,
}

struct Change {
    officer: String,
    event: String,
    record_key: String,
    field: String,
    old: String,
    new: String,
    stamp: Option<String>,
    pushed_by: String,
    received_at: i64,
    outcome: &'static str,
    old_stamp: Option<String>,
}

/// The history's insert, 64 entries a statement.
static INSERT: std::sync::LazyLock<BatchInsert> = std::sync::LazyLock::new(|| {
    BatchInsert::new(
        "INSERT INTO changes (event_id, record_key, field, old, new, stamp, pushed_by,
             received_at, outcome, old_stamp, officer)
         VALUES",
        11,
        "",
        64,
    )
});

impl Log {
    /// A log of changes made under the officer's name `officer`.
    pub fn by(officer: &str) -> Log {
        Log {
            officer: officer.to_string(),
            ..Log::default()
        }
    }

    /// Keeps a record's written fields, pushed by the token `pushed_by`
    /// (hashed; the phone behind it is in `tokens` or `unit_tokens`), with
    /// what became of them. A lost write already kept (a phone sending
    /// again a value it had sent) is not kept twice. Returns how many
    /// entries it kept.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        conn: &Conn,
        event: &str,
        record_key: &str,
        changes: &[FieldChange],
        outcome: Outcome,
        pushed_by: &str,
        received_at: u64,
    ) -> Result<u64, ApiError> {
        let mut kept = 0;
        for c in changes {
            let stamp = c.stamp.as_ref().map(|s| s.to_string());
            if outcome == Outcome::Lost {
                let key = (
                    record_key.to_string(),
                    c.field.clone(),
                    stamp.clone().unwrap_or_default(),
                );
                if self.lost.contains(&key)
                    || conn.exists(
                        "SELECT 1 FROM changes
                         WHERE event_id = ?1 AND record_key = ?2 AND field = ?3 AND stamp = ?4",
                        params![event, record_key, c.field, stamp],
                    )?
                {
                    continue;
                }
                self.lost.insert(key);
            }
            self.rows.push(Change {
                officer: self.officer.clone(),
                event: event.to_string(),
                record_key: record_key.to_string(),
                field: c.field.clone(),
                old: c.old.to_string(),
                new: c.new.to_string(),
                stamp,
                pushed_by: pushed_by.to_string(),
                received_at: received_at as i64,
                outcome: outcome.as_str(),
                old_stamp: c.old_stamp.as_ref().map(|s| s.to_string()),
            });
            kept += 1;
        }
        Ok(kept)
    }

    /// Writes what was kept, in the order it was kept.
    pub fn flush(&mut self, conn: &Conn) -> Result<(), ApiError> {
        let rows = std::mem::take(&mut self.rows);
        INSERT.write(conn, &rows, |c, values| {
            values.extend([
                Param::Text(&c.event),
                Param::Text(&c.record_key),
                Param::Text(&c.field),
                Param::Text(&c.old),
                Param::Text(&c.new),
                Param::from(&c.stamp),
                Param::Text(&c.pushed_by),
                Param::Int(c.received_at),
                Param::Text(c.outcome),
                Param::from(&c.old_stamp),
                Param::Text(&c.officer),
            ])
        })
    }
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
    by: (&str, super::Role),
    code_hash: &str,
) -> Result<domain::protocol::Undone, ApiError> {
    use domain::rules::{decide, Action, UndoTarget};
    let (by, role) = by;
    let now = super::now_ms();
    let event_key = event.to_string();
    let tx = conn.transaction()?;
    super::lock_event(&tx, &event_key)?;
    // Every token the phone wrote this event with: the event's own, and
    // those of the event's unit. A phone of any other unit is out of this
    // event's reach, and answered as unknown.
    let event_tokens: Vec<String> = tx
        .query(
            "SELECT hash FROM tokens WHERE event_id = ?1 AND device = ?2",
            params![event_key, device.to_string()],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_, _>>()?;
    let unit_tokens: Vec<String> = tx
        .query(
            "SELECT u.hash FROM unit_tokens u JOIN events e ON e.unit = u.unit
             WHERE e.id = ?1 AND u.device = ?2",
            params![event_key, device.to_string()],
        )?
        .iter()
        .map(|r| r.get(0))
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
    let in_unit = super::event_unit(&tx, event)?.is_some();
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
        .map(|r| r.get(0))
        .collect::<Result<_, _>>()?;
    let row = tx
        .query_row(
            "SELECT seq, registered_by FROM events WHERE id = ?1",
            params![event_key],
        )?
        .ok_or(ApiError::NotFound)?;
    let (mut seq, registered_by): (i64, String) = (row.get(0)?, row.get(1)?);
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
            .map(|r| r.get(0))
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
                    field: r.get(0)?,
                    new: parse(r.get(1)?),
                    stamp: r.get::<Option<String>>(2)?.map(parse),
                    outcome: Outcome::parse(&r.get::<String>(3)?),
                    undone: by_undone(&r.get::<String>(4)?),
                    old: parse(r.get(5)?),
                    old_stamp: r.get::<Option<String>>(6)?.map(parse),
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
            device: crate::sync::SERVER_DEVICE,
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
        "UPDATE events SET seq = ?2, code_hash = ?3 WHERE id = ?1",
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
                COALESCE(t.device, u.device),
                CASE WHEN c.officer <> '' THEN c.officer ELSE COALESCE(t.officer, '') END,
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
            id: r.get(0)?,
            record: r.get(1)?,
            field: r.get(2)?,
            old: parse(r.get(3)?),
            new: parse(r.get(4)?),
            stamp: r.get::<Option<String>>(5)?.map(parse),
            received_at: r.get::<i64>(6)? as u64,
            device: r.get(7)?,
            officer: r.get(8)?,
            outcome: Outcome::parse(&r.get::<String>(9)?),
        })
    })
    .collect()
}
