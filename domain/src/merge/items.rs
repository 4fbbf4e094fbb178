//! The event-day lists (decorations, invitees, outreach, forum, awards,
//! budget, the banner) share one shape: a record of last-writer-wins fields
//! plus a tombstone, edited through a form. The [`item!`] macro writes that
//! shape once, so each list only declares its fields and its checks.

use crate::error::DomainError;
use crate::merge::clock::Stamp;
pub use crate::merge::ids::ItemId;

/// A list entry: what the [`item!`] macro implements for each kind.
pub trait Item: Clone + Sized + 'static {
    /// The plain values a form edits.
    type Fields: Clone + Default;
    /// Its id.
    fn id(&self) -> ItemId;
    /// An entry with default values, every field written at `stamp`.
    fn blank(id: ItemId, stamp: Stamp) -> Self;
    /// Its current values.
    fn fields(&self) -> Self::Fields;
    /// Writes the values that differ from the current ones at `stamp`.
    fn write(&mut self, fields: Self::Fields, stamp: Stamp);
    /// Joins another replica of the same entry.
    fn merge(&mut self, other: &Self);
    /// The greatest stamp in the entry.
    fn max_stamp(&self) -> Stamp;
    /// Every stamp in it, to restamp ([`crate::Record::restamp_ahead`]).
    fn stamps_mut(&mut self) -> Vec<&mut Stamp>;
    /// Whether it has been removed.
    fn is_removed(&self) -> bool;
    /// Its removal and restoration.
    fn tombstone(&self) -> &crate::merge::lww::Tombstone;
    /// Its removal and restoration, to rewrite (an older reader's shape).
    fn tombstone_mut(&mut self) -> &mut crate::merge::lww::Tombstone;
    /// Marks it removed at `stamp`.
    fn remove(&mut self, stamp: Stamp);
    /// Normalises (trims) and checks values from a form or a bundle.
    fn check(fields: &mut Self::Fields) -> Result<(), DomainError>;
    /// Sets one field from a form's control (`name`, text `value`).
    fn set_field(fields: &mut Self::Fields, name: &str, value: &str) -> Result<(), DomainError>;
}

/// Declares a list entry: the record struct (`id`, one register per field,
/// `removed`), its plain-values struct for forms, and its [`Item`] and
/// [`Replica`](crate::merge::replica::Replica) impls.
/// The kind supplies `fn check_fields(&mut Fields) -> Result<(), DomainError>`
/// and `Fields::set(&mut self, name, value)`, which reads one form control.
macro_rules! item {
    (
        $(#[$meta:meta])*
        pub struct $name:ident / $fields:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The entry's id.
            pub id: $crate::merge::items::ItemId,
            $( $(#[$fmeta])* pub $field: $crate::merge::lww::Lww<$ty>, )*
            /// Set when the entry is removed.
            #[serde(default)]
            pub removed: $crate::merge::lww::Tombstone,
        }

        #[doc = concat!("The plain values of a [`", stringify!($name), "`], as its form edits them.")]
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $fields {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::merge::items::Item for $name {
            type Fields = $fields;

            fn id(&self) -> $crate::merge::items::ItemId {
                self.id
            }

            fn blank(id: $crate::merge::items::ItemId, stamp: $crate::merge::clock::Stamp) -> Self {
                $name {
                    id,
                    $( $field: $crate::merge::lww::Lww::new(Default::default(), stamp), )*
                    removed: Default::default(),
                }
            }

            fn fields(&self) -> $fields {
                $fields { $( $field: self.$field.value.clone(), )* }
            }

            fn write(&mut self, fields: $fields, stamp: $crate::merge::clock::Stamp) {
                $( self.$field.update(fields.$field, stamp); )*
            }

            fn merge(&mut self, other: &Self) {
                $( self.$field.merge(&other.$field); )*
                self.removed.merge(&other.removed);
            }

            fn max_stamp(&self) -> $crate::merge::clock::Stamp {
                [$( self.$field.stamp, )*]
                    .into_iter()
                    .chain(self.removed.stamps().copied())
                    .max()
                    .expect("every entry has at least one field")
            }

            fn stamps_mut(&mut self) -> Vec<&mut $crate::merge::clock::Stamp> {
                let mut all = vec![$( &mut self.$field.stamp, )*];
                all.extend(self.removed.stamps_mut());
                all
            }

            fn is_removed(&self) -> bool {
                self.removed.is_removed()
            }

            fn tombstone(&self) -> &$crate::merge::lww::Tombstone {
                &self.removed
            }

            fn tombstone_mut(&mut self) -> &mut $crate::merge::lww::Tombstone {
                &mut self.removed
            }

            fn remove(&mut self, stamp: $crate::merge::clock::Stamp) {
                self.removed.remove(stamp);
            }

            fn check(fields: &mut $fields) -> Result<(), $crate::error::DomainError> {
                $name::check_fields(fields)
            }

            fn set_field(
                fields: &mut $fields,
                name: &str,
                value: &str,
            ) -> Result<(), $crate::error::DomainError> {
                fields.set(name, value)
            }
        }

        impl $crate::merge::replica::Replica for $name {
            fn uuid(&self) -> uuid::Uuid {
                self.id.0
            }

            fn join(&mut self, other: &Self) {
                $crate::merge::items::Item::merge(self, other)
            }

            fn validate(&self) -> Result<(), $crate::error::DomainError> {
                $name::check_fields(&mut $crate::merge::items::Item::fields(self))
            }

            fn needs_version_2(&self) -> bool {
                self.removed.is_restored()
            }

            fn to_version_1(&mut self) {
                self.removed = self.removed.as_version_1();
            }

            fn newest_stamp(&self) -> Option<$crate::merge::clock::Stamp> {
                Some($crate::merge::items::Item::max_stamp(self))
            }

            fn each_stamp_mut(&mut self, fix: impl FnMut(&mut $crate::merge::clock::Stamp)) {
                $crate::merge::items::Item::stamps_mut(self).into_iter().for_each(fix)
            }
        }
    };
}

pub(crate) use item;

/// Declares a closed set of choices (a category, a form, a status): the enum,
/// its stable code for storage and bundles, its Vietnamese label, and `ALL`
/// in display order. The first choice is the default.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal / $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            #[default]
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every choice, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in records and bundles.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label officers see.
            pub fn label_vi(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The choice with this code.
            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|c| c.code() == code)
            }
        }

        impl $crate::merge::items::Choice for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label_vi(self) -> &'static str {
                $name::label_vi(self)
            }
        }
    };
}

pub(crate) use choice;

/// Declares the controls of a kind's form, once: the enum the kind's
/// `Fields::set` matches (every control handled, no catch-all) and the
/// `name=` attribute the app's form gives each control ([`Self::name`]). A
/// name no control has is refused ([`DomainError::UnknownControl`]).
macro_rules! controls {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every control, in the form's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The control's `name=` in the app's forms.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The control named `name`, or the error for a name no control has.
            pub fn read(name: &str) -> Result<$name, $crate::error::DomainError> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|c| c.name() == name)
                    .ok_or_else(|| $crate::error::DomainError::UnknownControl(name.to_string()))
            }
        }
    };
}

pub(crate) use controls;

/// Reads a form's value of a closed set by its code.
pub fn chosen<C: Choice>(value: &str) -> Result<C, DomainError> {
    C::from_code(value).ok_or(DomainError::OutOfRange("choice"))
}

/// Reads a checkbox as forms submit it ("on" when ticked).
pub fn flag(value: &str) -> bool {
    matches!(value, "on" | "true")
}

/// Reads an amount of money in đồng ("1.500.000").
pub fn money(value: &str) -> Result<u64, DomainError> {
    crate::text::parse_decimal(value, 0)
        .ok_or_else(|| DomainError::InvalidNumber(value.trim().to_string()))
}

/// Reads an optional amount of money: empty means "not known yet".
pub fn money_opt(value: &str) -> Result<Option<u64>, DomainError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        money(value).map(Some)
    }
}

/// Reads a whole count typed in a form ("22.134", "88 307"); empty is 0.
pub fn count_opt(value: &str) -> Result<u64, DomainError> {
    Ok(money_opt(value)?.unwrap_or(0))
}

/// A closed set of choices, for screens that offer any of them in a list.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every choice, in display order.
    fn all() -> &'static [Self];
    /// The stable code.
    fn code(self) -> &'static str;
    /// The label officers see.
    fn label_vi(self) -> &'static str;
    /// The choice with this code.
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|c| c.code() == code)
    }
}

/// Trims a required text field in place and checks it.
pub(crate) fn required(field: &'static str, value: &mut String) -> Result<(), DomainError> {
    *value = crate::text::required(field, value)?;
    Ok(())
}

/// Trims an optional text field in place and checks it.
pub(crate) fn optional(field: &'static str, value: &mut String) -> Result<(), DomainError> {
    *value = crate::text::optional(field, value)?;
    Ok(())
}

/// Trims a long free text (an opinion, an answer) and checks it.
pub(crate) fn long_text(field: &'static str, value: &mut String) -> Result<(), DomainError> {
    let text = value.trim();
    if text.contains('\0') {
        return Err(DomainError::NulInText { field });
    }
    if text.chars().count() > crate::text::MAX_LONG_TEXT {
        return Err(DomainError::TooLong {
            field,
            max: crate::text::MAX_LONG_TEXT,
        });
    }
    *value = text.to_string();
    Ok(())
}

/// Checks a count or amount stays within what any event could need; larger
/// numbers can only come from a typo or a hostile bundle.
pub(crate) fn at_most(field: &'static str, value: u64, max: u64) -> Result<(), DomainError> {
    if value > max {
        return Err(DomainError::OutOfRange(field));
    }
    Ok(())
}
