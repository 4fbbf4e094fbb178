//! What every record kind does, whatever its shape. The kinds list
//! ([`crate::kinds`]) generates [`crate::Record`]'s methods from it, so a
//! kind declares its merge, its limits and its versions once, in its file.

use crate::error::DomainError;
use crate::merge::clock::Stamp;
use uuid::Uuid;

/// One replica of a record of some kind: the behaviour the kinds list
/// dispatches to.
pub trait Replica {
    /// Its id within its kind: the event's, the step's, the entry's, or the
    /// counting device's.
    fn uuid(&self) -> Uuid;
    /// Joins another replica of the same record into this one.
    fn join(&mut self, other: &Self);
    /// Checks the content against the model's limits (texts, times, counts).
    fn validate(&self) -> Result<(), DomainError>;
    /// Whether it holds what only bundle version 2 carries (a reversed
    /// removal, a tally left out).
    fn needs_version_2(&self) -> bool;
    /// The oldest bundle version that can carry its shape: 2 once it
    /// holds what only version 2 carries, 1 otherwise. The version a kind
    /// came with is said once, by `RecordKind::first_version`.
    fn min_version(&self) -> u32 {
        if self.needs_version_2() {
            2
        } else {
            1
        }
    }
    /// Rewrites it in the shape a version-1 reader holds.
    fn to_version_1(&mut self);
    /// The greatest stamp in it, if it has any.
    fn newest_stamp(&self) -> Option<Stamp>;
    /// Runs `fix` on every stamp in it that may be restamped.
    fn each_stamp_mut(&mut self, fix: impl FnMut(&mut Stamp));
}

/// The [`Replica`] methods of a record with a `removed` tombstone and its
/// registers' stamps in `stamps()` and `stamps_mut()` (the event, a step).
macro_rules! tombstoned_registers {
    () => {
        fn needs_version_2(&self) -> bool {
            self.removed.is_restored()
        }

        fn to_version_1(&mut self) {
            self.removed = self.removed.as_version_1();
        }

        fn newest_stamp(&self) -> Option<$crate::merge::clock::Stamp> {
            self.stamps().max().copied()
        }

        fn each_stamp_mut(&mut self, fix: impl FnMut(&mut $crate::merge::clock::Stamp)) {
            self.stamps_mut().for_each(fix)
        }
    };
}

pub(crate) use tombstoned_registers;
