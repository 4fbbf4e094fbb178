//! What an event's records add up to: the summary, the report the officer
//! submits, the lists and charts, and the district's roll-up sheet.

pub mod chart;
pub mod dashboard;
pub mod lists;
pub mod rollup;
pub mod sheet_columns;
pub mod status;
pub mod timeline;
pub mod tree;
