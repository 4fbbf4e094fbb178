//! The gate's tap, on the tally as stored.

use crate::error::DomainError;
use crate::kinds::headcount::{Tally, MAX_TALLY, MAX_TAP};
use crate::kinds::{Record, RecordKey, RecordKind};
use crate::merge::clock::DeviceId;

/// The key of `device`'s tally among an event's records.
pub fn key(device: DeviceId) -> RecordKey {
    RecordKey {
        kind: RecordKind::Headcount,
        id: device.0,
    }
}

/// A tap at the gate on `device`: its tally as stored (none before its
/// first tap) with `delta` people more (or corrected). Computed from the
/// stored copy, not the screen's, in the same storage transaction: the app
/// open twice on one phone must not lose taps.
pub fn tap(stored: Option<Record>, device: DeviceId, delta: i64) -> Result<Record, DomainError> {
    if delta == 0 || delta.unsigned_abs() > MAX_TAP as u64 {
        return Err(DomainError::OutOfRange("headcount"));
    }
    let tally = match stored {
        None => Tally::zero(device),
        Some(Record::Headcount(t)) if t.device == device => t,
        Some(_) => return Err(DomainError::KindMismatch),
    };
    let next = tally.tapped(delta);
    if next.increments > MAX_TALLY || next.corrections > MAX_TALLY {
        return Err(DomainError::OutOfRange("headcount"));
    }
    Ok(Record::Headcount(next))
}
