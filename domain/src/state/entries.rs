//! Commands on the event-day lists, shared by every kind declared with `item!`: each returns the
//! changed record, unapplied, like the program's commands.

use crate::error::DomainError;
use crate::kinds::banner::{Banner, BannerFields};
use crate::kinds::decoration;
use crate::kinds::invitee::{self, Invitee, InviteeFields};
use crate::kinds::{Kind, Record};
use crate::merge::clock::Stamp;
use crate::merge::items::{Item, ItemId};
use crate::state::EventState;

impl EventState {
    /// Saves a list entry from its form: a new one (`id` not in the list
    /// yet; `None` for a fresh id) or an edit, which restamps only the
    /// fields that changed, so it never overrides another phone's edit of a
    /// field this officer left alone.
    pub fn save<T: Item + Kind>(
        &self,
        id: Option<ItemId>,
        mut fields: T::Fields,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        T::check(&mut fields)?;
        let id = id.unwrap_or_else(|| ItemId::new(stamp.wall));
        let mut entry = match self.entry::<T>(id) {
            Some(e) if e.is_removed() => return Err(DomainError::NotFound("entry")),
            Some(e) => e.clone(),
            None => T::blank(id, stamp),
        };
        entry.write(fields, stamp);
        Ok(entry.into_record())
    }

    /// Changes one entry's values with `edit`, e.g. ticking it.
    pub fn update<T: Item + Kind>(
        &self,
        id: ItemId,
        stamp: Stamp,
        edit: impl FnOnce(&mut T::Fields),
    ) -> Result<Record, DomainError> {
        let entry = self
            .entry::<T>(id)
            .filter(|e| !e.is_removed())
            .ok_or(DomainError::NotFound("entry"))?;
        let mut fields = entry.fields();
        edit(&mut fields);
        self.save::<T>(Some(id), fields, stamp)
    }

    /// Removes an entry (a tombstone: it merges, but no longer shows).
    pub fn remove<T: Item + Kind>(&self, id: ItemId, stamp: Stamp) -> Result<Record, DomainError> {
        let mut entry = self
            .entry::<T>(id)
            .cloned()
            .ok_or(DomainError::NotFound("entry"))?;
        entry.remove(stamp);
        Ok(entry.into_record())
    }

    /// Several new entries at once (an imported list), each with its own id.
    pub fn add_all<T: Item + Kind>(
        &self,
        rows: impl IntoIterator<Item = T::Fields>,
        stamp: Stamp,
    ) -> Result<Vec<Record>, DomainError> {
        rows.into_iter()
            .map(|fields| self.save::<T>(None, fields, stamp))
            .collect()
    }

    /// The standard decoration jobs, for an event created before they were
    /// added automatically; `None` if the event already has them (even
    /// removed ones: an officer's removal stands).
    pub fn missing_standard_decorations(&self, stamp: Stamp) -> Option<Vec<Record>> {
        let meta = self.meta.as_ref()?;
        (!self.has_standard_decorations())
            .then(|| Self::standard_decorations(self.id, meta.year(), stamp))
    }

    /// Whether the standard decoration jobs were ever added to this event.
    pub fn has_standard_decorations(&self) -> bool {
        (0..decoration::STANDARD_JOBS.len()).any(|i| {
            self.entry::<decoration::Decoration>(decoration::standard_id(self.id, i))
                .is_some()
        })
    }

    /// Splits an imported list into the people to add and the line numbers
    /// of those already on the list (same name and phone, however written),
    /// including repeats within the file itself.
    pub fn new_invitees(
        &self,
        rows: Vec<(usize, InviteeFields)>,
    ) -> (Vec<(usize, InviteeFields)>, Vec<usize>) {
        let mut known: std::collections::HashSet<(String, String)> = self
            .entries::<Invitee>()
            .map(|i| invitee::identity(&i.fields()))
            .collect();
        let (mut fresh, mut repeated) = (Vec::new(), Vec::new());
        for (line, fields) in rows {
            if known.insert(invitee::identity(&fields)) {
                fresh.push((line, fields));
            } else {
                repeated.push(line);
            }
        }
        (fresh, repeated)
    }
}

impl EventState {
    /// The banner's values (the template's, until someone edits it). One
    /// banner per event: its id is the event's.
    pub fn banner(&self) -> BannerFields {
        self.entry::<Banner>(ItemId(self.id.0))
            .map(Item::fields)
            .unwrap_or_default()
    }

    /// Saves the banner as edited; lines equal to the template's go back to
    /// following it ([`BannerFields::settle`]).
    pub fn save_banner(
        &self,
        mut fields: BannerFields,
        stamp: Stamp,
    ) -> Result<Record, DomainError> {
        let meta = self.meta.as_ref().ok_or(DomainError::NotFound("event"))?;
        fields.settle(meta);
        self.save::<Banner>(Some(ItemId(self.id.0)), fields, stamp)
    }

    /// Puts the banner's lines back to the template's (its size stays).
    pub fn reset_banner(&self, stamp: Stamp) -> Result<Record, DomainError> {
        let mut fields = self.banner();
        fields.lines.clear();
        self.save::<Banner>(Some(ItemId(self.id.0)), fields, stamp)
    }
}
