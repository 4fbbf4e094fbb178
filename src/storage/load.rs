//! Reading events: the list of them, and one event, whole or the kinds a
//! screen shows.

use super::encoding::{decode, decode_json};
use super::ranges::{decode_joined, event_range, kinds_records};
use super::requests::{all_joined, all_texts, corrupt, failed, get_text};
use super::{Db, STORE_EVENTS, STORE_RECORDS};
use crate::error::AppError;
use domain::{EventId, EventMeta, EventState, RecordKind};
use indexed_db_futures::prelude::*;

impl Db {
    /// The events on this phone, newest date first; deleted ones left out.
    pub async fn events(&self) -> Result<Vec<EventMeta>, AppError> {
        let tx = self.db.transaction(STORE_EVENTS).build().map_err(failed)?;
        let store = tx.object_store(STORE_EVENTS).map_err(failed)?;
        let texts = all_texts(&store, None).await?;
        let mut events = Vec::with_capacity(texts.len());
        for text in texts {
            let EventRecord::Event(meta) = decode_json(&text)?;
            if !meta.removed.is_removed() {
                events.push(meta);
            }
        }
        events.sort_by(|a, b| {
            b.date
                .value
                .cmp(&a.date.value)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(events)
    }

    /// Loads one event with all its records.
    pub async fn load_event(&self, id: EventId) -> Result<EventState, AppError> {
        self.load(id, None).await
    }

    /// Loads one event with only the records of `kinds` (and its own): a
    /// screen reads what it shows, and the rest stays here until another
    /// screen needs it ([`Db::records_of`]). Records are keyed by kind, so
    /// each kind is one key range, all read at once.
    pub async fn load_event_holding(
        &self,
        id: EventId,
        kinds: &[RecordKind],
    ) -> Result<EventState, AppError> {
        self.load(id, Some(kinds)).await
    }

    /// Loads a unit's ledger (`EventId::ledger`) holding the records of
    /// `kinds`: a document with no event record, empty until something is
    /// typed or synced in.
    pub async fn load_ledger(
        &self,
        id: EventId,
        kinds: &[RecordKind],
    ) -> Result<EventState, AppError> {
        self.read_document(id, Some(kinds), false).await
    }

    /// Loads a whole document, an event or a ledger: empty if this phone
    /// holds nothing of it yet (a joined event before its first pull).
    pub async fn load_document(&self, id: EventId) -> Result<EventState, AppError> {
        self.read_document(id, None, false).await
    }

    /// Loads one event: the records of `kinds`, or all.
    async fn load(
        &self,
        id: EventId,
        kinds: Option<&[RecordKind]>,
    ) -> Result<EventState, AppError> {
        self.read_document(id, kinds, true).await
    }

    /// Loads one document: an event (its event record required) or a
    /// ledger (none).
    async fn read_document(
        &self,
        id: EventId,
        kinds: Option<&[RecordKind]>,
        is_event: bool,
    ) -> Result<EventState, AppError> {
        let tx = self
            .db
            .transaction([STORE_EVENTS, STORE_RECORDS])
            .build()
            .map_err(failed)?;
        let events = tx.object_store(STORE_EVENTS).map_err(failed)?;
        let records = tx.object_store(STORE_RECORDS).map_err(failed)?;
        let read = async {
            match kinds {
                Some(kinds) => kinds_records(&records, id, kinds).await,
                None => decode_joined(&[all_joined(&records, event_range(id)).await?]),
            }
        };
        let (meta, read) =
            futures::future::try_join(get_text(&events, id.to_string()), read).await?;
        let meta = match meta {
            Some(text) => Some(decode(&text)?),
            None if is_event => return Err(AppError::EventNotFound),
            None => None,
        };
        let mut state = match kinds {
            Some(kinds) => EventState::holding(id, kinds),
            None => EventState::empty(id),
        };
        for record in meta.into_iter().chain(read) {
            state.apply(record).map_err(corrupt)?;
        }
        Ok(state)
    }
}

/// A record of the events store read as what it always is, the event's
/// own: the event list (the first screen) then needs no code to read the
/// other kinds of record. Only `Record::Event` is ever written there
/// (`Stores::merge` picks the store by kind), so anything else is corrupt.
#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum EventRecord {
    Event(EventMeta),
}
