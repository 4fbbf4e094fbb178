//! The change history's writing side: the entries of one write, kept and
//! then written in batches.

use super::sql::{BatchInsert, Conn, Param};
use crate::error::ApiError;
use crate::params;
use domain::history::undo::Outcome;
use domain::history::FieldChange;

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
