//! The sync side of storage: the outbox of unacknowledged changes, each
//! shared event's link to the server, and applying what the server sent.

use super::{
    all_entries, all_texts, bytes_value, decode_json, encode_json, event_range, failed, get_bytes,
    get_text, put_text, Db, STORE_DEVICE, STORE_OUTBOX, STORE_SYNC,
};
use crate::error::AppError;
use domain::protocol::AccessGrant;
use domain::{EventId, Hlc, Record};
use indexed_db_futures::prelude::*;
use serde::{Deserialize, Serialize};

/// A shared event's link to the server, kept on this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncLink {
    /// The access the server granted: token, code, QR.
    pub grant: AccessGrant,
    /// Where this phone has read the server's changes up to.
    pub cursor: u64,
    /// Push every record at the next sync: the event was just shared, and
    /// changes made before that are not in the outbox.
    pub push_all: bool,
    /// When a sync last succeeded (Unix ms).
    pub last_success_ms: Option<u64>,
    /// The unit the event was shared under (or attached to), if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// The sync protocol `cursor` was read under (0 for links saved before
    /// this was kept). An older app was sent records in the shape it reads,
    /// which may hold less (a restoration, a tally set aside); once the app
    /// speaks a newer protocol it reads the event again from the start.
    #[serde(default)]
    pub protocol: u32,
}

impl SyncLink {
    /// A new link: nothing read yet; `push_all` when this phone shares the
    /// event (its earlier changes are not in the outbox).
    pub fn new(grant: AccessGrant, push_all: bool) -> SyncLink {
        SyncLink {
            grant,
            cursor: 0,
            push_all,
            last_success_ms: None,
            unit: None,
            protocol: domain::protocol::PROTOCOL,
        }
    }

    /// A link read under an older protocol starts again from the cursor 0
    /// under this one: merging what it already has changes nothing, and
    /// what the older shape left out comes in.
    pub fn upgrade_protocol(&mut self) {
        if self.protocol < domain::protocol::PROTOCOL {
            self.cursor = 0;
            self.protocol = domain::protocol::PROTOCOL;
        }
    }
}

/// This phone's enrolment in a unit: it acts for that unit on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    /// The phone's token for the unit's routes.
    pub token: String,
    /// The unit.
    pub unit: domain::unit::Unit,
    /// What the server last said of it (the units below, the deadline),
    /// for when there is no connection.
    #[serde(default)]
    pub home: Option<domain::protocol::UnitHome>,
}

/// Where the enrolment is kept in the `device` store. Like a claim, never
/// in a bundle or a file.
const ENROLMENT_KEY: &str = "unit";

/// One unacknowledged change: its outbox key and the mark of the commit that made it.
pub type Pending = (String, String);

/// Where an event's claim is kept in the `device` store: the proof that this
/// phone created the event ([`domain::EventId::new_claimed`]). Never in a
/// bundle or a file.
fn claim_key(event: EventId) -> String {
    format!("claim/{event}")
}

impl Db {
    /// The claim of an event this phone created, if it has one.
    pub async fn claim(&self, event: EventId) -> Result<Option<String>, AppError> {
        let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        get_text(&store, claim_key(event)).await
    }

    /// Keeps an event's claim (before the event itself is first written).
    pub async fn save_claim(&self, event: EventId, claim: &str) -> Result<(), AppError> {
        self.put_one(STORE_DEVICE, claim_key(event), claim.into())
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
        let mark = super::change_mark(clock);
        self.write_change(clock, None, async |stores| {
            stores.overwritten.set(true);
            let puts = futures::future::try_join_all(records.iter().map(|r| async {
                match r {
                    Record::Event(_) => {
                        put_text(&stores.events, event.to_string(), encode_json(r)).await
                    }
                    _ => {
                        let key = super::record_key(event, r);
                        stores.put_record(key, encode_json(r)).await
                    }
                }
            }));
            let keys = records
                .iter()
                .map(|r| super::record_key(event, r))
                .collect();
            futures::future::try_join(
                puts,
                super::mark_all_waiting(&stores.outbox, event, keys, &mark, 0),
            )
            .await?;
            Ok(())
        })
        .await
    }

    /// This phone's enrolment in a unit, if any.
    pub async fn enrolment(&self) -> Result<Option<Enrolled>, AppError> {
        let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        let text: Option<String> = get_text(&store, ENROLMENT_KEY.to_string()).await?;
        text.map(|t| decode_json(&t)).transpose()
    }

    /// Keeps this phone's enrolment (after enrolling, or a fresh home).
    pub async fn save_enrolment(&self, enrolled: &Enrolled) -> Result<(), AppError> {
        self.put_one(
            STORE_DEVICE,
            ENROLMENT_KEY.to_string(),
            encode_json(enrolled).into(),
        )
        .await
    }

    /// Forgets this phone's enrolment (the officer signs the phone out).
    pub async fn forget_enrolment(&self) -> Result<(), AppError> {
        let tx = self.write_tx(&[STORE_DEVICE])?;
        let raw_tx: wasm_bindgen::JsValue = indexed_db_futures::internals::SystemRepr::as_sys(&tx)
            .clone()
            .into();
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        drop(store.delete(ENROLMENT_KEY).primitive().map_err(failed)?);
        super::finish(tx, &raw_tx).await
    }

    /// A copy of something the server answered, kept for offline use
    /// (the level above's dashboard): its JSON, if any, as UTF-8 bytes.
    pub async fn cached(&self, key: &str) -> Result<Option<Vec<u8>>, AppError> {
        let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        get_bytes(&store, format!("cache/{key}")).await
    }

    /// Keeps a copy of a server's answer (its JSON) for offline use.
    pub async fn save_cached(&self, key: &str, json: &[u8]) -> Result<(), AppError> {
        self.put_one(STORE_DEVICE, format!("cache/{key}"), bytes_value(json))
            .await
    }

    /// The event's link to the server, if it is shared.
    pub async fn link(&self, event: EventId) -> Result<Option<SyncLink>, AppError> {
        let tx = self.db.transaction(STORE_SYNC).build().map_err(failed)?;
        let store = tx.object_store(STORE_SYNC).map_err(failed)?;
        let text: Option<String> = get_text(&store, event.to_string()).await?;
        text.map(|t| decode_json(&t)).transpose()
    }

    /// Every shared event's link.
    pub async fn links(&self) -> Result<Vec<SyncLink>, AppError> {
        let tx = self.db.transaction(STORE_SYNC).build().map_err(failed)?;
        let store = tx.object_store(STORE_SYNC).map_err(failed)?;
        all_texts(&store, None)
            .await?
            .iter()
            .map(|t| decode_json(t))
            .collect()
    }

    /// Saves a link (after sharing, joining or a sync).
    pub async fn save_link(&self, link: &SyncLink) -> Result<(), AppError> {
        self.put_one(
            STORE_SYNC,
            link.grant.event.to_string(),
            encode_json(link).into(),
        )
        .await
    }

    /// The event's unacknowledged changes, with their commit marks.
    pub async fn outbox(&self, event: EventId) -> Result<Vec<Pending>, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        all_entries(&store, || event_range(event)).await
    }

    /// This phone's changes of one record (`kind/id`) that wait for the
    /// server: when the latest was made (Unix ms) and how many — what
    /// "Lịch sử" can say with no connection.
    pub async fn pending_of(
        &self,
        event: EventId,
        record: &str,
    ) -> Result<Option<(u64, u32)>, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        let entry = get_text(&store, format!("{event}/{record}")).await?;
        Ok(entry.map(|e| {
            // "<wall>.<counter>|<n>": the commit mark is the phone's clock.
            let wall = e.split(['.', '|']).next().and_then(|w| w.parse().ok());
            (wall.unwrap_or(0), super::waiting_changes(&e))
        }))
    }

    /// How many changes the officer made that wait for the server (not how
    /// many records they touched).
    pub async fn pending_count(&self, event: EventId) -> Result<u32, AppError> {
        let tx = self.db.transaction(STORE_OUTBOX).build().map_err(failed)?;
        let store = tx.object_store(STORE_OUTBOX).map_err(failed)?;
        let entries = all_texts(&store, Some(event_range(event))).await?;
        Ok(entries.iter().map(|e| super::waiting_changes(e)).sum())
    }

    /// What a sync brought back, in one transaction: merges the server's
    /// records, drops the outbox entries the server acknowledged (unless a
    /// later change came meanwhile), saves the link's new cursor and the clock.
    pub async fn apply_remote(
        &self,
        event: EventId,
        records: &[Record],
        settled: &[Pending],
        link: &SyncLink,
        clock: &Hlc,
    ) -> Result<Vec<Record>, AppError> {
        self.write_change(clock, None, async |stores| {
            let stored = stores.merge_all(event, records).await?;
            // Keys are distinct (they come from the outbox): checked together.
            futures::future::try_join_all(settled.iter().map(|(key, mark)| async {
                if get_text(&stores.outbox, key.clone()).await?.as_ref() == Some(mark) {
                    stores
                        .outbox
                        .delete(key.clone())
                        .primitive()
                        .map_err(failed)?
                        .await
                        .map_err(failed)?;
                }
                Ok::<_, AppError>(())
            }))
            .await?;
            put_text(&stores.sync, event.to_string(), encode_json(link)).await?;
            Ok(stored)
        })
        .await
    }
}
