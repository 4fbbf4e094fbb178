//! Last-writer-wins registers and tombstones.

use crate::merge::clock::Stamp;
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

/// Whether a record is removed: a removal and a restoration, each the
/// latest of its kind, and the later of the two wins. The record is kept
/// either way (so a late edit merges into it); a removed one is not shown.
///
/// Merge keeps the later stamp of each, so it is a join like [`Lww`]. A
/// record never restored is serialised as before restoration existed: the
/// removal's stamp, or `null`; once restored, as
/// `{"removed": stamp or null, "restored": stamp}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tombstone {
    removed: Option<Stamp>,
    restored: Option<Stamp>,
}

impl Tombstone {
    /// Marks the record removed at `stamp`.
    pub fn remove(&mut self, stamp: Stamp) {
        self.removed = self.removed.max(Some(stamp));
    }

    /// Marks the record restored at `stamp`: it shows again unless a later
    /// removal comes.
    pub fn restore(&mut self, stamp: Stamp) {
        self.restored = self.restored.max(Some(stamp));
    }

    /// Joins another replica's tombstone into this one.
    pub fn merge(&mut self, other: &Self) {
        self.removed = self.removed.max(other.removed);
        self.restored = self.restored.max(other.restored);
    }

    /// Whether the record is removed: removed, and not restored since.
    pub fn is_removed(&self) -> bool {
        self.removed > self.restored
    }

    /// Never removed nor restored.
    pub fn is_blank(&self) -> bool {
        *self == Tombstone::default()
    }

    /// Whether it was ever restored (a shape bundles carry from version 2).
    pub fn is_restored(&self) -> bool {
        self.restored.is_some()
    }

    /// The latest removal's stamp.
    pub fn removed_at(&self) -> Option<Stamp> {
        self.removed
    }

    /// What a version-1 reader can hold of it: removed or not, as it is
    /// now. A phone that saw the removal keeps it (version 1 has no
    /// restoration); one that did not never sees it.
    pub fn as_version_1(&self) -> Tombstone {
        Tombstone {
            removed: self.is_removed().then_some(self.removed).flatten(),
            restored: None,
        }
    }

    /// Its stamps (none, one or two).
    pub fn stamps(&self) -> impl Iterator<Item = &Stamp> {
        self.removed.iter().chain(self.restored.iter())
    }

    /// Its stamps, to restamp.
    pub fn stamps_mut(&mut self) -> impl Iterator<Item = &mut Stamp> {
        self.removed.iter_mut().chain(self.restored.iter_mut())
    }
}

/// The restored form's fields.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Restored {
    removed: Option<Stamp>,
    restored: Stamp,
}

impl Serialize for Tombstone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.restored {
            None => self.removed.serialize(serializer),
            Some(restored) => Restored {
                removed: self.removed,
                restored,
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Tombstone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = Tombstone;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("null, a stamp, or {removed, restored}")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Tombstone, E> {
                Ok(Tombstone::default())
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Tombstone, E> {
                Ok(Tombstone::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tombstone, D::Error> {
                d.deserialize_any(Shape)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Tombstone, A::Error> {
                let removed = Stamp::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(Tombstone {
                    removed: Some(removed),
                    restored: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Tombstone, A::Error> {
                let r = Restored::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Tombstone {
                    removed: r.removed,
                    restored: Some(r.restored),
                })
            }
        }
        deserializer.deserialize_any(Shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::clock::DeviceId;
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

    #[test]
    fn a_removal_is_undone_by_a_later_restoration_in_either_order() {
        let mut removed = Tombstone::default();
        removed.remove(stamp(5, 1));
        let mut restored = Tombstone::default();
        restored.restore(stamp(6, 2));
        let (mut x, mut y) = (removed, restored);
        x.merge(&restored);
        y.merge(&removed);
        assert_eq!(x, y);
        assert!(!x.is_removed());
        // A removal after the restoration wins again.
        x.remove(stamp(7, 1));
        assert!(x.is_removed());
        // An older removal arriving late does not.
        let mut z = y;
        z.merge(&removed);
        assert!(!z.is_removed());
    }

    #[test]
    fn a_version_1_reader_gets_the_state_now_in_the_shape_it_holds() {
        let mut t = Tombstone::default();
        assert_eq!(t.as_version_1(), Tombstone::default());
        t.remove(stamp(5, 1));
        assert_eq!(t.as_version_1(), t, "a plain removal is version 1 already");
        t.restore(stamp(6, 2));
        let shown = t.as_version_1();
        assert!(!shown.is_restored() && !shown.is_removed());
        assert_eq!(serde_json::to_string(&shown).unwrap(), "null");
        t.remove(stamp(7, 1));
        let hidden = t.as_version_1();
        assert!(!hidden.is_restored() && hidden.is_removed());
        assert_eq!(hidden.removed_at(), Some(stamp(7, 1)));
    }

    #[test]
    fn a_tombstone_reads_every_form_it_was_written_in_and_refuses_others() {
        let never: Tombstone = serde_json::from_str("null").unwrap();
        assert_eq!(never, Tombstone::default());
        assert_eq!(serde_json::to_string(&never).unwrap(), "null");
        let old = r#"[5,0,"00000000-0000-0000-0000-000000000001"]"#;
        let removed: Tombstone = serde_json::from_str(old).unwrap();
        assert!(removed.is_removed());
        assert_eq!(serde_json::to_string(&removed).unwrap(), old);
        let mut restored = removed;
        restored.restore(stamp(6, 2));
        let json = serde_json::to_string(&restored).unwrap();
        assert_eq!(
            json,
            r#"{"removed":[5,0,"00000000-0000-0000-0000-000000000001"],"restored":[6,0,"00000000-0000-0000-0000-000000000002"]}"#
        );
        assert_eq!(serde_json::from_str::<Tombstone>(&json).unwrap(), restored);
        for bad in [
            "1",
            r#""x""#,
            r#"[5,0]"#,
            r#"{"removed":null}"#,
            r#"{"restored":[6,0,"00000000-0000-0000-0000-000000000002"],"x":1}"#,
        ] {
            assert!(serde_json::from_str::<Tombstone>(bad).is_err(), "{bad}");
        }
    }
}
