//! The movement across years ("phong trào toàn dân bảo vệ an ninh Tổ
//! quốc"): the figures seed 004's period review states, declared once
//! ([`figures`]); periods ([`period`]); each unit's year and the period
//! sheet over a tree of units, computed once ([`sheet`]), with its columns
//! and CSV ([`columns`]); and the years before the app, read from a file
//! ([`import`]). The records (a unit's figures of a year, its models) are
//! kinds ([`crate::kinds::movement`], [`crate::kinds::model`]) in the
//! unit's ledger; their limits are the rule book's ([`crate::rules::movement`]).

pub mod columns;
pub mod figures;
pub mod import;
pub mod period;
pub mod review;
pub mod sheet;
