//! Writing records the officer changed: a local change, merged into what
//! is stored, and a restamp, written over it.

use super::change::coalesce;
use super::clock::change_mark;
use super::copies::copy_of_all;
use super::encoding::encode_json;
use super::outbox::mark_all_waiting;
use super::ranges::record_key;
use super::requests::put_text;
use super::Writer;
use crate::error::AppError;
use domain::{EventId, Hlc, Record};

impl Writer {
    /// A local change: merges `records` into event `event`, marks them for
    /// the next sync, and saves `clock`, in one transaction. Returns the
    /// records as stored (merged with what was there), which the caller
    /// applies to its in-memory state.
    pub async fn commit(
        &self,
        event: EventId,
        records: &[Record],
        clock: &Hlc,
    ) -> Result<Vec<Record>, AppError> {
        // Which change last touched each record: a sync acknowledges a record
        // only if no later change came meanwhile.
        let mark = change_mark(clock);
        let copy = copy_of_all(event, records);
        self.write_change(clock, copy.as_deref(), async |stores| {
            let records = coalesce(records)?;
            let keys = records.iter().map(|r| record_key(event, r)).collect();
            let (stored, _) = futures::future::try_join(
                stores.merge_coalesced(event, &records),
                mark_all_waiting(&stores.outbox, event, keys, &mark, 1),
            )
            .await?;
            Ok(stored)
        })
        .await
    }

    /// Overwrites records with restamped copies (a clock that ran ahead was
    /// brought back: merging would keep the wrong future stamps), marks them
    /// for the next sync and saves the clock, in one transaction.
    pub async fn replace(
        &self,
        event: EventId,
        records: &[Record],
        clock: &Hlc,
    ) -> Result<(), AppError> {
        let mark = change_mark(clock);
        self.write_change(clock, None, async |stores| {
            stores.overwritten.set(true);
            let puts = futures::future::try_join_all(records.iter().map(|r| async {
                match r {
                    Record::Event(_) => {
                        put_text(&stores.events, event.to_string(), encode_json(r)).await
                    }
                    _ => {
                        let key = record_key(event, r);
                        stores.put_record(key, encode_json(r)).await
                    }
                }
            }));
            let keys = records.iter().map(|r| record_key(event, r)).collect();
            futures::future::try_join(
                puts,
                mark_all_waiting(&stores.outbox, event, keys, &mark, 0),
            )
            .await?;
            Ok(())
        })
        .await
    }
}
