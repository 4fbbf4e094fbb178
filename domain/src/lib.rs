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
pub mod award;
pub mod banner;
pub mod budget;
pub mod bundle;
pub mod chart;
pub mod clock;
pub mod decoration;
pub mod entry_commands;
pub mod error;
pub mod event;
pub mod format;
pub mod forum;
pub mod headcount;
pub mod history;
pub mod invitee;
pub mod invitee_list;
pub mod invitee_search;
pub mod items;
pub mod lists;
pub mod lww;
pub mod markup;
pub mod order;
pub mod outreach;
pub mod program;
pub mod program_commands;
pub mod protocol;
pub mod record;
pub mod report;
pub mod reporting;
pub mod rollup;
pub mod rules;
pub mod search;
pub mod sheet_columns;
pub mod state;
pub mod summary;
pub mod text;
pub mod timeline;
pub mod undo;
pub mod unit;

pub use bundle::{Bundle, BundleError};
pub use clock::{DeviceId, Hlc, Stamp};
pub use error::DomainError;
pub use event::{Day, EventId, EventMeta, Level, NewEvent};
pub use headcount::Tally;
pub use items::{Choice, Item, ItemId};
pub use lww::{Lww, Tombstone};
pub use order::OrderKey;
pub use program::{Step, StepId, StepTemplate, STANDARD_PROGRAM};
pub use record::{Record, RecordKey, RecordKind};
pub use state::{EventState, ImportPreview};
