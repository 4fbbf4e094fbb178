//! Records: the unit of storage and of exchange between phones.
//!
//! An event is a set of records, each identified by its kind and id. Storing,
//! syncing and importing all come down to merging records one by one.

pub mod award;
pub mod banner;
pub mod budget;
pub mod decoration;
pub mod event;
pub mod forum;
pub mod headcount;
pub mod invitee;
pub mod model;
pub mod movement;
pub mod outreach;
pub mod program;
pub mod report;
pub mod review;
pub mod submission;

use crate::merge::replica::Replica;
use crate::{error::DomainError, merge::clock::Stamp};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What ties a kind's type to its record: generated from the kinds list
/// for every kind.
pub trait Kind: Sized {
    /// The record kind it is stored and exchanged as.
    const KIND: RecordKind;
    /// Wraps it as a record.
    fn into_record(self) -> Record;
    /// Unwraps a record of this kind.
    fn from_record(record: &Record) -> Option<&Self>;
}

/// The one list of record kinds. It generates [`RecordKind`] (with
/// [`RecordKind::ALL`] and [`RecordKind::as_str`]), [`Record`], each kind's
/// [`Kind`] impl, and `each_kind!`, which runs code on the value inside any
/// record through its [`Replica`] impl. Adding a kind is its file (its
/// type, with `item!` for a list kind) plus one line here.
///
/// `$d` is a literal `$`, passed in so the inner macro can have variables.
macro_rules! record_kinds {
    (
        $d:tt
        kinds { $( $(#[doc = $doc:literal])* $kind:ident($ty:ty) = $name:literal, )* }
    ) => {
        $(
            impl Kind for $ty {
                const KIND: RecordKind = RecordKind::$kind;
                fn into_record(self) -> Record {
                    Record::$kind(self)
                }
                fn from_record(record: &Record) -> Option<&Self> {
                    match record {
                        Record::$kind(x) => Some(x),
                        _ => None,
                    }
                }
            }
        )*

        /// What a record describes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RecordKind {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $kind, )*
        }

        /// Every kind's name, in [`RecordKind::ALL`]'s order.
        const KIND_NAMES: [&str; RecordKind::ALL.len()] = [ $( $name, )* ];

        impl RecordKind {
            /// Every kind.
            pub const ALL: &'static [RecordKind] = &[
                $( RecordKind::$kind, )*
            ];

            /// The kind named `name` (as in storage keys and bundles).
            pub fn from_name(name: &str) -> Option<RecordKind> {
                RecordKind::ALL.iter().copied().find(|k| k.as_str() == name)
            }

            /// The name used in storage keys and bundles.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( RecordKind::$kind => $name, )*
                }
            }
        }

        /// One record, tagged by kind: `{"step": {...fields}}`.
        ///
        /// Externally tagged on purpose: serde reads it in one pass, where an
        /// internal `"kind"` tag would buffer every record and double the
        /// parsing code shipped to phones.
        ///
        /// Read by hand rather than derived: serde's derive puts every kind's
        /// reading into one function (52 KB of wasm), and a phone compiles a
        /// wasm function whole the first time it runs — so opening run mode,
        /// which reads four kinds, paid for all twelve. Here each kind is
        /// read in a function of its own ([`kind_fields`]), compiled only
        /// when a record of that kind first comes. Same input accepted, same
        /// errors: the tag is read as the derive reads it ([`KindTag`]).
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub enum Record {
            $( $(#[doc = $doc])* #[serde(rename = $name)] $kind($ty), )*
        }

        impl<'de> Deserialize<'de> for Record {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct RecordVisitor;
                impl<'de> serde::de::Visitor<'de> for RecordVisitor {
                    type Value = Record;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("enum Record")
                    }
                    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Record, A::Error> {
                        let (kind, fields) = data.variant_seed(KindTag)?;
                        match kind {
                            $( RecordKind::$kind => kind_fields(fields).map(Record::$kind), )*
                        }
                    }
                }
                deserializer.deserialize_enum("Record", &KIND_NAMES, RecordVisitor)
            }
        }

        /// Runs `$body` with `$x` bound to the value inside `$record`, of
        /// whichever kind.
        macro_rules! each_kind {
            ($d record:expr, $d x:ident => $d body:expr) => {
                match $d record {
                    $( Record::$kind($d x) => $d body, )*
                }
            };
        }

        /// Runs `$body` with `$a` and `$b` bound to the values inside two
        /// records of the same kind; `$other` for two kinds.
        macro_rules! each_pair {
            ($d left:expr, $d right:expr, $d a:ident, $d b:ident => $d body:expr, _ => $d other:expr) => {
                match ($d left, $d right) {
                    $( (Record::$kind($d a), Record::$kind($d b)) => $d body, )*
                    _ => $d other,
                }
            };
        }
    };
}

record_kinds! {
    $
    kinds {
        /// The event's own fields.
        Event(event::EventMeta) = "event",
        /// A step of the program.
        Step(program::Step) = "step",
        /// One device's share of the gate headcount.
        Headcount(headcount::Tally) = "headcount",
        /// The banner as edited (one per event, with the event's id).
        Banner(banner::Banner) = "banner",
        /// A decoration job.
        Decoration(decoration::Decoration) = "decoration",
        /// A person on the named list.
        Invitee(invitee::Invitee) = "invitee",
        /// A hand-in or service at the outreach table.
        Outreach(outreach::Outreach) = "outreach",
        /// An opinion raised at the forum.
        Opinion(forum::Opinion) = "opinion",
        /// An award.
        Award(award::Award) = "award",
        /// A budget line.
        Budget(budget::BudgetLine) = "budget",
        /// One part of the report as the officer wrote it.
        Report(report::ReportText) = "report",
        /// The report as submitted to the level above, once.
        Submission(submission::Submission) = "submission",
        /// One unit's figures of one year, in a unit's ledger.
        Movement(movement::Movement) = "movement",
        /// A model ("mô hình, điển hình tiên tiến"), in a unit's ledger.
        Model(model::Model) = "model",
        /// One part of a period review as the unit wrote it, in its ledger.
        Review(review::ReviewText) = "review",
    }
}

impl RecordKind {
    /// The first bundle version that carries the kind at all: 3 for a
    /// unit's ledger's kinds, 1 for the rest. An app that knows an older
    /// version refuses a bundle holding a kind it does not know, so an
    /// answer holding one must say so.
    pub fn first_version(self) -> u32 {
        match self {
            RecordKind::Movement | RecordKind::Model | RecordKind::Review => 3,
            RecordKind::Event
            | RecordKind::Step
            | RecordKind::Headcount
            | RecordKind::Banner
            | RecordKind::Decoration
            | RecordKind::Invitee
            | RecordKind::Outreach
            | RecordKind::Opinion
            | RecordKind::Award
            | RecordKind::Budget
            | RecordKind::Report
            | RecordKind::Submission => 1,
        }
    }
}

/// A record's tag, read as serde's derive reads a variant's name: an
/// identifier (a string, its bytes, or its index), never any other value.
struct KindTag;

impl<'de> serde::de::DeserializeSeed<'de> for KindTag {
    type Value = RecordKind;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RecordKind, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KindTag {
    type Value = RecordKind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RecordKind, E> {
        RecordKind::from_name(name).ok_or_else(|| E::unknown_variant(name, &KIND_NAMES))
    }

    fn visit_bytes<E: serde::de::Error>(self, name: &[u8]) -> Result<RecordKind, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::unknown_variant(
                &String::from_utf8_lossy(name),
                &KIND_NAMES,
            )),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, index: u64) -> Result<RecordKind, E> {
        usize::try_from(index)
            .ok()
            .and_then(|i| RecordKind::ALL.get(i).copied())
            .ok_or_else(|| {
                let expected = format!("variant index 0 <= i < {}", RecordKind::ALL.len());
                E::invalid_value(serde::de::Unexpected::Unsigned(index), &expected.as_str())
            })
    }
}

/// Reads one kind's fields. Not inlined (by LLVM: `inline(never)`; by
/// wasm-opt: its `-ocimfs` limit in scripts/wasm-split.sh), so that each
/// kind's reading stays a function of its own (see [`Record`]'s reader).
#[inline(never)]
fn kind_fields<'de, A, T>(fields: A) -> Result<T, A::Error>
where
    A: serde::de::VariantAccess<'de>,
    T: Deserialize<'de>,
{
    fields.newtype_variant()
}

/// A record's identity within its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    /// What it describes.
    pub kind: RecordKind,
    /// Its id: the event's, the step's, or the counting device's.
    pub id: Uuid,
}

impl RecordKey {
    /// Parses the `kind/id` form [`RecordKey`] displays as.
    pub fn parse(s: &str) -> Option<RecordKey> {
        let (kind, id) = s.split_once('/')?;
        let kind = RecordKind::from_name(kind)?;
        Some(RecordKey {
            kind,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.id)
    }
}

impl Record {
    /// The record's identity.
    pub fn key(&self) -> RecordKey {
        RecordKey {
            kind: self.kind(),
            id: each_kind!(self, x => x.uuid()),
        }
    }

    /// What it describes.
    fn kind(&self) -> RecordKind {
        each_kind!(self, x => kind_of(x))
    }

    /// Joins another replica of the same record into this one.
    pub fn merge(&mut self, other: &Record) -> Result<(), DomainError> {
        if self.key() != other.key() {
            return Err(DomainError::KindMismatch);
        }
        each_pair!(self, other, a, b => a.join(b), _ => return Err(DomainError::KindMismatch));
        Ok(())
    }

    /// Checks the content against the model's limits (texts, times, counts):
    /// records from outside (bundles) must not carry what the app could not.
    pub fn validate(&self) -> Result<(), DomainError> {
        each_kind!(self, x => x.validate())
    }

    /// The oldest bundle version that can carry it: 2 once a removal of it
    /// was reversed or its tally left out (shapes version 1 has not), 3 for
    /// the ledger's kinds, 1 otherwise — so phones with an older app still
    /// read what they can.
    pub fn min_version(&self) -> u32 {
        each_kind!(self, x => x.min_version()).max(self.key().kind.first_version())
    }

    /// The record in the shape a version-1 reader (an older app) holds: a
    /// reversed removal as the record's state now, a tally set aside as
    /// counted (version 1 cannot lower a tally). Only for answering such a
    /// phone: it loses what version 2 adds, never the rest.
    pub fn as_version_1(&self) -> Record {
        let mut record = self.clone();
        each_kind!(&mut record, x => x.to_version_1());
        record
    }

    /// The greatest stamp in the record, if it has any; clocks observe it.
    pub fn max_stamp(&self) -> Option<Stamp> {
        each_kind!(self, x => x.newest_stamp())
    }
}

/// A record merged into its stored copy: what to store, and whether it
/// differs from what was stored (an unchanged record need not be written,
/// nor given a new sequence number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The record to store.
    pub record: Record,
    /// Whether it differs from the stored copy (always, if there was none).
    pub changed: bool,
}

impl Record {
    /// Merges `incoming` into the stored copy of its record, if any. The one
    /// place storage (the phone's and the server's) merges a record.
    pub fn merge_into(stored: Option<Record>, incoming: &Record) -> Result<Merged, DomainError> {
        match stored {
            None => Ok(Merged {
                record: incoming.clone(),
                changed: true,
            }),
            Some(before) => {
                let mut after = before.clone();
                after.merge(incoming)?;
                let changed = after != before;
                Ok(Merged {
                    record: after,
                    changed,
                })
            }
        }
    }

    /// Gives every stamp later than `limit` a new one from `next`; returns
    /// whether any changed. For changes made while the phone's clock ran
    /// ahead: once it is right they go out as new changes, stamped now,
    /// instead of being refused for good ([`crate::Hlc::rebase`]).
    pub fn restamp_ahead(&mut self, limit: u64, mut next: impl FnMut() -> Stamp) -> bool {
        let mut changed = false;
        let mut fix = |s: &mut Stamp| {
            if s.wall > limit {
                *s = next();
                changed = true;
            }
        };
        each_kind!(self, x => x.each_stamp_mut(&mut fix));
        changed
    }
}

fn kind_of<T: Kind>(_: &T) -> RecordKind {
    T::KIND
}

#[cfg(test)]
mod tests;
