//! The gate headcount: a counter kept per device.
//!
//! Each phone only ever writes its own tally, and only upwards: a "−1" is a
//! correction counted in `corrections`, not a decrement of `increments`. Merge
//! takes the larger of each per device, so two officers counting at two gates
//! never overwrite each other, and a tally that arrives twice counts once.

use crate::error::DomainError;
use crate::merge::clock::{DeviceId, Stamp};
use crate::merge::lww::Tombstone;
use crate::merge::replica::Replica;
use serde::{Deserialize, Serialize};

/// One device's share of the headcount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// The counting phone.
    pub device: DeviceId,
    /// People counted in (+1, +5 taps).
    pub increments: u64,
    /// Corrections (−1 taps).
    pub corrections: u64,
    /// Left out of the count: the unit undid the phone that wrote it (a
    /// tally cannot go down, so it is set aside whole). Absent until then.
    #[serde(default, skip_serializing_if = "Tombstone::is_blank")]
    pub left_out: Tombstone,
}

/// Largest tally accepted from outside: no gate counts a billion people.
pub const MAX_TALLY: u64 = 1_000_000_000;

impl Tally {
    /// A device's tally before its first tap.
    pub fn zero(device: DeviceId) -> Tally {
        Tally {
            device,
            increments: 0,
            corrections: 0,
            left_out: Tombstone::default(),
        }
    }

    /// This device's net count.
    pub fn net(&self) -> i64 {
        self.increments as i64 - self.corrections as i64
    }

    /// The tally after a tap of `delta` people (negative for a correction).
    pub fn tapped(&self, delta: i64) -> Tally {
        let mut next = *self;
        if delta >= 0 {
            next.increments = next.increments.saturating_add(delta as u64);
        } else {
            next.corrections = next.corrections.saturating_add(delta.unsigned_abs());
        }
        next
    }

    /// Joins another replica of the same device's tally.
    pub fn merge(&mut self, other: &Tally) {
        self.increments = self.increments.max(other.increments);
        self.corrections = self.corrections.max(other.corrections);
        self.left_out.merge(&other.left_out);
    }
}

impl Replica for Tally {
    fn uuid(&self) -> uuid::Uuid {
        self.device.0
    }

    fn join(&mut self, other: &Self) {
        self.merge(other)
    }

    fn validate(&self) -> Result<(), DomainError> {
        if self.increments > MAX_TALLY || self.corrections > MAX_TALLY {
            return Err(DomainError::OutOfRange("headcount"));
        }
        Ok(())
    }

    fn needs_version_2(&self) -> bool {
        !self.left_out.is_blank()
    }

    fn to_version_1(&mut self) {
        self.left_out = Tombstone::default();
    }

    // A tally's counts have no stamps; setting it aside has.
    fn newest_stamp(&self) -> Option<Stamp> {
        self.left_out.stamps().max().copied()
    }

    // Counts are never restamped; a tally set aside keeps its stamp.
    fn each_stamp_mut(&mut self, _fix: impl FnMut(&mut Stamp)) {}
}

/// The most people one tap may add or correct: the gate's buttons are +1,
/// +5 and −1.
pub const MAX_TAP: i64 = 1_000;

/// The most people a tally may gain (or correct) from one sync to the
/// next: a gate counts a few thousand people in a day; more is a phone
/// gone wrong, refused at the server.
pub const MAX_JUMP: u64 = 10_000;

/// Whether a tally could have gone from `before` to `after` by people
/// tapping at a gate between two syncs.
pub fn plausible(before: &Tally, after: &Tally) -> bool {
    after.increments <= before.increments.saturating_add(MAX_JUMP)
        && after.corrections <= before.corrections.saturating_add(MAX_JUMP)
}

/// The most tallies of other phones one phone may bring into an event
/// (first send a tally the server does not hold yet), over all its tokens.
///
/// A phone that syncs carries the tallies of the gate phones that only
/// exchange files. A commune's ground has 2–4 gates, with a phone or two
/// counting at each: 8 lets one relaying phone carry every file-only phone
/// of the busiest ground (four gates of two), while a phone making up
/// gates (each tally up to [`plausible`]'s jump) stops at 8 instead of
/// inflating the count without end. Its own tally does not count, nor
/// raising a tally it brought in earlier.
pub const MAX_RELAYED_TALLIES: usize = 8;

/// Whether a phone that has brought `already` tallies of other phones into
/// an event may bring in one more.
pub fn may_introduce_tally(already: usize) -> bool {
    already < MAX_RELAYED_TALLIES
}

/// The headcount over all devices; never below zero.
pub fn total<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> u64 {
    let net: i64 = tallies
        .into_iter()
        .filter(|t| !t.left_out.is_removed())
        .map(Tally::net)
        .sum();
    net.max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Record;
    use crate::state::headcount::{key, tap};
    use uuid::Uuid;

    #[test]
    fn corrections_subtract_and_merge_takes_the_larger_share() {
        let d = DeviceId(Uuid::from_u128(1));
        let a = Tally::zero(d).tapped(5).tapped(1).tapped(-1);
        assert_eq!(a.net(), 5);
        let older = Tally::zero(d).tapped(5);
        let mut merged = older;
        merged.merge(&a);
        assert_eq!(merged, a);
    }

    #[test]
    fn a_tap_adds_to_the_stored_tally_of_its_own_device_only() {
        let d = DeviceId(Uuid::from_u128(1));
        let first = tap(None, d, 5).unwrap();
        assert_eq!(first, Record::Headcount(Tally::zero(d).tapped(5)));
        let second = tap(Some(first), d, -1).unwrap();
        assert_eq!(
            second,
            Record::Headcount(Tally::zero(d).tapped(5).tapped(-1))
        );
        let other = DeviceId(Uuid::from_u128(2));
        assert_eq!(tap(Some(second), other, 1), Err(DomainError::KindMismatch));
        assert!(tap(None, d, 0).is_err());
        assert!(tap(None, d, MAX_TAP + 1).is_err());
        let full = Record::Headcount(Tally {
            increments: MAX_TALLY,
            ..Tally::zero(d)
        });
        assert_eq!(
            tap(Some(full), d, 1),
            Err(DomainError::OutOfRange("headcount"))
        );
        assert_eq!(key(d), tap(None, d, 1).unwrap().key());
    }

    #[test]
    fn a_phone_brings_in_at_most_the_bound_of_other_phones_tallies() {
        assert!(may_introduce_tally(0));
        assert!(may_introduce_tally(MAX_RELAYED_TALLIES - 1));
        assert!(!may_introduce_tally(MAX_RELAYED_TALLIES));
        assert!(!may_introduce_tally(MAX_RELAYED_TALLIES + 1));
        // Room for every gate's file-only phones: 4 gates, 2 phones each.
        assert_eq!(
            (0..MAX_RELAYED_TALLIES)
                .filter(|&n| may_introduce_tally(n))
                .count(),
            8
        );
    }

    #[test]
    fn total_sums_devices_and_never_goes_negative() {
        let a = Tally::zero(DeviceId(Uuid::from_u128(1))).tapped(30);
        let b = Tally::zero(DeviceId(Uuid::from_u128(2))).tapped(20);
        assert_eq!(total([&a, &b]), 50);
        let c = Tally::zero(DeviceId(Uuid::from_u128(3))).tapped(-3);
        assert_eq!(total([&c]), 0);
    }
}
