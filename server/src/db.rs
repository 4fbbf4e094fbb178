//! The server's database: SQLite (a file, one process) or PostgreSQL
//! (several processes on one database), migrated at start-up, and every
//! query, written once for both through [`sql::Conn`]. What differs
//! between the engines is in [`sql`] alone; the other modules here are the
//! queries, by idea.
//!
//! What must stay in order (an event's sequence numbers, its quota, the
//! unit tree) is ordered by the database's locks, never by this process's
//! memory, so any number of processes give phones the same answers.
//!
//! Secrets arrive here already hashed with the server key; this module
//! never sees a code or a token.

pub mod access;
mod clock;
pub mod history;
pub mod ledger;
mod log;
mod records;
pub mod rollup;
pub mod settings;
pub mod sql;
mod sync;
pub mod units;

pub use access::{
    authorize, event_unit, join, register_event, revoke_token, rotate_code, NewAccess, Role,
    MAX_TOKENS_PER_EVENT,
};
pub use clock::{now_ms, SERVER_DEVICE};
pub use records::Page;
pub use settings::{
    check_server_key, init_registration_key_hash, registration_key_hash, set_registration_key_hash,
};
pub use sql::pool::{Db, Location};
pub use sql::rate;
pub use sync::{sync, Pusher, Quota, Synced};
