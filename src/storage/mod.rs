//! IndexedDB: the only module that touches it.
//!
//! Five object stores:
//! - `events`: each event's own record ([`domain::EventMeta`]), keyed by
//!   event id, so the list of events loads without reading every step;
//! - `records`: every other record, keyed `"<event id>/<kind>/<id>"`, so one
//!   key range reads a whole event;
//! - `device`: this phone's clock (which carries its device id), stored as a
//!   structured object, the gate taps counted lately (see [`Writer::tap`]),
//!   the claims of the events it created, its unit and kept answers;
//! - `outbox`: the records changed here that the server has not taken yet;
//! - `sync`: each shared event's link to the server.
//!
//! Records are stored as JSON text (see `encoding`).
//!
//! An open database has two halves: [`Db`] reads, and the session lends it
//! to every screen; [`Writer`] writes, one per opening, kept by the
//! session's write path. Every change goes through `Writer::write_change`:
//! one read-write transaction with strict durability that merges the new
//! records into the stored ones and saves the clock, committed before the
//! caller shows anything as done. If any part fails, the transaction is
//! aborted and nothing is written.

use indexed_db_futures::database::Database;

mod change;
mod clock;
mod commit;
mod copies;
mod device;
mod encoding;
mod load;
mod open;
mod outbox;
mod ranges;
mod requests;
mod sync;
mod tap;

pub use device::Enrolled;
pub use open::{DB_NAME, DB_VERSION};
pub use outbox::Pending;
pub use sync::SyncLink;

/// Event records, keyed by event id.
pub const STORE_EVENTS: &str = "events";
/// All other records, keyed `"<event id>/<kind>/<id>"`.
pub const STORE_RECORDS: &str = "records";
/// This phone's clock, its marks, claims, unit and kept answers.
pub const STORE_DEVICE: &str = "device";
/// Records changed here and not yet acknowledged by the server, keyed like
/// `records`; the value marks the commit that last changed each.
pub const STORE_OUTBOX: &str = "outbox";
/// Each shared event's link to the server ([`SyncLink`]), keyed by event id.
pub const STORE_SYNC: &str = "sync";

/// The database's read half: what the session lends to screens and sync.
/// It changes nothing stored (a read may keep a read copy, a cache: see
/// [`Db::records_of`]). Clones share one connection.
#[derive(Clone)]
pub struct Db {
    db: Database,
}

/// The database's write half: every write to storage is one of its
/// methods. Each opening ([`Db::open`]) gives one, and it cannot be cloned:
/// the app hands it to its session, whose write path keeps it, so no code
/// the session lends a [`Db`] to can write.
pub struct Writer {
    db: Database,
}
