//! What this phone keeps of its own in `device`, never in a bundle or a
//! file: the claims of the events it created, the unit it is enrolled in,
//! and the server's answers kept for offline use.

use super::encoding::{decode_json, encode_json};
use super::requests::{bytes_value, failed, finish, get_bytes, get_text};
use super::{Db, Writer, STORE_DEVICE};
use crate::error::AppError;
use domain::EventId;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

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

    /// This phone's enrolment in a unit, if any.
    pub async fn enrolment(&self) -> Result<Option<Enrolled>, AppError> {
        let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        let text: Option<String> = get_text(&store, ENROLMENT_KEY.to_string()).await?;
        text.map(|t| decode_json(&t)).transpose()
    }

    /// A copy of something the server answered, kept for offline use
    /// (the level above's dashboard): its JSON, if any, as UTF-8 bytes.
    pub async fn cached(&self, key: &str) -> Result<Option<Vec<u8>>, AppError> {
        let tx = self.db.transaction(STORE_DEVICE).build().map_err(failed)?;
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        get_bytes(&store, format!("cache/{key}")).await
    }
}

impl Writer {
    /// Keeps an event's claim (before the event itself is first written).
    pub async fn save_claim(&self, event: EventId, claim: &str) -> Result<(), AppError> {
        self.put_one(STORE_DEVICE, claim_key(event), claim.into())
            .await
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
        let raw_tx: JsValue = tx.as_sys().clone().into();
        let store = tx.object_store(STORE_DEVICE).map_err(failed)?;
        drop(store.delete(ENROLMENT_KEY).primitive().map_err(failed)?);
        finish(tx, &raw_tx).await
    }

    /// Keeps a copy of a server's answer (its JSON) for offline use.
    pub async fn save_cached(&self, key: &str, json: &[u8]) -> Result<(), AppError> {
        self.put_one(STORE_DEVICE, format!("cache/{key}"), bytes_value(json))
            .await
    }
}
