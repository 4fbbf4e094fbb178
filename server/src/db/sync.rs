//! The storage side of a sync round trip: merging what a phone pushed into
//! the event, under the rules of who may write what, with every write kept
//! in the history; then a page of what changed since the phone's cursor.

use super::sql::{BatchInsert, Conn, Engine, Param};
use super::{history, now_ms, units, Role};
use crate::error::ApiError;
use crate::params;
use domain::history::FieldChange;
use domain::rules::{self, Action};
use domain::undo::Outcome;
use domain::{EventId, Record};

/// Who pushes a sync: the token (hashed) and what it may do.
#[derive(Debug, Clone, Copy)]
pub struct Pusher<'a> {
    /// The pushing token, hashed.
    pub token_hash: &'a str,
    /// Its role on the event.
    pub role: Role,
    /// The officer's name the phone sent with this push.
    pub officer: &'a str,
}

/// How much one sync answer may carry.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Records at most.
    pub records: usize,
    /// Bytes of record JSON at most (a single larger record still goes alone).
    pub bytes: usize,
}

/// The result of one sync round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    /// The phone's next cursor.
    pub cursor: u64,
    /// Keys of the pushed records, all now stored.
    pub acked: Vec<String>,
    /// The page of records changed after the phone's cursor, as stored JSON.
    pub records: Vec<String>,
    /// Whether more records follow the page.
    pub more: bool,
    /// How many pushed records changed something here.
    pub changed: usize,
}

/// The phone behind a token (hashed): an event's token or a unit's.
pub(super) fn device_of_token(conn: &Conn, token_hash: &str) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT device FROM tokens WHERE hash = ?1
         UNION ALL SELECT device FROM unit_tokens WHERE hash = ?1 LIMIT 1",
        params![token_hash],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Whether `device` has its own access to the event: an event token not
/// revoked, or a token of the event's unit. Such a device id is one
/// phone's: no other phone joins under it.
pub(super) fn device_has_access(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    conn.exists(
        "SELECT 1 FROM tokens WHERE event_id = ?1 AND device = ?2 AND revoked_at IS NULL
         UNION ALL SELECT 1 FROM unit_tokens u JOIN events e ON e.unit = u.unit
            WHERE e.id = ?1 AND u.device = ?2 AND u.revoked_at IS NULL
         LIMIT 1",
        params![event, device],
    )
}

/// Whether `device`'s gate tally is its own to write: it has access of its
/// own ([`device_has_access`]), or the unit undid it on the event.
fn device_claimed(conn: &Conn, event: &str, device: &str) -> Result<bool, ApiError> {
    Ok(device_has_access(conn, event, device)? || history::undone(conn, event, device)?)
}

/// Whether `record` is the gate tally of a device other than the pusher's
/// that is that device's own to write ([`device_claimed`]).
fn others_tally(
    conn: &Conn,
    event: &str,
    pusher_device: Option<&str>,
    record: &Record,
) -> Result<bool, ApiError> {
    let Record::Headcount(tally) = record else {
        return Ok(false);
    };
    let owner = tally.device.to_string();
    Ok(pusher_device != Some(owner.as_str()) && device_claimed(conn, event, &owner)?)
}

/// How many gate tallies of other phones the phone `device` (pushing with
/// the token `token_hash`) brought into `event`: the tallies it created,
/// read from their creation markers in the history, by any of its tokens.
/// Its own tally is not one of them.
fn tallies_introduced(
    conn: &Conn,
    event: &str,
    device: Option<&str>,
    token_hash: &str,
) -> Result<usize, ApiError> {
    let kind = domain::RecordKind::Headcount.as_str();
    let own = format!("{kind}/{}", device.unwrap_or(""));
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(DISTINCT record_key) FROM changes
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
        .map(|r| r.get(0))
        .transpose()?
        .unwrap_or(0);
    Ok(usize::try_from(n).unwrap_or(0))
}

/// What one event, and one phone on it, may make the server keep.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    /// Records in the event.
    pub records: u64,
    /// History entries one token adds to the event.
    pub history: u64,
}

/// One sync round trip: merges `pushed` into the event, then returns a page
/// of what changed after `cursor`. Records that change nothing get no new
/// sequence number, so pushing the same bundle twice changes nothing. A push
/// that would take the event past its record quota, or the pusher past its
/// history quota, is refused whole. Tallies of other phones past what one
/// phone may bring in ([`domain::headcount::may_introduce_tally`]) are
/// left out of the push, acked and kept as refused.
pub fn sync(
    conn: &mut Conn,
    event: EventId,
    cursor: u64,
    pushed: &[Record],
    page: Page,
    quota: Quota,
    by: Pusher,
) -> Result<Synced, ApiError> {
    let Pusher {
        token_hash: pushed_by,
        role,
        officer,
    } = by;
    let received_at = now_ms();
    let event_key = event.to_string();
    // Every entry of this push: by this token, received now; written in
    // batches before the push commits.
    let entries = std::cell::RefCell::new(history::Log::by(officer));
    let log = |conn: &Conn, key: &str, fields: &[FieldChange], outcome: Outcome| {
        entries.borrow_mut().add(
            conn,
            &event_key,
            key,
            fields,
            outcome,
            pushed_by,
            received_at,
        )
    };
    // Each record once: copies of one key in a push would each be checked
    // against the one before, uncommitted, and so step past the bounds.
    let mut keys = std::collections::HashSet::with_capacity(pushed.len());
    if let Some(twice) = pushed.iter().map(Record::key).find(|k| !keys.insert(*k)) {
        return Err(ApiError::BadRequest(format!(
            "{twice} is in the push twice"
        )));
    }
    let tx = conn.transaction()?;
    // Pushes to one event wait for each other, whichever process took
    // them: what is read below stays true until this one commits, and
    // sequence numbers are committed in order. A pull only reads.
    let role = if pushed.is_empty() {
        role
    } else {
        super::lock_event(&tx, &event_key)?;
        // Access again, under the lock: an undo or a revocation that held
        // it while this push waited has committed by now, and its phone
        // writes nothing more.
        let now = super::authorize(&tx, pushed_by, event)?;
        if !now.writes() {
            return Err(ApiError::ReadOnly);
        }
        now
    };
    let pusher_device = device_of_token(&tx, pushed_by)?;
    // The quota is the phone's, whatever token it holds now: joining
    // again does not give it a fresh one.
    let quota_key = pusher_device
        .clone()
        .unwrap_or_else(|| pushed_by.to_string());
    let history_used = history::used(&tx, &event_key, &quota_key)?;
    // A phone at its quota still reads what others write (an undo included).
    if history_used >= quota.history && !pushed.is_empty() {
        return Err(ApiError::HistoryFull);
    }
    let mut added = 0u64;
    // SQLite integers are i64; sequence numbers never come near the limit.
    let row = tx
        .query_row(
            "SELECT seq, record_count, unit FROM events WHERE id = ?1",
            params![event_key],
        )?
        .ok_or(ApiError::NotFound)?;
    let (mut seq, mut count, unit): (i64, i64, Option<String>) =
        (row.get(0)?, row.get(1)?, row.get(2)?);
    // Only the event's unit removes or restores the event (its creator
    // too, for an event under no unit); from another phone the removal is
    // left out, kept in the history as refused, and the rest merged.
    let may_remove = rules::decide(role.actor(unit.is_some()), Action::RemoveEvent).is_ok();
    let mut implausible: Option<(String, Vec<domain::history::FieldChange>)> = None;
    let mut acked = Vec::with_capacity(pushed.len());
    let mut changed = 0;
    // What the push holds, as stored now: one query for the whole push.
    let mut stored_bodies = stored(&tx, &event_key, pushed)?;
    let mut writes = Vec::new();
    // Tallies of other phones this one brought into the event, counted
    // once, at the first it brings in now, then as the push goes.
    let mut introduced: Option<usize> = None;
    {
        for record in pushed {
            let key = record.key().to_string();
            let stored = stored_bodies.remove(&key);
            let stored: Option<Record> = stored
                .map(|body| serde_json::from_str(&body))
                .transpose()
                .map_err(|e| ApiError::Internal(format!("stored record {key}: {e}")))?;
            // A gate tally is its phone's: while that phone has its own
            // access (or was undone), no other phone raises it — a relayed
            // copy changes nothing, and a forged raise is kept as refused.
            // The phone itself sends its taps when it syncs.
            if others_tally(&tx, &event_key, pusher_device.as_deref(), record)? {
                let merged = Record::merge_into(stored.clone(), record)
                    .map_err(|_| ApiError::Internal(format!("record {key} changed kind")))?;
                if merged.changed {
                    let fields = domain::history::field_changes(stored.as_ref(), &merged.record);
                    added += log(&tx, &key, &fields, Outcome::Refused)?;
                }
                acked.push(key);
                continue;
            }
            // A tally of another phone that the server does not hold yet
            // is brought in by this one: only so many per phone and event
            // ([`domain::headcount::MAX_RELAYED_TALLIES`]), or a phone
            // could make up gates without end. One beyond is left out and
            // acked (sent again, it would be refused alike: the phone
            // stops sending it), and the attempt kept in the history as
            // refused, as others' tallies are: that is how the officers
            // learn of it. The rest of the push is merged.
            if let (Record::Headcount(tally), None) = (record, &stored) {
                if pusher_device.as_deref() != Some(tally.device.to_string().as_str()) {
                    let already = match introduced {
                        Some(n) => n,
                        None => tallies_introduced(
                            &tx,
                            &event_key,
                            pusher_device.as_deref(),
                            pushed_by,
                        )?,
                    };
                    if !domain::headcount::may_introduce_tally(already) {
                        introduced = Some(already);
                        let zero = Record::Headcount(domain::Tally::zero(tally.device));
                        let mut fields = domain::history::field_changes(Some(&zero), record);
                        if fields.is_empty() {
                            fields = domain::history::field_changes(None, record);
                        }
                        added += log(&tx, &key, &fields, Outcome::Refused)?;
                        acked.push(key);
                        continue;
                    }
                    introduced = Some(already + 1);
                }
            }
            if stored.is_none() {
                count += 1;
                if count as u64 > quota.records {
                    // Dropping the transaction rolls the whole push back.
                    return Err(ApiError::EventFull);
                }
            }
            // What only the unit changes (the event's removal, a tally set
            // aside) is kept as stored from anyone else, and the attempt
            // kept as refused; the rest of the record is merged.
            let keep = |field: &str, kept: domain::Tombstone, pushed: domain::Tombstone| {
                if pushed != kept {
                    let refused = FieldChange {
                        field: field.into(),
                        old: serde_json::to_value(kept).unwrap_or_default(),
                        new: serde_json::to_value(pushed).unwrap_or_default(),
                        stamp: None,
                        old_stamp: None,
                    };
                    return log(&tx, &key, &[refused], Outcome::Refused).map(|n| (kept, n));
                }
                Ok::<_, ApiError>((kept, 0))
            };
            let record = match (record, &stored) {
                (Record::Event(meta), stored) if !may_remove => {
                    let kept = match stored {
                        Some(Record::Event(m)) => m.removed,
                        _ => domain::Tombstone::default(),
                    };
                    let (removed, n) = keep("removed", kept, meta.removed)?;
                    added += n;
                    &Record::Event(domain::EventMeta {
                        removed,
                        ..meta.clone()
                    })
                }
                (Record::Headcount(tally), stored) if !may_remove => {
                    let kept = match stored {
                        Some(Record::Headcount(t)) => t.left_out,
                        _ => domain::Tombstone::default(),
                    };
                    let (left_out, n) = keep("left_out", kept, tally.left_out)?;
                    added += n;
                    &Record::Headcount(domain::Tally { left_out, ..*tally })
                }
                (other, _) => other,
            };
            let changes_from = stored.clone();
            let merged = Record::merge_into(stored, record)
                .map_err(|_| ApiError::Internal(format!("record {key} changed kind")))?;
            if let (Record::Headcount(after), before) = (&merged.record, &changes_from) {
                let before = match before {
                    Some(Record::Headcount(t)) => *t,
                    _ => domain::Tally::zero(after.device),
                };
                if !domain::headcount::plausible(&before, after) {
                    implausible = Some((
                        key,
                        domain::history::field_changes(
                            Some(&Record::Headcount(before)),
                            &merged.record,
                        ),
                    ));
                    break;
                }
            }
            if let Record::Submission(sub) = record {
                units::record_submission(
                    &tx,
                    &event_key,
                    &sub.id.to_string(),
                    sub.submitted_at.value,
                    &sub.officer.value,
                )?;
            }
            // A report as submitted is kept as it came: no later push may
            // change it, its date or its officer, nor remove it.
            if merged.changed && changes_from.is_some() && matches!(record, Record::Submission(_)) {
                return Err(ApiError::BadRequest(format!(
                    "{key}: a submitted report is never changed"
                )));
            }
            if merged.changed {
                seq += 1;
                changed += 1;
                let body = serde_json::to_string(&merged.record)
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                writes.push((key.clone(), body, seq));
                let fields = domain::history::field_changes(changes_from.as_ref(), &merged.record);
                let kept = log(&tx, &key, &fields, Outcome::Applied)?;
                // A creation's marker is bounded by the record quota already.
                if changes_from.is_some() {
                    added += kept;
                }
            }
            // Whatever it changed, what of it lost to a later write is kept too.
            let lost = domain::undo::lost_writes(record, &merged.record);
            added += log(&tx, &key, &lost, Outcome::Lost)?;
            acked.push(key);
        }
    }
    if let Some((key, fields)) = implausible {
        // Nothing of the push is stored; the attempt is kept, as refused.
        drop(tx);
        let tx = conn.transaction()?;
        // In the event's order, as every entry is (history pages by id).
        super::lock_event(&tx, &event_key)?;
        // Only the refusal is kept: what the push had logged goes with it.
        *entries.borrow_mut() = history::Log::by(officer);
        let n = log(&tx, &key, &fields, Outcome::Refused)?;
        entries.borrow_mut().flush(&tx)?;
        history::note_use(&tx, &event_key, &quota_key, n)?;
        tx.commit()?;
        return Err(ApiError::Implausible(format!(
            "{key}: more than a gate counts between two syncs"
        )));
    }
    if history_used.saturating_add(added) > quota.history {
        return Err(ApiError::HistoryFull);
    }
    write_records(&tx, &event_key, &writes)?;
    entries.borrow_mut().flush(&tx)?;
    history::note_use(&tx, &event_key, &quota_key, added)?;
    if !pushed.is_empty() {
        tx.execute(
            "UPDATE events SET seq = ?2, record_count = ?3 WHERE id = ?1",
            params![event_key, seq, count],
        )?;
    }
    // A cursor from the future (the server was restored from a backup) would
    // hide records from this phone for good: send it everything instead.
    let cursor = i64::try_from(cursor)
        .ok()
        .filter(|&c| c <= seq)
        .unwrap_or(0);
    let (records, last, more) = read_page(&tx, &event_key, cursor, page)?;
    tx.commit()?;
    Ok(Synced {
        // Only as far as the page went: the next sync goes on from there.
        cursor: if more { last as u64 } else { seq as u64 },
        acked,
        records,
        more,
        changed,
    })
}

/// Records after `cursor`, in sequence order, up to a page: their JSON, the
/// last one's sequence number, and whether more follow.
fn read_page(
    conn: &Conn,
    event_key: &str,
    cursor: i64,
    page: Page,
) -> Result<(Vec<String>, i64, bool), ApiError> {
    let limit = i64::try_from(page.records.max(1)).unwrap_or(i64::MAX);
    let rows = conn.query(
        "SELECT seq, body FROM records WHERE event_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        params![event_key, cursor, limit + 1],
    )?;
    let (mut out, mut bytes, mut last) = (Vec::new(), 0usize, cursor);
    for row in rows {
        let body: String = row.get(1)?;
        let full = out.len() >= page.records.max(1) || bytes + body.len() > page.bytes;
        if full && !out.is_empty() {
            return Ok((out, last, true));
        }
        bytes += body.len();
        last = row.get(0)?;
        out.push(body);
    }
    Ok((out, last, false))
}

/// The stored JSON of every record in `pushed` that the event holds.
fn stored(
    conn: &Conn,
    event_key: &str,
    pushed: &[Record],
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    if pushed.is_empty() {
        return Ok(Default::default());
    }
    let keys: Vec<String> = pushed.iter().map(|r| r.key().to_string()).collect();
    let keys = serde_json::to_string(&keys).map_err(|e| ApiError::Internal(e.to_string()))?;
    // The keys go as one JSON array, which each engine reads as rows.
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT key, body FROM records
             WHERE event_id = ?1 AND key IN (SELECT value FROM json_each(?2))"
        }
        Engine::Postgres => {
            "SELECT key, body FROM records
             WHERE event_id = ?1
               AND key IN (SELECT json_array_elements_text(CAST(CAST(?2 AS TEXT) AS JSON)))"
        }
    };
    conn.query(sql, params![event_key, keys])?
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect()
}

/// The push's upsert of records, 64 a statement.
static UPSERT: std::sync::LazyLock<BatchInsert> = std::sync::LazyLock::new(|| {
    BatchInsert::new(
        "INSERT INTO records (event_id, key, body, seq) VALUES",
        4,
        "ON CONFLICT (event_id, key) DO UPDATE SET body = excluded.body, seq = excluded.seq",
        64,
    )
});

/// Writes the push's changed records (key, JSON, sequence number), in
/// batches.
fn write_records(
    conn: &Conn,
    event_key: &str,
    writes: &[(String, String, i64)],
) -> Result<(), ApiError> {
    UPSERT.write(conn, writes, |(key, body, seq), values| {
        values.extend([
            Param::Text(event_key),
            Param::Text(key),
            Param::Text(body),
            Param::Int(*seq),
        ])
    })
}
