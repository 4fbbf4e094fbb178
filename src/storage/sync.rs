//! The sync side of storage: each shared event's link to the server, and
//! applying what the server sent.

use super::encoding::{decode_json, encode_json};
use super::outbox::Pending;
use super::requests::{all_texts, failed, get_text, put_text};
use super::{Db, Writer, STORE_SYNC};
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

impl Db {
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
}

impl Writer {
    /// Saves a link (after sharing, joining or a sync).
    pub async fn save_link(&self, link: &SyncLink) -> Result<(), AppError> {
        self.put_one(
            STORE_SYNC,
            link.grant.event.to_string(),
            encode_json(link).into(),
        )
        .await
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
