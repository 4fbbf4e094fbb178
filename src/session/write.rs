//! The write path: every change to an event — a tick, a typed field, a tap
//! at the gate, an imported file, what a sync brought — reaches storage
//! through [`Session::write`], in its turn, with the clock moved on a copy
//! and kept only once the transaction has committed. Records are shown on
//! screen only after that.
//!
//! Only this module reaches storage's write half ([`WriteHalf`]); what the
//! session lends out ([`Session::db`]) only reads. So sync and the screens
//! write through the session: changes here, and what the phone keeps beside
//! its events (a link, a claim, its unit, a kept answer) through [`keep`].

use super::journal::{self, Change, Tap, Written};
use super::{EventCtx, Session, Turn};
use crate::error::AppError;
use crate::lazy::{run_entry, split_entry, Entry};
use crate::storage::{Pending, SyncLink, Writer};
use crate::time::now_ms;
use domain::{Bundle, DomainError, EventId, EventState, Hlc, NewEvent, Record, Stamp};
use futures::channel::oneshot;
use leptos::prelude::*;
use uuid::Uuid;

mod keep;

/// A change to an event: computes the records to write from the current
/// state, a fresh stamp and the time. Boxed, so the one async write path is
/// compiled once rather than once per command (it keeps the app small).
pub type Command = Box<dyn FnOnce(&EventState, Stamp, u64) -> Result<Vec<Record>, DomainError>>;

/// A command on an event's state, bound to that state.
type Compute<'a> = Box<dyn FnOnce(Stamp, u64) -> Result<Vec<Record>, DomainError> + 'a>;

/// Changes with more records than this are not journaled: a tap changes one
/// record or a few, while a list import of thousands would fill LocalStorage
/// (about 5 MB) and stall the page writing it — and the officer watches an
/// import until it is saved.
const JOURNAL_MAX_RECORDS: usize = 100;

/// What a command computes: one record or several.
pub trait IntoRecords {
    /// The records to write.
    fn into_records(self) -> Vec<Record>;
}

impl IntoRecords for Record {
    fn into_records(self) -> Vec<Record> {
        vec![self]
    }
}

impl IntoRecords for Vec<Record> {
    fn into_records(self) -> Vec<Record> {
        self
    }
}

/// Whether a change was committed, for the form that made it (to close, or
/// to give a refused entry its text back). Dropping it is fine: the change
/// is committed, or reported, all the same.
pub struct Saved(oneshot::Receiver<bool>);

impl Saved {
    /// Calls `after(saved)` once the change is committed or refused.
    pub fn then(self, after: impl FnOnce(bool) + 'static) {
        leptos::task::spawn_local(async move { after(self.0.await.unwrap_or(false)) });
    }
}

impl Session {
    /// Runs a command on the open event: computes its records from the
    /// latest state, commits them, and only then applies them to the screen.
    /// Any failure is reported to the officer.
    ///
    /// Called from the officer's own event handler. If no write is in
    /// flight, the change is computed and journaled right here,
    /// synchronously, and then committed holding the same turn: the change
    /// survives the app closing from this moment on. If an earlier write is
    /// still in flight, the change waits its turn as a closure, which cannot
    /// be journaled, so until then a close loses it (a second tap within the
    /// few milliseconds a write takes).
    pub fn run<R: IntoRecords>(
        &self,
        event: EventCtx,
        command: impl FnOnce(&EventState, Stamp, u64) -> Result<R, DomainError> + 'static,
    ) -> Saved {
        self.spawn_change(
            event,
            Box::new(move |s, stamp, now| command(s, stamp, now).map(IntoRecords::into_records)),
        )
    }

    /// The one body of [`Session::run`], compiled once.
    fn spawn_change(&self, event: EventCtx, command: Command) -> Saved {
        let command = on_state(event, command);
        let turn = match self.try_turn() {
            Some(turn) => Ok((turn, self.compute(event.id, command))),
            None => Err(command),
        };
        let (done, saved) = oneshot::channel();
        let session = self.clone();
        leptos::task::spawn_local(async move {
            let result = match turn {
                Ok((turn, change)) => match change {
                    Ok(change) => session.write_journaled(turn, change).await,
                    Err(e) => Err(e),
                },
                Err(command) => session.commit(event.id, command).await,
            };
            let ok = session.settle(event.id, result).is_some();
            let _ = done.send(ok);
        });
        Saved(saved)
    }

    /// A tap at the gate by this phone: `delta` people (−1 to correct),
    /// added to the count as stored (see [`Writer::tap`]).
    ///
    /// Journaled first, here in the tap's handler, so that it survives the
    /// app closing before it is committed (see [`journal`]). Unlike a change
    /// it needs nothing from the state, so every tap is journaled, even one
    /// made while an earlier one is still being written.
    pub fn tap(&self, event: EventCtx, delta: i64) {
        let tap = Tap {
            id: Uuid::new_v4(),
            event: event.id,
            delta,
        };
        journal::write(tap.id, Written::Tap(&tap));
        let session = self.clone();
        leptos::task::spawn_local(async move {
            let result = session.commit_tap(&tap).await.map(|r| vec![r]);
            // Committed, or refused and reported: nothing for a replay.
            journal::remove(tap.id);
            session.settle(event.id, result);
        });
    }

    /// Adds a journaled tap to the stored count, in its turn.
    pub(super) async fn commit_tap(&self, tap: &Tap) -> Result<Record, AppError> {
        let turn = self.turn().await;
        let device = self.device();
        self.write(turn, async |writer, clock| {
            clock.tick(now_ms());
            writer
                .tap(tap.event, device, tap.delta, tap.id, clock)
                .await
        })
        .await
    }

    /// Merges a bundle from a file, as a local change (so it is pushed
    /// too). A refusal is returned, not reported: the file's preview stays
    /// open with the message.
    pub async fn import(&self, bundle: Bundle) -> Result<(), AppError> {
        bundle.check_stamps(now_ms())?;
        let turn = self.turn().await;
        let stored = self
            .write(turn, async |writer, clock| {
                observe_all(clock, &bundle.records);
                clock.tick(now_ms());
                writer.commit(bundle.event, &bundle.records, clock).await
            })
            .await?;
        self.show(bundle.event, stored);
        self.changed();
        Ok(())
    }

    /// Creates an event with the standard program; returns its id once
    /// saved. In the event module, with the write path, since the new event
    /// opens next.
    pub async fn create_event(&self, new: NewEvent) -> Result<EventId, AppError> {
        run_entry!(event_creation(self.clone(), new))
    }

    /// Applies what a sync brought: observes its stamps (so this phone's
    /// next change orders after them), stores it, and updates the screen.
    pub async fn apply_remote(
        &self,
        event: EventId,
        records: Vec<Record>,
        settled: &[Pending],
        link: &SyncLink,
    ) -> Result<(), AppError> {
        let turn = self.turn().await;
        let stored = self
            .write(turn, async |writer, clock| {
                observe_all(clock, &records);
                writer
                    .apply_remote(event, &records, settled, link, clock)
                    .await
            })
            .await?;
        self.show(event, stored);
        Ok(())
    }

    /// Brings this phone's clock back from a wrong future (its date was
    /// wrong and has been fixed) and restamps, as new changes, every stored
    /// change of `event` stamped after `limit`: the server refused them and
    /// would refuse them for good. Nothing is lost; what the officer did
    /// then goes out now.
    pub async fn rebase(&self, event: EventId, limit: u64) -> Result<(), AppError> {
        let turn = self.turn().await;
        self.write(turn, async |writer, clock| {
            clock.rebase(limit);
            let state = self.db().load_event(event).await?;
            let now = now_ms();
            let restamped = state.restamped_ahead(limit, || clock.tick(now));
            writer.replace(event, &restamped, clock).await
        })
        .await?;
        if let Some(open) = self.on_screen(event) {
            // Merging lower stamps would keep the old values: reload instead.
            if let Ok(state) = self.db().load_event(event).await {
                open.state.set(Some(state));
            }
        }
        Ok(())
    }

    /// After a local change: shows what was stored and tells sync, or
    /// reports why nothing was. `Some` if it was committed.
    fn settle(&self, event: EventId, result: Result<Vec<Record>, AppError>) -> Option<()> {
        match result {
            Ok(stored) => {
                self.show(event, stored);
                self.changed();
                Some(())
            }
            Err(e) => {
                self.report(&e);
                None
            }
        }
    }

    /// Shows stored records if their event is on screen.
    fn show(&self, event: EventId, stored: Vec<Record>) {
        if let Some(open) = self.on_screen(event) {
            apply_to_screen(open, stored);
        }
    }

    /// Waits its turn, then computes and commits a change.
    async fn commit(&self, event: EventId, command: Compute<'_>) -> Result<Vec<Record>, AppError> {
        let turn = self.turn().await;
        let change = self.compute(event, command)?;
        self.write_journaled(turn, change).await
    }

    /// Computes a change's records, stamped by a tick of a copy of the
    /// clock, and journals them. Synchronous: called from a tap's handler,
    /// the entry is written before the handler returns.
    fn compute(&self, event: EventId, command: Compute<'_>) -> Result<Change, AppError> {
        let now = now_ms();
        let mut clock = self.inner.clock.borrow().clone();
        let stamp = clock.tick(now);
        let change = Change {
            id: Uuid::new_v4(),
            event,
            records: command(stamp, now)?,
            clock,
        };
        if change.records.len() <= JOURNAL_MAX_RECORDS {
            journal::write(change.id, Written::Change(&change));
        }
        Ok(change)
    }

    /// Commits a journaled change and removes its entry: committed, or
    /// refused and reported to the officer as not saved, so a replay must
    /// not bring it back later.
    async fn write_journaled(&self, turn: Turn, change: Change) -> Result<Vec<Record>, AppError> {
        let id = change.id;
        let result = self.write_change(turn, change).await;
        journal::remove(id);
        result
    }

    /// Commits a computed change, with the clock that stamped it.
    pub(super) async fn write_change(
        &self,
        turn: Turn,
        change: Change,
    ) -> Result<Vec<Record>, AppError> {
        self.write(turn, async |writer, clock| {
            *clock = change.clock;
            writer.commit(change.event, &change.records, clock).await
        })
        .await
    }

    /// The one way into storage for records. `store` gets storage's write
    /// half, a copy of the clock to move (tick, observe) and one storage
    /// transaction that saves it; only a committed write advances the
    /// clock in memory.
    async fn write<T>(
        &self,
        _turn: Turn,
        store: impl AsyncFnOnce(&Writer, &mut Hlc) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut clock = self.inner.clock.borrow().clone();
        let out = store(self.writer(), &mut clock).await?;
        *self.inner.clock.borrow_mut() = clock;
        Ok(out)
    }

    /// Storage's write half: only the write path (this file and `keep`)
    /// reaches it.
    fn writer(&self) -> &Writer {
        &self.inner.write_half.0
    }

    /// Storage's write half for a test that writes around the session
    /// (no turn taken, no clock kept), as no code of the app does.
    #[cfg(test)]
    pub(super) fn writer_around_the_turn(&self) -> &Writer {
        self.writer()
    }
}

/// Storage's write half, held by the write path alone: its field is
/// private to this module, so every write to storage is made here.
pub(super) struct WriteHalf(Writer);

impl WriteHalf {
    pub(super) fn new(writer: Writer) -> WriteHalf {
        WriteHalf(writer)
    }
}

split_entry!(
    event,
    fn event_creation(session: Session, new: NewEvent) -> Entry<EventId> {
        Ok(Box::pin(async move {
            // The claim is kept first: an event whose claim was lost could
            // never be shared.
            let (id, claim) = EventId::new_claimed();
            session.save_claim(id, &claim).await?;
            let create: Compute<'static> =
                Box::new(move |stamp, _| EventState::create(id, new, stamp));
            session.commit(id, create).await?;
            Ok(id)
        }))
    }
);

/// Moves `clock` past every stamp in `records`, so the next change orders
/// after them.
pub(super) fn observe_all(clock: &mut Hlc, records: &[Record]) {
    for stamp in records.iter().filter_map(Record::max_stamp) {
        clock.observe(&stamp);
    }
}

/// Binds a command to the event's state on screen, read when it runs.
fn on_state(event: EventCtx, command: Command) -> Compute<'static> {
    Box::new(move |stamp, now| {
        event
            .state
            .with_untracked(|s| s.as_ref().map(|s| command(s, stamp, now)))
            .unwrap_or(Err(DomainError::NotFound("event")))
    })
}

/// Shows stored records on the open event's screen.
///
/// Only records that differ from the screen's copy are applied, and nothing
/// is redrawn if none does: a sync that brought nothing new (the poll, with
/// one phone alone) leaves every screen as it is.
fn apply_to_screen(event: EventCtx, stored: Vec<Record>) {
    let changed: Vec<Record> = event.state.with_untracked(|s| {
        s.as_ref().map_or_else(Vec::new, |s| {
            // What the screen left in storage is not shown: nothing to redraw.
            stored
                .into_iter()
                .filter(|r| {
                    let key = r.key();
                    s.holds_kind(key.kind) && s.record(&key).as_ref() != Some(r)
                })
                .collect()
        })
    });
    if changed.is_empty() {
        return;
    }
    event.state.update(|s| {
        if let Some(s) = s {
            for r in changed {
                // Stored records belong to this event: apply cannot refuse them.
                let _ = s.apply(r);
            }
        }
    });
}
