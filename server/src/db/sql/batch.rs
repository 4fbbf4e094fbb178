//! Inserts of many rows a statement.

use super::conn::Conn;
use super::param::Param;
use crate::error::ApiError;

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
