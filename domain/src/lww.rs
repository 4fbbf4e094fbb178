//! Last-writer-wins registers and tombstones.

use crate::clock::Stamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field whose latest write wins. Serialised as the pair `[value, stamp]`:
/// compact in bundles, and the smallest parser to ship to phones.
///
/// Merge keeps the pair with the greater `(stamp, value)`. Comparing the value
/// as well as the stamp keeps merge a join even if two writes ever share a
/// stamp (a hostile or corrupt bundle), so every phone still picks the same one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lww<T> {
    /// The current value.
    pub value: T,
    /// When it was written, and by which phone.
    pub stamp: Stamp,
}

impl<T: Serialize> Serialize for Lww<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.value, &self.stamp).serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lww<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (value, stamp) = <(T, Stamp)>::deserialize(deserializer)?;
        Ok(Lww { value, stamp })
    }
}

impl<T: Ord + Clone> Lww<T> {
    /// A register holding `value`, written at `stamp`.
    pub fn new(value: T, stamp: Stamp) -> Self {
        Lww { value, stamp }
    }

    /// Writes `value` at `stamp` if that is later than the current write.
    pub fn set(&mut self, value: T, stamp: Stamp) {
        self.merge(&Lww { value, stamp });
    }

    /// Writes `value` at `stamp` only if it differs from the current value:
    /// saving a whole form then restamps just the fields the officer changed,
    /// so it never overrides another phone's edit of a field left alone.
    pub fn update(&mut self, value: T, stamp: Stamp) {
        if value != self.value {
            self.set(value, stamp);
        }
    }

    /// Joins another replica's register into this one.
    pub fn merge(&mut self, other: &Self) {
        if (&other.stamp, &other.value) > (&self.stamp, &self.value) {
            *self = other.clone();
        }
    }

    /// The latest write's value.
    pub fn get(&self) -> &T {
        &self.value
    }
}

/// A deletion marker. Once a record is removed it stays removed everywhere:
/// the record is kept (so a late edit merges into it) but no longer shown.
///
/// Merge keeps the later removal stamp; `None` means "not removed".
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Tombstone(pub Option<Stamp>);

impl Tombstone {
    /// Marks the record removed at `stamp`.
    pub fn remove(&mut self, stamp: Stamp) {
        self.merge(&Tombstone(Some(stamp)));
    }

    /// Joins another replica's tombstone into this one.
    pub fn merge(&mut self, other: &Self) {
        if other.0 > self.0 {
            self.0 = other.0;
        }
    }

    /// Whether the record has been removed.
    pub fn is_removed(&self) -> bool {
        self.0.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DeviceId;
    use uuid::Uuid;

    fn stamp(wall: u64, device: u128) -> Stamp {
        Stamp {
            wall,
            counter: 0,
            device: DeviceId(Uuid::from_u128(device)),
        }
    }

    #[test]
    fn later_write_wins_in_either_order() {
        let a = Lww::new("a".to_string(), stamp(1, 1));
        let b = Lww::new("b".to_string(), stamp(2, 1));
        let mut x = a.clone();
        x.merge(&b);
        let mut y = b.clone();
        y.merge(&a);
        assert_eq!(x, y);
        assert_eq!(x.get(), "b");
    }

    #[test]
    fn equal_stamps_break_ties_by_value() {
        let a = Lww::new(1, stamp(1, 1));
        let b = Lww::new(2, stamp(1, 1));
        let mut x = a.clone();
        x.merge(&b);
        let mut y = b.clone();
        y.merge(&a);
        assert_eq!(x, y);
        assert_eq!(*x.get(), 2);
    }

    #[test]
    fn serialises_as_a_pair_and_refuses_other_shapes() {
        let a = Lww::new("Lễ chào cờ".to_string(), stamp(7, 1));
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"["Lễ chào cờ",[7,0,"00000000-0000-0000-0000-000000000001"]]"#
        );
        assert_eq!(serde_json::from_str::<Lww<String>>(&json).unwrap(), a);
        for bad in [
            r#"["x"]"#,
            r#"["x",[7,0,"00000000-0000-0000-0000-000000000001"],1]"#,
            r#"{"v":"x"}"#,
            r#"[1,[7,0,"00000000-0000-0000-0000-000000000001"]]"#,
        ] {
            assert!(serde_json::from_str::<Lww<String>>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_tombstone_is_sticky() {
        let mut t = Tombstone::default();
        t.remove(stamp(5, 1));
        t.merge(&Tombstone::default());
        assert!(t.is_removed());
    }
}
