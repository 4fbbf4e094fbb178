//! Rows as the query layer reads them: plain integers, text and NULL, each
//! read by its column's name.

use super::param::Param;
use crate::error::ApiError;
use std::sync::Arc;

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

/// A row read: its values, each read by its column's name (an expression's
/// is the name its query gives it with `AS`).
#[derive(Debug, Clone)]
pub struct Row {
    /// The query's column names, shared by its rows.
    names: Columns,
    cells: Vec<Cell>,
}

/// A query's column names, in order.
pub(super) type Columns = Arc<[String]>;

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

/// How a column is found in a row: by name or by position.
pub trait Column: std::fmt::Display + Copy {
    /// Its position among the query's `names`.
    fn index(self, names: &[String]) -> Option<usize>;
}

impl Column for &str {
    fn index(self, names: &[String]) -> Option<usize> {
        names.iter().position(|n| n == self)
    }
}

impl Column for usize {
    fn index(self, _: &[String]) -> Option<usize> {
        Some(self)
    }
}

impl Row {
    /// Column `column` as `T`: by its name (the server's queries), or by
    /// its position (a query whose columns are not known, as in tests).
    pub fn get<T: FromCell>(&self, column: impl Column) -> Result<T, ApiError> {
        let cell = column.index(&self.names).and_then(|i| self.cells.get(i));
        cell.and_then(T::from_cell)
            .ok_or_else(|| ApiError::Database(format!("column {column}: unexpected {cell:?}")))
    }

    /// The row's values as parameters, in column order (to copy it).
    pub fn params(&self) -> Vec<Param<'_>> {
        self.cells
            .iter()
            .map(|c| match c {
                Cell::Null => Param::Null,
                Cell::Int(v) => Param::Int(*v),
                Cell::Text(s) => Param::Text(s),
            })
            .collect()
    }

    /// A statement's column names.
    pub(super) fn sqlite_columns(stmt: &rusqlite::Statement<'_>) -> Columns {
        stmt.column_names().map(String::from).collect()
    }

    pub(super) fn from_sqlite(row: &rusqlite::Row<'_>, names: &Columns) -> rusqlite::Result<Row> {
        use rusqlite::types::ValueRef;
        let cells = (0..names.len())
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
            .collect::<rusqlite::Result<_>>()?;
        Ok(Row {
            names: names.clone(),
            cells,
        })
    }

    /// A statement's column names.
    pub(super) fn postgres_columns(stmt: &postgres::Statement) -> Columns {
        stmt.columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect()
    }

    pub(super) fn from_postgres(row: &postgres::Row, names: &Columns) -> Result<Row, ApiError> {
        use postgres::types::Type;
        let cells = (0..row.len())
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
            .collect::<Result<_, ApiError>>()?;
        Ok(Row {
            names: names.clone(),
            cells,
        })
    }
}
