//! The movement across years ("phong trào toàn dân bảo vệ an ninh Tổ
//! quốc"): the figures seed 004's period review states, declared once
//! ([`figures`]). The records (a unit's figures of a year, its models) are
//! kinds ([`crate::kinds::movement`], [`crate::kinds::model`]) in the
//! unit's ledger; their limits are the rule book's ([`crate::rules::movement`]).

pub mod figures;
