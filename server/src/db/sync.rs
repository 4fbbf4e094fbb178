//! The storage side of a sync round trip: merging what a phone pushed into
//! the event, under the rules of who may write what, with every write kept
//! in the history; then a page of what changed since the phone's cursor.

use super::access::{authorize, device_claimed, device_of_token, lock_event, Role};
use super::clock::now_ms;
use super::history::{self, tallies_introduced};
use super::ledger::belongs_in_ledger;
use super::log::Log;
use super::records::{read_page, stored, write_records, Page};
use super::sql::Conn;
use super::units;
use crate::error::ApiError;
use crate::params;
use domain::history::undo::Outcome;
use domain::history::FieldChange;
use domain::rules::push::{self, Merge, Rejection, Verdict};
use domain::{DeviceId, EventId, Record};

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
/// history quota, is refused whole. What each record may change is the rule
/// book's to say ([`domain::rules::push::verdict`]); this loads what it
/// needs, asks, and stores and logs the answer.
pub fn sync(
    conn: &mut Conn,
    event: EventId,
    cursor: u64,
    pushed: &[Record],
    page: Page,
    quota: Quota,
    by: Pusher,
) -> Result<Synced, ApiError> {
    refuse_repeated_keys(pushed)?;
    let received_at = now_ms();
    let event_key = event.to_string();
    let tx = conn.transaction()?;
    let role = role_to_push(&tx, event, by, pushed)?;
    let device = device_of_token(&tx, by.token_hash)?;
    let round = Round {
        event: &event_key,
        by,
        device: device.as_deref(),
        received_at,
    };
    // The quota is the phone's, whatever token it holds now: joining
    // again does not give it a fresh one.
    let quota_key = device.clone().unwrap_or_else(|| by.token_hash.to_string());
    let history_used = history::used(&tx, &event_key, &quota_key)?;
    // A phone at its quota still reads what others write (an undo included).
    if history_used >= quota.history && !pushed.is_empty() {
        return Err(ApiError::HistoryFull);
    }
    let Head {
        seq,
        count,
        unit,
        ledger,
    } = event_head(&tx, &event_key)?;
    // A unit's ledger holds only what belongs in it.
    if ledger && !pushed.iter().all(belongs_in_ledger) {
        return Err(ApiError::Bundle(domain::BundleError::ForeignRecord));
    }
    let pusher = push::Pusher {
        actor: role.actor(unit.is_some()),
        device: device.as_deref().and_then(|d| d.parse().ok()).map(DeviceId),
        // Read when a record first needs it (judge_and_keep).
        introduced: 0,
        room: quota
            .records
            .saturating_sub(u64::try_from(count).unwrap_or(0)),
    };
    let mut kept = Kept::new(by.officer, seq, count, pushed.len());
    if let Some((key, refused)) = judge_and_keep(&tx, &round, pusher, pushed, &mut kept)? {
        drop(tx);
        return keep_only_the_refusal(conn, &round, &quota_key, &key, &refused);
    }
    if history_used.saturating_add(kept.added) > quota.history {
        return Err(ApiError::HistoryFull);
    }
    kept.store(&tx, &round, &quota_key, !pushed.is_empty())?;
    // A cursor from the future (the server was restored from a backup) would
    // hide records from this phone for good: send it everything instead.
    let cursor = i64::try_from(cursor)
        .ok()
        .filter(|&c| c <= kept.seq)
        .unwrap_or(0);
    let (records, last, more) = read_page(&tx, &event_key, cursor, page)?;
    tx.commit()?;
    Ok(Synced {
        // Only as far as the page went: the next sync goes on from there.
        cursor: if more { last as u64 } else { kept.seq as u64 },
        acked: kept.acked,
        records,
        more,
        changed: kept.changed,
    })
}

/// One push as it reached the server: its event, who pushed it (and from
/// which phone, if the server knows it), when.
#[derive(Clone, Copy)]
struct Round<'a> {
    event: &'a str,
    by: Pusher<'a>,
    device: Option<&'a str>,
    received_at: u64,
}

/// Each record once: copies of one key in a push would each be checked
/// against the one before, uncommitted, and so step past the bounds.
fn refuse_repeated_keys(pushed: &[Record]) -> Result<(), ApiError> {
    let mut keys = std::collections::HashSet::with_capacity(pushed.len());
    match pushed.iter().map(Record::key).find(|k| !keys.insert(*k)) {
        Some(twice) => Err(ApiError::BadRequest(format!(
            "{twice} is in the push twice"
        ))),
        None => Ok(()),
    }
}

/// The pusher's role on the event, read again under the event's lock when
/// it pushes. Pushes to one event wait for each other, whichever process
/// took them: what is read next stays true until this one commits, and
/// sequence numbers are committed in order. A pull only reads.
fn role_to_push(
    tx: &Conn,
    event: EventId,
    by: Pusher,
    pushed: &[Record],
) -> Result<Role, ApiError> {
    if pushed.is_empty() {
        return Ok(by.role);
    }
    lock_event(tx, &event.to_string())?;
    // Access again, under the lock: an undo or a revocation that held it
    // while this push waited has committed by now, and its phone writes
    // nothing more.
    let now = authorize(tx, by.token_hash, event)?;
    if !now.writes() {
        return Err(ApiError::ReadOnly);
    }
    Ok(now)
}

/// What a push reads of its event first.
struct Head {
    /// The last sequence number. SQLite integers are i64; sequence
    /// numbers never come near the limit.
    seq: i64,
    /// How many records it holds.
    count: i64,
    /// Its unit.
    unit: Option<String>,
    /// Whether it is a unit's ledger.
    ledger: bool,
}

fn event_head(tx: &Conn, event_key: &str) -> Result<Head, ApiError> {
    let row = tx
        .query_row(
            "SELECT seq, record_count, unit, kind FROM events WHERE id = ?1",
            params![event_key],
        )?
        .ok_or(ApiError::NotFound)?;
    Ok(Head {
        seq: row.get("seq")?,
        count: row.get("record_count")?,
        unit: row.get("unit")?,
        ledger: row.get::<String>("kind")? == "ledger",
    })
}

/// Asks the rule book about each pushed record in turn, with what it needs
/// loaded (the stored copies in one query; a tally's phone's claim; the
/// tallies the pusher brought in, once, when first needed), and keeps what
/// it answers. Returns the implausible tally that rejected the push, if
/// one did; other rejections are errors.
fn judge_and_keep(
    tx: &Conn,
    round: &Round,
    mut pusher: push::Pusher,
    pushed: &[Record],
    kept: &mut Kept,
) -> Result<Option<(String, Vec<FieldChange>)>, ApiError> {
    let mut stored_bodies = stored(tx, round.event, pushed)?;
    let mut introduced_loaded = false;
    for record in pushed {
        let key = record.key().to_string();
        let stored = parse_stored(&key, stored_bodies.remove(&key))?;
        let owner_claimed = match pusher.owner_to_check(record) {
            Some(owner) => device_claimed(tx, round.event, &owner.to_string())?,
            None => false,
        };
        let asked = push::Pushed {
            record,
            stored: stored.as_ref(),
            owner_claimed,
        };
        if asked.introduces(&pusher) && !introduced_loaded {
            pusher.introduced =
                tallies_introduced(tx, round.event, round.device, round.by.token_hash)?;
            introduced_loaded = true;
        }
        let verdict = push::verdict(&pusher, asked)
            .map_err(|_| ApiError::Internal(format!("record {key} changed kind")))?;
        pusher = pusher.after(&verdict);
        match verdict {
            Verdict::Merge(merge) => kept.merge(tx, round, key, merge)?,
            Verdict::LeaveOut { refused } => kept.leave_out(tx, round, key, &refused)?,
            Verdict::Reject(Rejection::Implausible { refused }) => return Ok(Some((key, refused))),
            // Dropping the transaction rolls the whole push back.
            Verdict::Reject(Rejection::EventFull) => return Err(ApiError::EventFull),
            Verdict::Reject(Rejection::SubmissionChanged) => {
                return Err(ApiError::BadRequest(format!(
                    "{key}: a submitted report is never changed"
                )))
            }
        }
    }
    Ok(None)
}

/// A stored record's JSON, read.
fn parse_stored(key: &str, body: Option<String>) -> Result<Option<Record>, ApiError> {
    body.map(|body| serde_json::from_str(&body))
        .transpose()
        .map_err(|e| ApiError::Internal(format!("stored record {key}: {e}")))
}

/// What a push keeps: the records it writes, the history entries it adds,
/// what it acks, and the event's counters after it.
struct Kept {
    /// Every entry of this push: by its token, received then; written in
    /// batches before the push commits.
    log: Log,
    /// Changed records: key, JSON, sequence number.
    writes: Vec<(String, String, i64)>,
    acked: Vec<String>,
    seq: i64,
    count: i64,
    changed: usize,
    /// History entries that count against the pusher's quota.
    added: u64,
}

impl Kept {
    fn new(officer: &str, seq: i64, count: i64, pushed: usize) -> Kept {
        Kept {
            log: Log::by(officer),
            writes: Vec::new(),
            acked: Vec::with_capacity(pushed),
            seq,
            count,
            changed: 0,
            added: 0,
        }
    }

    /// Logs `fields` of `key` with `outcome`; returns how many entries
    /// that kept.
    fn log(
        &mut self,
        tx: &Conn,
        round: &Round,
        key: &str,
        fields: &[FieldChange],
        outcome: Outcome,
    ) -> Result<u64, ApiError> {
        let by = round.by.token_hash;
        self.log
            .add(tx, round.event, key, fields, outcome, by, round.received_at)
    }

    /// Keeps a merged record: what was refused of it, the record if it
    /// changed (with a new sequence number), what it changed, and what of
    /// it lost to a later write.
    fn merge(&mut self, tx: &Conn, round: &Round, key: String, m: Merge) -> Result<(), ApiError> {
        self.added += self.log(tx, round, &key, &m.refused, Outcome::Refused)?;
        if let Record::Submission(sub) = &m.pushed {
            let id = sub.id.to_string();
            let (at, officer) = (sub.submitted_at.value, &sub.officer.value);
            units::record_submission(tx, round.event, &id, at, officer)?;
        }
        self.count += i64::from(m.new);
        if m.changed {
            self.seq += 1;
            self.changed += 1;
            let body =
                serde_json::to_string(&m.record).map_err(|e| ApiError::Internal(e.to_string()))?;
            self.writes.push((key.clone(), body, self.seq));
            let n = self.log(tx, round, &key, &m.applied, Outcome::Applied)?;
            // A creation's marker is bounded by the record quota already.
            if !m.new {
                self.added += n;
            }
        }
        self.added += self.log(tx, round, &key, &m.lost, Outcome::Lost)?;
        self.acked.push(key);
        Ok(())
    }

    /// Acks a record left out of the push, its attempt kept as refused.
    fn leave_out(
        &mut self,
        tx: &Conn,
        round: &Round,
        key: String,
        refused: &[FieldChange],
    ) -> Result<(), ApiError> {
        self.added += self.log(tx, round, &key, refused, Outcome::Refused)?;
        self.acked.push(key);
        Ok(())
    }

    /// Writes what the push keeps: its records, its history, the pusher's
    /// use of its quota and, for a push, the event's counters.
    fn store(
        &mut self,
        tx: &Conn,
        round: &Round,
        quota_key: &str,
        push: bool,
    ) -> Result<(), ApiError> {
        write_records(tx, round.event, &self.writes)?;
        self.log.flush(tx)?;
        history::note_use(tx, round.event, quota_key, self.added)?;
        if push {
            tx.execute(
                "UPDATE events SET seq = ?2, record_count = ?3 WHERE id = ?1",
                params![round.event, self.seq, self.count],
            )?;
        }
        Ok(())
    }
}

/// A push rejected for an implausible tally: nothing of it is stored, and
/// only the refusal is kept (what the push had logged goes with it), in
/// the event's order as every entry is (history pages by id).
fn keep_only_the_refusal(
    conn: &mut Conn,
    round: &Round,
    quota_key: &str,
    key: &str,
    refused: &[FieldChange],
) -> Result<Synced, ApiError> {
    let tx = conn.transaction()?;
    lock_event(&tx, round.event)?;
    let mut kept = Kept::new(round.by.officer, 0, 0, 0);
    kept.added = kept.log(&tx, round, key, refused, Outcome::Refused)?;
    kept.log.flush(&tx)?;
    history::note_use(&tx, round.event, quota_key, kept.added)?;
    tx.commit()?;
    let why = if key.starts_with("movement/") {
        "a year beyond the rule book's limits"
    } else {
        "more than a gate counts between two syncs"
    };
    Err(ApiError::Implausible(format!("{key}: {why}")))
}
