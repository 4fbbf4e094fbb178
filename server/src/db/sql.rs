//! One query layer over the two databases the server runs on: SQLite (one
//! process, a file) and PostgreSQL (several processes, one database).
//!
//! The queries are written once, in the SQL both engines speak (`?1`
//! parameters, `ON CONFLICT … DO UPDATE`, `CAST(… AS BIGINT)`; a parameter
//! whose type PostgreSQL cannot tell from a column, as in `?2 + ?3` or
//! `?1 || text`, is given one with `CAST`); this module
//! turns `?N` into PostgreSQL's `$N`, binds values either engine takes, and
//! reads rows into plain integers and strings. It stays small on purpose:
//! the server's queries use no other types.
//!
//! Statements are prepared once per connection and kept (rusqlite's cache;
//! a map beside each PostgreSQL connection), so a sync costs no parse.

use crate::error::ApiError;
use std::cell::RefCell;
use std::collections::HashMap;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite: one writer at a time, the whole file.
    Sqlite,
    /// PostgreSQL: many writers; per-event order comes from [`Conn::lock`].
    Postgres,
}

/// A value bound to a `?N` parameter.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    /// SQL NULL.
    Null,
    /// An integer (every integer column is 64-bit).
    Int(i64),
    /// Text.
    Text(&'a str),
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(s: &'a str) -> Self {
        Param::Text(s)
    }
}
impl<'a> From<&'a &str> for Param<'a> {
    fn from(s: &'a &str) -> Self {
        Param::Text(s)
    }
}
impl<'a> From<&'a String> for Param<'a> {
    fn from(s: &'a String) -> Self {
        Param::Text(s)
    }
}
impl From<&i64> for Param<'_> {
    fn from(v: &i64) -> Self {
        Param::Int(*v)
    }
}
impl From<&i32> for Param<'_> {
    fn from(v: &i32) -> Self {
        Param::Int(i64::from(*v))
    }
}
/// `Option`s of the types above: `None` is NULL.
macro_rules! optional_params {
    ($($t:ty),*) => {$(
        impl<'a> From<&'a Option<$t>> for Param<'a> {
            fn from(v: &'a Option<$t>) -> Self {
                v.as_ref().map_or(Param::Null, Param::from)
            }
        }
    )*};
}
optional_params!(String, &str, i64, i32);

/// `params![a, b]`: the values of `?1`, `?2`, … (each taken by reference).
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::db::sql::Param] };
    ($($x:expr),+ $(,)?) => { &[$($crate::db::sql::Param::from(&$x)),+] as &[$crate::db::sql::Param] };
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(v)),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl postgres::types::ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match *self {
            Param::Null => Ok(IsNull::Yes),
            // PostgreSQL types a parameter from where it is used: a
            // literal's column may be 32-bit (`SELECT 1`) or text.
            Param::Int(v) => match *ty {
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Param::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        matches!(
            *ty,
            Type::INT2 | Type::INT4 | Type::INT8 | Type::TEXT | Type::VARCHAR
        )
    }

    postgres::types::to_sql_checked!();
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
}

/// A row read, by column position.
#[derive(Debug, Clone)]
pub struct Row(Vec<Cell>);

/// What a column can be read as.
pub trait FromCell: Sized {
    /// The value, or why it is not one.
    fn from_cell(cell: &Cell) -> Option<Self>;
}

impl FromCell for i64 {
    fn from_cell(cell: &Cell) -> Option<Self> {
        match cell {
            Cell::Int(v) => Some(*v),
            _ => None,
        }
    }
}
impl FromCell for String {
    fn from_cell(cell: &Cell) -> Option<Self> {
        match cell {
            Cell::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: &Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

impl Row {
    /// Column `i` as `T`.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T, ApiError> {
        self.0.get(i).and_then(T::from_cell).ok_or_else(|| {
            ApiError::Database(format!("column {i}: unexpected {:?}", self.0.get(i)))
        })
    }

    /// The row's values as parameters, in column order (to copy it).
    pub fn params(&self) -> Vec<Param<'_>> {
        self.0
            .iter()
            .map(|c| match c {
                Cell::Null => Param::Null,
                Cell::Int(v) => Param::Int(*v),
                Cell::Text(s) => Param::Text(s),
            })
            .collect()
    }

    fn from_sqlite(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Row> {
        use rusqlite::types::ValueRef;
        (0..columns)
            .map(|i| {
                Ok(match row.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Real(_) | ValueRef::Blob(_) => {
                        return Err(rusqlite::Error::InvalidColumnType(
                            i,
                            String::new(),
                            rusqlite::types::Type::Blob,
                        ))
                    }
                })
            })
            .collect::<rusqlite::Result<_>>()
            .map(Row)
    }

    fn from_postgres(row: &postgres::Row) -> Result<Row, ApiError> {
        use postgres::types::Type;
        (0..row.len())
            .map(|i| {
                let ty = row.columns()[i].type_();
                Ok(match *ty {
                    Type::INT8 => row
                        .try_get::<_, Option<i64>>(i)?
                        .map_or(Cell::Null, Cell::Int),
                    Type::INT4 => row
                        .try_get::<_, Option<i32>>(i)?
                        .map_or(Cell::Null, |v| Cell::Int(v.into())),
                    Type::INT2 => row
                        .try_get::<_, Option<i16>>(i)?
                        .map_or(Cell::Null, |v| Cell::Int(v.into())),
                    Type::BOOL => row
                        .try_get::<_, Option<bool>>(i)?
                        .map_or(Cell::Null, |v| Cell::Int(v.into())),
                    _ => row
                        .try_get::<_, Option<String>>(i)?
                        .map_or(Cell::Null, Cell::Text),
                })
            })
            .collect::<Result<_, ApiError>>()
            .map(Row)
    }
}

/// An insert (or upsert) of many rows a statement: `size` rows at a time,
/// and the rest one by one, so that only two statements are ever prepared.
/// Kept in a `static` (`LazyLock`): [`Conn`] caches statements by their
/// `'static` text.
pub struct BatchInsert {
    one: String,
    batch: String,
    size: usize,
    columns: usize,
}

impl BatchInsert {
    /// `head` (up to and with `VALUES`), then each row's `columns`
    /// parameters in parentheses, numbered on, then `tail`.
    pub fn new(head: &str, columns: usize, tail: &str, size: usize) -> BatchInsert {
        let statement = |rows: usize| {
            let values: Vec<String> = (0..rows)
                .map(|r| {
                    let row: Vec<String> = (1..=columns)
                        .map(|c| format!("?{}", r * columns + c))
                        .collect();
                    format!("({})", row.join(", "))
                })
                .collect();
            format!("{head} {} {tail}", values.join(", "))
        };
        BatchInsert {
            one: statement(1),
            batch: statement(size),
            size,
            columns,
        }
    }

    /// Writes `rows`; `params` appends a row's values in column order.
    pub fn write<'a, T>(
        &'static self,
        conn: &Conn,
        rows: &'a [T],
        params: impl Fn(&'a T, &mut Vec<Param<'a>>),
    ) -> Result<(), ApiError> {
        let mut chunks = rows.chunks_exact(self.size);
        for chunk in &mut chunks {
            let mut values = Vec::with_capacity(self.size * self.columns);
            for row in chunk {
                params(row, &mut values);
            }
            conn.execute(&self.batch, &values)?;
        }
        for row in chunks.remainder() {
            let mut values = Vec::with_capacity(self.columns);
            params(row, &mut values);
            conn.execute(&self.one, &values)?;
        }
        Ok(())
    }
}

/// A PostgreSQL connection with the statements it has prepared.
pub struct PgClient {
    /// Always there until dropped (see `Drop`).
    client: Option<postgres::Client>,
    statements: HashMap<&'static str, postgres::Statement>,
}

impl PgClient {
    /// Wraps a new connection.
    pub fn new(client: postgres::Client) -> PgClient {
        PgClient {
            client: Some(client),
            statements: HashMap::new(),
        }
    }

    fn client(&mut self) -> &mut postgres::Client {
        self.client.as_mut().expect("a connection until dropped")
    }

    /// Whether the connection is closed (the pool drops it).
    pub fn is_closed(&self) -> bool {
        self.client.as_ref().is_none_or(postgres::Client::is_closed)
    }
}

impl Drop for PgClient {
    /// Closing blocks on the client's own runtime, which cannot run on a
    /// thread of the server's (a pool dropped in a request or a test):
    /// there it closes on a thread of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                std::thread::spawn(move || drop(client));
            }
        }
    }
}

enum PgHandle<'a> {
    Client(&'a mut postgres::Client),
    Tx(postgres::Transaction<'a>),
}

struct Pg<'a> {
    handle: PgHandle<'a>,
    statements: &'a mut HashMap<&'static str, postgres::Statement>,
}

impl Pg<'_> {
    fn statement(&mut self, sql: &'static str) -> Result<postgres::Statement, ApiError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let text = dollar_params(sql);
        let statement = match &mut self.handle {
            PgHandle::Client(c) => c.prepare(&text)?,
            PgHandle::Tx(t) => t.prepare(&text)?,
        };
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    fn query(&mut self, sql: &'static str, params: &[Param]) -> Result<Vec<Row>, ApiError> {
        let statement = self.statement(sql)?;
        let params = pg_params(params);
        let rows = match &mut self.handle {
            PgHandle::Client(c) => c.query(&statement, &params)?,
            PgHandle::Tx(t) => t.query(&statement, &params)?,
        };
        rows.iter().map(Row::from_postgres).collect()
    }

    fn execute(&mut self, sql: &'static str, params: &[Param]) -> Result<u64, ApiError> {
        let statement = self.statement(sql)?;
        let params = pg_params(params);
        Ok(match &mut self.handle {
            PgHandle::Client(c) => c.execute(&statement, &params)?,
            PgHandle::Tx(t) => t.execute(&statement, &params)?,
        })
    }

    fn batch(&mut self, sql: &str) -> Result<(), ApiError> {
        match &mut self.handle {
            PgHandle::Client(c) => c.batch_execute(sql)?,
            PgHandle::Tx(t) => t.batch_execute(sql)?,
        }
        Ok(())
    }
}

fn pg_params<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

fn lite_params<'a>(
    params: &'a [Param<'a>],
) -> rusqlite::ParamsFromIter<std::slice::Iter<'a, Param<'a>>> {
    rusqlite::params_from_iter(params.iter())
}

/// `?1` → `$1`, outside quoted text.
fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => out.push('$'),
            c => out.push(c),
        }
    }
    out
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
    pub fn engine(&self) -> Engine {
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
            let columns = stmt.column_count();
            let rows = stmt.query_map(lite_params(params), |r| Row::from_sqlite(r, columns))?;
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
            let columns = stmt.column_count();
            let mut rows = stmt.query(lite_params(params))?;
            Ok(match rows.next()? {
                Some(r) => Some(Row::from_sqlite(r, columns)?),
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

/// Makes the pool's PostgreSQL connections.
pub struct PgManager {
    config: postgres::Config,
}

impl PgManager {
    /// Connections made from `config` (no TLS: the database is on the
    /// server's own network; see docs/DEPLOYMENT.md).
    pub fn new(config: postgres::Config) -> PgManager {
        PgManager { config }
    }
}

impl r2d2::ManageConnection for PgManager {
    type Connection = PgClient;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgClient, postgres::Error> {
        Ok(PgClient::new(self.config.connect(postgres::NoTls)?))
    }

    fn is_valid(&self, conn: &mut PgClient) -> Result<(), postgres::Error> {
        conn.client().simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgClient) -> bool {
        conn.is_closed()
    }
}
