//! The database a server process holds: SQLite (one connection behind a
//! mutex, used from blocking threads; SQLite serialises writes anyway, and
//! a sync is a handful of statements in one transaction) or PostgreSQL (a
//! pool of connections), opened and migrated at start-up.
//!
//! SQLite runs with `synchronous = FULL`: a phone forgets a change once
//! the server acknowledges it, so an acknowledged write must already be on
//! disk.

use super::conn::{Conn, Engine};
use super::postgres::PgManager;
use super::schema;
use crate::error::ApiError;
use crate::secrets::ServerKey;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    Postgres(r2d2::Pool<PgManager>),
}

/// Connections a server process keeps to PostgreSQL at most: enough for
/// the blocking threads that run queries, few enough that several
/// processes stay under the server's `max_connections` (100 by default).
const PG_CONNECTIONS: u32 = 16;

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
                schema::migrate_sqlite(&mut conn, key)?;
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
                        .build(PgManager::new(config))
                        .map_err(|e| ApiError::Internal(format!("{location}: {e}")))?;
                    schema::migrate_postgres(&mut Conn::postgres(&mut *pool.get()?))?;
                    Ok(Store::Postgres(pool))
                })?
            }
        };
        Ok(Db {
            store: Arc::new(store),
        })
    }

    /// Which database this is.
    pub(super) fn engine(&self) -> Engine {
        match *self.store {
            Store::Sqlite(_) => Engine::Sqlite,
            Store::Postgres(_) => Engine::Postgres,
        }
    }

    /// Whether other server processes may use this database at once
    /// (PostgreSQL): what must hold across them (rate limits) is then
    /// counted in it, not in one process's memory.
    pub fn shared(&self) -> bool {
        self.engine() == Engine::Postgres
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

    /// Runs `f` on a snapshot of this database, SQLite, and a transaction
    /// on `into`, an empty PostgreSQL one (`server copy-to`): SQLite's
    /// write lock, held until `f` ends, proves no server writes meanwhile.
    /// `f` commits; a copy that fails leaves the target as it was.
    pub fn copy_into<T: Send>(
        &self,
        into: &Db,
        f: impl FnOnce(&Conn, Conn) -> Result<T, ApiError> + Send,
    ) -> Result<T, ApiError> {
        if self.engine() != Engine::Sqlite || into.engine() != Engine::Postgres {
            return Err(ApiError::Internal(
                "copy-to copies SQLite into PostgreSQL".into(),
            ));
        }
        off_runtime(|| {
            self.run(|source| {
                let source = source.transaction()?;
                into.run(|target| f(&source, target.transaction()?))
            })
        })
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
