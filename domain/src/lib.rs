//! The Ngày hội model, shared by the app, the sync server and the tests.
//!
//! Everything an officer edits is a merge-ready record: fields are
//! last-writer-wins registers stamped by a hybrid logical clock, deletions are
//! tombstones, the program's order is a sortable key and the gate headcount is
//! a per-device counter. [`EventState::merge`] is a join (commutative,
//! associative, idempotent), so phones that exchange records in any order, any
//! number of times, end in the same state.
//!
//! This crate has no browser or server dependency; it compiles natively and
//! to WebAssembly.

pub mod api;
pub mod error;
pub mod history;
pub mod kinds;
pub mod merge;
pub mod movement;
pub mod protocol;
pub mod reporting;
pub mod rules;
pub mod state;
pub mod text;
pub mod unit;

pub use error::DomainError;
pub use kinds::event::{Day, EventId, EventMeta, Level, NewEvent};
pub use kinds::headcount::Tally;
pub use kinds::program::{Step, StepId, StepTemplate, STANDARD_PROGRAM};
pub use kinds::{Kind, Record, RecordKey, RecordKind};
pub use merge::clock::{DeviceId, Hlc, Stamp};
pub use merge::items::{Choice, Item, ItemId};
pub use merge::lww::{Lww, Tombstone};
pub use merge::order::OrderKey;
pub use protocol::bundle::{Bundle, BundleError};
pub use state::{EventState, ImportPreview};
