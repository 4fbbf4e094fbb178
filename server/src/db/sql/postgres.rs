//! PostgreSQL's connections: each with the statements it has prepared, and
//! the pool's manager that makes them.

use super::param::Param;
use super::row::Row;
use crate::error::ApiError;
use std::collections::HashMap;

/// A PostgreSQL connection with the statements it has prepared.
pub struct PgClient {
    /// Always there until dropped (see `Drop`).
    pub(super) client: Option<postgres::Client>,
    pub(super) statements: HashMap<&'static str, postgres::Statement>,
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

pub(super) enum PgHandle<'a> {
    Client(&'a mut postgres::Client),
    Tx(postgres::Transaction<'a>),
}

pub(super) struct Pg<'a> {
    pub(super) handle: PgHandle<'a>,
    pub(super) statements: &'a mut HashMap<&'static str, postgres::Statement>,
}

impl Pg<'_> {
    fn statement(&mut self, sql: &'static str) -> Result<postgres::Statement, ApiError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let text = postgres_text(sql);
        let statement = match &mut self.handle {
            PgHandle::Client(c) => c.prepare(&text)?,
            PgHandle::Tx(t) => t.prepare(&text)?,
        };
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    pub(super) fn query(
        &mut self,
        sql: &'static str,
        params: &[Param],
    ) -> Result<Vec<Row>, ApiError> {
        let statement = self.statement(sql)?;
        let params = pg_params(params);
        let rows = match &mut self.handle {
            PgHandle::Client(c) => c.query(&statement, &params)?,
            PgHandle::Tx(t) => t.query(&statement, &params)?,
        };
        let names = Row::postgres_columns(&statement);
        rows.iter().map(|r| Row::from_postgres(r, &names)).collect()
    }

    pub(super) fn execute(&mut self, sql: &'static str, params: &[Param]) -> Result<u64, ApiError> {
        let statement = self.statement(sql)?;
        let params = pg_params(params);
        Ok(match &mut self.handle {
            PgHandle::Client(c) => c.execute(&statement, &params)?,
            PgHandle::Tx(t) => t.execute(&statement, &params)?,
        })
    }

    pub(super) fn batch(&mut self, sql: &str) -> Result<(), ApiError> {
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

/// SQLite's spelling of a statement in PostgreSQL's: `?1` → `$1` outside
/// quoted text, and a list of texts bound as one JSON array and read as
/// rows, `json_each(?N)`, → `json_array_elements_text(…)` (both name their
/// column `value`).
fn postgres_text(sql: &str) -> String {
    const EACH: &str = "json_each($";
    let dollars = dollar_params(sql);
    let mut out = String::with_capacity(dollars.len());
    let mut rest = dollars.as_str();
    while let Some(at) = rest.find(EACH) {
        let param = &rest[at + EACH.len() - 1..];
        let Some(end) = param.find(')') else { break };
        out.push_str(&rest[..at]);
        out.push_str("json_array_elements_text(CAST(CAST(");
        out.push_str(&param[..end]);
        out.push_str(" AS TEXT) AS JSON))");
        rest = &param[end + 1..];
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::postgres_text;

    #[test]
    fn statements_in_postgres_spelling() {
        assert_eq!(
            postgres_text("SELECT '?' || ?1 FROM t WHERE k IN (SELECT value FROM json_each(?2))"),
            "SELECT '?' || $1 FROM t WHERE k IN \
             (SELECT value FROM json_array_elements_text(CAST(CAST($2 AS TEXT) AS JSON)))"
        );
    }
}
