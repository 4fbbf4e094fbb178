//! A connection, or a transaction on one, of either engine: the one type
//! every query runs through.

use super::param::Param;
use super::postgres::{Pg, PgClient, PgHandle};
use super::row::Row;
use crate::error::ApiError;
use crate::params;
use std::cell::RefCell;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite: one writer at a time, the whole file.
    Sqlite,
    /// PostgreSQL: many writers; per-event order comes from [`Conn::lock`].
    Postgres,
}

enum Inner<'a> {
    Lite(&'a rusqlite::Connection),
    LiteTx(rusqlite::Transaction<'a>),
    Pg(RefCell<Pg<'a>>),
}

/// A connection, or a transaction on one. Queries take `&self` so that
/// helpers can share it; a transaction takes `&mut self`, as the engines do.
pub struct Conn<'a>(Inner<'a>);

impl<'a> Conn<'a> {
    /// A SQLite connection (outside any transaction).
    pub fn sqlite(conn: &'a rusqlite::Connection) -> Conn<'a> {
        Conn(Inner::Lite(conn))
    }

    /// A PostgreSQL connection (outside any transaction).
    pub fn postgres(pg: &'a mut PgClient) -> Conn<'a> {
        Conn(Inner::Pg(RefCell::new(Pg {
            handle: PgHandle::Client(pg.client.as_mut().expect("a connection until dropped")),
            statements: &mut pg.statements,
        })))
    }

    /// Which database this is.
    pub(super) fn engine(&self) -> Engine {
        match self.0 {
            Inner::Lite(_) | Inner::LiteTx(_) => Engine::Sqlite,
            Inner::Pg(_) => Engine::Postgres,
        }
    }

    /// Runs one statement; returns the rows it changed.
    pub fn execute(&self, sql: &'static str, params: &[Param]) -> Result<u64, ApiError> {
        match &self.0 {
            Inner::Lite(c) => Ok(c.prepare_cached(sql)?.execute(lite_params(params))? as u64),
            Inner::LiteTx(t) => Ok(t.prepare_cached(sql)?.execute(lite_params(params))? as u64),
            Inner::Pg(pg) => pg.borrow_mut().execute(sql, params),
        }
    }

    /// Every row a query returns.
    pub fn query(&self, sql: &'static str, params: &[Param]) -> Result<Vec<Row>, ApiError> {
        let lite = |c: &rusqlite::Connection| -> Result<Vec<Row>, ApiError> {
            let mut stmt = c.prepare_cached(sql)?;
            let names = Row::sqlite_columns(&stmt);
            let rows = stmt.query_map(lite_params(params), |r| Row::from_sqlite(r, &names))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        match &self.0 {
            Inner::Lite(c) => lite(c),
            Inner::LiteTx(t) => lite(t),
            Inner::Pg(pg) => pg.borrow_mut().query(sql, params),
        }
    }

    /// The first row a query returns, if any.
    pub fn query_row(&self, sql: &'static str, params: &[Param]) -> Result<Option<Row>, ApiError> {
        let lite = |c: &rusqlite::Connection| -> Result<Option<Row>, ApiError> {
            let mut stmt = c.prepare_cached(sql)?;
            let names = Row::sqlite_columns(&stmt);
            let mut rows = stmt.query(lite_params(params))?;
            Ok(match rows.next()? {
                Some(r) => Some(Row::from_sqlite(r, &names)?),
                None => None,
            })
        };
        match &self.0 {
            Inner::Lite(c) => lite(c),
            Inner::LiteTx(t) => lite(t),
            Inner::Pg(pg) => Ok(pg.borrow_mut().query(sql, params)?.into_iter().next()),
        }
    }

    /// Whether a query returns any row.
    pub fn exists(&self, sql: &'static str, params: &[Param]) -> Result<bool, ApiError> {
        Ok(self.query_row(sql, params)?.is_some())
    }

    /// Runs statements with no parameters (a schema), unprepared.
    pub fn batch(&self, sql: &str) -> Result<(), ApiError> {
        match &self.0 {
            Inner::Lite(c) => c.execute_batch(sql)?,
            Inner::LiteTx(t) => t.execute_batch(sql)?,
            Inner::Pg(pg) => pg.borrow_mut().batch(sql)?,
        }
        Ok(())
    }

    /// Begins a transaction (a savepoint inside one). SQLite's takes the
    /// write lock at once, so what it reads stays true until it commits;
    /// on PostgreSQL, [`Conn::lock`] orders the writers of one thing.
    pub fn transaction(&mut self) -> Result<Conn<'_>, ApiError> {
        Ok(Conn(match &mut self.0 {
            Inner::Lite(c) => Inner::LiteTx(rusqlite::Transaction::new_unchecked(
                c,
                rusqlite::TransactionBehavior::Immediate,
            )?),
            // No query nests transactions; SQLite would need a savepoint.
            Inner::LiteTx(_) => return Err(ApiError::Database("nested transaction".into())),
            Inner::Pg(pg) => {
                let pg = pg.get_mut();
                let handle = match &mut pg.handle {
                    PgHandle::Client(c) => PgHandle::Tx(c.transaction()?),
                    PgHandle::Tx(t) => PgHandle::Tx(t.transaction()?),
                };
                Inner::Pg(RefCell::new(Pg {
                    handle,
                    statements: &mut *pg.statements,
                }))
            }
        }))
    }

    /// Commits a transaction; a connection outside one has nothing to commit.
    pub fn commit(self) -> Result<(), ApiError> {
        match self.0 {
            Inner::Lite(_) => {}
            Inner::LiteTx(t) => t.commit()?,
            Inner::Pg(pg) => {
                if let PgHandle::Tx(t) = pg.into_inner().handle {
                    t.commit()?;
                }
            }
        }
        Ok(())
    }

    /// Inside a transaction, waits until no other transaction holds `key`
    /// and holds it until this one ends. Every writer of an event locks
    /// it first, so its sequence numbers, quota and checks stay in order
    /// across server processes. SQLite's transaction holds the whole
    /// database already.
    pub fn lock(&self, key: &str) -> Result<(), ApiError> {
        if self.engine() == Engine::Postgres {
            self.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))",
                params![key],
            )?;
        }
        Ok(())
    }
}

fn lite_params<'a>(
    params: &'a [Param<'a>],
) -> rusqlite::ParamsFromIter<std::slice::Iter<'a, Param<'a>>> {
    rusqlite::params_from_iter(params.iter())
}
