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
    pub fn tick(&mut self, physical_ms: u64) -> Stamp {
        let physical_ms = physical_ms.min(MAX_WALL_MS);
        if physical_ms > self.wall {
            self.wall = physical_ms;
            self.counter = 0;
        } else if self.counter == u32::MAX {
            // Exhausted counter: borrow the next millisecond rather than repeat a stamp.
            self.wall += 1;
            self.counter = 0;
        } else {
            self.counter += 1;
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
