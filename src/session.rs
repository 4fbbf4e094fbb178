//! The app's session: the open database, this phone's clock, and the one
//! path every change takes — compute records, commit them, then show them.

use crate::error::AppError;
use crate::journal::{self, Change, Entry, Tap, Written};
use crate::split;
use crate::storage::{Db, Pending, SyncLink};
use crate::sync::{self, SyncSignals};
use domain::{Bundle, DeviceId, DomainError, EventId, EventState, Hlc, NewEvent, Record, Stamp};
use futures::lock::{Mutex, OwnedMutexGuard};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use uuid::Uuid;

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

/// Shared by every page through context.
#[derive(Clone)]
pub struct Session {
    inner: SendWrapper<Rc<Inner>>,
    /// The message of the last failure, shown in an alert until dismissed.
    pub notice: RwSignal<Option<String>>,
    /// Sync's state, for the screens.
    pub sync: SyncSignals,
    /// The event on screen, if any: a sync that brings its records updates it.
    open_event: StoredValue<Option<EventCtx>>,
}

struct Inner {
    db: Db,
    clock: RefCell<Hlc>,
    /// Writes run one at a time, each computed from the state the previous
    /// one left: two quick taps at the gate must count two. In an `Arc` for
    /// its owned guard, which a tap's handler takes and hands to the task
    /// that commits (see [`Session::spawn_change`]).
    writes: Arc<Mutex<()>>,
}

/// The event a page works on, provided by the event layout.
#[derive(Clone, Copy)]
pub struct EventCtx {
    /// Which event.
    pub id: EventId,
    /// Its state, `None` while loading.
    pub state: RwSignal<Option<EventState>>,
}

impl EventCtx {
    /// Reads the event's state, tracked; `None` while it loads.
    ///
    /// Views derive what they show through this rather than through many
    /// small memos: recomputing a figure is cheap, and every distinct memo
    /// type adds code to the app.
    pub fn with<R>(&self, f: impl FnOnce(&EventState) -> R) -> Option<R> {
        self.state.with(|s| s.as_ref().map(f))
    }

    /// Reads the event's state without tracking (in event handlers).
    pub fn with_untracked_state<R>(&self, f: impl FnOnce(&EventState) -> R) -> Option<R> {
        self.state.with_untracked(|s| s.as_ref().map(f))
    }
}

/// Milliseconds since the Unix epoch, from the phone's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The phone's offset from UTC, in minutes (420 in Việt Nam).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// HH:MM on this phone's clock, for a Unix time in ms.
pub fn clock_time(unix_ms: u64) -> String {
    domain::text::format_hhmm(domain::text::local_minutes(unix_ms, utc_offset_minutes()))
}

impl Session {
    /// Opens storage and the clock.
    pub async fn open() -> Result<Session, AppError> {
        let db = Db::open().await?;
        let clock = db.clock().await?;
        Ok(Session {
            inner: SendWrapper::new(Rc::new(Inner {
                db,
                clock: RefCell::new(clock),
                writes: Arc::new(Mutex::new(())),
            })),
            notice: RwSignal::new(None),
            sync: SyncSignals::new(),
            open_event: StoredValue::new(None),
        })
    }

    /// At start, before anything else writes: commits what the journal
    /// still holds, then, in the background, forgets the gate taps counted
    /// over a day ago (see [`Db::tap`]) — only if no entry is left, since
    /// an entry's replay needs its tap's mark.
    pub async fn recover(&self) {
        const DAY_MS: u64 = 24 * 60 * 60 * 1000;
        if !journal::keys().is_empty() {
            if let Err(e) = split::replay_journal(self.clone()).await {
                leptos::logging::warn!("journal: not replayed: {e}");
            }
        }
        if journal::keys().is_empty() {
            let session = self.clone();
            leptos::task::spawn_local(async move {
                let before = now_ms().saturating_sub(DAY_MS);
                if let Err(e) = session.db().forget_taps(before).await {
                    leptos::logging::warn!("forgetting old taps: {e}");
                }
            });
        }
    }

    /// This phone's device id.
    pub fn device(&self) -> DeviceId {
        self.inner.clock.borrow().device
    }

    /// The database, for reads.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// Shows an error to the officer.
    pub fn report(&self, error: &AppError) {
        leptos::logging::warn!("{error}");
        self.notice.set(Some(error.message_vi()));
    }

    /// Marks `event` as the one on screen (or none).
    pub fn set_open_event(&self, event: Option<EventCtx>) {
        self.open_event.set_value(event);
    }

    /// Runs `work` while no local change can be written: what it reads of
    /// storage is consistent with the screen.
    pub async fn exclusive<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let _turn = self.inner.writes.lock().await;
        work.await
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
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        for stamp in records.iter().filter_map(Record::max_stamp) {
            clock.observe(&stamp);
        }
        let stored = inner
            .db
            .apply_remote(event, &records, settled, link, &clock)
            .await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == event) {
            apply_to_screen(open, stored);
        }
        Ok(())
    }

    /// A tap at the gate by this phone: `delta` people (−1 to correct).
    /// Added to the stored count in one transaction (see [`Db::tap`]).
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
            let result = session.commit_tap(&tap).await;
            // Committed, or refused and reported: nothing for a replay.
            journal::remove(tap.id);
            match result {
                Ok(stored) => {
                    apply_to_screen(event, vec![stored]);
                    sync::changed(&session);
                }
                Err(e) => session.report(&e),
            }
        });
    }

    /// Adds a journaled tap to the stored count, in its turn.
    async fn commit_tap(&self, tap: &Tap) -> Result<Record, AppError> {
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        clock.tick(now_ms());
        let stored = inner
            .db
            .tap(tap.event, clock.device, tap.delta, tap.id, &clock)
            .await?;
        *inner.clock.borrow_mut() = clock;
        Ok(stored)
    }

    /// Commits what the journal still holds: the taps a closing app may
    /// have cut off before their commit (see [`journal`]). Runs at start,
    /// before anything else writes. Each entry is removed once committed; an
    /// unreadable or refused one is dropped (logged), and one that storage
    /// cannot take now stays for the next start — none stops the app from
    /// opening.
    pub async fn replay_journal(&self) {
        for key in journal::keys() {
            let result = match journal::read(&key) {
                // Another tab of the app replayed it meanwhile.
                None => continue,
                Some(None) => {
                    leptos::logging::warn!("journal: {key} unreadable, dropped");
                    Ok(())
                }
                Some(Some(Entry::Tap(tap))) => self.commit_tap(&tap).await.map(drop),
                Some(Some(Entry::Change(change))) => self.replay_change(change).await,
            };
            if let Err(e) = &result {
                leptos::logging::warn!("journal: {key} not replayed: {e}");
            }
            // Storage failing now may work next time; anything else never will.
            if !matches!(
                result,
                Err(AppError::StorageFull | AppError::StorageFailed(_))
            ) {
                journal::remove_key(&key);
            }
        }
    }

    /// Commits a journaled change again. Its records may well be stored
    /// already: merging them again changes nothing. The clock moves past
    /// their stamps and the clock that made them (the page that did may have
    /// died before saving it), then ticks, so this commit's outbox mark is
    /// its own.
    async fn replay_change(&self, change: Change) -> Result<(), AppError> {
        let turn = self.inner.writes.clone().lock_owned().await;
        let mut clock = self.inner.clock.borrow().clone();
        let made_by = Stamp {
            wall: change.clock.wall,
            counter: change.clock.counter,
            device: change.clock.device,
        };
        for stamp in change.records.iter().filter_map(Record::max_stamp) {
            clock.observe(&stamp);
        }
        clock.observe(&made_by);
        clock.tick(now_ms());
        self.write(turn, Change { clock, ..change }).await.map(drop)
    }

    /// Merges a bundle from a file, as a local change (so it is pushed too).
    pub async fn import(&self, bundle: Bundle) -> Result<(), AppError> {
        bundle.check_stamps(now_ms())?;
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        for stamp in bundle.records.iter().filter_map(Record::max_stamp) {
            clock.observe(&stamp);
        }
        clock.tick(now_ms());
        let stored = inner
            .db
            .commit(bundle.event, &bundle.records, &clock)
            .await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == bundle.event) {
            apply_to_screen(open, stored);
        }
        sync::changed(self);
        Ok(())
    }

    /// Creates an event with the standard program; returns its id once saved.
    /// Its claim is kept first: an event whose claim was lost could never
    /// be shared.
    pub async fn create_event(&self, new: NewEvent) -> Result<EventId, AppError> {
        let (id, claim) = EventId::new_claimed();
        self.db().save_claim(id, &claim).await?;
        self.commit(
            id,
            Box::new(move |stamp, _| EventState::create(id, new, stamp)),
        )
        .await?;
        Ok(id)
    }

    /// Runs a command on the open event: computes its records from the
    /// latest state, commits them, and only then applies them to the screen.
    /// Any failure is reported.
    pub fn run(&self, event: EventCtx, command: Command) {
        self.spawn_change(event, command, Box::new(|_| ()));
    }

    /// [`Session::run`] for the common case of a command changing one record.
    pub fn run_one(
        &self,
        event: EventCtx,
        command: impl FnOnce(&EventState, Stamp, u64) -> Result<Record, DomainError> + 'static,
    ) {
        self.run(
            event,
            Box::new(move |s, stamp, now| Ok(vec![command(s, stamp, now)?])),
        );
    }

    /// Like [`Session::run`], then `after(saved)`: whether the change was
    /// committed (e.g. to close the form it came from, or to give a refused
    /// form its text back).
    pub fn run_then(&self, event: EventCtx, command: Command, after: impl FnOnce(bool) + 'static) {
        self.spawn_change(event, command, Box::new(after));
    }

    /// The one body of [`Session::run`] and [`Session::run_then`]; `after`
    /// is boxed so that it is compiled once, not once per caller.
    ///
    /// Called from the tap's own event handler. If no write is in flight,
    /// the change is computed and journaled right here, synchronously, and
    /// then committed holding the same turn: the tap survives the app
    /// closing from this moment on. If an earlier write is still in flight,
    /// the change waits its turn as a closure, which cannot be journaled, so
    /// until then a close loses it (a second tap within the few milliseconds
    /// a write takes).
    fn spawn_change(&self, event: EventCtx, command: Command, after: Box<dyn FnOnce(bool)>) {
        let command = on_state(event, command);
        let turn = match self.inner.writes.try_lock_owned() {
            Some(turn) => Ok((turn, self.compute(event.id, command))),
            None => Err(command),
        };
        let session = self.clone();
        leptos::task::spawn_local(async move {
            let result = match turn {
                Ok((turn, change)) => match change {
                    Ok(change) => session.write_journaled(turn, change).await,
                    Err(e) => Err(e),
                },
                Err(command) => session.commit(event.id, command).await,
            };
            let saved = match result {
                Ok(stored) => {
                    apply_to_screen(event, stored);
                    sync::changed(&session);
                    true
                }
                Err(e) => {
                    session.report(&e);
                    false
                }
            };
            after(saved);
        });
    }

    /// Waits its turn, then computes and commits a change.
    async fn commit(&self, event: EventId, command: Compute<'_>) -> Result<Vec<Record>, AppError> {
        let turn = self.inner.writes.clone().lock_owned().await;
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
    async fn write_journaled(
        &self,
        turn: OwnedMutexGuard<()>,
        change: Change,
    ) -> Result<Vec<Record>, AppError> {
        let id = change.id;
        let result = self.write(turn, change).await;
        journal::remove(id);
        result
    }

    /// Commits a computed change in its turn.
    async fn write(
        &self,
        _turn: OwnedMutexGuard<()>,
        change: Change,
    ) -> Result<Vec<Record>, AppError> {
        let inner = &self.inner;
        let stored = inner
            .db
            .commit(change.event, &change.records, &change.clock)
            .await?;
        // Only a committed write advances the clock in memory.
        *inner.clock.borrow_mut() = change.clock;
        Ok(stored)
    }
}

impl Session {
    /// Brings this phone's clock back from a wrong future (its date was
    /// wrong and has been fixed) and restamps, as new changes, every stored
    /// change of `event` stamped after `limit`: the server refused them and
    /// would refuse them for good. Nothing is lost; what the officer did
    /// then goes out now.
    pub async fn rebase(&self, event: EventId, limit: u64) -> Result<(), AppError> {
        let inner = &self.inner;
        let _turn = inner.writes.lock().await;
        let mut clock = inner.clock.borrow().clone();
        clock.rebase(limit);
        let state = inner.db.load_event(event).await?;
        let now = now_ms();
        let restamped: Vec<Record> = state
            .records()
            .filter_map(|mut r| r.restamp_ahead(limit, || clock.tick(now)).then_some(r))
            .collect();
        inner.db.replace(event, &restamped, &clock).await?;
        *inner.clock.borrow_mut() = clock;
        if let Some(open) = self.open_event.get_value().filter(|e| e.id == event) {
            // Merging lower stamps would keep the old values: reload instead.
            if let Ok(state) = inner.db.load_event(event).await {
                open.state.set(Some(state));
            }
        }
        Ok(())
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
            stored
                .into_iter()
                .filter(|r| s.record(&r.key()).as_ref() != Some(r))
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

/// The session, from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The open event, from context.
pub fn use_event() -> EventCtx {
    expect_context::<EventCtx>()
}
