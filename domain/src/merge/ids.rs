//! The identities of events and of list entries.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The identity of one Ngày hội, chosen at random by the phone that created it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub Uuid);

impl EventId {
    /// A fresh random event id.
    pub fn random() -> Self {
        EventId(Uuid::new_v4())
    }

    /// Parses the text form used in URLs.
    pub fn parse(s: &str) -> Option<EventId> {
        Uuid::parse_str(s).ok().map(EventId)
    }

    /// A new event's id and its claim: the id is derived from the claim (a
    /// UUID v8 of its SHA-256), and the claim stays on the creating phone.
    /// Showing the claim to the server proves a phone created the event, so
    /// nobody who only saw the id (in a file, a link) can register it first.
    pub fn new_claimed() -> (EventId, String) {
        let claim = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        (EventId::from_claim(&claim), claim)
    }

    /// The id a claim stands for.
    pub fn from_claim(claim: &str) -> EventId {
        EventId::hashed("ngayhoi-event:", claim)
    }

    /// Whether the id was derived from a claim (events created before claims
    /// have random ids, which any claim may register first).
    pub fn is_claimed(&self) -> bool {
        self.0.get_version_num() == 8
    }

    /// Whether `claim` proves this event's creation: the id derives from it,
    /// or the id predates claims.
    pub fn accepts_claim(&self, claim: &str) -> bool {
        !self.is_claimed() || *self == EventId::from_claim(claim)
    }

    /// The id of a unit's ledger ("Sổ phong trào"): the document holding
    /// its figures year by year and its register of models. Derived from
    /// the unit's code, so every phone of the unit (and the server) names
    /// the same document without asking; the prefix differs from a claim's,
    /// so no claim can stand for a ledger.
    pub fn ledger(unit_code: &str) -> EventId {
        EventId::hashed("ngayhoi-ledger:", unit_code)
    }

    /// Whether this is the ledger of the unit `code`.
    pub fn is_ledger_of(&self, code: &str) -> bool {
        *self == EventId::ledger(code)
    }

    /// A UUID v8 of the first 16 bytes of SHA-256 of `prefix` + `text`.
    fn hashed(prefix: &str, text: &str) -> EventId {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(prefix.as_bytes())
            .chain_update(text.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        EventId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod claim_tests {
    use super::EventId;

    #[test]
    fn an_id_is_claimed_only_by_its_own_claim() {
        let (id, claim) = EventId::new_claimed();
        assert!(id.is_claimed());
        assert!(id.accepts_claim(&claim));
        let (_, other) = EventId::new_claimed();
        assert!(!id.accepts_claim(&other));
        assert_eq!(id, EventId::from_claim(&claim));
        let legacy = EventId::random();
        assert!(!legacy.is_claimed() && legacy.accepts_claim(&other));
    }

    #[test]
    fn a_ledger_is_named_by_its_units_code_and_by_no_claim() {
        let ledger = EventId::ledger("05836");
        assert_eq!(ledger, EventId::ledger("05836"));
        assert_ne!(ledger, EventId::ledger("05842"));
        assert!(ledger.is_ledger_of("05836") && !ledger.is_ledger_of("05842"));
        assert_eq!(ledger.0.get_version_num(), 8);
        // The same text as a claim names another document.
        assert_ne!(ledger, EventId::from_claim("05836"));
        assert!(!ledger.accepts_claim("05836"));
    }
}

/// The identity of one list entry. Time-ordered (UUID version 7 built from
/// the creating write's wall time), so sorting by id lists entries in the
/// order they were added on any phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub Uuid);

impl ItemId {
    /// A fresh id for an entry created at `unix_ms`.
    pub fn new(unix_ms: u64) -> Self {
        let mut bytes = *Uuid::new_v4().as_bytes();
        bytes[..6].copy_from_slice(&unix_ms.to_be_bytes()[2..]);
        // Version 7; the v4 variant bits already say RFC 4122.
        bytes[6] = (bytes[6] & 0x0f) | 0x70;
        ItemId(Uuid::from_bytes(bytes))
    }

    /// Parses the text form used in URLs and element ids.
    pub fn parse(s: &str) -> Option<ItemId> {
        Uuid::parse_str(s).ok().map(ItemId)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ItemId {
    /// An id derived from an event's and a name within it (version 8,
    /// custom): every phone computes the same, so two phones creating "the
    /// same" entry (a standard decoration job, a part of the report) make
    /// one record, not two.
    pub fn derived(event: EventId, kind: &[u8], part: &[u8]) -> ItemId {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(event.0.as_bytes())
            .chain_update(kind)
            .chain_update(part)
            .finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        // Version 8 (custom), RFC 4122 variant.
        bytes[6] = (bytes[6] & 0x0f) | 0x80;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        ItemId(Uuid::from_bytes(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_creation_time() {
        let a = ItemId::new(1_787_099_400_000);
        let b = ItemId::new(1_787_099_400_001);
        assert!(a < b);
        assert_eq!(a.0.get_version_num(), 7);
        assert_eq!(ItemId::parse(&a.to_string()), Some(a));
    }
}
