//! The merge core: the hybrid logical clock that stamps every write, the
//! last-writer-wins register and tombstone, the sortable order key, and the
//! shape every list entry shares. Nothing here knows a record kind.

pub mod clock;
pub mod ids;
pub mod items;
pub mod lww;
pub mod order;
pub mod replica;
