//! The two ways officers edit a list (decorations, awards, budget…): a form
//! that adds an entry, and rows whose fields save as soon as they change.
//! Both go through the domain's `Item::set_field`, so a list page only lists
//! its controls.

use crate::components::{ChangedField, FormValues};
use crate::session::{EventCtx, Session};
use domain::{Item, ItemId, Kind};
use leptos::prelude::*;

/// Adds an entry from a submitted form; `finish` completes what the form
/// does not hold (the time, say). The form empties at once, so the officer
/// can type the next entry while this one is saved; if it is refused, what
/// they typed comes back with the message.
pub fn add_entry<T: Item + Kind>(
    session: &Session,
    event: EventCtx,
    ev: &leptos::ev::SubmitEvent,
    finish: impl FnOnce(&mut T::Fields, u64) + 'static,
) {
    ev.prevent_default();
    let form = FormValues::of(ev);
    let values = form.entries();
    let typed = values.clone();
    form.reset();
    session
        .run(event, move |s, stamp, now| {
            let mut fields = T::Fields::default();
            for (name, value) in &values {
                T::set_field(&mut fields, name, value)?;
            }
            finish(&mut fields, now);
            s.save::<T>(None, fields, stamp)
        })
        .then(move |saved| {
            if !saved {
                form.restore(&typed);
            }
        });
}

/// A handler for a row of controls: whichever field changes is saved.
pub fn on_field_change<T: Item + Kind>(
    session: Session,
    event: EventCtx,
    id: ItemId,
) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    move |ev| {
        let Some(f) = ChangedField::of(&ev) else {
            return;
        };
        session.run(event, move |s, stamp, _| {
            let mut result = Ok(());
            let record = s.update::<T>(id, stamp, |fields| {
                result = T::set_field(fields, &f.name, f.submitted());
            });
            result?;
            record
        });
    }
}

/// Removes entry `id` of a list.
pub fn remove_entry<T: Item + Kind>(session: &Session, event: EventCtx, id: ItemId) {
    session.run(event, move |s, stamp, _| s.remove::<T>(id, stamp));
}

/// A remove button that asks for a second tap (a stray tap removes nothing).
#[component]
pub fn RemoveButton(
    /// What is removed, for the accessible name ("Xóa «…»").
    #[prop(into)]
    what: Signal<String>,
    /// Removes it.
    on_remove: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let remove = move |_| {
        if confirming.get_untracked() {
            on_remove.run(());
        } else {
            confirming.set(true);
        }
    };
    view! {
        <button type="button" class="btn btn-danger"
            aria-label=move || if confirming.get() { format!("Xác nhận xóa «{}»", what.get()) } else { format!("Xóa «{}»", what.get()) }
            on:click=remove>
            {move || if confirming.get() { "Xác nhận xóa" } else { "Xóa" }}
        </button>
    }
}

/// Reads one field of entry `id`, tracked; the default while it is absent.
/// A memo: the control is set again only when this field changes, not on
/// every change to the event (another phone's sync landing, say), which
/// would overwrite what the officer is typing in it.
pub fn read<T: Item + Kind, R: Default + Clone + PartialEq + Send + Sync + 'static>(
    event: EventCtx,
    id: ItemId,
    f: impl Fn(&T) -> R + Copy + Send + Sync + 'static,
) -> impl Fn() -> R + Copy + 'static {
    let field = Memo::new(move |_| {
        event
            .with(|s| s.entry::<T>(id).map(f))
            .flatten()
            .unwrap_or_default()
    });
    move || field.get()
}

/// The ids of a list's entries in the order they were added, as a memo: the
/// rows re-render only when an entry is added or removed.
pub fn entry_ids<T: Item + Kind>(event: EventCtx) -> Memo<Vec<ItemId>> {
    Memo::new(move |_| {
        event
            .with(|s| s.entries::<T>().map(Item::id).collect())
            .unwrap_or_default()
    })
}
