//! Hybrid logical clock: stamps that order every change across phones.
//!
//! A stamp is (wall time in ms, counter, device). Wall time keeps stamps close
//! to real time for people reading them; the counter orders changes made in
//! the same millisecond or after a phone's clock jumped back; the device id
//! breaks the remaining ties the same way on every phone.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use uuid::Uuid;

/// The identity of one phone (one browser profile), chosen at random once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub Uuid);

impl DeviceId {
    /// A fresh random device id.
    pub fn random() -> Self {
        DeviceId(Uuid::new_v4())
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A point in the hybrid logical time of the whole event.
///
/// Ordered by wall time, then counter, then device, so any two stamps compare
/// the same way on every phone. Serialised as `[wall_ms, counter, "device"]`;
/// a wall time past [`MAX_WALL_MS`] is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// Milliseconds since the Unix epoch, as the issuing phone saw it (or later).
    pub wall: u64,
    /// Orders stamps that share a wall time.
    pub counter: u32,
    /// The phone that issued the stamp.
    pub device: DeviceId,
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.wall, self.counter, self.device).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (wall, counter, device) = <(u64, u32, DeviceId)>::deserialize(deserializer)?;
        if wall > MAX_WALL_MS {
            return Err(serde::de::Error::custom(
                "stamp wall time is too far in the future",
            ));
        }
        Ok(Stamp {
            wall,
            counter,
            device,
        })
    }
}

/// Stamps from a wall time past this are refused: year 2200 in ms. A phone
/// whose clock is wildly wrong must not poison every later stamp.
pub const MAX_WALL_MS: u64 = 7_258_118_400_000;

/// How far ahead of the receiver's clock a received stamp may be: 5 minutes.
///
/// A last-writer-wins field written by a phone whose clock runs ahead beats
/// every correct edit until real time catches up, so the bound is the longest
/// an officer's later correction can lose to an earlier, wrongly stamped one.
/// Phones on network time are seconds apart, and a phone whose clock was set
/// by hand is usually within a few minutes; one further off (a wrong date, a
/// wrong time zone) is told to fix its clock, keeps its changes, and sends
/// them restamped once the clock is right ([`Hlc::rebase`]).
pub const MAX_AHEAD_MS: u64 = 5 * 60 * 1000;

/// Whether `stamp` is at most [`MAX_AHEAD_MS`] ahead of `now_ms`.
pub fn within_bound(stamp: &Stamp, now_ms: u64) -> bool {
    stamp.wall <= now_ms.saturating_add(MAX_AHEAD_MS)
}

/// The clock of one device. Persisted with every write so that a reload never
/// issues a stamp at or below one already used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hlc {
    /// This phone.
    pub device: DeviceId,
    /// The greatest wall time issued or observed.
    pub wall: u64,
    /// The counter that goes with `wall`.
    pub counter: u32,
}

impl Hlc {
    /// A clock for `device` that has issued nothing yet.
    pub fn new(device: DeviceId) -> Self {
        Hlc {
            device,
            wall: 0,
            counter: 0,
        }
    }

    /// Issues a stamp greater than every stamp this clock has issued or observed.
    ///
    /// `physical_ms` is the phone's current time; if it went backwards the
    /// clock keeps its own wall time and counts up instead.
    ///
    /// The stamp is always readable back ([`MAX_WALL_MS`] at most): at the
    /// very last stamp the clock saturates and repeats it rather than pass
    /// the cap. Repeating is harmless to merge (equal stamps are ordered by
    /// value, [`crate::Lww::merge`]); an unreadable stamp would lock the
    /// phone out of its own data.
    pub fn tick(&mut self, physical_ms: u64) -> Stamp {
        let physical_ms = physical_ms.min(MAX_WALL_MS);
        // A clock restored from storage may hold anything: keep it in range.
        self.wall = self.wall.min(MAX_WALL_MS);
        if physical_ms > self.wall {
            self.wall = physical_ms;
            self.counter = 0;
        } else if self.counter < u32::MAX {
            self.counter += 1;
        } else if self.wall < MAX_WALL_MS {
            // Exhausted counter: borrow the next millisecond rather than repeat a stamp.
            self.wall += 1;
            self.counter = 0;
        }
        Stamp {
            wall: self.wall,
            counter: self.counter,
            device: self.device,
        }
    }

    /// Moves the clock past a stamp received from another phone, so that this
    /// phone's next change is ordered after everything it has seen.
    pub fn observe(&mut self, stamp: &Stamp) {
        let wall = stamp.wall.min(MAX_WALL_MS);
        if wall > self.wall || (wall == self.wall && stamp.counter > self.counter) {
            self.wall = wall;
            self.counter = stamp.counter;
        }
    }

    /// Brings back a clock that ran ahead (the phone's date was wrong and has
    /// been corrected): it issues stamps from `limit` on, the latest a
    /// receiver accepts, instead of from the wrong future. Every stamp a
    /// receiver took is at most `limit`, so the next tick still orders after
    /// them.
    pub fn rebase(&mut self, limit: u64) {
        if self.wall > limit {
            self.wall = limit;
            self.counter = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(n: u128) -> DeviceId {
        DeviceId(Uuid::from_u128(n))
    }

    #[test]
    fn ticks_are_strictly_increasing_even_when_the_wall_clock_goes_back() {
        let mut clock = Hlc::new(device(1));
        let a = clock.tick(1_000);
        let b = clock.tick(1_000);
        let c = clock.tick(500);
        let d = clock.tick(2_000);
        assert!(a < b && b < c && c < d);
        assert_eq!(c.wall, 1_000);
        assert_eq!(
            d,
            Stamp {
                wall: 2_000,
                counter: 0,
                device: device(1)
            }
        );
    }

    #[test]
    fn observing_a_later_stamp_orders_the_next_tick_after_it() {
        let mut mine = Hlc::new(device(1));
        let theirs = Stamp {
            wall: 9_000,
            counter: 4,
            device: device(2),
        };
        mine.observe(&theirs);
        let next = mine.tick(1_000);
        assert!(next > theirs);
    }

    #[test]
    fn wall_time_is_capped() {
        let mut clock = Hlc::new(device(1));
        let s = clock.tick(u64::MAX);
        assert_eq!(s.wall, MAX_WALL_MS);
        assert!(clock.tick(u64::MAX) > s);
    }

    #[test]
    fn the_last_stamp_saturates_instead_of_passing_the_cap() {
        let mut clock = Hlc::new(device(1));
        clock.observe(&Stamp {
            wall: MAX_WALL_MS,
            counter: u32::MAX,
            device: device(2),
        });
        let s = clock.tick(u64::MAX);
        assert_eq!((s.wall, s.counter), (MAX_WALL_MS, u32::MAX));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Stamp>(&json).unwrap(), s);
        // A corrupt clock from storage is brought back in range too.
        let mut corrupt = Hlc {
            device: device(1),
            wall: u64::MAX,
            counter: 0,
        };
        assert_eq!(corrupt.tick(5).wall, MAX_WALL_MS);
    }

    #[test]
    fn rebase_brings_a_clock_back_from_the_future() {
        let mut clock = Hlc::new(device(1));
        let ahead = clock.tick(50_000_000);
        clock.rebase(1_000_000);
        let next = clock.tick(900_000);
        assert_eq!((next.wall, next.counter), (1_000_000, 1));
        assert!(next < ahead, "the wrong future is gone");
        assert!(within_bound(&next, 1_000_000 - MAX_AHEAD_MS));
        assert!(!within_bound(&ahead, 1_000_000));
        // A clock that never ran ahead is left alone.
        let mut fine = Hlc::new(device(1));
        let s = fine.tick(500);
        fine.rebase(10_000);
        assert!(fine.tick(400) > s);
    }

    #[test]
    fn stamps_serialise_compactly() {
        let s = Stamp {
            wall: 5,
            counter: 1,
            device: device(3),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"[5,1,"00000000-0000-0000-0000-000000000003"]"#);
        assert_eq!(serde_json::from_str::<Stamp>(&json).unwrap(), s);
        let future = format!(
            r#"[{},0,"00000000-0000-0000-0000-000000000003"]"#,
            MAX_WALL_MS + 1
        );
        assert!(serde_json::from_str::<Stamp>(&future).is_err());
        assert!(serde_json::from_str::<Stamp>(r#"[5,1,"not-a-uuid"]"#).is_err());
        assert!(
            serde_json::from_str::<Stamp>(r#"[5,-1,"00000000-0000-0000-0000-000000000003"]"#)
                .is_err()
        );
    }
}
