//! The server's database: SQLite (a file, one process) or PostgreSQL
//! (several processes on one database), migrations at start-up, and every
//! query, written once for both through [`sql::Conn`].
//!
//! SQLite: one connection behind a mutex, used from blocking threads;
//! SQLite serialises writes anyway, and a sync is a handful of statements
//! in one transaction. `synchronous = FULL`: a phone forgets a change once
//! the server acknowledges it, so an acknowledged write must already be on
//! disk. PostgreSQL: a pool of connections; what must stay in order (an
//! event's sequence numbers, its quota, the unit tree) is ordered by the
//! database's locks, never by this process's memory, so any number of
//! processes give phones the same answers.
//!
//! Secrets arrive here already hashed with the server key
//! ([`crate::secrets::ServerKey`]); this module never sees a code or a token.

use crate::error::ApiError;
use crate::params;
use crate::secrets::ServerKey;
use domain::rules::{self, Action, Actor, Standing};
use domain::{DeviceId, EventId};
use rusqlite::Connection;
use sql::Conn;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub mod copy;
pub mod history;
mod postgres_schema;
pub mod rate;
pub mod rollup;
pub mod sql;
mod sqlite_schema;
mod sync;
pub mod units;

pub use sync::{sync, Page, Pusher, Quota, Synced};

/// Where the database is: a SQLite file, or a PostgreSQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file (created at first start).
    Sqlite(PathBuf),
    /// A `postgres://` URL (the database must exist; its tables are made).
    Postgres(String),
}

impl Location {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite://path`
    /// or a plain path is a SQLite file.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::Sqlite(PathBuf::from(
                text.strip_prefix("sqlite://").unwrap_or(text),
            ))
        }
    }

    /// The directory for files kept beside the database (keys): the SQLite
    /// file's, or `data` for PostgreSQL.
    pub fn dir(&self) -> PathBuf {
        match self {
            Location::Sqlite(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
            Location::Postgres(_) => PathBuf::from("data"),
        }
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::Sqlite(path)
    }
}

impl std::fmt::Display for Location {
    /// The location without a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => match url.split_once('@') {
                Some((_, host)) => write!(f, "postgres://…@{host}"),
                None => write!(f, "{url}"),
            },
        }
    }
}

/// The database, shared by all requests.
#[derive(Clone)]
pub struct Db {
    store: Arc<Store>,
}

enum Store {
    Sqlite(Mutex<Connection>),
    Postgres(r2d2::Pool<sql::PgManager>),
}

/// Connections a server process keeps to PostgreSQL at most: enough for
/// the blocking threads that run queries, few enough that several
/// processes stay under the server's `max_connections` (100 by default).
const PG_CONNECTIONS: u32 = 16;

/// What a token is to an event: the rule book ([`domain::rules`]) decides
/// what each may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The phone that registered the event.
    Creator,
    /// A phone that joined with the code.
    Member,
    /// A phone enrolled in a unit, by how that unit stands to the event's
    /// (its own, its parent, further above).
    Unit(Standing),
}

impl Role {
    /// The rule book's actor for this role, on an event that belongs to a
    /// unit or not.
    pub fn actor(self, in_unit: bool) -> Actor {
        match self {
            Role::Creator => Actor::EventPhone {
                creator: true,
                in_unit,
            },
            Role::Member => Actor::EventPhone {
                creator: false,
                in_unit,
            },
            Role::Unit(standing) => Actor::UnitPhone(standing),
        }
    }

    /// Whether it may change the event at all (the rule book's answer).
    pub fn writes(self) -> bool {
        rules::decide(self.actor(true), Action::WriteEvent).is_ok()
    }
}

/// Hashes of a new access: the code for other phones and this phone's token.
#[derive(Debug, Clone)]
pub struct NewAccess {
    /// The event.
    pub event: EventId,
    /// The phone.
    pub device: DeviceId,
    /// Keyed hash of the access code.
    pub code_hash: String,
    /// Keyed hash of the phone's token.
    pub token_hash: String,
}

/// Unix time in ms.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// `PRAGMA journal_mode = WAL`, tried again while another process holds the
/// new file: SQLite answers that switch "busy" at once, without waiting the
/// busy timeout, when two connections reach a fresh file together.
fn switch_to_wal(conn: &Connection) -> Result<(), ApiError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other.map_err(ApiError::from),
        }
    }
}

impl Db {
    /// Opens the database at `location` (creating a SQLite file if needed)
    /// and migrates it; `key` rehashes what SQLite's schema 1 stored.
    pub fn open(location: &Location, key: &ServerKey) -> Result<Db, ApiError> {
        let store = match location {
            Location::Sqlite(path) => {
                let mut conn = Connection::open(path)?;
                // A process starting beside another one waits for its locks
                // (its migration, below) instead of failing.
                conn.busy_timeout(std::time::Duration::from_secs(5))?;
                switch_to_wal(&conn)?;
                conn.pragma_update(None, "synchronous", "FULL")?;
                conn.pragma_update(None, "foreign_keys", "ON")?;
                conn.set_prepared_statement_cache_capacity(64);
                sqlite_schema::migrate(&mut conn, key)?;
                Store::Sqlite(Mutex::new(conn))
            }
            Location::Postgres(url) => {
                let mut config: postgres::Config = url
                    .parse()
                    .map_err(|e| ApiError::Internal(format!("{location}: {e}")))?;
                // A process that vanished mid-push (power, network) must not
                // hold an event's lock for the hours TCP takes to notice:
                // keepalives find the dead peer, and no push waits for a
                // lock, or holds a transaction open, without end; the phone
                // is told to try again (`Busy`).
                let options = format!(
                    "{} -c lock_timeout=30s -c idle_in_transaction_session_timeout=60s",
                    config.get_options().unwrap_or("")
                );
                config
                    .options(options.trim())
                    .keepalives(true)
                    .keepalives_idle(std::time::Duration::from_secs(30));
                // The client runs its own runtime: connect and migrate off
                // this (possibly async) thread.
                off_runtime(|| {
                    let pool = r2d2::Pool::builder()
                        .max_size(PG_CONNECTIONS)
                        .min_idle(Some(1))
                        .connection_timeout(std::time::Duration::from_secs(10))
                        // A query on a connection that broke fails and the pool
                        // drops it (`has_broken`); checking every checkout
                        // would cost each request a round trip.
                        .test_on_check_out(false)
                        .build(sql::PgManager::new(config))
                        .map_err(|e| ApiError::Internal(format!("{location}: {e}")))?;
                    postgres_schema::migrate(&mut Conn::postgres(&mut *pool.get()?))?;
                    Ok(Store::Postgres(pool))
                })?
            }
        };
        Ok(Db {
            store: Arc::new(store),
        })
    }

    /// Which database this is.
    pub fn engine(&self) -> sql::Engine {
        match *self.store {
            Store::Sqlite(_) => sql::Engine::Sqlite,
            Store::Postgres(_) => sql::Engine::Postgres,
        }
    }

    /// PostgreSQL's pool: connections held and idle (none for SQLite's one
    /// connection).
    pub fn pool_state(&self) -> Option<(u32, u32)> {
        match &*self.store {
            Store::Sqlite(_) => None,
            Store::Postgres(pool) => {
                let state = pool.state();
                Some((state.connections, state.idle_connections))
            }
        }
    }

    /// Runs `f` on a connection on a blocking thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.run(f))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
    }

    /// Runs `f` on a connection here (start-up, before serving; tools).
    pub fn call_now<T: Send>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<T, ApiError> + Send,
    ) -> Result<T, ApiError> {
        match *self.store {
            Store::Sqlite(_) => self.run(f),
            Store::Postgres(_) => off_runtime(|| self.run(f)),
        }
    }

    fn run<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T, ApiError>) -> Result<T, ApiError> {
        match &*self.store {
            Store::Sqlite(conn) => {
                // A panic in another request must not lock everyone out: every
                // write is a transaction, so the connection is still consistent.
                let conn = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                let mut conn = Conn::sqlite(&conn);
                f(&mut conn)
            }
            Store::Postgres(pool) => {
                let mut client = pool.get()?;
                let mut conn = Conn::postgres(&mut client);
                f(&mut conn)
            }
        }
    }
}

/// Runs `f` on a thread of its own: the PostgreSQL client blocks on its own
/// runtime, which cannot run inside the server's.
fn off_runtime<T: Send>(f: impl FnOnce() -> Result<T, ApiError> + Send) -> Result<T, ApiError> {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|_| Err(ApiError::Internal("database thread panicked".into())))
    })
}

/// The stored (hashed) registration key, if any.
pub fn registration_key_hash(conn: &Conn) -> Result<Option<String>, ApiError> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = 'registration_key'",
        params![],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Stores the (hashed) registration key.
pub fn set_registration_key_hash(conn: &Conn, hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![hash],
    )?;
    Ok(())
}

/// Stores the (hashed) registration key unless one is stored already (a
/// process starting beside this one made it first); whether it did.
pub fn init_registration_key_hash(conn: &Conn, hash: &str) -> Result<bool, ApiError> {
    Ok(conn.execute(
        "INSERT INTO settings (key, value) VALUES ('registration_key', ?1)
         ON CONFLICT (key) DO NOTHING",
        params![hash],
    )? == 1)
}

/// Checks the server key is the one the database was first served with
/// (`check` is a keyed hash made with it): every process on one database
/// must hash codes and tokens alike, or phones would be refused by some
/// processes and not others. The first start records it.
pub fn check_server_key(conn: &Conn, check: &str) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('server_key_check', ?1)
         ON CONFLICT (key) DO NOTHING",
        params![check],
    )?;
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'server_key_check'",
            params![],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    if stored.as_deref() != Some(check) {
        return Err(ApiError::Internal(
            "the server key (--key-file) is not the one this database was first served with: \
             every process on a database needs the same key file"
                .into(),
        ));
    }
    Ok(())
}

/// The lock every writer of one event takes first ([`Conn::lock`]).
pub(crate) fn lock_event(conn: &Conn, event: &str) -> Result<(), ApiError> {
    conn.lock(&format!("event/{event}"))
}

/// Registers an event for the phone that proves it created it
/// (`claim_hash`). The creator registering again (its answer was lost) gets
/// a new code and token; anyone else is refused, whatever device id they
/// send.
pub fn register_event(
    conn: &mut Conn,
    access: &NewAccess,
    claim_hash: &str,
    unit: Option<&str>,
    unit_token: Option<&str>,
) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    let event = access.event.to_string();
    lock_event(&tx, &event)?;
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT claim_hash FROM events WHERE id = ?1",
            params![event],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    match stored {
        Some(Some(hash)) if hash == claim_hash => {
            tx.execute(
                "UPDATE events SET code_hash = ?2 WHERE id = ?1",
                params![event, access.code_hash],
            )?;
            if let Some(unit) = unit {
                units::attach_event(&tx, access.event, claim_hash, unit)?;
            }
        }
        // Registered by another claim, or before claims existed: only a
        // token of the event may change it now (`rotate_code`).
        Some(_) => return Err(ApiError::EventExists),
        None => {
            tx.execute(
                "INSERT INTO events (id, code_hash, registered_by, created_at, claim_hash, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    event,
                    access.code_hash,
                    access.device.to_string(),
                    now_ms() as i64,
                    claim_hash,
                    unit
                ],
            )?;
        }
    }
    insert_token(&tx, access, Role::Creator, unit_token)?;
    tx.commit()?;
    Ok(())
}

/// Exchanges an access code (hashed) for a token on its event.
pub fn join(conn: &mut Conn, code_hash: &str, access: NewAccess) -> Result<EventId, ApiError> {
    let tx = conn.transaction()?;
    let find = |tx: &Conn| -> Result<EventId, ApiError> {
        tx.query_row(
            "SELECT id FROM events WHERE code_hash = ?1",
            params![code_hash],
        )?
        .map(|r| r.get::<String>(0))
        .transpose()?
        .and_then(|e| EventId::parse(&e))
        .ok_or(ApiError::UnknownCode)
    };
    let event = find(&tx)?;
    lock_event(&tx, &event.to_string())?;
    // The code may have changed while this waited for the event.
    if find(&tx)? != event {
        return Err(ApiError::UnknownCode);
    }
    if history::undone(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::Undone);
    }
    // A device id is whatever a phone says: one already working the event
    // (its gate tally is its own) is not given to a second phone.
    if sync::device_has_access(&tx, &event.to_string(), &access.device.to_string())? {
        return Err(ApiError::DeviceTaken(event));
    }
    // Phones working one event at once are a handful; a bound keeps a
    // hostile one from minting tokens without end.
    let active: i64 = tx
        .query_row(
            "SELECT COUNT(*) FROM tokens WHERE event_id = ?1 AND revoked_at IS NULL",
            params![event.to_string()],
        )?
        .map(|r| r.get(0))
        .transpose()?
        .unwrap_or(0);
    if active >= MAX_TOKENS_PER_EVENT {
        return Err(ApiError::EventFull);
    }
    let access = NewAccess { event, ..access };
    insert_token(&tx, &access, Role::Member, None)?;
    tx.commit()?;
    Ok(event)
}

/// The most phones that hold a token of one event at once: a commune's
/// day is worked by a handful, a showcase event by a few tens.
pub const MAX_TOKENS_PER_EVENT: i64 = 100;

fn insert_token(
    conn: &Conn,
    access: &NewAccess,
    role: Role,
    unit_token: Option<&str>,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO tokens (hash, event_id, device, created_at, role, unit_token)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            access.token_hash,
            access.event.to_string(),
            access.device.to_string(),
            now_ms() as i64,
            match role {
                Role::Creator => "creator",
                _ => "member",
            },
            unit_token
        ],
    )?;
    Ok(())
}

/// Checks a token (hashed) is valid for `event`: unknown or revoked tokens
/// are unauthorised, a token of another event is forbidden.
pub fn authorize(conn: &Conn, token_hash: &str, event: EventId) -> Result<Role, ApiError> {
    let owner: Option<(String, String, Option<i64>, String)> = conn
        .query_row(
            "SELECT event_id, role, revoked_at, device FROM tokens WHERE hash = ?1",
            params![token_hash],
        )?
        .map(|r| Ok::<_, ApiError>((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .transpose()?;
    match owner {
        None => {
            // Not an event's token: a unit's, under the one access rule.
            let member = units::member(conn, token_hash)?;
            // Out of reach is another event's: forbidden, as for an event token.
            let standing = units::event_unit_path(conn, event)?
                .map(|path| Standing::of(&member.path, &path))
                .ok_or(ApiError::Forbidden)?;
            rules::decide(Actor::UnitPhone(standing), Action::ReadEvent)
                .map_err(|_| ApiError::Forbidden)?;
            let role = Role::Unit(standing);
            // A phone the unit undid on this event stays out of it, even
            // with its unit's token.
            let device = sync::device_of_token(conn, token_hash)?.unwrap_or_default();
            if history::undone(conn, &event.to_string(), &device)? {
                return Err(ApiError::Undone);
            }
            Ok(role)
        }
        Some((e, _, Some(_), device))
            if e == event.to_string() && history::undone(conn, &e, &device)? =>
        {
            Err(ApiError::Undone)
        }
        Some((_, _, Some(_), _)) => Err(ApiError::Revoked),
        Some((e, _, None, device))
            if e == event.to_string() && history::undone(conn, &e, &device)? =>
        {
            Err(ApiError::Undone)
        }
        Some((e, role, None, _)) if e == event.to_string() => Ok(if role == "creator" {
            Role::Creator
        } else {
            Role::Member
        }),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// The unit an event belongs to, if any.
pub fn event_unit(conn: &Conn, event: EventId) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT unit FROM events WHERE id = ?1",
            params![event.to_string()],
        )?
        .map(|r| r.get::<Option<String>>(0))
        .transpose()?
        .flatten())
}

/// A new access code for `event` (the old one stops working); with
/// `revoke_others`, every token of the event but `keep` is revoked.
pub fn rotate_code(
    conn: &mut Conn,
    event: EventId,
    code_hash: &str,
    keep: &str,
    revoke_others: bool,
) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    lock_event(&tx, &event.to_string())?;
    tx.execute(
        "UPDATE events SET code_hash = ?2 WHERE id = ?1",
        params![event.to_string(), code_hash],
    )?;
    if revoke_others {
        tx.execute(
            "UPDATE tokens SET revoked_at = ?3
             WHERE event_id = ?1 AND hash <> ?2 AND revoked_at IS NULL",
            params![event.to_string(), keep, now_ms() as i64],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Revokes one token (its phone leaves the event).
pub fn revoke_token(conn: &Conn, token_hash: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE hash = ?1 AND revoked_at IS NULL",
        params![token_hash, now_ms() as i64],
    )?;
    Ok(())
}
