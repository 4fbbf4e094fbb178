//! One query layer over the two databases the server runs on: SQLite (one
//! process, a file) and PostgreSQL (several processes, one database). What
//! differs between them is here and nowhere else: opening and pooling
//! ([`pool`]), each engine's schema ([`schema`]), the spelling of
//! statements, the rate limits several processes share on PostgreSQL
//! ([`rate`]), and copying a SQLite database into PostgreSQL ([`copy`]).
//!
//! The queries are written once, in the SQL both engines speak (`?1`
//! parameters, `ON CONFLICT … DO UPDATE`, `CAST(… AS BIGINT)`; a parameter
//! whose type PostgreSQL cannot tell from a column, as in `?2 + ?3` or
//! `?1 || text`, is given one with `CAST`; a list of texts is one JSON
//! array read as rows by `json_each(?N)`); this layer turns them into
//! PostgreSQL's spelling, binds values either engine takes, and reads rows
//! into plain integers and strings, by column name. It stays small on
//! purpose: the server's queries use no other types.
//!
//! Statements are prepared once per connection and kept (rusqlite's cache;
//! a map beside each PostgreSQL connection), so a sync costs no parse.

mod batch;
mod conn;
pub mod copy;
mod param;
pub mod pool;
mod postgres;
pub mod rate;
mod row;
mod schema;

pub use batch::BatchInsert;
pub use conn::Conn;
pub use param::Param;
pub use row::{Cell, Column, FromCell, Row};
